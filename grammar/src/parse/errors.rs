//! pest errors -> Aurora diagnostics: what was expected, in Aurora's words, at the byte where
//! parsing stopped, plus a help line where the usual fix is known.

use pest::error::{Error, ErrorVariant, InputLocation};

use super::Rule;
use crate::{Diagnostic, FileId, Span};

/// What a rule means to a user, or `None` for rules that only add noise to "expected ...".
fn describe(rule: Rule) -> Option<&'static str> {
    use Rule::*;
    Some(match rule {
        file_item | item | use_decl | const_decl | task_local_decl | kw_task_local | fn_decl
        | struct_decl | enum_decl | impl_decl | test_decl | kw_use | kw_const | kw_struct
        | kw_enum | kw_impl | kw_test => "an item",
        stmt | let_stmt | expr_stmt | kw_let | kw_var => "a statement",
        expr | expr_p | expr_ns | bin | bin_p | bin_ns | name | float_lit | int_lit | char_lit
        | string | kw_true | kw_false | kw_none | paren | bracket | if_expr | match_expr
        | while_expr | for_expr | loop_expr | scope_expr | scope_timeout | scope_deadline
        | supervisor_expr | with_expr | with_target | kw_with | op_spawn | op_join | op_cancel
        | op_par | kw_par | par_for | closure | closure_params | break_expr | continue_expr
        | return_expr | cancel_expr | yield_expr | guard_expr | guard_kw | guard_target
        | struct_lit | expr_path | op_neg | op_not | let_cond | interp => "an expression",
        op_or | op_and | op_eq | op_ne | op_le | op_ge | op_shl | op_shr | op_lt | op_gt
        | op_bor | op_band | op_bxor | op_add | op_sub | op_mul | op_div | op_rem | assign_op
        | range_op => "an operator",
        ty | ty_core | fn_ty | list_ty | tuple_ty | wrapped_ty | wrapper | named_ty
        | fn_ty_params => "a type",
        pattern | range_pat | lit_pat | wild_pat | var_pat | tuple_pat | path_pat | pat_args
        | pat_fields => "a pattern",
        word | path | arg_name | tuple_index => "a name",
        kw_fn | impl_fn => "`fn`",
        kw_self => "`self`",
        mode | par_mode => "`ref` or `mut`",
        reduce_clause | reduce_list | reduction => "a reduction `name: op`",
        reduce_op | reduce_fn => "`+`, `*`, `min`, `max`, `and`, `or` or a function",
        reduce_identity => "`identity: VALUE`",
        generics => "generic parameters `[T]`",
        generic_param => "a generic parameter",
        param_list | param | self_param => "a parameter",
        field_list | field => "a field",
        variant_list | variant => "a variant",
        arm | match_body => "a match arm",
        pat_field => "a field pattern",
        field_init => "a field",
        arg => "an expression",
        closure_param => "a closure parameter",
        _ => return None,
    })
}

/// Order in which descriptions are listed: the most useful first.
const PRIORITY: &[&str] = &[
    "an item",
    "a statement",
    "an expression",
    "a pattern",
    "a type",
    "a name",
];

/// Where, in the file, parsing stopped. With error detail pest also knows the farthest position
/// where a token was tried: often later, and more precise, than the rule-level position.
pub(crate) fn error_pos(e: &Error<Rule>, base: usize) -> usize {
    let rel = match e.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let farthest = e.parse_attempts().map_or(0, |a| a.max_position);
    base + rel.max(farthest)
}

