//! Reserved words, shared by the parser (to reject them as names) and later phases.

/// Keywords of the core language.
pub const CORE: &[&str] = &[
    "as", "break", "const", "continue", "else", "enum", "false", "fn", "for", "if", "impl", "in",
    "let", "loop", "match", "mut", "none", "own", "pub", "ref", "return", "self", "Self", "struct",
    "test", "true", "use", "var", "while",
];

/// Reserved now for the concurrency constructs, so adding them later breaks no program.
pub const CONCURRENCY: &[&str] = &[
    "scope", "spawn", "join", "par", "channel", "select", "atomic", "mutex", "lock", "cancel",
    "yield", "async", "await", "with",
];

/// Names Rust cannot spell even as raw identifiers.
pub const RUST_UNNAMEABLE: &[&str] = &["crate", "super"];

/// Built-in functions: names that items may not take.
pub const BUILTIN_FNS: &[&str] = &["some", "ok", "err"];

pub fn is_reserved(word: &str) -> bool {
    CORE.contains(&word) || CONCURRENCY.contains(&word) || RUST_UNNAMEABLE.contains(&word)
}
