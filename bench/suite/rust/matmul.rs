//! Matrix multiply: C = A B for n x n matrices of small integers held as floats (so every sum
//! is exact and the checksum cannot depend on the order of additions). Rows of C are computed
//! in parallel, each in i-k-j order over row slices.

use rayon::prelude::*;
use std::env;

fn main() {
    let n: usize = env::args()
        .nth(1)
        .map_or(1000, |s| s.parse().expect("n is an integer"));
    let a: Vec<f64> = (0..n * n)
        .map(|k| ((k / n * 3 + k % n * 7) % 17) as f64)
        .collect();
    let b: Vec<f64> = (0..n * n)
        .map(|k| ((k / n * 5 + k % n * 11) % 13) as f64)
        .collect();
    let mut c = vec![0.0; n * n];
    c.par_chunks_mut(n).enumerate().for_each(|(i, row)| {
        for (k, &aik) in a[i * n..(i + 1) * n].iter().enumerate() {
            for (cij, &bkj) in row.iter_mut().zip(&b[k * n..(k + 1) * n]) {
                *cij += aik * bkj;
            }
        }
    });
    let sum: f64 = c.iter().sum();
    println!("{n}x{n}: sum {sum:.0}, c[n-1][n-1] = {:.0}", c[n * n - 1]);
}
