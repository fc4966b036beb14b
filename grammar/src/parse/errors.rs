//! pest errors -> Aurora diagnostics: what was expected, in Aurora's words, at the byte where
//! parsing stopped, plus a help line where the usual fix is known.

use pest::error::{Error, ErrorVariant, InputLocation};

use super::Rule;
use crate::{Diagnostic, FileId, Span};

/// What a rule means to a user, or `None` for rules that only add noise to "expected ...".
fn describe(rule: Rule) -> Option<&'static str> {
    use Rule::*;
    Some(match rule {
        file_item | item | use_decl | const_decl | fn_decl | struct_decl | enum_decl
        | impl_decl | test_decl | kw_pub | kw_use | kw_const | kw_struct | kw_enum | kw_impl
        | kw_test => "an item",
        stmt | let_stmt | expr_stmt | kw_let | kw_var => "a statement",
        expr | expr_p | expr_ns | bin | bin_p | bin_ns | name | float_lit | int_lit | char_lit
        | string | kw_true | kw_false | kw_none | paren | bracket | if_expr | match_expr
        | while_expr | for_expr | loop_expr | closure | closure_params | break_expr
        | continue_expr | return_expr | struct_lit | expr_path | op_neg | op_not | kw_if
        | kw_match | kw_while | kw_for | kw_loop | kw_break | kw_continue | kw_return
        | let_cond | interp => "an expression",
        op_or | op_and | op_eq | op_ne | op_le | op_ge | op_shl | op_shr | op_lt | op_gt
        | op_bor | op_band | op_bxor | op_add | op_sub | op_mul | op_div | op_rem | assign_op
        | range_op => "an operator",
        ty | ty_core | fn_ty | list_ty | tuple_ty | named_ty | ty_args | fn_ty_params => "a type",
        pattern | range_pat | lit_pat | wild_pat | var_pat | tuple_pat | path_pat | pat_args
        | pat_fields => "a pattern",
        word | path | arg_name | tuple_index => "a name",
        block => "`{`",
        semi => "`;`",
        kw_else => "`else`",
        kw_in => "`in`",
        kw_as => "`as`",
        kw_fn => "`fn`",
        kw_self => "`self`",
        mode => "`ref` or `mut`",
        generics => "generic parameters `[T]`",
        generic_param => "a generic parameter",
        param_list | param | self_param => "a parameter",
        ret_ty => "`->`",
        field_list | field => "a field",
        variant_list | variant => "a variant",
        arm | match_body => "a match arm",
        guard => "`if`",
        field_init | struct_body => "a field",
        pat_field => "a field pattern",
        closure_param => "a closure parameter",
        closure_ret => "`->`",
        call | gcall | call_args => "`(`",
        index => "`[`",
        method | field_access | tuple_field => "`.`",
        try_op => "`?`",
        cast => "`as`",
        ty_opt => "`?`",
        escape | str_text | lbrace | rbrace | lone_rbrace | fmt_spec => "`\"`",
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

pub(super) fn diagnostic(e: &Error<Rule>, text: &str, base: usize, file: FileId) -> Diagnostic {
    let rel = match e.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let pos = (base + rel).min(text.len());
    if let Some(d) = unterminated_string(text, pos, file) {
        return d;
    }
    let positives: &[Rule] = match &e.variant {
        ErrorVariant::ParsingError { positives, .. } => positives,
        ErrorVariant::CustomError { message } => {
            let span = Span::new(file, pos, pos);
            return if message.contains("limit") {
                Diagnostic::error(span, "this item is nested too deeply to parse")
                    .help("split it into smaller functions or `let` bindings")
            } else {
                Diagnostic::error(span, message.clone())
            };
        }
    };
    let mut expected: Vec<String> = Vec::new();
    let mut push = |s: String| {
        if !expected.contains(&s) {
            expected.push(s);
        }
    };
    for r in positives {
        if let Some(d) = describe(*r) {
            push(d.to_string());
        }
    }
    let mut newline = false;
    if let Some(attempts) = e.parse_attempts() {
        for t in attempts.expected_tokens() {
            // `ParsingToken` is not exported by pest; its `Display` is the token's text.
            let token = t.to_string();
            {
                match token.as_str() {
                    "\n" => newline = true,
                    " " | "\t" | "\r" | "//" | "_" | "'" => {}
                    "\"" => push("`\"`".to_string()),
                    t if t.chars().all(|c| c.is_ascii_punctuation()) => push(format!("`{t}`")),
                    _ => {}
                }
            }
        }
    }
    if expected.iter().any(|s| s == "a statement") {
        expected.retain(|s| s != "an expression");
    }
    let stmt_end = expected.iter().any(|s| s == "`;`") && newline;
    if stmt_end {
        // After a complete expression every operator is possible; the useful news is that the
        // statement should have ended.
        expected.retain(|s| s != "an operator" && !is_postfix_token(s));
        expected.retain(|s| s != "`;`");
        expected.insert(0, "`;` or a new line".to_string());
    }
    expected.sort_by_key(|s| {
        PRIORITY
            .iter()
            .position(|p| p == s)
            .unwrap_or(PRIORITY.len())
    });

    let (found, found_len) = found_at(text, pos);
    let span = Span::new(file, pos, pos + found_len);
    let list = join(&expected);
    let mut d = if pos >= text.len() {
        let d = Diagnostic::error(span, "unexpected end of file");
        if list.is_empty() {
            d
        } else {
            d.label(format!("expected {list}"))
        }
    } else if list.is_empty() {
        Diagnostic::error(span, format!("unexpected {found}")).label("unexpected here")
    } else {
        Diagnostic::error(span, format!("expected {list}, found {found}"))
            .label(format!("expected {}", short(&expected)))
    };
    if let Some(help) = help_for(text, pos, &expected, stmt_end) {
        d = d.help(help);
    }
    d
}

fn is_postfix_token(s: &str) -> bool {
    matches!(s, "`(`" | "`[`" | "`.`" | "`?`" | "`as`")
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
    let in_cond = ["if ", "while ", "} else if ", "else if "]
        .iter()
        .any(|k| before.starts_with(k));
    if in_cond && rest.starts_with('=') && !rest.starts_with("==") && !rest.starts_with("=>") {
        return Some("to compare two values, use `==`".to_string());
    }
    if in_cond && expected.iter().any(|e| e == "`{`") {
        let kw = before
            .split_whitespace()
            .find(|w| *w == "if" || *w == "while")
            .unwrap_or("if");
        return Some(format!(
            "the condition of `{kw}` must be followed by a block `{{ ... }}`"
        ));
    }
    if stmt_end {
        return Some("put each statement on its own line, or separate them with `;`".to_string());
    }
    if pos >= text.len() && expected.iter().any(|e| e == "`}`") {
        return Some("a `{` is not closed; add the missing `}`".to_string());
    }
    None
}

/// When the line holding `pos` has an unterminated string before `pos`, that is the real error.
fn unterminated_string(text: &str, pos: usize, file: FileId) -> Option<Diagnostic> {
    let pos = pos.min(text.len());
    let line_start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let line = &text.as_bytes()[line_start..line_end];
    let mut i = 0;
    let mut open: Option<usize> = None;
    let mut depth = 0usize; // interpolation depth inside the current string
    while i < line.len() {
        let b = line[i];
        match open {
            None => match b {
                b'/' if line.get(i + 1) == Some(&b'/') => return None,
                b'"' => open = Some(i),
                b'\'' => {
                    // Skip a char literal such as '"'.
                    if line.get(i + 1) == Some(&b'\\') {
                        i += 2;
                    }
                    if line.get(i + 2) == Some(&b'\'') {
                        i += 2;
                    }
                }
                _ => {}
            },
            Some(_) if depth > 0 => match b {
                b'{' => depth += 1,
                b'}' => depth -= 1,
                _ => {}
            },
            Some(_) => match b {
                b'\\' => i += 1,
                b'{' if line.get(i + 1) == Some(&b'{') => i += 1,
                b'{' => depth = 1,
                b'"' => open = None,
                _ => {}
            },
        }
        i += 1;
    }
    let start = line_start + open?;
    if start > pos {
        return None;
    }
    Some(
        Diagnostic::error(Span::new(file, start, line_end.max(start + 1)), "unterminated string literal")
            .label("this string is not closed")
            .help("close it with `\"` on the same line; strings are single-line, write `\\n` for a line break"),
    )
}
