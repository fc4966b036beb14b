aurora_std::include_aurora!("pipeline");
