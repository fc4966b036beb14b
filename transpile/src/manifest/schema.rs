//! The `.aurs` document, version 1: one struct per kind of entry, serialized in field order.
//! docs/manifest.md is its specification; a field added here is documented there.
//!
//! Every entry starts with [`Place`] (the function it is in and the scope or task around it)
//! and ends with its [`SourceSpan`]. A list with no entries is left out of the document, so a
//! reader treats a missing list as empty.

use serde::Serialize;

/// The format name, so a reader can tell an `.aurs` file from other JSON.
pub const FORMAT: &str = "aurora-concurrency-manifest";

/// The schema's major version. Adding a list or a field keeps it; removing or renaming one, or
/// changing what a value means, raises it (docs/manifest.md, "Versioning").
pub const VERSION: u32 = 1;

/// A program's concurrency structure: every entry in source order (modules in load order, the
/// root first; within a file, by start offset).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Manifest {
    pub format: &'static str,
    pub version: u32,
    /// The root module's name (its file stem).
    pub program: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scopes: Vec<Scope>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub spawns: Vec<Spawn>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub joins: Vec<Join>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cancels: Vec<Cancel>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub locks: Vec<Lock>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub atomics: Vec<Atomic>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<Channel>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub selects: Vec<Select>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub par_loops: Vec<ParLoop>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub task_local_bindings: Vec<TaskLocalBinding>,
}

impl Manifest {
    /// Whether the program has no concurrency at all (every list is empty).
    pub fn is_empty(&self) -> bool {
        let Manifest {
            format: _,
            version: _,
            program: _,
            scopes,
            spawns,
            joins,
            cancels,
            locks,
            atomics,
            channels,
            selects,
            par_loops,
            task_local_bindings,
        } = self;
        scopes.is_empty()
            && spawns.is_empty()
            && joins.is_empty()
            && cancels.is_empty()
            && locks.is_empty()
            && atomics.is_empty()
            && channels.is_empty()
            && selects.is_empty()
            && par_loops.is_empty()
            && task_local_bindings.is_empty()
    }
}

/// A range of a source file: 1-based lines and columns (columns count characters), the end
/// exclusive, and the byte offsets `start..end`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceSpan {
    /// The file as the program's loader named it (relative to where `aurora2rs` ran).
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub start: u32,
    pub end: u32,
}

/// Where an entry stands: its function, and the construct lexically around it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    /// `MODULE.FUNCTION`, `MODULE.TYPE.METHOD` or `MODULE: test "NAME"`.
    pub function: String,
    /// The id of the innermost scope, task (a spawn's id) or `par` construct around the entry
    /// in its function, `null` at the function's top level.
    pub parent: Option<String>,
}

/// `scope { }` and its variants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scope {
    /// `FUNCTION: scope N`, N counting the function's scopes in source order from 1.
    pub id: String,
    #[serde(flatten)]
    pub place: Place,
    pub kind: ScopeKind,
    /// For `kind: "timeout"`, the duration literal (`"20ms"`), or `null` when the timeout is
    /// computed at run time. Absent for other kinds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout: Option<Option<String>>,
    /// The scope's body or one of its tasks contains `cancel` aimed at it.
    pub cancels: bool,
    pub span: SourceSpan,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScopeKind {
    /// `scope { }`.
    Plain,
    /// `scope(timeout: d) { }`.
    Timeout,
    /// `scope(deadline: t) { }`.
    Deadline,
    /// `supervisor scope { }`.
    Supervisor,
}

/// A `spawn`: one task site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Spawn {
    /// `FUNCTION: spawn N`, N counting the function's `spawn`s in source order from 1.
    pub id: String,
    #[serde(flatten)]
    pub place: Place,
    /// The spawn site as the runtime names the task in its messages ("task spawned at SITE
    /// panicked"): `FILE:LINE:COLUMN`, FILE relative to the root file's directory.
    pub site: String,
    /// The scope the task belongs to (the innermost scope around it).
    pub scope: Option<String>,
    /// The Aurora type of the task's value (the `T` of `Task[T]`; `null` where the checker
    /// leaves it to rustc); the value crosses threads, so it needs `Send`.
    pub value: Option<String>,
    /// The task's Rust closure is `move` (docs/language.md §10).
    #[serde(rename = "move")]
    pub moves: bool,
    /// The bindings from outside the task that it uses, in order of first use.
    pub captures: Vec<Capture>,
    pub span: SourceSpan,
}

