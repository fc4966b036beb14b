//! How a local list is used, to choose between `vec![..]` and an array.
//!
//! clippy's `useless_vec` rejects `let xs = vec![..]` when every use of `xs` would work on a
//! slice (slice methods, indexing, `&xs` passed as `&[T]`). For such a binding the lowering
//! writes an array literal instead, which is also what a person would write. Any other use
//! (growing it, passing or returning it by value, iterating it with `for`, printing it, a
//! closure capture the walk cannot classify) keeps the `Vec`. The same walk finds `mut [T]`
//! parameters that never grow, which are `&mut [T]` (clippy: ptr_arg).

use aurora_grammar::ast::{
    Arg, Block, Cond, Expr, ExprKind, Mode, NodeId, SelectOp, StmtKind, StrPart, TypeKind,
};

use super::Lowerer;
use crate::check::Res;

/// Aurora list methods that lower to slice methods (through `Deref`), not `Vec` ones.
const SLICE_METHODS: &[&str] = &[
    "len",
    "is_empty",
    "contains",
    "first",
    "last",
    "get",
    "join",
    "sort",
    "sort_by",
    "sort_by_key",
    "reverse",
    "swap",
    "map",
    "filter",
    "any",
    "all",
    "sum",
    "min",
    "max",
    "index_of",
    "reversed",
];

impl<'a> Lowerer<'a> {
    /// Whether every use of the local `binding` in the current function is slice-like (and
    /// there is at least one). `for_is_slice`: a `for` loop over the binding counts as a
    /// slice use (true for a `mut [T]` parameter, iterated as `xs.iter()`; false for a local,
    /// iterated as `&xs`).
    pub fn only_slice_uses(&self, binding: NodeId, name: &str, for_is_slice: bool) -> bool {
        let Some(body) = self.fn_body else {
            return false;
        };
        let mut walk = Walk {
            l: self,
            binding,
            name,
            for_is_slice,
            slice_uses: 0,
            other_uses: 0,
        };
        walk.block(body);
        walk.slice_uses > 0 && walk.other_uses == 0
    }
}

/// Other methods that only read their receiver (anything else may modify it).
const READING_METHODS: &[&str] = &[
    "clone",
    "to_string",
    "keys",
    "values",
    "contains_key",
    "is_empty",
];

/// Aurora methods that modify their receiver.
const MUTATING_METHODS: &[&str] = &[
    "push",
    "pop",
    "insert",
    "remove",
    "clear",
    "sort",
    "sort_by",
    "sort_by_key",
    "reverse",
    "extend",
    "truncate",
    "dedup",
    "swap",
    "retain",
    "push_str",
];

impl Lowerer<'_> {
    /// Whether `e` mentions the local `binding`.
    pub fn mentions(&self, e: &Expr, binding: NodeId, name: &str) -> bool {
        let mut walk = Walk {
            l: self,
            binding,
            name,
            for_is_slice: false,
            slice_uses: 0,
            other_uses: 0,
        };
        walk.use_as(e, false);
        walk.slice_uses + walk.other_uses > 0
    }

    /// How many times the current function modifies the local `binding` (a mutating method,
    /// an assignment to it or into it, a `mut` borrow). Unknown methods count as modifying.
    pub fn mutating_uses(&self, binding: NodeId, name: &str) -> usize {
        let Some(body) = self.fn_body else {
            return usize::MAX;
        };
        let mut m = Mutations {
            l: self,
            binding,
            name,
            count: 0,
        };
        m.block(body);
        m.count
    }
}

/// Counts the modifications of one binding (see [`Lowerer::mutating_uses`]).
struct Mutations<'l, 'a> {
    l: &'l Lowerer<'a>,
    binding: NodeId,
    name: &'l str,
    count: usize,
}

impl Mutations<'_, '_> {
    fn is_target(&self, e: &Expr) -> bool {
        matches!(&e.kind, ExprKind::Name(_))
            && matches!(self.l.info.res(e.id), Some(Res::Local(b)) if *b == self.binding)
    }

    /// The binding at the root of a place (`xs`, `xs[i]`, `p.x.y`).
    fn rooted(&self, e: &Expr) -> bool {
        match &super::strings::peel_parens(e).kind {
            ExprKind::Index { base, .. } | ExprKind::Field { base, .. } => self.rooted(base),
            _ => self.is_target(super::strings::peel_parens(e)),
        }
    }

    fn block(&mut self, b: &Block) {
        for stmt in &b.stmts {
            match &stmt.kind {
                StmtKind::Let { init, .. } => self.expr(init),
                StmtKind::Assign { target, value, .. } => {
                    if self.rooted(target) {
                        self.count += 1;
                    }
                    self.expr(target);
                    self.expr(value);
                }
                StmtKind::Expr { expr, .. } => self.expr(expr),
            }
        }
    }

