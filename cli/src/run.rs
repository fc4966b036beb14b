//! `aurora2rs run`: transpile, build in a cached Cargo project, run.
//!
//! Cache layout (root: `$AURORA_CACHE_DIR`, else `$XDG_CACHE_HOME/aurora2rs`, else
//! `~/.cache/aurora2rs`):
//! - `projects/NAME-HASH/`: one Cargo project per program, keyed by a hash of the root file's
//!   canonical path, holding `Cargo.toml`, `src/main.rs` (the root) and one `.rs` per module.
//! - `target/`: one target directory shared by every project, so `aurora-std` is built once.
//!
//! Files are rewritten only when their content changes, which keeps cargo's incremental build
//! warm. A lock on `projects/NAME-HASH/.lock` serialises concurrent runs of the same program
//! while they write and build (cargo itself serialises builds in the shared target dir); the
//! lock is released before the program runs, so two runs can execute at once. Nothing is ever
//! written into the user's tree, and the program runs in the caller's working directory.
//!
//! Generated code depends on `aurora-std` by path: the copy beside this crate's sources
//! (known at compile time), or `$AURORA_STD_PATH` when set (for an installed binary).

use std::ffi::OsString;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use aurora_transpile::Transpiled;

use crate::build::module_rel_path;
use crate::output::write_if_changed;
use crate::term::{ColorChoice, Term};

#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  aurora2rs run examples/hello.aur
  aurora2rs run examples/wordcount.aur -- notes.txt     arguments after `--` go to the program
  aurora2rs run --release bench.aur
  aurora2rs run --threads 4 bench.aur                  `par` work on a pool of 4 threads

The program is built in a cached Cargo project ($AURORA_CACHE_DIR, else
$XDG_CACHE_HOME/aurora2rs, else ~/.cache/aurora2rs) and run in the current directory; its
stdout, stderr and exit code pass through. Nothing is written beside the source.
The generated code depends on this repository's aurora-std (override: $AURORA_STD_PATH).")]
pub struct RunArgs {
    /// The Aurora program's root file (the one with `fn main`).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Build with optimisations (cargo's release profile).
    #[arg(long)]
    pub release: bool,
    /// Run `par` work on N threads (sets RAYON_NUM_THREADS for the program; by default the
    /// pool has one thread per logical CPU).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub threads: Option<u32>,
    /// Arguments for the program (after `--`).
    #[arg(last = true, value_name = "ARGS")]
    pub args: Vec<OsString>,
}

const STD_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../aurora-std");
/// The workspace's lockfile: seeding a new project's lockfile from it pins the versions the
/// workspace already built (and downloaded), so a first run needs no network.
const WORKSPACE_LOCK: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.lock");

pub fn run(args: &RunArgs, color: ColorChoice, term: Term) -> ExitCode {
    let done = match aurora_transpile::transpile_path(&args.file) {
        Ok(done) => done,
        Err(failed) => {
            term.diagnostics(&failed.sources, &failed.diagnostics);
            return ExitCode::FAILURE;
        }
    };
    term.diagnostics(&done.sources, &done.warnings);
    let exe = match build(args, &done, color, term) {
        Ok(exe) => exe,
        Err(()) => return ExitCode::FAILURE,
    };
    let mut program = Command::new(&exe);
    program.args(&args.args);
    if let Some(n) = args.threads {
        // rayon's global pool, which `par` runs on, reads it when it starts.
        program.env("RAYON_NUM_THREADS", n.to_string());
    }
    match program.status() {
        Ok(status) => exit_code(status),
        Err(err) => {
            term.error(format!("cannot start `{}`: {err}", exe.display()), &[]);
            ExitCode::FAILURE
        }
    }
}

/// Write the project and build it; the executable's path.
fn build(args: &RunArgs, done: &Transpiled, color: ColorChoice, term: Term) -> Result<PathBuf, ()> {
    let Some(cache) = cache_dir() else {
        term.error(
            "cannot find a cache directory",
            &["set AURORA_CACHE_DIR (or XDG_CACHE_HOME or HOME)"],
        );
        return Err(());
    };
    let source = match args.file.canonicalize() {
        Ok(path) => path,
        Err(err) => {
            term.error(format!("cannot read `{}`: {err}", args.file.display()), &[]);
            return Err(());
        }
    };
    let name = project_name(&source);
    let project = cache.join("projects").join(&name);
    let target = cache.join("target");
    let io = |what: &str, path: &Path, err: std::io::Error| {
        term.error(format!("cannot {what} `{}`: {err}", path.display()), &[]);
    };

    let src = project.join("src");
    fs::create_dir_all(&src).map_err(|e| io("create", &src, e))?;
    let lock_path = project.join(".lock");
    let lock = File::create(&lock_path).map_err(|e| io("create", &lock_path, e))?;
    lock.lock().map_err(|e| io("lock", &lock_path, e))?;

    let std_path = std::env::var_os("AURORA_STD_PATH")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(STD_PATH));
    let std_path = std_path.canonicalize().unwrap_or(std_path);
    let manifest = project.join("Cargo.toml");
    write(&manifest, &cargo_toml(&name, &source, &std_path), term)?;
    let lockfile = project.join("Cargo.lock");
    if !lockfile.exists() {
        // Best effort: without it cargo resolves afresh.
        if let Ok(text) = fs::read_to_string(WORKSPACE_LOCK) {
            let _ = crate::output::write_atomic(&lockfile, text.as_bytes());
        }
    }
    for module in &done.modules {
        let path = if module.is_root {
            src.join("main.rs")
        } else {
            src.join(module_rel_path(&args.file, module))
        };
        write(&path, &module.code, term)?;
    }

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(&cargo);
    cmd.arg("build")
        .arg("-q")
        .arg("--manifest-path")
        .arg(&manifest)
        .arg("--target-dir")
        .arg(&target);
    if args.release {
        cmd.arg("--release");
    }
    match color {
        ColorChoice::Always => cmd.args(["--color", "always"]),
        ColorChoice::Never => cmd.args(["--color", "never"]),
        ColorChoice::Auto => &mut cmd,
    };
    // Cargo's stdout is the program's stdout channel; keep it for the program alone.
    cmd.stdout(std::process::Stdio::null());
    let status = match cmd.status() {
        Ok(status) => status,
        Err(err) => {
            term.error(
                format!("cannot run `{}`: {err}", Path::new(&cargo).display()),
                &["`aurora2rs run` needs Rust's cargo on PATH (or in $CARGO)"],
            );
            return Err(());
        }
    };
    drop(lock);
    if !status.success() {
        term.error_with_notes(
            format!(
                "the Rust generated from `{}` failed to compile",
                args.file.display()
            ),
            &[&format!(
                "the errors above point into the generated project at `{}`; \
                     mapping them back to .aur lines is not done yet",
                project.display()
            )],
            &[&format!(
                "see the generated Rust with `aurora2rs emit {}`",
                args.file.display()
            )],
        );
        return Err(());
    }
    let profile = if args.release { "release" } else { "debug" };
    Ok(target
        .join(profile)
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX)))
}

fn write(path: &Path, content: &str, term: Term) -> Result<(), ()> {
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

/// The child's exit code; on Unix a death by signal N becomes 128 + N, as shells report it.
fn exit_code(status: std::process::ExitStatus) -> ExitCode {
    if let Some(code) = status.code() {
        // Codes outside 0..=255 (Windows) cannot pass through exactly; report failure.
        return ExitCode::from(u8::try_from(code).unwrap_or(1));
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return ExitCode::from(u8::try_from(128 + signal).unwrap_or(1));
        }
    }
    ExitCode::FAILURE
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
