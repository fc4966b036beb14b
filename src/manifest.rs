//! `aurora-manifest.json`: what a run generated, for tools (editors, source-map builders) that
//! need to know which `.rs` came from which `.aur` without parsing headers.
//!
//! Written by hand rather than with serde, to keep the build-dependency lean. The first line
//! carries the `@generated` marker, like every file the builder writes, so the same rules
//! (overwrite only generated files, write only on change, check mode) apply to it.

use std::fmt::Write;
use std::path::Path;

use crate::config::Report;
use crate::header::VERSION;

/// The manifest of `report`; generated-file paths are relative to `out_dir`.
pub fn json(report: &Report, out_dir: &Path) -> String {
    let rel = |p: &Path| string(&p.strip_prefix(out_dir).unwrap_or(p).to_string_lossy());
    let src = |p: &Path| string(&p.to_string_lossy());
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{{\"@generated\": \"by the aurora {VERSION} build script. Do not edit.\","
    );
    let _ = writeln!(out, "  \"version\": {},", string(VERSION));
    out.push_str("  \"programs\": [");
    for (i, p) in report.programs.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        let _ = write!(
            out,
            "    {{\"name\": {}, \"source\": {}, \"file\": {}, \"modules\": [",
            string(&p.name),
            src(&p.source),
            rel(&p.file)
        );
        for (j, m) in p.modules.iter().enumerate() {
            if j > 0 {
                out.push_str(", ");
            }
            let _ = write!(
                out,
                "{{\"source\": {}, \"file\": {}}}",
                src(&m.source),
                rel(&m.file)
            );
        }
        out.push_str("]}");
    }
    out.push_str("\n  ],\n  \"inputs\": [");
    let inputs: Vec<String> = report.inputs.iter().map(|p| src(p)).collect();
    out.push_str(&inputs.join(", "));
    out.push_str("]\n}\n");
    out
}

/// A JSON string literal.
fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped() {
        assert_eq!(string("a\"b\\c\n\u{1}é"), "\"a\\\"b\\\\c\\n\\u0001é\"");
    }
}
