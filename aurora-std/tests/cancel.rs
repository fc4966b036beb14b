//! Cancellation tokens, deadlines and cancellation points.

use aurora_std::{
    cancelled, check_cancel, scope, scope_with_deadline, scope_with_timeout, sleep, wait_until,
    CancelReason, Cancelled, Deadline, OrUnwind, Token, WaitList,
};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Barrier, Mutex};
use std::time::{Duration, Instant};

const PROMPT: Duration = Duration::from_millis(100);

#[test]
fn cancelling_a_token_reaches_existing_and_later_descendants() {
    let root = Token::new(Deadline::never());
    let child = root.child(Deadline::never());
    let grandchild = child.child(Deadline::never());
    let sibling = root.child(Deadline::never());
    assert!(!grandchild.is_cancelled());
    child.cancel();
    assert!(child.is_cancelled() && grandchild.is_cancelled());
    assert!(!root.is_cancelled() && !sibling.is_cancelled());
    let late = grandchild.child(Deadline::never());
    assert!(
        late.is_cancelled(),
        "a child of a cancelled token starts cancelled"
    );
    assert_eq!(late.check(), Err(Cancelled::new(CancelReason::Requested)));
}

#[test]
fn a_child_token_has_the_earlier_deadline() {
    let soon = Instant::now() + Duration::from_secs(5);
    let parent = Token::new(Deadline::at(soon));
    let child = parent.child(Deadline::after(Duration::from_secs(60)));
    assert_eq!(child.deadline(), Deadline::at(soon));
    let earlier = parent.child(Deadline::at(soon - Duration::from_secs(1)));
    assert_eq!(
        earlier.deadline(),
        Deadline::at(soon - Duration::from_secs(1))
    );
    let past = Token::new(Deadline::at(Instant::now()));
    assert_eq!(
        past.check(),
        Err(Cancelled::new(CancelReason::DeadlineExceeded))
    );
}

#[test]
fn outside_every_scope_nothing_is_cancelled() {
    assert!(!cancelled());
    assert_eq!(check_cancel(), Ok(()));
    assert_eq!(sleep(Duration::from_millis(1)), Ok(()));
}

#[test]
fn cancellation_reaches_a_grandchild_task_spawned_after_the_cancel() {
    let go = Barrier::new(2);
    let seen = AtomicBool::new(false);
    let after_inner = AtomicBool::new(false);
    scope(|s| {
        s.spawn(|_| {
            // Wait (not cancellably) until the body has cancelled the scope.
            go.wait();
            scope(|inner| {
                inner.spawn(|_| {
                    seen.store(cancelled(), Ordering::SeqCst);
                    assert!(sleep(Duration::from_secs(30)).is_err());
                });
            });
            after_inner.store(true, Ordering::SeqCst);
        });
        s.cancel();
        go.wait();
    });
    assert!(seen.load(Ordering::SeqCst), "the grandchild saw the cancel");
    assert!(after_inner.load(Ordering::SeqCst));
}

#[test]
fn a_deadline_cancels_a_slow_task() {
    let reason = Mutex::new(None);
    let t0 = Instant::now();
    let r = scope_with_timeout(Duration::from_millis(50), |s| {
        s.spawn(|_| {
            let e = sleep(Duration::from_secs(30)).unwrap_err();
            *reason.lock().unwrap() = Some(e.reason());
        });
        "body done"
    });
    let took = t0.elapsed();
    // The body finished: the scope gives its value; the slow task was cut short.
    assert_eq!(r, Ok("body done"));
    assert_eq!(
        *reason.lock().unwrap(),
        Some(CancelReason::DeadlineExceeded)
    );
    assert!(
        took >= Duration::from_millis(50) && took < Duration::from_millis(50) + PROMPT,
        "{took:?}"
    );
}

#[test]
fn a_deadline_scope_whose_body_is_cancelled_returns_err() {
    let r = scope_with_deadline(Deadline::after(Duration::from_millis(30)), |s| {
        let slow = s.spawn(|_| sleep(Duration::from_secs(30)).or_unwind());
        slow.join().or_unwind();
        unreachable!("the join is cut short by the deadline")
    });
    assert_eq!(
        r,
        Err::<(), _>(Cancelled::new(CancelReason::DeadlineExceeded))
    );
}

#[test]
fn a_nested_scope_inherits_the_earlier_deadline() {
    // Outer deadline first: the inner scope's cancellation is not its own, so it keeps unwinding
    // to the outer scope, which reports it.
    let t0 = Instant::now();
    let after_inner = AtomicBool::new(false);
    let r = scope_with_timeout(Duration::from_millis(40), |_| {
        let inner = scope_with_timeout(Duration::from_secs(60), |_| {
            sleep(Duration::from_secs(30)).or_unwind();
        });
        after_inner.store(true, Ordering::SeqCst);
        inner
    });
    assert_eq!(r, Err(Cancelled::new(CancelReason::DeadlineExceeded)));
    assert!(!after_inner.load(Ordering::SeqCst));
    assert!(t0.elapsed() < Duration::from_millis(40) + PROMPT);

    // Inner deadline first: only the inner scope ends cancelled.
    let r = scope_with_timeout(Duration::from_secs(60), |_| {
        let inner = scope_with_timeout(Duration::from_millis(20), |_| {
            sleep(Duration::from_secs(30)).or_unwind();
        });
        (inner, cancelled())
    });
    assert_eq!(
        r,
        Ok((Err(Cancelled::new(CancelReason::DeadlineExceeded)), false))
    );
}

