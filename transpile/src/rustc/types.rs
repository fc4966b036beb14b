//! Rust type text, as rustc prints it in messages, back into Aurora's type names
//! (docs/language.md §3 and §14: `Vec<i64>` is `[int]`, `Rc<T>` is `local T`).
//!
//! The text is parsed with syn into a small tree and printed the Aurora way. Anything that does
//! not parse is given back as rustc wrote it: a message with one Rust type in it is better
//! than no message, and bad input must never panic.

/// The Aurora spelling of the Rust type `rust` (`Rc<Vec<String>>` gives `local [str]`).
pub fn aurora_type(rust: &str) -> String {
    match parse(rust) {
        Some(ty) => show(&ty),
        None => rust.trim().to_string(),
    }
}

/// How a message names a value of the Rust type `rust`: the Aurora type in backticks
/// (`` `local [str]` ``), or, for the guards that `lock`, `read` and `write` blocks hold, the
/// lock they stand for ("the lock on a `mutex[int]`").
pub fn describe(rust: &str) -> String {
    match parse(rust) {
        Some(ty) => match guard(&ty) {
            Some((block, what)) => guard_phrase(block, &what),
            None => format!("`{}`", show(&ty)),
        },
        None => format!("`{}`", rust.trim()),
    }
}

/// The block whose guard a Rust guard type is (`lock`, `read`, `write`) and the type of the
/// guarded value's container (`mutex[int]`), when `rust` is one.
pub fn guard_of(rust: &str) -> Option<(&'static str, String)> {
    parse(rust).and_then(|ty| guard(&ty))
}

/// The part of a type that a task cannot be given: the outermost `local` or `cell` (the
/// wrapper in `local cell [int]` is `local`), for the explainer's rules.
pub fn wrapper_of(rust: &str) -> Option<Wrapper> {
    let ty = parse(rust)?;
    let ty = strip_refs(&ty);
    match ty {
        Ty::Path { segs, .. } => match segs.last().map(String::as_str) {
            Some("Rc") => Some(Wrapper::Local),
            Some("RefCell" | "Cell") => Some(Wrapper::Cell),
            _ => None,
        },
        _ => None,
    }
}

/// The inner type of a `local`/`cell`/`shared` wrapper, in Aurora (`[str]` for
/// `Rc<Vec<String>>`), used to suggest the type to use instead.
pub fn wrapped_inner(rust: &str) -> Option<String> {
    let ty = parse(rust)?;
    match strip_refs(&ty) {
        Ty::Path { args, .. } if args.len() == 1 => Some(show(&args[0])),
        _ => None,
    }
}

/// Whether `rust` names a type parameter (`T`, `Item`): one capitalised segment with no
/// arguments that is not a type Aurora or the runtime names.
pub fn is_type_param(rust: &str) -> bool {
    let t = rust.trim();
    let mut chars = t.chars();
    let first_upper = chars.next().is_some_and(|c| c.is_ascii_uppercase());
    first_upper
        && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && base_name(t).is_none()
        && !matches!(t, "String" | "Duration" | "Instant" | "Vec" | "Box")
}

/// The Aurora name of `rust` when it is one of the program's own structs or enums (`Job`,
/// `geometry.Point`), not a type of the language, the runtime or a library.
pub fn program_type(rust: &str) -> Option<String> {
    let ty = parse(rust)?;
    let Ty::Path { segs, .. } = &ty else {
        return None;
    };
    let first = segs.first()?;
    let last = segs.last()?;
    let library = LIBRARY_ROOTS.contains(&first.as_str())
        || base_name(last).is_some()
        || KNOWN_GENERIC.contains(&last.as_str());
    let capitalised = last.chars().next().is_some_and(|c| c.is_ascii_uppercase());
    (!library && capitalised).then(|| show(&ty))
}

/// Generic types of the language and the runtime, which are not the program's.
const KNOWN_GENERIC: &[&str] = &[
    "Vec",
    "VecDeque",
    "HashMap",
    "BTreeMap",
    "HashSet",
    "BTreeSet",
    "Option",
    "Result",
    "Rc",
    "Arc",
    "RefCell",
    "Cell",
    "Mutex",
    "RwLock",
    "Box",
    "Sender",
    "Receiver",
    "Task",
    "Outcome",
    "MutexGuard",
    "RwLockReadGuard",
    "RwLockWriteGuard",
    "Ref",
    "RefMut",
    "PhantomData",
];

