//! The golden suite as part of `cargo test --workspace`: runs `aurora2rs golden` from the
//! repository root. `aurora2rs golden --accept` updates the expectations; see
//! `aurora2rs golden --help`.

use std::path::Path;
use std::process::Command;

fn golden(args: &[&str]) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("cli/ lives in the repository root");
    let out = Command::new(env!("CARGO_BIN_EXE_aurora2rs"))
        .arg("golden")
        .args(args)
        .current_dir(root)
        .output()
        .expect("run aurora2rs golden");
    assert!(
        out.status.success(),
        "`aurora2rs golden {}` failed ({}):\n{}\n{}",
        args.join(" "),
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
}

/// Text only: every generated `.rs` and every error case's diagnostics match. Fast, and
/// reports text differences even when the compile stage is broken.
#[test]
fn golden_text() {
    golden(&["--no-compile"]);
}

/// Everything: text, rustfmt, one crate of all programs under clippy -D warnings, each
/// program's output, and the programs' `test` blocks.
#[test]
fn golden_full() {
    golden(&[]);
}

/// The floor for the suite: at least 20 programs and 15 bad programs.
#[test]
fn golden_suite_is_large_enough() {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("../golden");
    let count = |dir: &Path| {
        std::fs::read_dir(dir)
            .expect("golden directory")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "aur") || p.join("main.aur").is_file())
            .count()
    };
    let programs = count(&golden);
    let errors = count(&golden.join("errors"));
    assert!(programs >= 20, "only {programs} golden programs");
    assert!(errors >= 15, "only {errors} golden error cases");
}
