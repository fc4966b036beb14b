//! `par` (docs/language.md §16): parallel loops and their reductions, pipelines, sorts and
//! fork-join; and the two rules that make a `par` body safe to run on the work-stealing pool:
//! it changes no variable from outside except through a `reduce` clause, and it never blocks.

use aurora_grammar::ast::{Arg, Expr, ExprKind, Mode, NodeId, ParFor, ReduceOp, Reduction};
use aurora_grammar::{Diagnostic, Span};

use super::expr::known;
use super::place::Access;
use super::scope::Origin;
use super::types::show;
use super::walk::{FnCx, FnKind, Walker};
use super::{Info, Res, Ty};

/// A `par` body being walked (a loop body, a fork-join branch, a pipeline's closures).
#[derive(Debug, Clone)]
pub(crate) struct ParCx {
    /// `Scopes::count` when the body began: bindings with smaller indices are outside it.
    pub first_binding: usize,
    /// The outer bindings its `reduce` clause names: the body may change these.
    pub reduces: Vec<NodeId>,
    /// The `par` construct, for the error's second label.
    pub span: Span,
    /// A branch of a fork-join: it runs once, so it may change outer variables that no other
    /// branch changes (recorded in `changed`, checked when the fork-join ends).
    pub fork: bool,
    pub changed: Vec<(NodeId, Span)>,
}

/// The operations that block the thread running them: the construct's name and what it
/// waits for. A `par` body runs on a thread of the work-stealing pool, where a blocked thread
/// stalls the work queued behind it and can deadlock the pool, so each of these is an error
/// there (`Walker::no_blocking_in_par`). THE ONE LIST: a construct that blocks is added here.
pub(crate) fn blocking(e: &Expr, info: &Info) -> Option<(&'static str, &'static str)> {
    match &e.kind {
        ExprKind::Join(_) => Some(("join", "`join` waits for a task to finish")),
        ExprKind::Scope(_) | ExprKind::TimedScope { .. } | ExprKind::DeadlineScope { .. } => {
            Some((
                "scope",
                "a `scope` waits at its end for every task started in it",
            ))
        }
        ExprKind::SupervisorScope(_) => Some((
            "supervisor scope",
            "a `supervisor scope` waits at its end for every task started in it",
        )),
        // A task runs on a thread of its own, which the pool would then have to wait for or
        // leave behind; tasks belong outside the `par` (docs/language.md §16.6).
        ExprKind::Spawn(_) => Some((
            "spawn",
            "`spawn` starts a task on a thread of its own, to be waited for",
        )),
        // A `cell` is borrowed within one task and never waits; a mutex or rwlock does.
        ExprKind::Guard { kind, target, .. } => match info.ty(target.id).peel() {
            Ty::Cell(_) => None,
            _ => Some((
                kind.word(),
                "a lock block waits while another task holds the lock",
            )),
        },
        ExprKind::Call { callee, .. } => match info.res(callee.id) {
            Some(Res::Builtin(name)) if name == "sleep" => {
                Some(("sleep", "`sleep` waits for time to pass"))
            }
            _ => None,
        },
        // Channels (§15): a send waits for room, a receive for an item; `try_send`,
        // `try_recv` and a `select` with `default` never wait.
        ExprKind::MethodCall {
            receiver, method, ..
        } => match (info.ty(receiver.id).peel(), method.name.as_str()) {
            (Ty::Sender(_), "send") => Some(("send", "`send` waits while the channel is full")),
            (Ty::Receiver(_), "recv") => Some(("recv", "`recv` waits for an item")),
            _ => None,
        },
        ExprKind::For { iter, .. } if matches!(info.ty(iter.id).peel(), Ty::Receiver(_)) => {
            Some(("for", "a `for` over a receiving end waits for each item"))
        }
        ExprKind::Select { arms, .. }
            if !arms
                .iter()
                .any(|a| matches!(a.op, aurora_grammar::ast::SelectOp::Default)) =>
        {
            Some(("select", "a `select` without `default` waits for a channel"))
        }
        _ => None,
    }
}

