//! Building a [`Manifest`] from the checked program: one walk over every body, in source
//! order, that keeps the constructs around the current point (scopes, tasks, `par` bodies,
//! `with` blocks: the [`Frame`]s that entries name as `parent`) and turns each concurrency
//! construct into its entry. Everything it says comes from the AST and the checker's side
//! tables (`Info`); it decides nothing the checker or lowering decide differently.
//!
//! Adding a construct: a struct and a list in `schema.rs`, one arm in [`Builder::expr`]
//! calling a small `fn` here that pushes the entry (see [`Builder::join`]), and its section in
//! docs/manifest.md. An arm that opens a construct other entries can sit in (as `scope`,
//! `spawn`, `par` and `with` do) gives it an id and pushes a [`Frame`] around the walk of its
//! children.

use std::collections::HashMap;

use aurora_grammar::ast::{
    Arg, Block, Expr, ExprKind, GuardKind, ImplDecl, ItemKind, Lit, NodeId, PatternKind, Program,
    ReduceOp, StmtKind, TypeKind,
};
use aurora_grammar::{Sources, Span};

use super::schema::{
    Atomic, Cancel, Capture, CaptureMode, CaptureUse, Channel, Join, Lock, Manifest, ParLoop,
    Place, Reduction, Scope, ScopeKind, Select, SelectArm, SourceSpan, Spawn, TaskLocalBinding,
    FORMAT, VERSION,
};
use crate::check::info::{self, task_moves};
use crate::check::{show, visit_children, Child, Info, Ty};

/// Build the manifest of a checked program (one without errors).
pub fn build(program: &Program, sources: &Sources, info: &Info) -> Manifest {
    let mut b = Builder {
        sources,
        info,
        out: Manifest {
            format: FORMAT,
            version: VERSION,
            program: program
                .modules
                .first()
                .map(|m| m.name.clone())
                .unwrap_or_default(),
            ..Manifest::default()
        },
        function: String::new(),
        frames: Vec::new(),
        scopes_seen: 0,
        spawns_seen: 0,
        pars_seen: 0,
        withs_seen: 0,
        spawn_ids: HashMap::new(),
        handles: HashMap::new(),
    };
    for module in &program.modules {
        for item in &module.items {
            match &item.kind {
                ItemKind::Fn(f) => b.body(body_label(&module.name, None, &f.name.name), &f.body),
                ItemKind::Impl(ImplDecl {
                    target, methods, ..
                }) => {
                    let ty = impl_type(&target.kind);
                    for f in methods {
                        b.body(body_label(&module.name, ty, &f.name.name), &f.body);
                    }
                }
                ItemKind::Test(t) => b.body(test_label(&module.name, &t.name), &t.body),
                ItemKind::Use(_)
                | ItemKind::Const(_)
                | ItemKind::TaskLocal(_)
                | ItemKind::Struct(_)
                | ItemKind::Enum(_) => {}
            }
        }
    }
    b.finish()
}

/// The name of a function's body in manifest ids: `MODULE.FUNCTION`, or `MODULE.TYPE.METHOD`
/// for a method of `TYPE`.
fn body_label(module: &str, type_name: Option<&str>, function: &str) -> String {
    match type_name {
        Some(t) => format!("{module}.{t}.{function}"),
        None => format!("{module}.{function}"),
    }
}

/// The name of a `test` block's body: `MODULE: test "NAME"`.
fn test_label(module: &str, name: &str) -> String {
    format!("{module}: test \"{name}\"")
}

/// The user type an `impl` block is for (`Stack` in `impl[T] Stack[T]`).
fn impl_type(t: &TypeKind) -> Option<&str> {
    match t {
        TypeKind::Named { path, .. } => path.last().map(|i| i.name.as_str()),
        _ => None,
    }
}

/// A construct around the point being walked, by its entry's id.
#[derive(Debug, Clone)]
enum Frame {
    Scope(String),
    Task(String),
    /// A `par` construct's body (its iterations run on the pool's threads).
    Par(String),
    /// A `with` block's body (tasks spawned in it inherit the binding).
    With(String),
}

impl Frame {
    fn id(&self) -> &str {
        match self {
            Frame::Scope(id) | Frame::Task(id) | Frame::Par(id) | Frame::With(id) => id,
        }
    }
}

