//! Literals and operators: literal types from the context (and whether they fit), binary
//! operators, casts and `bool` conditions, with the few type errors that are certain.

use aurora_grammar::ast::{self, BinOp, Expr, ExprKind, Lit, UnOp};
use aurora_grammar::{Diagnostic, Span};

use super::expr::known;
use super::literal;
use super::types::show;
use super::walk::Walker;
use super::Ty;

pub(crate) fn is_numeric(t: &Ty) -> bool {
    t.is_integer() || t.is_float()
}

/// An integer literal, possibly negated or parenthesised: its type comes from its context.
pub(crate) fn is_int_lit(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Lit(Lit::Int(_)) => true,
        ExprKind::Unary {
            op: UnOp::Neg,
            expr,
        }
        | ExprKind::Paren(expr) => is_int_lit(expr),
        _ => false,
    }
}

/// Any literal, possibly negated or parenthesised.
pub(crate) fn is_lit(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Lit(_) => true,
        ExprKind::Unary {
            op: UnOp::Neg,
            expr,
        }
        | ExprKind::Paren(expr) => is_lit(expr),
        _ => false,
    }
}

impl Walker<'_> {
    pub fn lit(&mut self, e: &Expr, lit: &Lit, exp: Option<&Ty>, negative: bool) -> Ty {
        match lit {
            Lit::Int(v) => {
                let ty = match exp.map(Ty::peel) {
                    Some(t) if t.is_integer() => t.clone(),
                    Some(t) if t.is_float() => {
                        let sign = if negative { "-" } else { "" };
                        self.literal_mismatch(
                            e,
                            "an integer literal",
                            t,
                            format!("write a float literal: `{sign}{v}.0`"),
                        );
                        Ty::Int
                    }
                    Some(t) => {
                        self.literal_mismatch(e, "an integer literal", t, String::new());
                        Ty::Int
                    }
                    _ => Ty::Int,
                };
                if let Some(msg) = literal::int_fits(*v, negative, &ty) {
                    let sign = if negative { "-" } else { "" };
                    let written = self.text(e.span);
                    let written = if written.is_empty() {
                        v.to_string()
                    } else {
                        written
                    };
                    self.errors.push(
                        Diagnostic::error(
                            e.span,
                            format!("`{sign}{written}` does not fit in `{}`", show(&ty)),
                        )
                        .label("out of range")
                        .help(msg),
                    );
                }
                ty
            }
            Lit::Float(_) => match exp.map(Ty::peel) {
                Some(Ty::Sized("f32")) => Ty::Sized("f32"),
                Some(t) if t.is_integer() => {
                    let help = format!("an integer has no fraction: convert with `as {}` to truncate, or use a `float`", show(t));
                    self.literal_mismatch(e, "a float literal", t, help);
                    Ty::Float
                }
                Some(t) => {
                    self.literal_mismatch(e, "a float literal", t, String::new());
                    Ty::Float
                }
                _ => Ty::Float,
            },
            Lit::Bool(_) => {
                if let Some(t) = exp.map(Ty::peel) {
                    self.literal_mismatch(e, "a `bool` literal", t, String::new());
                }
                Ty::Bool
            }
            Lit::Char(_) => {
                if let Some(t) = exp.map(Ty::peel) {
                    let help = if *t == Ty::Str {
                        "a `str` is written in double quotes: \"a\""
                    } else {
                        ""
                    };
                    self.literal_mismatch(e, "a `char` literal", t, help.to_string());
                }
                Ty::Char
            }
            Lit::Str(parts) => {
                for p in parts {
                    if let ast::StrPart::Interp { expr, .. } = p {
                        self.expr(expr, None);
                    }
                }
                if let Some(t) = exp.map(Ty::peel) {
                    let one_char = matches!(parts.as_slice(), [ast::StrPart::Text(s)] if s.chars().count() == 1);
                    let help = if *t == Ty::Char && one_char {
                        "a `char` is written in single quotes: 'a'"
                    } else {
                        ""
                    };
                    self.literal_mismatch(e, "a string literal", t, help.to_string());
                }
                Ty::Str
            }
            Lit::None => match exp.map(Ty::peel) {
                Some(t @ Ty::Option(_)) => t.clone(),
                _ => Ty::Option(Box::new(Ty::Unknown)),
            },
            Lit::Duration(_) => {
                if negative {
                    self.errors.push(
                        Diagnostic::error(e.span, "a duration cannot be negative")
                            .label("negative duration")
                            .help("remove the `-`"),
                    );
                }
                if let Some(t) = exp.map(Ty::peel).filter(|t| known(t).is_some()) {
                    if !matches!(t, Ty::Duration | Ty::Param(_)) {
                        self.literal_mismatch(e, "a duration literal", t, String::new());
                    }
                }
                Ty::Duration
            }
        }
    }

    /// A literal whose kind cannot be the scalar type the context requires (`let s: str = 5`,
    /// `c == "a"` for a `char` `c`). Only scalar expectations are certain enough to report.
    pub fn literal_mismatch(&mut self, e: &Expr, found: &str, want: &Ty, help: String) {
        let scalar = |t: &Ty| {
            matches!(
                t,
                Ty::Int | Ty::Float | Ty::Bool | Ty::Char | Ty::Str | Ty::Sized(_)
            )
        };
        let same = match want {
            Ty::Bool => found == "a `bool` literal",
            Ty::Char => found == "a `char` literal",
            Ty::Str => found == "a string literal",
            t if t.is_integer() => found == "an integer literal",
            t if t.is_float() => found == "a float literal",
            _ => true,
        };
        if same || !scalar(want) {
            return;
        }
        let mut d = Diagnostic::error(e.span, format!("expected `{}`, found {found}", show(want)))
            .label(format!("this is {found}"));
        if !help.is_empty() {
            d = d.help(help);
        }
        self.errors.push(d);
    }

    pub fn binary(&mut self, op: BinOp, lhs: &Expr, rhs: &Expr, exp: Option<&Ty>) -> Ty {
        use BinOp::*;
        if matches!(op, And | Or) {
            let l = self.expr(lhs, Some(&Ty::Bool));
            let r = self.expr(rhs, Some(&Ty::Bool));
            let sym = if op == And { "&&" } else { "||" };
            self.expect_bool(lhs.span, &l, &format!("an operand of `{sym}`"));
            self.expect_bool(rhs.span, &r, &format!("an operand of `{sym}`"));
            return Ty::Bool;
        }
        let cmp = matches!(op, Eq | Ne | Lt | Le | Gt | Ge);
        let shift = matches!(op, Shl | Shr);
        let lexp = if cmp {
            None
        } else {
            exp.filter(|t| is_numeric(t))
        };
        let (l, r) = if is_int_lit(lhs) && !is_int_lit(rhs) && !shift {
            let r = self.expr(rhs, lexp);
            let want = known(r.peel())
                .filter(|t| is_numeric(t))
                .cloned()
                .or_else(|| lexp.cloned());
            (self.expr(lhs, want.as_ref()), r)
        } else {
            let l = self.expr(lhs, lexp);
            // `+` passes only numbers down, so `"a" + 1` reads "cannot add" with its help.
            let want = if shift || (!cmp && !is_numeric(l.peel())) {
                None
            } else {
                known(l.peel()).cloned()
            };
            (l, self.expr(rhs, want.as_ref()))
        };
        let (lp, rp) = (l.peel().clone(), r.peel().clone());
        if let Some((side, t)) = [(lhs, &lp), (rhs, &rp)]
            .into_iter()
            .find(|(_, t)| matches!(t, Ty::Task(_)))
        {
            self.task_operand(side, t);
            return if cmp { Ty::Bool } else { Ty::Unknown };
        }
        // A literal given the other side's type reports its own mismatch (`x + 1` with a float
        // `x`: "write `1.0`"); only `+` with a `str` passes no type down (see `want`).
        let str_add = op == Add && (lp == Ty::Str || rp == Ty::Str);
        let literal_clash = (is_lit(lhs) || is_lit(rhs)) && !str_add;
        if !shift && !literal_clash {
            self.check_operands(op, lhs.span.to(rhs.span), &lp, &rp);
        }
        if cmp {
            return Ty::Bool;
        }
        // The time between two instants is a duration (`now() - start`).
        if op == Sub && lp == Ty::Instant && rp == Ty::Instant {
            return Ty::Duration;
        }
        match (known(&lp), known(&rp)) {
            (Some(t), _) | (None, Some(t)) => t.clone(),
            _ if l == Ty::Never || r == Ty::Never => Ty::Never,
            _ => Ty::Unknown,
        }
    }

    /// Report the operand mismatches that are certain: numbers of different types, and `str`
    /// mixed with a number.
    pub fn check_operands(&mut self, op: BinOp, span: Span, lp: &Ty, rp: &Ty) {
        let (Some(l), Some(r)) = (known(lp), known(rp)) else {
            return;
        };
        if matches!(l, Ty::Param(_)) || matches!(r, Ty::Param(_)) {
            return;
        }
        if is_numeric(l) && is_numeric(r) && l != r {
            self.errors.push(
                Diagnostic::error(
                    span,
                    format!("mismatched types: `{}` and `{}`", show(l), show(r)),
                )
                .label("the two sides have different number types")
                .help(format!(
                    "convert one side with `as`, e.g. `x as {}`",
                    show(l)
                )),
            );
        } else if op == BinOp::Add
            && (*l == Ty::Str) != (*r == Ty::Str)
            && (is_numeric(l)
                || is_numeric(r)
                || matches!(l, Ty::Bool | Ty::Char)
                || matches!(r, Ty::Bool | Ty::Char))
        {
            let (a, b) = (show(l), show(r));
            self.errors.push(
                Diagnostic::error(span, format!("cannot add `{b}` to `{a}`"))
                    .label("`+` joins two `str`s or adds two numbers of the same type")
                    .help("use interpolation: \"{a}{b}\""),
            );
        }
    }

    /// `as` converts between numbers, from `char` or `bool` to an integer and from `u8` to
    /// `char`; anything else between known types is an error.
    pub fn check_cast(&mut self, span: Span, from: &Ty, to: &Ty) {
        let (Some(f), Some(t)) = (known(from), known(to)) else {
            return;
        };
        if matches!(f, Ty::Param(_)) || matches!(t, Ty::Param(_)) || f == t {
            return;
        }
        let ok = (is_numeric(f) && is_numeric(t))
            || (matches!(f, Ty::Char | Ty::Bool) && t.is_integer())
            || (*f == Ty::Sized("u8") && *t == Ty::Char);
        if ok {
            return;
        }
        let help = if *f == Ty::Str && is_numeric(t) {
            "parse the text instead: `s.parse_int()` or `s.parse_float()`".to_string()
        } else if *t == Ty::Str {
            "convert with `.to_string()` or string interpolation".to_string()
        } else if t.is_integer() && *t != Ty::Sized("u8") && *f == Ty::Char {
            String::new()
        } else if *t == Ty::Char {
            "only `u8` converts to `char`: `(x as u8) as char`".to_string()
        } else {
            "`as` converts between numbers, from `char` or `bool` to an integer, and from `u8` to `char`".to_string()
        };
        let mut d = Diagnostic::error(
            span,
            format!("cannot convert `{}` to `{}` with `as`", show(f), show(t)),
        )
        .label("unsupported cast");
        if !help.is_empty() {
            d = d.help(help);
        }
        self.errors.push(d);
    }

    pub fn expect_bool(&mut self, span: Span, t: &Ty, what: &str) {
        let Some(t) = known(t.peel()) else { return };
        if *t == Ty::Bool || matches!(t, Ty::Param(_)) {
            return;
        }
        let mut d = Diagnostic::error(span, format!("expected `bool`, found `{}`", show(t)))
            .label(format!("{what} must be a `bool`"));
        if t.is_integer() || t.is_float() {
            d = d.help("compare explicitly, e.g. `x != 0`");
        } else if matches!(t, Ty::Option(_)) {
            d = d.help("test the option with `if let some(x) = ..` or `.is_some()`");
        }
        self.errors.push(d);
    }
}
