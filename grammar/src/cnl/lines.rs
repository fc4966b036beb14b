//! The layout pre-pass: source text -> logical lines with their indentation -> a tree of
//! sentences, where a sentence's children are the more-indented lines after it (its block).
//!
//! A logical line continues onto the next physical line while a `(`, `[` or `{` is open (outside
//! strings), so long lists and `.aur` blocks used inside a sentence may span lines. `//` starts a
//! comment outside strings. Blank and comment-only lines do not count for indentation.

use std::ops::Range;

use crate::{Diagnostic, Errors, FileId, Span};

/// Deeper bracket nesting than this is rejected up front (as the `.aur` parser does).
const MAX_NESTING: usize = 200;
/// Deeper block nesting than this is rejected, so building the AST never recurses too deeply.
const MAX_BLOCKS: usize = 100;

#[derive(Debug, Clone)]
pub(super) struct Line {
    /// Columns of leading spaces.
    pub indent: usize,
    /// Byte range of the sentence body: from its first character up to (not including) the
    /// terminator, or to the end of the content when there is no terminator.
    pub start: usize,
    pub end: usize,
    /// `.` or `:` when the line ends with one, and its offset.
    pub term: Option<(u8, usize)>,
}

#[derive(Debug, Clone)]
pub(super) struct Node {
    pub line: Line,
    pub children: Vec<Node>,
}

impl Node {
    /// Offset just past the last character of this sentence and its block.
    pub fn end(&self) -> usize {
        match self.children.last() {
            Some(c) => c.end(),
            None => self.line.term.map_or(self.line.end, |(_, at)| at + 1),
        }
    }
}

pub(super) struct Scanned {
    pub lines: Vec<Line>,
    pub comments: Vec<Range<usize>>,
    pub too_deep: Option<usize>,
}

