//! Built-in functions and the methods of built-in types, with their Aurora signatures.
//!
//! The checker reads these tables to count arguments, pass expected types down to arguments,
//! infer result types and decide which method calls modify their receiver (a `mut` receiver
//! makes a `var` binding "mutated", and is an error on a `let` binding). Methods not listed
//! here pass through to Rust unchecked: their result type is unknown to the checker.
//!
//! Conventions for results that borrow from the receiver (`xs.get(i)`, `xs.first()`,
//! `xs.min()`, `m.get(k)`): the element type when it is copyable (lowering adds `.copied()`), otherwise a
//! [`Ty::Ref`] of it (the Rust `Option<&T>`), the same rule as `for` loops over a collection.

use aurora_grammar::ast::Mode;

use crate::check::Ty;

/// A built-in function: `print(x)`, `some(x)`, `Map()`, ...
#[derive(Debug, Clone, Copy)]
pub struct BuiltinFn {
    pub name: &'static str,
    pub min_args: usize,
    pub max_args: usize,
    /// The Aurora signature, for messages and documentation.
    pub signature: &'static str,
}

const fn f(
    name: &'static str,
    min_args: usize,
    max_args: usize,
    signature: &'static str,
) -> BuiltinFn {
    BuiltinFn {
        name,
        min_args,
        max_args,
        signature,
    }
}

/// Every built-in function. User functions and types may not take these names.
pub const FUNCTIONS: &[BuiltinFn] = &[
    f(
        "print",
        1,
        1,
        "print(x: ref T)  // T: Display; prints x and a newline",
    ),
    f("eprint", 1, 1, "eprint(x: ref T)  // to stderr"),
    f("assert", 1, 2, "assert(cond: bool, msg: str = ..)"),
    f("assert_eq", 2, 3, "assert_eq(a: T, b: T, msg: str = ..)"),
    f("panic", 0, 1, "panic(msg: str) -> never"),
    f(
        "args",
        0,
        0,
        "args() -> [str]  // command-line arguments, program name excluded",
    ),
    f(
        "read_file",
        1,
        1,
        "read_file(path: ref str) -> Result[str, str]",
    ),
    f("some", 1, 1, "some(x: T) -> T?"),
    f("ok", 1, 1, "ok(x: T) -> Result[T, E]"),
    f("err", 1, 1, "err(e: E) -> Result[T, E]"),
    f("Map", 0, 0, "Map() -> Map[K, V]  // empty"),
    f("Set", 0, 0, "Set() -> Set[T]  // empty"),
    f("sleep", 1, 1, "sleep(d: duration)  // a cancellation point"),
    f("mutex", 1, 1, "mutex(value: T) -> mutex[T]"),
    f("rwlock", 1, 1, "rwlock(value: T) -> rwlock[T]"),
    f(
        "atomic",
        1,
        1,
        "atomic(value: T) -> atomic[T]  // T: bool, int or a sized integer up to 64 bits",
    ),
    f("shared", 1, 1, "shared(value: T) -> shared T"),
    f("local", 1, 1, "local(value: T) -> local T"),
    f("cell", 1, 1, "cell(value: T) -> cell T"),
    f(
        "cancelled",
        0,
        0,
        "cancelled() -> bool  // whether the current task's scope is cancelled",
    ),
    f(
        "check_cancel",
        0,
        0,
        "check_cancel()  // leaves the task as cancelled if it is",
    ),
    f(
        "now",
        0,
        0,
        "now() -> instant  // the current time, for deadlines",
    ),
    f(
        "par_threads",
        0,
        0,
        "par_threads() -> int  // the threads of the pool `par` runs on",
    ),
    f(
        "channel",
        0,
        2,
        "channel[T](capacity: int, overflow: block | drop_oldest | drop_newest) -> (Sender[T], Receiver[T])  // no capacity: unbounded",
    ),
];

pub fn function(name: &str) -> Option<&'static BuiltinFn> {
    FUNCTIONS.iter().find(|b| b.name == name)
}

