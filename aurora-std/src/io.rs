//! Program I/O helpers behind Aurora's built-in `args()` and `read_file(path)`.

/// The program's command-line arguments, without the program name.
pub fn args() -> Vec<String> {
    std::env::args().skip(1).collect()
}

/// Read a whole UTF-8 file; the error is a message naming the path.
pub fn read_file(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_file_reads_text_and_names_the_path_on_error() {
        let path = std::env::temp_dir().join(format!("aurora-std-io-{}.txt", std::process::id()));
        std::fs::write(&path, "one\ntwo\n").unwrap();
        let p = path.to_str().unwrap();
        assert_eq!(read_file(p).unwrap(), "one\ntwo\n");
        std::fs::remove_file(&path).unwrap();
        let err = read_file(p).unwrap_err();
        assert!(err.starts_with(&format!("cannot read {p}: ")), "{err}");
    }
}
