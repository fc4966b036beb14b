//! Resolution and checks: everything the transpiler can know without rustc. Produces the
//! [`Info`] side tables that lowering reads.
//!
//! Two phases: `defs` builds every module's item tables (names, imports, signatures, fields,
//! variants, methods), then `walk` makes one pass over every body, resolving names
//! (`expr.rs`, `call.rs`, `pattern.rs`), inferring types with an expected type passed down
//! (`infer.rs` for generics), and checking mutation (`place.rs`). Problems are reported into
//! the shared `Errors`; checking always goes on, and never panics.
//!
//! What it reports (each with a primary span, a label and, where a fix is known, a help):
//! - names: undefined names and types (nearest name by edit distance, hints for `None`,
//!   `String`, ...), unknown module members, private items of other modules (help: mark it
//!   `pub`), unknown fields, variants and associated functions, `self` outside methods;
//! - definitions: duplicate items, imports, methods, tests, params, fields, variants and
//!   generic parameters ("first defined here"); items named like built-ins or like the Rust
//!   types the output uses; unknown bounds; function types or `ref`/`mut` outside parameter
//!   and return positions; `main` with parameters, returning something else than `()` or
//!   `Result[(), E]`, or outside the root; `impl` outside the type's module; non-constant
//!   constant values;
//! - calls: wrong argument counts (functions, methods, variants, built-ins, closures), labels
//!   that name another parameter, `ref`/`mut` not matching the parameter, variants given
//!   borrows, closures with the wrong number of parameters;
//! - control flow: `break`/`continue` outside loops (and closures), `break value` outside
//!   `loop`, `return` in a constant, `?` in a function that returns neither option nor
//!   result, a body that ends without the declared value;
//! - mutation: assigning to, `mut`-borrowing or calling a modifying method on a `let`
//!   binding, a parameter, a loop or pattern variable, through `ref self`, or a constant;
//!   assignment to a non-place;
//! - the certain type errors: non-`bool` conditions and `&&`/`||` operands, numbers of
//!   different types mixed, `str` added to a non-`str`, literals of the wrong kind for a
//!   scalar context, integer literals out of range, unsupported `as` casts, struct literals
//!   and patterns missing fields, wrong pattern arities, refutable `let`/`for` patterns,
//!   positional `str` indexing;
//! - structured concurrency: `spawn` outside every `scope`, `join` of a non-task,
//!   `return`/`break`/`continue`/`?` that would leave a task or `scope` body; and the capture
//!   analysis of every task (`capture.rs`: what it uses from outside and how);
//! - data parallelism (`par.rs`): `par for` iterables and `reduce` clauses, pipelines, sorts
//!   and fork-joins; a `par` body that changes an outer variable it does not reduce into, or
//!   that blocks (`par::blocking` lists what blocks);
//! - warnings: unused variables and parameters, `var`s never modified.
//!
//! With [`CheckOptions::defer_to_rustc`] the thread-safety rules that rustc also enforces on
//! the generated code (a task modifying its scope body's variable, a `par` body or two
//! fork-join branches changing an outer variable) are left to rustc.

mod call;
mod capture;
mod channel;
mod concurrency;
mod defs;
mod expr;
mod infer;
pub mod info;
mod literal;
mod ops;
pub(crate) mod par;
mod pattern;
mod place;
mod resolve;
mod scope;
mod suggest;
pub(crate) mod sync;
mod types;
mod walk;

pub use channel::overflow_policy as channel_overflow_policy;
pub use info::{Capture, CaptureMode, Info, Res, Ty};
pub use par::{pipeline_parts as par_pipeline_parts, PAR_FOR_SHAPES};

pub(crate) use capture::{visit_children, Child};
pub(crate) use types::show;

use aurora_grammar::ast::Program;
use aurora_grammar::{Errors, Sources};

/// What the checker leaves to rustc (see `crate::Options::defer_to_rustc`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CheckOptions {
    /// Leave to rustc the thread-safety rules that rustc also enforces on the generated code:
    /// a task modifying a variable of its scope's own body (`capture.rs`), and a `par` body
    /// changing an outer variable without `reduce`, or two fork-join branches changing one
    /// (`par.rs`). The rule against blocking inside a `par` body stays: rustc would not see it.
    pub defer_to_rustc: bool,
}

/// Check a whole program, reporting problems into `errors`.
pub fn check(sources: &Sources, program: &Program, errors: &mut Errors) -> Info {
    check_with(sources, program, errors, CheckOptions::default())
}

/// [`check`] with [`CheckOptions`].
pub fn check_with(
    sources: &Sources,
    program: &Program,
    errors: &mut Errors,
    options: CheckOptions,
) -> Info {
    // The parser drops items it could not parse, so after a syntax error every use of a name
    // such an item defined would come back as "cannot find `x`": noise that hides the real
    // error. Those reports are held back until the syntax is fixed; all others still show.
    let after_syntax_errors = errors.has_errors();
    let mut found = Errors::new();
    let info = check_into(sources, program, &mut found, options);
    for d in found {
        if !(after_syntax_errors && d.message.starts_with("cannot find")) {
            errors.push(d);
        }
    }
    info
}

fn check_into(
    sources: &Sources,
    program: &Program,
    errors: &mut Errors,
    options: CheckOptions,
) -> Info {
    let defs = defs::collect(program, errors);
    let mut walker = walk::Walker::new(&defs, sources, errors);
    walker.defer_to_rustc = options.defer_to_rustc;
    // Roughly one expression per 6 bytes of source: sizing the tables up front saves rehashing.
    let bytes: usize = sources.iter().map(|f| f.text.len()).sum();
    walker.info.types.reserve(bytes / 6);
    walker.info.res.reserve(bytes / 12);
    for (mi, module) in program.modules.iter().enumerate() {
        walker.module(mi, module);
    }
    walker.info
}
