//! 10,000 tasks across nested fail-fast scopes with random (seeded) failures: every task is
//! joined, no task outlives its scope, and the first failure of each scope is the one it
//! reports.

use aurora_std::{sleep, try_scope, OrUnwind, Scope};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const ROUNDS: usize = 100;
const OUTER_TASKS: usize = 10;
const INNER_TASKS: usize = 9;

/// splitmix64: a deterministic PRNG, so every run makes the same plan.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[derive(Clone, Copy, Debug)]
enum Act {
    Succeed,
    /// The scope's designated first failure: fails at once.
    FailFirst {
        panic: bool,
    },
    /// Fails only once the scope is cancelled, i.e. after the first failure: must never win.
    FailLate {
        panic: bool,
    },
    /// Waits for the cancel and ends cancelled.
    EndCancelled,
}

#[derive(Debug, PartialEq)]
struct Fail(usize);

/// Counts a task while it runs and when it has run; both survive unwinding.
struct Live<'a> {
    live: &'a AtomicUsize,
    done: &'a AtomicUsize,
}

impl<'a> Live<'a> {
    fn enter(live: &'a AtomicUsize, done: &'a AtomicUsize) -> Self {
        live.fetch_add(1, Ordering::SeqCst);
        Live { live, done }
    }
}

impl Drop for Live<'_> {
    fn drop(&mut self) {
        self.live.fetch_sub(1, Ordering::SeqCst);
        self.done.fetch_add(1, Ordering::SeqCst);
    }
}

fn act(a: Act, id: usize) -> Result<(), Fail> {
    match a {
        Act::Succeed => {
            aurora_std::yield_now().or_unwind();
            Ok(())
        }
        Act::FailFirst { panic: true } => panic!("task {id} failed first"),
        Act::FailFirst { panic: false } => Err(Fail(id)),
        Act::FailLate { panic } => {
            let _ = sleep(Duration::from_secs(60));
            if panic {
                panic!("task {id} failed late")
            }
            Err(Fail(id))
        }
        Act::EndCancelled => sleep(Duration::from_secs(60)).map_err(|c| c.unwind()),
    }
}

/// Plan a scope of `n` tasks: either all succeed, or one fails first and the others do
/// anything that cannot beat it.
fn plan(rng: &mut Rng, n: usize) -> (Vec<Act>, Option<(usize, bool)>) {
    if rng.below(10) < 6 {
        return (vec![Act::Succeed; n], None);
    }
    let first = rng.below(n);
    let panic = rng.below(2) == 0;
    let acts = (0..n)
        .map(|i| match (i == first, rng.below(4)) {
            (true, _) => Act::FailFirst { panic },
            (false, 0) => Act::Succeed,
            (false, 1) => Act::FailLate { panic: false },
            (false, 2) => Act::FailLate { panic: true },
            _ => Act::EndCancelled,
        })
        .collect();
    (acts, Some((first, panic)))
}

struct Counters {
    spawned: AtomicUsize,
    done: AtomicUsize,
    checked_scopes: AtomicUsize,
    failing_scopes: AtomicUsize,
}

/// Run one scope of `acts`; check that it reports exactly the planned first failure.
fn run_inner(c: &Counters, base: usize, acts: &[Act], first: Option<(usize, bool)>) {
    let live = AtomicUsize::new(0);
    let r = catch_unwind(AssertUnwindSafe(|| {
        try_scope(|s: &Scope<'_, '_, Fail>| {
            for (i, &a) in acts.iter().enumerate() {
                c.spawned.fetch_add(1, Ordering::SeqCst);
                let live = &live;
                s.try_spawn(move |_| {
                    let _l = Live::enter(live, &c.done);
                    act(a, base + i)
                });
            }
            Ok(())
        })
    }));
    assert_eq!(live.load(Ordering::SeqCst), 0, "a task outlived its scope");
    match (first, r) {
        (None, Ok(Ok(()))) => {}
        (Some((i, false)), Ok(Err(e))) => assert_eq!(e, Fail(base + i)),
        (Some((i, true)), Err(p)) => {
            let msg = p.downcast_ref::<String>().cloned().unwrap_or_default();
            assert!(
                msg.contains(&format!("task {} failed first", base + i)),
                "{msg}"
            );
            assert!(msg.contains("tests/stress.rs:"), "{msg}");
        }
        (plan, r) => panic!(
            "scope at {base}: planned {plan:?}, got {:?}",
            r.map(|r| r.err())
        ),
    }
    c.checked_scopes.fetch_add(1, Ordering::SeqCst);
    if first.is_some() {
        c.failing_scopes.fetch_add(1, Ordering::SeqCst);
    }
}

