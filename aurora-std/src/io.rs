//! Program I/O helpers behind Aurora's built-in `args()` and `read_file(path)`.

/// The program's command-line arguments, without the program name.
pub fn args() -> Vec<String> {
    std::env::args().skip(1).collect()
}

/// Read a whole UTF-8 file; the error is a message naming the path.
pub fn read_file(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))
}
