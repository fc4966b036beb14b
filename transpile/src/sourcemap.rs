//! Source maps: where each piece of the generated Rust came from in the `.aur` source.
//!
//! The map is kept by the lowering, not guessed from the text: lowering marks every token it
//! emits with the span of the Aurora node that produced it ([`crate::lower::mark`]). Printing
//! (prettyplease, the `select!` layout, rustfmt) moves tokens around but keeps their order, so
//! after printing [`build`] lexes the printed text and pairs its identifiers and literals, in
//! order, with the marked ones; each printed token then knows its Aurora span. Two kinds of
//! item are left out of the pairing because rustfmt sorts them: `use` declarations and
//! `mod NAME;` declarations (neither comes from a line of the program).
//!
//! Runs of tokens with the same Aurora span become one [`Segment`]. The file format written
//! next to a generated `NAME.rs` as `NAME.rs.map` is documented in docs/source-maps.md.

use std::path::Path;

use aurora_grammar::{FileId, Sources, Span};
use proc_macro2::{TokenStream, TokenTree};
use serde::{Deserialize, Serialize};

use crate::lower::mark::Marks;

/// The `format` field of a `.rs.map` file.
pub const FORMAT: &str = "aurora-source-map";
/// The version of the `.rs.map` format [`SourceMap::to_json`] writes.
pub const FORMAT_VERSION: u32 = 1;

/// A position in the generated Rust: 1-based line, 1-based column counted in characters
/// (as rustc's JSON diagnostics count them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct RustPos {
    pub line: u32,
    pub column: u32,
}

/// `(line, column)` as rustc's JSON gives them (`line_start`, `column_start`).
impl From<(u32, u32)> for RustPos {
    fn from((line, column): (u32, u32)) -> RustPos {
        RustPos { line, column }
    }
}

/// A run of the generated Rust, `start..end`, that came from the Aurora span `aur`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    pub start: RustPos,
    pub end: RustPos,
    pub aur: Span,
}

/// The map of one generated Rust module back to its Aurora source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceMap {
    /// The Aurora file the module was generated from.
    pub file: FileId,
    /// In order of position in the Rust text; they do not overlap.
    pub segments: Vec<Segment>,
    /// False when the printed tokens could not all be paired with the marked ones (a bug in
    /// aurora2rs; the segments then cover the text up to the first mismatch).
    pub complete: bool,
}

/// A token of either side reduced to what the pairing compares.
struct Leaf {
    /// An identifier's text; `None` for a literal.
    ident: Option<String>,
    span: proc_macro2::Span,
}

/// Pair the tokens of `marked` (what lowering emitted, with `marks`) with those of `code` (the
/// printed module) and build the map.
pub fn build(marked: &TokenStream, marks: &Marks, code: &str, file: FileId) -> SourceMap {
    let mut map = SourceMap {
        file,
        segments: Vec::new(),
        complete: false,
    };
    let Ok(printed) = code.parse::<TokenStream>() else {
        return map;
    };
    let lowered = leaves(marked);
    let printed = leaves(&printed);
    map.complete = lowered.len() == printed.len();
    for (l, p) in lowered.iter().zip(&printed) {
        let same = match (&l.ident, &p.ident) {
            (Some(a), Some(b)) => a == b,
            (None, None) => true,
            _ => false,
        };
        if !same {
            map.complete = false;
            break;
        }
        let Some(aur) = marks.span_of(l.span) else {
            continue;
        };
        let (start, end) = (pos(p.span.start()), pos(p.span.end()));
        match map.segments.last_mut() {
            Some(last) if last.aur == aur => last.end = end,
            _ => map.segments.push(Segment { start, end, aur }),
        }
    }
    map
}

fn pos(lc: proc_macro2::LineColumn) -> RustPos {
    RustPos {
        line: lc.line as u32,
        column: lc.column as u32 + 1,
    }
}

/// The identifiers and literals of `ts` in order, without `use` and `mod NAME;` items.
fn leaves(ts: &TokenStream) -> Vec<Leaf> {
    let mut flat = Vec::new();
    flatten(ts.clone(), &mut flat);
    let mut out: Vec<Leaf> = Vec::with_capacity(flat.len());
    let mut i = 0;
    while i < flat.len() {
        let is =
            |j: usize, word: &str| matches!(flat.get(j), Some(TokenTree::Ident(id)) if id == word);
        let item_start = is(i, "use")
            || is(i, "mod")
                && matches!(flat.get(i + 1), Some(TokenTree::Ident(_)))
                && matches!(flat.get(i + 2), Some(TokenTree::Punct(p)) if p.as_char() == ';');
        if item_start {
            // Its visibility moves with it.
            if out
                .last()
                .is_some_and(|l| l.ident.as_deref() == Some("crate"))
                && out.len() >= 2
                && out[out.len() - 2].ident.as_deref() == Some("pub")
            {
                out.truncate(out.len() - 2);
            } else if out
                .last()
                .is_some_and(|l| l.ident.as_deref() == Some("pub"))
            {
                out.pop();
            }
            while i < flat.len() && !matches!(&flat[i], TokenTree::Punct(p) if p.as_char() == ';') {
                i += 1;
            }
            i += 1;
            continue;
        }
        match &flat[i] {
            TokenTree::Ident(id) => out.push(Leaf {
                ident: Some(id.to_string()),
                span: id.span(),
            }),
            TokenTree::Literal(lit) => out.push(Leaf {
                ident: None,
                span: lit.span(),
            }),
            _ => {}
        }
        i += 1;
    }
    out
}

