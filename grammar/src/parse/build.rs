//! Pairs -> AST for items, types, statements and patterns. Expressions and literals are in
//! `expr.rs`. The grammar is trusted for shape; anything unexpected becomes a diagnostic, never
//! a panic.

use std::cell::{Cell, RefCell};

use pest::iterators::Pair;

use super::Rule;
use crate::ast::*;
use crate::keywords;
use crate::{Diagnostic, Errors, FileId, Span};

pub(super) type P<'i> = Pair<'i, Rule>;

/// Builds AST nodes from the pairs of one item. `base` is the byte offset in the file at which
/// the parsed slice starts; every span is shifted by it. State is behind cells so that the
/// Pratt parser's closures can share the builder.
pub(crate) struct Builder<'a> {
    pub file: FileId,
    pub base: usize,
    ids: RefCell<&'a mut NodeIds>,
    errors: RefCell<&'a mut Errors>,
    pub depth: Cell<u32>,
    pub too_deep: Cell<bool>,
    /// Operator levels of the expressions being built around the current one.
    pub chain: Cell<usize>,
}

/// Where a name appears. Reserved words are reported where a name is declared; a use of the
/// same word is not reported again (the checker reports an unknown name if there is no
/// declaration).
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum NameUse {
    Binding,
    Use,
}

impl<'a> Builder<'a> {
    pub fn new(file: FileId, base: usize, ids: &'a mut NodeIds, errors: &'a mut Errors) -> Self {
        Builder {
            file,
            base,
            ids: RefCell::new(ids),
            errors: RefCell::new(errors),
            depth: Cell::new(0),
            too_deep: Cell::new(false),
            chain: Cell::new(0),
        }
    }

    pub fn span(&self, p: &P) -> Span {
        let s = p.as_span();
        Span::new(self.file, self.base + s.start(), self.base + s.end())
    }

    pub fn fresh(&self) -> NodeId {
        self.ids.borrow_mut().fresh()
    }

    pub fn error(&self, d: Diagnostic) {
        self.errors.borrow_mut().push(d);
    }

    /// A grammar/builder mismatch: should not happen, but must not panic either.
    pub fn internal(&self, span: Span, what: &str) {
        self.error(Diagnostic::error(
            span,
            format!("internal parser error: unexpected {what}"),
        ));
    }

    pub fn ident(&self, p: &P, usage: NameUse) -> Ident {
        let name = p.as_str().to_string();
        let span = self.span(p);
        if usage == NameUse::Binding && keywords::is_reserved(&name) {
            let mut d = Diagnostic::error(
                span,
                format!("`{name}` is a reserved keyword and cannot be used as a name"),
            )
            .label("reserved keyword");
            d = if keywords::CONCURRENCY.contains(&name.as_str()) {
                d.help(format!(
                    "it is reserved for Aurora's concurrency constructs; choose another name, e.g. `{name}_`"
                ))
            } else if keywords::RUST_UNNAMEABLE.contains(&name.as_str()) {
                d.help(format!(
                    "the generated Rust could not name it; choose another name, e.g. `{name}_`"
                ))
            } else {
                d.help(format!("choose another name, e.g. `{name}_`"))
            };
            self.error(d);
        }
        Ident { name, span }
    }

    // -----------------------------------------------------------------------------------------
    // Items

