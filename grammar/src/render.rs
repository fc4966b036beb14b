//! Rendering diagnostics as text, rustc style, through annotate-snippets (rustc's own renderer).
//!
//! Each diagnostic becomes one annotate-snippets group: the title (`error: message`), one
//! snippet per file it points into (` --> path:line:col`, the source lines, carets and labels),
//! then `= help:` and `= note:` lines. A summary line closes the report, worded as rustc words
//! it (`error: aborting due to 2 previous errors; 1 warning emitted`).
//!
//! Snippets are cut to the lines the labels touch, with the snippet's first line number set to
//! match, so the line and column shown come from the byte span against the whole file and the
//! renderer never scans a large file.
//!
//! A diagnostic about a whole file rather than a place in it (a file that cannot be read) is a
//! diagnostic whose span lies in a source with no text: there is no line to show, so it prints
//! as rustc prints such errors: the message (which names the file), then its help and notes.

use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::span::SourceFile;
use crate::{Errors, FileId, Sources};

/// Every diagnostic in source order, each followed by a blank line, then the summary line.
/// Returns the empty string when there is nothing to report.
pub fn render_all(sources: &Sources, errors: &Errors, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for diag in errors.sorted() {
        out.push_str(&render_one(&renderer, sources, diag));
        out.push_str("\n\n");
    }
    if let Some(summary) = summary(errors) {
        let level = if errors.has_errors() {
            Level::ERROR
        } else {
            Level::WARNING
        };
        out.push_str(&renderer.render(&[Group::with_title(level.primary_title(summary))]));
        out.push('\n');
    }
    out
}

/// rustc's closing line: `aborting due to N previous error(s)` and/or `N warning(s) emitted`.
fn summary(errors: &Errors) -> Option<String> {
    let n_errors = errors.error_count();
    let n_warnings = errors
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    match (n_errors, n_warnings) {
        (0, 0) => None,
        (0, w) => Some(format!("{} emitted", plural(w, "warning"))),
        (e, 0) => Some(format!("aborting due to {}", plural(e, "previous error"))),
        (e, w) => Some(format!(
            "aborting due to {}; {} emitted",
            plural(e, "previous error"),
            plural(w, "warning")
        )),
    }
}

/// One diagnostic, without a trailing newline.
fn render_one(renderer: &Renderer, sources: &Sources, diag: &Diagnostic) -> String {
    let level = match diag.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let mut group = Group::with_title(level.primary_title(diag.message.as_str()));

    // Labels grouped by file, the primary's file first, then files in order of appearance.
    let mut files: Vec<FileId> = Vec::new();
    for label in std::iter::once(&diag.primary).chain(&diag.secondary) {
        if !files.contains(&label.span.file) {
            files.push(label.span.file);
        }
    }
    for file in files {
        let labels: Vec<(&Label, bool)> = std::iter::once((&diag.primary, true))
            .chain(diag.secondary.iter().map(|l| (l, false)))
            .filter(|(l, _)| l.span.file == file)
            .collect();
        group = match file_of(sources, file) {
            Some(source) if !source.text.is_empty() => group.element(snippet(source, &labels)),
            // No text to show: the message names the file (see the module doc).
            _ => group,
        };
    }

    if let Some(help) = &diag.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    for note in &diag.notes {
        group = group.element(Level::NOTE.message(note.as_str()));
    }
    renderer.render(&[group])
}

