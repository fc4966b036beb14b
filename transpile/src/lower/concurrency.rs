//! `scope { }`, `spawn` and `join`, as docs/runtime.md §2 shows them:
//! `aurora_std::scope(|s| ..)`, `s.spawn_at(SITE, |_| ..)`, `h.join().or_unwind()`.
//!
//! A task's closure borrows what it uses unless capture analysis (`Info::captures`) says it
//! takes a value (it consumes one that nothing uses after the `spawn`, or one that lives in
//! the scope's own body); then it is a `move` closure, and what else it only reads is
//! borrowed explicitly with `let x = &x;` before the `spawn`. Nothing is cloned.

use aurora_grammar::ast::{Block, Cond, Expr, ExprKind, Pattern, PatternKind, StmtKind};
use quote::quote;

use super::ident::ident;
use super::{LExpr, Lowerer};
use crate::check::info::task_moves;
use crate::check::Ty;

impl Lowerer<'_> {
    /// The name of the scope handle in the closures: `s`, or `scope` (a keyword in Aurora, so
    /// never a program's name) when the function has a name `s` of its own.
    fn scope_handle(&self) -> proc_macro2::Ident {
        let taken = self.fn_body.is_some_and(block_names_s);
        ident(if taken { "scope" } else { "s" })
    }

    /// The scope closure's parameter: the handle, or `_` when the body neither spawns nor
    /// cancels through it.
    fn handle_for(&self, body: &Block) -> proc_macro2::TokenStream {
        if block_spawns(body) || block_cancels(body) {
            let h = self.scope_handle();
            quote!(#h)
        } else {
            quote!(_)
        }
    }

    /// The body of a scope with fallible tasks: its value (or `()`) is the `Ok` of a
    /// `try_scope` closure.
    fn fallible_body(&mut self, body: &Block, value_ty: &Ty) -> proc_macro2::TokenStream {
        let value = !matches!(value_ty, Ty::Unit | Ty::Never | Ty::Unknown);
        let mut stmts = self.delimited(|l| l.stmts(&body.stmts, value, false));
        let tail = if value { stmts.pop() } else { None };
        match tail {
            Some(v) => stmts.push(quote!(Ok(#v))),
            None => stmts.push(quote!(Ok(()))),
        }
        quote!({ #(#stmts)* })
    }

    /// A scope with fallible tasks (`Info::fallible_scopes`): `try_scope`, whose value is the
    /// `Result` of the body's value and the first task's `err`; with `cancel` it has no value.
    fn fallible_scope_expr(&mut self, e: &Expr, body: &Block) -> LExpr {
        let cancels = block_cancels(body);
        let h = self.handle_for(body);
        let value_ty = match self.info.ty(e.id).clone() {
            Ty::Result(v, _) => *v,
            _ => Ty::Unit,
        };
        let body = self.fallible_body(body, &value_ty);
        if cancels {
            // Ended by its own `cancel`: no failure, so `Ok(())` (docs/runtime.md, deadlines).
            return LExpr::atom(quote!(aurora_std::try_scope_with_deadline(
                aurora_std::Deadline::never(),
                |#h| #body
            )
            .unwrap_or(Ok(()))));
        }
        LExpr::atom(quote!(aurora_std::try_scope(|#h| #body)))
    }

    /// A timed or deadline scope with fallible tasks: `T?` where `T` is `Result[V, E]`.
    fn fallible_limited_scope(
        &mut self,
        e: &Expr,
        deadline: proc_macro2::TokenStream,
        body: &Block,
    ) -> LExpr {
        let h = self.handle_for(body);
        let value_ty = match self.info.ty(e.id).peel() {
            Ty::Option(r) => match r.peel() {
                Ty::Result(v, _) => (**v).clone(),
                _ => Ty::Unit,
            },
            _ => Ty::Unit,
        };
        let body = self.fallible_body(body, &value_ty);
        LExpr::atom(quote!(
            aurora_std::try_scope_with_deadline(#deadline, |#h| #body).ok()
        ))
    }

    pub(crate) fn scope_expr(&mut self, e: &Expr, body: &Block) -> LExpr {
        if self.info.fallible_scopes.contains(&e.id) {
            return self.fallible_scope_expr(e, body);
        }
        let cancels = block_cancels(body);
        let value = self.is_value(e) && !cancels;
        let handle = if block_spawns(body) || cancels {
            let h = self.scope_handle();
            quote!(#h)
        } else {
            quote!(_)
        };
        let ret = if value {
            self.literal_value_ret(body, &self.info.ty(e.id).clone())
        } else {
            None
        };
        let body = self.block(body, value, false);
        if cancels {
            // A scope that cancels itself ends with `Err(Cancelled)` instead of unwinding
            // into its caller (docs/runtime.md, deadlines); it has no value.
            return LExpr::atom(quote!(aurora_std::scope_with_deadline(
                aurora_std::Deadline::never(),
                |#handle| #body
            )
            .unwrap_or_default()));
        }
        LExpr::atom(quote!(aurora_std::scope(|#handle| #ret #body)))
    }

    /// `-> T` for a scope body whose value is a bare literal (`scope { 5 }`): nothing else
    /// would give the literal its Aurora type in Rust.
    fn literal_value_ret(&mut self, body: &Block, ty: &Ty) -> Option<proc_macro2::TokenStream> {
        let tail = body.tail()?;
        if self.pinned(tail) || matches!(ty, Ty::Unit | Ty::Unknown | Ty::Never) {
            return None;
        }
        self.ty_of(ty).map(|t| quote!(-> #t))
    }

    /// The value type inside a timed or deadline scope's `T?`.
    fn limited_value_ret(&mut self, e: &Expr, body: &Block) -> Option<proc_macro2::TokenStream> {
        match self.info.ty(e.id).peel().clone() {
            Ty::Option(t) => self.literal_value_ret(body, &t),
            _ => None,
        }
    }

    /// `scope(timeout: d) { .. }`: `Err(Cancelled)` (this scope's deadline or `cancel`) is
    /// `none`.
    pub(crate) fn timed_scope_expr(&mut self, e: &Expr, timeout: &Expr, body: &Block) -> LExpr {
        if self.info.fallible_scopes.contains(&e.id) {
            let d = self.expr(timeout).ts;
            return self.fallible_limited_scope(e, quote!(aurora_std::Deadline::after(#d)), body);
        }
        let value = self.is_value(e)
            && !matches!(self.info.ty(e.id).peel(), Ty::Option(t) if **t == Ty::Unit);
        let handle = if block_spawns(body) || block_cancels(body) {
            let h = self.scope_handle();
            quote!(#h)
        } else {
            quote!(_)
        };
        let d = self.expr(timeout).ts;
        let ret = if value {
            self.limited_value_ret(e, body)
        } else {
            None
        };
        let body = self.block(body, value, false);
        LExpr::atom(quote!(aurora_std::scope_with_timeout(#d, |#handle| #ret #body).ok()))
    }

    /// `scope(deadline: t) { .. }`: as a timed scope, at an absolute instant.
    pub(crate) fn deadline_scope_expr(&mut self, e: &Expr, deadline: &Expr, body: &Block) -> LExpr {
        if self.info.fallible_scopes.contains(&e.id) {
            let t = self.delimited(|l| l.expr(deadline).ts);
            return self.fallible_limited_scope(e, quote!(aurora_std::Deadline::at(#t)), body);
        }
        let value = self.is_value(e)
            && !matches!(self.info.ty(e.id).peel(), Ty::Option(t) if **t == Ty::Unit);
        let handle = if block_spawns(body) || block_cancels(body) {
            let h = self.scope_handle();
            quote!(#h)
        } else {
            quote!(_)
        };
        let t = self.delimited(|l| l.expr(deadline).ts);
        let ret = if value {
            self.limited_value_ret(e, body)
        } else {
            None
        };
        let body = self.block(body, value, false);
        LExpr::atom(quote!(aurora_std::scope_with_deadline(
            aurora_std::Deadline::at(#t),
            |#handle| #ret #body
        )
        .ok()))
    }

    /// `supervisor scope { .. }`: `aurora_std::supervise`, whose value is every task's outcome.
    pub(crate) fn supervisor_scope_expr(&mut self, e: &Expr, body: &Block) -> LExpr {
        let spawns = block_spawns(body);
        let handle = if spawns {
            let h = self.scope_handle();
            quote!(#h)
        } else {
            quote!(_)
        };
        // Without a task nothing tells Rust the outcomes' type.
        let targs = match self.info.ty(e.id).clone() {
            Ty::List(o) if !spawns => match *o {
                Ty::Outcome(t) => self.ty_of(&t).map(|t| quote!(::<#t, _>)),
                _ => None,
            },
            _ => None,
        };
        let body = self.block(body, false, false);
        LExpr::atom(quote!(aurora_std::supervise #targs (|#handle| #body)))
    }

    /// `with NAME = v { .. }`: a binding guard for the block (`TaskLocal::enter`), so that
    /// `return`, `break` and `?` inside keep their meaning.
    pub(crate) fn with_expr(
        &mut self,
        e: &Expr,
        target: &Expr,
        value: &Expr,
        body: &Block,
    ) -> LExpr {
        let local = match &target.kind {
            ExprKind::Field { base, name } => {
                let base = self.type_or_module_path(base);
                let name = ident(&name.name);
                quote!(#base::#name)
            }
            _ => {
                let name = match &target.kind {
                    ExprKind::Name(n) => ident(&n.name),
                    _ => ident("_"),
                };
                quote!(#name)
            }
        };
        let v = self.delimited(|l| l.expr(value).ts);
        let is_value = self.is_value(e);
        let stmts = self.delimited(|l| l.stmts(&body.stmts, is_value, false));
        LExpr::block(quote!({
            let _with = #local.enter(#v);
            #(#stmts)*
        }))
    }

    /// `cancel h`: that task's own token (docs/runtime.md: `Task::cancel`).
    pub(crate) fn cancel_task_expr(&mut self, task: &Expr) -> LExpr {
        let h = self.receiver(task);
        LExpr::atom(quote!(#h.cancel()))
    }

    /// `cancel`: the innermost scope's handle (a task's closure parameter is its scope).
    pub(crate) fn cancel_expr(&mut self) -> LExpr {
        let h = self.scope_handle();
        LExpr::atom(quote!(#h.cancel()))
    }

    pub(crate) fn spawn_expr(&mut self, e: &Expr, task: &Expr) -> LExpr {
        let h = self.scope_handle();
        let param = if expr_spawns(task) || expr_cancels(task) {
            quote!(#h)
        } else {
            quote!(_)
        };
        // Nothing in Rust gives a task's literal value (`spawn { 20 }`) its Aurora type: a
        // number is suffixed as in a closure (`|_| 20_i64`), anything else (a block's value,
        // `none`, a tuple of literals) gets the closure's return type (`|_| -> i64 { .. }`).
        let value_ty = self.info.ty(task.id).clone();
        let unpinned =
            !matches!(value_ty, Ty::Unit | Ty::Unknown | Ty::Never) && !self.pinned(task);
        let scalar = value_ty.is_integer() || value_ty.is_float();
        let block = matches!(task.kind, ExprKind::Block(_));
        let ret = if unpinned && (block || !scalar) {
            self.ty_of(&value_ty).map(|t| quote!(-> #t))
        } else {
            None
        };
        let body = match &task.kind {
            ExprKind::Block(b) => {
                let value = !matches!(value_ty, Ty::Unit);
                self.block(b, value, false)
            }
            _ if ret.is_some() => {
                let v = self.expr(task).ts;
                quote!({ #v })
            }
            _ => {
                let saved = self.set_suffix(unpinned && scalar);
                let v = self.expr(task).ts;
                self.suffix_next_int = saved;
                v
            }
        };
        let captures = self.info.captures.get(&e.id).map_or(&[][..], Vec::as_slice);
        let moves = task_moves(captures);
        let mut borrows = Vec::new();
        if moves {
            for c in captures {
                if !c.taken() && !c.copy {
                    let name = ident(&c.name);
                    borrows.push(quote!(let #name = &#name;));
                }
            }
        }
        let mv = if moves { quote!(move) } else { quote!() };
        let site = self.spawn_site(e);
        let call = if self.info.fallible_spawns.contains(&e.id) {
            quote!(#h.try_spawn_at(#site, #mv |#param| #ret #body))
        } else {
            quote!(#h.spawn_at(#site, #mv |#param| #ret #body))
        };
        if borrows.is_empty() {
            LExpr::atom(call)
        } else {
            LExpr::block(quote!({ #(#borrows)* #call }))
        }
    }

    /// The `.aur` (or `.cnl`) location of a `spawn`, as the runtime's messages show it.
    fn spawn_site(&self, e: &Expr) -> String {
        if self.mask_sites {
            return super::MASKED_SITE.to_string();
        }
        self.info
            .spawn_sites
            .get(&e.id)
            .cloned()
            .unwrap_or_default()
    }

    pub(crate) fn join_expr(&mut self, task: &Expr) -> LExpr {
        self.use_or_unwind();
        let h = self.expr(task).postfix();
        LExpr::atom(quote!(#h.join().or_unwind()))
    }
}

/// Whether `b` spawns onto the scope whose body it is: a `spawn` outside any nested `scope`
/// and outside the tasks it starts (a task spawns through its own closure's parameter).
fn block_spawns(b: &Block) -> bool {
    block_reaches(b, &|e| matches!(e, ExprKind::Spawn(_)))
}

fn expr_spawns(e: &Expr) -> bool {
    expr_reaches(e, &|e| matches!(e, ExprKind::Spawn(_)))
}

/// Whether `b` cancels the scope whose body it is: a `cancel` outside any nested `scope`
/// (one in a task spawned here cancels this scope too).
fn block_cancels(b: &Block) -> bool {
    block_reaches(b, &|e| matches!(e, ExprKind::Cancel))
}

fn expr_cancels(e: &Expr) -> bool {
    expr_reaches(e, &|e| matches!(e, ExprKind::Cancel))
}

/// Whether `b` holds an expression that `acts` says acts on the scope whose body `b` is:
/// nested scopes are their own (only a timed scope's duration or deadline is looked into).
fn block_reaches(b: &Block, acts: &dyn Fn(&ExprKind) -> bool) -> bool {
    b.stmts.iter().any(|s| match &s.kind {
        StmtKind::Let { init, .. } => expr_reaches(init, acts),
        StmtKind::Assign { target, value, .. } => {
            expr_reaches(target, acts) || expr_reaches(value, acts)
        }
        StmtKind::Expr { expr, .. } => expr_reaches(expr, acts),
    })
}

fn expr_reaches(e: &Expr, acts: &dyn Fn(&ExprKind) -> bool) -> bool {
    if acts(&e.kind) {
        return true;
    }
    match &e.kind {
        ExprKind::Scope(_) | ExprKind::SupervisorScope(_) => false,
        ExprKind::TimedScope { timeout, .. }
        | ExprKind::DeadlineScope {
            deadline: timeout, ..
        } => expr_reaches(timeout, acts),
        _ => {
            let mut found = false;
            super::uses::children(e, &mut |c| {
                found |= match c {
                    super::uses::Node::Expr(x) => expr_reaches(x, acts),
                    super::uses::Node::Block(b) => block_reaches(b, acts),
                }
            });
            found
        }
    }
}

/// Whether a body names or binds `s` anywhere.
fn block_names_s(b: &Block) -> bool {
    b.stmts.iter().any(|s| match &s.kind {
        StmtKind::Let { pat, init, .. } => pattern_binds_s(pat) || expr_names_s(init),
        StmtKind::Assign { target, value, .. } => expr_names_s(target) || expr_names_s(value),
        StmtKind::Expr { expr, .. } => expr_names_s(expr),
    })
}

fn expr_names_s(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Name(n) => n.name == "s",
        ExprKind::Closure { params, body, .. } => {
            params.iter().any(|p| p.name.name == "s") || expr_names_s(body)
        }
        ExprKind::For { pat, .. } if pattern_binds_s(pat) => true,
        ExprKind::If {
            cond: Cond::Let { pat, .. },
            ..
        }
        | ExprKind::While {
            cond: Cond::Let { pat, .. },
            ..
        } if pattern_binds_s(pat) => true,
        ExprKind::Match { arms, .. } if arms.iter().any(|a| pattern_binds_s(&a.pat)) => true,
        _ => {
            let mut found = false;
            super::uses::children(e, &mut |c| {
                found |= match c {
                    super::uses::Node::Expr(x) => expr_names_s(x),
                    super::uses::Node::Block(b) => block_names_s(b),
                }
            });
            found
        }
    }
}

fn pattern_binds_s(p: &Pattern) -> bool {
    match &p.kind {
        PatternKind::Bind { name, .. } => name.name == "s",
        PatternKind::Tuple(ps) | PatternKind::Or(ps) => ps.iter().any(pattern_binds_s),
        PatternKind::Variant { args, .. } => args.iter().flatten().any(pattern_binds_s),
        PatternKind::Struct { fields, .. } => fields.iter().any(|f| match &f.pat {
            Some(p) => pattern_binds_s(p),
            None => f.name.name == "s",
        }),
        PatternKind::Wild | PatternKind::Lit { .. } | PatternKind::Range { .. } => false,
    }
}

/// Whether `body` joins the variable that `pat` binds (`for t in tasks { .. join t .. }`).
pub(crate) fn joins_binding(pat: &Pattern, body: &Block) -> bool {
    let PatternKind::Bind { name, .. } = &pat.kind else {
        return false;
    };
    fn expr(e: &Expr, name: &str) -> bool {
        if let ExprKind::Join(x) = &e.kind {
            if matches!(&super::strings::peel_parens(x).kind, ExprKind::Name(n) if n.name == name) {
                return true;
            }
        }
        let mut found = false;
        super::uses::children(e, &mut |c| {
            found |= match c {
                super::uses::Node::Expr(x) => expr(x, name),
                super::uses::Node::Block(b) => block(b, name),
            }
        });
        found
    }
    fn block(b: &Block, name: &str) -> bool {
        b.stmts.iter().any(|s| match &s.kind {
            StmtKind::Let { init, .. } => expr(init, name),
            StmtKind::Assign { target, value, .. } => expr(target, name) || expr(value, name),
            StmtKind::Expr { expr: e, .. } => expr(e, name),
        })
    }
    block(body, &name.name)
}
