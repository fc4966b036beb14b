//! Calls of functions, methods, variants and built-ins (argument counts, names and `ref`/`mut`
//! modes), and struct literals.

use std::collections::HashMap;

use aurora_grammar::ast::{self, Arg, Expr, ExprKind, Mode};
use aurora_grammar::{Diagnostic, Span};

use super::defs::{FnDef, ItemDef, TypeDef, TypeDefKind, VariantDef, VariantKind};
use super::infer::{subst, subst_partial, unify};
use super::place::Access;
use super::resolve::{adt_ty, Prefix};
use super::suggest;
use super::types::{plural, were, Pos};
use super::walk::Walker;
use super::{Res, Ty};
use crate::builtins;

fn mode_word(m: Mode) -> &'static str {
    match m {
        Mode::Own => "own",
        Mode::Ref => "ref",
        Mode::Mut => "mut",
    }
}

impl<'a> Walker<'a> {
    pub fn call(
        &mut self,
        e: &Expr,
        callee: &Expr,
        generics: &[ast::Type],
        args: &[Arg],
        exp: Option<&Ty>,
    ) -> Ty {
        if let ExprKind::Cancel | ExprKind::Yield = callee.kind {
            let word = if matches!(callee.kind, ExprKind::Cancel) {
                "cancel"
            } else {
                "yield"
            };
            self.errors.push(
                Diagnostic::error(e.span, format!("`{word}` takes no arguments"))
                    .label(format!("`{word}` is a statement, not a function"))
                    .help(format!("write `{word}` on its own")),
            );
        }
        let targs: Vec<Ty> = generics.iter().map(|g| self.ty(g, Pos::Other)).collect();
        let ct = self.expr(callee, None);
        let res = self.info.res.get(&callee.id).cloned();
        if matches!(&res, Some(Res::Builtin(n)) if n == "channel") {
            return self.channel_call(e, &targs, args);
        }
        self.call_resolved(e, callee.span, res, ct, targs, args, exp)
    }

    /// A call whose callee resolved to `res` (with type `ct` when it is a value).
    #[allow(clippy::too_many_arguments)]
    fn call_resolved(
        &mut self,
        e: &Expr,
        callee_span: Span,
        res: Option<Res>,
        ct: Ty,
        targs: Vec<Ty>,
        args: &[Arg],
        exp: Option<&Ty>,
    ) -> Ty {
        let defs = self.defs;
        match res {
            Some(Res::Fn { module, name }) => {
                let def = defs
                    .module_index(&module)
                    .and_then(|m| match defs.member(m, &name) {
                        Some(ItemDef::Fn(f)) => Some(f),
                        _ => None,
                    });
                match def {
                    Some(def) => {
                        self.call_fn(e, def, &targs, args, exp, None, &format!("`{name}`"))
                    }
                    None => self.args_unchecked(args),
                }
            }
            Some(Res::Method {
                module,
                type_name,
                method,
            }) => {
                let def = defs
                    .module_index(&module)
                    .and_then(|m| defs.method(m, &type_name, &method));
                match def {
                    Some(def) if def.self_mode.is_some() => {
                        // `Point.norm(p)`: the receiver is passed as the first argument.
                        self.args_unchecked(args);
                        if def.generics.is_empty() {
                            def.ret.clone()
                        } else {
                            Ty::Unknown
                        }
                    }
                    Some(def) => self.call_fn(
                        e,
                        def,
                        &targs,
                        args,
                        exp,
                        None,
                        &format!("`{type_name}.{method}`"),
                    ),
                    None => self.args_unchecked(args),
                }
            }
            Some(Res::Variant {
                module,
                enum_name,
                variant,
            }) => {
                let td = defs
                    .module_index(&module)
                    .and_then(|m| defs.type_def(m, &enum_name));
                match td {
                    Some(td) => match td.variant(&variant) {
                        Some(v) => self.call_variant(e, &module, td, v, args, exp),
                        None => self.args_unchecked(args),
                    },
                    None => self.args_unchecked(args),
                }
            }
            Some(Res::Builtin(name)) if super::sync::CONSTRUCTORS.contains(&name.as_str()) => {
                self.sync_ctor(e, &name, &targs, args, exp)
            }
            Some(Res::Builtin(name)) => self.call_builtin(e, &name, args, exp),
            Some(Res::Type { name, .. }) => {
                self.errors.push(
                    Diagnostic::error(callee_span, format!("`{name}` is a type, not a function"))
                        .label("cannot be called")
                        .help(format!("build a value with `{name} {{ field: value, .. }}`, or call an associated function: `{name}.new(..)`")),
                );
                self.args_unchecked(args)
            }
            _ => match ct.peel().clone() {
                Ty::Fn(ps, r) => {
                    if ps.len() != args.len() {
                        self.errors.push(
                            Diagnostic::error(
                                e.span,
                                format!(
                                    "this function takes {} argument{} but {} {} given",
                                    ps.len(),
                                    plural(ps.len()),
                                    args.len(),
                                    were(args.len())
                                ),
                            )
                            .label(format!(
                                "expected {} argument{}",
                                ps.len(),
                                plural(ps.len())
                            )),
                        );
                    }
                    for (i, a) in args.iter().enumerate() {
                        let want = ps.get(i).map(|t| t.peel().clone());
                        self.arg_value(a, want.as_ref());
                    }
                    *r
                }
                _ => self.args_unchecked(args),
            },
        }
    }

