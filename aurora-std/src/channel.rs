//! Channels: crossbeam-channel, plus what it lacks for Aurora.
//!
//! Everything crossbeam already does (bounded, unbounded and zero-capacity channels, cloning
//! ends, disconnection, `select!`) is crossbeam's. This module adds two things:
//!
//! - overflow policies for bounded channels: besides blocking (crossbeam's), *drop the newest*
//!   (the item being sent) or *drop the oldest* (the item at the head of the queue), each drop
//!   counted on the channel ([`Sender::dropped`]) so no item disappears unseen;
//! - cancellation: a blocking `send`, `recv` or `select` in a task returns `Cancelled` promptly
//!   when the task is cancelled or its deadline passes. The wait selects on the channel and on
//!   the task token's [`Token::signal`] (disconnected by a cancel), with the deadline as its
//!   timeout. The ready path (an item or room is there) is one `try_` call, as by hand.
//!
//! A channel is *closed* for its receivers when every sending end is gone (dropped, or closed
//! with `close`), and for its senders when every receiving end is gone; what was sent before is
//! still received. A send to a closed channel hands the value back.

use crate::cancel::{Cancelled, Token};
use crate::context;
use crossbeam_channel as cb;
use std::convert::Infallible;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

/// What a send does when a bounded channel is full.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Overflow {
    /// Wait for room (back-pressure). The default, and crossbeam's behaviour.
    Block,
    /// Drop the item being sent; the channel keeps its queue.
    DropNewest,
    /// Drop the item at the head of the queue to make room for the one being sent.
    DropOldest,
}

/// A bounded channel with room for `capacity` items (0: every send waits for a receiver).
pub fn bounded<T>(capacity: usize) -> (Sender<T>, Receiver<T>) {
    with_overflow(capacity, Overflow::Block)
}

/// A channel without a bound: a send never waits.
pub fn unbounded<T>() -> (Sender<T>, Receiver<T>) {
    let (tx, rx) = cb::unbounded();
    (Sender::new(tx, Policy::Block), Receiver { inner: rx })
}

/// A bounded channel with an overflow policy. With a drop policy a send never waits; a capacity
/// of 0 has no queue to drop from, so it is taken as 1.
pub fn with_overflow<T>(capacity: usize, overflow: Overflow) -> (Sender<T>, Receiver<T>) {
    let capacity = match overflow {
        Overflow::Block => capacity,
        Overflow::DropNewest | Overflow::DropOldest => capacity.max(1),
    };
    let (tx, rx) = cb::bounded(capacity);
    let policy = match overflow {
        Overflow::Block => Policy::Block,
        Overflow::DropNewest => Policy::DropNewest(Arc::default()),
        Overflow::DropOldest => Policy::DropOldest(rx.clone(), Arc::default()),
    };
    (Sender::new(tx, policy), Receiver { inner: rx })
}

/// How long a blocking send or receive in a task first waits on the channel alone, with
/// crossbeam's own blocking call, before it waits on the channel and the task's cancellation
/// signal together. crossbeam's own call hands an item over directly to the waiting side (on a
/// rendezvous channel, one wake-up per item); a `Select` over the channel and the signal cannot,
/// and costs about twice as much per item when every operation waits (`benches/channels.rs`).
/// The price: a cancel that arrives during this first wait is seen when it ends, at most this
/// much later. A deadline is never overshot (the first wait ends at it).
const FIRST_WAIT: Duration = Duration::from_millis(10);

enum Policy<T> {
    Block,
    /// The drop count, shared by every clone of the sending end.
    DropNewest(Arc<AtomicU64>),
    /// A receiving end of its own to pop the oldest item with, and the drop count. Holding it
    /// means the channel never looks closed to its senders (see `docs/runtime.md`).
    DropOldest(cb::Receiver<T>, Arc<AtomicU64>),
}

impl<T> Clone for Policy<T> {
    fn clone(&self) -> Self {
        match self {
            Policy::Block => Policy::Block,
            Policy::DropNewest(n) => Policy::DropNewest(n.clone()),
            Policy::DropOldest(rx, n) => Policy::DropOldest(rx.clone(), n.clone()),
        }
    }
}

/// Why a send did not deliver its value; the value comes back either way.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum SendError<T> {
    /// Every receiving end is gone.
    Closed(T),
    /// The sending task was cancelled (or its deadline passed) while it waited for room.
    Cancelled(T, Cancelled),
}

impl<T> SendError<T> {
    /// The value that was not sent.
    pub fn into_inner(self) -> T {
        match self {
            SendError::Closed(v) | SendError::Cancelled(v, _) => v,
        }
    }
}

impl<T> fmt::Debug for SendError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SendError::Closed(_) => f.write_str("Closed(..)"),
            SendError::Cancelled(_, c) => write!(f, "Cancelled(.., {c:?})"),
        }
    }
}

