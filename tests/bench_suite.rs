//! The benchmark suite (bench/suite, its own Cargo workspace) at small sizes: every program
//! that has an Aurora version builds (through the suite's build.rs and the `aurora` library)
//! and prints exactly what its hand-written Rust twin prints. The suite's runner does the
//! comparing (`--quick`: small sizes, one round, no timing tables that matter); it fails on any
//! difference. Debug builds, so this costs a build of the suite, not a benchmark run.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("cli/ is inside the workspace")
        .to_path_buf()
}

fn outer_target() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("target"))
}

#[test]
fn aurora_programs_of_the_suite_agree_with_their_rust_twins() {
    let suite = workspace().join("bench/suite");
    // Its own target directory: the `cargo test` running this holds the workspace's lock.
    let target = outer_target().join("bench-suite-test");
    // The Aurora programs: each has a binary whose crate root is src/aurora/NAME.rs (the
    // modules they share, like aurora/cmdline.aur, have none).
    let mut aurora: Vec<String> = std::fs::read_dir(suite.join("src/aurora"))
        .expect("bench/suite/src/aurora exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    aurora.sort();
    assert!(!aurora.is_empty(), "bench/suite has Aurora programs");
    // The workspace's versions of every dependency (bench/suite/Cargo.lock is this copy).
    std::fs::copy(workspace().join("Cargo.lock"), suite.join("Cargo.lock"))
        .expect("Cargo.lock is copied");
    // Only the binaries this test runs: the runner and both twins of each Aurora program.
    let mut build = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    build.args(["build", "--bin", "suite", "--manifest-path"]);
    build.arg(suite.join("Cargo.toml"));
    for stem in &aurora {
        let name = stem.replace('_', "-");
        build.args([
            "--bin",
            &format!("{name}-aurora"),
            "--bin",
            &format!("{name}-rust"),
        ]);
    }
    let build = build
        .env("CARGO_TARGET_DIR", &target)
        // No debug info: it would make this build's directory several times larger (over a
        // gigabyte) and its links slower, for binaries that only print checksums.
        .env("CARGO_PROFILE_DEV_DEBUG", "false")
        .env_remove("RUSTFLAGS")
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .expect("cargo runs");
    assert!(
        build.status.success(),
        "building bench/suite failed:\n{}",
        String::from_utf8_lossy(&build.stderr)
    );

    let run = Command::new(target.join("debug/suite"))
        .args([
            "--quick",
            "--rounds",
            "1",
            "--speedup-rounds",
            "0",
            "--profile",
            "debug",
        ])
        .arg("--target")
        .arg(&target)
        .args(["--only", &aurora.join(",")])
        .output()
        .expect("the runner starts");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "the twins disagree or failed:\n{}{}",
        stdout,
        String::from_utf8_lossy(&run.stderr)
    );
    // One table row per program, with an Aurora time and the checksum the twins share.
    for stem in &aurora {
        let row = stdout
            .lines()
            .find(|l| l.starts_with(&format!("| {stem} |")))
            .unwrap_or_else(|| panic!("no row for {stem} in:\n{stdout}"));
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        assert!(
            cells[3].parse::<f64>().is_ok(),
            "{stem} ran in Aurora: {row}"
        );
        assert!(cells[4].parse::<f64>().is_ok(), "{stem} ran in Rust: {row}");
        assert!(!cells[10].is_empty(), "{stem} printed a checksum: {row}");
    }
}
