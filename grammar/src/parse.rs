//! The `.aur` parser: pest pairs -> AST.
//!
//! The file is parsed one item at a time (`file_item`), so a syntax error in one item is reported
//! and the parser resumes at the next line that starts an item in column 0; within the broken
//! item, further errors are looked for by blanking the offending line (`more_errors_in_item`).
//! A broken item is left out of the module. Problems that the grammar accepts on purpose
//! (reserved words as names, bad escapes, out-of-range literals) are reported by the builder,
//! which keeps the item.
//!
//! Submodules: `build` (items, types, statements, patterns), `expr` (expressions and literals),
//! `errors` (pest errors in Aurora's words), `scan` (comments and bracket nesting).

pub(crate) mod build;
pub(crate) mod errors;
mod expr;
mod scan;

use std::sync::{Mutex, PoisonError};

use pest::Parser;

use crate::ast::{Module, NodeIds};
use crate::{Diagnostic, Errors, FileId, Sources, Span};

#[derive(pest_derive::Parser)]
#[grammar = "aur.pest"]
pub(crate) struct AurParser;

/// Deeper bracket nesting than this is rejected up front, so no later phase recurses too deeply.
const MAX_NESTING: usize = 200;

/// Parse one `.aur` file into a module, recovering at item boundaries so that several syntax
/// errors are reported together. Items that fail to parse are left out of the module.
pub fn parse_module(
    sources: &Sources,
    file: FileId,
    ids: &mut NodeIds,
    errors: &mut Errors,
) -> Module {
    let f = sources.get(file);
    let name = f.module_name();
    let text = f.text.as_str();
    let scanned = scan::scan(text);
    let comments = comments_at(text, file, &scanned.comments);
    if let Some(at) = scanned.too_deep {
        errors.push(
            Diagnostic::error(
                Span::new(file, at, at + 1),
                "brackets are nested too deeply",
            )
            .label(format!("more than {MAX_NESTING} levels of nesting"))
            .help("split the expression into smaller parts with `let`"),
        );
        return Module {
            file,
            name,
            items: Vec::new(),
            comments,
        };
    }
    let items = parse_items(text, file, ids, errors);
    Module {
        file,
        name,
        items,
        comments,
    }
}

fn parse_items(
    text: &str,
    file: FileId,
    ids: &mut NodeIds,
    errors: &mut Errors,
) -> Vec<crate::ast::Item> {
    let mut items = Vec::new();
    // A byte-order mark some editors write is not part of the program.
    let mut pos = if text.starts_with('\u{feff}') { 3 } else { 0 };
    while pos <= text.len() {
        let rest = &text[pos..];
        match AurParser::parse(Rule::file_item, rest) {
            Ok(mut pairs) => {
                let Some(top) = pairs.next() else { break };
                let Some(item) = top.into_inner().find(|p| p.as_rule() == Rule::item) else {
                    break;
                };
                let end = pos + item.as_span().end();
                let mut b = build::Builder::new(file, pos, ids, errors);
                items.push(b.item(item));
                if end <= pos {
                    break;
                }
                pos = end;
            }
            Err(e) => {
                let detailed = with_error_detail(|| AurParser::parse(Rule::file_item, rest).err());
                let e = detailed.unwrap_or(e);
                errors.push(errors::diagnostic(&e, text, pos, file));
                let next = next_item_line(text, pos);
                let at = errors::error_pos(&e, pos);
                more_errors_in_item(text, pos, next.unwrap_or(text.len()), at, file, errors);
                match next {
                    Some(next) => pos = next,
                    None => break,
                }
            }
        }
    }
    items
}

/// How many further errors one broken item may report.
const MORE_ERRORS_PER_ITEM: usize = 8;