impl<T> fmt::Display for SendError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SendError::Closed(_) => f.write_str("send on a closed channel"),
            SendError::Cancelled(_, c) => write!(f, "send {c}"),
        }
    }
}

/// How generated code ends a send: `Ok(())`, `Err(value)` when the channel is closed (the
/// value handed back), or leave the task as cancelled.
impl<T> crate::OrUnwind<Result<(), T>> for Result<(), SendError<T>> {
    #[inline]
    fn or_unwind(self) -> Result<(), T> {
        match self {
            Ok(()) => Ok(()),
            Err(SendError::Closed(v)) => Err(v),
            Err(SendError::Cancelled(_, c)) => c.unwind(),
        }
    }
}

/// The sending end of a channel. Cloning it gives another sender of the same channel; the
/// channel closes for its receivers when every sender is dropped.
pub struct Sender<T> {
    inner: cb::Sender<T>,
    policy: Policy<T>,
}

impl<T> Clone for Sender<T> {
    fn clone(&self) -> Self {
        Sender {
            inner: self.inner.clone(),
            policy: self.policy.clone(),
        }
    }
}

impl<T> fmt::Debug for Sender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Sender { .. }")
    }
}

impl<T> Sender<T> {
    fn new(inner: cb::Sender<T>, policy: Policy<T>) -> Self {
        Sender { inner, policy }
    }

    /// Send `value`, waiting for room while a blocking channel is full. A cancellation point:
    /// the wait ends with `SendError::Cancelled` (the value handed back) when the current task
    /// is cancelled or its deadline passes. With a drop policy it never waits.
    #[inline]
    pub fn send(&self, value: T) -> Result<(), SendError<T>> {
        match &self.policy {
            Policy::Block => match self.inner.try_send(value) {
                Ok(()) => Ok(()),
                Err(cb::TrySendError::Disconnected(v)) => Err(SendError::Closed(v)),
                Err(cb::TrySendError::Full(v)) => self.send_waiting(v),
            },
            Policy::DropNewest(dropped) => match self.inner.try_send(value) {
                Ok(()) => Ok(()),
                Err(cb::TrySendError::Disconnected(v)) => Err(SendError::Closed(v)),
                Err(cb::TrySendError::Full(v)) => {
                    dropped.fetch_add(1, Ordering::Relaxed);
                    drop(v);
                    Ok(())
                }
            },
            Policy::DropOldest(head, dropped) => {
                let mut value = value;
                loop {
                    match self.inner.try_send(value) {
                        Ok(()) => return Ok(()),
                        Err(cb::TrySendError::Disconnected(v)) => return Err(SendError::Closed(v)),
                        Err(cb::TrySendError::Full(v)) => {
                            value = v;
                            // A receiver may have taken the head meanwhile: then there is room
                            // and nothing is dropped.
                            if head.try_recv().is_ok() {
                                dropped.fetch_add(1, Ordering::Relaxed);
                            }
                        }
                    }
                }
            }
        }
    }

    #[cold]
    fn send_waiting(&self, value: T) -> Result<(), SendError<T>> {
        let Some(token) = context::current_token() else {
            // Outside every scope nothing can cancel the wait.
            return self.inner.send(value).map_err(|e| SendError::Closed(e.0));
        };
        if let Err(c) = token.check() {
            return Err(SendError::Cancelled(value, c));
        }
        // First the channel's own blocking send, for a moment (see `FIRST_WAIT`).
        let first = earlier(Instant::now().checked_add(FIRST_WAIT), token.raw_deadline());
        let value = match first {
            Some(first) => match self.inner.send_deadline(value, first) {
                Ok(()) => return Ok(()),
                Err(cb::SendTimeoutError::Disconnected(v)) => return Err(SendError::Closed(v)),
                Err(cb::SendTimeoutError::Timeout(v)) => v,
            },
            None => value,
        };
        loop {
            if let Err(c) = token.check() {
                return Err(SendError::Cancelled(value, c));
            }
            let mut sel = cb::Select::new();
            let send = sel.send(&self.inner);
            sel.recv(token.signal());
            let picked = match token.raw_deadline() {
                Some(d) => sel.select_deadline(d),
                None => Ok(sel.select()),
            };
            match picked {
                Ok(op) if op.index() == send => {
                    return op
                        .send(&self.inner, value)
                        .map_err(|e| SendError::Closed(e.0))
                }
                // The signal is disconnected (a cancel), or the deadline passed: `check` says.
                Ok(op) => {
                    let _ = op.recv(token.signal());
                }
                Err(cb::SelectTimeoutError) => {}
            }
            // The check at the top of the loop reports the cancel or the passed deadline.
        }
    }