    fn arg_value(&mut self, a: &Arg, want: Option<&Ty>) -> Ty {
        let t = self.expr(&a.value, want);
        if a.mode == Mode::Mut {
            self.mutate(&a.value, Access::Borrow);
        }
        t
    }

    pub(crate) fn args_unchecked_pub(&mut self, args: &[Arg]) -> Ty {
        self.args_unchecked(args)
    }

    fn args_unchecked(&mut self, args: &[Arg]) -> Ty {
        for a in args {
            self.arg_value(a, None);
        }
        Ty::Unknown
    }

    /// `what` names the callee as the message shows it (`` `add` ``, `` `Point.new` ``).
    fn arity_error(
        &mut self,
        e: &Expr,
        what: &str,
        want: usize,
        got: usize,
        def: Option<(Span, String)>,
    ) {
        let mut d = Diagnostic::error(
            e.span,
            format!(
                "{what} takes {want} argument{} but {got} {} given",
                plural(want),
                were(got)
            ),
        )
        .label(format!("expected {want} argument{}", plural(want)));
        if let Some((span, name)) = def {
            d = d.secondary(span, format!("`{name}` defined here"));
        }
        self.errors.push(d);
    }

    /// A call of a user function or method `def`. `recv` is the receiver's type for methods,
    /// whose type arguments fix the `impl`'s generics.
    #[allow(clippy::too_many_arguments)]
    pub fn call_fn(
        &mut self,
        e: &Expr,
        def: &'a FnDef,
        targs: &[Ty],
        args: &[Arg],
        exp: Option<&Ty>,
        recv: Option<&Ty>,
        what: &str,
    ) -> Ty {
        if args.len() != def.params.len() {
            self.arity_error(
                e,
                what,
                def.params.len(),
                args.len(),
                Some((def.span, def.name.clone())),
            );
        }
        let mut map: HashMap<String, Ty> = HashMap::new();
        if let Some(Ty::Adt { args: rargs, .. }) = recv.map(Ty::peel) {
            for (g, t) in def.generics.iter().zip(rargs) {
                if *t != Ty::Unknown {
                    map.insert(g.clone(), t.clone());
                }
            }
        }
        if !targs.is_empty() {
            let own = def.generics.len().saturating_sub(targs.len());
            for (g, t) in def.generics[own..].iter().zip(targs) {
                map.insert(g.clone(), t.clone());
            }
        }
        if let Some(x) = exp {
            unify(&def.ret, x, &def.generics, &mut map);
        }
        for (i, a) in args.iter().enumerate() {
            let Some(p) = def.params.get(i) else {
                self.arg_value(a, None);
                continue;
            };
            if let Some(n) = &a.name {
                if n.name != p.name {
                    let mut d = Diagnostic::error(
                        n.span,
                        format!(
                            "`{}` has no parameter named `{}` in this position",
                            def.name, n.name
                        ),
                    )
                    .label(format!("parameter {} is `{}`", i + 1, p.name))
                    .secondary(p.span, "declared here");
                    d = match def.params.iter().position(|q| q.name == n.name) {
                        Some(j) => d.help(format!(
                            "arguments are passed in order: `{}` is parameter {}",
                            n.name,
                            j + 1
                        )),
                        None => d.help(format!("write `{}: ..`", p.name)),
                    };
                    self.errors.push(d);
                }
            }
            // A temporary (literal, call result, arithmetic) has no owner that could be
            // surprised by a borrow, so `ref` is written only for places: `greet("Ada")`.
            let borrowed_temporary =
                p.mode == Mode::Ref && a.mode == Mode::Own && !super::place::is_place(&a.value);
            if a.mode != p.mode && !borrowed_temporary {
                self.mode_error(e, def, p.name.as_str(), p.mode, a);
            }
            let want = subst_partial(p.ty.peel(), &map);
            let want = (!matches!(want, Ty::Param(_))).then_some(want);
            let t = self.arg_value(a, want.as_ref());
            unify(&p.ty, &t, &def.generics, &mut map);
        }
        subst(&def.ret, &map)
    }

