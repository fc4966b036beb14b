//! Lowering: checked AST -> Rust syntax tree (syn), built with quote.
//!
//! Each expression is lowered to an `LExpr`: its tokens plus the precedence of its outermost
//! operator. A parent that needs a tighter operand wraps it in parentheses (`LExpr::at`), so
//! Aurora's own `(..)` nodes are dropped and parentheses appear exactly where Rust needs them.
//! The tokens of a whole module are parsed once into a `syn::File` at the end; a failure
//! there is a lowering bug and is reported as a diagnostic, never a panic.
//!
//! The work is split by what it lowers: `items` (items, imports, tests), `modules` (where
//! each module sits in the Rust module tree), `stmt` (blocks, statements, `if`/`match`/
//! loops), `expr` (expressions, integer semantics), `pattern`, `types`, `strings`
//! (string literals and format strings), `builtins` (built-in functions and methods, as
//! documented in `docs/stdlib.md`), `uses` (how a binding is used, for choices such as
//! array vs `Vec`) and `ident` (names).
//!
//! What lowering reads from the checker (`Info`): expression types (integer vs float
//! arithmetic, collection kinds for indexing, `for` loops and built-in methods, copyability),
//! name resolutions (paths vs values, locals, constants, built-ins), local binding types
//! (borrowed parameters, pattern bindings) and the set of `var` bindings that are modified
//! (`let mut`). Where a type is unknown it falls back to the plain Rust form (plain
//! operators, methods passed through).

mod builtins;
mod channel;
mod concurrency;
mod expr;
pub mod ident;
mod items;
pub mod mark;
mod modules;
mod par;
mod pattern;
mod stmt;
mod strings;
mod sync;
mod types;
mod uses;

use std::collections::{HashMap, HashSet};

use aurora_grammar::ast::{FnDecl, ItemKind, Module, NodeId, Program, Type};
use aurora_grammar::{Diagnostic, Errors, Span};
use proc_macro2::TokenStream;
use quote::quote;

use crate::check::Info;

/// Lower module `index` of `program` to a Rust file.
pub fn lower_module(
    program: &Program,
    index: usize,
    info: &Info,
    errors: &mut Errors,
) -> syn::File {
    lower_module_with(program, index, info, errors, LowerOptions::default())
}

/// How a program is lowered beyond what its source says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LowerOptions {
    /// The root is a library module (a build script's output, `include!`d into a larger
    /// crate), not a binary's crate root: its `pub` items stay `pub`, as in any other module.
    pub library: bool,
    /// Write every spawn site as [`MASKED_SITE`] instead of its source location: the Rust of a
    /// program then no longer depends on its layout or surface, so a `.aur` program and its
    /// CNL twin (or a program before and after `fmt`) can be compared byte for byte. For
    /// comparisons only; the sites of a real build name the source.
    pub mask_sites: bool,
    /// Mark every emitted token with the span of the Aurora node it came from ([`mark`]),
    /// for the source map (`crate::sourcemap`).
    pub source_map: bool,
}

/// A lowered module: its Rust file and, when [`LowerOptions::source_map`] asked for them,
/// the marked tokens it was parsed from with the spans behind their marks.
pub struct Lowered {
    pub file: syn::File,
    pub marked: Option<(TokenStream, mark::Marks)>,
}

/// The spawn site written under [`LowerOptions::mask_sites`].
pub const MASKED_SITE: &str = "<spawn site>";

/// [`lower_module`] with [`LowerOptions`].
pub fn lower_module_with(
    program: &Program,
    index: usize,
    info: &Info,
    errors: &mut Errors,
    options: LowerOptions,
) -> syn::File {
    lower_module_full(program, index, info, errors, options).file
}

