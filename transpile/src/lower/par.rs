//! `par` (docs/language.md §16) onto rayon, which `aurora-std` re-exports: `par for` is a
//! parallel iterator's `for_each`, or `fold` + `reduce` with a `reduce` clause; a pipeline is
//! the same chain on a parallel iterator; `par xs.sort()` is `par_sort`; a fork-join is
//! `rayon::join`. The traits come in with `use aurora_std::rayon::prelude::*;`.
//!
//! Integer reductions wrap like Aurora's arithmetic (§6): they combine with `wrapping_add`
//! and `wrapping_mul`, never `sum()`/`product()`, which panic on overflow in debug builds.

use aurora_grammar::ast::{
    AssignOp, BinOp, Expr, ExprKind, Mode, ParFor, Pattern, PatternKind, ReduceOp, StmtKind,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::ident::ident;
use super::stmt::Elems;
use super::strings::peel_parens;
use super::{LExpr, Lowerer, Prec, Want};
use crate::check::Ty;

/// Stands for a pattern where none is written (a pipeline's list literal source).
static NO_PAT: aurora_grammar::ast::Pattern = aurora_grammar::ast::Pattern {
    id: aurora_grammar::ast::NodeId(u32::MAX),
    kind: aurora_grammar::ast::PatternKind::Wild,
    span: aurora_grammar::Span {
        file: aurora_grammar::FileId(0),
        start: 0,
        end: 0,
    },
};

/// The value of a loop body that is only `NAME += VALUE` for its one `+` reduction `NAME`,
/// with `VALUE` not reading `NAME`.
fn summed(pf: &ParFor) -> Option<&Expr> {
    let [r] = pf.reductions.as_slice() else {
        return None;
    };
    let [stmt] = pf.body.stmts.as_slice() else {
        return None;
    };
    let StmtKind::Assign {
        target,
        op: AssignOp::Compound(BinOp::Add),
        value,
    } = &stmt.kind
    else {
        return None;
    };
    let is_var = matches!(&peel_parens(target).kind, ExprKind::Name(n) if n.name == r.name.name);
    (matches!(r.op, ReduceOp::Add) && is_var && !mentions(value, &r.name.name)).then_some(value)
}

/// Whether `e` uses the name `name` anywhere.
fn mentions(e: &Expr, name: &str) -> bool {
    if matches!(&e.kind, ExprKind::Name(n) if n.name == name) {
        return true;
    }
    let mut found = false;
    crate::check::visit_children(e, &mut |c| match c {
        crate::check::Child::Expr(x) => found |= mentions(x, name),
        crate::check::Child::Block(b) => {
            found |= b.stmts.iter().any(|s| match &s.kind {
                StmtKind::Let { init, .. } => mentions(init, name),
                StmtKind::Assign { target, value, .. } => {
                    mentions(target, name) || mentions(value, name)
                }
                StmtKind::Expr { expr, .. } => mentions(expr, name),
            })
        }
    });
    found
}

/// How one reduction's partial results combine, by its variable's type.
struct Reducer<'e> {
    name: proc_macro2::Ident,
    op: &'e ReduceOp,
    /// The variable's Rust type, where it is a number.
    num: Option<TokenStream>,
    int: bool,
    /// The variable's Rust type written out where the identity does not fix it (a function
    /// reduction's `Map()`): the accumulator is annotated with it.
    annotate: Option<TokenStream>,
}

