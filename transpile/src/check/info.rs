//! What the checker learns about a program, in side tables keyed by [`NodeId`]. Lowering reads
//! these and never re-derives them; the AST itself is never mutated.

use std::collections::HashMap;

use aurora_grammar::ast::NodeId;
use aurora_grammar::Span;

/// Aurora's types, as far as the checker can infer them without rustc.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Ty {
    /// `int` (Rust `i64`).
    Int,
    /// `float` (Rust `f64`).
    Float,
    Bool,
    Char,
    /// `str` (Rust `String`; `&str` behind `ref`).
    Str,
    /// A sized numeric type by its Aurora/Rust name: `i8`..`i128`, `u8`..`u128`, `usize`,
    /// `isize`, `f32`, `f64`. The checker writes `i64` as [`Ty::Int`] and `f64` as
    /// [`Ty::Float`] (they are the same types), so `Sized("i64")`/`Sized("f64")` never appear.
    Sized(&'static str),
    /// `duration` (Rust `std::time::Duration`): the type of `10ms`.
    Duration,
    /// `instant` (Rust `std::time::Instant`): a point in time, `now()`, `now() + 2s`.
    Instant,
    /// `()`.
    Unit,
    /// `[T]` (Rust `Vec<T>`).
    List(Box<Ty>),
    /// `Map[K, V]` (Rust `HashMap<K, V>`).
    Map(Box<Ty>, Box<Ty>),
    /// `Set[T]` (Rust `HashSet<T>`).
    Set(Box<Ty>),
    Tuple(Vec<Ty>),
    /// `T?`.
    Option(Box<Ty>),
    /// `Result[T, E]`.
    Result(Box<Ty>, Box<Ty>),
    /// A user struct or enum: its defining module and name, with type arguments.
    Adt {
        module: String,
        name: String,
        args: Vec<Ty>,
    },
    /// A generic parameter in scope (`T`).
    Param(String),
    /// `fn(A) -> R`.
    Fn(Vec<Ty>, Box<Ty>),
    /// A borrow produced by `ref` (parameters, loop variables over borrowed collections).
    Ref(Box<Ty>),
    /// A mutable borrow produced by `mut`.
    Mut(Box<Ty>),
    /// A range `a..b` of the element type.
    Range(Box<Ty>),
    /// `Task[T]`: the handle `spawn` gives, for a task computing a `T`.
    Task(Box<Ty>),
    /// `mutex[T]` (Rust `std::sync::Mutex<T>`).
    Mutex(Box<Ty>),
    /// `rwlock[T]` (Rust `std::sync::RwLock<T>`).
    RwLock(Box<Ty>),
    /// `atomic[T]`, `T` being `bool`, `int` or a sized integer up to 64 bits (Rust
    /// `AtomicBool`, `AtomicI64`, ...).
    Atomic(Box<Ty>),
    /// `shared T` (Rust `std::sync::Arc<T>`).
    Shared(Box<Ty>),
    /// `local T` (Rust `std::rc::Rc<T>`): not `Send`.
    Local(Box<Ty>),
    /// `cell T` (Rust `std::cell::RefCell<T>`): not `Share`.
    Cell(Box<Ty>),
    /// `Outcome[T]`: how a task of a `supervisor scope` ended (a value, a failure, cancelled).
    Outcome(Box<Ty>),
    /// `Sender[T]`: the sending end of a channel of `T` (`aurora_std::Sender<T>`).
    Sender(Box<Ty>),
    /// `Receiver[T]`: the receiving end of a channel of `T` (`aurora_std::Receiver<T>`).
    Receiver(Box<Ty>),
    /// The type of `return`, `break`, `panic(..)`: never produces a value.
    Never,
    /// Not known to the checker (rustc will decide).
    Unknown,
}

impl Ty {
    /// The type behind any `ref`/`mut` borrows.
    pub fn peel(&self) -> &Ty {
        match self {
            Ty::Ref(t) | Ty::Mut(t) => t.peel(),
            t => t,
        }
    }

    pub fn is_integer(&self) -> bool {
        matches!(self.peel(), Ty::Int) || matches!(self.peel(), Ty::Sized(n) if !n.starts_with('f'))
    }

    pub fn is_float(&self) -> bool {
        matches!(self.peel(), Ty::Float | Ty::Sized("f32" | "f64"))
    }

    /// Values of this type are copied rather than moved (Rust `Copy`).
    pub fn is_copy(&self) -> bool {
        match self.peel() {
            Ty::Int
            | Ty::Float
            | Ty::Bool
            | Ty::Char
            | Ty::Sized(_)
            | Ty::Duration
            | Ty::Instant
            | Ty::Unit
            | Ty::Never => true,
            Ty::Tuple(ts) => ts.iter().all(Ty::is_copy),
            Ty::Option(t) => t.is_copy(),
            _ => false,
        }
    }
}