impl Walker<'_> {
    /// Walk a `par` body: a body of its own (nothing may leave it) whose outer bindings it may
    /// change only through `reduces`.
    fn par_body<T>(
        &mut self,
        span: Span,
        reduces: Vec<NodeId>,
        f: impl FnOnce(&mut Self) -> T,
    ) -> T {
        self.par_body_of(span, reduces, false, f).0
    }

    /// [`Self::par_body`], for a fork-join branch when `fork`; also the outer bindings the
    /// branch changed.
    fn par_body_of<T>(
        &mut self,
        span: Span,
        reduces: Vec<NodeId>,
        fork: bool,
        f: impl FnOnce(&mut Self) -> T,
    ) -> (T, Vec<(NodeId, Span)>) {
        self.pars.push(ParCx {
            first_binding: self.scopes.count(),
            reduces,
            span,
            fork,
            changed: Vec::new(),
        });
        self.fns.push(FnCx {
            kind: FnKind::Par,
            ret: Ty::Unknown,
            loops: Vec::new(),
            main: false,
        });
        let out = f(self);
        self.fns.pop();
        let changed = self.pars.pop().map(|p| p.changed).unwrap_or_default();
        (out, changed)
    }

    /// The blocking rule: `e` (already walked) is one of [`blocking`]'s constructs inside a
    /// `par` body.
    pub(crate) fn no_blocking_in_par(&mut self, e: &Expr) {
        let Some(par) = self.pars.last() else {
            return;
        };
        let Some((name, what)) = blocking(e, &self.info) else {
            return;
        };
        let par_span = par.span;
        self.errors.push(
            Diagnostic::error(e.span, format!("`{name}` cannot be inside a `par` body"))
                .label(what)
                .secondary(par_span, "this runs on the work-stealing pool")
                .help(
                    "a blocked pool thread stalls the work queued behind it and can deadlock the \
                     pool: run work that blocks in a task, `spawn` in a `scope` outside the `par`",
                ),
        );
    }

    /// Binding number `index` (`id`) is changed at `at`: an error when that happens inside a
    /// `par` body the binding is declared outside of, unless that body reduces into it.
    pub(crate) fn par_mutates(&mut self, index: usize, id: NodeId, at: Span, access: Access) {
        // Fork-join branches around this point record the change; the first loop or
        // pipeline body around them that the binding is outside of forbids it.
        for p in self.pars.iter_mut().rev() {
            if index >= p.first_binding || p.reduces.contains(&id) {
                continue;
            }
            if p.fork {
                p.changed.push((id, at));
                continue;
            }
            break;
        }
        // rustc rejects the change too: a `par` body is a `Fn` closure, which cannot change
        // what it captures.
        if self.defer_to_rustc {
            return;
        }
        let Some(par) = self
            .pars
            .iter()
            .rev()
            .find(|p| index < p.first_binding && !p.reduces.contains(&id) && !p.fork)
        else {
            return;
        };
        let par_span = par.span;
        let name = self
            .scopes
            .get(index)
            .map(|b| b.name.clone())
            .unwrap_or_default();
        let doing = match access {
            Access::Assign => format!("cannot assign to `{name}`"),
            Access::Borrow => format!("cannot borrow `{name}` as `mut`"),
            Access::Method(m) => format!("cannot call `{m}` on `{name}`, which modifies it,"),
        };
        let op = match access {
            Access::Assign => self.assign_op_at(at).unwrap_or("+"),
            _ => "merge, identity: VALUE",
        };
        self.errors.push(
            Diagnostic::error(
                at,
                format!("{doing} inside a `par` body: `{name}` is declared outside"),
            )
            .label("the iterations run at the same time, so they would race on it")
            .secondary(par_span, "the `par` is here")
            .help(format!(
                "combine a part per iteration with a reduction: `reduce({name}: {op})`; or make \
                 it an `atomic` (a `mutex` would block the pool)"
            )),
        );
    }

    /// A variable changed by two branches of one fork-join: they would race on it.
    fn one_branch_changes(
        &mut self,
        head: Span,
        before: &[(NodeId, Span)],
        mine: &[(NodeId, Span)],
    ) {
        // rustc rejects it too: two closures of one `rayon::join` cannot both borrow it `mut`.
        if self.defer_to_rustc {
            return;
        }
        for (id, at) in mine {
            let Some((_, first)) = before.iter().find(|(b, _)| b == id) else {
                continue;
            };
            let name = self.text(*at);
            let name = name
                .split(['.', '['])
                .next()
                .unwrap_or("")
                .trim()
                .to_string();
            self.errors.push(
                Diagnostic::error(*at, format!("two branches of a fork-join change `{name}`"))
                    .label("changed here")
                    .secondary(*first, "and in an earlier branch")
                    .secondary(head, "the branches run at the same time")
                    .help("let each branch change its own variables, and combine their values after the `par`"),
            );
        }
    }

    /// The operator a compound assignment starting at `at` uses, as a `reduce` operator.
    fn assign_op_at(&self, at: Span) -> Option<&'static str> {
        let text = self.text(Span::new(at.file, at.end as usize, at.end as usize + 4));
        let t = text.trim_start();
        if t.starts_with("*=") {
            Some("*")
        } else if t.starts_with("+=") || t.starts_with("-=") {
            Some("+")
        } else {
            None
        }
    }

    /// `par for PAT in ITER reduce(..) { .. }`.
    pub(crate) fn par_for(&mut self, e: &Expr, pf: &ParFor) -> Ty {
        let elem = match self.par_shape(pf) {
            Some(elem) => elem,
            None => {
                let it = self.expr(&pf.iter, None);
                self.par_elem(pf, &it)
            }
        };
        let reduces = self.reductions(e, &pf.reductions);
        let head = Span::new(
            e.span.file,
            e.span.start as usize,
            pf.iter.span.end as usize,
        );
        self.irrefutable(&pf.pat, "par for");
        self.par_body(head, reduces, |w| {
            w.scopes.push();
            w.bind(&pf.pat, &elem, Origin::Loop, false);
            w.block(&pf.body, None);
            w.leave_scope();
        });
        Ty::Unit
    }

    /// `xs.enumerate()`, `xs.zip(ys)` and `xs.chunks(n)` as the iterable of a `par for`: the
    /// loop variable's type, or `None` when the iterable is none of these.
    fn par_shape(&mut self, pf: &ParFor) -> Option<Ty> {
        let ExprKind::MethodCall {
            receiver,
            method,
            args,
            generics,
        } = &peel(&pf.iter).kind
        else {
            return None;
        };
        let m = method.name.as_str();
        if !PAR_FOR_SHAPES.contains(&m) || !generics.is_empty() {
            return None;
        }
        let arity = usize::from(m != "enumerate");
        if args.len() != arity {
            let form = match m {
                "enumerate" => "xs.enumerate()",
                "zip" => "xs.zip(ys)",
                _ => "xs.chunks(n)",
            };
            self.errors.push(
                Diagnostic::error(
                    pf.iter.span,
                    format!(
                        "`{m}` takes {arity} argument{}",
                        if arity == 1 { "" } else { "s" }
                    ),
                )
                .label("wrong number of arguments")
                .help(format!("write `par for .. in {form}`")),
            );
        }
        let rt = self.expr(receiver, None);
        let t = match rt.peel() {
            Ty::List(t) => (**t).clone(),
            Ty::Unknown | Ty::Never => Ty::Unknown,
            other => {
                self.errors.push(
                    Diagnostic::error(
                        receiver.span,
                        format!("`{m}` in a `par for` needs a list, not `{}`", show(other)),
                    )
                    .label("not a list")
                    .help(format!("call `{m}` on a list: `par for .. in xs.{m}(..)`")),
                );
                Ty::Unknown
            }
        };
        let place = super::place::is_place(receiver);
        let elem = match pf.mode {
            Mode::Mut if place => {
                self.mutate(receiver, Access::Borrow);
                Ty::Mut(Box::new(t.clone()))
            }
            Mode::Mut => {
                self.errors.push(
                    Diagnostic::error(
                        receiver.span,
                        "`mut` needs a list variable to update in place",
                    )
                    .label("not a list variable")
                    .help(format!(
                        "write `par for .. in mut xs.{m}(..)` with `xs` a `var` list"
                    )),
                );
                Ty::Unknown
            }
            _ => self.elem_of(receiver, &rt),
        };
        let arg = args.first().map(|a| &a.value);
        let out = match m {
            "enumerate" => Ty::Tuple(vec![Ty::Int, elem]),
            "zip" => {
                let other = match arg {
                    Some(a) => {
                        let at = self.expr(a, None);
                        match at.peel() {
                            Ty::List(_) => self.elem_of(a, &at),
                            Ty::Unknown | Ty::Never => Ty::Unknown,
                            o => {
                                self.errors.push(
                                    Diagnostic::error(
                                        a.span,
                                        format!("`zip` pairs two lists; this is `{}`", show(o)),
                                    )
                                    .label("not a list")
                                    .help("write `par for (a, b) in xs.zip(ys)` with two lists"),
                                );
                                Ty::Unknown
                            }
                        }
                    }
                    None => Ty::Unknown,
                };
                Ty::Tuple(vec![elem, other])
            }
            _ => {
                if let Some(a) = arg {
                    let nt = self.expr(a, Some(&Ty::Int));
                    if !matches!(nt.peel(), Ty::Int | Ty::Unknown | Ty::Never) {
                        self.errors.push(
                            Diagnostic::error(
                                a.span,
                                format!("a chunk size is an `int`, not `{}`", show(nt.peel())),
                            )
                            .label("not an int")
                            .help("write `xs.chunks(100)`"),
                        );
                    }
                }
                match (pf.mode, known(&t)) {
                    (_, None) => Ty::Unknown,
                    (Mode::Mut, Some(t)) => Ty::Mut(Box::new(Ty::List(Box::new(t.clone())))),
                    (_, Some(t)) => Ty::Ref(Box::new(Ty::List(Box::new(t.clone())))),
                }
            }
        };
        self.record(pf.iter.id, &Ty::List(Box::new(out.clone())));
        Some(out)
    }

    /// The type of a `par for` loop's variable; reports iterables it cannot take.
    fn par_elem(&mut self, pf: &ParFor, it: &Ty) -> Ty {
        let iter = &pf.iter;
        let place = super::place::is_place(iter);
        match (pf.mode, it.peel()) {
            (_, Ty::Unknown | Ty::Never) => Ty::Unknown,
            (Mode::Mut, Ty::List(t)) if place => {
                self.mutate(iter, Access::Borrow);
                Ty::Mut(t.clone())
            }
            (Mode::Mut, _) => {
                self.errors.push(
                    Diagnostic::error(iter.span, "`mut` needs a list variable to update in place")
                        .label(format!("this is `{}`, not a list variable", show(it.peel())))
                        .help("write `par for x in mut xs` with `xs` a `var` list, or drop `mut` to read"),
                );
                // Still the element itself: no second error where the body changes it.
                Ty::Mut(Box::new(Ty::Unknown))
            }
            (Mode::Ref, _) if !place => {
                self.errors.push(
                    Diagnostic::error(iter.span, "`ref` needs a variable to borrow")
                        .label("this is a temporary value")
                        .help("drop `ref`: a temporary is taken by the loop"),
                );
                Ty::Unknown
            }
            (_, Ty::List(_) | Ty::Set(_) | Ty::Map(..)) => self.elem_of(iter, it),
            (Mode::Own, Ty::Range(t)) if t.is_integer() => (**t).clone(),
            (_, other) => {
                self.errors.push(
                    Diagnostic::error(
                        iter.span,
                        format!("`par for` cannot iterate over `{}`", show(other)),
                    )
                    .label("not a list, set, map or integer range")
                    .help("iterate over a list (`par for x in xs`) or a range of integers (`par for i in 0..n`)"),
                );
                Ty::Unknown
            }
        }
    }

    /// Check a `reduce(..)` clause; the bindings it names, recording their types for lowering.
    fn reductions(&mut self, e: &Expr, reductions: &[Reduction]) -> Vec<NodeId> {
        let mut ids = Vec::new();
        let mut tys = Vec::new();
        for r in reductions {
            let n = &r.name.name;
            let found = self.scopes.lookup(n).and_then(|i| {
                let b = self.scopes.get_mut(i)?;
                b.used = true;
                Some((i, b.clone()))
            });
            let Some((index, b)) = found else {
                self.undefined(&r.name);
                tys.push(Ty::Unknown);
                continue;
            };
            if ids.contains(&b.id) {
                self.errors.push(
                    Diagnostic::error(r.name.span, format!("`{n}` is reduced twice"))
                        .label("named again here")
                        .help("name each variable once in a `reduce(..)` clause"),
                );
            }
            if !b.mutable {
                self.errors.push(
                    Diagnostic::error(
                        r.name.span,
                        format!("cannot reduce into `{n}`: it is not a `var`"),
                    )
                    .label("a reduction changes this variable")
                    .secondary(b.span, format!("`{n}` declared here"))
                    .help(format!("declare it with `var {n}`")),
                );
            } else if let Some(bm) = self.scopes.get_mut(index) {
                bm.mutated = true;
                self.info.mutated.insert(b.id);
                self.task_mutates(index, b.id);
                self.par_mutates(index, b.id, r.name.span, Access::Assign);
            }
            self.reduction_op(r, &b.ty);
            ids.push(b.id);
            tys.push(b.ty.clone());
        }
        self.info.par_reductions.insert(e.id, tys);
        ids
    }

    /// The operator of a reduction must suit its variable's type.
    fn reduction_op(&mut self, r: &Reduction, t: &Ty) {
        let n = &r.name.name;
        let numeric = t.is_integer() || t.is_float();
        let bad = match &r.op {
            ReduceOp::Add | ReduceOp::Mul | ReduceOp::Min | ReduceOp::Max => {
                !numeric && known(t).is_some()
            }
            ReduceOp::And | ReduceOp::Or => !matches!(t.peel(), Ty::Bool | Ty::Unknown | Ty::Never),
            ReduceOp::Fn { func, identity } => {
                let want = Ty::Fn(vec![t.clone(), t.clone()], Box::new(t.clone()));
                let ft = self.expr(func, known(t).map(|_| &want));
                self.expr(identity, known(t));
                if let Ty::Fn(ps, ret) = ft.peel() {
                    let fits = |p: &Ty| !matches!(p, Ty::Ref(_) | Ty::Mut(_));
                    if ps.len() != 2 || !ps.iter().all(fits) {
                        self.errors.push(
                            Diagnostic::error(func.span, "a reduction's function takes two values and gives one")
                                .label(format!("this is `{}`", show(&ft)))
                                .help(format!(
                                    "declare it as `fn(a: {0}, b: {0}) -> {0}`: it combines two parts into one",
                                    show(t)
                                )),
                        );
                    } else if known(ret).is_some() && known(t).is_some() && **ret != *t {
                        self.errors.push(
                            Diagnostic::error(
                                func.span,
                                format!(
                                    "this function gives `{}`, but `{n}` is `{}`",
                                    show(ret),
                                    show(t)
                                ),
                            )
                            .label("wrong result type")
                            .help(format!(
                                "a reduction into `{n}` combines two `{0}` values into a `{0}`",
                                show(t)
                            )),
                        );
                    }
                }
                false
            }
        };
        if bad {
            let word = r.op.word().unwrap_or_default();
            let needs = if matches!(r.op, ReduceOp::And | ReduceOp::Or) {
                "`bool`"
            } else {
                "a number"
            };
            self.errors.push(
                Diagnostic::error(
                    r.span,
                    format!("`{word}` cannot reduce `{n}`, which is `{}`", show(t.peel())),
                )
                .label(format!("`{word}` needs {needs}"))
                .help("reduce other values with a function and its identity: `reduce(NAME: merge, identity: VALUE)`"),
            );
        }
    }

    /// `par EXPR`: a fork-join, a sort or a pipeline (§16.3-16.5).
    pub(crate) fn par_expr(&mut self, e: &Expr, x: &Expr, exp: Option<&Ty>) -> Ty {
        let inner = peel(x);
        match &inner.kind {
            ExprKind::Tuple(branches) if branches.len() >= 2 => {
                let exps: Vec<Option<Ty>> = match exp.map(Ty::peel) {
                    Some(Ty::Tuple(ts)) if ts.len() == branches.len() => {
                        ts.iter().cloned().map(Some).collect()
                    }
                    _ => vec![None; branches.len()],
                };
                let mut tys = Vec::new();
                let head = keyword_span(e);
                let mut changed: Vec<(NodeId, Span)> = Vec::new();
                for (b, want) in branches.iter().zip(exps) {
                    let (t, mine) =
                        self.par_body_of(head, Vec::new(), true, |w| w.expr(b, want.as_ref()));
                    self.one_branch_changes(head, &changed, &mine);
                    changed.extend(mine);
                    tys.push(match t {
                        Ty::Never => Ty::Unknown,
                        t => t,
                    });
                }
                let t = Ty::Tuple(tys);
                self.record(inner.id, &t);
                t
            }
            ExprKind::MethodCall { method, args, .. }
                if matches!(method.name.as_str(), "sort" | "sort_unstable") && args.is_empty() =>
            {
                self.par_sort(x, inner)
            }
            ExprKind::MethodCall { .. } => self.pipeline(e, x, exp),
            _ => {
                self.errors.push(
                    Diagnostic::error(x.span, "`par` cannot run this in parallel")
                        .label("not a pipeline, a sort or a fork-join")
                        .help(
                            "`par` goes before a loop (`par for x in xs { }`), a pipeline \
                             (`par xs.map(f).sum()`), a sort (`par xs.sort()`) or a fork-join of \
                             two or more expressions (`par (a(), b())`)",
                        ),
                );
                self.expr(x, exp)
            }
        }
    }

    /// `par xs.sort()` / `par xs.sort_unstable()`.
    fn par_sort(&mut self, x: &Expr, call: &Expr) -> Ty {
        let ExprKind::MethodCall {
            receiver, method, ..
        } = &call.kind
        else {
            return Ty::Unknown;
        };
        let t = self.expr(receiver, None);
        match t.peel() {
            Ty::List(_) => self.mutate(receiver, Access::Method(&method.name)),
            Ty::Unknown | Ty::Never => {}
            other => {
                self.errors.push(
                    Diagnostic::error(
                        receiver.span,
                        format!("`par {}` sorts a list, not `{}`", method.name, show(other)),
                    )
                    .label("not a list")
                    .help("sort a `var` list: `par xs.sort()`"),
                );
            }
        }
        self.record(call.id, &Ty::Unit);
        self.record(x.id, &Ty::Unit);
        Ty::Unit
    }
}