/// [`lower_module_with`], keeping the marks when [`LowerOptions::source_map`] is set.
pub fn lower_module_full(
    program: &Program,
    index: usize,
    info: &Info,
    errors: &mut Errors,
    options: LowerOptions,
) -> Lowered {
    let empty = syn::File {
        shebang: None,
        attrs: Vec::new(),
        items: Vec::new(),
    };
    let Some(module) = program.modules.get(index) else {
        return Lowered {
            file: empty,
            marked: None,
        };
    };
    let mut lowerer = Lowerer::new(program, index, module, info, errors);
    lowerer.private_items = index == 0 && !options.library;
    lowerer.mask_sites = options.mask_sites;
    if options.source_map {
        lowerer.marks = Some(mark::Marks::default());
    }
    let tokens = lowerer.module();
    let marks = lowerer.marks.take();
    let marked = marks.map(|m| (tokens.clone(), m));
    let file = match syn::parse2::<syn::File>(tokens) {
        Ok(file) => file,
        Err(err) => {
            let span = module
                .items
                .first()
                .map_or(Span::new(module.file, 0, 0), |i| i.span);
            errors.push(
                Diagnostic::error(span, "internal error: the generated Rust does not parse")
                    .note(format!("syn: {err}"))
                    .help("this is a bug in aurora2rs; please report it with this program"),
            );
            empty
        }
    };
    Lowered { file, marked }
}

/// Precedence of a Rust expression's outermost operator, loosest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Prec {
    /// Closures, `return`, `break`, assignment: never an operand without parentheses.
    Jump,
    Range,
    Or,
    And,
    Compare,
    BitOr,
    BitXor,
    BitAnd,
    Shift,
    Sum,
    Product,
    Cast,
    Prefix,
    /// Calls, fields, indexes, `?`, literals, paths, macros, delimited forms.
    Postfix,
}

/// A lowered expression.
#[derive(Debug, Clone)]
pub(crate) struct LExpr {
    pub ts: TokenStream,
    pub prec: Prec,
    /// `if`, `match`, a block or a loop: as an operand or receiver these are parenthesised so
    /// that a statement starting with them still parses as one expression.
    pub block_like: bool,
}

impl LExpr {
    pub fn new(ts: TokenStream, prec: Prec) -> LExpr {
        LExpr {
            ts,
            prec,
            block_like: false,
        }
    }

    pub fn atom(ts: TokenStream) -> LExpr {
        LExpr::new(ts, Prec::Postfix)
    }

    pub fn block(ts: TokenStream) -> LExpr {
        LExpr {
            ts,
            prec: Prec::Postfix,
            block_like: true,
        }
    }