pub(super) fn scan(text: &str, from: usize, file: FileId, errors: &mut Errors) -> Scanned {
    let b = text.as_bytes();
    let mut lines = Vec::new();
    let mut comments = Vec::new();
    let mut too_deep = None;
    let mut pos = from;
    while pos < b.len() {
        // Indentation of this physical line.
        let line_start = pos;
        let mut indent = 0;
        while pos < b.len() && (b[pos] == b' ' || b[pos] == b'\t' || b[pos] == b'\r') {
            if b[pos] == b'\t' {
                errors.push(
                    Diagnostic::error(Span::new(file, pos, pos + 1), "a tab in the indentation")
                        .label("indent with spaces")
                        .help("CNL blocks are indented with spaces (4 per level by convention)"),
                );
            }
            if b[pos] == b' ' || b[pos] == b'\t' {
                indent += 1;
            }
            pos += 1;
        }
        let _ = line_start;
        let start = pos;
        // The logical line: up to a newline outside brackets.
        let mut depth = 0usize;
        let mut content_end = pos;
        while pos < b.len() {
            match b[pos] {
                b'\n' if depth == 0 => break,
                b'"' => {
                    pos += 1;
                    while pos < b.len() && b[pos] != b'"' && b[pos] != b'\n' {
                        pos += if b[pos] == b'\\' { 2 } else { 1 };
                    }
                    pos = (pos + 1).min(b.len());
                    content_end = pos;
                    continue;
                }
                b'\'' => {
                    if let Some(len) = char_literal(&b[pos..]) {
                        pos += len;
                        content_end = pos;
                        continue;
                    }
                }
                b'/' if b.get(pos + 1) == Some(&b'/') => {
                    let end = text[pos..].find('\n').map_or(b.len(), |i| pos + i);
                    comments.push(pos..end.min(b.len()));
                    pos = end;
                    continue;
                }
                b'(' | b'[' | b'{' => {
                    depth += 1;
                    if depth > MAX_NESTING && too_deep.is_none() {
                        too_deep = Some(pos);
                    }
                }
                b')' | b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
            if !b[pos].is_ascii_whitespace() {
                content_end = pos + 1;
            }
            pos += 1;
        }
        // Past the newline.
        pos = (pos + 1).min(b.len().max(pos));
        if content_end <= start {
            continue;
        }
        // Content ends on a char boundary: it is just past a non-whitespace byte that began a
        // character or ended one, because the scan only stops after whole ASCII bytes or at the
        // end of a multi-byte character's last byte.
        let mut end = content_end;
        while end < text.len() && !text.is_char_boundary(end) {
            end += 1;
        }
        let term = match b[end - 1] {
            c @ (b'.' | b':') => Some((c, end - 1)),
            _ => None,
        };
        let body_end = if term.is_some() { end - 1 } else { end };
        lines.push(Line {
            indent,
            start,
            end: body_end,
            term,
        });
    }
    Scanned {
        lines,
        comments,
        too_deep,
    }
}

/// The length of a char literal at the start of `b` (`'a'`, `'\n'`, `'\u{41}'`, `'é'`), if any.
fn char_literal(b: &[u8]) -> Option<usize> {
    let mut i = 1;
    match b.get(i)? {
        b'\\' => {
            i += 1;
            if b.get(i) == Some(&b'u') {
                while i < b.len() && b[i] != b'}' && b[i] != b'\'' && b[i] != b'\n' {
                    i += 1;
                }
                if b.get(i) == Some(&b'}') {
                    i += 1;
                }
            } else {
                i += 1;
            }
        }
        b'\'' | b'\n' => return None,
        first => {
            let width = match first {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0..=0xF7 => 4,
                _ => 1,
            };
            i += width;
        }
    }
    (b.get(i) == Some(&b'\'')).then_some(i + 1)
}

/// Group lines into blocks by indentation.
pub(super) fn tree(lines: &[Line], file: FileId, errors: &mut Errors) -> Vec<Node> {
    let mut i = 0;
    let mut out = Vec::new();
    while i < lines.len() {
        // Everything is read at the top level: a stray indented first line is reported and then
        // taken as if it were not indented.
        let before = i;
        out.extend(block(lines, &mut i, 0, 0, file, errors));
        if i == before {
            let l = &lines[i];
            errors.push(
                Diagnostic::error(Span::new(file, l.start, l.start), "unexpected indentation")
                    .label("this line is indented, but no sentence ending with `:` comes before it")
                    .help("top-level sentences start in column 1"),
            );
            let indent = l.indent;
            out.extend(block(lines, &mut i, indent, 0, file, errors));
        }
    }
    out
}

fn block(
    lines: &[Line],
    i: &mut usize,
    indent: usize,
    depth: usize,
    file: FileId,
    errors: &mut Errors,
) -> Vec<Node> {
    let mut out = Vec::new();
    while *i < lines.len() {
        let l = &lines[*i];
        if l.indent < indent {
            break;
        }
        if l.indent > indent {
            // Deeper than this block, but not inside the sentence before (whose block ended at a
            // line indented less than this one).
            if out.is_empty() {
                break;
            }
            errors.push(
                Diagnostic::error(
                    Span::new(file, l.start, l.start),
                    "this line's indentation matches no enclosing block",
                )
                .label(format!(
                    "indented {} spaces; the block around it is indented {indent}",
                    l.indent
                ))
                .help(
                    "indent a block's sentences all alike, deeper than the sentence with the `:`",
                ),
            );
        }
        let line = l.clone();
        *i += 1;
        let mut children = Vec::new();
        if *i < lines.len() && lines[*i].indent > line.indent {
            if depth >= MAX_BLOCKS {
                let n = &lines[*i];
                errors.push(
                    Diagnostic::error(
                        Span::new(file, n.start, n.start),
                        "blocks are nested too deeply",
                    )
                    .help("move the inner part into a function of its own"),
                );
                while *i < lines.len() && lines[*i].indent > line.indent {
                    *i += 1;
                }
            } else {
                let inner = lines[*i].indent;
                children = block(lines, i, inner, depth + 1, file, errors);
            }
        }
        out.push(Node { line, children });
    }
    out
}
