//! The canonical CNL text of a module (docs/cnl.md): what `aurora2rs translate --to cnl`
//! writes, and what the golden `.cnl` twins are.
//!
//! Layout: one sentence per line, blocks indented 4 spaces after a sentence ending with `:`, a
//! blank line between items (consecutive `Use` sentences excepted) and where the source had a
//! blank line between two statements. Statements use the English templates; expressions are
//! written on one line with operator words (`plus`, `is at least`), and the constructs that
//! have no template inside an expression (an `if` or a block used as an argument, a closure
//! with a block) in the `.aur` escape syntax, spread over lines as in `.aur`. Parentheses
//! appear where the AST has a `Paren` node. Comments are kept: each is printed on its own line
//! before the item or statement it preceded in the source.

use super::literal;
use crate::ast::*;

const OP_WORDS: &[(BinOp, &str)] = &[
    (BinOp::Add, "plus"),
    (BinOp::Sub, "minus"),
    (BinOp::Mul, "times"),
    (BinOp::Div, "divided by"),
    (BinOp::Rem, "modulo"),
    (BinOp::Eq, "is equal to"),
    (BinOp::Ne, "is not equal to"),
    (BinOp::Lt, "is less than"),
    (BinOp::Le, "is at most"),
    (BinOp::Gt, "is greater than"),
    (BinOp::Ge, "is at least"),
    (BinOp::And, "and"),
    (BinOp::Or, "or"),
    (BinOp::BitAnd, "bitand"),
    (BinOp::BitOr, "bitor"),
    (BinOp::BitXor, "bitxor"),
    (BinOp::Shl, "shifted left by"),
    (BinOp::Shr, "shifted right by"),
];

/// The operator word of `op`.
pub fn op_word(op: BinOp) -> &'static str {
    OP_WORDS
        .iter()
        .find(|(o, _)| *o == op)
        .map_or("plus", |(_, w)| w)
}

/// The canonical CNL text of `module`; `source` is the text its spans point into (used for
/// comments, blank lines and literal spellings; any text is safe to pass).
pub fn print_module(module: &Module, source: &str) -> String {
    let mut p = Cnl {
        src: source,
        out: String::new(),
        comments: &module.comments,
        next: 0,
    };
    let mut prev: Option<&Item> = None;
    for item in &module.items {
        if let Some(prev) = prev {
            let both_use =
                matches!(prev.kind, ItemKind::Use(_)) && matches!(item.kind, ItemKind::Use(_));
            if !both_use || p.blank_between(prev.span.end, item.span.start) {
                p.out.push('\n');
            }
        }
        p.comments_before(item.span.start as usize, 0);
        p.item(item);
        prev = Some(item);
    }
    p.comments_before(usize::MAX, 0);
    let trimmed = p.out.trim_end().len();
    p.out.truncate(trimmed);
    if !p.out.is_empty() {
        p.out.push('\n');
    }
    p.out
}

struct Cnl<'a> {
    src: &'a str,
    out: String,
    comments: &'a [Comment],
    next: usize,
}

fn pad(indent: usize) -> String {
    " ".repeat(indent * 4)
}

/// An `if`, `match`, loop, `scope` or `spawn { }`: CNL writes these as sentences with blocks.
fn block_like(e: &Expr) -> bool {
    crate::cnl::is_block_like(e)
}

/// Whether a value is written as `the result of:` and a block: a block-like expression, or a
/// block (unless the block holds just one block-like expression, which would read back as that
/// expression alone; such a block is written inline).
fn value_block(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Block(b) => !matches!(
            b.stmts.as_slice(),
            [Stmt { kind: StmtKind::Expr { expr, semi: false }, .. }] if block_like(expr)
        ),
        _ => block_like(e),
    }
}