    fn mode_error(&mut self, call: &Expr, def: &FnDef, pname: &str, want: Mode, a: &Arg) {
        let text = self.text(a.value.span);
        let fixed = if want == Mode::Own {
            text.clone()
        } else {
            format!("{} {text}", mode_word(want))
        };
        // Show the whole call with the argument fixed, when it fits on a line.
        let call_text = self.text(call.span);
        let fixed_call = match (
            a.span.start.checked_sub(call.span.start),
            a.span.end.checked_sub(call.span.start),
        ) {
            (Some(s), Some(t)) if call_text.len() <= 80 && !call_text.contains('\n') => call_text
                .get(..s as usize)
                .zip(call_text.get(t as usize..))
                .map(|(x, y)| format!("{x}{fixed}{y}")),
            _ => None,
        };
        let fix = format!("write `{}`", fixed_call.unwrap_or(fixed));
        let (msg, help) = match want {
            Mode::Own => (
                format!(
                    "`{}` takes `{pname}` by value, not by `{}`",
                    def.name,
                    mode_word(a.mode)
                ),
                format!("{fix} (or pass `{text}.clone()` to keep a copy)"),
            ),
            Mode::Ref => (
                format!(
                    "`{}` takes `{pname}` by `ref`: the call must say so",
                    def.name
                ),
                fix,
            ),
            Mode::Mut => (
                format!(
                    "`{}` takes `{pname}` as `mut`: the call must say so",
                    def.name
                ),
                fix,
            ),
        };
        self.errors.push(
            Diagnostic::error(a.span, msg)
                .label(format!("expected `{}` here", mode_word(want)))
                .help(help),
        );
    }

