//! `aurora2rs golden`: the golden-file suite, for review and for CI.
//!
//! Layout of the golden directory (default `golden/`, relative to the repository root, which
//! must be the current directory):
//!
//! - `NAME.aur` with the expected `NAME.rs` and, where the program runs, `NAME.stdout`.
//! - `NAME/main.aur` (a directory holding `main.aur`): a program of several modules; every
//!   module `X.aur` has its expected `X.rs` beside it, and the run output is `NAME/main.stdout`.
//! - `errors/NAME.aur` (or `errors/NAME/main.aur`): a bad program that must not transpile; its
//!   rendered diagnostics (without colour) are `errors/NAME.stderr` (`errors/NAME/main.stderr`).
//! - `NAME.cnl` beside every `NAME.aur` (and every module `X.cnl` beside `X.aur`): the same
//!   program in CNL (docs/cnl.md). It must transpile to Rust identical to that of its `.aur`
//!   twin, byte for byte after the first line (the `@generated` header, which names the source
//!   file), with both transpiled with their spawn sites masked (a site names its own file's
//!   line and column; `Options::mask_sites`). A missing twin is a failure; `--accept` never writes one (make it
//!   with `aurora2rs translate NAME.aur --to cnl -o NAME.cnl`).
//! - `errors_cnl/NAME.cnl`: a bad CNL program, with its diagnostics in `errors_cnl/NAME.stderr`.
//! - `NAME.aurs` beside every program that has any concurrency (a scope, a spawn, ...): its
//!   concurrency manifest (docs/manifest.md). A program without concurrency has none. The CNL
//!   twin's manifest must equal the `.aur`'s except for the spans, which point into the `.cnl`.
//!
//! Stages: transpile every program and compare text; unless `--no-compile`, check the output
//! with `rustfmt` (default configuration), then build every program as one module of a single
//! Cargo crate under `target/aurora-golden/` (one build for the whole suite keeps it fast),
//! run `cargo clippy -D warnings` over it, run each program that has a `.stdout` and compare,
//! and run the crate's tests, which are the programs' Aurora `test` blocks.
//!
//! The compiled text is the transpiler's *actual* output, so with `--accept` what gets
//! accepted is what was compiled. Without `--accept` nothing under the golden directory is
//! written.

use std::collections::BTreeSet;
use std::fs;
use std::io::{Read, Write};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use aurora_transpile::{Failed, Options, Transpiled};
use similar::TextDiff;

/// Check (or accept) the golden files: transpiled Rust, diagnostics, and run output.
#[derive(clap::Args, Debug, Clone)]
#[command(after_long_help = "\
Examples:
  aurora2rs golden                    check everything (run from the repository root)
  aurora2rs golden --no-compile       only compare the generated .rs and .stderr text
  aurora2rs golden --filter hello     only programs whose name contains `hello`
  aurora2rs golden --accept           write the actual outputs over the expected files;
                                      review the change with `git diff golden/`

