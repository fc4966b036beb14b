//! Semantics of scopes, tasks, joins, fail-fast and supervisors.

use aurora_std::{
    scope, supervisor_scope, try_scope, CancelReason, Cancelled, OrUnwind, Outcome, Site,
};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<String>()
        .cloned()
        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

/// Block (cancellably) until the current task is cancelled; returns how it ended.
fn wait_for_cancel() -> Cancelled {
    aurora_std::sleep(Duration::from_secs(30)).expect_err("should be cancelled, not time out")
}

#[test]
fn tasks_borrow_the_environment_and_join_gives_values() {
    let data = [1, 2, 3, 4];
    let mut out = Vec::new();
    let total = scope(|s| {
        let a = s.spawn(|_| data[..2].iter().sum::<i32>());
        let b = s.spawn(|_| data[2..].iter().sum::<i32>());
        out.push(1);
        a.join().or_unwind() + b.join().or_unwind()
    });
    assert_eq!(total, 10);
    assert_eq!(out, [1]);
}

#[test]
fn tasks_spawn_into_their_own_scope_and_nested_scopes() {
    let count = AtomicUsize::new(0);
    scope(|s| {
        s.spawn(|s| {
            count.fetch_add(1, Ordering::SeqCst);
            // a sibling spawned from inside a task
            s.spawn(|_| count.fetch_add(1, Ordering::SeqCst));
            scope(|inner| {
                for _ in 0..3 {
                    inner.spawn(|_| count.fetch_add(1, Ordering::SeqCst));
                }
            });
        });
    });
    assert_eq!(count.load(Ordering::SeqCst), 5);
}

#[test]
fn first_err_wins_and_cancels_siblings() {
    let cancelled_siblings = AtomicUsize::new(0);
    let r: Result<(), String> = try_scope(|s| {
        for _ in 0..3 {
            s.spawn(|_| {
                let c = wait_for_cancel();
                assert_eq!(c.reason(), CancelReason::SiblingFailed);
                cancelled_siblings.fetch_add(1, Ordering::SeqCst);
            });
        }
        s.try_spawn(|_| Err::<(), _>("first".to_string()));
        // Fails only after the first failure has cancelled the scope: must not win.
        s.try_spawn(|_| {
            wait_for_cancel();
            Err::<(), _>("second".to_string())
        });
        Ok(())
    });
    assert_eq!(r, Err("first".to_string()));
    assert_eq!(cancelled_siblings.load(Ordering::SeqCst), 3);
}

#[test]
fn body_err_fails_the_scope_and_cancels_tasks() {
    let r: Result<i32, &str> = try_scope(|s| {
        s.spawn(|_| wait_for_cancel());
        Err("body")
    });
    assert_eq!(r, Err("body"));
}

#[test]
fn first_panic_resurfaces_with_its_spawn_site() {
    let line = Mutex::new(0);
    let r = catch_unwind(AssertUnwindSafe(|| {
        scope(|s| {
            s.spawn(|_| {
                wait_for_cancel();
                panic!("second");
            });
            *line.lock().unwrap() = line!() + 1;
            s.spawn(|_| panic!("boom"));
        })
    }));
    let msg = panic_message(r.unwrap_err().as_ref());
    let site = format!("{}:{}:", file!(), line.lock().unwrap());
    assert!(msg.contains(&site), "{msg} should name {site}");
    assert!(msg.contains("boom"), "{msg}");
    assert!(!msg.contains("second"), "{msg}");
}

#[test]
fn aurora_spawn_site_labels_appear_in_the_panic() {
    let r = catch_unwind(|| {
        scope(|s| {
            s.spawn_at("main.aur:12:9", |_| panic!("bad input"));
        })
    });
    let msg = panic_message(r.unwrap_err().as_ref());
    assert_eq!(msg, "task spawned at main.aur:12:9 panicked: bad input");
}

#[test]
fn a_panic_beats_a_later_err_and_an_err_beats_a_later_panic() {
    let r = catch_unwind(|| {
        try_scope(|s| {
            s.spawn_at("a.aur:1:1", |_| panic!("p"));
            s.try_spawn(|_| {
                wait_for_cancel();
                Err::<(), _>("e")
            });
            Ok(())
        })
    });
    assert!(panic_message(r.unwrap_err().as_ref()).contains("a.aur:1:1"));

    let r: Result<(), &str> = try_scope(|s| {
        s.try_spawn(|_| Err::<(), _>("e"));
        s.spawn(|_| {
            wait_for_cancel();
            panic!("late");
        });
        Ok(())
    });
    assert_eq!(r, Err("e"));
}

