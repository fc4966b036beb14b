//! Resolution and checks: everything the transpiler can know without rustc. Produces the
//! [`Info`] side tables that lowering reads.

pub mod info;

pub use info::{Info, Res, Ty};

use aurora_grammar::ast::Program;
use aurora_grammar::{Errors, Sources};

/// Check a whole program, reporting problems into `errors`.
pub fn check(_sources: &Sources, _program: &Program, _errors: &mut Errors) -> Info {
    Info::default()
}