Layout: golden/NAME.aur with NAME.rs and NAME.stdout; golden/NAME/main.aur for programs of
several modules (each X.aur beside its X.rs, output in main.stdout); golden/errors/NAME.aur
with the expected diagnostics in NAME.stderr. A program with concurrency has its manifest in
NAME.aurs. Every NAME.aur has a CNL twin NAME.cnl whose Rust must equal NAME.aur's after the
header line (spawn sites, which name each file's own lines, aside) and whose manifest must
equal NAME.aurs but for its spans and sites; golden/errors_cnl/NAME.cnl are bad CNL programs with
their diagnostics in NAME.stderr.")]
pub struct GoldenArgs {
    /// Write the actual outputs (.rs, .aurs, .stderr, .stdout) over the expected files where they differ.
    #[arg(long)]
    pub accept: bool,
    /// Only the programs whose name contains NAME (error cases are named `errors/NAME`).
    #[arg(long, value_name = "NAME")]
    pub filter: Option<String>,
    /// Skip rustfmt, clippy, the build, the runs and the tests: compare text only.
    #[arg(long)]
    pub no_compile: bool,
    /// The golden directory, relative to the repository root (the current directory).
    #[arg(long, value_name = "DIR", default_value = "golden")]
    pub dir: PathBuf,
}

/// Run the suite; exit code 1 when anything failed.
pub fn run(args: &GoldenArgs) -> ExitCode {
    let mut suite = Suite {
        args: args.clone(),
        failures: Vec::new(),
        tools: Tools::detect(),
    };
    let cases = match find_cases(&args.dir, args.filter.as_deref()) {
        Ok(cases) => cases,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    if cases.is_empty() {
        eprintln!(
            "error: no golden programs found in {}{}",
            args.dir.display(),
            args.filter
                .as_ref()
                .map(|f| format!(" matching `{f}`"))
                .unwrap_or_default()
        );
        return ExitCode::FAILURE;
    }
    let programs = cases.iter().filter(|c| !c.is_error).count();
    println!(
        "golden: {} programs, {} error cases",
        programs,
        cases.len() - programs
    );
    if !suite.tools.rustfmt {
        // aurora2rs formats its output with rustfmt when it can; without it every expected
        // .rs differs, and the diffs alone would not say why.
        suite.fail(
            "(suite)",
            "rustfmt is not installed (run `rustup component add rustfmt`): aurora2rs formats \
             its output with it, so generated .rs files differ from the expected ones without it",
        );
    }

    let mut built = Vec::new();
    for case in &cases {
        if case.is_error {
            suite.error_case(case);
        } else if let Some(program) = suite.program_case(case) {
            built.push(program);
        }
    }
    if args.filter.is_none() {
        suite.orphans(&args.dir);
    }
    if !args.no_compile && !built.is_empty() {
        suite.compile_stage(&built);
    }
    suite.finish(cases.len())
}

/// One golden case: a program or a bad program.
struct Case {
    /// `hello`, `shapes` (a directory), `errors/undefined`.
    name: String,
    /// The root `.aur`, as a path relative to the repository root (it names the source in
    /// headers and diagnostics, so it must not depend on where the repository lives).
    root: PathBuf,
    is_error: bool,
}

impl Case {
    /// The expected file beside the root source with another extension.
    fn beside(&self, ext: &str) -> PathBuf {
        self.root.with_extension(ext)
    }
}

/// One generated module.
struct ModuleFile {
    /// Relative to the program's directory in the crate (`mod.rs` for the root).
    in_crate: PathBuf,
    /// The expected file in the golden directory, as shown in messages.
    golden: PathBuf,
    code: String,
}

/// A program that transpiled: its modules' Rust, ready to be compiled.
struct Program {
    name: String,
    /// The Rust module name inside the golden crate.
    ident: String,
    files: Vec<ModuleFile>,
    has_main: bool,
    expected_stdout: PathBuf,
}

struct Suite {
    args: GoldenArgs,
    /// (case name, what failed)
    failures: Vec<(String, String)>,
    tools: Tools,
}

impl Suite {
    fn fail(&mut self, name: &str, what: impl Into<String>) {
        let what = what.into();
        println!("FAIL {name}: {what}");
        self.failures.push((name.to_string(), what));
    }

    fn finish(self, total: usize) -> ExitCode {
        if self.failures.is_empty() {
            println!("golden: ok ({total} cases)");
            return ExitCode::SUCCESS;
        }
        println!("\ngolden: {} failure(s):", self.failures.len());
        for (name, what) in &self.failures {
            let first = what.lines().next().unwrap_or_default();
            println!("  {name}: {first}");
        }
        if !self.args.accept {
            println!("(review; `aurora2rs golden --accept` writes the actual outputs as expected)");
        }
        ExitCode::FAILURE
    }

    /// Compare `actual` with the file at `path`; on `--accept` write it there.
    fn expect_text(&mut self, name: &str, path: &Path, actual: &str) {
        let expected = fs::read_to_string(path)
            .ok()
            .map(|t| t.replace("\r\n", "\n"));
        if expected.as_deref() == Some(actual) {
            return;
        }
        let shown = path.display().to_string();
        if self.args.accept {
            if let Err(e) = fs::write(path, actual) {
                self.fail(name, format!("cannot write {shown}: {e}"));
                return;
            }
            match expected {
                None => println!("created {shown}"),
                Some(old) => println!(
                    "updated {shown}\n{}",
                    expected_vs_actual(&old, actual, &shown)
                ),
            }
        } else {
            match expected {
                None => self.fail(name, format!("missing expected file {shown}")),
                Some(old) => self.fail(
                    name,
                    format!(
                        "{shown} differs\n{}",
                        expected_vs_actual(&old, actual, &shown)
                    ),
                ),
            }
        }
    }

    /// Expected files whose `.aur` is gone: reported, and removed on `--accept`.
    fn orphans(&mut self, dir: &Path) {
        let mut dirs = vec![dir.to_path_buf()];
        let mut orphans = Vec::new();
        while let Some(dir) = dirs.pop() {
            let Ok(entries) = fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path
                    .extension()
                    .is_some_and(|e| e == "rs" || e == "stdout" || e == "stderr" || e == "aurs")
                    && !path.with_extension("aur").is_file()
                    && !path.with_extension("cnl").is_file()
                {
                    orphans.push(path);
                }
            }
        }
        orphans.sort();
        for path in orphans {
            let shown = path.display().to_string();
            if !self.args.accept {
                self.fail(&shown, format!("{shown} has no .aur beside it"));
            } else if let Err(e) = fs::remove_file(&path) {
                self.fail(&shown, format!("cannot remove {shown}: {e}"));
            } else {
                println!("removed {shown} (no .aur beside it)");
            }
        }
    }

    fn error_case(&mut self, case: &Case) {
        match transpile_guarded(&case.root) {
            Err(panic) => self.fail(&case.name, format!("the transpiler panicked: {panic}")),
            Ok(Ok(_)) => self.fail(
                &case.name,
                "transpiled without errors, but it is an error case",
            ),
            Ok(Err(failed)) => {
                self.expect_text(&case.name, &case.beside("stderr"), &failed.render(false))
            }
        }
    }

    fn program_case(&mut self, case: &Case) -> Option<Program> {
        let transpiled = match transpile_guarded(&case.root) {
            Err(panic) => {
                self.fail(&case.name, format!("the transpiler panicked: {panic}"));
                return None;
            }
            Ok(Err(failed)) => {
                self.fail(
                    &case.name,
                    format!("transpile failed:\n{}", failed.render(false)),
                );
                return None;
            }
            Ok(Ok(t)) => t,
        };
        if transpiled.modules.is_empty() {
            self.fail(&case.name, "the transpiler produced no modules");
            return None;
        }
        let dir = case.root.parent().unwrap_or(Path::new(""));
        let mut files = Vec::new();
        let mut has_main = false;
        for module in &transpiled.modules {
            let golden = module.source_path.with_extension("rs");
            self.expect_text(&case.name, &golden, &module.code);
            let in_crate = if module.is_root {
                has_main = defines_main(&module.code);
                PathBuf::from("mod.rs")
            } else {
                let rel = module
                    .source_path
                    .strip_prefix(dir)
                    .unwrap_or(&module.source_path);
                rel.with_extension("rs")
            };
            files.push(ModuleFile {
                in_crate,
                golden,
                code: module.code.clone(),
            });
        }
        self.manifest(case, &transpiled);
        self.cnl_twin(case);
        Some(Program {
            ident: rust_module_name(&case.name),
            name: case.name.clone(),
            files,
            has_main,
            expected_stdout: case.beside("stdout"),
        })
    }

    /// A program with any concurrency has its manifest as `NAME.aurs`; one without has none.
    fn manifest(&mut self, case: &Case, transpiled: &Transpiled) {
        let path = case.beside("aurs");
        match &transpiled.manifest {
            Some(m) if !m.is_empty() => self.expect_text(&case.name, &path, &m.to_json(&case.root)),
            _ if !path.is_file() => {}
            _ if self.args.accept => match fs::remove_file(&path) {
                Ok(()) => println!(
                    "removed {} (the program has no concurrency)",
                    path.display()
                ),
                Err(e) => self.fail(&case.name, format!("cannot remove {}: {e}", path.display())),
            },
            _ => self.fail(
                &case.name,
                format!(
                    "{} is left over: the program has no concurrency, so no manifest",
                    path.display()
                ),
            ),
        }
    }

    /// The CNL twin of a program must transpile to the same Rust as the `.aur` (after the
    /// header line, which names the source). Both are transpiled with their spawn sites masked:
    /// a site names its own file's line and column (`main.aur:12:17`, `main.cnl:9:9`), the one
    /// thing allowed to differ (docs/language.md §10). Their manifests must be equal but for
    /// spans and sites.
    fn cnl_twin(&mut self, case: &Case) {
        let twin = case.beside("cnl");
        let name = format!("{} (cnl)", case.name);
        if !twin.is_file() {
            self.fail(
                &name,
                format!(
                    "no CNL twin {} (create it with `aurora2rs translate {} --to cnl -o {}`)",
                    twin.display(),
                    case.root.display(),
                    twin.display()
                ),
            );
            return;
        }
        let masked = |path: &Path| {
            transpile_masked(path).map_err(|e| match e {
                Err(panic) => format!("the transpiler panicked: {panic}"),
                Ok(failed) => format!("transpile failed:\n{}", failed.render(false)),
            })
        };
        let (transpiled, original) = match (masked(&twin), masked(&case.root)) {
            (Err(e), _) => return self.fail(&name, e),
            // The `.aur` program's own failure is reported as its case's.
            (_, Err(_)) => return,
            (Ok(t), Ok(o)) => (t, o),
        };
        if let (Some(want), Some(got)) = (&original.manifest, &transpiled.manifest) {
            let (want, got) = (want.structure(), got.structure());
            if want != got {
                let shown = format!("{} without spans and sites", case.beside("aurs").display());
                self.fail(
                    &name,
                    format!(
                        "the CNL twin's manifest differs from its .aur's (spans and sites aside)\n{}",
                        unified(
                            &want,
                            &got,
                            &format!("{shown} (.aur)"),
                            &format!("{shown} (.cnl)")
                        )
                    ),
                );
            }
        }
        for module in &transpiled.modules {
            if module.source_path.extension().is_none_or(|e| e != "cnl") {
                // A `.aur` module used from CNL is checked as part of its own program.
                continue;
            }
            let expected_path = module.source_path.with_extension("rs");
            let expected = original
                .modules
                .iter()
                .find(|m| m.source_path.with_extension("rs") == expected_path);
            let Some(expected) = expected else {
                self.fail(
                    &name,
                    format!(
                        "{} has no `.aur` twin giving {}",
                        module.source_path.display(),
                        expected_path.display()
                    ),
                );
                continue;
            };
            let (want, got) = (after_header(&expected.code), after_header(&module.code));
            if want != got {
                let shown = format!(
                    "{} (from {})",
                    expected_path.display(),
                    module.source_path.display()
                );
                self.fail(
                    &name,
                    format!(
                        "the CNL twin's Rust differs from {}\n{}",
                        expected_path.display(),
                        expected_vs_actual(want, got, &shown)
                    ),
                );
            }
        }
    }

    fn compile_stage(&mut self, programs: &[Program]) {
        let root = match std::env::current_dir() {
            Ok(dir) => dir,
            Err(e) => return self.fail("(suite)", format!("no current directory: {e}")),
        };
        if !root.join("aurora-std").join("Cargo.toml").is_file() {
            return self.fail(
                "(suite)",
                format!(
                    "{} has no aurora-std/: run `aurora2rs golden` from the repository root",
                    root.display()
                ),
            );
        }
        self.compile_in(programs, &root, &root.join("target").join("aurora-golden"));
    }

    /// The compile stage with the golden crate at `krate`, against the repository at `root`.
    fn compile_in(&mut self, programs: &[Program], root: &Path, krate: &Path) {
        if let Err(e) = fs::create_dir_all(krate) {
            return self.fail("(suite)", format!("cannot create {}: {e}", krate.display()));
        }
        // Without rustfmt, run() has already said so.
        if self.tools.rustfmt {
            println!("golden: rustfmt");
            self.rustfmt_stage(programs, krate);
        }

        if let Err(e) = write_crate(root, krate, programs) {
            return self.fail("(suite)", format!("cannot write the golden crate: {e}"));
        }
        let cargo = Cargo::new(krate);
        if self.tools.clippy {
            println!("golden: cargo clippy");
            let out = cargo.run(&["clippy", "--all-targets", "-q", "--", "-D", "warnings"]);
            if !out.ok {
                self.blame("cargo clippy -D warnings failed", &out.text, programs);
            }
        } else {
            self.fail(
                "(suite)",
                "clippy is not installed: run `rustup component add clippy`",
            );
        }
        println!("golden: cargo build");
        let out = cargo.run(&["build", "-q"]);
        if !out.ok {
            return self.blame("cargo build failed", &out.text, programs);
        }
        println!("golden: run");
        let binary = krate
            .join("target")
            .join("debug")
            .join(format!("aurora-golden{}", std::env::consts::EXE_SUFFIX));
        for program in programs {
            self.run_program(&binary, program);
        }
        println!("golden: cargo test");
        let out = cargo.run(&["test", "-q"]);
        if !out.ok {
            self.blame("cargo test failed", &out.text, programs);
        }
    }

    fn rustfmt_stage(&mut self, programs: &[Program], krate: &Path) {
        // The default configuration, whatever rustfmt.toml the repository has: generated
        // files go into other people's projects.
        let config = krate.join("rustfmt.toml");
        if let Err(e) = write_if_changed(&config, "") {
            return self.fail("(suite)", format!("cannot write {}: {e}", config.display()));
        }
        for program in programs {
            for file in &program.files {
                let shown = file.golden.display().to_string();
                match rustfmt(&file.code, &config) {
                    Err(e) => self.fail(&program.name, format!("rustfmt failed on {shown}: {e}")),
                    Ok(formatted) if formatted == file.code => {}
                    Ok(formatted) => {
                        let diff = unified(
                            &file.code,
                            &formatted,
                            &format!("{shown} (generated)"),
                            &format!("{shown} (rustfmt)"),
                        );
                        self.fail(
                            &program.name,
                            format!("rustfmt would change {shown}\n{diff}"),
                        );
                    }
                }
            }
        }
    }

    fn run_program(&mut self, binary: &Path, program: &Program) {
        let expected = program.expected_stdout.exists();
        if !program.has_main || !(expected || self.args.accept) {
            return;
        }
        let out = match run_with_timeout(binary, &program.name, Duration::from_secs(20)) {
            Ok(out) => out,
            Err(e) => return self.fail(&program.name, format!("could not run: {e}")),
        };
        if !out.success {
            // Without an expected .stdout a failing run just means the program is not meant to
            // run bare (it wants arguments, say): only --accept got us here.
            if expected {
                self.fail(
                    &program.name,
                    format!(
                        "the program failed ({})\n--- stderr:\n{}",
                        out.status, out.stderr
                    ),
                );
            }
            return;
        }
        self.expect_text(&program.name, &program.expected_stdout, &out.stdout);
    }

    /// Report a failed cargo command, naming each program its messages point into.
    fn blame(&mut self, what: &str, output: &str, programs: &[Program]) {
        let guilty: Vec<&Program> = programs
            .iter()
            .filter(|p| {
                let file = format!("src/{}/", p.ident);
                let test = format!("{}::", p.ident);
                output.contains(&file)
                    || output.lines().any(|l| {
                        l.strip_prefix("---- ")
                            .is_some_and(|t| t.starts_with(&test))
                            || l.strip_prefix("    ").is_some_and(|t| t.starts_with(&test))
                    })
            })
            .collect();
        if guilty.is_empty() {
            self.fail("(golden crate)", format!("{what}\n{output}"));
        } else {
            println!("{what}:\n{output}");
            for program in guilty {
                self.fail(
                    &program.name,
                    format!(
                        "{what} (see its messages above, under src/{}/)",
                        program.ident
                    ),
                );
            }
        }
    }
}

/// Find the cases under `dir`, sorted by name, keeping those whose name contains `filter`.
fn find_cases(dir: &Path, filter: Option<&str>) -> Result<Vec<Case>, String> {
    if !dir.is_dir() {
        return Err(format!(
            "{} is not a directory (run `aurora2rs golden` from the repository root, or pass --dir)",
            dir.display()
        ));
    }
    let mut cases = Vec::new();
    collect(dir, "", false, &mut cases)?;
    let errors = dir.join("errors");
    if errors.is_dir() {
        collect(&errors, "errors/", true, &mut cases)?;
    }
    let errors_cnl = dir.join("errors_cnl");
    if errors_cnl.is_dir() {
        collect(&errors_cnl, "errors_cnl/", true, &mut cases)?;
    }
    cases.retain(|c| filter.is_none_or(|f| c.name.contains(f)));
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(cases)
}

fn collect(dir: &Path, prefix: &str, is_error: bool, cases: &mut Vec<Case>) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        let path = dir.join(entry.file_name());
        let Some(stem) = path
            .file_stem()
            .and_then(|s| s.to_str())
            .map(str::to_string)
        else {
            continue;
        };
        if path.is_dir() {
            if !is_error && (stem == "errors" || stem == "errors_cnl") {
                continue;
            }
            let main = path.join("main.aur");
            if main.is_file() {
                cases.push(Case {
                    name: format!("{prefix}{stem}"),
                    root: main,
                    is_error,
                });
            }
        } else if path
            .extension()
            .is_some_and(|e| e == "aur" || (is_error && e == "cnl"))
        {
            cases.push(Case {
                name: format!("{prefix}{stem}"),
                root: path,
                is_error,
            });
        }
    }
    Ok(())
}

