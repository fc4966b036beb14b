//! Structured-concurrency runtime benchmarks (divan): the cost of aurora-std's scopes and tasks
//! against the same programs written by hand with `std::thread::scope`, in the same run, and
//! the wake-up latency of a task blocked in `sleep` / `join` when it is cancelled.
//!
//! `cargo bench -p aurora-std --bench scope`; results in docs/benchmarks.md.

use aurora_std::{scope, sleep, OrUnwind, Token};
use divan::{black_box, Bencher};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Condvar, Mutex};
use std::thread;
use std::time::Duration;

fn main() {
    divan::main();
}

const TASKS: &[usize] = &[1, 8, 64];

/// `scope { for i in 0..n { spawn i } }`, joining every handle.
mod spawn_join {
    use super::*;

    #[divan::bench(args = TASKS, sample_count = 200)]
    fn aurora(n: usize) -> usize {
        scope(|s| {
            let tasks: Vec<_> = (0..n).map(|i| s.spawn(move |_| black_box(i))).collect();
            tasks.into_iter().map(|t| t.join().or_unwind()).sum()
        })
    }

    #[divan::bench(args = TASKS, sample_count = 200)]
    fn std_by_hand(n: usize) -> usize {
        thread::scope(|s| {
            let tasks: Vec<_> = (0..n).map(|i| s.spawn(move || black_box(i))).collect();
            tasks.into_iter().map(|t| t.join().unwrap()).sum()
        })
    }
}

/// A scope with no task: the runtime's fixed cost per scope, without thread-spawn noise.
mod empty_scope {
    use super::*;

    #[divan::bench]
    fn aurora() -> usize {
        scope(|_| black_box(1))
    }

    #[divan::bench]
    fn std_by_hand() -> usize {
        thread::scope(|_| black_box(1))
    }
}

/// A binary fork-join tree: every node opens a scope, spawns its left half and computes its
/// right half itself (depth d: 2^d - 1 scopes and spawns).
mod fork_join_tree {
    use super::*;

    fn tree_aurora(depth: u32) -> u64 {
        if depth == 0 {
            return black_box(1);
        }
        scope(|s| {
            let left = s.spawn(|_| tree_aurora(depth - 1));
            let right = tree_aurora(depth - 1);
            left.join().or_unwind() + right
        })
    }

    fn tree_std(depth: u32) -> u64 {
        if depth == 0 {
            return black_box(1);
        }
        thread::scope(|s| {
            let left = s.spawn(|| tree_std(depth - 1));
            let right = tree_std(depth - 1);
            left.join().unwrap() + right
        })
    }

    #[divan::bench(args = [6, 10], sample_count = 60)]
    fn aurora(depth: u32) -> u64 {
        tree_aurora(depth)
    }

    #[divan::bench(args = [6, 10], sample_count = 60)]
    fn std_by_hand(depth: u32) -> u64 {
        tree_std(depth)
    }
}

/// Time from `cancel()` to the blocked waiter running again. A worker thread blocks; the
/// untimed setup waits until it is parked; the timed part cancels and spins until the worker
/// reports that it woke. One iteration per sample.
mod cancel_wakeup {
    use super::*;

    #[derive(Default)]
    struct Rig {
        request: AtomicBool,
        stop: AtomicBool,
        armed: Mutex<Option<Token>>,
        woke: AtomicBool,
        task_started: AtomicBool,
    }

    enum Block {
        Sleep,
        Join,
    }

