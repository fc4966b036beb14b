//! The current task context of a thread: its cancellation token and its task-local bindings.
//!
//! The runtime sets it when a task starts and while a scope's body runs; user code never sees
//! the thread-local itself, only `cancelled()`, `check_cancel()` and `TaskLocal::get`.

use crate::cancel::{CancelReason, Cancelled, Token};
use std::any::Any;
use std::cell::RefCell;
use std::sync::Arc;

/// Task-local bindings: an immutable list, newest first, so capturing them at a spawn is one
/// reference-count increment and a binding never changes under a task that inherited it.
#[derive(Clone, Default)]
pub(crate) struct Locals(Option<Arc<Binding>>);

pub(crate) struct Binding {
    key: usize,
    value: Box<dyn Any + Send + Sync>,
    next: Locals,
}

impl Locals {
    pub(crate) fn bind(&self, key: usize, value: Box<dyn Any + Send + Sync>) -> Locals {
        Locals(Some(Arc::new(Binding {
            key,
            value,
            next: self.clone(),
        })))
    }

    /// The newest binding of `key`; keeps the list alive while `f` reads it.
    pub(crate) fn find<R>(
        &self,
        key: usize,
        f: impl FnOnce(Option<&(dyn Any + Send + Sync)>) -> R,
    ) -> R {
        let mut cur = self.0.as_deref();
        while let Some(b) = cur {
            if b.key == key {
                return f(Some(b.value.as_ref()));
            }
            cur = b.next.0.as_deref();
        }
        f(None)
    }
}

#[derive(Clone, Default)]
pub(crate) struct Context {
    /// `None` outside every scope (e.g. `main` before its first scope): never cancelled.
    pub(crate) token: Option<Token>,
    pub(crate) locals: Locals,
}

thread_local! {
    static CURRENT: RefCell<Context> = RefCell::new(Context::default());
}

pub(crate) fn current() -> Context {
    CURRENT.with(|c| c.borrow().clone())
}

pub(crate) fn current_token() -> Option<Token> {
    CURRENT.with(|c| c.borrow().token.clone())
}

pub(crate) fn current_locals() -> Locals {
    CURRENT.with(|c| c.borrow().locals.clone())
}

/// Install `ctx` as the current context until the guard drops (also on unwind).
pub(crate) fn enter(ctx: Context) -> Restore {
    Restore(Some(CURRENT.with(|c| c.replace(ctx))))
}

/// Replace only the locals (a `with` binding) until the guard drops.
pub(crate) fn enter_locals(locals: Locals) -> Restore {
    let mut ctx = current();
    ctx.locals = locals;
    enter(ctx)
}

pub(crate) struct Restore(Option<Context>);

impl Drop for Restore {
    fn drop(&mut self) {
        if let Some(prev) = self.0.take() {
            // `try_with`: during thread teardown the slot may already be gone; nothing to restore.
            let _ = CURRENT.try_with(|c| c.replace(prev));
        }
    }
}

/// Whether the current task (or scope body) has been cancelled. `false` outside every scope.
pub fn cancelled() -> bool {
    CURRENT.with(|c| c.borrow().token.as_ref().is_some_and(Token::is_cancelled))
}

/// `Err(Cancelled)` if the current task has been cancelled: Aurora's `check_cancel()`.
pub fn check_cancel() -> Result<(), Cancelled> {
    match current_token() {
        Some(t) => t.check(),
        None => Ok(()),
    }
}

/// Unwind as cancelled if the current task has been cancelled: a cancellation point for code
/// that does not return a `Result`.
pub fn cancel_point() {
    if let Err(c) = check_cancel() {
        c.unwind()
    }
}

/// The current task's token (`None` outside every scope); a handle to cancel it from elsewhere.
pub fn current_cancel_token() -> Option<Token> {
    current_token()
}

/// The reason the current task was cancelled, if it was.
pub fn cancel_reason() -> Option<CancelReason> {
    current_token().and_then(|t| if t.is_cancelled() { t.reason() } else { None })
}
