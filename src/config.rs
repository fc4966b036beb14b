//! The builder: which sources, where their Rust goes, and what Cargo is told.
//!
//! Each program is transpiled as a *library*: the root's `pub` items stay `pub`, because the
//! root is `include!`d into a module of the user's crate. Its files keep the layout
//! `aurora2rs build` uses (each module's `.rs` where its `.aur` is, relative to the root's
//! directory), which is also the layout `include!` needs: rustc resolves the `mod m;` lines of
//! an included file against the included file's own directory.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use aurora_transpile::{Failed, Options, RustModule, Transpiled};

use crate::discover;
use crate::error::{Error, ErrorKind};
use crate::header;
use crate::manifest;
use crate::write::{self, Existing, Written};

/// Build-script configuration, in the manner of `prost_build::Config`.
///
/// ```no_run
/// // build.rs
/// fn main() {
///     aurora::Config::new().compile("src/aurora/stats.aur").unwrap();
/// }
/// ```
#[derive(Debug, Clone)]
pub struct Config {
    out_dir: Option<PathBuf>,
    rerun_if_changed: bool,
    check_only: bool,
    manifest: bool,
    concurrency_manifests: bool,
    source_maps: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config::new()
    }
}

/// What became of one generated file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileStatus {
    /// Written: it was missing or its content changed.
    Written,
    /// Already held exactly this content; not touched (its mtime did not move).
    Unchanged,
    /// Check mode: the file on disk matches.
    UpToDate,
}

/// One generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: PathBuf,
    pub status: FileStatus,
}

/// One program: a root `.aur` file and the modules it `use`s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgramOutput {
    /// The name to include it by: `include_aurora!("NAME")` reads `OUT_DIR/NAME.rs`. The root's
    /// file stem, or for [`Config::compile_dir`] its path below the directory (`sub/name`).
    pub name: String,
    /// The root `.aur` file.
    pub source: PathBuf,
    /// The root's generated `.rs` file.
    pub file: PathBuf,
    /// Its concurrency manifest (`NAME.aurs` beside `file`), with
    /// [`Config::concurrency_manifests`].
    pub concurrency_manifest: Option<PathBuf>,
    /// The program's other modules, in the order they were loaded.
    pub modules: Vec<ModuleOutput>,
}

/// A module of a program other than its root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleOutput {
    /// The `.aur` file.
    pub source: PathBuf,
    /// Its generated `.rs` file.
    pub file: PathBuf,
}

/// What a successful run did.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub programs: Vec<ProgramOutput>,
    /// Every generated file, each once.
    pub files: Vec<OutputFile>,
    /// Every Aurora source read: the inputs, and every module they `use`. These are the
    /// `cargo:rerun-if-changed` paths.
    pub inputs: Vec<PathBuf>,
    /// Rendered warnings (plain text), one entry per program that has any.
    pub warnings: Vec<String>,
}

/// Where messages go: Cargo's directives to stdout, text for people to stderr. Tests capture
/// both.
pub(crate) trait Log {
    fn cargo(&mut self, directive: &str);
    fn human(&mut self, text: &str);
}

struct StdLog;

impl Log for StdLog {
    fn cargo(&mut self, directive: &str) {
        // A closed stdout cannot be reported anywhere useful; the build goes on without it.
        let _ = writeln!(io::stdout().lock(), "{directive}");
    }

    fn human(&mut self, text: &str) {
        let mut err = io::stderr().lock();
        let _ = err.write_all(text.as_bytes());
        if !text.ends_with('\n') {
            let _ = err.write_all(b"\n");
        }
    }
}

/// What to compile.
pub(crate) enum Input {
    Files(Vec<PathBuf>),
    Dir(PathBuf),
}

impl Config {
    /// Output to `OUT_DIR`, `cargo:rerun-if-changed` on, writing (not checking).
    pub fn new() -> Config {
        Config {
            out_dir: None,
            rerun_if_changed: true,
            check_only: false,
            manifest: false,
            concurrency_manifests: false,
            source_maps: false,
        }
    }

