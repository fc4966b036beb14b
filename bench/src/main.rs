//! `aurora-bench`: transpiler throughput. Generates an Aurora source of at least 50,000 lines,
//! times each phase of the pipeline (parse, check, lower, print) and the whole transpile over
//! several runs, and compares the whole with the floor any Rust code generator pays to hand
//! over text: `prettyplease::unparse(&syn::parse_file(output))` on the transpiler's own
//! output, measured in the same run. Target: transpile / floor <= 2.0.
//!
//! `cargo run --release -p aurora-bench [-- --lines N --runs N]`

mod generate;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use aurora_grammar::ast::{NodeIds, Program};
use aurora_grammar::{Errors, Sources};
use aurora_transpile::{check, lower, print};

const USAGE: &str = "usage: aurora-bench [--lines N] [--runs N] [--out DIR]
  --lines N   generate at least N lines of Aurora (default 50000)
  --runs N    time each measurement N times and report the median (default 7)
  --out DIR   where the generated .aur (and its .rs) is written (default target/aurora-bench)";

struct Options {
    lines: usize,
    runs: usize,
    out: PathBuf,
}

fn parse_args() -> Result<Options, String> {
    let mut options = Options {
        lines: 50_000,
        runs: 7,
        out: PathBuf::from("target/aurora-bench"),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--lines" => {
                options.lines = value("--lines")?
                    .parse()
                    .map_err(|e| format!("--lines: {e}"))?
            }
            "--runs" => {
                options.runs = value("--runs")?
                    .parse()
                    .map_err(|e| format!("--runs: {e}"))?
            }
            "--out" => options.out = PathBuf::from(value("--out")?),
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if options.runs == 0 {
        return Err("--runs must be at least 1".into());
    }
    Ok(options)
}