/// What a name refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Res {
    /// A local variable or parameter: the id of its binding `Pattern`, `Param` or
    /// `ClosureParam`.
    Local(NodeId),
    /// `self` inside a method.
    SelfValue,
    /// A function, by module and name.
    Fn { module: String, name: String },
    /// A constant.
    Const { module: String, name: String },
    /// A `task_local` read by name (`REQUEST_ID`, `m.REQUEST_ID`): its current binding.
    TaskLocal { module: String, name: String },
    /// A struct or enum type used as a value path (`Point.new`, `Shape.Circle`).
    Type { module: String, name: String },
    /// An enum variant: on the `Field` expression `Shape.Circle`, on the `MethodCall`
    /// `Shape.Circle(r)`, on the `StructLit` `Shape.Rect { .. }`, and on variant patterns.
    Variant {
        module: String,
        enum_name: String,
        variant: String,
    },
    /// A module named by `use` (`geometry` in `geometry.area(..)`).
    Module(String),
    /// A built-in function (`print`, `assert`, `some`, `Map`, ...).
    Builtin(String),
    /// A generic parameter used as a value path (`T.default()`).
    TypeParam(String),
    /// A function defined in an `impl` block of a user type: an associated function
    /// (`Point.new`) or a method (`p.norm()`). `module` is the module that defines the type.
    ///
    /// Recorded on the `MethodCall` expression: the parser builds `Point.new(1.0, 2.0)` as
    /// `MethodCall { receiver: Name(Point), method: new }`, and `p.norm()` /
    /// `self.scale(2.0)` are method calls on values of a user type. A bare `Point.new`
    /// (a `Field`, e.g. passed as a function value) gets it on the `Field`.
    Method {
        module: String,
        type_name: String,
        method: String,
    },
}

/// The checker's output for one program.
#[derive(Debug, Default)]
pub struct Info {
    /// The type of each expression the checker could infer (absent means unknown). Patterns
    /// are keyed here too: a pattern's id maps to the type of the value it matches.
    ///
    /// Integer and float literals carry the type the context gave them (`let b: u8 = 200`
    /// records `Sized("u8")` on the literal `200`); without such context they are `Int` /
    /// `Float`.
    pub types: HashMap<NodeId, Ty>,
    /// The resolution of each `Name` expression, of each `Field` expression that is really a
    /// path (`Shape.Circle`, `geometry.area`, `Point.new`), and of each path in a struct
    /// literal or pattern (keyed by that expression's or pattern's id).
    ///
    /// Conventions:
    /// - A `Name` or `Field` naming a module or type that prefixes a longer path gets
    ///   `Res::Module` / `Res::Type` (`geometry` and `geometry.Shape` in
    ///   `geometry.Shape.Circle`); the whole path gets the item's resolution.
    /// - `MethodCall` whose receiver is a type or module path is really a path call; its own id
    ///   gets the callee's resolution: `Point.new(..)` -> `Res::Method`, `geometry.area(..)` ->
    ///   `Res::Fn`, `Shape.Circle(..)` -> `Res::Variant`. A `MethodCall` on a value of a user
    ///   type gets `Res::Method`; one on a built-in type (`xs.push(1)`) gets nothing (see
    ///   `builtins::method` with the receiver's type).
    /// - Struct literals: `Res::Type` (`Point { .. }`) or `Res::Variant` (`Shape.Rect { .. }`)
    ///   on the `StructLit` expression's id; patterns `Shape.Circle(r)`, `Shape.Rect { .. }`,
    ///   `some(x)`, `ok(x)`, `err(e)`: `Res::Variant` or `Res::Builtin` on the pattern's id.
    /// - `self` -> `Res::SelfValue`; `Self` as a value path -> `Res::Type` of the impl's type.
    /// - Field shorthand in a struct pattern (`Shape.Rect { w, .. }`) binds `w` without a
    ///   pattern node of its own; the checker gives that binding a synthesized id counting
    ///   down from `u32::MAX` (never colliding with parser ids), so `Res::Local` of uses of `w`
    ///   points at it and `locals` holds its type.
    pub res: HashMap<NodeId, Res>,
    /// Types of local bindings, keyed by the binding's id (pattern, param or closure param).
    /// Parameters declared `ref T` have type `Ref(T)`, `mut T` have `Mut(T)`; `self` is not a
    /// binding (its type is on each `self` expression: `Ref(Adt)` for `ref self`, `Mut(Adt)`
    /// for `mut self`, `Adt` for `self`). A pattern matched against a `Ref(T)` value binds the
    /// non-copyable parts as `Ref(part)` and copyable ones by value (Rust's default binding
    /// modes, with lowering copying `&f64` etc. where needed). `for` loop
    /// variables over a borrowed collection (a list/set/map *place*: a variable or field) are
    /// the element type when copyable, else `Ref(elem)`; over a map, `Tuple(K, V)` with the
    /// same rule per component; over a range, the range's element type; over any other
    /// (owned) expression such as a method call result, the owned element type.
    pub locals: HashMap<NodeId, Ty>,
    /// Bindings (by pattern id) declared with `var` (or `var x` in a pattern) that are
    /// actually modified somewhere: assigned (also through a field or index, `p.x = 1`,
    /// `xs[i] = 2`), borrowed as `mut x`, or the receiver of a method that modifies it (a
    /// built-in method with a `mut` receiver in `builtins::METHODS`, a user method taking
    /// `mut self`). A method the checker cannot look up (unknown receiver type, or a name not
    /// in the table) counts as modifying unless every table method of that name reads only
    /// (`builtins::may_mutate`). Lowering emits `mut` only for these.
    pub mutated: std::collections::HashSet<NodeId>,
    /// For each `spawn` expression (by id), the bindings declared outside the task that its
    /// body uses, in order of first use (capture analysis, `check/capture.rs`). When the task
    /// is a `move` closure ([`task_moves`]), the values it only borrows are borrowed before the
    /// `spawn` (`let xs = &xs;`), and `types` gives the uses of those names inside the task
    /// the borrow's type `Ref(T)`, as for a `ref` parameter.
    pub captures: HashMap<NodeId, Vec<Capture>>,
    /// For each `spawn` expression, the spawn site named in the runtime's messages (a task's
    /// panic resurfaces as "task spawned at SITE panicked"): the `spawn`'s source location,
    /// `FILE:LINE:COLUMN` with FILE relative to the root file's directory (`main.aur:12:17`;
    /// a CNL program's sites name its `.cnl` lines). These strings are the only difference
    /// between the Rust of a program and of its CNL twin; `lower::LowerOptions::mask_sites`
    /// replaces them for comparing the two.
    pub spawn_sites: HashMap<NodeId, String>,
    /// The `spawn`s whose task is fallible (its body gives a `Result` in a scope other than a
    /// supervisor scope): lowered to `try_spawn_at`, its handle gives the `Ok` value.
    pub fallible_spawns: std::collections::HashSet<NodeId>,
    /// The scopes (plain, timed or deadline) with at least one fallible task: lowered to
    /// `try_scope` (or `try_scope_with_deadline`); their value is `Result[V, E]`.
    pub fallible_scopes: std::collections::HashSet<NodeId>,
    /// For each `par for` with a `reduce` clause (by the loop's id), the type of each variable
    /// it reduces into, in the clause's order (`Unknown` where the name was not found).
    pub par_reductions: HashMap<NodeId, Vec<Ty>>,
}