pub(crate) fn diagnostic(e: &Error<Rule>, text: &str, base: usize, file: FileId) -> Diagnostic {
    let mut rel = match e.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let positives: Vec<Rule> = match &e.variant {
        ErrorVariant::ParsingError { positives, .. } => positives.clone(),
        ErrorVariant::CustomError { message } => {
            let pos = (base + rel).min(text.len());
            let span = Span::new(file, pos, pos);
            return if message.contains("limit") {
                Diagnostic::error(span, "this item is nested too deeply to parse")
                    .help("split it into smaller functions or `let` bindings")
            } else {
                Diagnostic::error(span, message.clone())
            };
        }
    };
    let attempts = e.parse_attempts();
    let mut rules = positives;
    if let Some(a) = attempts.as_ref().filter(|a| a.max_position > rel) {
        rules.clear();
        rel = a.max_position;
        // (`parent` is always the top rule here, so only the deepest rule says anything.)
        for cs in a.call_stacks() {
            rules.extend(cs.deepest.get_rule().copied());
        }
    }
    if std::env::var_os("AUR_DEBUG").is_some() {
        eprintln!("rules {rules:?}");
    }
    let mut pos = (base + rel).min(text.len());
    if let Some(d) = unterminated_string(text, pos, file) {
        return d;
    }
    // The caret goes on the offending token, not on the blank before it.
    while matches!(text.as_bytes().get(pos), Some(b' ' | b'\t')) {
        pos += 1;
    }

    let mut categories: Vec<&str> = Vec::new();
    for r in &rules {
        if let Some(d) = describe(*r) {
            if !categories.contains(&d) {
                categories.push(d);
            }
        }
    }
    let mut tokens: Vec<String> = Vec::new();
    let mut newline = false;
    // `ParsingToken` is not exported by pest; its `Display` is the token's text.
    let raw: Vec<String> = attempts
        .as_ref()
        .map(|a| a.expected_tokens().iter().map(|t| t.to_string()).collect())
        .unwrap_or_default();
    for t in &raw {
        if t == "\n" {
            newline = true;
        } else if is_listed_token(t) && !tokens.contains(t) {
            tokens.push(t.clone());
        }
    }
    // pest reports only the outermost rule when many alternatives failed; the keywords it
    // tried tell which kind of thing could have started here.
    let tried = |k: &str| raw.iter().any(|t| t == k);
    let implied = if tried("let") && tried("return") {
        Some("a statement")
    } else if tried("return") {
        Some("an expression")
    } else if tried("var") && tried("_") {
        Some("a pattern")
    } else {
        None
    };
    if let Some(c) = implied {
        if !categories.contains(&c) {
            categories.push(c);
        }
    }
    let after_operand = categories.contains(&OPERATOR);
    let stmt_end = newline && tokens.iter().any(|t| t == ";");
    if after_operand || stmt_end {
        // After a complete operand every operator and postfix could follow; listing them hides
        // what is really missing.
        tokens.retain(|t| !is_operator_token(t));
    }
    if categories.contains(&"a statement") || after_operand {
        // After an operand, "expression" attempts are the operators that could continue it.
        categories.retain(|c| *c != "an expression");
    }
    if categories.contains(&"a pattern") {
        tokens.retain(|t| !matches!(t.as_str(), "\"" | "(" | "-" | "'"));
    }
    if categories.contains(&"an expression") || categories.contains(&"a statement") {
        // Tokens that start an expression are summed up by "an expression".
        tokens.retain(|t| !starts_expression(t));
    }
    if !tokens.is_empty() {
        // "a field" beside `,`/`}`/`:` says less than the punctuation does.
        categories.retain(|c| !LIST_ITEMS.contains(c));
    }
    let mut expected: Vec<String> = Vec::new();
    if stmt_end {
        tokens.retain(|t| t != ";" && t != "{");
        expected.push("`;`".to_string());
        expected.push("a new line".to_string());
    }
    let mut cats: Vec<&str> = categories
        .iter()
        .copied()
        .filter(|c| *c != OPERATOR)
        .collect();
    cats.sort_by_key(|c| {
        PRIORITY
            .iter()
            .position(|p| p == c)
            .unwrap_or(PRIORITY.len())
    });
    expected.extend(cats.iter().map(|c| c.to_string()));
    expected.extend(tokens.iter().map(|t| format!("`{t}`")));
    if expected.is_empty() && after_operand {
        expected.push(OPERATOR.to_string());
    }
    expected.dedup();

    if let Some(d) = unclosed(text, base, pos, file, &expected) {
        return d;
    }
    if let Some(d) = misplaced_assignment(text, base, pos, file, &expected, stmt_end) {
        return d;
    }
    let (found, found_len) = found_at(text, pos);
    let span = Span::new(file, pos, pos + found_len);
    let list = join(&expected);
    let operator = operator_before(text, pos)
        .filter(|_| expected.first().is_some_and(|e| e == "an expression"));
    let mut d = if pos >= text.len() {
        let d = Diagnostic::error(span, "unexpected end of file");
        if list.is_empty() {
            d
        } else {
            d.label(format!("expected {list}"))
        }
    } else if let Some(op) = operator {
        Diagnostic::error(
            span,
            format!("expected an expression after `{op}`, found {found}"),
        )
        .label("expected an expression")
        .help("a line that ends with an operator continues on the next line")
    } else if !is_known_char(text[pos..].chars().next().unwrap_or(' ')) {
        let c = text[pos..].chars().next().unwrap_or(' ');
        let d = Diagnostic::error(span, format!("unexpected character `{c}`"));
        let d = if list.is_empty() {
            d
        } else {
            d.label(format!("expected {list}"))
        };
        if c.is_alphabetic() {
            d.help("names are made of ASCII letters, digits and `_`")
        } else {
            d
        }
    } else if list.is_empty() {
        Diagnostic::error(span, format!("unexpected {found}")).label("unexpected here")
    } else {
        Diagnostic::error(span, format!("expected {list}, found {found}"))
            .label(format!("expected {}", short(&expected)))
    };
    if let Some((open, at)) = innermost_open(text, base, pos) {
        let opened_line = text[..at].matches('\n').count();
        let error_line = text[..pos].matches('\n').count();
        if matches!(open, '(' | '[') && opened_line < error_line {
            d = d.secondary(
                Span::new(file, at, at + 1),
                format!("unclosed `{open}` opened here"),
            );
        }
    }
    let odd_char = text[pos..]
        .chars()
        .next()
        .is_some_and(|c| !is_known_char(c));
    if let Some(help) = help_for(text, pos, &expected, stmt_end).filter(|_| !odd_char) {
        d = d.help(help);
    }
    d
}

