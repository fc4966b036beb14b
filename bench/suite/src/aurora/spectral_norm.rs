aurora_std::include_aurora!("spectral_norm");