fn main() -> ExitCode {
    let options = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("error: {e}");
            }
            eprintln!("{USAGE}");
            return if e.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            };
        }
    };
    match bench(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn bench(options: &Options) -> Result<(), String> {
    if cfg!(debug_assertions) {
        eprintln!(
            "warning: a debug build; run `cargo run --release -p aurora-bench` for real numbers\n"
        );
    }
    let text = generate::source(options.lines);
    let lines = text.lines().count();
    std::fs::create_dir_all(&options.out).map_err(|e| format!("{}: {e}", options.out.display()))?;
    let path = options.out.join("bench.aur");
    std::fs::write(&path, &text).map_err(|e| format!("{}: {e}", path.display()))?;

    // One untimed pass: it checks that the input transpiles cleanly and gives the output
    // that the floor measurement formats.
    let output = match aurora_transpile::transpile_str(&path, &text) {
        Ok(t) => t
            .modules
            .into_iter()
            .next()
            .map(|m| m.code)
            .unwrap_or_default(),
        Err(failed) => {
            let rendered = failed.render(false);
            let shown: String = rendered
                .lines()
                .take(40)
                .map(|l| format!("{l}\n"))
                .collect();
            return Err(format!(
                "the generated input does not transpile ({} errors); first of them:\n{shown}",
                failed.diagnostics.error_count()
            ));
        }
    };
    let out_path = path.with_extension("rs");
    std::fs::write(&out_path, &output).map_err(|e| format!("{}: {e}", out_path.display()))?;
    if let Err(e) = syn::parse_file(&output) {
        return Err(format!(
            "the transpiler's output does not parse as Rust: {e}"
        ));
    }

    if output.lines().count() < lines / 4 {
        eprintln!(
            "warning: {} lines of Rust from {lines} lines of Aurora: is the pipeline still a stub?\n",
            output.lines().count()
        );
    }

    let runs = options.runs;
    let parse = median(runs, || {
        let mut sources = Sources::new();
        let file = sources.add(&path, text.as_str());
        let mut errors = Errors::new();
        let mut ids = NodeIds::default();
        let start = Instant::now();
        let module = aurora_grammar::parse_module(&sources, file, &mut ids, &mut errors);
        let elapsed = start.elapsed();
        black_box(module);
        elapsed
    });
    let (sources, program) = parsed(&path, &text);
    let check = median(runs, || {
        let mut errors = Errors::new();
        let start = Instant::now();
        let info = check::check(&sources, &program, &mut errors);
        let elapsed = start.elapsed();
        black_box(info);
        elapsed
    });
    let info = check::check(&sources, &program, &mut Errors::new());
    let lower = median(runs, || {
        let mut errors = Errors::new();
        let start = Instant::now();
        let file = lower::lower_module(&program, 0, &info, &mut errors);
        let elapsed = start.elapsed();
        black_box(file);
        elapsed
    });
    let file = lower::lower_module(&program, 0, &info, &mut Errors::new());
    let print = median(runs, || {
        let start = Instant::now();
        let code = print::print(&file, &path);
        let elapsed = start.elapsed();
        black_box(code);
        elapsed
    });
    // print::print runs the text through rustfmt (when installed) so generated files pass
    // `rustfmt --check`; these two show what that external pass costs.
    let print_pp = median(runs, || {
        let start = Instant::now();
        let code = print::print_unformatted(&file, &path);
        let elapsed = start.elapsed();
        black_box(code);
        elapsed
    });
    let whole_pp = median(runs, || {
        let start = Instant::now();
        // In a block, so that dropping the AST and the syntax tree is timed, as it is in
        // `transpile_str` and in the floor.
        let code = {
            let mut sources = Sources::new();
            let id = sources.add(&path, text.as_str());
            let mut errors = Errors::new();
            let mut ids = NodeIds::default();
            let module = aurora_grammar::parse_module(&sources, id, &mut ids, &mut errors);
            let program = Program {
                modules: vec![module],
            };
            let info = check::check(&sources, &program, &mut errors);
            let file = lower::lower_module(&program, 0, &info, &mut errors);
            print::print_unformatted(&file, &path)
        };
        let elapsed = start.elapsed();
        black_box(code);
        elapsed
    });
    let whole = median(runs, || {
        let start = Instant::now();
        let result = aurora_transpile::transpile_str(&path, &text);
        let elapsed = start.elapsed();
        black_box(result.is_ok());
        elapsed
    });
    let floor = median(runs, || {
        let start = Instant::now();
        let reprinted = syn::parse_file(&output).map(|f| prettyplease::unparse(&f));
        let elapsed = start.elapsed();
        black_box(reprinted.is_ok());
        elapsed
    });

    println!("aurora-bench: transpiler throughput, median of {runs} runs");
    println!(
        "input:  {} ({} lines, {:.1} MB of Aurora)",
        path.display(),
        thousands(lines as f64),
        text.len() as f64 / 1e6
    );
    println!(
        "output: {} ({} lines, {:.1} MB of Rust)\n",
        out_path.display(),
        thousands(output.lines().count() as f64),
        output.len() as f64 / 1e6
    );
    println!("{:<50} {:>10} {:>14}", "phase", "median", "Aurora lines/s");
    let row = |name: &str, d: Duration| {
        println!(
            "{:<50} {:>7.1} ms {:>14}",
            name,
            ms(d),
            thousands(lines as f64 / d.as_secs_f64().max(1e-9))
        );
    };
    row("parse (aurora_grammar::parse_module)", parse);
    row("check (check::check)", check);
    row("lower (lower::lower_module)", lower);
    row("print (print::print)", print);
    row("  of which prettyplease only (print_unformatted)", print_pp);
    row("whole transpile (transpile_str)", whole);
    row("whole, without the rustfmt pass", whole_pp);
    row("floor: prettyplease::unparse(syn::parse_file)", floor);
    let ratio = |d: Duration| d.as_secs_f64() / floor.as_secs_f64().max(1e-9);
    let verdict = |r: f64| if r <= 2.0 { "within" } else { "OVER" };
    let (r, r_pp) = (ratio(whole), ratio(whole_pp));
    println!(
        "\nratio whole transpile / floor: {r:.2} ({} the 2.0 target)",
        verdict(r)
    );
    println!(
        "ratio without the rustfmt pass / floor: {r_pp:.2} ({} the 2.0 target)",
        verdict(r_pp)
    );
    Ok(())
}

/// The median of `runs` timings.
fn median(runs: usize, mut time: impl FnMut() -> Duration) -> Duration {
    let mut times: Vec<Duration> = (0..runs).map(|_| time()).collect();
    times.sort();
    times[times.len() / 2]
}

fn parsed(path: &Path, text: &str) -> (Sources, Program) {
    let mut sources = Sources::new();
    let file = sources.add(path, text);
    let mut ids = NodeIds::default();
    let module = aurora_grammar::parse_module(&sources, file, &mut ids, &mut Errors::new());
    (
        sources,
        Program {
            modules: vec![module],
        },
    )
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// `1234567.8` -> `1,234,568`.
fn thousands(n: f64) -> String {
    let digits = format!("{:.0}", n);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
