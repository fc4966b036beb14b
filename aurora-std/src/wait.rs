//! Cancellation-aware blocking: every wait here returns promptly when the current task is
//! cancelled or its deadline passes.
//!
//! A waiter parks its thread (`std::thread::park_timeout`, a futex-backed one-slot condition
//! variable per thread) after registering the thread in two wait lists: the one of the thing it
//! waits for (a task's completion, later a channel) and the one of its own cancellation token.
//! Whoever changes either unparks it. Parking per thread instead of one `Condvar` per object lets
//! one waiter be woken by several unrelated sources without a shared mutex, and park's wake-up
//! token makes a notify between "check condition" and "park" impossible to lose.

use crate::cancel::{lock, Cancelled};
use crate::context;
use std::sync::Mutex;
use std::thread::{self, Thread};
use std::time::{Duration, Instant};

/// Threads waiting for something; `notify_all` wakes them to re-check their condition.
#[derive(Default)]
pub struct WaitList {
    waiters: Mutex<Vec<Thread>>,
}

impl WaitList {
    pub const fn new() -> Self {
        WaitList {
            waiters: Mutex::new(Vec::new()),
        }
    }

    /// Wake every registered waiter (each re-checks its condition).
    pub fn notify_all(&self) {
        // Unpark after unlocking, so a woken waiter does not block on this lock to unregister.
        let waiters = lock(&self.waiters).clone();
        for t in waiters {
            t.unpark();
        }
    }

    fn add(&self, t: Thread) {
        lock(&self.waiters).push(t);
    }

    fn remove(&self, id: thread::ThreadId) {
        let mut w = lock(&self.waiters);
        if let Some(i) = w.iter().position(|t| t.id() == id) {
            w.swap_remove(i);
        }
    }
}

/// Wait until `poll` gives a value, `until` passes (`Ok(None)`), or the current task is cancelled
/// (`Err`). Whoever makes `poll` succeed must call `list.notify_all()` afterwards. `poll` runs on
/// this thread, first before any registration (the fast path) and again after every wake-up.
pub fn wait_for<R>(
    list: Option<&WaitList>,
    until: Option<Instant>,
    mut poll: impl FnMut() -> Option<R>,
) -> Result<Option<R>, Cancelled> {
    let token = context::current_token();
    if let Some(t) = &token {
        t.check()?;
    }
    if let Some(r) = poll() {
        return Ok(Some(r));
    }
    let me = thread::current();
    let id = me.id();
    if let Some(l) = list {
        l.add(me.clone());
    }
    if let Some(t) = &token {
        t.add_waiter(me);
    }
    struct Unregister<'a>(
        Option<&'a WaitList>,
        Option<&'a crate::cancel::Token>,
        thread::ThreadId,
    );
    impl Drop for Unregister<'_> {
        fn drop(&mut self) {
            if let Some(l) = self.0 {
                l.remove(self.2);
            }
            if let Some(t) = self.1 {
                t.remove_waiter(self.2);
            }
        }
    }
    let _unregister = Unregister(list, token.as_ref(), id);
    let token_deadline = token.as_ref().and_then(|t| t.raw_deadline());
    loop {
        if let Some(t) = &token {
            t.check()?;
        }
        if let Some(r) = poll() {
            return Ok(Some(r));
        }
        let wake = match (until, token_deadline) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        match wake {
            None => thread::park(),
            Some(w) => {
                let now = Instant::now();
                if until.is_some_and(|u| now >= u) {
                    return Ok(None);
                }
                if w > now {
                    thread::park_timeout(w - now);
                }
                // w <= now: the token's deadline passed; the check at the top cancels.
            }
        }
    }
}

/// `wait_for` with a boolean condition: `Ok(true)` when it holds, `Ok(false)` on timeout.
pub fn wait_until(
    list: Option<&WaitList>,
    until: Option<Instant>,
    mut cond: impl FnMut() -> bool,
) -> Result<bool, Cancelled> {
    Ok(wait_for(list, until, || cond().then_some(()))?.is_some())
}

/// Sleep for `d`, or less if the current task is cancelled first (`Err`).
pub fn sleep(d: Duration) -> Result<(), Cancelled> {
    let until = Instant::now().checked_add(d);
    wait_until(None, until, || false).map(|_| ())
}

/// Sleep until `t` (an absolute instant), or less if the task is cancelled first.
pub fn sleep_until(t: Instant) -> Result<(), Cancelled> {
    wait_until(None, Some(t), || false).map(|_| ())
}

/// Aurora's `yield`: give up the processor (`std::thread::yield_now`; tasks are OS threads),
/// then check for cancellation.
pub fn yield_now() -> Result<(), Cancelled> {
    thread::yield_now();
    context::check_cancel()
}
