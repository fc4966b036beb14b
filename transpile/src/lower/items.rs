//! Items (docs/language.md §2, §9, §11): the module's Rust file.
//!
//! Order of the file: the root's `mod` declarations, `use std::collections::..` (only for
//! what is named), the module's own imports, its items in source order, then one
//! `#[cfg(test)] mod tests` holding every `test` block. There are no inner attributes
//! (generated files are also `include!`d). Visibility: items of the root are private (unless
//! the root is lowered as a library, `LowerOptions::library`); in a used module, `pub` items
//! (and the fields and methods of `pub` types) are `pub`.

use std::collections::HashSet;

use aurora_grammar::ast::{
    ConstDecl, EnumDecl, FnDecl, GenericParam, ImplDecl, ItemKind, Mode, StructDecl, TestDecl,
    TypeKind, UseDecl, VariantFields,
};
use proc_macro2::{Ident, TokenStream, TokenTree};
use quote::quote;

use super::ident::{ident, test_fn_name};
use super::types::{is_str, is_unit, type_name, TyPos};
use super::{Collections, Lowerer, Want};

impl<'a> Lowerer<'a> {
    /// The whole file.
    pub fn module(&mut self) -> TokenStream {
        let module = self.module;
        let mut items = Vec::new();
        let mut tests = Vec::new();
        let mut test_names = HashSet::new();
        for item in &module.items {
            let public = item.public && !self.private_items;
            let (before, tests_before) = (items.len(), tests.len());
            match &item.kind {
                ItemKind::Use(_) => {}
                ItemKind::Const(c) => items.push(self.const_item(public, c)),
                ItemKind::TaskLocal(c) => items.push(self.task_local_item(public, c)),
                ItemKind::Fn(f) => {
                    let vis = vis(public);
                    items.push(self.fn_item(vis, f));
                }
                ItemKind::Struct(s) => items.push(self.struct_item(public, s)),
                ItemKind::Enum(e) => items.push(self.enum_item(public, e)),
                ItemKind::Impl(i) => items.push(self.impl_item(i)),
                ItemKind::Test(t) => tests.push(self.test_item(t, &mut test_names)),
            }
            self.mark_from(&mut items, before, item.span);
            self.mark_from(&mut tests, tests_before, item.span);
        }
        // Which imported names the code mentions (an unused `use` is a warning); only
        // computed when there are imports, since it walks every token.
        let has_uses = module
            .items
            .iter()
            .any(|i| matches!(i.kind, ItemKind::Use(_)));
        let (main_names, test_idents) = if has_uses {
            (idents(&items), idents(&tests))
        } else {
            (HashSet::new(), HashSet::new())
        };

        let mods = if self.is_root {
            self.mod_decls()
        } else {
            Vec::new()
        };
        let mut uses = collection_uses(self.used_main);
        let mut test_uses = collection_uses(Collections {
            map: self.used_test.map && !self.used_main.map,
            set: self.used_test.set && !self.used_main.set,
            or_unwind: self.used_test.or_unwind && !self.used_main.or_unwind,
            duration: self.used_test.duration && !self.used_main.duration,
            sync: self.used_test.sync & !self.used_main.sync,
            rayon: self.used_test.rayon && !self.used_main.rayon,
        });
        for item in &module.items {
            if let ItemKind::Use(u) = &item.kind {
                if let Some(u_ts) = self.use_item(u, &main_names, false) {
                    uses.push(u_ts);
                }
                if let Some(u_ts) = self.use_item(u, &test_idents, true) {
                    test_uses.push(u_ts);
                }
            }
        }
        let tests_mod = if tests.is_empty() {
            quote!()
        } else {
            quote! {
                #[cfg(test)]
                mod tests {
                    use super::*;
                    #(#test_uses)*
                    #(#tests)*
                }
            }
        };
        quote! {
            #(#mods)*
            #(#uses)*
            #(#items)*
            #tests_mod
        }
    }

    /// `mod m;` for every module of the program (the root declares them all, see
    /// `modules.rs`); `mod a { pub mod b; }` for `a/b.aur`.
    fn mod_decls(&mut self) -> Vec<TokenStream> {
        let mut tree = Tree::default();
        for path in self.module_paths.iter().skip(1) {
            if !path.is_empty() {
                tree.insert(path);
            }
        }
        let mut out = Vec::new();
        for child in &tree.children {
            out.push(self.mod_tree(child, false));
        }
        out
    }

