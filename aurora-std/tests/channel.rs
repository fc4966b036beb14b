//! Channels: overflow policies, close semantics, and cancellation of blocking sends, receives
//! and selects; a many-producers/many-consumers stress test, with and without a cancel midway.

use aurora_std::channel::{bounded, unbounded, with_overflow, Overflow, SendError};
use aurora_std::{
    crossbeam_channel, scope, scope_with_deadline, scope_with_timeout, Deadline, OrUnwind, Wake,
};
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// What the tests count as prompt for a wake-up by a cancel or a deadline (measured: well
/// under a millisecond; the margin is for a loaded 2-core machine).
const PROMPT: Duration = Duration::from_millis(500);

#[test]
fn buffered_items_are_received_after_close() {
    let (tx, rx) = bounded(4);
    for i in 0..4 {
        tx.send(i).unwrap();
    }
    drop(tx);
    assert_eq!(rx.iter().collect::<Vec<i32>>(), vec![0, 1, 2, 3]);
    assert_eq!(rx.recv(), Ok(None));
    assert_eq!(rx.try_recv(), None);
}

#[test]
fn a_send_to_a_closed_channel_hands_the_value_back() {
    let (tx, rx) = unbounded::<String>();
    drop(rx);
    match tx.send("kept".to_string()) {
        Err(SendError::Closed(v)) => assert_eq!(v, "kept"),
        other => panic!("expected Closed, got {other:?}"),
    }
    assert_eq!(
        tx.send("again".to_string()).or_unwind(),
        Err("again".to_string())
    );
}

#[test]
fn deliver_to_a_closed_channel_fails_the_task() {
    let (tx, rx) = bounded::<i32>(1);
    drop(rx);
    let err = std::panic::catch_unwind(|| tx.deliver(1)).unwrap_err();
    assert_eq!(
        err.downcast_ref::<&str>(),
        Some(&"send on a closed channel")
    );
}

#[test]
fn drop_newest_keeps_the_queue_and_counts() {
    let (tx, rx) = with_overflow(2, Overflow::DropNewest);
    for i in 0..5 {
        tx.send(i).unwrap();
    }
    assert_eq!(tx.dropped(), 3);
    assert_eq!(tx.clone().dropped(), 3, "clones share the count");
    drop(tx);
    assert_eq!(rx.iter().collect::<Vec<i32>>(), vec![0, 1]);
}

#[test]
fn drop_oldest_keeps_the_newest_and_counts() {
    let (tx, rx) = with_overflow(2, Overflow::DropOldest);
    for i in 0..5 {
        tx.send(i).unwrap();
    }
    assert_eq!(tx.dropped(), 3);
    assert_eq!(rx.try_recv(), Some(3));
    assert_eq!(rx.try_recv(), Some(4));
    assert_eq!(rx.try_recv(), None);
}

#[test]
fn try_send_on_a_full_blocking_channel_hands_the_value_back() {
    let (tx, _rx) = bounded(1);
    tx.try_send(1).unwrap();
    assert_eq!(
        tx.try_send(2),
        Err(crossbeam_channel::TrySendError::Full(2))
    );
}

#[test]
fn recv_timeout_gives_none_when_nothing_arrives() {
    let (_tx, rx) = bounded::<i32>(1);
    let start = Instant::now();
    assert_eq!(rx.recv_timeout(Duration::from_millis(20)), Ok(None));
    assert!(start.elapsed() >= Duration::from_millis(20));
}

#[test]
fn a_cancelled_recv_returns_cancelled_promptly() {
    let (_keep, rx) = bounded::<i32>(0);
    let (report_tx, report_rx) = unbounded();
    let _ = scope_with_deadline(Deadline::never(), |s| {
        s.spawn(|_| {
            let started = Instant::now();
            let r = rx.recv();
            report_tx.send((r.is_err(), started.elapsed())).unwrap();
        });
        std::thread::sleep(Duration::from_millis(20));
        s.cancel();
    });
    let (cancelled, waited) = report_rx.try_recv().expect("the task reported");
    assert!(cancelled, "recv returned Cancelled");
    assert!(
        waited < Duration::from_millis(20) + PROMPT,
        "waited {waited:?}"
    );
}

#[test]
fn a_deadline_wakes_a_blocked_send_and_hands_the_value_back() {
    let (tx, _rx) = bounded::<String>(0);
    let (report_tx, report_rx) = unbounded();
    let start = Instant::now();
    let r = scope_with_timeout(Duration::from_millis(30), |s| {
        s.spawn(|_| match tx.send("item".to_string()) {
            Err(SendError::Cancelled(v, c)) => report_tx.send((v, c.reason())).unwrap(),
            other => panic!("expected Cancelled, got {other:?}"),
        });
    });
    // The task handled its cancel itself, so the body finished: the scope has its value.
    assert!(r.is_ok());
    let waited = start.elapsed();
    assert!(
        waited >= Duration::from_millis(30),
        "woke at the deadline, not before"
    );
    assert!(
        waited < Duration::from_millis(30) + PROMPT,
        "waited {waited:?}"
    );
    let (v, reason) = report_rx.try_recv().unwrap();
    assert_eq!(v, "item");
    assert_eq!(reason, aurora_std::CancelReason::DeadlineExceeded);
}

