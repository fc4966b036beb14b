//! Capture analysis (issue 3, item 2): for every `spawn`, which bindings declared outside the
//! task its body uses, and how (read, modify, consume), whether the code outside uses them
//! after the `spawn`, and whether they live in the scope's own body. Lowering reads the result
//! (`Info::captures`) to decide between a borrowing and a `move` closure; nothing is ever
//! cloned.
//!
//! Runs once per function body, after the walk, on the resolved names (`Info::res`). How a
//! use counts, by where the name stands:
//! - consume: an owned value position (a `let` value, an argument passed without `ref`/`mut`
//!   to a function or method, an element of a list, tuple, map or struct literal, a value given
//!   back by a body, `return`, `break`, `join`'s operand), for a type that is not copied;
//! - modify: what the checker marked as a modification inside the task (assignment, `mut`
//!   argument, modifying method);
//! - read: everything else (operands, conditions, receivers, fields, indexing, interpolation,
//!   the built-in output and assertion functions, which borrow their arguments).

use std::collections::{HashMap, HashSet};

use aurora_grammar::ast::{
    Arg, Block, Cond, Expr, ExprKind, Mode, NodeId, Pattern, PatternKind, SelectOp, StmtKind,
    StrPart,
};
use aurora_grammar::{Diagnostic, Span};

use super::info::{task_moves, Capture, CaptureMode};
use super::walk::Walker;
use super::{Info, Res};

/// A construct around the code being walked.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Frame {
    Scope(NodeId),
    Task(NodeId),
    Loop(NodeId),
}

/// Built-ins that only borrow their arguments (they lower to format macros and assertions).
const BORROWING_BUILTINS: &[&str] = &["print", "eprint", "assert", "assert_eq", "panic"];

/// A use of a local: its binding, its span, the frames around it and the name expression's id.
type Use = (NodeId, Span, Vec<Frame>, NodeId);

struct Pass<'i> {
    info: &'i Info,
    mutations: &'i HashSet<(NodeId, NodeId)>,
    frames: Vec<Frame>,
    /// Where each binding is declared: the frames around its declaration.
    declared: HashMap<NodeId, Vec<Frame>>,
    uses: Vec<Use>,
    /// Per task: its span and the frames around the `spawn` (outside the task).
    tasks: Vec<(NodeId, Span, Vec<Frame>)>,
    captures: HashMap<NodeId, Vec<Capture>>,
}

impl Walker<'_> {
    /// Fill `Info::captures` (and `Info::spawn_sites`) for the tasks of one body.
    pub(crate) fn captures(&mut self, body: &Block) {
        if !std::mem::take(&mut self.saw_spawn) {
            return;
        }
        let mutations = std::mem::take(&mut self.task_mutations);
        let mut pass = Pass {
            info: &self.info,
            mutations: &mutations,
            frames: Vec::new(),
            declared: HashMap::new(),
            uses: Vec::new(),
            tasks: Vec::new(),
            captures: HashMap::new(),
        };
        pass.block(body, true);
        let spans: HashMap<NodeId, Span> = pass.tasks.iter().map(|t| (t.0, t.1)).collect();
        let (found, uses) = pass.finish();
        // In a `move` task, a value it only reads is borrowed before the `spawn`
        // (`let xs = &xs;`, see lowering): inside the task the name is that borrow, and its
        // uses there have the borrow's type, as a `ref` parameter's do.
        for (task, caps) in &found {
            if !task_moves(caps) {
                continue;
            }
            for c in caps.iter().filter(|c| !c.taken() && !c.copy) {
                for (b, _, frames, id) in &uses {
                    if *b == c.binding && frames.contains(&Frame::Task(*task)) {
                        if let Some(t) = self.info.types.get(id).cloned() {
                            if !matches!(t, super::Ty::Ref(_) | super::Ty::Mut(_)) {
                                self.info.types.insert(*id, super::Ty::Ref(Box::new(t)));
                            }
                        }
                    }
                }
            }
        }
        // A task cannot borrow a local of its scope's body (the body ends while the scope still
        // waits), and taking a copy would leave the variable unchanged. rustc rejects the
        // borrow too (the task is then a borrowing closure), so with `defer_to_rustc` it says so.
        let mut bad: Vec<(Span, String)> = found
            .iter()
            .filter(|_| !self.defer_to_rustc)
            .flat_map(|(task, caps)| {
                caps.iter()
                    .filter(|c| c.mode == CaptureMode::Mutate && c.scope_local)
                    .filter_map(|c| spans.get(task).map(|s| (*s, c.name.clone())))
            })
            .collect();
        bad.sort_by_key(|(s, _)| s.start);
        for (span, name) in bad {
            self.errors.push(
                Diagnostic::error(
                    span,
                    format!("a task cannot modify `{name}`, a variable of its scope's own body"),
                )
                .label(format!("this task modifies `{name}`"))
                .help(format!(
                    "declare `{name}` before the `scope`, so that it outlives the scope's tasks"
                )),
            );
        }
        self.info.captures.extend(found);
        for (id, span) in spans {
            let site = self.site(span);
            self.info.spawn_sites.insert(id, site);
        }
    }
}

