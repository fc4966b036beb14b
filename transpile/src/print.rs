//! Rust syntax tree -> formatted text with the `@generated` header.

use std::path::Path;

/// The marker every generated file starts with; `aurora2rs build` refuses to overwrite a file
/// whose first line lacks it.
pub const GENERATED_MARKER: &str = "@generated";

/// Print `file` with prettyplease under a header naming `source`.
pub fn print(file: &syn::File, source: &Path) -> String {
    let mut out = header(source);
    out.push_str(&prettyplease::unparse(file));
    out
}

/// The header line(s) for a file generated from `source`.
pub fn header(source: &Path) -> String {
    // `/` separators on every platform, so headers (and goldens) are stable.
    let name = source.to_string_lossy().replace('\\', "/");
    format!("// {GENERATED_MARKER} by aurora2rs from {name}. Do not edit: edit the .aur source.\n\n")
}
