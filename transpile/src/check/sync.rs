//! Sharing and synchronisation (docs/language.md §14): the constructors `mutex(v)`,
//! `rwlock(v)`, `atomic(v)`, `shared(v)`, `local(v)`, `cell(v)`; the guard blocks
//! `lock m as v { }`, `read m as v { }`, `write m as v { }`; and the methods of atomics with
//! their memory orderings. Orderings that Rust accepts only to panic at run time (a `load`
//! with `release`, a `store` with `acquire`, ...) are reported here instead.

use aurora_grammar::ast::{Arg, Binder, Block, Expr, ExprKind, GuardKind, Ident, Mode};
use aurora_grammar::{Diagnostic, Errors, Span};

use super::scope::Origin;
use super::suggest;
use super::types::{plural, show, were};
use super::walk::{Conc, Walker};
use super::{Res, Ty};

/// The built-in functions that make a sharing or synchronisation value.
pub(crate) const CONSTRUCTORS: &[&str] = &["mutex", "rwlock", "atomic", "shared", "local", "cell"];

/// A memory ordering as Aurora writes it, and the `std::sync::atomic::Ordering` variant.
pub(crate) const ORDERINGS: &[(&str, &str)] = &[
    ("relaxed", "Relaxed"),
    ("acquire", "Acquire"),
    ("release", "Release"),
    ("acq_rel", "AcqRel"),
    ("seq_cst", "SeqCst"),
];

/// The methods of `atomic[T]`: name, number of value arguments, whether only integers have
/// it, the Rust method.
pub(crate) const ATOMIC_METHODS: &[(&str, usize, bool, &str)] = &[
    ("load", 0, false, "load"),
    ("store", 1, false, "store"),
    ("swap", 1, false, "swap"),
    ("add", 1, true, "fetch_add"),
    ("sub", 1, true, "fetch_sub"),
    ("compare_exchange", 2, false, "compare_exchange"),
];

/// The orderings an operation accepts (Rust panics on the others).
fn allowed(method: &str) -> &'static [&'static str] {
    match method {
        "load" => &["relaxed", "acquire", "seq_cst"],
        "store" => &["relaxed", "release", "seq_cst"],
        _ => &["relaxed", "acquire", "release", "acq_rel", "seq_cst"],
    }
}

/// The failure ordering of a `compare_exchange` whose success ordering is `order` and that
/// names none: the strongest one a failed exchange (a load) may have, as C++ derives it.
pub(crate) fn failure_for(order: &str) -> &'static str {
    match order {
        "seq_cst" => "seq_cst",
        "acquire" | "acq_rel" => "acquire",
        _ => "relaxed",
    }
}

/// The orderings given to an atomic call: `order:` (default `seq_cst`) and, for
/// `compare_exchange`, `failure:`.
pub(crate) fn call_orderings(method: &str, args: &[Arg]) -> (String, Option<String>) {
    let word = |label: &str| {
        args.iter()
            .find(|a| a.name.as_ref().is_some_and(|n| n.name == label))
            .and_then(|a| match &a.value.kind {
                ExprKind::Name(n) => Some(n.name.clone()),
                _ => None,
            })
    };
    let order = word("order").unwrap_or_else(|| "seq_cst".to_string());
    let failure = (method == "compare_exchange")
        .then(|| word("failure").unwrap_or(failure_for(&order).into()));
    (order, failure)
}

/// The Rust `Ordering` variant of an Aurora ordering word.
pub(crate) fn rust_ordering(word: &str) -> &'static str {
    ORDERINGS
        .iter()
        .find(|(w, _)| *w == word)
        .map_or("SeqCst", |(_, r)| r)
}

/// The value type inside `atomic[T]`, seen through borrows and `shared`/`local`.
pub(crate) fn atomic_of(t: &Ty) -> Option<&Ty> {
    match through(t) {
        Ty::Atomic(inner) => Some(inner),
        _ => None,
    }
}

/// A type seen through borrows and `shared`/`local` (Rust auto-derefs both).
pub(crate) fn through(t: &Ty) -> &Ty {
    match t {
        Ty::Ref(t) | Ty::Mut(t) | Ty::Shared(t) | Ty::Local(t) => through(t),
        t => t,
    }
}

