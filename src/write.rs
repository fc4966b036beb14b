//! Writing generated files: the shared implementation in `aurora_transpile::output`.

pub use aurora_transpile::output::{existing, write_if_changed, Existing, Written};
