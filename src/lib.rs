//! `aurora`: use Aurora modules in an ordinary Cargo project, the way prost-build and lalrpop
//! are used: a build-dependency, a few lines in `build.rs`, one line to include each
//! generated module.
//!
//! ```no_run
//! // build.rs
//! fn main() {
//!     // Every program under src/aurora (a file no other file there `use`s) -> OUT_DIR.
//!     aurora::Config::new().compile_dir("src/aurora").unwrap();
//! }
//! ```
//!
//! ```text
//! // src/main.rs
//! mod stats {
//!     aurora_std::include_aurora!("stats"); // OUT_DIR/stats.rs, from src/aurora/stats.aur
//! }
//! ```
//!
//! The builder ([`Config`]) transpiles each program as a library module (the root's `pub`
//! items stay `pub`), writes its files only when their content changes (atomically), prints
//! `cargo:rerun-if-changed` for every source it read, passes warnings to Cargo as
//! `cargo:warning` lines, and on errors prints the rendered diagnostics (`file:line:col` with
//! the source snippet) to stderr and returns an [`Error`]. `docs/build-scripts.md` is the
//! guide: every option, the layout of the generated files, check mode for CI.

// The examples are build scripts, whose `fn main` is the point of showing them.
#![allow(clippy::needless_doctest_main)]

mod config;
mod discover;
mod error;
mod header;
mod manifest;
mod write;

pub use config::{Config, FileStatus, ModuleOutput, OutputFile, ProgramOutput, Report, MANIFEST};
pub use error::{Error, ErrorKind};

/// The code generator and the syntax layer underneath, for tools that need more than the
/// builder.
pub use aurora_grammar as grammar;
pub use aurora_transpile as transpile;

/// The version written into the header of every generated file.
pub const VERSION: &str = header::VERSION;

/// Compile the program rooted at `file` into `OUT_DIR` with the default [`Config`].
pub fn compile(file: impl AsRef<std::path::Path>) -> Result<Report, Error> {
    Config::new().compile(file)
}

/// Include the Rust generated for the Aurora program `name` (`OUT_DIR/NAME.rs`, the name
/// [`ProgramOutput::name`] reports), in item position, usually inside a module:
///
/// ```text
/// mod stats {
///     aurora::include_aurora!("stats");
/// }
/// ```
///
/// The same as `include!(concat!(env!("OUT_DIR"), "/stats.rs"));`. Generated files hold no
/// inner attributes, so they can be included anywhere items can; their `mod m;` lines find
/// the program's other modules beside the included file.
///
/// `aurora` is usually only a build-dependency, which a crate's own code cannot name; the
/// same macro is `aurora_std::include_aurora!` in the runtime crate, an ordinary dependency.
#[macro_export]
macro_rules! include_aurora {
    ($name:literal) => {
        include!(concat!(env!("OUT_DIR"), "/", $name, ".rs"));
    };
}

#[cfg(test)]
mod tests;

#[cfg(test)]
pub(crate) mod test_support {
    use std::path::PathBuf;

    /// A fresh directory for one test.
    pub fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("aurora-lib-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