    /// Write into `dir` instead of `OUT_DIR`, e.g. `src/generated` so that the generated Rust
    /// is checked in and rust-analyzer sees it. Relative paths are relative to the package
    /// root (a build script's working directory).
    pub fn out_dir(&mut self, dir: impl AsRef<Path>) -> &mut Config {
        self.out_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// Whether to print `cargo:rerun-if-changed` for every source read (default: on). Off,
    /// Cargo falls back to its default: rerun the build script when any file of the package
    /// changes.
    pub fn rerun_if_changed(&mut self, on: bool) -> &mut Config {
        self.rerun_if_changed = on;
        self
    }

    /// Check mode, for CI: generate in memory, compare with the files on disk, write
    /// nothing, and fail listing every file that is missing or out of date.
    pub fn check_only(&mut self, on: bool) -> &mut Config {
        self.check_only = on;
        self
    }

    /// Also write `aurora-manifest.json` into the output directory (default: off): every
    /// program with its name, root source, generated file and modules, and every source
    /// read, for tools that map generated Rust back to Aurora files.
    pub fn manifest(&mut self, on: bool) -> &mut Config {
        self.manifest = on;
        self
    }

    /// Also write each program's concurrency manifest, `NAME.aurs` beside its `NAME.rs`
    /// (default: off): its scopes, tasks, captures and joins with their `.aur` spans, for
    /// tools such as trace viewers (docs/manifest.md). Not the same file as
    /// [`Config::manifest`]'s list of generated files.
    pub fn concurrency_manifests(&mut self, on: bool) -> &mut Config {
        self.concurrency_manifests = on;
        self
    }

    /// Also write each module's source map, `NAME.rs.map` beside its `NAME.rs` (default: off):
    /// where each line and column of the generated Rust came from in the `.aur` source, for
    /// tools that show rustc's errors at the Aurora line (docs/source-maps.md).
    pub fn source_maps(&mut self, on: bool) -> &mut Config {
        self.source_maps = on;
        self
    }

    /// Compile the program rooted at `file` (and every module it `use`s).
    pub fn compile(&self, file: impl AsRef<Path>) -> Result<Report, Error> {
        self.files([file])
    }

    /// Compile several programs. A listed file that another listed file `use`s is a module of
    /// that program, not a program of its own (the rule `aurora2rs build DIR` follows).
    pub fn files<I, P>(&self, files: I) -> Result<Report, Error>
    where
        I: IntoIterator<Item = P>,
        P: AsRef<Path>,
    {
        let files = files
            .into_iter()
            .map(|f| f.as_ref().to_path_buf())
            .collect();
        self.run(Input::Files(files), &mut StdLog)
    }

    /// Compile every program under `dir`: each `.aur` file (searched recursively, skipping
    /// hidden directories and `target`) that no other file there `use`s. A program in a
    /// subdirectory keeps it: `dir/sub/x.aur` is written to `OUT/sub/x.rs`, named `sub/x`.
    pub fn compile_dir(&self, dir: impl AsRef<Path>) -> Result<Report, Error> {
        self.run(Input::Dir(dir.as_ref().to_path_buf()), &mut StdLog)
    }

    pub(crate) fn run(&self, input: Input, log: &mut dyn Log) -> Result<Report, Error> {
        let out_dir = match &self.out_dir {
            Some(dir) => normalize(dir),
            None => match std::env::var_os("OUT_DIR") {
                Some(dir) => PathBuf::from(dir),
                None => {
                    return Err(fail(
                        log,
                        ErrorKind::NoOutDir,
                        "`OUT_DIR` is not set, and no output directory was given".into(),
                        &[
                            "call the builder from a Cargo build script (`build.rs`), where Cargo sets `OUT_DIR`",
                            "or choose a directory with `.out_dir(\"src/generated\")`",
                        ],
                    ))
                }
            },
        };

        let (base, files) = match input {
            Input::Files(files) => (None, files.iter().map(|f| normalize(f)).collect()),
            Input::Dir(dir) => {
                let dir = normalize(&dir);
                if self.rerun_if_changed {
                    // A new file in the directory is a new program.
                    log.cargo(&format!("cargo:rerun-if-changed={}", dir.display()));
                }
                let files = discover::sources(&dir).map_err(|err| {
                    fail(
                        log,
                        ErrorKind::NoSources,
                        format!("cannot read directory `{}`: {err}", dir.display()),
                        &[],
                    )
                })?;
                (Some(dir), files)
            }
        };
        if files.is_empty() {
            let message = match &base {
                Some(dir) => format!("no `.aur` or `.cnl` files under `{}`", dir.display()),
                None => "no Aurora sources were given".to_string(),
            };
            return Err(fail(log, ErrorKind::NoSources, message, &[]));
        }

        let options = Options {
            library: true,
            manifest: self.concurrency_manifests,
            source_map: self.source_maps,
            ..Options::default()
        };
        let results: Vec<(PathBuf, Result<Transpiled, Failed>)> = files
            .into_iter()
            .map(|f| {
                let r = aurora_transpile::transpile_path_with(&f, options);
                (f, r)
            })
            .collect();

        let mut report = Report {
            inputs: inputs(&results),
            ..Report::default()
        };
        if self.rerun_if_changed {
            for input in &report.inputs {
                log.cargo(&format!("cargo:rerun-if-changed={}", input.display()));
            }
        }

        // Report every program's diagnostics before giving up on any of them.
        let mut failures = String::new();
        let mut failed_roots = Vec::new();
        let mut programs = Vec::new();
        for (root, result) in roots(&results) {
            match result {
                Ok(done) => {
                    if !done.warnings.is_empty() {
                        let text = aurora_grammar::diagnostic::render_all(
                            &done.sources,
                            &done.warnings,
                            false,
                        );
                        for line in text.lines().filter(|l| !l.trim().is_empty()) {
                            log.cargo(&format!("cargo:warning={line}"));
                        }
                        report.warnings.push(text);
                    }
                    programs.push((root, done));
                }
                Err(failed) => {
                    let text = failed.render(false);
                    log.human(&text);
                    failures.push_str(&text);
                    failed_roots.push(root.display().to_string());
                }
            }
        }
        if !failed_roots.is_empty() {
            let summary = format!(
                "aurora: could not compile {}; the diagnostics are printed above",
                quoted_list(&failed_roots)
            );
            return Err(Error::new(ErrorKind::Diagnostics, failures, summary));
        }

        let mut targets = self.plan(&programs, base.as_deref(), &out_dir, &mut report, log)?;
        if self.manifest {
            targets.push(Target {
                path: out_dir.join(MANIFEST),
                content: manifest::json(&report, &out_dir),
                program: PathBuf::new(),
            });
        }
        self.refuse_overwrites(&targets, &report.inputs, log)?;
        if self.check_only {
            self.check(&targets, &mut report, &out_dir, log)?;
        } else {
            for target in &targets {
                let status = match write::write_if_changed(&target.path, &target.content) {
                    Ok(Written::Wrote) => FileStatus::Written,
                    Ok(Written::Unchanged) => FileStatus::Unchanged,
                    Err(err) => {
                        let message = format!("cannot write `{}`: {err}", target.path.display());
                        return Err(fail(log, ErrorKind::Io, message, &[]));
                    }
                };
                report.files.push(OutputFile {
                    path: target.path.clone(),
                    status,
                });
            }
        }
        Ok(report)
    }

    /// Every file to generate, with its content; the program list of the report.
    fn plan(
        &self,
        programs: &[(&Path, &Transpiled)],
        base: Option<&Path>,
        out_dir: &Path,
        report: &mut Report,
        log: &mut dyn Log,
    ) -> Result<Vec<Target>, Error> {
        let mut targets: Vec<Target> = Vec::new();
        let mut by_path: HashMap<PathBuf, usize> = HashMap::new();
        let mut names: HashMap<String, &Path> = HashMap::new();
        for &(root, done) in programs {
            // Where this program's files go: for a directory, below the root's subdirectory.
            let sub = base
                .and_then(|b| parent(root).strip_prefix(b).ok())
                .unwrap_or(Path::new(""));
            let dest = out_dir.join(sub);
            let stem = root
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let name = slash_path(&sub.join(&stem));
            if let Some(other) = names.insert(name.clone(), root) {
                let message = format!(
                    "two programs are named `{name}`: `{}` and `{}`",
                    other.display(),
                    root.display()
                );
                return Err(fail(
                    log,
                    ErrorKind::Conflict,
                    message,
                    &["both would be written to the same `.rs` file; rename one of them"],
                ));
            }
            let mut program = ProgramOutput {
                name: name.clone(),
                source: root.to_path_buf(),
                file: PathBuf::new(),
                concurrency_manifest: None,
                modules: Vec::new(),
            };
            let mut concurrency = None;
            let mut maps = Vec::new();
            for module in &done.modules {
                let path = dest.join(module_rel_path(root, module));
                let hash = if module.is_root {
                    program_hash(done, parent(root))
                } else {
                    module_hash(&module.source_path)
                };
                let header = header::line(hash);
                if let Some(map) = &module.map {
                    // The map counts lines of the code below the header.
                    let lines = header.matches('\n').count() as u32;
                    let mut map_path = path.clone().into_os_string();
                    map_path.push(".map");
                    maps.push(Target {
                        path: PathBuf::from(map_path),
                        content: map
                            .clone()
                            .shifted(lines)
                            .to_json(&done.sources, &module.source_path),
                        program: root.to_path_buf(),
                    });
                }
                let content = format!("{header}{}", module.code);
                if module.is_root {
                    program.file = path.clone();
                    if let Some(manifest) = &done.manifest {
                        let aurs = path.with_extension("aurs");
                        program.concurrency_manifest = Some(aurs.clone());
                        // One per program, so never shared: no conflict to look for.
                        concurrency = Some(Target {
                            path: aurs,
                            content: manifest.to_json(&module.source_path),
                            program: root.to_path_buf(),
                        });
                    }
                } else {
                    program.modules.push(ModuleOutput {
                        source: module.source_path.clone(),
                        file: path.clone(),
                    });
                }
                match by_path.get(&path) {
                    // A module two programs share, generated the same way by both.
                    Some(&i) if targets[i].content == content => {}
                    Some(&i) => {
                        let message = format!(
                            "`{}` would be generated differently for `{}` and for `{}`",
                            path.display(),
                            targets[i].program.display(),
                            root.display()
                        );
                        return Err(fail(
                            log,
                            ErrorKind::Conflict,
                            message,
                            &["compile these programs into different output directories (`.out_dir(..)`), or put them in different subdirectories"],
                        ));
                    }
                    None => {
                        by_path.insert(path.clone(), targets.len());
                        targets.push(Target {
                            path,
                            content,
                            program: root.to_path_buf(),
                        });
                    }
                }
            }
            targets.extend(concurrency);
            // A module two programs share gets one map; both are the same when its Rust is.
            for map in maps {
                if !targets.iter().any(|t| t.path == map.path) {
                    targets.push(map);
                }
            }
            report.programs.push(program);
        }
        Ok(targets)
    }

    /// Refuse (before writing anything) to overwrite a source or a file someone wrote by hand.
    fn refuse_overwrites(
        &self,
        targets: &[Target],
        inputs: &[PathBuf],
        log: &mut dyn Log,
    ) -> Result<(), Error> {
        let sources: HashSet<PathBuf> = inputs.iter().map(|p| discover::identity(p)).collect();
        for target in targets {
            if sources.contains(&discover::identity(&target.path)) {
                let message = format!(
                    "refusing to overwrite `{}`: it is an Aurora source",
                    target.path.display()
                );
                return Err(fail(
                    log,
                    ErrorKind::Refused,
                    message,
                    &["choose another output directory with `.out_dir(..)`"],
                ));
            }
            match write::existing(&target.path) {
                Ok(Existing::NotGenerated) => {
                    let message = format!(
                        "refusing to overwrite `{}`: it was not generated by aurora",
                        target.path.display()
                    );
                    return Err(fail(
                        log,
                        ErrorKind::Refused,
                        message,
                        &[
                            "its first line lacks the `@generated` marker, so it may hold hand-written code",
                            "move or delete the file, or choose another output directory with `.out_dir(..)`",
                        ],
                    ));
                }
                Ok(_) => {}
                Err(err) => {
                    let message = format!("cannot read `{}`: {err}", target.path.display());
                    return Err(fail(log, ErrorKind::Io, message, &[]));
                }
            }
        }
        Ok(())
    }

    /// Check mode: compare every target with the disk; fail listing the stale ones.
    fn check(
        &self,
        targets: &[Target],
        report: &mut Report,
        out_dir: &Path,
        log: &mut dyn Log,
    ) -> Result<(), Error> {
        let mut stale = Vec::new();
        let mut lines = Vec::new();
        for target in targets {
            let why = match write::existing(&target.path) {
                Ok(Existing::Missing) => Some("missing"),
                Ok(Existing::Generated(bytes)) if bytes == target.content.as_bytes() => None,
                Ok(_) => Some("out of date"),
                Err(err) => {
                    let message = format!("cannot read `{}`: {err}", target.path.display());
                    return Err(fail(log, ErrorKind::Io, message, &[]));
                }
            };
            match why {
                Some(why) => {
                    lines.push(format!("  {} ({why})", target.path.display()));
                    stale.push(target.path.clone());
                }
                None => report.files.push(OutputFile {
                    path: target.path.clone(),
                    status: FileStatus::UpToDate,
                }),
            }
        }
        if stale.is_empty() {
            return Ok(());
        }
        let count = if stale.len() == 1 {
            "1 generated file is".to_string()
        } else {
            format!("{} generated files are", stale.len())
        };
        let message = format!(
            "error: {count} out of date in `{}` (check mode: nothing was written)\n{}\n  = help: run the build without check mode to regenerate them, then commit the result\n",
            out_dir.display(),
            lines.join("\n")
        );
        log.human(&message);
        let summary = format!(
            "aurora: {count} out of date in `{}`; the list is printed above",
            out_dir.display()
        );
        Err(Error::stale(message, summary, stale))
    }
}

/// The manifest's file name, in the output directory.
pub const MANIFEST: &str = "aurora-manifest.json";

/// One file to generate.
struct Target {
    path: PathBuf,
    content: String,
    /// The root of the program it belongs to (the first, for a shared module).
    program: PathBuf,
}

/// Print `error: MESSAGE` with its help lines, and make the error that says the same.
fn fail(log: &mut dyn Log, kind: ErrorKind, message: String, help: &[&str]) -> Error {
    let mut text = format!("error: {message}\n");
    for h in help {
        text.push_str(&format!("  = help: {h}\n"));
    }
    log.human(&text);
    Error::new(kind, text, format!("aurora: {message}"))
}

/// Every source any transpilation read, each once, in order.
fn inputs(results: &[(PathBuf, Result<Transpiled, Failed>)]) -> Vec<PathBuf> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (_, result) in results {
        let sources = match result {
            Ok(done) => &done.sources,
            Err(failed) => &failed.sources,
        };
        for file in sources.iter() {
            if seen.insert(discover::identity(&file.path)) {
                out.push(file.path.clone());
            }
        }
    }
    out
}

