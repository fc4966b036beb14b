//! Expressions (docs/language.md §5, §6).
//!
//! Integer literal types (§6): Rust infers `i32` for an integer literal that nothing pins, so
//! wherever the checker's type is `int` and nothing in the expression itself fixes the type
//! ([`Lowerer::pinned`]), the output states it: a `let` without annotation gets one
//! (`let x: i64 = 5;`, `let xs: Vec<i64> = vec![1, 2];`), and a literal anywhere else gets a
//! suffix on its first literal (`5_i64.pow(2)`, `println!("{}", 1_i64 << 40)`,
//! `for i in 0_i64..10`). Annotations are preferred where there is a binding to annotate
//! because they read better; suffixes are used where there is none.
//!
//! Integer arithmetic wraps (§6): `+ - * / %` and unary `-` on integers become
//! `wrapping_add` and friends, except when both operands are literals whose result the
//! compiler checks anyway (`17 / 5`, `1 << 40`), which stay plain operators.

use aurora_grammar::ast::{Arg, BinOp, Expr, ExprKind, FnDecl, Lit, Mode, Type, TypeKind, UnOp};
use proc_macro2::{Literal, Span, TokenStream};
use quote::quote;

use super::ident::ident;
use super::strings::peel_parens;
use super::types::TyPos;
use super::{LExpr, Lowerer, Prec, Want};
use crate::check::{Res, Ty};

impl<'a> Lowerer<'a> {
    /// An expression whose value is used as an owned value.
    pub fn expr(&mut self, e: &Expr) -> LExpr {
        self.expr_want(e, Want::Owned)
    }

    /// An expression in value position.
    pub fn expr_want(&mut self, e: &Expr, want: Want) -> LExpr {
        let mut lowered = self.expr_kind(e, want);
        lowered.ts = self.mark(lowered.ts, e.span);
        lowered
    }

