//! Built-in functions and methods of built-in types: what each becomes in Rust. The table is
//! documented, entry by entry, in `docs/stdlib.md`; keep the two in step.
//!
//! A method is looked up by the receiver's checker type. A method the table does not know,
//! or a receiver whose type is unknown, passes through unchanged (`x.m(args)`).

use aurora_grammar::ast::{Arg, Expr, ExprKind, Lit, Pattern, PatternKind, Type};
use proc_macro2::TokenStream;
use quote::quote;

use super::ident::ident;
use super::stmt::Elems;
use super::strings::{peel_parens, Fmt};
use super::{LExpr, Lowerer, Prec, Want};
use crate::check::{Res, Ty};

const FUNCTIONS: &[&str] = &[
    "print",
    "eprint",
    "assert",
    "assert_eq",
    "panic",
    "args",
    "read_file",
    "some",
    "ok",
    "err",
    "Map",
    "Set",
    "sleep",
    "cancelled",
    "check_cancel",
    "now",
    "par_threads",
    "channel",
];

/// Whether `name` is a built-in function (used when the checker left a callee unresolved).
pub fn is_builtin_fn(name: &str) -> bool {
    FUNCTIONS.contains(&name)
}

/// A built-in used as a value (`xs.map(some)`).
pub fn builtin_value(name: &str) -> Option<TokenStream> {
    Some(match name {
        "some" => quote!(Some),
        "ok" => quote!(Ok),
        "err" => quote!(Err),
        "none" => quote!(None),
        _ => return None,
    })
}

