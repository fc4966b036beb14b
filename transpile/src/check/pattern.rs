//! Patterns: bindings with their types, variant and struct paths, field and arity checks.

use std::collections::HashMap;

use aurora_grammar::ast::{self, Pattern, PatternKind};
use aurora_grammar::{Diagnostic, Span};

use super::defs::{FieldDef, VariantKind};
use super::resolve::subst_generics;
use super::scope::Origin;
use super::suggest;
use super::types::plural;
use super::walk::Walker;
use super::{Res, Ty};

/// The type of a part of a value matched through a borrow: matching a `ref` value binds its
/// non-copyable parts by reference (Rust's default binding modes).
fn part(parent: &Ty, t: Ty) -> Ty {
    match parent {
        Ty::Ref(_) if !t.is_copy() && t != Ty::Unknown => Ty::Ref(Box::new(t)),
        Ty::Mut(_) if !t.is_copy() && t != Ty::Unknown => Ty::Mut(Box::new(t)),
        _ => t,
    }
}

impl Walker<'_> {
    /// Walk a pattern matched against a value of type `ty`. `bind` is false for the second and
    /// later alternatives of an or-pattern, whose names the first alternative already bound.
    pub fn pattern(
        &mut self,
        p: &Pattern,
        ty: &Ty,
        origin: Origin,
        mutable: bool,
        bind: bool,
        seen: &mut HashMap<String, Span>,
    ) {
        self.record(p.id, ty);
        match &p.kind {
            PatternKind::Wild | PatternKind::Lit { .. } => {}
            PatternKind::Bind { name, mutable: m } => {
                self.bind_name(p.id, name, ty, origin, mutable || *m, bind, seen);
            }
            PatternKind::Range { lo, hi, .. } => {
                self.pattern(lo, ty, origin, mutable, bind, seen);
                self.pattern(hi, ty, origin, mutable, bind, seen);
            }
            PatternKind::Tuple(ps) => {
                let parts: Vec<Ty> = match ty.peel() {
                    Ty::Tuple(ts) if ts.len() == ps.len() => {
                        ts.iter().map(|t| part(ty, t.clone())).collect()
                    }
                    Ty::Tuple(ts) => {
                        self.errors.push(
                            Diagnostic::error(
                                p.span,
                                format!(
                                    "this pattern has {} element{}, but the tuple has {}",
                                    ps.len(),
                                    plural(ps.len()),
                                    ts.len()
                                ),
                            )
                            .label(format!(
                                "expected {} element{}",
                                ts.len(),
                                plural(ts.len())
                            )),
                        );
                        vec![Ty::Unknown; ps.len()]
                    }
                    _ => vec![Ty::Unknown; ps.len()],
                };
                for (sp, t) in ps.iter().zip(parts) {
                    self.pattern(sp, &t, origin, mutable, bind, seen);
                }
            }
            PatternKind::Variant { path, args } => {
                self.variant_pattern(p, path, args.as_deref(), ty, origin, mutable, bind, seen)
            }
            PatternKind::Struct { path, fields, rest } => {
                self.struct_pattern(p, path, fields, *rest, ty, origin, mutable, bind, seen)
            }
            PatternKind::Or(alts) => {
                for (i, a) in alts.iter().enumerate() {
                    self.pattern(a, ty, origin, mutable, bind && i == 0, seen);
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn bind_name(
        &mut self,
        id: ast::NodeId,
        name: &ast::Ident,
        ty: &Ty,
        origin: Origin,
        mutable: bool,
        bind: bool,
        seen: &mut HashMap<String, Span>,
    ) {
        if !bind {
            self.info.locals.insert(id, ty.clone());
            return;
        }
        if name.name == "_" {
            return;
        }
        if let Some(first) = seen.insert(name.name.clone(), name.span) {
            self.errors.push(
                Diagnostic::error(
                    name.span,
                    format!(
                        "`{}` is bound more than once in the same pattern",
                        name.name
                    ),
                )
                .label("bound again here")
                .secondary(first, "first bound here")
                .help("use a different name, or `_` to ignore this part"),
            );
            return;
        }
        let origin = if mutable && origin == Origin::Let {
            Origin::Var
        } else {
            origin
        };
        self.add_binding(id, name, ty, origin, mutable);
    }

    #[allow(clippy::too_many_arguments)]
    fn variant_pattern(
        &mut self,
        p: &Pattern,
        path: &[ast::Ident],
        args: Option<&[Pattern]>,
        ty: &Ty,
        origin: Origin,
        mutable: bool,
        bind: bool,
        seen: &mut HashMap<String, Span>,
    ) {
        let sub = |w: &mut Self, parts: Vec<Ty>, seen: &mut HashMap<String, Span>| {
            for (i, sp) in args.unwrap_or(&[]).iter().enumerate() {
                let t = parts.get(i).cloned().unwrap_or(Ty::Unknown);
                w.pattern(sp, &t, origin, mutable, bind, seen);
            }
        };
        if let [single] = path {
            let n = single.name.as_str();
            let inner = match (n, ty.peel()) {
                ("some", Ty::Option(t)) | ("ok", Ty::Result(t, _)) | ("err", Ty::Result(_, t)) => {
                    Some(part(ty, (**t).clone()))
                }
                ("some" | "ok" | "err", _) => Some(Ty::Unknown),
                _ => None,
            };
            if let Some(inner) = inner {
                self.info.res.insert(p.id, Res::Builtin(n.to_string()));
                if args.map(<[Pattern]>::len) != Some(1) {
                    self.errors.push(
                        Diagnostic::error(p.span, format!("`{n}` takes exactly one pattern"))
                            .label("wrong number of fields")
                            .help(format!("write `{n}(x)` or `{n}(_)`")),
                    );
                }
                sub(self, vec![inner], seen);
                return;
            }
        }
        let Some((m, td, variant)) = self.resolve_type_path(path, true) else {
            sub(self, Vec::new(), seen);
            return;
        };
        let shown = path
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>()
            .join(".");
        let Some(v) = variant else {
            self.errors.push(
                Diagnostic::error(p.span, format!("`{shown}` is a type, not an enum variant"))
                    .label("expected a variant")
                    .help(if td.is_enum() {
                        format!("name a variant: `{shown}.Variant`")
                    } else {
                        format!("match a struct with `{shown} {{ field, .. }}`")
                    }),
            );
            sub(self, Vec::new(), seen);
            return;
        };
        self.info.res.insert(
            p.id,
            Res::Variant {
                module: self.module_name(m),
                enum_name: td.name.clone(),
                variant: v.name.clone(),
            },
        );
        let targs = match ty.peel() {
            Ty::Adt { name, args, .. } if *name == td.name => args.clone(),
            _ => vec![Ty::Unknown; td.generics.len()],
        };
        match (&v.kind, args) {
            (VariantKind::Unit, None) => {}
            (VariantKind::Unit, Some(_)) => {
                self.errors.push(
                    Diagnostic::error(p.span, format!("`{shown}` has no fields"))
                        .label("unexpected fields")
                        .secondary(v.span, "variant declared here")
                        .help(format!("write `{shown}`")),
                );
                sub(self, Vec::new(), seen);
            }
            (VariantKind::Tuple(fs), None) => {
                let blanks = vec!["_"; fs.len()].join(", ");
                self.errors.push(
                    Diagnostic::error(
                        p.span,
                        format!("`{shown}` has {} field{}", fs.len(), plural(fs.len())),
                    )
                    .label("fields missing from the pattern")
                    .secondary(v.span, "variant declared here")
                    .help(format!("write `{shown}({blanks})`")),
                );
            }
            (VariantKind::Tuple(fs), Some(ps)) => {
                if fs.len() != ps.len() {
                    self.errors.push(
                        Diagnostic::error(
                            p.span,
                            format!(
                                "this pattern has {} field{}, but the variant `{shown}` has {}",
                                ps.len(),
                                plural(ps.len()),
                                fs.len()
                            ),
                        )
                        .label(format!("expected {} field{}", fs.len(), plural(fs.len())))
                        .secondary(v.span, "variant declared here"),
                    );
                }
                let parts = fs
                    .iter()
                    .map(|f| part(ty, subst_generics(f, &td.generics, &targs)))
                    .collect();
                sub(self, parts, seen);
            }
            (VariantKind::Struct(fs), _) => {
                let names = fs
                    .iter()
                    .map(|f| f.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
                self.errors.push(
                    Diagnostic::error(p.span, format!("`{shown}` has named fields"))
                        .label("match it with `{ .. }`")
                        .secondary(v.span, "variant declared here")
                        .help(format!("write `{shown} {{ {names} }}`")),
                );
                sub(self, Vec::new(), seen);
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn struct_pattern(
        &mut self,
        p: &Pattern,
        path: &[ast::Ident],
        fields: &[ast::FieldPat],
        rest: bool,
        ty: &Ty,
        origin: Origin,
        mutable: bool,
        bind: bool,
        seen: &mut HashMap<String, Span>,
    ) {
        let resolved = self.resolve_type_path(path, true);
        let shown = path
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>()
            .join(".");
        let (defs_fields, generics): (Option<&Vec<FieldDef>>, Vec<String>) = match resolved {
            Some((m, td, None)) => match &td.kind {
                super::defs::TypeDefKind::Struct(fs) => {
                    self.info.res.insert(
                        p.id,
                        Res::Type {
                            module: self.module_name(m),
                            name: td.name.clone(),
                        },
                    );
                    (Some(fs), td.generics.clone())
                }
                super::defs::TypeDefKind::Enum(_) => {
                    self.errors.push(
                        Diagnostic::error(p.span, format!("`{shown}` is an enum, not a struct"))
                            .label("expected a struct or a variant")
                            .help(format!(
                                "match one of its variants: `{shown}.Variant {{ .. }}`"
                            )),
                    );
                    (None, Vec::new())
                }
            },
            Some((m, td, Some(v))) => {
                self.info.res.insert(
                    p.id,
                    Res::Variant {
                        module: self.module_name(m),
                        enum_name: td.name.clone(),
                        variant: v.name.clone(),
                    },
                );
                match &v.kind {
                    VariantKind::Struct(fs) => (Some(fs), td.generics.clone()),
                    _ => {
                        self.errors.push(
                            Diagnostic::error(p.span, format!("`{shown}` has no named fields"))
                                .label("not a struct-like variant")
                                .secondary(v.span, "variant declared here")
                                .help(if matches!(v.kind, VariantKind::Unit) {
                                    format!("write `{shown}`")
                                } else {
                                    format!("write `{shown}(..)`")
                                }),
                        );
                        (None, Vec::new())
                    }
                }
            }
            None => (None, Vec::new()),
        };
        let targs: Vec<Ty> = match ty.peel() {
            Ty::Adt { args, .. } if args.len() == generics.len() => args.clone(),
            _ => vec![Ty::Unknown; generics.len()],
        };
        let mut mentioned: Vec<&str> = Vec::new();
        for f in fields {
            mentioned.push(&f.name.name);
            let fty = match defs_fields {
                Some(fs) => match fs.iter().find(|d| d.name == f.name.name) {
                    Some(d) => part(ty, subst_generics(&d.ty, &generics, &targs)),
                    None => {
                        let mut d = Diagnostic::error(
                            f.name.span,
                            format!("`{shown}` has no field named `{}`", f.name.name),
                        )
                        .label("unknown field");
                        if let Some(s) =
                            suggest::nearest(&f.name.name, fs.iter().map(|d| d.name.as_str()))
                        {
                            d = d.help(format!("did you mean `{s}`?"));
                        }
                        self.errors.push(d);
                        Ty::Unknown
                    }
                },
                None => Ty::Unknown,
            };
            match &f.pat {
                Some(sp) => self.pattern(sp, &fty, origin, mutable, bind, seen),
                None => {
                    let id = self.synth_id();
                    self.bind_name(id, &f.name, &fty, origin, mutable, bind, seen);
                }
            }
        }
        if let Some(fs) = defs_fields {
            let missing: Vec<&str> = fs
                .iter()
                .map(|d| d.name.as_str())
                .filter(|n| !mentioned.contains(n))
                .collect();
            if !rest && !missing.is_empty() {
                let list = missing
                    .iter()
                    .map(|m| format!("`{m}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                self.errors.push(
                    Diagnostic::error(
                        p.span,
                        format!(
                            "pattern does not mention field{} {list}",
                            plural(missing.len())
                        ),
                    )
                    .label(format!("missing {list}"))
                    .help("add the missing fields, or `..` to ignore them"),
                );
            }
        }
    }
}