    fn call_builtin(&mut self, e: &Expr, name: &str, args: &[Arg], exp: Option<&Ty>) -> Ty {
        let Some(b) = builtins::function(name) else {
            return self.args_unchecked(args);
        };
        if args.len() < b.min_args || args.len() > b.max_args {
            let want = if args.len() < b.min_args {
                b.min_args
            } else {
                b.max_args
            };
            let mut d = Diagnostic::error(
                e.span,
                format!(
                    "`{name}` takes {} but {} {} given",
                    count_words(b.min_args, b.max_args),
                    args.len(),
                    were(args.len())
                ),
            )
            .label(format!("expected {want} argument{}", plural(want)));
            d = d.note(format!("signature: {}", b.signature));
            self.errors.push(d);
        }
        let mut tys: Vec<Ty> = Vec::new();
        for (i, a) in args.iter().enumerate() {
            let want = match (name, i, exp) {
                ("some", 0, Some(Ty::Option(t))) => Some((**t).clone()),
                ("ok", 0, Some(Ty::Result(t, _))) => Some((**t).clone()),
                ("err", 0, Some(Ty::Result(_, t))) => Some((**t).clone()),
                ("assert", 0, _) => Some(Ty::Bool),
                ("assert_eq", 1, _) => tys.first().map(|t| t.peel().clone()),
                _ => None,
            };
            let want = want.filter(|t| *t != Ty::Unknown);
            let want = if name == "sleep" {
                Some(Ty::Duration)
            } else {
                want
            };
            let t = self.arg_value(a, want.as_ref());
            if name == "assert" && i == 0 {
                self.expect_bool(a.value.span, &t, "the condition of `assert`");
            }
            if name == "sleep"
                && i == 0
                && !matches!(t.peel(), Ty::Duration | Ty::Unknown | Ty::Never)
            {
                self.errors.push(
                    Diagnostic::error(
                        a.value.span,
                        format!(
                            "`sleep` needs a `duration`, found `{}`",
                            super::types::show(t.peel())
                        ),
                    )
                    .label("not a duration")
                    .help("write the time with its unit: `sleep(10ms)`, `sleep(2s)`"),
                );
            }
            tys.push(t);
        }
        builtins::function_result(name, &tys, exp)
    }

    fn call_variant(
        &mut self,
        e: &Expr,
        module: &str,
        td: &TypeDef,
        v: &VariantDef,
        args: &[Arg],
        exp: Option<&Ty>,
    ) -> Ty {
        let enum_name = &td.name;
        let adt = adt_ty(module, td, exp);
        let Ty::Adt { args: targs, .. } = &adt else {
            return adt;
        };
        let mut map: HashMap<String, Ty> = td
            .generics
            .iter()
            .cloned()
            .zip(targs.iter().cloned())
            .filter(|(_, t)| *t != Ty::Unknown)
            .collect();
        match &v.kind {
            VariantKind::Tuple(fields) => {
                if fields.len() != args.len() {
                    let mut d = Diagnostic::error(
                        e.span,
                        format!(
                            "`{enum_name}.{}` takes {} field{} but {} {} given",
                            v.name,
                            fields.len(),
                            plural(fields.len()),
                            args.len(),
                            were(args.len())
                        ),
                    )
                    .label(format!(
                        "expected {} field{}",
                        fields.len(),
                        plural(fields.len())
                    ));
                    d = d.secondary(v.span, "variant declared here");
                    self.errors.push(d);
                }
                for (i, a) in args.iter().enumerate() {
                    if a.mode != Mode::Own {
                        self.errors.push(
                            Diagnostic::error(
                                a.span,
                                format!(
                                    "`{enum_name}.{}` takes its fields by value, not by `{}`",
                                    v.name,
                                    mode_word(a.mode)
                                ),
                            )
                            .label("a variant owns its fields")
                            .help(format!("write `{}`", self.text(a.value.span))),
                        );
                    }
                    let want = fields
                        .get(i)
                        .map(|f| subst_partial(f, &map))
                        .filter(|t| !matches!(t, Ty::Param(_)));
                    let t = self.arg_value(a, want.as_ref());
                    if let Some(f) = fields.get(i) {
                        unify(f, &t, &td.generics, &mut map);
                    }
                }
            }
            VariantKind::Unit => {
                self.errors.push(
                    Diagnostic::error(e.span, format!("`{enum_name}.{}` has no fields", v.name))
                        .label("cannot be called")
                        .secondary(v.span, "variant declared here")
                        .help(format!(
                            "write `{enum_name}.{}` without parentheses",
                            v.name
                        )),
                );
                self.args_unchecked(args);
            }
            // Reported when the path was resolved.
            VariantKind::Struct(_) => {
                self.args_unchecked(args);
            }
        }
        Ty::Adt {
            module: module.to_string(),
            name: enum_name.clone(),
            args: td
                .generics
                .iter()
                .map(|g| map.get(g).cloned().unwrap_or(Ty::Unknown))
                .collect(),
        }
    }

