//! `aurora2rs`: the Aurora-to-Rust transpiler's command line.
//!
//! Every subcommand reports problems on stderr, rustc style, and exits with 1 on any error
//! (usage errors included); `run` exits with the program's own code.

mod build;
mod compile;
mod explain;
mod fmt;
mod golden;
mod output;
mod project;
mod run;
mod term;
mod translate;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::term::{ColorChoice, Term};

#[derive(Parser, Debug)]
#[command(
    name = "aurora2rs",
    version,
    about = "Transpile Aurora (.aur) programs to readable Rust, build and run them",
    after_help = "\
Examples:
  aurora2rs run examples/hello.aur          transpile, compile and run a program
  aurora2rs check examples/hello.aur        report errors (Aurora's, then rustc's at the .aur lines)
  aurora2rs emit examples/hello.aur         print the generated Rust
  aurora2rs build examples/ -o gen/         write .rs files for every program in a directory
  aurora2rs build pool.aur --manifest       also write pool.aurs, its concurrency manifest
  cargo build --message-format=json | aurora2rs explain
                                            a build script's generated Rust: errors at .aur lines
  aurora2rs fmt examples/                   rewrite .aur files in canonical form
  aurora2rs translate hello.aur --to cnl    print a program in controlled English (CNL)

Run `aurora2rs help COMMAND` for more about a command."
)]
struct Cli {
    /// Colour diagnostics: `auto` colours when stderr is a terminal and NO_COLOR is unset.
    #[arg(long, value_enum, global = true, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    color: ColorChoice,
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand, Debug)]
enum Cmd {
    /// Transpile a program (or every program under a directory) to .rs files.
    Build(build::BuildArgs),
    /// Print the generated Rust on stdout.
    Emit(EmitArgs),
    /// Check a program: Aurora's checks, then rustc's on the generated Rust, errors at .aur lines.
    Check(CheckArgs),
    /// Transpile, compile (in a cached Cargo project) and run a program.
    Run(run::RunArgs),
    /// Show a Cargo build's errors in generated Rust at the .aur lines (reads cargo's JSON).
    Explain(explain::ExplainArgs),
    /// Check the golden-file suite (transpiled Rust, diagnostics, run output), or accept changes.
    Golden(golden::GoldenArgs),
    /// Rewrite .aur and .cnl files in canonical form (`--check`: only report, with a diff).
    Fmt(fmt::FmtArgs),
    /// Translate a source file between .aur and controlled English (.cnl).
    Translate(translate::TranslateArgs),
}

#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  aurora2rs emit hello.aur                  print hello.aur's Rust
  aurora2rs emit hello.aur > hello.rs
  aurora2rs emit --manifest pool.aur        print pool.aur's concurrency manifest (JSON)

A program of several modules prints each module after a `// ---- PATH.rs` line naming the
file `aurora2rs build` would write it to (the root first). A single-module program prints
exactly the file `build` writes. `--manifest` prints the program's concurrency manifest (the
NAME.aurs that `build --manifest` writes, docs/manifest.md) instead of its Rust.")]
struct EmitArgs {
    /// The program's root file.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Print the concurrency manifest (.aurs JSON) instead of the Rust.
    #[arg(long)]
    manifest: bool,
}

#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  aurora2rs check hello.aur                 silent with exit code 0 when the program is fine
  aurora2rs check --color never bad.aur     errors as plain text, exit code 1
  aurora2rs check --no-rustc hello.aur      Aurora's own checks only (fast, no cargo needed)

Aurora's checks run first. When they pass, rustc checks the generated Rust (`cargo check` in
the program's cached project, as `aurora2rs run` uses), and each of its errors is shown at the
.aur span it comes from, in Aurora's terms, with the fix (docs/language.md, \"Thread safety\").
An error aurora2rs has no explanation for is still shown at its .aur line, with rustc's own
message attached. Like rustc, a clean program prints nothing; warnings are printed but do not
fail the check. Modules the file `use`s are checked too.")]
struct CheckArgs {
    /// The program's root file.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Run only Aurora's own checks, not rustc's.
    #[arg(long)]
    no_rustc: bool,
    /// Leave to rustc the thread-safety rules Aurora's checker also enforces (a task changing a
    /// variable of its scope's body, a `par` body changing an outer variable), to see how
    /// rustc's rejection reads.
    #[arg(long, conflicts_with = "no_rustc")]
    defer_to_rustc: bool,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // Help and version go to stdout with success; usage errors to stderr with 1.
            let _ = err.print();
            return if err.use_stderr() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let term = Term {
        color: cli.color.enabled(),
    };
    match &cli.command {
        Cmd::Build(args) => build::build(args, term),
        Cmd::Emit(args) => emit(&args.file, args.manifest, term),
        Cmd::Check(args) => check(args, term),
        Cmd::Run(args) => run::run(args, term),
        Cmd::Explain(args) => explain::run(args, term),
        Cmd::Golden(args) => golden::run(args),
        Cmd::Fmt(args) => fmt::run(args, term),
        Cmd::Translate(args) => translate::run(args, term),
    }
}

fn emit(file: &Path, manifest: bool, term: Term) -> ExitCode {
    let options = aurora_transpile::Options {
        manifest,
        ..Default::default()
    };
    let done = match aurora_transpile::transpile_path_with(file, options) {
        Ok(done) => done,
        Err(failed) => {
            term.diagnostics(&failed.sources, &failed.diagnostics);
            return ExitCode::FAILURE;
        }
    };
    term.diagnostics(&done.sources, &done.warnings);
    if let Some(manifest) = &done.manifest {
        return print_stdout(&manifest.to_json(file), term);
    }
    let mut out = String::new();
    if let [only] = done.modules.as_slice() {
        out.push_str(&only.code);
    } else {
        for (i, module) in done.modules.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            let rel = build::module_rel_path(file, module);
            out.push_str(&format!(
                "// ---- {}\n",
                rel.to_string_lossy().replace('\\', "/")
            ));
            out.push_str(&module.code);
        }
    }
    print_stdout(&out, term)
}

fn check(args: &CheckArgs, term: Term) -> ExitCode {
    let file = args.file.as_path();
    if args.no_rustc {
        return match aurora_transpile::check_path(file) {
            Ok((sources, warnings)) => {
                term.diagnostics(&sources, &warnings);
                ExitCode::SUCCESS
            }
            Err(failed) => {
                term.diagnostics(&failed.sources, &failed.diagnostics);
                ExitCode::FAILURE
            }
        };
    }
    let options = aurora_transpile::Options {
        source_map: true,
        defer_to_rustc: args.defer_to_rustc,
        ..Default::default()
    };
    let done = match aurora_transpile::transpile_path_with(file, options) {
        Ok(done) => done,
        Err(failed) => {
            term.diagnostics(&failed.sources, &failed.diagnostics);
            return ExitCode::FAILURE;
        }
    };
    term.diagnostics(&done.sources, &done.warnings);
    match compile::compile(file, &done, project::Cargo::Check, term) {
        Ok(_) => ExitCode::SUCCESS,
        Err(()) => ExitCode::FAILURE,
    }
}

/// Print without panicking when stdout is closed (`aurora2rs emit x.aur | head`).
fn print_stdout(text: &str, term: Term) -> ExitCode {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(err) => {
            term.error(format!("cannot write to stdout: {err}"), &[]);
            ExitCode::FAILURE
        }
    }
}