    /// The tokens, parenthesised unless the expression binds at least as tightly as `min`.
    pub fn at(self, min: Prec) -> TokenStream {
        if self.prec < min || (self.block_like && min >= Prec::Range) {
            let ts = self.ts;
            quote!((#ts))
        } else {
            self.ts
        }
    }

    /// The tokens as a method receiver, field base or callee.
    pub fn postfix(self) -> TokenStream {
        self.at(Prec::Postfix)
    }
}

/// What the context of an expression needs from a `str` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Want {
    /// An owned value (`String`): let initializers, owned arguments, fields, results.
    Owned,
    /// A borrow suffices (`&str`): comparisons, format arguments, read-only method arguments.
    Borrowed,
}

/// Which `std::collections` types a part of the file names.
#[derive(Debug, Default, Clone, Copy)]
struct Collections {
    map: bool,
    set: bool,
    /// `aurora_std::OrUnwind`, for `join`.
    or_unwind: bool,
    /// `std::time::Duration`, for duration literals and the `duration` type.
    duration: bool,
    /// The `std::sync`, `std::rc` and `std::cell` items named, a bit each (see `sync`).
    sync: u32,
    /// `aurora_std::rayon::prelude::*`, for `par` (the parallel iterator traits).
    rayon: bool,
}

/// The state of lowering one module.
pub(crate) struct Lowerer<'a> {
    pub module: &'a Module,
    pub is_root: bool,
    /// `pub` is dropped from this module's items: true for the root of a binary, whose items
    /// no other module can name (see [`LowerOptions::library`]).
    pub private_items: bool,
    /// See [`LowerOptions::mask_sites`].
    pub mask_sites: bool,
    pub info: &'a Info,
    pub errors: &'a mut Errors,
    /// Module paths (`["a", "b"]` for `a/b.aur`) by module index, relative to the root's
    /// directory; see [`modules`].
    pub module_paths: Vec<Vec<String>>,
    /// Names of modules this module `use`s (the last segment of each `use` path).
    pub used_modules: HashSet<String>,
    /// Names imported by `use m.{..}`, as (module, name).
    pub imported: HashSet<(String, String)>,
    /// This module's `pub` structs and enums (their methods are `pub` too).
    pub pub_types: HashSet<String>,
    /// Top-level functions and methods of every module, for parameter lists at call sites.
    pub fns: HashMap<(String, String), &'a FnDecl>,
    pub methods: HashMap<(String, String, String), &'a FnDecl>,
    /// For each generic struct of the program (by name), its fields whose type is a
    /// generic parameter: a literal for one needs its type stated.
    pub generic_struct_fields: HashMap<String, Vec<String>>,
    /// Names of `str` constants of every module, by (module, name): they are `&str` in Rust.
    pub str_consts: HashSet<(String, String)>,
    /// Loop variables bound to `&str` (iterating `words()`, `lines()`, `split()` directly).
    pub borrowed_strs: HashSet<NodeId>,
    /// Copyable bindings made by matching a value seen through a borrow (`match t` with
    /// `t: ref Tree`): Rust binds them as references, so their uses read `*v`.
    pub ref_bound: HashSet<NodeId>,
    /// The same for shorthand struct-pattern fields (`Rect { w, h }`), whose bindings the
    /// checker keys by synthetic ids: by name.
    pub ref_bound_names: HashSet<String>,
    /// The bindings of `lock`/`read`/`write` blocks: guards, which Rust reads through `*v`
    /// like a `mut` parameter but passes on as `&v` / `&mut v`.
    pub guards: HashSet<NodeId>,
    /// Which of the program's types may derive `Clone` and `PartialEq` (see `sync`).
    pub derivable: HashMap<String, (bool, bool)>,
    /// How the method being lowered takes `self`.
    pub self_mode: Option<aurora_grammar::ast::Mode>,
    /// Parameters declared `ref str`: they are `&str` in Rust, not `&String`.
    pub ref_str_params: HashSet<NodeId>,
    /// The body of the function (or test) being lowered, for [`uses`].
    pub fn_body: Option<&'a aurora_grammar::ast::Block>,
    /// The declared return type of the function being lowered.
    pub fn_ret: Option<&'a Type>,
    /// Inside a condition, scrutinee or `for` iterable: a struct literal needs parentheses.
    pub no_struct: bool,
    /// The next integer literal lowered gets an explicit `_i64` (or sized) suffix.
    pub suffix_next_int: bool,
    /// Lowering the body of a `test` block.
    pub in_test: bool,
    /// Lowering a `const` initializer: the compiler rejects overflow there, so arithmetic
    /// stays plain operators.
    pub in_const: bool,
    /// The source-map marks, when asked for ([`LowerOptions::source_map`]).
    pub marks: Option<mark::Marks>,
    used_main: Collections,
    used_test: Collections,
}