#[test]
fn joining_a_failed_task_is_cancelled_and_the_scope_reports_the_failure() {
    let r: Result<(), &str> = try_scope(|s| {
        let t = s.try_spawn(|_| Err::<i32, _>("bad"));
        let j = t.join();
        assert_eq!(j, Err(Cancelled::new(CancelReason::SiblingFailed)));
        j.or_unwind();
        unreachable!()
    });
    assert_eq!(r, Err("bad"));
}

#[test]
fn a_body_panic_resurfaces_unchanged_after_tasks_stop() {
    let stopped = AtomicUsize::new(0);
    let r = catch_unwind(AssertUnwindSafe(|| {
        scope(|s| {
            s.spawn(|_| {
                wait_for_cancel();
                stopped.fetch_add(1, Ordering::SeqCst);
            });
            panic!("body");
        })
    }));
    assert_eq!(panic_message(r.unwrap_err().as_ref()), "body");
    assert_eq!(stopped.load(Ordering::SeqCst), 1);
}

#[test]
fn cancelling_a_task_cancels_only_it() {
    scope(|s| {
        let victim = s.spawn(|_| -> () { wait_for_cancel().unwind() });
        let other = s.spawn(|_| aurora_std::sleep(Duration::from_millis(20)));
        victim.cancel();
        assert_eq!(other.join(), Ok(Ok(())));
        assert!(!s.is_cancelled());
        assert_eq!(victim.join(), Err(Cancelled::new(CancelReason::Requested)));
    });
}

#[test]
fn join_wakes_promptly_when_the_joiner_is_cancelled() {
    scope(|s| {
        let slow = s.spawn(|_| wait_for_cancel());
        let joiner = s.spawn(move |_| {
            let r = slow.join();
            (r, Instant::now())
        });
        std::thread::sleep(Duration::from_millis(50));
        // Cancel only the joiner: `slow` is still blocked when the joiner wakes.
        let t0 = Instant::now();
        joiner.cancel();
        let (r, woke) = joiner.join().or_unwind();
        assert_eq!(r, Err(Cancelled::new(CancelReason::Requested)));
        let latency = woke - t0;
        assert!(latency < Duration::from_millis(100), "{latency:?}");
        s.cancel();
    });
}

#[test]
fn supervisor_collects_every_outcome_without_cancelling() {
    let (n, outcomes) = supervisor_scope(|s| {
        s.spawn_at("sup.aur:1:1", |_| 1);
        s.try_spawn(|_| Err("nope"));
        s.spawn_at("sup.aur:3:1", |_| panic!("kaput"));
        s.spawn(|_| {
            // a failing sibling must not cancel this one
            aurora_std::sleep(Duration::from_millis(30)).or_unwind();
            4
        });
        s.spawn(|_| {
            // cancels itself: ends "cancelled", which is neither a value nor a failure
            aurora_std::current_cancel_token().unwrap().cancel();
            aurora_std::cancel_point();
            5
        });
        5
    });
    assert_eq!(n, 5);
    assert_eq!(outcomes.len(), 5);
    assert!(matches!(outcomes[0], Outcome::Ok(1)));
    assert!(matches!(outcomes[1], Outcome::Failed("nope")));
    match &outcomes[2] {
        Outcome::Panicked(p) => {
            assert_eq!(p.message(), "kaput");
            assert_eq!(p.site, Site::Aurora("sup.aur:3:1"));
        }
        o => panic!("{o:?}"),
    }
    assert!(matches!(outcomes[3], Outcome::Ok(4)), "{:?}", outcomes[3]);
    assert!(matches!(outcomes[4], Outcome::Cancelled(_)));
}

#[test]
fn a_supervisor_body_panic_cancels_its_tasks_and_resurfaces() {
    let stopped = AtomicUsize::new(0);
    let r = catch_unwind(AssertUnwindSafe(|| {
        supervisor_scope::<(), (), _, _>(|s| {
            s.spawn(|_| {
                wait_for_cancel();
                stopped.fetch_add(1, Ordering::SeqCst);
            });
            panic!("supervisor body");
        })
    }));
    assert_eq!(panic_message(r.unwrap_err().as_ref()), "supervisor body");
    assert_eq!(stopped.load(Ordering::SeqCst), 1);
}

#[test]
fn nested_failures_name_every_spawn_site_on_the_way_out() {
    let r = catch_unwind(|| {
        scope(|s| {
            s.spawn_at("outer.aur:2:5", |_| {
                scope(|inner| {
                    inner.spawn_at("outer.aur:3:9", |_| panic!("deep"));
                })
            });
        })
    });
    let msg = panic_message(r.unwrap_err().as_ref());
    assert_eq!(
        msg,
        "task spawned at outer.aur:2:5 panicked: task spawned at outer.aur:3:9 panicked: deep"
    );
}
