//! String literals and interpolation (docs/language.md §1.6).
//!
//! Text reaches the output only through `proc_macro2::Literal::string`, which escapes it, and
//! braces in format strings are doubled, so no string content can end a literal or inject
//! Rust code. An interpolated `{x}` whose expression is a plain local name is written inline
//! in the format string (`format!("a {x}")`, as clippy's `uninlined_format_args` wants); any
//! other expression becomes a positional argument (`format!("a {}", x + 1)`).

use aurora_grammar::ast::{Expr, ExprKind, StrPart};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::ident::{ident, inlinable};
use super::{LExpr, Lowerer, Want};
use crate::check::Res;

/// A format string being built, with its positional arguments.
#[derive(Debug, Default)]
pub struct Fmt {
    pub text: String,
    pub args: Vec<TokenStream>,
}

impl Fmt {
    /// Literal text, braces escaped.
    pub fn push_text(&mut self, text: &str) {
        for c in text.chars() {
            match c {
                '{' => self.text.push_str("{{"),
                '}' => self.text.push_str("}}"),
                c => self.text.push(c),
            }
        }
    }

    fn push_spec(&mut self, spec: Option<&str>) {
        if let Some(spec) = spec {
            self.text.push(':');
            // A spec cannot contain braces (the lexer ends the interpolation at `}`); drop
            // any so a malformed AST cannot unbalance the format string.
            self.text
                .extend(spec.chars().filter(|c| *c != '{' && *c != '}'));
        }
    }

    /// `{name}` or `{name:spec}`.
    pub fn push_inline(&mut self, name: &str, spec: Option<&str>) {
        self.text.push('{');
        self.text.push_str(name);
        self.push_spec(spec);
        self.text.push('}');
    }

    /// `{}` or `{:spec}` with a positional argument.
    pub fn push_arg(&mut self, arg: TokenStream, spec: Option<&str>) {
        self.text.push('{');
        self.push_spec(spec);
        self.text.push('}');
        self.args.push(arg);
    }

    /// `mac!("text", args..)`.
    pub fn into_macro(self, mac: TokenStream) -> TokenStream {
        let lit = Literal::string(&self.text);
        let args = self.args;
        if args.is_empty() {
            quote!(#mac!(#lit))
        } else {
            quote!(#mac!(#lit, #(#args),*))
        }
    }
}

/// The text of a string literal without interpolation.
pub fn plain_text(parts: &[StrPart]) -> Option<String> {
    let mut out = String::new();
    for part in parts {
        match part {
            StrPart::Text(t) => out.push_str(t),
            StrPart::Interp { .. } => return None,
        }
    }
    Some(out)
}

impl Lowerer<'_> {
    /// A string literal: `String::from("..")` where a `str` value is wanted, the bare literal
    /// where a borrow suffices, `format!(..)` when it interpolates.
    pub fn str_lit(&mut self, parts: &[StrPart], want: Want) -> LExpr {
        if let Some(text) = plain_text(parts) {
            let lit = Literal::string(&text);
            return match want {
                Want::Owned if text.is_empty() => LExpr::atom(quote!(String::new())),
                Want::Owned => LExpr::atom(quote!(String::from(#lit))),
                Want::Borrowed => LExpr::atom(quote!(#lit)),
            };
        }
        let mut fmt = Fmt::default();
        self.push_parts(parts, &mut fmt);
        LExpr::atom(fmt.into_macro(quote!(format)))
    }

    /// Append a string literal's parts to a format string.
    pub fn push_parts(&mut self, parts: &[StrPart], fmt: &mut Fmt) {
        for part in parts {
            match part {
                StrPart::Text(t) => fmt.push_text(t),
                StrPart::Interp { expr, spec } => self.push_value(expr, spec.as_deref(), fmt),
            }
        }
    }

    /// Append one value to a format string: inline when it is a plain local name.
    pub fn push_value(&mut self, expr: &Expr, spec: Option<&str>, fmt: &mut Fmt) {
        let expr = peel_parens(expr);
        // A `duration` has no `Display` in Rust; its `Debug` is the readable form (`10ms`,
        // `1.5s`), the one Aurora prints.
        let spec = match spec {
            None if self.info.ty(expr.id).peel() == &crate::check::Ty::Duration => Some("?"),
            s => s,
        };
        if let Some(name) = self.inline_name(expr) {
            fmt.push_inline(&name, spec);
            return;
        }
        if let ExprKind::Lit(aurora_grammar::ast::Lit::Str(parts)) = &expr.kind {
            if spec.is_none() {
                self.push_parts(parts, fmt);
                return;
            }
        }
        let arg = self.delimited(|l| l.expr_typed(expr, Want::Borrowed));
        fmt.push_arg(arg.ts, spec);
    }

    /// The name to write inside a format string for `expr`, if it is a local or constant
    /// whose Rust name is a plain identifier.
    fn inline_name(&self, expr: &Expr) -> Option<String> {
        let ExprKind::Name(id) = &expr.kind else {
            return None;
        };
        let ok = matches!(
            self.info.res(expr.id),
            Some(Res::Local(_) | Res::Const { .. }) | None
        );
        (ok && inlinable(&id.name) && ident(&id.name) == id.name.as_str()).then(|| id.name.clone())
    }
}

/// `expr` without Aurora's grouping parentheses.
pub fn peel_parens(mut expr: &Expr) -> &Expr {
    while let ExprKind::Paren(inner) = &expr.kind {
        expr = inner;
    }
    expr
}
