//! Names: Aurora identifiers to Rust identifiers.
//!
//! Aurora names that are Rust keywords become raw identifiers (`type` -> `r#type`). Every
//! identifier is built through [`ident`], which never panics: the few names Rust cannot
//! spell even raw (`self`, `Self`, `super`, `crate`, `_`) are kept as they are where they are
//! keywords with the same meaning (`self`, `Self`), and otherwise get a trailing `_`.

use proc_macro2::{Ident, Span};

/// Every Rust keyword, strict and reserved, in all editions up to 2024 (`gen` is reserved
/// from 2024; `union`, `macro_rules` and `raw` are contextual and need no escaping).
pub const RUST_KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "gen", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// The Rust identifier for the Aurora name `name`.
pub fn ident(name: &str) -> Ident {
    let clean = sanitize(name);
    if clean == "self" || clean == "Self" {
        return Ident::new(&clean, Span::call_site());
    }
    if NOT_RAW.contains(&clean.as_str()) {
        return Ident::new(&format!("{clean}_"), Span::call_site());
    }
    if RUST_KEYWORDS.contains(&clean.as_str()) {
        Ident::new_raw(&clean, Span::call_site())
    } else {
        Ident::new(&clean, Span::call_site())
    }
}

/// Whether `name` is emitted as a plain (not raw) identifier, so that it can be written
/// inside a format string (`"{name}"`): raw identifiers and `self` cannot.
pub fn inlinable(name: &str) -> bool {
    sanitize(name) == name && !RUST_KEYWORDS.contains(&name) && name != "_"
}

/// `name` with every character that cannot appear in an identifier replaced by `_`, and a
/// `_` prefix when it would start with a digit or be empty. Aurora identifiers are already
/// valid, so this only guards against a malformed AST.
fn sanitize(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

/// The function name for a test called `name`: ASCII letters and digits kept (lower-cased),
/// every other run of characters one `_`, a leading digit prefixed with `t_`, and keywords
/// made raw by [`ident`].
pub fn test_fn_name(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let trimmed = out.trim_matches('_');
    let mut out = if trimmed.is_empty() {
        String::from("test")
    } else {
        trimmed.to_string()
    };
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "t_");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_become_raw() {
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("gen").to_string(), "r#gen");
        assert_eq!(ident("x").to_string(), "x");
        assert_eq!(ident("self").to_string(), "self");
        assert_eq!(ident("crate").to_string(), "crate_");
        assert_eq!(ident("9a b").to_string(), "_9a_b");
        assert_eq!(ident("").to_string(), "__");
    }

    #[test]
    fn test_names_are_snake_case() {
        assert_eq!(test_fn_name("Points add"), "points_add");
        assert_eq!(test_fn_name("  a -- b!! "), "a_b");
        assert_eq!(test_fn_name("1st case"), "t_1st_case");
        assert_eq!(test_fn_name("!!!"), "test");
        assert_eq!(test_fn_name("héllo"), "h_llo");
    }
}
