//! Laying out crossbeam's `select!` / `select_biased!` (what Aurora's `select` becomes).
//!
//! prettyplease prints a macro's tokens as wrapped text, and rustfmt leaves brace-delimited
//! macro calls alone, so without this pass a `select!` would be one paragraph of tokens. Here
//! each arm goes on its own line, `HEAD => EXPR,` or `HEAD => {` with its body laid out by
//! prettyplease as a block, indented as people write the macro. Anything not shaped as the
//! lowering emits it is left as it was.

use proc_macro2::{Delimiter, TokenStream, TokenTree};

const MACROS: [&str; 2] = [
    "crossbeam_channel::select! {",
    "crossbeam_channel::select_biased! {",
];

/// `text` with every `select!` body laid out.
pub(crate) fn layout(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let found = MACROS
            .iter()
            .filter_map(|m| rest.find(m).map(|i| (i, i + m.len() - 1)))
            .min();
        let Some((at, open)) = found else {
            out.push_str(rest);
            return out;
        };
        let Some(close) = matching_brace(rest, open) else {
            out.push_str(rest);
            return out;
        };
        let line_start = rest[..at].rfind('\n').map_or(0, |p| p + 1);
        let indent = rest[line_start..].chars().take_while(|c| *c == ' ').count();
        out.push_str(&rest[..=open]);
        match arms(&rest[open + 1..close], indent + 4) {
            Some(body) => {
                out.push('\n');
                out.push_str(&body);
                out.push_str(&" ".repeat(indent));
                out.push('}');
            }
            None => out.push_str(&rest[open + 1..=close]),
        }
        rest = &rest[close + 1..];
    }
}

/// The index of the `}` closing the `{` at `open`, skipping strings and char literals.
fn matching_brace(text: &str, open: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut i = open;
    while i < b.len() {
        match b[i] {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            // A char literal ('x', '\n', '\u{..}'); a lifetime ('_) has no closing quote.
            b'\'' if b.get(i + 1) == Some(&b'\\') => {
                i += 2;
                while i < b.len() && b[i] != b'\'' {
                    i += 1;
                }
            }
            b'\'' if b.get(i + 2) == Some(&b'\'') => i += 2,
            _ => {}
        }
        i += 1;
    }
    None
}

/// The arms of one `select!`, each line indented by `indent`.
fn arms(inner: &str, indent: usize) -> Option<String> {
    let tokens: Vec<TokenTree> = inner.parse::<TokenStream>().ok()?.into_iter().collect();
    let pad = " ".repeat(indent);
    let mut out = String::new();
    let mut i = 0;
    while i < tokens.len() {
        let start = i;
        while !(is_punct(tokens.get(i)?, '=') && is_punct(tokens.get(i + 1)?, '>')) {
            i += 1;
        }
        let head = head(&tokens[start..i])?;
        i += 2;
        let body = match tokens.get(i)? {
            TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => {
                i += 1;
                block(g.stream())?
            }
            _ => {
                let from = i;
                while i < tokens.len() && !is_punct(&tokens[i], ',') {
                    i += 1;
                }
                vec![expr(tokens[from..i].iter().cloned().collect())?]
            }
        };
        if tokens.get(i).is_some_and(|t| is_punct(t, ',')) {
            i += 1;
        }
        // `{ break; }` reads better as `break,` (the same for `continue` and `return`).
        let jump = |l: &str| {
            let l = l.strip_suffix(';').unwrap_or(l);
            (l == "break" || l == "continue" || l == "return" || l.starts_with("return "))
                .then(|| l.to_string())
        };
        let body = match body.as_slice() {
            [one] => jump(one).map_or(body, |j| vec![j]),
            _ => body,
        };
        match body.as_slice() {
            [one] if !one.ends_with(';') && !one.ends_with('}') => {
                out.push_str(&format!("{pad}{head} => {one},\n"));
            }
            _ => {
                out.push_str(&format!("{pad}{head} => {{\n"));
                for line in &body {
                    if !line.is_empty() {
                        out.push_str(&pad);
                        out.push_str("    ");
                    }
                    out.push_str(line);
                    out.push('\n');
                }
                out.push_str(&format!("{pad}}}\n"));
            }
        }
    }
    Some(out)
}

fn is_punct(t: &TokenTree, c: char) -> bool {
    matches!(t, TokenTree::Punct(p) if p.as_char() == c)
}

/// `recv(EXPR) -> PAT`, `send(EXPR, EXPR) -> PAT`, `default(EXPR)`, `default`.
fn head(tokens: &[TokenTree]) -> Option<String> {
    let (TokenTree::Ident(op), rest) = tokens.split_first()? else {
        return None;
    };
    let mut s = op.to_string();
    let mut rest = rest;
    if let Some((TokenTree::Group(g), after)) = rest.split_first() {
        if g.delimiter() != Delimiter::Parenthesis {
            return None;
        }
        s.push('(');
        s.push_str(&expr(g.stream())?);
        s.push(')');
        rest = after;
    }
    if let [a, b, pat @ ..] = rest {
        if !(is_punct(a, '-') && is_punct(b, '>')) || pat.is_empty() {
            return None;
        }
        let pat: TokenStream = pat.iter().cloned().collect();
        s.push_str(" -> ");
        s.push_str(&pat.to_string());
    } else if !rest.is_empty() {
        return None;
    }
    Some(s)
}

/// Comma-separated expressions on one line, as prettyplease prints them in a call.
fn expr(ts: TokenStream) -> Option<String> {
    let file: syn::File = syn::parse2(quote::quote!(fn f() { g(#ts); })).ok()?;
    let text = prettyplease::unparse(&file);
    let call: String = text
        .lines()
        .skip(1)
        .take_while(|l| *l != "}")
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ");
    let call = call.strip_prefix("g(")?.strip_suffix(");")?;
    Some(
        call.replace("( ", "(")
            .replace(" )", ")")
            .trim_end_matches(',')
            .to_string(),
    )
}

/// A block's statements as prettyplease lays them out, one level of indentation removed.
fn block(ts: TokenStream) -> Option<Vec<String>> {
    let file: syn::File = syn::parse2(quote::quote!(fn f() { #ts })).ok()?;
    let text = layout(&prettyplease::unparse(&file));
    let lines: Vec<&str> = text.lines().collect();
    let body = lines.get(1..lines.len().checked_sub(1)?)?;
    Some(
        body.iter()
            .map(|l| l.strip_prefix("    ").unwrap_or(l).to_string())
            .collect(),
    )
}
