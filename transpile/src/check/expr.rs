//! Expressions: type inference with an expected type passed down, and control flow (blocks,
//! `if`, loops, `match`, `break`/`return`, `?`, closures). Names and paths are in `resolve.rs`,
//! literals and operators in `ops.rs`, calls in `call.rs`.

use aurora_grammar::ast::{self, Cond, Expr, ExprKind, Lit, UnOp};
use aurora_grammar::{Diagnostic, Span};

use super::ops::is_int_lit;
use super::scope::Origin;
use super::types::{plural, show, Pos};
use super::walk::{FnCx, FnKind, LoopCx, Walker};
use super::Ty;

pub(crate) fn known(t: &Ty) -> Option<&Ty> {
    match t {
        Ty::Unknown | Ty::Never => None,
        t => Some(t),
    }
}

/// Whether `new` says more than `cur` about a value's type: `cur` is unknown or never, or
/// `cur` has unknown parts (`none` is `Option(Unknown)`) that `new` fills in.
pub(crate) fn better(new: &Ty, cur: &Ty) -> bool {
    match (cur, new) {
        (_, Ty::Unknown | Ty::Never) => false,
        (Ty::Unknown | Ty::Never, _) => true,
        _ => has_unknown(cur) && !has_unknown(new),
    }
}

fn has_unknown(t: &Ty) -> bool {
    match t {
        Ty::Unknown => true,
        Ty::List(t) | Ty::Set(t) | Ty::Option(t) | Ty::Ref(t) | Ty::Mut(t) | Ty::Range(t) => {
            has_unknown(t)
        }
        Ty::Map(a, b) | Ty::Result(a, b) => has_unknown(a) || has_unknown(b),
        Ty::Tuple(ts) | Ty::Adt { args: ts, .. } => ts.iter().any(has_unknown),
        Ty::Fn(ps, r) => ps.iter().any(has_unknown) || has_unknown(r),
        _ => false,
    }
}

