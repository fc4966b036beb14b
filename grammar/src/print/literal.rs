//! Literals in canonical `.aur` form. Numbers, strings and chars are printed as they were written
//! when the source text at their span still means the same value (so `1_000`, `0xff`, `1e9`,
//! `"caf\u{e9}"` and `'\''` survive formatting); otherwise, for text that does not match (an AST
//! built from another surface, or edited), they are printed from the value with canonical
//! escapes.

use crate::ast::StrPart;

/// An integer literal: `text` when it is a valid literal of value `v`, else decimal.
pub(crate) fn int(text: Option<&str>, v: u128) -> String {
    match text {
        Some(t) if int_value(t) == Some(v) => t.to_string(),
        _ => v.to_string(),
    }
}

fn int_value(t: &str) -> Option<u128> {
    let (radix, digits) = match t.get(..2) {
        Some("0x") => (16, &t[2..]),
        Some("0o") => (8, &t[2..]),
        Some("0b") => (2, &t[2..]),
        _ => (10, t),
    };
    if digits.is_empty() || !digits.starts_with(|c: char| c.is_digit(radix)) {
        return None;
    }
    let mut v: u128 = 0;
    for c in digits.chars() {
        if c == '_' {
            continue;
        }
        v = v
            .checked_mul(u128::from(radix))?
            .checked_add(u128::from(c.to_digit(radix)?))?;
    }
    Some(v)
}

/// A float literal: `text` when it is the literal `v` (which the AST keeps without `_`).
pub(crate) fn float(text: Option<&str>, v: &str) -> String {
    match text {
        Some(t)
            if t.starts_with(|c: char| c.is_ascii_digit())
                && t.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '+' | '-'))
                && t.replace('_', "") == v =>
        {
            t.to_string()
        }
        _ => v.to_string(),
    }
}

/// A char literal: `text` when it is a literal of `c`, else canonically escaped.
pub(crate) fn char_lit(text: Option<&str>, c: char) -> String {
    if let Some(t) = text {
        if let Some(inner) = t.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')) {
            let decoded = if inner.starts_with('\\') {
                decode_escape(inner)
                    .filter(|(_, len)| *len == inner.len())
                    .map(|(d, _)| d)
            } else {
                let mut it = inner.chars();
                it.next()
                    .filter(|d| *d != '\'' && *d != '\n' && it.next().is_none())
            };
            if decoded == Some(c) {
                return t.to_string();
            }
        }
    }
    let mut out = String::from("'");
    match c {
        '\'' => out.push_str("\\'"),
        '"' => out.push('"'),
        c => escape_into(&mut out, c),
    }
    out.push('\'');
    out
}

/// Escape one character of string or char text (braces excepted: they depend on the context).
fn escape_into(out: &mut String, c: char) {
    match c {
        '\\' => out.push_str("\\\\"),
        '"' => out.push_str("\\\""),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\0' => out.push_str("\\0"),
        c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        c => out.push(c),
    }
}

/// Text of a string literal, escaped canonically (without the quotes).
pub(crate) fn escape_text(t: &str) -> String {
    let mut out = String::new();
    for c in t.chars() {
        match c {
            '{' => out.push_str("{{"),
            '}' => out.push_str("}}"),
            c => escape_into(&mut out, c),
        }
    }
    out
}

/// Decode the escape at the start of `s` (which begins with `\`): the character and the
/// escape's length in bytes. docs/language.md §1.6.
fn decode_escape(s: &str) -> Option<(char, usize)> {
    let mut it = s.chars();
    if it.next() != Some('\\') {
        return None;
    }
    let c = it.next()?;
    let simple = match c {
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        '\\' => '\\',
        '"' => '"',
        '\'' => '\'',
        '0' => '\0',
        'u' => {
            let body = s.get(2..)?.strip_prefix('{')?;
            let close = body.find('}')?;
            let digits: String = body[..close].chars().filter(|c| *c != '_').collect();
            if digits.is_empty() || digits.len() > 6 {
                return None;
            }
            let v = u32::from_str_radix(&digits, 16).ok()?;
            return Some((char::from_u32(v)?, 2 + 1 + close + 1));
        }
        _ => return None,
    };
    Some((simple, 2))
}

