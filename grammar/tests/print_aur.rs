//! The canonical `.aur` printer (`aurora2rs fmt`): over every golden and example program and a
//! generated corpus, printing keeps the AST (spans and node ids aside) and the comments, and
//! printing is idempotent. Golden and example files are already in canonical form.

use std::path::{Path, PathBuf};

use aurora_grammar::ast::{Module, NodeIds};
use aurora_grammar::print::{aur::print_module, shape};
use aurora_grammar::{parse_module, Errors, Sources};

fn parse(path: &str, text: &str) -> Result<Module, String> {
    let mut sources = Sources::new();
    let file = sources.add(path, text);
    let mut ids = NodeIds::default();
    let mut errors = Errors::new();
    let m = parse_module(&sources, file, &mut ids, &mut errors);
    if errors.has_errors() {
        return Err(aurora_grammar::diagnostic::render_all(
            &sources, &errors, false,
        ));
    }
    Ok(m)
}

fn comment_texts(m: &Module) -> Vec<String> {
    m.comments
        .iter()
        .map(|c| c.text.trim_end().to_string())
        .collect()
}

/// First line where two texts differ, for readable failures.
fn first_diff(a: &str, b: &str) -> String {
    for (i, (x, y)) in a.lines().zip(b.lines()).enumerate() {
        if x != y {
            return format!("line {}:\n  - {x}\n  + {y}", i + 1);
        }
    }
    format!(
        "lengths differ: {} vs {} lines",
        a.lines().count(),
        b.lines().count()
    )
}

/// Checks the round-trip properties of one source text; returns its canonical form.
fn round_trip(name: &str, src: &str) -> String {
    let m = parse(name, src).unwrap_or_else(|e| panic!("{name} does not parse:\n{e}"));
    let printed = print_module(&m, src);
    let m2 = parse(name, &printed)
        .unwrap_or_else(|e| panic!("{name}: printed text does not parse:\n{e}\n{printed}"));
    let (s1, s2) = (shape(&m), shape(&m2));
    assert!(
        s1 == s2,
        "{name}: AST changed by printing\n{}\nprinted:\n{printed}",
        first_diff(&s1, &s2)
    );
    assert_eq!(
        comment_texts(&m),
        comment_texts(&m2),
        "{name}: comments lost or reordered\n{printed}"
    );
    let again = print_module(&m2, &printed);
    assert!(
        again == printed,
        "{name}: printing is not idempotent\n{}\nfirst:\n{printed}\nsecond:\n{again}",
        first_diff(&printed, &again)
    );
    printed
}

fn aur_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for dir in ["golden", "golden/modules", "examples"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "aur") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn golden_and_example_programs_round_trip_and_are_canonical() {
    let files = aur_files();
    assert!(
        files.len() > 20,
        "expected the golden programs, found {files:?}"
    );
    let mut not_canonical = Vec::new();
    for f in &files {
        let src = std::fs::read_to_string(f).expect("read");
        let name = f.display().to_string();
        let printed = round_trip(&name, &src);
        if printed != src {
            not_canonical.push(format!("{name}: {}", first_diff(&src, &printed)));
        }
    }
    assert!(
        not_canonical.is_empty(),
        "not in canonical form:\n{}",
        not_canonical.join("\n")
    );
}