impl Cnl<'_> {
    fn line(&mut self, indent: usize, text: &str) {
        self.out.push_str(&pad(indent));
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// Whether the source has a blank line (outside comments) between `a` and `b`.
    fn blank_between(&self, a: u32, b: u32) -> bool {
        let Some(gap) = self.src.get(a as usize..b as usize) else {
            return false;
        };
        let lines: Vec<&str> = gap.split('\n').collect();
        lines.len() >= 3
            && lines[1..lines.len() - 1]
                .iter()
                .any(|l| l.trim().is_empty())
    }

    /// Whether the comment at `start` follows code on its line in the source.
    fn trails_code(&self, start: usize) -> bool {
        let Some(before) = self.src.get(..start) else {
            return false;
        };
        let line = before.rsplit('\n').next().unwrap_or("");
        !line.trim().is_empty()
    }

    /// Print the comments that start before `pos`: one that followed code on its line goes at
    /// the end of the line printed last, the others on lines of their own.
    fn comments_before(&mut self, pos: usize, indent: usize) {
        while let Some(c) = self.comments.get(self.next) {
            let start = c.span.start as usize;
            if start >= pos {
                break;
            }
            let text = c.text.trim_end().to_string();
            self.next += 1;
            if self.trails_code(start) && self.out.ends_with('\n') && !self.out.ends_with("\n\n") {
                self.out.pop();
                self.out.push(' ');
                self.out.push_str(&text);
                self.out.push('\n');
                continue;
            }
            self.line(indent, &text);
            // Keep a blank line that separated the comment from what follows.
            if pos != usize::MAX {
                let next_start = self
                    .comments
                    .get(self.next)
                    .map_or(pos, |n| (n.span.start as usize).min(pos));
                if self.blank_between(c.span.end, next_start as u32) {
                    self.out.push('\n');
                }
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // Items

    fn item(&mut self, item: &Item) {
        match &item.kind {
            ItemKind::Use(u) => {
                let path = idents(&u.path, ".");
                let s = match &u.names {
                    None => format!("Use {path}."),
                    Some(names) if names.is_empty() => format!("Use nothing from {path}."),
                    Some(names) => format!("Use {} from {path}.", idents(names, ", ")),
                };
                self.line(0, &s);
            }
            ItemKind::TaskLocal(c) | ItemKind::Const(c) => {
                let head = match (&item.kind, item.public) {
                    (ItemKind::TaskLocal(_), true) => "Public task-local",
                    (ItemKind::TaskLocal(_), false) => "Task-local",
                    (_, true) => "Public constant",
                    (_, false) => "Constant",
                };
                let s = format!(
                    "{head} {} of type {} is {}.",
                    nm(&c.name.name),
                    ty(&c.ty),
                    self.expr(&c.value, 0)
                );
                self.line(0, &s);
            }
            ItemKind::Fn(f) => self.fn_decl(f, item.public, 0),
            ItemKind::Struct(s) => {
                let head = if item.public {
                    "Public structure"
                } else {
                    "Structure"
                };
                let name = format!("{}{}", nm(&s.name.name), generics(&s.generics));
                if s.fields.is_empty() {
                    self.line(0, &format!("{head} {name} has no fields."));
                } else {
                    self.line(0, &format!("{head} {name} has:"));
                    for f in &s.fields {
                        self.comments_before(f.span.start as usize, 1);
                        self.line(1, &format!("{} of type {}.", nm(&f.name.name), ty(&f.ty)));
                    }
                }
            }
            ItemKind::Enum(e) => {
                let head = if item.public {
                    "Public enumeration"
                } else {
                    "Enumeration"
                };
                let name = format!("{}{}", nm(&e.name.name), generics(&e.generics));
                if e.variants.is_empty() {
                    self.line(0, &format!("{head} {name} has no variants."));
                } else {
                    self.line(0, &format!("{head} {name} has:"));
                    for v in &e.variants {
                        self.comments_before(v.span.start as usize, 1);
                        let s = match &v.fields {
                            VariantFields::Unit => format!("Variant {}.", nm(&v.name.name)),
                            VariantFields::Tuple(ts) if ts.is_empty() => {
                                format!("Variant {} holding nothing.", nm(&v.name.name))
                            }
                            VariantFields::Tuple(ts) => format!(
                                "Variant {} holding {}.",
                                nm(&v.name.name),
                                ts.iter().map(ty).collect::<Vec<_>>().join(", ")
                            ),
                            VariantFields::Struct(fs) if fs.is_empty() => {
                                format!("Variant {} with no fields.", nm(&v.name.name))
                            }
                            VariantFields::Struct(fs) => format!(
                                "Variant {} with {}.",
                                nm(&v.name.name),
                                fs.iter()
                                    .map(|f| format!("{} of type {}", nm(&f.name.name), ty(&f.ty)))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        };
                        self.line(1, &s);
                    }
                }
            }
            ItemKind::Impl(i) => {
                let g = generics(&i.generics);
                if i.methods.is_empty() {
                    self.line(0, &format!("No methods{g} of {}.", ty(&i.target)));
                } else {
                    self.line(0, &format!("Methods{g} of {}:", ty(&i.target)));
                    for (k, m) in i.methods.iter().enumerate() {
                        if k > 0 {
                            self.out.push('\n');
                        }
                        self.comments_before(m.span.start as usize, 1);
                        self.fn_decl(m, false, 1);
                    }
                }
            }
            ItemKind::Test(t) => {
                self.line(0, &format!("Test \"{}\":", literal::escape_text(&t.name)));
                self.block(&t.body, 1, false);
            }
        }
    }

    fn fn_decl(&mut self, f: &FnDecl, public: bool, indent: usize) {
        let mut s = String::from(if public { "Publicly, to " } else { "To " });
        s.push_str(&nm(&f.name.name));
        s.push_str(&generics(&f.generics));
        let mut params: Vec<String> = Vec::new();
        if let Some(sp) = &f.self_param {
            params.push(
                match sp.mode {
                    Mode::Own => "self",
                    Mode::Ref => "ref self",
                    Mode::Mut => "mut self",
                }
                .to_string(),
            );
        }
        for p in &f.params {
            params.push(format!("{} of type {}", nm(&p.name.name), ty(&p.ty)));
        }
        if !params.is_empty() {
            s.push_str(" taking ");
            s.push_str(&params.join(", "));
        }
        if let Some(r) = &f.ret {
            s.push_str(", giving ");
            s.push_str(&ty(r));
        }
        s.push(':');
        self.line(indent, &s);
        self.block(&f.body, indent + 1, f.ret.is_some());
    }

    // -----------------------------------------------------------------------------------------
    // Blocks and statements

    /// `valued`: the block's last statement is the value of something (a function's result,
    /// `the result of:`), so it reads `The result is ...` even when it is a call.
    fn block(&mut self, b: &Block, indent: usize, valued: bool) {
        if b.stmts.is_empty() {
            self.comments_before(b.span.end as usize, indent);
            self.line(indent, "Nothing to do.");
            return;
        }
        let last = b.stmts.len() - 1;
        for (k, s) in b.stmts.iter().enumerate() {
            if k > 0 && self.blank_between(b.stmts[k - 1].span.end, s.span.start) {
                self.out.push('\n');
            }
            self.comments_before(s.span.start as usize, indent);
            self.stmt(s, indent, (k == last).then_some(valued));
        }
    }

    /// `VALUE.` or `the result of:` and the block, after `head` (which ends with a space).
    fn valued(&mut self, indent: usize, head: &str, e: &Expr) {
        if let ExprKind::Closure { params, ret, body } = &e.kind {
            if let ExprKind::Block(b) = &body.kind {
                let mut s = format!("{head}a function");
                let ps: Vec<String> = params
                    .iter()
                    .map(|p| match &p.ty {
                        Some(t) => format!("{} of type {}", nm(&p.name.name), ty(t)),
                        None => nm(&p.name.name),
                    })
                    .collect();
                if !ps.is_empty() {
                    s.push_str(" taking ");
                    s.push_str(&ps.join(", "));
                }
                if let Some(r) = ret {
                    s.push_str(", giving ");
                    s.push_str(&ty(r));
                }
                s.push(':');
                self.line(indent, &s);
                self.block(b, indent + 1, true);
                return;
            }
        }
        if value_block(e) {
            self.line(indent, &format!("{head}the result of:"));
            self.value_body(e, indent + 1);
        } else {
            let v = self.expr(e, indent);
            self.line(indent, &format!("{head}{v}."));
        }
    }

    fn value_body(&mut self, e: &Expr, indent: usize) {
        match &e.kind {
            ExprKind::Block(b) => self.block(b, indent, true),
            _ => self.expr_stmt(e, indent, Some(true)),
        }
    }

    /// `last`: `Some(valued)` for the last statement of a block.
    /// An arm's block: like `the result of:`, but valued only where the `Depending on` is.
    fn arm_body(&mut self, e: &Expr, indent: usize, valued: bool) {
        match &e.kind {
            ExprKind::Block(b) => self.block(b, indent, valued),
            _ => self.expr_stmt(e, indent, Some(valued)),
        }
    }

    fn stmt(&mut self, s: &Stmt, indent: usize, last: Option<bool>) {
        match &s.kind {
            StmtKind::Let {
                mutable: false,
                pat,
                ty: None,
                init,
            } if channel_sentence(pat, init).is_some() => {
                let Some((t, cap, policy, tx, rx)) = channel_sentence(pat, init) else {
                    return;
                };
                let mut line = format!("Make a channel of {}", ty(t));
                if let Some(c) = cap {
                    line.push_str(&format!(" with capacity {}", self.expr(c, indent)));
                }
                if let Some(p) = policy {
                    line.push(' ');
                    line.push_str(p);
                }
                line.push_str(&format!(", sending end {tx}, receiving end {rx}."));
                self.line(indent, &line);
            }
            StmtKind::Let {
                mutable,
                pat,
                ty: t,
                init,
            } => {
                let mut head = format!("Let {}", pattern(pat));
                if let Some(t) = t {
                    head.push_str(" of type ");
                    head.push_str(&ty(t));
                }
                head.push_str(" be ");
                if *mutable {
                    head.push_str("a changeable ");
                }
                if *mutable && value_block(init) {
                    self.line(indent, &format!("{head}result of:"));
                    self.value_body(init, indent + 1);
                } else {
                    self.valued(indent, &head, init);
                }
            }
            StmtKind::Assign { target, op, value } => {
                let t = self.expr(target, indent);
                match op {
                    AssignOp::Assign => self.valued(indent, &format!("Set {t} to "), value),
                    AssignOp::Compound(op) => {
                        let v = self.expr(value, indent);
                        let s = match op {
                            BinOp::Add => format!("Add {v} to {t}."),
                            BinOp::Sub => format!("Subtract {v} from {t}."),
                            BinOp::Mul => format!("Multiply {t} by {v}."),
                            BinOp::Div => format!("Divide {t} by {v}."),
                            op => format!("Apply {} {v} to {t}.", op_word(*op)),
                        };
                        self.line(indent, &s);
                    }
                }
            }
            StmtKind::Expr { expr, semi: true } => {
                let e = self.expr(expr, indent);
                self.line(indent, &format!("Do {e}, ignoring its value."));
            }
            StmtKind::Expr { expr, semi: false } => self.expr_stmt(expr, indent, last),
        }
    }

    /// An expression statement without `;`.
    fn expr_stmt(&mut self, e: &Expr, indent: usize, last: Option<bool>) {
        let valued = last == Some(true);
        match &e.kind {
            ExprKind::If { .. } => self.if_chain(e, indent, "If ", valued),
            ExprKind::While { cond, body } => {
                let c = self.cond(cond, indent);
                self.line(indent, &format!("While {c}:"));
                self.block(body, indent + 1, false);
            }
            ExprKind::For { pat, iter, body } => {
                let i = self.expr(iter, indent);
                self.line(indent, &format!("For each {} in {i}:", pattern(pat)));
                self.block(body, indent + 1, false);
            }
            ExprKind::Loop { body } => {
                self.line(indent, "Repeat forever:");
                self.block(body, indent + 1, false);
            }
            ExprKind::ParFor(pf) => {
                let i = self.expr(&pf.iter, indent);
                let mode = match pf.mode {
                    Mode::Own => "",
                    Mode::Ref => "ref ",
                    Mode::Mut => "mut ",
                };
                let mut head = format!("In parallel, for each {} in {mode}{i}", pattern(&pf.pat));
                for (k, r) in pf.reductions.iter().enumerate() {
                    head.push_str(if k == 0 { ", reducing " } else { ", " });
                    let op = self.reduce_op(&r.op, indent);
                    head.push_str(&format!("{} with {op}", nm(&r.name.name)));
                }
                self.line(indent, &format!("{head}:"));
                self.block(&pf.body, indent + 1, false);
            }
            ExprKind::Match { scrutinee, arms } => {
                let s = self.expr(scrutinee, indent);
                self.line(indent, &format!("Depending on {s}:"));
                for a in arms {
                    self.comments_before(a.span.start as usize, indent + 1);
                    let mut head = format!("When {}", pattern(&a.pat));
                    if let Some(g) = &a.guard {
                        head.push_str(" if ");
                        head.push_str(&self.expr(g, indent + 1));
                    }
                    if value_block(&a.body) {
                        self.line(indent + 1, &format!("{head}:"));
                        self.arm_body(&a.body, indent + 2, valued);
                    } else {
                        let b = self.expr(&a.body, indent + 1);
                        self.line(indent + 1, &format!("{head}, {b}."));
                    }
                }
            }
            ExprKind::Return(None) => self.line(indent, "Return."),
            ExprKind::Return(Some(v)) => self.valued(indent, "Give back ", v),
            ExprKind::Break(None) => self.line(indent, "Leave the loop."),
            ExprKind::Break(Some(v)) => {
                let v = self.expr(v, indent);
                self.line(indent, &format!("Leave the loop with {v}."));
            }
            ExprKind::Continue => self.line(indent, "Go to the next iteration."),
            ExprKind::Cancel => self.line(indent, "Cancel the scope."),
            ExprKind::CancelTask(task) => {
                let t = self.expr(task, indent);
                self.line(indent, &format!("Cancel the task {t}."));
            }
            ExprKind::Close(end) => {
                let end = self.expr(end, indent);
                self.line(indent, &format!("Close {end}."));
            }
            ExprKind::Select { biased, arms } => {
                self.line(
                    indent,
                    if *biased {
                        "Select in order:"
                    } else {
                        "Select:"
                    },
                );
                for a in arms {
                    self.comments_before(a.span.start as usize, indent + 1);
                    let head = match &a.op {
                        SelectOp::Recv { rx, binding } => {
                            let rx = self.expr(rx, indent + 1);
                            match binding {
                                Some(b) => format!("On receiving {} from {rx}", pattern(b)),
                                None => format!("On receiving from {rx}"),
                            }
                        }
                        SelectOp::Send { tx, value } => {
                            let v = self.expr(value, indent + 1);
                            let tx = self.expr(tx, indent + 1);
                            format!("On sending {v} on {tx}")
                        }
                        SelectOp::After(d) => format!("After {}", self.expr(d, indent + 1)),
                        SelectOp::Default => "If nothing is ready".to_string(),
                    };
                    if value_block(&a.body) {
                        self.line(indent + 1, &format!("{head}:"));
                        self.arm_body(&a.body, indent + 2, valued);
                    } else {
                        let b = self.expr(&a.body, indent + 1);
                        self.line(indent + 1, &format!("{head}, {b}."));
                    }
                }
            }
            ExprKind::Yield => self.line(indent, "Let others run."),
            ExprKind::Block(b) => {
                self.line(indent, "Do the following:");
                self.block(b, indent + 1, valued);
            }
            ExprKind::Scope(b) => {
                self.line(indent, "In a scope:");
                self.block(b, indent + 1, valued);
            }
            ExprKind::SupervisorScope(b) => {
                self.line(indent, "In a supervisor scope:");
                self.block(b, indent + 1, false);
            }
            ExprKind::With {
                target,
                value,
                body,
            } => {
                let t = self.expr(target, indent);
                let v = self.expr(value, indent);
                self.line(indent, &format!("With {t} bound to {v}:"));
                self.block(body, indent + 1, valued);
            }
            ExprKind::TimedScope { timeout, body } => {
                let t = self.expr(timeout, indent);
                self.line(indent, &format!("In a scope with a timeout of {t}:"));
                self.block(body, indent + 1, valued);
            }
            ExprKind::DeadlineScope { deadline, body } => {
                let t = self.expr(deadline, indent);
                self.line(indent, &format!("In a scope with a deadline at {t}:"));
                self.block(body, indent + 1, valued);
            }
            ExprKind::Guard {
                kind,
                target,
                binding,
                body,
            } => {
                let word = match kind {
                    GuardKind::Lock => "Lock",
                    GuardKind::Read => "Read",
                    GuardKind::Write => "Write",
                };
                let t = self.expr(target, indent);
                let v = &binding.name.name;
                self.line(indent, &format!("{word} {t} as {v}:"));
                self.block(body, indent + 1, valued);
            }
            ExprKind::Spawn(task) if matches!(task.kind, ExprKind::Block(_)) => {
                let ExprKind::Block(b) = &task.kind else {
                    return;
                };
                self.line(indent, "Start a task:");
                self.block(b, indent + 1, true);
            }
            ExprKind::Call { .. } if builtin_sentence(e).is_some() => {
                let Some((name, args)) = builtin_sentence(e) else {
                    return;
                };
                let first = self.expr(&args[0].value, indent);
                let s = match (name, args.get(1)) {
                    ("print", _) => format!("Print {first}."),
                    ("sleep", _) => format!("Wait for {first}."),
                    (_, None) => format!("Check that {first}."),
                    (_, Some(m)) => {
                        let m = self.expr(&m.value, indent);
                        format!("Check that {first}, failing with {m}.")
                    }
                };
                self.line(indent, &s);
            }
            ExprKind::MethodCall {
                receiver,
                method,
                generics,
                args,
            } if !valued
                && method.name == "send"
                && generics.is_empty()
                && matches!(args.as_slice(), [a] if a.mode == Mode::Own && a.name.is_none()) =>
            {
                let v = self.expr(&args[0].value, indent);
                let r = self.expr(receiver, indent);
                self.line(indent, &format!("Send {v} on {r}."));
            }
            ExprKind::MethodCall { .. } if !valued && atomic_sentence(e).is_some() => {
                let Some((word, target, value, order)) = atomic_sentence(e) else {
                    return;
                };
                let t = self.expr(target, indent);
                let v = self.expr(value, indent);
                let s = match word {
                    "add" => format!("Atomically add {v} to {t} with {order} ordering."),
                    "subtract" => {
                        format!("Atomically subtract {v} from {t} with {order} ordering.")
                    }
                    _ => format!("Atomically store {v} in {t} with {order} ordering."),
                };
                self.line(indent, &s);
            }
            ExprKind::Call { .. } | ExprKind::MethodCall { .. } if !valued => {
                let v = self.expr(e, indent);
                self.line(indent, &format!("Do {v}."));
            }
            _ if last.is_some() => self.valued(indent, "The result is ", e),
            _ => {
                let v = self.expr(e, indent);
                self.line(indent, &format!("Do {v}."));
            }
        }
    }

    fn if_chain(&mut self, e: &Expr, indent: usize, head: &str, valued: bool) {
        let ExprKind::If { cond, then, else_ } = &e.kind else {
            return;
        };
        let c = self.cond(cond, indent);
        self.line(indent, &format!("{head}{c}:"));
        self.block(then, indent + 1, valued);
        match else_.as_deref() {
            None => {}
            Some(Expr {
                kind: ExprKind::If { .. },
                ..
            }) => {
                if let Some(el) = else_ {
                    self.comments_before(el.span.start as usize, indent);
                    self.if_chain(el, indent, "Otherwise, if ", valued);
                }
            }
            Some(Expr {
                kind: ExprKind::Block(b),
                span,
                ..
            }) => {
                self.comments_before(span.start as usize, indent);
                self.line(indent, "Otherwise:");
                self.block(b, indent + 1, valued);
            }
            Some(other) => {
                // Not produced by either parser; written so that it still reads back.
                self.line(indent, "Otherwise:");
                self.valued(indent + 1, "The result is ", other);
            }
        }
    }

    fn cond(&mut self, c: &Cond, indent: usize) -> String {
        match c {
            Cond::Expr(e) => self.expr(e, indent),
            Cond::Let { pat, expr } => {
                format!("{} matches {}", self.expr(expr, indent), pattern(pat))
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // Expressions (on one line, with operator words; `.aur` syntax for what has no words)

    fn exprs(&mut self, es: &[Expr], indent: usize) -> String {
        es.iter()
            .map(|e| self.expr(e, indent))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn args(&mut self, args: &[Arg], indent: usize) -> String {
        args.iter()
            .map(|a| {
                let mut s = String::new();
                if let Some(n) = &a.name {
                    s.push_str(&n.name);
                    s.push_str(": ");
                }
                match a.mode {
                    Mode::Own => {}
                    Mode::Ref => s.push_str("ref "),
                    Mode::Mut => s.push_str("mut "),
                }
                s.push_str(&self.expr(&a.value, indent));
                s
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn expr(&mut self, e: &Expr, indent: usize) -> String {
        match &e.kind {
            ExprKind::Lit(l) => self.lit(l, e.span),
            ExprKind::Name(n) => nm(&n.name),
            ExprKind::Tuple(es) if es.len() == 1 => format!("({},)", self.expr(&es[0], indent)),
            ExprKind::Tuple(es) => format!("({})", self.exprs(es, indent)),
            ExprKind::List(es) => format!("[{}]", self.exprs(es, indent)),
            ExprKind::ListRepeat { value, count } => format!(
                "[{}; {}]",
                self.expr(value, indent),
                self.expr(count, indent)
            ),
            ExprKind::Map(kvs) if kvs.is_empty() => "[:]".to_string(),
            ExprKind::Map(kvs) => {
                let parts: Vec<String> = kvs
                    .iter()
                    .map(|(k, v)| format!("{}: {}", self.expr(k, indent), self.expr(v, indent)))
                    .collect();
                format!("[{}]", parts.join(", "))
            }
            ExprKind::StructLit { path, fields } => {
                let fs: Vec<String> = fields
                    .iter()
                    .map(|f| match &f.value {
                        Some(v) => format!("{}: {}", nm(&f.name.name), self.expr(v, indent)),
                        None => nm(&f.name.name),
                    })
                    .collect();
                if fs.is_empty() {
                    format!("{} {{}}", idents(path, "."))
                } else {
                    format!("{} {{ {} }}", idents(path, "."), fs.join(", "))
                }
            }
            ExprKind::Paren(inner) => format!("({})", self.expr(inner, indent)),
            ExprKind::Field { base, name } => format!("{}.{}", self.expr(base, indent), name.name),
            ExprKind::Call {
                callee,
                generics,
                args,
            } => format!(
                "{}{}({})",
                self.expr(callee, indent),
                ty_args(generics),
                self.args(args, indent)
            ),
            ExprKind::MethodCall {
                receiver,
                method,
                generics,
                args,
            } => format!(
                "{}.{}{}({})",
                self.expr(receiver, indent),
                method.name,
                ty_args(generics),
                self.args(args, indent)
            ),
            ExprKind::Index { base, index } => {
                format!("{}[{}]", self.expr(base, indent), self.expr(index, indent))
            }
            ExprKind::Unary { op, expr } => {
                let word = match op {
                    UnOp::Neg => "minus",
                    UnOp::Not => "not",
                };
                format!("{word} {}", self.expr(expr, indent))
            }
            ExprKind::Spawn(task) => format!("spawn {}", self.expr(task, indent)),
            ExprKind::Par(x) => format!("par {}", self.expr(x, indent)),
            ExprKind::Join(task) => format!("join {}", self.expr(task, indent)),
            ExprKind::CancelTask(task) => format!("cancel {}", self.expr(task, indent)),
            ExprKind::Scope(b) => format!("scope {}", self.aur_block(b, indent)),
            ExprKind::SupervisorScope(b) => {
                format!("supervisor scope {}", self.aur_block(b, indent))
            }
            ExprKind::With {
                target,
                value,
                body,
            } => format!(
                "with {} = {} {}",
                self.expr(target, indent),
                self.expr(value, indent),
                self.aur_block(body, indent)
            ),
            ExprKind::TimedScope { timeout, body } => format!(
                "scope(timeout: {}) {}",
                self.expr(timeout, indent),
                self.aur_block(body, indent)
            ),
            ExprKind::DeadlineScope { deadline, body } => format!(
                "scope(deadline: {}) {}",
                self.expr(deadline, indent),
                self.aur_block(body, indent)
            ),
            ExprKind::Guard {
                kind,
                target,
                binding,
                body,
            } => format!(
                "{} {} as {} {}",
                kind.word(),
                self.expr(target, indent),
                binding.name.name,
                self.aur_block(body, indent)
            ),
            ExprKind::Binary { op, lhs, rhs } => format!(
                "{} {} {}",
                self.expr(lhs, indent),
                op_word(*op),
                self.expr(rhs, indent)
            ),
            ExprKind::Cast { expr, ty: t } => format!("{} as {}", self.expr(expr, indent), ty(t)),
            ExprKind::Range {
                start,
                end,
                inclusive,
            } => {
                let word = if *inclusive {
                    "up to and including"
                } else {
                    "up to"
                };
                let mut s = String::new();
                if let Some(a) = start {
                    s.push_str(&self.expr(a, indent));
                    s.push(' ');
                }
                s.push_str(word);
                if let Some(b) = end {
                    s.push(' ');
                    s.push_str(&self.expr(b, indent));
                }
                s
            }
            ExprKind::Try(inner) => format!("{}?", self.expr(inner, indent)),
            ExprKind::Closure { params, ret, body } => {
                let ps: Vec<String> = params
                    .iter()
                    .map(|p| match &p.ty {
                        Some(t) => format!("{}: {}", nm(&p.name.name), ty(t)),
                        None => nm(&p.name.name),
                    })
                    .collect();
                let head = if ps.is_empty() {
                    "||".to_string()
                } else {
                    format!("|{}|", ps.join(", "))
                };
                match ret {
                    Some(r) => format!("{head} -> {} {}", ty(r), self.expr(body, indent)),
                    None => format!("{head} {}", self.expr(body, indent)),
                }
            }
            ExprKind::Block(b) => self.aur_block(b, indent),
            ExprKind::If { cond, then, else_ } => {
                let mut s = format!(
                    "if {} {}",
                    self.aur_cond(cond, indent),
                    self.aur_block(then, indent)
                );
                if let Some(el) = else_ {
                    s.push_str(" else ");
                    s.push_str(&self.expr(el, indent));
                }
                s
            }
            ExprKind::While { cond, body } => format!(
                "while {} {}",
                self.aur_cond(cond, indent),
                self.aur_block(body, indent)
            ),
            ExprKind::For { pat, iter, body } => format!(
                "for {} in {} {}",
                pattern(pat),
                self.expr(iter, indent),
                self.aur_block(body, indent)
            ),
            ExprKind::Loop { body } => format!("loop {}", self.aur_block(body, indent)),
            ExprKind::ParFor(pf) => {
                let mode = match pf.mode {
                    Mode::Own => "",
                    Mode::Ref => "ref ",
                    Mode::Mut => "mut ",
                };
                let mut s = format!(
                    "par for {} in {mode}{}",
                    pattern(&pf.pat),
                    self.expr(&pf.iter, indent)
                );
                if !pf.reductions.is_empty() {
                    let rs: Vec<String> = pf
                        .reductions
                        .iter()
                        .map(|r| match &r.op {
                            ReduceOp::Fn { func, identity } => format!(
                                "{}: {}, identity: {}",
                                nm(&r.name.name),
                                self.expr(func, indent),
                                self.expr(identity, indent)
                            ),
                            op => {
                                format!("{}: {}", nm(&r.name.name), op.word().unwrap_or_default())
                            }
                        })
                        .collect();
                    s.push_str(&format!(" reduce({})", rs.join(", ")));
                }
                s.push(' ');
                s.push_str(&self.aur_block(&pf.body, indent));
                s
            }
            ExprKind::Match { scrutinee, arms } => {
                let mut s = format!("match {} {{\n", self.expr(scrutinee, indent));
                for a in arms {
                    s.push_str(&pad(indent + 1));
                    s.push_str(&pattern(&a.pat));
                    if let Some(g) = &a.guard {
                        s.push_str(" if ");
                        s.push_str(&self.expr(g, indent + 1));
                    }
                    s.push_str(" => ");
                    s.push_str(&self.expr(&a.body, indent + 1));
                    s.push('\n');
                }
                s.push_str(&pad(indent));
                s.push('}');
                s
            }
            ExprKind::Break(v) => match v {
                Some(v) => format!("break {}", self.expr(v, indent)),
                None => "break".to_string(),
            },
            ExprKind::Continue => "continue".to_string(),
            ExprKind::Cancel => "cancel".to_string(),
            ExprKind::Close(end) => format!("close {}", self.expr(end, indent)),
            ExprKind::Select { biased, arms } => {
                let mut s = if *biased {
                    "select biased {\n"
                } else {
                    "select {\n"
                }
                .to_string();
                for a in arms {
                    s.push_str(&pad(indent + 1));
                    match &a.op {
                        SelectOp::Recv { rx, binding } => {
                            s.push_str(&format!("recv({})", self.expr(rx, indent + 1)));
                            if let Some(b) = binding {
                                s.push_str(&format!(" -> {}", pattern(b)));
                            }
                        }
                        SelectOp::Send { tx, value } => s.push_str(&format!(
                            "send({}, {})",
                            self.expr(tx, indent + 1),
                            self.expr(value, indent + 1)
                        )),
                        SelectOp::After(d) => {
                            s.push_str(&format!("after({})", self.expr(d, indent + 1)))
                        }
                        SelectOp::Default => s.push_str("default"),
                    }
                    s.push_str(" => ");
                    s.push_str(&self.expr(&a.body, indent + 1));
                    s.push('\n');
                }
                s.push_str(&pad(indent));
                s.push('}');
                s
            }
            ExprKind::Yield => "yield".to_string(),
            ExprKind::Return(v) => match v {
                Some(v) => format!("return {}", self.expr(v, indent)),
                None => "return".to_string(),
            },
        }
    }

    /// A reduction's operator in a sentence: `plus`, `times`, `min`, `max`, `and`, `or`, or
    /// `FUNCTION starting from IDENTITY`.
    fn reduce_op(&mut self, op: &ReduceOp, indent: usize) -> String {
        match op {
            ReduceOp::Add => "plus".to_string(),
            ReduceOp::Mul => "times".to_string(),
            ReduceOp::And => "and".to_string(),
            ReduceOp::Or => "or".to_string(),
            ReduceOp::Min => "min".to_string(),
            ReduceOp::Max => "max".to_string(),
            ReduceOp::Fn { func, identity } => format!(
                "{} starting from {}",
                self.expr(func, indent),
                self.expr(identity, indent)
            ),
        }
    }

    fn aur_cond(&mut self, c: &Cond, indent: usize) -> String {
        match c {
            Cond::Expr(e) => self.expr(e, indent),
            Cond::Let { pat, expr } => {
                format!("let {} = {}", pattern(pat), self.expr(expr, indent))
            }
        }
    }

    /// A block inside an expression, in `.aur` syntax over several lines.
    fn aur_block(&mut self, b: &Block, indent: usize) -> String {
        if b.stmts.is_empty() {
            return "{}".to_string();
        }
        let mut s = String::from("{\n");
        for st in &b.stmts {
            s.push_str(&pad(indent + 1));
            match &st.kind {
                StmtKind::Let {
                    mutable,
                    pat,
                    ty: t,
                    init,
                } => {
                    s.push_str(if *mutable { "var " } else { "let " });
                    s.push_str(&pattern(pat));
                    if let Some(t) = t {
                        s.push_str(": ");
                        s.push_str(&ty(t));
                    }
                    s.push_str(" = ");
                    s.push_str(&self.expr(init, indent + 1));
                }
                StmtKind::Assign { target, op, value } => {
                    let op = match op {
                        AssignOp::Assign => "=".to_string(),
                        AssignOp::Compound(op) => format!("{}=", op.symbol()),
                    };
                    s.push_str(&format!(
                        "{} {op} {}",
                        self.expr(target, indent + 1),
                        self.expr(value, indent + 1)
                    ));
                }
                StmtKind::Expr { expr, semi } => {
                    s.push_str(&self.expr(expr, indent + 1));
                    if *semi {
                        s.push(';');
                    }
                }
            }
            s.push('\n');
        }
        s.push_str(&pad(indent));
        s.push('}');
        s
    }

    fn lit(&mut self, l: &Lit, span: crate::Span) -> String {
        let src = self.src;
        let text = src.get(span.range());
        match l {
            Lit::Int(v) => literal::int(text, *v),
            Lit::Float(f) => literal::float(text, f),
            Lit::Bool(b) => b.to_string(),
            Lit::Char(c) => literal::char_lit(text, *c),
            Lit::None => "none".to_string(),
            Lit::Duration(d) => d.text.clone(),
            Lit::Str(parts) => {
                let raw = literal::source_texts(text, parts);
                let mut s = String::from("\"");
                for (k, part) in parts.iter().enumerate() {
                    match part {
                        StrPart::Text(t) => {
                            match raw.as_ref().and_then(|r| r.get(k)).and_then(|r| r.clone()) {
                                Some(r) => s.push_str(&r),
                                None => s.push_str(&literal::escape_text(t)),
                            }
                        }
                        StrPart::Interp { expr, spec } => {
                            s.push('{');
                            s.push_str(&self.expr(expr, 0));
                            if let Some(spec) = spec {
                                s.push(':');
                                s.push_str(spec);
                            }
                            s.push('}');
                        }
                    }
                }
                s.push('"');
                s
            }
        }
    }
}

/// `print(x)`, `assert(c)` and `assert(c, message)` with plain arguments have sentences of
/// their own (`Print`, `Check that`): the function's name and the arguments.
fn builtin_sentence(e: &Expr) -> Option<(&'static str, &[Arg])> {
    let ExprKind::Call {
        callee,
        generics,
        args,
    } = &e.kind
    else {
        return None;
    };
    let ExprKind::Name(n) = &callee.kind else {
        return None;
    };
    let plain = generics.is_empty() && args.iter().all(|a| a.mode == Mode::Own && a.name.is_none());
    match (n.name.as_str(), args.len()) {
        ("print", 1) if plain => Some(("print", args)),
        ("assert", 1 | 2) if plain => Some(("assert", args)),
        ("sleep", 1) if plain => Some(("sleep", args)),
        _ => None,
    }
}

/// A name; one that is an operator word is written in backquotes (`` `plus` ``).
fn nm(name: &str) -> String {
    if crate::cnl::mask::is_operator_word(name) {
        format!("`{name}`")
    } else {
        name.to_string()
    }
}

fn idents(ids: &[Ident], sep: &str) -> String {
    ids.iter()
        .map(|i| i.name.as_str())
        .collect::<Vec<_>>()
        .join(sep)
}

fn generics(gs: &[GenericParam]) -> String {
    if gs.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = gs
        .iter()
        .map(|g| {
            if g.bounds.is_empty() {
                g.name.name.clone()
            } else {
                format!("{}: {}", nm(&g.name.name), idents(&g.bounds, " + "))
            }
        })
        .collect();
    format!("[{}]", parts.join(", "))
}

/// The parts of `let (tx, rx) = channel[T](capacity: n, overflow: p)` that its CNL sentence
/// names: the type, the capacity, the policy's words and the two names.
type ChannelParts<'e> = (
    &'e Type,
    Option<&'e Expr>,
    Option<&'static str>,
    &'e str,
    &'e str,
);

fn channel_sentence<'e>(pat: &'e Pattern, init: &'e Expr) -> Option<ChannelParts<'e>> {
    let PatternKind::Tuple(ps) = &pat.kind else {
        return None;
    };
    let bound = |p: &'e Pattern| match &p.kind {
        PatternKind::Bind {
            name,
            mutable: false,
        } => Some(name.name.as_str()),
        _ => None,
    };
    let [tx, rx] = ps.as_slice() else {
        return None;
    };
    let (tx, rx) = (bound(tx)?, bound(rx)?);
    let ExprKind::Call {
        callee,
        generics,
        args,
    } = &init.kind
    else {
        return None;
    };
    let (ExprKind::Name(c), [t]) = (&callee.kind, generics.as_slice()) else {
        return None;
    };
    if c.name != "channel" || args.iter().any(|a| a.mode != Mode::Own) {
        return None;
    }
    let arg_name = |a: &'e Arg| a.name.as_ref().map(|n| n.name.as_str());
    let (cap, policy) = match args.as_slice() {
        [] => (None, None),
        [c] if arg_name(c) == Some("capacity") => (Some(&c.value), None),
        [c, p] if arg_name(c) == Some("capacity") && arg_name(p) == Some("overflow") => {
            let words = match &p.value.kind {
                ExprKind::Name(w) if w.name == "drop_oldest" => "dropping the oldest when full",
                ExprKind::Name(w) if w.name == "drop_newest" => "dropping the newest when full",
                ExprKind::Name(w) if w.name == "block" => "blocking when full",
                _ => return None,
            };
            (Some(&c.value), Some(words))
        }
        _ => return None,
    };
    Some((t, cap, policy, tx, rx))
}

fn ty_args(ts: &[Type]) -> String {
    if ts.is_empty() {
        String::new()
    } else {
        format!("[{}]", ts.iter().map(ty).collect::<Vec<_>>().join(", "))
    }
}

/// A type, in `.aur` syntax.
fn ty(t: &Type) -> String {
    match &t.kind {
        TypeKind::Named { path, args } => format!("{}{}", idents(path, "."), ty_args(args)),
        TypeKind::List(inner) => format!("[{}]", ty(inner)),
        TypeKind::Tuple(ts) if ts.len() == 1 => format!("({},)", ty(&ts[0])),
        TypeKind::Tuple(ts) => format!("({})", ts.iter().map(ty).collect::<Vec<_>>().join(", ")),
        TypeKind::Option(inner) if matches!(inner.kind, TypeKind::Wrapped { .. }) => {
            format!("({})?", ty(inner))
        }
        TypeKind::Option(inner) => format!("{}?", ty(inner)),
        TypeKind::Wrapped { wrapper, inner } => format!("{} {}", wrapper.word(), ty(inner)),
        TypeKind::Fn { params, ret } => {
            let ps = params.iter().map(ty).collect::<Vec<_>>().join(", ");
            match &ret.kind {
                TypeKind::Tuple(ts) if ts.is_empty() => format!("fn({ps})"),
                _ => format!("fn({ps}) -> {}", ty(ret)),
            }
        }
        TypeKind::Qualified { mode, inner } => {
            let m = match mode {
                Mode::Own => "own",
                Mode::Ref => "ref",
                Mode::Mut => "mut",
            };
            format!("{m} {}", ty(inner))
        }
    }
}

/// A pattern, in `.aur` syntax.
fn pattern(p: &Pattern) -> String {
    match &p.kind {
        PatternKind::Wild => "_".to_string(),
        PatternKind::Bind { name, mutable } => {
            if *mutable {
                format!("var {}", name.name)
            } else {
                nm(&name.name)
            }
        }
        PatternKind::Lit { lit, negative } => {
            let s = match lit {
                Lit::Int(v) => v.to_string(),
                Lit::Float(f) => f.clone(),
                Lit::Bool(b) => b.to_string(),
                Lit::Char(c) => literal::char_lit(None, *c),
                Lit::None => "none".to_string(),
                Lit::Duration(d) => d.text.clone(),
                Lit::Str(parts) => {
                    let mut s = String::from("\"");
                    for part in parts {
                        if let StrPart::Text(t) = part {
                            s.push_str(&literal::escape_text(t));
                        }
                    }
                    s.push('"');
                    s
                }
            };
            if *negative {
                format!("-{s}")
            } else {
                s
            }
        }
        PatternKind::Range { lo, hi, inclusive } => format!(
            "{}{}{}",
            pattern(lo),
            if *inclusive { "..=" } else { ".." },
            pattern(hi)
        ),
        PatternKind::Tuple(ps) if ps.len() == 1 => format!("({},)", pattern(&ps[0])),
        PatternKind::Tuple(ps) => format!("({})", patterns(ps)),
        PatternKind::Variant { path, args } => match args {
            None => idents(path, "."),
            Some(a) => format!("{}({})", idents(path, "."), patterns(a)),
        },
        PatternKind::Struct { path, fields, rest } => {
            let mut fs: Vec<String> = fields
                .iter()
                .map(|f| match &f.pat {
                    Some(p) => format!("{}: {}", nm(&f.name.name), pattern(p)),
                    None => nm(&f.name.name),
                })
                .collect();
            if *rest {
                fs.push("..".to_string());
            }
            if fs.is_empty() {
                format!("{} {{}}", idents(path, "."))
            } else {
                format!("{} {{ {} }}", idents(path, "."), fs.join(", "))
            }
        }
        PatternKind::Or(ps) => ps.iter().map(pattern).collect::<Vec<_>>().join(" | "),
    }
}

fn patterns(ps: &[Pattern]) -> String {
    ps.iter().map(pattern).collect::<Vec<_>>().join(", ")
}

/// `a.add(v, order: o)`, `a.sub(v, order: o)`, `a.store(v, order: o)` as a statement: the
/// sentence's verb, the atomic, the value and the ordering word. Only the form with a written
/// ordering reads as `Atomically ...` (the sentence always names one).
fn atomic_sentence(e: &Expr) -> Option<(&'static str, &Expr, &Expr, &str)> {
    let ExprKind::MethodCall {
        receiver,
        method,
        generics,
        args,
    } = &e.kind
    else {
        return None;
    };
    let word = match method.name.as_str() {
        "add" => "add",
        "sub" => "subtract",
        "store" => "store",
        _ => return None,
    };
    let [value, order] = args.as_slice() else {
        return None;
    };
    let plain = |a: &Arg| a.mode == Mode::Own;
    let ExprKind::Name(o) = &order.value.kind else {
        return None;
    };
    let labelled = order.name.as_ref().is_some_and(|n| n.name == "order");
    (generics.is_empty() && value.name.is_none() && plain(value) && plain(order) && labelled)
        .then_some((word, &**receiver, &value.value, o.name.as_str()))
}
