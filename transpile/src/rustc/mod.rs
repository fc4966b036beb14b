//! rustc's verdict on the generated Rust, told in Aurora's terms (issue 6).
//!
//! Aurora leaves part of its thread-safety rules to rustc (docs/language.md §17): the generated
//! code is written so that a program breaking them does not compile. This module turns rustc's
//! JSON diagnostics about such code into Aurora diagnostics: each is placed at the `.aur` span
//! the source map gives for rustc's span ([`Locate`]), and the errors that Aurora's rules
//! produce are rewritten in Aurora's words with a help line that gives the fix
//! (`explain.rs`, one rule per kind of error). An error no rule covers is still reported at its
//! `.aur` place, as rustc's, with rustc's message attached; one whose place the map does not
//! know is reported at the start of the root file and says so.
//!
//! Warnings are left out: rustc's lints on generated code are the transpiler's business (the
//! golden suite keeps generated code free of them), and Aurora's own checker already warns
//! about the program (unused names). They are only counted.

mod explain;
pub mod json;
pub mod types;

use aurora_grammar::{Diagnostic, Errors, FileId, Sources, Span};

/// Where a span of the generated Rust came from. `file` is the path as rustc reports it
/// (e.g. `src/main.rs`, `src/geometry.rs`); lines and columns are 1-based, columns in chars
/// (rustc's JSON `line_start`/`column_start`/`line_end`/`column_end`).
pub trait Locate {
    fn locate(
        &self,
        file: &str,
        start: (u32, u32),
        end: (u32, u32),
    ) -> Option<aurora_grammar::Span>;
}

/// What [`explain`] made of rustc's output.
#[derive(Debug, Clone, Default)]
pub struct Explained {
    /// One per rustc error, in rustc's order.
    pub items: Vec<Explanation>,
    pub counts: Counts,
}

/// One rustc error as an Aurora diagnostic.
#[derive(Debug, Clone)]
pub struct Explanation {
    pub diagnostic: Diagnostic,
    /// rustc's error code (`E0277`), if it had one.
    pub code: Option<String>,
    /// The rule that rewrote it in Aurora terms (`local_to_task`, ...), or `None` when no rule
    /// covers it and the diagnostic carries rustc's own message.
    pub rule: Option<&'static str>,
    /// Whether its primary span was traced to the `.aur` source; when not, the diagnostic
    /// points at the start of the root file and says so.
    pub mapped: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// rustc errors seen (repeats of one error at one place counted once).
    pub errors: usize,
    /// Of those, how many have a primary span the source map traced to the `.aur` source.
    pub mapped: usize,
    /// Of the errors (mapped or not), how many a rule rewrote in Aurora terms.
    pub rewritten: usize,
    /// rustc warnings seen and left out.
    pub warnings: usize,
}

impl Explained {
    /// The diagnostics, to render with `aurora_grammar::diagnostic::render_all` against the
    /// same `Sources`.
    pub fn errors(&self) -> Errors {
        let mut errors = Errors::new();
        for item in &self.items {
            errors.push(item.diagnostic.clone());
        }
        errors
    }
}

/// Read cargo's `--message-format=json` output (or bare rustc `--error-format=json` lines)
/// and explain each rustc error against the program's `sources`, through `locate` (the source
/// maps of the generated files). Unmapped errors point at the start of file 0 of `sources`
/// (the root file), so `sources` should not be empty. Never panics on odd input: a line that
/// is not a diagnostic is skipped.
pub fn explain(cargo_json: &str, locate: &dyn Locate, sources: &Sources) -> Explained {
    let mut out = Explained::default();
    let mut seen = Vec::new();
    let messages = json::parse_messages(cargo_json);
    let moved = explain::moved_while_borrowed(&messages);
    let bounds = explain::missing_bounds(&messages);
    for msg in &messages {
        if msg.level == "warning" {
            out.counts.warnings += 1;
            continue;
        }
        if !msg.level.starts_with("error") || msg.message.starts_with("aborting due to") {
            continue;
        }
        let key = (
            msg.code().map(str::to_string),
            msg.message.clone(),
            msg.primary().map(json::RSpan::place),
        );
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        let item = explain_one(msg, locate, sources, &moved, &bounds);
        out.counts.errors += 1;
        out.counts.mapped += usize::from(item.mapped);
        out.counts.rewritten += usize::from(item.rule.is_some());
        out.items.push(item);
    }
    out
}

fn explain_one(
    msg: &json::Message,
    locate: &dyn Locate,
    sources: &Sources,
    moved: &[String],
    bounds: &[(String, &'static str)],
) -> Explanation {
    let primary = msg
        .spans
        .iter()
        .filter(|s| s.is_primary)
        .find_map(|s| map_span(s, locate, sources));
    let cx = explain::Cx {
        primary,
        sources,
        moved_while_borrowed: moved,
        missing_bounds: bounds,
        locate,
    };
    let rewrite = explain::rewrite(msg, &cx);
    let preferred = rewrite
        .as_ref()
        .and_then(|r| r.prefer.as_ref())
        .and_then(|s| map_span(s, locate, sources));
    let primary = preferred.or(primary);
    let span = primary.unwrap_or_else(|| Span::new(FileId(0), 0, 0));
    let mut diag = match &rewrite {
        Some(r) => {
            let mut d = Diagnostic::error(span, &r.message).label(&r.label);
            for (rspan, label) in &r.secondary {
                if let Some(s) = map_span(rspan, locate, sources) {
                    let dup = (s == span && label == &r.label)
                        || d.secondary
                            .iter()
                            .any(|l| l.span == s && &l.message == label);
                    if !dup {
                        d = d.secondary(s, label);
                    }
                }
            }
            if let Some(h) = &r.help {
                d = d.help(h);
            }
            for n in &r.notes {
                d = d.note(n);
            }
            d
        }
        None => explain::unexplained(msg, span),
    };
    if primary.is_none() {
        let place = msg
            .primary()
            .map(|s| format!("rustc reported it at {}", s.place()))
            .unwrap_or_else(|| "rustc gave it no place".to_string());
        diag.message = format!("{} (not traced to the Aurora source)", diag.message);
        diag.primary.message = "unmapped: the error's place in the Aurora source is unknown".into();
        diag = diag.note(format!("{place}, which the source map does not cover"));
    }
    Explanation {
        diagnostic: diag,
        code: msg.code().map(str::to_string),
        rule: rewrite.map(|r| r.rule),
        mapped: primary.is_some(),
    }
}

/// The `.aur` span of a rustc span, or of the macro call it was expanded from.
fn map_span(span: &json::RSpan, locate: &dyn Locate, sources: &Sources) -> Option<Span> {
    let mut cur = Some(span);
    // Expansion chains are short; the bound only guards against odd input.
    for _ in 0..32 {
        let s = cur?;
        if let Some(found) = locate.locate(
            &s.file_name,
            (s.line_start, s.column_start),
            (s.line_end, s.column_end),
        ) {
            // A span into a file the program does not have cannot be shown.
            return ((found.file.0 as usize) < sources.len()).then_some(found);
        }
        cur = s.expansion.as_deref().map(|e| &e.span);
    }
    None
}
