//! Fail-fast scopes over `std::thread::scope`: tasks, joins, deadlines.
//!
//! Every task runs on its own scoped OS thread (blocking in a task is fine), inside
//! `catch_unwind`, with its own token (a child of the scope's) and the task-locals of its
//! spawner. The first task that panics or returns `Err` is recorded and cancels the scope's
//! token; `std::thread::scope` then waits for every task, and the scope re-raises that first
//! failure. Unwinding with a `Cancelled` payload is a task's way to end cancelled, which is not
//! a failure.

use crate::cancel::{lock, CancelReason, Cancelled, Deadline, Token};
use crate::context::{self, Context};
use crate::wait::{self, WaitList};
use std::any::Any;
use std::convert::Infallible;
use std::fmt;
use std::panic::{self, AssertUnwindSafe, Location};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

/// Where a task was spawned: the Aurora source location the generated code passes, or else
/// the Rust call site (`#[track_caller]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Site {
    Aurora(&'static str),
    Rust(&'static Location<'static>),
}

impl Site {
    #[track_caller]
    pub fn caller() -> Site {
        Site::Rust(Location::caller())
    }
}

impl fmt::Display for Site {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Site::Aurora(s) => f.write_str(s),
            Site::Rust(l) => write!(f, "{}:{}:{}", l.file(), l.line(), l.column()),
        }
    }
}

/// A task's panic: where the task was spawned and what it panicked with.
pub struct Panic {
    pub site: Site,
    pub payload: Box<dyn Any + Send>,
}

impl Panic {
    /// The panic message (`&str` and `String` payloads), or a placeholder.
    pub fn message(&self) -> &str {
        payload_message(self.payload.as_ref())
    }
}

impl fmt::Debug for Panic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Panic")
            .field("site", &self.site)
            .field("message", &self.message())
            .finish()
    }
}

pub(crate) fn payload_message(p: &(dyn Any + Send)) -> &str {
    if let Some(s) = p.downcast_ref::<&'static str>() {
        s
    } else if let Some(s) = p.downcast_ref::<String>() {
        s
    } else {
        "Box<dyn Any>"
    }
}

/// How a task ended, as the task wrapper saw it.
pub(crate) enum Ended<T, E> {
    Value(T),
    Failed(E),
    Panicked(Box<dyn Any + Send>),
    Cancelled(Cancelled),
}

/// Run a task body in `ctx`, catching its unwind.
pub(crate) fn run_task<T, E>(ctx: Context, f: impl FnOnce() -> Result<T, E>) -> Ended<T, E> {
    let _restore = context::enter(ctx);
    match panic::catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(v)) => Ended::Value(v),
        Ok(Err(e)) => Ended::Failed(e),
        Err(p) => match p.downcast::<Cancelled>() {
            Ok(c) => Ended::Cancelled(*c),
            Err(p) => Ended::Panicked(p),
        },
    }
}

/// State a task shares with its handle: its token, its value once it has one, and whether it
/// has finished.
///
/// The value travels through this slot rather than through `ScopedJoinHandle::join`: a joiner
/// woken by `finish` takes it at once, instead of then blocking a second time in the OS thread
/// join while the thread tears down (that second context switch cost about 4 µs per join).
/// Dropping the std handle is safe: `std::thread::scope` still waits for the thread.
pub(crate) struct TaskState<T> {
    pub(crate) token: Token,
    value: Mutex<Option<T>>,
    done: AtomicBool,
    joiners: WaitList,
}

impl<T> TaskState<T> {
    pub(crate) fn new(token: Token) -> Arc<Self> {
        Arc::new(TaskState {
            token,
            value: Mutex::new(None),
            done: AtomicBool::new(false),
            joiners: WaitList::new(),
        })
    }

    pub(crate) fn finish(&self, value: Option<T>) {
        *lock(&self.value) = value;
        self.done.store(true, Ordering::Release);
        self.joiners.notify_all();
    }

    pub(crate) fn is_done(&self) -> bool {
        self.done.load(Ordering::Acquire)
    }

    /// Block until the task finished; a cancellation point for the waiting task.
    pub(crate) fn wait(&self) -> Result<(), Cancelled> {
        if !self.is_done() {
            wait::wait_until(Some(&self.joiners), None, || self.is_done())?;
        }
        Ok(())
    }

    fn take(&self) -> Option<T> {
        lock(&self.value).take()
    }
}

enum Failure<E> {
    Failed(E),
    /// `site` is `None` for the scope's own body.
    Panicked(Box<dyn Any + Send>, Option<Site>),
}

struct Shared<E> {
    token: Token,
    first_failure: Mutex<Option<Failure<E>>>,
}

impl<E> Shared<E> {
    /// Record `f` if it is the first failure, then cancel the scope. Later failures are dropped.
    fn fail(&self, f: Failure<E>) {
        let mut slot = lock(&self.first_failure);
        if slot.is_none() {
            *slot = Some(f);
            drop(slot);
            self.token.cancel_with(CancelReason::SiblingFailed);
        }
    }
}

