aurora_std::include_aurora!("nbody");
