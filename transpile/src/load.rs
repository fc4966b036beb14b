//! Loading: read the root file and every module it `use`s, parse each into the AST.
//!
//! `use a` loads `a.aur` from the directory of the file that says it; `use a.b` loads
//! `a/b.aur`. A file whose name ends in `.cnl` is controlled English (docs/cnl.md) and is parsed
//! with the CNL parser into the same AST; `use a` in a `.cnl` file loads `a.cnl` when it exists,
//! else `a.aur`, so CNL programs may use `.aur` modules (a `.aur` file only ever loads `.aur`). Modules are loaded depth first in the order of their `use` declarations; the
//! root is `Program.modules[0]`, and each file is read and parsed once however many modules
//! `use` it (files are identified by their canonical path).
//!
//! Problems are diagnostics like any other, so they render together with parse errors:
//! - a module file that does not exist: an error at the `use`, naming the path looked for;
//! - an import cycle: an error at the `use` that closes it, listing the cycle;
//! - a file that is not UTF-8: an error at its first invalid byte (the file is kept, lossily
//!   decoded, so the line can be shown), with a note at the `use` for a module;
//! - a root file that cannot be read at all: a file-level error. It is reported on an empty
//!   span of a source with the root's path and no text; the renderer shows such diagnostics
//!   without a snippet, so the message names the path. The program then holds one empty root module, so later phases need
//!   no special case.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

use aurora_grammar::ast::{ItemKind, Module, NodeIds, Program, UseDecl};
use aurora_grammar::{Diagnostic, Errors, FileId, Sources, Span};

/// Load the program rooted at the file `path`.
pub fn load_path(path: &Path) -> (Sources, Program, Errors) {
    let mut loader = Loader::default();
    match read_source(path) {
        Ok(text) => loader.load_root(path, text),
        Err(ReadError::NotUtf8 { lossy, offset }) => {
            let file = loader.sources.add(path, lossy);
            loader.errors.push(not_utf8(file, path, offset));
            loader.modules.push(empty_module(&loader.sources, file));
        }
        Err(ReadError::Io(err)) => {
            let file = loader.sources.add(path, "");
            loader.errors.push(
                Diagnostic::error(
                    Span::new(file, 0, 0),
                    format!("cannot read `{}`: {err}", display(path)),
                )
                .help(io_help(&err)),
            );
            loader.modules.push(empty_module(&loader.sources, file));
        }
    }
    loader.finish()
}

/// Load a program whose root file's text is given; imports are read from disk.
pub fn load_str(path: &Path, text: &str) -> (Sources, Program, Errors) {
    let mut loader = Loader::default();
    loader.load_root(path, text.to_owned());
    loader.finish()
}

#[derive(Default)]
struct Loader {
    sources: Sources,
    errors: Errors,
    ids: NodeIds,
    modules: Vec<Module>,
    /// Canonical path of every file read so far.
    seen: HashMap<PathBuf, FileId>,
    /// The chain of files being loaded (canonical path, path as named), for cycle reports.
    stack: Vec<(PathBuf, PathBuf)>,
}

impl Loader {
    fn load_root(&mut self, path: &Path, text: String) {
        self.load_module(path, identity(path), text);
    }

    fn finish(self) -> (Sources, Program, Errors) {
        (
            self.sources,
            Program {
                modules: self.modules,
            },
            self.errors,
        )
    }

    /// Parse one file, then load every module it `use`s.
    fn load_module(&mut self, path: &Path, key: PathBuf, text: String) {
        let file = self.sources.add(path, text);
        self.seen.insert(key.clone(), file);
        let is_cnl = is_cnl(path);
        let module = if is_cnl {
            aurora_grammar::parse_cnl_module(&self.sources, file, &mut self.ids, &mut self.errors)
        } else {
            aurora_grammar::parse_module(&self.sources, file, &mut self.ids, &mut self.errors)
        };
        let uses: Vec<UseDecl> = module
            .items
            .iter()
            .filter_map(|item| match &item.kind {
                ItemKind::Use(decl) => Some(decl.clone()),
                _ => None,
            })
            .collect();
        self.modules.push(module);

        self.stack.push((key, path.to_path_buf()));
        let dir = path.parent().unwrap_or(Path::new(""));
        for decl in &uses {
            self.load_use(dir, decl, is_cnl);
        }
        self.stack.pop();
    }

