//! The code generator shared by the `aurora2rs` CLI and build scripts.
//!
//! Data flows one way: source -> AST ([`load`]) -> checked AST ([`check`]) -> Rust tokens
//! ([`lower`]) -> text ([`print`]). No stage reaches back into an earlier one; every stage
//! reports into one [`Errors`] collector so the user sees all problems at once.

pub mod builtins;
pub mod check;
pub mod load;
pub mod lower;
pub mod manifest;
pub mod output;
pub mod print;
pub mod rustc;
pub mod sourcemap;

use std::path::{Path, PathBuf};

pub use aurora_grammar::ast::Program;
use aurora_grammar::{Errors, FileId, Sources};

/// The Rust translation of one Aurora module (one `.aur` file).
#[derive(Debug, Clone)]
pub struct RustModule {
    /// The module name (file stem).
    pub name: String,
    pub file: FileId,
    /// The `.aur` path as the user named it.
    pub source_path: PathBuf,
    /// True for the file the user asked for (it holds `main` when the program has one).
    pub is_root: bool,
    /// The formatted Rust, starting with the `@generated` header.
    pub code: String,
    /// Where each part of `code` came from, when [`Options::source_map`] asked for it.
    pub map: Option<sourcemap::SourceMap>,
}

/// A successful transpilation: one Rust module per Aurora module, plus any warnings.
#[derive(Debug)]
pub struct Transpiled {
    pub sources: Sources,
    pub modules: Vec<RustModule>,
    pub warnings: Errors,
    /// The program's concurrency manifest, when [`Options::manifest`] asked for it.
    pub manifest: Option<manifest::Manifest>,
}

/// A failed one: the diagnostics (errors and warnings) against the loaded sources.
#[derive(Debug)]
pub struct Failed {
    pub sources: Sources,
    pub diagnostics: Errors,
}

impl Failed {
    /// rustc-style text of every diagnostic.
    pub fn render(&self, color: bool) -> String {
        aurora_grammar::diagnostic::render_all(&self.sources, &self.diagnostics, color)
    }
}

/// Parse and check the program rooted at `path` (and every module it `use`s), without
/// generating code. On success returns the sources and any warnings.
pub fn check_path(path: &Path) -> Result<(Sources, Errors), Failed> {
    with_deep_stack(|| {
        let (sources, program, mut errors) = load::load_path(path);
        let _info = check::check(&sources, &program, &mut errors);
        finish(sources, errors)
    })
}

/// Transpile the program rooted at `path`.
pub fn transpile_path(path: &Path) -> Result<Transpiled, Failed> {
    with_deep_stack(|| {
        let (sources, program, errors) = load::load_path(path);
        transpile_loaded(sources, program, errors)
    })
}

/// Transpile source text held in memory; `path` names it in messages and headers, and `use`
/// declarations are resolved against its directory.
pub fn transpile_str(path: &Path, text: &str) -> Result<Transpiled, Failed> {
    with_deep_stack(|| {
        let (sources, program, errors) = load::load_str(path, text);
        transpile_loaded(sources, program, errors)
    })
}

/// How to transpile, beyond the source itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Translate the root as a library module rather than a binary's crate root: its `pub`
    /// items stay `pub` (build scripts `include!` the root into a larger crate).
    pub library: bool,
    /// Write spawn sites as a fixed placeholder (see [`lower::LowerOptions::mask_sites`]): for
    /// comparing the Rust of two sources of one program (a `.aur` file and its CNL twin, a
    /// file before and after `fmt`), never for a build.
    pub mask_sites: bool,
    /// Also build the program's `.aurs` concurrency manifest ([`Transpiled::manifest`],
    /// docs/manifest.md).
    pub manifest: bool,
    /// Also build each module's source map ([`RustModule::map`], docs/source-maps.md): what
    /// `aurora2rs check`/`run`/`build` use to show rustc's errors at the `.aur` span.
    pub source_map: bool,
    /// Leave to rustc the thread-safety rules that rustc also enforces on the generated code,
    /// instead of reporting them from the Aurora checker: a task modifying a variable of its
    /// scope's own body, a `par` body changing an outer variable it does not `reduce` into, and
    /// two branches of a fork-join changing one variable. The program is then lowered as
    /// written, and rustc rejects the Rust (issue 6: rustc is the enforcement point for
    /// Aurora's Send/Share rules; `aurora2rs check` maps its errors back to the `.aur` span).
    /// The rule against blocking in a `par` body stays, since rustc cannot see it.
    ///
    /// It exists to show rustc as the enforcement point: the compile-fail suite
    /// (`tests/compile_fail.rs`, docs/compile-fail.md) and `aurora2rs check --defer-to-rustc`
    /// use it. A build wants it off: the checker's messages come first and need no rustc run.
    pub defer_to_rustc: bool,
}

