//! The body walker: one pass over every function, method, constant and test body that resolves
//! names, infers types (bidirectionally: an expected type flows down from annotations,
//! parameters, fields and operands) and checks mutation. Expressions live in `expr.rs`, calls
//! in `call.rs`, patterns in `pattern.rs`, places and mutation in `place.rs`.

use aurora_grammar::ast::{self, ItemKind, Mode, NodeId, StmtKind};
use aurora_grammar::{Diagnostic, Errors, Sources, Span};

use super::defs::{self, Defs};
use super::scope::{Binding, Origin, Scopes};
use super::types::{Pos, TypeCx};
use super::{Info, Ty};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FnKind {
    Fn,
    Test,
    Closure,
    /// A constant's initializer: no `return`.
    Const,
    /// The body of a `spawn`: a closure in Rust, so nothing may leave it.
    Task,
    /// The body of a `scope { }`: a closure in Rust too.
    ScopeBody,
    /// A `par` body (a loop body, a fork-join branch, a pipeline's function): a closure run
    /// on the work-stealing pool.
    Par,
}

/// A `scope` or task body being walked, innermost last.
#[derive(Debug, Clone)]
pub(crate) enum Conc {
    Scope,
    /// A `supervisor scope`: its tasks give no handle; their types are collected in
    /// `Walker::supervised`.
    Supervisor,
    /// A task: its `spawn` expression, and `Scopes::count` when its body began (bindings
    /// with smaller indices are outside the task).
    Task {
        spawn: NodeId,
        first_binding: usize,
    },
    /// A closure's body: bindings with smaller indices are around it, and it only reads them
    /// (§5.16).
    Closure {
        first_binding: usize,
    },
    /// The body of a `lock`/`read`/`write` block: which lock it holds (its binding, or the
    /// target's text when it is not a plain name), how, and the block's binding.
    Guard {
        key: String,
        kind: aurora_grammar::ast::GuardKind,
        target: aurora_grammar::Span,
        binding: String,
        /// A `cell`'s borrow, which never waits (not a lock).
        cell: bool,
    },
}

#[derive(Debug)]
pub(crate) struct LoopCx {
    /// `loop` (which may `break` with a value), as opposed to `while`/`for`.
    pub is_loop: bool,
    pub broke: bool,
    pub break_ty: Option<Ty>,
}

#[derive(Debug)]
pub(crate) struct FnCx {
    pub kind: FnKind,
    pub ret: Ty,
    pub loops: Vec<LoopCx>,
    /// The program's `main` (for the help of `?` errors).
    pub main: bool,
}

pub(crate) struct Walker<'a> {
    pub defs: &'a Defs,
    pub sources: &'a Sources,
    pub errors: &'a mut Errors,
    pub info: Info,
    pub module: usize,
    pub generics: Vec<String>,
    /// The type of the enclosing `impl`, which `Self` names.
    pub self_ty: Option<Ty>,
    /// How the current method takes `self`, if it does.
    pub self_param: Option<Mode>,
    pub scopes: Scopes,
    pub fns: Vec<FnCx>,
    /// Next synthesized binding id (see `Info::res`), counting down.
    pub next_synth: u32,
    /// The `scope`s and tasks around the expression being walked, within the current item.
    pub conc: Vec<Conc>,
    /// (spawn, binding): a task modifies a binding declared outside it (for capture analysis).
    pub task_mutations: std::collections::HashSet<(NodeId, NodeId)>,
    /// The body being walked has a `spawn` (so capture analysis has work to do).
    pub saw_spawn: bool,
    /// A `cancel` of the innermost scope being walked (reset at each scope).
    pub saw_cancel: bool,
    /// Per `supervisor scope` being walked (innermost last): the span and value type of each
    /// task spawned into it.
    pub supervised: Vec<Vec<(aurora_grammar::Span, Ty)>>,
    /// Per scope being walked (innermost last): the span and error type of each fallible task
    /// spawned into it; `None` for a supervisor scope, whose tasks' results are values.
    pub fallible: Vec<Option<Vec<(aurora_grammar::Span, Ty)>>>,
    /// The `par` bodies around the expression being walked, innermost last.
    pub pars: Vec<super::par::ParCx>,
    /// Leave the thread-safety rules rustc also enforces to rustc (`CheckOptions`).
    pub defer_to_rustc: bool,
}

