//! Pairs -> AST for expressions (precedence by pest's Pratt parser) and literals.

use std::sync::LazyLock;

use pest::pratt_parser::{Assoc, Op, PrattParser};

use super::build::{mode_of, Builder, NameUse, P};
use super::Rule;
use crate::ast::*;
use crate::{Diagnostic, Span};

/// Suffixes that read as a time unit Aurora does not have (`1h`, `5ns`, `3sec`).
const OTHER_TIME_UNITS: &[&str] = &[
    "ns", "h", "hr", "hrs", "hour", "hours", "d", "day", "days", "w", "min", "mins", "sec", "secs",
    "msec", "usec", "nsec",
];

/// Deeper expression nesting than this is reported instead of recursing further.
const MAX_DEPTH: u32 = 150;

/// The most operator levels one expression tree may have along any path.
const MAX_CHAIN: usize = 1000;

/// docs/language.md §5, loosest first. `as` is a postfix operator that binds looser than prefix
/// `-`/`!`, so `-x as T` is `(-x) as T` while `a * b as T` is `a * (b as T)`.
static PRATT: LazyLock<PrattParser<Rule>> = LazyLock::new(|| {
    PrattParser::new()
        .op(Op::infix(Rule::op_or, Assoc::Left))
        .op(Op::infix(Rule::op_and, Assoc::Left))
        .op(Op::infix(Rule::op_eq, Assoc::Left)
            | Op::infix(Rule::op_ne, Assoc::Left)
            | Op::infix(Rule::op_lt, Assoc::Left)
            | Op::infix(Rule::op_le, Assoc::Left)
            | Op::infix(Rule::op_gt, Assoc::Left)
            | Op::infix(Rule::op_ge, Assoc::Left))
        .op(Op::infix(Rule::op_bor, Assoc::Left))
        .op(Op::infix(Rule::op_bxor, Assoc::Left))
        .op(Op::infix(Rule::op_band, Assoc::Left))
        .op(Op::infix(Rule::op_shl, Assoc::Left) | Op::infix(Rule::op_shr, Assoc::Left))
        .op(Op::infix(Rule::op_add, Assoc::Left) | Op::infix(Rule::op_sub, Assoc::Left))
        .op(Op::infix(Rule::op_mul, Assoc::Left)
            | Op::infix(Rule::op_div, Assoc::Left)
            | Op::infix(Rule::op_rem, Assoc::Left))
        .op(Op::postfix(Rule::cast))
        .op(Op::prefix(Rule::op_neg)
            | Op::prefix(Rule::op_not)
            | Op::prefix(Rule::op_spawn)
            | Op::prefix(Rule::op_join)
            | Op::prefix(Rule::op_cancel)
            | Op::prefix(Rule::op_par))
        .op(Op::postfix(Rule::call)
            | Op::postfix(Rule::gcall)
            | Op::postfix(Rule::index)
            | Op::postfix(Rule::method)
            | Op::postfix(Rule::field_access)
            | Op::postfix(Rule::tuple_field)
            | Op::postfix(Rule::try_op))
});

fn bin_op(rule: Rule) -> Option<BinOp> {
    Some(match rule {
        Rule::op_or => BinOp::Or,
        Rule::op_and => BinOp::And,
        Rule::op_eq => BinOp::Eq,
        Rule::op_ne => BinOp::Ne,
        Rule::op_lt => BinOp::Lt,
        Rule::op_le => BinOp::Le,
        Rule::op_gt => BinOp::Gt,
        Rule::op_ge => BinOp::Ge,
        Rule::op_bor => BinOp::BitOr,
        Rule::op_bxor => BinOp::BitXor,
        Rule::op_band => BinOp::BitAnd,
        Rule::op_shl => BinOp::Shl,
        Rule::op_shr => BinOp::Shr,
        Rule::op_add => BinOp::Add,
        Rule::op_sub => BinOp::Sub,
        Rule::op_mul => BinOp::Mul,
        Rule::op_div => BinOp::Div,
        Rule::op_rem => BinOp::Rem,
        _ => return None,
    })
}

fn is_comparison(op: BinOp) -> bool {
    matches!(
        op,
        BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge
    )
}