/// How a task uses a binding declared outside it; the strongest use wins
/// (`Read` < `Mutate` < `Consume`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CaptureMode {
    /// Only read: borrowing it is enough.
    Read,
    /// Assigned, passed as `mut`, or the receiver of a modifying method.
    Mutate,
    /// Used as an owned value (moved): a non-copy value passed on, stored, or given back.
    Consume,
}

/// One binding a task uses from outside its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capture {
    pub binding: NodeId,
    pub name: String,
    pub mode: CaptureMode,
    /// The code outside the task uses the binding after the `spawn` (later in the source, or
    /// again in a later iteration of a loop around the `spawn`).
    pub used_after: bool,
    /// Declared inside the body of the scope the task is spawned into: it does not outlive
    /// the scope's tasks, so the task cannot borrow it and must take it (a copy or a move).
    pub scope_local: bool,
    /// Values of its type are copied (`int`, `bool`, ...), so taking it never moves it.
    pub copy: bool,
    /// The task's first use of the binding (what `.aurs` manifests point at).
    pub span: Span,
    /// A channel end (`Sender[T]`, `Receiver[T]`): any use in a task consumes it when the code
    /// outside does not use it after the `spawn`, so the task takes it and the channel closes
    /// when the task ends (§15); otherwise the task borrows it.
    pub channel_end: bool,
}

impl Capture {
    /// The task takes the value: it consumes it and nothing after the `spawn` uses it, or it
    /// must (see `scope_local`).
    pub fn taken(&self) -> bool {
        (self.mode == CaptureMode::Consume && !self.used_after) || self.scope_local
    }
}

/// Whether a task's closure is `move`. It is when the task takes some value and modifies
/// nothing from outside, unless it also borrows a value that is not copied: Rust's closures
/// already capture what they consume by value, so the `move` is left out then rather than
/// borrowing the rest through explicit references, except when the task must take a local of
/// the scope's body (`Capture::scope_local`) or a channel end it only calls methods on
/// (`Capture::channel_end`; a closure would borrow it).
pub fn task_moves(captures: &[Capture]) -> bool {
    let takes = captures.iter().any(Capture::taken);
    let mutates = captures.iter().any(|c| c.mode == CaptureMode::Mutate);
    let must = captures
        .iter()
        .any(|c| c.scope_local || (c.channel_end && c.taken()));
    let borrows = captures.iter().any(|c| !c.taken() && !c.copy);
    takes && !mutates && (must || !borrows)
}

impl Info {
    pub fn ty(&self, id: NodeId) -> &Ty {
        self.types.get(&id).unwrap_or(&Ty::Unknown)
    }

    pub fn res(&self, id: NodeId) -> Option<&Res> {
        self.res.get(&id)
    }
}