/// A fail-fast scope. `E` is the error type of tasks spawned with `try_spawn`; `Infallible`
/// when no task can fail with an error.
pub struct Scope<'scope, 'env: 'scope, E = Infallible> {
    std: &'scope thread::Scope<'scope, 'env>,
    shared: Arc<Shared<E>>,
}

impl<E> Clone for Scope<'_, '_, E> {
    fn clone(&self) -> Self {
        Scope {
            std: self.std,
            shared: self.shared.clone(),
        }
    }
}

/// The handle of a task spawned in a fail-fast scope.
pub struct Task<'scope, T> {
    state: Arc<TaskState<T>>,
    site: Site,
    handle: thread::ScopedJoinHandle<'scope, ()>,
}

impl<'scope, 'env, E: Send + 'scope> Scope<'scope, 'env, E> {
    /// Start a task; its spawn site is the caller's Rust location.
    #[track_caller]
    pub fn spawn<T, F>(&self, f: F) -> Task<'scope, T>
    where
        F: FnOnce(&Scope<'scope, 'env, E>) -> T + Send + 'scope,
        T: Send + 'scope,
    {
        self.start(Site::caller(), move |s| Ok(f(s)))
    }

    /// Start a task whose spawn site is the Aurora location `site` (`"main.aur:12:9"`).
    pub fn spawn_at<T, F>(&self, site: &'static str, f: F) -> Task<'scope, T>
    where
        F: FnOnce(&Scope<'scope, 'env, E>) -> T + Send + 'scope,
        T: Send + 'scope,
    {
        self.start(Site::Aurora(site), move |s| Ok(f(s)))
    }

    /// Start a task that can fail with `Err`: the first `Err` fails the scope.
    #[track_caller]
    pub fn try_spawn<T, F>(&self, f: F) -> Task<'scope, T>
    where
        F: FnOnce(&Scope<'scope, 'env, E>) -> Result<T, E> + Send + 'scope,
        T: Send + 'scope,
    {
        self.start(Site::caller(), f)
    }

    pub fn try_spawn_at<T, F>(&self, site: &'static str, f: F) -> Task<'scope, T>
    where
        F: FnOnce(&Scope<'scope, 'env, E>) -> Result<T, E> + Send + 'scope,
        T: Send + 'scope,
    {
        self.start(Site::Aurora(site), f)
    }

    fn start<T, F>(&self, site: Site, f: F) -> Task<'scope, T>
    where
        F: FnOnce(&Scope<'scope, 'env, E>) -> Result<T, E> + Send + 'scope,
        T: Send + 'scope,
    {
        let state = TaskState::new(self.shared.token.child(Deadline::never()));
        let ctx = Context {
            token: Some(state.token.clone()),
            locals: context::current_locals(),
        };
        let scope = self.clone();
        let task_state = state.clone();
        let handle = self.std.spawn(move || {
            let ended = run_task(ctx, || f(&scope));
            let value = match ended {
                Ended::Value(v) => Some(v),
                Ended::Failed(e) => {
                    scope.shared.fail(Failure::Failed(e));
                    None
                }
                Ended::Panicked(p) => {
                    scope.shared.fail(Failure::Panicked(p, Some(site)));
                    None
                }
                Ended::Cancelled(_) => None,
            };
            task_state.finish(value);
        });
        Task {
            state,
            site,
            handle,
        }
    }

    /// Cancel this scope: every task in it (and below) sees it at its next cancellation point.
    pub fn cancel(&self) {
        self.shared.token.cancel();
    }

    pub fn is_cancelled(&self) -> bool {
        self.shared.token.is_cancelled()
    }

    /// The scope's token (for handing cancellation to code outside the task tree).
    pub fn token(&self) -> &Token {
        &self.shared.token
    }
}

impl<T> Task<'_, T> {
    /// Wait for the task and take its value; a cancellation point. `Err(Cancelled)` when the
    /// joiner is cancelled first, or the task did not produce a value: it ended cancelled, or
    /// it failed, which has cancelled the scope the joiner is in (the scope re-raises the
    /// failure when it ends).
    pub fn join(self) -> Result<T, Cancelled> {
        self.state.wait()?;
        // The task has published its value and is only returning through std's wrapper now.
        // Wait (briefly, without sleeping) until std has counted it out of the scope, so that
        // the scope's end does not put the joiner to sleep a second time for it.
        let mut spins = 0;
        while !self.handle.is_finished() && spins < 64 {
            thread::yield_now();
            spins += 1;
        }
        match self.state.take() {
            Some(v) => Ok(v),
            None => Err(Cancelled::new(
                self.state
                    .token
                    .reason()
                    .unwrap_or(CancelReason::SiblingFailed),
            )),
        }
    }

    /// Cancel this task only (and everything below it).
    pub fn cancel(&self) {
        self.state.token.cancel();
    }

    pub fn is_finished(&self) -> bool {
        self.state.is_done()
    }

    pub fn site(&self) -> Site {
        self.site
    }
}

/// How a scope's run ended, before the public wrappers map it to their return types.
enum ScopeEnd<R, E> {
    Done(R),
    Failed(E),
    /// The body unwound as cancelled and nothing failed.
    Cancelled(Cancelled),
}