impl Lowerer<'_> {
    /// `par for PAT in ITER reduce(..) { BODY }` as an expression (a block).
    pub(crate) fn par_for(&mut self, e: &Expr, pf: &ParFor) -> LExpr {
        let ts = self.par_for_stmt(e, pf);
        LExpr::block(quote!({ #ts }))
    }

    /// `par for PAT in ITER reduce(..) { BODY }` as a statement: one statement, or a block
    /// when several reductions need their parts named.
    pub(crate) fn par_for_stmt(&mut self, e: &Expr, pf: &ParFor) -> TokenStream {
        self.use_rayon();
        let (src, elems) = self.restricted(|l| l.par_source(pf));
        let pat = self.for_pattern(&pf.pat, elems);
        let prelude = self.index_prelude(pf);
        if pf.reductions.is_empty() {
            let stmts = self.delimited(|l| l.stmts(&pf.body.stmts, false, false));
            return quote!(#src.for_each(|#pat| { #prelude #(#stmts)* }););
        }
        let tys = self
            .info
            .par_reductions
            .get(&e.id)
            .cloned()
            .unwrap_or_default();
        let reducers: Vec<Reducer> = pf
            .reductions
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let ty = tys.get(i).cloned().unwrap_or(Ty::Unknown);
                let ty = ty.peel();
                let int = ty.is_integer();
                let num = if int || ty.is_float() {
                    self.ty_of(ty)
                } else {
                    None
                };
                let annotate = match r.op {
                    ReduceOp::Fn { .. } => self.ty_of(ty),
                    _ => None,
                };
                Reducer {
                    name: ident(&r.name.name),
                    op: &r.op,
                    num,
                    int,
                    annotate,
                }
            })
            .collect();
        if let ([r], Some(value)) = (reducers.as_slice(), summed(pf)) {
            // `total += EXPR` alone: each element mapped to its part, the parts summed.
            let f = match self.forwarding_call(&pf.pat, value, elems) {
                Some(callee) => self.delimited(|l| l.expr(callee).ts),
                None => {
                    let v = self.delimited(|l| l.expr(value).ts);
                    if prelude.is_empty() {
                        quote!(|#pat| #v)
                    } else {
                        quote!(|#pat| { #prelude #v })
                    }
                }
            };
            // `total += x` itself: the elements are the parts (clippy: map_clone).
            let itself = matches!((&pf.pat.kind, &peel_parens(value).kind),
                (PatternKind::Bind { name, .. }, ExprKind::Name(v)) if name.name == v.name);
            let parts = match (itself, elems) {
                (true, Elems::CopyRefs) => quote!(#src.copied()),
                (true, Elems::Values) => src.clone(),
                _ => quote!(#src.map(#f)),
            };
            let id = self.identity(r);
            let sum = match &r.num {
                Some(t) if !r.int => quote!(.sum::<#t>()),
                _ => {
                    let comb = self.combine_fn(r);
                    quote!(.reduce(|| #id, #comb))
                }
            };
            return self.finish(r, &quote!(#parts #sum));
        }
        let stmts = self.delimited(|l| l.stmts(&pf.body.stmts, false, false));
        let stmts = quote!(#prelude #(#stmts)*);
        let ids: Vec<TokenStream> = reducers.iter().map(|r| self.identity(r)).collect();
        if let [r] = reducers.as_slice() {
            let acc = &r.name;
            let id = &ids[0];
            let make = Self::maker(id.clone());
            let combine = match (r.op, &r.num) {
                (ReduceOp::Add, Some(t)) if !r.int => quote!(.sum::<#t>()),
                _ => {
                    let f = self.combine_fn(r);
                    quote!(.reduce(#make, #f))
                }
            };
            let param = match &r.annotate {
                Some(t) => quote!(mut #acc: #t),
                None => quote!(mut #acc),
            };
            let part = quote!(#src.fold(#make, |#param, #pat| { #stmts #acc }) #combine);
            return self.finish(r, &part);
        }
        let accs: Vec<&proc_macro2::Ident> = reducers.iter().map(|r| &r.name).collect();
        let parts: Vec<proc_macro2::Ident> =
            accs.iter().map(|a| format_ident!("{a}_part")).collect();
        let merged: Vec<TokenStream> = reducers
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let i = syn::Index::from(i);
                self.combine_expr(r, quote!(a.#i), quote!(b.#i))
            })
            .collect();
        let finish: Vec<TokenStream> = reducers
            .iter()
            .zip(&parts)
            .map(|(r, p)| self.finish(r, &quote!(#p)))
            .collect();
        let params = if reducers.iter().any(|r| r.annotate.is_some()) {
            let tys: Vec<TokenStream> = reducers
                .iter()
                .enumerate()
                .map(|(i, r)| match (&r.annotate, &r.num) {
                    (Some(t), _) | (None, Some(t)) => t.clone(),
                    (None, None) => {
                        let t = tys.get(i).cloned().unwrap_or(Ty::Unknown);
                        self.ty_of(t.peel()).unwrap_or(quote!(_))
                    }
                })
                .collect();
            quote!((#(mut #accs),*): (#(#tys),*))
        } else {
            quote!((#(mut #accs),*))
        };
        quote!({
            let (#(#parts),*) = #src
                .fold(|| (#(#ids),*), |#params, #pat| { #stmts (#(#accs),*) })
                .reduce(|| (#(#ids),*), |a, b| (#(#merged),*));
            #(#finish)*
        })
    }

    /// The parallel iterator of a `par for` loop, and how its items meet the pattern.
    fn par_source(&mut self, pf: &ParFor) -> (TokenStream, Elems) {
        if let Some(out) = self.par_shape_source(pf) {
            return out;
        }
        let inner = peel_parens(&pf.iter);
        let ty = self.info.ty(inner.id).clone();
        if pf.mode == Mode::Mut {
            let r = self.receiver(inner);
            return (quote!(#r.par_iter_mut()), Elems::Values);
        }
        let is_place = match &inner.kind {
            ExprKind::Name(_) => true,
            ExprKind::Field { base, .. } => self.type_or_module_path(base).is_none(),
            _ => false,
        };
        let elems = Elems::borrowed_from(&ty);
        let collection = matches!(ty.peel(), Ty::List(_) | Ty::Set(_) | Ty::Map(..));
        if is_place && collection {
            let r = self.receiver(inner);
            return (quote!(#r.par_iter()), elems);
        }
        if let ExprKind::List(_) = inner.kind {
            // A list literal is iterated as an array (clippy: useless_vec).
            let (arr, _) = self.for_iter(&pf.pat, inner);
            return (quote!(#arr.into_par_iter()), Elems::Values);
        }
        let it = self.expr(inner).postfix();
        (quote!(#it.into_par_iter()), Elems::Values)
    }

    /// For a loop variable bound to a plain name given by value, and `value` a call passing
    /// exactly that name to a function that takes it by value (`square(n)`): the function
    /// (clippy: redundant_closure).
    fn forwarding_call<'e>(
        &self,
        pat: &Pattern,
        value: &'e Expr,
        elems: Elems,
    ) -> Option<&'e Expr> {
        let PatternKind::Bind { name, .. } = &pat.kind else {
            return None;
        };
        if elems != Elems::Values {
            return None;
        }
        let ExprKind::Call {
            callee,
            generics,
            args,
        } = &peel_parens(value).kind
        else {
            return None;
        };
        let Some(crate::check::Res::Fn { module, name: f }) = self.info.res(callee.id) else {
            return None;
        };
        let decl = self.fns.get(&(module.clone(), f.clone()))?;
        let by_value = decl
            .params
            .iter()
            .all(|p| !matches!(p.ty.kind, aurora_grammar::ast::TypeKind::Qualified { .. }));
        let passes = matches!(args.as_slice(), [a] if a.mode == Mode::Own
            && a.name.is_none()
            && matches!(&peel_parens(&a.value).kind, ExprKind::Name(n) if n.name == name.name));
        (generics.is_empty() && decl.generics.is_empty() && by_value && passes).then_some(callee)
    }

    /// `xs.enumerate()`, `xs.zip(ys)`, `xs.chunks(n)` (with `mut`: of `par_iter_mut`,
    /// `par_chunks_mut`); `None` for other iterables.
    fn par_shape_source(&mut self, pf: &ParFor) -> Option<(TokenStream, Elems)> {
        let ExprKind::MethodCall {
            receiver,
            method,
            args,
            ..
        } = &peel_parens(&pf.iter).kind
        else {
            return None;
        };
        let m = method.name.as_str();
        if !crate::check::PAR_FOR_SHAPES.contains(&m) {
            return None;
        }
        let arg = args.first().map(|a| &a.value);
        if m == "chunks" {
            let r = self.receiver(receiver);
            let n = arg.map(|n| self.delimited(|l| l.usize_of(n)));
            let call = if pf.mode == Mode::Mut {
                quote!(par_chunks_mut)
            } else {
                quote!(par_chunks)
            };
            return Some((quote!(#r.#call(#n)), Elems::Values));
        }
        let (base, copy) = self.par_base(receiver, pf.mode);
        if m == "enumerate" {
            return Some((
                quote!(#base.enumerate()),
                Elems::MapPairs {
                    key: false,
                    value: copy,
                },
            ));
        }
        let (other, other_copy) = match arg {
            Some(a) => self.par_base(a, Mode::Own),
            None => (quote!(), false),
        };
        Some((
            quote!(#base.zip(#other)),
            Elems::MapPairs {
                key: copy,
                value: other_copy,
            },
        ))
    }

    /// A list as a parallel iterator, and whether it gives references to copyable elements
    /// (so the pattern copies them out with `&x`).
    fn par_base(&mut self, list: &Expr, mode: Mode) -> (TokenStream, bool) {
        let inner = peel_parens(list);
        if mode == Mode::Mut {
            let r = self.receiver(inner);
            return (quote!(#r.par_iter_mut()), false);
        }
        let copy = matches!(self.info.ty(inner.id).peel(), Ty::List(t) if t.is_copy());
        if self.is_place_expr(inner) {
            let r = self.receiver(inner);
            return (quote!(#r.par_iter()), copy);
        }
        if let ExprKind::List(_) = inner.kind {
            let (arr, _) = self.for_iter(&NO_PAT, inner);
            return (quote!(#arr.into_par_iter()), false);
        }
        let it = self.expr(inner).postfix();
        (quote!(#it.into_par_iter()), false)
    }

    /// `let i = i as i64;` for the index that `enumerate` gives as a `usize`.
    fn index_prelude(&self, pf: &ParFor) -> TokenStream {
        let ExprKind::MethodCall { method, .. } = &peel_parens(&pf.iter).kind else {
            return quote!();
        };
        match (&pf.pat.kind, method.name.as_str()) {
            (aurora_grammar::ast::PatternKind::Tuple(parts), "enumerate") => match parts.first() {
                Some(aurora_grammar::ast::Pattern {
                    kind: aurora_grammar::ast::PatternKind::Bind { name, .. },
                    ..
                }) => {
                    let i = ident(&name.name);
                    quote!(let #i = #i as i64;)
                }
                _ => quote!(),
            },
            _ => quote!(),
        }
    }

    /// The identity of a reduction: the value that changes nothing when combined.
    fn identity(&mut self, r: &Reducer) -> TokenStream {
        let zero_one = |t: &TokenStream, one: bool, int: bool| {
            let lit = match (one, int) {
                (false, true) => format!("0_{t}"),
                (true, true) => format!("1_{t}"),
                (false, false) => format!("0.0_{t}"),
                (true, false) => format!("1.0_{t}"),
            };
            lit.parse::<TokenStream>().unwrap_or_else(|_| quote!(0))
        };
        match (r.op, &r.num) {
            (ReduceOp::Add, Some(t)) => zero_one(t, false, r.int),
            (ReduceOp::Mul, Some(t)) => zero_one(t, true, r.int),
            (ReduceOp::Min, Some(t)) if r.int => quote!(#t::MAX),
            (ReduceOp::Max, Some(t)) if r.int => quote!(#t::MIN),
            (ReduceOp::Min, Some(t)) => quote!(#t::INFINITY),
            (ReduceOp::Max, Some(t)) => quote!(#t::NEG_INFINITY),
            (ReduceOp::Add, None) => quote!(0),
            (ReduceOp::Mul, None) => quote!(1),
            (ReduceOp::Min | ReduceOp::Max, None) => quote!(Default::default()),
            (ReduceOp::And, _) => quote!(true),
            (ReduceOp::Or, _) => quote!(false),
            (ReduceOp::Fn { identity, .. }, _) => self.delimited(|l| l.expr(identity).ts),
        }
    }

    /// The function that combines two partial results (`reduce`'s second argument).
    fn combine_fn(&mut self, r: &Reducer) -> TokenStream {
        match (r.op, &r.num) {
            (ReduceOp::Add, Some(t)) if r.int => quote!(#t::wrapping_add),
            (ReduceOp::Mul, Some(t)) if r.int => quote!(#t::wrapping_mul),
            (ReduceOp::Min, Some(t)) => quote!(#t::min),
            (ReduceOp::Max, Some(t)) => quote!(#t::max),
            (ReduceOp::Fn { func, .. }, _) => self.delimited(|l| l.expr(func).ts),
            _ => {
                let body = self.combine_expr(r, quote!(a), quote!(b));
                quote!(|a, b| #body)
            }
        }
    }

    /// `a` and `b` combined as an expression.
    fn combine_expr(&mut self, r: &Reducer, a: TokenStream, b: TokenStream) -> TokenStream {
        match r.op {
            ReduceOp::Add if r.int => quote!(#a.wrapping_add(#b)),
            ReduceOp::Mul if r.int => quote!(#a.wrapping_mul(#b)),
            ReduceOp::Add => quote!(#a + #b),
            ReduceOp::Mul => quote!(#a * #b),
            ReduceOp::Min => quote!(#a.min(#b)),
            ReduceOp::Max => quote!(#a.max(#b)),
            ReduceOp::And => quote!(#a && #b),
            ReduceOp::Or => quote!(#a || #b),
            ReduceOp::Fn { func, .. } => {
                let f = self.delimited(|l| l.expr(func).postfix());
                quote!(#f(#a, #b))
            }
        }
    }

    /// The statement that combines the variable's value before the loop with the loop's part.
    fn finish(&mut self, r: &Reducer, part: &TokenStream) -> TokenStream {
        let v = &r.name;
        match r.op {
            ReduceOp::Add if !r.int && r.num.is_some() => quote!(#v += #part;),
            ReduceOp::Mul if !r.int && r.num.is_some() => quote!(#v *= #part;),
            _ => {
                let e = self.combine_expr(r, quote!(#v), part.clone());
                quote!(#v = #e;)
            }
        }
    }

    /// `par EXPR`: a fork-join, a sort or a pipeline.
    pub(crate) fn par_expr(&mut self, _e: &Expr, x: &Expr) -> LExpr {
        let inner = peel_parens(x);
        match &inner.kind {
            // `aurora_std::rayon::join` is a path: a fork-join needs none of rayon's traits.
            ExprKind::Tuple(branches) if branches.len() >= 2 => self.fork_join(branches),
            ExprKind::MethodCall {
                receiver, method, ..
            } if matches!(method.name.as_str(), "sort" | "sort_unstable") => {
                self.use_rayon();
                let r = self.receiver(receiver);
                let unstable = method.name == "sort_unstable";
                let float = matches!(self.info.ty(receiver.id).peel(), Ty::List(t) if t.is_float());
                let call = match (unstable, float) {
                    (false, false) => quote!(par_sort()),
                    (true, false) => quote!(par_sort_unstable()),
                    (false, true) => quote!(par_sort_by(f64::total_cmp)),
                    (true, true) => quote!(par_sort_unstable_by(f64::total_cmp)),
                };
                LExpr::atom(quote!(#r.#call))
            }
            _ => {
                self.use_rayon();
                self.pipeline(inner)
            }
        }
    }

    /// `par (a, b, c)`: `rayon::join` of the first branch and a join of the rest.
    fn fork_join(&mut self, branches: &[Expr]) -> LExpr {
        // A branch giving a bare literal would leave its integer type to inference.
        let bodies: Vec<TokenStream> = branches
            .iter()
            .map(|b| self.delimited(|l| l.expr_typed(b, Want::Owned).ts))
            .collect();
        if let [a, b] = bodies.as_slice() {
            return LExpr::atom(quote!(aurora_std::rayon::join(|| #a, || #b)));
        }
        let names: Vec<proc_macro2::Ident> =
            (0..bodies.len()).map(|i| format_ident!("r{i}")).collect();
        let mut call = {
            let (a, b) = (&bodies[bodies.len() - 2], &bodies[bodies.len() - 1]);
            quote!(aurora_std::rayon::join(|| #a, || #b))
        };
        let mut pat = {
            let (a, b) = (&names[names.len() - 2], &names[names.len() - 1]);
            quote!((#a, #b))
        };
        for i in (0..bodies.len() - 2).rev() {
            let (a, n) = (&bodies[i], &names[i]);
            call = quote!(aurora_std::rayon::join(|| #a, || #call));
            pat = quote!((#n, #pat));
        }
        LExpr::block(quote!({
            let #pat = #call;
            (#(#names),*)
        }))
    }

    /// `par SOURCE.map(f).filter(p).flat_map(g).END()`.
    fn pipeline(&mut self, x: &Expr) -> LExpr {
        let (source, calls) = crate::check::par_pipeline_parts(x);
        let st = self.info.ty(source.id).clone();
        let (mut it, mut copy, mut refs) = match st.peel() {
            Ty::Range(_) => {
                let r = self.expr(source).postfix();
                (quote!(#r.into_par_iter()), true, false)
            }
            Ty::List(t) | Ty::Set(t) if self.is_place_expr(source) => {
                let r = self.receiver(source);
                if t.is_copy() {
                    (quote!(#r.par_iter().copied()), true, false)
                } else {
                    (quote!(#r.par_iter()), false, true)
                }
            }
            Ty::List(t) if matches!(peel_parens(source).kind, ExprKind::List(_)) => {
                // A list literal is iterated as an array (clippy: useless_vec).
                let (arr, _) = self.for_iter(&NO_PAT, source);
                (quote!(#arr.into_par_iter()), t.is_copy(), false)
            }
            Ty::List(t) | Ty::Set(t) => {
                let r = self.expr(source).postfix();
                (quote!(#r.into_par_iter()), t.is_copy(), false)
            }
            _ => {
                let r = self.expr(source).postfix();
                (quote!(#r.into_par_iter()), false, false)
            }
        };
        let mut ended = false;
        for call in &calls {
            let ExprKind::MethodCall { method, args, .. } = &call.kind else {
                continue;
            };
            let out = self.info.ty(call.id).clone();
            let arg = |i: usize| args.get(i).map(|a| &a.value);
            it = match method.name.as_str() {
                "map" | "flat_map" => {
                    let f = arg(0).and_then(|f| self.par_fn_arg(f, false));
                    copy = matches!(out.peel(), Ty::List(t) if t.is_copy());
                    refs = false;
                    if method.name == "map" {
                        quote!(#it.map(#f))
                    } else {
                        quote!(#it.flat_map_iter(#f))
                    }
                }
                "filter" => {
                    let f = arg(0).and_then(|f| self.par_fn_arg(f, copy));
                    quote!(#it.filter(#f))
                }
                end => {
                    ended = true;
                    let t = out.peel().clone();
                    match end {
                        "sum" if t.is_integer() => {
                            let n = self.ty_of(&t);
                            let zero = format!("0_{}", n.clone().unwrap_or(quote!(i64)))
                                .parse::<TokenStream>()
                                .unwrap_or_else(|_| quote!(0));
                            quote!(#it.reduce(|| #zero, #n::wrapping_add))
                        }
                        "sum" => {
                            let n = self.ty_of(&t);
                            quote!(#it.sum::<#n>())
                        }
                        "count" => {
                            return LExpr::new(quote!(#it.count() as i64), Prec::Cast);
                        }
                        "min" | "max" => {
                            let m = ident(end);
                            match &t {
                                Ty::Option(v) if v.is_float() => {
                                    let n = self.ty_of(v);
                                    quote!(#it.reduce_with(#n::#m))
                                }
                                _ => quote!(#it.#m()),
                            }
                        }
                        "reduce" => {
                            let f = arg(0).and_then(|f| self.par_fn_arg(f, false));
                            let id = arg(1).map(|v| self.delimited(|l| l.expr(v).ts));
                            let id = Self::maker(id.unwrap_or_default());
                            quote!(#it.reduce(#id, #f))
                        }
                        _ => {
                            let cloned = if refs { quote!(.cloned()) } else { quote!() };
                            quote!(#it #cloned.collect::<Vec<_>>())
                        }
                    }
                }
            };
        }
        if !ended {
            let cloned = if refs { quote!(.cloned()) } else { quote!() };
            it = quote!(#it #cloned.collect::<Vec<_>>());
        }
        LExpr::atom(it)
    }

    /// A pipeline's function: a closure that only passes its parameters on to a function
    /// taking them by value (`|n| square(n)`) is that function (clippy: redundant_closure).
    fn par_fn_arg(&mut self, f: &Expr, by_ref_copy: bool) -> Option<TokenStream> {
        if let Some(callee) = self.forwarded(f) {
            return Some(self.delimited(|l| l.expr(callee).ts));
        }
        self.closure_arg(f, by_ref_copy)
    }

    /// For `|a, b| f(a, b)` with `f` a function taking each by value: `f`.
    fn forwarded<'e>(&self, f: &'e Expr) -> Option<&'e Expr> {
        let ExprKind::Closure {
            params,
            ret: None,
            body,
        } = &peel_parens(f).kind
        else {
            return None;
        };
        let ExprKind::Call {
            callee,
            generics,
            args,
        } = &peel_parens(body).kind
        else {
            return None;
        };
        let Some(crate::check::Res::Fn { module, name }) = self.info.res(callee.id) else {
            return None;
        };
        let decl = self.fns.get(&(module.clone(), name.clone()))?;
        let by_value = decl
            .params
            .iter()
            .all(|p| !matches!(p.ty.kind, aurora_grammar::ast::TypeKind::Qualified { .. }));
        let passes = args.len() == params.len() && args.iter().zip(params).all(|(a, p)| {
            a.mode == Mode::Own
                && a.name.is_none()
                && matches!(&peel_parens(&a.value).kind, ExprKind::Name(n) if n.name == p.name.name)
                && self.info.ty(a.value.id).is_copy()
        });
        (generics.is_empty() && by_value && passes && decl.generics.is_empty()).then_some(callee)
    }

    /// `|| VALUE` as `reduce`'s identity maker; a call of no arguments is its function
    /// (`HashMap::new`, clippy: redundant_closure).
    fn maker(value: TokenStream) -> TokenStream {
        if let Ok(syn::Expr::Call(call)) = syn::parse2::<syn::Expr>(value.clone()) {
            if call.args.is_empty() {
                if let syn::Expr::Path(p) = *call.func {
                    return quote!(#p);
                }
            }
        }
        quote!(|| #value)
    }

    fn is_place_expr(&self, e: &Expr) -> bool {
        match &peel_parens(e).kind {
            ExprKind::Name(_) => true,
            ExprKind::Field { base, .. } => self.type_or_module_path(base).is_none(),
            _ => false,
        }
    }
}
