//! Voluntary context switches of the joining thread per `scope { spawn; join }`, aurora-std vs
//! `std::thread::scope` by hand. A load-insensitive companion to the divan timings (which a
//! shared 2-core machine makes noisy): every extra sleep of the joiner shows up here as a count,
//! whatever the machine is doing. Linux only (`/proc/thread-self/status`).
//!
//! `cargo bench -p aurora-std --bench context_switches`

use aurora_std::{scope, OrUnwind};
use std::hint::black_box;
use std::time::Instant;

fn voluntary_switches() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/thread-self/status").ok()?;
    let line = status
        .lines()
        .find(|l| l.starts_with("voluntary_ctxt_switches"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn measure(name: &str, n: usize, mut f: impl FnMut(usize)) {
    let (Some(c0), t0) = (voluntary_switches(), Instant::now()) else {
        println!("{name}: /proc/thread-self/status unavailable");
        return;
    };
    for i in 0..n {
        f(i);
    }
    let elapsed = t0.elapsed();
    let switches = voluntary_switches().unwrap_or(c0) - c0;
    println!(
        "{name:<28} {:>5.2} switches/iter   {:>9.2?}/iter (mean, wall)",
        switches as f64 / n as f64,
        elapsed / n as u32
    );
}

fn main() {
    const N: usize = 3000;
    for tasks in [1usize, 8] {
        for _ in 0..2 {
            measure(&format!("aurora spawn+join x{tasks}"), N, |i| {
                let v: usize = scope(|s| {
                    let ts: Vec<_> = (0..tasks)
                        .map(|k| s.spawn(move |_| black_box(i + k)))
                        .collect();
                    ts.into_iter().map(|t| t.join().or_unwind()).sum()
                });
                black_box(v);
            });
            measure(&format!("std by hand spawn+join x{tasks}"), N, |i| {
                let v: usize = std::thread::scope(|s| {
                    let ts: Vec<_> = (0..tasks)
                        .map(|k| s.spawn(move || black_box(i + k)))
                        .collect();
                    ts.into_iter().map(|t| t.join().unwrap()).sum()
                });
                black_box(v);
            });
        }
    }
}
