//! Places (`x`, `p.x`, `xs[i]`, `self.items`) and mutation: assignment, `mut x` borrows and
//! calls of methods that modify their receiver. Marks `var` bindings as mutated and reports
//! modification of `let` bindings, parameters and loop variables.

use aurora_grammar::ast::{AssignOp, Expr, ExprKind, Mode};
use aurora_grammar::{Diagnostic, Span};

use super::scope::Origin;
use super::types::show;
use super::walk::{Conc, Walker};
use super::{Res, Ty};

/// True for an expression that names storage: a variable, `self`, or a field or element of
/// one.
pub(crate) fn is_place(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Name(_) => true,
        ExprKind::Paren(x) => is_place(x),
        ExprKind::Field { base, .. } | ExprKind::Index { base, .. } => is_place(base),
        _ => false,
    }
}

/// How a place is modified.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Access<'m> {
    Assign,
    /// `f(mut x)`.
    Borrow,
    /// `xs.push(1)`: a method taking `mut self`.
    Method(&'m str),
}

/// The variable a place is rooted at, and whether the place is that variable itself.
fn root(e: &Expr) -> Option<(&Expr, bool)> {
    let mut cur = e;
    let mut direct = true;
    loop {
        match &cur.kind {
            ExprKind::Paren(x) => cur = x,
            ExprKind::Field { base, .. } | ExprKind::Index { base, .. } => {
                cur = base;
                direct = false;
            }
            ExprKind::Name(_) => return Some((cur, direct)),
            _ => return None,
        }
    }
}