impl Lowerer<'_> {
    /// A call of a built-in function; `None` when `name` is not one (the caller lowers a
    /// plain call).
    pub fn builtin_call(&mut self, e: &Expr, name: &str, args: &[Arg]) -> Option<LExpr> {
        let arg = |i: usize| args.get(i).map(|a| &a.value);
        let out = match name {
            "print" | "eprint" => {
                let mac = if name == "print" {
                    quote!(println)
                } else {
                    quote!(eprintln)
                };
                let mut fmt = Fmt::default();
                if let Some(x) = arg(0) {
                    self.delimited(|l| l.push_value(x, None, &mut fmt));
                    LExpr::atom(fmt.into_macro(mac))
                } else {
                    LExpr::atom(quote!(#mac!()))
                }
            }
            "assert" => {
                let c = self.delimited(|l| arg(0).map(|c| l.expr_want(c, Want::Borrowed).ts));
                let msg = arg(1).map(|m| self.message(m));
                match msg {
                    Some(m) => LExpr::atom(quote!(assert!(#c, #m))),
                    None => LExpr::atom(quote!(assert!(#c))),
                }
            }
            "assert_eq" => {
                let (a, b) = self.delimited(|l| {
                    let a = arg(0).map(|a| l.expr_want(a, Want::Borrowed).ts);
                    let b = arg(1).map(|b| l.expr_want(b, Want::Borrowed).ts);
                    (a, b)
                });
                let msg = arg(2).map(|m| self.message(m));
                match msg {
                    Some(m) => LExpr::atom(quote!(assert_eq!(#a, #b, #m))),
                    None => LExpr::atom(quote!(assert_eq!(#a, #b))),
                }
            }
            "panic" => match arg(0) {
                Some(m) => {
                    let m = self.message(m);
                    LExpr::atom(quote!(panic!(#m)))
                }
                None => LExpr::atom(quote!(panic!())),
            },
            "args" => LExpr::atom(quote!(aurora_std::io::args())),
            // Cancellation points unwind as cancelled (docs/runtime.md §2).
            "sleep" => {
                self.use_or_unwind();
                let d = self.delimited(|l| arg(0).map(|d| l.expr(d).ts));
                LExpr::atom(quote!(aurora_std::sleep(#d).or_unwind()))
            }
            "cancelled" => LExpr::atom(quote!(aurora_std::cancelled())),
            "now" => LExpr::atom(quote!(std::time::Instant::now())),
            "par_threads" => LExpr::new(
                quote!(aurora_std::rayon::current_num_threads() as i64),
                Prec::Cast,
            ),
            "check_cancel" => {
                self.use_or_unwind();
                LExpr::atom(quote!(aurora_std::check_cancel().or_unwind()))
            }
            "read_file" => {
                let p = self.delimited(|l| arg(0).map(|p| l.str_arg(p)));
                LExpr::atom(quote!(aurora_std::io::read_file(#p)))
            }
            "some" | "ok" | "err" => {
                let ctor = builtin_value(name)?;
                let v = self.delimited(|l| arg(0).map(|v| l.expr(v).ts));
                LExpr::atom(quote!(#ctor(#v)))
            }
            "Map" => {
                self.use_map();
                LExpr::atom(quote!(HashMap::new()))
            }
            "Set" => {
                self.use_set();
                LExpr::atom(quote!(HashSet::new()))
            }
            "mutex" | "rwlock" | "atomic" | "shared" | "local" | "cell" => {
                return self.sync_ctor(e, name, args)
            }
            _ => return None,
        };
        let _ = e;
        Some(out)
    }

    /// The format arguments of a message (`assert(c, msg)`, `panic(msg)`): a string literal's
    /// text and interpolations, or `"{}", msg`.
    fn message(&mut self, m: &Expr) -> TokenStream {
        let mut fmt = Fmt::default();
        self.delimited(|l| l.push_value(m, None, &mut fmt));
        let lit = proc_macro2::Literal::string(&fmt.text);
        let args = fmt.args;
        quote!(#lit #(, #args)*)
    }

    /// A method call `receiver.method(args)`: a path call when the receiver names a type or
    /// module, the built-in table for built-in receiver types, otherwise the method as is.
    pub fn method_call(
        &mut self,
        e: &Expr,
        receiver: &Expr,
        method: &str,
        generics: &[Type],
        args: &[Arg],
        want: Want,
    ) -> LExpr {
        if let Some(path) = self.type_or_module_path(receiver) {
            let decl = match self.info.res(receiver.id) {
                Some(Res::Module(m)) => self.fns.get(&(m.clone(), method.to_string())).copied(),
                _ => self.assoc_decl(receiver, method),
            };
            let id = ident(method);
            let tf = self.turbofish(generics);
            let args = self.args(args, decl);
            let _ = e;
            return LExpr::atom(quote!(#path::#id #tf (#(#args),*)));
        }
        // `NAME.get()` on a task-local: the read itself (`NAME` lowers to `NAME.get()`).
        if method == "get"
            && args.is_empty()
            && generics.is_empty()
            && matches!(self.info.res(receiver.id), Some(Res::TaskLocal { .. }))
        {
            return self.expr(receiver);
        }
        let recv_ty = self.info.ty(receiver.id).clone();
        if crate::check::sync::atomic_of(&recv_ty).is_some() {
            return self.atomic_call(receiver, method, args);
        }
        if generics.is_empty() {
            if let Some(out) = self.channel_method(recv_ty.peel(), receiver, method, args) {
                return out;
            }
            if let Some(out) = self.builtin_method(&recv_ty, receiver, method, args, want) {
                return out;
            }
        }
        let decl = match recv_ty.peel() {
            Ty::Adt { module, name, .. } => self
                .methods
                .get(&(module.clone(), name.clone(), method.to_string()))
                .copied(),
            _ => None,
        };
        let r = self.receiver(receiver);
        let id = ident(method);
        let tf = self.turbofish(generics);
        let args = self.args(args, decl);
        LExpr::atom(quote!(#r.#id #tf (#(#args),*)))
    }

    /// The curated table (docs/stdlib.md).
    fn builtin_method(
        &mut self,
        ty: &Ty,
        receiver: &Expr,
        method: &str,
        args: &[Arg],
        want: Want,
    ) -> Option<LExpr> {
        let a = |i: usize| args.get(i).map(|a| &a.value);
        // The table's arms match on the argument count, so these are the real arguments
        // wherever they are used; the placeholder only keeps the code free of panics.
        let arg0 = a(0).unwrap_or(&NO_ARG);
        let arg1 = a(1).unwrap_or(&NO_ARG);
        if method == "len" && args.is_empty() {
            if let Some(count) = self.counted(receiver) {
                return Some(LExpr::new(quote!(#count.count() as i64), Prec::Cast));
            }
        }
        let n = args.len();
        // Method calls go through `Arc`/`Rc` by auto-deref: a `shared`/`local` value has its
        // inner type's methods.
        let peeled = match ty.peel() {
            Ty::Shared(t) | Ty::Local(t) => t.peel().clone(),
            t => t.clone(),
        };
        macro_rules! r {
            () => {
                self.receiver(receiver)
            };
        }
        let atom = LExpr::atom;
        let out = match (&peeled, method, n) {
            // Sizes are `int`.
            (Ty::Str | Ty::List(_) | Ty::Map(..) | Ty::Set(_), "len", 0) => {
                let r = r!();
                LExpr::new(quote!(#r.len() as i64), Prec::Cast)
            }
            // str
            (Ty::Str, "push_str", 1) => {
                let r = r!();
                atom(self.push_str(r, a(0)?))
            }
            (Ty::Str, "contains" | "starts_with" | "ends_with" | "find", 1) => {
                let r = r!();
                let x = self.delimited(|l| l.pattern_arg(a(0)?));
                let m = ident(method);
                if method == "find" {
                    atom(quote!(#r.find(#x).map(|i| i as i64)))
                } else {
                    atom(quote!(#r.#m(#x)))
                }
            }
            (Ty::Str, "replace", 2) => {
                let r = r!();
                let x = self.delimited(|l| l.pattern_arg(a(0)?));
                let y = self.delimited(|l| Some(l.str_arg(a(1)?)));
                atom(quote!(#r.replace(#x, #y)))
            }
            (Ty::Str, "to_upper", 0) => {
                let r = r!();
                atom(quote!(#r.to_uppercase()))
            }
            (Ty::Str, "to_lower", 0) => {
                let r = r!();
                atom(quote!(#r.to_lowercase()))
            }
            (Ty::Str, "trim" | "trim_start" | "trim_end", 0) => {
                let r = r!();
                let m = ident(method);
                if want == Want::Borrowed {
                    atom(quote!(#r.#m()))
                } else {
                    atom(quote!(#r.#m().to_string()))
                }
            }
            (Ty::Str, "split" | "words" | "split_whitespace" | "lines", _) => {
                let (it, _) = self.str_iter(receiver, method, args)?;
                atom(quote!(#it.map(String::from).collect::<Vec<_>>()))
            }
            (Ty::Str, "chars" | "bytes", 0) => {
                let r = r!();
                let m = ident(method);
                atom(quote!(#r.#m().collect::<Vec<_>>()))
            }
            (Ty::Str, "parse_int", 0) => {
                let r = r!();
                atom(quote!(#r.trim().parse::<i64>().ok()))
            }
            (Ty::Str, "parse_float", 0) => {
                let r = r!();
                atom(quote!(#r.trim().parse::<f64>().ok()))
            }
            (Ty::Str | Ty::List(_), "repeat" | "truncate", 1) => {
                let r = r!();
                let x = self.delimited(|l| l.usize_of(arg0));
                let m = ident(method);
                atom(quote!(#r.#m(#x)))
            }
            // [T]
            (Ty::List(_), "insert", 2) => {
                let r = r!();
                let (i, x) = self.delimited(|l| (l.usize_of(arg0), l.expr(arg1).ts));
                atom(quote!(#r.insert(#i, #x)))
            }
            (Ty::List(_), "remove", 1) => {
                let r = r!();
                let i = self.delimited(|l| l.usize_of(arg0));
                atom(quote!(#r.remove(#i)))
            }
            (Ty::List(_), "swap", 2) => {
                let r = r!();
                let (i, j) = self.delimited(|l| (l.usize_of(arg0), l.usize_of(arg1)));
                atom(quote!(#r.swap(#i, #j)))
            }
            (Ty::List(t), "sort", 0) if t.is_float() => {
                let r = r!();
                let elem = self.ty_of(t).unwrap_or(quote!(f64));
                atom(quote!(#r.sort_by(#elem::total_cmp)))
            }
            (Ty::List(t), "contains", 1) => {
                let x = a(0)?;
                if matches!(**t, Ty::Str) && is_plain_str(x) {
                    let r = r!();
                    let lit = self.expr_want(x, Want::Borrowed).ts;
                    atom(quote!(#r.iter().any(|s| s == #lit)))
                } else {
                    let r = r!();
                    let x = self.delimited(|l| l.ref_arg(x));
                    atom(quote!(#r.contains(#x)))
                }
            }
            (Ty::List(t), "first" | "last", 0) => {
                let r = r!();
                let m = ident(method);
                atom(copied(quote!(#r.#m()), t))
            }
            (Ty::List(t), "get", 1) => {
                let r = r!();
                let i = self.delimited(|l| l.usize_of(arg0));
                atom(copied(quote!(#r.get(#i)), t))
            }
            (Ty::List(_), "join", 1) => {
                let r = r!();
                let x = self.delimited(|l| Some(l.str_arg(a(0)?)));
                atom(quote!(#r.join(#x)))
            }
            (Ty::List(t), "map", 1) => {
                let it = self.elem_iter(receiver, t);
                let f = self.closure_arg(a(0)?, false);
                atom(quote!(#it.map(#f).collect::<Vec<_>>()))
            }
            (Ty::List(t), "filter", 1) if t.is_copy() => {
                let it = self.elem_iter(receiver, t);
                let f = self.closure_arg(a(0)?, true);
                atom(quote!(#it.filter(#f).collect::<Vec<_>>()))
            }
            (Ty::List(t), "filter", 1) => {
                let r = r!();
                let f = self.closure_arg(a(0)?, t.is_copy());
                if t.is_copy() {
                    atom(quote!(#r.iter().copied().filter(#f).collect::<Vec<_>>()))
                } else {
                    atom(quote!(#r.iter().filter(#f).cloned().collect::<Vec<_>>()))
                }
            }
            (Ty::List(_), "any", 1) if self.contains_form(a(0)?).is_some() => {
                // `xs.any(|x| x == v)` is `xs.contains(&v)` (clippy: manual_contains).
                let v = self.contains_form(a(0)?)?;
                let r = r!();
                let v = self.delimited(|l| l.ref_arg(v));
                atom(quote!(#r.contains(#v)))
            }
            (Ty::List(t), "any" | "all", 1) => {
                let r = r!();
                let f = self.closure_arg(a(0)?, t.is_copy());
                let m = ident(method);
                atom(quote!(#r.iter().#m(#f)))
            }
            (Ty::List(t), "sum" | "min" | "max" | "any" | "all", _)
                if t.is_copy() && !t.is_float() && self.is_chain(receiver) =>
            {
                let chain = self.copy_chain(receiver)?;
                let m = ident(method);
                match method {
                    "sum" => {
                        let elem = self.ty_of(t).unwrap_or(quote!(i64));
                        atom(quote!(#chain.sum::<#elem>()))
                    }
                    "min" | "max" => atom(quote!(#chain.#m())),
                    _ => {
                        let f = self.closure_arg(a(0)?, false);
                        atom(quote!(#chain.#m(#f)))
                    }
                }
            }
            (Ty::List(t), "sum", 0) => {
                let r = r!();
                let elem = self.ty_of(t).unwrap_or(quote!(i64));
                atom(quote!(#r.iter().sum::<#elem>()))
            }
            (Ty::List(t), "min" | "max", 0) => {
                let r = r!();
                if t.is_float() {
                    let elem = self.ty_of(t).unwrap_or(quote!(f64));
                    let m = ident(method);
                    atom(quote!(#r.iter().copied().reduce(#elem::#m)))
                } else {
                    let m = ident(method);
                    atom(copied(quote!(#r.iter().#m()), t))
                }
            }
            (Ty::List(_), "index_of", 1) => {
                let r = r!();
                let x = self.delimited(|l| l.expr_want(arg0, Want::Borrowed).at(Prec::BitOr));
                atom(quote!(#r.iter().position(|e| *e == #x).map(|i| i as i64)))
            }
            (Ty::List(t), "sorted", 0) => {
                let r = r!();
                let sort = if t.is_float() {
                    let elem = self.ty_of(t).unwrap_or(quote!(f64));
                    quote!(sort_by(#elem::total_cmp))
                } else {
                    quote!(sort())
                };
                LExpr::block(quote!({
                    let mut sorted = #r.clone();
                    sorted.#sort;
                    sorted
                }))
            }
            (Ty::List(t), "reversed", 0) => {
                let r = r!();
                let c = if t.is_copy() {
                    quote!(copied)
                } else {
                    quote!(cloned)
                };
                atom(quote!(#r.iter().rev().#c().collect::<Vec<_>>()))
            }
            // Map[K, V]
            (Ty::Map(_, v), "get", 1) => {
                let r = r!();
                let k = self.delimited(|l| l.ref_arg(arg0));
                atom(copied(quote!(#r.get(#k)), v))
            }
            (Ty::Map(..), "contains" | "contains_key", 1) => {
                let r = r!();
                let k = self.delimited(|l| l.ref_arg(arg0));
                atom(quote!(#r.contains_key(#k)))
            }
            (Ty::Map(..) | Ty::Set(_), "remove", 1) => {
                let r = r!();
                let k = self.delimited(|l| l.ref_arg(arg0));
                atom(quote!(#r.remove(#k)))
            }
            (Ty::Map(k, v), "keys" | "values", 0) => {
                let r = r!();
                let t = if method == "keys" { k } else { v };
                let m = ident(method);
                let c = if t.is_copy() {
                    quote!(copied)
                } else {
                    quote!(cloned)
                };
                atom(quote!(#r.#m().#c().collect::<Vec<_>>()))
            }
            // Set[T]
            (Ty::Set(_), "contains", 1) => {
                let r = r!();
                let k = self.delimited(|l| l.ref_arg(arg0));
                atom(quote!(#r.contains(#k)))
            }
            // T? and Result[T, E]
            (Ty::Option(_) | Ty::Result(..), "expect", 1) => {
                let r = r!();
                let m = self.delimited(|l| Some(l.str_arg(a(0)?)));
                atom(quote!(#r.expect(#m)))
            }
            // integers
            (t, "pow", 1) if t.is_integer() => {
                let r = r!();
                let x = a(0)?;
                let x = if matches!(self.info.ty(x.id).peel(), Ty::Sized("u32"))
                    || self.const_value(x).is_some()
                {
                    self.delimited(|l| l.expr(x).ts)
                } else {
                    let v = self.expr(x).at(Prec::Cast);
                    quote!(#v as u32)
                };
                atom(quote!(#r.wrapping_pow(#x)))
            }
            // floats
            (t, "pow", 1) if t.is_float() => {
                let r = r!();
                let x = self.delimited(|l| l.expr(arg0).ts);
                atom(quote!(#r.powf(#x)))
            }
            (t, "powi", 1) if t.is_float() => {
                let r = r!();
                let x = a(0)?;
                let x = if self.const_value(x).is_some() {
                    self.delimited(|l| l.expr(x).ts)
                } else {
                    let v = self.expr(x).at(Prec::Cast);
                    quote!(#v as i32)
                };
                atom(quote!(#r.powi(#x)))
            }
            // char
            (Ty::Char, "is_digit", 0) => {
                let r = r!();
                atom(quote!(#r.is_ascii_digit()))
            }
            (Ty::Char, "to_upper", 0) => {
                let r = r!();
                atom(quote!(#r.to_ascii_uppercase()))
            }
            (Ty::Char, "to_lower", 0) => {
                let r = r!();
                atom(quote!(#r.to_ascii_lowercase()))
            }
            (Ty::Char, "to_digit", 0) => {
                let r = r!();
                atom(quote!(#r.to_digit(10).map(i64::from)))
            }
            // ranges
            (Ty::Range(_), "contains", 1) => {
                let r = r!();
                let x = self.delimited(|l| l.ref_arg(arg0));
                atom(quote!(#r.contains(#x)))
            }
            _ => return None,
        };
        Some(out)
    }

    /// `for PAT in receiver.method(..)` over a sequence method: the iterator itself, not a
    /// collected list.
    pub fn iter_method(
        &mut self,
        pat: &Pattern,
        receiver_call: &Expr,
        receiver: &Expr,
        method: &str,
        args: &[Arg],
    ) -> Option<(TokenStream, Elems)> {
        if self.type_or_module_path(receiver).is_some() {
            return None;
        }
        let ty = self.info.ty(receiver.id).peel().clone();
        match (&ty, method) {
            (Ty::Str, "split" | "words" | "split_whitespace" | "lines") => {
                let (it, _) = self.str_iter(receiver, method, args)?;
                // The loop variable is a `&str`; where an owned `str` is needed it is
                // converted (`w.to_string()`).
                self.mark_borrowed_strs(pat);
                Some((it, Elems::Values))
            }
            (Ty::Str, "chars" | "bytes") if args.is_empty() => {
                let r = self.receiver(receiver);
                let m = ident(method);
                Some((quote!(#r.#m()), Elems::Values))
            }
            (Ty::List(t), "map" | "filter") if t.is_copy() => {
                let chain = self.copy_chain(peel_parens(receiver_call))?;
                Some((chain, Elems::Values))
            }
            (Ty::Map(k, v), "keys" | "values") if args.is_empty() => {
                let t = if method == "keys" { k } else { v };
                let r = self.receiver(receiver);
                let m = ident(method);
                let elems = if t.is_copy() {
                    Elems::CopyRefs
                } else {
                    Elems::Values
                };
                Some((quote!(#r.#m()), elems))
            }
            _ => None,
        }
    }

    /// The iterator whose length `receiver.len()` asks for, when `receiver` is a sequence
    /// method of `str` (`s.lines().len()` is `s.lines().count()`, nothing collected).
    fn counted(&mut self, receiver: &Expr) -> Option<TokenStream> {
        let ExprKind::MethodCall {
            receiver: inner,
            method,
            args,
            generics,
        } = &peel_parens(receiver).kind
        else {
            return None;
        };
        if !generics.is_empty() || !matches!(self.info.ty(inner.id).peel(), Ty::Str) {
            return None;
        }
        match method.name.as_str() {
            "split" | "words" | "split_whitespace" | "lines" => {
                self.str_iter(inner, &method.name, args).map(|(it, _)| it)
            }
            "chars" | "bytes" if args.is_empty() => {
                let r = self.receiver(inner);
                let m = ident(&method.name);
                Some(quote!(#r.#m()))
            }
            _ => None,
        }
    }

    fn mark_borrowed_strs(&mut self, pat: &Pattern) {
        if let PatternKind::Bind { .. } = pat.kind {
            self.borrowed_strs.insert(pat.id);
        }
    }

    /// The `&str` iterator of `split(sep)`, `words()`, `lines()`.
    fn str_iter(
        &mut self,
        receiver: &Expr,
        method: &str,
        args: &[Arg],
    ) -> Option<(TokenStream, ())> {
        let r = self.receiver(receiver);
        Some(match (method, args) {
            ("split", [sep]) => {
                let sep = self.delimited(|l| l.pattern_arg(&sep.value))?;
                (quote!(#r.split(#sep)), ())
            }
            ("words" | "split_whitespace", []) => (quote!(#r.split_whitespace()), ()),
            ("lines", []) => (quote!(#r.lines()), ()),
            _ => return None,
        })
    }

    /// A `str` method's pattern argument: a char or string literal as is, a `str` borrowed.
    fn pattern_arg(&mut self, x: &Expr) -> Option<TokenStream> {
        if matches!(self.info.ty(x.id).peel(), Ty::Char)
            || matches!(peel_parens(x).kind, ExprKind::Lit(Lit::Char(_)))
        {
            return Some(self.expr(x).ts);
        }
        Some(self.str_arg(x))
    }

    /// Iterating a list's elements by value where they are copyable, by reference otherwise.
    fn elem_iter(&mut self, receiver: &Expr, t: &Ty) -> TokenStream {
        if t.is_copy() {
            if let Some(chain) = self.copy_chain(receiver) {
                return chain;
            }
        }
        let r = self.receiver(receiver);
        if t.is_copy() {
            quote!(#r.iter().copied())
        } else {
            quote!(#r.iter())
        }
    }

    /// An iterator of copyable values for a list built by `map`/`filter` over a list of
    /// copyable values (`xs.map(f).filter(g)` chains without collecting in between), or for a
    /// list literal (`[1, 2].into_iter()`).
    fn copy_chain(&mut self, e: &Expr) -> Option<TokenStream> {
        let e = peel_parens(e);
        match &e.kind {
            ExprKind::List(elems) if !elems.is_empty() => {
                let suffix = !self.pinned(e);
                let elems: Vec<TokenStream> = self.delimited(|l| {
                    let saved = l.set_suffix(suffix);
                    let out = elems.iter().map(|x| l.expr(x).ts).collect();
                    l.suffix_next_int = saved;
                    out
                });
                Some(quote!([#(#elems),*].into_iter()))
            }
            ExprKind::MethodCall {
                receiver,
                method,
                generics,
                args,
            } if generics.is_empty() && args.len() == 1 => {
                let Ty::List(t) = self.info.ty(receiver.id).peel().clone() else {
                    return None;
                };
                let out_copy = matches!(self.info.ty(e.id).peel(), Ty::List(u) if u.is_copy());
                if !t.is_copy() || !out_copy || !matches!(method.name.as_str(), "map" | "filter") {
                    return None;
                }
                let by_ref = method.name == "filter";
                let inner = self.elem_iter(receiver, &t);
                let f = self.closure_arg(&args.first()?.value, by_ref)?;
                let m = ident(&method.name);
                Some(quote!(#inner.#m(#f)))
            }
            _ => None,
        }
    }

    /// Whether `e` is a `map`/`filter` call or a list literal ([`Self::copy_chain`] applies).
    fn is_chain(&self, e: &Expr) -> bool {
        match &peel_parens(e).kind {
            ExprKind::List(elems) => !elems.is_empty(),
            ExprKind::MethodCall { method, .. } => matches!(method.name.as_str(), "map" | "filter"),
            _ => false,
        }
    }

    /// A closure argument; `by_ref_copy` when the iterator passes `&T` of a copyable `T`
    /// (`filter`, `any`): a one-parameter closure literal then takes `|&x|`.
    pub(crate) fn closure_arg(&mut self, f: &Expr, by_ref_copy: bool) -> Option<TokenStream> {
        let inner = peel_parens(f);
        if by_ref_copy {
            if let ExprKind::Closure {
                params,
                ret: None,
                body,
            } = &inner.kind
            {
                if let [p] = params.as_slice() {
                    if p.ty.is_none() {
                        let name = ident(&p.name.name);
                        let body = self.delimited(|l| l.expr(body).ts);
                        return Some(quote!(|&#name| #body));
                    }
                }
            }
        }
        Some(self.delimited(|l| l.expr(f).ts))
    }
}

impl Lowerer<'_> {
    /// For a closure `|x| x == v` (or `v == x`) where `v` is a literal or another name, `v`.
    fn contains_form<'e>(&self, f: &'e Expr) -> Option<&'e Expr> {
        let ExprKind::Closure {
            params,
            ret: None,
            body,
        } = &peel_parens(f).kind
        else {
            return None;
        };
        let [p] = params.as_slice() else {
            return None;
        };
        let ExprKind::Binary {
            op: aurora_grammar::ast::BinOp::Eq,
            lhs,
            rhs,
        } = &peel_parens(body).kind
        else {
            return None;
        };
        let is_param =
            |e: &Expr| matches!(&peel_parens(e).kind, ExprKind::Name(n) if n.name == p.name.name);
        let simple = |e: &Expr| match &peel_parens(e).kind {
            ExprKind::Lit(Lit::Int(_) | Lit::Char(_) | Lit::Bool(_)) => true,
            ExprKind::Name(n) => n.name != p.name.name,
            _ => false,
        };
        if is_param(lhs) && simple(rhs) {
            Some(rhs)
        } else if is_param(rhs) && simple(lhs) {
            Some(lhs)
        } else {
            None
        }
    }
}

/// Stands for a missing argument (see `builtin_method`).
static NO_ARG: Expr = Expr {
    id: aurora_grammar::ast::NodeId(u32::MAX),
    kind: ExprKind::Tuple(Vec::new()),
    span: aurora_grammar::Span {
        file: aurora_grammar::FileId(0),
        start: 0,
        end: 0,
    },
};

/// `opt` of a borrowed element, copied out when the element type is copyable.
fn copied(opt: TokenStream, t: &Ty) -> TokenStream {
    if t.is_copy() {
        quote!(#opt.copied())
    } else {
        opt
    }
}

fn is_plain_str(e: &Expr) -> bool {
    matches!(&peel_parens(e).kind, ExprKind::Lit(Lit::Str(parts)) if super::strings::plain_text(parts).is_some())
}
