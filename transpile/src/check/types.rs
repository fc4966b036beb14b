//! Written types (`ast::Type`) to checker types ([`Ty`]), reporting unknown type names, wrong
//! numbers of type arguments, and function types or ownership qualifiers where they are not
//! allowed.

use aurora_grammar::ast::{self, Mode, TypeKind};
use aurora_grammar::{Diagnostic, Errors};

use super::defs::{private_item, Defs, Found, ItemDef};
use super::suggest;
use super::Ty;
use crate::builtins;

/// Where a type is written: function types and `ref`/`mut` are only allowed on parameters
/// (and function types on return types).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pos {
    Param,
    Return,
    Other,
}

pub(crate) struct TypeCx<'a> {
    pub defs: &'a Defs,
    pub module: usize,
    pub generics: Vec<String>,
    /// The type `Self` stands for inside an `impl`.
    pub self_ty: Option<Ty>,
}

/// Hints for names people bring from other languages.
fn foreign_hint(name: &str) -> Option<&'static str> {
    Some(match name {
        "String" | "string" | "String?" => "Aurora's string type is `str`",
        "Vec" | "List" | "list" => "write a list type as `[T]`",
        "HashMap" | "Dict" | "dict" => "write a map type as `Map[K, V]`",
        "HashSet" => "write a set type as `Set[T]`",
        "Option" | "Optional" => "write an optional type as `T?`",
        "i64" => "write `int`",
        "f64" | "double" => "write `float`",
        "boolean" | "Bool" => "write `bool`",
        "Int" | "integer" => "write `int`",
        "Float" => "write `float`",
        "Str" => "write `str`",
        _ => return None,
    })
}

