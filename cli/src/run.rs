//! `aurora2rs run`: transpile, build in the program's cached Cargo project
//! ([`crate::project`]), run. A compile failure is reported at the `.aur` spans
//! ([`crate::compile`]).

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::{Command, ExitCode};

use aurora_transpile::Options;

use crate::project::Cargo;
use crate::term::Term;

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

pub fn run(args: &RunArgs, term: Term) -> ExitCode {
    let options = Options {
        source_map: true,
        ..Options::default()
    };
    let done = match aurora_transpile::transpile_path_with(&args.file, options) {
        Ok(done) => done,
        Err(failed) => {
            term.diagnostics(&failed.sources, &failed.diagnostics);
            return ExitCode::FAILURE;
        }
    };
    term.diagnostics(&done.sources, &done.warnings);
    let how = Cargo::Build {
        release: args.release,
    };
    let exe = match crate::compile::compile(&args.file, &done, how, term) {
        // The project's lock is released here, before the program runs: two runs of one
        // program may execute at once.
        Ok(project) => project.exe(args.release),
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
