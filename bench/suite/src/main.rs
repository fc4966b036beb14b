//! The suite's runner (run.sh builds everything, then starts this): runs every program's
//! twins, checks that they print the same checksum, and prints the tables of
//! docs/benchmarks.md.
//!
//! Timing: wall-clock time of the whole process (start to exit), so start-up and the
//! generation of input data count for every twin alike. In each round the twins of a program
//! run one after the other, in an order that rotates from round to round, so a change of load
//! on the machine hits all of them; each figure is the median over the rounds.
//!
//! Threads: `RAYON_NUM_THREADS` (the Rust twins, and Aurora's `par`, which runs on rayon's
//! global pool and takes its size from that variable, docs/language.md §16.7) and `GOMAXPROCS`
//! (Go) are set to the thread count; below the number of cores the process is also pinned to
//! that many cores with `taskset`, so that programs on OS threads (Aurora's `spawn`,
//! `std::thread`) get no more processors than the others.

use std::collections::BTreeMap;
use std::env;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

struct Program {
    /// The file stem in aurora/, rust/ and go/; binaries are `STEM-aurora`, `STEM-rust` with
    /// `_` as `-`.
    stem: &'static str,
    /// Arguments for the timed runs (about 0.5 to 2 s on one core of a 2020s server).
    full: &'static [&'static str],
    /// Arguments for `--quick` (a check that everything runs and agrees).
    quick: &'static [&'static str],
}

const PROGRAMS: &[Program] = &[
    Program {
        stem: "fib",
        full: &["42"],
        quick: &["30"],
    },
    Program {
        stem: "mandelbrot",
        full: &["4000"],
        quick: &["200"],
    },
    Program {
        stem: "spectral_norm",
        full: &["4000"],
        quick: &["100"],
    },
    Program {
        stem: "nbody",
        full: &["1000", "300"],
        quick: &["100", "10"],
    },
    Program {
        stem: "fannkuch_redux",
        full: &["11"],
        quick: &["7"],
    },
    Program {
        stem: "matmul",
        full: &["1400"],
        quick: &["60"],
    },
    Program {
        stem: "merge_sort",
        full: &["10000000"],
        quick: &["100000"],
    },
    Program {
        stem: "word_freq",
        full: &["2000000"],
        quick: &["20000"],
    },
    Program {
        stem: "pipeline",
        full: &["4000000"],
        quick: &["20000"],
    },
];

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Lang {
    Aurora,
    Rust,
    Go,
}

impl Lang {
    fn name(self) -> &'static str {
        match self {
            Lang::Aurora => "Aurora",
            Lang::Rust => "Rust",
            Lang::Go => "Go",
        }
    }
}

struct Options {
    rounds: usize,
    speedup_rounds: usize,
    quick: bool,
    only: Vec<String>,
    threads: Vec<usize>,
    /// Cargo's target directory (Go binaries are looked for in its `go/`).
    target: PathBuf,
    /// Cargo profile whose binaries run: `release`, or `debug` for the test that only checks
    /// that the twins agree.
    profile: String,
}

fn usage() -> &'static str {
    "usage: suite [--rounds N] [--speedup-rounds N] [--quick] [--only NAME,NAME] \
     [--threads 1,2,4] [--target CARGO_TARGET_DIR] [--profile release]"
}

fn parse_options() -> Result<Options, String> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut options = Options {
        rounds: 5,
        speedup_rounds: 3,
        quick: false,
        only: Vec::new(),
        threads: thread_counts(cores),
        target: Path::new(env!("CARGO_MANIFEST_DIR")).join("target"),
        profile: "release".to_string(),
    };
    let mut args = env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .ok_or_else(|| format!("{arg} needs a value\n{}", usage()))
        };
        match arg.as_str() {
            "--rounds" => options.rounds = number(&value()?)?,
            "--speedup-rounds" => options.speedup_rounds = number(&value()?)?,
            "--quick" => options.quick = true,
            "--only" => options.only = value()?.split(',').map(str::to_string).collect(),
            "--threads" => {
                options.threads = value()?.split(',').map(number).collect::<Result<_, _>>()?
            }
            "--target" => options.target = PathBuf::from(value()?),
            "--profile" => options.profile = value()?,
            "-h" | "--help" => return Err(usage().to_string()),
            _ => return Err(format!("unknown argument `{arg}`\n{}", usage())),
        }
    }
    if options.rounds == 0 {
        return Err("--rounds must be at least 1".to_string());
    }
    for name in &options.only {
        if !PROGRAMS.iter().any(|p| p.stem == name) {
            let names: Vec<_> = PROGRAMS.iter().map(|p| p.stem).collect();
            return Err(format!(
                "no program `{name}`; the programs are {}",
                names.join(", ")
            ));
        }
    }
    Ok(options)
}