impl<'a> Walker<'a> {
    pub fn new(defs: &'a Defs, sources: &'a Sources, errors: &'a mut Errors) -> Walker<'a> {
        Walker {
            defs,
            sources,
            errors,
            info: Info::default(),
            module: 0,
            generics: Vec::new(),
            self_ty: None,
            self_param: None,
            scopes: Scopes::default(),
            fns: Vec::new(),
            next_synth: u32::MAX,
            conc: Vec::new(),
            task_mutations: std::collections::HashSet::new(),
            saw_spawn: false,
            saw_cancel: false,
            supervised: Vec::new(),
            fallible: Vec::new(),
            pars: Vec::new(),
            defer_to_rustc: false,
        }
    }

    pub fn synth_id(&mut self) -> NodeId {
        let id = NodeId(self.next_synth);
        self.next_synth = self.next_synth.saturating_sub(1);
        id
    }

    /// The source text of a span, for messages that quote the program.
    pub fn text(&self, span: Span) -> String {
        if (span.file.0 as usize) < self.sources.len() {
            self.sources.get(span.file).slice(span).to_string()
        } else {
            String::new()
        }
    }

    pub fn type_cx(&self) -> TypeCx<'a> {
        TypeCx::new(
            self.defs,
            self.module,
            self.generics.clone(),
            self.self_ty.clone(),
        )
    }

    /// Resolve a written type, reporting problems.
    pub fn ty(&mut self, t: &ast::Type, pos: Pos) -> Ty {
        let cx = self.type_cx();
        cx.ty(t, pos, self.errors)
    }

    pub fn module_name(&self, m: usize) -> String {
        self.defs
            .modules
            .get(m)
            .map(|m| m.name.clone())
            .unwrap_or_default()
    }

    /// The initial value of a `const` (which must be a constant expression) or a
    /// `task_local`, against its declared type.
    fn initializer(&mut self, c: &ast::ConstDecl, constant: bool) {
        self.enter_item(Vec::new(), None, None);
        let ty = {
            let cx = self.type_cx();
            cx.ty(&c.ty, Pos::Other, &mut Errors::new())
        };
        self.fns.push(FnCx {
            kind: FnKind::Const,
            ret: Ty::Unknown,
            loops: Vec::new(),
            main: false,
        });
        self.scopes.push();
        if constant {
            self.const_value(&c.value);
        }
        self.expr(&c.value, Some(&ty));
        self.leave_scope();
        self.fns.pop();
    }

    pub fn record(&mut self, id: NodeId, ty: &Ty) {
        if *ty != Ty::Unknown {
            self.info.types.insert(id, ty.clone());
        }
    }