/// The result type of a call to built-in `name` given the argument types and the type the
/// context expects (`let m: Map[str, int] = Map()`).
pub fn function_result(name: &str, args: &[Ty], expected: Option<&Ty>) -> Ty {
    let arg = |i: usize| args.get(i).cloned().unwrap_or(Ty::Unknown);
    let owned = |t: Ty| match t {
        Ty::Ref(t) | Ty::Mut(t) => *t,
        t => t,
    };
    match name {
        "print" | "eprint" | "assert" | "assert_eq" | "sleep" | "check_cancel" => Ty::Unit,
        "cancelled" => Ty::Bool,
        "now" => Ty::Instant,
        "par_threads" => Ty::Int,
        "panic" => Ty::Never,
        "args" => Ty::List(Box::new(Ty::Str)),
        "read_file" => Ty::Result(Box::new(Ty::Str), Box::new(Ty::Str)),
        "some" => Ty::Option(Box::new(owned(arg(0)))),
        "ok" => {
            let e = match expected {
                Some(Ty::Result(_, e)) => (**e).clone(),
                _ => Ty::Unknown,
            };
            Ty::Result(Box::new(owned(arg(0))), Box::new(e))
        }
        "err" => {
            let t = match expected {
                Some(Ty::Result(t, _)) => (**t).clone(),
                _ => Ty::Unknown,
            };
            Ty::Result(Box::new(t), Box::new(owned(arg(0))))
        }
        "Map" => match expected {
            Some(t @ Ty::Map(..)) => t.clone(),
            _ => Ty::Map(Box::new(Ty::Unknown), Box::new(Ty::Unknown)),
        },
        "Set" => match expected {
            Some(t @ Ty::Set(..)) => t.clone(),
            _ => Ty::Set(Box::new(Ty::Unknown)),
        },
        _ => Ty::Unknown,
    }
}

/// Which built-in receiver types a method belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recv {
    Str,
    List,
    Map,
    Set,
    Option,
    Result,
    /// `int` and the sized integer types.
    Integer,
    /// `float`, `f32`, `f64`.
    Float,
    Char,
    Range,
    /// `Outcome[T]` (a supervised task's outcome).
    Outcome,
    /// `Sender[T]`, the sending end of a channel.
    Sender,
    /// `Receiver[T]`, the receiving end of a channel.
    Receiver,
    /// Any type (`clone`, `to_string`).
    Any,
}

/// An argument of a built-in method, as an expected type relative to the receiver.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum P {
    /// Whatever is passed (no expected type).
    Any,
    Int,
    Str,
    /// The receiver's own type (`a.max(b)`).
    Same,
    /// The element type of a list or set, the inner type of an option or result.
    Elem,
    /// The key type of a map.
    Key,
    /// The value type of a map.
    Value,
}

/// A method's result, relative to the receiver type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum R {
    Unit,
    Bool,
    Int,
    Float,
    Char,
    Str,
    /// The receiver's type (`xs.clone()`, `x.abs()`).
    Same,
    /// The element (list/set), inner value (option/result) or value (map), owned.
    Elem,
    /// `Elem?`, owned (`xs.pop()`, `m.remove(k)`).
    OptElem,
    /// `Elem?` borrowed from the receiver (see the module docs).
    OptElemRef,
    /// The error type of a result.
    ErrOf,
    /// `Same?` (`checked_add`).
    OptSame,
    OptInt,
    OptFloat,
    OptChar,
    OptStr,
    ListStr,
    ListChar,
    ListU8,
    /// `[K]` of a map.
    Keys,
    /// `[V]` of a map.
    Values,
    /// `[T]` where `T` is the return type of the closure argument (`xs.map(f)`).
    ListOfClosureRet,
    /// `T?` where `T` is the return type of the closure argument (`opt.map(f)`).
    OptOfClosureRet,
    /// `Result[(), Elem]`: a send, handing the value back when it is not delivered.
    Sent,
    Unknown,
}

#[derive(Debug, Clone, Copy)]
pub struct Method {
    pub recv: Recv,
    pub name: &'static str,
    pub params: &'static [P],
    /// How many trailing `params` may be left out.
    pub optional: usize,
    /// How the receiver is taken: `Mut` methods modify it (the receiver must be a `var`).
    pub receiver: Mode,
    pub ret: R,
}

const fn m(recv: Recv, name: &'static str, params: &'static [P], receiver: Mode, ret: R) -> Method {
    Method {
        recv,
        name,
        params,
        optional: 0,
        receiver,
        ret,
    }
}

