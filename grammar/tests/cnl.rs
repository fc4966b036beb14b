//! CNL surface: parse(print(ast)) == ast over every golden program (spans and node ids aside),
//! the CNL printer is idempotent, the checked-in `.cnl` twins are exactly the printer's output,
//! and broken sentences are reported with the nearest template.

use std::path::{Path, PathBuf};

use aurora_grammar::ast::{Module, NodeIds};
use aurora_grammar::diagnostic::render_all;
use aurora_grammar::print::{cnl, shape};
use aurora_grammar::{parse_cnl_module, parse_module, Errors, Sources};

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../golden")
}

/// Every golden `.aur` program (and module) that parses without errors.
fn golden_aur() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in [golden_dir(), golden_dir().join("modules")] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "aur"))
            .collect();
        files.sort();
        out.extend(files);
    }
    assert!(out.len() > 20, "golden programs not found");
    out
}

fn parse(path: &Path, text: &str, cnl: bool) -> (Module, String) {
    let mut sources = Sources::new();
    let file = sources.add(path, text);
    let mut ids = NodeIds::default();
    let mut errors = Errors::new();
    let m = if cnl {
        parse_cnl_module(&sources, file, &mut ids, &mut errors)
    } else {
        parse_module(&sources, file, &mut ids, &mut errors)
    };
    (m, render_all(&sources, &errors, false))
}

fn comments(m: &Module) -> Vec<String> {
    m.comments.iter().map(|c| c.text.trim_end().to_string()).collect()
}

fn check_round_trip(path: &Path, aur_text: &str) -> String {
    let (aur, errs) = parse(path, aur_text, false);
    assert!(errs.is_empty(), "{}: {errs}", path.display());
    let printed = cnl::print_module(&aur, aur_text);
    let cnl_path = path.with_extension("cnl");
    let (back, errs) = parse(&cnl_path, &printed, true);
    assert!(
        errs.is_empty(),
        "{}: the printed CNL does not parse:\n{errs}\n{printed}",
        path.display()
    );
    assert_eq!(shape(&aur), shape(&back), "{}: AST differs after CNL round trip\n{printed}", path.display());
    assert_eq!(comments(&aur), comments(&back), "{}: comments", path.display());
    let again = cnl::print_module(&back, &printed);
    assert_eq!(printed, again, "{}: printing is not idempotent", path.display());
    printed
}

#[test]
fn every_golden_round_trips_through_cnl() {
    for path in golden_aur() {
        let text = std::fs::read_to_string(&path).unwrap();
        check_round_trip(&path, &text);
    }
}

#[test]
fn golden_cnl_twins_are_the_printers_output() {
    for path in golden_aur() {
        let text = std::fs::read_to_string(&path).unwrap();
        let printed = check_round_trip(&path, &text);
        let twin = path.with_extension("cnl");
        if std::env::var_os("AURORA_BLESS_CNL").is_some() {
            std::fs::write(&twin, &printed).unwrap();
        }
        let checked_in = std::fs::read_to_string(&twin)
            .unwrap_or_else(|_| panic!("{} has no CNL twin {}", path.display(), twin.display()));
        assert_eq!(checked_in, printed, "{} is not the printer's output (AURORA_BLESS_CNL=1 regenerates)", twin.display());
    }
}