impl<'a> TypeCx<'a> {
    pub fn new(
        defs: &'a Defs,
        module: usize,
        generics: Vec<String>,
        self_ty: Option<Ty>,
    ) -> TypeCx<'a> {
        TypeCx {
            defs,
            module,
            generics,
            self_ty,
        }
    }

    pub fn ty(&self, t: &ast::Type, pos: Pos, errors: &mut Errors) -> Ty {
        match &t.kind {
            TypeKind::Qualified { mode, inner } => {
                if pos != Pos::Param {
                    let q = match mode {
                        Mode::Own => "own",
                        Mode::Ref => "ref",
                        Mode::Mut => "mut",
                    };
                    errors.push(
                        Diagnostic::error(
                            t.span,
                            format!("`{q}` is allowed only on a parameter type"),
                        )
                        .label("not a parameter type")
                        .help(format!("remove `{q}` here")),
                    );
                }
                let inner = self.ty(inner, pos, errors);
                match mode {
                    Mode::Own => inner,
                    Mode::Ref => Ty::Ref(Box::new(inner)),
                    Mode::Mut => Ty::Mut(Box::new(inner)),
                }
            }
            TypeKind::Fn { params, ret } => {
                if pos == Pos::Other {
                    errors.push(
                        Diagnostic::error(t.span, "function types are only allowed as parameter and return types")
                            .label("function type here")
                            .help("take the function as a parameter (`f: fn(int) -> int`) or use a closure directly"),
                    );
                }
                let ps = params
                    .iter()
                    .map(|p| self.ty(p, Pos::Other, errors))
                    .collect();
                Ty::Fn(ps, Box::new(self.ty(ret, Pos::Other, errors)))
            }
            TypeKind::List(inner) => Ty::List(Box::new(self.ty(inner, Pos::Other, errors))),
            TypeKind::Option(inner) => Ty::Option(Box::new(self.ty(inner, Pos::Other, errors))),
            TypeKind::Tuple(ts) if ts.is_empty() => Ty::Unit,
            TypeKind::Tuple(ts) => {
                Ty::Tuple(ts.iter().map(|t| self.ty(t, Pos::Other, errors)).collect())
            }
            TypeKind::Named { path, args } => self.named(t, path, args, errors),
            TypeKind::Wrapped { wrapper, inner } => {
                let inner = Box::new(self.ty(inner, Pos::Other, errors));
                match wrapper {
                    ast::Wrapper::Shared => Ty::Shared(inner),
                    ast::Wrapper::Local => Ty::Local(inner),
                    ast::Wrapper::Cell => Ty::Cell(inner),
                }
            }
        }
    }

    fn named(
        &self,
        t: &ast::Type,
        path: &[ast::Ident],
        args: &[ast::Type],
        errors: &mut Errors,
    ) -> Ty {
        let mut arg_tys: Vec<Ty> = args
            .iter()
            .map(|a| self.ty(a, Pos::Other, errors))
            .collect();
        let Some(first) = path.first() else {
            return Ty::Unknown;
        };
        if path.len() == 1 {
            let n = first.name.as_str();
            let builtin_arity = |want: usize, errors: &mut Errors| {
                if args.len() != want {
                    errors.push(
                        Diagnostic::error(
                            t.span,
                            format!(
                                "`{n}` takes {want} type argument{}, but {} {} given",
                                plural(want),
                                args.len(),
                                were(args.len())
                            ),
                        )
                        .label("wrong number of type arguments")
                        .help(match n {
                            "Map" => "write `Map[K, V]`",
                            "Set" => "write `Set[T]`",
                            "Result" => "write `Result[T, E]`",
                            "Task" => "write `Task[T]`",
                            "mutex" => "write `mutex[T]`",
                            "rwlock" => "write `rwlock[T]`",
                            "atomic" => "write `atomic[int]` (or `bool`, or a sized integer)",
                            "Outcome" => "write `Outcome[T]`",
                            "Sender" => "write `Sender[T]`",
                            "Receiver" => "write `Receiver[T]`",
                            _ => "remove the type arguments",
                        }),
                    );
                    false
                } else {
                    true
                }
            };
            let simple = match n {
                "int" | "i64" => Some(Ty::Int),
                "float" | "f64" => Some(Ty::Float),
                "bool" => Some(Ty::Bool),
                "char" => Some(Ty::Char),
                "str" => Some(Ty::Str),
                "duration" => Some(Ty::Duration),
                "instant" => Some(Ty::Instant),
                _ => builtins::sized(n).map(Ty::Sized),
            };
            if let Some(ty) = simple {
                builtin_arity(0, errors);
                return ty;
            }
            match n {
                "Map" => {
                    if !builtin_arity(2, errors) {
                        return Ty::Map(Box::new(Ty::Unknown), Box::new(Ty::Unknown));
                    }
                    let v = arg_tys.pop().unwrap_or(Ty::Unknown);
                    let k = arg_tys.pop().unwrap_or(Ty::Unknown);
                    return Ty::Map(Box::new(k), Box::new(v));
                }
                "Set" => {
                    builtin_arity(1, errors);
                    return Ty::Set(Box::new(arg_tys.into_iter().next().unwrap_or(Ty::Unknown)));
                }
                "Result" => {
                    if !builtin_arity(2, errors) {
                        return Ty::Result(Box::new(Ty::Unknown), Box::new(Ty::Unknown));
                    }
                    let e = arg_tys.pop().unwrap_or(Ty::Unknown);
                    let v = arg_tys.pop().unwrap_or(Ty::Unknown);
                    return Ty::Result(Box::new(v), Box::new(e));
                }
                // `Task[T]`, the handle `spawn` gives, unless the program names a type `Task`.
                "Task"
                    if !matches!(
                        self.defs.lookup(self.module, n),
                        Some(Found::Item(_, ItemDef::Type(_)))
                    ) =>
                {
                    builtin_arity(1, errors);
                    return Ty::Task(Box::new(arg_tys.into_iter().next().unwrap_or(Ty::Unknown)));
                }
                "mutex" | "atomic" => {
                    builtin_arity(1, errors);
                    let inner = arg_tys.into_iter().next().unwrap_or(Ty::Unknown);
                    if n == "mutex" {
                        return Ty::Mutex(Box::new(inner));
                    }
                    if let Some(a) = args.first() {
                        super::sync::check_atomic_value(&inner, a.span, errors);
                    }
                    return Ty::Atomic(Box::new(inner));
                }
                // `rwlock` is not reserved: a program's own type of that name takes precedence.
                "rwlock"
                    if !matches!(
                        self.defs.lookup(self.module, n),
                        Some(Found::Item(_, ItemDef::Type(_)))
                    ) =>
                {
                    builtin_arity(1, errors);
                    return Ty::RwLock(Box::new(arg_tys.into_iter().next().unwrap_or(Ty::Unknown)));
                }
                // The ends of a channel (§15), unless the program names such a type itself.
                "Sender" | "Receiver"
                    if !matches!(
                        self.defs.lookup(self.module, n),
                        Some(Found::Item(_, ItemDef::Type(_)))
                    ) =>
                {
                    builtin_arity(1, errors);
                    let t = Box::new(arg_tys.into_iter().next().unwrap_or(Ty::Unknown));
                    return if n == "Sender" {
                        Ty::Sender(t)
                    } else {
                        Ty::Receiver(t)
                    };
                }
                // `Outcome[T]`, an element of a supervisor scope's value (same rule as `Task`).
                "Outcome"
                    if !matches!(
                        self.defs.lookup(self.module, n),
                        Some(Found::Item(_, ItemDef::Type(_)))
                    ) =>
                {
                    builtin_arity(1, errors);
                    return Ty::Outcome(Box::new(
                        arg_tys.into_iter().next().unwrap_or(Ty::Unknown),
                    ));
                }
                "Self" => {
                    return match &self.self_ty {
                        Some(t) => t.clone(),
                        None => {
                            errors.push(
                                Diagnostic::error(
                                    first.span,
                                    "`Self` is only available inside an `impl` block",
                                )
                                .label("outside an `impl`")
                                .help("name the type instead"),
                            );
                            Ty::Unknown
                        }
                    };
                }
                _ => {}
            }
            if self.generics.iter().any(|g| g == n) {
                return Ty::Param(n.to_string());
            }
            match self.defs.lookup(self.module, n) {
                Some(Found::Item(m, ItemDef::Type(td))) => {
                    return self.adt(t, m, &td.name, td.generics.len(), arg_tys, errors);
                }
                Some(Found::Item(_, other)) => {
                    let what = if matches!(other, ItemDef::Fn(_)) {
                        "function"
                    } else {
                        "constant"
                    };
                    errors.push(
                        Diagnostic::error(first.span, format!("`{n}` is a {what}, not a type"))
                            .label("expected a type")
                            .secondary(other.span(), format!("`{n}` is defined here")),
                    );
                    return Ty::Unknown;
                }
                Some(Found::Module(_)) => {
                    errors.push(
                        Diagnostic::error(first.span, format!("`{n}` is a module, not a type"))
                            .label("expected a type")
                            .help(format!("name a type inside it: `{n}.TypeName`")),
                    );
                    return Ty::Unknown;
                }
                None => {}
            }
            let mut d = Diagnostic::error(first.span, format!("cannot find type `{n}`"))
                .label("unknown type");
            if let Some(h) = foreign_hint(n) {
                d = d.help(h);
            } else {
                let mut candidates: Vec<&str> = builtins::TYPE_NAMES.to_vec();
                candidates.extend(self.generics.iter().map(String::as_str));
                candidates.extend(self.type_names());
                if let Some(s) = suggest::nearest(n, candidates.into_iter()) {
                    d = d.help(format!("did you mean `{s}`?"));
                }
            }
            errors.push(d);
            return Ty::Unknown;
        }
        // `module.Type`
        let mut module = self.module;
        for (i, seg) in path[..path.len() - 1].iter().enumerate() {
            let next = if i == 0 {
                match self.defs.lookup(module, &seg.name) {
                    Some(Found::Module(m)) => Some(m),
                    _ => None,
                }
            } else {
                None
            };
            match next {
                Some(m) => module = m,
                None => {
                    errors.push(
                        Diagnostic::error(seg.span, format!("cannot find module `{}`", seg.name))
                            .label("not a module in scope")
                            .help(format!("add `use {}` at the top of the file", seg.name)),
                    );
                    return Ty::Unknown;
                }
            }
        }
        let last = &path[path.len() - 1];
        match self.defs.member(module, &last.name) {
            Some(ItemDef::Type(td)) => {
                if !td.public && module != self.module {
                    errors.push(private_item(
                        last.span,
                        &last.name,
                        &self.defs.modules[module].name,
                        td.span,
                    ));
                }
                self.adt(t, module, &td.name, td.generics.len(), arg_tys, errors)
            }
            _ => {
                let mname = &self.defs.modules[module].name;
                errors.push(
                    Diagnostic::error(
                        last.span,
                        format!("cannot find type `{}` in module `{mname}`", last.name),
                    )
                    .label("unknown type"),
                );
                Ty::Unknown
            }
        }
    }

    fn type_names(&self) -> Vec<&'a str> {
        let Some(md) = self.defs.modules.get(self.module) else {
            return Vec::new();
        };
        md.items
            .iter()
            .filter(|(_, d)| matches!(d, ItemDef::Type(_)))
            .map(|(k, _)| k.as_str())
            .chain(md.imports.keys().map(String::as_str))
            .collect()
    }

    fn adt(
        &self,
        t: &ast::Type,
        module: usize,
        name: &str,
        want: usize,
        args: Vec<Ty>,
        errors: &mut Errors,
    ) -> Ty {
        let args = if !args.is_empty() && args.len() != want {
            errors.push(
                Diagnostic::error(
                    t.span,
                    format!(
                        "`{name}` takes {want} type argument{}, but {} {} given",
                        plural(want),
                        args.len(),
                        were(args.len())
                    ),
                )
                .label("wrong number of type arguments"),
            );
            vec![Ty::Unknown; want]
        } else if args.is_empty() {
            vec![Ty::Unknown; want]
        } else {
            args
        };
        Ty::Adt {
            module: self.defs.modules[module].name.clone(),
            name: name.to_string(),
            args,
        }
    }
}

pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

pub(crate) fn were(n: usize) -> &'static str {
    if n == 1 {
        "was"
    } else {
        "were"
    }
}

/// How a type reads in Aurora, for messages.
pub(crate) fn show(t: &Ty) -> String {
    match t {
        Ty::Int => "int".into(),
        Ty::Float => "float".into(),
        Ty::Bool => "bool".into(),
        Ty::Char => "char".into(),
        Ty::Str => "str".into(),
        Ty::Duration => "duration".into(),
        Ty::Instant => "instant".into(),
        Ty::Sized(n) => (*n).into(),
        Ty::Unit => "()".into(),
        Ty::List(t) => format!("[{}]", show(t)),
        Ty::Map(k, v) => format!("Map[{}, {}]", show(k), show(v)),
        Ty::Set(t) => format!("Set[{}]", show(t)),
        Ty::Tuple(ts) => format!("({})", ts.iter().map(show).collect::<Vec<_>>().join(", ")),
        Ty::Option(t) => format!("{}?", show(t)),
        Ty::Result(t, e) => format!("Result[{}, {}]", show(t), show(e)),
        Ty::Adt { name, args, .. } if args.is_empty() => name.clone(),
        Ty::Adt { name, args, .. } => format!(
            "{name}[{}]",
            args.iter().map(show).collect::<Vec<_>>().join(", ")
        ),
        Ty::Param(n) => n.clone(),
        Ty::Fn(ps, r) => format!(
            "fn({}) -> {}",
            ps.iter().map(show).collect::<Vec<_>>().join(", "),
            show(r)
        ),
        Ty::Ref(t) => format!("ref {}", show(t)),
        Ty::Mut(t) => format!("mut {}", show(t)),
        Ty::Range(t) => format!("range of {}", show(t)),
        Ty::Task(t) => format!("Task[{}]", show(t)),
        Ty::Mutex(t) => format!("mutex[{}]", show(t)),
        Ty::RwLock(t) => format!("rwlock[{}]", show(t)),
        Ty::Atomic(t) => format!("atomic[{}]", show(t)),
        Ty::Shared(t) => format!("shared {}", show(t)),
        Ty::Local(t) => format!("local {}", show(t)),
        Ty::Cell(t) => format!("cell {}", show(t)),
        Ty::Outcome(t) => format!("Outcome[{}]", show(t)),
        Ty::Sender(t) => format!("Sender[{}]", show(t)),
        Ty::Receiver(t) => format!("Receiver[{}]", show(t)),
        Ty::Never => "never".into(),
        Ty::Unknown => "_".into(),
    }
}
