//! Rust syntax tree -> formatted text with the `@generated` header.
//!
//! prettyplease lays the code out; it is close to rustfmt but not identical (rustfmt's width
//! heuristics break calls, arrays, chains and `if`/`else` differently). Generated files must
//! pass `rustfmt --check` unchanged, so [`print()`] then runs the text through `rustfmt` (default
//! configuration, edition 2021) when a `rustfmt` is installed, and keeps prettyplease's text
//! when none is, or when rustfmt fails. [`print_unformatted`] is prettyplease alone (for the
//! throughput benchmark's floor comparison).

mod select;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// The marker every generated file starts with; `aurora2rs build` refuses to overwrite a file
/// whose first line lacks it.
pub const GENERATED_MARKER: &str = "@generated";

/// Print `file` under a header naming `source`, formatted as rustfmt formats it.
pub fn print(file: &syn::File, source: &Path) -> String {
    let text = print_unformatted(file, source);
    rustfmt(&text).unwrap_or(text)
}

/// Print `file` with prettyplease only.
pub fn print_unformatted(file: &syn::File, source: &Path) -> String {
    let mut out = header(source);
    out.push_str(&space_items(&select::layout(&prettyplease::unparse(file))));
    out
}

/// Blank lines between items, as people write them (prettyplease puts none; rustfmt keeps
/// what it is given): after every top-level item that ends with `}`, between groups of
/// one-line items (`mod`, `use`, `const`), and between the functions of an `impl` or `mod`.
fn space_items(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut in_container = false;
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        out.push('\n');
        let Some(next) = lines.get(i + 1) else {
            continue;
        };
        if !line.starts_with(' ')
            && line.ends_with('{')
            && (line.starts_with("impl") || line.contains("mod "))
        {
            in_container = true;
        }
        let top_level = !line.starts_with(' ') && !line.is_empty();
        let blank = if top_level && *line == "}" {
            in_container = false;
            true
        } else if top_level && line.ends_with(';') {
            group(line) != group(next)
        } else if in_container && line.starts_with("    ") && !line.starts_with("     ") {
            let item_end =
                *line == "    }" || (line.ends_with(';') && group(line.trim_start()) != 0);
            let next_item =
                next.starts_with("    ") && !next.starts_with("     ") && *next != "    }";
            item_end && next_item && group(line.trim_start()) != group(next.trim_start())
                || *line == "    }" && next_item
        } else {
            false
        };
        if blank && !next.is_empty() {
            out.push('\n');
        }
    }
    out
}

/// Which run of one-line items a line belongs to (runs of the same group stay together).
fn group(line: &str) -> u8 {
    let line = line.strip_prefix("pub ").unwrap_or(line);
    if line.starts_with("mod ") {
        1
    } else if line.starts_with("use ") {
        2
    } else if line.starts_with("const ") {
        3
    } else if line.starts_with("static ") {
        4
    } else {
        0
    }
}

/// The header line(s) for a file generated from `source`.
pub fn header(source: &Path) -> String {
    // `/` separators on every platform, so headers (and goldens) are stable.
    let name = source.to_string_lossy().replace('\\', "/");
    let surface = if source.extension().is_some_and(|e| e == "cnl") {
        "CNL"
    } else {
        ".aur"
    };
    format!(
        "// {GENERATED_MARKER} by aurora2rs from {name}. Do not edit: edit the {surface} source.\n\n"
    )
}

/// `text` formatted by rustfmt, or `None` when rustfmt is not installed or fails.
pub fn rustfmt(text: &str) -> Option<String> {
    static AVAILABLE: OnceLock<bool> = OnceLock::new();
    let available = *AVAILABLE.get_or_init(|| {
        Command::new("rustfmt")
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    });
    if !available {
        return None;
    }
    // Run from the temp directory so no project's rustfmt.toml changes the layout: generated
    // code is always in rustfmt's default style.
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2021", "--emit", "stdout", "--quiet"])
        .current_dir(std::env::temp_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let mut stdin = child.stdin.take()?;
    let input = text.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().ok()?;
    writer.join().ok()?.ok()?;
    if !output.status.success() {
        return None;
    }
    String::from_utf8(output.stdout)
        .ok()
        .filter(|s| !s.trim().is_empty())
}
