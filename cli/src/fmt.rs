//! `aurora2rs fmt`: rewrite `.aur` files in canonical form (docs/language.md, "Formatting").

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use aurora_grammar::ast::Module;
use aurora_grammar::ast::NodeIds;
use aurora_grammar::print::{aur, cnl, shape};
use aurora_grammar::{parse_cnl_module, parse_module, Errors, Sources};

use crate::output;
use crate::term::Term;

#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  aurora2rs fmt hello.aur                   rewrite hello.aur in canonical form
  aurora2rs fmt golden/ examples/           every .aur file under these directories
  aurora2rs fmt --check src/                exit 1 and show a diff if any file is not canonical
  aurora2rs fmt - < messy.aur > tidy.aur    format stdin to stdout

Formatting keeps comments and (at most one) blank line between items and statements, and
never changes what the program means: the output parses to the same syntax tree. A file with
a syntax error is reported and left alone. Files already in canonical form are not touched.
`.cnl` files (controlled English) are formatted by the canonical CNL printer.")]
pub struct FmtArgs {
    /// `.aur` or `.cnl` files, or directories (searched recursively for both); `-` reads
    /// `.aur` text from stdin and writes stdout.
    #[arg(value_name = "FILE", required = true)]
    files: Vec<PathBuf>,
    /// Write nothing: print a unified diff for every file not in canonical form, and exit
    /// with 1 if there is any.
    #[arg(long)]
    check: bool,
}

/// Why one file was not formatted (already reported on stderr).
struct Refused;

pub fn run(args: &FmtArgs, term: Term) -> ExitCode {
    let mut ok = true;
    let mut files = Vec::new();
    for f in &args.files {
        if f.as_os_str() == "-" {
            files.push(f.clone());
        } else if f.is_dir() {
            if let Err(err) = collect(f, &mut files) {
                term.error(format!("cannot read `{}`: {err}", f.display()), &[]);
                ok = false;
            }
        } else {
            files.push(f.clone());
        }
    }
    for file in &files {
        let result = if file.as_os_str() == "-" {
            stdin(args.check, term)
        } else {
            one_file(file, args.check, term)
        };
        ok &= result.is_ok();
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Every `.aur` file under `dir`, in name order.
fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, out)?;
        } else if p.extension().is_some_and(|x| x == "aur" || x == "cnl") {
            out.push(p);
        }
    }
    Ok(())
}

fn one_file(path: &Path, check: bool, term: Term) -> Result<(), Refused> {
    let text = fs::read_to_string(path).map_err(|err| {
        term.error(format!("cannot read `{}`: {err}", path.display()), &[]);
        Refused
    })?;
    let formatted = format(path, &text, term)?;
    if formatted == text {
        if !check {
            term.status("unchanged", path.display());
        }
        return Ok(());
    }
    if check {
        let name = path.display().to_string();
        let diff = similar::TextDiff::from_lines(&text, &formatted)
            .unified_diff()
            .header(&name, &name)
            .to_string();
        print!("{diff}");
        return Err(Refused);
    }
    let permissions = fs::metadata(path).map(|m| m.permissions()).ok();
    output::write_atomic(path, formatted.as_bytes()).map_err(|err| {
        term.error(format!("cannot write `{}`: {err}", path.display()), &[]);
        Refused
    })?;
    if let Some(p) = permissions {
        // The rename left a new file; give it the permissions the original had.
        let _ = fs::set_permissions(path, p);
    }
    term.status("formatted", path.display());
    Ok(())
}

fn stdin(check: bool, term: Term) -> Result<(), Refused> {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).map_err(|err| {
        term.error(format!("cannot read stdin: {err}"), &[]);
        Refused
    })?;
    let formatted = format(Path::new("<stdin>"), &text, term)?;
    if check {
        if formatted == text {
            return Ok(());
        }
        let diff = similar::TextDiff::from_lines(&text, &formatted)
            .unified_diff()
            .header("<stdin>", "<stdin>")
            .to_string();
        print!("{diff}");
        return Err(Refused);
    }
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(formatted.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(err) => {
            term.error(format!("cannot write to stdout: {err}"), &[]);
            Err(Refused)
        }
    }
}

/// Parse `text` as the surface `path` names: `.cnl` is controlled English, anything else `.aur`.
fn parse(path: &Path, text: &str) -> (Sources, Module, Errors) {
    let mut sources = Sources::new();
    let file = sources.add(path, text);
    let mut errors = Errors::new();
    let mut ids = NodeIds::default();
    let module = if is_cnl(path) {
        parse_cnl_module(&sources, file, &mut ids, &mut errors)
    } else {
        parse_module(&sources, file, &mut ids, &mut errors)
    };
    (sources, module, errors)
}

fn is_cnl(path: &Path) -> bool {
    path.extension().is_some_and(|x| x == "cnl")
}

/// The canonical text of `text`, or `Refused` (reported) when it has a syntax error, or when
/// the printed text would not read back as the same program (a formatter bug: better to
/// leave the file alone than to change its meaning).
fn format(path: &Path, text: &str, term: Term) -> Result<String, Refused> {
    let (sources, module, errors) = parse(path, text);
    if errors.has_errors() {
        term.diagnostics(&sources, &errors);
        term.note(format!("`{}` was not formatted", path.display()));
        return Err(Refused);
    }
    let formatted = if is_cnl(path) {
        cnl::print_module(&module, text)
    } else {
        aur::print_module(&module, text)
    };
    let (_, reparsed, errors2) = parse(path, &formatted);
    if errors2.has_errors() || shape(&reparsed) != shape(&module) {
        term.error(
            format!(
                "formatting `{}` would change the program; it was left unchanged",
                path.display()
            ),
            &["this is a bug in `aurora2rs fmt`: please report it with the file"],
        );
        return Err(Refused);
    }
    Ok(formatted)
}
