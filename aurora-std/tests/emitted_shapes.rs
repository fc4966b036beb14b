//! The Rust shapes `docs/runtime.md` says the generated code takes, compiled and run as
//! written there, so the page cannot drift from the API.

use aurora_std::{OrUnwind, Outcome};
use std::time::Duration;

fn fetch(n: i64) -> i64 {
    n * 10
}

fn parse(s: &str) -> Result<i64, String> {
    s.parse::<i64>().map_err(|e| format!("{s}: {e}"))
}

aurora_std::task_local! { static REQUEST_ID: i64 = 0; }

#[test]
fn scope_spawn_join() {
    let total = aurora_std::scope(|s| {
        let a = s.spawn_at("main.aur:2:13", |_| fetch(1));
        let b = s.spawn_at("main.aur:3:13", |_| fetch(2) * 2);
        a.join().or_unwind() + b.join().or_unwind()
    });
    assert_eq!(total, 50);
}

#[test]
fn move_only_what_the_parent_gives_away() {
    let names = vec!["a".to_string(), "b".to_string()];
    let prefix = String::from("> ");
    let out = aurora_std::scope(|s| {
        let prefix = &prefix;
        let t = s.spawn_at("main.aur:4:13", move |_| {
            names
                .into_iter()
                .map(|n| format!("{prefix}{n}"))
                .collect::<Vec<_>>()
        });
        s.spawn_at("main.aur:5:9", |s| {
            // a spawn inside a task's body targets the same scope through the parameter
            s.spawn_at("main.aur:6:13", |_| fetch(3));
        });
        t.join().or_unwind()
    });
    assert_eq!(out, ["> a", "> b"]);
}

#[test]
fn try_scope_with_fallible_tasks() {
    let (x, y) = ("4", "x5");
    let ok: Result<i64, String> = aurora_std::try_scope(|s| {
        let a = s.try_spawn_at("main.aur:3:13", |_| parse(x));
        let b = s.try_spawn_at("main.aur:4:13", |_| parse(x));
        Ok(a.join().or_unwind() + b.join().or_unwind())
    });
    assert_eq!(ok, Ok(8));
    let bad: Result<i64, String> = aurora_std::try_scope(|s| {
        let a = s.try_spawn_at("main.aur:3:13", |_| parse(x));
        let b = s.try_spawn_at("main.aur:4:13", |_| parse(y));
        Ok(a.join().or_unwind() + b.join().or_unwind())
    });
    assert!(bad.unwrap_err().starts_with("x5: "));
}

#[test]
fn supervisor_outcomes() {
    let urls = vec!["1", "x", "3"];
    let ((), outcomes) = aurora_std::supervisor_scope(|s| {
        for u in urls {
            s.try_spawn_at("main.aur:7:9", move |_| parse(u));
        }
    });
    assert!(matches!(
        outcomes[..],
        [Outcome::Ok(1), Outcome::Failed(_), Outcome::Ok(3)]
    ));
}

/// `supervisor scope { }` as the language emits it: outcomes read in place.
#[test]
fn supervise_outcomes() {
    let outcomes: Vec<Outcome<i64>> = aurora_std::supervise(|s| {
        for n in [1_i64, 2, 3] {
            s.spawn_at("main.aur:4:13", move |_| {
                assert!(n != 2, "job {n} failed");
                n * 10
            });
        }
        s.spawn_at("main.aur:6:9", |_| {
            aurora_std::cancel_point();
            aurora_std::sleep(Duration::from_secs(10)).or_unwind();
            0
        });
        s.cancel();
    });
    let values: Vec<Option<i64>> = outcomes.iter().map(Outcome::value).collect();
    assert_eq!(values, [Some(10), None, Some(30), None]);
    assert_eq!(outcomes[1].failure().as_deref(), Some("job 2 failed"));
    assert!(outcomes[1].is_failed() && !outcomes[1].is_cancelled());
    assert!(outcomes[3].is_cancelled() && outcomes[3].failure().is_none());
}

#[test]
fn deadline_and_cancellation_points() {
    let r: Result<i64, aurora_std::Cancelled> =
        aurora_std::scope_with_timeout(Duration::from_millis(20), |s| {
            let slow = s.spawn_at("main.aur:2:16", |_| {
                aurora_std::sleep(Duration::from_secs(10)).or_unwind();
                1
            });
            aurora_std::yield_now().or_unwind();
            slow.join().or_unwind()
        });
    assert_eq!(r.ok(), None);
    let r = aurora_std::scope_with_deadline(aurora_std::Deadline::never(), |s| {
        s.cancel();
        aurora_std::cancel_point();
        1
    });
    assert!(r.is_err());
}

#[test]
fn task_local_with_block() {
    let seen = {
        let _with = REQUEST_ID.enter(7);
        aurora_std::scope(|s| {
            s.spawn_at("main.aur:9:5", |_| REQUEST_ID.get())
                .join()
                .or_unwind()
        })
    };
    assert_eq!((seen, REQUEST_ID.get()), (7, 0));
}