    fn load_use(&mut self, dir: &Path, decl: &UseDecl, from_cnl: bool) {
        let (Some(first), Some(last)) = (decl.path.first(), decl.path.last()) else {
            return;
        };
        let at = first.span.to(last.span);
        let name: Vec<&str> = decl.path.iter().map(|seg| seg.name.as_str()).collect();
        let name = name.join(".");
        let mut target = dir.to_path_buf();
        for seg in &decl.path {
            target.push(&seg.name);
        }
        target.set_extension("aur");
        if from_cnl {
            let cnl = target.with_extension("cnl");
            if cnl.is_file() || !target.is_file() {
                target = cnl;
            }
        }

        let key = identity(&target);
        if let Some(pos) = self.stack.iter().position(|(k, _)| *k == key) {
            let cycle: Vec<String> = self.stack[pos..]
                .iter()
                .map(|(_, named)| format!("`{}`", display(named)))
                .chain([format!("`{}`", display(&target))])
                .collect();
            self.errors.push(
                Diagnostic::error(at, format!("module `{name}` is part of an import cycle"))
                    .label("this `use` closes the cycle")
                    .note(format!("cycle: {}", cycle.join(" -> ")))
                    .help("modules must not depend on each other in a cycle: move what they share into a module both can `use`"),
            );
            return;
        }
        if self.seen.contains_key(&key) {
            return;
        }
        match read_source(&target) {
            Ok(text) => self.load_module(&target, key, text),
            Err(ReadError::NotUtf8 { lossy, offset }) => {
                let file = self.sources.add(&target, lossy);
                self.seen.insert(key, file);
                self.errors
                    .push(not_utf8(file, &target, offset).secondary(at, "module used here"));
            }
            Err(ReadError::Io(err)) if err.kind() == io::ErrorKind::NotFound => {
                self.errors.push(
                    Diagnostic::error(at, format!("cannot find module `{name}`"))
                        .label(format!("no file `{}`", display(&target)))
                        .help(format!(
                            "`use {name}` loads `{}`: create that file or fix the module name",
                            display(&target)
                        )),
                );
            }
            Err(ReadError::Io(err)) => {
                self.errors.push(
                    Diagnostic::error(at, format!("cannot read module `{name}`"))
                        .label(format!("cannot read `{}`: {err}", display(&target))),
                );
            }
        }
    }
}

enum ReadError {
    Io(io::Error),
    /// The text decoded with replacement characters, and the byte offset of the first bad byte.
    NotUtf8 {
        lossy: String,
        offset: usize,
    },
}

fn read_source(path: &Path) -> Result<String, ReadError> {
    let bytes = std::fs::read(path).map_err(ReadError::Io)?;
    String::from_utf8(bytes).map_err(|err| {
        let offset = err.utf8_error().valid_up_to();
        let lossy = String::from_utf8_lossy(err.as_bytes()).into_owned();
        ReadError::NotUtf8 { lossy, offset }
    })
}

/// The error at the first invalid byte; in the lossy text that byte is a replacement
/// character, which is what the caret points at.
fn not_utf8(file: FileId, path: &Path, offset: usize) -> Diagnostic {
    let width = char::REPLACEMENT_CHARACTER.len_utf8();
    Diagnostic::error(
        Span::new(file, offset, offset + width),
        format!("`{}` is not valid UTF-8", display(path)),
    )
    .label(format!("invalid UTF-8 at byte {offset}"))
    .help("Aurora source files must be UTF-8 text")
}

fn io_help(err: &io::Error) -> &'static str {
    match err.kind() {
        io::ErrorKind::NotFound => "check the path and the current directory",
        io::ErrorKind::PermissionDenied => "check the file's permissions",
        io::ErrorKind::IsADirectory => "name an Aurora source file (`.aur`), not a directory",
        _ => "the path must name a readable Aurora source file (`.aur`)",
    }
}

fn empty_module(sources: &Sources, file: FileId) -> Module {
    let name = sources
        .path(file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Module {
        file,
        name,
        items: Vec::new(),
        comments: Vec::new(),
    }
}

/// Whether `path` names a CNL source file (by its extension).
fn is_cnl(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "cnl")
}