/// The programs among the results: the files no other file loaded as a module. If every file
/// is some other file's module (an import cycle, which each reports), all of them.
fn roots(
    results: &[(PathBuf, Result<Transpiled, Failed>)],
) -> Vec<(&Path, &Result<Transpiled, Failed>)> {
    let mut modules = HashSet::new();
    for (path, result) in results {
        let own = discover::identity(path);
        let sources = match result {
            Ok(done) => &done.sources,
            Err(failed) => &failed.sources,
        };
        modules.extend(
            sources
                .iter()
                .map(|f| discover::identity(&f.path))
                .filter(|p| *p != own),
        );
    }
    let roots: Vec<_> = results
        .iter()
        .filter(|(p, _)| !modules.contains(&discover::identity(p)))
        .map(|(p, r)| (p.as_path(), r))
        .collect();
    if roots.is_empty() {
        results.iter().map(|(p, r)| (p.as_path(), r)).collect()
    } else {
        roots
    }
}

/// The hash of every source of the program, named relative to the root's directory.
fn program_hash(done: &Transpiled, dir: &Path) -> u64 {
    header::hash_sources(done.sources.iter().map(|f| {
        (
            slash_path(f.path.strip_prefix(dir).unwrap_or(&f.path)),
            f.text.as_str(),
        )
    }))
}

