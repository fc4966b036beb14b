//! Compiling the generated Rust and reporting rustc's verdict in Aurora's terms.
//!
//! `check`, `run` and `build --check` all come here: the program's modules are written into
//! its cached project ([`crate::project`]), cargo compiles them with rustc's diagnostics as
//! JSON, and each diagnostic is mapped through the modules' source maps to the `.aur` span
//! and explained ([`aurora_transpile::rustc`]).

use std::path::Path;

use aurora_grammar::Span;
use aurora_transpile::rustc::Locate;
use aurora_transpile::Transpiled;

use crate::project::{self, Cargo, Project};
use crate::term::Term;

/// Compile `done` (transpiled from `file` with source maps). `Ok` holds the project when rustc
/// accepted the code (still locked; drop it to let others build); `Err` when it did not, its
/// errors already printed.
pub fn compile(file: &Path, done: &Transpiled, how: Cargo, term: Term) -> Result<Project, ()> {
    let project = project::prepare(file, done, term)?;
    let output = project.cargo(how, term)?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let maps = Maps {
        project: &project,
        done,
    };
    let errors = aurora_transpile::rustc::explain(&stdout, &maps, &done.sources).errors();
    term.diagnostics(&done.sources, &errors);
    if output.status.success() {
        return Ok(project);
    }
    if !errors.has_errors() {
        // Cargo failed before or after rustc had its say (a missing toolchain, a dependency
        // that does not build, the linker): its own words are all there is.
        eprint!("{}", String::from_utf8_lossy(&output.stderr));
        term.error_with_notes(
            format!(
                "the Rust generated from `{}` failed to compile",
                file.display()
            ),
            &[&format!("cargo ran in `{}`", project.dir.display())],
            &[&format!(
                "see the generated Rust with `aurora2rs emit {}`",
                file.display()
            )],
        );
    }
    Err(())
}

/// Where rustc's spans in the project's files came from.
struct Maps<'a> {
    project: &'a Project,
    done: &'a Transpiled,
}

impl Locate for Maps<'_> {
    fn locate(&self, file: &str, start: (u32, u32), end: (u32, u32)) -> Option<Span> {
        let file = file.replace('\\', "/");
        let index =
            self.project.files.iter().position(|f| {
                file == *f || Path::new(&file) == self.project.dir.join(f).as_path()
            })?;
        let map = self.done.modules.get(index)?.map.as_ref()?;
        map.locate(start.into(), end.into())
    }
}