impl Walker<'_> {
    pub fn assign(&mut self, target: &Expr, op: AssignOp, value: &Expr) {
        let tt = self.expr(target, None);
        self.mutate(target, Access::Assign);
        let want = match tt.peel() {
            Ty::Unknown | Ty::Never => None,
            t => Some(t.clone()),
        };
        let vt = self.expr(value, want.as_ref());
        if let AssignOp::Compound(bop) = op {
            self.check_operands(bop, target.span.to(value.span), tt.peel(), vt.peel());
        }
    }

    /// A place that some call might modify (the checker cannot tell): mark a `var` root as
    /// mutated, report nothing.
    pub fn maybe_mutated(&mut self, target: &Expr) {
        let Some((root_expr, _)) = root(target) else {
            return;
        };
        let ExprKind::Name(name) = &root_expr.kind else {
            return;
        };
        let Some(Res::Local(id)) = self.info.res.get(&root_expr.id).cloned() else {
            return;
        };
        let Some(i) = self.scopes.lookup(&name.name) else {
            return;
        };
        let Some(b) = self.scopes.get_mut(i) else {
            return;
        };
        if b.id == id && b.mutable {
            b.mutated = true;
            self.info.mutated.insert(id);
            self.task_mutates(i, id);
        }
    }

    /// Check that the place `target` may be modified, and record the modification.
    pub fn mutate(&mut self, target: &Expr, access: Access) {
        let Some((root_expr, direct)) = root(target) else {
            if matches!(access, Access::Assign) {
                self.errors.push(
                    Diagnostic::error(target.span, "cannot assign to this expression")
                        .label("not a place that can be assigned")
                        .help("assign to a variable, a field (`p.x = ..`) or an element (`xs[i] = ..`)"),
                );
            }
            return;
        };
        let ExprKind::Name(name) = &root_expr.kind else {
            return;
        };
        // The message's start, built only when there is an error to report.
        let doing = |w: &Self| {
            let what = w.text(target.span);
            let doing = match access {
                Access::Assign => format!("cannot assign to `{what}`"),
                Access::Borrow => format!("cannot borrow `{what}` as `mut`"),
                Access::Method(m) => format!("cannot call `{m}` on `{what}`, which modifies it"),
            };
            if direct {
                doing
            } else {
                format!("{doing} through `{}`", name.name)
            }
        };
        match self.info.res.get(&root_expr.id).cloned() {
            Some(Res::Local(id)) => {
                let Some(i) = self.scopes.lookup(&name.name) else {
                    return;
                };
                let Some(b) = self.scopes.get_mut(i) else {
                    return;
                };
                if b.id != id {
                    return;
                }
                if matches!(b.ty, Ty::Mut(_)) || b.mutable {
                    if b.mutable {
                        b.mutated = true;
                        self.info.mutated.insert(b.id);
                    }
                    self.task_mutates(i, id);
                    self.par_mutates(i, id, target.span, access);
                    self.closure_mutates(i, &name.name, target.span);
                    return;
                }
                let b = b.clone();
                let n = &b.name;
                let (reason, help) = match b.origin {
                    Origin::Let | Origin::Var => (
                        format!("`{n}` is an immutable `let` binding"),
                        format!("declare it with `var {n}`"),
                    ),
                    Origin::Param if matches!(b.ty, Ty::Ref(_)) => (
                        format!("`{n}` is a `ref` parameter, which is read-only"),
                        format!("declare the parameter as `mut {}` to modify the caller's value", show(b.ty.peel())),
                    ),
                    Origin::Param | Origin::ClosureParam => (
                        format!("`{n}` is a parameter, which is read-only"),
                        format!("copy it into a variable first: `var {n} = {n}`"),
                    ),
                    Origin::Loop => (
                        format!("`{n}` is a loop variable, which is read-only"),
                        format!("copy it into a variable first (`var v = {n}`), or loop over indexes to change the collection"),
                    ),
                    Origin::Guard => (
                        format!("`{n}` is the value of a `read` block, which is read-only"),
                        "change it in a `write` block instead of `read`".to_string(),
                    ),
                    Origin::Pattern => (
                        format!("`{n}` is bound by a pattern, which is read-only"),
                        format!("bind it with `var {n}` in the pattern"),
                    ),
                };
                let label = if direct {
                    reason.clone()
                } else {
                    format!("`{n}` cannot be modified")
                };
                let sep = if direct && matches!(access, Access::Assign) {
                    ", "
                } else {
                    ": "
                };
                let reason = if sep == ", " {
                    reason.trim_start_matches(&format!("`{n}` is ")).to_string()
                } else if direct && matches!(access, Access::Borrow) {
                    // "cannot borrow `xs` as `mut`: it is a `let` binding"
                    reason
                        .replacen(&format!("`{n}` is an immutable"), "it is a", 1)
                        .replacen(&format!("`{n}` is"), "it is", 1)
                } else {
                    reason
                };
                self.errors.push(
                    Diagnostic::error(target.span, format!("{}{sep}{reason}", doing(self)))
                        .label(label)
                        .secondary(b.span, format!("`{n}` declared here"))
                        .help(help),
                );
            }
            Some(Res::SelfValue) => {
                if self.self_param == Some(Mode::Mut) {
                    return;
                }
                let how = if self.self_param == Some(Mode::Ref) {
                    "`ref self`"
                } else {
                    "`self` by value"
                };
                self.errors.push(
                    Diagnostic::error(
                        target.span,
                        format!("{}: this method takes {how}", doing(self)),
                    )
                    .label("`self` is read-only here")
                    .help("take `mut self` to modify the value the method is called on"),
                );
            }
            Some(Res::TaskLocal { name, .. }) => {
                self.errors.push(
                    Diagnostic::error(
                        target.span,
                        format!("{}: `{name}` is a task-local", doing(self)),
                    )
                    .label("a task-local is bound, not assigned")
                    .help(format!(
                        "bind it for a block and the tasks spawned in it: `with {name} = value {{ .. }}`"
                    )),
                );
            }
            Some(Res::Const { name, .. }) => {
                self.errors.push(
                    Diagnostic::error(
                        target.span,
                        format!("{}: `{name}` is a constant", doing(self)),
                    )
                    .label("constants cannot change")
                    .help("use a `var` inside a function for a value that changes"),
                );
            }
            Some(Res::Fn { name, .. }) if matches!(access, Access::Assign) => {
                self.errors.push(
                    Diagnostic::error(
                        target.span,
                        format!("{}: `{name}` is a function", doing(self)),
                    )
                    .label("not a variable")
                    .help("assign to a variable declared with `var`"),
                );
            }
            _ => {}
        }
    }
}

impl Walker<'_> {
    /// A closure changing binding number `index`, declared around it: closures only read what
    /// is around them (§5.16; Rust would need an `FnMut` closure held in a `mut` binding).
    fn closure_mutates(&mut self, index: usize, name: &str, at: Span) {
        let inside = self.conc.iter().rev().find_map(|c| match c {
            Conc::Closure { first_binding } => Some(*first_binding),
            _ => None,
        });
        // A pipeline's function is a `par` body, and changing what is outside a `par` body
        // is the `par` rule's error (§16.6).
        let in_par = self.pars.iter().any(|p| index < p.first_binding);
        if !in_par && inside.is_some_and(|first| index < first) {
            self.errors.push(
                Diagnostic::error(at, format!("a closure cannot change `{name}`, a variable around it"))
                    .label("changed here")
                    .help(format!(
                        "a closure reads what is around it: give the closure `{name}` as a parameter and use what it returns, or use a `for` loop"
                    )),
            );
        }
    }
}
