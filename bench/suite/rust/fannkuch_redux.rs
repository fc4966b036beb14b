//! Fannkuch-redux: for every permutation of 0..n, count the prefix reversals ("flips") until
//! 0 comes first; report the maximum and a checksum (flips added for even permutation indices,
//! subtracted for odd ones). The n! permutations are cut into blocks of consecutive indices;
//! each block starts from the permutation its first index names and walks on from there, and
//! the blocks run in parallel.

use rayon::prelude::*;
use std::env;

/// Blocks for n >= 6 (720 divides n!); one block below that.
const BLOCKS: usize = 720;

fn flips(perm: &[usize], scratch: &mut [usize]) -> i64 {
    if perm[0] == 0 {
        return 0;
    }
    scratch.copy_from_slice(perm);
    let mut flips = 0;
    while scratch[0] != 0 {
        let k = scratch[0];
        scratch[..=k].reverse();
        flips += 1;
    }
    flips
}

/// (checksum, maximum flips) over the permutations with indices lo..hi.
fn block(n: usize, fact: &[usize], lo: usize, hi: usize) -> (i64, i64) {
    let mut perm: Vec<usize> = (0..n).collect();
    let mut count = vec![0; n];
    let mut scratch = vec![0; n];
    // The permutation with index lo: count[i] rotations of the prefix 0..=i, largest first.
    let mut rest = lo;
    for i in (1..n).rev() {
        count[i] = rest / fact[i];
        rest %= fact[i];
        perm[..=i].rotate_left(count[i]);
    }
    let (mut checksum, mut max_flips) = (0, 0);
    for index in lo..hi {
        let f = flips(&perm, &mut scratch);
        checksum += if index % 2 == 0 { f } else { -f };
        max_flips = max_flips.max(f);
        if index + 1 < hi {
            // The next permutation: rotate the prefix 0..=1, carrying into longer prefixes.
            let mut i = 1;
            loop {
                perm[..=i].rotate_left(1);
                count[i] += 1;
                if count[i] <= i {
                    break;
                }
                count[i] = 0;
                i += 1;
            }
        }
    }
    (checksum, max_flips)
}

fn main() {
    let n: usize = env::args()
        .nth(1)
        .map_or(10, |s| s.parse().expect("n is an integer"));
    let fact: Vec<usize> = (0..=n)
        .scan(1, |f, i| {
            *f *= i.max(1);
            Some(*f)
        })
        .collect();
    let blocks = if n >= 6 { BLOCKS } else { 1 };
    let size = fact[n] / blocks;
    let (checksum, max_flips) = (0..blocks)
        .into_par_iter()
        .map(|b| block(n, &fact, b * size, (b + 1) * size))
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1.max(b.1)));
    println!("{checksum}\nPfannkuchen({n}) = {max_flips}");
}