    /// Send without waiting: crossbeam's `try_send` (full or closed hand the value back). With
    /// a drop policy, a full channel drops an item as `send` does.
    pub fn try_send(&self, value: T) -> Result<(), cb::TrySendError<T>> {
        match &self.policy {
            Policy::Block => self.inner.try_send(value),
            Policy::DropNewest(_) | Policy::DropOldest(..) => match self.send(value) {
                Ok(()) => Ok(()),
                Err(e) => Err(cb::TrySendError::Disconnected(e.into_inner())),
            },
        }
    }

    /// Aurora's `tx.send(x)` whose result is not used: send, and fail the task (a panic) if the
    /// channel is closed, since no one is there to get the value back; leave the task as
    /// cancelled if it is cancelled while waiting.
    #[track_caller]
    #[inline]
    pub fn deliver(&self, value: T) {
        match self.send(value) {
            Ok(()) => {}
            Err(SendError::Closed(_)) => panic!("send on a closed channel"),
            Err(SendError::Cancelled(_, c)) => c.unwind(),
        }
    }

    /// How many items a drop policy has dropped so far (0 for a blocking channel).
    pub fn dropped(&self) -> u64 {
        match &self.policy {
            Policy::Block => 0,
            Policy::DropNewest(n) | Policy::DropOldest(_, n) => n.load(Ordering::Relaxed),
        }
    }

    /// The crossbeam sender, for `crossbeam_channel::select!` (a send arm waits for room
    /// whatever the policy).
    pub fn crossbeam(&self) -> &cb::Sender<T> {
        &self.inner
    }

    pub fn len(&self) -> usize {
        self.inner.len()
    }

    pub fn is_empty(&self) -> bool {
        self.inner.is_empty()
    }
}

/// The receiving end of a channel. Cloning it gives another receiver of the same channel (each
/// item goes to one of them).
pub struct Receiver<T> {
    inner: cb::Receiver<T>,
}

impl<T> Clone for Receiver<T> {
    fn clone(&self) -> Self {
        Receiver {
            inner: self.inner.clone(),
        }
    }
}

impl<T> fmt::Debug for Receiver<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Receiver { .. }")
    }
}

impl<T> Receiver<T> {
    /// The next item, waiting for one; `None` once the channel is closed and drained. A
    /// cancellation point (`Err` when the current task is cancelled or its deadline passes).
    #[inline]
    pub fn recv(&self) -> Result<Option<T>, Cancelled> {
        match self.inner.try_recv() {
            Ok(v) => Ok(Some(v)),
            Err(cb::TryRecvError::Disconnected) => Ok(None),
            Err(cb::TryRecvError::Empty) => self.recv_waiting(None),
        }
    }

    /// Like `recv`, but `Ok(None)` also when nothing arrives within `timeout`.
    pub fn recv_timeout(&self, timeout: Duration) -> Result<Option<T>, Cancelled> {
        match self.inner.try_recv() {
            Ok(v) => Ok(Some(v)),
            Err(cb::TryRecvError::Disconnected) => Ok(None),
            Err(cb::TryRecvError::Empty) => self.recv_waiting(Instant::now().checked_add(timeout)),
        }
    }

    #[cold]
    fn recv_waiting(&self, until: Option<Instant>) -> Result<Option<T>, Cancelled> {
        let Some(token) = context::current_token() else {
            return Ok(match until {
                Some(u) => self.inner.recv_deadline(u).ok(),
                None => self.inner.recv().ok(),
            });
        };
        token.check()?;
        // First the channel's own blocking receive, for a moment (see `FIRST_WAIT`).
        if let Some(first) = earlier(
            Instant::now().checked_add(FIRST_WAIT),
            earlier(until, token.raw_deadline()),
        ) {
            match self.inner.recv_deadline(first) {
                Ok(v) => return Ok(Some(v)),
                Err(cb::RecvTimeoutError::Disconnected) => return Ok(None),
                Err(cb::RecvTimeoutError::Timeout) => {}
            }
        }
        loop {
            token.check()?;
            let mut sel = cb::Select::new();
            let recv = sel.recv(&self.inner);
            sel.recv(token.signal());
            let wake = earlier(until, token.raw_deadline());
            let picked = match wake {
                Some(w) => sel.select_deadline(w),
                None => Ok(sel.select()),
            };
            match picked {
                Ok(op) if op.index() == recv => return Ok(op.recv(&self.inner).ok()),
                Ok(op) => {
                    let _ = op.recv(token.signal());
                }
                Err(cb::SelectTimeoutError) => {
                    token.check()?;
                    if until.is_some_and(|u| Instant::now() >= u) {
                        return Ok(None);
                    }
                }
            }
        }
    }

    /// The next item if one is there now; `None` when empty or closed.
    pub fn try_recv(&self) -> Option<T> {
        self.inner.try_recv().ok()
    }

