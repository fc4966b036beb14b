//! Supervisor scopes: a failing task does not cancel its siblings; the scope gives every
//! task's outcome, in spawn order.

use crate::cancel::{lock, CancelReason, Cancelled, Deadline, Token};
use crate::context::{self, Context};
use crate::scope::{run_task, Ended, Panic, Site};
use std::panic;
use std::sync::{Arc, Mutex};
use std::thread;

/// How a supervised task ended. `E` is the error of tasks started with `try_spawn`; the
/// default, `Infallible`, is for scopes whose tasks only give values or panic.
#[derive(Debug)]
pub enum Outcome<T, E = std::convert::Infallible> {
    Ok(T),
    /// It returned `Err` (tasks started with `try_spawn`).
    Failed(E),
    Panicked(Panic),
    Cancelled(Cancelled),
}

impl<T, E> Outcome<T, E> {
    pub fn is_ok(&self) -> bool {
        matches!(self, Outcome::Ok(_))
    }

    pub fn ok(self) -> Option<T> {
        match self {
            Outcome::Ok(v) => Some(v),
            _ => None,
        }
    }

    /// The task's value, copied out (Aurora's `o.value()`, which reads an outcome in place).
    pub fn value(&self) -> Option<T>
    where
        T: Clone,
    {
        match self {
            Outcome::Ok(v) => Some(v.clone()),
            _ => None,
        }
    }

    /// It failed: returned `Err` or panicked (ending cancelled is not a failure).
    pub fn is_failed(&self) -> bool {
        matches!(self, Outcome::Failed(_) | Outcome::Panicked(_))
    }

    pub fn is_cancelled(&self) -> bool {
        matches!(self, Outcome::Cancelled(_))
    }

    /// What the failure said: the `Err`'s text, or the panic's message.
    pub fn failure(&self) -> Option<String>
    where
        E: std::fmt::Display,
    {
        match self {
            Outcome::Failed(e) => Some(e.to_string()),
            Outcome::Panicked(p) => Some(p.message().to_string()),
            _ => None,
        }
    }
}

struct Shared<T, E> {
    token: Token,
    outcomes: Mutex<Vec<Option<Outcome<T, E>>>>,
}

/// A supervisor scope; every task yields a `T` or fails with an `E`.
pub struct Supervisor<'scope, 'env: 'scope, T, E = std::convert::Infallible> {
    std: &'scope thread::Scope<'scope, 'env>,
    shared: Arc<Shared<T, E>>,
}

impl<T, E> Clone for Supervisor<'_, '_, T, E> {
    fn clone(&self) -> Self {
        Supervisor {
            std: self.std,
            shared: self.shared.clone(),
        }
    }
}

impl<'scope, 'env, T: Send + 'scope, E: Send + 'scope> Supervisor<'scope, 'env, T, E> {
    /// Start a task; returns its index in the outcome list.
    #[track_caller]
    pub fn spawn<F>(&self, f: F) -> usize
    where
        F: FnOnce(&Supervisor<'scope, 'env, T, E>) -> T + Send + 'scope,
    {
        self.start(Site::caller(), move |s| Ok(f(s)))
    }

    pub fn spawn_at<F>(&self, site: &'static str, f: F) -> usize
    where
        F: FnOnce(&Supervisor<'scope, 'env, T, E>) -> T + Send + 'scope,
    {
        self.start(Site::Aurora(site), move |s| Ok(f(s)))
    }

    #[track_caller]
    pub fn try_spawn<F>(&self, f: F) -> usize
    where
        F: FnOnce(&Supervisor<'scope, 'env, T, E>) -> Result<T, E> + Send + 'scope,
    {
        self.start(Site::caller(), f)
    }

    pub fn try_spawn_at<F>(&self, site: &'static str, f: F) -> usize
    where
        F: FnOnce(&Supervisor<'scope, 'env, T, E>) -> Result<T, E> + Send + 'scope,
    {
        self.start(Site::Aurora(site), f)
    }

    fn start<F>(&self, site: Site, f: F) -> usize
    where
        F: FnOnce(&Supervisor<'scope, 'env, T, E>) -> Result<T, E> + Send + 'scope,
    {
        let index = {
            let mut outcomes = lock(&self.shared.outcomes);
            outcomes.push(None);
            outcomes.len() - 1
        };
        let ctx = Context {
            token: Some(self.shared.token.child(Deadline::never())),
            locals: context::current_locals(),
        };
        let sup = self.clone();
        self.std.spawn(move || {
            let outcome = match run_task(ctx, || f(&sup)) {
                Ended::Value(v) => Outcome::Ok(v),
                Ended::Failed(e) => Outcome::Failed(e),
                Ended::Panicked(payload) => Outcome::Panicked(Panic { site, payload }),
                Ended::Cancelled(c) => Outcome::Cancelled(c),
            };
            lock(&sup.shared.outcomes)[index] = Some(outcome);
        });
        index
    }

    /// Cancel every task of this scope.
    pub fn cancel(&self) {
        self.shared.token.cancel();
    }

    pub fn is_cancelled(&self) -> bool {
        self.shared.token.is_cancelled()
    }
}

/// `supervisor scope { ... }` as Aurora has it: tasks that give a `T` or panic, a body whose
/// value is not needed; the result is every task's outcome in spawn order.
#[track_caller]
pub fn supervise<'env, T, F>(f: F) -> Vec<Outcome<T>>
where
    T: Send,
    F: for<'scope> FnOnce(&Supervisor<'scope, 'env, T>),
{
    supervisor_scope(f).1
}

/// `supervisor scope { ... }`: run `f`, wait for every task, and return the body's value with
/// every task's outcome in spawn order. A task's failure does not cancel the others. A panic of
/// the body itself cancels the tasks and resurfaces once they have ended; a body cancelled from
/// outside keeps unwinding as cancelled.
#[track_caller]
pub fn supervisor_scope<'env, T, E, R, F>(f: F) -> (R, Vec<Outcome<T, E>>)
where
    T: Send,
    E: Send,
    F: for<'scope> FnOnce(&Supervisor<'scope, 'env, T, E>) -> R,
{
    let outer = context::current();
    let token = match &outer.token {
        Some(parent) => parent.child(Deadline::never()),
        None => Token::new(Deadline::never()),
    };
    let shared = Arc::new(Shared {
        token: token.clone(),
        outcomes: Mutex::new(Vec::new()),
    });
    let body = thread::scope(|s| {
        let sup = Supervisor {
            std: s,
            shared: shared.clone(),
        };
        let ctx = Context {
            token: Some(token.clone()),
            locals: outer.locals.clone(),
        };
        let ended = run_task::<R, std::convert::Infallible>(ctx, || Ok(f(&sup)));
        if !matches!(ended, Ended::Value(_)) {
            // The body cannot collect results any more: stop the tasks instead of waiting.
            token.cancel_with(CancelReason::SiblingFailed);
        }
        ended
    });
    let outcomes = std::mem::take(&mut *lock(&shared.outcomes))
        .into_iter()
        .map(|o| o.unwrap_or(Outcome::Cancelled(Cancelled::new(CancelReason::Requested))))
        .collect();
    match body {
        Ended::Value(v) => (v, outcomes),
        Ended::Failed(never) => match never {},
        Ended::Panicked(p) => panic::resume_unwind(p),
        Ended::Cancelled(c) => c.unwind(),
    }
}