    pub fn module(&mut self, mi: usize, module: &ast::Module) {
        self.module = mi;
        let mut tests: std::collections::HashMap<String, Span> = std::collections::HashMap::new();
        for item in &module.items {
            match &item.kind {
                ItemKind::Fn(f) => {
                    let generics = f.generics.iter().map(|g| g.name.name.clone()).collect();
                    self.function(f, generics, None);
                }
                ItemKind::Impl(imp) => {
                    let target = defs::impl_target(self.defs, mi, imp, None).map(|(_, _, t)| t);
                    for f in &imp.methods {
                        let mut generics: Vec<String> =
                            imp.generics.iter().map(|g| g.name.name.clone()).collect();
                        generics.extend(f.generics.iter().map(|g| g.name.name.clone()));
                        self.function(f, generics, Some(target.clone().unwrap_or(Ty::Unknown)));
                    }
                }
                ItemKind::Const(c) => self.initializer(c, true),
                // Its initial value runs in a function of its own (`TaskLocal::new(|| init)`),
                // so unlike a `const` it may call functions.
                ItemKind::TaskLocal(c) => self.initializer(c, false),
                ItemKind::Test(t) => {
                    let key = t.name.clone();
                    if let Some(first) = tests.get(&key) {
                        self.errors.push(
                            Diagnostic::error(
                                t.name_span,
                                format!("test \"{}\" is defined more than once", t.name),
                            )
                            .label("second test with this name")
                            .secondary(*first, "first defined here")
                            .help("give each test a distinct name"),
                        );
                    } else {
                        tests.insert(key, t.name_span);
                    }
                    self.enter_item(Vec::new(), None, None);
                    self.fns.push(FnCx {
                        kind: FnKind::Test,
                        ret: Ty::Unit,
                        loops: Vec::new(),
                        main: false,
                    });
                    self.block(&t.body, None);
                    self.captures(&t.body);
                    self.fns.pop();
                }
                ItemKind::Use(_) | ItemKind::Struct(_) | ItemKind::Enum(_) => {}
            }
        }
    }

    /// A constant's value is computed at compile time: literals, other constants, arithmetic,
    /// comparisons and casts, no calls or collections.
    fn const_value(&mut self, e: &ast::Expr) {
        use ast::ExprKind as K;
        match &e.kind {
            K::Lit(ast::Lit::Str(parts))
                if parts
                    .iter()
                    .any(|p| matches!(p, ast::StrPart::Interp { .. })) =>
            {
                self.errors.push(
                    Diagnostic::error(e.span, "a constant cannot use string interpolation")
                        .label("computed at run time")
                        .help("write the text out, or use a function"),
                );
            }
            K::Lit(_) | K::Name(_) | K::Field { .. } => {}
            K::Paren(x) | K::Unary { expr: x, .. } | K::Cast { expr: x, .. } => self.const_value(x),
            K::Binary { lhs, rhs, .. } => {
                self.const_value(lhs);
                self.const_value(rhs);
            }
            K::Tuple(xs) => xs.iter().for_each(|x| self.const_value(x)),
            _ => {
                self.errors.push(
                    Diagnostic::error(e.span, "a constant's value must be computable at compile time")
                        .label("not allowed in a constant")
                        .help("constants hold literals, other constants and arithmetic; use a function for the rest"),
                );
            }
        }
    }

    fn enter_item(&mut self, generics: Vec<String>, self_ty: Option<Ty>, self_param: Option<Mode>) {
        self.generics = generics;
        self.self_ty = self_ty;
        self.self_param = self_param;
        self.scopes.clear();
        self.fns.clear();
        self.conc.clear();
        self.pars.clear();
    }

    fn function(&mut self, f: &ast::FnDecl, generics: Vec<String>, self_ty: Option<Ty>) {
        self.enter_item(generics, self_ty, f.self_param.as_ref().map(|s| s.mode));
        // Signatures were checked (and their errors reported) when the tables were built.
        let def = {
            let cx = self.type_cx();
            defs::fn_def(&cx, self.module, f, true, &mut Errors::new())
        };
        self.scopes.push();
        for (p, pd) in f.params.iter().zip(&def.params) {
            self.info.locals.insert(p.id, pd.ty.clone());
            self.scopes.add(Binding {
                id: p.id,
                name: p.name.name.clone(),
                span: p.name.span,
                origin: Origin::Param,
                mutable: false,
                ty: pd.ty.clone(),
                used: false,
                mutated: false,
            });
        }
        let main = self.module == 0 && f.name.name == "main" && self.self_ty.is_none();
        self.fns.push(FnCx {
            kind: FnKind::Fn,
            ret: def.ret.clone(),
            loops: Vec::new(),
            main,
        });
        let expected = (def.ret != Ty::Unit && def.ret != Ty::Unknown).then_some(def.ret.clone());
        let body = self.block(&f.body, expected.as_ref());
        self.captures(&f.body);
        if body == Ty::Unit && !matches!(def.ret, Ty::Unit | Ty::Unknown | Ty::Never) {
            self.no_tail_value(f, &def.ret);
        }
        self.fns.pop();
        self.leave_scope();
    }

