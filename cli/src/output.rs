//! Writing generated files: atomically, only when their content changes, and never over a file
//! that aurora2rs did not generate.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use aurora_transpile::print::GENERATED_MARKER;

/// What [`write_if_changed`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Wrote,
    Unchanged,
}

/// Why a target may not be written.
#[derive(Debug)]
pub enum Refusal {
    /// The file exists and its first line lacks the `@generated` marker: someone wrote it by
    /// hand, and overwriting it would lose their work.
    NotGenerated(PathBuf),
    Io(PathBuf, io::Error),
}

/// Whether `path` may be (over)written with generated code: it does not exist, or its first
/// line carries the `@generated` marker.
pub fn check_overwrite(path: &Path) -> Result<(), Refusal> {
    match fs::read(path) {
        Ok(bytes) => {
            let first_line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
            let marker = GENERATED_MARKER.as_bytes();
            if first_line.windows(marker.len()).any(|w| w == marker) {
                Ok(())
            } else {
                Err(Refusal::NotGenerated(path.to_path_buf()))
            }
        }
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(err) => Err(Refusal::Io(path.to_path_buf(), err)),
    }
}

/// Write `content` to `path` unless the file already holds exactly that, so that timestamps
/// (and the builds that watch them) only move when something changed.
pub fn write_if_changed(path: &Path, content: &str) -> io::Result<Written> {
    match fs::read(path) {
        Ok(existing) if existing == content.as_bytes() => return Ok(Written::Unchanged),
        Ok(_) => {}
        Err(err) if err.kind() == io::ErrorKind::NotFound => {}
        Err(err) => return Err(err),
    }
    write_atomic(path, content.as_bytes())?;
    Ok(Written::Wrote)
}

/// Write through a temporary file in the same directory, then rename it over `path`: readers
/// see the old file or the new one, never half of one. The temporary is removed on failure.
pub fn write_atomic(path: &Path, content: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (tmp, mut file) = create_temp(dir, &name)?;
    let result = file
        .write_all(content)
        .and_then(|()| file.sync_all())
        .and_then(|()| {
            drop(file);
            fs::rename(&tmp, path)
        });
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// A new file `.NAME.PID-N.aurora-tmp` beside the target. `create_new` makes the name ours
/// alone; a leftover from a crashed process with the same id just moves us to the next N.
fn create_temp(dir: &Path, name: &str) -> io::Result<(PathBuf, fs::File)> {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!(".{name}.{}-{n}.aurora-tmp", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(file) => return Ok((tmp, file)),
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists && n < 1000 => continue,
            Err(err) => return Err(err),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("aurora-output-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn writes_once_then_reports_unchanged_and_leaves_no_temp_files() {
        let dir = scratch("once");
        let path = dir.join("sub/x.rs");
        assert_eq!(
            write_if_changed(&path, "// @generated\nfn a() {}\n").unwrap(),
            Written::Wrote
        );
        assert_eq!(
            write_if_changed(&path, "// @generated\nfn a() {}\n").unwrap(),
            Written::Unchanged
        );
        assert_eq!(
            write_if_changed(&path, "// @generated\nfn b() {}\n").unwrap(),
            Written::Wrote
        );
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            "// @generated\nfn b() {}\n"
        );
        let names: Vec<_> = fs::read_dir(dir.join("sub"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["x.rs"]);
    }

    #[test]
    fn only_generated_files_may_be_overwritten() {
        let dir = scratch("guard");
        let path = dir.join("x.rs");
        assert!(check_overwrite(&path).is_ok());
        fs::write(&path, "// @generated by aurora2rs from x.aur\n").unwrap();
        assert!(check_overwrite(&path).is_ok());
        fs::write(&path, "fn main() {}\n// @generated\n").unwrap();
        assert!(matches!(
            check_overwrite(&path),
            Err(Refusal::NotGenerated(_))
        ));
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let dir = scratch("fail");
        // The target is a non-empty directory, so the rename fails after the temp is written.
        let path = dir.join("x.rs");
        fs::create_dir_all(path.join("inner")).unwrap();
        assert!(write_atomic(&path, b"data").is_err());
        let names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["x.rs"]);
    }
}
