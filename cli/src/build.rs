//! `aurora2rs build`: transpile a program (or every program under a directory) to `.rs` files.
//!
//! Layout: each module's `.rs` goes where its `.aur` is relative to the root file's directory,
//! so `main.aur` + `geo/shapes.aur` become `main.rs` + `geo/shapes.rs`, beside the sources by
//! default or under `-o DIR`. With `-o FILE` (single program) the root goes to FILE and the
//! other modules beside it.
//!
//! A directory is searched recursively (skipping hidden directories and `target`) for `.aur`
//! files. Every file is loaded; a file that another file of the directory `use`s is a module of
//! that program, not a program of its own, so the roots are the files no other file uses.
//!
//! Each program is written all or nothing: if any of its targets exists and was not generated
//! (first line without `@generated`), none of its files is written.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use aurora_grammar::Sources;
use aurora_transpile::{Failed, Options, RustModule, Transpiled};

use crate::output::{self, Refusal, Written};
use crate::project::Cargo;
use crate::term::Term;

#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  aurora2rs build hello.aur                 writes hello.rs beside hello.aur
  aurora2rs build shapes/main.aur -o gen/   writes gen/main.rs and one .rs per module
  aurora2rs build examples/                 every program under examples/, beside its source

In a directory, every .aur file (and every .cnl file without a .aur twin) that no other file
there `use`s is a program of its own; each module's .rs goes where its source is, relative to
its program's root file.
With `--manifest`, each program's concurrency manifest (docs/manifest.md) goes beside its root
`.rs` as NAME.aurs. Each NAME.rs gets its source map beside it, NAME.rs.map (docs/source-maps.md),
unless `--no-source-map`. With `--check`, rustc then checks each program's Rust and its errors
are shown at the .aur lines they come from.
Files are written atomically and only when their content changes (reported as `unchanged`).
An existing file whose first line lacks `@generated` is never overwritten.")]
pub struct BuildArgs {
    /// An Aurora source file, or a directory of them.
    #[arg(value_name = "FILE|DIR")]
    pub input: PathBuf,
    /// Where to write: a directory (kept layout), or for one program, the root's `.rs` file.
    #[arg(short = 'o', long = "out", value_name = "OUT")]
    pub out: Option<PathBuf>,
    /// Also write each program's concurrency manifest, NAME.aurs, beside its root's NAME.rs.
    #[arg(long)]
    pub manifest: bool,
    /// Do not write the source maps (NAME.rs.map beside each NAME.rs, docs/source-maps.md).
    #[arg(long)]
    pub no_source_map: bool,
    /// Then compile the written Rust with rustc (through cargo, in the program's cached
    /// project) and report its errors at the .aur lines, as `aurora2rs check` does.
    #[arg(long)]
    pub check: bool,
}

/// Where a program's files go.
enum Dest {
    /// Beside each `.aur`.
    Beside,
    /// Under this directory, keeping the layout relative to the root's directory.
    Dir(PathBuf),
    /// The root to this file, other modules beside it.
    File(PathBuf),
}

pub fn build(args: &BuildArgs, term: Term) -> ExitCode {
    let options = Options {
        manifest: args.manifest,
        // `--check` maps rustc's errors through the maps, written or not.
        source_map: !args.no_source_map || args.check,
        ..Options::default()
    };
    let ok = if args.input.is_dir() {
        build_dir(args, options, term)
    } else {
        let dest = match &args.out {
            None => Dest::Beside,
            Some(out) if out.is_dir() || ends_with_separator(out) => Dest::Dir(out.clone()),
            Some(out) => Dest::File(out.clone()),
        };
        match aurora_transpile::transpile_path_with(&args.input, options) {
            Ok(done) => {
                term.diagnostics(&done.sources, &done.warnings);
                write_program(&done, &args.input, &dest, args, term)
            }
            Err(failed) => {
                term.diagnostics(&failed.sources, &failed.diagnostics);
                false
            }
        }
    };
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn build_dir(args: &BuildArgs, options: Options, term: Term) -> bool {
    let (dir, out) = (args.input.as_path(), args.out.as_deref());
    if let Some(out) = out.filter(|o| o.exists() && !o.is_dir()) {
        term.error(
            format!(
                "`-o {}` must be a directory when building a directory",
                out.display()
            ),
            &[],
        );
        return false;
    }
    let files = match aurora_transpile::load::find_sources(dir) {
        Ok(files) => files,
        Err(err) => {
            term.error(
                format!("cannot read directory `{}`: {err}", dir.display()),
                &[],
            );
            return false;
        }
    };
    if files.is_empty() {
        term.error(
            format!("no `.aur` or `.cnl` files under `{}`", dir.display()),
            &[],
        );
        return false;
    }

    let results: Vec<(PathBuf, Result<Transpiled, Failed>)> = files
        .into_iter()
        .map(|f| {
            let r = aurora_transpile::transpile_path_with(&f, options);
            (f, r)
        })
        .collect();
    // Files some other file loaded as a module.
    let mut modules = HashSet::new();
    for (path, result) in &results {
        let own = identity(path);
        let sources = match result {
            Ok(done) => &done.sources,
            Err(failed) => &failed.sources,
        };
        modules.extend(loaded_files(sources).filter(|p| *p != own));
    }
    let mut roots: Vec<&(PathBuf, Result<Transpiled, Failed>)> = results
        .iter()
        .filter(|(p, _)| !modules.contains(&identity(p)))
        .collect();
    if roots.is_empty() {
        // Every file is used by another: an import cycle, which each file reports.
        roots = results.iter().collect();
    }

    let mut ok = true;
    for (path, result) in roots {
        match result {
            Ok(done) => {
                term.diagnostics(&done.sources, &done.warnings);
                let dest = match out {
                    None => Dest::Beside,
                    Some(out) => {
                        let sub = parent(path).strip_prefix(dir).unwrap_or(Path::new(""));
                        Dest::Dir(out.join(sub))
                    }
                };
                ok &= write_program(done, path, &dest, args, term);
            }
            Err(failed) => {
                term.diagnostics(&failed.sources, &failed.diagnostics);
                ok = false;
            }
        }
    }
    ok
}

fn loaded_files(sources: &Sources) -> impl Iterator<Item = PathBuf> + '_ {
    sources.iter().map(|f| identity(&f.path))
}

