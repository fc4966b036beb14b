//! The canonical `.aur` text of a module: what `aurora2rs fmt` writes.
//!
//! Layout: 4-space indentation, one statement (item, arm, field, variant) per line, no `;`
//! except a written one that ends an expression statement (it changes the block's value), `{`
//! on the line of its construct, one space around binary operators and after `,` and `:`, none
//! around `..`/`..=`. Match arms, `impl` bodies and blocks with more than one statement are
//! always one per line. Whether a block with one statement, a struct literal, or a list of
//! fields, variants, parameters, arguments or elements is on one line or one per line follows
//! the source: it is broken when the source breaks the line right after its opening bracket
//! (lists of elements then get a trailing comma; fields, variants and struct-literal fields are
//! separated by newlines alone). A method chain keeps a break before `.name`, and a binary
//! expression a break after its operator; continuation lines are indented one level. There is
//! no width limit: a line that was long stays long. Literals keep their spelling where it
//! still denotes the same value (see [`super::literal`]). Parentheses are printed where the
//! AST has a `Paren` node, and added only where the tree could not be read back otherwise.
//! Comments: see [`super::layout`].

use super::layout::{lines, Layout};
use super::literal;
use crate::ast::*;

/// The canonical `.aur` text of `module`; `source` is the text its spans point into (used for
/// comments, blank lines, literal spellings and line breaks; any text is safe to pass).
pub fn print_module(module: &Module, source: &str) -> String {
    let mut p = Aur {
        l: Layout::new(source, &module.comments),
    };
    p.l.hints = is_aur_text(module, source);
    let end = source.len();
    lines(
        &mut p,
        0,
        &module.items,
        (0, end),
        |i| span(i.span),
        |p, item, _| p.item(item),
    );
    p.l.rest();
    let mut out = p.l.out;
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// Whether `source` is `.aur` text (its first item starts with a keyword of `.aur`), whose line
/// breaks are layout hints; text of another surface (CNL) is used only for comments, blank
/// lines and literal spellings, and the layout is the house style's default.
fn is_aur_text(module: &Module, source: &str) -> bool {
    let Some(first) = module.items.first() else {
        return true;
    };
    let text = source.get(first.span.start as usize..).unwrap_or("");
    let word = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .next()
        .unwrap_or("");
    matches!(
        word,
        "use" | "const" | "fn" | "struct" | "enum" | "impl" | "test" | "pub"
    )
}

struct Aur<'a> {
    l: Layout<'a>,
}

impl<'a> AsMut<Layout<'a>> for Aur<'a> {
    fn as_mut(&mut self) -> &mut Layout<'a> {
        &mut self.l
    }
}

fn span(s: crate::Span) -> (usize, usize) {
    (s.start as usize, s.end as usize)
}

/// Binding power, loosest first; `OPEN` for expressions that extend as far right as they can
/// (closures, `return x`, `break x`), `POSTFIX` for postfix and primary expressions.
const OPEN: u8 = 0;
const RANGE: u8 = 1;
const CAST: u8 = 11;
const PREFIX: u8 = 12;
const POSTFIX: u8 = 13;

fn bin_prec(op: BinOp) -> u8 {
    match op {
        BinOp::Or => 2,
        BinOp::And => 3,
        BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => 4,
        BinOp::BitOr => 5,
        BinOp::BitXor => 6,
        BinOp::BitAnd => 7,
        BinOp::Shl | BinOp::Shr => 8,
        BinOp::Add | BinOp::Sub => 9,
        BinOp::Mul | BinOp::Div | BinOp::Rem => 10,
    }
}

fn prec(e: &Expr) -> u8 {
    match &e.kind {
        ExprKind::Range { .. } => RANGE,
        ExprKind::Binary { op, .. } => bin_prec(*op),
        ExprKind::Cast { .. } => CAST,
        ExprKind::Unary { .. }
        | ExprKind::Spawn(_)
        | ExprKind::Join(_)
        | ExprKind::CancelTask(_)
        | ExprKind::Par(_) => PREFIX,
        ExprKind::Closure { .. } | ExprKind::Return(Some(_)) | ExprKind::Break(Some(_)) => OPEN,
        _ => POSTFIX,
    }
}

/// Whether `e` ends in an expression that would swallow what follows it (`|x| x`, `return x`,
/// `a..`), so it needs parentheses anywhere but at the right end.
fn ends_open(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Closure { .. } | ExprKind::Return(_) | ExprKind::Break(_) => true,
        ExprKind::Binary { rhs, .. } => ends_open(rhs),
        ExprKind::Unary { expr, .. }
        | ExprKind::Spawn(expr)
        | ExprKind::Join(expr)
        | ExprKind::CancelTask(expr)
        | ExprKind::Par(expr) => ends_open(expr),
        ExprKind::Range { end: Some(end), .. } => ends_open(end),
        ExprKind::Range { end: None, .. } => true,
        _ => false,
    }
}

/// Whether `e` has a struct literal or bare block outside any bracket, which the condition of
/// `if`/`while`, a `match` scrutinee or a `for` iterable cannot hold without parentheses.
fn needs_ns_parens(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::StructLit { .. }
        | ExprKind::Block(_)
        | ExprKind::Scope(_)
        | ExprKind::SupervisorScope(_)
        | ExprKind::With { .. }
        | ExprKind::TimedScope { .. }
        | ExprKind::DeadlineScope { .. }
        | ExprKind::Guard { .. } => true,
        ExprKind::Binary { lhs, rhs, .. } => needs_ns_parens(lhs) || needs_ns_parens(rhs),
        ExprKind::Unary { expr, .. }
        | ExprKind::Spawn(expr)
        | ExprKind::Join(expr)
        | ExprKind::CancelTask(expr)
        | ExprKind::Par(expr)
        | ExprKind::Cast { expr, .. }
        | ExprKind::Try(expr)
        | ExprKind::Field { base: expr, .. }
        | ExprKind::Index { base: expr, .. }
        | ExprKind::MethodCall { receiver: expr, .. }
        | ExprKind::Call { callee: expr, .. }
        | ExprKind::Closure { body: expr, .. }
        | ExprKind::Return(Some(expr))
        | ExprKind::Break(Some(expr)) => needs_ns_parens(expr),
        ExprKind::Range { start, end, .. } => {
            start.as_deref().is_some_and(needs_ns_parens)
                || end.as_deref().is_some_and(needs_ns_parens)
        }
        _ => false,
    }
}

