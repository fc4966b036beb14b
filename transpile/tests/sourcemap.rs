//! Source maps (docs/source-maps.md): every golden program's printed Rust pairs up with the
//! marked tokens of its lowering, and positions in the Rust lead back to the right `.aur` text.

use std::path::{Path, PathBuf};

use aurora_transpile::sourcemap::{RustPos, SourceMap};
use aurora_transpile::{transpile_path_with, transpile_str_with, Options, Transpiled};

const MAPPED: Options = Options {
    library: false,
    mask_sites: false,
    manifest: false,
    source_map: true,
    defer_to_rustc: false,
};

fn golden_programs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../golden");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("golden/ exists")
        .map(|e| e.expect("readable golden/").path())
        .filter(|p| p.extension().is_some_and(|e| e == "aur" || e == "cnl"))
        .collect();
    files.sort();
    files
}

/// The `.aur` text a position of module `m`'s Rust maps to.
fn aur_text_at(done: &Transpiled, m: usize, line: u32, column: u32) -> String {
    let map: &SourceMap = done.modules[m].map.as_ref().expect("a map was asked for");
    let at = RustPos { line, column };
    let span = map.locate(at, at).expect("position is mapped");
    done.sources.get(span.file).text[span.range()].to_string()
}

/// (line, column) of the first occurrence of `needle` in `code`, 1-based.
fn find(code: &str, needle: &str) -> (u32, u32) {
    for (i, line) in code.lines().enumerate() {
        if let Some(byte) = line.find(needle) {
            return (i as u32 + 1, line[..byte].chars().count() as u32 + 1);
        }
    }
    panic!("`{needle}` not in:\n{code}");
}

#[test]
fn every_golden_program_is_mapped_completely() {
    let programs = golden_programs();
    assert!(programs.len() > 40, "found the golden programs");
    for path in programs {
        let done = transpile_path_with(&path, MAPPED)
            .unwrap_or_else(|f| panic!("{}: {}", path.display(), f.render(false)));
        for module in &done.modules {
            let map = module.map.as_ref().expect("a map was asked for");
            assert!(
                map.complete,
                "{}: the printed Rust of `{}` did not pair with its marks",
                path.display(),
                module.name
            );
            // Every line with code below the header leads back to the program.
            for (i, line) in module.code.lines().enumerate().skip(2) {
                let text = line.trim();
                // `use` and `mod NAME;` come from no line of the program (rustfmt sorts them).
                let declaration = ["use ", "pub use ", "mod ", "pub mod "]
                    .iter()
                    .any(|d| text.starts_with(d) && text.ends_with(';'));
                if text.is_empty()
                    || text.starts_with("//")
                    || declaration
                    || !text.chars().any(char::is_alphanumeric)
                {
                    continue;
                }
                let column = line.len() - line.trim_start().len() + 1;
                let at = RustPos {
                    line: i as u32 + 1,
                    column: column as u32,
                };
                let end = RustPos {
                    line: i as u32 + 1,
                    column: line.chars().count() as u32 + 1,
                };
                assert!(
                    map.locate(at, end).is_some(),
                    "{}: line {} of the Rust is unmapped: {line}",
                    path.display(),
                    i + 1
                );
            }
        }
    }
}

#[test]
fn names_map_to_their_own_use_and_statements_to_themselves() {
    let src = "\
fn main() {
    var total = 0
    for i in 0..10 {
        total += i * 2
    }
    print(\"{total}\")
}
";
    let done = transpile_str_with(Path::new("main.aur"), src, MAPPED).expect("transpiles");
    let code = &done.modules[0].code;
    // `total` read in the compound assignment is the name, not the whole statement.
    let (line, col) = find(code, "total.wrapping_add");
    assert_eq!(aur_text_at(&done, 0, line, col), "total");
    // Its target too.
    let (line, col) = find(code, "total = total");
    assert_eq!(aur_text_at(&done, 0, line, col), "total");
    // The `for` keyword belongs to the loop expression.
    let (line, col) = find(code, "for i in");
    assert!(aur_text_at(&done, 0, line, col).starts_with("for i in 0..10 {"));
    // The literal `2` is the literal.
    let (line, col) = find(code, "2)");
    assert_eq!(aur_text_at(&done, 0, line, col), "2");
}

#[test]
fn maps_survive_the_file_format() {
    let src = "fn main() {\n    let xs = [1, 2, 3]\n    print(\"{xs:?}\")\n}\n";
    let done = transpile_str_with(Path::new("main.aur"), src, MAPPED).expect("transpiles");
    let map = done.modules[0].map.as_ref().expect("mapped");
    let json = map.to_json(&done.sources, Path::new("main.aur"));
    assert!(
        json.starts_with(
            "{\"@generated\":\"by aurora2rs from main.aur. Do not edit: edit the source.\",\
             \"format\":\"aurora-source-map\",\"version\":1,\"source\":\"main.aur\""
        ),
        "{json}"
    );
    let back = SourceMap::from_json(&json, map.file).expect("reads back");
    assert_eq!(&back, map);
    let future = json.replace("\"version\":1", "\"version\":99");
    assert!(SourceMap::from_json(&future, map.file).is_none());
    let shifted = back.shifted(1);
    assert_eq!(
        shifted.segments[0].start.line,
        map.segments[0].start.line + 1
    );
}

#[test]
fn without_the_option_there_is_no_map_and_the_same_code() {
    let src = "fn main() {\n    print(\"hi\")\n}\n";
    let plain = transpile_str_with(Path::new("main.aur"), src, Options::default()).expect("ok");
    let mapped = transpile_str_with(Path::new("main.aur"), src, MAPPED).expect("ok");
    assert!(plain.modules[0].map.is_none());
    assert_eq!(plain.modules[0].code, mapped.modules[0].code);
}
