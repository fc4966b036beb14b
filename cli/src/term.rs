//! What the CLI says on stderr: colour choice, its own error lines, and rendered diagnostics.

use std::io::IsTerminal;

use aurora_grammar::{Errors, Sources};

/// `--color`: whether diagnostics carry ANSI styling.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    pub fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            // https://no-color.org: any non-empty NO_COLOR turns colour off.
            ColorChoice::Auto => {
                std::io::stderr().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

/// Prints the CLI's own messages (I/O failures, refusals) in the shape of rustc's diagnostics,
/// and the transpiler's rendered diagnostics.
#[derive(Debug, Clone, Copy)]
pub struct Term {
    pub color: bool,
}

impl Term {
    /// `error: message`, then one `  = help: ...` line per entry of `help`.
    pub fn error(&self, message: impl std::fmt::Display, help: &[&str]) {
        self.error_with_notes(message, &[], help);
    }

    /// `error: message`, then `  = note: ...` lines, then `  = help: ...` lines.
    pub fn error_with_notes(&self, message: impl std::fmt::Display, notes: &[&str], help: &[&str]) {
        eprintln!("{}", self.headline("error", "91", &message.to_string()));
        for line in notes {
            eprintln!("  {} {line}", self.paint("= note:", "1"));
        }
        for line in help {
            eprintln!("  {} {line}", self.paint("= help:", "1"));
        }
    }

    /// `note: message`.
    pub fn note(&self, message: impl std::fmt::Display) {
        eprintln!("{}", self.headline("note", "92", &message.to_string()));
    }

    /// A progress line such as `wrote x.rs` (cargo puts these on stderr too).
    pub fn status(&self, verb: &str, what: impl std::fmt::Display) {
        eprintln!("{} {what}", self.paint(verb, "1;32"));
    }

    /// Rendered diagnostics (errors and warnings) with their summary line; nothing when empty.
    pub fn diagnostics(&self, sources: &Sources, errors: &Errors) {
        if !errors.is_empty() {
            eprint!(
                "{}",
                aurora_grammar::diagnostic::render_all(sources, errors, self.color)
            );
        }
    }

    fn headline(&self, level: &str, sgr: &str, message: &str) -> String {
        if self.color {
            format!("\x1b[1;{sgr}m{level}\x1b[0m\x1b[1m: {message}\x1b[0m")
        } else {
            format!("{level}: {message}")
        }
    }

    fn paint(&self, text: &str, sgr: &str) -> String {
        if self.color {
            format!("\x1b[{sgr}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}