/// The `par` keyword that starts `e`.
fn keyword_span(e: &Expr) -> Span {
    Span::new(
        e.span.file,
        e.span.start as usize,
        e.span.start as usize + 3,
    )
}

/// `e` without the parentheses written around it.
pub(crate) fn peel(e: &Expr) -> &Expr {
    match &e.kind {
        ExprKind::Paren(x) => peel(x),
        _ => e,
    }
}

/// The iterables of a `par for` other than a collection or range (`par_shape`).
pub const PAR_FOR_SHAPES: &[&str] = &["enumerate", "zip", "chunks"];

/// The steps of a parallel pipeline, and its last steps (which give a value).
pub(crate) const PIPELINE_STEPS: &[&str] = &["map", "filter", "flat_map"];
pub(crate) const PIPELINE_ENDS: &[&str] = &["sum", "count", "min", "max", "collect", "reduce"];

/// A pipeline `SOURCE.step(..)...end(..)`: its source and its calls, first to last.
pub fn pipeline_parts(x: &Expr) -> (&Expr, Vec<&Expr>) {
    let mut calls = Vec::new();
    let mut cur = peel(x);
    while let ExprKind::MethodCall {
        receiver, method, ..
    } = &cur.kind
    {
        let m = method.name.as_str();
        let end = calls.is_empty() && PIPELINE_ENDS.contains(&m);
        if !end && !PIPELINE_STEPS.contains(&m) {
            break;
        }
        calls.push(cur);
        cur = peel(receiver);
    }
    calls.reverse();
    (cur, calls)
}