use Mode::{Mut as W, Own as O, Ref as B};

/// The curated table of methods on built-in types.
pub const METHODS: &[Method] = &[
    // str
    m(Recv::Str, "len", &[], B, R::Int),
    m(Recv::Str, "is_empty", &[], B, R::Bool),
    m(Recv::Str, "contains", &[P::Any], B, R::Bool),
    m(Recv::Str, "starts_with", &[P::Any], B, R::Bool),
    m(Recv::Str, "ends_with", &[P::Any], B, R::Bool),
    m(Recv::Str, "find", &[P::Any], B, R::OptInt),
    m(Recv::Str, "replace", &[P::Any, P::Any], B, R::Str),
    m(Recv::Str, "to_upper", &[], B, R::Str),
    m(Recv::Str, "to_lower", &[], B, R::Str),
    m(Recv::Str, "trim", &[], B, R::Str),
    m(Recv::Str, "trim_start", &[], B, R::Str),
    m(Recv::Str, "trim_end", &[], B, R::Str),
    m(Recv::Str, "split", &[P::Any], B, R::ListStr),
    m(Recv::Str, "words", &[], B, R::ListStr),
    m(Recv::Str, "split_whitespace", &[], B, R::ListStr),
    m(Recv::Str, "lines", &[], B, R::ListStr),
    m(Recv::Str, "chars", &[], B, R::ListChar),
    m(Recv::Str, "bytes", &[], B, R::ListU8),
    m(Recv::Str, "parse_int", &[], B, R::OptInt),
    m(Recv::Str, "parse_float", &[], B, R::OptFloat),
    m(Recv::Str, "repeat", &[P::Int], B, R::Str),
    m(Recv::Str, "push", &[P::Any], W, R::Unit),
    m(Recv::Str, "push_str", &[P::Any], W, R::Unit),
    m(Recv::Str, "clear", &[], W, R::Unit),
    m(Recv::Str, "truncate", &[P::Int], W, R::Unit),
    m(Recv::Str, "pop", &[], W, R::OptChar),
    // [T]
    m(Recv::List, "len", &[], B, R::Int),
    m(Recv::List, "is_empty", &[], B, R::Bool),
    m(Recv::List, "push", &[P::Elem], W, R::Unit),
    m(Recv::List, "pop", &[], W, R::OptElem),
    m(Recv::List, "insert", &[P::Int, P::Elem], W, R::Unit),
    m(Recv::List, "remove", &[P::Int], W, R::Elem),
    m(Recv::List, "clear", &[], W, R::Unit),
    m(Recv::List, "sort", &[], W, R::Unit),
    m(Recv::List, "sort_by", &[P::Any], W, R::Unit),
    m(Recv::List, "sort_by_key", &[P::Any], W, R::Unit),
    m(Recv::List, "reverse", &[], W, R::Unit),
    m(Recv::List, "extend", &[P::Any], W, R::Unit),
    m(Recv::List, "truncate", &[P::Int], W, R::Unit),
    m(Recv::List, "dedup", &[], W, R::Unit),
    m(Recv::List, "swap", &[P::Int, P::Int], W, R::Unit),
    m(Recv::List, "retain", &[P::Any], W, R::Unit),
    m(Recv::List, "contains", &[P::Elem], B, R::Bool),
    m(Recv::List, "first", &[], B, R::OptElemRef),
    m(Recv::List, "last", &[], B, R::OptElemRef),
    m(Recv::List, "get", &[P::Int], B, R::OptElemRef),
    m(Recv::List, "join", &[P::Str], B, R::Str),
    m(Recv::List, "map", &[P::Any], B, R::ListOfClosureRet),
    m(Recv::List, "filter", &[P::Any], B, R::Same),
    m(Recv::List, "any", &[P::Any], B, R::Bool),
    m(Recv::List, "all", &[P::Any], B, R::Bool),
    m(Recv::List, "sum", &[], B, R::Elem),
    m(Recv::List, "min", &[], B, R::OptElemRef),
    m(Recv::List, "max", &[], B, R::OptElemRef),
    m(Recv::List, "index_of", &[P::Elem], B, R::OptInt),
    m(Recv::List, "sorted", &[], B, R::Same),
    m(Recv::List, "reversed", &[], B, R::Same),
    // Map[K, V]
    m(Recv::Map, "len", &[], B, R::Int),
    m(Recv::Map, "is_empty", &[], B, R::Bool),
    m(Recv::Map, "get", &[P::Key], B, R::OptElemRef),
    m(Recv::Map, "contains_key", &[P::Key], B, R::Bool),
    m(Recv::Map, "contains", &[P::Key], B, R::Bool),
    m(Recv::Map, "insert", &[P::Key, P::Value], W, R::OptElem),
    m(Recv::Map, "remove", &[P::Key], W, R::OptElem),
    m(Recv::Map, "clear", &[], W, R::Unit),
    m(Recv::Map, "keys", &[], B, R::Keys),
    m(Recv::Map, "values", &[], B, R::Values),
    // Set[T]
    m(Recv::Set, "len", &[], B, R::Int),
    m(Recv::Set, "is_empty", &[], B, R::Bool),
    m(Recv::Set, "insert", &[P::Elem], W, R::Bool),
    m(Recv::Set, "remove", &[P::Elem], W, R::Bool),
    m(Recv::Set, "contains", &[P::Elem], B, R::Bool),
    m(Recv::Set, "clear", &[], W, R::Unit),
    // T?
    // Outcome[T] (docs/language.md §10.4)
    m(Recv::Outcome, "value", &[], B, R::OptElem),
    m(Recv::Outcome, "failure", &[], B, R::OptStr),
    m(Recv::Outcome, "is_ok", &[], B, R::Bool),
    m(Recv::Outcome, "is_failed", &[], B, R::Bool),
    m(Recv::Outcome, "is_cancelled", &[], B, R::Bool),
    m(Recv::Option, "is_some", &[], B, R::Bool),
    m(Recv::Option, "is_none", &[], B, R::Bool),
    m(Recv::Option, "unwrap", &[], O, R::Elem),
    m(Recv::Option, "expect", &[P::Str], O, R::Elem),
    m(Recv::Option, "unwrap_or", &[P::Elem], O, R::Elem),
    m(Recv::Option, "map", &[P::Any], O, R::OptOfClosureRet),
    // Result[T, E]
    m(Recv::Result, "is_ok", &[], B, R::Bool),
    m(Recv::Result, "is_err", &[], B, R::Bool),
    m(Recv::Result, "unwrap", &[], O, R::Elem),
    m(Recv::Result, "expect", &[P::Str], O, R::Elem),
    m(Recv::Result, "unwrap_or", &[P::Elem], O, R::Elem),
    m(Recv::Result, "unwrap_err", &[], O, R::ErrOf),
    m(Recv::Result, "ok", &[], O, R::OptElem),
    // integers
    m(Recv::Integer, "abs", &[], O, R::Same),
    m(Recv::Integer, "pow", &[P::Any], O, R::Same),
    m(Recv::Integer, "min", &[P::Same], O, R::Same),
    m(Recv::Integer, "max", &[P::Same], O, R::Same),
    m(Recv::Integer, "clamp", &[P::Same, P::Same], O, R::Same),
    m(Recv::Integer, "signum", &[], O, R::Same),
    m(Recv::Integer, "checked_add", &[P::Same], O, R::OptSame),
    m(Recv::Integer, "checked_sub", &[P::Same], O, R::OptSame),
    m(Recv::Integer, "checked_mul", &[P::Same], O, R::OptSame),
    m(Recv::Integer, "checked_div", &[P::Same], O, R::OptSame),
    m(Recv::Integer, "wrapping_add", &[P::Same], O, R::Same),
    m(Recv::Integer, "wrapping_sub", &[P::Same], O, R::Same),
    m(Recv::Integer, "wrapping_mul", &[P::Same], O, R::Same),
    m(Recv::Integer, "saturating_add", &[P::Same], O, R::Same),
    m(Recv::Integer, "saturating_sub", &[P::Same], O, R::Same),
    // floats
    m(Recv::Float, "abs", &[], O, R::Same),
    m(Recv::Float, "sqrt", &[], O, R::Same),
    m(Recv::Float, "pow", &[P::Same], O, R::Same),
    m(Recv::Float, "powi", &[P::Any], O, R::Same),
    m(Recv::Float, "floor", &[], O, R::Same),
    m(Recv::Float, "ceil", &[], O, R::Same),
    m(Recv::Float, "round", &[], O, R::Same),
    m(Recv::Float, "trunc", &[], O, R::Same),
    m(Recv::Float, "min", &[P::Same], O, R::Same),
    m(Recv::Float, "max", &[P::Same], O, R::Same),
    m(Recv::Float, "clamp", &[P::Same, P::Same], O, R::Same),
    m(Recv::Float, "sin", &[], O, R::Same),
    m(Recv::Float, "cos", &[], O, R::Same),
    m(Recv::Float, "tan", &[], O, R::Same),
    m(Recv::Float, "ln", &[], O, R::Same),
    m(Recv::Float, "log10", &[], O, R::Same),
    m(Recv::Float, "exp", &[], O, R::Same),
    m(Recv::Float, "is_nan", &[], O, R::Bool),
    // char
    m(Recv::Char, "is_digit", &[], O, R::Bool),
    m(Recv::Char, "is_alphabetic", &[], O, R::Bool),
    m(Recv::Char, "is_alphanumeric", &[], O, R::Bool),
    m(Recv::Char, "is_whitespace", &[], O, R::Bool),
    m(Recv::Char, "is_uppercase", &[], O, R::Bool),
    m(Recv::Char, "is_lowercase", &[], O, R::Bool),
    m(Recv::Char, "to_upper", &[], O, R::Char),
    m(Recv::Char, "to_lower", &[], O, R::Char),
    m(Recv::Char, "to_digit", &[], O, R::OptInt),
    // ranges
    m(Recv::Range, "contains", &[P::Elem], B, R::Bool),
    // channel ends (§15); `recv(timeout: d)` is `recv` with its optional argument
    m(Recv::Sender, "send", &[P::Elem], B, R::Sent),
    m(Recv::Sender, "try_send", &[P::Elem], B, R::Sent),
    m(Recv::Sender, "dropped", &[], B, R::Int),
    Method {
        recv: Recv::Receiver,
        name: "recv",
        params: &[P::Any],
        optional: 1,
        receiver: B,
        ret: R::OptElem,
    },
    m(Recv::Receiver, "try_recv", &[], B, R::OptElem),
    // any type
    m(Recv::Any, "clone", &[], B, R::Same),
    m(Recv::Any, "to_string", &[], B, R::Str),
];

