//! Channel benchmarks (divan): the channels Aurora programs use (`aurora_std::channel`, with the
//! calls the generated code makes: `tx.deliver(x)`, `for v in &rx`, tasks of an
//! `aurora_std::scope`, so every wait is the cancellation-aware one) against the same programs
//! written by hand with crossbeam-channel and `std::thread::scope`, in the same run.
//!
//! - `spsc/*`: one producer sends 20,000 integers, one consumer sums them;
//! - `mpmc/*`: 4 producers and 4 consumers share one channel, 20,000 integers in all;
//! - `ping_pong/*`: two tasks bounce a counter over two rendezvous channels, 10,000 round trips.
//!
//! `cargo bench -p aurora-std --bench channels`; `bench/channels/run.sh` runs it beside the Go
//! version (`bench/channels/channels.go`). Results in docs/benchmarks.md.

use aurora_std::channel::{bounded, unbounded, Receiver, Sender};
use aurora_std::crossbeam_channel as cb;
use aurora_std::OrUnwind;
use divan::counter::ItemsCount;
use divan::{black_box, Bencher};

fn main() {
    divan::main();
}

const ITEMS: u64 = 20_000;
const ROUND_TRIPS: u64 = 10_000;
const KINDS: &[&str] = &["bounded(0)", "bounded(1)", "bounded(1024)", "unbounded"];

fn aurora_channel(kind: &str) -> (Sender<u64>, Receiver<u64>) {
    match kind {
        "bounded(0)" => bounded(0),
        "bounded(1)" => bounded(1),
        "bounded(1024)" => bounded(1024),
        _ => unbounded(),
    }
}

fn crossbeam_channel(kind: &str) -> (cb::Sender<u64>, cb::Receiver<u64>) {
    match kind {
        "bounded(0)" => cb::bounded(0),
        "bounded(1)" => cb::bounded(1),
        "bounded(1024)" => cb::bounded(1024),
        _ => cb::unbounded(),
    }
}

mod spsc {
    use super::*;

    #[divan::bench(args = KINDS, sample_count = 15)]
    fn aurora(bencher: Bencher, kind: &str) {
        bencher.counter(ItemsCount::new(ITEMS)).bench(|| {
            let (tx, rx) = aurora_channel(kind);
            aurora_std::scope(|s| {
                s.spawn(move |_| {
                    for i in 0..ITEMS {
                        tx.deliver(i);
                    }
                });
                let mut sum = 0u64;
                for v in &rx {
                    sum = sum.wrapping_add(v);
                }
                black_box(sum)
            })
        });
    }

    #[divan::bench(args = KINDS, sample_count = 15)]
    fn crossbeam(bencher: Bencher, kind: &str) {
        bencher.counter(ItemsCount::new(ITEMS)).bench(|| {
            let (tx, rx) = crossbeam_channel(kind);
            std::thread::scope(|s| {
                s.spawn(move || {
                    for i in 0..ITEMS {
                        tx.send(i).unwrap();
                    }
                });
                let mut sum = 0u64;
                for v in &rx {
                    sum = sum.wrapping_add(v);
                }
                black_box(sum)
            })
        });
    }
}

mod mpmc {
    use super::*;

    const SIDE: u64 = 4;

    #[divan::bench(args = KINDS, sample_count = 15)]
    fn aurora(bencher: Bencher, kind: &str) {
        bencher.counter(ItemsCount::new(ITEMS)).bench(|| {
            let (tx, rx) = aurora_channel(kind);
            aurora_std::scope(|s| {
                for p in 0..SIDE {
                    let tx = tx.clone();
                    s.spawn(move |_| {
                        for i in (p..ITEMS).step_by(SIDE as usize) {
                            tx.deliver(i);
                        }
                    });
                }
                drop(tx);
                let consumers: Vec<_> = (0..SIDE)
                    .map(|_| {
                        let rx = rx.clone();
                        s.spawn(move |_| rx.iter().fold(0u64, u64::wrapping_add))
                    })
                    .collect();
                let sum = consumers
                    .into_iter()
                    .map(|c| c.join().or_unwind())
                    .fold(0u64, u64::wrapping_add);
                black_box(sum)
            })
        });
    }

    #[divan::bench(args = KINDS, sample_count = 15)]
    fn crossbeam(bencher: Bencher, kind: &str) {
        bencher.counter(ItemsCount::new(ITEMS)).bench(|| {
            let (tx, rx) = crossbeam_channel(kind);
            std::thread::scope(|s| {
                for p in 0..SIDE {
                    let tx = tx.clone();
                    s.spawn(move || {
                        for i in (p..ITEMS).step_by(SIDE as usize) {
                            tx.send(i).unwrap();
                        }
                    });
                }
                drop(tx);
                let consumers: Vec<_> = (0..SIDE)
                    .map(|_| {
                        let rx = rx.clone();
                        s.spawn(move || rx.iter().fold(0u64, u64::wrapping_add))
                    })
                    .collect();
                let sum = consumers
                    .into_iter()
                    .map(|c| c.join().unwrap())
                    .fold(0u64, u64::wrapping_add);
                black_box(sum)
            })
        });
    }
}

mod ping_pong {
    use super::*;

    #[divan::bench(sample_count = 15)]
    fn aurora(bencher: Bencher) {
        bencher.counter(ItemsCount::new(ROUND_TRIPS)).bench(|| {
            let (ping_tx, ping_rx) = bounded::<u64>(0);
            let (pong_tx, pong_rx) = bounded::<u64>(0);
            aurora_std::scope(|s| {
                s.spawn(move |_| {
                    for v in &ping_rx {
                        pong_tx.deliver(v + 1);
                    }
                });
                let mut v = 0;
                for _ in 0..ROUND_TRIPS {
                    ping_tx.deliver(v);
                    v = pong_rx.recv().or_unwind().unwrap_or(0);
                }
                drop(ping_tx);
                black_box(v)
            })
        });
    }

    #[divan::bench(sample_count = 15)]
    fn crossbeam(bencher: Bencher) {
        bencher.counter(ItemsCount::new(ROUND_TRIPS)).bench(|| {
            let (ping_tx, ping_rx) = cb::bounded::<u64>(0);
            let (pong_tx, pong_rx) = cb::bounded::<u64>(0);
            std::thread::scope(|s| {
                s.spawn(move || {
                    for v in &ping_rx {
                        pong_tx.send(v + 1).unwrap();
                    }
                });
                let mut v = 0;
                for _ in 0..ROUND_TRIPS {
                    ping_tx.send(v).unwrap();
                    v = pong_rx.recv().unwrap_or(0);
                }
                drop(ping_tx);
                black_box(v)
            })
        });
    }
}
