//! The compile-fail suite (docs/compile-fail.md): rustc is the enforcement point for Aurora's
//! thread-safety rules (docs/language.md §10, §14, §16), so each case in `tests/compile_fail/`
//! is a small Aurora program with one thread-safety mistake that rustc must reject.
//!
//! - `NAME.aur`: the mistake; the line the first diagnostic must point at carries a trailing
//!   `//~` comment.
//! - `NAME.fixed.aur`: the same program with the fix; it must compile and run.
//! - `NAME.stderr`: rustc's errors for the Rust of `NAME.aur` (trybuild's normalised form).
//! - `NAME.check.stderr`: what `aurora2rs check --defer-to-rustc --color never NAME.aur`
//!   prints: rustc's errors explained in Aurora terms at `.aur` lines.
//!
//! Every case is transpiled with `Options::defer_to_rustc` (the Aurora checker leaves to rustc
//! the rules rustc enforces too), then trybuild builds all of them in one Cargo project: each
//! `NAME.aur`'s Rust must fail with `NAME.stderr`, each fix's Rust must build and run. Then
//! `aurora2rs check` runs on each case, its output must match `NAME.check.stderr`, and issue 6's
//! measure is printed: the share of cases whose first diagnostic points at the `//~` line and
//! is said in Aurora terms. Below 100% (the target) the test fails and lists the cases.
//!
//! Bless (after reading the diff): `AURORA_BLESS=1 cargo test -p aurora-cli --test
//! compile_fail` writes the new `.stderr` and `.check.stderr` files into `tests/compile_fail/`.

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

/// The cases whose mistake the Aurora checker reports by itself, before any Rust exists (the
/// rules `Options::defer_to_rustc` leaves to rustc); rustc is the only check of the others.
const CAUGHT_BY_THE_CHECKER: &[&str] = &[
    "fork_join_same_var",
    "par_assign",
    "par_method_call",
    "par_mut_borrow",
    "par_pipeline_mutates",
    "scope_body_var",
];