/// `atomic[T]` holds `bool`, `int` or a sized integer of at most 64 bits (what std has
/// atomics for on every platform Aurora targets).
pub(crate) fn check_atomic_value(t: &Ty, span: Span, errors: &mut Errors) {
    let ok = match t {
        Ty::Bool | Ty::Int | Ty::Unknown | Ty::Param(_) => true,
        Ty::Sized(n) => !matches!(*n, "i128" | "u128" | "f32" | "f64"),
        _ => false,
    };
    if matches!(t, Ty::Param(_)) {
        errors.push(
            Diagnostic::error(span, "an atomic needs a concrete value type")
                .label(format!("`{}` is a generic parameter", show(t)))
                .help(
                    "write `atomic[int]`, `atomic[bool]` or a sized integer such as `atomic[u32]`",
                ),
        );
        return;
    }
    if !ok {
        errors.push(
            Diagnostic::error(span, format!("`atomic[{}]` is not supported", show(t)))
                .label("an atomic holds `bool`, `int` or a sized integer of at most 64 bits")
                .help(format!(
                    "keep a `{}` in a `mutex` instead: `mutex[{}]`",
                    show(t),
                    show(t)
                )),
        );
    }
}

impl Walker<'_> {
    /// `mutex(v)`, `rwlock(v)`, `atomic(v)`, `shared(v)`, `local(v)`, `cell(v)`, with an
    /// optional type argument (`atomic[u8](0)`).
    pub(crate) fn sync_ctor(
        &mut self,
        e: &Expr,
        name: &str,
        targs: &[Ty],
        args: &[Arg],
        exp: Option<&Ty>,
    ) -> Ty {
        if args.len() != 1 || args[0].name.is_some() || args[0].mode != Mode::Own {
            let help = match name {
                "atomic" => "write `atomic(0)`, or `atomic[u8](0)` for a sized integer".to_string(),
                _ => format!("write `{name}(value)`: the value it starts with"),
            };
            self.errors.push(
                Diagnostic::error(
                    e.span,
                    format!(
                        "`{name}` takes 1 argument, its initial value, but {} {} given",
                        args.len(),
                        were(args.len())
                    ),
                )
                .label("expected 1 argument")
                .help(help),
            );
            self.args_unchecked_pub(args);
            return Ty::Unknown;
        }
        if targs.len() > 1 {
            self.errors.push(
                Diagnostic::error(
                    e.span,
                    format!(
                        "`{name}` takes 1 type argument, but {} {} given",
                        targs.len(),
                        were(targs.len())
                    ),
                )
                .label("wrong number of type arguments")
                .help(format!("write `{name}[T](value)`")),
            );
        }
        let expected_inner = match (name, exp.map(Ty::peel)) {
            ("mutex", Some(Ty::Mutex(t)))
            | ("rwlock", Some(Ty::RwLock(t)))
            | ("atomic", Some(Ty::Atomic(t)))
            | ("shared", Some(Ty::Shared(t)))
            | ("local", Some(Ty::Local(t)))
            | ("cell", Some(Ty::Cell(t))) => Some((**t).clone()),
            _ => None,
        };
        // A declared `atomic[T]` was checked where it is written.
        let from_declared = targs.is_empty() && expected_inner.is_some();
        let want = targs
            .first()
            .cloned()
            .or(expected_inner)
            .filter(|t| *t != Ty::Unknown);
        let t = self.expr(&args[0].value, want.as_ref());
        let inner = match want {
            Some(w) => w,
            None => match t {
                Ty::Ref(t) | Ty::Mut(t) => *t,
                t => t,
            },
        };
        let inner = Box::new(inner);
        match name {
            "mutex" => Ty::Mutex(inner),
            "rwlock" => Ty::RwLock(inner),
            "atomic" => {
                if !from_declared {
                    check_atomic_value(&inner, args[0].value.span, self.errors);
                }
                Ty::Atomic(inner)
            }
            "shared" => Ty::Shared(inner),
            "local" => Ty::Local(inner),
            _ => Ty::Cell(inner),
        }
    }

    /// `lock m as v { }`, `read m as v { }`, `write m as v { }`: `v` is the guarded value,
    /// modifiable in `lock` and `write`; the value is the block's.
    pub(crate) fn guard_expr(
        &mut self,
        kind: GuardKind,
        target: &Expr,
        binding: &Binder,
        body: &Block,
        exp: Option<&Ty>,
    ) -> Ty {
        let tt = self.expr(target, None);
        let word = kind.word();
        let what = self.text(target.span);
        let inner = match (kind, through(&tt)) {
            (GuardKind::Lock, Ty::Mutex(t)) => (**t).clone(),
            (GuardKind::Read | GuardKind::Write, Ty::RwLock(t) | Ty::Cell(t)) => (**t).clone(),
            (_, Ty::Unknown | Ty::Never) => Ty::Unknown,
            (GuardKind::Lock, t @ (Ty::RwLock(_) | Ty::Cell(_))) => {
                self.errors.push(
                    Diagnostic::error(
                        target.span,
                        format!("`lock` takes a `mutex`, and `{what}` is a `{}`", show(t)),
                    )
                    .label("not a mutex")
                    .help(format!(
                        "read it with `read {what} as v {{ }}`, or change it with `write {what} as v {{ }}`"
                    )),
                );
                Ty::Unknown
            }
            (_, t @ Ty::Mutex(_)) => {
                self.errors.push(
                    Diagnostic::error(
                        target.span,
                        format!(
                            "`{word}` takes a `rwlock` or a `cell`, and `{what}` is a `{}`",
                            show(t)
                        ),
                    )
                    .label("a mutex is locked, not read or written")
                    .help(format!("write `lock {what} as v {{ }}`")),
                );
                Ty::Unknown
            }
            (_, t) => {
                let (takes, help) = match kind {
                    GuardKind::Lock => (
                        "a `mutex`",
                        format!(
                            "create the value as a mutex, `let {what} = mutex(..)`, and lock that"
                        ),
                    ),
                    _ => (
                        "a `rwlock` or a `cell`",
                        format!(
                            "create the value as a rwlock, `let {what} = rwlock(..)`, and use that"
                        ),
                    ),
                };
                self.errors.push(
                    Diagnostic::error(
                        target.span,
                        format!("`{word}` takes {takes}, not `{}`", show(t)),
                    )
                    .label(format!("`{what}` has type `{}`", show(t)))
                    .help(help),
                );
                Ty::Unknown
            }
        };
        let bty = match kind {
            GuardKind::Read => Ty::Ref(Box::new(inner)),
            _ => Ty::Mut(Box::new(inner)),
        };
        let key = self.lock_key(target);
        let cell = matches!(through(&tt), Ty::Cell(_));
        self.relock(kind, &key, target.span, cell);
        self.conc.push(Conc::Guard {
            key,
            kind,
            target: target.span,
            binding: binding.name.name.clone(),
            cell,
        });
        self.scopes.push();
        self.add_binding(
            binding.id,
            &binding.name,
            &bty,
            Origin::Guard,
            kind != GuardKind::Read,
        );
        let t = self.block(body, exp);
        self.leave_scope();
        self.conc.pop();
        // The guard ends with the block: its value leaves as a value, not as a view of it.
        match t {
            Ty::Ref(t) | Ty::Mut(t) => *t,
            t => t,
        }
    }

    /// What identifies the lock a guard block takes: the binding a plain name resolves to,
    /// else the target as written (`self.count`).
    fn lock_key(&self, target: &Expr) -> String {
        match (&target.kind, self.info.res(target.id)) {
            (ExprKind::Name(_), Some(Res::Local(b))) => format!("#{}", b.0),
            _ => self.text(target.span).split_whitespace().collect(),
        }
    }

    /// A guard block taking a lock that a block around it already holds, where the holder
    /// waits for it: on the same thread, or in a task whose scope ends inside the outer block.
    /// A mutex (or an rwlock being written) deadlocks there; a cell fails at run time. Two
    /// `read`s of one rwlock or cell can be held together.
    fn relock(&mut self, kind: GuardKind, key: &str, at: Span, cell: bool) {
        // `in_task`: inside a task whose scope is not yet passed; `waits`: a task at all
        // between here and the outer block (so the holder waits for this code).
        let (mut in_task, mut waits) = (false, false);
        let mut outer = None;
        for c in self.conc.iter().rev() {
            match c {
                Conc::Task { .. } => (in_task, waits) = (true, true),
                Conc::Scope | Conc::Supervisor => in_task = false,
                Conc::Guard {
                    key: k,
                    kind: held,
                    target,
                    binding,
                    ..
                } if k == key => {
                    // The task's scope is outside the held block: the holder does not wait
                    // for the task, which waits for the lock like any other.
                    let both_read = kind == GuardKind::Read && *held == GuardKind::Read;
                    if !(in_task || both_read) {
                        outer = Some((*held, *target, binding.clone()));
                    }
                    break;
                }
                Conc::Guard { .. } | Conc::Closure { .. } => {}
            }
        }
        let Some((held, outer_at, binding)) = outer else {
            return;
        };
        let what = self.text(at);
        let (message, label) = if cell {
            (
                format!(
                    "`{what}` is borrowed again while its `{}` block holds it",
                    held.word()
                ),
                "this would fail at run time: the cell is already borrowed",
            )
        } else if waits {
            (
                format!("a task locks `{what}` while the block that waits for it holds the lock"),
                "this task waits for the lock, and the holder waits for the task: a deadlock",
            )
        } else {
            (
                format!(
                    "`{what}` is locked again while its `{}` block holds it",
                    held.word()
                ),
                "this waits for a lock its own thread holds: a deadlock",
            )
        };
        let outer_block = format!("{} {what} as {binding}", held.word());
        let help = if waits {
            format!("end the `{outer_block}` block before the `scope`, so that the task can take the lock")
        } else if held == GuardKind::Read {
            format!("end the `{outer_block}` block first, or do both in one `write` block")
        } else {
            format!("use `{binding}`, the value the `{outer_block}` block already holds")
        };
        self.errors.push(
            Diagnostic::error(at, message)
                .label(label)
                .secondary(
                    outer_at,
                    format!("`{what}` is held from here to the end of this block"),
                )
                .help(help),
        );
    }

    /// A wait for another task (`join`, a blocking channel operation) while this thread holds
    /// a lock: if that task needs the lock, neither goes on. Rust cannot see it, and the
    /// checker cannot know what the other task takes, so it is a warning.
    pub(crate) fn no_wait_under_lock(&mut self, e: &Expr) {
        // Every expression comes here: the cheap test of what it is goes first.
        let Some((name, what)) = super::par::blocking(e, &self.info) else {
            return;
        };
        if !matches!(name, "join" | "send" | "recv" | "select" | "for") {
            return;
        }
        // The innermost lock held by the code running here (not by a task or a closure
        // around it, which run elsewhere or later).
        let held = self.conc.iter().rev().find_map(|c| match c {
            // A cell is no lock: nothing waits for it.
            Conc::Guard { cell: true, .. } => None,
            Conc::Guard {
                kind,
                target,
                binding,
                ..
            } => Some(Some((*kind, *target, binding.clone()))),
            Conc::Task { .. } | Conc::Closure { .. } => Some(None),
            Conc::Scope | Conc::Supervisor => None,
        });
        let Some(Some((kind, target, binding))) = held else {
            return;
        };
        let locked = self.text(target);
        self.errors.push(
            Diagnostic::warning(
                e.span,
                format!("`{locked}` stays locked while this waits for another task"),
            )
            .label(what)
            .secondary(
                target,
                format!("`{locked}` is locked from here to the end of this block"),
            )
            .help(format!(
                "end the `{} {locked} as {binding}` block before waiting (copy out what you need): a task that needs `{locked}` could never give what this waits for",
                kind.word()
            )),
        );
    }

    /// A method of `atomic[T]` (`inner` is `T`): `load`, `store`, `swap`, `add`, `sub`,
    /// `compare_exchange`, each with an optional `order:` (and `failure:`).
    pub(crate) fn atomic_method(
        &mut self,
        e: &Expr,
        inner: &Ty,
        method: &Ident,
        args: &[Arg],
    ) -> Ty {
        let name = method.name.as_str();
        let recv = format!("atomic[{}]", show(inner));
        let Some(&(_, values, int_only, _)) = ATOMIC_METHODS.iter().find(|m| m.0 == name) else {
            let names = ATOMIC_METHODS.iter().map(|m| m.0);
            let mut d =
                Diagnostic::error(method.span, format!("no method named `{name}` on `{recv}`"))
                    .label("not an atomic operation");
            d = match suggest::nearest(name, names) {
                Some(s) => d.help(format!("did you mean `{s}`?")),
                None => d.help(
                    "an atomic has `load`, `store`, `swap`, `add`, `sub` and `compare_exchange`",
                ),
            };
            self.errors.push(d);
            self.args_unchecked_pub(args);
            return Ty::Unknown;
        };
        if int_only && *inner == Ty::Bool {
            self.errors.push(
                Diagnostic::error(
                    method.span,
                    format!("`{name}` needs an integer atomic, not `{recv}`"),
                )
                .label("not available on a `bool`")
                .help("use `store`, `swap` or `compare_exchange` on an `atomic[bool]`"),
            );
            self.args_unchecked_pub(args);
            return Ty::Unknown;
        }
        let positional: Vec<&Arg> = args.iter().filter(|a| a.name.is_none()).collect();
        if positional.len() != values {
            let what = match values {
                0 => "no value".to_string(),
                n => format!("{n} value{}", plural(n)),
            };
            let mut d = Diagnostic::error(
                e.span,
                format!(
                    "`{name}` takes {what} but {} {} given",
                    positional.len(),
                    were(positional.len())
                ),
            )
            .label(format!("expected {what}"));
            d = d.note(format!("signature: {}", atomic_signature(name, inner)));
            self.errors.push(d);
        }
        let value = (*inner != Ty::Unknown).then(|| inner.clone());
        for a in &positional {
            let t = self.expr(&a.value, value.as_ref());
            // A literal of the wrong kind is reported by the literal's own check.
            let literal = matches!(
                &a.value.kind,
                ExprKind::Lit(_) | ExprKind::Unary { .. } | ExprKind::Paren(_)
            );
            if let (Some(v), Some(t), false) = (&value, super::expr::known(t.peel()), literal) {
                if t != v && !matches!(t, Ty::Never) {
                    self.errors.push(
                        Diagnostic::error(
                            a.value.span,
                            format!("`{recv}` holds `{}`, not `{}`", show(v), show(t)),
                        )
                        .label(format!("expected `{}`", show(v)))
                        .help(format!("convert it with `as {}`", show(v))),
                    );
                }
            }
        }
        for a in args.iter().filter(|a| a.name.is_some()) {
            let Some(label) = &a.name else { continue };
            let is_failure = label.name == "failure";
            if label.name != "order" && !(is_failure && name == "compare_exchange") {
                let help = if name == "compare_exchange" {
                    "label the ordering `order:` (and the failure ordering `failure:`)"
                } else {
                    "label the ordering `order:`"
                };
                self.errors.push(
                    Diagnostic::error(
                        label.span,
                        format!("`{name}` has no argument labelled `{}`", label.name),
                    )
                    .label("unknown label")
                    .help(help),
                );
                continue;
            }
            let Some(word) = self.ordering_word(a) else {
                continue;
            };
            let ok: &[&str] = if is_failure {
                allowed("load")
            } else {
                allowed(name)
            };
            if !ok.contains(&word.as_str()) {
                let (op, why) = if is_failure {
                    (
                        "the failure of a `compare_exchange`",
                        "a failed exchange only loads",
                    )
                } else if name == "load" {
                    ("a `load`", "a load only reads, so it cannot release")
                } else {
                    ("a `store`", "a store only writes, so it cannot acquire")
                };
                let list = ok
                    .iter()
                    .map(|w| format!("`{w}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                self.errors.push(
                    Diagnostic::error(a.value.span, format!("{op} cannot have `{word}` ordering"))
                        .label(why)
                        .help(format!("use one of {list}")),
                );
            }
        }
        match name {
            "store" => Ty::Unit,
            "compare_exchange" => Ty::Result(Box::new(inner.clone()), Box::new(inner.clone())),
            _ => inner.clone(),
        }
    }

    /// The ordering word of an `order:` or `failure:` argument, reporting anything else.
    fn ordering_word(&mut self, a: &Arg) -> Option<String> {
        let words = ORDERINGS.iter().map(|(w, _)| *w);
        match &a.value.kind {
            ExprKind::Name(n) if ORDERINGS.iter().any(|(w, _)| *w == n.name) => {
                Some(n.name.clone())
            }
            _ => {
                let text = self.text(a.value.span);
                let mut d =
                    Diagnostic::error(a.value.span, format!("`{text}` is not a memory ordering"))
                        .label("expected an ordering");
                d = match suggest::nearest(&text, words) {
                    Some(s) => d.help(format!("did you mean `{s}`?")),
                    None => {
                        d.help("write one of `relaxed`, `acquire`, `release`, `acq_rel`, `seq_cst`")
                    }
                };
                self.errors.push(d);
                None
            }
        }
    }
}