impl Options {
    fn check(&self) -> check::CheckOptions {
        check::CheckOptions {
            defer_to_rustc: self.defer_to_rustc,
        }
    }
}

/// [`transpile_path`] with [`Options`].
pub fn transpile_path_with(path: &Path, options: Options) -> Result<Transpiled, Failed> {
    with_deep_stack(|| {
        let (sources, program, errors) = load::load_path(path);
        transpile_loaded_with(sources, program, errors, options)
    })
}

/// [`transpile_str`] with [`Options`].
pub fn transpile_str_with(path: &Path, text: &str, options: Options) -> Result<Transpiled, Failed> {
    with_deep_stack(|| {
        let (sources, program, errors) = load::load_str(path, text);
        transpile_loaded_with(sources, program, errors, options)
    })
}

/// The build-script entry point name; same as [`transpile_path`].
pub fn transpile_program(path: &Path) -> Result<Transpiled, Failed> {
    transpile_path(path)
}

fn transpile_loaded(
    sources: Sources,
    program: Program,
    errors: Errors,
) -> Result<Transpiled, Failed> {
    transpile_loaded_with(sources, program, errors, Options::default())
}

fn transpile_loaded_with(
    sources: Sources,
    program: Program,
    mut errors: Errors,
    options: Options,
) -> Result<Transpiled, Failed> {
    let lower_options = lower::LowerOptions {
        library: options.library,
        mask_sites: options.mask_sites,
        source_map: options.source_map,
    };
    let info = check::check_with(&sources, &program, &mut errors, options.check());
    if errors.has_errors() {
        return Err(Failed {
            sources,
            diagnostics: errors,
        });
    }
    let manifest = options
        .manifest
        .then(|| manifest::build(&program, &sources, &info));
    let mut modules = Vec::new();
    for (index, module) in program.modules.iter().enumerate() {
        let lowered = lower::lower_module_full(&program, index, &info, &mut errors, lower_options);
        let source_path = sources.path(module.file).to_path_buf();
        let code = print::print(&lowered.file, &source_path);
        let map = lowered
            .marked
            .map(|(tokens, marks)| sourcemap::build(&tokens, &marks, &code, module.file));
        modules.push(RustModule {
            name: module.name.clone(),
            file: module.file,
            source_path,
            is_root: index == 0,
            code,
            map,
        });
    }
    if errors.has_errors() {
        return Err(Failed {
            sources,
            diagnostics: errors,
        });
    }
    Ok(Transpiled {
        sources,
        modules,
        warnings: errors,
        manifest,
    })
}

/// Every phase recurses over the AST, and the parser accepts nesting up to its own limits (a
/// few hundred levels) before reporting an error. The caller's thread may be a 2 MiB test or
/// build-script thread, so the work runs on a thread whose stack fits those limits with room
/// to spare; only touched pages of the reservation cost memory.
fn with_deep_stack<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    const STACK: usize = 256 << 20;
    std::thread::scope(|s| {
        let handle = std::thread::Builder::new()
            .name("aurora2rs".into())
            .stack_size(STACK)
            .spawn_scoped(s, work)
            // Only an exhausted OS (no memory or threads left) refuses; nothing to recover.
            .expect("the operating system refused to start a thread for aurora2rs");
        handle
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

fn finish(sources: Sources, errors: Errors) -> Result<(Sources, Errors), Failed> {
    if errors.has_errors() {
        Err(Failed {
            sources,
            diagnostics: errors,
        })
    } else {
        Ok((sources, errors))
    }
}