/// One binding a task uses from outside its body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Capture {
    pub name: String,
    /// The binding's Aurora type (`null` where the checker leaves it to rustc).
    #[serde(rename = "type")]
    pub ty: Option<String>,
    /// What the task does with it: the strongest of its uses.
    #[serde(rename = "use")]
    pub usage: CaptureUse,
    /// How the task's closure holds it.
    pub mode: CaptureMode,
    /// The auto traits the captured value's type (behind any `ref`) must have for the task to
    /// cross threads: `Share` for what is shared, `Send` for what moves or is changed.
    pub needs: Vec<&'static str>,
    /// The code outside the task uses the binding after the `spawn`.
    pub used_after: bool,
    /// The task's first use of the binding.
    pub span: SourceSpan,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CaptureUse {
    Read,
    Mutate,
    Consume,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CaptureMode {
    /// A shared borrow (`&T`): the parent keeps the value.
    Borrowed,
    /// A mutable borrow (`&mut T`): only this task changes it until the scope ends.
    MutablyBorrowed,
    /// Moved into the task: the parent does not use it again.
    Moved,
    /// Copied into the task (a copied type such as `int`, or a `ref` passed on).
    Copied,
}

/// A `join`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Join {
    #[serde(flatten)]
    pub place: Place,
    /// The spawn site of the joined task when the handle is a name bound directly to a
    /// `spawn` (`let a = spawn f()` .. `join a`); `null` when it is only known at run time
    /// (a handle from a list, a parameter).
    pub task: Option<String>,
    /// The Aurora type of the joined value (`null` where the checker leaves it to rustc).
    pub value: Option<String>,
    pub span: SourceSpan,
}

/// A `cancel`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cancel {
    #[serde(flatten)]
    pub place: Place,
    /// The scope it cancels: the innermost scope around it (`null` for `cancel h`).
    pub scope: Option<String>,
    /// For `cancel h` only: the spawn id of the task when `h` is a name bound directly to a
    /// `spawn`, else `null`. Absent for `cancel` of the scope.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task: Option<Option<String>>,
    pub span: SourceSpan,
}

/// A `lock m as v { }`, `read m as v { }` or `write m as v { }` block (issue 3, item 7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Lock {
    #[serde(flatten)]
    pub place: Place,
    /// `lock` (a `mutex`), `read` or `write` (an `rwlock`).
    pub access: String,
    /// The locked value as written (`m`, `self.counts`).
    pub target: String,
    /// The Aurora type of the locked value (`mutex[int]`); `null` when the checker does not
    /// know it.
    #[serde(rename = "type")]
    pub ty: Option<String>,
    pub span: SourceSpan,
}

/// An operation on an `atomic[T]` value, with its orderings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Atomic {
    #[serde(flatten)]
    pub place: Place,
    /// The Aurora method (`load`, `store`, `swap`, `add`, `sub`, `compare_exchange`).
    pub operation: String,
    /// The atomic value as written.
    pub target: String,
    /// The Aurora type of the atomic value (`atomic[int]`); `null` when the checker does not
    /// know it.
    #[serde(rename = "type")]
    pub ty: Option<String>,
    /// The orderings as written or defaulted (`relaxed`, `acquire`, `release`, `acq_rel`,
    /// `seq_cst`); two for a compare-exchange (success, then failure).
    pub orderings: Vec<String>,
    pub span: SourceSpan,
}

/// A channel created by `channel[T](..)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Channel {
    #[serde(flatten)]
    pub place: Place,
    /// The Aurora type of the elements.
    pub element: String,
    /// The capacity literal; `null` for an unbounded channel or a capacity computed at run
    /// time (then `bounded` says which).
    pub capacity: Option<u64>,
    pub bounded: bool,
    /// What a send does when the channel is full (`block`, ...), as declared or defaulted.
    pub policy: String,
    pub span: SourceSpan,
}

/// A `select { }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Select {
    #[serde(flatten)]
    pub place: Place,
    /// `select biased`: arms are tried in order instead of fairly.
    pub biased: bool,
    pub arms: Vec<SelectArm>,
    pub span: SourceSpan,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SelectArm {
    /// `recv`, `send`, `after` or `default`.
    pub kind: String,
    pub span: SourceSpan,
}

/// A `par` construct: `par for`, a parallel iterator chain, `par xs.sort()`, `par (a(), b())`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParLoop {
    /// `FUNCTION: par N`, N counting the function's `par` constructs in source order from 1.
    pub id: String,
    #[serde(flatten)]
    pub place: Place,
    /// `for`, `iter`, `sort` or `tuple`.
    pub kind: String,
    pub reductions: Vec<Reduction>,
    pub span: SourceSpan,
}

/// `reduce(total: +)`: a variable combined across iterations with an operator (`+`, `*`,
/// `min`, `max`, `and`, `or`), or with a function as written (`merge`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reduction {
    pub name: String,
    pub operator: String,
    #[serde(rename = "type")]
    pub ty: String,
}

/// A `with NAME = v { }` block: the task-local `NAME` bound for the block and every task
/// spawned in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaskLocalBinding {
    /// `FUNCTION: with N`, N counting the function's `with` blocks in source order from 1.
    pub id: String,
    #[serde(flatten)]
    pub place: Place,
    /// The task-local, `MODULE.NAME` of its declaration.
    pub task_local: String,
    /// Its Aurora type (`null` when the checker does not know it).
    #[serde(rename = "type")]
    pub ty: Option<String>,
    pub span: SourceSpan,
}
