//! A channel pipeline: a producer sends 0..n into a bounded channel, four workers take items
//! from it, hash each one and send the result on, and a collector folds the results into an
//! order-independent checksum (sum and xor). Threads from `std::thread::scope`, channels from
//! crossbeam.

use crossbeam_channel::bounded;
use std::env;
use std::thread;

const WORKERS: usize = 4;
const CAPACITY: usize = 1024;
const ROUNDS: u32 = 100;

fn work(x: u64) -> u64 {
    let mut h = x;
    for _ in 0..ROUNDS {
        h = h
            .wrapping_mul(0x5851_F42D_4C95_7F2D)
            .wrapping_add(0x1405_7B7E_F767_814F);
        h ^= (h >> 29) & 0x7_FFFF_FFFF;
    }
    h
}

fn main() {
    let n: u64 = env::args()
        .nth(1)
        .map_or(1_000_000, |s| s.parse().expect("n is an integer"));
    let (items_tx, items_rx) = bounded(CAPACITY);
    let (results_tx, results_rx) = bounded(CAPACITY);
    let (sum, xor, count) = thread::scope(|s| {
        s.spawn(move || {
            for i in 0..n {
                items_tx.send(i).expect("workers are running");
            }
        });
        for _ in 0..WORKERS {
            let (items, results) = (items_rx.clone(), results_tx.clone());
            s.spawn(move || {
                for x in items {
                    results.send(work(x)).expect("the collector is running");
                }
            });
        }
        // The workers hold the only other ends: the channels close when they finish.
        drop((items_rx, results_tx));
        results_rx
            .iter()
            .fold((0_u64, 0_u64, 0_u64), |(sum, xor, count), h| {
                (sum.wrapping_add(h), xor ^ h, count + 1)
            })
    });
    println!("{count} items: sum {} xor {}", sum as i64, xor as i64);
}
