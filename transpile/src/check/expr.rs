//! Expressions: resolution of names and paths, and type inference with an expected type.

use aurora_grammar::ast::{self, BinOp, Cond, Expr, ExprKind, Lit, UnOp};
use aurora_grammar::{Diagnostic, Span};

use super::defs::{private_item, Found, ItemDef, TypeDef, TypeDefKind, VariantKind};
use super::literal;
use super::scope::Origin;
use super::suggest;
use super::types::{plural, show, Pos};
use super::walk::{FnCx, FnKind, LoopCx, Walker};
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

fn known(t: &Ty) -> Option<&Ty> {
    match t {
        Ty::Unknown | Ty::Never => None,
        t => Some(t),
    }
}

/// Whether `new` says more than `cur` about a value's type: `cur` is unknown or never, or
/// `cur` has unknown parts (`none` is `Option(Unknown)`) that `new` fills in.
fn better(new: &Ty, cur: &Ty) -> bool {
    match (cur, new) {
        (_, Ty::Unknown | Ty::Never) => false,
        (Ty::Unknown | Ty::Never, _) => true,
        _ => has_unknown(cur) && !has_unknown(new),
    }
}

fn has_unknown(t: &Ty) -> bool {
    match t {
        Ty::Unknown => true,
        Ty::List(t) | Ty::Set(t) | Ty::Option(t) | Ty::Ref(t) | Ty::Mut(t) | Ty::Range(t) => has_unknown(t),
        Ty::Map(a, b) | Ty::Result(a, b) => has_unknown(a) || has_unknown(b),
        Ty::Tuple(ts) | Ty::Adt { args: ts, .. } => ts.iter().any(has_unknown),
        Ty::Fn(ps, r) => ps.iter().any(has_unknown) || has_unknown(r),
        _ => false,
    }
}

pub(crate) fn is_numeric(t: &Ty) -> bool {
    t.is_integer() || t.is_float()
}

/// An integer literal, possibly negated or parenthesised: its type comes from its context.
pub(crate) fn is_int_lit(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Lit(Lit::Int(_)) => true,
        ExprKind::Unary { op: UnOp::Neg, expr } | ExprKind::Paren(expr) => is_int_lit(expr),
        _ => false,
    }
}