impl Builder<'_> {
    fn mk(&self, kind: ExprKind, span: Span) -> Expr {
        Expr {
            id: self.fresh(),
            kind,
            span,
        }
    }

    /// `expr`, `expr_p` or `expr_ns`: a range or a binary expression.
    pub fn expr(&self, p: P) -> Expr {
        let span = self.span(&p);
        let depth = self.depth.get();
        if depth >= MAX_DEPTH {
            if !self.too_deep.replace(true) {
                self.error(
                    Diagnostic::error(span, "expression is nested too deeply")
                        .help("split it into smaller parts with `let`"),
                );
            }
            return self.unit_expr(span);
        }
        self.depth.set(depth + 1);
        let e = self.expr_inner(p, span);
        self.depth.set(depth);
        e
    }

    fn expr_inner(&self, p: P, span: Span) -> Expr {
        let mut start = None;
        let mut end = None;
        let mut range = None;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::range_op => range = Some(c.as_str() == "..="),
                _ if range.is_none() => start = Some(self.bin(c)),
                _ => end = Some(self.bin(c)),
            }
        }
        match range {
            None => start.unwrap_or_else(|| self.unit_expr(span)),
            Some(inclusive) => {
                if inclusive && end.is_none() {
                    self.error(
                        Diagnostic::error(span, "an inclusive range `..=` needs an end")
                            .help("write the end, or use `..` for an open range"),
                    );
                }
                let kind = ExprKind::Range {
                    start: start.map(Box::new),
                    end: end.map(Box::new),
                    inclusive,
                };
                self.mk(kind, span)
            }
        }
    }

    /// `bin`, `bin_p`, `bin_ns`: operands and operators, arranged by precedence.
    fn bin(&self, p: P) -> Expr {
        let span = self.span(&p);
        let pairs = p.into_inner();
        // Every operator adds a level to the tree (a chain `a + b + c` nests to the left), and
        // later phases walk trees recursively: bound the levels one expression may add.
        let ops = pairs.clone().count();
        let chain = self.chain.get();
        if chain + ops > MAX_CHAIN {
            if !self.too_deep.replace(true) {
                self.error(
                    Diagnostic::error(span, "expression is too long")
                        .label(format!("more than {MAX_CHAIN} operators deep"))
                        .help("split it into smaller parts with `let`"),
                );
            }
            return self.unit_expr(span);
        }
        self.chain.set(chain + ops);
        let e = self.pratt(pairs);
        self.chain.set(chain);
        e
    }

    fn pratt(&self, pairs: pest::iterators::Pairs<'_, Rule>) -> Expr {
        PRATT
            .map_primary(|c| self.primary(c))
            .map_prefix(|op, rhs| {
                let s = self.span(&op).to(rhs.span);
                let kind = match op.as_rule() {
                    Rule::op_spawn => ExprKind::Spawn(Box::new(rhs)),
                    Rule::op_join => ExprKind::Join(Box::new(rhs)),
                    Rule::op_cancel => ExprKind::CancelTask(Box::new(rhs)),
                    Rule::op_par => ExprKind::Par(Box::new(rhs)),
                    Rule::op_neg => ExprKind::Unary {
                        op: UnOp::Neg,
                        expr: Box::new(rhs),
                    },
                    _ => ExprKind::Unary {
                        op: UnOp::Not,
                        expr: Box::new(rhs),
                    },
                };
                self.mk(kind, s)
            })
            .map_postfix(|lhs, op| self.postfix(lhs, op))
            .map_infix(|lhs, op, rhs| {
                let s = lhs.span.to(rhs.span);
                let Some(bop) = bin_op(op.as_rule()) else {
                    self.internal(self.span(&op), "operator");
                    return lhs;
                };
                if is_comparison(bop) {
                    if let ExprKind::Binary { op: prev, .. } = &lhs.kind {
                        if is_comparison(*prev) {
                            self.error(
                                Diagnostic::error(
                                    self.span(&op),
                                    "comparison operators cannot be chained",
                                )
                                .label("second comparison")
                                .secondary(lhs.span, "first comparison")
                                .help("split the comparison with `&&`: `a < b && b < c`"),
                            );
                        }
                    }
                }
                self.mk(
                    ExprKind::Binary {
                        op: bop,
                        lhs: Box::new(lhs),
                        rhs: Box::new(rhs),
                    },
                    s,
                )
            })
            .parse(pairs)
    }

    fn postfix(&self, lhs: Expr, op: P) -> Expr {
        let span = lhs.span.to(self.span(&op));
        let kind = match op.as_rule() {
            Rule::call => {
                let args = op
                    .into_inner()
                    .next()
                    .map(|a| self.args(a))
                    .unwrap_or_default();
                ExprKind::Call {
                    callee: Box::new(lhs),
                    generics: Vec::new(),
                    args,
                }
            }
            Rule::gcall => {
                let mut generics = Vec::new();
                let mut args = Vec::new();
                for c in op.into_inner() {
                    match c.as_rule() {
                        Rule::ty_args => generics = self.ty_args(c),
                        Rule::call_args => args = self.args(c),
                        _ => {}
                    }
                }
                ExprKind::Call {
                    callee: Box::new(lhs),
                    generics,
                    args,
                }
            }
            Rule::method => {
                let mut method = None;
                let mut generics = Vec::new();
                let mut args = Vec::new();
                for c in op.into_inner() {
                    match c.as_rule() {
                        Rule::word => method = Some(self.ident(&c, NameUse::Use)),
                        Rule::ty_args => generics = self.ty_args(c),
                        Rule::call_args => args = self.args(c),
                        _ => {}
                    }
                }
                let method = method.unwrap_or_else(|| self.missing_ident(span));
                ExprKind::MethodCall {
                    receiver: Box::new(lhs),
                    method,
                    generics,
                    args,
                }
            }
            Rule::field_access | Rule::tuple_field => {
                let name = match op.into_inner().next() {
                    Some(w) if w.as_rule() == Rule::word => self.ident(&w, NameUse::Use),
                    Some(w) => Ident {
                        name: w.as_str().to_string(),
                        span: self.span(&w),
                    },
                    None => self.missing_ident(span),
                };
                ExprKind::Field {
                    base: Box::new(lhs),
                    name,
                }
            }
            Rule::index => {
                let index = op
                    .into_inner()
                    .next()
                    .map_or_else(|| self.unit_expr(span), |i| self.expr(i));
                ExprKind::Index {
                    base: Box::new(lhs),
                    index: Box::new(index),
                }
            }
            Rule::try_op => ExprKind::Try(Box::new(lhs)),
            Rule::cast => {
                let ty = op.into_inner().find(|t| t.as_rule() == Rule::ty_core);
                let ty = ty.map_or_else(|| self.unit_ty(span), |t| self.ty(t));
                ExprKind::Cast {
                    expr: Box::new(lhs),
                    ty,
                }
            }
            _ => {
                self.internal(span, "postfix operator");
                return lhs;
            }
        };
        self.mk(kind, span)
    }

    fn args(&self, p: P) -> Vec<Arg> {
        p.into_inner()
            .filter(|a| a.as_rule() == Rule::arg)
            .map(|a| {
                let span = self.span(&a);
                let mut mode = Mode::Own;
                let mut name = None;
                let mut value = None;
                for c in a.into_inner() {
                    match c.as_rule() {
                        Rule::mode => mode = mode_of(c.as_str()),
                        Rule::arg_name => {
                            name = c.into_inner().next().map(|w| self.ident(&w, NameUse::Use))
                        }
                        _ => value = Some(self.expr(c)),
                    }
                }
                Arg {
                    mode,
                    name,
                    value: value.unwrap_or_else(|| self.unit_expr(span)),
                    span,
                }
            })
            .collect()
    }

    fn primary(&self, p: P) -> Expr {
        let span = self.span(&p);
        let kind = match p.as_rule() {
            Rule::float_lit
            | Rule::int_lit
            | Rule::char_lit
            | Rule::string
            | Rule::kw_true
            | Rule::kw_false
            | Rule::kw_none => ExprKind::Lit(self.literal(p)),
            Rule::name => ExprKind::Name(self.ident(&p, NameUse::Use)),
            Rule::paren => {
                let mut elems = Vec::new();
                let mut trail = false;
                for c in p.into_inner() {
                    match c.as_rule() {
                        Rule::trail => trail = true,
                        _ => elems.push(self.expr(c)),
                    }
                }
                if elems.len() == 1 && !trail {
                    ExprKind::Paren(Box::new(elems.remove(0)))
                } else {
                    ExprKind::Tuple(elems)
                }
            }
            Rule::bracket => self.bracket(p),
            Rule::block => ExprKind::Block(self.block(p)),
            Rule::struct_lit => {
                let mut path = Vec::new();
                let mut fields = Vec::new();
                for c in p.into_inner() {
                    match c.as_rule() {
                        Rule::expr_path => {
                            for w in c.into_inner() {
                                path.push(self.ident(&w, NameUse::Use));
                            }
                        }
                        Rule::struct_body => {
                            for f in c.into_inner().filter(|f| f.as_rule() == Rule::field_init) {
                                let mut inner = f.into_inner();
                                let Some(w) = inner.next() else { continue };
                                let name = self.ident(&w, NameUse::Use);
                                let value = inner.next().map(|v| self.expr(v));
                                fields.push(FieldInit { name, value });
                            }
                        }
                        _ => {}
                    }
                }
                ExprKind::StructLit { path, fields }
            }
            Rule::if_expr => self.if_expr(p),
            Rule::while_expr => {
                let mut cond = None;
                let mut body = None;
                for c in p.into_inner() {
                    match c.as_rule() {
                        Rule::kw_while => {}
                        Rule::block => body = Some(self.block(c)),
                        _ => cond = Some(self.cond(c)),
                    }
                }
                ExprKind::While {
                    cond: cond.unwrap_or_else(|| Cond::Expr(Box::new(self.unit_expr(span)))),
                    body: body.unwrap_or(Block {
                        stmts: Vec::new(),
                        span,
                    }),
                }
            }
            Rule::for_expr => {
                let mut pat = None;
                let mut iter = None;
                let mut body = None;
                for c in p.into_inner() {
                    match c.as_rule() {
                        Rule::pattern => pat = Some(self.pattern(c)),
                        Rule::expr_ns => iter = Some(self.expr(c)),
                        Rule::block => body = Some(self.block(c)),
                        _ => {}
                    }
                }
                ExprKind::For {
                    pat: pat.unwrap_or_else(|| Pattern {
                        id: self.fresh(),
                        kind: PatternKind::Wild,
                        span,
                    }),
                    iter: Box::new(iter.unwrap_or_else(|| self.unit_expr(span))),
                    body: body.unwrap_or(Block {
                        stmts: Vec::new(),
                        span,
                    }),
                }
            }
            Rule::par_for => self.par_for(p, span),
            Rule::scope_expr => {
                let limit = p
                    .clone()
                    .into_inner()
                    .find(|c| matches!(c.as_rule(), Rule::scope_timeout | Rule::scope_deadline));
                let is_deadline = limit
                    .as_ref()
                    .is_some_and(|l| l.as_rule() == Rule::scope_deadline);
                let timeout = limit
                    .and_then(|t| t.into_inner().find(|c| c.as_rule() == Rule::expr))
                    .map(|t| Box::new(self.expr(t)));
                let body = p.into_inner().find(|c| c.as_rule() == Rule::block);
                let body = body.map_or(
                    Block {
                        stmts: Vec::new(),
                        span,
                    },
                    |b| self.block(b),
                );
                match timeout {
                    Some(deadline) if is_deadline => ExprKind::DeadlineScope { deadline, body },
                    Some(timeout) => ExprKind::TimedScope { timeout, body },
                    None => ExprKind::Scope(body),
                }
            }
            Rule::with_expr => {
                let mut target = None;
                let mut value = None;
                let mut body = None;
                for c in p.into_inner() {
                    match c.as_rule() {
                        Rule::with_target => {
                            let mut words = c.into_inner();
                            let first = words.next().map(|w| {
                                let s = self.span(&w);
                                self.mk(ExprKind::Name(self.ident(&w, NameUse::Use)), s)
                            });
                            target = first.map(|first| {
                                words.fold(first, |base, w| {
                                    let s = base.span.to(self.span(&w));
                                    let name = self.ident(&w, NameUse::Use);
                                    self.mk(
                                        ExprKind::Field {
                                            base: Box::new(base),
                                            name,
                                        },
                                        s,
                                    )
                                })
                            });
                        }
                        Rule::expr_ns => value = Some(self.expr(c)),
                        Rule::block => body = Some(self.block(c)),
                        _ => {}
                    }
                }
                ExprKind::With {
                    target: Box::new(target.unwrap_or_else(|| self.unit_expr(span))),
                    value: Box::new(value.unwrap_or_else(|| self.unit_expr(span))),
                    body: body.unwrap_or(Block {
                        stmts: Vec::new(),
                        span,
                    }),
                }
            }
            Rule::supervisor_expr => {
                let body = p.into_inner().find(|c| c.as_rule() == Rule::block);
                ExprKind::SupervisorScope(body.map_or(
                    Block {
                        stmts: Vec::new(),
                        span,
                    },
                    |b| self.block(b),
                ))
            }
            Rule::loop_expr => {
                let body = p.into_inner().find(|c| c.as_rule() == Rule::block);
                ExprKind::Loop {
                    body: body.map_or(
                        Block {
                            stmts: Vec::new(),
                            span,
                        },
                        |b| self.block(b),
                    ),
                }
            }
            Rule::match_expr => {
                let mut scrutinee = None;
                let mut arms = Vec::new();
                for c in p.into_inner() {
                    match c.as_rule() {
                        Rule::expr_ns => scrutinee = Some(self.expr(c)),
                        Rule::match_body => {
                            arms = c
                                .into_inner()
                                .filter(|a| a.as_rule() == Rule::arm)
                                .map(|a| self.arm(a))
                                .collect()
                        }
                        _ => {}
                    }
                }
                ExprKind::Match {
                    scrutinee: Box::new(scrutinee.unwrap_or_else(|| self.unit_expr(span))),
                    arms,
                }
            }
            Rule::closure => self.closure(p),
            Rule::break_expr => ExprKind::Break(
                p.into_inner()
                    .find(|c| c.as_rule() == Rule::expr)
                    .map(|e| Box::new(self.expr(e))),
            ),
            Rule::return_expr => ExprKind::Return(
                p.into_inner()
                    .find(|c| c.as_rule() == Rule::expr)
                    .map(|e| Box::new(self.expr(e))),
            ),
            Rule::continue_expr => ExprKind::Continue,
            Rule::cancel_expr => ExprKind::Cancel,
            Rule::close_expr => {
                let end = p.into_inner().find(|c| c.as_rule() == Rule::name);
                ExprKind::Close(Box::new(match end {
                    Some(n) => self.primary(n),
                    None => self.unit_expr(span),
                }))
            }
            Rule::select_expr => {
                let mut biased = false;
                let mut arms = Vec::new();
                for c in p.into_inner() {
                    match c.as_rule() {
                        Rule::select_biased => biased = true,
                        Rule::select_body => {
                            arms = c
                                .into_inner()
                                .filter(|a| a.as_rule() == Rule::select_arm)
                                .map(|a| self.select_arm(a))
                                .collect()
                        }
                        _ => {}
                    }
                }
                ExprKind::Select { biased, arms }
            }
            Rule::yield_expr => ExprKind::Yield,
            Rule::guard_expr => self.guard(p, span),
            _ => {
                self.internal(span, "expression");
                ExprKind::Tuple(Vec::new())
            }
        };
        self.mk(kind, span)
    }

    /// `lock m as v { }`, `read m as v { }`, `write m as v { }`.
    fn guard(&self, p: P, span: Span) -> ExprKind {
        let mut kind = GuardKind::Lock;
        let mut target = None;
        let mut binding = None;
        let mut body = None;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::guard_kw => {
                    kind = match c.as_str() {
                        "read" => GuardKind::Read,
                        "write" => GuardKind::Write,
                        _ => GuardKind::Lock,
                    }
                }
                // A name and its suffixes: the same operand the Pratt parser builds elsewhere.
                Rule::guard_target => target = Some(self.pratt(c.into_inner())),
                Rule::word => {
                    binding = Some(Binder {
                        id: self.fresh(),
                        name: self.ident(&c, NameUse::Binding),
                    })
                }
                Rule::block => body = Some(self.block(c)),
                _ => {}
            }
        }
        ExprKind::Guard {
            kind,
            target: Box::new(target.unwrap_or_else(|| self.unit_expr(span))),
            binding: binding.unwrap_or_else(|| Binder {
                id: self.fresh(),
                name: Ident {
                    name: "_".into(),
                    span,
                },
            }),
            body: body.unwrap_or(Block {
                stmts: Vec::new(),
                span,
            }),
        }
    }

    fn bracket(&self, p: P) -> ExprKind {
        let mut first = None;
        let mut kind = None;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::empty_map => return ExprKind::Map(Vec::new()),
                Rule::repeat_tail => {
                    let span = self.span(&c);
                    let value = first.take().unwrap_or_else(|| self.unit_expr(span));
                    let count = c
                        .into_inner()
                        .next()
                        .map_or_else(|| self.unit_expr(span), |n| self.expr(n));
                    kind = Some(ExprKind::ListRepeat {
                        value: Box::new(value),
                        count: Box::new(count),
                    });
                }
                Rule::map_tail => {
                    let span = self.span(&c);
                    let mut entries = Vec::new();
                    let mut key = first.take();
                    for e in c.into_inner() {
                        let e = self.expr(e);
                        match key.take() {
                            Some(k) => entries.push((k, e)),
                            None => key = Some(e),
                        }
                    }
                    if key.is_some() {
                        self.internal(span, "map entry");
                    }
                    kind = Some(ExprKind::Map(entries));
                }
                Rule::list_tail => {
                    let mut elems: Vec<Expr> = first.take().into_iter().collect();
                    elems.extend(c.into_inner().map(|e| self.expr(e)));
                    kind = Some(ExprKind::List(elems));
                }
                _ => first = Some(self.expr(c)),
            }
        }
        kind.unwrap_or_else(|| ExprKind::List(first.into_iter().collect()))
    }

    fn if_expr(&self, p: P) -> ExprKind {
        let span = self.span(&p);
        let mut cond = None;
        let mut then = None;
        let mut else_ = None;
        let mut seen_else = false;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::kw_if => {}
                Rule::kw_else => seen_else = true,
                Rule::block if !seen_else => then = Some(self.block(c)),
                Rule::block => {
                    let s = self.span(&c);
                    let b = self.block(c);
                    else_ = Some(Box::new(self.mk(ExprKind::Block(b), s)));
                }
                Rule::if_expr => {
                    let s = self.span(&c);
                    let k = self.if_expr(c);
                    else_ = Some(Box::new(self.mk(k, s)));
                }
                _ => cond = Some(self.cond(c)),
            }
        }
        ExprKind::If {
            cond: cond.unwrap_or_else(|| Cond::Expr(Box::new(self.unit_expr(span)))),
            then: then.unwrap_or(Block {
                stmts: Vec::new(),
                span,
            }),
            else_,
        }
    }

    fn cond(&self, p: P) -> Cond {
        if p.as_rule() == Rule::let_cond {
            let span = self.span(&p);
            let mut pat = None;
            let mut expr = None;
            for c in p.into_inner() {
                match c.as_rule() {
                    Rule::pattern => pat = Some(self.pattern(c)),
                    Rule::expr_ns => expr = Some(self.expr(c)),
                    _ => {}
                }
            }
            Cond::Let {
                pat: pat.unwrap_or_else(|| Pattern {
                    id: self.fresh(),
                    kind: PatternKind::Wild,
                    span,
                }),
                expr: Box::new(expr.unwrap_or_else(|| self.unit_expr(span))),
            }
        } else {
            Cond::Expr(Box::new(self.expr(p)))
        }
    }

    /// `par for PAT in (ref|mut)? ITER reduce(..)? { .. }`.
    fn par_for(&self, p: P, span: Span) -> ExprKind {
        let mut pat = None;
        let mut mode = Mode::Own;
        let mut iter = None;
        let mut reductions = Vec::new();
        let mut body = None;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::pattern => pat = Some(self.pattern(c)),
                Rule::par_mode => mode = mode_of(c.as_str()),
                Rule::expr_ns => iter = Some(self.expr(c)),
                Rule::reduce_clause => {
                    let reds = c.into_inner().flat_map(|l| l.into_inner());
                    for r in reds.filter(|r| r.as_rule() == Rule::reduction) {
                        reductions.extend(self.reduction(r));
                    }
                }
                Rule::block => body = Some(self.block(c)),
                _ => {}
            }
        }
        ExprKind::ParFor(Box::new(ParFor {
            pat: pat.unwrap_or_else(|| Pattern {
                id: self.fresh(),
                kind: PatternKind::Wild,
                span,
            }),
            mode,
            iter: iter.unwrap_or_else(|| self.unit_expr(span)),
            reductions,
            body: body.unwrap_or(Block {
                stmts: Vec::new(),
                span,
            }),
        }))
    }

    /// `name: op` or `name: function, identity: value` in a `reduce(..)` clause.
    fn reduction(&self, p: P) -> Option<Reduction> {
        let span = self.span(&p);
        let mut inner = p.into_inner();
        let name = self.ident(&inner.next()?, NameUse::Use);
        let op = inner.next()?;
        let op = match op.as_rule() {
            Rule::reduce_op => match op.as_str() {
                "+" => ReduceOp::Add,
                "*" => ReduceOp::Mul,
                "min" => ReduceOp::Min,
                "max" => ReduceOp::Max,
                "and" => ReduceOp::And,
                _ => ReduceOp::Or,
            },
            _ => {
                let fn_span = self.span(&op);
                let fn_text = op.as_str().trim().to_string();
                let mut parts = op.into_inner();
                let func = self.expr(parts.next()?);
                let identity = parts
                    .next()
                    .and_then(|i| i.into_inner().find(|c| c.as_rule() == Rule::expr_p))
                    .map(|i| self.expr(i));
                let identity = match identity {
                    Some(i) => i,
                    None => {
                        self.error(
                            Diagnostic::error(fn_span, "a reduction by a function needs its identity")
                                .label("no `identity:` given")
                                .help(format!(
                                    "give the value that changes nothing when combined: `{}: {}, identity: VALUE`",
                                    name.name, fn_text
                                )),
                        );
                        self.unit_expr(fn_span)
                    }
                };
                ReduceOp::Fn {
                    func: Box::new(func),
                    identity: Box::new(identity),
                }
            }
        };
        Some(Reduction { name, op, span })
    }

    fn arm(&self, p: P) -> Arm {
        let span = self.span(&p);
        let mut pat = None;
        let mut guard = None;
        let mut body = None;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::pattern => pat = Some(self.pattern(c)),
                Rule::guard => {
                    guard = c
                        .into_inner()
                        .find(|g| g.as_rule() == Rule::expr)
                        .map(|g| self.expr(g))
                }
                Rule::expr => body = Some(self.expr(c)),
                _ => {}
            }
        }
        Arm {
            pat: pat.unwrap_or_else(|| Pattern {
                id: self.fresh(),
                kind: PatternKind::Wild,
                span,
            }),
            guard,
            body: body.unwrap_or_else(|| self.unit_expr(span)),
            span,
        }
    }

    fn select_arm(&self, p: P) -> SelectArm {
        let span = self.span(&p);
        let mut op = SelectOp::Default;
        let mut body = None;
        for c in p.into_inner() {
            let at = self.span(&c);
            match c.as_rule() {
                Rule::recv_arm => {
                    let mut rx = None;
                    let mut binding = None;
                    for x in c.into_inner() {
                        match x.as_rule() {
                            Rule::expr_p => rx = Some(self.expr(x)),
                            Rule::pattern => binding = Some(self.pattern(x)),
                            _ => {}
                        }
                    }
                    op = SelectOp::Recv {
                        rx: rx.unwrap_or_else(|| self.unit_expr(at)),
                        binding,
                    };
                }
                Rule::send_arm => {
                    let mut parts = c
                        .into_inner()
                        .filter(|x| x.as_rule() == Rule::expr_p)
                        .map(|x| self.expr(x));
                    let tx = parts.next().unwrap_or_else(|| self.unit_expr(at));
                    let value = parts.next().unwrap_or_else(|| self.unit_expr(at));
                    op = SelectOp::Send { tx, value };
                }
                Rule::after_arm => {
                    let d = c.into_inner().find(|x| x.as_rule() == Rule::expr_p);
                    op = SelectOp::After(match d {
                        Some(d) => self.expr(d),
                        None => self.unit_expr(at),
                    });
                }
                Rule::default_arm => op = SelectOp::Default,
                Rule::expr => body = Some(self.expr(c)),
                _ => {}
            }
        }
        SelectArm {
            op,
            body: body.unwrap_or_else(|| self.unit_expr(span)),
            span,
        }
    }

    fn closure(&self, p: P) -> ExprKind {
        let span = self.span(&p);
        let mut params = Vec::new();
        let mut ret = None;
        let mut body = None;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::closure_params => {
                    for q in c
                        .into_inner()
                        .filter(|q| q.as_rule() == Rule::closure_param)
                    {
                        let mut inner = q.into_inner();
                        let Some(w) = inner.next() else { continue };
                        let name = self.ident(&w, NameUse::Binding);
                        let ty = inner.next().map(|t| self.ty(t));
                        params.push(ClosureParam {
                            id: self.fresh(),
                            name,
                            ty,
                        });
                    }
                }
                Rule::closure_ret => ret = c.into_inner().next().map(|t| self.ty(t)),
                Rule::block => {
                    let s = self.span(&c);
                    let b = self.block(c);
                    body = Some(self.mk(ExprKind::Block(b), s));
                }
                Rule::expr => body = Some(self.expr(c)),
                _ => {}
            }
        }
        ExprKind::Closure {
            params,
            ret,
            body: Box::new(body.unwrap_or_else(|| self.unit_expr(span))),
        }
    }

    // -----------------------------------------------------------------------------------------
    // Literals

    pub fn literal(&self, p: P) -> Lit {
        match p.as_rule() {
            Rule::kw_true => Lit::Bool(true),
            Rule::kw_false => Lit::Bool(false),
            Rule::kw_none => Lit::None,
            Rule::int_lit => match self.duration_value(&p) {
                Some(d) => Lit::Duration(d),
                None => Lit::Int(self.int_value(&p)),
            },
            Rule::float_lit => {
                self.check_underscores(p.as_str(), self.span(&p).start as usize, false);
                Lit::Float(p.as_str().replace('_', ""))
            }
            Rule::char_lit => Lit::Char(self.char_value(&p)),
            Rule::string => Lit::Str(self.string_parts(p)),
            _ => {
                self.internal(self.span(&p), "literal");
                Lit::None
            }
        }
    }

    /// `10ms`, `2s`, `500us`, `1m`: decimal digits (with `_`) followed by a time unit. `None`
    /// when the literal is not one (then it is an integer, or a bad one `int_value` reports).
    fn duration_value(&self, p: &P) -> Option<DurationLit> {
        let text = p.as_str();
        let digits_end = text
            .find(|c: char| !(c.is_ascii_digit() || c == '_'))
            .filter(|_| !matches!(text.get(..2), Some("0x" | "0o" | "0b")))?;
        let (digits, suffix) = text.split_at(digits_end);
        let unit = match suffix {
            "us" => TimeUnit::Micros,
            "ms" => TimeUnit::Millis,
            "s" => TimeUnit::Secs,
            "m" => TimeUnit::Mins,
            // Time words that are not Aurora's units get their own message; other suffixes
            // (`12ab`) are bad integers.
            _ if OTHER_TIME_UNITS.contains(&suffix) && !digits.is_empty() => {
                let start = self.span(p).start as usize + digits.len();
                self.error(
                    Diagnostic::error(
                        Span::new(self.file, start, start + suffix.len()),
                        format!("unknown duration unit `{suffix}`"),
                    )
                    .label("not a unit")
                    .help("durations are written in `us`, `ms`, `s` or `m` (`10ms`, `2s`)"),
                );
                return Some(DurationLit {
                    amount: 0,
                    unit: TimeUnit::Secs,
                    text: text.to_string(),
                });
            }
            _ => return None,
        };
        let span = self.span(p);
        self.check_underscores(digits, span.start as usize, false);
        let per_unit: u64 = if unit == TimeUnit::Mins { 60 } else { 1 };
        let amount = digits
            .replace('_', "")
            .parse::<u64>()
            .ok()
            .filter(|a| a.checked_mul(per_unit).is_some());
        let Some(amount) = amount else {
            self.error(
                Diagnostic::error(span, "duration literal is too large")
                    .label("does not fit in a duration")
                    .note("a duration literal's amount must fit in 64 bits (in seconds for `m`)"),
            );
            return Some(DurationLit {
                amount: 0,
                unit,
                text: text.to_string(),
            });
        };
        Some(DurationLit {
            amount,
            unit,
            text: text.to_string(),
        })
    }

    fn int_value(&self, p: &P) -> u128 {
        let text = p.as_str();
        let span = self.span(p);
        let (radix, digits, what) = match text.get(..2) {
            Some("0x") => (16, &text[2..], "hexadecimal"),
            Some("0o") => (8, &text[2..], "octal"),
            Some("0b") => (2, &text[2..], "binary"),
            _ => (10, text, "decimal"),
        };
        let mut value: u128 = 0;
        let mut any = false;
        let mut overflow = false;
        for (i, ch) in digits.char_indices() {
            if ch == '_' {
                continue;
            }
            let Some(d) = ch.to_digit(radix) else {
                let at = span.start as usize + (text.len() - digits.len()) + i;
                let mut d = Diagnostic::error(
                    Span::new(self.file, at, at + ch.len_utf8()),
                    format!("invalid digit `{ch}` in {what} integer literal"),
                )
                .label("not a digit");
                if radix == 10 && i == 1 && matches!(ch, 'X' | 'O' | 'B') && text.starts_with('0') {
                    d = d.help(format!(
                        "number prefixes are lower case: `0{}`",
                        ch.to_ascii_lowercase()
                    ));
                } else if radix == 10 && ch.is_ascii_alphabetic() {
                    d = d.help(
                        "integer literals have no suffix (durations take `us`, `ms`, `s` or `m`); \
                         a name cannot start with a digit",
                    );
                }
                self.error(d);
                return 0;
            };
            any = true;
            match value
                .checked_mul(radix as u128)
                .and_then(|v| v.checked_add(d as u128))
            {
                Some(v) => value = v,
                None => overflow = true,
            }
        }
        if !any {
            self.error(
                Diagnostic::error(span, format!("{what} integer literal has no digits"))
                    .label("expected digits"),
            );
            return 0;
        }
        self.check_underscores(text, span.start as usize, radix == 16);
        if overflow {
            self.error(
                Diagnostic::error(span, "integer literal is too large")
                    .label("does not fit in 128 bits")
                    .note("the largest integer type is `u128`"),
            );
            return 0;
        }
        value
    }

    /// §1.3: a `_` in a number must stand between two digits (`1__0`, `1_`, `0x_1` are errors).
    fn check_underscores(&self, text: &str, start: usize, hex: bool) {
        let b = text.as_bytes();
        let digit = |c: u8| {
            if hex {
                c.is_ascii_hexdigit()
            } else {
                c.is_ascii_digit()
            }
        };
        for (i, &c) in b.iter().enumerate() {
            if c != b'_' {
                continue;
            }
            let before = i > 0 && digit(b[i - 1]) && !(i == 2 && hex);
            let after = b.get(i + 1).is_some_and(|&n| digit(n));
            if !(before && after) {
                let at = start + i;
                self.error(
                    Diagnostic::error(
                        Span::new(self.file, at, at + 1),
                        "`_` in a number must stand between two digits",
                    )
                    .label("misplaced `_`")
                    .help("remove it, or put digits on both sides: `1_000`"),
                );
                return;
            }
        }
    }

    fn char_value(&self, p: &P) -> char {
        let text = p.as_str();
        let span = self.span(p);
        let inner = text.get(1..text.len().saturating_sub(1)).unwrap_or("");
        let inner_start = span.start as usize + 1;
        let mut chars = Vec::new();
        let mut i = 0;
        while i < inner.len() {
            let rest = &inner[i..];
            if rest.starts_with('\\') {
                let (c, len) = self.escape(rest, inner_start + i, '\'');
                chars.push(c);
                i += len.max(1);
            } else {
                let Some(c) = rest.chars().next() else { break };
                chars.push(c);
                i += c.len_utf8();
            }
        }
        match chars.as_slice() {
            [c] => *c,
            [] => {
                self.error(
                    Diagnostic::error(span, "empty character literal")
                        .label("expected a character between the quotes")
                        .help("write `' '` for a space, or `\"\"` for an empty string"),
                );
                '\0'
            }
            [c, ..] => {
                self.error(
                    Diagnostic::error(span, "character literal may only contain one character")
                        .help(format!("use double quotes for a string: \"{inner}\"")),
                );
                *c
            }
        }
    }

    /// Decode the escape at the start of `s` (which begins with `\`); `at` is its file offset.
    /// Returns the character and the escape's length in bytes.
    fn escape(&self, s: &str, at: usize, quote: char) -> (char, usize) {
        let mut it = s.chars();
        it.next();
        let Some(c) = it.next() else {
            self.error(Diagnostic::error(
                Span::new(self.file, at, at + 1),
                "incomplete escape",
            ));
            return ('\\', 1);
        };
        let len = 1 + c.len_utf8();
        let simple = match c {
            'n' => Some('\n'),
            'r' => Some('\r'),
            't' => Some('\t'),
            '\\' => Some('\\'),
            '"' => Some('"'),
            '\'' => Some('\''),
            '0' => Some('\0'),
            _ => None,
        };
        if let Some(v) = simple {
            return (v, len);
        }
        if c == 'u' {
            if let Some(body) = s.get(2..).filter(|b| b.starts_with('{')) {
                if let Some(close) = body.find('}') {
                    let hex = &body[1..close];
                    let total = 2 + close + 1;
                    let span = Span::new(self.file, at, at + total);
                    let digits: String = hex.chars().filter(|c| *c != '_').collect();
                    let value = if digits.is_empty() || digits.len() > 6 {
                        None
                    } else {
                        u32::from_str_radix(&digits, 16).ok()
                    };
                    return match value.and_then(char::from_u32) {
                        Some(ch) => (ch, total),
                        None => {
                            self.error(
                                Diagnostic::error(span, "invalid unicode escape")
                                    .label("not a Unicode scalar value")
                                    .help("write 1 to 6 hex digits of a valid code point, e.g. `\\u{1F600}`"),
                            );
                            ('\u{FFFD}', total)
                        }
                    };
                }
            }
            self.error(
                Diagnostic::error(Span::new(self.file, at, at + 2), "incorrect unicode escape")
                    .help("write the code point in braces, e.g. `\\u{1F600}`"),
            );
            return ('\u{FFFD}', 2);
        }
        let mut d = Diagnostic::error(
            Span::new(self.file, at, at + len),
            format!("unknown character escape `\\{c}`"),
        )
        .label("unknown escape")
        .help(
            "the escapes are \\n \\r \\t \\\\ \\\" \\' \\0 \\u{...}; braces are written {{ and }}",
        );
        if c == '{' || c == '}' {
            d = d.help(format!("write `{c}{c}` for a literal brace in a string"));
        } else if quote == '"' && c != ' ' {
            d = d.note("to write a backslash, escape it: `\\\\`");
        }
        self.error(d);
        (c, len)
    }

    fn string_parts(&self, p: P) -> Vec<StrPart> {
        let mut parts: Vec<StrPart> = Vec::new();
        let mut text = String::new();
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::str_text => text.push_str(c.as_str()),
                Rule::lbrace => text.push('{'),
                Rule::rbrace => text.push('}'),
                Rule::escape => {
                    let at = self.span(&c).start as usize;
                    let (ch, _) = self.escape(c.as_str(), at, '"');
                    text.push(ch);
                }
                Rule::empty_interp => {
                    self.error(
                        Diagnostic::error(self.span(&c), "empty interpolation `{}`")
                            .label("no expression inside")
                            .help("put the value inside the braces (`{name}`), or write `{{}}` for literal braces"),
                    );
                }
                Rule::lone_rbrace => {
                    self.error(
                        Diagnostic::error(self.span(&c), "unmatched `}` in string")
                            .label("no `{` opens this")
                            .help("write `}}` for a literal `}`"),
                    );
                    text.push('}');
                }
                Rule::interp => {
                    if !text.is_empty() {
                        parts.push(StrPart::Text(std::mem::take(&mut text)));
                    }
                    let span = self.span(&c);
                    // Strings are single-line, but the whitespace inside `{ }` would let an
                    // interpolation (or a `//` comment in it) run onto the next line.
                    if let Some(i) = c.as_str().find('\n') {
                        let at = span.start as usize + i;
                        self.error(
                            Diagnostic::error(
                                Span::new(self.file, at, at),
                                "a line break cannot appear inside an interpolation",
                            )
                            .label("the line ends inside `{...}`")
                            .help("strings are single-line: close the `{...}` on this line"),
                        );
                    }
                    let mut expr = None;
                    let mut spec = None;
                    for q in c.into_inner() {
                        match q.as_rule() {
                            Rule::fmt_spec => {
                                if !valid_format_spec(q.as_str()) {
                                    self.error(
                                        Diagnostic::error(
                                            self.span(&q),
                                            format!("invalid format spec `{}`", q.as_str()),
                                        )
                                        .label("not a format spec")
                                        .help(
                                            "a spec is [[fill]align][sign][#][0][width][.precision][type], \
                                             e.g. `>8`, `.2`, `08.3`, `?`, `#?`, `x`, `e`",
                                        ),
                                    );
                                }
                                spec = Some(q.as_str().to_string());
                            }
                            _ => {
                                self.check_interp(&q);
                                expr = Some(self.expr(q));
                            }
                        }
                    }
                    let expr = expr.unwrap_or_else(|| self.unit_expr(span));
                    parts.push(StrPart::Interp {
                        expr: Box::new(expr),
                        spec,
                    });
                }
                _ => {}
            }
        }
        if !text.is_empty() {
            parts.push(StrPart::Text(text));
        }
        parts
    }

    /// docs/language.md §1.6: an interpolated expression has no string literal and no braces.
    fn check_interp(&self, q: &P) {
        let text = q.as_str();
        let span = self.span(q);
        if let Some(i) = text.find(['"', '{', '}']) {
            let at = span.start as usize + i;
            let what = if text.as_bytes()[i] == b'"' {
                "a string literal"
            } else {
                "a brace"
            };
            self.error(
                Diagnostic::error(
                    Span::new(self.file, at, at + 1),
                    format!("{what} cannot appear inside an interpolation"),
                )
                .label("inside `{...}`")
                .help("compute the value with `let` before the string and interpolate the name"),
            );
        }
    }

    /// A string that must not interpolate (test names): its decoded text.
    pub fn plain_string(&self, p: P, what: &str) -> String {
        let span = self.span(&p);
        let mut out = String::new();
        for part in self.string_parts(p) {
            match part {
                StrPart::Text(t) => out.push_str(&t),
                StrPart::Interp { .. } => {
                    self.error(
                        Diagnostic::error(span, format!("{what} cannot contain interpolation"))
                            .help("write `{{` and `}}` for literal braces"),
                    );
                }
            }
        }
        out
    }
}

