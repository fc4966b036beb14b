//! `aurora2rs translate FILE --to aur|cnl`: one source file from one surface to the other,
//! through the one AST (docs/cnl.md).
//!
//! The input's surface is its extension (`.cnl` is CNL, anything else `.aur`). The output is
//! the canonical printer's text for the target surface, with the comments kept. Before it is
//! written, the output is parsed back and must give the same AST (spans aside): a program that
//! the target surface cannot spell (say, a CNL operator word used as a function name in a call)
//! is refused with an error rather than translated wrongly. Only the named file is translated,
//! not the modules it `use`s.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use aurora_grammar::ast::{Module, NodeIds};
use aurora_grammar::print::{self, shape};
use aurora_grammar::{parse_cnl_module, parse_module, Errors, Sources};

use crate::term::Term;

#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  aurora2rs translate hello.aur --to cnl              print hello.aur as controlled English
  aurora2rs translate hello.cnl --to aur -o hello.aur write the .aur form to a file

The input's surface is its extension (.cnl or .aur). Comments are kept. The output is checked
to parse back to the same program before it is written.")]
pub struct TranslateArgs {
    /// The source file to translate.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// The surface to translate to.
    #[arg(long, value_enum, value_name = "SURFACE")]
    to: Surface,
    /// Write the translation here instead of to stdout.
    #[arg(short = 'o', long, value_name = "OUT")]
    output: Option<PathBuf>,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq)]
enum Surface {
    Aur,
    Cnl,
}

fn surface_of(path: &Path) -> Surface {
    if path.extension().is_some_and(|e| e == "cnl") {
        Surface::Cnl
    } else {
        Surface::Aur
    }
}

fn parse(surface: Surface, path: &Path, text: &str) -> (Sources, Module, Errors) {
    let mut sources = Sources::new();
    let file = sources.add(path, text);
    let mut errors = Errors::new();
    let mut ids = NodeIds::default();
    let module = match surface {
        Surface::Cnl => parse_cnl_module(&sources, file, &mut ids, &mut errors),
        Surface::Aur => parse_module(&sources, file, &mut ids, &mut errors),
    };
    (sources, module, errors)
}

pub fn run(args: &TranslateArgs, term: Term) -> ExitCode {
    let text = match std::fs::read_to_string(&args.file) {
        Ok(t) => t,
        Err(err) => {
            term.error(format!("cannot read `{}`: {err}", args.file.display()), &[]);
            return ExitCode::FAILURE;
        }
    };
    let from = surface_of(&args.file);
    let (sources, module, errors) = parse(from, &args.file, &text);
    term.diagnostics(&sources, &errors);
    if errors.has_errors() {
        term.note(format!("`{}` was not translated", args.file.display()));
        return ExitCode::FAILURE;
    }
    let out = match args.to {
        Surface::Aur => print::aur::print_module(&module, &text),
        Surface::Cnl => print::cnl::print_module(&module, &text),
    };
    let target = match args.to {
        Surface::Aur => args.file.with_extension("aur"),
        Surface::Cnl => args.file.with_extension("cnl"),
    };
    let (back_sources, back, back_errors) = parse(args.to, &target, &out);
    if back_errors.has_errors() || shape(&back) != shape(&module) {
        term.diagnostics(&back_sources, &back_errors);
        term.error(
            format!(
                "`{}` cannot be translated faithfully: the {} text does not read back as the same program",
                args.file.display(),
                if args.to == Surface::Cnl { "CNL" } else { ".aur" }
            ),
            &["see docs/cnl.md, \"Limits\", for what CNL cannot spell"],
        );
        return ExitCode::FAILURE;
    }
    match &args.output {
        Some(path) => match std::fs::write(path, &out) {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                term.error(format!("cannot write `{}`: {err}", path.display()), &[]);
                ExitCode::FAILURE
            }
        },
        None => crate::print_stdout(&out, term),
    }
}