fn atomic_signature(name: &str, inner: &Ty) -> String {
    let t = show(inner);
    match name {
        "load" => format!("load(order: ORDERING = seq_cst) -> {t}"),
        "store" => format!("store(value: {t}, order: ORDERING = seq_cst)"),
        "compare_exchange" => format!(
            "compare_exchange(current: {t}, new: {t}, order: ORDERING = seq_cst, failure: ORDERING = ..) -> Result[{t}, {t}]"
        ),
        _ => format!("{name}(value: {t}, order: ORDERING = seq_cst) -> {t}  // the previous value"),
    }
}

impl Walker<'_> {
    /// A modifying method called on the value inside a `shared` or `local`.
    pub(crate) fn shared_mutation(&mut self, receiver: &Expr, rt: &Ty, method: &str) {
        let what = self.text(receiver.span);
        let inner = match rt.peel() {
            Ty::Shared(t) | Ty::Local(t) => show(t),
            t => show(t),
        };
        self.errors.push(
            Diagnostic::error(
                receiver.span,
                format!("cannot call `{method}` on `{what}`, which modifies it: a `{}` is read-only", show(rt.peel())),
            )
            .label("shared values cannot be changed in place")
            .help(format!(
                "share a lock instead: `shared mutex[{inner}]` (or `local cell {inner}` within one task), and change the value in its block"
            )),
        );
    }
}
