//! Spectral norm of the infinite matrix A(i, j) = 1 / ((i + j)(i + j + 1) / 2 + i + 1),
//! truncated to n x n, by 10 rounds of the power method. Each matrix-vector product computes
//! its output elements in parallel; each element is a sequential sum (so the result does not
//! depend on the thread count).

use rayon::prelude::*;
use std::env;

fn a(i: usize, j: usize) -> f64 {
    1.0 / ((i + j) * (i + j + 1) / 2 + i + 1) as f64
}

/// out = A v
fn mul_av(v: &[f64], out: &mut [f64]) {
    out.par_iter_mut().enumerate().for_each(|(i, o)| {
        *o = v.iter().enumerate().map(|(j, &vj)| a(i, j) * vj).sum();
    });
}

/// out = A^T v
fn mul_atv(v: &[f64], out: &mut [f64]) {
    out.par_iter_mut().enumerate().for_each(|(i, o)| {
        *o = v.iter().enumerate().map(|(j, &vj)| a(j, i) * vj).sum();
    });
}

/// out = A^T A v
fn mul_atav(v: &[f64], out: &mut [f64], tmp: &mut [f64]) {
    mul_av(v, tmp);
    mul_atv(tmp, out);
}

fn main() {
    let n: usize = env::args()
        .nth(1)
        .map_or(2000, |s| s.parse().expect("n is an integer"));
    let mut u = vec![1.0; n];
    let mut v = vec![0.0; n];
    let mut tmp = vec![0.0; n];
    for _ in 0..10 {
        mul_atav(&u, &mut v, &mut tmp);
        mul_atav(&v, &mut u, &mut tmp);
    }
    let vbv: f64 = u.iter().zip(&v).map(|(ui, vi)| ui * vi).sum();
    let vv: f64 = v.iter().map(|vi| vi * vi).sum();
    println!("spectral norm ({n}) = {:.9}", (vbv / vv).sqrt());
}
