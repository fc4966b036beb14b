//! Types (docs/language.md §3): Aurora type syntax, and the checker's [`Ty`], to Rust types.

use aurora_grammar::ast::{Mode, Type, TypeKind, Wrapper};
use proc_macro2::TokenStream;
use quote::quote;

use super::ident::ident;
use super::Lowerer;
use crate::check::Ty;

/// Where a type is written: function types are `impl Fn` and allowed only in parameters and
/// results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TyPos {
    Param,
    Return,
    Other,
}

/// The name of the struct or enum a type names (`Stack` for `Stack[T]`).
pub fn type_name(ty: &Type) -> Option<String> {
    match &ty.kind {
        TypeKind::Named { path, .. } => path.last().map(|s| s.name.clone()),
        _ => None,
    }
}

/// Whether `ty` is `str` (possibly qualified).
pub fn is_str(ty: &Type) -> bool {
    match &ty.kind {
        TypeKind::Named { path, args } => {
            args.is_empty() && path.len() == 1 && path[0].name == "str"
        }
        TypeKind::Qualified { inner, .. } => is_str(inner),
        _ => false,
    }
}

/// Whether `ty` is a function type (possibly qualified).
pub fn is_fn(ty: &Type) -> bool {
    match &ty.kind {
        TypeKind::Fn { .. } => true,
        TypeKind::Qualified { inner, .. } => is_fn(inner),
        _ => false,
    }
}

/// Whether `ty` is `()`.
pub fn is_unit(ty: &Type) -> bool {
    matches!(&ty.kind, TypeKind::Tuple(ts) if ts.is_empty())
}

const SIZED: &[&str] = &[
    "i8", "i16", "i32", "i64", "i128", "u8", "u16", "u32", "u64", "u128", "isize", "usize", "f32",
    "f64",
];