/// What makes two paths the same file: the canonical path when the file exists, else the
/// absolute path (a root given as text may have no file behind it).
fn identity(path: &Path) -> PathBuf {
    path.canonicalize()
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// Paths in messages use `/` on every platform so expected diagnostics are portable.
fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// The Aurora sources under `dir`, recursively and sorted: every `.aur` file, and every `.cnl`
/// file without a `.aur` twin beside it (a twin is the same program in the other surface;
/// taking both would generate the same `.rs` twice). Hidden directories and `target` are
/// skipped. Shared by `aurora2rs build DIR` and the build-script builder so they always agree.
pub fn find_sources(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    walk_sources(dir, &mut files)?;
    files.sort();
    Ok(files)
}

fn walk_sources(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if entry.file_type()?.is_dir() {
            if !name.starts_with('.') && name != "target" {
                walk_sources(&path, files)?;
            }
        } else if path.extension().is_some_and(|e| e == "aur")
            || (path.extension().is_some_and(|e| e == "cnl")
                && !path.with_extension("aur").is_file())
        {
            files.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("aurora-load-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn rendered(sources: &Sources, errors: &Errors) -> String {
        aurora_grammar::diagnostic::render_all(sources, errors, false)
    }

    #[test]
    fn missing_root_is_a_file_level_error() {
        let dir = scratch("missing");
        let path = dir.join("nope.aur");
        let (sources, program, errors) = load_path(&path);
        assert_eq!(program.modules.len(), 1);
        assert_eq!(errors.error_count(), 1);
        let text = rendered(&sources, &errors);
        assert!(
            text.starts_with(&format!("error: cannot read `{}`: ", display(&path))),
            "{text}"
        );
        assert!(text.contains("= help: check the path"), "{text}");
    }

    #[test]
    fn non_utf8_root_points_at_the_bad_byte() {
        let dir = scratch("utf8");
        let path = dir.join("bad.aur");
        std::fs::write(&path, b"fn main() {\n    let s = \"\xff\"\n}\n").unwrap();
        let (sources, _, errors) = load_path(&path);
        let text = rendered(&sources, &errors);
        assert!(
            text.contains(&format!(
                "is not valid UTF-8\n --> {}:2:14\n",
                display(&path)
            )),
            "{text}"
        );
        assert!(text.contains("invalid UTF-8 at byte 25"), "{text}");
    }

    fn write(dir: &Path, rel: &str, text: &str) -> PathBuf {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    fn names(program: &Program) -> Vec<&str> {
        program.modules.iter().map(|m| m.name.as_str()).collect()
    }

    #[test]
    fn loads_used_modules_depth_first_each_once() {
        let dir = scratch("modules");
        let root = write(&dir, "main.aur", "use a\nuse b.c\nfn main() {}\n");
        write(&dir, "a.aur", "use b.c\npub fn f() {}\n");
        // `use d` in b/c.aur is b/d.aur: beside the file that says it.
        write(&dir, "b/c.aur", "use d\npub fn g() {}\n");
        write(&dir, "b/d.aur", "pub fn h() {}\n");
        let (sources, program, errors) = load_path(&root);
        assert!(errors.is_empty(), "{}", rendered(&sources, &errors));
        assert_eq!(names(&program), ["main", "a", "c", "d"]);
        assert_eq!(sources.len(), 4);
        assert_eq!(sources.path(program.modules[2].file), dir.join("b/c.aur"));
        assert_eq!(sources.path(program.modules[3].file), dir.join("b/d.aur"));
    }

    #[test]
    fn missing_module_is_an_error_at_the_use() {
        let dir = scratch("missing-module");
        let root = write(&dir, "main.aur", "use geometyr\nfn main() {}\n");
        let (sources, program, errors) = load_path(&root);
        assert_eq!(names(&program), ["main"]);
        let text = rendered(&sources, &errors);
        let looked_for = display(&dir.join("geometyr.aur"));
        assert!(
            text.starts_with("error: cannot find module `geometyr`\n"),
            "{text}"
        );
        assert!(text.contains(":1:5\n"), "{text}");
        assert!(
            text.contains(&format!("^^^^^^^^ no file `{looked_for}`")),
            "{text}"
        );
        assert_eq!(errors.error_count(), 1);
    }

    #[test]
    fn import_cycle_is_an_error_listing_the_cycle() {
        let dir = scratch("cycle");
        let root = write(&dir, "main.aur", "use a\nfn main() {}\n");
        write(&dir, "a.aur", "use b\n");
        write(&dir, "b.aur", "use a\n");
        let (sources, program, errors) = load_path(&root);
        assert_eq!(names(&program), ["main", "a", "b"]);
        assert_eq!(errors.error_count(), 1);
        let text = rendered(&sources, &errors);
        let (a, b) = (display(&dir.join("a.aur")), display(&dir.join("b.aur")));
        assert!(
            text.contains("module `a` is part of an import cycle"),
            "{text}"
        );
        assert!(text.contains(&format!(" --> {b}:1:5\n")), "{text}");
        assert!(
            text.contains(&format!("cycle: `{a}` -> `{b}` -> `{a}`")),
            "{text}"
        );
    }

    #[test]
    fn cnl_files_parse_as_cnl_and_prefer_cnl_modules() {
        let dir = scratch("cnl");
        let root = write(
            &dir,
            "main.cnl",
            "Use a.\nUse b.\n\nTo main:\n    Do a.f().\n",
        );
        write(&dir, "a.cnl", "Publicly, to f:\n    Nothing to do.\n");
        write(&dir, "a.aur", "this file is not read\n");
        write(&dir, "b.aur", "pub fn g() {}\n");
        let (sources, program, errors) = load_path(&root);
        assert!(errors.is_empty(), "{}", rendered(&sources, &errors));
        assert_eq!(names(&program), ["main", "a", "b"]);
        assert_eq!(sources.path(program.modules[1].file), dir.join("a.cnl"));
        assert_eq!(sources.path(program.modules[2].file), dir.join("b.aur"));
    }

    #[test]
    fn missing_module_of_a_cnl_file_names_the_cnl_path() {
        let dir = scratch("cnl-missing");
        let root = write(&dir, "main.cnl", "Use nowhere.\n");
        let (sources, _, errors) = load_path(&root);
        let text = rendered(&sources, &errors);
        assert!(text.contains("nowhere.cnl"), "{text}");
    }

    #[test]
    fn load_str_resolves_modules_against_the_given_path() {
        let dir = scratch("load-str");
        write(&dir, "util.aur", "pub fn f() {}\n");
        let (sources, program, errors) =
            load_str(&dir.join("virtual.aur"), "use util\nfn main() {}\n");
        assert!(errors.is_empty(), "{}", rendered(&sources, &errors));
        assert_eq!(names(&program), ["virtual", "util"]);
    }
}