const OPERATOR: &str = "an operator";

/// Elements of delimited lists, named only when no punctuation is expected instead.
const LIST_ITEMS: &[&str] = &[
    "a parameter",
    "a field",
    "a variant",
    "a match arm",
    "a field pattern",
    "a closure parameter",
    "a generic parameter",
];

/// Tokens worth naming in "expected ...": punctuation and keywords, not whitespace.
fn is_listed_token(t: &str) -> bool {
    !matches!(
        t,
        " " | "\t" | "\r" | "//" | "_" | "'" | "0x" | "0o" | "0b" | "e" | "E"
    ) && (t.chars().all(|c| c.is_ascii_punctuation()) || matches!(t, "else" | "in" | "as" | "if"))
        && t.len() <= 3
}

/// An assignment where only an expression may stand (a match arm, a closure body, an
/// argument): `A => n += 1`. Compound operators are found even when pest stopped inside them
/// (`n +` then `=`).
fn misplaced_assignment(
    text: &str,
    base: usize,
    pos: usize,
    file: FileId,
    expected: &[String],
    stmt_end: bool,
) -> Option<Diagnostic> {
    const COMPOUND: &[&str] = &["<<=", ">>=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^="];
    let compound = (pos.saturating_sub(2).max(base)..=pos).find_map(|start| {
        let rest = text.get(start..)?;
        let op = COMPOUND.iter().find(|op| rest.starts_with(**op))?;
        (start + op.len() > pos).then_some((start, *op))
    });
    let plain = || {
        let rest = &text[pos..];
        let is_assign = rest.starts_with('=') && !rest.starts_with("==") && !rest.starts_with("=>");
        let elsewhere = ["a pattern", "an expression", "a type"];
        (is_assign && !stmt_end && !expected.iter().any(|e| elsewhere.contains(&e.as_str())))
            .then_some((pos, "="))
    };
    let (at, op) = compound.or_else(plain)?;
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..at];
    if before
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .any(|w| w == "if" || w == "while")
    {
        return None;
    }
    let trimmed = before.trim_end();
    let place_len: usize = trimmed
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']'))
        .map(char::len_utf8)
        .sum();
    let target = &trimmed[trimmed.len() - place_len..];
    let example = if target.is_empty() {
        format!("{{ x {op} 1 }}")
    } else {
        format!("{{ {target} {op} ... }}")
    };
    Some(
        Diagnostic::error(
            Span::new(file, at, at + op.len()),
            format!("`{op}` is an assignment, which cannot stand here"),
        )
        .label("assignment where an expression is expected")
        .help(format!(
            "assignment is a statement, not an expression; put it in a block: `{example}`"
        )),
    )
}

