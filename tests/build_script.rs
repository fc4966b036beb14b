//! examples/cargo-project built by Cargo as a user would build it: its build.rs transpiles two
//! Aurora programs through the `aurora` builder, main.rs includes them, and the binary's output
//! is checked. Then the incremental story: a second build with no change does no work, a
//! touched source reruns the build script without rewriting identical files, an edited source
//! regenerates its file, and a source with an error fails the build showing `file:line:col`.
//!
//! The project is copied under the workspace's target directory (so the test can edit its
//! sources) and built with its own CARGO_TARGET_DIR, away from the lock of the `cargo test`
//! running this.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, SystemTime};

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

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "target" || name == "Cargo.lock" {
            continue;
        }
        let path = entry.path();
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&path, &to.join(&name));
        } else {
            fs::copy(&path, to.join(&name)).unwrap();
        }
    }
}

/// A fresh copy of the example whose path dependencies point back into this workspace.
fn setup(base: &Path) -> PathBuf {
    let project = base.join("project");
    let _ = fs::remove_dir_all(&project);
    copy_dir(&workspace().join("examples/cargo-project"), &project);
    let manifest = fs::read_to_string(project.join("Cargo.toml")).unwrap();
    let ws = workspace().display().to_string();
    let manifest = manifest
        .replace(
            "path = \"../../aurora-std\"",
            &format!("path = {:?}", format!("{ws}/aurora-std")),
        )
        .replace("path = \"../..\"", &format!("path = {ws:?}"));
    assert!(
        manifest.contains(&ws),
        "path dependencies rewritten:\n{manifest}"
    );
    fs::write(project.join("Cargo.toml"), manifest).unwrap();
    // Every dependency is in the workspace's lock, so the build needs no network.
    fs::copy(workspace().join("Cargo.lock"), project.join("Cargo.lock")).unwrap();
    project
}

fn cargo_build(project: &Path, target: &Path) -> Output {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    Command::new(cargo)
        .args(["build", "--offline", "-v"])
        .current_dir(project)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .expect("cargo runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn build_ok(project: &Path, target: &Path) -> String {
    let out = cargo_build(project, target);
    let err = stderr(&out);
    assert!(out.status.success(), "cargo build failed:\n{err}");
    err
}

fn run(target: &Path) -> String {
    let out = Command::new(target.join("debug/aurora-cargo-example"))
        .output()
        .expect("the example runs");
    assert!(out.status.success(), "{}", stderr(&out));
    String::from_utf8(out.stdout).unwrap()
}

/// The build script's OUT_DIR: the one holding stats.rs that was written last.
fn out_dir(target: &Path) -> PathBuf {
    let build = target.join("debug/build");
    fs::read_dir(&build)
        .unwrap()
        .map(|e| e.unwrap().path().join("out"))
        .filter(|out| out.join("stats.rs").is_file())
        .max_by_key(|out| mtime(&out.join("stats.rs")))
        .expect("an OUT_DIR with the generated files")
}

fn mtime(path: &Path) -> SystemTime {
    fs::metadata(path).unwrap().modified().unwrap()
}

fn mtimes(out: &Path) -> Vec<SystemTime> {
    ["stats.rs", "report.rs", "layout.rs"]
        .iter()
        .map(|f| mtime(&out.join(f)))
        .collect()
}

/// Move a file's mtime forward, as an edit would (without relying on the clock's resolution).
fn touch(path: &Path) {
    let later = SystemTime::now() + Duration::from_secs(2);
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(later)
        .unwrap();
}

fn ran_build_script(cargo_stderr: &str) -> bool {
    cargo_stderr
        .lines()
        .any(|l| l.trim_start().starts_with("Running") && l.contains("build-script-build"))
}

#[test]
fn the_cargo_example_builds_runs_and_rebuilds_only_what_changed() {
    let base = outer_target().join("cargo-project-test");
    let target = base.join("target");
    let project = setup(&base);
    let expected =
        fs::read_to_string(workspace().join("examples/cargo-project/expected.stdout")).unwrap();

    // 1. Build and run.
    build_ok(&project, &target);
    assert_eq!(run(&target), expected);
    let out = out_dir(&target);
    let report = fs::read_to_string(out.join("report.rs")).unwrap();
    assert!(
        report.starts_with("// @generated by the aurora "),
        "{report}"
    );
    assert!(report.contains("\nmod layout;\n"), "{report}");
    let before = mtimes(&out);

    // 2. No change: the build script does not run, nothing is rewritten.
    let err = build_ok(&project, &target);
    assert!(err.contains("Fresh aurora-cargo-example"), "{err}");
    assert!(!ran_build_script(&err), "{err}");
    assert_eq!(mtimes(&out), before);

    // 3. A module touched but not changed: rerun-if-changed reruns the build script, which
    //    finds every file up to date and writes none.
    touch(&project.join("src/aurora/layout.aur"));
    let err = build_ok(&project, &target);
    assert!(ran_build_script(&err), "{err}");
    assert_eq!(mtimes(&out), before);

    // 4. An edited program: its file is regenerated, the others are left alone.
    let source = project.join("src/aurora/report.aur");
    let text = fs::read_to_string(&source).unwrap();
    fs::write(
        &source,
        text.replace("\"sensor report\"", "\"sensor summary\""),
    )
    .unwrap();
    touch(&source);
    build_ok(&project, &target);
    let after = mtimes(&out);
    assert_eq!(
        (after[0], after[2]),
        (before[0], before[2]),
        "stats.rs and layout.rs untouched"
    );
    assert_ne!(after[1], before[1], "report.rs rewritten");
    let output = run(&target);
    assert!(
        output.starts_with("sensor summary\n--------------\n"),
        "{output}"
    );

    // 5. An error in a source fails the build, and Cargo shows where.
    let stats = project.join("src/aurora/stats.aur");
    let text = fs::read_to_string(&stats).unwrap();
    let broken = text.replace("var acc = 0.0", "var acc: int = 0.5");
    let (line, col) = broken
        .lines()
        .enumerate()
        .find_map(|(i, l)| l.find("0.5").map(|c| (i + 1, c + 1)))
        .expect("the edit is in the source");
    fs::write(&stats, broken).unwrap();
    touch(&stats);
    let failed = cargo_build(&project, &target);
    let err = stderr(&failed);
    assert!(!failed.status.success(), "{err}");
    assert!(err.contains("failed to run custom build command"), "{err}");
    assert!(
        err.contains(&format!("--> src/aurora/stats.aur:{line}:{col}")),
        "{err}"
    );
    assert!(err.contains("var acc: int = 0.5"), "the snippet:\n{err}");
    assert!(
        err.contains("could not compile `src/aurora/stats.aur`"),
        "{err}"
    );
}
