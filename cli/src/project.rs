//! The cached Cargo project in which `run`, `check` and `build --check` compile a program's
//! generated Rust.
//!
//! Cache layout (root: `$AURORA_CACHE_DIR`, else `$XDG_CACHE_HOME/aurora2rs`, else
//! `~/.cache/aurora2rs`):
//! - `projects/NAME-HASH/`: one Cargo project per program, keyed by a hash of the root file's
//!   canonical path, holding `Cargo.toml`, `src/main.rs` (the root) and one `.rs` per module.
//! - `target/`: one target directory shared by every project, so `aurora-std` is built once.
//!
//! Files are rewritten only when their content changes, which keeps cargo's incremental build
//! warm. A lock on `projects/NAME-HASH/.lock` serialises concurrent uses of the same program
//! while they write and build (cargo itself serialises builds in the shared target dir); it is
//! held as long as the [`Project`] lives, so `run` drops it before the program runs. Nothing is
//! ever written into the user's tree.
//!
//! Generated code depends on `aurora-std` by path: the copy beside this crate's sources
//! (known at compile time), or `$AURORA_STD_PATH` when set (for an installed binary).

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use aurora_transpile::Transpiled;

use crate::build::module_rel_path;
use crate::output::write_if_changed;
use crate::term::Term;

const STD_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../aurora-std");
/// The workspace's lockfile: seeding a new project's lockfile from it pins the versions the
/// workspace already built (and downloaded), so a first run needs no network.
const WORKSPACE_LOCK: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.lock");

/// A program's project, written and locked.
pub struct Project {
    pub name: String,
    pub dir: PathBuf,
    pub manifest: PathBuf,
    pub target: PathBuf,
    /// Each module's file as cargo names it in diagnostics (`src/main.rs`, `src/geo/shapes.rs`),
    /// by index into [`Transpiled::modules`].
    pub files: Vec<String>,
    _lock: File,
}

/// How cargo is asked to compile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cargo {
    /// `cargo check`: rustc's analysis without code generation.
    Check,
    /// `cargo build`, optionally `--release`.
    Build { release: bool },
}

/// Write `done` (transpiled from `file`) into its cached project.
pub fn prepare(file: &Path, done: &Transpiled, term: Term) -> Result<Project, ()> {
    let Some(cache) = cache_dir() else {
        term.error(
            "cannot find a cache directory",
            &["set AURORA_CACHE_DIR (or XDG_CACHE_HOME or HOME)"],
        );
        return Err(());
    };
    let source = match file.canonicalize() {
        Ok(path) => path,
        Err(err) => {
            term.error(format!("cannot read `{}`: {err}", file.display()), &[]);
            return Err(());
        }
    };
    let name = project_name(&source);
    let dir = cache.join("projects").join(&name);
    let target = cache.join("target");
    let io = |what: &str, path: &Path, err: std::io::Error| {
        term.error(format!("cannot {what} `{}`: {err}", path.display()), &[]);
    };

    let src = dir.join("src");
    fs::create_dir_all(&src).map_err(|e| io("create", &src, e))?;
    let lock_path = dir.join(".lock");
    let lock = File::create(&lock_path).map_err(|e| io("create", &lock_path, e))?;
    lock.lock().map_err(|e| io("lock", &lock_path, e))?;

    let std_path = std::env::var_os("AURORA_STD_PATH")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(STD_PATH));
    let std_path = std_path.canonicalize().unwrap_or(std_path);
    let manifest = dir.join("Cargo.toml");
    write(&manifest, &cargo_toml(&name, &source, &std_path), term)?;
    let lockfile = dir.join("Cargo.lock");
    if !lockfile.exists() {
        // Best effort: without it cargo resolves afresh.
        if let Ok(text) = fs::read_to_string(WORKSPACE_LOCK) {
            let _ = crate::output::write_atomic(&lockfile, text.as_bytes());
        }
    }
    let mut files = Vec::new();
    for module in &done.modules {
        let rel = if module.is_root {
            PathBuf::from("main.rs")
        } else {
            module_rel_path(file, module)
        };
        write(&src.join(&rel), &module.code, term)?;
        files.push(format!("src/{}", rel.to_string_lossy().replace('\\', "/")));
    }
    Ok(Project {
        name,
        dir,
        manifest,
        target,
        files,
        _lock: lock,
    })
}