#[test]
fn sleep_wakes_promptly_after_cancel() {
    let cancelled_at = Mutex::new(None);
    let woke = scope(|s| {
        let sleeper = s.spawn(|_| {
            let r = sleep(Duration::from_secs(30));
            (r, Instant::now())
        });
        std::thread::sleep(Duration::from_millis(20));
        *cancelled_at.lock().unwrap() = Some(Instant::now());
        sleeper.cancel();
        sleeper.join().or_unwind()
    });
    let (r, at) = woke;
    assert_eq!(r, Err(Cancelled::new(CancelReason::Requested)));
    let latency = at - cancelled_at.lock().unwrap().unwrap();
    assert!(latency < PROMPT, "{latency:?}");
}

#[test]
fn a_cancelled_task_is_not_a_failure_and_its_scope_unwinds_to_it() {
    let after_inner = AtomicBool::new(false);
    scope(|s| {
        let t = s.spawn(|_| {
            // Cancelled from outside (the task): the nested scope keeps unwinding.
            let _ = scope_with_deadline(Deadline::never(), |_| {
                sleep(Duration::from_secs(30)).or_unwind()
            });
            after_inner.store(true, Ordering::SeqCst);
        });
        std::thread::sleep(Duration::from_millis(10));
        t.cancel();
        assert_eq!(t.join(), Err(Cancelled::new(CancelReason::Requested)));
    });
    assert!(!after_inner.load(Ordering::SeqCst));
}

#[test]
fn wait_until_wakes_on_notify_and_on_cancel() {
    let list = WaitList::new();
    let flag = AtomicBool::new(false);
    let woken = AtomicUsize::new(0);
    scope(|s| {
        s.spawn(|_| {
            assert_eq!(
                wait_until(Some(&list), None, || flag.load(Ordering::SeqCst)),
                Ok(true)
            );
            woken.fetch_add(1, Ordering::SeqCst);
        });
        let stuck = s.spawn(|_| wait_until(Some(&list), None, || false));
        std::thread::sleep(Duration::from_millis(10));
        flag.store(true, Ordering::SeqCst);
        list.notify_all();
        std::thread::sleep(Duration::from_millis(10));
        stuck.cancel();
        assert_eq!(
            stuck.join(),
            Ok(Err(Cancelled::new(CancelReason::Requested)))
        );
    });
    assert_eq!(woken.load(Ordering::SeqCst), 1);
    // A timeout is not a cancellation.
    let t0 = Instant::now();
    let until = Some(t0 + Duration::from_millis(10));
    assert_eq!(wait_until(Some(&list), until, || false), Ok(false));
    assert!(t0.elapsed() >= Duration::from_millis(10));
}

#[test]
fn yield_now_is_a_cancellation_point() {
    scope(|s| {
        assert_eq!(aurora_std::yield_now(), Ok(()));
        s.cancel();
        assert!(aurora_std::yield_now().is_err());
    });
}

#[test]
fn try_scope_with_deadline_separates_its_cancellation_from_failures() {
    use aurora_std::try_scope_with_deadline;
    let failed = try_scope_with_deadline(Deadline::after(Duration::from_secs(60)), |s| {
        s.try_spawn(|_| Err::<(), _>("bad"));
        Ok(())
    });
    assert_eq!(failed, Ok(Err("bad")));
    let timed_out = try_scope_with_deadline(Deadline::after(Duration::from_millis(10)), |s| {
        let t = s.try_spawn(|_| {
            sleep(Duration::from_secs(60)).or_unwind();
            Ok::<_, &str>(1)
        });
        Ok(t.join().or_unwind())
    });
    assert_eq!(
        timed_out,
        Err(Cancelled::new(CancelReason::DeadlineExceeded))
    );
    let fine = try_scope_with_deadline(Deadline::never(), |s| {
        let t = s.try_spawn(|_| Ok::<_, &str>(2));
        Ok(t.join().or_unwind())
    });
    assert_eq!(fine, Ok(Ok(2)));
}

#[test]
fn huge_timeouts_mean_no_deadline() {
    assert_eq!(Deadline::after(Duration::MAX), Deadline::never());
    let r = scope_with_timeout(Duration::MAX, |s| {
        let t = s.spawn(|_| sleep(Duration::MAX));
        t.cancel();
        t.join().or_unwind()
    });
    assert_eq!(r, Ok(Err(Cancelled::new(CancelReason::Requested))));
}