    /// A function that declares a result but whose body ends without a value.
    fn no_tail_value(&mut self, f: &ast::FnDecl, ret: &Ty) {
        let shown = super::types::show(ret);
        let span = f.ret.as_ref().map_or(f.name.span, |t| t.span);
        let mut d = Diagnostic::error(
            span,
            format!(
                "`{}` returns `{shown}` but its body ends without a value",
                f.name.name
            ),
        )
        .label(format!("`{shown}` declared here"));
        let last = f.body.stmts.last();
        d = match last {
            Some(ast::Stmt {
                kind: StmtKind::Expr { semi: true, expr },
                span,
            }) if !matches!(self.info.ty(expr.id), Ty::Unit) => d
                .secondary(*span, "this ends with `;`, so its value is dropped")
                .help("remove the `;` to return the value"),
            Some(s) => d
                .secondary(s.span, "the last statement has no value")
                .help(format!("end the body with the `{shown}` value to return")),
            None => d.help(format!("end the body with the `{shown}` value to return")),
        };
        self.errors.push(d);
    }

    /// Leave a scope, warning about its unused and never-modified bindings.
    pub fn leave_scope(&mut self) {
        for i in self.scopes.pop() {
            let Some(b) = self.scopes.get(i) else {
                continue;
            };
            if b.name.starts_with('_') || (b.used && (!b.mutable || b.mutated)) {
                continue;
            }
            let b = b.clone();
            if b.name.starts_with('_') {
                continue;
            }
            if !b.used {
                let what = match b.origin {
                    Origin::Param | Origin::ClosureParam => "parameter",
                    _ => "variable",
                };
                self.errors.push(
                    Diagnostic::warning(b.span, format!("unused {what} `{}`", b.name))
                        .label("never used")
                        .help(format!(
                            "if this is intentional, prefix it with an underscore: `_{}`",
                            b.name
                        )),
                );
            } else if b.mutable && !b.mutated && b.origin != Origin::Guard {
                self.errors.push(
                    Diagnostic::warning(
                        b.span,
                        format!(
                            "variable `{}` is declared with `var` but never modified",
                            b.name
                        ),
                    )
                    .label("never modified")
                    .help("use `let`"),
                );
            }
        }
    }

    pub fn block(&mut self, b: &ast::Block, expected: Option<&Ty>) -> Ty {
        self.scopes.push();
        let mut ty = Ty::Unit;
        let n = b.stmts.len();
        for (i, s) in b.stmts.iter().enumerate() {
            let last = i + 1 == n;
            ty = match &s.kind {
                StmtKind::Let {
                    mutable,
                    pat,
                    ty,
                    init,
                } => {
                    self.let_stmt(*mutable, pat, ty.as_ref(), init);
                    Ty::Unit
                }
                StmtKind::Assign { target, op, value } => {
                    self.assign(target, *op, value);
                    Ty::Unit
                }
                StmtKind::Expr { expr, semi } => {
                    let t = self.expr(expr, if last && !semi { expected } else { None });
                    if *semi || !last {
                        self.discarded(expr, &t);
                    }
                    match (semi, t) {
                        (false, t) => t,
                        (true, Ty::Never) => Ty::Never,
                        (true, _) => Ty::Unit,
                    }
                }
            };
        }
        self.leave_scope();
        ty
    }