fn mode_prefix(m: Mode) -> &'static str {
    match m {
        Mode::Own => "",
        Mode::Ref => "ref ",
        Mode::Mut => "mut ",
    }
}

fn path(p: &[Ident]) -> String {
    p.iter()
        .map(|i| i.name.as_str())
        .collect::<Vec<_>>()
        .join(".")
}

impl Aur<'_> {
    fn w(&mut self, s: &str) {
        self.l.write(s);
    }

    fn text(&self, s: crate::Span) -> Option<&str> {
        self.l.src.get(s.start as usize..s.end as usize)
    }

    // -----------------------------------------------------------------------------------------
    // Items

    fn item(&mut self, item: &Item) {
        if item.public {
            self.w("pub ");
        }
        match &item.kind {
            ItemKind::Use(u) => {
                self.w("use ");
                self.w(&path(&u.path));
                if let Some(names) = &u.names {
                    self.w(".{");
                    self.w(&path_list(names));
                    self.w("}");
                }
            }
            ItemKind::TaskLocal(c) => {
                self.w("task_local ");
                self.w(&c.name.name);
                self.w(": ");
                self.ty(&c.ty);
                self.w(" = ");
                self.expr(&c.value);
            }
            ItemKind::Const(c) => {
                self.w("const ");
                self.w(&c.name.name);
                self.w(": ");
                self.ty(&c.ty);
                self.w(" = ");
                self.expr(&c.value);
            }
            ItemKind::Fn(f) => self.fn_decl(f),
            ItemKind::Struct(s) => {
                self.w("struct ");
                self.w(&s.name.name);
                self.generics(&s.generics);
                self.w(" ");
                let end = item.span.end as usize;
                self.fields(&s.fields, s.name.span.end as usize, end, true);
            }
            ItemKind::Enum(e) => {
                self.w("enum ");
                self.w(&e.name.name);
                self.generics(&e.generics);
                self.w(" ");
                let from = e.name.span.end as usize;
                let end = item.span.end as usize;
                let broken = match e.variants.first() {
                    Some(_) if !self.l.hints => true,
                    Some(v) => self.l.broken_after('{', from, v.span.start as usize),
                    None => self.l.has_comment_in(from, end),
                };
                if broken {
                    self.w("{");
                    self.open_trailing('{', from, end);
                    lines(
                        self,
                        1,
                        &e.variants,
                        (from, end),
                        |v| span(v.span),
                        |p, v, _| p.variant(v),
                    );
                    self.w("}");
                } else {
                    self.w("{");
                    for (i, v) in e.variants.iter().enumerate() {
                        self.w(if i == 0 { " " } else { ", " });
                        self.variant(v);
                    }
                    self.w(if e.variants.is_empty() { "}" } else { " }" });
                }
            }
            ItemKind::Impl(i) => {
                self.w("impl");
                self.generics(&i.generics);
                self.w(" ");
                self.ty(&i.target);
                self.w(" {");
                let from = i.target.span.end as usize;
                let end = item.span.end as usize;
                if i.methods.is_empty() && !self.l.has_comment_in(from, end) {
                    self.w("}");
                } else {
                    self.open_trailing('{', from, end);
                    lines(
                        self,
                        1,
                        &i.methods,
                        (from, end),
                        |f| span(f.span),
                        |p, f, _| p.fn_decl(f),
                    );
                    self.w("}");
                }
            }
            ItemKind::Test(t) => {
                self.w("test ");
                let parts = if t.name.is_empty() {
                    Vec::new()
                } else {
                    vec![StrPart::Text(t.name.clone())]
                };
                self.string(&parts, t.name_span);
                self.w(" ");
                self.block(&t.body);
            }
        }
    }

    /// After an opening bracket found in the source between `from` and `to`, the comment on
    /// the same line, if any.
    /// The arms of a `match` or `select` after its `{`, through the closing `}`: none, inline
    /// (flat layout), or one per line with their comments. `whole` is the expression's span and
    /// `open` where to look for its `{`.
    fn arm_list<T>(
        &mut self,
        arms: &[T],
        whole: crate::Span,
        open: usize,
        arm_span: impl Fn(&T) -> crate::Span,
        arm: impl Fn(&mut Self, &T),
    ) {
        let (start, end) = span(whole);
        if arms.is_empty() && !self.l.has_comment_in(start, end) {
            self.w("}");
            return;
        }
        if self.l.flat {
            for (i, a) in arms.iter().enumerate() {
                self.w(if i == 0 { " " } else { ", " });
                arm(self, a);
            }
            self.w(" }");
            return;
        }
        self.open_trailing('{', open, end);
        lines(
            self,
            1,
            arms,
            (open, end),
            |a| span(arm_span(a)),
            |p, a, _| arm(p, a),
        );
        self.w("}");
    }

    fn open_trailing(&mut self, open: char, from: usize, to: usize) {
        if let Some(i) = self.l.slice(from, to).find(open) {
            self.l.trailing(from + i + 1);
        }
    }

    fn fn_decl(&mut self, f: &FnDecl) {
        self.w("fn ");
        self.w(&f.name.name);
        self.generics(&f.generics);
        enum P<'p> {
            SelfP(&'p SelfParam),
            Param(&'p Param),
        }
        let mut params: Vec<P> = Vec::new();
        if let Some(s) = &f.self_param {
            params.push(P::SelfP(s));
        }
        params.extend(f.params.iter().map(P::Param));
        let pspan = |p: &P| match p {
            P::SelfP(s) => span(s.span),
            P::Param(p) => span(p.span),
        };
        let from = f.name.span.end as usize;
        let broken = params
            .first()
            .is_some_and(|p| self.l.broken_after('(', from, pspan(p).0));
        let one = |me: &mut Self, p: &P| match p {
            P::SelfP(s) => {
                me.w(mode_prefix(s.mode));
                me.w("self");
            }
            P::Param(p) => {
                me.w(&p.name.name);
                me.w(": ");
                me.ty(&p.ty);
            }
        };
        self.w("(");
        if broken {
            let close = f.body.span.start as usize;
            self.open_trailing('(', from, pspan(&params[0]).0);
            lines(self, 1, &params, (from, close), pspan, |me, p, _| {
                one(me, p);
                me.w(",");
            });
        } else {
            self.comma_separated(&params, |p, x| one(p, x));
        }
        self.w(")");
        if let Some(r) = &f.ret {
            self.w(" -> ");
            self.ty(r);
        }
        self.w(" ");
        self.block(&f.body);
    }

    fn generics(&mut self, g: &[GenericParam]) {
        if g.is_empty() {
            return;
        }
        let parts: Vec<String> = g
            .iter()
            .map(|p| {
                if p.bounds.is_empty() {
                    p.name.name.clone()
                } else {
                    let b: Vec<&str> = p.bounds.iter().map(|b| b.name.as_str()).collect();
                    format!("{}: {}", p.name.name, b.join(" + "))
                }
            })
            .collect();
        self.w("[");
        self.w(&parts.join(", "));
        self.w("]");
    }

    /// `{ a: T, b: U }` or one field per line; `from` is before the `{`, `end` after the `}`.
    /// Without layout from the source, a struct's fields go one per line and a variant's on
    /// one line (`struct_decl`), as the golden programs have them.
    fn fields(&mut self, fields: &[Field], from: usize, end: usize, struct_decl: bool) {
        let broken = match fields.first() {
            Some(_) if !self.l.hints => struct_decl,
            Some(f) => self.l.broken_after('{', from, f.span.start as usize),
            None => self.l.has_comment_in(from, end),
        };
        self.w("{");
        if broken {
            self.open_trailing('{', from, end);
            lines(
                self,
                1,
                fields,
                (from, end),
                |f| span(f.span),
                |p, f, _| p.field(f),
            );
            self.w("}");
        } else if fields.is_empty() {
            self.w("}");
        } else {
            for (i, f) in fields.iter().enumerate() {
                self.w(if i == 0 { " " } else { ", " });
                self.field(f);
            }
            self.w(" }");
        }
    }

    fn field(&mut self, f: &Field) {
        self.w(&f.name.name);
        self.w(": ");
        self.ty(&f.ty);
    }

    fn variant(&mut self, v: &Variant) {
        self.w(&v.name.name);
        match &v.fields {
            VariantFields::Unit => {}
            VariantFields::Tuple(ts) => {
                self.w("(");
                self.tys(ts);
                self.w(")");
            }
            VariantFields::Struct(fs) => {
                self.w(" ");
                self.fields(fs, v.name.span.end as usize, v.span.end as usize, false);
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // Types

    /// `items` on one line, separated by `, `.
    fn comma_separated<T>(&mut self, items: &[T], mut one: impl FnMut(&mut Self, &T)) {
        for (i, x) in items.iter().enumerate() {
            if i > 0 {
                self.w(", ");
            }
            one(self, x);
        }
    }

    fn tys(&mut self, ts: &[Type]) {
        self.comma_separated(ts, |p, x| p.ty(x));
    }

    fn ty(&mut self, t: &Type) {
        match &t.kind {
            TypeKind::Wrapped { wrapper, inner } => {
                self.w(wrapper.word());
                self.w(" ");
                self.ty(inner);
            }
            TypeKind::Named { path: p, args } => {
                self.w(&path(p));
                if !args.is_empty() {
                    self.w("[");
                    self.tys(args);
                    self.w("]");
                }
            }
            TypeKind::List(inner) => {
                self.w("[");
                self.ty(inner);
                self.w("]");
            }
            TypeKind::Tuple(ts) => {
                self.w("(");
                self.tys(ts);
                if ts.len() == 1 {
                    self.w(",");
                }
                self.w(")");
            }
            TypeKind::Option(inner) => {
                // `fn(A) -> R?` reads as returning `R?`; a qualifier cannot be followed by `?`.
                let wrap = match &inner.kind {
                    TypeKind::Fn { ret, .. } => !is_unit(ret),
                    TypeKind::Qualified { .. } | TypeKind::Wrapped { .. } => true,
                    _ => false,
                };
                if wrap {
                    self.w("(");
                    self.ty(inner);
                    self.w(")");
                } else {
                    self.ty(inner);
                }
                self.w("?");
            }
            TypeKind::Fn { params, ret } => {
                self.w("fn(");
                self.tys(params);
                self.w(")");
                if !is_unit(ret) {
                    self.w(" -> ");
                    self.ty(ret);
                }
            }
            TypeKind::Qualified { mode, inner } => {
                self.w(match mode {
                    Mode::Own => "own ",
                    Mode::Ref => "ref ",
                    Mode::Mut => "mut ",
                });
                self.ty(inner);
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // Blocks and statements

    fn block(&mut self, b: &Block) {
        let (start, end) = span(b.span);
        if b.stmts.is_empty() && !self.l.has_comment_in(start, end) {
            self.w("{}");
            return;
        }
        if self.l.flat {
            self.w("{ ");
            for (i, s) in b.stmts.iter().enumerate() {
                if i > 0 {
                    self.w("; ");
                }
                self.stmt(s);
            }
            self.w(" }");
            return;
        }
        if let [only] = b.stmts.as_slice() {
            if self.l.one_line(start, end)
                && !self.l.has_comment_in(start, end)
                && !forces_lines_stmt(only)
            {
                let mark = self.l.snapshot();
                let saved = (self.l.indent, self.l.continued);
                self.w("{ ");
                self.stmt(only);
                if !self.l.out[mark.0..].contains('\n') {
                    self.w(" }");
                    return;
                }
                self.l.restore(mark);
                (self.l.indent, self.l.continued) = saved;
            }
        }
        self.w("{");
        self.l.trailing(start + 1);
        // In another surface's text a block may start at its first statement, after comments
        // that belong in it (`When x:` + newline + comment + statement).
        let open = if self.l.hints { start } else { 0 };
        lines(
            self,
            1,
            &b.stmts,
            (open, end),
            |s| span(s.span),
            |p, s, _| p.stmt(s),
        );
        self.w("}");
    }

    fn stmt(&mut self, s: &Stmt) {
        match &s.kind {
            StmtKind::Let {
                mutable,
                pat,
                ty,
                init,
            } => {
                self.w(if *mutable { "var " } else { "let " });
                self.pattern(pat);
                if let Some(t) = ty {
                    self.w(": ");
                    self.ty(t);
                }
                self.w(" = ");
                self.expr(init);
            }
            StmtKind::Assign { target, op, value } => {
                self.expr(target);
                match op {
                    AssignOp::Assign => self.w(" = "),
                    AssignOp::Compound(op) => {
                        self.w(" ");
                        self.w(op.symbol());
                        self.w("= ");
                    }
                }
                self.expr(value);
            }
            StmtKind::Expr { expr, semi } => {
                self.expr(expr);
                if *semi {
                    self.w(";");
                }
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // Expressions

    /// `e` in a place that takes any expression.
    fn expr(&mut self, e: &Expr) {
        self.expr_kind(e);
    }

    fn paren(&mut self, e: &Expr, wrap: bool) {
        if wrap {
            self.w("(");
            self.expr(e);
            self.w(")");
        } else {
            self.expr(e);
        }
    }

    /// An operand that must bind at least as tightly as `min`, and is not at the right end.
    fn operand_left(&mut self, e: &Expr, min: u8) {
        let wrap = prec(e) < min || ends_open(e);
        self.paren(e, wrap);
    }

    /// The operand of a postfix operator. `x as T` takes postfix operators after it like any
    /// operand (`x as int?.abs()` calls the cast's method), except where what follows would
    /// continue the type: `?` always, `.name` or `[A](..)` after a bare type name, `[e]` after a
    /// bare type name when `e` reads as a type too.
    fn base(&mut self, e: &Expr, follow: Follow) {
        let wrap = match &e.kind {
            ExprKind::Cast { ty, .. } => match follow {
                Follow::Try => true,
                Follow::Dot | Follow::Call(true) => ty_open(ty),
                Follow::Index(type_like) => type_like && ty_open(ty),
                Follow::Call(false) | Follow::TupleField => false,
            },
            // `15.0` would be a float; `0xf.0` is a tuple field of an integer.
            ExprKind::Lit(Lit::Int(v)) if matches!(follow, Follow::TupleField) => {
                let t = literal::int(self.text(e.span), *v);
                !(t.starts_with("0x") || t.starts_with("0o") || t.starts_with("0b"))
            }
            _ => prec(e) < POSTFIX || ends_open(e),
        };
        self.paren(e, wrap);
    }

    /// The condition of `if`/`while`, a scrutinee or an iterable.
    fn expr_ns(&mut self, e: &Expr) {
        let wrap = needs_ns_parens(e);
        self.paren(e, wrap);
    }

    fn expr_kind(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Lit(l) => self.lit(l, e.span),
            ExprKind::Name(i) => self.w(&i.name),
            ExprKind::Tuple(es) => {
                let first = es.first().map(|e| e.span.start as usize);
                let broken =
                    first.is_some_and(|f| self.l.broken_after('(', e.span.start as usize, f));
                self.seq("(", ")", es, e.span, broken, |p, x| p.expr(x));
                if !broken && es.len() == 1 {
                    // `(a,)`: the comma makes it a tuple; `seq` left the `)` last.
                    self.l.out.pop();
                    self.w(",)");
                }
            }
            ExprKind::List(es) => {
                let first = es.first().map(|e| e.span.start as usize);
                let broken =
                    first.is_some_and(|f| self.l.broken_after('[', e.span.start as usize, f));
                self.seq("[", "]", es, e.span, broken, |p, x| p.expr(x));
            }
            ExprKind::ListRepeat { value, count } => {
                self.w("[");
                self.expr(value);
                self.w("; ");
                self.expr(count);
                self.w("]");
            }
            ExprKind::Map(entries) => {
                if entries.is_empty() {
                    self.w("[:]");
                    return;
                }
                let first = entries[0].0.span.start as usize;
                let broken = self.l.broken_after('[', e.span.start as usize, first);
                let (start, end) = span(e.span);
                let one = |p: &mut Self, (k, v): &(Expr, Expr)| {
                    p.expr(k);
                    p.w(": ");
                    p.expr(v);
                };
                self.w("[");
                if broken {
                    self.l.trailing(start + 1);
                    lines(
                        self,
                        1,
                        entries,
                        (start, end),
                        |(k, v)| (k.span.start as usize, v.span.end as usize),
                        |p, kv, _| {
                            one(p, kv);
                            p.w(",");
                        },
                    );
                } else {
                    self.comma_separated(entries, |p, x| one(p, x));
                }
                self.w("]");
            }
            ExprKind::StructLit { path: p, fields } => {
                self.w(&path(p));
                self.w(" {");
                let from = p.last().map_or(e.span.start, |i| i.span.end) as usize;
                let (_, end) = span(e.span);
                let fspan = |f: &FieldInit| {
                    let end = f.value.as_ref().map_or(f.name.span.end, |v| v.span.end);
                    (f.name.span.start as usize, end as usize)
                };
                let one = |p: &mut Self, f: &FieldInit| {
                    p.w(&f.name.name);
                    if let Some(v) = &f.value {
                        p.w(": ");
                        p.expr(v);
                    }
                };
                let broken = fields
                    .first()
                    .is_some_and(|f| self.l.broken_after('{', from, fspan(f).0));
                if broken {
                    self.open_trailing('{', from, fspan(&fields[0]).0);
                    lines(self, 1, fields, (from, end), fspan, |p, f, _| one(p, f));
                    self.w("}");
                } else if fields.is_empty() {
                    self.w("}");
                } else {
                    for (i, f) in fields.iter().enumerate() {
                        self.w(if i == 0 { " " } else { ", " });
                        one(self, f);
                    }
                    self.w(" }");
                }
            }
            ExprKind::Paren(inner) => {
                self.w("(");
                self.expr(inner);
                self.w(")");
            }
            ExprKind::Field { base, name } => {
                // `.0` cannot continue a type name; `.x` can.
                let follow = if self.breaks_chain(base, name) {
                    Follow::Call(false)
                } else if name.name.starts_with(|c: char| c.is_ascii_digit()) {
                    Follow::TupleField
                } else {
                    Follow::Dot
                };
                self.base(base, follow);
                self.chain_break(base, name);
                self.w(".");
                self.w(&name.name);
            }
            ExprKind::Call {
                callee,
                generics,
                args,
            } => {
                self.base(callee, Follow::Call(!generics.is_empty()));
                self.generic_args(generics);
                self.args(args, callee.span.end as usize, e.span);
            }
            ExprKind::MethodCall {
                receiver,
                method,
                generics,
                args,
            } => {
                // A line break before `.name` ends a type as well as parentheses do.
                let follow = if self.breaks_chain(receiver, method) {
                    Follow::Call(false)
                } else {
                    Follow::Dot
                };
                self.base(receiver, follow);
                self.chain_break(receiver, method);
                self.w(".");
                self.w(&method.name);
                self.generic_args(generics);
                self.args(args, method.span.end as usize, e.span);
            }
            ExprKind::Index { base, index } => {
                self.base(base, Follow::Index(type_like(index)));
                self.w("[");
                self.expr(index);
                self.w("]");
            }
            ExprKind::Unary { op, expr } => {
                self.w(match op {
                    UnOp::Neg => "-",
                    UnOp::Not => "!",
                });
                let wrap = prec(expr) != OPEN && prec(expr) < PREFIX;
                self.paren(expr, wrap);
            }
            ExprKind::Spawn(expr)
            | ExprKind::Join(expr)
            | ExprKind::CancelTask(expr)
            | ExprKind::Par(expr) => {
                self.w(match e.kind {
                    ExprKind::Spawn(_) => "spawn ",
                    ExprKind::Join(_) => "join ",
                    ExprKind::Par(_) => "par ",
                    _ => "cancel ",
                });
                let wrap = prec(expr) != OPEN && prec(expr) < PREFIX;
                self.paren(expr, wrap);
            }
            ExprKind::Scope(body) => {
                self.w("scope ");
                self.block(body);
            }
            ExprKind::SupervisorScope(body) => {
                self.w("supervisor scope ");
                self.block(body);
            }
            ExprKind::With {
                target,
                value,
                body,
            } => {
                self.w("with ");
                self.expr(target);
                self.w(" = ");
                self.expr_ns(value);
                self.w(" ");
                self.block(body);
            }
            ExprKind::TimedScope { timeout, body } => {
                self.w("scope(timeout: ");
                self.expr(timeout);
                self.w(") ");
                self.block(body);
            }
            ExprKind::DeadlineScope { deadline, body } => {
                self.w("scope(deadline: ");
                self.expr(deadline);
                self.w(") ");
                self.block(body);
            }
            ExprKind::Guard {
                kind,
                target,
                binding,
                body,
            } => {
                self.w(kind.word());
                self.w(" ");
                self.expr(target);
                self.w(" as ");
                self.w(&binding.name.name);
                self.w(" ");
                self.block(body);
            }
            ExprKind::Binary { op, lhs, rhs } => {
                let p = bin_prec(*op);
                let cmp = p == 4;
                let wrap_l = prec(lhs) < p || (cmp && prec(lhs) == p) || ends_open(lhs);
                self.paren(lhs, wrap_l);
                self.w(" ");
                self.w(op.symbol());
                let broken = !self.l.flat
                    && self
                        .l
                        .breaks(lhs.span.end as usize, rhs.span.start as usize);
                if broken {
                    self.l.continue_line();
                } else {
                    self.w(" ");
                }
                let wrap_r = prec(rhs) != OPEN && prec(rhs) <= p;
                self.paren(rhs, wrap_r);
            }
            ExprKind::Cast { expr, ty } => {
                self.operand_left(expr, CAST);
                self.w(" as ");
                self.ty(ty);
            }
            ExprKind::Range {
                start,
                end,
                inclusive,
            } => {
                if let Some(s) = start {
                    self.operand_left(s, RANGE + 1);
                }
                self.w(if *inclusive { "..=" } else { ".." });
                if let Some(x) = end {
                    let wrap = prec(x) != OPEN && prec(x) <= RANGE;
                    self.paren(x, wrap);
                }
            }
            ExprKind::Try(inner) => {
                self.base(inner, Follow::Try);
                self.w("?");
            }
            ExprKind::Closure { params, ret, body } => {
                if params.is_empty() {
                    self.w("||");
                } else {
                    self.w("|");
                    self.comma_separated(params, |out, param| {
                        out.w(&param.name.name);
                        if let Some(t) = &param.ty {
                            out.w(": ");
                            out.ty(t);
                        }
                    });
                    self.w("|");
                }
                self.w(" ");
                if let Some(t) = ret {
                    self.w("-> ");
                    self.ty(t);
                    self.w(" ");
                    match &body.kind {
                        ExprKind::Block(b) => self.block(b),
                        // A return type needs a block body.
                        _ => {
                            self.w("{ ");
                            self.expr(body);
                            self.w(" }");
                        }
                    }
                } else {
                    self.expr(body);
                }
            }
            ExprKind::Block(b) => self.block(b),
            ExprKind::If { cond, then, else_ } => self.if_expr(cond, then, else_.as_deref()),
            ExprKind::While { cond, body } => {
                self.w("while ");
                self.cond(cond);
                self.w(" ");
                self.block(body);
            }
            ExprKind::For { pat, iter, body } => {
                self.w("for ");
                self.pattern(pat);
                self.w(" in ");
                self.expr_ns(iter);
                self.w(" ");
                self.block(body);
            }
            ExprKind::Loop { body } => {
                self.w("loop ");
                self.block(body);
            }
            ExprKind::ParFor(pf) => {
                self.w("par for ");
                self.pattern(&pf.pat);
                self.w(" in ");
                self.w(mode_prefix(pf.mode));
                self.expr_ns(&pf.iter);
                if !pf.reductions.is_empty() {
                    self.w(" reduce(");
                    for (i, r) in pf.reductions.iter().enumerate() {
                        if i > 0 {
                            self.w(", ");
                        }
                        self.w(&r.name.name);
                        self.w(": ");
                        match &r.op {
                            ReduceOp::Fn { func, identity } => {
                                self.expr(func);
                                self.w(", identity: ");
                                self.expr(identity);
                            }
                            op => self.w(op.word().unwrap_or_default()),
                        }
                    }
                    self.w(")");
                }
                self.w(" ");
                self.block(&pf.body);
            }
            ExprKind::Match { scrutinee, arms } => {
                self.w("match ");
                self.expr_ns(scrutinee);
                self.w(" {");
                let open = scrutinee.span.end as usize;
                self.arm_list(arms, e.span, open, |a| a.span, Self::arm);
            }
            ExprKind::Break(v) => {
                self.w("break");
                if let Some(v) = v {
                    self.w(" ");
                    self.expr(v);
                }
            }
            ExprKind::Continue => self.w("continue"),
            ExprKind::Cancel => self.w("cancel"),
            ExprKind::Close(end) => {
                self.w("close ");
                self.expr(end);
            }
            ExprKind::Select { biased, arms } => {
                self.w(if *biased {
                    "select biased {"
                } else {
                    "select {"
                });
                self.arm_list(
                    arms,
                    e.span,
                    e.span.start as usize,
                    |a| a.span,
                    Self::select_arm,
                );
            }
            ExprKind::Yield => self.w("yield"),
            ExprKind::Return(v) => {
                self.w("return");
                if let Some(v) = v {
                    self.w(" ");
                    self.expr(v);
                }
            }
        }
    }

    /// A method chain keeps its line break before `.name`.
    fn chain_break(&mut self, base: &Expr, name: &Ident) {
        if self.breaks_chain(base, name) {
            self.l.continue_line();
        }
    }

    fn breaks_chain(&self, base: &Expr, name: &Ident) -> bool {
        !self.l.flat
            && self
                .l
                .breaks(base.span.end as usize, name.span.start as usize)
    }

    fn generic_args(&mut self, g: &[Type]) {
        if !g.is_empty() {
            self.w("[");
            self.tys(g);
            self.w("]");
        }
    }

    fn args(&mut self, args: &[Arg], from: usize, whole: crate::Span) {
        let broken = args
            .first()
            .is_some_and(|a| self.l.broken_after('(', from, a.span.start as usize));
        let one = |p: &mut Self, a: &Arg| {
            if let Some(n) = &a.name {
                p.w(&n.name);
                p.w(": ");
            }
            p.w(mode_prefix(a.mode));
            p.expr(&a.value);
        };
        self.w("(");
        if broken {
            self.open_trailing('(', from, args[0].span.start as usize);
            lines(
                self,
                1,
                args,
                (from, whole.end as usize),
                |a| span(a.span),
                |p, a, _| {
                    one(p, a);
                    p.w(",");
                },
            );
        } else {
            self.comma_separated(args, |p, x| one(p, x));
        }
        self.w(")");
    }

    /// A bracketed list of expressions, inline or one per line with trailing commas.
    fn seq(
        &mut self,
        open: &str,
        close: &str,
        es: &[Expr],
        whole: crate::Span,
        broken: bool,
        each: impl Fn(&mut Self, &Expr),
    ) {
        self.w(open);
        if broken {
            self.l.trailing(whole.start as usize + 1);
            lines(
                self,
                1,
                es,
                (whole.start as usize, whole.end as usize),
                |x| span(x.span),
                |p, x, _| {
                    each(p, x);
                    p.w(",");
                },
            );
        } else {
            self.comma_separated(es, |p, x| each(p, x));
        }
        self.w(close);
    }

    fn if_expr(&mut self, cond: &Cond, then: &Block, else_: Option<&Expr>) {
        self.w("if ");
        self.cond(cond);
        self.w(" ");
        self.block(then);
        if let Some(e) = else_ {
            self.w(" else ");
            match &e.kind {
                ExprKind::If { cond, then, else_ } => self.if_expr(cond, then, else_.as_deref()),
                ExprKind::Block(b) => self.block(b),
                // Only a block or an `if` can follow `else`.
                _ => {
                    self.w("{ ");
                    self.expr(e);
                    self.w(" }");
                }
            }
        }
    }

    fn cond(&mut self, c: &Cond) {
        match c {
            Cond::Expr(e) => self.expr_ns(e),
            Cond::Let { pat, expr } => {
                self.w("let ");
                self.pattern(pat);
                self.w(" = ");
                self.expr_ns(expr);
            }
        }
    }

    fn select_arm(&mut self, a: &SelectArm) {
        match &a.op {
            SelectOp::Recv { rx, binding } => {
                self.w("recv(");
                self.expr(rx);
                self.w(")");
                if let Some(b) = binding {
                    self.w(" -> ");
                    self.pattern(b);
                }
            }
            SelectOp::Send { tx, value } => {
                self.w("send(");
                self.expr(tx);
                self.w(", ");
                self.expr(value);
                self.w(")");
            }
            SelectOp::After(d) => {
                self.w("after(");
                self.expr(d);
                self.w(")");
            }
            SelectOp::Default => self.w("default"),
        }
        self.w(" => ");
        self.expr(&a.body);
    }

    fn arm(&mut self, a: &Arm) {
        self.pattern(&a.pat);
        if let Some(g) = &a.guard {
            self.w(" if ");
            self.expr(g);
        }
        self.w(" => ");
        self.expr(&a.body);
    }

    // -----------------------------------------------------------------------------------------
    // Literals

    fn lit(&mut self, l: &Lit, at: crate::Span) {
        let text = self.text(at);
        match l {
            Lit::Int(v) => {
                let s = literal::int(text, *v);
                self.w(&s);
            }
            Lit::Float(v) => {
                let s = literal::float(text, v);
                self.w(&s);
            }
            Lit::Bool(b) => self.w(if *b { "true" } else { "false" }),
            Lit::Char(c) => {
                let s = literal::char_lit(text, *c);
                self.w(&s);
            }
            Lit::Str(parts) => self.string(parts, at),
            Lit::None => self.w("none"),
            Lit::Duration(d) => self.w(&d.text),
        }
    }

    fn string(&mut self, parts: &[StrPart], at: crate::Span) {
        let raw = literal::source_texts(self.text(at), parts);
        self.w("\"");
        for (i, part) in parts.iter().enumerate() {
            match part {
                StrPart::Text(t) => match raw.as_ref().and_then(|r| r[i].as_deref()) {
                    Some(r) => self.w(r),
                    None => self.w(&literal::escape_text(t)),
                },
                StrPart::Interp { expr, spec } => {
                    let flat = std::mem::replace(&mut self.l.flat, true);
                    self.w("{");
                    self.expr(expr);
                    if let Some(s) = spec {
                        self.w(":");
                        self.w(s);
                    }
                    self.w("}");
                    self.l.flat = flat;
                }
            }
        }
        self.w("\"");
    }

    // -----------------------------------------------------------------------------------------
    // Patterns

    fn patterns(&mut self, ps: &[Pattern]) {
        self.comma_separated(ps, |p, x| p.pattern(x));
    }

    fn pattern(&mut self, p: &Pattern) {
        match &p.kind {
            PatternKind::Wild => self.w("_"),
            PatternKind::Bind { name, mutable } => {
                if *mutable {
                    self.w("var ");
                }
                self.w(&name.name);
            }
            PatternKind::Lit { lit, negative } => {
                if *negative {
                    self.w("-");
                }
                // The pattern's span covers the sign; the literal's spelling follows it.
                let text = self
                    .text(p.span)
                    .map(|t| t.trim_start_matches('-').trim_start());
                match lit {
                    Lit::Int(v) => {
                        let s = literal::int(text, *v);
                        self.w(&s);
                    }
                    Lit::Float(v) => {
                        let s = literal::float(text, v);
                        self.w(&s);
                    }
                    Lit::Char(c) => {
                        let s = literal::char_lit(text, *c);
                        self.w(&s);
                    }
                    _ => self.lit(lit, p.span),
                }
            }
            PatternKind::Range { lo, hi, inclusive } => {
                self.pattern(lo);
                self.w(if *inclusive { "..=" } else { ".." });
                self.pattern(hi);
            }
            PatternKind::Tuple(ps) => {
                self.w("(");
                self.patterns(ps);
                if ps.len() == 1 {
                    self.w(",");
                }
                self.w(")");
            }
            PatternKind::Variant { path: pth, args } => {
                self.w(&path(pth));
                if let Some(args) = args {
                    self.w("(");
                    self.patterns(args);
                    self.w(")");
                }
            }
            PatternKind::Struct {
                path: pth,
                fields,
                rest,
            } => {
                self.w(&path(pth));
                self.w(" {");
                for (i, f) in fields.iter().enumerate() {
                    self.w(if i == 0 { " " } else { ", " });
                    self.w(&f.name.name);
                    if let Some(q) = &f.pat {
                        self.w(": ");
                        self.pattern(q);
                    }
                }
                if *rest {
                    self.w(if fields.is_empty() { " .." } else { ", .." });
                }
                self.w(if fields.is_empty() && !rest {
                    "}"
                } else {
                    " }"
                });
            }
            PatternKind::Or(alts) => {
                for (i, a) in alts.iter().enumerate() {
                    if i > 0 {
                        self.w(" | ");
                    }
                    self.pattern(a);
                }
            }
        }
    }
}

/// Whether printing `s` must take several lines whatever the source: it holds a `match` with
/// arms or a block of several statements. Checked before trying a block on one line, so that
/// nested one-line attempts never print the same subtree over and over.
fn forces_lines_stmt(s: &Stmt) -> bool {
    match &s.kind {
        StmtKind::Let { init, .. } => forces_lines(init),
        StmtKind::Assign { target, value, .. } => forces_lines(target) || forces_lines(value),
        StmtKind::Expr { expr, .. } => forces_lines(expr),
    }
}

fn forces_lines_block(b: &Block) -> bool {
    b.stmts.len() > 1 || b.stmts.iter().any(forces_lines_stmt)
}

fn forces_lines_cond(c: &Cond) -> bool {
    match c {
        Cond::Expr(e) => forces_lines(e),
        Cond::Let { expr, .. } => forces_lines(expr),
    }
}

fn forces_lines(e: &Expr) -> bool {
    let args = |a: &[Arg]| a.iter().any(|a| forces_lines(&a.value));
    match &e.kind {
        ExprKind::Match { arms, .. } if !arms.is_empty() => true,
        ExprKind::Match { scrutinee, .. } => forces_lines(scrutinee),
        ExprKind::Select { arms, .. } => !arms.is_empty(),
        ExprKind::Close(x) => forces_lines(x),
        ExprKind::Lit(Lit::Str(parts)) => parts.iter().any(|p| match p {
            StrPart::Interp { expr, .. } => forces_lines(expr),
            StrPart::Text(_) => false,
        }),
        ExprKind::Lit(_)
        | ExprKind::Name(_)
        | ExprKind::Continue
        | ExprKind::Cancel
        | ExprKind::Yield => false,
        ExprKind::Tuple(es) | ExprKind::List(es) => es.iter().any(forces_lines),
        ExprKind::ListRepeat { value, count } => forces_lines(value) || forces_lines(count),
        ExprKind::Map(kv) => kv.iter().any(|(k, v)| forces_lines(k) || forces_lines(v)),
        ExprKind::StructLit { fields, .. } => fields
            .iter()
            .any(|f| f.value.as_ref().is_some_and(forces_lines)),
        ExprKind::Paren(x)
        | ExprKind::Field { base: x, .. }
        | ExprKind::Unary { expr: x, .. }
        | ExprKind::Spawn(x)
        | ExprKind::Join(x)
        | ExprKind::CancelTask(x)
        | ExprKind::Par(x)
        | ExprKind::Cast { expr: x, .. }
        | ExprKind::Try(x)
        | ExprKind::Closure { body: x, .. } => forces_lines(x),
        ExprKind::ParFor(pf) => {
            forces_lines(&pf.iter)
                || pf.reductions.iter().any(|r| match &r.op {
                    ReduceOp::Fn { func, identity } => forces_lines(func) || forces_lines(identity),
                    _ => false,
                })
                || forces_lines_block(&pf.body)
        }
        ExprKind::Call {
            callee, args: a, ..
        } => forces_lines(callee) || args(a),
        ExprKind::MethodCall {
            receiver, args: a, ..
        } => forces_lines(receiver) || args(a),
        ExprKind::Index { base, index } => forces_lines(base) || forces_lines(index),
        ExprKind::Binary { lhs, rhs, .. } => forces_lines(lhs) || forces_lines(rhs),
        ExprKind::Range { start, end, .. } => {
            start.as_deref().is_some_and(forces_lines) || end.as_deref().is_some_and(forces_lines)
        }
        ExprKind::Block(b)
        | ExprKind::Loop { body: b }
        | ExprKind::Scope(b)
        | ExprKind::SupervisorScope(b)
        | ExprKind::TimedScope { body: b, .. } => forces_lines_block(b),
        ExprKind::With { value, body, .. } => forces_lines(value) || forces_lines_block(body),
        ExprKind::DeadlineScope { deadline, body } => {
            forces_lines(deadline) || forces_lines_block(body)
        }
        ExprKind::Guard { target, body, .. } => forces_lines(target) || forces_lines_block(body),
        ExprKind::If { cond, then, else_ } => {
            forces_lines_cond(cond)
                || forces_lines_block(then)
                || else_.as_deref().is_some_and(forces_lines)
        }
        ExprKind::While { cond, body } => forces_lines_cond(cond) || forces_lines_block(body),
        ExprKind::For { iter, body, .. } => forces_lines(iter) || forces_lines_block(body),
        ExprKind::Break(v) | ExprKind::Return(v) => v.as_deref().is_some_and(forces_lines),
    }
}

/// What follows the operand of a postfix operator (see `Aur::base`).
#[derive(Clone, Copy)]
enum Follow {
    Dot,
    Try,
    /// Whether the index reads as a type.
    Index(bool),
    /// Whether the call has explicit generic arguments.
    Call(bool),
    /// `.0`
    TupleField,
}

/// Whether a type's text ends in a bare name, which `.name` or `[T]` after it would extend.
fn ty_open(t: &Type) -> bool {
    match &t.kind {
        TypeKind::Named { args, .. } => args.is_empty(),
        TypeKind::Fn { ret, .. } => !is_unit(ret) && ty_open(ret),
        _ => false,
    }
}

/// Whether the text of `e` would also read as a type (`T`, `a.B`, `[T]`, `(A, B)`, `M[K]`),
/// so that `x as T[e]` would take `[e]` as type arguments.
fn type_like(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Name(_) => true,
        ExprKind::Field { base, .. } => type_like(base),
        ExprKind::List(xs) => xs.len() == 1 && type_like(&xs[0]),
        ExprKind::Tuple(xs) => xs.iter().all(type_like),
        ExprKind::Index { base, index } => type_like(base) && type_like(index),
        ExprKind::Paren(x) => type_like(x),
        _ => false,
    }
}

fn is_unit(t: &Type) -> bool {
    matches!(&t.kind, TypeKind::Tuple(ts) if ts.is_empty())
}

fn path_list(names: &[Ident]) -> String {
    names
        .iter()
        .map(|i| i.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
