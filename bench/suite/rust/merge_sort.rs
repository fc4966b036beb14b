//! Parallel merge sort of n pseudo-random integers: rayon's `par_sort` (a stable parallel
//! merge sort). The checksum is a polynomial hash of the sorted list.

use rayon::prelude::*;
use std::env;

fn main() {
    let n: usize = env::args()
        .nth(1)
        .map_or(10_000_000, |s| s.parse().expect("n is an integer"));
    let mut state: u64 = 42;
    let mut xs: Vec<i64> = (0..n)
        .map(|_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 11) & ((1 << 53) - 1)) as i64
        })
        .collect();
    xs.par_sort();
    let hash = xs
        .iter()
        .fold(0_i64, |h, &x| h.wrapping_mul(31).wrapping_add(x));
    println!(
        "{n} sorted: first {}, middle {}, last {}, hash {hash}",
        xs[0],
        xs[n / 2],
        xs[n - 1]
    );
}