impl Walker<'_> {
    pub fn expr(&mut self, e: &Expr, expected: Option<&Ty>) -> Ty {
        let ty = self.expr_kind(e, expected);
        if !self.pars.is_empty() {
            self.no_blocking_in_par(e);
        }
        self.no_wait_under_lock(e);
        self.record(e.id, &ty);
        ty
    }

    fn expr_kind(&mut self, e: &Expr, exp: Option<&Ty>) -> Ty {
        let exp = exp.and_then(known);
        match &e.kind {
            ExprKind::Lit(lit) => self.lit(e, lit, exp, false),
            ExprKind::Name(id) => self.name(e, id),
            ExprKind::Tuple(es) if es.is_empty() => Ty::Unit,
            ExprKind::Tuple(es) => {
                let exps: Vec<Option<Ty>> = match exp.map(Ty::peel) {
                    Some(Ty::Tuple(ts)) if ts.len() == es.len() => {
                        ts.iter().cloned().map(Some).collect()
                    }
                    _ => vec![None; es.len()],
                };
                Ty::Tuple(
                    es.iter()
                        .zip(exps)
                        .map(|(x, t)| self.expr(x, t.as_ref()))
                        .collect(),
                )
            }
            ExprKind::List(es) => {
                let mut elem = match exp.map(Ty::peel) {
                    Some(Ty::List(t)) => Some((**t).clone()),
                    _ => None,
                };
                for x in es {
                    let t = self.expr(x, elem.as_ref());
                    if elem.as_ref().is_none_or(|e| better(&t, e)) {
                        elem = Some(t);
                    }
                }
                Ty::List(Box::new(elem.unwrap_or(Ty::Unknown)))
            }
            ExprKind::ListRepeat { value, count } => {
                let elem = match exp.map(Ty::peel) {
                    Some(Ty::List(t)) => Some((**t).clone()),
                    _ => None,
                };
                let t = self.expr(value, elem.as_ref());
                self.expr(count, Some(&Ty::Int));
                Ty::List(Box::new(elem.and_then(|e| known(&e).cloned()).unwrap_or(t)))
            }
            ExprKind::Map(pairs) => {
                let (mut k, mut v) = match exp.map(Ty::peel) {
                    Some(Ty::Map(k, v)) => (Some((**k).clone()), Some((**v).clone())),
                    _ => (None, None),
                };
                for (kx, vx) in pairs {
                    let kt = self.expr(kx, k.as_ref());
                    let vt = self.expr(vx, v.as_ref());
                    if k.as_ref().and_then(known).is_none() {
                        k = known(&kt).cloned();
                    }
                    if v.as_ref().and_then(known).is_none() {
                        v = known(&vt).cloned();
                    }
                }
                Ty::Map(
                    Box::new(k.unwrap_or(Ty::Unknown)),
                    Box::new(v.unwrap_or(Ty::Unknown)),
                )
            }
            ExprKind::StructLit { path, fields } => self.struct_lit(e, path, fields, exp),
            ExprKind::Paren(x) => self.expr(x, exp),
            ExprKind::Field { base, name } => {
                if let Some(p) = self.prefix(base) {
                    return self.path_member(e.id, p, name, false, exp);
                }
                let bt = self.expr(base, None);
                self.field_of(&bt, name)
            }
            ExprKind::Call {
                callee,
                generics,
                args,
            } => self.call(e, callee, generics, args, exp),
            ExprKind::MethodCall {
                receiver,
                method,
                generics,
                args,
            } => self.method_call(e, receiver, method, generics, args, exp),
            ExprKind::Index { base, index } => {
                let bt = self.expr(base, None);
                match bt.peel().clone() {
                    Ty::List(t) => {
                        let it = self.expr(index, Some(&Ty::Int));
                        if matches!(it, Ty::Range(_)) {
                            Ty::List(t)
                        } else {
                            *t
                        }
                    }
                    Ty::Map(k, v) => {
                        self.expr(index, Some(&k));
                        *v
                    }
                    Ty::Str => match self.expr(index, Some(&Ty::Int)) {
                        Ty::Range(_) => Ty::Str,
                        _ => {
                            self.errors.push(
                                Diagnostic::error(e.span, "cannot index a `str` by position")
                                    .label("`str` is UTF-8 text, not a list")
                                    .help("use `chars()` to get its characters: `s.chars()[i]`"),
                            );
                            Ty::Unknown
                        }
                    },
                    _ => {
                        self.expr(index, None);
                        Ty::Unknown
                    }
                }
            }
            ExprKind::Unary {
                op: UnOp::Neg,
                expr,
            } if matches!(expr.kind, ExprKind::Lit(Lit::Int(_))) => {
                let ExprKind::Lit(lit) = &expr.kind else {
                    return Ty::Unknown;
                };
                let t = self.lit(expr, lit, exp, true);
                self.record(expr.id, &t);
                t
            }
            ExprKind::Unary { op, expr } => {
                let t = self.expr(expr, exp);
                let t = t.peel().clone();
                if *op == UnOp::Not && (t == Ty::Str || t.is_float()) {
                    self.errors.push(
                        Diagnostic::error(e.span, format!("cannot apply `!` to `{}`", show(&t)))
                            .label("`!` needs a `bool` or an integer"),
                    );
                }
                if *op == UnOp::Neg && t == Ty::Duration {
                    self.errors.push(
                        Diagnostic::error(e.span, "cannot negate a `duration`")
                            .label("a duration cannot be negative"),
                    );
                }
                if *op == UnOp::Neg && matches!(t, Ty::Str | Ty::Bool) {
                    self.errors.push(
                        Diagnostic::error(e.span, format!("cannot negate `{}`", show(&t)))
                            .label("`-` needs a number")
                            .help(if t == Ty::Bool {
                                "use `!` for boolean negation"
                            } else {
                                ""
                            }),
                    );
                }
                t
            }
            ExprKind::Binary { op, lhs, rhs } => self.binary(*op, lhs, rhs, exp),
            ExprKind::Cast { expr, ty } => {
                let from = self.expr(expr, None);
                let to = self.ty(ty, Pos::Other);
                self.check_cast(e.span, from.peel(), &to);
                to
            }
            ExprKind::Range { start, end, .. } => {
                let elem_exp = match exp.map(Ty::peel) {
                    Some(Ty::Range(t)) => Some((**t).clone()),
                    _ => None,
                };
                let mut elem = elem_exp;
                let order: Vec<&Expr> = match (start, end) {
                    (Some(s), Some(x)) if is_int_lit(s) && !is_int_lit(x) => vec![x, s],
                    _ => start.iter().chain(end.iter()).map(|b| &**b).collect(),
                };
                for x in order {
                    let t = self.expr(x, elem.as_ref());
                    if elem.as_ref().and_then(known).is_none() {
                        elem = known(t.peel()).cloned();
                    }
                }
                Ty::Range(Box::new(elem.unwrap_or(Ty::Int)))
            }
            ExprKind::Try(x) => self.try_expr(e, x),
            ExprKind::Closure { params, ret, body } => {
                self.closure(e.span, params, ret.as_ref(), body, exp)
            }
            ExprKind::Block(b) => self.block(b, exp),
            ExprKind::Scope(b) => self.scope_expr(e, b, exp),
            ExprKind::TimedScope { timeout, body } => self.timed_scope_expr(e, timeout, body, exp),
            ExprKind::DeadlineScope { deadline, body } => {
                self.deadline_scope_expr(e, deadline, body, exp)
            }
            ExprKind::Spawn(task) => self.spawn_expr(e, task, exp),
            ExprKind::Join(task) => self.join_expr(task, exp),
            ExprKind::SupervisorScope(body) => self.supervisor_scope_expr(body),
            ExprKind::With {
                target,
                value,
                body,
            } => self.with_expr(target, value, body, exp),
            ExprKind::Cancel => self.cancel_expr(e),
            ExprKind::CancelTask(task) => self.cancel_task_expr(task),
            ExprKind::Yield => Ty::Unit,
            ExprKind::Guard {
                kind,
                target,
                binding,
                body,
            } => self.guard_expr(*kind, target, binding, body, exp),
            ExprKind::ParFor(pf) => self.par_for(e, pf),
            ExprKind::Par(x) => self.par_expr(e, x, exp),
            ExprKind::Close(end) => self.close_expr(end),
            ExprKind::Select { arms, .. } => self.select_expr(e, arms, exp),
            ExprKind::If { cond, then, else_ } => {
                self.scopes.push();
                self.cond(cond);
                let tt = self.block(then, if else_.is_some() { exp } else { None });
                self.leave_scope();
                match else_ {
                    None => Ty::Unit,
                    Some(x) => {
                        let exp2 = exp.cloned().or_else(|| known(&tt).cloned());
                        let et = self.expr(x, exp2.as_ref());
                        if better(&et, &tt) {
                            et
                        } else {
                            tt
                        }
                    }
                }
            }
            ExprKind::While { cond, body } => {
                self.scopes.push();
                self.cond(cond);
                self.in_loop(false, |w| {
                    w.block(body, None);
                });
                self.leave_scope();
                Ty::Unit
            }
            ExprKind::For { pat, iter, body } => {
                let it = self.expr(iter, None);
                let elem = self.elem_of(iter, &it);
                self.irrefutable(pat, "for");
                self.scopes.push();
                self.bind(pat, &elem, Origin::Loop, false);
                self.in_loop(false, |w| {
                    w.block(body, None);
                });
                self.leave_scope();
                Ty::Unit
            }
            ExprKind::Loop { body } => {
                let cx = self.in_loop(true, |w| {
                    w.block(body, None);
                });
                match cx {
                    Some(LoopCx { broke: false, .. }) => Ty::Never,
                    Some(LoopCx {
                        break_ty: Some(t), ..
                    }) => t,
                    Some(_) => Ty::Unit,
                    None => Ty::Unknown,
                }
            }
            ExprKind::Match { scrutinee, arms } => {
                let st = self.expr(scrutinee, None);
                let mut ty: Option<Ty> = None;
                for arm in arms {
                    self.scopes.push();
                    self.bind(&arm.pat, &st, Origin::Pattern, false);
                    if let Some(g) = &arm.guard {
                        let gt = self.expr(g, Some(&Ty::Bool));
                        self.expect_bool(g.span, &gt, "a match guard");
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
                ty.unwrap_or(Ty::Never)
            }
            ExprKind::Break(value) => {
                self.break_expr(e.span, value.as_deref());
                Ty::Never
            }
            ExprKind::Continue => {
                if self.fns.last().is_some_and(|f| f.loops.is_empty())
                    && self.leaves_body(e.span, "continue")
                {
                } else if self.fns.last().is_none_or(|f| f.loops.is_empty()) {
                    self.errors.push(
                        Diagnostic::error(e.span, "`continue` outside of a loop")
                            .label("not inside `loop`, `while` or `for`")
                            .help(
                                "`break` and `continue` work only inside `while`, `for` and `loop`",
                            ),
                    );
                }
                Ty::Never
            }
            ExprKind::Return(value) => {
                let (kind, ret) = match self.fns.last() {
                    Some(f) => (f.kind, f.ret.clone()),
                    None => (FnKind::Const, Ty::Unknown),
                };
                if self.leaves_body(e.span, "return") {
                } else if kind == FnKind::Const {
                    self.errors.push(
                        Diagnostic::error(e.span, "`return` outside of a function")
                            .label("not inside a function")
                            .help("a constant's value is an expression; remove `return`"),
                    );
                }
                if let Some(v) = value {
                    let want = known(&ret).cloned();
                    self.expr(v, want.as_ref());
                }
                Ty::Never
            }
        }
    }

    fn cond(&mut self, cond: &Cond) {
        match cond {
            Cond::Expr(c) => {
                let t = self.expr(c, Some(&Ty::Bool));
                self.expect_bool(c.span, &t, "the condition");
            }
            Cond::Let { pat, expr } => {
                let t = self.expr(expr, None);
                self.bind(pat, &t, Origin::Pattern, false);
            }
        }
    }

    /// Run `f` inside a loop body; hands back what the loop learned about its `break`s.
    fn in_loop(&mut self, is_loop: bool, f: impl FnOnce(&mut Self)) -> Option<LoopCx> {
        if self.fns.is_empty() {
            self.fns.push(FnCx {
                kind: FnKind::Const,
                ret: Ty::Unknown,
                loops: Vec::new(),
                main: false,
            });
        }
        if let Some(fx) = self.fn_cx() {
            fx.loops.push(LoopCx {
                is_loop,
                broke: false,
                break_ty: None,
            });
        }
        f(self);
        self.fn_cx().and_then(|fx| fx.loops.pop())
    }

    fn break_expr(&mut self, span: Span, value: Option<&Expr>) {
        let in_closure_of_loop = self.fns.len() > 1
            && self
                .fns
                .last()
                .is_some_and(|f| f.loops.is_empty() && f.kind == FnKind::Closure);
        let lp = self
            .fns
            .last()
            .and_then(|f| f.loops.last())
            .map(|l| (l.is_loop, l.break_ty.clone()));
        let Some((is_loop, break_ty)) = lp else {
            if self.leaves_body(span, "break") {
                if let Some(v) = value {
                    self.expr(v, None);
                }
                return;
            }
            let mut d = Diagnostic::error(span, "`break` outside of a loop")
                .label("not inside `loop`, `while` or `for`");
            d = if in_closure_of_loop {
                d.help("a closure cannot `break` out of the loop around it")
            } else {
                d.help("`break` and `continue` work only inside `while`, `for` and `loop`")
            };
            self.errors.push(d);
            if let Some(v) = value {
                self.expr(v, None);
            }
            return;
        };
        let mut vt = None;
        if let Some(v) = value {
            if !is_loop {
                self.errors.push(
                    Diagnostic::error(span, "`break` with a value is only allowed inside `loop`")
                        .label("`while` and `for` loops have no value")
                        .help("use `loop { .. }`, or remove the value"),
                );
            }
            vt = Some(self.expr(v, break_ty.as_ref().and_then(known)));
        }
        if let Some(l) = self.fn_cx().and_then(|f| f.loops.last_mut()) {
            l.broke = true;
            if l.break_ty.as_ref().and_then(known).is_none() {
                l.break_ty = Some(vt.unwrap_or(Ty::Unit));
            }
        }
    }

    fn try_expr(&mut self, e: &Expr, x: &Expr) -> Ty {
        let t = self.expr(x, None);
        if self.leaves_body(e.span, "?") {
        } else if let Some(f) = self.fns.last() {
            let ret = f.ret.peel().clone();
            if f.kind == FnKind::Fn
                && matches!(
                    ret,
                    Ty::Unit
                        | Ty::Int
                        | Ty::Float
                        | Ty::Bool
                        | Ty::Char
                        | Ty::Str
                        | Ty::Sized(_)
                        | Ty::List(_)
                        | Ty::Map(..)
                        | Ty::Set(_)
                        | Ty::Tuple(_)
                )
            {
                let help = if f.main && ret == Ty::Unit {
                    "return `Result[(), str]` from `main` (and end it with `ok(())`), or handle the failure with `match`"
                } else {
                    "change the function's return type, or handle the failure with `match`"
                };
                self.errors.push(
                    Diagnostic::error(
                        e.span,
                        "`?` can only be used in a function that returns `Result` or `T?`",
                    )
                    .label(format!("this function returns `{}`", show(&ret)))
                    .help(help),
                );
            }
        }
        match t.peel() {
            Ty::Option(t) | Ty::Result(t, _) => (**t).clone(),
            _ => Ty::Unknown,
        }
    }

    fn closure(
        &mut self,
        span: Span,
        params: &[ast::ClosureParam],
        ret: Option<&ast::Type>,
        body: &Expr,
        exp: Option<&Ty>,
    ) -> Ty {
        let (exp_params, exp_ret) = match exp.map(Ty::peel) {
            Some(Ty::Fn(ps, r)) if ps.len() == params.len() => (ps.clone(), known(r).cloned()),
            Some(t @ Ty::Fn(ps, _)) => {
                self.errors.push(
                    Diagnostic::error(
                        span,
                        format!(
                            "this closure takes {} parameter{} but `{}` takes {}",
                            params.len(),
                            plural(params.len()),
                            show(t),
                            ps.len()
                        ),
                    )
                    .label(format!(
                        "expected {} parameter{}",
                        ps.len(),
                        plural(ps.len())
                    ))
                    .help(format!(
                        "write the closure with {} parameter{}",
                        ps.len(),
                        plural(ps.len())
                    )),
                );
                (vec![Ty::Unknown; params.len()], None)
            }
            _ => (vec![Ty::Unknown; params.len()], None),
        };
        let first_binding = self.scopes.count();
        self.scopes.push();
        let mut ptys = Vec::new();
        let mut seen = std::collections::HashMap::new();
        for (p, et) in params.iter().zip(exp_params) {
            let t = match &p.ty {
                Some(t) => self.ty(t, Pos::Param),
                None => et,
            };
            if p.name.name != "_" {
                if let Some(first) = seen.insert(p.name.name.clone(), p.name.span) {
                    self.errors.push(
                        Diagnostic::error(
                            p.name.span,
                            format!("parameter `{}` is declared twice", p.name.name),
                        )
                        .label("second declaration")
                        .secondary(first, "first declared here")
                        .help("rename one of the parameters"),
                    );
                }
            }
            self.add_binding(p.id, &p.name, &t, Origin::ClosureParam, false);
            ptys.push(t);
        }
        let declared = ret.map(|t| self.ty(t, Pos::Return));
        let ret_ty = declared.or(exp_ret);
        self.fns.push(FnCx {
            kind: FnKind::Closure,
            ret: ret_ty.clone().unwrap_or(Ty::Unknown),
            loops: Vec::new(),
            main: false,
        });
        self.conc.push(super::walk::Conc::Closure { first_binding });
        let bt = self.expr(body, ret_ty.as_ref());
        self.conc.pop();
        self.fns.pop();
        self.leave_scope();
        let r = match ret_ty {
            Some(t) if t != Ty::Unknown => t,
            _ => bt,
        };
        Ty::Fn(ptys, Box::new(r))
    }

    /// The type of a `for` loop's variable; see `Info::locals`.
    pub(crate) fn elem_of(&self, iter: &Expr, it: &Ty) -> Ty {
        let borrowed = matches!(it, Ty::Ref(_) | Ty::Mut(_)) || super::place::is_place(iter);
        let b = |t: &Ty| {
            if borrowed && !t.is_copy() && *t != Ty::Unknown {
                Ty::Ref(Box::new(t.clone()))
            } else {
                t.clone()
            }
        };
        match it.peel() {
            Ty::List(t) | Ty::Set(t) => b(t),
            Ty::Map(k, v) => Ty::Tuple(vec![b(k), b(v)]),
            Ty::Range(t) => (**t).clone(),
            // `for v in rx`: each item received, owned.
            Ty::Receiver(t) => (**t).clone(),
            _ => Ty::Unknown,
        }
    }
}