    pub fn item(&mut self, p: P) -> Item {
        let span = self.span(&p);
        let mut public = false;
        let mut kind = None;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::kw_pub => public = true,
                Rule::use_decl => kind = Some(ItemKind::Use(self.use_decl(c))),
                Rule::const_decl => kind = Some(ItemKind::Const(self.const_decl(c))),
                Rule::task_local_decl => {
                    kind = Some(ItemKind::TaskLocal(self.const_decl(c)));
                }
                Rule::fn_decl => kind = Some(ItemKind::Fn(self.fn_decl(c))),
                Rule::struct_decl => kind = Some(ItemKind::Struct(self.struct_decl(c))),
                Rule::enum_decl => kind = Some(ItemKind::Enum(self.enum_decl(c))),
                Rule::impl_decl => kind = Some(ItemKind::Impl(self.impl_decl(c))),
                Rule::test_decl => kind = Some(ItemKind::Test(self.test_decl(c))),
                _ => {}
            }
        }
        let kind = kind.unwrap_or_else(|| {
            self.internal(span, "item");
            ItemKind::Use(UseDecl {
                path: Vec::new(),
                names: None,
            })
        });
        let named = match &kind {
            ItemKind::Fn(f) => Some((&f.name, "function")),
            ItemKind::Struct(s) => Some((&s.name, "type")),
            ItemKind::Enum(e) => Some((&e.name, "type")),
            _ => None,
        };
        if let Some((name, what)) =
            named.filter(|(n, _)| keywords::BUILTIN_FNS.contains(&n.name.as_str()))
        {
            self.error(
                Diagnostic::error(
                    name.span,
                    format!("a {what} cannot be named `{}`: it is a built-in", name.name),
                )
                .label("built-in name")
                .help(format!("choose another name, e.g. `{}_`", name.name)),
            );
        }
        if public
            && matches!(
                kind,
                ItemKind::Use(_) | ItemKind::Impl(_) | ItemKind::Test(_)
            )
        {
            self.error(
                Diagnostic::error(span, "`pub` is not allowed here")
                    .label("only `const`, `fn`, `struct` and `enum` can be `pub`"),
            );
        }
        Item { kind, public, span }
    }

    fn use_decl(&self, p: P) -> UseDecl {
        let mut path = Vec::new();
        let mut names = None;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::word => path.push(self.ident(&c, NameUse::Binding)),
                Rule::use_names => {
                    names = Some(
                        c.into_inner()
                            .map(|w| self.ident(&w, NameUse::Binding))
                            .collect(),
                    );
                }
                _ => {}
            }
        }
        UseDecl { path, names }
    }

    fn const_decl(&self, p: P) -> ConstDecl {
        let span = self.span(&p);
        let mut name = None;
        let mut ty = None;
        let mut value = None;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::word => name = Some(self.ident(&c, NameUse::Binding)),
                Rule::ty => ty = Some(self.ty(c)),
                Rule::const_value => value = c.into_inner().next().map(|e| self.expr(e)),
                _ => {}
            }
        }
        ConstDecl {
            name: name.unwrap_or_else(|| self.missing_ident(span)),
            ty: ty.unwrap_or_else(|| self.unit_ty(span)),
            value: value.unwrap_or_else(|| self.unit_expr(span)),
        }
    }

    pub fn fn_decl(&self, p: P) -> FnDecl {
        let span = self.span(&p);
        let mut name = None;
        let mut generics = Vec::new();
        let mut self_param = None;
        let mut params = Vec::new();
        let mut ret = None;
        let mut body = None;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::word => name = Some(self.ident(&c, NameUse::Binding)),
                Rule::generics => generics = self.generics(c),
                Rule::param_list => {
                    for q in c.into_inner() {
                        match q.as_rule() {
                            Rule::self_param => {
                                let sp = self.span(&q);
                                let mode = q.into_inner().find(|m| m.as_rule() == Rule::mode);
                                self_param = Some(SelfParam {
                                    mode: mode.map_or(Mode::Own, |m| mode_of(m.as_str())),
                                    span: sp,
                                });
                            }
                            Rule::param => params.push(self.param(q)),
                            _ => {}
                        }
                    }
                }
                Rule::ret_ty => ret = c.into_inner().next().map(|t| self.ty(t)),
                Rule::block => body = Some(self.block(c)),
                _ => {}
            }
        }
        FnDecl {
            name: name.unwrap_or_else(|| self.missing_ident(span)),
            generics,
            self_param,
            params,
            ret,
            body: body.unwrap_or(Block {
                stmts: Vec::new(),
                span,
            }),
            span,
        }
    }

    fn param(&self, p: P) -> Param {
        let span = self.span(&p);
        let mut name = None;
        let mut ty = None;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::word => name = Some(self.ident(&c, NameUse::Binding)),
                Rule::ty => ty = Some(self.param_ty(c)),
                _ => {}
            }
        }
        Param {
            id: self.fresh(),
            name: name.unwrap_or_else(|| self.missing_ident(span)),
            ty: ty.unwrap_or_else(|| self.unit_ty(span)),
            span,
        }
    }

    pub(crate) fn generics(&self, p: P) -> Vec<GenericParam> {
        p.into_inner()
            .filter(|g| g.as_rule() == Rule::generic_param)
            .map(|g| {
                let mut words = g.into_inner().filter(|w| w.as_rule() == Rule::word);
                let name = match words.next() {
                    Some(w) => self.ident(&w, NameUse::Binding),
                    None => Ident {
                        name: String::new(),
                        span: Span::default(),
                    },
                };
                let bounds = words.map(|w| self.ident(&w, NameUse::Use)).collect();
                GenericParam { name, bounds }
            })
            .collect()
    }

    fn struct_decl(&self, p: P) -> StructDecl {
        let span = self.span(&p);
        let mut name = None;
        let mut generics = Vec::new();
        let mut fields = Vec::new();
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::word => name = Some(self.ident(&c, NameUse::Binding)),
                Rule::generics => generics = self.generics(c),
                Rule::field_list => fields = self.fields(c),
                _ => {}
            }
        }
        StructDecl {
            name: name.unwrap_or_else(|| self.missing_ident(span)),
            generics,
            fields,
        }
    }

    fn fields(&self, p: P) -> Vec<Field> {
        p.into_inner()
            .filter(|f| f.as_rule() == Rule::field)
            .map(|f| {
                let span = self.span(&f);
                let mut name = None;
                let mut ty = None;
                for c in f.into_inner() {
                    match c.as_rule() {
                        Rule::word => name = Some(self.ident(&c, NameUse::Binding)),
                        Rule::ty => ty = Some(self.ty(c)),
                        _ => {}
                    }
                }
                Field {
                    name: name.unwrap_or_else(|| self.missing_ident(span)),
                    ty: ty.unwrap_or_else(|| self.unit_ty(span)),
                    span,
                }
            })
            .collect()
    }

    fn enum_decl(&self, p: P) -> EnumDecl {
        let span = self.span(&p);
        let mut name = None;
        let mut generics = Vec::new();
        let mut variants = Vec::new();
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::word => name = Some(self.ident(&c, NameUse::Binding)),
                Rule::generics => generics = self.generics(c),
                Rule::variant_list => {
                    for v in c.into_inner().filter(|v| v.as_rule() == Rule::variant) {
                        variants.push(self.variant(v));
                    }
                }
                _ => {}
            }
        }
        EnumDecl {
            name: name.unwrap_or_else(|| self.missing_ident(span)),
            generics,
            variants,
        }
    }

    fn variant(&self, p: P) -> Variant {
        let span = self.span(&p);
        let mut name = None;
        let mut fields = VariantFields::Unit;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::word => name = Some(self.ident(&c, NameUse::Binding)),
                Rule::variant_tuple => {
                    fields = VariantFields::Tuple(
                        c.into_inner()
                            .filter(|t| t.as_rule() == Rule::ty)
                            .map(|t| self.ty(t))
                            .collect(),
                    )
                }
                Rule::field_list => fields = VariantFields::Struct(self.fields(c)),
                _ => {}
            }
        }
        Variant {
            name: name.unwrap_or_else(|| self.missing_ident(span)),
            fields,
            span,
        }
    }

    fn impl_decl(&self, p: P) -> ImplDecl {
        let span = self.span(&p);
        let mut generics = Vec::new();
        let mut target = None;
        let mut methods = Vec::new();
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::generics => generics = self.generics(c),
                Rule::ty => target = Some(self.ty(c)),
                Rule::impl_fn => {
                    for f in c.into_inner() {
                        match f.as_rule() {
                            Rule::kw_pub => self.error(
                                Diagnostic::warning(
                                    self.span(&f),
                                    "`pub` is not needed on a method",
                                )
                                .label("remove this `pub`")
                                .note("the methods of a `pub` type are public with it"),
                            ),
                            Rule::fn_decl => methods.push(self.fn_decl(f)),
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        ImplDecl {
            generics,
            target: target.unwrap_or_else(|| self.unit_ty(span)),
            methods,
        }
    }

    fn test_decl(&self, p: P) -> TestDecl {
        let span = self.span(&p);
        let mut name = String::new();
        let mut name_span = span;
        let mut body = None;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::string => {
                    name_span = self.span(&c);
                    name = self.plain_string(c, "a test name");
                }
                Rule::block => body = Some(self.block(c)),
                _ => {}
            }
        }
        TestDecl {
            name,
            name_span,
            body: body.unwrap_or(Block {
                stmts: Vec::new(),
                span,
            }),
        }
    }

    // -----------------------------------------------------------------------------------------
    // Types

    pub fn ty(&self, p: P) -> Type {
        self.ty_q(p, false)
    }

    /// A parameter's type (of a `fn` or a function type): the only place for `own`/`ref`/`mut`.
    pub(crate) fn param_ty(&self, p: P) -> Type {
        self.ty_q(p, true)
    }

    fn ty_q(&self, p: P, qualifier_ok: bool) -> Type {
        let span = self.span(&p);
        match p.as_rule() {
            Rule::ty => {
                let mut inner = p.into_inner();
                let first = inner.next();
                match first {
                    Some(m) if m.as_rule() == Rule::mode => {
                        let mode = mode_of(m.as_str());
                        if !qualifier_ok {
                            self.error(
                                Diagnostic::error(self.span(&m), format!("`{}` is allowed only on a parameter type", m.as_str()))
                                    .label("not a parameter type")
                                    .help("ownership qualifiers (`own`, `ref`, `mut`) go on function parameters: `fn f(x: ref T)`"),
                            );
                        }
                        let inner = inner
                            .next()
                            .map_or_else(|| self.unit_ty(span), |t| self.ty(t));
                        Type {
                            kind: TypeKind::Qualified {
                                mode,
                                inner: Box::new(inner),
                            },
                            span,
                        }
                    }
                    Some(t) => self.ty(t),
                    None => self.unit_ty(span),
                }
            }
            Rule::ty_core => {
                let mut inner = p.into_inner();
                let mut t = inner
                    .next()
                    .map_or_else(|| self.unit_ty(span), |a| self.ty(a));
                for q in inner {
                    let s = t.span.to(self.span(&q));
                    t = Type {
                        kind: TypeKind::Option(Box::new(t)),
                        span: s,
                    };
                }
                t
            }
            Rule::fn_ty => {
                let mut params = Vec::new();
                let mut ret = None;
                for c in p.into_inner() {
                    match c.as_rule() {
                        Rule::fn_ty_params => {
                            params = c.into_inner().map(|t| self.param_ty(t)).collect()
                        }
                        Rule::ty_core => ret = Some(self.ty(c)),
                        _ => {}
                    }
                }
                let ret = ret.unwrap_or_else(|| Type {
                    kind: TypeKind::Tuple(Vec::new()),
                    span,
                });
                Type {
                    kind: TypeKind::Fn {
                        params,
                        ret: Box::new(ret),
                    },
                    span,
                }
            }
            Rule::list_ty => {
                let inner = p
                    .into_inner()
                    .next()
                    .map_or_else(|| self.unit_ty(span), |t| self.ty(t));
                Type {
                    kind: TypeKind::List(Box::new(inner)),
                    span,
                }
            }
            Rule::tuple_ty => {
                let mut elems = Vec::new();
                let mut trail = false;
                for c in p.into_inner() {
                    match c.as_rule() {
                        Rule::trail => trail = true,
                        _ => elems.push(self.ty(c)),
                    }
                }
                if elems.len() == 1 && !trail {
                    // `(T)` is just `T`, as in Rust.
                    let mut t = elems.remove(0);
                    t.span = span;
                    return t;
                }
                Type {
                    kind: TypeKind::Tuple(elems),
                    span,
                }
            }
            Rule::wrapped_ty => {
                let mut wrapper = Wrapper::Shared;
                let mut inner = None;
                for c in p.into_inner() {
                    match c.as_rule() {
                        Rule::wrapper => {
                            wrapper = match c.as_str() {
                                "local" => Wrapper::Local,
                                "cell" => Wrapper::Cell,
                                _ => Wrapper::Shared,
                            }
                        }
                        _ => inner = Some(self.ty(c)),
                    }
                }
                Type {
                    kind: TypeKind::Wrapped {
                        wrapper,
                        inner: Box::new(inner.unwrap_or_else(|| self.unit_ty(span))),
                    },
                    span,
                }
            }
            Rule::named_ty => {
                let mut path = Vec::new();
                let mut args = Vec::new();
                for c in p.into_inner() {
                    match c.as_rule() {
                        Rule::path => {
                            path = c
                                .into_inner()
                                .map(|w| self.ident(&w, NameUse::Use))
                                .collect()
                        }
                        Rule::ty_args => args = c.into_inner().map(|t| self.ty(t)).collect(),
                        _ => {}
                    }
                }
                Type {
                    kind: TypeKind::Named { path, args },
                    span,
                }
            }
            _ => {
                self.internal(span, "type");
                self.unit_ty(span)
            }
        }
    }

    pub fn ty_args(&self, p: P) -> Vec<Type> {
        p.into_inner().map(|t| self.ty(t)).collect()
    }

    // -----------------------------------------------------------------------------------------
    // Statements

    pub fn block(&self, p: P) -> Block {
        let span = self.span(&p);
        let stmts = p
            .into_inner()
            .filter(|s| s.as_rule() == Rule::stmt)
            .map(|s| self.stmt(s))
            .collect();
        Block { stmts, span }
    }

    fn stmt(&self, p: P) -> Stmt {
        let full = self.span(&p);
        let mut semi = None;
        let mut body = None;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::semi => semi = Some(self.span(&c)),
                _ => body = Some(c),
            }
        }
        let Some(body) = body else {
            self.internal(full, "statement");
            return Stmt {
                kind: StmtKind::Expr {
                    expr: self.unit_expr(full),
                    semi: false,
                },
                span: full,
            };
        };
        let mut span = self.span(&body);
        if let Some(s) = semi {
            span = span.to(s);
        }
        let kind = match body.as_rule() {
            Rule::let_stmt => {
                let mut mutable = false;
                let mut pat = None;
                let mut ty = None;
                let mut init = None;
                for c in body.into_inner() {
                    match c.as_rule() {
                        Rule::kw_var => mutable = true,
                        Rule::pattern => pat = Some(self.pattern(c)),
                        Rule::ty => ty = Some(self.ty(c)),
                        Rule::expr => init = Some(self.expr(c)),
                        _ => {}
                    }
                }
                StmtKind::Let {
                    mutable,
                    pat: pat.unwrap_or_else(|| Pattern {
                        id: self.fresh(),
                        kind: PatternKind::Wild,
                        span,
                    }),
                    ty,
                    init: init.unwrap_or_else(|| self.unit_expr(span)),
                }
            }
            _ => {
                let mut exprs = Vec::new();
                let mut op = None;
                for c in body.into_inner() {
                    match c.as_rule() {
                        Rule::expr => exprs.push(self.expr(c)),
                        Rule::assign_op => op = Some(assign_op_of(c.as_str())),
                        _ => {}
                    }
                }
                let mut exprs = exprs.into_iter();
                let first = exprs.next().unwrap_or_else(|| self.unit_expr(span));
                match (op, exprs.next()) {
                    (Some(op), Some(value)) => StmtKind::Assign {
                        target: first,
                        op,
                        value,
                    },
                    _ => StmtKind::Expr {
                        expr: first,
                        semi: semi.is_some(),
                    },
                }
            }
        };
        Stmt { kind, span }
    }

    // -----------------------------------------------------------------------------------------
    // Patterns

    pub fn pattern(&self, p: P) -> Pattern {
        let span = self.span(&p);
        match p.as_rule() {
            Rule::pattern => {
                let mut alts: Vec<Pattern> = p.into_inner().map(|a| self.pattern(a)).collect();
                if alts.len() == 1 {
                    alts.remove(0)
                } else {
                    Pattern {
                        id: self.fresh(),
                        kind: PatternKind::Or(alts),
                        span,
                    }
                }
            }
            Rule::wild_pat => Pattern {
                id: self.fresh(),
                kind: PatternKind::Wild,
                span,
            },
            Rule::var_pat => {
                let name = p.into_inner().find(|w| w.as_rule() == Rule::word);
                let name = name.map_or_else(
                    || self.missing_ident(span),
                    |w| self.ident(&w, NameUse::Binding),
                );
                Pattern {
                    id: self.fresh(),
                    kind: PatternKind::Bind {
                        name,
                        mutable: true,
                    },
                    span,
                }
            }
            Rule::lit_pat => {
                let mut negative = false;
                let mut lit = Lit::None;
                for c in p.into_inner() {
                    match c.as_rule() {
                        Rule::op_neg => negative = true,
                        _ => lit = self.literal(c),
                    }
                }
                if let Lit::Str(parts) = &lit {
                    if parts.iter().any(|p| matches!(p, StrPart::Interp { .. })) {
                        self.error(
                            Diagnostic::error(
                                span,
                                "a string pattern cannot contain interpolation",
                            )
                            .help("write `{{` and `}}` for literal braces"),
                        );
                    }
                }
                Pattern {
                    id: self.fresh(),
                    kind: PatternKind::Lit { lit, negative },
                    span,
                }
            }
            Rule::range_pat => {
                let mut lo = None;
                let mut hi = None;
                let mut inclusive = false;
                for c in p.into_inner() {
                    match c.as_rule() {
                        Rule::range_op => {
                            inclusive = c.as_str() == "..=";
                            if !inclusive {
                                self.error(
                                    Diagnostic::error(self.span(&c), "exclusive range patterns are not allowed")
                                        .label("`..` in a pattern")
                                        .help("range patterns are inclusive: write `..=` with the last value"),
                                );
                            }
                        }
                        _ if lo.is_none() => lo = Some(self.pattern(c)),
                        _ => hi = Some(self.pattern(c)),
                    }
                }
                let lo = lo.unwrap_or_else(|| Pattern {
                    id: self.fresh(),
                    kind: PatternKind::Wild,
                    span,
                });
                let hi = hi.unwrap_or_else(|| Pattern {
                    id: self.fresh(),
                    kind: PatternKind::Wild,
                    span,
                });
                Pattern {
                    id: self.fresh(),
                    kind: PatternKind::Range {
                        lo: Box::new(lo),
                        hi: Box::new(hi),
                        inclusive,
                    },
                    span,
                }
            }
            Rule::tuple_pat => {
                let mut elems = Vec::new();
                let mut trail = false;
                for c in p.into_inner() {
                    match c.as_rule() {
                        Rule::trail => trail = true,
                        _ => elems.push(self.pattern(c)),
                    }
                }
                if elems.len() == 1 && !trail {
                    let mut only = elems.remove(0);
                    only.span = span;
                    return only;
                }
                Pattern {
                    id: self.fresh(),
                    kind: PatternKind::Tuple(elems),
                    span,
                }
            }
            Rule::path_pat => {
                let mut path_pair = None;
                let mut args = None;
                let mut fields = None;
                for c in p.into_inner() {
                    match c.as_rule() {
                        Rule::path => path_pair = Some(c),
                        Rule::pat_args => {
                            args = Some(c.into_inner().map(|a| self.pattern(a)).collect())
                        }
                        Rule::pat_fields => fields = Some(self.field_pats(c)),
                        _ => {}
                    }
                }
                let words: Vec<P> = path_pair
                    .map(|pp| pp.into_inner().collect())
                    .unwrap_or_default();
                let id = self.fresh();
                if args.is_none() && fields.is_none() && words.len() == 1 {
                    let name = self.ident(&words[0], NameUse::Binding);
                    return Pattern {
                        id,
                        kind: PatternKind::Bind {
                            name,
                            mutable: false,
                        },
                        span,
                    };
                }
                let path: Vec<Ident> = words.iter().map(|w| self.ident(w, NameUse::Use)).collect();
                let kind = match fields {
                    Some((fields, rest)) => PatternKind::Struct { path, fields, rest },
                    None => PatternKind::Variant { path, args },
                };
                Pattern { id, kind, span }
            }
            _ => {
                self.internal(span, "pattern");
                Pattern {
                    id: self.fresh(),
                    kind: PatternKind::Wild,
                    span,
                }
            }
        }
    }

    fn field_pats(&self, p: P) -> (Vec<FieldPat>, bool) {
        let mut fields = Vec::new();
        let mut rest = false;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::rest => {
                    if rest {
                        self.error(Diagnostic::error(
                            self.span(&c),
                            "`..` can appear only once in a struct pattern",
                        ));
                    }
                    rest = true;
                }
                Rule::pat_field => {
                    if rest {
                        self.error(
                            Diagnostic::error(
                                self.span(&c),
                                "`..` must be the last thing in a struct pattern",
                            )
                            .help("move `..` to the end"),
                        );
                    }
                    let mut inner = c.into_inner();
                    let Some(w) = inner.next() else { continue };
                    let pat = inner.next().map(|q| self.pattern(q));
                    // The shorthand `{ w }` also binds `w`.
                    let usage = if pat.is_none() {
                        NameUse::Binding
                    } else {
                        NameUse::Use
                    };
                    let name = self.ident(&w, usage);
                    fields.push(FieldPat { name, pat });
                }
                _ => {}
            }
        }
        (fields, rest)
    }

    // -----------------------------------------------------------------------------------------
    // Placeholders for parts the grammar guarantees (used only if it ever does not).

    pub fn missing_ident(&self, span: Span) -> Ident {
        self.internal(span, "missing name");
        Ident {
            name: String::new(),
            span,
        }
    }

    pub fn unit_ty(&self, span: Span) -> Type {
        Type {
            kind: TypeKind::Tuple(Vec::new()),
            span,
        }
    }

    pub fn unit_expr(&self, span: Span) -> Expr {
        Expr {
            id: self.fresh(),
            kind: ExprKind::Tuple(Vec::new()),
            span,
        }
    }
}

pub(super) fn mode_of(s: &str) -> Mode {
    match s {
        "ref" => Mode::Ref,
        "mut" => Mode::Mut,
        _ => Mode::Own,
    }
}

fn assign_op_of(s: &str) -> AssignOp {
    let op = match s {
        "+=" => BinOp::Add,
        "-=" => BinOp::Sub,
        "*=" => BinOp::Mul,
        "/=" => BinOp::Div,
        "%=" => BinOp::Rem,
        "&=" => BinOp::BitAnd,
        "|=" => BinOp::BitOr,
        "^=" => BinOp::BitXor,
        "<<=" => BinOp::Shl,
        ">>=" => BinOp::Shr,
        _ => return AssignOp::Assign,
    };
    AssignOp::Compound(op)
}
