//! Task-local values: defaults, `with` bindings, inheritance into spawned tasks.

use aurora_std::{scope, supervisor_scope, with, OrUnwind, Outcome};
use std::panic::{catch_unwind, AssertUnwindSafe};

aurora_std::task_local! {
    static REQUEST_ID: u64 = 0;
    pub static USER: String = "anonymous".to_string();
}

aurora_std::task_local! {
    /// Not `Clone`: read through `with_ref`.
    static BUFFER: std::sync::Mutex<Vec<u8>> = std::sync::Mutex::new(Vec::new())
}

#[test]
fn unbound_reads_give_the_initial_value() {
    assert_eq!(REQUEST_ID.get(), 0);
    assert_eq!(USER.get(), "anonymous");
    BUFFER.with_ref(|b| assert!(b.lock().unwrap().is_empty()));
}

#[test]
fn with_binds_for_the_block_and_restores_after() {
    with(&REQUEST_ID, 7, || {
        assert_eq!(REQUEST_ID.get(), 7);
        REQUEST_ID.bind(8, || assert_eq!(REQUEST_ID.get(), 8));
        assert_eq!(REQUEST_ID.get(), 7);
    });
    assert_eq!(REQUEST_ID.get(), 0);
    let r = catch_unwind(AssertUnwindSafe(|| {
        with(&REQUEST_ID, 9, || panic!("inside"))
    }));
    assert!(r.is_err());
    assert_eq!(REQUEST_ID.get(), 0, "restored on unwind too");
}

#[test]
fn enter_binds_until_the_guard_drops_and_return_works_inside() {
    fn first_even(xs: &[u64]) -> Option<u64> {
        let _with = REQUEST_ID.enter(11);
        for &x in xs {
            if x % 2 == 0 {
                return Some(x + REQUEST_ID.get());
            }
        }
        None
    }
    assert_eq!(first_even(&[1, 2, 3]), Some(13));
    assert_eq!(REQUEST_ID.get(), 0);
    {
        let _outer = REQUEST_ID.enter(1);
        let seen = scope(|s| {
            let _inner = REQUEST_ID.enter(2);
            s.spawn(|_| REQUEST_ID.get()).join().or_unwind()
        });
        assert_eq!((seen, REQUEST_ID.get()), (2, 1));
    }
    assert_eq!(REQUEST_ID.get(), 0);
}

#[test]
fn bindings_are_inherited_by_tasks_and_nested_tasks() {
    let seen = with(&REQUEST_ID, 42, || {
        with(&USER, "ada".to_string(), || {
            scope(|s| {
                let child = s.spawn(|_| {
                    let own = (REQUEST_ID.get(), USER.get());
                    // a grandchild, in a nested scope, under a binding made in the child
                    let grandchild = with(&REQUEST_ID, 43, || {
                        scope(|inner| {
                            inner
                                .spawn(|_| (REQUEST_ID.get(), USER.get()))
                                .join()
                                .or_unwind()
                        })
                    });
                    (own, grandchild, REQUEST_ID.get())
                });
                child.join().or_unwind()
            })
        })
    });
    assert_eq!(seen, ((42, "ada".to_string()), (43, "ada".to_string()), 42));
}

#[test]
fn a_task_keeps_the_bindings_of_its_spawn_point() {
    let (before, after) = scope(|s| {
        let before = s.spawn(|_| REQUEST_ID.get());
        let after = with(&REQUEST_ID, 5, || s.spawn(|_| REQUEST_ID.get()));
        (before.join().or_unwind(), after.join().or_unwind())
    });
    assert_eq!((before, after), (0, 5));
}

#[test]
fn supervised_tasks_inherit_too() {
    let ((), outcomes) = with(&REQUEST_ID, 3, || {
        supervisor_scope::<u64, (), _, _>(|s| {
            s.spawn(|_| REQUEST_ID.get());
        })
    });
    assert!(matches!(outcomes[..], [Outcome::Ok(3)]));
}