/// Rust's format spec without argument references (`name$`, `*`): docs/language.md §1.6.
/// Checked here so a typo is an Aurora error at the string, not a rustc error in the output.
fn valid_format_spec(spec: &str) -> bool {
    let chars: Vec<char> = spec.chars().collect();
    let mut i = 0;
    let is_align = |c: char| matches!(c, '<' | '^' | '>');
    if chars.len() >= 2 && is_align(chars[1]) {
        i = 2;
    } else if chars.first().copied().is_some_and(is_align) {
        i = 1;
    }
    let eat = |pred: &dyn Fn(char) -> bool, i: &mut usize| {
        let start = *i;
        while *i < chars.len() && pred(chars[*i]) {
            *i += 1;
        }
        *i > start
    };
    if i < chars.len() && matches!(chars[i], '+' | '-') {
        i += 1;
    }
    if i < chars.len() && chars[i] == '#' {
        i += 1;
    }
    eat(&|c: char| c.is_ascii_digit(), &mut i);
    if i < chars.len() && chars[i] == '.' {
        i += 1;
        if !eat(&|c: char| c.is_ascii_digit(), &mut i) {
            return false;
        }
    }
    matches!(
        chars[i..].iter().collect::<String>().as_str(),
        "" | "?" | "x?" | "X?" | "x" | "X" | "o" | "b" | "e" | "E"
    )
}