/// Generated Rust without its first line (the `@generated` header naming the source file).
fn after_header(code: &str) -> &str {
    match code.split_once('\n') {
        Some((first, rest)) if first.starts_with("// @generated") => rest,
        _ => code,
    }
}

/// Transpile, turning a panic into an error message so one bad case does not stop the suite.
/// [`transpile_guarded`] with spawn sites masked, for comparing two surfaces.
fn transpile_masked(path: &Path) -> Result<Transpiled, Result<Failed, String>> {
    let options = aurora_transpile::Options {
        mask_sites: true,
        manifest: true,
        ..Default::default()
    };
    match panic::catch_unwind(AssertUnwindSafe(|| {
        aurora_transpile::transpile_path_with(path, options)
    })) {
        Ok(Ok(t)) => Ok(t),
        Ok(Err(failed)) => Err(Ok(failed)),
        Err(payload) => Err(Err(payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(no message)".to_string()))),
    }
}

fn transpile_guarded(path: &Path) -> Result<Result<Transpiled, Failed>, String> {
    let options = Options {
        manifest: true,
        ..Options::default()
    };
    panic::catch_unwind(AssertUnwindSafe(|| {
        aurora_transpile::transpile_path_with(path, options)
    }))
    .map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(no message)".to_string())
    })
}

