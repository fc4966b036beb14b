//! Sharing and synchronisation (docs/language.md §14) onto `std::sync`, `std::rc` and
//! `std::cell`: no runtime of Aurora's own. A guard block is a Rust block holding the guard
//! in a local, so the lock is released where the block ends; an atomic operation names its
//! `Ordering` explicitly, as a careful Rust engineer writes it.

use aurora_grammar::ast::{Arg, Binder, Block, Expr, GuardKind, Lit};
use proc_macro2::TokenStream;
use quote::quote;

use super::ident::ident;
use super::{LExpr, Lowerer};
use crate::check::sync::{call_orderings, rust_ordering, ATOMIC_METHODS};
use crate::check::Ty;

/// The std items the generated code may name, each with the module it comes from; a bit per
/// item in [`super::Collections::sync`].
const ITEMS: &[(&str, &str)] = &[
    ("std::sync", "Mutex"),
    ("std::sync", "RwLock"),
    ("std::sync", "Arc"),
    ("std::rc", "Rc"),
    ("std::cell", "RefCell"),
    ("std::sync::atomic", "Ordering"),
    ("std::sync::atomic", "AtomicBool"),
    ("std::sync::atomic", "AtomicI8"),
    ("std::sync::atomic", "AtomicI16"),
    ("std::sync::atomic", "AtomicI32"),
    ("std::sync::atomic", "AtomicI64"),
    ("std::sync::atomic", "AtomicIsize"),
    ("std::sync::atomic", "AtomicU8"),
    ("std::sync::atomic", "AtomicU16"),
    ("std::sync::atomic", "AtomicU32"),
    ("std::sync::atomic", "AtomicU64"),
    ("std::sync::atomic", "AtomicUsize"),
];