/// The hash of a module and every module it `use`s (what its Rust depends on), named relative
/// to its directory, so a module two programs share gets the same header from both.
fn module_hash(path: &Path) -> u64 {
    let dir = parent(path);
    let load = || {
        let (sources, _, _) = aurora_transpile::load::load_path(path);
        header::hash_sources(sources.iter().map(|f| {
            (
                slash_path(f.path.strip_prefix(dir).unwrap_or(&f.path)),
                f.text.as_str(),
            )
        }))
    };
    // The parser recurses; give it the stack the transpiler's own pipeline thread has.
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(256 << 20)
            .spawn_scoped(s, load)
            .ok()
            .and_then(|h| h.join().ok())
    })
    .unwrap_or_else(|| {
        let text = fs::read_to_string(path).unwrap_or_default();
        header::hash_sources([(
            slash_path(Path::new(path.file_name().unwrap_or_default())),
            text.as_str(),
        )])
    })
}

/// The `.rs` path of `module` relative to the root's directory (`geo/shapes.rs`).
fn module_rel_path(root: &Path, module: &RustModule) -> PathBuf {
    let rel = module
        .source_path
        .strip_prefix(parent(root))
        .ok()
        .filter(|r| !r.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .or_else(|| module.source_path.file_name().map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from(&module.name));
    rel.with_extension("rs")
}

fn parent(path: &Path) -> &Path {
    path.parent().unwrap_or(Path::new(""))
}

/// A path with `/` separators, for names and hashes that are the same on every platform.
fn slash_path(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// An absolute path below the working directory (the package root, in a build script) made
/// relative, so headers and messages name `src/aurora/x.aur` wherever the checkout is.
fn normalize(path: &Path) -> PathBuf {
    if path.is_absolute() {
        if let Ok(cwd) = std::env::current_dir() {
            if let Ok(rel) = path.strip_prefix(&cwd) {
                return rel.to_path_buf();
            }
        }
    }
    path.to_path_buf()
}

fn quoted_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("`{i}`")).collect();
    quoted.join(", ")
}