#[test]
fn a_cancel_wakes_a_select_with_the_wake_arms() {
    let (_keep, rx) = bounded::<i32>(0);
    let (report_tx, report_rx) = unbounded();
    let _ = scope_with_deadline(Deadline::never(), |s| {
        s.spawn(|_| {
            let started = Instant::now();
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let wake = Wake::current();
                crossbeam_channel::select! {
                    recv(rx.crossbeam()) -> v => v.ok(),
                    recv(wake.signal()) -> _ => wake.unwind(),
                    default(wake.timeout()) => wake.unwind(),
                }
            }));
            let cancelled = r
                .err()
                .is_some_and(|p| p.downcast_ref::<aurora_std::Cancelled>().is_some());
            report_tx.send((cancelled, started.elapsed())).unwrap();
        });
        std::thread::sleep(Duration::from_millis(20));
        s.cancel();
    });
    let (cancelled, waited) = report_rx.try_recv().unwrap();
    assert!(cancelled);
    assert!(waited < Duration::from_millis(20) + PROMPT);
}

#[test]
fn a_deadline_ends_a_select_before_its_after_arm() {
    let (_keep, rx) = bounded::<i32>(0);
    let r = scope_with_timeout(Duration::from_millis(20), |_| {
        let wake = Wake::current();
        crossbeam_channel::select! {
            recv(rx.crossbeam()) -> v => v.ok(),
            recv(wake.signal()) -> _ => wake.unwind(),
            default(wake.timeout_or(Duration::from_secs(60))) => {
                wake.after_elapsed();
                None
            }
        }
    });
    assert!(
        r.is_err(),
        "cancelled by the deadline, not the 60 s after arm"
    );
}

#[test]
fn a_selects_after_arm_runs_when_nothing_is_ready() {
    let (_keep, rx) = bounded::<i32>(0);
    let r = scope(|_| {
        let wake = Wake::current();
        crossbeam_channel::select! {
            recv(rx.crossbeam()) -> v => v.ok(),
            recv(wake.signal()) -> _ => wake.unwind(),
            default(wake.timeout_or(Duration::from_millis(10))) => {
                wake.after_elapsed();
                Some(-1)
            }
        }
    });
    assert_eq!(r, Some(-1));
}

const PRODUCERS: usize = 8;
const CONSUMERS: usize = 8;
const ITEMS: usize = 1_000_000;

/// Producer `p` sends the items `i` with `i % PRODUCERS == p`; `seen[i]` counts what happened
/// to item `i`. Returns the number of items received.
fn run_stress(cancel_after: Option<usize>, seen: &[AtomicU8]) -> usize {
    let (tx, rx) = bounded::<usize>(1024);
    let received = AtomicUsize::new(0);
    let _ = scope_with_deadline(Deadline::never(), |s| {
        for p in 0..PRODUCERS {
            let tx = tx.clone();
            s.spawn(move |_| {
                for i in (p..ITEMS).step_by(PRODUCERS) {
                    if let Err(e) = tx.send(i) {
                        // Handed back: counted as not sent, like every item after it.
                        let back = e.into_inner();
                        for j in (back..ITEMS).step_by(PRODUCERS) {
                            seen[j].fetch_add(1, Ordering::Relaxed);
                        }
                        return;
                    }
                }
            });
        }
        for _ in 0..CONSUMERS {
            let rx = rx.clone();
            s.spawn(|s| {
                let rx = rx;
                while let Ok(Some(i)) = rx.recv() {
                    seen[i].fetch_add(1, Ordering::Relaxed);
                    let n = received.fetch_add(1, Ordering::Relaxed) + 1;
                    if Some(n) == cancel_after {
                        s.cancel();
                    }
                }
            });
        }
        drop(tx);
    });
    // What was sent but not received before a cancel is still in the channel.
    while let Some(i) = rx.try_recv() {
        seen[i].fetch_add(1, Ordering::Relaxed);
    }
    received.into_inner()
}

fn fresh() -> Vec<AtomicU8> {
    (0..ITEMS).map(|_| AtomicU8::new(0)).collect()
}

fn assert_each_once(seen: &[AtomicU8]) {
    let bad: Vec<usize> = (0..ITEMS)
        .filter(|&i| seen[i].load(Ordering::Relaxed) != 1)
        .take(5)
        .collect();
    assert!(
        bad.is_empty(),
        "items not accounted for exactly once: {bad:?}"
    );
}

#[test]
fn stress_every_item_is_received_exactly_once() {
    let seen = fresh();
    let received = run_stress(None, &seen);
    assert_eq!(received, ITEMS);
    assert_each_once(&seen);
}

#[test]
fn stress_with_a_cancel_midway_loses_no_item() {
    let seen = fresh();
    let received = run_stress(Some(ITEMS / 2), &seen);
    assert!(
        (ITEMS / 2..ITEMS).contains(&received),
        "received {received}"
    );
    assert_each_once(&seen);
}
