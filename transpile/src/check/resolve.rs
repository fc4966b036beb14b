//! Names and paths: locals, items, imports, modules and built-ins (`name`), path prefixes and
//! members (`geometry.area`, `Shape.Circle`, `Point.new`), and field access on values.

use aurora_grammar::ast::{self, Expr, ExprKind};
use aurora_grammar::Diagnostic;

use super::defs::{private_item, Found, ItemDef, TypeDef, TypeDefKind, VariantKind};
use super::suggest;
use super::types::show;
use super::walk::Walker;
use super::{Res, Ty};
use crate::builtins;

/// A module or type that starts a longer path (`geometry` in `geometry.area`, `Shape` in
/// `Shape.Circle`).
#[derive(Debug, Clone)]
pub(crate) enum Prefix {
    Module(usize),
    Type(usize, String),
    TypeParam,
}

fn hint_for_name(n: &str) -> Option<&'static str> {
    Some(match n {
        "None" | "nil" | "null" | "Nothing" => "Aurora's empty option is `none`",
        "Some" => "write `some(x)`",
        "Ok" => "write `ok(x)`",
        "Err" => "write `err(e)`",
        "True" => "write `true`",
        "False" => "write `false`",
        "println" | "printf" | "console" | "puts" => "print with `print(x)`",
        _ => return None,
    })
}