/// The receiver kind of a type, `None` for user types and unknown types.
pub fn recv_of(ty: &Ty) -> Option<Recv> {
    Some(match ty.peel() {
        Ty::Str => Recv::Str,
        Ty::List(_) => Recv::List,
        Ty::Map(..) => Recv::Map,
        Ty::Set(_) => Recv::Set,
        Ty::Option(_) => Recv::Option,
        Ty::Result(..) => Recv::Result,
        Ty::Range(_) => Recv::Range,
        Ty::Outcome(_) => Recv::Outcome,
        Ty::Sender(_) => Recv::Sender,
        Ty::Receiver(_) => Recv::Receiver,
        Ty::Char => Recv::Char,
        t if t.is_float() => Recv::Float,
        t if t.is_integer() => Recv::Integer,
        _ => return None,
    })
}

/// The method `name` of a value of type `ty`, if the table knows it.
pub fn method(ty: &Ty, name: &str) -> Option<&'static Method> {
    let recv = recv_of(ty);
    METHODS
        .iter()
        .find(|m| Some(m.recv) == recv && m.name == name)
        .or_else(|| {
            METHODS
                .iter()
                .find(|m| m.recv == Recv::Any && m.name == name)
        })
}

/// Whether a method the checker cannot look up (its receiver's type is unknown, or the method
/// is not in the table) might modify its receiver: true unless every method of that name in the
/// table takes its receiver by `ref` or by value. The checker then marks a `var` receiver as
/// mutated (a needless `mut` costs a warning; a missing one fails to compile) but reports
/// nothing.
pub fn may_mutate(name: &str) -> bool {
    let mut named = METHODS.iter().filter(|m| m.name == name).peekable();
    named.peek().is_none() || named.any(|m| m.receiver == Mode::Mut)
}