#[test]
fn ten_thousand_tasks_in_nested_scopes_with_random_failures() {
    // Thousands of planned panics: keep their messages off the test output.
    std::panic::set_hook(Box::new(|_| {}));
    let t0 = Instant::now();
    let c = Counters {
        spawned: AtomicUsize::new(0),
        done: AtomicUsize::new(0),
        checked_scopes: AtomicUsize::new(0),
        failing_scopes: AtomicUsize::new(0),
    };
    let mut rng = Rng(0x5EED);
    for round in 0..ROUNDS {
        let base = round * 1000;
        let (outer_acts, outer_first) = plan(&mut rng, OUTER_TASKS);
        let inner_plans: Vec<_> = (0..OUTER_TASKS)
            .map(|_| plan(&mut rng, INNER_TASKS))
            .collect();
        // Outer tasks first run their own nested scope to completion (so the outer failure
        // cannot disturb the inner plans), then act out the outer plan.
        let inner_done = AtomicUsize::new(0);
        let outer = outer_acts
            .iter()
            .zip(&inner_plans)
            .enumerate()
            .map(|(j, (&a, (acts, first)))| {
                let c = &c;
                let inner_done = &inner_done;
                move || -> Result<(), Fail> {
                    run_inner(c, base + 100 * (j + 1), acts, *first);
                    inner_done.fetch_add(1, Ordering::SeqCst);
                    if matches!(a, Act::FailFirst { .. }) {
                        while inner_done.load(Ordering::SeqCst) < OUTER_TASKS {
                            std::thread::yield_now();
                        }
                    }
                    act(a, base + j)
                }
            })
            .collect::<Vec<_>>();
        let c = &c;
        let live = AtomicUsize::new(0);
        let r = catch_unwind(AssertUnwindSafe(|| {
            try_scope(|s: &Scope<'_, '_, Fail>| {
                for f in outer {
                    c.spawned.fetch_add(1, Ordering::SeqCst);
                    let live = &live;
                    s.try_spawn(move |_| {
                        let _l = Live::enter(live, &c.done);
                        f()
                    });
                }
                Ok(())
            })
        }));
        assert_eq!(
            live.load(Ordering::SeqCst),
            0,
            "an outer task outlived its scope"
        );
        match (outer_first, r) {
            (None, Ok(Ok(()))) => {}
            (Some((j, false)), Ok(Err(e))) => {
                assert_eq!(e, Fail(base + j));
                c.failing_scopes.fetch_add(1, Ordering::SeqCst);
            }
            (Some((j, true)), Err(p)) => {
                let msg = p.downcast_ref::<String>().cloned().unwrap_or_default();
                assert!(
                    msg.contains(&format!("task {} failed first", base + j)),
                    "{msg}"
                );
                c.failing_scopes.fetch_add(1, Ordering::SeqCst);
            }
            (plan, r) => panic!(
                "round {round}: planned {plan:?}, got {:?}",
                r.map(|r| r.err())
            ),
        }
    }
    let _ = std::panic::take_hook();
    let total = ROUNDS * (OUTER_TASKS + OUTER_TASKS * INNER_TASKS);
    assert_eq!(c.spawned.load(Ordering::SeqCst), total);
    assert_eq!(
        c.done.load(Ordering::SeqCst),
        total,
        "every task ran to its end"
    );
    assert_eq!(
        c.checked_scopes.load(Ordering::SeqCst),
        ROUNDS * OUTER_TASKS
    );
    // The seed gives a fair share of failing scopes (about 40% of the 1,100).
    let failing = c.failing_scopes.load(Ordering::SeqCst);
    assert!(failing > 300, "{failing}");
    eprintln!(
        "{total} tasks, {failing} failing scopes, in {:?}",
        t0.elapsed()
    );
}