    fn worker(rig: &Rig, how: Block) {
        loop {
            while !rig.request.swap(false, Ordering::SeqCst) {
                if rig.stop.load(Ordering::SeqCst) {
                    return;
                }
                thread::park();
            }
            scope(|s| {
                // Publish the token only right before blocking, so the untimed settle time
                // covers nothing but reaching the park.
                let arm = || *rig.armed.lock().unwrap() = Some(s.token().clone());
                match how {
                    Block::Sleep => {
                        arm();
                        let _ = sleep(Duration::from_secs(60));
                    }
                    Block::Join => {
                        // The joined task blocks where a cancel does not reach it, so only the
                        // joiner wakes (on 2 cores a second woken thread would compete for
                        // the one core the timing loop leaves free).
                        let (release, blocked) = mpsc::channel::<()>();
                        rig.task_started.store(false, Ordering::SeqCst);
                        let t = s.spawn(move |_| {
                            rig.task_started.store(true, Ordering::SeqCst);
                            blocked.recv()
                        });
                        while !rig.task_started.load(Ordering::SeqCst) {
                            thread::yield_now();
                        }
                        arm();
                        let _ = t.join();
                        rig.woke.store(true, Ordering::SeqCst);
                        let _ = release.send(());
                        return;
                    }
                }
                rig.woke.store(true, Ordering::SeqCst);
            });
        }
    }

    fn run(bencher: Bencher, how: Block) {
        let rig = Rig::default();
        thread::scope(|outer| {
            let w = outer.spawn(|| worker(&rig, how));
            bencher
                .with_inputs(|| {
                    rig.woke.store(false, Ordering::SeqCst);
                    rig.request.store(true, Ordering::SeqCst);
                    w.thread().unpark();
                    let token = loop {
                        if let Some(t) = rig.armed.lock().unwrap().take() {
                            break t;
                        }
                        thread::yield_now();
                    };
                    // Let the worker reach its park (untimed).
                    thread::sleep(Duration::from_micros(500));
                    token
                })
                .bench_local_values(|token: Token| {
                    token.cancel();
                    while !rig.woke.load(Ordering::SeqCst) {
                        std::hint::spin_loop();
                    }
                });
            rig.stop.store(true, Ordering::SeqCst);
            w.thread().unpark();
        });
    }

    #[divan::bench(sample_count = 300, sample_size = 1)]
    fn sleep_cancelled(bencher: Bencher) {
        run(bencher, Block::Sleep);
    }

    #[divan::bench(sample_count = 300, sample_size = 1)]
    fn join_cancelled(bencher: Bencher) {
        run(bencher, Block::Join);
    }

    /// A body blocked in `sleep` under a 200 µs timeout: the time beyond 200 µs is how late the
    /// deadline is seen (timer slack and scheduling), plus one scope's cost.
    #[divan::bench(sample_count = 300, sample_size = 1)]
    fn deadline_200us() -> Result<(), aurora_std::Cancelled> {
        aurora_std::scope_with_timeout(Duration::from_micros(200), |_| {
            sleep(Duration::from_secs(60)).or_unwind()
        })
    }

    /// The floor: a thread blocked on a `Condvar`, woken by `notify_one`, measured the same way.
    #[divan::bench(sample_count = 300, sample_size = 1)]
    fn condvar_by_hand(bencher: Bencher) {
        let pair = (Mutex::new((false, false)), Condvar::new()); // (armed, cancelled)
        let woke = AtomicBool::new(false);
        let stop = AtomicBool::new(false);
        thread::scope(|outer| {
            outer.spawn(|| loop {
                let (lock, cv) = &pair;
                let mut g = lock.lock().unwrap();
                g.0 = true;
                g = cv
                    .wait_while(g, |g| !g.1 && !stop.load(Ordering::SeqCst))
                    .unwrap();
                if stop.load(Ordering::SeqCst) {
                    return;
                }
                g.1 = false;
                drop(g);
                woke.store(true, Ordering::SeqCst);
            });
            bencher
                .with_inputs(|| {
                    woke.store(false, Ordering::SeqCst);
                    loop {
                        let mut g = pair.0.lock().unwrap();
                        if g.0 {
                            g.0 = false;
                            break;
                        }
                        drop(g);
                        thread::yield_now();
                    }
                    thread::sleep(Duration::from_micros(500));
                })
                .bench_local_values(|()| {
                    pair.0.lock().unwrap().1 = true;
                    pair.1.notify_one();
                    while !woke.load(Ordering::SeqCst) {
                        std::hint::spin_loop();
                    }
                });
            stop.store(true, Ordering::SeqCst);
            let _g = pair.0.lock().unwrap();
            pair.1.notify_all();
        });
    }
}
