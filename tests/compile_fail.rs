//! The compile-fail suite (docs/compile-fail.md): rustc is the enforcement point for Aurora's
//! thread-safety rules (docs/language.md §10, §14, §16), so each case in `tests/compile_fail/`
//! is a small Aurora program with one thread-safety mistake that rustc must reject.
//!
//! - `NAME.aur`: the mistake; the line the first diagnostic must point at carries a trailing
//!   `//~` comment.
//! - `NAME.fixed.aur`: the same program with the fix; it must compile and run.
//! - `NAME.stderr`: rustc's errors for the Rust of `NAME.aur` (trybuild's normalised form).
//!
//! Every case is transpiled with `Options::defer_to_rustc` (the Aurora checker leaves to rustc
//! the rules rustc enforces too), then trybuild builds all of them in one Cargo project: each
//! `NAME.aur`'s Rust must fail with `NAME.stderr`, each fix's Rust must build and run.
//!
//! Bless (after reading the diff): `AURORA_BLESS=1 cargo test -p aurora-cli --test
//! compile_fail` writes the new `.stderr` files into `tests/compile_fail/`.

use std::path::{Path, PathBuf};

use aurora_transpile::Options;

/// A case of the corpus.
struct Case {
    name: String,
    /// `NAME.aur`, the program with the mistake.
    bad: PathBuf,
    /// `NAME.fixed.aur`, the program with the fix.
    fixed: PathBuf,
}

impl Case {
    /// An expectation file beside the case: `NAME.EXT`.
    fn beside(&self, ext: &str) -> PathBuf {
        corpus().join(format!("{}.{ext}", self.name))
    }
}

/// Where the cases' Rust is written, relative to this crate's directory (the tests' working
/// directory; ignored by git). Not under the target directory: trybuild shortens rustc's
/// paths (`--> generated/compile_fail/NAME.rs:13:56`, the same on every machine) only for
/// files under the crate's directory given by a relative path, and leaves a file under the
/// target directory absolute, which would tie the expected stderr to one checkout.
const GENERATED: &str = "generated/compile_fail";

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/compile_fail")
}

/// Every `NAME.aur` of the corpus (not the fixes), by name.
fn cases() -> Vec<Case> {
    let mut cases: Vec<Case> = std::fs::read_dir(corpus())
        .expect("tests/compile_fail/ exists")
        .map(|e| e.expect("readable tests/compile_fail/").path())
        .filter_map(|p| {
            let file = p.file_name()?.to_str()?;
            let name = file.strip_suffix(".aur")?;
            if name.ends_with(".fixed") {
                return None;
            }
            Some(Case {
                name: name.to_string(),
                fixed: corpus().join(format!("{name}.fixed.aur")),
                bad: p,
            })
        })
        .collect();
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    cases
}

/// The 1-based lines of `path` that carry the `//~` marker.
fn marked_lines(path: &Path) -> Vec<usize> {
    read(path)
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("//~"))
        .map(|(i, _)| i + 1)
        .collect()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The Rust of the program at `path`, with the thread-safety rules left to rustc.
fn rust_of(path: &Path, defer_to_rustc: bool) -> Result<String, String> {
    let options = Options {
        defer_to_rustc,
        ..Options::default()
    };
    match aurora_transpile::transpile_path_with(path, options) {
        Ok(done) => match done.modules.as_slice() {
            [only] => Ok(only.code.clone()),
            more => Err(format!("{} modules: a case is one file", more.len())),
        },
        Err(failed) => Err(failed.render(false)),
    }
}

#[test]
fn the_corpus_has_twenty_cases_each_with_one_marked_line_and_a_fix() {
    let cases = cases();
    assert!(cases.len() >= 20, "only {} compile-fail cases", cases.len());
    let mut problems = Vec::new();
    for case in &cases {
        let marks = marked_lines(&case.bad);
        if marks.len() != 1 {
            problems.push(format!(
                "{}.aur: {} lines marked `//~`, not one",
                case.name,
                marks.len()
            ));
        }
        if !case.fixed.is_file() {
            problems.push(format!("{}.aur has no {}.fixed.aur", case.name, case.name));
        } else if !marked_lines(&case.fixed).is_empty() {
            problems.push(format!("{}.fixed.aur has a `//~` marker", case.name));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Each fix is a program the Aurora checker accepts as it is, without leaving anything to
/// rustc; each mistake gets through lowering when the checker defers to rustc.
#[test]
fn every_case_transpiles_with_defer_to_rustc_and_every_fix_without_it() {
    let mut problems = Vec::new();
    for case in cases() {
        if let Err(e) = rust_of(&case.bad, true) {
            problems.push(format!("{}.aur (defer_to_rustc):\n{e}", case.name));
        }
        if case.fixed.is_file() {
            if let Err(e) = rust_of(&case.fixed, false) {
                problems.push(format!("{}.fixed.aur:\n{e}", case.name));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// rustc rejects the Rust of every case with its `NAME.stderr`, and builds and runs every
/// fix's Rust (trybuild, one Cargo project for all of them).
#[test]
fn rustc_rejects_each_case_and_accepts_each_fix() {
    let bless = std::env::var_os("AURORA_BLESS").is_some_and(|v| v == "1");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(GENERATED);
    // Cases removed from the corpus must not linger in the generated directory.
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("fixed")).expect("create the generated directory");
    let cases = cases();
    let mut missing = Vec::new();
    for case in &cases {
        let rust = rust_of(&case.bad, true)
            .unwrap_or_else(|e| panic!("{}.aur does not transpile:\n{e}", case.name));
        std::fs::write(dir.join(format!("{}.rs", case.name)), rust).expect("write a case");
        let stderr = case.beside("stderr");
        if stderr.is_file() {
            std::fs::copy(&stderr, dir.join(format!("{}.stderr", case.name)))
                .expect("copy the expected stderr");
        } else {
            missing.push(case.name.clone());
        }
        let fixed = rust_of(&case.fixed, true)
            .unwrap_or_else(|e| panic!("{}.fixed.aur does not transpile:\n{e}", case.name));
        std::fs::write(dir.join("fixed").join(format!("{}.rs", case.name)), fixed)
            .expect("write a fix");
    }
    assert!(
        bless || missing.is_empty(),
        "no expected stderr for {}: run `AURORA_BLESS=1 cargo test -p aurora-cli --test \
         compile_fail` and read what it wrote",
        missing.join(", ")
    );
    if bless {
        // trybuild's own switch: write the stderr it got over the expected one.
        std::env::set_var("TRYBUILD", "overwrite");
    }
    let at = Path::new(GENERATED);
    {
        let t = trybuild::TestCases::new();
        for case in &cases {
            t.compile_fail(at.join(format!("{}.rs", case.name)));
        }
        for case in &cases {
            t.pass(at.join("fixed").join(format!("{}.rs", case.name)));
        }
        // Dropping `t` builds and checks every case.
    }
    if bless {
        for case in &cases {
            let got = dir.join(format!("{}.stderr", case.name));
            std::fs::copy(&got, case.beside("stderr"))
                .unwrap_or_else(|e| panic!("bless {}: {e}", got.display()));
        }
    }
}
