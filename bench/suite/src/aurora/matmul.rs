aurora_std::include_aurora!("matmul");