#[track_caller]
fn run<'env, R, E, F>(deadline: Deadline, f: F) -> ScopeEnd<R, E>
where
    E: Send,
    F: for<'scope> FnOnce(&Scope<'scope, 'env, E>) -> Result<R, E>,
{
    let outer = context::current();
    let token = match &outer.token {
        Some(parent) => parent.child(deadline),
        None => Token::new(deadline),
    };
    let shared = Arc::new(Shared {
        token: token.clone(),
        first_failure: Mutex::new(None),
    });
    let body = thread::scope(|s| {
        let scope = Scope {
            std: s,
            shared: shared.clone(),
        };
        let ctx = Context {
            token: Some(token.clone()),
            locals: outer.locals.clone(),
        };
        match run_task(ctx, || f(&scope)) {
            Ended::Value(v) => Some(v),
            Ended::Failed(e) => {
                shared.fail(Failure::Failed(e));
                None
            }
            Ended::Panicked(p) => {
                shared.fail(Failure::Panicked(p, None));
                None
            }
            Ended::Cancelled(_) => None,
        }
        // Leaving this closure, `thread::scope` joins every task.
    });
    let first = lock(&shared.first_failure).take();
    match (first, body) {
        (Some(Failure::Failed(e)), _) => ScopeEnd::Failed(e),
        (Some(Failure::Panicked(p, None)), _) => panic::resume_unwind(p),
        (Some(Failure::Panicked(p, Some(site))), _) => {
            panic!(
                "task spawned at {site} panicked: {}",
                payload_message(p.as_ref())
            )
        }
        (None, Some(v)) => ScopeEnd::Done(v),
        (None, None) => {
            // The cancellation came from outside: keep unwinding, it is not ours to end.
            if let Some(parent) = &outer.token {
                if let Err(c) = parent.check() {
                    c.unwind();
                }
            }
            let reason = token.reason().unwrap_or(CancelReason::Requested);
            ScopeEnd::Cancelled(Cancelled::new(reason))
        }
    }
}

/// `scope { ... }`: run `f`, which spawns tasks into the scope; wait for all of them. The first
/// task that panics re-raises here as a panic naming its spawn site. If the body ends
/// cancelled, the scope does too (it unwinds as cancelled).
#[track_caller]
pub fn scope<'env, R, F>(f: F) -> R
where
    F: for<'scope> FnOnce(&Scope<'scope, 'env>) -> R,
{
    match run::<R, Infallible, _>(Deadline::never(), |s| Ok(f(s))) {
        ScopeEnd::Done(v) => v,
        ScopeEnd::Failed(never) => match never {},
        ScopeEnd::Cancelled(c) => c.unwind(),
    }
}

/// A scope whose tasks (`try_spawn`) and body can fail with `Err(E)`: the first failure cancels
/// the rest and is returned once every task has ended.
#[track_caller]
pub fn try_scope<'env, R, E, F>(f: F) -> Result<R, E>
where
    E: Send,
    F: for<'scope> FnOnce(&Scope<'scope, 'env, E>) -> Result<R, E>,
{
    match run(Deadline::never(), f) {
        ScopeEnd::Done(v) => Ok(v),
        ScopeEnd::Failed(e) => Err(e),
        ScopeEnd::Cancelled(c) => c.unwind(),
    }
}

/// `scope(deadline: t) { ... }`: cancelled when `deadline` (or an enclosing scope's earlier
/// one) passes. `Err(Cancelled)` when the body ended cancelled by this scope (its deadline or
/// its `cancel`); cancellation from an enclosing scope keeps unwinding. A body that finishes
/// in spite of the deadline gives its value.
#[track_caller]
pub fn scope_with_deadline<'env, R, F>(deadline: Deadline, f: F) -> Result<R, Cancelled>
where
    F: for<'scope> FnOnce(&Scope<'scope, 'env>) -> R,
{
    match run::<R, Infallible, _>(deadline, |s| Ok(f(s))) {
        ScopeEnd::Done(v) => Ok(v),
        ScopeEnd::Failed(never) => match never {},
        ScopeEnd::Cancelled(c) => Err(c),
    }
}

/// `scope(timeout: d) { ... }`: `scope_with_deadline` with the deadline `d` after entering.
#[track_caller]
pub fn scope_with_timeout<'env, R, F>(timeout: std::time::Duration, f: F) -> Result<R, Cancelled>
where
    F: for<'scope> FnOnce(&Scope<'scope, 'env>) -> R,
{
    scope_with_deadline(Deadline::after(timeout), f)
}

/// `try_scope` with a deadline: the outer `Err` is this scope's cancellation, the inner one
/// the first failure.
#[track_caller]
pub fn try_scope_with_deadline<'env, R, E, F>(
    deadline: Deadline,
    f: F,
) -> Result<Result<R, E>, Cancelled>
where
    E: Send,
    F: for<'scope> FnOnce(&Scope<'scope, 'env, E>) -> Result<R, E>,
{
    match run(deadline, f) {
        ScopeEnd::Done(v) => Ok(Ok(v)),
        ScopeEnd::Failed(e) => Ok(Err(e)),
        ScopeEnd::Cancelled(c) => Err(c),
    }
}