    fn expr_kind(&mut self, e: &Expr, want: Want) -> LExpr {
        match &e.kind {
            ExprKind::Lit(lit) => self.lit(e, lit, false, want),
            ExprKind::Name(id) => self.name(e, &id.name, want),
            ExprKind::Tuple(elems) => {
                let elems: Vec<TokenStream> =
                    self.delimited(|l| elems.iter().map(|x| l.expr(x).ts).collect());
                if elems.len() == 1 {
                    let x = &elems[0];
                    LExpr::atom(quote!((#x,)))
                } else {
                    LExpr::atom(quote!((#(#elems),*)))
                }
            }
            ExprKind::List(elems) => {
                if elems.is_empty() {
                    return LExpr::atom(quote!(Vec::new()));
                }
                let elems: Vec<TokenStream> =
                    self.delimited(|l| elems.iter().map(|x| l.expr(x).ts).collect());
                LExpr::atom(quote!(vec![#(#elems),*]))
            }
            ExprKind::ListRepeat { value, count } => {
                let value = self.delimited(|l| l.expr(value).ts);
                let count = self.delimited(|l| l.usize_of(count));
                LExpr::atom(quote!(vec![#value; #count]))
            }
            ExprKind::Map(pairs) => {
                self.use_map();
                if pairs.is_empty() {
                    return LExpr::atom(quote!(HashMap::new()));
                }
                let pairs: Vec<TokenStream> = self.delimited(|l| {
                    pairs
                        .iter()
                        .map(|(k, v)| {
                            let k = l.expr(k).ts;
                            let v = l.expr(v).ts;
                            quote!((#k, #v))
                        })
                        .collect()
                });
                LExpr::atom(quote!(HashMap::from([#(#pairs),*])))
            }
            ExprKind::StructLit {
                path: written,
                fields,
            } => {
                let path = self.written_path(written);
                let generic_fields = self.generic_fields(written);
                let fields: Vec<TokenStream> = self.delimited(|l| {
                    fields
                        .iter()
                        .map(|f| {
                            let name = ident(&f.name.name);
                            match &f.value {
                                Some(v) if !is_name(v, &f.name.name) => {
                                    // A literal for a field of generic type would make the
                                    // parameter `i32`.
                                    let suffix =
                                        generic_fields.contains(&f.name.name) && !l.pinned(v);
                                    let saved = l.set_suffix(suffix);
                                    let v = l.expr(v).ts;
                                    l.suffix_next_int = saved;
                                    quote!(#name: #v)
                                }
                                _ => quote!(#name),
                            }
                        })
                        .collect()
                });
                let lit = quote!(#path { #(#fields),* });
                if self.no_struct {
                    LExpr::atom(quote!((#lit)))
                } else {
                    LExpr::atom(lit)
                }
            }
            ExprKind::Paren(inner) => self.expr_want(inner, want),
            ExprKind::Field { base, name } => {
                let out = self.field(e, base, &name.name, want);
                if self.seen_through_borrow(base) || in_element(base) {
                    self.owned_copy(e, out, want)
                } else {
                    out
                }
            }
            ExprKind::Call {
                callee,
                generics,
                args,
            } => self.call(e, callee, generics, args),
            ExprKind::MethodCall {
                receiver,
                method,
                generics,
                args,
            } => self.method_call(e, receiver, &method.name, generics, args, want),
            ExprKind::Index { base, index } => {
                let out = self.index(base, index);
                self.owned_copy(e, out, want)
            }
            ExprKind::Unary { op, expr } => self.unary(e, *op, expr),
            ExprKind::Binary { op, lhs, rhs } => self.binary(e, *op, lhs, rhs),
            ExprKind::Cast { expr, ty } => self.cast(e, expr, ty),
            ExprKind::Range {
                start,
                end,
                inclusive,
            } => self.range(start.as_deref(), end.as_deref(), *inclusive),
            ExprKind::Try(inner) => {
                let inner = self.expr(inner).postfix();
                LExpr::atom(quote!(#inner?))
            }
            ExprKind::Closure { params, ret, body } => {
                self.closure(params, ret.as_ref(), body, false)
            }
            ExprKind::Block(b) => {
                let value = self.is_value(e);
                LExpr::block(self.block(b, value, false))
            }
            ExprKind::Scope(b) => self.scope_expr(e, b),
            ExprKind::TimedScope { timeout, body } => self.timed_scope_expr(e, timeout, body),
            ExprKind::DeadlineScope { deadline, body } => {
                self.deadline_scope_expr(e, deadline, body)
            }
            ExprKind::Spawn(task) => self.spawn_expr(e, task),
            ExprKind::Join(task) => self.join_expr(task),
            ExprKind::SupervisorScope(body) => self.supervisor_scope_expr(e, body),
            ExprKind::With {
                target,
                value,
                body,
            } => self.with_expr(e, target, value, body),
            ExprKind::Cancel => self.cancel_expr(),
            ExprKind::CancelTask(task) => self.cancel_task_expr(task),
            ExprKind::Yield => {
                self.use_or_unwind();
                LExpr::atom(quote!(aurora_std::yield_now().or_unwind()))
            }
            ExprKind::Close(end) => {
                let end = self.expr(end).ts;
                LExpr::atom(quote!(drop(#end)))
            }
            ExprKind::Select { .. } => self.control(e, self.is_value(e), false),
            ExprKind::If { .. } | ExprKind::Match { .. } => {
                let value = self.is_value(e);
                self.control(e, value, false)
            }
            ExprKind::Guard {
                kind,
                target,
                binding,
                body,
            } => {
                let value = self.is_value(e);
                self.guard_expr(*kind, target, binding, body, value)
            }
            ExprKind::While { .. } | ExprKind::For { .. } | ExprKind::Loop { .. } => {
                self.control(e, false, false)
            }
            ExprKind::ParFor(pf) => self.par_for(e, pf),
            ExprKind::Par(x) => self.par_expr(e, x),
            ExprKind::Break(value) => match value {
                Some(v) => {
                    let v = self.expr(v).ts;
                    LExpr::new(quote!(break #v), Prec::Jump)
                }
                None => LExpr::new(quote!(break), Prec::Jump),
            },
            ExprKind::Continue => LExpr::new(quote!(continue), Prec::Jump),
            ExprKind::Return(value) => match value {
                Some(v) => {
                    let v = self.result_value(v).ts;
                    LExpr::new(quote!(return #v), Prec::Jump)
                }
                None => LExpr::new(quote!(return), Prec::Jump),
            },
        }
    }

    /// Whether the value of a block-like expression is used: its type is known to be
    /// something other than `()`, or (unknown) it is an `if` with an `else` or a `match`.
    pub fn is_value(&self, e: &Expr) -> bool {
        match self.info.ty(e.id) {
            Ty::Unit | Ty::Never => false,
            Ty::Unknown => match &e.kind {
                ExprKind::If { else_, .. } => else_.is_some(),
                ExprKind::Match { .. } | ExprKind::Block(_) => true,
                _ => false,
            },
            _ => true,
        }
    }

    /// A function's result (a `return` value or a body's tail): a closure returned from a
    /// function takes what it captures by `move`.
    pub fn result_value(&mut self, v: &Expr) -> LExpr {
        let returns_fn = self.fn_ret.is_some_and(super::types::is_fn);
        match &peel_parens(v).kind {
            ExprKind::Closure { params, ret, body } if returns_fn => {
                self.closure(params, ret.as_ref(), body, true)
            }
            _ => self.expr(v),
        }
    }

    fn lit(&mut self, e: &Expr, lit: &Lit, negative: bool, want: Want) -> LExpr {
        match lit {
            Lit::Int(v) => self.int_lit(e, *v, negative),
            Lit::Float(text) => self.float_lit(e, text, negative),
            Lit::Bool(b) => LExpr::atom(if *b { quote!(true) } else { quote!(false) }),
            Lit::Char(c) => LExpr::atom(Literal::character(*c).into_token_stream()),
            Lit::Str(parts) => self.str_lit(parts, want),
            Lit::None => LExpr::atom(quote!(None)),
            Lit::Duration(d) => self.duration_lit(d),
        }
    }

    /// `10ms` -> `Duration::from_millis(10)`; minutes become seconds (`1m` -> `from_secs(60)`;
    /// the parser checked that the product fits).
    fn duration_lit(&mut self, d: &aurora_grammar::ast::DurationLit) -> LExpr {
        use aurora_grammar::ast::TimeUnit;
        self.use_duration();
        let (ctor, amount) = match d.unit {
            TimeUnit::Micros => (quote!(from_micros), d.amount),
            TimeUnit::Millis => (quote!(from_millis), d.amount),
            TimeUnit::Secs => (quote!(from_secs), d.amount),
            TimeUnit::Mins => (quote!(from_secs), d.amount.saturating_mul(60)),
        };
        let amount = Literal::u64_unsuffixed(amount);
        LExpr::atom(quote!(Duration::#ctor(#amount)))
    }

    /// The Rust integer type name of an integer expression (`i64` for `int` and unknown).
    fn int_ty_name(&self, e: &Expr) -> &'static str {
        match self.info.ty(e.id).peel() {
            Ty::Sized(n) if !n.starts_with('f') => n,
            _ => "i64",
        }
    }

    fn int_lit(&mut self, e: &Expr, value: u128, negative: bool) -> LExpr {
        let suffix = std::mem::take(&mut self.suffix_next_int);
        let lit = if suffix {
            let text = format!("{value}_{}", self.int_ty_name(e));
            syn::LitInt::new(&text, Span::call_site()).into_token_stream()
        } else {
            Literal::u128_unsuffixed(value).into_token_stream()
        };
        if negative {
            LExpr::new(quote!(-#lit), Prec::Prefix)
        } else {
            LExpr::atom(lit)
        }
    }

    fn float_lit(&mut self, e: &Expr, text: &str, negative: bool) -> LExpr {
        if !valid_float(text) {
            self.unsupported(e.span, "this float literal");
            return LExpr::atom(quote!(0.0));
        }
        let suffix = std::mem::take(&mut self.suffix_next_int);
        let text = if suffix {
            let ty = match self.info.ty(e.id).peel() {
                Ty::Sized("f32") => "f32",
                _ => "f64",
            };
            format!("{text}_{ty}")
        } else {
            text.to_string()
        };
        let lit = syn::LitFloat::new(&text, Span::call_site()).into_token_stream();
        if negative {
            LExpr::new(quote!(-#lit), Prec::Prefix)
        } else {
            LExpr::atom(lit)
        }
    }

    fn name(&mut self, e: &Expr, name: &str, want: Want) -> LExpr {
        let id = ident(name);
        match self.info.res(e.id) {
            Some(Res::Local(binding)) => {
                let binding = *binding;
                if want == Want::Owned && self.borrowed_strs.contains(&binding) {
                    return LExpr::atom(quote!(#id.to_string()));
                }
                let shorthand = binding.0 > u32::MAX / 2
                    && self.ref_bound_names.contains(name)
                    && matches!(
                        self.info.locals.get(&binding),
                        Some(
                            Ty::Int | Ty::Float | Ty::Bool | Ty::Char | Ty::Sized(_) | Ty::Duration
                        )
                    );
                if self.derefs(binding) || self.ref_bound.contains(&binding) || shorthand {
                    return LExpr::new(quote!(*#id), Prec::Prefix);
                }
                // The value of a guard block is the locked value, which stays in its lock:
                // where an owned one is needed it is a copy (never the guard itself).
                if want == Want::Owned
                    && self.guards.contains(&binding)
                    && self
                        .info
                        .locals
                        .get(&binding)
                        .is_some_and(|t| !t.is_copy() && *t.peel() != Ty::Unknown)
                {
                    return LExpr::atom(quote!(#id.clone()));
                }
                // An element seen through a borrow (a `for` loop over a list it does not own)
                // where an owned value is needed: Aurora copies it.
                if want == Want::Owned
                    && matches!(
                        self.info.locals.get(&binding),
                        // Task handles are joined by value: a loop that joins them owns them.
                        Some(Ty::Ref(t)) if !t.is_copy() && !matches!(**t, Ty::Unknown | Ty::Task(_))
                    )
                {
                    return LExpr::atom(quote!(#id.clone()));
                }
                LExpr::atom(quote!(#id))
            }
            Some(Res::Const {
                module,
                name: cname,
            }) if want == Want::Owned
                && self.str_consts.contains(&(module.clone(), cname.clone())) =>
            {
                LExpr::atom(quote!(#id.to_string()))
            }
            Some(Res::Builtin(b)) => {
                LExpr::atom(super::builtins::builtin_value(b).unwrap_or(quote!(#id)))
            }
            Some(Res::TaskLocal { .. }) => LExpr::atom(quote!(#id.get())),
            Some(Res::SelfValue) => LExpr::atom(quote!(self)),
            _ => LExpr::atom(quote!(#id)),
        }
    }

    /// An element read out of a collection (or a field read through a borrow) where an owned
    /// value is needed: Rust cannot move it out, so a value that is not `Copy` is cloned,
    /// which is the copy Aurora's value semantics describe.
    fn owned_copy(&self, e: &Expr, out: LExpr, want: Want) -> LExpr {
        let ty = self.info.ty(e.id);
        if want == Want::Owned
            && *ty != Ty::Unknown
            && !ty.is_copy()
            && !matches!(ty, Ty::Ref(_) | Ty::Mut(_))
        {
            let ts = out.postfix();
            return LExpr::atom(quote!(#ts.clone()));
        }
        out
    }

    /// The fields of the struct named by `path` whose declared type is one of its generic
    /// parameters.
    fn generic_fields(&self, path: &[aurora_grammar::ast::Ident]) -> Vec<String> {
        path.last()
            .and_then(|name| self.generic_struct_fields.get(&name.name))
            .cloned()
            .unwrap_or_default()
    }

    /// Whether a local is a borrow of a copyable scalar (`x: ref int`, `n: mut int`), read
    /// through `*x`.
    pub fn derefs(&self, binding: aurora_grammar::ast::NodeId) -> bool {
        match self.info.locals.get(&binding) {
            Some(Ty::Ref(t) | Ty::Mut(t)) => {
                matches!(
                    **t,
                    Ty::Int | Ty::Float | Ty::Bool | Ty::Char | Ty::Sized(_) | Ty::Duration
                )
            }
            _ => false,
        }
    }

    /// Whether a local is already a borrow (so `ref x` passes it on as `x`).
    fn is_borrow_local(&self, e: &Expr) -> Option<Mode> {
        let ExprKind::Name(_) = &e.kind else {
            return None;
        };
        let Some(Res::Local(b)) = self.info.res(e.id) else {
            return None;
        };
        if self.guards.contains(b) {
            return None;
        }
        match self.info.locals.get(b) {
            Some(Ty::Ref(_)) => Some(Mode::Ref),
            Some(Ty::Mut(_)) => Some(Mode::Mut),
            // A name a task borrows before it starts (see `check::capture`).
            _ if matches!(self.info.ty(e.id), Ty::Ref(_)) => Some(Mode::Ref),
            _ => None,
        }
    }

    /// The Rust path of an expression that names a module or a type (`geometry`,
    /// `Shape`, `geometry.Shape`), or `None` when it is a value.
    pub fn type_or_module_path(&self, e: &Expr) -> Option<TokenStream> {
        match &e.kind {
            ExprKind::Name(id) => {
                let is_path = match self.info.res(e.id) {
                    Some(Res::Module(_) | Res::Type { .. } | Res::TypeParam(_)) => true,
                    Some(_) => false,
                    None => {
                        self.used_modules.contains(&id.name)
                            || id.name == "Self"
                            || looks_like_type(&id.name)
                    }
                };
                is_path.then(|| {
                    let id = ident(&id.name);
                    quote!(#id)
                })
            }
            ExprKind::Field { base, name } => {
                let is_path = match self.info.res(e.id) {
                    Some(Res::Module(_) | Res::Type { .. }) => true,
                    Some(_) => false,
                    None => looks_like_type(&name.name),
                };
                if !is_path {
                    return None;
                }
                let base = self.type_or_module_path(base)?;
                let id = ident(&name.name);
                Some(quote!(#base::#id))
            }
            _ => None,
        }
    }

    /// A path written in Aurora (`geometry.Point`, `Shape.Rect`) as a Rust path.
    pub fn written_path(&self, path: &[aurora_grammar::ast::Ident]) -> TokenStream {
        let segs = path.iter().map(|s| ident(&s.name));
        quote!(#(#segs)::*)
    }

    fn field(&mut self, e: &Expr, base: &Expr, name: &str, want: Want) -> LExpr {
        if let Some(path) = self.type_or_module_path(base) {
            let id = ident(name);
            if let Some(Res::Const {
                module,
                name: cname,
            }) = self.info.res(e.id)
            {
                if want == Want::Owned && self.str_consts.contains(&(module.clone(), cname.clone()))
                {
                    return LExpr::atom(quote!(#path::#id.to_string()));
                }
            }
            if let Some(Res::Builtin(b)) = self.info.res(e.id) {
                if let Some(ts) = super::builtins::builtin_value(b) {
                    return LExpr::atom(ts);
                }
            }
            if let Some(Res::TaskLocal { .. }) = self.info.res(e.id) {
                return LExpr::atom(quote!(#path::#id.get()));
            }
            return LExpr::atom(quote!(#path::#id));
        }
        let base = self.receiver(base);
        if let Ok(n) = name.parse::<u32>() {
            let idx = syn::Index::from(n as usize);
            return LExpr::atom(quote!(#base.#idx));
        }
        let id = ident(name);
        LExpr::atom(quote!(#base.#id))
    }

    /// A method receiver, field base or index base: borrowed locals are not dereferenced
    /// (auto-deref does it), and a literal gets its type suffix (`5_i64.pow(2)`).
    pub fn receiver(&mut self, e: &Expr) -> TokenStream {
        let e = peel_parens(e);
        match &e.kind {
            ExprKind::Name(id) if matches!(self.info.res(e.id), Some(Res::Local(_))) => {
                let id = ident(&id.name);
                self.mark(quote!(#id), e.span)
            }
            ExprKind::Lit(Lit::Int(_) | Lit::Float(_)) => {
                self.suffix_next_int = true;
                let out = self.expr(e).postfix();
                self.suffix_next_int = false;
                out
            }
            _ => {
                let saved = self.set_suffix(!self.pinned(e) && self.is_int(e));
                let out = self.expr_want(e, Want::Borrowed).postfix();
                self.suffix_next_int = saved;
                out
            }
        }
    }

    pub fn is_int(&self, e: &Expr) -> bool {
        self.info.ty(e.id).is_integer()
    }

    /// An `int` used as a size or index: `n as usize`, a literal as is.
    pub fn usize_of(&mut self, e: &Expr) -> TokenStream {
        let inner = peel_parens(e);
        if let ExprKind::Lit(Lit::Int(v)) = &inner.kind {
            return Literal::u128_unsuffixed(*v).into_token_stream();
        }
        if matches!(self.info.ty(e.id).peel(), Ty::Sized("usize")) {
            return self.expr(e).ts;
        }
        let v = self.expr(e).at(Prec::Cast);
        quote!(#v as usize)
    }

    fn index(&mut self, base: &Expr, index: &Expr) -> LExpr {
        let is_map = matches!(self.info.ty(base.id).peel(), Ty::Map(..));
        let b = self.receiver(base);
        let i = self.delimited(|l| {
            if is_map {
                l.ref_arg(index)
            } else {
                l.usize_of(index)
            }
        });
        LExpr::atom(quote!(#b[#i]))
    }

    /// An argument passed by reference to a method that only reads it (`contains(&x)`,
    /// `m[&k]`): a string literal is already a reference, a borrowed local is passed on.
    pub fn ref_arg(&mut self, e: &Expr) -> TokenStream {
        let inner = peel_parens(e);
        if let ExprKind::Lit(Lit::Str(parts)) = &inner.kind {
            if super::strings::plain_text(parts).is_some() {
                return self.str_lit(parts, Want::Borrowed).ts;
            }
        }
        if self.is_borrow_local(inner).is_some() {
            let id = match &inner.kind {
                ExprKind::Name(id) => ident(&id.name),
                _ => ident("_"),
            };
            return quote!(#id);
        }
        if let ExprKind::List(elems) = &inner.kind {
            if !elems.is_empty() {
                // `&[1, 2]`, not `&vec![1, 2]` (clippy: useless_vec); it is a `ref [T]`.
                let elems: Vec<TokenStream> =
                    self.delimited(|l| elems.iter().map(|x| l.expr(x).ts).collect());
                return quote!(&[#(#elems),*]);
            }
        }
        // A name may be a `&str` loop variable (no conversion needed behind `&`); any other
        // expression is built as the owned value it is borrowed from.
        let want = if matches!(
            inner.kind,
            ExprKind::Name(_) | ExprKind::Index { .. } | ExprKind::Field { .. }
        ) {
            Want::Borrowed
        } else {
            Want::Owned
        };
        let v = self.expr_want(inner, want).at(Prec::Prefix);
        quote!(&#v)
    }

    fn unary(&mut self, e: &Expr, op: UnOp, operand: &Expr) -> LExpr {
        let inner = peel_parens(operand);
        match op {
            UnOp::Neg => {
                if let ExprKind::Lit(lit @ (Lit::Int(_) | Lit::Float(_))) = &inner.kind {
                    return self.lit(inner, lit, true, Want::Owned);
                }
                if !self.in_const && (self.info.ty(e.id).is_integer() || self.is_int(operand)) {
                    let r = self.receiver(operand);
                    return LExpr::atom(quote!(#r.wrapping_neg()));
                }
                let v = self.expr(operand).at(Prec::Prefix);
                LExpr::new(quote!(-#v), Prec::Prefix)
            }
            UnOp::Not => {
                // `!(a < b)` is `a >= b` (clippy: nonminimal_bool), except on floats where NaN
                // makes them differ.
                if let ExprKind::Binary { op, lhs, rhs } = &inner.kind {
                    let inverse = match op {
                        BinOp::Eq => Some(BinOp::Ne),
                        BinOp::Ne => Some(BinOp::Eq),
                        BinOp::Lt => Some(BinOp::Ge),
                        BinOp::Le => Some(BinOp::Gt),
                        BinOp::Gt => Some(BinOp::Le),
                        BinOp::Ge => Some(BinOp::Lt),
                        _ => None,
                    };
                    let float = self.info.ty(lhs.id).is_float()
                        || self.info.ty(rhs.id).is_float()
                        || matches!(self.info.ty(lhs.id), Ty::Unknown);
                    if let Some(inv) = inverse.filter(|_| !float) {
                        return self.binary(inner, inv, lhs, rhs);
                    }
                }
                let v = self.expr(operand).at(Prec::Prefix);
                LExpr::new(quote!(!#v), Prec::Prefix)
            }
        }
    }

    fn binary(&mut self, e: &Expr, op: BinOp, lhs: &Expr, rhs: &Expr) -> LExpr {
        let ty = match self.info.ty(e.id) {
            Ty::Unknown | Ty::Bool => {
                let lt = self.info.ty(lhs.id);
                if *lt == Ty::Unknown {
                    self.info.ty(rhs.id).clone()
                } else {
                    lt.clone()
                }
            }
            t => t.clone(),
        };
        let int = ty.is_integer();
        let arith = matches!(
            op,
            BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Rem
        );
        if arith && matches!(ty.peel(), Ty::Str) && op == BinOp::Add {
            return self.concat(e);
        }
        if arith && int && !self.in_const && self.const_value(e).is_none() {
            let method = match op {
                BinOp::Add => "wrapping_add",
                BinOp::Sub => "wrapping_sub",
                BinOp::Mul => "wrapping_mul",
                BinOp::Div => "wrapping_div",
                _ => "wrapping_rem",
            };
            let method = ident(method);
            // `1 + x` reads better as `x.wrapping_add(1)`; only for commutative operators
            // and a literal left side, so evaluation order is unchanged.
            let (recv, arg) =
                if matches!(op, BinOp::Add | BinOp::Mul) && is_literal(lhs) && !is_literal(rhs) {
                    (rhs, lhs)
                } else {
                    (lhs, rhs)
                };
            let r = self.receiver(recv);
            let a = self.delimited(|l| l.expr(arg).ts);
            return LExpr::atom(quote!(#r.#method(#a)));
        }
        if matches!(op, BinOp::Shl | BinOp::Shr)
            && int
            && !self.in_const
            && self.const_value(rhs).is_none()
        {
            let method = ident(if op == BinOp::Shl {
                "wrapping_shl"
            } else {
                "wrapping_shr"
            });
            let r = self.receiver(lhs);
            let count = if matches!(self.info.ty(rhs.id).peel(), Ty::Sized("u32")) {
                self.delimited(|l| l.expr(rhs).ts)
            } else {
                let c = self.expr(rhs).at(Prec::Cast);
                quote!(#c as u32)
            };
            return LExpr::atom(quote!(#r.#method(#count)));
        }
        if let Some(out) = self.simple_comparison(op, lhs, rhs) {
            return out;
        }
        let (prec, op_ts) = binop(op);
        let compare = prec == Prec::Compare;
        let want = if compare { Want::Borrowed } else { Want::Owned };
        let (lmin, rmin) = if compare {
            (Prec::BitOr, Prec::BitOr)
        } else {
            (prec, next(prec))
        };
        let l = self.expr_want(lhs, want);
        let l = if l.prec == Prec::Cast && matches!(op, BinOp::Lt | BinOp::Shl) {
            let ts = l.ts;
            quote!((#ts))
        } else {
            l.at(lmin)
        };
        let r = self.expr_want(rhs, want).at(rmin);
        LExpr::new(quote!(#l #op_ts #r), prec)
    }

    /// `x == none` is `x.is_none()` (clippy: partialeq_to_none) and `b == true` is `b`
    /// (clippy: bool_comparison); likewise with `!=` and `false`.
    fn simple_comparison(&mut self, op: BinOp, lhs: &Expr, rhs: &Expr) -> Option<LExpr> {
        if !matches!(op, BinOp::Eq | BinOp::Ne) {
            return None;
        }
        let (l, r) = (peel_parens(lhs), peel_parens(rhs));
        let (value, lit) = match (&l.kind, &r.kind) {
            (_, ExprKind::Lit(lit @ (Lit::None | Lit::Bool(_)))) => (l, lit),
            (ExprKind::Lit(lit @ (Lit::None | Lit::Bool(_))), _) => (r, lit),
            _ => return None,
        };
        let eq = op == BinOp::Eq;
        match lit {
            Lit::None => {
                let v = self.receiver(value);
                let m = ident(if eq { "is_none" } else { "is_some" });
                Some(LExpr::atom(quote!(#v.#m())))
            }
            Lit::Bool(b) if *b == eq => Some(self.expr_want(value, Want::Borrowed)),
            Lit::Bool(_) => {
                let v = self.expr_want(value, Want::Borrowed).at(Prec::Prefix);
                Some(LExpr::new(quote!(!#v), Prec::Prefix))
            }
            _ => None,
        }
    }

    /// `a + b + ..` on strings: one `format!` over every operand.
    fn concat(&mut self, e: &Expr) -> LExpr {
        let mut operands = Vec::new();
        flatten_add(e, &mut operands);
        let mut fmt = super::strings::Fmt::default();
        for operand in operands {
            self.push_value(operand, None, &mut fmt);
        }
        LExpr::atom(fmt.into_macro(quote!(format)))
    }

    fn cast(&mut self, e: &Expr, inner: &Expr, ty: &Type) -> LExpr {
        let target = self.ty(ty, TyPos::Other);
        let target_name = target.to_string();
        let peeled = peel_parens(inner);
        let (value, negative) = match &peeled.kind {
            ExprKind::Lit(Lit::Int(v)) => (Some(*v), false),
            ExprKind::Unary {
                op: UnOp::Neg,
                expr,
            } => match &peel_parens(expr).kind {
                ExprKind::Lit(Lit::Int(v)) => (Some(*v), true),
                _ => (None, false),
            },
            _ => (None, false),
        };
        if let Some(v) = value {
            let sign = if negative { "-" } else { "" };
            if target_name == "f64" || target_name == "f32" {
                // clippy (unnecessary_cast) wants a float literal, not `5 as f64`.
                let suffix = if target_name == "f32" { "_f32" } else { "" };
                let lit = syn::LitFloat::new(&format!("{v}.0{suffix}"), Span::call_site());
                return if negative {
                    LExpr::new(quote!(-#lit), Prec::Prefix)
                } else {
                    LExpr::atom(quote!(#lit))
                };
            }
            if int_fits(&target_name, v, negative) {
                let lit = syn::LitInt::new(&format!("{v}_{target_name}"), Span::call_site());
                return if negative {
                    LExpr::new(quote!(-#lit), Prec::Prefix)
                } else {
                    LExpr::atom(quote!(#lit))
                };
            }
            let lit = syn::LitInt::new(&format!("{v}_i64"), Span::call_site());
            let _ = sign;
            return if negative {
                LExpr::new(quote!(-#lit as #target), Prec::Cast)
            } else {
                LExpr::new(quote!(#lit as #target), Prec::Cast)
            };
        }
        // `xs.len() as float` is `xs.len() as f64`, not `xs.len() as i64 as f64`.
        if let ExprKind::MethodCall {
            receiver,
            method,
            args,
            generics,
        } = &peeled.kind
        {
            let sized = matches!(
                self.info.ty(receiver.id).peel(),
                Ty::Str | Ty::List(_) | Ty::Map(..) | Ty::Set(_)
            );
            if method.name == "len" && args.is_empty() && generics.is_empty() && sized {
                let r = self.receiver(receiver);
                if target_name == "usize" {
                    return LExpr::atom(quote!(#r.len()));
                }
                return LExpr::new(quote!(#r.len() as #target), Prec::Cast);
            }
        }
        let from = self.info.ty(inner.id);
        let to = self.info.ty(e.id);
        if *from != Ty::Unknown && from == to {
            return self.expr(inner);
        }
        let v = self.expr(inner).at(Prec::Cast);
        LExpr::new(quote!(#v as #target), Prec::Cast)
    }

    fn range(&mut self, start: Option<&Expr>, end: Option<&Expr>, inclusive: bool) -> LExpr {
        let unpinned = start.is_none_or(|s| !self.pinned(s)) && end.is_none_or(|s| !self.pinned(s));
        let saved = self.set_suffix(unpinned);
        let s = start.map(|s| self.expr(s).at(Prec::Or));
        let t = end.map(|t| self.expr(t).at(Prec::Or));
        self.suffix_next_int = saved;
        let op = if inclusive { quote!(..=) } else { quote!(..) };
        LExpr::new(quote!(#s #op #t), Prec::Range)
    }

    /// A closure; `force_move` for one returned from a function.
    pub fn closure(
        &mut self,
        params: &[aurora_grammar::ast::ClosureParam],
        ret: Option<&Type>,
        body: &Expr,
        force_move: bool,
    ) -> LExpr {
        let params: Vec<TokenStream> = params
            .iter()
            .map(|p| {
                let name = ident(&p.name.name);
                match &p.ty {
                    Some(t) => {
                        let t = self.ty(t, TyPos::Other);
                        quote!(#name: #t)
                    }
                    None => quote!(#name),
                }
            })
            .collect();
        let mv = if force_move { quote!(move) } else { quote!() };
        let saved_ret = self.fn_ret;
        let saved_ns = std::mem::replace(&mut self.no_struct, false);
        let out = match ret {
            Some(ret_ty) => {
                let r = self.ty(ret_ty, TyPos::Other);
                let body = match &body.kind {
                    ExprKind::Block(b) => self.block(b, !super::types::is_unit(ret_ty), false),
                    _ => {
                        let v = self.expr(body).ts;
                        quote!({ #v })
                    }
                };
                quote!(#mv |#(#params),*| -> #r #body)
            }
            None => {
                let body = match &body.kind {
                    ExprKind::Block(b) => {
                        let value = self.is_value(body);
                        let block = self.block(b, value, false);
                        // As for `|| 42` below: `|| { 42 }` needs its result type written.
                        let body_ty = self.info.ty(body.id).clone();
                        let typed = (value && !self.pinned(body))
                            .then(|| self.ty_of(&body_ty))
                            .flatten();
                        match typed {
                            Some(t) if !matches!(body_ty, Ty::Unit) => quote!(-> #t #block),
                            _ => block,
                        }
                    }
                    // Nothing types `|| 42` in Rust, which would make it an `i32` closure.
                    _ => self.expr_typed(body, Want::Owned).ts,
                };
                quote!(#mv |#(#params),*| #body)
            }
        };
        self.no_struct = saved_ns;
        self.fn_ret = saved_ret;
        LExpr::new(out, Prec::Jump)
    }

    fn call(&mut self, e: &Expr, callee: &Expr, generics: &[Type], args: &[Arg]) -> LExpr {
        let callee_inner = peel_parens(callee);
        if let ExprKind::Name(id) = &callee_inner.kind {
            let builtin = match self.info.res(callee_inner.id) {
                Some(Res::Builtin(b)) => Some(b.clone()),
                None if super::builtins::is_builtin_fn(&id.name) => Some(id.name.clone()),
                _ => None,
            };
            if let Some(b) = builtin {
                if b == "channel" {
                    return self.channel_call(generics, args);
                }
                if let Some(out) = self.builtin_call(e, &b, args) {
                    return out;
                }
            }
        }
        let decl = self.callee_decl(callee_inner);
        let turbofish = self.turbofish(generics);
        let path = match &callee_inner.kind {
            ExprKind::Field { base, name } => self.type_or_module_path(base).map(|p| {
                let id = ident(&name.name);
                quote!(#p::#id)
            }),
            _ => None,
        };
        let callee_ts = match path {
            Some(p) => p,
            None => self.expr(callee).postfix(),
        };
        let args = self.args(args, decl);
        LExpr::atom(quote!(#callee_ts #turbofish (#(#args),*)))
    }

    pub fn turbofish(&mut self, generics: &[Type]) -> TokenStream {
        if generics.is_empty() {
            return quote!();
        }
        let gs: Vec<TokenStream> = generics.iter().map(|t| self.ty(t, TyPos::Other)).collect();
        quote!(::<#(#gs),*>)
    }

    /// The declaration a callee names, for its parameter list.
    fn callee_decl(&self, callee: &Expr) -> Option<&'a FnDecl> {
        match self.info.res(callee.id) {
            Some(Res::Fn { module, name }) => {
                self.fns.get(&(module.clone(), name.clone())).copied()
            }
            _ => match &callee.kind {
                ExprKind::Name(id) => self
                    .fns
                    .get(&(self.module.name.clone(), id.name.clone()))
                    .copied(),
                ExprKind::Field { base, name } => self.assoc_decl(base, &name.name),
                _ => None,
            },
        }
    }

    /// The declaration of `Type.name` (an associated function or method).
    pub fn assoc_decl(&self, base: &Expr, name: &str) -> Option<&'a FnDecl> {
        let (module, ty) = match self.info.res(base.id) {
            Some(Res::Type { module, name }) => (module.clone(), name.clone()),
            _ => match &base.kind {
                ExprKind::Name(id) => (self.module.name.clone(), id.name.clone()),
                _ => return None,
            },
        };
        self.methods.get(&(module, ty, name.to_string())).copied()
    }

    /// Call arguments in parameter order, with borrows spelled out.
    pub fn args(&mut self, args: &[Arg], decl: Option<&'a FnDecl>) -> Vec<TokenStream> {
        let ordered: Vec<&Arg> = match decl {
            Some(d) if args.iter().any(|a| a.name.is_some()) => {
                let mut slots: Vec<Option<&Arg>> = vec![None; d.params.len().max(args.len())];
                let mut rest = Vec::new();
                for (i, a) in args.iter().enumerate() {
                    match &a.name {
                        Some(n) => match d.params.iter().position(|p| p.name.name == n.name) {
                            Some(pos) if slots[pos].is_none() => slots[pos] = Some(a),
                            _ => rest.push(a),
                        },
                        None if i < slots.len() && slots[i].is_none() => slots[i] = Some(a),
                        None => rest.push(a),
                    }
                }
                slots.into_iter().flatten().chain(rest).collect()
            }
            _ => args.iter().collect(),
        };
        let generic_names: Vec<&str> = decl
            .map(|d| d.generics.iter().map(|g| g.name.name.as_str()).collect())
            .unwrap_or_default();
        // An integer literal passed for a generic parameter `T` would make `T` an `i32`: the
        // first such argument of each `T` states its type, unless a typed argument comes first.
        let mut fixed: Vec<&str> = Vec::new();
        self.delimited(|l| {
            ordered
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    let param_ty = decl.and_then(|d| d.params.get(i)).map(|p| &p.ty);
                    // The checker lets a temporary reach a `ref` parameter without `ref`.
                    let ref_param = param_ty.is_some_and(|t| {
                        matches!(
                            &t.kind,
                            TypeKind::Qualified {
                                mode: Mode::Ref,
                                ..
                            }
                        )
                    });
                    if ref_param && a.mode == Mode::Own {
                        return l.ref_arg(peel_parens(&a.value));
                    }
                    let generic = param_ty.and_then(|t| names_generic(t, &generic_names));
                    let suffix = match generic {
                        Some(g) if !fixed.contains(&g) => {
                            fixed.push(g);
                            !l.pinned(&a.value)
                        }
                        _ => false,
                    };
                    l.arg(a, suffix)
                })
                .collect()
        })
    }

    fn arg(&mut self, a: &Arg, suffix: bool) -> TokenStream {
        let v = peel_parens(&a.value);
        match a.mode {
            Mode::Own => {
                let saved = self.set_suffix(suffix);
                let out = self.expr(v).ts;
                self.suffix_next_int = saved;
                out
            }
            Mode::Ref => self.ref_arg(v),
            Mode::Mut => {
                if self.is_borrow_local(v) == Some(Mode::Mut) {
                    return self.receiver(v);
                }
                let place = self.place(v);
                quote!(&mut #place)
            }
        }
    }

    /// An expression as an assignment target or `mut` borrow: a `mut` parameter of scalar
    /// type is written through `*x`.
    pub fn place(&mut self, e: &Expr) -> TokenStream {
        let e = peel_parens(e);
        match &e.kind {
            ExprKind::Name(id) => {
                let id_ts = ident(&id.name);
                let place = match self.info.res(e.id) {
                    Some(Res::Local(b)) if matches!(self.info.locals.get(b), Some(Ty::Mut(_))) => {
                        quote!(*#id_ts)
                    }
                    Some(Res::SelfValue) => quote!(*self),
                    _ => quote!(#id_ts),
                };
                self.mark(place, e.span)
            }
            _ => self.expr_want(e, Want::Borrowed).at(Prec::Prefix),
        }
    }

    /// Whether the Rust type of `e` is fixed without looking at its context: false for
    /// number literals and anything built only from them (and empty collections, `none`).
    /// (A float literal is `f64` by default, but a method call on an unpinned `{float}` does
    /// not compile, so floats are stated too.)
    pub fn pinned(&self, e: &Expr) -> bool {
        match &e.kind {
            ExprKind::Lit(Lit::Int(_) | Lit::Float(_) | Lit::None) => false,
            ExprKind::Lit(_) => true,
            ExprKind::Paren(x) => self.pinned(x),
            ExprKind::Unary { expr, .. } => self.pinned(expr),
            ExprKind::Binary { op, lhs, rhs } => match op {
                BinOp::Eq
                | BinOp::Ne
                | BinOp::Lt
                | BinOp::Le
                | BinOp::Gt
                | BinOp::Ge
                | BinOp::And
                | BinOp::Or => true,
                BinOp::Shl | BinOp::Shr => self.pinned(lhs),
                _ => self.pinned(lhs) || self.pinned(rhs),
            },
            ExprKind::Tuple(xs) => xs.iter().all(|x| self.pinned(x)),
            ExprKind::List(xs) => xs.iter().any(|x| self.pinned(x)),
            ExprKind::ListRepeat { value, .. } => self.pinned(value),
            ExprKind::Map(pairs) => {
                pairs.iter().any(|(k, _)| self.pinned(k))
                    && pairs.iter().any(|(_, v)| self.pinned(v))
            }
            ExprKind::Call { callee, args, .. } => match &peel_parens(callee).kind {
                ExprKind::Name(id) if matches!(id.name.as_str(), "some" | "ok" | "err") => {
                    args.iter().all(|a| self.pinned(&a.value)) && id.name == "some"
                }
                ExprKind::Name(id) if matches!(id.name.as_str(), "Map" | "Set") => false,
                _ => true,
            },
            ExprKind::MethodCall { receiver, .. } => {
                !matches!(peel_parens(receiver).kind, ExprKind::Lit(Lit::Int(_)))
                    || self.pinned(receiver)
            }
            ExprKind::If { then, else_, .. } => {
                then.tail().is_some_and(|t| self.pinned(t))
                    || else_.as_deref().is_some_and(|x| self.pinned(x))
            }
            ExprKind::Block(b) => b.tail().is_some_and(|t| self.pinned(t)),
            ExprKind::Match { arms, .. } => arms.iter().any(|a| self.pinned(&a.body)),
            ExprKind::Range { start, end, .. } => {
                start.as_deref().is_some_and(|x| self.pinned(x))
                    || end.as_deref().is_some_and(|x| self.pinned(x))
            }
            ExprKind::Loop { .. } => false,
            // `5 as float` is emitted as the literal `5.0`.
            ExprKind::Cast { expr, .. } => !(is_literal(expr) && self.info.ty(e.id).is_float()),
            _ => true,
        }
    }

    /// The value of an integer expression built only from literals, when it fits its type
    /// (then the compiler checks it and it needs no wrapping operation).
    pub fn const_value(&self, e: &Expr) -> Option<i128> {
        let v = match &e.kind {
            ExprKind::Lit(Lit::Int(v)) => i128::try_from(*v).ok()?,
            ExprKind::Paren(x) => self.const_value(x)?,
            ExprKind::Unary {
                op: UnOp::Neg,
                expr,
            } => self.const_value(expr)?.checked_neg()?,
            ExprKind::Binary { op, lhs, rhs } => {
                let a = self.const_value(lhs)?;
                let b = self.const_value(rhs)?;
                match op {
                    BinOp::Add => a.checked_add(b)?,
                    BinOp::Sub => a.checked_sub(b)?,
                    BinOp::Mul => a.checked_mul(b)?,
                    BinOp::Div => a.checked_div(b)?,
                    BinOp::Rem => a.checked_rem(b)?,
                    BinOp::BitAnd => a & b,
                    BinOp::BitOr => a | b,
                    BinOp::BitXor => a ^ b,
                    BinOp::Shl => a.checked_shl(u32::try_from(b).ok()?)?,
                    BinOp::Shr => a.checked_shr(u32::try_from(b).ok()?)?,
                    _ => return None,
                }
            }
            _ => return None,
        };
        let name = self.int_ty_name(e);
        int_fits(name, v.unsigned_abs(), v < 0).then_some(v)
    }
}

/// Whether `e` is an element of a collection or a field of one (`xs[0]`, `xs[i].pos`): Rust
/// cannot move a field out of it, so an owned read of a field below it is a copy.
fn in_element(e: &Expr) -> bool {
    match &peel_parens(e).kind {
        ExprKind::Index { .. } => true,
        ExprKind::Field { base, .. } => in_element(base),
        _ => false,
    }
}

fn is_name(e: &Expr, name: &str) -> bool {
    matches!(&e.kind, ExprKind::Name(id) if id.name == name)
}

fn is_literal(e: &Expr) -> bool {
    match &peel_parens(e).kind {
        ExprKind::Lit(Lit::Int(_) | Lit::Float(_)) => true,
        ExprKind::Unary {
            op: UnOp::Neg,
            expr,
        } => is_literal(expr),
        _ => false,
    }
}

/// A CamelCase name (`Point`, `Shape`): a type when the checker did not say.
fn looks_like_type(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().any(|c| c.is_ascii_lowercase())
}

/// The generic parameter that `ty` is, if it is one of `generics`.
pub fn names_generic<'g>(ty: &Type, generics: &[&'g str]) -> Option<&'g str> {
    match &ty.kind {
        TypeKind::Named { path, args } if args.is_empty() && path.len() == 1 => {
            generics.iter().find(|g| **g == path[0].name).copied()
        }
        TypeKind::Qualified { inner, .. } => names_generic(inner, generics),
        _ => None,
    }
}

fn flatten_add<'e>(e: &'e Expr, out: &mut Vec<&'e Expr>) {
    match &e.kind {
        ExprKind::Binary {
            op: BinOp::Add,
            lhs,
            rhs,
        } => {
            flatten_add(lhs, out);
            out.push(rhs);
        }
        ExprKind::Paren(inner) => flatten_add(inner, out),
        _ => out.push(e),
    }
}

pub fn binop(op: BinOp) -> (Prec, TokenStream) {
    match op {
        BinOp::Add => (Prec::Sum, quote!(+)),
        BinOp::Sub => (Prec::Sum, quote!(-)),
        BinOp::Mul => (Prec::Product, quote!(*)),
        BinOp::Div => (Prec::Product, quote!(/)),
        BinOp::Rem => (Prec::Product, quote!(%)),
        BinOp::Eq => (Prec::Compare, quote!(==)),
        BinOp::Ne => (Prec::Compare, quote!(!=)),
        BinOp::Lt => (Prec::Compare, quote!(<)),
        BinOp::Le => (Prec::Compare, quote!(<=)),
        BinOp::Gt => (Prec::Compare, quote!(>)),
        BinOp::Ge => (Prec::Compare, quote!(>=)),
        BinOp::And => (Prec::And, quote!(&&)),
        BinOp::Or => (Prec::Or, quote!(||)),
        BinOp::BitAnd => (Prec::BitAnd, quote!(&)),
        BinOp::BitOr => (Prec::BitOr, quote!(|)),
        BinOp::BitXor => (Prec::BitXor, quote!(^)),
        BinOp::Shl => (Prec::Shift, quote!(<<)),
        BinOp::Shr => (Prec::Shift, quote!(>>)),
    }
}

/// The next tighter precedence level.
fn next(p: Prec) -> Prec {
    match p {
        Prec::Jump => Prec::Range,
        Prec::Range => Prec::Or,
        Prec::Or => Prec::And,
        Prec::And => Prec::Compare,
        Prec::Compare => Prec::BitOr,
        Prec::BitOr => Prec::BitXor,
        Prec::BitXor => Prec::BitAnd,
        Prec::BitAnd => Prec::Shift,
        Prec::Shift => Prec::Sum,
        Prec::Sum => Prec::Product,
        Prec::Product => Prec::Cast,
        Prec::Cast => Prec::Prefix,
        Prec::Prefix | Prec::Postfix => Prec::Postfix,
    }
}

/// Whether the integer `±v` fits the Rust integer type `name`.
pub fn int_fits(name: &str, v: u128, negative: bool) -> bool {
    let (min, max): (i128, u128) = match name {
        "i8" => (i8::MIN.into(), i8::MAX as u128),
        "i16" => (i16::MIN.into(), i16::MAX as u128),
        "i32" => (i32::MIN.into(), i32::MAX as u128),
        "i64" | "isize" => (i64::MIN.into(), i64::MAX as u128),
        "i128" => (i128::MIN, i128::MAX as u128),
        "u8" => (0, u8::MAX.into()),
        "u16" => (0, u16::MAX.into()),
        "u32" => (0, u32::MAX.into()),
        "u64" | "usize" => (0, u64::MAX.into()),
        "u128" => (0, u128::MAX),
        _ => return false,
    };
    if negative {
        v <= min.unsigned_abs()
    } else {
        v <= max
    }
}

/// Whether `text` is a float literal Rust accepts (digits, one `.`, an exponent).
fn valid_float(text: &str) -> bool {
    let (mantissa, exp) = match text.find(['e', 'E']) {
        Some(i) => (&text[..i], Some(&text[i + 1..])),
        None => (text, None),
    };
    let digits = |s: &str| {
        !s.is_empty()
            && s.starts_with(|c: char| c.is_ascii_digit())
            && s.chars().all(|c| c.is_ascii_digit() || c == '_')
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some((a, b)) => digits(a) && digits(b),
        None => digits(mantissa),
    };
    let exp_ok = match exp {
        None => true,
        Some(e) => digits(e.strip_prefix(['+', '-']).unwrap_or(e)),
    };
    mantissa_ok && exp_ok && (mantissa.contains('.') || exp.is_some())
}

use quote::ToTokens;
