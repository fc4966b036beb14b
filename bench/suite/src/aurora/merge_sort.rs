aurora_std::include_aurora!("merge_sort");