fn unified(old: &str, new: &str, old_name: &str, new_name: &str) -> String {
    TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(old_name, new_name)
        .to_string()
}

/// The diff from the expected file to the actual output.
fn expected_vs_actual(expected: &str, actual: &str, path: &str) -> String {
    unified(
        expected,
        actual,
        &format!("{path} (expected)"),
        &format!("{path} (actual)"),
    )
}

/// Whether the generated file has a top-level `fn main` (prettyplease prints items at column 0).
fn defines_main(code: &str) -> bool {
    code.lines()
        .any(|l| l.starts_with("fn main(") || l.starts_with("pub fn main("))
}

/// A Rust module name for a golden case name; prefixed where the name alone would not do.
fn rust_module_name(name: &str) -> String {
    let ident: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    const TAKEN: &[&str] = &[
        "main",
        "std",
        "core",
        "alloc",
        "aurora_std",
        "as",
        "async",
        "await",
        "break",
        "const",
        "continue",
        "crate",
        "dyn",
        "else",
        "enum",
        "extern",
        "false",
        "fn",
        "for",
        "if",
        "impl",
        "in",
        "let",
        "loop",
        "match",
        "mod",
        "move",
        "mut",
        "pub",
        "ref",
        "return",
        "self",
        "static",
        "struct",
        "super",
        "trait",
        "true",
        "type",
        "unsafe",
        "use",
        "where",
        "while",
        "abstract",
        "become",
        "box",
        "do",
        "final",
        "gen",
        "macro",
        "override",
        "priv",
        "try",
        "typeof",
        "unsized",
        "virtual",
        "yield",
    ];
    if ident.is_empty()
        || ident.starts_with(|c: char| c.is_ascii_digit())
        || ident.starts_with("__")
        || TAKEN.contains(&ident.as_str())
    {
        format!("g_{ident}")
    } else {
        ident
    }
}

