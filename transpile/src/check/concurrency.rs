//! `scope { }`, `spawn` and `join`: the handle type `Task[T]`, `spawn` only inside a scope,
//! and the bodies that nothing may leave (they are closures in Rust).

use aurora_grammar::ast::{Block, Expr, NodeId};
use aurora_grammar::Diagnostic;

use super::expr::known;
use super::types::show;
use super::walk::{Conc, FnCx, FnKind, Walker};
use super::Ty;

impl Walker<'_> {
    /// Walk a scope's or task's body as a body of its own: no loop around it is reachable.
    fn body_of(&mut self, kind: FnKind, f: impl FnOnce(&mut Self) -> Ty) -> Ty {
        self.fns.push(FnCx {
            kind,
            ret: Ty::Unknown,
            loops: Vec::new(),
            main: false,
        });
        let t = f(self);
        self.fns.pop();
        t
    }

    pub(crate) fn scope_expr(&mut self, e: &Expr, body: &Block, exp: Option<&Ty>) -> Ty {
        self.conc.push(Conc::Scope);
        self.fallible.push(Some(Vec::new()));
        let outer_cancel = std::mem::take(&mut self.saw_cancel);
        let t = self.body_of(FnKind::ScopeBody, |w| w.block(body, exp));
        let cancels = std::mem::replace(&mut self.saw_cancel, outer_cancel);
        self.conc.pop();
        let error = self.fallible_error(e);
        let t = self.plain_scope_value(body, t, cancels);
        match error {
            Some(err) => Ty::Result(Box::new(t), Box::new(err)),
            None => t,
        }
    }

    /// Ends the fallible-task slot of the scope `e` just walked: `Some(E)`, the error type its
    /// fallible tasks share, when it has any (reporting tasks that fail with another type).
    fn fallible_error(&mut self, e: &Expr) -> Option<Ty> {
        let tasks = self.fallible.pop().flatten().unwrap_or_default();
        if tasks.is_empty() {
            return None;
        }
        self.info.fallible_scopes.insert(e.id);
        let mut error: Option<Ty> = None;
        for (span, t) in &tasks {
            let Some(t) = known(t.peel()) else { continue };
            match &error {
                None => error = Some(t.clone()),
                Some(v) if v != t => {
                    self.errors.push(
                        Diagnostic::error(
                            *span,
                            format!(
                                "the fallible tasks of a scope fail with different error types: `{}` and `{}`",
                                show(v),
                                show(t)
                            ),
                        )
                        .label(format!("this task fails with `{}`", show(t)))
                        .help(format!(
                            "the first `err` of a task is the scope's `err`, so every fallible task of a scope has one error type: turn this one into a `{}` inside the task (`match`)",
                            show(v)
                        )),
                    );
                }
                Some(_) => {}
            }
        }
        Some(error.unwrap_or(Ty::Unknown))
    }

    /// A plain scope's value from its body's type `t`.
    fn plain_scope_value(&mut self, body: &Block, t: Ty, cancels: bool) -> Ty {
        // A scope that cancels itself may end without its body's value (docs/runtime.md:
        // it is lowered to a scope that gives `Err(Cancelled)` then), so it has none.
        if cancels && !matches!(t, Ty::Unit | Ty::Never | Ty::Unknown | Ty::Task(_)) {
            let at = body.stmts.last().map_or(body.span, |s| s.span);
            self.errors.push(
                Diagnostic::error(at, "a scope that uses `cancel` has no value")
                    .label(format!("this `{}` would be the scope's value", show(&t)))
                    .help("the scope may end cancelled before this; set a `var` declared before the scope instead"),
            );
            return Ty::Unit;
        }
        if cancels {
            return Ty::Unit;
        }
        // A handle refers to its scope, so it cannot be the scope's value: a body that ends
        // with a `spawn` (`scope { spawn work() }`) starts the task and has no value.
        if matches!(t, Ty::Task(_)) {
            return Ty::Unit;
        }
        t
    }

    /// `scope(timeout: d) { .. }`: `T?`, `none` when the scope ended cancelled (its deadline
    /// or its own `cancel`), so a value is allowed even with `cancel`.
    pub(crate) fn timed_scope_expr(
        &mut self,
        e: &Expr,
        timeout: &Expr,
        body: &Block,
        exp: Option<&Ty>,
    ) -> Ty {
        let t = self.expr(timeout, Some(&Ty::Duration));
        if !matches!(t.peel(), Ty::Duration | Ty::Unknown | Ty::Never) {
            self.errors.push(
                Diagnostic::error(
                    timeout.span,
                    format!(
                        "a scope's timeout is a `duration`, not `{}`",
                        show(t.peel())
                    ),
                )
                .label("not a duration")
                .help("write the time with its unit: `scope(timeout: 2s) { }`"),
            );
        }
        self.limited_scope(e, body, exp)
    }

    /// `scope(deadline: t) { .. }`: as a timed scope, with an `instant` for the deadline.
    pub(crate) fn deadline_scope_expr(
        &mut self,
        e: &Expr,
        deadline: &Expr,
        body: &Block,
        exp: Option<&Ty>,
    ) -> Ty {
        let t = self.expr(deadline, Some(&Ty::Instant));
        if !matches!(t.peel(), Ty::Instant | Ty::Unknown | Ty::Never) {
            let help = if matches!(t.peel(), Ty::Duration) {
                "a deadline is an instant: `scope(deadline: now() + 2s) { }`, or give the duration as `scope(timeout: 2s) { }`"
            } else {
                "a deadline is an instant: `scope(deadline: now() + 2s) { }`"
            };
            self.errors.push(
                Diagnostic::error(
                    deadline.span,
                    format!(
                        "a scope's deadline is an `instant`, not `{}`",
                        show(t.peel())
                    ),
                )
                .label("not an instant")
                .help(help),
            );
        }
        self.limited_scope(e, body, exp)
    }

    /// The body of a scope with a deadline: its value is `T?`.
    fn limited_scope(&mut self, e: &Expr, body: &Block, exp: Option<&Ty>) -> Ty {
        let want = match exp.map(Ty::peel) {
            Some(Ty::Option(t)) => known(t).cloned(),
            _ => None,
        };
        self.conc.push(Conc::Scope);
        self.fallible.push(Some(Vec::new()));
        let outer_cancel = std::mem::take(&mut self.saw_cancel);
        let t = self.body_of(FnKind::ScopeBody, |w| w.block(body, want.as_ref()));
        self.saw_cancel = outer_cancel;
        self.conc.pop();
        let error = self.fallible_error(e);
        let t = match t {
            Ty::Task(_) | Ty::Never => Ty::Unit,
            t => t,
        };
        let t = match error {
            Some(err) => Ty::Result(Box::new(t), Box::new(err)),
            None => t,
        };
        Ty::Option(Box::new(t))
    }

    /// The innermost scope around the point being walked: `Conc::Scope`, `Conc::Supervisor`,
    /// or `None` outside every scope.
    fn innermost_scope(&self) -> Option<&Conc> {
        self.conc
            .iter()
            .rev()
            .find(|c| matches!(c, Conc::Scope | Conc::Supervisor))
    }

    /// `supervisor scope { .. }`: `[Outcome[T]]`, `T` the type every task gives.
    pub(crate) fn supervisor_scope_expr(&mut self, body: &Block) -> Ty {
        self.conc.push(Conc::Supervisor);
        self.supervised.push(Vec::new());
        self.fallible.push(None);
        let outer_cancel = std::mem::take(&mut self.saw_cancel);
        let t = self.body_of(FnKind::ScopeBody, |w| w.block(body, None));
        self.saw_cancel = outer_cancel;
        self.conc.pop();
        self.fallible.pop();
        let tasks = self.supervised.pop().unwrap_or_default();
        if !matches!(t, Ty::Unit | Ty::Never | Ty::Unknown) {
            let at = body.stmts.last().map_or(body.span, |s| s.span);
            self.errors.push(
                Diagnostic::error(at, "a supervisor scope's body has no value")
                    .label(format!("this `{}` would be lost", show(&t)))
                    .help("the scope's value is the list of its tasks' outcomes; start a task for this value, or end the body with a statement"),
            );
        }
        let mut value: Option<Ty> = None;
        for (span, t) in &tasks {
            let Some(t) = known(t.peel()) else { continue };
            match &value {
                None => value = Some(t.clone()),
                Some(v) if v != t => {
                    self.errors.push(
                        Diagnostic::error(
                            *span,
                            format!(
                                "the tasks of a supervisor scope give different types: `{}` and `{}`",
                                show(v),
                                show(t)
                            ),
                        )
                        .label(format!("this task gives `{}`", show(t)))
                        .help("every task of a supervisor scope gives the same type, the `T` of the scope's `[Outcome[T]]`"),
                    );
                }
                Some(_) => {}
            }
        }
        let value = match value {
            Some(v) => v,
            None if tasks.is_empty() => Ty::Unit,
            None => Ty::Unknown,
        };
        Ty::List(Box::new(Ty::Outcome(Box::new(value))))
    }

    pub(crate) fn spawn_expr(&mut self, e: &Expr, task: &Expr, exp: Option<&Ty>) -> Ty {
        let supervised = matches!(self.innermost_scope(), Some(Conc::Supervisor));
        if self.innermost_scope().is_none() {
            self.errors.push(
                Diagnostic::error(e.span, "`spawn` outside of a `scope`")
                    .label("this task would belong to no scope")
                    .help("wrap it in `scope { }`: the scope waits for every task started in it"),
            );
        }
        let want = match exp.map(Ty::peel) {
            Some(Ty::Task(t)) => known(t).cloned(),
            _ => None,
        };
        self.saw_spawn = true;
        self.conc.push(Conc::Task {
            spawn: e.id,
            first_binding: self.scopes.count(),
        });
        let t = self.body_of(FnKind::Task, |w| w.expr(task, want.as_ref()));
        self.conc.pop();
        let t = match t {
            Ty::Never => Ty::Unknown,
            t => t,
        };
        if supervised {
            // Its outcome comes in the scope's value; there is no handle to join.
            if let Some(tasks) = self.supervised.last_mut() {
                tasks.push((e.span, t));
            }
            return Ty::Unit;
        }
        // A task that gives a `Result` is fallible: its `err` fails the scope, so its handle
        // gives the `ok` value.
        if let (Ty::Result(v, err), Some(Some(tasks))) = (t.peel(), self.fallible.last_mut()) {
            tasks.push((e.span, (**err).clone()));
            self.info.fallible_spawns.insert(e.id);
            return Ty::Task(v.clone());
        }
        Ty::Task(Box::new(t))
    }

    /// `cancel`: the innermost scope, which must exist.
    pub(crate) fn cancel_expr(&mut self, e: &Expr) -> Ty {
        if matches!(self.innermost_scope(), Some(Conc::Supervisor)) {
            self.errors.push(
                Diagnostic::error(e.span, "`cancel` cannot cancel a supervisor scope")
                    .label("the innermost scope here is a `supervisor scope`")
                    .help("a supervisor scope waits for every task's outcome; to bound it, put it inside `scope(timeout: d) { }`"),
            );
            return Ty::Unit;
        }
        if self.innermost_scope().is_none() {
            self.errors.push(
                Diagnostic::error(e.span, "`cancel` outside of a `scope`")
                    .label("there is no scope here to cancel")
                    .help("`cancel` cancels the innermost `scope { }` around it, from its body or one of its tasks"),
            );
        }
        self.saw_cancel = true;
        Ty::Unit
    }

    /// `with NAME = v { .. }`: `NAME` is a task-local, `v` its type; the value is the block's.
    pub(crate) fn with_expr(
        &mut self,
        target: &Expr,
        value: &Expr,
        body: &Block,
        exp: Option<&Ty>,
    ) -> Ty {
        let t = self.expr(target, None);
        let is_local = matches!(self.info.res(target.id), Some(super::Res::TaskLocal { .. }));
        if !is_local && self.info.res(target.id).is_some() {
            let name = self.text(target.span);
            self.errors.push(
                Diagnostic::error(target.span, "`with` binds a task-local")
                    .label(format!("`{name}` is not a task-local"))
                    .help(format!(
                        "declare it at the top level: `task_local {name}: T = initial value`"
                    )),
            );
        }
        let want = is_local.then_some(t);
        self.expr(value, want.as_ref());
        self.block(body, exp)
    }

    /// `cancel h`: `h` must be a task handle (of any task, joined or not).
    pub(crate) fn cancel_task_expr(&mut self, task: &Expr) -> Ty {
        let t = self.expr(task, None);
        match t.peel() {
            Ty::Task(_) | Ty::Unknown | Ty::Never => {}
            other => {
                self.errors.push(
                    Diagnostic::error(task.span, "`cancel` needs a task handle")
                        .label(format!("this is `{}`, not a `Task`", show(other)))
                        .help("`cancel h` cancels the task `h` that `spawn` gave; `cancel` alone cancels the whole scope"),
                );
            }
        }
        Ty::Unit
    }

    pub(crate) fn join_expr(&mut self, task: &Expr, exp: Option<&Ty>) -> Ty {
        let want = exp.map(|t| Ty::Task(Box::new(t.clone())));
        let t = self.expr(task, want.as_ref());
        match t.peel() {
            Ty::Task(v) => (**v).clone(),
            Ty::Unknown | Ty::Never => Ty::Unknown,
            other => {
                let help = if matches!(self.innermost_scope(), Some(Conc::Supervisor)) {
                    "a task of a supervisor scope has no handle to join: its outcome is in the scope's value, the list of every task's outcome"
                } else {
                    "`join` takes the handle that `spawn` gives: `let h = spawn f()` then `join h`"
                };
                self.errors.push(
                    Diagnostic::error(task.span, "`join` needs a task handle")
                        .label(format!("this is `{}`, not a `Task`", show(other)))
                        .help(help),
                );
                Ty::Unknown
            }
        }
    }

    /// A task handle used as an operand: usually `spawn a + b`, which is `(spawn a) + b`.
    pub(crate) fn task_operand(&mut self, operand: &Expr, t: &Ty) {
        let mut d = Diagnostic::error(
            operand.span,
            format!(
                "a task handle (`{}`) is not a value to compute with",
                show(t)
            ),
        )
        .label("this is a task handle");
        d = if matches!(operand.kind, aurora_grammar::ast::ExprKind::Spawn(_)) {
            d.help("`spawn` binds like `-`: write `spawn { a + b }` to run the whole expression in the task")
        } else {
            d.help("`join` the task to get its value: `join h`")
        };
        self.errors.push(d);
    }

    /// A `return`, `break`, `continue` or `?` inside a task or scope body that would leave it:
    /// `what` is the construct. Reports and says so; `false` when not inside such a body.
    pub(crate) fn leaves_body(&mut self, span: aurora_grammar::Span, what: &str) -> bool {
        let Some(kind) = self.fns.last().map(|f| f.kind) else {
            return false;
        };
        let body = match kind {
            FnKind::Task => "a task",
            FnKind::ScopeBody => "a `scope` body",
            FnKind::Par => "a `par` body",
            _ => return false,
        };
        let help = if kind == FnKind::Par {
            "a `par` body runs once per element, in no order, as a function of its own: to \
             skip the rest of an element's work, put it in an `if`; to stop early, compute \
             the answer with a reduction or a pipeline and act on it after the `par`"
        } else {
            "a task's and a scope's bodies run as functions of their own: give the value back \
             as the body's last expression and act on it after the `join` or the `scope`"
        };
        self.errors.push(
            Diagnostic::error(span, format!("`{what}` cannot leave {body}"))
                .label(format!("this would leave {body}"))
                .help(help),
        );
        true
    }

    /// Record that binding number `index` (in `Scopes`), `id`, is modified: every task around
    /// this point that the binding is declared outside of modifies a captured value.
    pub(crate) fn task_mutates(&mut self, index: usize, id: NodeId) {
        for c in &self.conc {
            if let Conc::Task {
                spawn,
                first_binding,
            } = *c
            {
                if index < first_binding {
                    self.task_mutations.insert((spawn, id));
                }
            }
        }
    }
}
