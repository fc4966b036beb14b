//! Cancellation: the `Cancelled` outcome, hierarchical tokens and absolute deadlines.
//!
//! A token belongs to one scope or task. Cancelling it cancels every token below it: those that
//! exist (the cancel walks down the tree) and those created later (a child created under a
//! cancelled parent starts cancelled). A token may carry an absolute deadline, the earlier of its
//! own and its parent's; it is checked where it is read (`is_cancelled`, and every wait parks at
//! most until the deadline), so no timer thread is needed and a deadline is seen as precisely as
//! the OS wakes a parked thread.

use crossbeam_channel::{Receiver, Sender};
use std::convert::Infallible;
use std::fmt;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError, Weak};
use std::thread::{Thread, ThreadId};
use std::time::{Duration, Instant};

/// Why a token was cancelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CancelReason {
    /// Someone called `cancel` (on the scope, a task, or a token).
    Requested,
    /// The deadline of this scope or of an enclosing one passed.
    DeadlineExceeded,
    /// Another task of a fail-fast scope failed (panicked or returned `Err`).
    SiblingFailed,
}

impl CancelReason {
    fn code(self) -> u8 {
        match self {
            CancelReason::Requested => 1,
            CancelReason::DeadlineExceeded => 2,
            CancelReason::SiblingFailed => 3,
        }
    }

    fn from_code(code: u8) -> Option<Self> {
        match code {
            1 => Some(CancelReason::Requested),
            2 => Some(CancelReason::DeadlineExceeded),
            3 => Some(CancelReason::SiblingFailed),
            _ => None,
        }
    }
}

/// The outcome of an operation that stopped because its task was cancelled.
///
/// Deliberately *not* a `std::error::Error` and convertible into nothing: `?` cannot turn it into
/// a user error type (`Box<dyn Error>`, `String`, an error enum) by accident. Generated code
/// propagates it by unwinding ([`Cancelled::unwind`], [`OrUnwind::or_unwind`]), which the task
/// or scope that owns the cancelled token catches; Aurora has no construct that catches an
/// unwind, so user code cannot swallow it.
///
/// ```compile_fail
/// fn load() -> Result<(), Box<dyn std::error::Error>> {
///     aurora_std::check_cancel()?; // error: `Cancelled` is not an error type
///     Ok(())
/// }
/// ```
///
/// ```compile_fail
/// fn load() -> Result<(), String> {
///     aurora_std::sleep(std::time::Duration::from_millis(1))?; // no `From<Cancelled>`
///     Ok(())
/// }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Cancelled {
    reason: CancelReason,
}

impl Cancelled {
    pub fn new(reason: CancelReason) -> Self {
        Cancelled { reason }
    }

    pub fn reason(self) -> CancelReason {
        self.reason
    }

    /// Leave the current task by unwinding with this value as the payload. The panic hook does
    /// not run (`resume_unwind`), so nothing is printed; the task ends with the outcome
    /// "cancelled", which is not a failure.
    pub fn unwind(self) -> ! {
        std::panic::resume_unwind(Box::new(self))
    }
}

impl fmt::Display for Cancelled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.reason {
            CancelReason::Requested => f.write_str("cancelled"),
            CancelReason::DeadlineExceeded => f.write_str("cancelled: deadline exceeded"),
            CancelReason::SiblingFailed => f.write_str("cancelled: a sibling task failed"),
        }
    }
}

/// `result.or_unwind()`: the value, or leave the task as cancelled. How generated code turns a
/// cancellation point's `Result<T, Cancelled>` into `T`.
pub trait OrUnwind<T> {
    fn or_unwind(self) -> T;
}

impl<T> OrUnwind<T> for Result<T, Cancelled> {
    #[inline]
    fn or_unwind(self) -> T {
        match self {
            Ok(v) => v,
            Err(c) => c.unwind(),
        }
    }
}

/// An absolute point in time after which a scope is cancelled; `never()` has none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Deadline(Option<Instant>);

impl Deadline {
    pub fn at(instant: Instant) -> Self {
        Deadline(Some(instant))
    }

    /// `timeout` from now; one too far to represent is no deadline.
    pub fn after(timeout: Duration) -> Self {
        Deadline(Instant::now().checked_add(timeout))
    }

    pub fn never() -> Self {
        Deadline(None)
    }

    pub fn instant(self) -> Option<Instant> {
        self.0
    }

    pub fn has_passed(self) -> bool {
        self.0.is_some_and(|d| Instant::now() >= d)
    }
}

/// A node of the cancellation tree. Cloning gives another handle to the same node.
#[derive(Clone)]
pub struct Token(Arc<Node>);

struct Node {
    /// 0 while live, else the `CancelReason` code of the first cancel.
    state: AtomicU8,
    deadline: Option<Instant>,
    links: Mutex<Links>,
    /// Disconnected when the token is cancelled: a channel wait selects on it to wake at a
    /// cancel (`signal`). Made on first use, so tokens that never wait on a channel pay nothing.
    signal: OnceLock<Receiver<Infallible>>,
}