impl Walker<'_> {
    /// A source location as the runtime's messages name it: `FILE:LINE:COLUMN`, FILE relative
    /// to the root file's directory (`main.aur`, `geometry.aur`, `net/http.aur`), so that the
    /// generated Rust does not depend on where the program was built from.
    fn site(&self, span: Span) -> String {
        if span.file.0 as usize >= self.sources.len() {
            return String::from("<unknown>");
        }
        let file = self.sources.get(span.file);
        let root = self.sources.get(aurora_grammar::FileId(0)).path.parent();
        let rel = root
            .and_then(|dir| file.path.strip_prefix(dir).ok())
            .unwrap_or(&file.path);
        let name = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let (line, col) = file.line_col(span.start as usize);
        format!("{name}:{line}:{col}")
    }
}

/// A direct child of an expression (see [`visit_children`]).
pub(crate) enum Child<'e> {
    Expr(&'e Expr),
    Block(&'e Block),
}

/// The direct sub-expressions and blocks of `e`. Also the manifest builder's walk
/// (`manifest/build.rs`), so a new kind of expression is added here once for both.
pub(crate) fn visit_children<'e>(e: &'e Expr, f: &mut dyn FnMut(Child<'e>)) {
    match &e.kind {
        ExprKind::Lit(aurora_grammar::ast::Lit::Str(parts)) => {
            for p in parts {
                if let StrPart::Interp { expr, .. } = p {
                    f(Child::Expr(expr));
                }
            }
        }
        ExprKind::Lit(_)
        | ExprKind::Name(_)
        | ExprKind::Continue
        | ExprKind::Cancel
        | ExprKind::Yield => {}
        ExprKind::Tuple(xs) | ExprKind::List(xs) => xs.iter().for_each(|x| f(Child::Expr(x))),
        ExprKind::ListRepeat { value, count } => {
            f(Child::Expr(value));
            f(Child::Expr(count));
        }
        ExprKind::Map(kvs) => {
            for (k, v) in kvs {
                f(Child::Expr(k));
                f(Child::Expr(v));
            }
        }
        ExprKind::StructLit { fields, .. } => fields
            .iter()
            .filter_map(|x| x.value.as_ref())
            .for_each(|x| f(Child::Expr(x))),
        ExprKind::Paren(x)
        | ExprKind::Try(x)
        | ExprKind::Field { base: x, .. }
        | ExprKind::Unary { expr: x, .. }
        | ExprKind::Cast { expr: x, .. }
        | ExprKind::Closure { body: x, .. }
        | ExprKind::Spawn(x)
        | ExprKind::Join(x)
        | ExprKind::CancelTask(x)
        | ExprKind::Par(x) => f(Child::Expr(x)),
        ExprKind::ParFor(pf) => {
            f(Child::Expr(&pf.iter));
            for r in &pf.reductions {
                if let aurora_grammar::ast::ReduceOp::Fn { func, identity } = &r.op {
                    f(Child::Expr(func));
                    f(Child::Expr(identity));
                }
            }
            f(Child::Block(&pf.body));
        }
        ExprKind::Call { callee, args, .. } => {
            f(Child::Expr(callee));
            args.iter().for_each(|a| f(Child::Expr(&a.value)));
        }
        ExprKind::MethodCall { receiver, args, .. } => {
            f(Child::Expr(receiver));
            args.iter().for_each(|a| f(Child::Expr(&a.value)));
        }
        ExprKind::Index { base, index } => {
            f(Child::Expr(base));
            f(Child::Expr(index));
        }
        ExprKind::Binary { lhs, rhs, .. } => {
            f(Child::Expr(lhs));
            f(Child::Expr(rhs));
        }
        ExprKind::Range { start, end, .. } => {
            for x in [start, end].into_iter().flatten() {
                f(Child::Expr(x));
            }
        }
        ExprKind::Block(b)
        | ExprKind::Loop { body: b }
        | ExprKind::Scope(b)
        | ExprKind::SupervisorScope(b) => f(Child::Block(b)),
        ExprKind::With { value, body, .. } => {
            f(Child::Expr(value));
            f(Child::Block(body));
        }
        ExprKind::TimedScope { timeout, body }
        | ExprKind::DeadlineScope {
            deadline: timeout,
            body,
        } => {
            f(Child::Expr(timeout));
            f(Child::Block(body))
        }
        ExprKind::Guard { target, body, .. } => {
            f(Child::Expr(target));
            f(Child::Block(body))
        }
        ExprKind::Close(x) => f(Child::Expr(x)),
        ExprKind::Select { arms, .. } => {
            for arm in arms {
                match &arm.op {
                    SelectOp::Recv { rx: x, .. } | SelectOp::After(x) => f(Child::Expr(x)),
                    SelectOp::Send { tx, value } => {
                        f(Child::Expr(tx));
                        f(Child::Expr(value));
                    }
                    SelectOp::Default => {}
                }
                f(Child::Expr(&arm.body));
            }
        }
        ExprKind::If { cond, then, else_ } => {
            match cond {
                Cond::Expr(c) | Cond::Let { expr: c, .. } => f(Child::Expr(c)),
            }
            f(Child::Block(then));
            if let Some(x) = else_ {
                f(Child::Expr(x));
            }
        }
        ExprKind::While { cond, body } => {
            match cond {
                Cond::Expr(c) | Cond::Let { expr: c, .. } => f(Child::Expr(c)),
            }
            f(Child::Block(body));
        }
        ExprKind::For { iter, body, .. } => {
            f(Child::Expr(iter));
            f(Child::Block(body));
        }
        ExprKind::Match { scrutinee, arms } => {
            f(Child::Expr(scrutinee));
            for a in arms {
                if let Some(g) = &a.guard {
                    f(Child::Expr(g));
                }
                f(Child::Expr(&a.body));
            }
        }
        ExprKind::Break(x) | ExprKind::Return(x) => {
            if let Some(x) = x {
                f(Child::Expr(x));
            }
        }
    }
}

impl Pass<'_> {
    fn declare_pattern(&mut self, p: &Pattern) {
        match &p.kind {
            PatternKind::Bind { .. } => {
                self.declared.insert(p.id, self.frames.clone());
            }
            PatternKind::Wild | PatternKind::Lit { .. } => {}
            PatternKind::Range { lo, hi, .. } => {
                self.declare_pattern(lo);
                self.declare_pattern(hi);
            }
            PatternKind::Tuple(ps) | PatternKind::Or(ps) => {
                ps.iter().for_each(|p| self.declare_pattern(p))
            }
            PatternKind::Variant { args, .. } => {
                args.iter().flatten().for_each(|p| self.declare_pattern(p))
            }
            PatternKind::Struct { fields, .. } => fields
                .iter()
                .filter_map(|f| f.pat.as_ref())
                .for_each(|p| self.declare_pattern(p)),
        }
    }

    /// `owned`: the block's value is used as an owned value.
    fn block(&mut self, b: &Block, owned: bool) {
        let tail = b.tail().map(|t| t.id);
        for s in &b.stmts {
            match &s.kind {
                StmtKind::Let { pat, init, .. } => {
                    self.expr(init, true);
                    self.declare_pattern(pat);
                }
                StmtKind::Assign { target, value, .. } => {
                    self.expr(target, false);
                    self.expr(value, true);
                }
                StmtKind::Expr { expr, .. } => self.expr(expr, owned && Some(expr.id) == tail),
            }
        }
    }

    fn args(&mut self, args: &[Arg], owned: bool) {
        for a in args {
            self.expr(&a.value, owned && a.mode == Mode::Own);
        }
    }

    /// `owned`: the value of `e` is used as an owned value (moved, if not copied).
    fn expr(&mut self, e: &Expr, owned: bool) {
        match &e.kind {
            ExprKind::Name(name) => {
                if let Some(Res::Local(b)) = self.info.res(e.id) {
                    self.use_of(*b, &name.name, e, owned);
                }
            }
            ExprKind::Paren(x) => self.expr(x, owned),
            ExprKind::Tuple(xs) | ExprKind::List(xs) => xs.iter().for_each(|x| self.expr(x, true)),
            ExprKind::ListRepeat { value, count } => {
                self.expr(value, true);
                self.expr(count, false);
            }
            ExprKind::Map(kvs) => {
                for (k, v) in kvs {
                    self.expr(k, true);
                    self.expr(v, true);
                }
            }
            ExprKind::StructLit { fields, .. } => {
                for f in fields {
                    // The shorthand `Point { x }` has no name expression to resolve: it is not
                    // seen as a use (a known gap of the analysis).
                    if let Some(v) = &f.value {
                        self.expr(v, true);
                    }
                }
            }
            ExprKind::Call { callee, args, .. } => {
                let borrows = matches!(self.info.res(callee.id),
                    Some(Res::Builtin(b)) if BORROWING_BUILTINS.contains(&b.as_str()));
                self.expr(callee, false);
                self.args(args, !borrows);
            }
            ExprKind::MethodCall { receiver, args, .. } => {
                self.expr(receiver, false);
                self.args(args, true);
            }
            ExprKind::Try(x) | ExprKind::Join(x) => self.expr(x, true),
            ExprKind::Break(Some(x)) | ExprKind::Return(Some(x)) => self.expr(x, true),
            ExprKind::Closure { params, body, .. } => {
                for p in params {
                    self.declared.insert(p.id, self.frames.clone());
                }
                self.expr(body, true);
            }
            ExprKind::Block(b) => self.block(b, owned),
            ExprKind::Scope(b) | ExprKind::SupervisorScope(b) => {
                self.frames.push(Frame::Scope(e.id));
                self.block(b, owned);
                self.frames.pop();
            }
            ExprKind::TimedScope { timeout, body }
            | ExprKind::DeadlineScope {
                deadline: timeout,
                body,
            } => {
                self.expr(timeout, true);
                self.frames.push(Frame::Scope(e.id));
                self.block(body, owned);
                self.frames.pop();
            }
            // Locking (or reading, or writing) a value borrows it: tasks share one mutex.
            ExprKind::Guard {
                target,
                binding,
                body,
                ..
            } => {
                self.expr(target, false);
                self.declared.insert(binding.id, self.frames.clone());
                self.block(body, owned);
            }
            // `close tx` drops the end: a consuming use.
            ExprKind::Close(x) => self.expr(x, true),
            ExprKind::Select { arms, .. } => {
                for arm in arms {
                    match &arm.op {
                        SelectOp::Recv { rx, binding } => {
                            self.expr(rx, false);
                            if let Some(p) = binding {
                                self.declare_pattern(p);
                            }
                        }
                        SelectOp::Send { tx, value } => {
                            self.expr(tx, false);
                            self.expr(value, true);
                        }
                        SelectOp::After(d) => self.expr(d, false),
                        SelectOp::Default => {}
                    }
                    self.expr(&arm.body, owned);
                }
            }
            ExprKind::Spawn(task) => {
                self.tasks.push((e.id, e.span, self.frames.clone()));
                self.frames.push(Frame::Task(e.id));
                self.expr(task, true);
                self.frames.pop();
            }
            ExprKind::If { cond, then, else_ } => {
                self.cond(cond);
                self.block(then, owned);
                if let Some(x) = else_ {
                    self.expr(x, owned);
                }
            }
            ExprKind::Match { scrutinee, arms } => {
                self.expr(scrutinee, false);
                for a in arms {
                    self.declare_pattern(&a.pat);
                    if let Some(g) = &a.guard {
                        self.expr(g, false);
                    }
                    self.expr(&a.body, owned);
                }
            }
            ExprKind::While { cond, body } => {
                self.frames.push(Frame::Loop(e.id));
                self.cond(cond);
                self.block(body, false);
                self.frames.pop();
            }
            ExprKind::For { pat, iter, body } => {
                self.expr(iter, false);
                self.frames.push(Frame::Loop(e.id));
                self.declare_pattern(pat);
                self.block(body, false);
                self.frames.pop();
            }
            ExprKind::Loop { body } => {
                self.frames.push(Frame::Loop(e.id));
                self.block(body, false);
                self.frames.pop();
            }
            _ => visit_children(e, &mut |c| match c {
                Child::Expr(x) => self.expr(x, false),
                Child::Block(b) => self.block(b, false),
            }),
        }
    }

    fn cond(&mut self, c: &Cond) {
        match c {
            Cond::Expr(x) => self.expr(x, false),
            Cond::Let { pat, expr } => {
                self.expr(expr, false);
                self.declare_pattern(pat);
            }
        }
    }

    fn use_of(&mut self, binding: NodeId, name: &str, e: &Expr, owned: bool) {
        let span = e.span;
        let here = self.frames.clone();
        let decl = self.declared.get(&binding).cloned().unwrap_or_default();
        // A borrow (`ref` parameters, loop variables over a borrowed list) is copied too.
        let copy = self
            .info
            .locals
            .get(&binding)
            .is_some_and(|t| t.is_copy() || matches!(t, super::Ty::Ref(_)));
        let channel_end = self
            .info
            .locals
            .get(&binding)
            .is_some_and(|t| matches!(t, super::Ty::Sender(_) | super::Ty::Receiver(_)));
        for (k, f) in here.iter().enumerate() {
            let Frame::Task(task) = *f else {
                continue;
            };
            if decl.contains(f) {
                continue;
            }
            let mode = if self.mutations.contains(&(task, binding)) {
                CaptureMode::Mutate
            } else if (owned || channel_end) && !copy {
                CaptureMode::Consume
            } else {
                CaptureMode::Read
            };
            // The scope the task is spawned into: the innermost scope outside the task.
            let scope = here[..k]
                .iter()
                .rev()
                .find(|f| matches!(f, Frame::Scope(_)));
            let scope_local = scope.is_some_and(|s| decl.contains(s));
            let list = self.captures.entry(task).or_default();
            match list.iter_mut().find(|c| c.binding == binding) {
                Some(c) => c.mode = c.mode.max(mode),
                None => list.push(Capture {
                    binding,
                    name: name.to_string(),
                    mode,
                    used_after: false,
                    scope_local,
                    copy,
                    span,
                    channel_end,
                }),
            }
        }
        self.uses.push((binding, span, here, e.id));
    }

    fn finish(mut self) -> (HashMap<NodeId, Vec<Capture>>, Vec<Use>) {
        for (task, span, around) in &self.tasks {
            let Some(list) = self.captures.get_mut(task) else {
                continue;
            };
            for c in list.iter_mut() {
                let decl = self.declared.get(&c.binding).cloned().unwrap_or_default();
                // A loop around the spawn that the binding is declared outside of runs the
                // spawn again, and the next iteration uses the binding after this task.
                let in_loop = around
                    .iter()
                    .any(|f| matches!(f, Frame::Loop(_)) && !decl.contains(f));
                let later = self.uses.iter().any(|(b, s, fs, _)| {
                    *b == c.binding && s.start >= span.end && !fs.contains(&Frame::Task(*task))
                });
                c.used_after = in_loop || later;
                // A channel end still used outside is only borrowed by the task.
                if c.channel_end && c.used_after && c.mode == CaptureMode::Consume {
                    c.mode = CaptureMode::Read;
                }
            }
        }
        (self.captures, self.uses)
    }
}