fn identity(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

fn parent(path: &Path) -> &Path {
    path.parent().unwrap_or(Path::new(""))
}

fn ends_with_separator(path: &Path) -> bool {
    let s = path.as_os_str().to_string_lossy();
    s.ends_with('/') || s.ends_with(std::path::MAIN_SEPARATOR)
}

/// The `.rs` path of `module` relative to the root's directory (`geo/shapes.rs`).
pub fn module_rel_path(root: &Path, module: &RustModule) -> PathBuf {
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

/// Check every target of the program, then write them; false (and nothing written) when any
/// target is refused.
fn write_program(
    done: &Transpiled,
    root: &Path,
    dest: &Dest,
    args: &BuildArgs,
    term: Term,
) -> bool {
    let no_map = args.no_source_map;
    // (target, the source it must not be, the text)
    let mut targets: Vec<(PathBuf, &Path, String)> = Vec::new();
    for m in &done.modules {
        let rel = module_rel_path(root, m);
        let target = match dest {
            Dest::Beside => parent(root).join(&rel),
            Dest::Dir(dir) => dir.join(&rel),
            Dest::File(file) if m.is_root => file.clone(),
            Dest::File(file) => parent(file).join(&rel),
        };
        // The manifest goes beside the root's `.rs`, whatever that is called.
        let manifest = done
            .manifest
            .as_ref()
            .filter(|_| m.is_root)
            .map(|manifest| {
                (
                    target.with_extension("aurs"),
                    manifest.to_json(&m.source_path),
                )
            });
        let map = m.map.as_ref().filter(|_| !no_map).map(|map| {
            let mut path = target.clone().into_os_string();
            path.push(".map");
            (
                PathBuf::from(path),
                map.to_json(&done.sources, &m.source_path),
            )
        });
        targets.push((target, &m.source_path, m.code.clone()));
        if let Some((path, text)) = map {
            targets.push((path, &m.source_path, text));
        }
        if let Some((path, text)) = manifest {
            targets.push((path, &m.source_path, text));
        }
    }

    let mut refused = false;
    for (target, source, _) in &targets {
        if identity(target) == identity(source) {
            term.error(
                format!(
                    "refusing to overwrite `{}`: it is the source file",
                    target.display()
                ),
                &["Aurora sources end in `.aur`; their Rust goes to `.rs`"],
            );
            refused = true;
            continue;
        }
        match output::check_overwrite(target) {
            Ok(()) => {}
            Err(Refusal::NotGenerated(path)) => {
                term.error(
                    format!(
                        "refusing to overwrite `{}`: it was not generated by aurora2rs",
                        path.display()
                    ),
                    &[
                        "its first line lacks the `@generated` marker, so it may hold hand-written code",
                        "move or delete the file, or write somewhere else with `-o DIR`",
                    ],
                );
                refused = true;
            }
            Err(Refusal::Io(path, err)) => {
                term.error(format!("cannot read `{}`: {err}", path.display()), &[]);
                refused = true;
            }
        }
    }
    if refused {
        term.note(format!("nothing was written for `{}`", root.display()));
        return false;
    }

    let mut ok = true;
    for (target, _, text) in &targets {
        match output::write_if_changed(target, text) {
            Ok(Written::Wrote) => term.status("wrote", target.display()),
            Ok(Written::Unchanged) => term.status("unchanged", target.display()),
            Err(err) => {
                term.error(format!("cannot write `{}`: {err}", target.display()), &[]);
                ok = false;
            }
        }
    }
    if ok && args.check {
        ok = crate::compile::compile(root, done, Cargo::Check, term).is_ok();
    }
    ok
}
