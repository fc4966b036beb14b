//! Aurora's syntax layer. It knows the input language only: the pest grammar(s), the AST with
//! spans, the parsers that build it, and diagnostics. It never depends on code generation.

pub mod ast;
mod cnl;
pub mod diagnostic;
pub mod keywords;
mod parse;
pub mod print;
mod render;
pub mod span;

pub use cnl::parse_cnl_module;
pub use diagnostic::{Diagnostic, Errors, Label, Severity};
pub use parse::parse_module;
pub use span::{FileId, SourceFile, Sources, Span};
