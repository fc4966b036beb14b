//! Blocks, statements and the block-like expressions (`if`, `match`, loops).
//!
//! A block is lowered knowing whether its value is used (`value`): then its tail stays a tail
//! expression; otherwise every expression statement gets its `;` (block-like ones need none).
//! `fn_tail` marks the tail of a function body, through `if`/`match` branches: there a
//! `return x` is written as the tail `x` and a bare `return` is dropped (no needless
//! `return`, as clippy wants).

use aurora_grammar::ast::{
    Arm, AssignOp, BinOp, Block, Cond, Expr, ExprKind, Lit, Pattern, PatternKind, Stmt, StmtKind,
    Type,
};
use proc_macro2::TokenStream;
use quote::quote;

use super::strings::{peel_parens, plain_text};
use super::types::TyPos;
use super::{LExpr, Lowerer, Prec, Want};
use crate::check::Ty;

/// How a `for` loop's elements relate to its pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Elems {
    /// The iterator yields values: the pattern as written.
    Values,
    /// It yields references to copyable values: `&pat` copies them out.
    CopyRefs,
    /// It yields `(&K, &V)`: each part copied when its type is copyable.
    MapPairs { key: bool, value: bool },
}

impl Elems {
    /// What iterating a borrow of a collection of type `ty` yields.
    pub fn borrowed_from(ty: &Ty) -> Elems {
        match ty.peel() {
            Ty::List(t) | Ty::Set(t) if t.is_copy() => Elems::CopyRefs,
            Ty::Map(k, v) => Elems::MapPairs {
                key: k.is_copy(),
                value: v.is_copy(),
            },
            _ => Elems::Values,
        }
    }
}

