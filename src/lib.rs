//! `aurora`: the library a Cargo build script calls to transpile Aurora sources.
//!
//! The code generator itself lives in `aurora-transpile`; this crate is the stable front door
//! shared by build scripts (and, later, a builder API in the manner of prost-build).

pub use aurora_grammar::{Diagnostic, Errors, SourceFile, Sources, Span};
pub use aurora_transpile::{transpile_program, Program, Transpiled};
