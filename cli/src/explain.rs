//! `aurora2rs explain`: the errors of a Cargo build that compiles generated Rust (a build
//! script's output, or `aurora2rs build`'s) shown at the `.aur` lines, in Aurora's terms.
//!
//! It reads cargo's `--message-format=json` output. A diagnostic in a generated file with a
//! source map beside it (`NAME.rs.map`, docs/source-maps.md) is explained through that map
//! ([`aurora_transpile::rustc`]); any other diagnostic (the crate's own Rust) is printed as
//! rustc rendered it.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use aurora_grammar::{Sources, Span};
use aurora_transpile::rustc::json::{parse_messages, Message, RSpan};
use aurora_transpile::rustc::Locate;
use aurora_transpile::sourcemap::SourceMap;

use crate::term::Term;

#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  cargo build --message-format=json | aurora2rs explain
  cargo check --message-format=json > out.json; aurora2rs explain out.json

Errors in generated Rust files that have a source map beside them (NAME.rs.map: written by
`aurora2rs build`, and by build scripts with `aurora::Config::source_maps(true)`) are shown at
the .aur line they come from, in Aurora's terms, with the fix. Other diagnostics are printed
as rustc wrote them. A map's source file is looked for as the map names it, relative to the
current directory and then to the map's own directory. Exit code 1 when there is an error.")]
pub struct ExplainArgs {
    /// A file of cargo's JSON messages (`-` or none: standard input).
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
}

pub fn run(args: &ExplainArgs, term: Term) -> ExitCode {
    let mut input = String::new();
    let read = match args.file.as_deref().filter(|f| *f != Path::new("-")) {
        Some(path) => std::fs::read_to_string(path)
            .map(|text| input = text)
            .map_err(|err| format!("cannot read `{}`: {err}", path.display())),
        None => std::io::stdin()
            .read_to_string(&mut input)
            .map(drop)
            .map_err(|err| format!("cannot read standard input: {err}")),
    };
    if let Err(message) = read {
        term.error(message, &[]);
        return ExitCode::FAILURE;
    }

    let mut maps = Maps::default();
    let mut mapped_lines = String::new();
    let mut failed = false;
    for line in input.lines() {
        let Some(msg) = parse_messages(line).pop() else {
            continue;
        };
        // Every file is loaded (not just up to the first with a map): the explainer looks
        // up each span of the message.
        let mut mapped = false;
        for file in span_files(&msg) {
            mapped |= maps.load(&file, term);
        }
        if mapped {
            mapped_lines.push_str(line);
            mapped_lines.push('\n');
        } else if let Some(rendered) = msg
            .rendered
            .as_ref()
            .filter(|_| msg.level != "failure-note")
        {
            failed |= msg.level.starts_with("error");
            eprint!("{rendered}");
        }
    }
    if mapped_lines.is_empty() {
        return exit(failed);
    }
    let errors = aurora_transpile::rustc::explain(&mapped_lines, &maps, &maps.sources).errors();
    term.diagnostics(&maps.sources, &errors);
    exit(failed || errors.has_errors())
}

fn exit(failed: bool) -> ExitCode {
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Every file a diagnostic's spans (and its children's, and the macro calls they expand
/// from) name.
fn span_files(msg: &Message) -> Vec<String> {
    fn add(span: &RSpan, out: &mut Vec<String>) {
        if !out.contains(&span.file_name) {
            out.push(span.file_name.clone());
        }
        if let Some(e) = &span.expansion {
            add(&e.span, out);
        }
    }
    let mut out = Vec::new();
    for m in std::iter::once(msg).chain(&msg.children) {
        for s in &m.spans {
            add(s, &mut out);
        }
    }
    out
}

/// The source maps found so far, by the file name rustc reports, with their Aurora sources.
#[derive(Default)]
struct Maps {
    sources: Sources,
    /// `None`: looked for and not found (or unreadable).
    by_file: HashMap<String, Option<SourceMap>>,
}

impl Maps {
    /// Whether `file` (as rustc names it) has a source map, loading it the first time.
    fn load(&mut self, file: &str, term: Term) -> bool {
        if !self.by_file.contains_key(file) {
            let map = self.read(file, term);
            self.by_file.insert(file.to_string(), map);
        }
        matches!(self.by_file.get(file), Some(Some(_)))
    }

    fn read(&mut self, file: &str, term: Term) -> Option<SourceMap> {
        let map_path = PathBuf::from(format!("{file}.map"));
        let json = std::fs::read_to_string(&map_path).ok()?;
        let Some(source) = SourceMap::source_in_json(&json) else {
            term.error(
                format!(
                    "`{}` is not a source map this aurora2rs reads",
                    map_path.display()
                ),
                &["regenerate it with this version of aurora2rs"],
            );
            return None;
        };
        let beside = map_path.parent().unwrap_or(Path::new("")).join(&source);
        let (path, text) = [PathBuf::from(&source), beside]
            .into_iter()
            .find_map(|p| std::fs::read_to_string(&p).ok().map(|t| (p, t)))
            .or_else(|| {
                term.error(
                    format!(
                        "cannot read `{source}`, the Aurora source `{}` names",
                        map_path.display()
                    ),
                    &["run `aurora2rs explain` from the directory the build ran in"],
                );
                None
            })?;
        let id = self.sources.add(path, text);
        SourceMap::from_json(&json, id)
    }
}

impl Locate for Maps {
    fn locate(&self, file: &str, start: (u32, u32), end: (u32, u32)) -> Option<Span> {
        let map = self.by_file.get(file)?.as_ref()?;
        map.locate(start.into(), end.into())
    }
}
