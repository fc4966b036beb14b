//! Finding Aurora sources in a directory, and telling files apart.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Every `.aur` file under `dir`, recursively, sorted; hidden directories and `target` are
/// skipped (as `aurora2rs build DIR` does).
pub fn sources(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    walk(dir, &mut files)?;
    files.sort();
    Ok(files)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if entry.file_type()?.is_dir() {
            if !name.starts_with('.') && name != "target" {
                walk(&path, files)?;
            }
        } else if path.extension().is_some_and(|e| e == "aur") {
            files.push(path);
        }
    }
    Ok(())
}

/// A file's identity: its canonical path when it exists.
pub fn identity(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}
