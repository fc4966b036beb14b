aurora_std::include_aurora!("fib");