/// The `use` items for the std names recorded in `bits`, one per module
/// (`use std::sync::{Arc, Mutex};`); rustfmt orders them among the file's other imports.
pub(super) fn uses(bits: u32) -> Vec<TokenStream> {
    let mut modules: Vec<&str> = Vec::new();
    for (i, (m, _)) in ITEMS.iter().enumerate() {
        if bits & (1 << i) != 0 && !modules.contains(m) {
            modules.push(m);
        }
    }
    modules
        .into_iter()
        .map(|m| {
            let path: Vec<_> = m.split("::").map(ident).collect();
            let mut names: Vec<&str> = ITEMS
                .iter()
                .enumerate()
                .filter(|(i, (im, _))| bits & (1 << i) != 0 && *im == m)
                .map(|(_, (_, n))| *n)
                .collect();
            names.sort_unstable();
            let ids: Vec<_> = names.iter().map(|n| ident(n)).collect();
            if let [one] = ids.as_slice() {
                quote!(use #(#path)::*::#one;)
            } else {
                quote!(use #(#path)::*::{#(#ids),*};)
            }
        })
        .collect()
}

/// The std atomic type for `atomic[T]`.
fn atomic_name(inner: &Ty) -> &'static str {
    match inner {
        Ty::Bool => "AtomicBool",
        Ty::Sized("i8") => "AtomicI8",
        Ty::Sized("i16") => "AtomicI16",
        Ty::Sized("i32") => "AtomicI32",
        Ty::Sized("isize") => "AtomicIsize",
        Ty::Sized("u8") => "AtomicU8",
        Ty::Sized("u16") => "AtomicU16",
        Ty::Sized("u32") => "AtomicU32",
        Ty::Sized("u64") => "AtomicU64",
        Ty::Sized("usize") => "AtomicUsize",
        _ => "AtomicI64",
    }
}

impl Lowerer<'_> {
    /// Name the std item `name` (one of [`ITEMS`]), recording its `use`.
    pub(super) fn sync_item(&mut self, name: &'static str) -> TokenStream {
        if let Some(i) = ITEMS.iter().position(|(_, n)| *n == name) {
            if self.in_test {
                self.used_test.sync |= 1 << i;
            } else {
                self.used_main.sync |= 1 << i;
            }
        }
        let id = ident(name);
        quote!(#id)
    }

    /// The Rust type of `atomic[T]`.
    pub(super) fn atomic_ty(&mut self, inner: &Ty) -> TokenStream {
        self.sync_item(atomic_name(inner))
    }

    /// `mutex(v)`, `rwlock(v)`, `atomic(v)`, `shared(v)`, `local(v)`, `cell(v)`.
    pub(super) fn sync_ctor(&mut self, e: &Expr, name: &str, args: &[Arg]) -> Option<LExpr> {
        let ty = match name {
            "mutex" => self.sync_item("Mutex"),
            "rwlock" => self.sync_item("RwLock"),
            "shared" => self.sync_item("Arc"),
            "local" => self.sync_item("Rc"),
            "cell" => self.sync_item("RefCell"),
            "atomic" => {
                let inner = match self.info.ty(e.id) {
                    Ty::Atomic(t) => (**t).clone(),
                    _ => Ty::Int,
                };
                self.atomic_ty(&inner)
            }
            _ => return None,
        };
        // `Mutex::new(0)` alone would leave the integer's type to inference: say it.
        let literal = args.first().is_some_and(|a| {
            matches!(
                super::strings::peel_parens(&a.value).kind,
                aurora_grammar::ast::ExprKind::Lit(Lit::Int(_) | Lit::Float(_))
            )
        });
        let saved = self.set_suffix(literal && name != "atomic");
        let v = self.delimited(|l| args.first().map(|a| l.expr(&a.value).ts));
        self.set_suffix(saved);
        Some(LExpr::atom(quote!(#ty::new(#v))))
    }

    /// `lock m as v { .. }` and friends: a block holding the guard `v`, released at its end.
    /// A poisoned lock (its holder panicked) fails the task that takes it (`unwrap`).
    pub(super) fn guard_expr(
        &mut self,
        kind: GuardKind,
        target: &Expr,
        binding: &Binder,
        body: &Block,
        value: bool,
    ) -> LExpr {
        let stmts = self.guard_stmts(kind, target, binding, body, value, false);
        LExpr::block(quote!({ #(#stmts)* }))
    }

    /// The statements of a guard block: the guard, then the body. A guard block that ends the
    /// enclosing block is written as these statements alone (its guard is released where that
    /// block ends, as it would be at its own end).
    pub(super) fn guard_stmts(
        &mut self,
        kind: GuardKind,
        target: &Expr,
        binding: &Binder,
        body: &Block,
        value: bool,
        fn_tail: bool,
    ) -> Vec<TokenStream> {
        let is_cell = matches!(
            crate::check::sync::through(self.info.ty(target.id)),
            Ty::Cell(_)
        );
        let m = self.receiver(target);
        let take = match (kind, is_cell) {
            (GuardKind::Read, true) => quote!(#m.borrow()),
            (GuardKind::Write, true) => quote!(#m.borrow_mut()),
            (GuardKind::Read, false) => quote!(#m.read().unwrap()),
            (GuardKind::Write, false) => quote!(#m.write().unwrap()),
            (GuardKind::Lock, _) => quote!(#m.lock().unwrap()),
        };
        // `let _ = ..` would release the lock at once: a guard always has a name.
        let name = if binding.name.name == "_" {
            ident("_guard")
        } else {
            ident(&binding.name.name)
        };
        let mutable = if self.info.mutated.contains(&binding.id) {
            quote!(mut)
        } else {
            quote!()
        };
        self.guards.insert(binding.id);
        let mut stmts = vec![quote!(let #mutable #name = #take;)];
        stmts.extend(self.delimited(|l| l.stmts(&body.stmts, value, fn_tail)));
        stmts
    }

    /// A method of an atomic: `a.load()`, `a.add(1, order: relaxed)`, ...
    pub(super) fn atomic_call(&mut self, receiver: &Expr, method: &str, args: &[Arg]) -> LExpr {
        let rust = ATOMIC_METHODS
            .iter()
            .find(|m| m.0 == method)
            .map_or(method, |m| m.3);
        let r = self.receiver(receiver);
        let id = ident(rust);
        let values: Vec<TokenStream> = self.delimited(|l| {
            args.iter()
                .filter(|a| a.name.is_none())
                .map(|a| l.expr(&a.value).ts)
                .collect()
        });
        let (order, failure) = call_orderings(method, args);
        let ordering = self.sync_item("Ordering");
        let mut orders = vec![ident(rust_ordering(&order))];
        if let Some(f) = failure {
            orders.push(ident(rust_ordering(&f)));
        }
        LExpr::atom(quote!(#r.#id(#(#values,)* #(#ordering::#orders),*)))
    }
}