impl Lowerer<'_> {
    /// The Rust type for the Aurora type `ty` written at `pos`.
    pub fn ty(&mut self, ty: &Type, pos: TyPos) -> TokenStream {
        match &ty.kind {
            TypeKind::Named { path, args } => self.named_ty(ty, path, args),
            TypeKind::Wrapped { wrapper, inner } => {
                let inner = self.ty(inner, TyPos::Other);
                let w = self.sync_item(match wrapper {
                    Wrapper::Shared => "Arc",
                    Wrapper::Local => "Rc",
                    Wrapper::Cell => "RefCell",
                });
                quote!(#w<#inner>)
            }
            TypeKind::List(elem) => {
                let elem = self.ty(elem, TyPos::Other);
                quote!(Vec<#elem>)
            }
            TypeKind::Tuple(elems) => {
                let elems: Vec<TokenStream> =
                    elems.iter().map(|t| self.ty(t, TyPos::Other)).collect();
                if elems.len() == 1 {
                    let e = &elems[0];
                    quote!((#e,))
                } else {
                    quote!((#(#elems),*))
                }
            }
            TypeKind::Option(inner) => {
                let inner = self.ty(inner, TyPos::Other);
                quote!(Option<#inner>)
            }
            TypeKind::Fn { params, ret } => {
                if pos == TyPos::Other {
                    self.unsupported(
                        ty.span,
                        "a function type outside a parameter or return type",
                    );
                }
                let params: Vec<TokenStream> =
                    params.iter().map(|t| self.ty(t, TyPos::Other)).collect();
                if is_unit(ret) {
                    quote!(impl Fn(#(#params),*))
                } else {
                    let ret = self.ty(ret, TyPos::Other);
                    quote!(impl Fn(#(#params),*) -> #ret)
                }
            }
            TypeKind::Qualified { mode, inner } => match mode {
                Mode::Own => self.ty(inner, pos),
                Mode::Ref if is_str(inner) => quote!(&str),
                Mode::Ref => match &inner.kind {
                    TypeKind::List(elem) => {
                        let elem = self.ty(elem, TyPos::Other);
                        quote!(&[#elem])
                    }
                    _ => {
                        let inner = self.ty(inner, pos);
                        quote!(&#inner)
                    }
                },
                Mode::Mut => {
                    let inner = self.ty(inner, pos);
                    quote!(&mut #inner)
                }
            },
        }
    }

    fn named_ty(
        &mut self,
        ty: &Type,
        path: &[aurora_grammar::ast::Ident],
        args: &[Type],
    ) -> TokenStream {
        let args_ts: Vec<TokenStream> = args.iter().map(|t| self.ty(t, TyPos::Other)).collect();
        if let [single] = path {
            let name = single.name.as_str();
            match (name, args_ts.as_slice()) {
                ("int", []) => return quote!(i64),
                ("float", []) => return quote!(f64),
                ("bool", []) => return quote!(bool),
                ("char", []) => return quote!(char),
                ("str", []) => return quote!(String),
                ("duration", []) => {
                    self.use_duration();
                    return quote!(Duration);
                }
                ("instant", []) => return quote!(std::time::Instant),
                ("Map", [k, v]) => {
                    self.use_map();
                    return quote!(HashMap<#k, #v>);
                }
                ("Set", [t]) => {
                    self.use_set();
                    return quote!(HashSet<#t>);
                }
                ("Result", [t, e]) => return quote!(Result<#t, #e>),
                ("mutex", [t]) => {
                    let m = self.sync_item("Mutex");
                    return quote!(#m<#t>);
                }
                ("rwlock", [t]) if !self.names_own_type("rwlock") => {
                    let m = self.sync_item("RwLock");
                    return quote!(#m<#t>);
                }
                ("atomic", [_]) => {
                    let inner = match args.first().map(|a| &a.kind) {
                        Some(TypeKind::Named { path, args })
                            if args.is_empty() && path.len() == 1 =>
                        {
                            match path[0].name.as_str() {
                                "bool" => Ty::Bool,
                                "int" => Ty::Int,
                                n => crate::builtins::sized(n).map_or(Ty::Int, Ty::Sized),
                            }
                        }
                        _ => Ty::Int,
                    };
                    return self.atomic_ty(&inner);
                }
                // A task handle borrows its scope: the lifetime is left to inference.
                ("Task", [t]) if !self.names_own_type("Task") => {
                    return quote!(aurora_std::Task<'_, #t>)
                }
                ("Outcome", [t]) if !self.names_own_type("Outcome") => {
                    return quote!(aurora_std::Outcome<#t>)
                }
                ("Sender", [t]) if !self.names_own_type("Sender") => {
                    return quote!(aurora_std::Sender<#t>)
                }
                ("Receiver", [t]) if !self.names_own_type("Receiver") => {
                    return quote!(aurora_std::Receiver<#t>)
                }
                (n, []) if SIZED.contains(&n) => {
                    let id = ident(n);
                    return quote!(#id);
                }
                (
                    "int" | "float" | "bool" | "char" | "str" | "duration" | "instant" | "Map"
                    | "Set" | "Result",
                    _,
                ) => {
                    self.unsupported(ty.span, "this number of type arguments");
                }
                _ => {}
            }
        }
        let segs = path.iter().map(|s| ident(&s.name));
        if args_ts.is_empty() {
            quote!(#(#segs)::*)
        } else {
            quote!(#(#segs)::*<#(#args_ts),*>)
        }
    }

    /// The Rust type for a checker type, when it can be written in full (for annotations);
    /// `None` when part of it is unknown, a borrow, or a function type.
    pub fn ty_of(&mut self, ty: &Ty) -> Option<TokenStream> {
        Some(match ty {
            Ty::Int => quote!(i64),
            Ty::Float => quote!(f64),
            Ty::Bool => quote!(bool),
            Ty::Char => quote!(char),
            Ty::Str => quote!(String),
            Ty::Duration => {
                self.use_duration();
                quote!(Duration)
            }
            Ty::Instant => quote!(std::time::Instant),
            Ty::Outcome(t) => {
                let t = self.ty_of(t)?;
                quote!(aurora_std::Outcome<#t>)
            }
            Ty::Sized(n) => {
                let id = ident(n);
                quote!(#id)
            }
            Ty::Unit => quote!(()),
            Ty::List(t) => {
                let t = self.ty_of(t)?;
                quote!(Vec<#t>)
            }
            Ty::Map(k, v) => {
                let k = self.ty_of(k)?;
                let v = self.ty_of(v)?;
                self.use_map();
                quote!(HashMap<#k, #v>)
            }
            Ty::Set(t) => {
                let t = self.ty_of(t)?;
                self.use_set();
                quote!(HashSet<#t>)
            }
            Ty::Tuple(ts) => {
                let ts = ts
                    .iter()
                    .map(|t| self.ty_of(t))
                    .collect::<Option<Vec<_>>>()?;
                if ts.len() == 1 {
                    let t = &ts[0];
                    quote!((#t,))
                } else {
                    quote!((#(#ts),*))
                }
            }
            Ty::Option(t) => {
                let t = self.ty_of(t)?;
                quote!(Option<#t>)
            }
            Ty::Result(t, e) => {
                let t = self.ty_of(t)?;
                let e = self.ty_of(e)?;
                quote!(Result<#t, #e>)
            }
            Ty::Adt { module, name, args } => {
                let args = args
                    .iter()
                    .map(|t| self.ty_of(t))
                    .collect::<Option<Vec<_>>>()?;
                let path = self.item_path(module, name)?;
                if args.is_empty() {
                    path
                } else {
                    quote!(#path<#(#args),*>)
                }
            }
            Ty::Param(name) => {
                let id = ident(name);
                quote!(#id)
            }
            Ty::Mutex(t) | Ty::RwLock(t) | Ty::Shared(t) | Ty::Local(t) | Ty::Cell(t) => {
                let inner = self.ty_of(t)?;
                let w = self.sync_item(match ty {
                    Ty::Mutex(_) => "Mutex",
                    Ty::RwLock(_) => "RwLock",
                    Ty::Shared(_) => "Arc",
                    Ty::Local(_) => "Rc",
                    _ => "RefCell",
                });
                quote!(#w<#inner>)
            }
            Ty::Atomic(t) => self.atomic_ty(t),
            Ty::Sender(t) => {
                let t = self.ty_of(t)?;
                quote!(aurora_std::Sender<#t>)
            }
            Ty::Receiver(t) => {
                let t = self.ty_of(t)?;
                quote!(aurora_std::Receiver<#t>)
            }
            // A task handle's type names the scope's lifetime, which the program never writes.
            Ty::Fn(..)
            | Ty::Ref(_)
            | Ty::Mut(_)
            | Ty::Range(_)
            | Ty::Task(_)
            | Ty::Never
            | Ty::Unknown => return None,
        })
    }

    /// Whether `name` is a struct or enum of this module or imported by name into it.
    fn names_own_type(&self, name: &str) -> bool {
        self.module.items.iter().any(|item| match &item.kind {
            aurora_grammar::ast::ItemKind::Struct(s) => s.name.name == name,
            aurora_grammar::ast::ItemKind::Enum(e) => e.name.name == name,
            _ => false,
        }) || self.imported.iter().any(|(_, n)| n == name)
    }

    /// How this module names item `name` of module `module`: unqualified when it is this
    /// module's own or imported by name, `m::name` when module `m` is `use`d; `None` if it is
    /// not reachable by name here.
    pub fn item_path(&self, module: &str, name: &str) -> Option<TokenStream> {
        let id = ident(name);
        if module == self.module.name || self.imports_name(module, name) {
            return Some(quote!(#id));
        }
        if self.used_modules.contains(module) {
            let m = ident(module);
            return Some(quote!(#m::#id));
        }
        None
    }

    /// Whether this module has `use <module>.{.., name, ..}`.
    pub fn imports_name(&self, module: &str, name: &str) -> bool {
        self.imported
            .contains(&(module.to_string(), name.to_string()))
    }
}