/// Which optional toolchain components are installed.
struct Tools {
    rustfmt: bool,
    clippy: bool,
}

impl Tools {
    fn detect() -> Tools {
        let works = |cmd: &mut Command| {
            cmd.stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        };
        Tools {
            rustfmt: works(Command::new("rustfmt").arg("--version")),
            clippy: works(Command::new(cargo_program()).args(["clippy", "--version"])),
        }
    }
}

fn cargo_program() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string())
}

fn rustfmt(code: &str, config: &Path) -> Result<String, String> {
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2021", "--config-path"])
        .arg(config)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    // Write from another thread: rustfmt may fill its stdout pipe before reading all of stdin.
    let mut stdin = child.stdin.take().ok_or("no stdin")?;
    let input = code.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    let _ = writer.join();
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The Cargo crate holding every program: `src/<ident>/mod.rs` per program and a `main.rs`
/// that runs the one named by `AURORA_GOLDEN_PROGRAM`. An environment variable rather than an
/// argument, so a program's `args()` sees exactly what it would see on its own.
fn write_crate(root: &Path, krate: &Path, programs: &[Program]) -> std::io::Result<()> {
    let std_path = root.join("aurora-std");
    let manifest = format!(
        "# @generated by `aurora2rs golden`: every golden program as one module of one crate.\n\
         [package]\nname = \"aurora-golden\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\naurora-std = {{ path = {:?} }}\n\n\
         # Not part of the enclosing workspace.\n[workspace]\n",
        std_path.to_string_lossy().replace('\\', "/"),
    );
    write_if_changed(&krate.join("Cargo.toml"), &manifest)?;
    // Same dependency versions as the workspace, and no registry look-up for them.
    if let Ok(lock) = fs::read_to_string(root.join("Cargo.lock")) {
        write_if_changed(&krate.join("Cargo.lock"), &lock)?;
    }

    let src = krate.join("src");
    fs::create_dir_all(&src)?;
    let mut main = String::from("// @generated by `aurora2rs golden`.\n\n");
    let mut arms = String::new();
    let mut keep = BTreeSet::from([src.join("main.rs")]);
    for program in programs {
        if program.has_main {
            main.push_str(&format!("mod {};\n", program.ident));
            arms.push_str(&format!(
                "        {:?} => {}::__aurora_run(),\n",
                program.name, program.ident
            ));
        } else {
            // A program without `main` is a library; its items are used by its tests only.
            main.push_str(&format!("#[allow(dead_code)]\nmod {};\n", program.ident));
        }
        let dir = src.join(&program.ident);
        for file in &program.files {
            let path = dir.join(&file.in_crate);
            let code = &file.code;
            let code = if file.in_crate == Path::new("mod.rs") && program.has_main {
                // On the header line, so the line numbers in messages match the golden file.
                format!("pub(crate) fn __aurora_run() -> std::process::ExitCode {{ crate::__aurora_report(main) }} {code}")
            } else {
                code.clone()
            };
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
            write_if_changed(&path, &code)?;
            keep.insert(path);
        }
    }
    main.push_str(&format!(
        "\nfn __aurora_report<T: std::process::Termination>(main: fn() -> T) -> std::process::ExitCode {{\n    \
         main().report()\n}}\n\n\
         fn main() -> std::process::ExitCode {{\n    \
         let program = std::env::var(\"AURORA_GOLDEN_PROGRAM\").unwrap_or_default();\n    \
         match program.as_str() {{\n{arms}        _ => {{\n            \
         eprintln!(\"aurora-golden: no program {{program:?}}\");\n            \
         std::process::ExitCode::FAILURE\n        }}\n    }}\n}}\n"
    ));
    write_if_changed(&src.join("main.rs"), &main)?;
    remove_stale(&src, &keep)
}

/// Delete what an earlier run generated under `dir` that this run did not (`keep` holds files).
fn remove_stale(dir: &Path, keep: &BTreeSet<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            if keep.iter().any(|k| k.starts_with(&path)) {
                remove_stale(&path, keep)?;
            } else {
                fs::remove_dir_all(&path)?;
            }
        } else if !keep.contains(&path) {
            fs::remove_file(&path)?;
        }
    }
    Ok(())
}