    /// A scope whose tasks may fail gives `Result[V, E]`: as a statement, its `err` is dropped
    /// unseen (the tasks were cancelled, and nothing says so). A warning, as Rust's
    /// `unused_must_use` is: rustc's own warnings on generated code are not shown.
    fn discarded(&mut self, e: &ast::Expr, t: &Ty) {
        let scope = matches!(
            e.kind,
            ast::ExprKind::Scope(_)
                | ast::ExprKind::TimedScope { .. }
                | ast::ExprKind::DeadlineScope { .. }
        );
        if !scope || !matches!(t, Ty::Result(..)) {
            return;
        }
        let head = Span::new(
            e.span.file,
            e.span.start as usize,
            e.span.start as usize + 5,
        );
        self.errors.push(
            Diagnostic::warning(head, "the `err` of this scope's tasks is lost")
                .label(format!(
                    "a task here may fail, so the scope gives a `{}`",
                    super::types::show(t)
                ))
                .note("a task whose last line is a value of type `Result` (such as `tx.send(x)`) is a task that may fail (§10.6)")
                .help("use the scope's value: end it with `?`, `match` it, or write `let _ = scope { .. }` to drop the error on purpose"),
        );
    }

    /// `let` and `for` patterns must always match.
    pub fn irrefutable(&mut self, p: &ast::Pattern, what: &str) {
        if let Some(span) = self.refutable(p) {
            self.errors.push(
                Diagnostic::error(
                    span,
                    format!("this pattern may not match, so it cannot be used in `{what}`"),
                )
                .label("refutable pattern")
                .help("use `if let PATTERN = value { .. }` or `match` to handle the other cases"),
            );
        }
    }

    fn refutable(&mut self, p: &ast::Pattern) -> Option<Span> {
        use ast::PatternKind as K;
        match &p.kind {
            K::Wild | K::Bind { .. } => None,
            K::Tuple(ps) => ps.iter().find_map(|p| self.refutable(p)),
            K::Lit { .. } | K::Range { .. } | K::Or(_) => Some(p.span),
            K::Variant { path, args } => {
                if path.len() == 1 {
                    return Some(p.span);
                }
                let (_, td, v) = self.resolve_type_path(path, false)?;
                if v.is_some()
                    && matches!(&td.kind, super::defs::TypeDefKind::Enum(vs) if vs.len() > 1)
                {
                    return Some(p.span);
                }
                args.as_ref()?.iter().find_map(|p| self.refutable(p))
            }
            K::Struct { path, fields, .. } => {
                let (_, td, v) = self.resolve_type_path(path, false)?;
                if v.is_some()
                    && matches!(&td.kind, super::defs::TypeDefKind::Enum(vs) if vs.len() > 1)
                {
                    return Some(p.span);
                }
                fields
                    .iter()
                    .filter_map(|f| f.pat.as_ref())
                    .find_map(|p| self.refutable(p))
            }
        }
    }

    fn let_stmt(
        &mut self,
        mutable: bool,
        pat: &ast::Pattern,
        ty: Option<&ast::Type>,
        init: &ast::Expr,
    ) {
        self.irrefutable(pat, if mutable { "var" } else { "let" });
        let declared = ty.map(|t| self.ty(t, Pos::Other));
        let init_ty = self.expr(init, declared.as_ref().filter(|t| **t != Ty::Unknown));
        let bty = match declared {
            Some(t) if t != Ty::Unknown => t,
            _ => init_ty,
        };
        let origin = if mutable { Origin::Var } else { Origin::Let };
        self.bind(pat, &bty, origin, mutable);
    }

    /// Bind a pattern's names in the current scope.
    pub fn bind(&mut self, pat: &ast::Pattern, ty: &Ty, origin: Origin, mutable: bool) {
        let mut seen = std::collections::HashMap::new();
        self.pattern(pat, ty, origin, mutable, true, &mut seen);
    }

    pub fn add_binding(
        &mut self,
        id: NodeId,
        name: &ast::Ident,
        ty: &Ty,
        origin: Origin,
        mutable: bool,
    ) {
        self.info.locals.insert(id, ty.clone());
        self.scopes.add(Binding {
            id,
            name: name.name.clone(),
            span: name.span,
            origin,
            mutable,
            ty: ty.clone(),
            used: false,
            mutated: false,
        });
    }

    pub fn fn_cx(&mut self) -> Option<&mut FnCx> {
        self.fns.last_mut()
    }
}