/// After a syntax error at `at` in the item `start..end`, look for more errors in the same item:
/// blank out the line with the error (spaces keep every offset) and parse the item again. Only
/// lines whose brackets balance are blanked, and only errors after the blanked line and inside
/// the item are reported, so what is found was not caused by the blanking.
fn more_errors_in_item(
    text: &str,
    start: usize,
    end: usize,
    mut at: usize,
    file: FileId,
    errors: &mut Errors,
) {
    let header_end = skip_trivia(text, start);
    let header_end = text[header_end..]
        .find('\n')
        .map_or(text.len(), |i| header_end + i);
    let mut patched: Option<String> = None;
    for _ in 0..MORE_ERRORS_PER_ITEM {
        let current = patched.as_deref().unwrap_or(text);
        let line_start = current[..at.min(current.len())]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let Some(line_end) = current[line_start..].find('\n').map(|i| line_start + i) else {
            return;
        };
        if line_start < header_end
            || line_end >= end
            || !scan::balanced(&current[line_start..line_end])
        {
            return;
        }
        // Inside an open `(` or `[` the error may come from a line above; stop rather than guess.
        if matches!(errors::innermost_open(current, start, at), Some(('(' | '[', o)) if o < line_start)
        {
            return;
        }
        let mut bytes = current.as_bytes().to_vec();
        bytes[line_start..line_end].fill(b' ');
        // Only ASCII bytes were replaced by ASCII bytes, whole lines at a time.
        let Ok(next) = String::from_utf8(bytes) else {
            return;
        };
        let failed = with_error_detail(|| AurParser::parse(Rule::file_item, &next[start..]).err());
        let Some(e) = failed else { return };
        let next_at = errors::error_pos(&e, start);
        if next_at <= line_end || next_at >= end {
            return;
        }
        errors.push(errors::diagnostic(&e, &next, start, file));
        at = next_at;
        patched = Some(next);
    }
}

/// Run `f` with pest's detailed error tracking on. The detail (which tokens were expected)
/// doubles the parse time, so it is switched on only to re-parse an item that failed. The
/// switch is process-wide: a count of the threads that need it keeps one thread from turning
/// it off under another (a parse on another thread meanwhile only gets slower).
pub(crate) fn with_error_detail<T>(f: impl FnOnce() -> T) -> T {
    static USERS: Mutex<usize> = Mutex::new(0);
    {
        let mut n = USERS.lock().unwrap_or_else(PoisonError::into_inner);
        *n += 1;
        pest::set_error_detail(true);
    }
    let out = f();
    let mut n = USERS.lock().unwrap_or_else(PoisonError::into_inner);
    *n -= 1;
    if *n == 0 {
        pest::set_error_detail(false);
    }
    out
}

const ITEM_KEYWORDS: &[&str] = &[
    "fn",
    "struct",
    "enum",
    "impl",
    "const",
    "use",
    "pub",
    "test",
    "task_local",
];

/// The start of the first line after the one where the item at `from` begins (past blank
/// space and comments) that begins in column 0 with an item keyword.
fn next_item_line(text: &str, from: usize) -> Option<usize> {
    let start = skip_trivia(text, from);
    let mut line = start + text[start..].find('\n')? + 1;
    loop {
        let rest = &text[line..];
        let word: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if ITEM_KEYWORDS.contains(&word.as_str()) {
            return Some(line);
        }
        line += rest.find('\n')? + 1;
    }
}

/// Past whitespace and `//` comments.
fn skip_trivia(text: &str, mut pos: usize) -> usize {
    loop {
        let rest = &text[pos..];
        let trimmed = rest.trim_start();
        pos += rest.len() - trimmed.len();
        if !trimmed.starts_with("//") {
            return pos;
        }
        match trimmed.find('\n') {
            Some(i) => pos += i,
            None => return text.len(),
        }
    }
}

/// The AST's comments from the byte ranges a surface's scanner found (both parsers use it).
pub(crate) fn comments_at(
    text: &str,
    file: FileId,
    ranges: &[std::ops::Range<usize>],
) -> Vec<crate::ast::Comment> {
    ranges
        .iter()
        .map(|c| crate::ast::Comment {
            text: text[c.clone()].to_string(),
            span: Span::new(file, c.start, c.end),
        })
        .collect()
}
