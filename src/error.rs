//! The builder's error: what failed, as the text a person reads.

use std::fmt;
use std::path::PathBuf;

/// What kind of failure an [`Error`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The Aurora sources have errors; the message holds the rendered diagnostics.
    Diagnostics,
    /// Check mode found generated files that differ from what the sources generate (or are
    /// missing); [`Error::stale_files`] lists them.
    Stale,
    /// A target exists and was not generated (its first line lacks `@generated`), or is an
    /// Aurora source; nothing was written.
    Refused,
    /// Two programs would write the same file with different content, or share a name.
    Conflict,
    /// No output directory: `OUT_DIR` is unset (not in a build script) and none was given.
    NoOutDir,
    /// A directory to compile holds no `.aur` or `.cnl` files, or could not be read.
    NoSources,
    /// Reading or writing a file failed.
    Io,
}

/// Why [`Config::compile`](crate::Config::compile) (or a sibling) failed.
///
/// `Display` is the full text: the rendered diagnostics (`file:line:col` and the source
/// snippet, plain text), or the list of stale files. The builder has already printed that
/// text to stderr, where `cargo build` shows it, so `Debug` (what `.unwrap()` and a
/// `main` returning `Result` print) is a one-line summary instead of a second copy.
pub struct Error {
    kind: ErrorKind,
    message: String,
    summary: String,
    stale: Vec<PathBuf>,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: String, summary: String) -> Error {
        Error {
            kind,
            message,
            summary,
            stale: Vec::new(),
        }
    }

    pub(crate) fn stale(message: String, summary: String, stale: Vec<PathBuf>) -> Error {
        Error {
            kind: ErrorKind::Stale,
            message,
            summary,
            stale,
        }
    }

    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The full text (the same as `Display`).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// In check mode, the generated files that are missing or out of date.
    pub fn stale_files(&self) -> &[PathBuf] {
        &self.stale
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message.trim_end())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.summary)
    }
}

impl std::error::Error for Error {}