impl Project {
    /// Run cargo on the project with rustc's diagnostics as JSON on stdout
    /// (`--message-format=json`); cargo's own messages stay on stderr.
    pub fn cargo(&self, how: Cargo, term: Term) -> Result<Output, ()> {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut cmd = Command::new(&cargo);
        cmd.arg(match how {
            Cargo::Check => "check",
            Cargo::Build { .. } => "build",
        })
        .arg("-q")
        .arg("--message-format=json")
        .arg("--manifest-path")
        .arg(&self.manifest)
        .arg("--target-dir")
        .arg(&self.target);
        if how == (Cargo::Build { release: true }) {
            cmd.arg("--release");
        }
        cmd.output().map_err(|err| {
            term.error(
                format!("cannot run `{}`: {err}", Path::new(&cargo).display()),
                &["aurora2rs needs Rust's cargo on PATH (or in $CARGO) to compile the generated Rust"],
            );
        })
    }

    /// The executable `cargo build` made.
    pub fn exe(&self, release: bool) -> PathBuf {
        let profile = if release { "release" } else { "debug" };
        self.target
            .join(profile)
            .join(format!("{}{}", self.name, std::env::consts::EXE_SUFFIX))
    }
}

fn write(path: &Path, content: &str, term: Term) -> Result<(), ()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|err| {
            term.error(format!("cannot create `{}`: {err}", dir.display()), &[]);
        })?;
    }
    write_if_changed(path, content).map(drop).map_err(|err| {
        term.error(format!("cannot write `{}`: {err}", path.display()), &[]);
    })
}

fn cache_dir() -> Option<PathBuf> {
    let var = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    var("AURORA_CACHE_DIR")
        .or_else(|| var("XDG_CACHE_HOME").map(|d| d.join("aurora2rs")))
        .or_else(|| var("HOME").map(|d| d.join(".cache").join("aurora2rs")))
        .or_else(|| var("LOCALAPPDATA").map(|d| d.join("aurora2rs")))
}

/// `aur-STEM-HASH`: readable, a valid package and binary name, and distinct per source path
/// (binaries of every project land in the one shared target directory).
fn project_name(source: &Path) -> String {
    let stem: String = source
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .take(40)
        .collect();
    format!(
        "aur-{stem}-{:016x}",
        fnv1a(source.as_os_str().as_encoded_bytes())
    )
}

/// FNV-1a: tiny, and stable across Rust releases (std's hasher is not), so cache directory
/// names survive an upgrade of the toolchain.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn cargo_toml(name: &str, source: &Path, std_path: &Path) -> String {
    format!(
        "# @generated by aurora2rs run for {source}. Do not edit.\n\
         [package]\n\
         name = \"{name}\"\n\
         version = \"0.0.0\"\n\
         edition = \"2021\"\n\
         publish = false\n\
         \n\
         [dependencies]\n\
         aurora-std = {{ path = {std} }}\n\
         \n\
         # Not part of any enclosing workspace (the cache may live inside one).\n\
         [workspace]\n",
        source = source.display().to_string().replace('\n', " "),
        std = toml_string(&std_path.to_string_lossy()),
    )
}

fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_names_are_valid_and_distinct() {
        let a = project_name(Path::new("/x/My Prog.aur"));
        let b = project_name(Path::new("/y/My Prog.aur"));
        assert!(a.starts_with("aur-my_prog-"), "{a}");
        assert_ne!(a, b);
        assert!(a
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    }

    #[test]
    fn toml_strings_escape_quotes_and_backslashes() {
        assert_eq!(toml_string(r#"C:\a "b""#), r#""C:\\a \"b\"""#);
    }
}