fn number(s: &str) -> Result<usize, String> {
    s.parse().map_err(|_| format!("`{s}` is not a number"))
}

/// 1, 2, 4, ... up to the cores present, and the core count itself.
fn thread_counts(cores: usize) -> Vec<usize> {
    let mut counts: Vec<usize> = std::iter::successors(Some(1), |t| Some(t * 2))
        .take_while(|&t| t <= cores)
        .collect();
    if counts.last() != Some(&cores) {
        counts.push(cores);
    }
    counts
}
struct Runner {
    /// The directories of the Cargo profile's binaries and of the Go binaries.
    bin: PathBuf,
    go: PathBuf,
    cores: usize,
    taskset: bool,
}

/// One run of one binary.
struct Run {
    stdout: String,
    wall: f64,
    /// User + system seconds, where /proc tells (Linux).
    cpu: Option<f64>,
}

impl Runner {
    fn binary(&self, program: &Program, lang: Lang) -> PathBuf {
        let name = program.stem.replace('_', "-");
        match lang {
            Lang::Aurora => self.bin.join(format!("{name}-aurora")),
            Lang::Rust => self.bin.join(format!("{name}-rust")),
            Lang::Go => self.go.join(program.stem),
        }
    }

    fn run(&self, binary: &Path, args: &[&str], threads: usize) -> Result<Run, String> {
        let mut command = if self.taskset && threads < self.cores {
            let mut c = Command::new("taskset");
            c.arg("-c").arg(format!("0-{}", threads - 1)).arg(binary);
            c
        } else {
            Command::new(binary)
        };
        command
            .args(args)
            .env("RAYON_NUM_THREADS", threads.to_string())
            .env("GOMAXPROCS", threads.to_string());
        let cpu_before = children_cpu_seconds();
        let start = Instant::now();
        let output = command
            .output()
            .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
        let wall = start.elapsed().as_secs_f64();
        let cpu = children_cpu_seconds()
            .zip(cpu_before)
            .map(|(after, before)| after - before);
        if !output.status.success() {
            return Err(format!(
                "{} {} failed ({}):\n{}",
                binary.display(),
                args.join(" "),
                output.status,
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        Ok(Run { stdout, wall, cpu })
    }
}

/// User + system seconds of this process's waited-for children: cutime + cstime of
/// /proc/self/stat, in Linux's fixed 100 ticks per second. Less sensitive than wall-clock time
/// to other load on the machine, at a resolution of 10 ms.
fn children_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name (in parentheses); the first of them is field 3.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = |field: usize| fields.get(field - 3)?.parse::<f64>().ok();
    Some((ticks(16)? + ticks(17)?) / 100.0)
}

fn median(xs: &[f64]) -> Option<f64> {
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(v[n / 2]),
        _ => Some((v[n / 2 - 1] + v[n / 2]) / 2.0),
    }
}

/// The runs of one twin: wall-clock and CPU seconds.
#[derive(Default)]
struct Times {
    wall: Vec<f64>,
    cpu: Vec<f64>,
}

/// Runs every twin of `program` `rounds` times with `threads` threads, rotating the order;
/// checks that every run prints what the first run of the program printed.
fn measure(
    runner: &Runner,
    program: &Program,
    langs: &[Lang],
    args: &[&str],
    threads: usize,
    rounds: usize,
    expected: &mut Option<(Lang, String)>,
) -> Result<BTreeMap<Lang, Times>, String> {
    let mut times: BTreeMap<Lang, Times> = BTreeMap::new();
    for round in 0..rounds {
        for k in 0..langs.len() {
            let lang = langs[(round + k) % langs.len()];
            let run = runner.run(&runner.binary(program, lang), args, threads)?;
            match expected {
                None => *expected = Some((lang, run.stdout)),
                Some((first, text)) if *text != run.stdout => {
                    return Err(format!(
                        "checksums differ for {} ({} threads):\n  {}: {}\n  {}: {}",
                        program.stem,
                        threads,
                        first.name(),
                        one_line(text),
                        lang.name(),
                        one_line(&run.stdout)
                    ));
                }
                Some(_) => {}
            }
            let entry = times.entry(lang).or_default();
            entry.wall.push(run.wall);
            entry.cpu.extend(run.cpu);
        }
    }
    Ok(times)
}

fn one_line(text: &str) -> String {
    text.trim_end().replace('\n', " / ")
}

fn seconds(t: Option<f64>) -> String {
    t.map_or("-".to_string(), |t| format!("{t:.3}"))
}

fn ratio(a: Option<f64>, b: Option<f64>) -> String {
    match (a, b) {
        (Some(a), Some(b)) if b > 0.0 => format!("{:.2}", a / b),
        _ => "-".to_string(),
    }
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".to_string())
}

fn main() -> ExitCode {
    match run_suite() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("suite: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run_suite() -> Result<(), String> {
    let options = parse_options()?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let runner = Runner {
        bin: options.target.join(&options.profile),
        go: options.target.join("go"),
        cores,
        taskset: Command::new("taskset").arg("-V").output().is_ok(),
    };
    let programs: Vec<&Program> = PROGRAMS
        .iter()
        .filter(|p| options.only.is_empty() || options.only.iter().any(|o| o == p.stem))
        .collect();

    println!("cores: {cores}; load average at start: {}", load_average());
    println!(
        "rounds: {} (speed-up: {} per thread count); {} sizes",
        options.rounds,
        options.speedup_rounds,
        if options.quick { "quick" } else { "full" }
    );
    if !runner.taskset && options.threads.iter().any(|&t| t < cores) {
        println!("note: taskset not found; fewer threads than cores are not pinned");
    }
    println!();

    let mut main_rows = Vec::new();
    let mut speedup_rows = Vec::new();
    for program in &programs {
        let langs: Vec<Lang> = [Lang::Aurora, Lang::Rust, Lang::Go]
            .into_iter()
            .filter(|&l| runner.binary(program, l).is_file())
            .collect();
        if !langs.contains(&Lang::Rust) {
            return Err(format!(
                "{} is not built (run bench/suite/run.sh)",
                runner.binary(program, Lang::Rust).display()
            ));
        }
        let args = if options.quick {
            program.quick
        } else {
            program.full
        };
        let names: Vec<&str> = langs.iter().map(|l| l.name()).collect();
        eprintln!("{}: {} ...", program.stem, names.join(", "));

        let mut expected = None;
        let times = measure(
            &runner,
            program,
            &langs,
            args,
            cores,
            options.rounds,
            &mut expected,
        )?;
        let wall = |l: Lang| times.get(&l).and_then(|t| median(&t.wall));
        // At 10 ms per tick, CPU times under 50 ms say too little to divide.
        let cpu = |l: Lang| {
            times
                .get(&l)
                .and_then(|t| median(&t.cpu))
                .filter(|&c| c >= 0.05)
        };
        let checksum = expected
            .as_ref()
            .map(|(_, text)| one_line(text))
            .unwrap_or_default();
        main_rows.push(format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            program.stem,
            args.join(" "),
            seconds(wall(Lang::Aurora)),
            seconds(wall(Lang::Rust)),
            seconds(wall(Lang::Go)),
            ratio(wall(Lang::Aurora), wall(Lang::Rust)),
            ratio(wall(Lang::Aurora), wall(Lang::Go)),
            ratio(cpu(Lang::Aurora), cpu(Lang::Rust)),
            ratio(cpu(Lang::Aurora), cpu(Lang::Go)),
            checksum
        ));

        if options.speedup_rounds > 0 && options.threads.len() > 1 {
            let mut per_lang: BTreeMap<Lang, Vec<Option<f64>>> = BTreeMap::new();
            for &t in &options.threads {
                let rounds = options.speedup_rounds;
                let times = measure(&runner, program, &langs, args, t, rounds, &mut expected)?;
                for &l in &langs {
                    let m = times.get(&l).and_then(|t| median(&t.wall));
                    per_lang.entry(l).or_default().push(m);
                }
            }
            for (lang, medians) in per_lang {
                let times: Vec<String> = medians.iter().map(|&m| seconds(m)).collect();
                let ups: Vec<String> = medians[1..].iter().map(|&m| ratio(medians[0], m)).collect();
                speedup_rows.push(format!(
                    "| {} | {} | {} | {} |",
                    program.stem,
                    lang.name(),
                    times.join(" | "),
                    ups.join(" | ")
                ));
            }
        }
    }

    println!("Median wall-clock seconds at {cores} threads (ratio < 1: Aurora is faster); the");
    println!(
        "CPU column is the ratio of median user + system seconds, steadier on a busy machine."
    );
    println!();
    println!(
        "| program | arguments | Aurora | Rust | Go | Aurora/Rust | Aurora/Go | Aurora/Rust (CPU) | Aurora/Go (CPU) | checksum (every twin, every run) |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for row in &main_rows {
        println!("{row}");
    }
    if !speedup_rows.is_empty() {
        println!();
        println!("Speed-up: median wall-clock time at 1 thread / at N threads.");
        println!();
        let times: Vec<String> = options
            .threads
            .iter()
            .map(|t| format!("{t} thr (s)"))
            .collect();
        let ups: Vec<String> = options.threads[1..]
            .iter()
            .map(|t| format!("speed-up {t}"))
            .collect();
        println!(
            "| program | twin | {} | {} |",
            times.join(" | "),
            ups.join(" | ")
        );
        println!(
            "|---|---|{}{}",
            "---|".repeat(times.len()),
            "---|".repeat(ups.len())
        );
        for row in &speedup_rows {
            println!("{row}");
        }
    }
    println!();
    println!("load average at end: {}", load_average());
    Ok(())
}