/// Write only on change, so cargo's incremental build sees untouched files as untouched.
fn write_if_changed(path: &Path, text: &str) -> std::io::Result<()> {
    if fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    fs::write(path, text)
}

struct Cargo {
    krate: PathBuf,
}

struct CargoOutput {
    ok: bool,
    text: String,
}

impl Cargo {
    fn new(krate: &Path) -> Cargo {
        Cargo {
            krate: krate.to_path_buf(),
        }
    }

    fn run(&self, args: &[&str]) -> CargoOutput {
        let mut cmd = Command::new(cargo_program());
        cmd.args(args)
            .current_dir(&self.krate)
            .env("CARGO_TARGET_DIR", self.krate.join("target"))
            .stdin(Stdio::null());
        // When `cargo test` runs us, these belong to the outer build (its jobserver, its
        // target); the inner build must not share them.
        for var in [
            "CARGO_MAKEFLAGS",
            "MAKEFLAGS",
            "MFLAGS",
            "CARGO_BUILD_TARGET_DIR",
            "RUSTC_WORKSPACE_WRAPPER",
        ] {
            cmd.env_remove(var);
        }
        // Failing tests are reported by name and message; backtraces would bury them.
        cmd.env_remove("RUST_BACKTRACE");
        match cmd.output() {
            Ok(out) => {
                let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
                text.push_str(&String::from_utf8_lossy(&out.stderr));
                CargoOutput {
                    ok: out.status.success(),
                    text,
                }
            }
            Err(e) => CargoOutput {
                ok: false,
                text: format!("cannot run cargo: {e}"),
            },
        }
    }
}