/// The Rust text of the element type of a list, set or slice type (`Rc<i64>` for
/// `Vec<Rc<i64>>` or `[Rc<i64>; 2]`), for the explainer to ask about it in turn.
pub fn element_of(rust: &str) -> Option<String> {
    let ty = parse(rust)?;
    let elem = match strip_refs(&ty) {
        Ty::Slice(inner) => (**inner).clone(),
        Ty::Path { segs, args }
            if args.len() == 1
                && matches!(
                    segs.last().map(String::as_str),
                    Some("Vec" | "VecDeque" | "HashSet" | "BTreeSet")
                ) =>
        {
            args[0].clone()
        }
        _ => return None,
    };
    Some(rust_text(&elem))
}

/// A parsed type printed back as Rust (for [`element_of`]'s answer).
fn rust_text(ty: &Ty) -> String {
    match ty {
        Ty::Path { segs, args } if args.is_empty() => segs.join("::"),
        Ty::Path { segs, args } => format!(
            "{}<{}>",
            segs.join("::"),
            args.iter().map(rust_text).collect::<Vec<_>>().join(", ")
        ),
        Ty::Ref { mutable, inner } => {
            format!(
                "&{}{}",
                if *mutable { "mut " } else { "" },
                rust_text(inner)
            )
        }
        Ty::Slice(inner) => format!("[{}]", rust_text(inner)),
        Ty::Tuple(elems) => format!(
            "({})",
            elems.iter().map(rust_text).collect::<Vec<_>>().join(", ")
        ),
        Ty::Fn { .. } | Ty::Closure | Ty::Never => show(ty),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wrapper {
    Local,
    Cell,
}

#[derive(Debug, Clone, PartialEq)]
enum Ty {
    Path {
        segs: Vec<String>,
        args: Vec<Ty>,
    },
    Ref {
        mutable: bool,
        inner: Box<Ty>,
    },
    Slice(Box<Ty>),
    Tuple(Vec<Ty>),
    Fn {
        params: Vec<Ty>,
        ret: Option<Box<Ty>>,
    },
    Closure,
    Never,
}

fn strip_refs(ty: &Ty) -> &Ty {
    match ty {
        Ty::Ref { inner, .. } => strip_refs(inner),
        t => t,
    }
}

fn guard(ty: &Ty) -> Option<(&'static str, String)> {
    let Ty::Path { segs, args } = strip_refs(ty) else {
        return None;
    };
    let inner = args.last().map(show).unwrap_or_else(|| "_".into());
    match segs.last()?.as_str() {
        "MutexGuard" => Some(("lock", format!("mutex[{inner}]"))),
        "RwLockReadGuard" => Some(("read", format!("rwlock[{inner}]"))),
        "RwLockWriteGuard" => Some(("write", format!("rwlock[{inner}]"))),
        "Ref" => Some(("read", format!("cell {inner}"))),
        "RefMut" => Some(("write", format!("cell {inner}"))),
        _ => None,
    }
}

fn guard_phrase(block: &str, what: &str) -> String {
    match block {
        "lock" => format!("the lock on a `{what}`"),
        _ => format!("the `{block}` lock on a `{what}`"),
    }
}

/// Aurora's name for a Rust type with no arguments that Aurora spells differently.
fn base_name(name: &str) -> Option<&'static str> {
    Some(match name {
        "i64" => "int",
        "f64" => "float",
        "String" | "str" => "str",
        "bool" => "bool",
        "char" => "char",
        "Duration" => "duration",
        "Instant" => "instant",
        "AtomicBool" => "atomic[bool]",
        "AtomicI64" => "atomic[int]",
        "AtomicI8" => "atomic[i8]",
        "AtomicI16" => "atomic[i16]",
        "AtomicI32" => "atomic[i32]",
        "AtomicIsize" => "atomic[isize]",
        "AtomicU8" => "atomic[u8]",
        "AtomicU16" => "atomic[u16]",
        "AtomicU32" => "atomic[u32]",
        "AtomicU64" => "atomic[u64]",
        "AtomicUsize" => "atomic[usize]",
        _ => return None,
    })
}

/// Crates whose paths are the runtime's or the standard library's: only the last segment of
/// such a path means anything to an Aurora reader.
const LIBRARY_ROOTS: &[&str] = &[
    "std",
    "core",
    "alloc",
    "aurora_std",
    "crossbeam_channel",
    "rayon",
];

fn show(ty: &Ty) -> String {
    match ty {
        Ty::Path { segs, args } => show_path(segs, args),
        Ty::Ref { mutable, inner } => {
            let q = if *mutable { "mut" } else { "ref" };
            format!("{q} {}", show(inner))
        }
        Ty::Slice(inner) => format!("[{}]", show(inner)),
        Ty::Tuple(elems) if elems.len() == 1 => format!("({},)", show(&elems[0])),
        Ty::Tuple(elems) => format!("({})", list(elems)),
        Ty::Fn { params, ret } => match ret {
            Some(r) => format!("fn({}) -> {}", list(params), show(r)),
            None => format!("fn({})", list(params)),
        },
        Ty::Closure => "closure".into(),
        Ty::Never => "never".into(),
    }
}

fn list(tys: &[Ty]) -> String {
    tys.iter().map(show).collect::<Vec<_>>().join(", ")
}

fn show_path(segs: &[String], args: &[Ty]) -> String {
    let last = segs.last().map(String::as_str).unwrap_or("_");
    let arg = |i: usize| args.get(i).map(show).unwrap_or_else(|| "_".into());
    if args.is_empty() {
        if let Some(name) = base_name(last) {
            return name.into();
        }
    }
    match (last, args.len()) {
        ("Vec" | "VecDeque", 1) => return format!("[{}]", arg(0)),
        ("HashMap" | "BTreeMap", 2) => return format!("Map[{}, {}]", arg(0), arg(1)),
        ("HashSet" | "BTreeSet", 1) => return format!("Set[{}]", arg(0)),
        ("Option", 1) => {
            let inner = arg(0);
            // `shared T?` reads as `shared (T?)`: an optional wrapper needs its parentheses.
            return if inner.contains(' ') && !inner.starts_with('(') {
                format!("({inner})?")
            } else {
                format!("{inner}?")
            };
        }
        ("Result", 2) => return format!("Result[{}, {}]", arg(0), arg(1)),
        ("Rc", 1) => return format!("local {}", arg(0)),
        ("Arc", 1) => return format!("shared {}", arg(0)),
        ("RefCell" | "Cell", 1) => return format!("cell {}", arg(0)),
        ("Mutex", 1) => return format!("mutex[{}]", arg(0)),
        ("RwLock", 1) => return format!("rwlock[{}]", arg(0)),
        ("Box", 1) => return arg(0),
        ("Sender" | "Receiver" | "Task" | "Outcome", 1) => {
            return format!("{last}[{}]", arg(0));
        }
        _ => {}
    }
    if let Some((block, what)) = guard(&Ty::Path {
        segs: segs.to_vec(),
        args: args.to_vec(),
    }) {
        return match block {
            "lock" => format!("lock on {what}"),
            _ => format!("{block} lock on {what}"),
        };
    }
    let name = match segs.first().map(String::as_str) {
        Some(root) if LIBRARY_ROOTS.contains(&root) => last.to_string(),
        Some("crate") => segs[1..].join("."),
        _ => segs.join("."),
    };
    if args.is_empty() {
        name
    } else {
        format!("{name}[{}]", list(args))
    }
}

// ---- parsing -------------------------------------------------------------------------------

/// Types nest at most this deep in a message; deeper text is not a type we print (and syn's
/// parser, which recurses, is kept off it).
const MAX_DEPTH: usize = 64;

/// What a closure's type stands as while syn parses the text around it.
const CLOSURE: &str = "__aurora_closure";

/// rustc's type text as a tree, through syn. rustc writes two things no Rust source has: a
/// closure's type (`{closure@src/main.rs:8:42: 8:45}`) and inference variables
/// (`{integer}`); they become names first.
fn parse(text: &str) -> Option<Ty> {
    let text = name_braces(text)?;
    if nesting(&text) > MAX_DEPTH {
        return None;
    }
    from_syn(&syn::parse_str::<syn::Type>(&text).ok()?)
}

/// `text` with each `{..}` replaced by a name: [`CLOSURE`] for a closure or async block, the
/// inside otherwise (`{integer}` is `integer`). `None` for a `{` never closed.
fn name_braces(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = open + rest[open..].find('}')?;
        let inner = &rest[open + 1..close];
        if inner.starts_with("closure") || inner.starts_with("async") {
            out.push_str(CLOSURE);
        } else {
            out.push_str(inner);
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// How deeply brackets nest in `text`.
fn nesting(text: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0);
    for c in text.chars() {
        match c {
            '<' | '(' | '[' => {
                depth += 1;
                max = max.max(depth);
            }
            '>' | ')' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

fn from_syn(ty: &syn::Type) -> Option<Ty> {
    use syn::Type as T;
    Some(match ty {
        T::Path(p) => from_path(&p.path)?,
        T::Reference(r) => Ty::Ref {
            mutable: r.mutability.is_some(),
            inner: Box::new(from_syn(&r.elem)?),
        },
        // Raw pointers: Aurora has none, show the pointee.
        T::Ptr(p) => from_syn(&p.elem)?,
        // `[T; N]` reads as the list it is made into.
        T::Slice(syn::TypeSlice { elem, .. }) | T::Array(syn::TypeArray { elem, .. }) => {
            Ty::Slice(Box::new(from_syn(elem)?))
        }
        T::Tuple(t) => Ty::Tuple(t.elems.iter().map(from_syn).collect::<Option<_>>()?),
        T::Paren(syn::TypeParen { elem, .. }) | T::Group(syn::TypeGroup { elem, .. }) => {
            from_syn(elem)?
        }
        T::Never(_) => Ty::Never,
        // `impl Fn(i64) + Send + 'a`: the first bound is the type that matters.
        T::ImplTrait(syn::TypeImplTrait { bounds, .. })
        | T::TraitObject(syn::TypeTraitObject { bounds, .. }) => {
            bounds.iter().find_map(|b| match b {
                syn::TypeParamBound::Trait(t) => from_path(&t.path),
                _ => None,
            })?
        }
        _ => return None,
    })
}

fn from_path(path: &syn::Path) -> Option<Ty> {
    let segs: Vec<String> = path
        .segments
        .iter()
        .map(|s| {
            let name = s.ident.to_string();
            name.strip_prefix("r#").map(str::to_string).unwrap_or(name)
        })
        .collect();
    if segs.len() == 1 && segs[0] == CLOSURE {
        return Some(Ty::Closure);
    }
    let last = segs.last()?.as_str();
    let mut args = Vec::new();
    for seg in &path.segments {
        match &seg.arguments {
            // Lifetimes and constants are dropped.
            syn::PathArguments::AngleBracketed(a) => {
                args = a
                    .args
                    .iter()
                    .filter_map(|g| match g {
                        syn::GenericArgument::Type(t) => Some(from_syn(t)),
                        _ => None,
                    })
                    .collect::<Option<_>>()?;
            }
            syn::PathArguments::Parenthesized(f) if matches!(last, "Fn" | "FnMut" | "FnOnce") => {
                let params = f.inputs.iter().map(from_syn).collect::<Option<_>>()?;
                let ret = match &f.output {
                    syn::ReturnType::Default => None,
                    syn::ReturnType::Type(_, t) => Some(Box::new(from_syn(t)?)),
                };
                return Some(Ty::Fn { params, ret });
            }
            _ => {}
        }
    }
    Some(Ty::Path { segs, args })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everyday_types() {
        assert_eq!(aurora_type("i64"), "int");
        assert_eq!(aurora_type("f64"), "float");
        assert_eq!(aurora_type("String"), "str");
        assert_eq!(aurora_type("&str"), "ref str");
        assert_eq!(aurora_type("Vec<String>"), "[str]");
        assert_eq!(aurora_type("&[i64]"), "ref [int]");
        assert_eq!(aurora_type("&mut Vec<i64>"), "mut [int]");
        assert_eq!(
            aurora_type("std::collections::HashMap<String, i64>"),
            "Map[str, int]"
        );
        assert_eq!(aurora_type("HashSet<char>"), "Set[char]");
        assert_eq!(aurora_type("Option<i64>"), "int?");
        assert_eq!(aurora_type("Result<i64, String>"), "Result[int, str]");
        assert_eq!(aurora_type("(i64, bool)"), "(int, bool)");
        assert_eq!(aurora_type("(i64,)"), "(int,)");
        assert_eq!(aurora_type("()"), "()");
        assert_eq!(aurora_type("u8"), "u8");
        assert_eq!(aurora_type("std::time::Duration"), "duration");
        assert_eq!(aurora_type("impl Fn(i64) -> i64"), "fn(int) -> int");
    }

    #[test]
    fn sharing_types() {
        assert_eq!(aurora_type("Rc<Vec<String>>"), "local [str]");
        assert_eq!(aurora_type("std::rc::Rc<RefCell<i64>>"), "local cell int");
        assert_eq!(aurora_type("Arc<Mutex<Vec<i64>>>"), "shared mutex[[int]]");
        assert_eq!(
            aurora_type("std::sync::RwLock<HashMap<String, i64>>"),
            "rwlock[Map[str, int]]"
        );
        assert_eq!(aurora_type("AtomicI64"), "atomic[int]");
        assert_eq!(aurora_type("std::sync::atomic::AtomicU8"), "atomic[u8]");
        assert_eq!(aurora_type("Option<Arc<String>>"), "(shared str)?");
    }

    #[test]
    fn runtime_types() {
        assert_eq!(
            aurora_type("aurora_std::Sender<Rc<i64>>"),
            "Sender[local int]"
        );
        assert_eq!(
            aurora_type("aurora_std::crossbeam_channel::Receiver<String>"),
            "Receiver[str]"
        );
        assert_eq!(aurora_type("aurora_std::Task<'_, i64>"), "Task[int]");
        assert_eq!(aurora_type("Vec<Task<'_, i64>>"), "[Task[int]]");
    }

    #[test]
    fn program_types_and_params() {
        assert_eq!(aurora_type("Point"), "Point");
        assert_eq!(aurora_type("Pair<i64, String>"), "Pair[int, str]");
        assert_eq!(aurora_type("geometry::Point"), "geometry.Point");
        assert_eq!(aurora_type("crate::geometry::Point"), "geometry.Point");
        assert_eq!(aurora_type("T"), "T");
        assert_eq!(aurora_type("r#type"), "type");
        assert!(is_type_param("T"));
        assert!(is_type_param("Item"));
        assert!(!is_type_param("String"));
        assert!(!is_type_param("Rc<T>"));
        assert!(!is_type_param("i64"));
    }

    #[test]
    fn guards_are_named_by_their_lock() {
        assert_eq!(
            describe("std::sync::MutexGuard<'_, i64>"),
            "the lock on a `mutex[int]`"
        );
        assert_eq!(
            describe("RwLockWriteGuard<'_, Vec<i64>>"),
            "the `write` lock on a `rwlock[[int]]`"
        );
        assert_eq!(
            describe("std::cell::RefMut<'_, i64>"),
            "the `write` lock on a `cell int`"
        );
        assert_eq!(describe("Rc<i64>"), "`local int`");
        assert_eq!(
            guard_of("&mut std::sync::MutexGuard<'_, i64>"),
            Some(("lock", "mutex[int]".to_string()))
        );
    }

    #[test]
    fn closures_and_odd_text() {
        assert_eq!(aurora_type("{closure@src/main.rs:8:42: 8:45}"), "closure");
        assert_eq!(aurora_type("[i64; 3]"), "[int]");
        // Not a type: given back as written, without panicking.
        assert_eq!(aurora_type("Vec<"), "Vec<");
        assert_eq!(aurora_type("a $ b"), "a $ b");
        assert_eq!(aurora_type(""), "");
        assert_eq!(aurora_type("{unterminated"), "{unterminated");
        let deep = "Vec<".repeat(200) + "i64" + &">".repeat(200);
        assert_eq!(aurora_type(&deep), deep);
    }

    #[test]
    fn program_types() {
        assert_eq!(program_type("Job").as_deref(), Some("Job"));
        assert_eq!(
            program_type("Pair<i64, Rc<String>>").as_deref(),
            Some("Pair[int, local str]")
        );
        assert_eq!(
            program_type("geometry::Point").as_deref(),
            Some("geometry.Point")
        );
        assert_eq!(program_type("alloc::raw_vec::RawVec<Rc<i64>>"), None);
        assert_eq!(program_type("Vec<Rc<i64>>"), None);
        assert_eq!(program_type("aurora_std::Sender<Rc<i64>>"), None);
        assert_eq!(program_type("&Job"), None);
        assert_eq!(program_type("{closure@src/main.rs:1:2: 1:3}"), None);
        assert_eq!(program_type("String"), None);
    }

    #[test]
    fn elements() {
        assert_eq!(element_of("Vec<Rc<i64>>").as_deref(), Some("Rc<i64>"));
        assert_eq!(element_of("[Rc<i64>; 2]").as_deref(), Some("Rc<i64>"));
        assert_eq!(
            element_of("&std::collections::HashSet<RefCell<String>>").as_deref(),
            Some("RefCell<String>")
        );
        assert_eq!(element_of("Rc<i64>"), None);
        assert_eq!(
            wrapper_of(&element_of("Vec<std::rc::Rc<i64>>").unwrap()),
            Some(Wrapper::Local)
        );
    }

    #[test]
    fn wrappers() {
        assert_eq!(wrapper_of("Rc<Vec<String>>"), Some(Wrapper::Local));
        assert_eq!(wrapper_of("&Rc<i64>"), Some(Wrapper::Local));
        assert_eq!(wrapper_of("RefCell<i64>"), Some(Wrapper::Cell));
        assert_eq!(wrapper_of("Arc<i64>"), None);
        assert_eq!(wrapped_inner("Rc<Vec<String>>").as_deref(), Some("[str]"));
    }
}