/// Every token, groups opened (delimiters are punctuation: the pairing ignores them).
fn flatten(ts: TokenStream, out: &mut Vec<TokenTree>) {
    for tt in ts {
        match tt {
            TokenTree::Group(g) => flatten(g.stream(), out),
            other => out.push(other),
        }
    }
}

impl SourceMap {
    /// The Aurora span of the Rust text from `start` to `end` (a rustc diagnostic's span): the
    /// segment holding `start`; else the first segment beginning inside the range (a span
    /// starting at punctuation, such as `&mut x` or `|ctx|`); else the last segment before it.
    pub fn locate(&self, start: RustPos, end: RustPos) -> Option<Span> {
        let after = self.segments.partition_point(|s| s.start <= start);
        if let Some(seg) = after.checked_sub(1).map(|i| &self.segments[i]) {
            if start < seg.end {
                return Some(seg.aur);
            }
        }
        if let Some(seg) = self.segments.get(after) {
            if seg.start < end {
                return Some(seg.aur);
            }
        }
        after.checked_sub(1).map(|i| self.segments[i].aur)
    }

    /// The map of the same code after `lines` more lines were put before it (a build
    /// script's header line).
    pub fn shifted(mut self, lines: u32) -> SourceMap {
        for s in &mut self.segments {
            s.start.line += lines;
            s.end.line += lines;
        }
        self
    }

    /// The map as the `.rs.map` file's JSON (docs/source-maps.md). `source` names the Aurora
    /// file as the reader should find it (relative to the map file, as a rule).
    pub fn to_json(&self, sources: &Sources, source: &Path) -> String {
        let file = sources.get(self.file);
        let segments = self
            .segments
            .iter()
            .map(|s| {
                let (line, column) = file.line_col(s.aur.start as usize);
                let (end_line, end_column) = file.line_col(s.aur.end as usize);
                JsonSegment(
                    s.start.line,
                    s.start.column,
                    s.end.line,
                    s.end.column,
                    s.aur.start,
                    s.aur.end,
                    line as u32,
                    column as u32,
                    end_line as u32,
                    end_column as u32,
                )
            })
            .collect();
        let doc = JsonMap {
            generated: format!(
                "by aurora2rs from {}. Do not edit: edit the source.",
                source.to_string_lossy().replace('\\', "/")
            ),
            format: FORMAT.to_string(),
            version: FORMAT_VERSION,
            source: source.to_string_lossy().replace('\\', "/"),
            complete: self.complete,
            segments,
        };
        let mut text = serde_json::to_string(&doc).unwrap_or_default();
        text.push('\n');
        text
    }

    /// The `source` a `.rs.map` file's JSON names: the Aurora file to load before reading the
    /// map with [`SourceMap::from_json`].
    pub fn source_in_json(text: &str) -> Option<String> {
        let doc: JsonMap = serde_json::from_str(text).ok()?;
        (doc.format == FORMAT).then_some(doc.source)
    }

    /// Read a `.rs.map` file's JSON back, its spans in `file`. `None` when the text is not a
    /// map of a version this build reads.
    pub fn from_json(text: &str, file: FileId) -> Option<SourceMap> {
        let doc: JsonMap = serde_json::from_str(text).ok()?;
        if doc.format != FORMAT || doc.version != FORMAT_VERSION {
            return None;
        }
        let segments = doc
            .segments
            .iter()
            .map(|s| Segment {
                start: RustPos {
                    line: s.0,
                    column: s.1,
                },
                end: RustPos {
                    line: s.2,
                    column: s.3,
                },
                aur: Span {
                    file,
                    start: s.4,
                    end: s.5,
                },
            })
            .collect();
        Some(SourceMap {
            file,
            segments,
            complete: doc.complete,
        })
    }
}

#[derive(Serialize, Deserialize)]
struct JsonMap {
    /// First, so that the file's first line carries the marker that lets `aurora2rs build`
    /// overwrite it (and nothing hand-written).
    #[serde(rename = "@generated")]
    generated: String,
    format: String,
    version: u32,
    source: String,
    complete: bool,
    segments: Vec<JsonSegment>,
}

/// `[rust_line, rust_column, rust_end_line, rust_end_column, aur_start_byte, aur_end_byte,
/// aur_line, aur_column, aur_end_line, aur_end_column]`.
#[derive(Serialize, Deserialize)]
struct JsonSegment(u32, u32, u32, u32, u32, u32, u32, u32, u32, u32);
