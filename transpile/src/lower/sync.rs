//! Sharing and synchronisation (docs/language.md §14) onto `std::sync`, `std::rc` and
//! `std::cell`: no runtime of Aurora's own. A guard block is a Rust block holding the guard
//! in a local, so the lock is released where the block ends; an atomic operation names its
//! `Ordering` explicitly, as a careful Rust engineer writes it.

use std::collections::HashMap;

use aurora_grammar::ast::{
    Arg, Binder, Block, Expr, GuardKind, ItemKind, Program, Type, TypeKind, VariantFields, Wrapper,
};
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
        // `Mutex::new(0)` or `Rc::new(vec![1, 2])` alone would leave the integers' type to
        // inference (`i32`): say it.
        let unpinned = args.first().is_some_and(|a| !self.pinned(&a.value));
        let saved = self.set_suffix(unpinned && name != "atomic");
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

/// Whether values of a written type are `Clone` and `PartialEq` in Rust: `Mutex`, `RwLock`
/// and the atomics are neither, `Arc` and `Rc` are `Clone` whatever they hold. `user` says it
/// for the program's own types, by name.
fn clone_eq(ty: &Type, user: &HashMap<String, (bool, bool)>) -> (bool, bool) {
    let all = |ts: &mut dyn Iterator<Item = &Type>| {
        ts.fold((true, true), |(c, e), t| {
            let (tc, te) = clone_eq(t, user);
            (c && tc, e && te)
        })
    };
    match &ty.kind {
        TypeKind::Named { path, args } => {
            let own = match path.last().map(|s| s.name.as_str()) {
                Some("mutex" | "rwlock" | "atomic") if path.len() == 1 => (false, false),
                Some(n) => user.get(n).copied().unwrap_or((true, true)),
                None => (true, true),
            };
            let (c, e) = all(&mut args.iter());
            (own.0 && c, own.1 && e)
        }
        TypeKind::List(t) | TypeKind::Option(t) => clone_eq(t, user),
        TypeKind::Tuple(ts) => all(&mut ts.iter()),
        TypeKind::Wrapped { wrapper, inner } => {
            let (c, e) = clone_eq(inner, user);
            match wrapper {
                Wrapper::Shared | Wrapper::Local => (true, e),
                Wrapper::Cell => (c, e),
            }
        }
        TypeKind::Qualified { inner, .. } => clone_eq(inner, user),
        TypeKind::Fn { .. } => (true, true),
    }
}

/// For every struct and enum of the program (by name), whether it can derive `Clone` and
/// `PartialEq`: not when a field holds a lock or an atomic (directly or through another of
/// the program's types) outside a `shared`/`local`.
pub(super) fn derivable(program: &Program) -> HashMap<String, (bool, bool)> {
    let mut types: Vec<(String, Vec<&Type>)> = Vec::new();
    for m in &program.modules {
        for item in &m.items {
            match &item.kind {
                ItemKind::Struct(s) => types.push((
                    s.name.name.clone(),
                    s.fields.iter().map(|f| &f.ty).collect(),
                )),
                ItemKind::Enum(e) => {
                    let mut fields = Vec::new();
                    for v in &e.variants {
                        match &v.fields {
                            VariantFields::Unit => {}
                            VariantFields::Tuple(ts) => fields.extend(ts.iter()),
                            VariantFields::Struct(fs) => fields.extend(fs.iter().map(|f| &f.ty)),
                        }
                    }
                    types.push((e.name.name.clone(), fields))
                }
                _ => {}
            }
        }
    }
    let mut user: HashMap<String, (bool, bool)> = types
        .iter()
        .map(|(n, _)| (n.clone(), (true, true)))
        .collect();
    // Each pass can only turn a `true` into `false`, so this ends.
    loop {
        let mut changed = false;
        for (name, fields) in &types {
            let mut now = (true, true);
            for f in fields {
                let (c, e) = clone_eq(f, &user);
                now = (now.0 && c, now.1 && e);
            }
            let was = user.get(name).copied().unwrap_or((true, true));
            let next = (was.0 && now.0, was.1 && now.1);
            if next != was {
                user.insert(name.clone(), next);
                changed = true;
            }
        }
        if !changed {
            return user;
        }
    }
}
