//! Source-map marks: every token lowering emits carries the span of the Aurora node it came
//! from, so that the printed Rust can be mapped back to the `.aur` source (`crate::sourcemap`).
//!
//! The carrier is the token's own `proc_macro2::Span`, as in a procedural macro. Outside a
//! compiler, proc-macro2 can only make a span by lexing text, so each mark is the span of a
//! one-token string lexed for it; [`Marks`] remembers which Aurora span each one stands for.
//! Lowering is bottom-up: an expression marks the tokens its children left unmarked, so every
//! token ends up with the innermost node that produced it (a variable's name with the name, a
//! `move |ctx|` with its `spawn`, a `;` with its statement).

use std::collections::HashMap;

use aurora_grammar::Span;
use proc_macro2::{Group, TokenStream, TokenTree};

/// The Aurora spans behind the marks of one module.
#[derive(Debug, Default)]
pub struct Marks {
    by_key: HashMap<String, Span>,
}

impl Marks {
    /// A fresh carrier span standing for `span`.
    fn carrier(&mut self, span: Span) -> proc_macro2::Span {
        // Lexing `_` cannot fail; each lexed string is a file of its own in proc-macro2's
        // thread-local source map, which names it uniquely.
        let token = "_"
            .parse::<TokenStream>()
            .ok()
            .and_then(|ts| ts.into_iter().next());
        let Some(token) = token else {
            return proc_macro2::Span::call_site();
        };
        let carrier = token.span();
        self.by_key.insert(carrier.file(), span);
        carrier
    }

    /// The Aurora span a token's span stands for, if it is a mark.
    pub fn span_of(&self, token: proc_macro2::Span) -> Option<Span> {
        if is_unmarked(token) {
            return None;
        }
        self.by_key.get(&token.file()).copied()
    }

    /// Give every token of `ts` that has no mark yet the mark for `span`.
    pub fn mark(&mut self, ts: TokenStream, span: Span) -> TokenStream {
        if !ts.clone().into_iter().any(|tt| needs_mark(&tt)) {
            return ts;
        }
        let carrier = self.carrier(span);
        respan(ts, carrier)
    }
}

/// Tokens made by quote carry `Span::call_site()`, an empty range; marks never are empty.
fn is_unmarked(span: proc_macro2::Span) -> bool {
    span.byte_range().is_empty()
}

fn needs_mark(tt: &TokenTree) -> bool {
    match tt {
        TokenTree::Group(g) => {
            is_unmarked(g.span()) || g.stream().into_iter().any(|t| needs_mark(&t))
        }
        other => is_unmarked(other.span()),
    }
}

fn respan(ts: TokenStream, carrier: proc_macro2::Span) -> TokenStream {
    ts.into_iter()
        .map(|tt| match tt {
            TokenTree::Group(g) => {
                let mut group = Group::new(g.delimiter(), respan(g.stream(), carrier));
                group.set_span(if is_unmarked(g.span()) {
                    carrier
                } else {
                    g.span()
                });
                TokenTree::Group(group)
            }
            mut other => {
                if is_unmarked(other.span()) {
                    other.set_span(carrier);
                }
                other
            }
        })
        .collect()
}