impl Lowerer<'_> {
    /// `{ stmts }`.
    pub fn block(&mut self, b: &Block, value: bool, fn_tail: bool) -> TokenStream {
        let stmts = self.delimited(|l| l.stmts(&b.stmts, value, fn_tail));
        quote!({ #(#stmts)* })
    }

    pub(crate) fn stmts(&mut self, stmts: &[Stmt], value: bool, fn_tail: bool) -> Vec<TokenStream> {
        let mut out = Vec::new();
        let mut skip = 0;
        let (mut pending, mut from) = (None, 0);
        for (i, stmt) in stmts.iter().enumerate() {
            // What the previous statement emitted (several statements when pushes were
            // folded into one `vec!`) is its own.
            if let Some(span) = pending.take() {
                self.mark_from(&mut out, from, span);
            }
            if skip > 0 {
                skip -= 1;
                continue;
            }
            from = out.len();
            pending = Some(stmt.span);
            let last = i + 1 == stmts.len();
            if let Some((ts, folded)) = self.fold_pushes(stmts, i, value) {
                out.push(ts);
                skip = folded;
                continue;
            }
            match &stmt.kind {
                StmtKind::Let {
                    mutable,
                    pat,
                    ty,
                    init,
                } => out.push(self.let_stmt(*mutable, pat, ty.as_ref(), init)),
                StmtKind::Assign {
                    target,
                    op,
                    value: v,
                } => out.push(self.assign(target, *op, v)),
                StmtKind::Expr { expr, semi } => {
                    let inner = peel_parens(expr);
                    if let ExprKind::Guard {
                        kind,
                        target,
                        binding,
                        body,
                    } = &inner.kind
                    {
                        if last {
                            let value = value && !*semi;
                            out.extend(
                                self.guard_stmts(*kind, target, binding, body, value, fn_tail),
                            );
                            continue;
                        }
                    }
                    if last && fn_tail {
                        if let ExprKind::Return(ret) = &inner.kind {
                            match ret {
                                Some(v) if value => out.push(self.result_value(v).ts),
                                Some(v) => out.push(self.expr_stmt(v, false)),
                                None => {}
                            }
                            continue;
                        }
                    }
                    if last && value && !*semi {
                        out.push(self.tail(expr, fn_tail));
                    } else {
                        out.push(self.expr_stmt(expr, last && fn_tail));
                    }
                }
            }
        }
        if let Some(span) = pending {
            self.mark_from(&mut out, from, span);
        }
        out
    }

    /// A value-producing tail.
    fn tail(&mut self, e: &Expr, fn_tail: bool) -> TokenStream {
        let inner = peel_parens(e);
        match &inner.kind {
            ExprKind::If { .. } | ExprKind::Match { .. } | ExprKind::Block(_) => {
                self.control(inner, true, fn_tail).ts
            }
            ExprKind::Return(Some(v)) if fn_tail => self.result_value(v).ts,
            _ if fn_tail => self.result_value(e).ts,
            _ => self.expr(e).ts,
        }
    }

    /// An expression whose value is discarded.
    pub fn expr_stmt(&mut self, e: &Expr, fn_tail: bool) -> TokenStream {
        let inner = peel_parens(e);
        match &inner.kind {
            ExprKind::If { .. }
            | ExprKind::Match { .. }
            | ExprKind::Block(_)
            | ExprKind::While { .. }
            | ExprKind::For { .. }
            | ExprKind::Loop { .. } => self.control(inner, false, fn_tail).ts,
            // A block of its own: no `;` after it.
            ExprKind::With { .. } => self.expr(inner).ts,
            ExprKind::Guard {
                kind,
                target,
                binding,
                body,
            } => self.guard_expr(*kind, target, binding, body, false).ts,
            ExprKind::ParFor(pf) => self.par_for_stmt(inner, pf),
            ExprKind::Select { biased, arms } => {
                self.select_expr(*biased, arms, false, fn_tail, true).ts
            }
            _ => {
                if let Some(send) = self.send_stmt(inner) {
                    return send;
                }
                let v = self.expr_want(inner, Want::Borrowed).ts;
                quote!(#v;)
            }
        }
    }

    /// `if`, `match`, a block or a loop.
    pub fn control(&mut self, e: &Expr, value: bool, fn_tail: bool) -> LExpr {
        match &e.kind {
            ExprKind::If { cond, then, else_ } => {
                let cond = self.cond(cond);
                let then = self.block(then, value, fn_tail);
                let else_ = else_.as_deref().map(|x| {
                    let x = peel_parens(x);
                    match &x.kind {
                        ExprKind::If { .. } => self.control(x, value, fn_tail).ts,
                        ExprKind::Block(b) => self.block(b, value, fn_tail),
                        _ => {
                            let v = if value {
                                self.tail(x, fn_tail)
                            } else {
                                self.expr_stmt(x, fn_tail)
                            };
                            quote!({ #v })
                        }
                    }
                });
                match else_ {
                    Some(x) => LExpr::block(quote!(if #cond #then else #x)),
                    None => LExpr::block(quote!(if #cond #then)),
                }
            }
            ExprKind::Match { scrutinee, arms } => self.match_expr(scrutinee, arms, value, fn_tail),
            ExprKind::Select { biased, arms } => {
                self.select_expr(*biased, arms, value, fn_tail, false)
            }
            ExprKind::Block(b) => LExpr::block(self.block(b, value, fn_tail)),
            ExprKind::While { cond, body } => {
                let cond = self.cond(cond);
                let body = self.block(body, false, false);
                LExpr::block(quote!(while #cond #body))
            }
            ExprKind::Loop { body } => {
                let body = self.block(body, false, false);
                LExpr::block(quote!(loop #body))
            }
            ExprKind::For { pat, iter, body } => {
                // Joining takes a task handle by value: a loop that joins its variable
                // iterates the collection itself, not a borrow of it.
                let (iter_ts, elems) = if super::concurrency::joins_binding(pat, body) {
                    (self.restricted(|l| l.expr(iter).ts), Elems::Values)
                } else {
                    self.restricted(|l| l.for_iter(pat, iter))
                };
                let pat = self.for_pattern(pat, elems);
                let body = self.block(body, false, false);
                LExpr::block(quote!(for #pat in #iter_ts #body))
            }
            _ => self.expr(e),
        }
    }

    fn cond(&mut self, cond: &Cond) -> TokenStream {
        self.restricted(|l| match cond {
            Cond::Expr(e) => l.expr_want(e, Want::Borrowed).ts,
            Cond::Let { pat, expr } => {
                let strs = pat_has_str(pat);
                if l.seen_through_borrow(expr) {
                    l.mark_ref_bindings(pat);
                }
                let p = l.pattern(pat, false);
                let v = l.scrutinee(expr, strs, Prec::Compare);
                quote!(let #p = #v)
            }
        })
    }

    /// A `match`/`if let` scrutinee; a `str` matched against string literals is matched as
    /// `s.as_str()`.
    fn scrutinee(&mut self, e: &Expr, strs: bool, min: Prec) -> TokenStream {
        let trimmed = matches!(&peel_parens(e).kind, ExprKind::MethodCall { method, .. }
            if matches!(method.name.as_str(), "trim" | "trim_start" | "trim_end"));
        let str_ref = matches!(self.info.res(peel_parens(e).id), Some(crate::check::Res::Local(b)) if self.ref_str_params.contains(b));
        if strs
            && !trimmed
            && !str_ref
            && matches!(self.info.ty(e.id).peel(), Ty::Str | Ty::Unknown)
        {
            let r = self.receiver(e);
            return quote!(#r.as_str());
        }
        self.expr_want(e, Want::Borrowed).at(min)
    }

    fn match_expr(&mut self, scrutinee: &Expr, arms: &[Arm], value: bool, fn_tail: bool) -> LExpr {
        let strs = arms.iter().any(|a| pat_has_str(&a.pat));
        let scrut = self.restricted(|l| l.scrutinee(scrutinee, strs, Prec::Jump));
        if self.seen_through_borrow(scrutinee) {
            for arm in arms {
                self.mark_ref_bindings(&arm.pat);
            }
        }
        let arms: Vec<TokenStream> = arms
            .iter()
            .map(|arm| {
                let pat = self.pattern(&arm.pat, false);
                let guard = arm.guard.as_ref().map(|g| {
                    let g = self.expr_want(g, Want::Borrowed).ts;
                    quote!(if #g)
                });
                let body = self.arm_body(&arm.body, value, fn_tail);
                quote!(#pat #guard => #body,)
            })
            .collect();
        LExpr::block(quote!(match #scrut { #(#arms)* }))
    }

    pub(super) fn arm_body(&mut self, body: &Expr, value: bool, fn_tail: bool) -> TokenStream {
        let inner = peel_parens(body);
        match &inner.kind {
            ExprKind::Block(b) => self.block(b, value, fn_tail),
            ExprKind::If { .. } | ExprKind::Match { .. } => self.control(inner, value, fn_tail).ts,
            ExprKind::Return(None) if fn_tail => quote!({}),
            ExprKind::Return(Some(v)) if fn_tail && value => self.result_value(v).ts,
            _ if value => self.tail(inner, fn_tail),
            _ => {
                let discards =
                    !matches!(self.info.ty(inner.id), Ty::Unit | Ty::Never | Ty::Unknown);
                if discards {
                    let s = self.expr_stmt(inner, false);
                    quote!({ #s })
                } else {
                    self.expr_want(inner, Want::Borrowed).ts
                }
            }
        }
    }

    /// The iterable of a `for` loop (§6): a collection variable or field is borrowed,
    /// ranges and temporaries are iterated as they are.
    pub(crate) fn for_iter(&mut self, pat: &Pattern, iter: &Expr) -> (TokenStream, Elems) {
        let inner = peel_parens(iter);
        if let ExprKind::List(elems) = &inner.kind {
            // A list literal iterated directly is an array (clippy: useless_vec).
            let suffix = !self.pinned(inner);
            let elems: Vec<TokenStream> = self.delimited(|l| {
                let saved = l.set_suffix(suffix);
                let out = elems.iter().map(|x| l.expr(x).ts).collect();
                l.suffix_next_int = saved;
                out
            });
            return (quote!([#(#elems),*]), Elems::Values);
        }
        if let ExprKind::MethodCall {
            receiver,
            method,
            args,
            ..
        } = &inner.kind
        {
            if let Some(out) = self.iter_method(pat, inner, receiver, &method.name, args) {
                return out;
            }
        }
        let is_place = match &inner.kind {
            ExprKind::Name(_) => true,
            ExprKind::Field { base, .. } => self.type_or_module_path(base).is_none(),
            _ => false,
        };
        let ty = self.info.ty(inner.id).clone();
        // A `shared` or `local` collection is read through its pointer: `xs.iter()`.
        if let Ty::Shared(t) | Ty::Local(t) = ty.peel() {
            if matches!(t.peel(), Ty::List(_) | Ty::Set(_) | Ty::Map(..)) {
                let r = self.receiver(inner);
                return (quote!(#r.iter()), Elems::borrowed_from(t));
            }
        }
        let elems = Elems::borrowed_from(&ty);
        // A receiving end is iterated by reference (`for v in &rx`): the loop does not take it.
        let collection = matches!(
            ty.peel(),
            Ty::List(_) | Ty::Set(_) | Ty::Map(..) | Ty::Receiver(_)
        );
        if !is_place || !collection {
            return (self.expr(inner).ts, Elems::Values);
        }
        match ty {
            Ty::Ref(_) => (self.receiver(inner), elems),
            Ty::Mut(_) => {
                let r = self.receiver(inner);
                (quote!(#r.iter()), elems)
            }
            _ => {
                let r = self.expr_want(inner, Want::Borrowed).at(Prec::Prefix);
                (quote!(&#r), elems)
            }
        }
    }

    pub(crate) fn for_pattern(&mut self, pat: &Pattern, elems: Elems) -> TokenStream {
        match (elems, &pat.kind) {
            (_, PatternKind::Wild) | (Elems::Values, _) => self.pattern(pat, false),
            (Elems::CopyRefs, _) => {
                let p = self.pattern(pat, false);
                quote!(&#p)
            }
            (Elems::MapPairs { key, value }, PatternKind::Tuple(parts)) if parts.len() == 2 => {
                let k = self.pattern(&parts[0], false);
                let v = self.pattern(&parts[1], false);
                let k = if key && !matches!(parts[0].kind, PatternKind::Wild) {
                    quote!(&#k)
                } else {
                    k
                };
                let v = if value && !matches!(parts[1].kind, PatternKind::Wild) {
                    quote!(&#v)
                } else {
                    v
                };
                quote!((#k, #v))
            }
            (Elems::MapPairs { .. }, _) => self.pattern(pat, false),
        }
    }

    /// `let`/`var` (§4.1, §4.2, §6): an unannotated binding of an integer-literal value
    /// states its type.
    /// `var xs = []` followed at once by `xs.push(a)`, `xs.push(b)`: `let mut xs = vec![a, b];`
    /// (clippy: vec_init_then_push). Returns the statement and how many pushes it absorbed.
    fn fold_pushes(
        &mut self,
        stmts: &[Stmt],
        i: usize,
        value: bool,
    ) -> Option<(TokenStream, usize)> {
        let StmtKind::Let {
            mutable: true,
            pat,
            ty,
            init,
        } = &stmts.get(i)?.kind
        else {
            return None;
        };
        let PatternKind::Bind { name, .. } = &pat.kind else {
            return None;
        };
        if !matches!(&peel_parens(init).kind, ExprKind::List(xs) if xs.is_empty()) {
            return None;
        }
        let mut elems: Vec<&Expr> = Vec::new();
        for (j, stmt) in stmts.iter().enumerate().skip(i + 1) {
            let StmtKind::Expr { expr, semi } = &stmt.kind else {
                break;
            };
            let ExprKind::MethodCall {
                receiver,
                method,
                args,
                generics,
            } = &peel_parens(expr).kind
            else {
                break;
            };
            let on_binding = matches!(self.info.res(peel_parens(receiver).id), Some(crate::check::Res::Local(b)) if *b == pat.id);
            let [arg] = args.as_slice() else {
                break;
            };
            // A push that is the block's value stays a statement of its own.
            let is_tail = j + 1 == stmts.len() && value && !*semi;
            if !on_binding
                || method.name != "push"
                || !generics.is_empty()
                || arg.mode != aurora_grammar::ast::Mode::Own
                || is_tail
                || self.mentions(&arg.value, pat.id, &name.name)
            {
                break;
            }
            elems.push(&arg.value);
        }
        if elems.is_empty() {
            return None;
        }
        let mutable = self.info.mutated.contains(&pat.id)
            && self.mutating_uses(pat.id, &name.name) > elems.len();
        let id = super::ident::ident(&name.name);
        let p = if mutable {
            quote!(mut #id)
        } else {
            quote!(#id)
        };
        let ann = match ty {
            Some(t) => Some(self.ty(t, TyPos::Other)),
            None => {
                let t = self
                    .info
                    .locals
                    .get(&pat.id)
                    .cloned()
                    .unwrap_or(Ty::Unknown);
                self.ty_of(&t)
            }
        };
        let suffix = ann.is_none() && !elems.iter().any(|x| self.pinned(x));
        let vals: Vec<TokenStream> = self.delimited(|l| {
            let saved = l.set_suffix(suffix);
            let out = elems.iter().map(|x| l.expr(x).ts).collect();
            l.suffix_next_int = saved;
            out
        });
        let ts = match ann {
            Some(t) => quote!(let #p: #t = vec![#(#vals),*];),
            None => quote!(let #p = vec![#(#vals),*];),
        };
        Some((ts, elems.len()))
    }

    /// `let xs = [..]` whose every use works on a slice: an array literal (clippy:
    /// useless_vec), its integer literals typed by a suffix.
    fn array_let(
        &mut self,
        mutable: bool,
        pat: &Pattern,
        ty: Option<&Type>,
        init: &Expr,
    ) -> Option<TokenStream> {
        let ExprKind::List(elems) = &peel_parens(init).kind else {
            return None;
        };
        let PatternKind::Bind { name, .. } = &pat.kind else {
            return None;
        };
        if elems.is_empty() || ty.is_some() || !self.only_slice_uses(pat.id, &name.name, false) {
            return None;
        }
        let p = self.pattern(pat, mutable);
        let suffix = !self.pinned(init);
        let elems: Vec<TokenStream> = self.delimited(|l| {
            let saved = l.set_suffix(suffix);
            let out = elems.iter().map(|x| l.expr(x).ts).collect();
            l.suffix_next_int = saved;
            out
        });
        Some(quote!(let #p = [#(#elems),*];))
    }

    fn let_stmt(
        &mut self,
        mutable: bool,
        pat: &Pattern,
        ty: Option<&Type>,
        init: &Expr,
    ) -> TokenStream {
        if let Some(array) = self.array_let(mutable, pat, ty, init) {
            return array;
        }
        let p = self.pattern(pat, mutable);
        let mut ann = ty.map(|t| self.ty(t, TyPos::Other));
        let unpinned = ty.is_none() && !self.pinned(init);
        if unpinned {
            let t = match self.info.ty(init.id) {
                Ty::Unknown => self
                    .info
                    .locals
                    .get(&pat.id)
                    .cloned()
                    .unwrap_or(Ty::Unknown),
                t => t.clone(),
            };
            ann = self.ty_of(&t);
        }
        let saved = self.set_suffix(unpinned && ann.is_none());
        let inner = peel_parens(init);
        let v = match &inner.kind {
            ExprKind::If { .. } | ExprKind::Match { .. } | ExprKind::Block(_) => {
                self.control(inner, true, false).ts
            }
            _ => self.expr(init).ts,
        };
        self.suffix_next_int = saved;
        match ann {
            Some(t) => quote!(let #p: #t = #v;),
            None => quote!(let #p = #v;),
        }
    }

    fn assign(&mut self, target: &Expr, op: AssignOp, value: &Expr) -> TokenStream {
        let target = peel_parens(target);
        if let ExprKind::Index { base, index } = &target.kind {
            if matches!(self.info.ty(base.id).peel(), Ty::Map(..)) {
                return self.map_assign(target, base, index, op, value);
            }
        }
        let place = self.place(target);
        let bop = match op {
            AssignOp::Assign => {
                let inner = peel_parens(value);
                let v = match &inner.kind {
                    ExprKind::If { .. } | ExprKind::Match { .. } | ExprKind::Block(_) => {
                        self.control(inner, true, false).ts
                    }
                    _ => self.expr(value).ts,
                };
                return quote!(#place = #v;);
            }
            AssignOp::Compound(bop) => bop,
        };
        let ty = match self.info.ty(target.id) {
            Ty::Unknown => self.info.ty(value.id).clone(),
            t => t.clone(),
        };
        if bop == BinOp::Add && matches!(ty.peel(), Ty::Str) {
            let r = self.receiver(target);
            let call = self.push_str(r, value);
            return quote!(#call;);
        }
        if let Some(method) = self.wrapping_method(bop, &ty, value) {
            let r = self.receiver(target);
            let v = self.delimited(|l| l.wrapping_arg(bop, value));
            return quote!(#place = #r.#method(#v););
        }
        let op_ts = compound_op(bop);
        let v = self.expr(value).ts;
        quote!(#place #op_ts #v;)
    }

    /// `m[k] = v` is `m.insert(k, v)`; `m[k] += v` updates the entry (a missing key starts
    /// from the value type's default).
    fn map_assign(
        &mut self,
        target: &Expr,
        base: &Expr,
        index: &Expr,
        op: AssignOp,
        value: &Expr,
    ) -> TokenStream {
        let m = self.receiver(base);
        let k = self.delimited(|l| l.expr(index).ts);
        let v_ty = self.info.ty(target.id).clone();
        match op {
            AssignOp::Assign => {
                let v = self.delimited(|l| l.expr(value).ts);
                quote!(#m.insert(#k, #v);)
            }
            AssignOp::Compound(bop) => {
                if let Some(method) = self.wrapping_method(bop, &v_ty, value) {
                    let v = self.delimited(|l| l.wrapping_arg(bop, value));
                    // A block keeps `slot` from shadowing anything after the statement.
                    return quote!({
                        let slot = #m.entry(#k).or_default();
                        *slot = slot.#method(#v);
                    });
                }
                if bop == BinOp::Add && matches!(v_ty.peel(), Ty::Str) {
                    let call = self.push_str(quote!(#m.entry(#k).or_default()), value);
                    return quote!(#call;);
                }
                let op_ts = compound_op(bop);
                let v = self.expr(value).ts;
                quote!(*#m.entry(#k).or_default() #op_ts #v;)
            }
        }
    }

    /// The wrapping method for a compound assignment on an integer, if it needs one.
    fn wrapping_method(&self, bop: BinOp, ty: &Ty, value: &Expr) -> Option<proc_macro2::Ident> {
        if !ty.is_integer() {
            return None;
        }
        let name = match bop {
            BinOp::Add => "wrapping_add",
            BinOp::Sub => "wrapping_sub",
            BinOp::Mul => "wrapping_mul",
            BinOp::Div => "wrapping_div",
            BinOp::Rem => "wrapping_rem",
            BinOp::Shl if self.const_value(value).is_none() => "wrapping_shl",
            BinOp::Shr if self.const_value(value).is_none() => "wrapping_shr",
            _ => return None,
        };
        Some(proc_macro2::Ident::new(
            name,
            proc_macro2::Span::call_site(),
        ))
    }

    fn wrapping_arg(&mut self, bop: BinOp, value: &Expr) -> TokenStream {
        if matches!(bop, BinOp::Shl | BinOp::Shr)
            && !matches!(self.info.ty(value.id).peel(), Ty::Sized("u32"))
        {
            let c = self.expr(value).at(Prec::Cast);
            return quote!(#c as u32);
        }
        self.expr(value).ts
    }

    /// `r.push_str(value)`; a one-character literal is pushed as a `char` (clippy:
    /// single_char_add_str).
    pub fn push_str(&mut self, r: TokenStream, value: &Expr) -> TokenStream {
        if let ExprKind::Lit(Lit::Str(parts)) = &peel_parens(value).kind {
            if let Some(text) = plain_text(parts) {
                let mut chars = text.chars();
                if let (Some(c), None) = (chars.next(), chars.next()) {
                    let c = proc_macro2::Literal::character(c);
                    return quote!(#r.push(#c));
                }
            }
        }
        let arg = self.str_arg(value);
        quote!(#r.push_str(#arg))
    }

    /// An argument that Rust takes as `&str`: a literal as is, anything else borrowed.
    pub fn str_arg(&mut self, value: &Expr) -> TokenStream {
        let inner = peel_parens(value);
        if let ExprKind::Lit(Lit::Str(parts)) = &inner.kind {
            if plain_text(parts).is_some() {
                return self.str_lit(parts, Want::Borrowed).ts;
            }
        }
        self.ref_arg(inner)
    }
}

fn compound_op(op: BinOp) -> TokenStream {
    match op {
        BinOp::Add => quote!(+=),
        BinOp::Sub => quote!(-=),
        BinOp::Mul => quote!(*=),
        BinOp::Div => quote!(/=),
        BinOp::Rem => quote!(%=),
        BinOp::BitAnd => quote!(&=),
        BinOp::BitOr => quote!(|=),
        BinOp::BitXor => quote!(^=),
        BinOp::Shl => quote!(<<=),
        BinOp::Shr => quote!(>>=),
        // Not compound operators in Aurora's grammar; kept total.
        _ => quote!(=),
    }
}

impl Lowerer<'_> {
    /// Whether a scrutinee is a borrow (a `ref` parameter, `self` in a `ref self` method):
    /// Rust then binds the pattern's names by reference.
    pub fn seen_through_borrow(&self, e: &Expr) -> bool {
        let e = peel_parens(e);
        if matches!(self.info.ty(e.id), Ty::Ref(_) | Ty::Mut(_)) {
            return true;
        }
        match self.info.res(e.id) {
            Some(crate::check::Res::SelfValue) => {
                matches!(
                    self.self_mode,
                    Some(aurora_grammar::ast::Mode::Ref | aurora_grammar::ast::Mode::Mut)
                )
            }
            Some(crate::check::Res::Local(b)) => {
                matches!(self.info.locals.get(b), Some(Ty::Ref(_) | Ty::Mut(_)))
            }
            _ => false,
        }
    }

    /// Record the copyable scalar bindings of a pattern matched through a borrow.
    fn mark_ref_bindings(&mut self, p: &Pattern) {
        match &p.kind {
            PatternKind::Bind { .. } => {
                if matches!(
                    self.info.locals.get(&p.id),
                    Some(Ty::Int | Ty::Float | Ty::Bool | Ty::Char | Ty::Sized(_) | Ty::Duration)
                ) {
                    self.ref_bound.insert(p.id);
                }
            }
            PatternKind::Tuple(ps) | PatternKind::Or(ps) => {
                ps.iter().for_each(|q| self.mark_ref_bindings(q))
            }
            PatternKind::Variant { args: Some(ps), .. } => {
                ps.iter().for_each(|q| self.mark_ref_bindings(q))
            }
            PatternKind::Struct { fields, .. } => {
                for f in fields {
                    match &f.pat {
                        Some(q) => self.mark_ref_bindings(q),
                        None => {
                            self.ref_bound_names.insert(f.name.name.clone());
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// Whether a pattern tests a string literal (so the scrutinee is matched as `&str`).
pub fn pat_has_str(p: &Pattern) -> bool {
    match &p.kind {
        PatternKind::Lit {
            lit: Lit::Str(_), ..
        } => true,
        PatternKind::Or(ps) => ps.iter().any(pat_has_str),
        _ => false,
    }
}