/// Characters that can appear in Aurora source outside strings, chars and comments.
fn is_known_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || c.is_ascii_whitespace()
        || "_{}()[]<>=!+-*/%&|^.,;:?'\"".contains(c)
}

/// The binary operator that ends the code before `pos` (skipping blank space), if any.
fn operator_before(text: &str, pos: usize) -> Option<&'static str> {
    let before = text[..pos].trim_end();
    const OPS: &[&str] = &[
        "||", "&&", "==", "!=", "<=", ">=", "<<", ">>", "<", ">", "|", "&", "^", "+", "-", "*",
        "/", "%", "=",
    ];
    let op = OPS.iter().find(|op| before.ends_with(**op))?;
    // `->`, `=>`, `..` and `//` end with an operator character but are not binary operators.
    let rest = &before[..before.len() - op.len()];
    if matches!(*op, ">" | "=") && (rest.ends_with('-') || rest.ends_with('=')) {
        return None;
    }
    if before.ends_with("..") || before.ends_with("//") || rest.ends_with('/') {
        return None;
    }
    Some(op)
}

fn starts_expression(t: &str) -> bool {
    matches!(
        t,
        "{" | "(" | "[" | "!" | "-" | "\"" | "'" | ".." | "..=" | "|" | "||" | "if"
    )
}

fn is_operator_token(t: &str) -> bool {
    matches!(
        t,
        "||" | "&&"
            | "=="
            | "!="
            | "<="
            | ">="
            | "<<"
            | ">>"
            | "<"
            | ">"
            | "|"
            | "&"
            | "^"
            | "+"
            | "-"
            | "*"
            | "/"
            | "%"
            | ".."
            | "..="
            | "?"
            | "."
            | "("
            | "["
            | "as"
            | "="
            | "+="
            | "-="
            | "*="
            | "/="
            | "%="
            | "&="
            | "|="
            | "^="
            | "<<="
            | ">>="
            | "!"
    )
}

/// The innermost bracket opened (in the item starting at `base`) and not closed before `pos`.
pub(super) fn innermost_open(text: &str, base: usize, pos: usize) -> Option<(char, usize)> {
    let b = text.as_bytes();
    let mut stack: Vec<(char, usize)> = Vec::new();
    let mut i = base;
    let end = pos.min(b.len());
    while i < end {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < end && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'"' => {
                // Strings are single-line; interpolations inside them are balanced or broken
                // on their own line, so skipping to the closing quote is enough here.
                i += 1;
                while i < end && b[i] != b'"' && b[i] != b'\n' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'\'' => {
                if b.get(i + 1) == Some(&b'\\') {
                    i += 2;
                }
                if b.get(i + 2) == Some(&b'\'') {
                    i += 2;
                }
            }
            c @ (b'(' | b'[' | b'{') => stack.push((c as char, i)),
            c @ (b')' | b']' | b'}') => {
                let want = match c {
                    b')' => '(',
                    b']' => '[',
                    _ => '{',
                };
                if let Some(k) = stack.iter().rposition(|(o, _)| *o == want) {
                    stack.truncate(k);
                }
            }
            _ => {}
        }
        i += 1;
    }
    stack.pop()
}

