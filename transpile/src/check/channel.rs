//! Channels (§15): `channel[T](capacity: n, overflow: p)` and the checks on its arguments. The
//! methods of the two ends are in the built-in table (`builtins.rs`).

use aurora_grammar::ast::{Arg, Expr, ExprKind, SelectArm, SelectOp};
use aurora_grammar::Diagnostic;

use super::expr::{better, known};
use super::scope::Origin;
use super::types::show;
use super::walk::Walker;
use super::Ty;

/// The overflow policies a bounded channel may declare, as written.
pub const OVERFLOW_POLICIES: &[&str] = &["block", "drop_oldest", "drop_newest"];

/// The policy an `overflow:` argument names, if it is one of [`OVERFLOW_POLICIES`].
pub fn overflow_policy(value: &Expr) -> Option<&'static str> {
    match &value.kind {
        ExprKind::Name(n) => OVERFLOW_POLICIES.iter().find(|p| **p == n.name).copied(),
        _ => None,
    }
}

impl Walker<'_> {
    /// `channel[T](..)`: a pair `(Sender[T], Receiver[T])`.
    pub(crate) fn channel_call(&mut self, e: &Expr, targs: &[Ty], args: &[Arg]) -> Ty {
        let elem = match targs {
            [t] => t.clone(),
            _ => {
                self.errors.push(
                    Diagnostic::error(e.span, "`channel` needs the type of its items")
                        .label(format!(
                            "{} type argument{} given",
                            targs.len(),
                            if targs.len() == 1 { " was" } else { "s were" }
                        ))
                        .help("write it in brackets: `channel[int](capacity: 4)`"),
                );
                Ty::Unknown
            }
        };
        let mut capacity = None;
        let mut overflow = None;
        for a in args {
            match a.name.as_ref().map(|n| n.name.as_str()) {
                Some("capacity") if capacity.is_none() => {
                    capacity = Some(a);
                    let t = self.expr(&a.value, Some(&Ty::Int));
                    if !matches!(t.peel(), Ty::Int | Ty::Unknown | Ty::Never) {
                        self.errors.push(
                            Diagnostic::error(
                                a.value.span,
                                format!("a channel's capacity is an `int`, found `{}`", show(&t)),
                            )
                            .label("not an int")
                            .help("write how many items it holds: `capacity: 4`"),
                        );
                    }
                }
                Some("overflow") if overflow.is_none() => {
                    overflow = Some(a);
                    if overflow_policy(&a.value).is_none() {
                        self.errors.push(
                            Diagnostic::error(a.value.span, "unknown overflow policy")
                                .label("not a policy")
                                .help("write `overflow: block`, `overflow: drop_oldest` or `overflow: drop_newest`"),
                        );
                    }
                }
                _ => {
                    self.expr(&a.value, None);
                    let d = match &a.name {
                        None => Diagnostic::error(a.span, "a channel's arguments are named")
                            .label("unnamed argument")
                            .help(format!("write `capacity: {}`", self.text(a.value.span))),
                        Some(n) => Diagnostic::error(
                            n.span,
                            format!("`channel` has no repeated or unknown argument `{}`", n.name),
                        )
                        .label("not an argument of `channel`")
                        .help("`channel` takes `capacity:` and `overflow:`, each at most once"),
                    };
                    self.errors.push(d);
                }
            }
        }
        if let (Some(o), None) = (overflow, capacity) {
            self.errors.push(
                Diagnostic::error(o.span, "an unbounded channel never overflows")
                    .label("`overflow` without a `capacity`")
                    .help("give the channel a capacity, `channel[T](capacity: 16, overflow: drop_oldest)`, or remove `overflow`"),
            );
        }
        Ty::Tuple(vec![
            Ty::Sender(Box::new(elem.clone())),
            Ty::Receiver(Box::new(elem)),
        ])
    }

    /// The argument of `rx.recv(timeout: d)`: named `timeout`, a `duration`.
    pub(crate) fn recv_timeout_arg(&mut self, a: &Arg) {
        let t = self.expr(&a.value, Some(&Ty::Duration));
        if a.name.as_ref().is_none_or(|n| n.name != "timeout") {
            self.errors.push(
                Diagnostic::error(a.span, "the argument of `recv` is its `timeout`")
                    .label("not named `timeout`")
                    .help(format!(
                        "write `recv(timeout: {})`",
                        self.text(a.value.span)
                    )),
            );
        } else if !matches!(t.peel(), Ty::Duration | Ty::Unknown | Ty::Never) {
            self.errors.push(
                Diagnostic::error(
                    a.value.span,
                    format!("a `recv` timeout is a `duration`, found `{}`", show(&t)),
                )
                .label("not a duration")
                .help("write the time with its unit: `recv(timeout: 100ms)`"),
            );
        }
    }

    /// `close END`: END is a channel end this code owns (a local, not a borrow).
    pub(crate) fn close_expr(&mut self, end: &Expr) -> Ty {
        let t = self.expr(end, None);
        let owned_end = matches!(t, Ty::Sender(_) | Ty::Receiver(_));
        let is_name = matches!(end.kind, ExprKind::Name(_));
        if !(is_name && (owned_end || matches!(t, Ty::Unknown | Ty::Never))) {
            self.errors.push(
                Diagnostic::error(end.span, "`close` takes a channel end")
                    .label(format!("this is `{}`, not a `Sender` or `Receiver` of its own", show(&t)))
                    .help("close a variable holding an end: `close tx`; a borrowed end (`ref Sender[T]`) belongs to its caller"),
            );
        }
        Ty::Unit
    }

    /// `select { .. }`: its arms' operations, at most one `after` or `default`, and the
    /// arms' common type.
    pub(crate) fn select_expr(&mut self, e: &Expr, arms: &[SelectArm], exp: Option<&Ty>) -> Ty {
        let mut waits = 0;
        let mut fallback: Option<&SelectArm> = None;
        let mut ty: Option<Ty> = None;
        for arm in arms {
            self.scopes.push();
            match &arm.op {
                SelectOp::Recv { rx, binding } => {
                    waits += 1;
                    let t = self.expr(rx, None);
                    let elem = match t.peel() {
                        Ty::Receiver(t) => (**t).clone(),
                        Ty::Unknown | Ty::Never => Ty::Unknown,
                        other => {
                            self.end_error(rx, "recv", "Receiver", other);
                            Ty::Unknown
                        }
                    };
                    if let Some(p) = binding {
                        self.irrefutable(p, "recv");
                        self.bind(p, &Ty::Option(Box::new(elem)), Origin::Pattern, false);
                    }
                }
                SelectOp::Send { tx, value } => {
                    waits += 1;
                    let t = self.expr(tx, None);
                    let elem = match t.peel() {
                        Ty::Sender(t) => known(t).cloned(),
                        Ty::Unknown | Ty::Never => None,
                        other => {
                            self.end_error(tx, "send", "Sender", other);
                            None
                        }
                    };
                    self.expr(value, elem.as_ref());
                }
                SelectOp::After(d) => {
                    let t = self.expr(d, Some(&Ty::Duration));
                    if !matches!(t.peel(), Ty::Duration | Ty::Unknown | Ty::Never) {
                        self.errors.push(
                            Diagnostic::error(
                                d.span,
                                format!("`after` needs a `duration`, found `{}`", show(&t)),
                            )
                            .label("not a duration")
                            .help("write the time with its unit: `after(100ms)`"),
                        );
                    }
                }
                SelectOp::Default => {}
            }
            if matches!(arm.op, SelectOp::After(_) | SelectOp::Default) {
                if let Some(first) = fallback {
                    self.errors.push(
                        Diagnostic::error(
                            arm.span,
                            "a `select` has at most one `after` or `default` arm",
                        )
                        .label("a second arm for when nothing is ready")
                        .secondary(first.span, "the first one")
                        .help("keep one: `default` does not wait, `after(d)` waits up to `d`"),
                    );
                } else {
                    fallback = Some(arm);
                }
            }
            let want = exp
                .cloned()
                .or_else(|| ty.as_ref().and_then(known).cloned());
            let bt = self.expr(&arm.body, want.as_ref());
            self.leave_scope();
            match &ty {
                None => ty = Some(bt),
                Some(cur) if better(&bt, cur) => ty = Some(bt),
                _ => {}
            }
        }
        if waits == 0 {
            self.errors.push(
                Diagnostic::error(e.span, "a `select` without a `recv` or `send` arm")
                    .label("nothing to wait for")
                    .help(
                        "add an arm such as `recv(rx) -> v => ..`; to wait a while, use `sleep(d)`",
                    ),
            );
        }
        ty.unwrap_or(Ty::Never)
    }

    fn end_error(&mut self, end: &Expr, op: &str, want: &str, found: &Ty) {
        self.errors.push(
            Diagnostic::error(
                end.span,
                format!(
                    "`{op}` in a `select` needs a `{want}`, found `{}`",
                    show(found)
                ),
            )
            .label(format!("not a `{want}`"))
            .help(format!(
                "`{op}(..)` names an end of a channel made with `channel[T](..)`"
            )),
        );
    }
}
