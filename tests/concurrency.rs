//! Structured concurrency end to end: Aurora programs built and run with `aurora2rs run`,
//! checking what only a run shows (a task's panic naming its source location; the stress
//! test's thousands of tasks). The golden suite covers the emitted Rust and ordinary output.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_aurora2rs");

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("concurrency")
        .join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn aurora(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env(
            "AURORA_CACHE_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("aurora-run-cache"),
        )
        .output()
        .expect("run aurora2rs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const PANICS_AUR: &str = "\
fn check(n: int) -> int {
    assert(n < 3, \"n is too large\")
    n
}

fn main() {
    scope {
        let a = spawn check(1)
        let b = spawn check(7)
        print(join a + join b)
    }
}
";

const PANICS_CNL: &str = "\
To check taking n of type int, giving int:
    Check that n is less than 3, failing with \"n is too large\".
    The result is n.

To main:
    In a scope:
        Let a be spawn check(1).
        Let b be spawn check(7).
        Print join a plus join b.
";

/// A task's panic resurfaces from its scope naming where the task was spawned, in the file
/// the program was written in (`.aur` or `.cnl`), by line and column.
#[test]
fn a_task_panic_names_its_spawn_site_in_the_source() {
    let dir = scratch("panic-site");
    fs::write(dir.join("panics.aur"), PANICS_AUR).unwrap();
    fs::write(dir.join("panics.cnl"), PANICS_CNL).unwrap();
    for (file, site) in [
        ("panics.aur", "panics.aur:9:17"),
        ("panics.cnl", "panics.cnl:8:18"),
    ] {
        let out = aurora(&dir, &["run", file]);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(101), "{file}:\n{err}");
        assert!(
            err.contains(&format!("task spawned at {site} panicked: n is too large")),
            "{file}:\n{err}"
        );
        assert!(text(&out.stdout).is_empty(), "{file}");
    }
}