    pub fn method_call(
        &mut self,
        e: &Expr,
        receiver: &Expr,
        method: &ast::Ident,
        generics: &[ast::Type],
        args: &[Arg],
        exp: Option<&Ty>,
    ) -> Ty {
        let targs: Vec<Ty> = generics.iter().map(|g| self.ty(g, Pos::Other)).collect();
        if let Some(p) = self.prefix(receiver) {
            if matches!(p, Prefix::TypeParam) {
                return self.args_unchecked(args);
            }
            let ct = self.path_member(e.id, p, method, true, exp);
            let res = self.info.res.get(&e.id).cloned();
            return self.call_resolved(e, method.span, res, ct, targs, args, exp);
        }
        let rt = self.expr(receiver, None);
        // `NAME.get()` reads a task-local, as `NAME` alone does.
        if method.name == "get"
            && args.is_empty()
            && generics.is_empty()
            && matches!(self.info.res(receiver.id), Some(Res::TaskLocal { .. }))
        {
            return rt;
        }
        if let Some(inner) = super::sync::atomic_of(&rt) {
            let inner = inner.clone();
            return self.atomic_method(e, &inner, method, args);
        }
        // `shared T` and `local T` give shared access to their `T`: its reading methods.
        let rt = match rt.peel() {
            Ty::Shared(_) | Ty::Local(_) if method.name == "clone" => {
                self.args_unchecked(args);
                return rt.peel().clone();
            }
            Ty::Shared(t) | Ty::Local(t) => {
                let t = (**t).clone();
                if let Some(m) = builtins::method(&t, &method.name) {
                    if m.receiver == Mode::Mut {
                        self.shared_mutation(receiver, &rt, &method.name);
                        return self.args_unchecked(args);
                    }
                }
                Ty::Ref(Box::new(t))
            }
            _ => rt,
        };
        let defs = self.defs;
        if let Some(td) = defs.adt(&rt) {
            if let Some(def) = defs.method(td.module, &td.name, &method.name) {
                self.info.res.insert(
                    e.id,
                    Res::Method {
                        module: self.module_name(td.module),
                        type_name: td.name.clone(),
                        method: def.name.clone(),
                    },
                );
                match def.self_mode {
                    None => {
                        self.errors.push(
                            Diagnostic::error(
                                method.span,
                                format!(
                                    "`{}` is an associated function, not a method",
                                    method.name
                                ),
                            )
                            .label("has no `self` parameter")
                            .secondary(def.span, "defined here")
                            .help(format!(
                                "call it on the type: `{}.{}(..)`",
                                td.name, method.name
                            )),
                        );
                    }
                    Some(Mode::Mut) => self.mutate(receiver, Access::Method(&method.name)),
                    Some(_) => {}
                }
                return self.call_fn(
                    e,
                    def,
                    &targs,
                    args,
                    exp,
                    Some(&rt),
                    &format!("`{}.{}`", td.name, def.name),
                );
            }
            if method.name == "clone" {
                self.args_unchecked(args);
                return rt.peel().clone();
            }
            let cands: Vec<&str> = defs
                .methods
                .get(&(td.module, td.name.clone()))
                .map(|t| t.keys().map(String::as_str).collect())
                .unwrap_or_default();
            let mut d = Diagnostic::error(
                method.span,
                format!("no method named `{}` on type `{}`", method.name, td.name),
            )
            .label("method not found")
            .secondary(td.span, format!("`{}` is defined here", td.name));
            d = match suggest::nearest(&method.name, cands.into_iter()) {
                Some(s) => d.help(format!("did you mean `{s}`?")),
                None => d.help(format!("add it in an `impl {} {{ .. }}` block", td.name)),
            };
            self.errors.push(d);
            return self.args_unchecked(args);
        }
        let Some(m) = builtins::method(&rt, &method.name) else {
            if builtins::may_mutate(&method.name) {
                self.maybe_mutated(receiver);
            }
            return self.args_unchecked(args);
        };
        let (min, max) = (m.params.len() - m.optional, m.params.len());
        if args.len() < min || args.len() > max {
            let want = if args.len() < min { min } else { max };
            self.arity_error(e, &format!("`{}`", method.name), want, args.len(), None);
        }
        if m.receiver == Mode::Mut {
            self.mutate(receiver, Access::Method(&method.name));
        }
        let closure_param = match rt.peel() {
            Ty::List(t) | Ty::Set(t) if !t.is_copy() && **t != Ty::Unknown => Ty::Ref(t.clone()),
            Ty::List(t) | Ty::Set(t) | Ty::Option(t) => (**t).clone(),
            _ => Ty::Unknown,
        };
        if m.recv == builtins::Recv::Receiver && m.name == "recv" {
            if let Some(a) = args.first() {
                self.recv_timeout_arg(a);
                return builtins::result_type(m, &rt, None);
            }
        }
        let mut closure_ret = None;
        for (i, a) in args.iter().enumerate() {
            let want = match (&a.value.kind, m.params.get(i)) {
                (ExprKind::Closure { params, .. }, Some(builtins::P::Any)) if params.len() == 1 => {
                    Some(Ty::Fn(vec![closure_param.clone()], Box::new(Ty::Unknown)))
                }
                (_, Some(p)) => builtins::param_type(&rt, *p),
                _ => None,
            };
            let t = self.arg_value(a, want.as_ref());
            if let Ty::Fn(_, r) = t {
                closure_ret = Some(*r);
            }
        }
        builtins::result_type(m, &rt, closure_ret.as_ref())
    }

