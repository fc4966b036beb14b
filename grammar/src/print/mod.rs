//! Printers from the AST back to source text: canonical `.aur` ([`aur`], what `aurora2rs fmt`
//! writes) and canonical CNL ([`cnl`]).

pub mod aur;
pub mod cnl;
pub(crate) mod layout;
pub(crate) mod literal;

use crate::ast::Module;

/// The items of `module` as `Debug` text with every span and node id left out, one line per
/// item: two modules with the same shape (one parsed from the other's printed text, say) give
/// the same string. For round-trip tests of the printers; comments are not included.
pub fn shape(module: &Module) -> String {
    let mut out = String::new();
    for item in &module.items {
        let text = format!("{item:?}");
        let mut rest = text.as_str();
        loop {
            let span = rest.find("Span { file: FileId(");
            let id = rest.find("NodeId(");
            let (at, close, keep) = match (span, id) {
                (Some(s), Some(i)) if i < s => (i, ')', "NodeId"),
                (Some(s), _) => (s, '}', "Span"),
                (None, Some(i)) => (i, ')', "NodeId"),
                (None, None) => break,
            };
            out.push_str(&rest[..at]);
            out.push_str(keep);
            rest = match rest[at..].find(close) {
                Some(e) => &rest[at + e + 1..],
                None => "",
            };
        }
        out.push_str(rest);
        out.push('\n');
    }
    out
}
