//! Where each Aurora module sits in the Rust module tree.
//!
//! Layout decision: the root file is the crate root (`main.rs` or a module that `include!`s
//! it), and it declares *every* module of the program, so the Rust tree mirrors the directory
//! tree: `geometry.aur` is `mod geometry;`, `a/b.aur` is `mod a { pub mod b; }`. A non-root
//! module reaches a module beside it through `super::` (Aurora resolves `use` against the
//! using file's directory, and `super` of a Rust module is exactly that directory's module), so
//! `use shapes` in `geometry.aur` becomes `use super::shapes;`. Paths are never
//! `crate::`-relative, so the generated files also work when the whole program is itself a
//! module of a larger crate.
//!
//! The loader (`load.rs`) loads modules depth first in the order of their `use` declarations,
//! once each; replaying that walk over the parsed program recovers each module's path.

use std::collections::HashSet;

use aurora_grammar::ast::{ItemKind, Program};

/// The path of each module (by index in `program.modules`) relative to the root's directory;
/// the root's own path is empty.
pub fn module_paths(program: &Program) -> Vec<Vec<String>> {
    let mut paths = vec![Vec::new(); program.modules.len()];
    let mut seen: HashSet<Vec<String>> = HashSet::new();
    let mut next = 1;
    if !program.modules.is_empty() {
        seen.insert(Vec::new());
        walk(program, 0, &[], &mut paths, &mut seen, &mut next);
    }
    paths
}

fn walk(
    program: &Program,
    index: usize,
    dir: &[String],
    paths: &mut Vec<Vec<String>>,
    seen: &mut HashSet<Vec<String>>,
    next: &mut usize,
) {
    let Some(module) = program.modules.get(index) else {
        return;
    };
    for item in &module.items {
        let ItemKind::Use(decl) = &item.kind else {
            continue;
        };
        if decl.path.is_empty() {
            continue;
        }
        let mut path = dir.to_vec();
        path.extend(decl.path.iter().map(|s| s.name.clone()));
        if !seen.insert(path.clone()) {
            continue;
        }
        let child = *next;
        if child >= program.modules.len() {
            return;
        }
        *next += 1;
        paths[child] = path.clone();
        let child_dir = &path[..path.len() - 1];
        walk(program, child, child_dir, paths, seen, next);
    }
}
