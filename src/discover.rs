//! Finding Aurora sources in a directory, and telling files apart.

use std::path::{Path, PathBuf};

/// The Aurora sources under `dir`: the same rule as `aurora2rs build DIR` (one function serves
/// both).
pub use aurora_transpile::load::find_sources as sources;

/// A file's identity: its canonical path when it exists.
pub fn identity(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}