#[test]
fn without_defer_to_rustc_the_checker_reports_exactly_its_own_rules() {
    let caught: Vec<String> = cases()
        .into_iter()
        .filter(|c| rust_of(&c.bad, false).is_err())
        .map(|c| c.name)
        .collect();
    assert_eq!(caught, CAUGHT_BY_THE_CHECKER);
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

/// `aurora2rs check --defer-to-rustc --color never NAME.aur`, run in the corpus directory: its
/// stderr (the rustc errors of the generated Rust, explained in Aurora terms at `.aur` lines).
fn aurora_check(case: &Case) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_aurora2rs"))
        .args(["check", "--defer-to-rustc", "--color", "never"])
        .arg(format!("{}.aur", case.name))
        .current_dir(corpus())
        .env(
            "AURORA_CACHE_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("aurora-run-cache"),
        )
        .output()
        .expect("run aurora2rs check");
    assert!(
        !out.status.success(),
        "`aurora2rs check --defer-to-rustc {}.aur` accepted it",
        case.name
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The first error of `aurora2rs check`'s rendered output: its `.aur` line, and whether it is
/// said in Aurora terms: neither the explainer's fallback for an error it has no rule for
/// ("... has no Aurora explanation ...") nor one whose place the source map could not trace
/// ("... (not traced to the Aurora source)"), both worded in `aurora_transpile::rustc`.
fn first_error(rendered: &str) -> Option<(usize, bool)> {
    let mut lines = rendered.lines().skip_while(|l| !l.starts_with("error"));
    let head = lines.next()?;
    let place = lines.find_map(|l| l.trim_start().strip_prefix("--> "))?;
    let line = place.rsplit(':').nth(1)?.parse().ok()?;
    let aurora_terms = !head.contains("no Aurora explanation")
        && !head.contains("not traced to the Aurora source");
    Some((line, aurora_terms))
}

/// Issue 6's measure: `aurora2rs check --defer-to-rustc` on every case gives its
/// `NAME.check.stderr`, and the share of cases whose first diagnostic points at the `//~` line
/// and is rewritten in Aurora terms is 100%.
#[test]
fn aurora2rs_check_explains_every_case_at_its_marked_line() {
    let bless = std::env::var_os("AURORA_BLESS").is_some_and(|v| v == "1");
    let cases = cases();
    let mut good = 0;
    let mut misses = Vec::new();
    let mut changed = Vec::new();
    for case in &cases {
        let got = aurora_check(case);
        let golden = case.beside("check.stderr");
        if bless {
            std::fs::write(&golden, &got).expect("write a check golden");
        } else {
            let want = std::fs::read_to_string(&golden).unwrap_or_default();
            if want != got {
                let diff = similar::TextDiff::from_lines(&want, &got);
                changed.push(format!(
                    "{}",
                    diff.unified_diff()
                        .header(&format!("{}.check.stderr", case.name), "aurora2rs check")
                ));
            }
        }
        let want = marked_lines(&case.bad).first().copied();
        match first_error(&got) {
            Some((line, true)) if Some(line) == want => good += 1,
            Some((line, aurora_terms)) => misses.push(format!(
                "{}: first error at line {line} (marked: {}){}",
                case.name,
                want.map_or("none".to_string(), |l| l.to_string()),
                if aurora_terms {
                    ""
                } else {
                    ", not in Aurora terms"
                }
            )),
            None => misses.push(format!("{}: no error with a place", case.name)),
        }
    }
    let share = 100.0 * good as f64 / cases.len().max(1) as f64;
    println!(
        "compile-fail measure: {good} of {} cases ({share:.0}%) have their first diagnostic at \
         the marked line, in Aurora terms",
        cases.len()
    );
    let mut failures = Vec::new();
    if !misses.is_empty() {
        failures.push(format!(
            "{share:.0}% (target 100%); these cases miss:\n{}",
            misses.join("\n")
        ));
    }
    if !changed.is_empty() {
        failures.push(format!(
            "`aurora2rs check` output differs from NAME.check.stderr (after reading the diff, \
             bless with AURORA_BLESS=1):\n{}",
            changed.join("\n")
        ));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The same measure on each case's CNL twin (`aurora2rs translate --to cnl`, which keeps the
/// `//~` comment on its sentence): the source map and the explanations follow the surface the
/// program is written in.
#[test]
fn the_cnl_twin_of_every_case_is_explained_at_its_marked_line() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("compile_fail_cnl");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    let bin = env!("CARGO_BIN_EXE_aurora2rs");
    let cases = cases();
    let mut misses = Vec::new();
    for case in &cases {
        let cnl = std::process::Command::new(bin)
            .args(["translate", "--to", "cnl"])
            .arg(&case.bad)
            .output()
            .expect("run aurora2rs translate");
        assert!(cnl.status.success(), "translate {}", case.name);
        let path = dir.join(format!("{}.cnl", case.name));
        std::fs::write(&path, &cnl.stdout).expect("write the CNL twin");
        let out = std::process::Command::new(bin)
            .args(["check", "--defer-to-rustc", "--color", "never"])
            .arg(format!("{}.cnl", case.name))
            .current_dir(&dir)
            .env(
                "AURORA_CACHE_DIR",
                Path::new(env!("CARGO_TARGET_TMPDIR")).join("aurora-run-cache"),
            )
            .output()
            .expect("run aurora2rs check");
        let got = String::from_utf8_lossy(&out.stderr);
        let text = read(&path);
        let want = marked_lines(&path)
            .first()
            .map(|&m| sentence_of(&text, m))
            .unwrap_or(0..=0);
        match first_error(&got) {
            Some((line, true)) if want.contains(&line) => {}
            other => misses.push(format!(
                "{}: {other:?} (marked: {want:?})\n{got}",
                case.name
            )),
        }
    }
    println!(
        "compile-fail measure, CNL twins: {} of {} cases",
        cases.len() - misses.len(),
        cases.len()
    );
    assert!(misses.is_empty(), "{}", misses.join("\n"));
}

/// The lines of the CNL sentence that ends on line `marked` (1-based), with the block header
/// (`Start a task:`) that opens directly onto it: the translation puts a `.aur` line's comment
/// at the end of its sentence, which may run over several lines where the `.aur` took one.
fn sentence_of(text: &str, marked: usize) -> std::ops::RangeInclusive<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let ends = |i: usize| {
        let code = lines[i - 1].split("//").next().unwrap_or("").trim_end();
        code.ends_with('.') || code.ends_with(':')
    };
    let mut start = marked;
    while start > 1 && !ends(start - 1) {
        start -= 1;
    }
    if start > 1 && lines[start - 2].trim_end().ends_with(':') {
        start -= 1;
    }
    start..=marked
}