impl Walker<'_> {
    pub fn self_value_ty(&self) -> Ty {
        let t = self.self_ty.clone().unwrap_or(Ty::Unknown);
        match self.self_param {
            Some(ast::Mode::Ref) => Ty::Ref(Box::new(t)),
            Some(ast::Mode::Mut) => Ty::Mut(Box::new(t)),
            _ => t,
        }
    }

    pub fn name(&mut self, e: &Expr, id: &ast::Ident) -> Ty {
        let n = id.name.as_str();
        if n == "self" {
            if self.self_param.is_some() {
                self.info.res.insert(e.id, Res::SelfValue);
                return self.self_value_ty();
            }
            self.errors.push(
                Diagnostic::error(id.span, "`self` is only available in methods")
                    .label("no `self` here")
                    .help("add `ref self` (or `mut self`, `self`) as the method's first parameter"),
            );
            return Ty::Unknown;
        }
        if let Some(i) = self.scopes.lookup(n) {
            if let Some(b) = self.scopes.get_mut(i) {
                b.used = true;
                let (bid, ty) = (b.id, b.ty.clone());
                self.info.res.insert(e.id, Res::Local(bid));
                return ty;
            }
        }
        if self.prefix(e).is_some() {
            // A type, module or generic parameter named on its own; lowering sees its `res`.
            return Ty::Unknown;
        }
        match self.defs.lookup(self.module, n) {
            Some(Found::Item(m, ItemDef::Fn(f))) => {
                self.info.res.insert(
                    e.id,
                    Res::Fn {
                        module: self.module_name(m),
                        name: f.name.clone(),
                    },
                );
                return fn_ty(f);
            }
            Some(Found::Item(m, ItemDef::Const(c))) => {
                let (module, name) = (self.module_name(m), c.name.clone());
                let res = if c.task_local {
                    Res::TaskLocal { module, name }
                } else {
                    Res::Const { module, name }
                };
                self.info.res.insert(e.id, res);
                return c.ty.clone();
            }
            _ => {}
        }
        if builtins::function(n).is_some() {
            self.info.res.insert(e.id, Res::Builtin(n.to_string()));
            return Ty::Unknown;
        }
        self.undefined(id);
        Ty::Unknown
    }

    pub fn undefined(&mut self, id: &ast::Ident) {
        let n = id.name.as_str();
        if self
            .defs
            .modules
            .get(self.module)
            .is_some_and(|m| m.missing.iter().any(|x| x == n))
        {
            return;
        }
        let mut d = Diagnostic::error(id.span, format!("cannot find `{n}` in this scope"))
            .label("not found in this scope");
        if let Some(h) = hint_for_name(n) {
            d = d.help(h);
        } else if let Some(v) = self.enum_with_variant(n) {
            d = d.help(format!("write the variant with its enum: `{v}.{n}`"));
        } else {
            let mut candidates: Vec<&str> = self.scopes.names();
            candidates.extend(self.defs.visible_names(self.module));
            candidates.extend(builtins::FUNCTIONS.iter().map(|b| b.name));
            if let Some(s) = suggest::nearest(n, candidates.into_iter()) {
                // The typo was meant to use that variable: do not also call it unused.
                if let Some(b) = self.scopes.lookup(&s).and_then(|i| self.scopes.get_mut(i)) {
                    b.used = true;
                }
                d = d.help(format!("did you mean `{s}`?"));
            }
        }
        self.errors.push(d);
    }

    /// The name of an enum visible here that has a variant `variant`.
    pub fn enum_with_variant(&self, variant: &str) -> Option<String> {
        let md = self.defs.modules.get(self.module)?;
        let mut names: Vec<&String> = md.items.keys().chain(md.imports.keys()).collect();
        names.sort();
        names.into_iter().find(|n| {
            matches!(self.defs.lookup(self.module, n), Some(Found::Item(_, ItemDef::Type(td))) if td.variant(variant).is_some())
        }).cloned()
    }

    /// If `e` names a module, a type or a generic parameter (a path prefix), record that and
    /// say which. Reports nothing, so callers may fall back to treating `e` as a value.
    pub fn prefix(&mut self, e: &Expr) -> Option<Prefix> {
        match &e.kind {
            ExprKind::Name(id) => {
                let n = id.name.as_str();
                if n == "Self" {
                    if let Some(Ty::Adt { module, name, .. }) = &self.self_ty {
                        let m = self.defs.module_index(module)?;
                        self.info.res.insert(
                            e.id,
                            Res::Type {
                                module: module.clone(),
                                name: name.clone(),
                            },
                        );
                        return Some(Prefix::Type(m, name.clone()));
                    }
                    return None;
                }
                if self.scopes.lookup(n).is_some() {
                    return None;
                }
                if self.generics.iter().any(|g| g == n) {
                    self.info.res.insert(e.id, Res::TypeParam(n.to_string()));
                    return Some(Prefix::TypeParam);
                }
                match self.defs.lookup(self.module, n)? {
                    Found::Item(m, ItemDef::Type(td)) => {
                        self.info.res.insert(
                            e.id,
                            Res::Type {
                                module: self.module_name(m),
                                name: td.name.clone(),
                            },
                        );
                        Some(Prefix::Type(m, td.name.clone()))
                    }
                    Found::Module(m) => {
                        self.info.res.insert(e.id, Res::Module(self.module_name(m)));
                        Some(Prefix::Module(m))
                    }
                    Found::Item(..) => None,
                }
            }
            ExprKind::Field { base, name } => {
                let Prefix::Module(m) = self.prefix(base)? else {
                    return None;
                };
                let td = self.defs.type_def(m, &name.name)?;
                self.info.res.insert(
                    e.id,
                    Res::Type {
                        module: self.module_name(m),
                        name: td.name.clone(),
                    },
                );
                Some(Prefix::Type(m, td.name.clone()))
            }
            ExprKind::Paren(x) => self.prefix(x),
            _ => None,
        }
    }

    /// Resolve `prefix.name` (recording the resolution on `id`) and give its type. `called`
    /// says the path is the callee of a call, which changes what is an error.
    pub fn path_member(
        &mut self,
        id: ast::NodeId,
        prefix: Prefix,
        name: &ast::Ident,
        called: bool,
        exp: Option<&Ty>,
    ) -> Ty {
        let defs = self.defs;
        match prefix {
            Prefix::Module(m) => {
                let mname = self.module_name(m);
                let Some(item) = defs.member(m, &name.name) else {
                    let mut d = Diagnostic::error(
                        name.span,
                        format!("cannot find `{}` in module `{mname}`", name.name),
                    )
                    .label(format!("not found in `{mname}`"));
                    let cands = defs.modules[m]
                        .items
                        .iter()
                        .filter(|(_, d)| d.public())
                        .map(|(k, _)| k.as_str());
                    if let Some(s) = suggest::nearest(&name.name, cands) {
                        d = d.help(format!("did you mean `{mname}.{s}`?"));
                    }
                    self.errors.push(d);
                    return Ty::Unknown;
                };
                if !item.public() && m != self.module {
                    self.errors
                        .push(private_item(name.span, &name.name, &mname, item.span()));
                }
                match item {
                    ItemDef::Fn(f) => {
                        self.info.res.insert(
                            id,
                            Res::Fn {
                                module: mname,
                                name: f.name.clone(),
                            },
                        );
                        fn_ty(f)
                    }
                    ItemDef::Const(c) => {
                        let name = c.name.clone();
                        let res = if c.task_local {
                            Res::TaskLocal {
                                module: mname,
                                name,
                            }
                        } else {
                            Res::Const {
                                module: mname,
                                name,
                            }
                        };
                        self.info.res.insert(id, res);
                        c.ty.clone()
                    }
                    ItemDef::Type(t) => {
                        self.info.res.insert(
                            id,
                            Res::Type {
                                module: mname,
                                name: t.name.clone(),
                            },
                        );
                        Ty::Unknown
                    }
                }
            }
            Prefix::Type(m, tname) => {
                let mname = self.module_name(m);
                let Some(td) = defs.type_def(m, &tname) else {
                    return Ty::Unknown;
                };
                if let Some(v) = td.variant(&name.name) {
                    self.info.res.insert(
                        id,
                        Res::Variant {
                            module: mname.clone(),
                            enum_name: tname.clone(),
                            variant: v.name.clone(),
                        },
                    );
                    let adt = adt_ty(&mname, td, exp);
                    return match &v.kind {
                        VariantKind::Unit => adt,
                        VariantKind::Tuple(ts) => Ty::Fn(ts.clone(), Box::new(adt)),
                        VariantKind::Struct(fs) => {
                            let fields = fs
                                .iter()
                                .map(|f| format!("{}: ..", f.name))
                                .collect::<Vec<_>>()
                                .join(", ");
                            self.errors.push(
                                Diagnostic::error(
                                    name.span,
                                    format!("`{tname}.{}` has named fields", v.name),
                                )
                                .label(if called {
                                    "cannot be called like a function"
                                } else {
                                    "fields missing"
                                })
                                .help(format!("write `{tname}.{} {{ {fields} }}`", v.name)),
                            );
                            adt
                        }
                    };
                }
                if let Some(f) = defs.method(m, &tname, &name.name) {
                    self.info.res.insert(
                        id,
                        Res::Method {
                            module: mname,
                            type_name: tname.clone(),
                            method: f.name.clone(),
                        },
                    );
                    return fn_ty(f);
                }
                let mut cands: Vec<&str> = defs
                    .methods
                    .get(&(m, tname.clone()))
                    .map(|t| t.keys().map(String::as_str).collect())
                    .unwrap_or_default();
                if let TypeDefKind::Enum(vs) = &td.kind {
                    cands.extend(vs.iter().map(|v| v.name.as_str()));
                }
                let what = if td.is_enum() {
                    "variant or associated function"
                } else {
                    "associated function"
                };
                let mut d = Diagnostic::error(
                    name.span,
                    format!("no {what} named `{}` in `{tname}`", name.name),
                )
                .label(format!("not found in `{tname}`"))
                .secondary(td.span, format!("`{tname}` is defined here"));
                if let Some(s) = suggest::nearest(&name.name, cands.into_iter()) {
                    d = d.help(format!("did you mean `{tname}.{s}`?"));
                }
                self.errors.push(d);
                Ty::Unknown
            }
            Prefix::TypeParam => Ty::Unknown,
        }
    }

    /// The type of `base.name` where `base` is a value of type `bt`.
    pub fn field_of(&mut self, bt: &Ty, name: &ast::Ident) -> Ty {
        // `shared T` and `local T`: the fields of the `T` they own (Rust auto-derefs).
        if let Ty::Shared(t) | Ty::Local(t) = bt.peel() {
            return self.field_of(&Ty::Ref(t.clone()), name);
        }
        let defs = self.defs;
        match bt.peel() {
            Ty::Adt {
                args, name: tname, ..
            } => {
                let Some(td) = defs.adt(bt) else {
                    return Ty::Unknown;
                };
                match &td.kind {
                    TypeDefKind::Struct(fields) => {
                        if let Some(f) = fields.iter().find(|f| f.name == name.name) {
                            return subst_generics(&f.ty, &td.generics, args);
                        }
                        let mut d = Diagnostic::error(
                            name.span,
                            format!("no field `{}` on `{tname}`", name.name),
                        )
                        .label("unknown field");
                        if defs.method(td.module, tname, &name.name).is_some() {
                            d = d.help(format!(
                                "`{}` is a method: call it with `{}()`",
                                name.name, name.name
                            ));
                        } else if let Some(s) =
                            suggest::nearest(&name.name, fields.iter().map(|f| f.name.as_str()))
                        {
                            d = d.help(format!("did you mean `{s}`?"));
                        } else {
                            let all = fields
                                .iter()
                                .map(|f| format!("`{}`", f.name))
                                .collect::<Vec<_>>()
                                .join(", ");
                            d = d.help(format!("fields are {all}"));
                        }
                        self.errors
                            .push(d.secondary(td.span, format!("`{tname}` is defined here")));
                        Ty::Unknown
                    }
                    TypeDefKind::Enum(_) => {
                        if defs.method(td.module, tname, &name.name).is_some() {
                            return Ty::Unknown;
                        }
                        self.errors.push(
                            Diagnostic::error(
                                name.span,
                                format!("no field `{}` on enum `{tname}`", name.name),
                            )
                            .label("enums have no fields")
                            .help("use `match` to get at the fields of a variant"),
                        );
                        Ty::Unknown
                    }
                }
            }
            Ty::Tuple(ts) => match name.name.parse::<usize>() {
                Ok(i) if i < ts.len() => ts[i].clone(),
                _ => {
                    self.errors.push(
                        Diagnostic::error(
                            name.span,
                            format!(
                                "no field `{}` on a tuple of {} elements",
                                name.name,
                                ts.len()
                            ),
                        )
                        .label("unknown field")
                        .help(format!(
                            "tuple fields are `.0` to `.{}`",
                            ts.len().saturating_sub(1)
                        )),
                    );
                    Ty::Unknown
                }
            },
            t @ (Ty::Int
            | Ty::Float
            | Ty::Bool
            | Ty::Char
            | Ty::Str
            | Ty::Sized(_)
            | Ty::List(_)
            | Ty::Map(..)
            | Ty::Set(_)
            | Ty::Option(_)
            | Ty::Result(..)) => {
                let mut d = Diagnostic::error(
                    name.span,
                    format!("no field `{}` on type `{}`", name.name, show(t)),
                )
                .label("unknown field");
                if builtins::method(t, &name.name).is_some() {
                    d = d.help(format!(
                        "`{}` is a method: call it with `{}()`",
                        name.name, name.name
                    ));
                }
                self.errors.push(d);
                Ty::Unknown
            }
            _ => Ty::Unknown,
        }
    }
}

/// The type of a function used as a value.
pub(crate) fn fn_ty(f: &super::defs::FnDef) -> Ty {
    Ty::Fn(
        f.params.iter().map(|p| p.ty.clone()).collect(),
        Box::new(f.ret.clone()),
    )
}

/// The type of a (possibly generic) user type, with its arguments taken from the expected type
/// when that is the same type.
pub(crate) fn adt_ty(module: &str, td: &TypeDef, exp: Option<&Ty>) -> Ty {
    let args = match exp.map(Ty::peel) {
        Some(Ty::Adt {
            module: m,
            name,
            args,
        }) if m == module && *name == td.name && args.len() == td.generics.len() => args.clone(),
        _ => vec![Ty::Unknown; td.generics.len()],
    };
    Ty::Adt {
        module: module.to_string(),
        name: td.name.clone(),
        args,
    }
}

/// Replace generic parameters `generics` by `args` in `t`.
pub(crate) fn subst_generics(t: &Ty, generics: &[String], args: &[Ty]) -> Ty {
    if generics.is_empty() {
        return t.clone();
    }
    let map: std::collections::HashMap<String, Ty> =
        generics.iter().cloned().zip(args.iter().cloned()).collect();
    super::infer::subst(t, &map)
}