/// The lines of `source` that `labels` touch, annotated.
fn snippet<'a>(
    source: &'a SourceFile,
    labels: &[(&'a Label, bool)],
) -> Snippet<'a, annotate_snippets::Annotation<'a>> {
    let text = source.text.as_str();
    let ranges: Vec<Range<usize>> = labels
        .iter()
        .map(|(l, _)| clamp(text, l.span.range()))
        .collect();
    let lo = ranges.iter().map(|r| r.start).min().unwrap_or(0);
    let hi = ranges.iter().map(|r| r.end).max().unwrap_or(0);
    let cut_start = text[..lo].rfind('\n').map_or(0, |i| i + 1);
    let cut_end = text[hi..].find('\n').map_or(text.len(), |i| hi + i);
    let (first_line, _) = source.line_col(cut_start);

    let mut snippet = Snippet::source(&text[cut_start..cut_end])
        .line_start(first_line)
        .path(display_path(source));
    for ((label, primary), range) in labels.iter().zip(ranges) {
        let kind = if *primary {
            AnnotationKind::Primary
        } else {
            AnnotationKind::Context
        };
        let span = range.start - cut_start..range.end - cut_start;
        let mut annotation = kind.span(span);
        if !label.message.is_empty() {
            annotation = annotation.label(label.message.as_str());
        }
        snippet = snippet.annotation(annotation);
    }
    snippet
}

/// A span made safe to slice `text` with: inside it, ordered, on char boundaries. Spans come
/// from many phases; a bad one must still render rather than panic.
fn clamp(text: &str, range: Range<usize>) -> Range<usize> {
    let floor = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = floor(range.start);
    let end = floor(range.end.max(range.start));
    start..end
}

fn file_of(sources: &Sources, file: FileId) -> Option<&SourceFile> {
    ((file.0 as usize) < sources.len()).then(|| sources.get(file))
}

/// Paths print with `/` on every platform so expected diagnostics are portable.
fn display_path(source: &SourceFile) -> String {
    source.path.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Span;

    fn span(file: FileId, text: &str, needle: &str) -> Span {
        let start = text.find(needle).expect("needle in text");
        Span::new(file, start, start + needle.len())
    }

    #[test]
    fn two_errors_render_like_rustc() {
        let text = "fn main() {\n    let x = 1\n    x = y + 2\n}\n";
        let mut sources = Sources::new();
        let file = sources.add("demo/main.aur", text);
        let mut errors = Errors::new();
        // Pushed out of order: rendering sorts by position.
        errors.push(
            Diagnostic::error(span(file, text, "y"), "cannot find `y` in this scope")
                .label("not found in this scope"),
        );
        errors.push(
            Diagnostic::error(span(file, text, "x = y"), "cannot assign twice to `x`")
                .label("cannot assign to a `let` binding")
                .secondary(span(file, text, "let x"), "first bound here")
                .help("declare it with `var x` to make it mutable")
                .note("`let` bindings are immutable"),
        );
        let expected = "\
error: cannot assign twice to `x`
 --> demo/main.aur:3:5
  |
2 |     let x = 1
  |     ----- first bound here
3 |     x = y + 2
  |     ^^^^^ cannot assign to a `let` binding
  |
  = help: declare it with `var x` to make it mutable
  = note: `let` bindings are immutable

error: cannot find `y` in this scope
 --> demo/main.aur:3:9
  |
3 |     x = y + 2
  |         ^ not found in this scope

error: aborting due to 2 previous errors
";
        assert_eq!(render_all(&sources, &errors, false), expected);
    }

    #[test]
    fn columns_count_chars_and_follow_the_whole_file() {
        let text = "// héllo wörld\nlet s = \"ü\" + oops\n";
        let mut sources = Sources::new();
        let file = sources.add("u.aur", text);
        let at = span(file, text, "oops");
        let (line, col) = sources.get(file).line_col(at.start as usize);
        let mut errors = Errors::new();
        errors.push(Diagnostic::error(at, "unknown name"));
        let out = render_all(&sources, &errors, false);
        assert!(out.contains(&format!(" --> u.aur:{line}:{col}\n")), "{out}");
        assert_eq!((line, col), (2, 15));
        assert!(
            out.contains("2 | let s = \"ü\" + oops\n  |               ^^^^\n"),
            "{out}"
        );
    }

    #[test]
    fn warnings_only_and_mixed_summaries() {
        let text = "let a = 1\n";
        let mut sources = Sources::new();
        let file = sources.add("w.aur", text);
        let mut errors = Errors::new();
        errors.push(Diagnostic::warning(
            span(file, text, "a"),
            "unused variable `a`",
        ));
        let out = render_all(&sources, &errors, false);
        assert!(
            out.starts_with("warning: unused variable `a`\n --> w.aur:1:5\n"),
            "{out}"
        );
        assert!(out.ends_with("\n\nwarning: 1 warning emitted\n"), "{out}");

        errors.push(Diagnostic::error(span(file, text, "1"), "bad"));
        let out = render_all(&sources, &errors, false);
        assert!(
            out.ends_with("error: aborting due to 1 previous error; 1 warning emitted\n"),
            "{out}"
        );
        assert_eq!(render_all(&sources, &Errors::new(), false), "");
    }

    #[test]
    fn empty_file_shows_only_the_path_and_bad_spans_do_not_panic() {
        let mut sources = Sources::new();
        let missing = sources.add("gone.aur", "");
        let text = "é\n";
        let file = sources.add("x.aur", text);
        let mut errors = Errors::new();
        errors.push(Diagnostic::error(
            Span::new(missing, 0, 0),
            "cannot read `gone.aur`",
        ));
        // Out of range, reversed, and mid-character spans; an unknown file id.
        errors.push(Diagnostic::error(Span::new(file, 50, 60), "past the end"));
        errors.push(Diagnostic::error(Span::new(file, 1, 0), "inside a char"));
        errors.push(Diagnostic::error(
            Span::new(FileId(9), 0, 1),
            "no such file",
        ));
        let out = render_all(&sources, &errors, false);
        assert!(
            out.starts_with("error: cannot read `gone.aur`\n\n"),
            "{out}"
        );
        assert!(out.contains("error: no such file\n\n"), "{out}");
        assert!(
            out.contains("error: aborting due to 4 previous errors\n"),
            "{out}"
        );
    }

    #[test]
    fn color_adds_ansi_and_plain_has_none() {
        let text = "x\n";
        let mut sources = Sources::new();
        let file = sources.add("c.aur", text);
        let mut errors = Errors::new();
        errors.push(Diagnostic::error(Span::new(file, 0, 1), "bad"));
        assert!(render_all(&sources, &errors, true).contains('\u{1b}'));
        assert!(!render_all(&sources, &errors, false).contains('\u{1b}'));
    }

    #[test]
    fn tabs_count_as_one_column_and_labels_in_other_files_get_their_own_snippet() {
        let main = "fn main() {\n\tx = y\n}\n";
        let lib = "pub fn y() {}\n";
        let mut sources = Sources::new();
        let m = sources.add("main.aur", main);
        let l = sources.add("lib.aur", lib);
        let mut errors = Errors::new();
        errors.push(
            Diagnostic::error(span(m, main, "y"), "not a value")
                .label("a function")
                .secondary(span(l, lib, "y"), "defined here"),
        );
        let out = render_all(&sources, &errors, false);
        let (line, col) = sources.get(m).line_col(span(m, main, "y").start as usize);
        assert_eq!((line, col), (2, 6));
        assert!(out.contains(" --> main.aur:2:6\n"), "{out}");
        assert!(out.contains("\n ::: lib.aur:1:8\n"), "{out}");
        assert!(
            out.contains("1 | pub fn y() {}\n  |        - defined here\n"),
            "{out}"
        );
    }
}
