//! The Aurora AST. Both surfaces (`.aur`, and CNL later) parse into it; every node carries the
//! [`Span`] of the source it came from. Expressions and patterns also carry a [`NodeId`], unique
//! within one [`Program`], which later phases use as the key of their side tables (types,
//! resolutions) so that this crate never depends on them.

use crate::span::{FileId, Span};

/// Key of an expression or pattern in the checker's side tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub u32);

/// Hands out [`NodeId`]s; one per program so ids never collide across modules.
#[derive(Debug, Default)]
pub struct NodeIds {
    next: u32,
}

impl NodeIds {
    pub fn fresh(&mut self) -> NodeId {
        let id = NodeId(self.next);
        self.next += 1;
        id
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// A whole program: the root module first, then every module it `use`s (transitively).
#[derive(Debug, Clone, PartialEq)]
pub struct Program {
    pub modules: Vec<Module>,
}

/// One source file.
#[derive(Debug, Clone, PartialEq)]
pub struct Module {
    pub file: FileId,
    /// The module's name: the file stem (`geometry` for `geometry.aur`).
    pub name: String,
    pub items: Vec<Item>,
    /// Every comment with its span, in source order (for the formatter).
    pub comments: Vec<Comment>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    pub text: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub kind: ItemKind,
    /// `pub`: visible to modules that `use` this one.
    pub public: bool,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ItemKind {
    Use(UseDecl),
    Const(ConstDecl),
    /// `task_local NAME: T = init`: a value each task sees as bound by the nearest `with`
    /// around it (in it or in the tasks that spawned it), else `init`.
    TaskLocal(ConstDecl),
    Fn(FnDecl),
    Struct(StructDecl),
    Enum(EnumDecl),
    Impl(ImplDecl),
    Test(TestDecl),
}

/// `use geometry` or `use geometry.{Point, area}`.
#[derive(Debug, Clone, PartialEq)]
pub struct UseDecl {
    /// The module path (`geometry`); one segment per directory level.
    pub path: Vec<Ident>,
    /// The names brought into scope; `None` imports only the module name.
    pub names: Option<Vec<Ident>>,
}

/// `const NAME: T = value`.
#[derive(Debug, Clone, PartialEq)]
pub struct ConstDecl {
    pub name: Ident,
    pub ty: Type,
    pub value: Expr,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GenericParam {
    pub name: Ident,
    /// Bound names (`Send`, `Share`, `Ord`, ...), as written.
    pub bounds: Vec<Ident>,
}

/// How a parameter (or `self`) is passed. `Own` is the default when no qualifier is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    Own,
    Ref,
    Mut,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SelfParam {
    pub mode: Mode,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Key of this parameter as a local binding in [`Res::Local`]-style side tables.
    pub id: NodeId,
    pub name: Ident,
    /// The declared type; ownership qualifiers appear as [`TypeKind::Qualified`].
    pub ty: Type,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FnDecl {
    pub name: Ident,
    pub generics: Vec<GenericParam>,
    /// `Some` for methods that take `self`, `ref self` or `mut self`.
    pub self_param: Option<SelfParam>,
    pub params: Vec<Param>,
    pub ret: Option<Type>,
    pub body: Block,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: Ident,
    pub ty: Type,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StructDecl {
    pub name: Ident,
    pub generics: Vec<GenericParam>,
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumDecl {
    pub name: Ident,
    pub generics: Vec<GenericParam>,
    pub variants: Vec<Variant>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub name: Ident,
    pub fields: VariantFields,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum VariantFields {
    Unit,
    Tuple(Vec<Type>),
    Struct(Vec<Field>),
}

/// `impl[T] Stack[T] { fn ... }`: inherent methods of a struct or enum.
#[derive(Debug, Clone, PartialEq)]
pub struct ImplDecl {
    pub generics: Vec<GenericParam>,
    pub target: Type,
    pub methods: Vec<FnDecl>,
}

/// `test "name" { ... }`.
#[derive(Debug, Clone, PartialEq)]
pub struct TestDecl {
    /// The test's name, unescaped.
    pub name: String,
    pub name_span: Span,
    pub body: Block,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Type {
    pub kind: TypeKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// `int`, `Point`, `geometry.Point`, `Map[str, int]`, `Result[T, E]`, `Set[T]`, `T`.
    Named { path: Vec<Ident>, args: Vec<Type> },
    /// `[T]`.
    List(Box<Type>),
    /// `(A, B)`; `()` is the unit type.
    Tuple(Vec<Type>),
    /// `T?`.
    Option(Box<Type>),
    /// `fn(A, B) -> R`; `ret` is unit when no arrow is written.
    Fn { params: Vec<Type>, ret: Box<Type> },
    /// `own T`, `ref T`, `mut T` (parameter types only).
    Qualified { mode: Mode, inner: Box<Type> },
    /// `shared T`, `local T`, `cell T`.
    Wrapped { wrapper: Wrapper, inner: Box<Type> },
}

/// A type word that wraps the type after it (§14).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Wrapper {
    /// `shared T`: shared ownership across tasks (Rust `Arc<T>`).
    Shared,
    /// `local T`: shared ownership within one task (Rust `Rc<T>`).
    Local,
    /// `cell T`: a value changed through a shared reference, within one task (`RefCell<T>`).
    Cell,
}

impl Wrapper {
    /// The word as `.aur` writes it.
    pub fn word(self) -> &'static str {
        match self {
            Wrapper::Shared => "shared",
            Wrapper::Local => "local",
            Wrapper::Cell => "cell",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub stmts: Vec<Stmt>,
    pub span: Span,
}

impl Block {
    /// The block's value: its last statement when that is an expression without `;`.
    pub fn tail(&self) -> Option<&Expr> {
        match self.stmts.last() {
            Some(Stmt {
                kind: StmtKind::Expr { expr, semi: false },
                ..
            }) => Some(expr),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AssignOp {
    /// `=`
    Assign,
    /// `+=` and friends.
    Compound(BinOp),
}

#[derive(Debug, Clone, PartialEq)]
pub enum StmtKind {
    /// `let PAT [: T] = init` (immutable) or `var PAT [: T] = init` (`mutable`).
    Let {
        mutable: bool,
        pat: Pattern,
        ty: Option<Type>,
        init: Expr,
    },
    /// `target = value`, `target += value`, ...
    Assign {
        target: Expr,
        op: AssignOp,
        value: Expr,
    },
    /// An expression statement; `semi` records a written `;`.
    Expr { expr: Expr, semi: bool },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub id: NodeId,
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnOp {
    /// `-x`
    Neg,
    /// `!x`
    Not,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
    BitAnd,
    BitOr,
    BitXor,
    Shl,
    Shr,
}

impl BinOp {
    /// The operator as `.aur` writes it.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Rem => "%",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::And => "&&",
            BinOp::Or => "||",
            BinOp::BitAnd => "&",
            BinOp::BitOr => "|",
            BinOp::BitXor => "^",
            BinOp::Shl => "<<",
            BinOp::Shr => ">>",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Lit {
    /// Value with `_` separators removed; hex/octal/binary already converted.
    Int(u128),
    /// The literal's text without `_` (kept textual so printing is exact).
    Float(String),
    Bool(bool),
    Char(char),
    Str(Vec<StrPart>),
    /// `none`
    None,
    /// `10ms`, `2s`, `500us`, `1m`: a `duration` (§1.3).
    Duration(DurationLit),
}

/// A duration literal: an integer amount of one unit, as written.
#[derive(Debug, Clone, PartialEq)]
pub struct DurationLit {
    /// The amount, `_` removed (`1_000ms` is 1000); fits in `u64`, also once in seconds.
    pub amount: u64,
    pub unit: TimeUnit,
    /// The literal as written (`1_000ms`), so the printers reproduce it exactly.
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeUnit {
    Micros,
    Millis,
    Secs,
    Mins,
}

impl TimeUnit {
    pub fn suffix(self) -> &'static str {
        match self {
            TimeUnit::Micros => "us",
            TimeUnit::Millis => "ms",
            TimeUnit::Secs => "s",
            TimeUnit::Mins => "m",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum StrPart {
    /// Literal text, escapes already decoded.
    Text(String),
    /// `{expr}` or `{expr:spec}`; `spec` is the text after the colon.
    Interp {
        expr: Box<Expr>,
        spec: Option<String>,
    },
}

/// How an argument is passed at a call site: `f(x)`, `f(ref x)`, `f(mut x)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    pub mode: Mode,
    /// `name: value` (e.g. `capacity: 4`).
    pub name: Option<Ident>,
    pub value: Expr,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ClosureParam {
    pub id: NodeId,
    pub name: Ident,
    pub ty: Option<Type>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldInit {
    pub name: Ident,
    /// `None` for the shorthand `Point { x, y }`.
    pub value: Option<Expr>,
}

/// The condition of `if` / `while`: a boolean, or `let PAT = EXPR` (pattern test).
#[derive(Debug, Clone, PartialEq)]
pub enum Cond {
    Expr(Box<Expr>),
    Let { pat: Pattern, expr: Box<Expr> },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Arm {
    pub pat: Pattern,
    pub guard: Option<Expr>,
    pub body: Expr,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Lit(Lit),
    /// A bare name: a local, a function, a constant, a type, a module or a builtin.
    Name(Ident),
    /// `(a, b)`; `()` is unit.
    Tuple(Vec<Expr>),
    /// `[a, b, c]`.
    List(Vec<Expr>),
    /// `[value; count]`.
    ListRepeat {
        value: Box<Expr>,
        count: Box<Expr>,
    },
    /// `["a": 1, "b": 2]`; `[:]` is the empty map.
    Map(Vec<(Expr, Expr)>),
    /// `Point { x: 1, y }`, `Shape.Rect { w: 1.0, h: 2.0 }`.
    StructLit {
        path: Vec<Ident>,
        fields: Vec<FieldInit>,
    },
    /// `(expr)` as written; lowering re-derives parentheses from precedence.
    Paren(Box<Expr>),
    /// `base.name`; also tuple fields (`t.0`) and paths (`Shape.Circle`, `geometry.area`).
    Field {
        base: Box<Expr>,
        name: Ident,
    },
    /// `callee[T, U](args)`; the generic arguments are optional.
    Call {
        callee: Box<Expr>,
        generics: Vec<Type>,
        args: Vec<Arg>,
    },
    /// `receiver.method[T](args)`.
    MethodCall {
        receiver: Box<Expr>,
        method: Ident,
        generics: Vec<Type>,
        args: Vec<Arg>,
    },
    Index {
        base: Box<Expr>,
        index: Box<Expr>,
    },
    Unary {
        op: UnOp,
        expr: Box<Expr>,
    },
    Binary {
        op: BinOp,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    /// `expr as T`.
    Cast {
        expr: Box<Expr>,
        ty: Type,
    },
    /// `a..b`, `a..=b`, `a..`, `..b`.
    Range {
        start: Option<Box<Expr>>,
        end: Option<Box<Expr>>,
        inclusive: bool,
    },
    /// `expr?`.
    Try(Box<Expr>),
    /// `|a, b: int| body`.
    Closure {
        params: Vec<ClosureParam>,
        ret: Option<Type>,
        body: Box<Expr>,
    },
    Block(Block),
    If {
        cond: Cond,
        then: Block,
        else_: Option<Box<Expr>>,
    },
    While {
        cond: Cond,
        body: Block,
    },
    For {
        pat: Pattern,
        iter: Box<Expr>,
        body: Block,
    },
    Loop {
        body: Block,
    },
    Match {
        scrutinee: Box<Expr>,
        arms: Vec<Arm>,
    },
    Break(Option<Box<Expr>>),
    Continue,
    Return(Option<Box<Expr>>),
    /// `scope { ... }`: owns every task spawned in it; its value is the block's.
    Scope(Block),
    /// `spawn EXPR` or `spawn { ... }` (the operand is then a `Block`): start a task in the
    /// innermost scope, giving its handle `Task[T]`.
    Spawn(Box<Expr>),
    /// `join EXPR`: wait for a task and take its value.
    Join(Box<Expr>),
    /// `scope(timeout: EXPR) { ... }`: a scope cancelled when `timeout` (a `duration`) has
    /// passed; its value is `T?`, `none` when it ended cancelled by its deadline or `cancel`.
    TimedScope {
        timeout: Box<Expr>,
        body: Block,
    },
    /// `scope(deadline: EXPR) { ... }`: a scope cancelled at the instant `deadline`; its value
    /// is `T?` as for [`ExprKind::TimedScope`].
    DeadlineScope {
        deadline: Box<Expr>,
        body: Block,
    },
    /// `supervisor scope { ... }`: a scope whose tasks' failures cancel nothing; its value is
    /// the list of every task's outcome, in spawn order.
    SupervisorScope(Block),
    /// `with NAME = value { ... }`: bind the task-local `target` (a name or a module path) to
    /// `value` for the block and every task spawned in it; the value is the block's.
    With {
        target: Box<Expr>,
        value: Box<Expr>,
        body: Block,
    },
    /// `cancel`: cancel the innermost scope (every task in it, and its body).
    Cancel,
    /// `cancel EXPR`: cancel one task (and every task below it) by its handle.
    CancelTask(Box<Expr>),
    /// `yield`: let other threads run; a cancellation point.
    Yield,
    /// `lock m as v { ... }`, `read m as v { ... }`, `write m as v { ... }`: hold the lock of
    /// `target` (a `mutex[T]`, `rwlock[T]` or `cell T`) for the block, with `binding` naming
    /// the guarded value; the value is the block's.
    Guard {
        kind: GuardKind,
        target: Box<Expr>,
        binding: Binder,
        body: Block,
    },
    /// `par for PAT in ITER reduce(..) { .. }`: a loop whose iterations run in parallel on
    /// the work-stealing pool (§16.1).
    ParFor(Box<ParFor>),
    /// `par EXPR`: a parallel pipeline (`par xs.map(f).sum()`), a parallel sort
    /// (`par xs.sort()`) or a fork-join (`par (a(), b())`) (§16.3-16.5).
    Par(Box<Expr>),
    /// `close END`: drop a channel end (§15); the operand is a name.
    Close(Box<Expr>),
    /// `select { .. }` or `select biased { .. }`: wait for the first ready channel operation.
    Select {
        biased: bool,
        arms: Vec<SelectArm>,
    },
}

/// One arm of a `select`.
#[derive(Debug, Clone, PartialEq)]
pub struct SelectArm {
    pub op: SelectOp,
    pub body: Expr,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SelectOp {
    /// `recv(rx) -> PATTERN`: the pattern binds the received `T?` (`none`: the channel is
    /// closed and drained).
    Recv { rx: Expr, binding: Option<Pattern> },
    /// `send(tx, value)`.
    Send { tx: Expr, value: Expr },
    /// `after(d)`: nothing was ready for `d`.
    After(Expr),
    /// `default`: nothing is ready now.
    Default,
}

/// Which access a guard block takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GuardKind {
    /// `lock`: a mutex, exclusive.
    Lock,
    /// `read`: an rwlock (or a cell) shared.
    Read,
    /// `write`: an rwlock (or a cell) exclusive.
    Write,
}

impl GuardKind {
    /// The keyword as `.aur` writes it.
    pub fn word(self) -> &'static str {
        match self {
            GuardKind::Lock => "lock",
            GuardKind::Read => "read",
            GuardKind::Write => "write",
        }
    }
}

/// A name bound by a construct rather than a pattern (the `v` of `lock m as v`).
#[derive(Debug, Clone, PartialEq)]
pub struct Binder {
    pub id: NodeId,
    pub name: Ident,
}

/// `par for PAT in ITER reduce(..) { .. }`.
#[derive(Debug, Clone, PartialEq)]
pub struct ParFor {
    pub pat: Pattern,
    /// How a list is taken: `Own` when nothing is written (a variable is read, a temporary
    /// consumed), `Ref` for `ref xs` (read), `Mut` for `mut xs` (elements updated in place).
    pub mode: Mode,
    pub iter: Expr,
    /// The `reduce(..)` clause; empty when there is none.
    pub reductions: Vec<Reduction>,
    pub body: Block,
}

/// `total: +` or `counts: merge, identity: Map()` in a `reduce(..)` clause.
#[derive(Debug, Clone, PartialEq)]
pub struct Reduction {
    /// The outer `var` the loop reduces into.
    pub name: Ident,
    pub op: ReduceOp,
    pub span: Span,
}

/// How partial results of a reduction are combined.
#[derive(Debug, Clone, PartialEq)]
pub enum ReduceOp {
    Add,
    Mul,
    Min,
    Max,
    And,
    Or,
    /// A function of two values giving one, with its identity value.
    Fn {
        func: Box<Expr>,
        identity: Box<Expr>,
    },
}

impl ReduceOp {
    /// The operator as `.aur` writes it (`None` for a function).
    pub fn word(&self) -> Option<&'static str> {
        Some(match self {
            ReduceOp::Add => "+",
            ReduceOp::Mul => "*",
            ReduceOp::Min => "min",
            ReduceOp::Max => "max",
            ReduceOp::And => "and",
            ReduceOp::Or => "or",
            ReduceOp::Fn { .. } => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    pub id: NodeId,
    pub kind: PatternKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PatternKind {
    /// `_`
    Wild,
    /// `x` (or `var x` for a mutable binding).
    Bind { name: Ident, mutable: bool },
    /// `1`, `-1`, `'a'`, `"s"`, `true`, `none`.
    Lit { lit: Lit, negative: bool },
    /// `1..=5`, `'a'..='z'`.
    Range {
        lo: Box<Pattern>,
        hi: Box<Pattern>,
        inclusive: bool,
    },
    /// `(a, b)`.
    Tuple(Vec<Pattern>),
    /// `Shape.Circle(r)`, `some(x)`, `ok(v)`, `err(e)`, `Shape.Empty` (no `args`).
    Variant {
        path: Vec<Ident>,
        args: Option<Vec<Pattern>>,
    },
    /// `Shape.Rect { w, h: height, .. }`.
    Struct {
        path: Vec<Ident>,
        fields: Vec<FieldPat>,
        rest: bool,
    },
    /// `a | b`.
    Or(Vec<Pattern>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldPat {
    pub name: Ident,
    /// `None` for the shorthand `{ w }`.
    pub pat: Option<Pattern>,
}