impl Walker<'_> {
    /// `par SOURCE.map(f).filter(p).flat_map(g).END()` (§16.3): each call's type is recorded
    /// (`[T]` after a step, the value after the end), with the closures walked as `par` bodies.
    fn pipeline(&mut self, e: &Expr, x: &Expr, exp: Option<&Ty>) -> Ty {
        let (source, calls) = pipeline_parts(x);
        let head = keyword_span(e);
        if calls.is_empty() {
            self.errors.push(
                Diagnostic::error(x.span, "`par` cannot run this call in parallel")
                    .label("not a pipeline step")
                    .help(format!(
                        "a parallel pipeline is a list or range followed by steps ({}) and one end ({})",
                        PIPELINE_STEPS.join(", "),
                        PIPELINE_ENDS.join(", ")
                    )),
            );
            return self.expr(x, exp);
        }
        let st = self.expr(source, None);
        let mut elem = match st.peel() {
            Ty::List(_) | Ty::Set(_) => self.elem_of(source, &st),
            Ty::Range(t) if t.is_integer() => (**t).clone(),
            Ty::Unknown | Ty::Never => Ty::Unknown,
            other => {
                self.errors.push(
                    Diagnostic::error(source.span, format!("a parallel pipeline cannot start from `{}`", show(other)))
                        .label("not a list, set or integer range")
                        .help("start from a list (`par xs.map(f).sum()`) or a range (`par (0..n).map(f).sum()`)"),
                );
                Ty::Unknown
            }
        };
        let mut out = Ty::Unknown;
        for call in calls {
            let ExprKind::MethodCall { method, args, .. } = &call.kind else {
                continue;
            };
            let m = method.name.as_str();
            let arity = match m {
                "map" | "filter" | "flat_map" => 1,
                "reduce" => 2,
                _ => 0,
            };
            if args.len() != arity {
                self.errors.push(
                    Diagnostic::error(
                        call.span,
                        format!(
                            "`{m}` takes {arity} argument{}, not {}",
                            if arity == 1 { "" } else { "s" },
                            args.len()
                        ),
                    )
                    .label("wrong number of arguments")
                    .help(match m {
                        "reduce" => {
                            "write `reduce(f, identity: VALUE)`: `f` combines two values into one"
                                .to_string()
                        }
                        "map" | "filter" | "flat_map" => {
                            format!("give `{m}` one function: `{m}(|x| ..)`")
                        }
                        _ => format!("write `{m}()`"),
                    }),
                );
                return Ty::Unknown;
            }
            let value = elem.peel().clone();
            out = match m {
                "map" | "flat_map" => {
                    let ret = self.par_fn(head, &args[0], vec![elem.clone()], None);
                    elem = match (m, ret) {
                        ("map", t) => t,
                        (_, Ty::List(t)) => *t,
                        (_, Ty::Unknown | Ty::Never) => Ty::Unknown,
                        (_, other) => {
                            self.errors.push(
                                Diagnostic::error(
                                    args[0].span,
                                    format!(
                                        "`flat_map` needs a function giving a list, not `{}`",
                                        show(&other)
                                    ),
                                )
                                .label("gives no list")
                                .help(
                                    "give back a list of the values for each element, or use `map`",
                                ),
                            );
                            Ty::Unknown
                        }
                    };
                    Ty::List(Box::new(elem.peel().clone()))
                }
                "filter" => {
                    self.par_fn(head, &args[0], vec![elem.clone()], Some(Ty::Bool));
                    Ty::List(Box::new(value))
                }
                "sum" | "min" | "max" => {
                    if known(&value).is_some() && !value.is_integer() && !value.is_float() {
                        self.errors.push(
                            Diagnostic::error(method.span, format!("`{m}` needs numbers, not `{}`", show(&value)))
                                .label("not a number")
                                .help("`map` the elements to numbers first, or use `reduce(f, identity: VALUE)`"),
                        );
                    }
                    if m == "sum" {
                        value
                    } else {
                        Ty::Option(Box::new(value))
                    }
                }
                "count" => Ty::Int,
                "collect" => Ty::List(Box::new(value)),
                _ => {
                    // reduce(f, identity: v)
                    if args[1].name.as_ref().is_none_or(|n| n.name != "identity") {
                        self.errors.push(
                            Diagnostic::error(args[1].span, "the second argument of `reduce` is its identity")
                                .label("label it `identity:`")
                                .help("write `reduce(f, identity: VALUE)`: the value that changes nothing when combined"),
                        );
                    }
                    self.par_fn(
                        head,
                        &args[0],
                        vec![value.clone(), value.clone()],
                        Some(value.clone()),
                    );
                    self.expr(&args[1].value, known(&value));
                    value
                }
            };
            self.record(call.id, &out);
        }
        out
    }

    /// A function argument of a pipeline step, walked as a `par` body; its result type.
    fn par_fn(&mut self, span: Span, f: &Arg, params: Vec<Ty>, ret: Option<Ty>) -> Ty {
        if f.mode != Mode::Own || f.name.is_some() {
            self.errors.push(
                Diagnostic::error(f.span, "a pipeline step takes a function")
                    .label("not a plain function argument")
                    .help("pass a closure or a function name: `map(|x| x * 2)`"),
            );
        }
        let want = Ty::Fn(params, Box::new(ret.unwrap_or(Ty::Unknown)));
        let t = self.par_body(span, Vec::new(), |w| w.expr(&f.value, Some(&want)));
        match t.peel() {
            Ty::Fn(_, r) => (**r).clone(),
            _ => Ty::Unknown,
        }
    }
}