    /// `Point { x: 1.0, y }`, `Shape.Rect { w: 1.0, h: 2.0 }`.
    pub fn struct_lit(
        &mut self,
        e: &Expr,
        path: &[ast::Ident],
        fields: &[ast::FieldInit],
        exp: Option<&Ty>,
    ) -> Ty {
        let Some((m, td, variant)) = self.resolve_type_path(path, true) else {
            for f in fields {
                match &f.value {
                    Some(v) => {
                        self.expr(v, None);
                    }
                    None => self.shorthand_use(&f.name),
                }
            }
            return Ty::Unknown;
        };
        let mname = self.module_name(m);
        let shown = path
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>()
            .join(".");
        let defs_fields = match (variant, &td.kind) {
            (None, TypeDefKind::Struct(fs)) => {
                self.info.res.insert(
                    e.id,
                    Res::Type {
                        module: mname.clone(),
                        name: td.name.clone(),
                    },
                );
                fs
            }
            (Some(v), _) => {
                self.info.res.insert(
                    e.id,
                    Res::Variant {
                        module: mname.clone(),
                        enum_name: td.name.clone(),
                        variant: v.name.clone(),
                    },
                );
                match &v.kind {
                    VariantKind::Struct(fs) => fs,
                    _ => {
                        let how = if matches!(v.kind, VariantKind::Unit) {
                            shown.clone()
                        } else {
                            format!("{shown}(..)")
                        };
                        self.errors.push(
                            Diagnostic::error(e.span, format!("`{shown}` has no named fields"))
                                .label("not a struct-like variant")
                                .secondary(v.span, "variant declared here")
                                .help(format!("write `{how}`")),
                        );
                        return self.struct_lit_unchecked(fields, adt_ty(&mname, td, exp));
                    }
                }
            }
            (None, TypeDefKind::Enum(_)) => {
                self.errors.push(
                    Diagnostic::error(e.span, format!("`{shown}` is an enum, not a struct"))
                        .label("cannot build an enum with `{ .. }`")
                        .help(format!("build one of its variants: `{shown}.Variant {{ .. }}` or `{shown}.Variant(..)`")),
                );
                return self.struct_lit_unchecked(fields, Ty::Unknown);
            }
        };
        let adt = adt_ty(&mname, td, exp);
        let Ty::Adt { args: targs, .. } = &adt else {
            return adt;
        };
        let mut map: HashMap<String, Ty> = td
            .generics
            .iter()
            .cloned()
            .zip(targs.iter().cloned())
            .filter(|(_, t)| *t != Ty::Unknown)
            .collect();
        let mut given: HashMap<&str, Span> = HashMap::new();
        for f in fields {
            if let Some(first) = given.insert(&f.name.name, f.name.span) {
                self.errors.push(
                    Diagnostic::error(
                        f.name.span,
                        format!("field `{}` is given twice", f.name.name),
                    )
                    .label("second value")
                    .secondary(first, "first value here")
                    .help("remove one of them"),
                );
            }
            let def = defs_fields.iter().find(|d| d.name == f.name.name);
            if def.is_none() {
                let mut d = Diagnostic::error(
                    f.name.span,
                    format!("no field `{}` on `{shown}`", f.name.name),
                )
                .label("unknown field");
                d = match suggest::nearest(
                    &f.name.name,
                    defs_fields.iter().map(|d| d.name.as_str()),
                ) {
                    Some(s) => d.help(format!("did you mean `{s}`?")),
                    None => d.help(format!(
                        "fields are {}",
                        defs_fields
                            .iter()
                            .map(|d| format!("`{}`", d.name))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                };
                self.errors.push(d);
            }
            let want = def
                .map(|d| subst_partial(&d.ty, &map))
                .filter(|t| !matches!(t, Ty::Param(_)));
            let t = match &f.value {
                Some(v) => self.expr(v, want.as_ref()),
                None => {
                    self.shorthand_use(&f.name);
                    self.scopes
                        .lookup(&f.name.name)
                        .and_then(|i| self.scopes.get(i))
                        .map(|b| b.ty.clone())
                        .unwrap_or(Ty::Unknown)
                }
            };
            if let Some(d) = def {
                unify(&d.ty, &t, &td.generics, &mut map);
            }
        }
        let missing: Vec<&str> = defs_fields
            .iter()
            .filter(|d| !given.contains_key(d.name.as_str()))
            .map(|d| d.name.as_str())
            .collect();
        if !missing.is_empty() {
            let list = missing
                .iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let s = plural(missing.len());
            self.errors.push(
                Diagnostic::error(
                    e.span,
                    format!("missing field{s} {list} in the struct literal of `{shown}`"),
                )
                .label(format!("missing {list}"))
                .help(format!(
                    "add {}",
                    missing
                        .iter()
                        .map(|m| format!("`{m}: ..`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
        }
        Ty::Adt {
            module: mname,
            name: td.name.clone(),
            args: td
                .generics
                .iter()
                .map(|g| map.get(g).cloned().unwrap_or(Ty::Unknown))
                .collect(),
        }
    }

    fn struct_lit_unchecked(&mut self, fields: &[ast::FieldInit], ty: Ty) -> Ty {
        for f in fields {
            match &f.value {
                Some(v) => {
                    self.expr(v, None);
                }
                None => self.shorthand_use(&f.name),
            }
        }
        ty
    }

    /// `Point { x }`: the shorthand uses the variable `x`.
    fn shorthand_use(&mut self, name: &ast::Ident) {
        match self.scopes.lookup(&name.name) {
            Some(i) => {
                if let Some(b) = self.scopes.get_mut(i) {
                    b.used = true;
                }
            }
            None => {
                let is_const = matches!(
                    self.defs.lookup(self.module, &name.name),
                    Some(super::defs::Found::Item(_, ItemDef::Const(_)))
                );
                if !is_const {
                    self.undefined(name);
                }
            }
        }
    }

    /// Resolve the path of a struct literal or pattern: `Point`, `Self`, `Shape.Rect`,
    /// `geometry.Point`, `geometry.Shape.Rect`. Reports what it cannot resolve when `report`.
    pub fn resolve_type_path(
        &mut self,
        path: &[ast::Ident],
        report: bool,
    ) -> Option<(usize, &'a TypeDef, Option<&'a VariantDef>)> {
        let defs = self.defs;
        let first = path.first()?;
        let mut i = 1;
        let (m, td): (usize, &'a TypeDef) = if first.name == "Self" {
            match &self.self_ty {
                Some(Ty::Adt { module, name, .. }) => {
                    let m = defs.module_index(module)?;
                    (m, defs.type_def(m, name)?)
                }
                _ => {
                    if report {
                        self.errors.push(
                            Diagnostic::error(
                                first.span,
                                "`Self` is only available inside an `impl` block",
                            )
                            .label("outside an `impl`")
                            .help("name the type instead"),
                        );
                    }
                    return None;
                }
            }
        } else {
            match defs.lookup(self.module, &first.name) {
                Some(super::defs::Found::Item(m, ItemDef::Type(td))) => (m, td),
                Some(super::defs::Found::Module(mm)) => {
                    let Some(seg) = path.get(1) else {
                        if report {
                            self.errors.push(
                                Diagnostic::error(
                                    first.span,
                                    format!("`{}` is a module, not a type", first.name),
                                )
                                .label("expected a struct or enum"),
                            );
                        }
                        return None;
                    };
                    i = 2;
                    match defs.member(mm, &seg.name) {
                        Some(ItemDef::Type(td)) => {
                            if !td.public && mm != self.module && report {
                                self.errors.push(super::defs::private_item(
                                    seg.span,
                                    &seg.name,
                                    &defs.modules[mm].name,
                                    td.span,
                                ));
                            }
                            (mm, td)
                        }
                        _ => {
                            if report {
                                self.errors.push(
                                    Diagnostic::error(
                                        seg.span,
                                        format!(
                                            "cannot find type `{}` in module `{}`",
                                            seg.name, first.name
                                        ),
                                    )
                                    .label("unknown type"),
                                );
                            }
                            return None;
                        }
                    }
                }
                _ => {
                    if report {
                        let mut d = Diagnostic::error(
                            first.span,
                            format!("cannot find type `{}`", first.name),
                        )
                        .label("unknown type");
                        if path.len() == 1 {
                            if let Some(en) = self.enum_with_variant(&first.name) {
                                d = d.help(format!(
                                    "write the variant with its enum: `{en}.{}`",
                                    first.name
                                ));
                            }
                        }
                        if d.help.is_none() {
                            let md = &defs.modules[self.module];
                            let cands = md
                                .items
                                .iter()
                                .filter(|(_, d)| matches!(d, ItemDef::Type(_)))
                                .map(|(k, _)| k.as_str())
                                .chain(md.imports.keys().map(String::as_str));
                            if let Some(s) = suggest::nearest(&first.name, cands) {
                                d = d.help(format!("did you mean `{s}`?"));
                            }
                        }
                        self.errors.push(d);
                    }
                    return None;
                }
            }
        };
        match path.get(i) {
            None => Some((m, td, None)),
            Some(seg) => {
                let v = td.variant(&seg.name);
                if v.is_none() || path.len() > i + 1 {
                    if report {
                        let mut d = Diagnostic::error(
                            seg.span,
                            format!("no variant named `{}` in `{}`", seg.name, td.name),
                        )
                        .label("unknown variant")
                        .secondary(td.span, format!("`{}` is defined here", td.name));
                        if let TypeDefKind::Enum(vs) = &td.kind {
                            if let Some(s) =
                                suggest::nearest(&seg.name, vs.iter().map(|v| v.name.as_str()))
                            {
                                d = d.help(format!("did you mean `{}.{s}`?", td.name));
                            }
                        }
                        self.errors.push(d);
                    }
                    return None;
                }
                Some((m, td, v))
            }
        }
    }
}

fn count_words(min: usize, max: usize) -> String {
    if min == max {
        format!("{min} argument{}", plural(min))
    } else {
        format!("{min} to {max} arguments")
    }
}
