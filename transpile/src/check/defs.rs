//! The item tables: every module's functions, constants, structs, enums, methods and imports,
//! with resolved signatures. Built before any body is checked, so bodies may use items defined
//! later in the file or in other modules.

use std::collections::HashMap;

use aurora_grammar::ast::{self, ItemKind, Mode, Program, TypeKind, VariantFields};
use aurora_grammar::{Diagnostic, Errors, Span};

use super::suggest;
use super::types::{Pos, TypeCx};
use super::Ty;
use crate::builtins;

#[derive(Debug, Clone)]
pub(crate) struct ParamDef {
    pub name: String,
    pub mode: Mode,
    /// The full type: `Ref(T)` for `ref T`, `Mut(T)` for `mut T`.
    pub ty: Ty,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub(crate) struct FnDef {
    pub name: String,
    pub span: Span,
    pub public: bool,
    /// The generics of the enclosing `impl` (for methods), then the function's own.
    pub generics: Vec<String>,
    pub self_mode: Option<Mode>,
    pub params: Vec<ParamDef>,
    pub ret: Ty,
}

#[derive(Debug, Clone)]
pub(crate) struct FieldDef {
    pub name: String,
    pub ty: Ty,
}

#[derive(Debug, Clone)]
pub(crate) enum VariantKind {
    Unit,
    Tuple(Vec<Ty>),
    Struct(Vec<FieldDef>),
}

#[derive(Debug, Clone)]
pub(crate) struct VariantDef {
    pub name: String,
    pub span: Span,
    pub kind: VariantKind,
}

#[derive(Debug, Clone)]
pub(crate) enum TypeDefKind {
    Struct(Vec<FieldDef>),
    Enum(Vec<VariantDef>),
}

#[derive(Debug, Clone)]
pub(crate) struct TypeDef {
    pub module: usize,
    pub name: String,
    pub span: Span,
    pub public: bool,
    pub generics: Vec<String>,
    pub kind: TypeDefKind,
}

impl TypeDef {
    pub fn variant(&self, name: &str) -> Option<&VariantDef> {
        match &self.kind {
            TypeDefKind::Enum(vs) => vs.iter().find(|v| v.name == name),
            TypeDefKind::Struct(_) => None,
        }
    }

    pub fn is_enum(&self) -> bool {
        matches!(self.kind, TypeDefKind::Enum(_))
    }
}

#[derive(Debug, Clone)]
pub(crate) struct ConstDef {
    pub name: String,
    pub span: Span,
    pub public: bool,
    pub ty: Ty,
    /// A `task_local` (read like a constant, bound with `with`), not a `const`.
    pub task_local: bool,
}

#[derive(Debug, Clone)]
pub(crate) enum ItemDef {
    Fn(FnDef),
    Const(ConstDef),
    Type(TypeDef),
}

impl ItemDef {
    pub fn span(&self) -> Span {
        match self {
            ItemDef::Fn(f) => f.span,
            ItemDef::Const(c) => c.span,
            ItemDef::Type(t) => t.span,
        }
    }