struct Builder<'a> {
    sources: &'a Sources,
    info: &'a Info,
    out: Manifest,
    /// The label of the body being walked.
    function: String,
    frames: Vec<Frame>,
    /// Scopes and spawns of the current body so far (for their ids).
    scopes_seen: usize,
    spawns_seen: usize,
    pars_seen: usize,
    withs_seen: usize,
    /// Each `spawn` expression walked so far: its entry's id.
    spawn_ids: HashMap<NodeId, String>,
    /// Bindings bound directly to a `spawn` (`let a = spawn f()`): the spawn's id.
    /// Node ids are unique in the program, so neither table is ever cleared.
    handles: HashMap<NodeId, String>,
}

impl Builder<'_> {
    fn body(&mut self, function: String, body: &Block) {
        self.function = function;
        self.frames.clear();
        self.scopes_seen = 0;
        self.spawns_seen = 0;
        self.pars_seen = 0;
        self.withs_seen = 0;
        self.block(body);
    }

    fn block(&mut self, b: &Block) {
        for s in &b.stmts {
            match &s.kind {
                StmtKind::Let { pat, init, .. } => {
                    self.expr(init);
                    if let (PatternKind::Bind { .. }, ExprKind::Spawn(_)) =
                        (&pat.kind, &peel(init).kind)
                    {
                        if let Some(id) = self.spawn_ids.get(&peel(init).id) {
                            self.handles.insert(pat.id, id.clone());
                        }
                    }
                }
                StmtKind::Assign { target, value, .. } => {
                    self.expr(target);
                    self.expr(value);
                }
                StmtKind::Expr { expr, .. } => self.expr(expr),
            }
        }
    }

    /// One arm per construct with an entry; everything else is only walked through.
    fn expr(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Scope(_) => return self.scope(e, ScopeKind::Plain, None),
            ExprKind::TimedScope { timeout, .. } => {
                return self.scope(e, ScopeKind::Timeout, Some(duration_literal(timeout)))
            }
            ExprKind::DeadlineScope { .. } => return self.scope(e, ScopeKind::Deadline, None),
            ExprKind::SupervisorScope(_) => return self.scope(e, ScopeKind::Supervisor, None),
            ExprKind::Spawn(_) => return self.spawn(e),
            ExprKind::CancelTask(task) => self.cancel_task(e, task),
            ExprKind::Join(task) => self.join(e, task),
            ExprKind::Cancel => self.cancel(e),
            ExprKind::Guard { kind, target, .. } => self.lock(e, *kind, target),
            ExprKind::ParFor(pf) => return self.par_for(e, &pf.reductions),
            ExprKind::Par(x) => return self.par(e, x),
            ExprKind::With {
                target,
                value,
                body,
            } => return self.with(e, target, value, body),
            ExprKind::MethodCall {
                receiver,
                method,
                args,
                ..
            } if crate::check::sync::atomic_of(self.info.ty(receiver.id)).is_some() => {
                self.atomic(e, receiver, &method.name, args)
            }
            ExprKind::Select { biased, arms } => self.select(e, *biased, arms),
            ExprKind::Call { callee, args, .. }
                if matches!(self.info.res(peel(callee).id),
                    Some(crate::check::Res::Builtin(b)) if b == "channel") =>
            {
                self.channel(e, args)
            }
            _ => {}
        }
        self.children(e);
    }

    fn children(&mut self, e: &Expr) {
        visit_children(e, &mut |c| match c {
            Child::Expr(x) => self.expr(x),
            Child::Block(b) => self.block(b),
        });
    }

    /// Walk `e`'s children inside `frame`.
    fn within(&mut self, frame: Frame, e: &Expr) {
        self.frames.push(frame);
        self.children(e);
        self.frames.pop();
    }

    fn place(&self) -> Place {
        Place {
            function: self.function.clone(),
            parent: self.frames.last().map(|f| f.id().to_string()),
        }
    }

    /// The innermost scope around the point being walked.
    fn scope_id(&self) -> Option<String> {
        self.frames.iter().rev().find_map(|f| match f {
            Frame::Scope(id) => Some(id.clone()),
            Frame::Task(_) | Frame::Par(_) | Frame::With(_) => None,
        })
    }

    fn span(&self, span: Span) -> SourceSpan {
        source_span(self.sources, span)
    }

    fn scope(&mut self, e: &Expr, kind: ScopeKind, timeout: Option<Option<String>>) {
        self.scopes_seen += 1;
        let id = format!("{}: scope {}", self.function, self.scopes_seen);
        self.out.scopes.push(Scope {
            id: id.clone(),
            place: self.place(),
            kind,
            timeout,
            // Filled in by `finish`, from the cancels found inside.
            cancels: false,
            span: self.span(e.span),
        });
        self.within(Frame::Scope(id), e);
    }

    fn spawn(&mut self, e: &Expr) {
        self.spawns_seen += 1;
        let id = format!("{}: spawn {}", self.function, self.spawns_seen);
        let site = self
            .info
            .spawn_sites
            .get(&e.id)
            .cloned()
            .unwrap_or_default();
        self.spawn_ids.insert(e.id, id.clone());
        let captures = self.info.captures.get(&e.id).map_or(&[][..], Vec::as_slice);
        let moves = task_moves(captures);
        let value = match (self.info.ty(e.id), &e.kind) {
            (Ty::Task(t), _) => type_name(t),
            // A task of a supervisor scope has no handle: its value is its body's.
            (_, ExprKind::Spawn(task)) => type_name(self.info.ty(task.id)),
            (t, _) => type_name(t),
        };
        self.out.spawns.push(Spawn {
            id: id.clone(),
            place: self.place(),
            site,
            scope: self.scope_id(),
            value,
            moves,
            captures: captures.iter().map(|c| self.capture(c, moves)).collect(),
            span: self.span(e.span),
        });
        self.within(Frame::Task(id), e);
    }

    /// How the task's closure holds `c`, as lowering writes it (docs/language.md §10): a
    /// `move` closure takes what it consumes or copies and borrows the rest through a `let`;
    /// a plain one borrows what it reads or changes and takes what it consumes.
    fn capture(&self, c: &info::Capture, moves: bool) -> Capture {
        let ty = self.info.locals.get(&c.binding).unwrap_or(&Ty::Unknown);
        let mode = match c.mode {
            info::CaptureMode::Mutate => CaptureMode::MutablyBorrowed,
            _ if moves && c.copy => CaptureMode::Copied,
            _ if moves && c.taken() => CaptureMode::Moved,
            _ if moves => CaptureMode::Borrowed,
            info::CaptureMode::Consume => CaptureMode::Moved,
            info::CaptureMode::Read => CaptureMode::Borrowed,
        };
        Capture {
            name: c.name.clone(),
            ty: type_name(ty),
            usage: match c.mode {
                info::CaptureMode::Read => CaptureUse::Read,
                info::CaptureMode::Mutate => CaptureUse::Mutate,
                info::CaptureMode::Consume => CaptureUse::Consume,
            },
            mode,
            needs: vec![needs(mode, ty)],
            used_after: c.used_after,
            span: self.span(c.span),
        }
    }

    /// The spawn id of the task a handle names, when it is a name bound directly to a `spawn`.
    fn task_of(&self, task: &Expr) -> Option<String> {
        match &peel(task).kind {
            ExprKind::Name(_) => match self.info.res(peel(task).id) {
                Some(crate::check::Res::Local(b)) => self.handles.get(b).cloned(),
                _ => None,
            },
            _ => None,
        }
    }

    fn join(&mut self, e: &Expr, task: &Expr) {
        let task = self.task_of(task);
        self.out.joins.push(Join {
            place: self.place(),
            task,
            value: type_name(self.info.ty(e.id)),
            span: self.span(e.span),
        });
    }

    /// `channel[T](capacity: n, overflow: p)`: its type is `(Sender[T], Receiver[T])`.
    fn channel(&mut self, e: &Expr, args: &[aurora_grammar::ast::Arg]) {
        let named = |n: &str| {
            args.iter()
                .find(|a| a.name.as_ref().is_some_and(|x| x.name == n))
                .map(|a| &a.value)
        };
        let element = match self.info.ty(e.id) {
            Ty::Tuple(ends) => match ends.first() {
                Some(Ty::Sender(t)) => show(t),
                _ => show(&Ty::Unknown),
            },
            _ => show(&Ty::Unknown),
        };
        let capacity = named("capacity");
        let literal = capacity.and_then(|c| match &peel(c).kind {
            ExprKind::Lit(Lit::Int(v)) => u64::try_from(*v).ok(),
            _ => None,
        });
        let policy = named("overflow")
            .and_then(crate::check::channel_overflow_policy)
            .unwrap_or("block");
        self.out.channels.push(Channel {
            place: self.place(),
            element,
            capacity: literal,
            bounded: capacity.is_some(),
            policy: policy.to_string(),
            span: self.span(e.span),
        });
    }

    fn select(&mut self, e: &Expr, biased: bool, arms: &[aurora_grammar::ast::SelectArm]) {
        use aurora_grammar::ast::SelectOp;
        let arms = arms
            .iter()
            .map(|a| SelectArm {
                kind: match a.op {
                    SelectOp::Recv { .. } => "recv",
                    SelectOp::Send { .. } => "send",
                    SelectOp::After(_) => "after",
                    SelectOp::Default => "default",
                }
                .to_string(),
                span: self.span(a.span),
            })
            .collect();
        self.out.selects.push(Select {
            place: self.place(),
            biased,
            arms,
            span: self.span(e.span),
        });
    }

    fn cancel(&mut self, e: &Expr) {
        self.out.cancels.push(Cancel {
            place: self.place(),
            scope: self.scope_id(),
            task: None,
            span: self.span(e.span),
        });
    }

    /// `cancel h`: one task, not the scope.
    fn cancel_task(&mut self, e: &Expr, task: &Expr) {
        self.out.cancels.push(Cancel {
            place: self.place(),
            scope: None,
            task: Some(self.task_of(task)),
            span: self.span(e.span),
        });
    }

    /// `par for ... reduce(..)`: its reductions with their variables' types.
    fn par_for(&mut self, e: &Expr, reductions: &[aurora_grammar::ast::Reduction]) {
        let tys = self.info.par_reductions.get(&e.id);
        let reductions = reductions
            .iter()
            .enumerate()
            .map(|(i, r)| Reduction {
                name: r.name.name.clone(),
                operator: match (&r.op, r.op.word()) {
                    (_, Some(w)) => w.to_string(),
                    (ReduceOp::Fn { func, .. }, None) => self.text(func.span),
                    _ => String::new(),
                },
                ty: tys
                    .and_then(|t| t.get(i))
                    .and_then(type_name)
                    .unwrap_or_default(),
            })
            .collect();
        self.par_entry(e, "for", reductions);
    }

    /// `par EXPR`: a fork-join (`tuple`), a sort (`sort`) or a pipeline (`iter`).
    fn par(&mut self, e: &Expr, x: &Expr) {
        let kind = match &peel(x).kind {
            ExprKind::Tuple(_) => "tuple",
            ExprKind::MethodCall { method, .. }
                if matches!(method.name.as_str(), "sort" | "sort_unstable") =>
            {
                "sort"
            }
            _ => "iter",
        };
        self.par_entry(e, kind, Vec::new());
    }

    /// A `par` construct's entry; what its body holds has it as `parent`.
    fn par_entry(&mut self, e: &Expr, kind: &str, reductions: Vec<Reduction>) {
        self.pars_seen += 1;
        let id = format!("{}: par {}", self.function, self.pars_seen);
        self.out.par_loops.push(ParLoop {
            id: id.clone(),
            place: self.place(),
            kind: kind.to_string(),
            reductions,
            span: self.span(e.span),
        });
        self.within(Frame::Par(id), e);
    }

    /// `with NAME = v { }`: what its body holds (the tasks that inherit the binding) has it as
    /// `parent`.
    fn with(&mut self, e: &Expr, target: &Expr, value: &Expr, body: &Block) {
        self.withs_seen += 1;
        let id = format!("{}: with {}", self.function, self.withs_seen);
        let task_local = match self.info.res(peel(target).id) {
            Some(crate::check::Res::TaskLocal { module, name }) => format!("{module}.{name}"),
            _ => self.text(target.span),
        };
        self.out.task_local_bindings.push(TaskLocalBinding {
            id: id.clone(),
            place: self.place(),
            task_local,
            ty: type_name(self.info.ty(target.id)),
            span: self.span(e.span),
        });
        // The value is computed before the binding holds.
        self.expr(value);
        self.frames.push(Frame::With(id));
        self.block(body);
        self.frames.pop();
    }

    /// The source text of `span` (a lock's or an atomic's target, as written).
    fn text(&self, span: Span) -> String {
        self.sources.get(span.file).slice(span).to_string()
    }

    /// `lock m as v { }`, `read m as v { }`, `write m as v { }`.
    fn lock(&mut self, e: &Expr, kind: GuardKind, target: &Expr) {
        self.out.locks.push(Lock {
            place: self.place(),
            access: kind.word().to_string(),
            target: self.text(target.span),
            ty: type_name(self.info.ty(target.id).peel()),
            span: self.span(e.span),
        });
    }

    /// An operation on an atomic, with its orderings as written or defaulted.
    fn atomic(&mut self, e: &Expr, receiver: &Expr, method: &str, args: &[Arg]) {
        let (order, failure) = crate::check::sync::call_orderings(method, args);
        self.out.atomics.push(Atomic {
            place: self.place(),
            operation: method.to_string(),
            target: self.text(receiver.span),
            ty: type_name(self.info.ty(receiver.id).peel()),
            orderings: std::iter::once(order).chain(failure).collect(),
            span: self.span(e.span),
        });
    }

    fn finish(mut self) -> Manifest {
        let m = &mut self.out;
        for s in &mut m.scopes {
            s.cancels = m.cancels.iter().any(|c| c.scope.as_ref() == Some(&s.id));
        }
        // The walk is in source order already; sorting makes that a property of the output
        // rather than of the walk.
        let files: HashMap<String, usize> = self
            .sources
            .iter()
            .enumerate()
            .map(|(i, f)| (file_name(&f.path), i))
            .collect();
        let key = |s: &SourceSpan| (files.get(&s.file).copied(), s.start, s.end);
        m.scopes.sort_by_key(|x| key(&x.span));
        m.spawns.sort_by_key(|x| key(&x.span));
        m.joins.sort_by_key(|x| key(&x.span));
        m.cancels.sort_by_key(|x| key(&x.span));
        m.locks.sort_by_key(|x| key(&x.span));
        m.atomics.sort_by_key(|x| key(&x.span));
        m.channels.sort_by_key(|x| key(&x.span));
        m.selects.sort_by_key(|x| key(&x.span));
        m.par_loops.sort_by_key(|x| key(&x.span));
        m.task_local_bindings.sort_by_key(|x| key(&x.span));
        self.out
    }
}

