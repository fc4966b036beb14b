//! Mandelbrot set: count the points of an n x n grid over [-1.5, 0.5] x [-1, 1] that stay
//! bounded for 50 iterations. Rows are independent: a parallel map over rows, summed.

use rayon::prelude::*;
use std::env;

const ITERATIONS: u32 = 50;

fn row_count(y: usize, n: usize) -> i64 {
    let ci = 2.0 * y as f64 / n as f64 - 1.0;
    let mut count = 0;
    for x in 0..n {
        let cr = 2.0 * x as f64 / n as f64 - 1.5;
        let (mut zr, mut zi) = (0.0_f64, 0.0_f64);
        let mut inside = true;
        for _ in 0..ITERATIONS {
            let (tr, ti) = (zr * zr, zi * zi);
            if tr + ti > 4.0 {
                inside = false;
                break;
            }
            zi = 2.0 * zr * zi + ci;
            zr = tr - ti + cr;
        }
        count += i64::from(inside);
    }
    count
}

fn main() {
    let n: usize = env::args()
        .nth(1)
        .map_or(4000, |s| s.parse().expect("n is an integer"));
    let inside: i64 = (0..n).into_par_iter().map(|y| row_count(y, n)).sum();
    println!("{n}x{n}: {inside} points inside");
}
