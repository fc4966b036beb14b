//! Every program in `examples/` runs through `aurora2rs run` (as the README tells a newcomer to
//! do) and prints exactly its `NAME.stdout`. An example without an expected output fails the
//! test, so a new example cannot go unchecked.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_aurora2rs");

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("cli/ lives in the repository root")
        .to_path_buf()
}

/// Program arguments per example; the others take none.
fn args_for(name: &str) -> &'static [&'static str] {
    match name {
        "word_count" => &["examples/sample.txt"],
        _ => &[],
    }
}

fn run(file: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("run")
        .arg(file)
        .arg("--")
        .args(args)
        .current_dir(repo())
        // Shared with tests/cli.rs: one warm cache; `run` locks each project while using it.
        .env(
            "AURORA_CACHE_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("aurora-run-cache"),
        )
        .output()
        .expect("start aurora2rs")
}

#[test]
fn every_example_runs_and_prints_its_expected_output() {
    let mut names: Vec<String> = std::fs::read_dir(repo().join("examples"))
        .expect("read examples/")
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            name.strip_suffix(".aur").map(str::to_string)
        })
        .collect();
    names.sort();
    assert!(names.len() >= 4, "examples/ lost its programs: {names:?}");
    let mut failures = Vec::new();
    for name in &names {
        let expected = match std::fs::read_to_string(repo().join(format!("examples/{name}.stdout")))
        {
            Ok(text) => text,
            Err(_) => {
                failures.push(format!("{name}: no examples/{name}.stdout"));
                continue;
            }
        };
        let out = run(Path::new(&format!("examples/{name}.aur")), args_for(name));
        let stdout = String::from_utf8_lossy(&out.stdout);
        if !out.status.success() || stdout != expected {
            failures.push(format!(
                "{name}: {}\n--- stdout ---\n{stdout}\n--- expected ---\n{expected}\n--- stderr ---\n{}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// `word_count` without its file argument returns `err` from `main`: the message goes to
/// stderr and the exit status is 1.
#[test]
fn word_count_without_a_file_reports_usage_and_fails() {
    let out = run(Path::new("examples/word_count.aur"), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("usage: word_count FILE"), "{stderr}");
}