/// Any literal, possibly negated or parenthesised.
fn is_lit(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Lit(_) => true,
        ExprKind::Unary { op: UnOp::Neg, expr } | ExprKind::Paren(expr) => is_lit(expr),
        _ => false,
    }
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
    pub fn expr(&mut self, e: &Expr, expected: Option<&Ty>) -> Ty {
        let ty = self.expr_kind(e, expected);
        self.record(e.id, &ty);
        ty
    }

    fn expr_kind(&mut self, e: &Expr, exp: Option<&Ty>) -> Ty {
        let exp = exp.and_then(known);
        match &e.kind {
            ExprKind::Lit(lit) => self.lit(e, lit, exp, false),
            ExprKind::Name(id) => self.name(e, id),
            ExprKind::Tuple(es) if es.is_empty() => Ty::Unit,
            ExprKind::Tuple(es) => {
                let exps: Vec<Option<Ty>> = match exp.map(Ty::peel) {
                    Some(Ty::Tuple(ts)) if ts.len() == es.len() => ts.iter().cloned().map(Some).collect(),
                    _ => vec![None; es.len()],
                };
                Ty::Tuple(es.iter().zip(exps).map(|(x, t)| self.expr(x, t.as_ref())).collect())
            }
            ExprKind::List(es) => {
                let mut elem = match exp.map(Ty::peel) {
                    Some(Ty::List(t)) => Some((**t).clone()),
                    _ => None,
                };
                for x in es {
                    let t = self.expr(x, elem.as_ref());
                    if elem.as_ref().is_none_or(|e| better(&t, e)) {
                        elem = Some(t);
                    }
                }
                Ty::List(Box::new(elem.unwrap_or(Ty::Unknown)))
            }
            ExprKind::ListRepeat { value, count } => {
                let elem = match exp.map(Ty::peel) {
                    Some(Ty::List(t)) => Some((**t).clone()),
                    _ => None,
                };
                let t = self.expr(value, elem.as_ref());
                self.expr(count, Some(&Ty::Int));
                Ty::List(Box::new(elem.and_then(|e| known(&e).cloned()).unwrap_or(t)))
            }
            ExprKind::Map(pairs) => {
                let (mut k, mut v) = match exp.map(Ty::peel) {
                    Some(Ty::Map(k, v)) => (Some((**k).clone()), Some((**v).clone())),
                    _ => (None, None),
                };
                for (kx, vx) in pairs {
                    let kt = self.expr(kx, k.as_ref());
                    let vt = self.expr(vx, v.as_ref());
                    if k.as_ref().and_then(known).is_none() {
                        k = known(&kt).cloned();
                    }
                    if v.as_ref().and_then(known).is_none() {
                        v = known(&vt).cloned();
                    }
                }
                Ty::Map(Box::new(k.unwrap_or(Ty::Unknown)), Box::new(v.unwrap_or(Ty::Unknown)))
            }
            ExprKind::StructLit { path, fields } => self.struct_lit(e, path, fields, exp),
            ExprKind::Paren(x) => self.expr(x, exp),
            ExprKind::Field { base, name } => {
                if let Some(p) = self.prefix(base) {
                    return self.path_member(e.id, p, name, false, exp);
                }
                let bt = self.expr(base, None);
                self.field_of(&bt, name)
            }
            ExprKind::Call { callee, generics, args } => self.call(e, callee, generics, args, exp),
            ExprKind::MethodCall { receiver, method, generics, args } => {
                self.method_call(e, receiver, method, generics, args, exp)
            }
            ExprKind::Index { base, index } => {
                let bt = self.expr(base, None);
                match bt.peel().clone() {
                    Ty::List(t) => {
                        let it = self.expr(index, Some(&Ty::Int));
                        if matches!(it, Ty::Range(_)) {
                            Ty::List(t)
                        } else {
                            *t
                        }
                    }
                    Ty::Map(k, v) => {
                        self.expr(index, Some(&k));
                        *v
                    }
                    Ty::Str => match self.expr(index, Some(&Ty::Int)) {
                        Ty::Range(_) => Ty::Str,
                        _ => {
                            self.errors.push(
                                Diagnostic::error(e.span, "cannot index a `str` by position")
                                    .label("`str` is UTF-8 text, not a list")
                                    .help("use `chars()` to get its characters: `s.chars()[i]`"),
                            );
                            Ty::Unknown
                        }
                    },
                    _ => {
                        self.expr(index, None);
                        Ty::Unknown
                    }
                }
            }
            ExprKind::Unary { op: UnOp::Neg, expr } if matches!(expr.kind, ExprKind::Lit(Lit::Int(_))) => {
                let ExprKind::Lit(lit) = &expr.kind else { return Ty::Unknown };
                let t = self.lit(expr, lit, exp, true);
                self.record(expr.id, &t);
                t
            }
            ExprKind::Unary { op, expr } => {
                let t = self.expr(expr, exp);
                let t = t.peel().clone();
                if *op == UnOp::Not && (t == Ty::Str || t.is_float()) {
                    self.errors.push(
                        Diagnostic::error(e.span, format!("cannot apply `!` to `{}`", show(&t)))
                            .label("`!` needs a `bool` or an integer"),
                    );
                }
                if *op == UnOp::Neg && matches!(t, Ty::Str | Ty::Bool) {
                    self.errors.push(
                        Diagnostic::error(e.span, format!("cannot negate `{}`", show(&t)))
                            .label("`-` needs a number")
                            .help(if t == Ty::Bool { "use `!` for boolean negation" } else { "" }),
                    );
                }
                t
            }
            ExprKind::Binary { op, lhs, rhs } => self.binary(*op, lhs, rhs, exp),
            ExprKind::Cast { expr, ty } => {
                let from = self.expr(expr, None);
                let to = self.ty(ty, Pos::Other);
                self.check_cast(e.span, from.peel(), &to);
                to
            }
            ExprKind::Range { start, end, .. } => {
                let elem_exp = match exp.map(Ty::peel) {
                    Some(Ty::Range(t)) => Some((**t).clone()),
                    _ => None,
                };
                let mut elem = elem_exp;
                let order: Vec<&Expr> = match (start, end) {
                    (Some(s), Some(x)) if is_int_lit(s) && !is_int_lit(x) => vec![x, s],
                    _ => start.iter().chain(end.iter()).map(|b| &**b).collect(),
                };
                for x in order {
                    let t = self.expr(x, elem.as_ref());
                    if elem.as_ref().and_then(known).is_none() {
                        elem = known(t.peel()).cloned();
                    }
                }
                Ty::Range(Box::new(elem.unwrap_or(Ty::Int)))
            }
            ExprKind::Try(x) => self.try_expr(e, x),
            ExprKind::Closure { params, ret, body } => self.closure(e.span, params, ret.as_ref(), body, exp),
            ExprKind::Block(b) => self.block(b, exp),
            ExprKind::If { cond, then, else_ } => {
                self.scopes.push();
                self.cond(cond);
                let tt = self.block(then, if else_.is_some() { exp } else { None });
                self.leave_scope();
                match else_ {
                    None => Ty::Unit,
                    Some(x) => {
                        let exp2 = exp.cloned().or_else(|| known(&tt).cloned());
                        let et = self.expr(x, exp2.as_ref());
                        if better(&et, &tt) {
                            et
                        } else {
                            tt
                        }
                    }
                }
            }
            ExprKind::While { cond, body } => {
                self.scopes.push();
                self.cond(cond);
                self.in_loop(false, |w| {
                    w.block(body, None);
                });
                self.leave_scope();
                Ty::Unit
            }
            ExprKind::For { pat, iter, body } => {
                let it = self.expr(iter, None);
                let elem = self.elem_of(iter, &it);
                self.irrefutable(pat, "for");
                self.scopes.push();
                self.bind(pat, &elem, Origin::Loop, false);
                self.in_loop(false, |w| {
                    w.block(body, None);
                });
                self.leave_scope();
                Ty::Unit
            }
            ExprKind::Loop { body } => {
                let cx = self.in_loop(true, |w| {
                    w.block(body, None);
                });
                match cx {
                    Some(LoopCx { broke: false, .. }) => Ty::Never,
                    Some(LoopCx { break_ty: Some(t), .. }) => t,
                    Some(_) => Ty::Unit,
                    None => Ty::Unknown,
                }
            }
            ExprKind::Match { scrutinee, arms } => {
                let st = self.expr(scrutinee, None);
                let mut ty: Option<Ty> = None;
                for arm in arms {
                    self.scopes.push();
                    self.bind(&arm.pat, &st, Origin::Pattern, false);
                    if let Some(g) = &arm.guard {
                        let gt = self.expr(g, Some(&Ty::Bool));
                        self.expect_bool(g.span, &gt, "a match guard");
                    }
                    let want = exp.cloned().or_else(|| ty.as_ref().and_then(known).cloned());
                    let bt = self.expr(&arm.body, want.as_ref());
                    self.leave_scope();
                    match &ty {
                        None => ty = Some(bt),
                        Some(cur) if better(&bt, cur) => ty = Some(bt),
                        _ => {}
                    }
                }
                ty.unwrap_or(Ty::Never)
            }
            ExprKind::Break(value) => {
                self.break_expr(e.span, value.as_deref());
                Ty::Never
            }
            ExprKind::Continue => {
                if self.fns.last().is_none_or(|f| f.loops.is_empty()) {
                    self.errors.push(
                        Diagnostic::error(e.span, "`continue` outside of a loop")
                            .label("not inside `loop`, `while` or `for`")
                            .help("`break` and `continue` work only inside `while`, `for` and `loop`"),
                    );
                }
                Ty::Never
            }
            ExprKind::Return(value) => {
                let (kind, ret) = match self.fns.last() {
                    Some(f) => (f.kind, f.ret.clone()),
                    None => (FnKind::Const, Ty::Unknown),
                };
                if kind == FnKind::Const {
                    self.errors.push(
                        Diagnostic::error(e.span, "`return` outside of a function")
                            .label("not inside a function")
                            .help("a constant's value is an expression; remove `return`"),
                    );
                }
                if let Some(v) = value {
                    let want = known(&ret).cloned();
                    self.expr(v, want.as_ref());
                }
                Ty::Never
            }
        }
    }

    fn lit(&mut self, e: &Expr, lit: &Lit, exp: Option<&Ty>, negative: bool) -> Ty {
        match lit {
            Lit::Int(v) => {
                let ty = match exp.map(Ty::peel) {
                    Some(t) if t.is_integer() => t.clone(),
                    Some(t) if t.is_float() => {
                        let sign = if negative { "-" } else { "" };
                        self.literal_mismatch(e, "an integer literal", t, format!("write a float literal: `{sign}{v}.0`"));
                        Ty::Int
                    }
                    Some(t) => {
                        self.literal_mismatch(e, "an integer literal", t, String::new());
                        Ty::Int
                    }
                    _ => Ty::Int,
                };
                if let Some(msg) = literal::int_fits(*v, negative, &ty) {
                    let sign = if negative { "-" } else { "" };
                    let written = self.text(e.span);
                    let written = if written.is_empty() { v.to_string() } else { written };
                    self.errors.push(
                        Diagnostic::error(e.span, format!("`{sign}{written}` does not fit in `{}`", show(&ty)))
                            .label("out of range")
                            .help(msg),
                    );
                }
                ty
            }
            Lit::Float(_) => match exp.map(Ty::peel) {
                Some(Ty::Sized("f32")) => Ty::Sized("f32"),
                Some(t) if t.is_integer() => {
                    let help = format!("an integer has no fraction: convert with `as {}` to truncate, or use a `float`", show(t));
                    self.literal_mismatch(e, "a float literal", t, help);
                    Ty::Float
                }
                Some(t) => {
                    self.literal_mismatch(e, "a float literal", t, String::new());
                    Ty::Float
                }
                _ => Ty::Float,
            },
            Lit::Bool(_) => {
                if let Some(t) = exp.map(Ty::peel) {
                    self.literal_mismatch(e, "a `bool` literal", t, String::new());
                }
                Ty::Bool
            }
            Lit::Char(_) => {
                if let Some(t) = exp.map(Ty::peel) {
                    let help = if *t == Ty::Str { "a `str` is written in double quotes: \"a\"" } else { "" };
                    self.literal_mismatch(e, "a `char` literal", t, help.to_string());
                }
                Ty::Char
            }
            Lit::Str(parts) => {
                for p in parts {
                    if let ast::StrPart::Interp { expr, .. } = p {
                        self.expr(expr, None);
                    }
                }
                if let Some(t) = exp.map(Ty::peel) {
                    let one_char = matches!(parts.as_slice(), [ast::StrPart::Text(s)] if s.chars().count() == 1);
                    let help = if *t == Ty::Char && one_char { "a `char` is written in single quotes: 'a'" } else { "" };
                    self.literal_mismatch(e, "a string literal", t, help.to_string());
                }
                Ty::Str
            }
            Lit::None => match exp.map(Ty::peel) {
                Some(t @ Ty::Option(_)) => t.clone(),
                _ => Ty::Option(Box::new(Ty::Unknown)),
            },
        }
    }

    /// A literal whose kind cannot be the scalar type the context requires (`let s: str = 5`,
    /// `c == "a"` for a `char` `c`). Only scalar expectations are certain enough to report.
    fn literal_mismatch(&mut self, e: &Expr, found: &str, want: &Ty, help: String) {
        let scalar = |t: &Ty| matches!(t, Ty::Int | Ty::Float | Ty::Bool | Ty::Char | Ty::Str | Ty::Sized(_));
        let same = match want {
            Ty::Bool => found == "a `bool` literal",
            Ty::Char => found == "a `char` literal",
            Ty::Str => found == "a string literal",
            t if t.is_integer() => found == "an integer literal",
            t if t.is_float() => found == "a float literal",
            _ => true,
        };
        if same || !scalar(want) {
            return;
        }
        let mut d = Diagnostic::error(e.span, format!("expected `{}`, found {found}", show(want))).label(format!("this is {found}"));
        if !help.is_empty() {
            d = d.help(help);
        }
        self.errors.push(d);
    }

    pub fn self_value_ty(&self) -> Ty {
        let t = self.self_ty.clone().unwrap_or(Ty::Unknown);
        match self.self_param {
            Some(ast::Mode::Ref) => Ty::Ref(Box::new(t)),
            Some(ast::Mode::Mut) => Ty::Mut(Box::new(t)),
            _ => t,
        }
    }

    fn name(&mut self, e: &Expr, id: &ast::Ident) -> Ty {
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
                self.info.res.insert(e.id, Res::Fn { module: self.module_name(m), name: f.name.clone() });
                return fn_ty(f);
            }
            Some(Found::Item(m, ItemDef::Const(c))) => {
                self.info.res.insert(e.id, Res::Const { module: self.module_name(m), name: c.name.clone() });
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
        if self.defs.modules.get(self.module).is_some_and(|m| m.missing.iter().any(|x| x == n)) {
            return;
        }
        let mut d = Diagnostic::error(id.span, format!("cannot find `{n}` in this scope")).label("not found in this scope");
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
                        self.info.res.insert(e.id, Res::Type { module: module.clone(), name: name.clone() });
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
                        self.info.res.insert(e.id, Res::Type { module: self.module_name(m), name: td.name.clone() });
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
                let Prefix::Module(m) = self.prefix(base)? else { return None };
                let td = self.defs.type_def(m, &name.name)?;
                self.info.res.insert(e.id, Res::Type { module: self.module_name(m), name: td.name.clone() });
                Some(Prefix::Type(m, td.name.clone()))
            }
            ExprKind::Paren(x) => self.prefix(x),
            _ => None,
        }
    }

    /// Resolve `prefix.name` (recording the resolution on `id`) and give its type. `called`
    /// says the path is the callee of a call, which changes what is an error.
    pub fn path_member(&mut self, id: ast::NodeId, prefix: Prefix, name: &ast::Ident, called: bool, exp: Option<&Ty>) -> Ty {
        let defs = self.defs;
        match prefix {
            Prefix::Module(m) => {
                let mname = self.module_name(m);
                let Some(item) = defs.member(m, &name.name) else {
                    let mut d = Diagnostic::error(name.span, format!("cannot find `{}` in module `{mname}`", name.name))
                        .label(format!("not found in `{mname}`"));
                    let cands = defs.modules[m].items.iter().filter(|(_, d)| d.public()).map(|(k, _)| k.as_str());
                    if let Some(s) = suggest::nearest(&name.name, cands) {
                        d = d.help(format!("did you mean `{mname}.{s}`?"));
                    }
                    self.errors.push(d);
                    return Ty::Unknown;
                };
                if !item.public() && m != self.module {
                    self.errors.push(private_item(name.span, &name.name, &mname, item.span()));
                }
                match item {
                    ItemDef::Fn(f) => {
                        self.info.res.insert(id, Res::Fn { module: mname, name: f.name.clone() });
                        fn_ty(f)
                    }
                    ItemDef::Const(c) => {
                        self.info.res.insert(id, Res::Const { module: mname, name: c.name.clone() });
                        c.ty.clone()
                    }
                    ItemDef::Type(t) => {
                        self.info.res.insert(id, Res::Type { module: mname, name: t.name.clone() });
                        Ty::Unknown
                    }
                }
            }
            Prefix::Type(m, tname) => {
                let mname = self.module_name(m);
                let Some(td) = defs.type_def(m, &tname) else { return Ty::Unknown };
                if let Some(v) = td.variant(&name.name) {
                    self.info.res.insert(
                        id,
                        Res::Variant { module: mname.clone(), enum_name: tname.clone(), variant: v.name.clone() },
                    );
                    let adt = adt_ty(&mname, td, exp);
                    return match &v.kind {
                        VariantKind::Unit => adt,
                        VariantKind::Tuple(ts) => Ty::Fn(ts.clone(), Box::new(adt)),
                        VariantKind::Struct(fs) => {
                            let fields = fs.iter().map(|f| format!("{}: ..", f.name)).collect::<Vec<_>>().join(", ");
                            self.errors.push(
                                Diagnostic::error(name.span, format!("`{tname}.{}` has named fields", v.name))
                                    .label(if called { "cannot be called like a function" } else { "fields missing" })
                                    .help(format!("write `{tname}.{} {{ {fields} }}`", v.name)),
                            );
                            adt
                        }
                    };
                }
                if let Some(f) = defs.method(m, &tname, &name.name) {
                    self.info.res.insert(
                        id,
                        Res::Method { module: mname, type_name: tname.clone(), method: f.name.clone() },
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
                let what = if td.is_enum() { "variant or associated function" } else { "associated function" };
                let mut d = Diagnostic::error(name.span, format!("no {what} named `{}` in `{tname}`", name.name))
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
    fn field_of(&mut self, bt: &Ty, name: &ast::Ident) -> Ty {
        let defs = self.defs;
        match bt.peel() {
            Ty::Adt { args, name: tname, .. } => {
                let Some(td) = defs.adt(bt) else { return Ty::Unknown };
                match &td.kind {
                    TypeDefKind::Struct(fields) => {
                        if let Some(f) = fields.iter().find(|f| f.name == name.name) {
                            return subst_generics(&f.ty, &td.generics, args);
                        }
                        let mut d = Diagnostic::error(name.span, format!("no field `{}` on `{tname}`", name.name))
                            .label("unknown field");
                        if defs.method(td.module, tname, &name.name).is_some() {
                            d = d.help(format!("`{}` is a method: call it with `{}()`", name.name, name.name));
                        } else if let Some(s) = suggest::nearest(&name.name, fields.iter().map(|f| f.name.as_str())) {
                            d = d.help(format!("did you mean `{s}`?"));
                        } else {
                            let all = fields.iter().map(|f| format!("`{}`", f.name)).collect::<Vec<_>>().join(", ");
                            d = d.help(format!("fields are {all}"));
                        }
                        self.errors.push(d.secondary(td.span, format!("`{tname}` is defined here")));
                        Ty::Unknown
                    }
                    TypeDefKind::Enum(_) => {
                        if defs.method(td.module, tname, &name.name).is_some() {
                            return Ty::Unknown;
                        }
                        self.errors.push(
                            Diagnostic::error(name.span, format!("no field `{}` on enum `{tname}`", name.name))
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
                        Diagnostic::error(name.span, format!("no field `{}` on a tuple of {} elements", name.name, ts.len()))
                            .label("unknown field")
                            .help(format!("tuple fields are `.0` to `.{}`", ts.len().saturating_sub(1))),
                    );
                    Ty::Unknown
                }
            },
            t @ (Ty::Int | Ty::Float | Ty::Bool | Ty::Char | Ty::Str | Ty::Sized(_) | Ty::List(_) | Ty::Map(..) | Ty::Set(_) | Ty::Option(_) | Ty::Result(..)) => {
                let mut d = Diagnostic::error(name.span, format!("no field `{}` on type `{}`", name.name, show(t))).label("unknown field");
                if builtins::method(t, &name.name).is_some() {
                    d = d.help(format!("`{}` is a method: call it with `{}()`", name.name, name.name));
                }
                self.errors.push(d);
                Ty::Unknown
            }
            _ => Ty::Unknown,
        }
    }

    fn binary(&mut self, op: BinOp, lhs: &Expr, rhs: &Expr, exp: Option<&Ty>) -> Ty {
        use BinOp::*;
        if matches!(op, And | Or) {
            let l = self.expr(lhs, Some(&Ty::Bool));
            let r = self.expr(rhs, Some(&Ty::Bool));
            let sym = if op == And { "&&" } else { "||" };
            self.expect_bool(lhs.span, &l, &format!("an operand of `{sym}`"));
            self.expect_bool(rhs.span, &r, &format!("an operand of `{sym}`"));
            return Ty::Bool;
        }
        let cmp = matches!(op, Eq | Ne | Lt | Le | Gt | Ge);
        let shift = matches!(op, Shl | Shr);
        let lexp = if cmp { None } else { exp.filter(|t| is_numeric(t)) };
        let (l, r) = if is_int_lit(lhs) && !is_int_lit(rhs) && !shift {
            let r = self.expr(rhs, lexp);
            let want = known(r.peel()).filter(|t| is_numeric(t)).cloned().or_else(|| lexp.cloned());
            (self.expr(lhs, want.as_ref()), r)
        } else {
            let l = self.expr(lhs, lexp);
            // `+` passes only numbers down, so `"a" + 1` reads "cannot add" with its help.
            let want = if shift || (!cmp && !is_numeric(l.peel())) { None } else { known(l.peel()).cloned() };
            (l, self.expr(rhs, want.as_ref()))
        };
        let (lp, rp) = (l.peel().clone(), r.peel().clone());
        // A literal given the other side's type reports its own mismatch (`x + 1` with a float
        // `x`: "write `1.0`"); only `+` with a `str` passes no type down (see `want`).
        let str_add = op == Add && (lp == Ty::Str || rp == Ty::Str);
        let literal_clash = (is_lit(lhs) || is_lit(rhs)) && !str_add;
        if !shift && !literal_clash {
            self.check_operands(op, lhs.span.to(rhs.span), &lp, &rp);
        }
        if cmp {
            return Ty::Bool;
        }
        match (known(&lp), known(&rp)) {
            (Some(t), _) | (None, Some(t)) => t.clone(),
            _ if l == Ty::Never || r == Ty::Never => Ty::Never,
            _ => Ty::Unknown,
        }
    }

    /// Report the operand mismatches that are certain: numbers of different types, and `str`
    /// mixed with a number.
    pub fn check_operands(&mut self, op: BinOp, span: Span, lp: &Ty, rp: &Ty) {
        let (Some(l), Some(r)) = (known(lp), known(rp)) else { return };
        if matches!(l, Ty::Param(_)) || matches!(r, Ty::Param(_)) {
            return;
        }
        if is_numeric(l) && is_numeric(r) && l != r {
            self.errors.push(
                Diagnostic::error(span, format!("mismatched types: `{}` and `{}`", show(l), show(r)))
                    .label("the two sides have different number types")
                    .help(format!("convert one side with `as`, e.g. `x as {}`", show(l))),
            );
        } else if op == BinOp::Add && (*l == Ty::Str) != (*r == Ty::Str) && (is_numeric(l) || is_numeric(r) || matches!(l, Ty::Bool | Ty::Char) || matches!(r, Ty::Bool | Ty::Char)) {
            let (a, b) = (show(l), show(r));
            self.errors.push(
                Diagnostic::error(span, format!("cannot add `{b}` to `{a}`"))
                    .label("`+` joins two `str`s or adds two numbers of the same type")
                    .help("use interpolation: \"{a}{b}\""),
            );
        }
    }

    /// `as` converts between numbers, from `char` or `bool` to an integer and from `u8` to
    /// `char`; anything else between known types is an error.
    fn check_cast(&mut self, span: Span, from: &Ty, to: &Ty) {
        let (Some(f), Some(t)) = (known(from), known(to)) else { return };
        if matches!(f, Ty::Param(_)) || matches!(t, Ty::Param(_)) || f == t {
            return;
        }
        let ok = (is_numeric(f) && is_numeric(t))
            || (matches!(f, Ty::Char | Ty::Bool) && t.is_integer())
            || (*f == Ty::Sized("u8") && *t == Ty::Char);
        if ok {
            return;
        }
        let help = if *f == Ty::Str && is_numeric(t) {
            "parse the text instead: `s.parse_int()` or `s.parse_float()`".to_string()
        } else if *t == Ty::Str {
            "convert with `.to_string()` or string interpolation".to_string()
        } else if t.is_integer() && *t != Ty::Sized("u8") && *f == Ty::Char {
            String::new()
        } else if *t == Ty::Char {
            "only `u8` converts to `char`: `(x as u8) as char`".to_string()
        } else {
            "`as` converts between numbers, from `char` or `bool` to an integer, and from `u8` to `char`".to_string()
        };
        let mut d = Diagnostic::error(span, format!("cannot convert `{}` to `{}` with `as`", show(f), show(t)))
            .label("unsupported cast");
        if !help.is_empty() {
            d = d.help(help);
        }
        self.errors.push(d);
    }

    pub fn expect_bool(&mut self, span: Span, t: &Ty, what: &str) {
        let Some(t) = known(t.peel()) else { return };
        if *t == Ty::Bool || matches!(t, Ty::Param(_)) {
            return;
        }
        let mut d = Diagnostic::error(span, format!("expected `bool`, found `{}`", show(t))).label(format!("{what} must be a `bool`"));
        if t.is_integer() || t.is_float() {
            d = d.help("compare explicitly, e.g. `x != 0`");
        } else if matches!(t, Ty::Option(_)) {
            d = d.help("test the option with `if let some(x) = ..` or `.is_some()`");
        }
        self.errors.push(d);
    }

    fn cond(&mut self, cond: &Cond) {
        match cond {
            Cond::Expr(c) => {
                let t = self.expr(c, Some(&Ty::Bool));
                self.expect_bool(c.span, &t, "the condition");
            }
            Cond::Let { pat, expr } => {
                let t = self.expr(expr, None);
                self.bind(pat, &t, Origin::Pattern, false);
            }
        }
    }

    /// Run `f` inside a loop body; hands back what the loop learned about its `break`s.
    fn in_loop(&mut self, is_loop: bool, f: impl FnOnce(&mut Self)) -> Option<LoopCx> {
        if self.fns.is_empty() {
            self.fns.push(FnCx { kind: FnKind::Const, ret: Ty::Unknown, loops: Vec::new(), main: false });
        }
        if let Some(fx) = self.fn_cx() {
            fx.loops.push(LoopCx { is_loop, broke: false, break_ty: None });
        }
        f(self);
        self.fn_cx().and_then(|fx| fx.loops.pop())
    }

    fn break_expr(&mut self, span: Span, value: Option<&Expr>) {
        let in_closure_of_loop =
            self.fns.len() > 1 && self.fns.last().is_some_and(|f| f.loops.is_empty() && f.kind == FnKind::Closure);
        let lp = self.fns.last().and_then(|f| f.loops.last()).map(|l| (l.is_loop, l.break_ty.clone()));
        let Some((is_loop, break_ty)) = lp else {
            let mut d = Diagnostic::error(span, "`break` outside of a loop").label("not inside `loop`, `while` or `for`");
            d = if in_closure_of_loop {
                d.help("a closure cannot `break` out of the loop around it")
            } else {
                d.help("`break` and `continue` work only inside `while`, `for` and `loop`")
            };
            self.errors.push(d);
            if let Some(v) = value {
                self.expr(v, None);
            }
            return;
        };
        let mut vt = None;
        if let Some(v) = value {
            if !is_loop {
                self.errors.push(
                    Diagnostic::error(span, "`break` with a value is only allowed inside `loop`")
                        .label("`while` and `for` loops have no value")
                        .help("use `loop { .. }`, or remove the value"),
                );
            }
            vt = Some(self.expr(v, break_ty.as_ref().and_then(known)));
        }
        if let Some(l) = self.fn_cx().and_then(|f| f.loops.last_mut()) {
            l.broke = true;
            if l.break_ty.as_ref().and_then(known).is_none() {
                l.break_ty = Some(vt.unwrap_or(Ty::Unit));
            }
        }
    }

    fn try_expr(&mut self, e: &Expr, x: &Expr) -> Ty {
        let t = self.expr(x, None);
        if let Some(f) = self.fns.last() {
            let ret = f.ret.peel().clone();
            if f.kind == FnKind::Fn && matches!(ret, Ty::Unit | Ty::Int | Ty::Float | Ty::Bool | Ty::Char | Ty::Str | Ty::Sized(_) | Ty::List(_) | Ty::Map(..) | Ty::Set(_) | Ty::Tuple(_)) {
                let help = if f.main && ret == Ty::Unit {
                    "return `Result[(), str]` from `main` (and end it with `ok(())`), or handle the failure with `match`"
                } else {
                    "change the function's return type, or handle the failure with `match`"
                };
                self.errors.push(
                    Diagnostic::error(e.span, "`?` can only be used in a function that returns `Result` or `T?`")
                        .label(format!("this function returns `{}`", show(&ret)))
                        .help(help),
                );
            }
        }
        match t.peel() {
            Ty::Option(t) | Ty::Result(t, _) => (**t).clone(),
            _ => Ty::Unknown,
        }
    }

    fn closure(&mut self, span: Span, params: &[ast::ClosureParam], ret: Option<&ast::Type>, body: &Expr, exp: Option<&Ty>) -> Ty {
        let (exp_params, exp_ret) = match exp.map(Ty::peel) {
            Some(Ty::Fn(ps, r)) if ps.len() == params.len() => (ps.clone(), known(r).cloned()),
            Some(t @ Ty::Fn(ps, _)) => {
                self.errors.push(
                    Diagnostic::error(span, format!("this closure takes {} parameter{} but `{}` takes {}", params.len(), plural(params.len()), show(t), ps.len()))
                        .label(format!("expected {} parameter{}", ps.len(), plural(ps.len())))
                        .help(format!("write the closure with {} parameter{}", ps.len(), plural(ps.len()))),
                );
                (vec![Ty::Unknown; params.len()], None)
            }
            _ => (vec![Ty::Unknown; params.len()], None),
        };
        self.scopes.push();
        let mut ptys = Vec::new();
        let mut seen = std::collections::HashMap::new();
        for (p, et) in params.iter().zip(exp_params) {
            let t = match &p.ty {
                Some(t) => self.ty(t, Pos::Param),
                None => et,
            };
            if p.name.name != "_" {
                if let Some(first) = seen.insert(p.name.name.clone(), p.name.span) {
                    self.errors.push(
                        Diagnostic::error(p.name.span, format!("parameter `{}` is declared twice", p.name.name))
                            .label("second declaration")
                            .secondary(first, "first declared here")
                            .help("rename one of the parameters"),
                    );
                }
            }
            self.add_binding(p.id, &p.name, &t, Origin::ClosureParam, false);
            ptys.push(t);
        }
        let declared = ret.map(|t| self.ty(t, Pos::Return));
        let ret_ty = declared.or(exp_ret);
        self.fns.push(FnCx { kind: FnKind::Closure, ret: ret_ty.clone().unwrap_or(Ty::Unknown), loops: Vec::new(), main: false });
        let bt = self.expr(body, ret_ty.as_ref());
        self.fns.pop();
        self.leave_scope();
        let r = match ret_ty {
            Some(t) if t != Ty::Unknown => t,
            _ => bt,
        };
        Ty::Fn(ptys, Box::new(r))
    }

    /// The type of a `for` loop's variable; see `Info::locals`.
    fn elem_of(&self, iter: &Expr, it: &Ty) -> Ty {
        let borrowed = matches!(it, Ty::Ref(_) | Ty::Mut(_)) || super::place::is_place(iter);
        let b = |t: &Ty| {
            if borrowed && !t.is_copy() && *t != Ty::Unknown {
                Ty::Ref(Box::new(t.clone()))
            } else {
                t.clone()
            }
        };
        match it.peel() {
            Ty::List(t) | Ty::Set(t) => b(t),
            Ty::Map(k, v) => Ty::Tuple(vec![b(k), b(v)]),
            Ty::Range(t) => (**t).clone(),
            _ => Ty::Unknown,
        }
    }
}

/// The type of a function used as a value.
pub(crate) fn fn_ty(f: &super::defs::FnDef) -> Ty {
    Ty::Fn(f.params.iter().map(|p| p.ty.clone()).collect(), Box::new(f.ret.clone()))
}

/// The type of a (possibly generic) user type, with its arguments taken from the expected type
/// when that is the same type.
pub(crate) fn adt_ty(module: &str, td: &TypeDef, exp: Option<&Ty>) -> Ty {
    let args = match exp.map(Ty::peel) {
        Some(Ty::Adt { module: m, name, args }) if m == module && *name == td.name && args.len() == td.generics.len() => args.clone(),
        _ => vec![Ty::Unknown; td.generics.len()],
    };
    Ty::Adt { module: module.to_string(), name: td.name.clone(), args }
}

/// Replace generic parameters `generics` by `args` in `t`.
pub(crate) fn subst_generics(t: &Ty, generics: &[String], args: &[Ty]) -> Ty {
    if generics.is_empty() {
        return t.clone();
    }
    let map: std::collections::HashMap<String, Ty> = generics.iter().cloned().zip(args.iter().cloned()).collect();
    super::infer::subst(t, &map)
}
