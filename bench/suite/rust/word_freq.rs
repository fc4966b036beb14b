//! Word frequencies, map-reduce style, over a generated text: the lines are generated in
//! parallel (line i from its own seed, so the text does not depend on the thread count), then
//! each worker counts the words of its lines into its own map and the maps are merged.

use rayon::prelude::*;
use std::collections::HashMap;
use std::env;

const SYLLABLES: [&str; 16] = [
    "ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "be", "da", "fe", "gu", "hi", "jo", "pu", "ze",
];
const WORDS_PER_LINE: usize = 12;

/// Line i: twelve words of one to three syllables, drawn from a 64-bit LCG seeded by i.
fn make_line(i: u64) -> String {
    let mut state = i
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut draw = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) & 0x7fff_ffff) as usize
    };
    let mut line = String::new();
    for w in 0..WORDS_PER_LINE {
        if w > 0 {
            line.push(' ');
        }
        for _ in 0..1 + draw() % 3 {
            line.push_str(SYLLABLES[draw() % 16]);
        }
    }
    line
}

fn main() {
    let lines: u64 = env::args()
        .nth(1)
        .map_or(1_000_000, |s| s.parse().expect("lines is an integer"));
    let text: Vec<String> = (0..lines).into_par_iter().map(make_line).collect();
    let counts: HashMap<&str, i64> = text
        .par_iter()
        .fold(HashMap::new, |mut counts, line| {
            for word in line.split_whitespace() {
                *counts.entry(word).or_insert(0) += 1;
            }
            counts
        })
        .reduce(HashMap::new, |mut all, part| {
            for (word, n) in part {
                *all.entry(word).or_insert(0) += n;
            }
            all
        });
    let total: i64 = counts.values().sum();
    let sum_sq = counts
        .values()
        .fold(0_i64, |s, &c| s.wrapping_add(c.wrapping_mul(c)));
    let (top, top_count) = counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(w, c)| (*w, *c))
        .expect("the text has words");
    println!(
        "{} distinct of {total} words, top {top} x {top_count}, sum of squares {sum_sq}",
        counts.len()
    );
}