/// `fn main`, `struct Point`, `impl Stack`: how the item at `base` starts, when `at` is on the
/// item's first line.
fn item_header(text: &str, base: usize, at: usize) -> Option<String> {
    let start = super::skip_trivia(text, base);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    if at < start || at >= line_end {
        return None;
    }
    let header = text[start..at].trim();
    let header = header.strip_prefix("pub ").unwrap_or(header).trim();
    if header.contains(['{', '(']) && !header.starts_with("fn") || header.contains('{') {
        // The bracket is not the item's own body.
        return None;
    }
    let kind = header.split(|c: char| !c.is_ascii_alphabetic()).next()?;
    let header = match kind {
        // `fn area[T](p: Point) -> float` reads as `fn area`.
        "fn" => header.split(['(', '[']).next().unwrap_or(header).trim(),
        "struct" | "enum" | "impl" | "test" => header,
        _ => return None,
    };
    Some(header.to_string())
}

/// At the end of the file, or where the next item starts, an open bracket is the real story.
fn unclosed(
    text: &str,
    base: usize,
    pos: usize,
    file: FileId,
    expected: &[String],
) -> Option<Diagnostic> {
    let line_start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    let word: String = text[pos..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let at_item = line_start == pos && super::ITEM_KEYWORDS.contains(&word.as_str());
    if pos < text.len() && !at_item {
        return None;
    }
    let (open, at) = innermost_open(text, base, pos)?;
    let close = match open {
        '(' => ')',
        '[' => ']',
        _ => '}',
    };
    let wanted = format!("`{close}`");
    if !expected.is_empty() && !expected.contains(&wanted) && !at_item {
        return None;
    }
    let here = if at_item {
        "the next item starts here"
    } else {
        "the file ends here"
    };
    Some(
        Diagnostic::error(Span::new(file, at, at + 1), format!("unclosed `{open}`"))
            .label(match item_header(text, base, at).filter(|_| open == '{') {
                Some(h) => format!("this `{open}` of `{h}` is never closed"),
                None => format!("this `{open}` is never closed"),
            })
            .secondary(
                Span::new(file, pos, pos),
                format!("expected `{close}` before this; {here}"),
            )
            .help(format!("add the missing `{close}`")),
    )
}

fn short(expected: &[String]) -> String {
    expected.first().cloned().unwrap_or_default()
}

fn join(items: &[String]) -> String {
    let items: Vec<&String> = items.iter().take(6).collect();
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        n => {
            let head: Vec<&str> = items[..n - 1].iter().map(|s| s.as_str()).collect();
            format!("{} or {}", head.join(", "), items[n - 1])
        }
    }
}

/// How the text at `pos` reads in a message, and how many bytes the caret should cover.
fn found_at(text: &str, pos: usize) -> (String, usize) {
    let rest = text.get(pos..).unwrap_or("");
    let Some(c) = rest.chars().next() else {
        return ("end of file".to_string(), 0);
    };
    if c == '\n' || c == '\r' {
        return ("end of line".to_string(), 1);
    }
    if c.is_alphanumeric() || c == '_' {
        let w: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let kind = if crate::keywords::is_reserved(&w) {
            "keyword "
        } else {
            ""
        };
        return (format!("{kind}`{w}`"), w.len());
    }
    for op in [
        "..=", "<<=", ">>=", "==", "!=", "<=", ">=", "=>", "->", "&&", "||", "..", "+=", "-=",
        "*=", "/=",
    ] {
        if rest.starts_with(op) {
            return (format!("`{op}`"), op.len());
        }
    }
    (format!("`{c}`"), c.len_utf8())
}