    fn expr(&mut self, e: &Expr) {
        // Every child is visited through the generic walk below; only the mutating forms
        // are counted here.
        match &e.kind {
            ExprKind::MethodCall {
                receiver,
                method,
                args,
                ..
            } => {
                let m = method.name.as_str();
                let reads = SLICE_METHODS.contains(&m) || READING_METHODS.contains(&m);
                if self.rooted(receiver) && (MUTATING_METHODS.contains(&m) || !reads) {
                    self.count += 1;
                }
                self.expr(receiver);
                for a in args {
                    self.arg(a);
                }
            }
            ExprKind::Call { callee, args, .. } => {
                self.expr(callee);
                for a in args {
                    self.arg(a);
                }
            }
            _ => children(e, &mut |n| match n {
                Node::Expr(c) => self.expr(c),
                Node::Block(b) => self.block(b),
            }),
        }
        let _ = self.name;
    }

    fn arg(&mut self, a: &Arg) {
        if a.mode == Mode::Mut && self.rooted(&a.value) {
            self.count += 1;
        }
        self.expr(&a.value);
    }
}

pub(super) enum Node<'e> {
    Expr(&'e Expr),
    Block(&'e Block),
}

/// Visit the direct sub-expressions and blocks of `e`.
pub(super) fn children<'e>(e: &'e Expr, visit: &mut dyn FnMut(Node<'e>)) {
    match &e.kind {
        ExprKind::Lit(aurora_grammar::ast::Lit::Str(parts)) => {
            for p in parts {
                if let StrPart::Interp { expr: x, .. } = p {
                    visit(Node::Expr(x));
                }
            }
        }
        ExprKind::Lit(_)
        | ExprKind::Name(_)
        | ExprKind::Continue
        | ExprKind::Cancel
        | ExprKind::Yield => {}
        ExprKind::Tuple(xs) | ExprKind::List(xs) => xs.iter().for_each(|x| visit(Node::Expr(x))),
        ExprKind::ListRepeat { value, count } => {
            visit(Node::Expr(value));
            visit(Node::Expr(count));
        }
        ExprKind::Map(pairs) => {
            for (k, v) in pairs {
                visit(Node::Expr(k));
                visit(Node::Expr(v));
            }
        }
        ExprKind::StructLit { fields, .. } => fields
            .iter()
            .filter_map(|f| f.value.as_ref())
            .for_each(|x| visit(Node::Expr(x))),
        ExprKind::Paren(x) | ExprKind::Try(x) | ExprKind::Field { base: x, .. } => {
            visit(Node::Expr(x))
        }
        ExprKind::Unary { expr: x, .. }
        | ExprKind::Cast { expr: x, .. }
        | ExprKind::Spawn(x)
        | ExprKind::Join(x)
        | ExprKind::CancelTask(x) => visit(Node::Expr(x)),
        ExprKind::Call { callee, args, .. } => {
            visit(Node::Expr(callee));
            args.iter().for_each(|a| visit(Node::Expr(&a.value)));
        }
        ExprKind::MethodCall { receiver, args, .. } => {
            visit(Node::Expr(receiver));
            args.iter().for_each(|a| visit(Node::Expr(&a.value)));
        }
        ExprKind::Index { base, index } => {
            visit(Node::Expr(base));
            visit(Node::Expr(index));
        }
        ExprKind::Binary { lhs, rhs, .. } => {
            visit(Node::Expr(lhs));
            visit(Node::Expr(rhs));
        }
        ExprKind::Range { start, end, .. } => {
            for x in [start, end].into_iter().flatten() {
                visit(Node::Expr(x));
            }
        }
        ExprKind::Closure { body, .. } => visit(Node::Expr(body)),
        ExprKind::Block(b)
        | ExprKind::Loop { body: b }
        | ExprKind::Scope(b)
        | ExprKind::SupervisorScope(b) => visit(Node::Block(b)),
        ExprKind::With { value, body, .. } => {
            visit(Node::Expr(value));
            visit(Node::Block(body));
        }
        ExprKind::TimedScope { timeout, body }
        | ExprKind::DeadlineScope {
            deadline: timeout,
            body,
        } => {
            visit(Node::Expr(timeout));
            visit(Node::Block(body))
        }
        ExprKind::Guard { target, body, .. } => {
            visit(Node::Expr(target));
            visit(Node::Block(body))
        }
        ExprKind::Close(x) => visit(Node::Expr(x)),
        ExprKind::Select { arms, .. } => {
            for arm in arms {
                match &arm.op {
                    SelectOp::Recv { rx: x, .. } | SelectOp::After(x) => visit(Node::Expr(x)),
                    SelectOp::Send { tx, value } => {
                        visit(Node::Expr(tx));
                        visit(Node::Expr(value));
                    }
                    SelectOp::Default => {}
                }
                visit(Node::Expr(&arm.body));
            }
        }
        ExprKind::If { cond, then, else_ } => {
            match cond {
                Cond::Expr(c) => visit(Node::Expr(c)),
                Cond::Let { expr: c, .. } => visit(Node::Expr(c)),
            }
            visit(Node::Block(then));
            if let Some(x) = else_ {
                visit(Node::Expr(x));
            }
        }
        ExprKind::While { cond, body } => {
            match cond {
                Cond::Expr(c) => visit(Node::Expr(c)),
                Cond::Let { expr: c, .. } => visit(Node::Expr(c)),
            }
            visit(Node::Block(body));
        }
        ExprKind::For { iter, body, .. } => {
            visit(Node::Expr(iter));
            visit(Node::Block(body));
        }
        ExprKind::Par(x) => visit(Node::Expr(x)),
        ExprKind::ParFor(pf) => {
            visit(Node::Expr(&pf.iter));
            for r in &pf.reductions {
                if let aurora_grammar::ast::ReduceOp::Fn { func, identity } = &r.op {
                    visit(Node::Expr(func));
                    visit(Node::Expr(identity));
                }
            }
            visit(Node::Block(&pf.body));
        }
        ExprKind::Match { scrutinee, arms } => {
            visit(Node::Expr(scrutinee));
            for arm in arms {
                if let Some(g) = &arm.guard {
                    visit(Node::Expr(g));
                }
                visit(Node::Expr(&arm.body));
            }
        }
        ExprKind::Break(x) | ExprKind::Return(x) => {
            if let Some(x) = x {
                visit(Node::Expr(x));
            }
        }
    }
}

struct Walk<'l, 'a> {
    l: &'l Lowerer<'a>,
    binding: NodeId,
    name: &'l str,
    for_is_slice: bool,
    slice_uses: usize,
    other_uses: usize,
}

impl Walk<'_, '_> {
    fn is_target(&self, e: &Expr) -> bool {
        matches!(&e.kind, ExprKind::Name(_))
            && matches!(self.l.info.res(e.id), Some(Res::Local(b)) if *b == self.binding)
    }

    /// Visit `e` whose value is used in a slice-like way when `slice` is true.
    fn use_as(&mut self, e: &Expr, slice: bool) {
        let inner = super::strings::peel_parens(e);
        if self.is_target(inner) {
            if slice {
                self.slice_uses += 1;
            } else {
                self.other_uses += 1;
            }
        } else {
            self.expr(inner);
        }
    }

    fn block(&mut self, b: &Block) {
        for stmt in &b.stmts {
            match &stmt.kind {
                StmtKind::Let { init, .. } => self.use_as(init, false),
                StmtKind::Assign { target, value, .. } => {
                    match &super::strings::peel_parens(target).kind {
                        ExprKind::Index { base, index } => {
                            self.use_as(base, true);
                            self.use_as(index, false);
                        }
                        _ => self.use_as(target, false),
                    }
                    self.use_as(value, false);
                }
                StmtKind::Expr { expr, .. } => self.use_as(expr, false),
            }
        }
    }

    fn args(&mut self, args: &[Arg], params: Option<&[aurora_grammar::ast::Param]>) {
        for (i, a) in args.iter().enumerate() {
            let ref_slice = a.mode == Mode::Ref
                && params.and_then(|ps| ps.get(i)).is_some_and(|p| {
                    matches!(&p.ty.kind, TypeKind::Qualified { mode: Mode::Ref, inner }
                        if matches!(inner.kind, TypeKind::List(_)))
                });
            self.use_as(&a.value, ref_slice);
        }
    }

    fn expr(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Lit(aurora_grammar::ast::Lit::Str(parts)) => {
                for p in parts {
                    if let StrPart::Interp { expr, .. } = p {
                        self.use_as(expr, false);
                    }
                }
            }
            ExprKind::Lit(_) | ExprKind::Continue | ExprKind::Cancel | ExprKind::Yield => {}
            // Reached only for names other than the binding (`use_as` counts the binding).
            ExprKind::Name(_) => {}
            ExprKind::Tuple(xs) | ExprKind::List(xs) => {
                xs.iter().for_each(|x| self.use_as(x, false))
            }
            ExprKind::ListRepeat { value, count } => {
                self.use_as(value, false);
                self.use_as(count, false);
            }
            ExprKind::Map(pairs) => {
                for (k, v) in pairs {
                    self.use_as(k, false);
                    self.use_as(v, false);
                }
            }
            ExprKind::StructLit { fields, .. } => {
                for f in fields {
                    if let Some(v) = &f.value {
                        self.use_as(v, false);
                    } else {
                        // Shorthand `{ xs }` moves the binding into the struct.
                        self.other_uses += usize::from(f.name.name == self.name);
                    }
                }
            }
            ExprKind::Paren(x) | ExprKind::Try(x) => self.use_as(x, false),
            ExprKind::Field { base, .. } => self.use_as(base, false),
            ExprKind::Call { callee, args, .. } => {
                let params = match self.l.info.res(callee.id) {
                    Some(Res::Fn { module, name }) => self
                        .l
                        .fns
                        .get(&(module.clone(), name.clone()))
                        .map(|d| d.params.as_slice()),
                    _ => None,
                };
                self.use_as(callee, false);
                self.args(args, params);
            }
            ExprKind::MethodCall {
                receiver,
                method,
                args,
                ..
            } => {
                let slice = SLICE_METHODS.contains(&method.name.as_str());
                self.use_as(receiver, slice);
                self.args(args, None);
            }
            ExprKind::Index { base, index } => {
                self.use_as(base, true);
                self.use_as(index, false);
            }
            ExprKind::Unary { expr, .. }
            | ExprKind::Cast { expr, .. }
            | ExprKind::Spawn(expr)
            | ExprKind::Join(expr)
            | ExprKind::CancelTask(expr) => self.use_as(expr, false),
            ExprKind::Binary { lhs, rhs, .. } => {
                self.use_as(lhs, false);
                self.use_as(rhs, false);
            }
            ExprKind::Range { start, end, .. } => {
                for x in [start, end].into_iter().flatten() {
                    self.use_as(x, false);
                }
            }
            ExprKind::Closure { body, .. } => self.use_as(body, false),
            ExprKind::Block(b)
            | ExprKind::Loop { body: b }
            | ExprKind::Scope(b)
            | ExprKind::SupervisorScope(b) => self.block(b),
            ExprKind::With { value, body, .. } => {
                self.use_as(value, false);
                self.block(body)
            }
            ExprKind::TimedScope { timeout, body }
            | ExprKind::DeadlineScope {
                deadline: timeout,
                body,
            } => {
                self.use_as(timeout, false);
                self.block(body)
            }
            ExprKind::Guard { target, body, .. } => {
                self.use_as(target, false);
                self.block(body)
            }
            ExprKind::Close(x) => self.use_as(x, false),
            ExprKind::Select { arms, .. } => {
                for arm in arms {
                    match &arm.op {
                        SelectOp::Recv { rx: x, .. } | SelectOp::After(x) => self.use_as(x, false),
                        SelectOp::Send { tx, value } => {
                            self.use_as(tx, false);
                            self.use_as(value, false);
                        }
                        SelectOp::Default => {}
                    }
                    self.use_as(&arm.body, false);
                }
            }
            ExprKind::If { cond, then, else_ } => {
                self.cond(cond);
                self.block(then);
                if let Some(x) = else_ {
                    self.use_as(x, false);
                }
            }
            ExprKind::While { cond, body } => {
                self.cond(cond);
                self.block(body);
            }
            ExprKind::For { iter, body, .. } => {
                self.use_as(iter, self.for_is_slice);
                self.block(body);
            }
            ExprKind::Par(x) => self.use_as(x, false),
            ExprKind::ParFor(pf) => {
                self.use_as(&pf.iter, self.for_is_slice);
                for r in &pf.reductions {
                    if let aurora_grammar::ast::ReduceOp::Fn { func, identity } = &r.op {
                        self.use_as(func, false);
                        self.use_as(identity, false);
                    }
                }
                self.block(&pf.body);
            }
            ExprKind::Match { scrutinee, arms } => {
                self.use_as(scrutinee, false);
                for arm in arms {
                    if let Some(g) = &arm.guard {
                        self.use_as(g, false);
                    }
                    self.use_as(&arm.body, false);
                }
            }
            ExprKind::Break(x) | ExprKind::Return(x) => {
                if let Some(x) = x {
                    self.use_as(x, false);
                }
            }
        }
    }

    fn cond(&mut self, c: &Cond) {
        match c {
            Cond::Expr(e) => self.use_as(e, false),
            Cond::Let { expr, .. } => self.use_as(expr, false),
        }
    }
}