    fn mod_tree(&mut self, node: &Tree, nested: bool) -> TokenStream {
        let name = ident(&node.name);
        let vis = if nested { quote!(pub) } else { quote!() };
        if node.children.is_empty() {
            return quote!(#vis mod #name;);
        }
        if node.is_module {
            let span = self
                .module
                .items
                .first()
                .map_or(aurora_grammar::Span::new(self.module.file, 0, 0), |i| {
                    i.span
                });
            self.unsupported(
                span,
                &format!(
                    "a module `{}` beside a directory of modules with the same name",
                    node.name
                ),
            );
        }
        let children: Vec<TokenStream> = node
            .children
            .iter()
            .map(|c| self.mod_tree(c, true))
            .collect();
        quote!(#vis mod #name { #(#children)* })
    }

    /// The Rust `use` for an Aurora `use`, keeping only names that `used` mentions.
    fn use_item(&self, u: &UseDecl, used: &HashSet<String>, in_tests: bool) -> Option<TokenStream> {
        let module = u.path.last()?;
        let segs: Vec<Ident> = u.path.iter().map(|s| ident(&s.name)).collect();
        // From the root, modules are its children; from another module (or the tests module
        // of the root) they are reached through `super`.
        let depth = usize::from(!self.is_root) + usize::from(in_tests);
        let supers: Vec<TokenStream> = (0..depth).map(|_| quote!(super::)).collect();
        let prefix = quote!(#(#supers)* #(#segs)::*);
        let mut names: Vec<Ident> = u
            .names
            .iter()
            .flatten()
            .filter(|n| used.contains(&ident(&n.name).to_string()))
            .map(|n| ident(&n.name))
            .collect();
        // The module name itself needs an import only where `mod` did not declare it by that
        // name (another module, the tests module, or a nested `a.b` seen from the root).
        let module_used =
            (depth > 0 || u.path.len() > 1) && used.contains(&ident(&module.name).to_string());
        if module_used {
            names.insert(0, ident("self"));
        }
        match names.as_slice() {
            [] => None,
            [only] if *only == "self" => Some(quote!(use #prefix;)),
            [only] => Some(quote!(use #prefix::#only;)),
            _ => Some(quote!(use #prefix::{#(#names),*};)),
        }
    }

    /// `task_local NAME: T = init`: a static `aurora_std::TaskLocal` whose initial value is
    /// computed on the first read where nothing is bound (docs/runtime.md, task-locals).
    fn task_local_item(&mut self, public: bool, c: &ConstDecl) -> TokenStream {
        let vis = vis(public);
        let name = ident(&c.name.name);
        let ty = self.ty(&c.ty, TyPos::Other);
        let v = self.expr_typed(&c.value, Want::Owned).ts;
        quote!(#vis static #name: aurora_std::TaskLocal<#ty> = aurora_std::TaskLocal::new(|| #v);)
    }

    fn const_item(&mut self, public: bool, c: &ConstDecl) -> TokenStream {
        let vis = vis(public);
        let name = ident(&c.name.name);
        if is_str(&c.ty) {
            let v = self.expr_want(&c.value, Want::Borrowed).ts;
            return quote!(#vis const #name: &str = #v;);
        }
        let ty = self.ty(&c.ty, TyPos::Other);
        self.in_const = true;
        let v = self.expr(&c.value).ts;
        self.in_const = false;
        quote!(#vis const #name: #ty = #v;)
    }

    fn fn_item(&mut self, vis: TokenStream, f: &'a FnDecl) -> TokenStream {
        let name = ident(&f.name.name);
        let generics = self.generics(&f.generics);
        self.self_mode = f.self_param.as_ref().map(|sp| sp.mode);
        let mut params = Vec::new();
        if let Some(sp) = &f.self_param {
            params.push(match sp.mode {
                Mode::Own => quote!(self),
                Mode::Ref => quote!(&self),
                Mode::Mut => quote!(&mut self),
            });
        }
        let saved_body = self.fn_body.replace(&f.body);
        for p in &f.params {
            if matches!(&p.ty.kind, TypeKind::Qualified { mode: Mode::Ref, inner } if is_str(inner))
            {
                self.ref_str_params.insert(p.id);
            }
            let pname = ident(&p.name.name);
            // A `mut [T]` that the function never grows is a `&mut [T]` (clippy: ptr_arg).
            let slice_elem = match &p.ty.kind {
                TypeKind::Qualified {
                    mode: Mode::Mut,
                    inner,
                } => match &inner.kind {
                    TypeKind::List(elem) if self.only_slice_uses(p.id, &p.name.name, true) => {
                        Some(elem)
                    }
                    _ => None,
                },
                _ => None,
            };
            let ty = match slice_elem {
                Some(elem) => {
                    let elem = self.ty(elem, TyPos::Other);
                    quote!(&mut [#elem])
                }
                None => self.ty(&p.ty, TyPos::Param),
            };
            params.push(quote!(#pname: #ty));
        }
        let returns = f.ret.as_ref().filter(|t| !is_unit(t));
        let ret = returns.map(|t| {
            let t = self.ty(t, TyPos::Return);
            quote!(-> #t)
        });
        // The declared return type, kept so `return`s and closures deep in the body see it.
        let saved = self.fn_ret.replace(f.ret.as_ref().unwrap_or(&UNIT));
        let body = self.block(&f.body, returns.is_some(), true);
        self.fn_body = saved_body;
        self.fn_ret = saved;
        quote!(#vis fn #name #generics (#(#params),*) #ret #body)
    }

    fn generics(&mut self, gs: &[GenericParam]) -> TokenStream {
        if gs.is_empty() {
            return quote!();
        }
        let params: Vec<TokenStream> = gs
            .iter()
            .map(|g| {
                let name = ident(&g.name.name);
                let bounds: Vec<TokenStream> = g.bounds.iter().map(|b| bound(&b.name)).collect();
                if bounds.is_empty() {
                    quote!(#name)
                } else {
                    quote!(#name: #(#bounds)+*)
                }
            })
            .collect();
        quote!(<#(#params),*>)
    }

    fn struct_item(&mut self, public: bool, s: &StructDecl) -> TokenStream {
        let vis = vis(public);
        let name = ident(&s.name.name);
        let generics = self.generics(&s.generics);
        let fields: Vec<TokenStream> = s
            .fields
            .iter()
            .map(|f| {
                let fname = ident(&f.name.name);
                let ty = self.ty(&f.ty, TyPos::Other);
                quote!(#vis #fname: #ty)
            })
            .collect();
        let derives = self.derives(&s.name.name);
        quote! {
            #[derive(#(#derives),*)]
            #vis struct #name #generics { #(#fields),* }
        }
    }

    /// `Debug`, and `Clone` and `PartialEq` unless a field holds a lock or an atomic (§14).
    fn derives(&self, name: &str) -> Vec<TokenStream> {
        let (clone, eq) = self.derivable.get(name).copied().unwrap_or((true, true));
        let mut out = vec![quote!(Debug)];
        if clone {
            out.push(quote!(Clone));
        }
        if eq {
            out.push(quote!(PartialEq));
        }
        out
    }

    fn enum_item(&mut self, public: bool, e: &EnumDecl) -> TokenStream {
        let vis = vis(public);
        let name = ident(&e.name.name);
        let generics = self.generics(&e.generics);
        let variants: Vec<TokenStream> = e
            .variants
            .iter()
            .map(|v| {
                let vname = ident(&v.name.name);
                match &v.fields {
                    VariantFields::Unit => quote!(#vname),
                    VariantFields::Tuple(ts) => {
                        let ts: Vec<TokenStream> =
                            ts.iter().map(|t| self.ty(t, TyPos::Other)).collect();
                        quote!(#vname(#(#ts),*))
                    }
                    VariantFields::Struct(fs) => {
                        let fs: Vec<TokenStream> = fs
                            .iter()
                            .map(|f| {
                                let fname = ident(&f.name.name);
                                let ty = self.ty(&f.ty, TyPos::Other);
                                quote!(#fname: #ty)
                            })
                            .collect();
                        quote!(#vname { #(#fs),* })
                    }
                }
            })
            .collect();
        let derives = self.derives(&e.name.name);
        quote! {
            #[derive(#(#derives),*)]
            #vis enum #name #generics { #(#variants),* }
        }
    }

    fn impl_item(&mut self, i: &'a ImplDecl) -> TokenStream {
        let generics = self.generics(&i.generics);
        let target = self.ty(&i.target, TyPos::Other);
        // Methods of a `pub` type are `pub` (outside the root).
        let public = !self.private_items
            && type_name(&i.target).is_some_and(|n| self.pub_types.contains(&n));
        let methods: Vec<TokenStream> = i
            .methods
            .iter()
            .map(|f| self.fn_item(vis(public), f))
            .collect();
        quote!(impl #generics #target { #(#methods)* })
    }

    fn test_item(&mut self, t: &'a TestDecl, names: &mut HashSet<String>) -> TokenStream {
        let base = test_fn_name(&t.name);
        let mut name = base.clone();
        let mut n = 2;
        while !names.insert(name.clone()) {
            name = format!("{base}_{n}");
            n += 1;
        }
        let id = ident(&name);
        self.in_test = true;
        let saved = self.fn_ret.replace(&UNIT);
        let saved_body = self.fn_body.replace(&t.body);
        let body = self.block(&t.body, false, true);
        self.fn_body = saved_body;
        self.fn_ret = saved;
        self.in_test = false;
        quote! {
            #[test]
            fn #id() #body
        }
    }
}

/// The unit type, for functions without `->`.
static UNIT: aurora_grammar::ast::Type = aurora_grammar::ast::Type {
    kind: aurora_grammar::ast::TypeKind::Tuple(Vec::new()),
    span: aurora_grammar::Span {
        file: aurora_grammar::FileId(0),
        start: 0,
        end: 0,
    },
};

fn vis(public: bool) -> TokenStream {
    if public {
        quote!(pub)
    } else {
        quote!()
    }
}

/// Aurora's bounds (§2.3) in Rust.
fn bound(name: &str) -> TokenStream {
    match name {
        "Share" => quote!(Sync),
        "Hash" => quote!(std::hash::Hash),
        "Display" => quote!(std::fmt::Display),
        "Debug" => quote!(std::fmt::Debug),
        other => {
            let id = ident(other);
            quote!(#id)
        }
    }
}

fn collection_uses(c: Collections) -> Vec<TokenStream> {
    let mut out = Vec::new();
    if c.map {
        out.push(quote!(
            use std::collections::HashMap;
        ));
    }
    if c.set {
        out.push(quote!(
            use std::collections::HashSet;
        ));
    }
    if c.or_unwind {
        out.push(quote!(
            use aurora_std::OrUnwind;
        ));
    }
    if c.duration {
        out.push(quote!(
            use std::time::Duration;
        ));
    }
    out.extend(super::sync::uses(c.sync));
    if c.rayon {
        out.push(quote!(
            use aurora_std::rayon::prelude::*;
        ));
    }
    out
}

/// Every identifier mentioned in `items`, to tell which imports are used.
fn idents(items: &[TokenStream]) -> HashSet<String> {
    fn walk(ts: TokenStream, out: &mut HashSet<String>) {
        for tt in ts {
            match tt {
                TokenTree::Ident(i) => {
                    out.insert(i.to_string());
                }
                TokenTree::Group(g) => walk(g.stream(), out),
                _ => {}
            }
        }
    }
    let mut out = HashSet::new();
    for item in items {
        walk(item.clone(), &mut out);
    }
    out
}

/// The module tree of the program, from module paths.
#[derive(Default)]
struct Tree {
    name: String,
    is_module: bool,
    children: Vec<Tree>,
}

impl Tree {
    fn insert(&mut self, path: &[String]) {
        let Some((first, rest)) = path.split_first() else {
            self.is_module = true;
            return;
        };
        let pos = match self.children.iter().position(|c| c.name == *first) {
            Some(pos) => pos,
            None => {
                self.children.push(Tree {
                    name: first.clone(),
                    ..Tree::default()
                });
                self.children.len() - 1
            }
        };
        self.children[pos].insert(rest);
    }
}