/// The auto trait a capture needs of its type so the task may run on another thread: a
/// shared borrow (or a copied `ref`) shares the value (`Share`, Rust `Sync`); a value moved,
/// copied or borrowed mutably goes to the task (`Send`).
fn needs(mode: CaptureMode, ty: &Ty) -> &'static str {
    match (mode, ty) {
        (CaptureMode::Borrowed, _) | (_, Ty::Ref(_)) => "Share",
        _ => "Send",
    }
}

/// An Aurora type as the manifest writes it; `None` for one the checker does not know.
pub(super) fn type_name(t: &Ty) -> Option<String> {
    match t {
        Ty::Unknown => None,
        t => Some(show(t)),
    }
}

/// `e` without parentheses.
fn peel(e: &Expr) -> &Expr {
    match &e.kind {
        ExprKind::Paren(x) => peel(x),
        _ => e,
    }
}

/// A timeout written as a duration literal, in its canonical form (`20ms`); `None` when it
/// is computed.
fn duration_literal(e: &Expr) -> Option<String> {
    match &peel(e).kind {
        ExprKind::Lit(Lit::Duration(d)) => Some(format!("{}{}", d.amount, d.unit.suffix())),
        _ => None,
    }
}

/// A span as the manifest writes it.
pub(super) fn source_span(sources: &Sources, span: Span) -> SourceSpan {
    let file = sources.get(span.file);
    let (line, column) = file.line_col(span.start as usize);
    let (end_line, end_column) = file.line_col(span.end as usize);
    SourceSpan {
        file: file_name(&file.path),
        line,
        column,
        end_line,
        end_column,
        start: span.start,
        end: span.end,
    }
}

/// A source path with `/` separators, the same on every platform.
fn file_name(path: &std::path::Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}