/// The element type a method's `P`/`R` refers to: list/set element, option/result inner,
/// map value.
fn elem(recv: &Ty) -> Ty {
    match recv.peel() {
        Ty::List(t)
        | Ty::Set(t)
        | Ty::Option(t)
        | Ty::Result(t, _)
        | Ty::Range(t)
        | Ty::Outcome(t)
        | Ty::Sender(t)
        | Ty::Receiver(t) => (**t).clone(),
        Ty::Map(_, v) => (**v).clone(),
        _ => Ty::Unknown,
    }
}

/// The expected type of a method argument.
pub fn param_type(recv: &Ty, p: P) -> Option<Ty> {
    let t = match p {
        P::Any => return None,
        P::Int => Ty::Int,
        P::Str => Ty::Str,
        P::Same => recv.peel().clone(),
        P::Elem => elem(recv),
        P::Key => match recv.peel() {
            Ty::Map(k, _) => (**k).clone(),
            _ => Ty::Unknown,
        },
        P::Value => elem(recv),
    };
    (t != Ty::Unknown).then_some(t)
}

fn borrowed(t: Ty) -> Ty {
    if t.is_copy() || t == Ty::Unknown {
        t
    } else {
        Ty::Ref(Box::new(t))
    }
}

/// The result type of a method call; `closure_ret` is the return type of a closure argument.
pub fn result_type(method: &Method, recv: &Ty, closure_ret: Option<&Ty>) -> Ty {
    let list = |t: Ty| Ty::List(Box::new(t));
    let opt = |t: Ty| Ty::Option(Box::new(t));
    match method.ret {
        R::Unit => Ty::Unit,
        R::Bool => Ty::Bool,
        R::Int => Ty::Int,
        R::Float => Ty::Float,
        R::Char => Ty::Char,
        R::Str => Ty::Str,
        R::Same => recv.peel().clone(),
        R::Elem => elem(recv),
        R::OptElem => opt(elem(recv)),
        R::OptElemRef => opt(borrowed(elem(recv))),
        R::ErrOf => match recv.peel() {
            Ty::Result(_, e) => (**e).clone(),
            _ => Ty::Unknown,
        },
        R::OptSame => opt(recv.peel().clone()),
        R::OptInt => opt(Ty::Int),
        R::OptFloat => opt(Ty::Float),
        R::OptChar => opt(Ty::Char),
        R::OptStr => opt(Ty::Str),
        R::ListStr => list(Ty::Str),
        R::ListChar => list(Ty::Char),
        R::ListU8 => list(Ty::Sized("u8")),
        R::Keys => match recv.peel() {
            Ty::Map(k, _) => list((**k).clone()),
            _ => Ty::Unknown,
        },
        R::Values => list(elem(recv)),
        R::ListOfClosureRet => list(closure_ret.cloned().unwrap_or(Ty::Unknown)),
        R::OptOfClosureRet => opt(closure_ret.cloned().unwrap_or(Ty::Unknown)),
        R::Sent => Ty::Result(Box::new(Ty::Unit), Box::new(elem(recv))),
        R::Unknown => Ty::Unknown,
    }
}

/// Names a user function or type may not take: the built-in functions, and the Rust types and
/// prelude names the generated code relies on.
pub const RESERVED_ITEM_NAMES: &[&str] = &[
    "String", "Vec", "Option", "Result", "HashMap", "HashSet", "Box", "Some", "None", "Ok", "Err",
];

/// Aurora's built-in type names.
pub const TYPE_NAMES: &[&str] = &[
    "int", "float", "bool", "char", "str", "Map", "Set", "Result", "i8", "i16", "i32", "i64",
    "i128", "u8", "u16", "u32", "u64", "u128", "isize", "usize", "f32", "f64",
];

/// The sized numeric type called `name`.
pub fn sized(name: &str) -> Option<&'static str> {
    const SIZED: &[&str] = &[
        "i8", "i16", "i32", "i64", "i128", "u8", "u16", "u32", "u64", "u128", "isize", "usize",
        "f32", "f64",
    ];
    SIZED.iter().find(|s| **s == name).copied()
}

/// The generic bounds Aurora accepts.
pub const BOUNDS: &[&str] = &[
    "Send", "Share", "Copy", "Clone", "Eq", "Ord", "Hash", "Display", "Debug", "Default",
];