#[derive(Default)]
struct Links {
    children: Vec<Weak<Node>>,
    waiters: Vec<Thread>,
    /// The only sender of `signal`, dropped by the cancel.
    signal_tx: Option<Sender<Infallible>>,
}

pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // The runtime never panics while holding its locks; a poisoned one still holds valid data.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Token {
    /// A token with no parent.
    pub fn new(deadline: Deadline) -> Self {
        Token(Arc::new(Node {
            state: AtomicU8::new(0),
            deadline: deadline.0,
            links: Mutex::new(Links::default()),
            signal: OnceLock::new(),
        }))
    }

    /// A token below this one: cancelled whenever this one is (now or later), with the earlier
    /// of the two deadlines.
    pub fn child(&self, deadline: Deadline) -> Token {
        let deadline = match (self.0.deadline, deadline.0) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let node = Arc::new(Node {
            state: AtomicU8::new(0),
            deadline,
            links: Mutex::new(Links::default()),
            signal: OnceLock::new(),
        });
        let mut links = lock(&self.0.links);
        // Prune dead children when the list would grow, so a scope with many short tasks keeps
        // a list about as long as its live tasks (amortised O(1) per child).
        if links.children.len() == links.children.capacity() && links.children.len() >= 8 {
            links.children.retain(|w| w.strong_count() > 0);
        }
        links.children.push(Arc::downgrade(&node));
        // Read under the lock: `cancel_with` sets the state *before* taking this lock, so either
        // it sees the new child in the list or the child sees the state here.
        node.state
            .store(self.0.state.load(Ordering::SeqCst), Ordering::SeqCst);
        drop(links);
        Token(node)
    }

    /// Cancelled explicitly, by an ancestor, or because the deadline passed.
    #[inline]
    pub fn is_cancelled(&self) -> bool {
        if self.0.state.load(Ordering::Acquire) != 0 {
            return true;
        }
        match self.0.deadline {
            Some(d) if Instant::now() >= d => {
                self.cancel_with(CancelReason::DeadlineExceeded);
                true
            }
            _ => false,
        }
    }

    /// `Err(Cancelled)` if cancelled (see `is_cancelled`).
    #[inline]
    pub fn check(&self) -> Result<(), Cancelled> {
        if self.is_cancelled() {
            Err(Cancelled::new(
                self.reason().unwrap_or(CancelReason::Requested),
            ))
        } else {
            Ok(())
        }
    }

    /// Why this token was cancelled, if it was.
    pub fn reason(&self) -> Option<CancelReason> {
        CancelReason::from_code(self.0.state.load(Ordering::Acquire))
    }

    pub fn deadline(&self) -> Deadline {
        Deadline(self.0.deadline)
    }

    /// Cancel this token and every token below it, waking their blocked waiters.
    pub fn cancel(&self) {
        self.cancel_with(CancelReason::Requested);
    }

    pub(crate) fn cancel_with(&self, reason: CancelReason) {
        // Iterative, so a deep task tree cannot overflow the canceller's stack.
        let mut stack = vec![self.0.clone()];
        while let Some(node) = stack.pop() {
            let won = node
                .state
                .compare_exchange(0, reason.code(), Ordering::SeqCst, Ordering::SeqCst)
                .is_ok();
            if !won {
                // Already cancelled: whoever did it walks (or walked) this subtree.
                continue;
            }
            let mut links = lock(&node.links);
            // Unpark after unlocking: a woken waiter's first step is to take this lock to
            // unregister, and finding it held would put it straight back to sleep.
            let waiters = links.waiters.clone();
            let signal_tx = links.signal_tx.take();
            stack.extend(links.children.iter().filter_map(Weak::upgrade));
            drop(links);
            // Disconnecting wakes every channel wait selecting on `signal`.
            drop(signal_tx);
            for waiter in waiters {
                waiter.unpark();
            }
        }
    }

    pub(crate) fn add_waiter(&self, thread: Thread) {
        lock(&self.0.links).waiters.push(thread);
    }

    pub(crate) fn remove_waiter(&self, id: ThreadId) {
        let mut links = lock(&self.0.links);
        if let Some(i) = links.waiters.iter().position(|t| t.id() == id) {
            links.waiters.swap_remove(i);
        }
    }

    pub(crate) fn raw_deadline(&self) -> Option<Instant> {
        self.0.deadline
    }

    /// A receiver that never yields a value and is disconnected once this token is cancelled
    /// by a `cancel` (not by its deadline passing: waits add the deadline as their timeout).
    /// Channel waits select on it next to the channel, so a cancel wakes them.
    pub fn signal(&self) -> &Receiver<Infallible> {
        self.0.signal.get_or_init(|| {
            let (tx, rx) = crossbeam_channel::bounded(0);
            let mut links = lock(&self.0.links);
            // Decided under the lock: `cancel_with` sets the state before taking it, so either
            // it finds this sender to drop or the state read here is already cancelled.
            if self.0.state.load(Ordering::SeqCst) == 0 {
                links.signal_tx = Some(tx);
            }
            rx
        })
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Token")
            .field("cancelled", &self.reason())
            .field("deadline", &self.0.deadline)
            .finish()
    }
}