impl<'a> Lowerer<'a> {
    fn new(
        program: &'a Program,
        index: usize,
        module: &'a Module,
        info: &'a Info,
        errors: &'a mut Errors,
    ) -> Lowerer<'a> {
        let mut fns = HashMap::new();
        let mut methods = HashMap::new();
        let mut str_consts = HashSet::new();
        let mut generic_struct_fields = HashMap::new();
        for m in &program.modules {
            for item in &m.items {
                match &item.kind {
                    ItemKind::Fn(f) => {
                        fns.insert((m.name.clone(), f.name.name.clone()), f);
                    }
                    ItemKind::Impl(imp) => {
                        if let Some(target) = types::type_name(&imp.target) {
                            for f in &imp.methods {
                                methods.insert(
                                    (m.name.clone(), target.clone(), f.name.name.clone()),
                                    f,
                                );
                            }
                        }
                    }
                    ItemKind::Struct(s) if !s.generics.is_empty() => {
                        let gs: Vec<&str> =
                            s.generics.iter().map(|g| g.name.name.as_str()).collect();
                        let fields = s
                            .fields
                            .iter()
                            .filter(|f| expr::names_generic(&f.ty, &gs).is_some())
                            .map(|f| f.name.name.clone())
                            .collect();
                        generic_struct_fields
                            .entry(s.name.name.clone())
                            .or_insert(fields);
                    }
                    ItemKind::Const(c) if types::is_str(&c.ty) => {
                        str_consts.insert((m.name.clone(), c.name.name.clone()));
                    }
                    _ => {}
                }
            }
        }
        let used_modules = module
            .items
            .iter()
            .filter_map(|item| match &item.kind {
                ItemKind::Use(u) => u.path.last().map(|s| s.name.clone()),
                _ => None,
            })
            .collect();
        let mut imported = HashSet::new();
        let mut pub_types = HashSet::new();
        for item in &module.items {
            match &item.kind {
                ItemKind::Use(u) => {
                    if let (Some(m), Some(names)) = (u.path.last(), &u.names) {
                        for n in names {
                            imported.insert((m.name.clone(), n.name.clone()));
                        }
                    }
                }
                ItemKind::Struct(s) if item.public => {
                    pub_types.insert(s.name.name.clone());
                }
                ItemKind::Enum(e) if item.public => {
                    pub_types.insert(e.name.name.clone());
                }
                _ => {}
            }
        }
        Lowerer {
            module,
            imported,
            pub_types,
            is_root: index == 0,
            private_items: index == 0,
            info,
            errors,
            module_paths: modules::module_paths(program),
            used_modules,
            fns,
            methods,
            str_consts,
            generic_struct_fields,
            borrowed_strs: HashSet::new(),
            ref_str_params: HashSet::new(),
            ref_bound: HashSet::new(),
            ref_bound_names: HashSet::new(),
            guards: HashSet::new(),
            derivable: sync::derivable(program),
            self_mode: None,
            fn_ret: None,
            fn_body: None,
            no_struct: false,
            suffix_next_int: false,
            mask_sites: false,
            in_test: false,
            in_const: false,
            marks: None,
            used_main: Collections::default(),
            used_test: Collections::default(),
        }
    }

    /// Mark the tokens of `ts` not marked yet as coming from `span` (a no-op without a
    /// source map).
    pub fn mark(&mut self, ts: TokenStream, span: Span) -> TokenStream {
        match &mut self.marks {
            Some(marks) => marks.mark(ts, span),
            None => ts,
        }
    }

    /// [`Self::mark`] each of `out[from..]`, the pieces one node emitted.
    pub fn mark_from(&mut self, out: &mut [TokenStream], from: usize, span: Span) {
        if self.marks.is_none() {
            return;
        }
        for ts in out.iter_mut().skip(from) {
            *ts = self.mark(std::mem::take(ts), span);
        }
    }

    /// Report a construct this version cannot lower.
    pub fn unsupported(&mut self, span: Span, what: &str) {
        self.errors.push(
            Diagnostic::error(span, format!("not supported yet: {what}"))
                .label("aurora2rs cannot translate this yet"),
        );
    }

    /// Record that `HashMap` is named, so its `use` is emitted where it is needed.
    pub fn use_map(&mut self) {
        if self.in_test {
            self.used_test.map = true;
        } else {
            self.used_main.map = true;
        }
    }

    pub fn use_or_unwind(&mut self) {
        if self.in_test {
            self.used_test.or_unwind = true;
        } else {
            self.used_main.or_unwind = true;
        }
    }

    pub fn use_duration(&mut self) {
        if self.in_test {
            self.used_test.duration = true;
        } else {
            self.used_main.duration = true;
        }
    }

    pub fn use_rayon(&mut self) {
        if self.in_test {
            self.used_test.rayon = true;
        } else {
            self.used_main.rayon = true;
        }
    }

    pub fn use_set(&mut self) {
        if self.in_test {
            self.used_test.set = true;
        } else {
            self.used_main.set = true;
        }
    }

    /// `e` with its integer literals typed when nothing else fixes their type: alone in a
    /// closure, a fork-join branch, a `print` argument or a task-local's initializer, `42`
    /// would be Rust's `i32`.
    pub fn expr_typed(&mut self, e: &aurora_grammar::ast::Expr, want: Want) -> LExpr {
        let saved = self.set_suffix(!self.pinned(e));
        let out = self.expr_want(e, want);
        self.suffix_next_int = saved;
        out
    }

    /// Set whether the next integer literal gets a suffix; returns the previous setting.
    pub fn set_suffix(&mut self, on: bool) -> bool {
        std::mem::replace(&mut self.suffix_next_int, on)
    }

    /// Run `f` in a delimited context (inside parentheses or brackets), where a struct
    /// literal needs no parentheses of its own.
    pub fn delimited<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> T {
        let saved = std::mem::replace(&mut self.no_struct, false);
        let out = f(self);
        self.no_struct = saved;
        out
    }

    /// Run `f` where a struct literal must be parenthesised (conditions, scrutinees).
    pub fn restricted<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> T {
        let saved = std::mem::replace(&mut self.no_struct, true);
        let out = f(self);
        self.no_struct = saved;
        out
    }
}