struct RunOutput {
    success: bool,
    status: String,
    stdout: String,
    stderr: String,
}

/// Run one program of the golden crate, killing it if it outlives `limit`.
fn run_with_timeout(binary: &Path, program: &str, limit: Duration) -> Result<RunOutput, String> {
    let mut child = Command::new(binary)
        .env("AURORA_GOLDEN_PROGRAM", program)
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{}: {e}", binary.display()))?;
    // Drain the pipes on threads so a chatty program cannot block on a full pipe.
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let start = Instant::now();
    let status = loop {
        match child.try_wait().map_err(|e| e.to_string())? {
            Some(status) => break status,
            None if start.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("timed out after {}s", limit.as_secs()));
            }
            None => std::thread::sleep(Duration::from_millis(5)),
        }
    };
    Ok(RunOutput {
        success: status.success(),
        status: status.to_string(),
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_names_avoid_keywords_and_clashes() {
        assert_eq!(rust_module_name("hello"), "hello");
        assert_eq!(rust_module_name("match"), "g_match");
        assert_eq!(rust_module_name("main"), "g_main");
        assert_eq!(rust_module_name("2d-shapes"), "g_2d_shapes");
        assert_eq!(rust_module_name("word-count"), "word_count");
    }

    #[test]
    fn main_is_found_at_top_level_only() {
        assert!(defines_main(
            "// header\n\nfn main() {\n    println!(\"hi\");\n}\n"
        ));
        assert!(defines_main(
            "pub fn main() -> Result<(), String> {\n    Ok(())\n}\n"
        ));
        assert!(!defines_main(
            "impl A {\n    fn main(&self) {}\n}\nfn mainly() {}\n"
        ));
    }

    #[test]
    fn diff_names_both_sides() {
        let d = expected_vs_actual("a\nb\n", "a\nc\n", "golden/x.rs");
        assert!(d.contains("--- golden/x.rs (expected)"), "{d}");
        assert!(d.contains("+++ golden/x.rs (actual)"), "{d}");
        assert!(d.contains("-b\n") && d.contains("+c\n"), "{d}");
    }

    /// `.aurs` files: written on `--accept` for a program with concurrency, missing or stale
    /// ones reported, and a leftover one beside a program without concurrency reported (and
    /// removed on `--accept`).
    #[test]
    fn manifests_are_expected_for_concurrent_programs_only() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let dir = std::env::temp_dir().join(format!("aurora-golden-aurs-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        for name in ["fork_join", "hello"] {
            for ext in ["aur", "cnl"] {
                let file = format!("{name}.{ext}");
                fs::copy(repo.join("golden").join(&file), dir.join(&file)).unwrap();
            }
        }
        let suite = |accept: bool| Suite {
            args: GoldenArgs {
                accept,
                filter: None,
                no_compile: true,
                dir: dir.clone(),
            },
            failures: Vec::new(),
            tools: Tools {
                rustfmt: false,
                clippy: false,
            },
        };
        let case = |name: &str| Case {
            name: name.to_string(),
            root: dir.join(format!("{name}.aur")),
            is_error: false,
        };
        let failures = |accept: bool| {
            let mut s = suite(accept);
            s.program_case(&case("fork_join"));
            s.program_case(&case("hello"));
            s.failures
                .into_iter()
                .map(|(_, what)| what.lines().next().unwrap_or_default().to_string())
                .collect::<Vec<_>>()
        };

        assert_eq!(failures(true), Vec::<String>::new());
        let aurs = fs::read_to_string(dir.join("fork_join.aurs")).unwrap();
        assert!(
            aurs.contains("\"id\": \"fork_join.main: spawn 2\""),
            "{aurs}"
        );
        assert!(!dir.join("hello.aurs").exists());
        assert_eq!(failures(false), Vec::<String>::new());

        fs::write(
            dir.join("fork_join.aurs"),
            aurs.replace("\"move\": false", "\"move\": true"),
        )
        .unwrap();
        fs::write(dir.join("hello.aurs"), "{}\n").unwrap();
        let shown = |name: &str| dir.join(name).display().to_string();
        assert_eq!(
            failures(false),
            [
                format!("{} differs", shown("fork_join.aurs")),
                format!(
                    "{} is left over: the program has no concurrency, so no manifest",
                    shown("hello.aurs")
                ),
            ]
        );
        assert_eq!(failures(true), Vec::<String>::new());
        assert_eq!(
            fs::read_to_string(dir.join("fork_join.aurs")).unwrap(),
            aurs
        );
        assert!(!dir.join("hello.aurs").exists());
        let _ = fs::remove_dir_all(&dir);
    }

    fn program(name: &str, files: &[(&str, &str)], dir: &Path) -> Program {
        let files = files
            .iter()
            .map(|(file, code)| ModuleFile {
                in_crate: PathBuf::from(file),
                golden: dir.join(name).join(file),
                code: code.to_string(),
            })
            .collect::<Vec<_>>();
        Program {
            name: name.to_string(),
            ident: rust_module_name(name),
            has_main: defines_main(&files[0].code),
            files,
            expected_stdout: dir.join(format!("{name}.stdout")),
        }
    }

    /// The compile stage end to end on hand-written Rust: one crate, a program with a sibling
    /// module, output compared, tests run, and failures pinned on the right programs.
    #[test]
    fn compile_stage_builds_runs_and_blames() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let dir =
            std::env::temp_dir().join(format!("aurora-golden-selftest-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let hello = "// header\n\nmod util;\n\nfn main() {\n    println!(\"hello {}\", util::twice(21));\n}\n\n\
                     #[cfg(test)]\nmod tests {\n    use super::*;\n\n    #[test]\n    fn twice_doubles() {\n        \
                     assert_eq!(util::twice(2), 4);\n    }\n}\n";
        let util = "pub fn twice(x: i64) -> i64 {\n    x.wrapping_mul(2)\n}\n";
        let wrong = "fn main() {\n    println!(\"actual\");\n}\n";
        let bad_test = "fn one() -> i64 {\n    1\n}\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn one_is_two() {\n        \
                        assert_eq!(super::one(), 2);\n    }\n}\n";
        let programs = [
            program("hello", &[("mod.rs", hello), ("util.rs", util)], &dir),
            program("wrong_out", &[("mod.rs", wrong)], &dir),
            program("bad_test", &[("mod.rs", bad_test)], &dir),
        ];
        fs::write(dir.join("hello.stdout"), "hello 42\n").unwrap();
        fs::write(dir.join("wrong_out.stdout"), "expected\n").unwrap();
        let args = GoldenArgs {
            accept: false,
            filter: None,
            no_compile: false,
            dir: dir.clone(),
        };
        let mut suite = Suite {
            args,
            failures: Vec::new(),
            tools: Tools::detect(),
        };
        suite.compile_in(&programs, repo, &dir.join("crate"));
        let failed: BTreeSet<&str> = suite
            .failures
            .iter()
            .map(|(name, _)| name.as_str())
            .collect();
        let _ = fs::remove_dir_all(&dir);
        assert_eq!(
            failed,
            BTreeSet::from(["bad_test", "wrong_out"]),
            "{:#?}",
            suite.failures
        );
        assert!(suite
            .failures
            .iter()
            .any(|(_, what)| what.contains("-expected") && what.contains("+actual")));
    }
}
