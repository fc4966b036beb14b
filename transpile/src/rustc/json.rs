//! rustc's JSON diagnostics (`--error-format=json`), as cargo relays them with
//! `--message-format=json`: one JSON object per line, `{"reason":"compiler-message",
//! "message":{..}}` around each diagnostic. Bare rustc lines (the diagnostic object itself) are
//! accepted too.
//!
//! Every field defaults, so a rustc that adds or drops a field still parses; a line that is not
//! a diagnostic (cargo's `compiler-artifact`, plain text) is skipped.

use serde::Deserialize;

/// One diagnostic, or one of its children (a `note`, a `help`).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct Message {
    pub message: String,
    pub code: Option<Code>,
    /// `error`, `warning`, `note`, `help`, `failure-note`, `error: internal compiler error`.
    pub level: String,
    pub spans: Vec<RSpan>,
    pub children: Vec<Message>,
    pub rendered: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct Code {
    /// `E0277`, or a lint's name (`unused_variables`).
    pub code: String,
}

/// A span of rustc's, in the generated Rust (or in a library it uses).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct RSpan {
    pub file_name: String,
    pub line_start: u32,
    pub line_end: u32,
    /// 1-based, in chars.
    pub column_start: u32,
    pub column_end: u32,
    pub is_primary: bool,
    pub label: Option<String>,
    /// The source lines the span covers, as rustc read them.
    pub text: Vec<SpanLine>,
    pub suggested_replacement: Option<String>,
    /// Set when the span is inside a macro's expansion: where the macro was called.
    pub expansion: Option<Box<Expansion>>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct SpanLine {
    pub text: String,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct Expansion {
    pub span: RSpan,
    pub macro_decl_name: String,
}

impl Message {
    /// The error code (`E0277`), if any.
    pub fn code(&self) -> Option<&str> {
        self.code.as_ref().map(|c| c.code.as_str())
    }

    /// This message and all its children, depth first.
    pub fn all(&self) -> Vec<&Message> {
        let mut out = vec![self];
        for c in &self.children {
            out.extend(c.all());
        }
        out
    }

    /// Every span of this message and its children.
    pub fn all_spans(&self) -> impl Iterator<Item = &RSpan> {
        self.all().into_iter().flat_map(|m| m.spans.iter())
    }

    /// The first primary span of the message itself.
    pub fn primary(&self) -> Option<&RSpan> {
        self.spans.iter().find(|s| s.is_primary)
    }
}

impl RSpan {
    /// The span's source lines joined, for recognising the generated construct it is in.
    pub fn lines(&self) -> String {
        self.text
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// `src/main.rs:8:42`, how rustc names the place.
    pub fn place(&self) -> String {
        format!(
            "{}:{}:{}",
            self.file_name, self.line_start, self.column_start
        )
    }
}

/// The diagnostics in cargo's (or rustc's) JSON output, in order. Lines that are not
/// diagnostics, or not JSON, are skipped.
pub fn parse_messages(output: &str) -> Vec<Message> {
    output.lines().filter_map(parse_line).collect()
}

fn parse_line(line: &str) -> Option<Message> {
    let line = line.trim();
    if !line.starts_with('{') {
        return None;
    }
    let value: serde_json::Value = serde_json::from_str(line).ok()?;
    let obj = value.as_object()?;
    let diag = match obj.get("reason").and_then(|r| r.as_str()) {
        Some("compiler-message") => obj.get("message")?.clone(),
        Some(_) => return None,
        // Bare rustc output: the diagnostic itself.
        None if obj.contains_key("level") && obj.contains_key("message") => value,
        None => return None,
    };
    serde_json::from_value(diag).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cargo_lines_and_bare_lines() {
        let text = r#"{"reason":"compiler-artifact","package_id":"x"}
not json at all
{"reason":"compiler-message","message":{"message":"oops","code":{"code":"E0499","explanation":null},"level":"error","spans":[{"file_name":"src/main.rs","line_start":3,"line_end":3,"column_start":5,"column_end":9,"is_primary":true,"label":"here","text":[{"text":"    abcd","highlight_start":5,"highlight_end":9}],"expansion":null}],"children":[],"rendered":"error"}}
{"message":"bare","level":"warning","spans":[],"children":[],"code":null}
{"reason":"build-finished","success":false}
{"reason":"compiler-message","message":{"message":7}}
{"#;
        let msgs = parse_messages(text);
        assert_eq!(msgs.len(), 2);
        assert_eq!(msgs[0].code(), Some("E0499"));
        let span = msgs[0].primary().unwrap();
        assert_eq!((span.line_start, span.column_start), (3, 5));
        assert_eq!(span.label.as_deref(), Some("here"));
        assert_eq!(span.lines(), "    abcd");
        assert_eq!(msgs[1].level, "warning");
        assert_eq!(msgs[1].code(), None);
    }

    #[test]
    fn missing_fields_default() {
        let msgs = parse_messages(r#"{"message":"m","level":"error"}"#);
        assert_eq!(msgs.len(), 1);
        assert!(msgs[0].spans.is_empty());
        assert!(msgs[0].primary().is_none());
    }
}