/// A help line for the common mistakes whose fix is known.
fn help_for(text: &str, pos: usize, expected: &[String], stmt_end: bool) -> Option<String> {
    let line_start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    let before = text[line_start..pos].trim_start();
    let rest = &text[pos..];
    let words: Vec<&str> = before
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .collect();
    let in_cond = words.iter().any(|w| *w == "if" || *w == "while");
    if expected.iter().any(|e| e == "an item") {
        if rest.starts_with(';') {
            return Some("items need no `;` after them; remove it".to_string());
        }
        return Some(
            "the top level holds items (`use`, `const`, `fn`, `struct`, `enum`, `impl`, `test`); statements go inside a `fn`"
                .to_string(),
        );
    }
    if in_cond && rest.starts_with('=') && !rest.starts_with("==") && !rest.starts_with("=>") {
        return Some("to compare two values, use `==`".to_string());
    }
    if in_cond && expected.iter().any(|e| e == "`{`") {
        let kw = words
            .iter()
            .rev()
            .find(|w| **w == "if" || **w == "while")
            .map_or("if", |w| *w);
        return Some(format!(
            "the condition of `{kw}` must be followed by a block `{{ ... }}`"
        ));
    }
    if stmt_end && rest.starts_with('=') && !rest.starts_with("==") {
        return Some(
            "assignment is a statement, not an expression: write one assignment per line"
                .to_string(),
        );
    }
    if stmt_end && expected.iter().any(|e| e == "`}`") {
        return Some("put each statement on its own line, or separate them with `;`".to_string());
    }
    if pos >= text.len() && expected.iter().any(|e| e == "`}`") {
        return Some("a `{` is not closed; add the missing `}`".to_string());
    }
    None
}

/// When the line holding `pos` (or the line before, if `pos` starts a line) has a string that
/// is not closed, or an interpolation `{` that is not closed, that is the real error.
fn unterminated_string(text: &str, pos: usize, file: FileId) -> Option<Diagnostic> {
    let pos = pos.min(text.len());
    let line_start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    let mut starts = vec![line_start];
    if text[line_start..pos].trim().is_empty() && line_start > 0 {
        starts.push(text[..line_start - 1].rfind('\n').map_or(0, |i| i + 1));
    }
    for start in starts {
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let (unclosed_string, unclosed_brace) = scan_line(&text.as_bytes()[start..end]);
        if let Some(b) = unclosed_brace.map(|b| start + b).filter(|b| *b <= pos) {
            return Some(
                Diagnostic::error(Span::new(file, b, b + 1), "unclosed `{` in string")
                    .label("this interpolation is not closed")
                    .help("close it with `}`, or write `{{` for a literal brace"),
            );
        }
        if let Some(q) = unclosed_string.map(|q| start + q).filter(|q| *q <= pos) {
            return Some(
                Diagnostic::error(Span::new(file, q, end.max(q + 1)), "unterminated string literal")
                    .label("this string is not closed")
                    .help("close it with `\"` on the same line; strings are single-line, write `\\n` for a line break"),
            );
        }
    }
    None
}

/// Offsets in one line of a string left open at its end, and of an interpolation `{` whose
/// string ended (at a `"`) before the `}`.
fn scan_line(line: &[u8]) -> (Option<usize>, Option<usize>) {
    let mut i = 0;
    let mut open: Option<usize> = None;
    let mut brace: Option<usize> = None; // the open interpolation of the current string
    let mut depth = 0usize;
    while i < line.len() {
        let b = line[i];
        match open {
            None => match b {
                b'/' if line.get(i + 1) == Some(&b'/') => break,
                b'"' => open = Some(i),
                b'\'' => {
                    // Skip a char literal such as '"' or '\''.
                    let body = if line.get(i + 1) == Some(&b'\\') {
                        2
                    } else {
                        1
                    };
                    if line.get(i + 1 + body) == Some(&b'\'') {
                        i += 1 + body;
                    }
                }
                _ => {}
            },
            Some(_) if depth > 0 => match b {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        brace = None;
                    }
                }
                // Interpolations hold no strings (§1.6): this quote ends the string.
                b'"' => return (None, brace),
                _ => {}
            },
            Some(_) => match b {
                b'\\' => i += 1,
                b'{' if line.get(i + 1) == Some(&b'{') => i += 1,
                b'{' => {
                    depth = 1;
                    brace = Some(i);
                }
                b'"' => open = None,
                _ => {}
            },
        }
        i += 1;
    }
    (open, brace.filter(|_| open.is_none()))
}
