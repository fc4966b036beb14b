aurora_std::include_aurora!("word_freq");