    pub fn public(&self) -> bool {
        match self {
            ItemDef::Fn(f) => f.public,
            ItemDef::Const(c) => c.public,
            ItemDef::Type(t) => t.public,
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Import {
    pub module: usize,
    pub name: String,
    pub span: Span,
}

#[derive(Debug, Default)]
pub(crate) struct ModDefs {
    pub name: String,
    /// Functions, constants and types share one namespace.
    pub items: HashMap<String, ItemDef>,
    /// Names brought in by `use m.{A, f}`.
    pub imports: HashMap<String, Import>,
    /// Modules named by `use m` (or `use m.{..}`): their local name -> module index.
    pub uses: HashMap<String, usize>,
    /// Names of `use`d modules the loader could not load (already reported): uses of these
    /// names are not reported again.
    pub missing: Vec<String>,
}

#[derive(Debug, Default)]
pub(crate) struct Defs {
    pub modules: Vec<ModDefs>,
    /// Methods and associated functions, by (type's module, type name), then method name.
    pub methods: HashMap<(usize, String), HashMap<String, FnDef>>,
}

/// What a module-level name resolves to.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Found<'a> {
    Item(usize, &'a ItemDef),
    Module(usize),
}

impl Defs {
    /// Look `name` up among module `module`'s own items, its imports and its used modules.
    pub fn lookup(&self, module: usize, name: &str) -> Option<Found<'_>> {
        let md = self.modules.get(module)?;
        if let Some(item) = md.items.get(name) {
            return Some(Found::Item(module, item));
        }
        if let Some(imp) = md.imports.get(name) {
            let item = self.modules.get(imp.module)?.items.get(&imp.name)?;
            return Some(Found::Item(imp.module, item));
        }
        md.uses.get(name).map(|m| Found::Module(*m))
    }

    /// An item of module `module` seen from another module (no imports followed).
    pub fn member(&self, module: usize, name: &str) -> Option<&ItemDef> {
        self.modules.get(module)?.items.get(name)
    }

    pub fn type_def(&self, module: usize, name: &str) -> Option<&TypeDef> {
        match self.member(module, name)? {
            ItemDef::Type(t) => Some(t),
            _ => None,
        }
    }

    /// The type definition behind an `Adt` type.
    pub fn adt(&self, ty: &Ty) -> Option<&TypeDef> {
        match ty.peel() {
            Ty::Adt { module, name, .. } => {
                let m = self.module_index(module)?;
                self.type_def(m, name)
            }
            _ => None,
        }
    }

    pub fn module_index(&self, name: &str) -> Option<usize> {
        self.modules.iter().position(|m| m.name == name)
    }

    pub fn method(&self, module: usize, type_name: &str, method: &str) -> Option<&FnDef> {
        self.methods
            .get(&(module, type_name.to_string()))?
            .get(method)
    }

    /// Every name visible at module level in `module` (for "did you mean" suggestions).
    pub fn visible_names(&self, module: usize) -> Vec<&str> {
        let Some(md) = self.modules.get(module) else {
            return Vec::new();
        };
        md.items
            .keys()
            .chain(md.imports.keys())
            .chain(md.uses.keys())
            .map(String::as_str)
            .collect()
    }
}

fn item_name(kind: &ItemKind) -> Option<&ast::Ident> {
    match kind {
        ItemKind::Const(c) | ItemKind::TaskLocal(c) => Some(&c.name),
        ItemKind::Fn(f) => Some(&f.name),
        ItemKind::Struct(s) => Some(&s.name),
        ItemKind::Enum(e) => Some(&e.name),
        ItemKind::Use(_) | ItemKind::Impl(_) | ItemKind::Test(_) => None,
    }
}

fn duplicate(errors: &mut Errors, what: &str, name: &str, span: Span, first: Span) {
    errors.push(
        Diagnostic::error(span, format!("the {what} `{name}` is defined twice"))
            .label("defined again here")
            .secondary(first, "first defined here")
            .help(format!(
                "rename or remove one of the two definitions of `{name}`"
            )),
    );
}

fn item_kind_word(kind: &ItemKind) -> &'static str {
    match kind {
        ItemKind::Const(_) => "constant",
        ItemKind::TaskLocal(_) => "task-local",
        ItemKind::Fn(_) => "function",
        ItemKind::Struct(_) => "struct",
        ItemKind::Enum(_) => "enum",
        ItemKind::Use(_) | ItemKind::Impl(_) | ItemKind::Test(_) => "item",
    }
}

/// Reject item names that the generated Rust or the built-ins need.
fn check_item_name(errors: &mut Errors, what: &str, name: &ast::Ident) {
    let n = name.name.as_str();
    // The parser already rejects functions and types named `some`, `ok`, `err`.
    if what != "constant" && aurora_grammar::keywords::BUILTIN_FNS.contains(&n) {
        return;
    }
    let why = if builtins::function(n).is_some() {
        "it is a built-in"
    } else if builtins::RESERVED_ITEM_NAMES.contains(&n) {
        "the generated Rust uses that name"
    } else if matches!(what, "struct" | "enum") && builtins::TYPE_NAMES.contains(&n) {
        "it is a built-in type"
    } else {
        return;
    };
    errors.push(
        Diagnostic::error(
            name.span,
            format!(
                "{} {what} cannot be named `{n}`: {why}",
                if what.starts_with('e') { "an" } else { "a" }
            ),
        )
        .label("reserved name")
        .help("pick another name"),
    );
}

/// Check generic parameter lists: known bounds, no duplicates.
pub(crate) fn check_generics(
    errors: &mut Errors,
    generics: &[ast::GenericParam],
    outer: &[String],
) {
    let mut seen: HashMap<&str, Span> = HashMap::new();
    for g in generics {
        if let Some(first) = seen.insert(g.name.name.as_str(), g.name.span) {
            duplicate(
                errors,
                "generic parameter",
                &g.name.name,
                g.name.span,
                first,
            );
        } else if outer.contains(&g.name.name) {
            errors.push(
                Diagnostic::error(
                    g.name.span,
                    format!(
                        "generic parameter `{}` is already declared by the `impl`",
                        g.name.name
                    ),
                )
                .label("shadows the `impl`'s parameter")
                .help("choose another name"),
            );
        }
        for b in &g.bounds {
            if !builtins::BOUNDS.contains(&b.name.as_str()) {
                let mut d = Diagnostic::error(b.span, format!("unknown bound `{}`", b.name))
                    .label("not a bound Aurora knows");
                d = match suggest::nearest(&b.name, builtins::BOUNDS.iter().copied()) {
                    Some(s) => d.help(format!("did you mean `{s}`?")),
                    None => d.help(format!("bounds are: {}", builtins::BOUNDS.join(", "))),
                };
                errors.push(d);
            }
        }
    }
}

fn generic_names(generics: &[ast::GenericParam]) -> Vec<String> {
    generics.iter().map(|g| g.name.name.clone()).collect()
}

/// Build every module's tables, reporting duplicate and badly named items, bad imports and
/// bad types in signatures.
pub(crate) fn collect(program: &Program, errors: &mut Errors) -> Defs {
    let mut defs = Defs::default();
    // Pass 1: names, with placeholder types so that type names resolve in pass 3.
    for (mi, module) in program.modules.iter().enumerate() {
        let mut md = ModDefs {
            name: module.name.clone(),
            ..ModDefs::default()
        };
        for item in &module.items {
            let Some(name) = item_name(&item.kind) else {
                continue;
            };
            check_item_name(errors, item_kind_word(&item.kind), name);
            let def = match &item.kind {
                ItemKind::Const(_) | ItemKind::TaskLocal(_) => ItemDef::Const(ConstDef {
                    name: name.name.clone(),
                    span: name.span,
                    public: item.public,
                    ty: Ty::Unknown,
                    task_local: matches!(item.kind, ItemKind::TaskLocal(_)),
                }),
                ItemKind::Fn(f) => ItemDef::Fn(FnDef {
                    name: name.name.clone(),
                    span: name.span,
                    public: item.public,
                    generics: generic_names(&f.generics),
                    self_mode: None,
                    params: Vec::new(),
                    ret: Ty::Unit,
                }),
                ItemKind::Struct(s) => ItemDef::Type(TypeDef {
                    module: mi,
                    name: name.name.clone(),
                    span: name.span,
                    public: item.public,
                    generics: generic_names(&s.generics),
                    kind: TypeDefKind::Struct(Vec::new()),
                }),
                ItemKind::Enum(e) => ItemDef::Type(TypeDef {
                    module: mi,
                    name: name.name.clone(),
                    span: name.span,
                    public: item.public,
                    generics: generic_names(&e.generics),
                    kind: TypeDefKind::Enum(Vec::new()),
                }),
                _ => continue,
            };
            if let Some(first) = md.items.get(&name.name) {
                duplicate(
                    errors,
                    item_kind_word(&item.kind),
                    &name.name,
                    name.span,
                    first.span(),
                );
            } else {
                md.items.insert(name.name.clone(), def);
            }
        }
        defs.modules.push(md);
    }
    // Pass 2: imports.
    for (mi, module) in program.modules.iter().enumerate() {
        for item in &module.items {
            if let ItemKind::Use(u) = &item.kind {
                collect_use(&mut defs, mi, u, errors);
            }
        }
    }
    // Pass 3: signatures, fields, variants, methods.
    for (mi, module) in program.modules.iter().enumerate() {
        for item in &module.items {
            signatures(&mut defs, mi, item, mi == 0, errors);
        }
    }
    defs
}

fn collect_use(defs: &mut Defs, mi: usize, u: &ast::UseDecl, errors: &mut Errors) {
    let Some(last) = u.path.last() else { return };
    // The loader reports modules it cannot find; a missing one here was already reported.
    let Some(target) = defs.module_index(&last.name) else {
        if let Some(md) = defs.modules.get_mut(mi) {
            md.missing.push(last.name.clone());
            if let Some(names) = &u.names {
                md.missing.extend(names.iter().map(|n| n.name.clone()));
            }
        }
        return;
    };
    if let Some(md) = defs.modules.get_mut(mi) {
        md.uses.insert(last.name.clone(), target);
    }
    let Some(names) = &u.names else { return };
    for name in names {
        let n = &name.name;
        let found = defs.member(target, n).map(|d| (d.public(), d.span()));
        match found {
            None => {
                let candidates: Vec<&str> = defs.modules[target]
                    .items
                    .iter()
                    .filter(|(_, d)| d.public())
                    .map(|(k, _)| k.as_str())
                    .collect();
                let mut d = Diagnostic::error(
                    name.span,
                    format!("module `{}` has no item `{n}`", last.name),
                )
                .label("not found in that module");
                if let Some(s) = suggest::nearest(n, candidates.into_iter()) {
                    d = d.help(format!("did you mean `{s}`?"));
                }
                errors.push(d);
            }
            Some((public, def_span)) => {
                if !public {
                    errors.push(private_item(name.span, n, &last.name, def_span));
                }
                let md = &mut defs.modules[mi];
                if let Some(first) = md
                    .items
                    .get(n)
                    .map(ItemDef::span)
                    .or(md.imports.get(n).map(|i| i.span))
                {
                    duplicate(errors, "name", n, name.span, first);
                } else {
                    md.imports.insert(
                        n.clone(),
                        Import {
                            module: target,
                            name: n.clone(),
                            span: name.span,
                        },
                    );
                }
            }
        }
    }
}

pub(crate) fn private_item(span: Span, name: &str, module: &str, def: Span) -> Diagnostic {
    Diagnostic::error(span, format!("`{name}` is private to module `{module}`"))
        .label("not visible here")
        .secondary(def, format!("`{name}` is defined here without `pub`"))
        .help(format!("mark it `pub` in `{module}`: `pub {name}`"))
}

/// Check a parameter list for duplicate names.
fn check_params(errors: &mut Errors, params: &[ast::Param]) {
    let mut seen: HashMap<&str, Span> = HashMap::new();
    for p in params {
        if p.name.name == "_" {
            continue;
        }
        if let Some(first) = seen.insert(&p.name.name, p.name.span) {
            errors.push(
                Diagnostic::error(
                    p.name.span,
                    format!("parameter `{}` is declared twice", p.name.name),
                )
                .label("second declaration")
                .secondary(first, "first declared here")
                .help("rename one of the parameters"),
            );
        }
    }
}

fn check_fields(errors: &mut Errors, fields: &[ast::Field], owner: &str) {
    let mut seen: HashMap<&str, Span> = HashMap::new();
    for f in fields {
        if let Some(first) = seen.insert(&f.name.name, f.name.span) {
            errors.push(
                Diagnostic::error(
                    f.name.span,
                    format!("field `{}` is declared twice in `{owner}`", f.name.name),
                )
                .label("second declaration")
                .secondary(first, "first declared here")
                .help("rename or remove one of the fields"),
            );
        }
    }
}

/// The resolved signature of a function or method.
pub(crate) fn fn_def(
    cx: &TypeCx,
    mi: usize,
    f: &ast::FnDecl,
    public: bool,
    errors: &mut Errors,
) -> FnDef {
    let params = f
        .params
        .iter()
        .map(|p| {
            let (mode, ty) = match &p.ty.kind {
                TypeKind::Qualified { mode, .. } => (*mode, cx.ty(&p.ty, Pos::Param, errors)),
                _ => (Mode::Own, cx.ty(&p.ty, Pos::Param, errors)),
            };
            ParamDef {
                name: p.name.name.clone(),
                mode,
                ty,
                span: p.name.span,
            }
        })
        .collect();
    let ret = match &f.ret {
        Some(t) => cx.ty(t, Pos::Return, errors),
        None => Ty::Unit,
    };
    let _ = mi;
    FnDef {
        name: f.name.name.clone(),
        span: f.name.span,
        public,
        generics: cx.generics.clone(),
        self_mode: f.self_param.as_ref().map(|s| s.mode),
        params,
        ret,
    }
}

fn field_defs(cx: &TypeCx, fields: &[ast::Field], errors: &mut Errors) -> Vec<FieldDef> {
    fields
        .iter()
        .map(|f| FieldDef {
            name: f.name.name.clone(),
            ty: cx.ty(&f.ty, Pos::Other, errors),
        })
        .collect()
}

fn signatures(defs: &mut Defs, mi: usize, item: &ast::Item, is_root: bool, errors: &mut Errors) {
    match &item.kind {
        ItemKind::Fn(f) => {
            check_generics(errors, &f.generics, &[]);
            check_params(errors, &f.params);
            if is_root && f.name.name == "main" && (!f.params.is_empty() || f.self_param.is_some())
            {
                errors.push(
                    Diagnostic::error(f.name.span, "`main` takes no parameters")
                        .label("parameters declared here")
                        .help("read command-line arguments with `args()`"),
                );
            }
            let is_main = is_root && f.name.name == "main";
            if let (Some(sp), false) = (&f.self_param, is_main) {
                errors.push(
                    Diagnostic::error(sp.span, "a function outside `impl` cannot take `self`")
                        .label("`self` is only for methods")
                        .help(format!(
                            "move `{}` into an `impl` block, or give the parameter a name and a type",
                            f.name.name
                        )),
                );
            }
            if !is_root && f.name.name == "main" {
                errors.push(
                    Diagnostic::error(f.name.span, "only the root file may define `main`")
                        .label("this module is used by another file, so `main` would never run")
                        .help("rename this function, or move it to the file given to `aurora2rs`"),
                );
            }
            let cx = TypeCx::new(defs, mi, generic_names(&f.generics), None);
            let def = fn_def(&cx, mi, f, item.public, errors);
            if is_root && f.name.name == "main" {
                let ok = match &def.ret {
                    Ty::Unit | Ty::Unknown => true,
                    Ty::Result(t, _) => matches!(**t, Ty::Unit | Ty::Unknown),
                    _ => false,
                };
                if !ok {
                    let span = f.ret.as_ref().map_or(f.name.span, |t| t.span);
                    errors.push(
                        Diagnostic::error(span, "`main` must return `()` or `Result[(), E]`")
                            .label("unsupported return type")
                            .help("print the result instead of returning it"),
                    );
                }
            }
            if let Some(ItemDef::Fn(slot)) = defs.modules[mi].items.get_mut(&f.name.name) {
                if slot.span == f.name.span {
                    *slot = def;
                }
            }
        }
        ItemKind::Const(c) | ItemKind::TaskLocal(c) => {
            let cx = TypeCx::new(defs, mi, Vec::new(), None);
            let ty = cx.ty(&c.ty, Pos::Other, errors);
            if let Some(ItemDef::Const(slot)) = defs.modules[mi].items.get_mut(&c.name.name) {
                if slot.span == c.name.span {
                    slot.ty = ty;
                }
            }
        }
        ItemKind::Struct(s) => {
            check_generics(errors, &s.generics, &[]);
            check_fields(errors, &s.fields, &s.name.name);
            let cx = TypeCx::new(defs, mi, generic_names(&s.generics), None);
            let fields = field_defs(&cx, &s.fields, errors);
            if let Some(ItemDef::Type(slot)) = defs.modules[mi].items.get_mut(&s.name.name) {
                if slot.span == s.name.span {
                    slot.kind = TypeDefKind::Struct(fields);
                }
            }
        }
        ItemKind::Enum(e) => {
            check_generics(errors, &e.generics, &[]);
            let cx = TypeCx::new(defs, mi, generic_names(&e.generics), None);
            let mut seen: HashMap<&str, Span> = HashMap::new();
            let mut variants = Vec::new();
            for v in &e.variants {
                if let Some(first) = seen.insert(&v.name.name, v.name.span) {
                    errors.push(
                        Diagnostic::error(
                            v.name.span,
                            format!(
                                "variant `{}` is declared twice in `{}`",
                                v.name.name, e.name.name
                            ),
                        )
                        .label("second declaration")
                        .secondary(first, "first declared here")
                        .help("rename or remove one of the variants"),
                    );
                    continue;
                }
                let kind = match &v.fields {
                    VariantFields::Unit => VariantKind::Unit,
                    VariantFields::Tuple(ts) => VariantKind::Tuple(
                        ts.iter().map(|t| cx.ty(t, Pos::Other, errors)).collect(),
                    ),
                    VariantFields::Struct(fs) => {
                        check_fields(errors, fs, &format!("{}.{}", e.name.name, v.name.name));
                        VariantKind::Struct(field_defs(&cx, fs, errors))
                    }
                };
                variants.push(VariantDef {
                    name: v.name.name.clone(),
                    span: v.name.span,
                    kind,
                });
            }
            if let Some(ItemDef::Type(slot)) = defs.modules[mi].items.get_mut(&e.name.name) {
                if slot.span == e.name.span {
                    slot.kind = TypeDefKind::Enum(variants);
                }
            }
        }
        ItemKind::Impl(imp) => impl_signatures(defs, mi, imp, errors),
        ItemKind::Use(_) | ItemKind::Test(_) => {}
    }
}

/// The user type an `impl` block is for, with its self type, or an error.
pub(crate) fn impl_target(
    defs: &Defs,
    mi: usize,
    imp: &ast::ImplDecl,
    errors: Option<&mut Errors>,
) -> Option<(usize, String, Ty)> {
    let generics = generic_names(&imp.generics);
    let TypeKind::Named { path, .. } = &imp.target.kind else {
        if let Some(errors) = errors {
            errors.push(
                Diagnostic::error(
                    imp.target.span,
                    "methods can only be added to structs and enums",
                )
                .label("not a struct or enum")
                .help("write `impl Name { .. }` for a struct or enum defined in Aurora"),
            );
        }
        return None;
    };
    let mut scratch = Errors::new();
    let cx = TypeCx::new(defs, mi, generics, None);
    let errs = match errors {
        Some(e) => e,
        None => &mut scratch,
    };
    let ty = cx.ty(&imp.target, Pos::Other, errs);
    match &ty {
        Ty::Adt { module, name, .. } => {
            let tm = defs.module_index(module)?;
            Some((tm, name.clone(), ty.clone()))
        }
        Ty::Unknown => None,
        _ => {
            let name = path
                .iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>()
                .join(".");
            errs.push(
                Diagnostic::error(
                    imp.target.span,
                    format!("cannot add methods to built-in type `{name}`"),
                )
                .label("built-in type")
                .help("wrap it in a struct and add methods to that"),
            );
            None
        }
    }
}

fn impl_signatures(defs: &mut Defs, mi: usize, imp: &ast::ImplDecl, errors: &mut Errors) {
    check_generics(errors, &imp.generics, &[]);
    let Some((tm, tname, self_ty)) = impl_target(defs, mi, imp, Some(errors)) else {
        return;
    };
    if tm != mi {
        errors.push(
            Diagnostic::error(
                imp.target.span,
                format!("methods of `{tname}` must be defined in its own module"),
            )
            .label(format!(
                "`{tname}` is defined in module `{}`",
                defs.modules[tm].name
            ))
            .help(format!(
                "move this `impl` block to `{}.aur`",
                defs.modules[tm].name
            )),
        );
        return;
    }
    let impl_generics = generic_names(&imp.generics);
    let mut new_methods: Vec<FnDef> = Vec::new();
    for f in &imp.methods {
        check_generics(errors, &f.generics, &impl_generics);
        check_params(errors, &f.params);
        let mut generics = impl_generics.clone();
        generics.extend(generic_names(&f.generics));
        let cx = TypeCx::new(defs, mi, generics, Some(self_ty.clone()));
        new_methods.push(fn_def(&cx, mi, f, true, errors));
    }
    let type_def = defs.type_def(tm, &tname);
    let variant_spans: HashMap<String, Span> = match type_def.map(|t| &t.kind) {
        Some(TypeDefKind::Enum(vs)) => vs.iter().map(|v| (v.name.clone(), v.span)).collect(),
        _ => HashMap::new(),
    };
    let table = defs.methods.entry((tm, tname.clone())).or_default();
    for def in new_methods {
        if let Some(first) = table.get(&def.name) {
            errors.push(
                Diagnostic::error(
                    def.span,
                    format!(
                        "method `{}` is defined more than once for `{tname}`",
                        def.name
                    ),
                )
                .label("redefined here")
                .secondary(first.span, "first defined here")
                .help("rename one of the methods"),
            );
        } else if let Some(vspan) = variant_spans.get(&def.name) {
            errors.push(
                Diagnostic::error(
                    def.span,
                    format!("`{tname}.{}` is both a variant and a method", def.name),
                )
                .label("method defined here")
                .secondary(*vspan, "variant declared here")
                .help("rename the method"),
            );
        } else {
            table.insert(def.name.clone(), def);
        }
    }
}
