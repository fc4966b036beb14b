aurora_std::include_aurora!("mandelbrot");
