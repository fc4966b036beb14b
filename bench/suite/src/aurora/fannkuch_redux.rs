aurora_std::include_aurora!("fannkuch_redux");
