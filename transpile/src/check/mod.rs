//! Resolution and checks: everything the transpiler can know without rustc. Produces the
//! [`Info`] side tables that lowering reads.
//!
//! Two phases: `defs` builds every module's item tables (names, imports, signatures, fields,
//! variants, methods), then `walk` makes one pass over every body, resolving names
//! (`expr.rs`, `call.rs`, `pattern.rs`), inferring types with an expected type passed down
//! (`infer.rs` for generics), and checking mutation (`place.rs`). Problems are reported into
//! the shared `Errors`; checking always goes on, and never panics.

mod call;
mod defs;
mod expr;
mod infer;
pub mod info;
mod literal;
mod ops;
mod pattern;
mod place;
mod resolve;
mod scope;
mod suggest;
mod types;
mod walk;

pub use info::{Info, Res, Ty};

use aurora_grammar::ast::Program;
use aurora_grammar::{Errors, Sources};

/// Check a whole program, reporting problems into `errors`.
pub fn check(sources: &Sources, program: &Program, errors: &mut Errors) -> Info {
    let defs = defs::collect(program, errors);
    let mut walker = walk::Walker::new(&defs, sources, errors);
    for (mi, module) in program.modules.iter().enumerate() {
        walker.module(mi, module);
    }
    walker.info
}
