//! Loading: read the root file and every module it `use`s, parse each into the AST.

use std::path::Path;

use aurora_grammar::ast::{NodeIds, Program};
use aurora_grammar::{Errors, Sources};

/// Load the program rooted at the file `path`.
pub fn load_path(path: &Path) -> (Sources, Program, Errors) {
    let _ = path;
    todo_loader()
}

/// Load a program whose root file's text is given; imports are read from disk.
pub fn load_str(path: &Path, text: &str) -> (Sources, Program, Errors) {
    let mut sources = Sources::new();
    let mut errors = Errors::new();
    let mut ids = NodeIds::default();
    let file = sources.add(path, text);
    let module = aurora_grammar::parse_module(&sources, file, &mut ids, &mut errors);
    (sources, Program { modules: vec![module] }, errors)
}

fn todo_loader() -> (Sources, Program, Errors) {
    (Sources::new(), Program { modules: Vec::new() }, Errors::new())
}