/// One piece of a string literal as written: literal text (raw and decoded) or an
/// interpolation (whose expression is printed from the AST, not copied).
enum Piece {
    Text { raw: String, decoded: String },
    Interp,
}

/// Split a string literal's source text into pieces; `None` if it is not a well-formed literal.
fn pieces(t: &str) -> Option<Vec<Piece>> {
    let inner = t.strip_prefix('"')?.strip_suffix('"')?;
    let mut out: Vec<Piece> = Vec::new();
    let mut i = 0;
    let push = |out: &mut Vec<Piece>, raw: &str, dec: char| match out.last_mut() {
        Some(Piece::Text { raw: r, decoded }) => {
            r.push_str(raw);
            decoded.push(dec);
        }
        _ => out.push(Piece::Text {
            raw: raw.to_string(),
            decoded: dec.to_string(),
        }),
    };
    while i < inner.len() {
        let rest = &inner[i..];
        let c = rest.chars().next()?;
        match c {
            '\\' => {
                let (d, len) = decode_escape(rest)?;
                push(&mut out, &rest[..len], d);
                i += len;
            }
            '{' if rest.starts_with("{{") => {
                push(&mut out, "{{", '{');
                i += 2;
            }
            '}' if rest.starts_with("}}") => {
                push(&mut out, "}}", '}');
                i += 2;
            }
            '{' => {
                let close = rest.find('}')?;
                if rest[..close].contains(['"', '\n']) {
                    return None;
                }
                out.push(Piece::Interp);
                i += close + 1;
            }
            '}' | '"' | '\n' => return None,
            c => {
                push(&mut out, &rest[..c.len_utf8()], c);
                i += c.len_utf8();
            }
        }
    }
    Some(out)
}

/// How to write each part of a string literal: `Some(raw)` for a text part to copy from the
/// source, in part order, when the source text at the literal's span spells exactly these
/// parts; `None` when the parts must be escaped canonically.
pub(crate) fn source_texts(text: Option<&str>, parts: &[StrPart]) -> Option<Vec<Option<String>>> {
    let pieces = pieces(text?)?;
    if pieces.len() != parts.len() {
        return None;
    }
    let mut out = Vec::new();
    for (piece, part) in pieces.into_iter().zip(parts) {
        match (piece, part) {
            (Piece::Text { raw, decoded }, StrPart::Text(t)) if decoded == *t => {
                out.push(Some(raw))
            }
            (Piece::Interp, StrPart::Interp { .. }) => out.push(None),
            _ => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_spelling_when_it_matches() {
        assert_eq!(int(Some("1_000"), 1000), "1_000");
        assert_eq!(int(Some("0xff"), 255), "0xff");
        assert_eq!(int(Some("0xff"), 254), "254");
        assert_eq!(int(Some("ten"), 10), "10");
        assert_eq!(int(None, 7), "7");
        assert_eq!(float(Some("1_000.5"), "1000.5"), "1_000.5");
        assert_eq!(float(Some("1e9"), "1e9"), "1e9");
        assert_eq!(float(Some("2.5"), "1.5"), "1.5");
    }

    #[test]
    fn chars_and_strings_escape_canonically() {
        assert_eq!(char_lit(None, '\''), "'\\''");
        assert_eq!(char_lit(None, '"'), "'\"'");
        assert_eq!(char_lit(None, '\n'), "'\\n'");
        assert_eq!(char_lit(Some("'\\u{41}'"), 'A'), "'\\u{41}'");
        assert_eq!(char_lit(Some("'\\u{41}'"), 'B'), "'B'");
        assert_eq!(
            escape_text("a\"b\\c{d}\n\t\u{1}"),
            "a\\\"b\\\\c{{d}}\\n\\t\\u{1}"
        );
    }

    #[test]
    fn string_source_is_reused_only_when_it_spells_the_parts() {
        let parts = vec![StrPart::Text("don't {x}".into())];
        assert_eq!(
            source_texts(Some("\"don\\'t {{x}}\""), &parts),
            Some(vec![Some("don\\'t {{x}}".to_string())])
        );
        assert_eq!(source_texts(Some("\"do\""), &parts), None);
        assert_eq!(source_texts(Some("\"a {b\""), &parts), None);
    }
}