    /// The items until the channel is closed and drained; leaves the task as cancelled (an
    /// unwind) when it is cancelled while waiting. Aurora's `for v in rx { }`.
    pub fn iter(&self) -> Iter<'_, T> {
        Iter { rx: self }
    }

    /// The crossbeam receiver, for `crossbeam_channel::select!`.
    pub fn crossbeam(&self) -> &cb::Receiver<T> {
        &self.inner
    }

    pub fn len(&self) -> usize {
        self.inner.len()
    }

    pub fn is_empty(&self) -> bool {
        self.inner.is_empty()
    }
}

fn earlier(a: Option<Instant>, b: Option<Instant>) -> Option<Instant> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Iterator over a receiver's items (`Receiver::iter`).
pub struct Iter<'a, T> {
    rx: &'a Receiver<T>,
}

impl<T> Iterator for Iter<'_, T> {
    type Item = T;

    #[inline]
    fn next(&mut self) -> Option<T> {
        match self.rx.recv() {
            Ok(v) => v,
            Err(c) => c.unwind(),
        }
    }
}

impl<'a, T> IntoIterator for &'a Receiver<T> {
    type Item = T;
    type IntoIter = Iter<'a, T>;

    fn into_iter(self) -> Iter<'a, T> {
        self.iter()
    }
}

/// Owning iterator: `for v in rx` consumes the receiving end.
pub struct IntoIter<T> {
    rx: Receiver<T>,
}

impl<T> Iterator for IntoIter<T> {
    type Item = T;

    #[inline]
    fn next(&mut self) -> Option<T> {
        match self.rx.recv() {
            Ok(v) => v,
            Err(c) => c.unwind(),
        }
    }
}

impl<T> IntoIterator for Receiver<T> {
    type Item = T;
    type IntoIter = IntoIter<T>;

    fn into_iter(self) -> IntoIter<T> {
        IntoIter { rx: self }
    }
}

/// The outcome of a send arm of `crossbeam_channel::select!`: fail the task when the channel
/// is closed (every receiver gone), as Aurora's `send` statement does (`Sender::deliver`).
#[track_caller]
pub fn expect_sent<T>(sent: Result<(), cb::SendError<T>>) {
    if sent.is_err() {
        panic!("send on a closed channel")
    }
}

/// What a `select` in a task adds to its arms to be a cancellation point: a receive on the
/// task token's signal (disconnected by a cancel) and the deadline as the select's timeout.
///
/// ```
/// let (tx, rx) = aurora_std::channel::bounded::<i64>(1);
/// tx.deliver(7);
/// let wake = aurora_std::Wake::current();
/// let got = aurora_std::crossbeam_channel::select! {
///     recv(rx.crossbeam()) -> v => v.ok(),
///     recv(wake.signal()) -> _ => wake.unwind(),
///     default(wake.timeout()) => wake.unwind(),
/// };
/// assert_eq!(got, Some(7));
/// ```
pub struct Wake {
    token: Option<Token>,
}

fn never() -> &'static cb::Receiver<Infallible> {
    static NEVER: OnceLock<cb::Receiver<Infallible>> = OnceLock::new();
    NEVER.get_or_init(cb::never)
}

impl Wake {
    /// The current task's cancellation (none outside every scope).
    pub fn current() -> Wake {
        Wake {
            token: context::current_token(),
        }
    }

    /// Disconnected once the task is cancelled; never ready outside every scope.
    pub fn signal(&self) -> &cb::Receiver<Infallible> {
        match &self.token {
            Some(t) => t.signal(),
            None => never(),
        }
    }

    /// How long a blocking select may wait: until the task's deadline (`Duration::MAX`, i.e.
    /// for ever, when it has none).
    pub fn timeout(&self) -> Duration {
        self.timeout_or(Duration::MAX)
    }

    /// The earlier of `after` and the time left to the deadline: the wait of a select with an
    /// `after(d)` arm. When it ends, `after_elapsed` says which came first.
    pub fn timeout_or(&self, after: Duration) -> Duration {
        match self.token.as_ref().and_then(Token::raw_deadline) {
            Some(d) => after.min(d.saturating_duration_since(Instant::now())),
            None => after,
        }
    }

    /// After a select's timeout: leave the task as cancelled when it is (the deadline passed),
    /// else return (the select's own `after` elapsed).
    pub fn after_elapsed(&self) {
        if let Some(t) = &self.token {
            if let Err(c) = t.check() {
                c.unwind()
            }
        }
    }

    /// Leave the task as cancelled (the signal fired, or the deadline passed).
    pub fn unwind(&self) -> ! {
        let c = match &self.token {
            Some(t) => t.check().err(),
            None => None,
        };
        c.unwrap_or(Cancelled::new(crate::CancelReason::Requested))
            .unwind()
    }
}
