//! Operator words -> `.aur` operator symbols, in place.
//!
//! Every operator word (or phrase) outside strings, chars and comments, and inside string
//! interpolations, is replaced by its symbol padded with spaces to the same length. Offsets are
//! unchanged, so spans found in the masked text are spans in the `.cnl` file, and the `.aur`
//! expression grammar can parse CNL expressions. A word right after `.` is a field or method
//! name and stays as it is.

/// The operator words, longest phrases first where one begins another. The printer spells
/// operators with the first phrase listed for each symbol.
pub const OPERATOR_WORDS: &[(&str, &str)] = &[
    ("is not equal to", "!="),
    ("is equal to", "=="),
    ("is less than", "<"),
    ("is greater than", ">"),
    ("is at least", ">="),
    ("is at most", "<="),
    ("up to and including", "..="),
    ("up to", ".."),
    ("divided by", "/"),
    ("shifted left by", "<<"),
    ("shifted right by", ">>"),
    ("plus", "+"),
    ("minus", "-"),
    ("times", "*"),
    ("modulo", "%"),
    ("and", "&&"),
    ("or", "||"),
    ("not", "!"),
    ("bitand", "&"),
    ("bitor", "|"),
    ("bitxor", "^"),
];

/// The single words that operator phrases are made of and that therefore cannot be names.
pub fn is_operator_word(word: &str) -> bool {
    OPERATOR_WORDS
        .iter()
        .any(|(phrase, _)| !phrase.contains(' ') && *phrase == word)
}

fn ident_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Length of `phrase` matched at the start of `b` (words separated by one or more spaces), if
/// it ends at a word boundary.
fn match_phrase(b: &[u8], phrase: &str) -> Option<usize> {
    let mut i = 0;
    for (k, word) in phrase.split(' ').enumerate() {
        if k > 0 {
            let spaces = b[i..].iter().take_while(|c| **c == b' ').count();
            if spaces == 0 {
                return None;
            }
            i += spaces;
        }
        if !b[i..].starts_with(word.as_bytes()) {
            return None;
        }
        i += word.len();
    }
    match b.get(i) {
        Some(c) if ident_byte(*c) => None,
        _ => Some(i),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum State {
    Code,
    /// In a string's text.
    Str,
    /// In a string's `{ }`: code again, until the brace depth returns to zero.
    Interp(u32),
}

pub fn mask(text: &str) -> String {
    let mut b = text.as_bytes().to_vec();
    let mut state = State::Code;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match state {
            State::Str => {
                match c {
                    b'\\' => i += 1,
                    b'"' | b'\n' => state = State::Code,
                    b'{' if b.get(i + 1) == Some(&b'{') => i += 1,
                    b'{' => state = State::Interp(1),
                    _ => {}
                }
                i += 1;
                continue;
            }
            State::Interp(d) => match c {
                b'{' => state = State::Interp(d + 1),
                b'}' if d == 1 => {
                    state = State::Str;
                    i += 1;
                    continue;
                }
                b'}' => state = State::Interp(d - 1),
                b'"' | b'\n' => {
                    state = State::Code;
                    i += 1;
                    continue;
                }
                _ => {}
            },
            State::Code => match c {
                // `` `plus` ``: a name that is an operator word, kept as a name.
                b'`' => {
                    let len = b[i + 1..].iter().take_while(|c| ident_byte(**c)).count();
                    if len > 0 && b.get(i + 1 + len) == Some(&b'`') {
                        if matches!(b.get(i + 2 + len), Some(b'(' | b'[')) {
                            // `.aur` allows no space before a call's `(` or an index's `[`:
                            // the word moves right, next to it (its span is off by one).
                            b.copy_within(i + 1..i + 1 + len, i + 2);
                            b[i] = b' ';
                            b[i + 1] = b' ';
                        } else {
                            b[i] = b' ';
                            b[i + 1 + len] = b' ';
                        }
                        i += len + 2;
                        continue;
                    }
                }
                b'"' => {
                    state = State::Str;
                    i += 1;
                    continue;
                }
                b'/' if b.get(i + 1) == Some(&b'/') => {
                    while i < b.len() && b[i] != b'\n' {
                        i += 1;
                    }
                    continue;
                }
                b'\'' => {
                    // A char literal: skip to its closing quote on this line.
                    let mut j = i + 1;
                    if b.get(j) == Some(&b'\\') {
                        j += 2;
                    } else {
                        j += 1;
                    }
                    while j < b.len() && b[j] != b'\'' && b[j] != b'\n' && j - i < 12 {
                        j += 1;
                    }
                    if b.get(j) == Some(&b'\'') {
                        i = j + 1;
                        continue;
                    }
                }
                _ => {}
            },
        }
        // Code (or interpolation): operator words at the start of a word.
        if c.is_ascii_alphabetic() {
            let at_word_start = i == 0 || !(ident_byte(b[i - 1]) || b[i - 1] == b'.');
            if at_word_start {
                for (phrase, symbol) in OPERATOR_WORDS {
                    if let Some(len) = match_phrase(&b[i..], phrase) {
                        b[i..i + len].fill(b' ');
                        b[i..i + symbol.len()].copy_from_slice(symbol.as_bytes());
                        i += len;
                        break;
                    }
                }
            }
            while i < b.len() && ident_byte(b[i]) {
                i += 1;
            }
            continue;
        }
        i += 1;
    }
    // Only whole ASCII words were replaced by ASCII bytes.
    String::from_utf8(b).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::mask;

    #[test]
    fn words_become_symbols_in_place() {
        let t = "Let x be a plus b times c is at least 2.";
        let m = mask(t);
        assert_eq!(m.len(), t.len());
        assert_eq!(m, "Let x be a +    b *     c >=          2.");
    }

    #[test]
    fn strings_fields_and_comments_keep_their_words() {
        let t = "Do print(\"a plus {x plus 1}\" , p.and). // plus";
        assert_eq!(mask(t), "Do print(\"a plus {x +    1}\" , p.and). // plus");
    }

    #[test]
    fn phrases_need_every_word() {
        assert_eq!(mask("x is equal y"), "x is equal y");
        assert_eq!(mask("0 up to and including n"), "0 ..=                 n");
        assert_eq!(mask("planet notes"), "planet notes");
        assert_eq!(mask("To `plus` taking"), "To  plus  taking");
        assert_eq!(mask("x be `plus`(1, 2)."), "x be   plus(1, 2).");
    }
}
