//! A light lexical pass over the raw text: it finds every comment (for the formatter) and
//! measures bracket nesting (so absurdly deep input is rejected before anything recurses on it).
//! It knows just enough about string and char literals not to look inside them.

use std::ops::Range;

use super::MAX_NESTING;

pub(super) struct Scanned {
    pub comments: Vec<Range<usize>>,
    /// Byte offset of the first bracket that exceeds [`MAX_NESTING`].
    pub too_deep: Option<usize>,
}

pub(super) fn scan(text: &str) -> Scanned {
    let mut s = Scanner {
        bytes: text.as_bytes(),
        i: 0,
        depth: 0,
        out: Scanned {
            comments: Vec::new(),
            too_deep: None,
        },
    };
    s.code(None);
    s.out
}

struct Scanner<'a> {
    bytes: &'a [u8],
    i: usize,
    depth: usize,
    out: Scanned,
}

impl Scanner<'_> {
    /// Code up to the end of input, or up to the `}` that closes an interpolation when
    /// `close_at` is the depth at which it was opened.
    fn code(&mut self, close_at: Option<usize>) {
        while self.i < self.bytes.len() {
            match self.bytes[self.i] {
                b'/' if self.bytes.get(self.i + 1) == Some(&b'/') => {
                    let start = self.i;
                    while self.i < self.bytes.len() && self.bytes[self.i] != b'\n' {
                        self.i += 1;
                    }
                    let mut end = self.i;
                    if end > start && self.bytes[end - 1] == b'\r' {
                        end -= 1;
                    }
                    self.out.comments.push(start..end);
                    continue;
                }
                b'"' => {
                    self.i += 1;
                    self.string();
                    continue;
                }
                b'\'' => self.char_lit(),
                b'(' | b'[' | b'{' => {
                    self.depth += 1;
                    if self.depth > MAX_NESTING && self.out.too_deep.is_none() {
                        self.out.too_deep = Some(self.i);
                    }
                }
                b')' | b']' | b'}' => {
                    if self.bytes[self.i] == b'}' && close_at == Some(self.depth) {
                        self.i += 1;
                        return;
                    }
                    self.depth = self.depth.saturating_sub(1);
                }
                _ => {}
            }
            self.i += 1;
        }
    }

    /// After the opening quote; stops after the closing quote or at the end of the line.
    fn string(&mut self) {
        while self.i < self.bytes.len() {
            match self.bytes[self.i] {
                b'"' => {
                    self.i += 1;
                    return;
                }
                b'\n' => return,
                b'\\' => self.i += 2,
                b'{' if self.bytes.get(self.i + 1) == Some(&b'{') => self.i += 2,
                b'{' => {
                    self.i += 1;
                    let at = self.depth;
                    self.code(Some(at));
                }
                _ => self.i += 1,
            }
        }
    }

    /// At a `'`: skip a char literal if one is there; leaves `i` on its last byte.
    fn char_lit(&mut self) {
        let mut j = self.i + 1;
        if self.bytes.get(j) == Some(&b'\\') {
            j += 2;
        }
        while j < self.bytes.len() && j <= self.i + 12 {
            match self.bytes[j] {
                b'\'' => {
                    self.i = j;
                    return;
                }
                b'\n' => return,
                _ => j += 1,
            }
        }
    }
}

/// Whether the brackets of one line (outside strings, chars and comments) balance, so that
/// removing the line leaves the structure around it intact. A string left open is not balanced.
pub(super) fn balanced(line: &str) -> bool {
    let mut s = Scanner {
        bytes: line.as_bytes(),
        i: 0,
        depth: 0,
        out: Scanned {
            comments: Vec::new(),
            too_deep: None,
        },
    };
    let mut stack: Vec<u8> = Vec::new();
    while s.i < s.bytes.len() {
        match s.bytes[s.i] {
            b'/' if s.bytes.get(s.i + 1) == Some(&b'/') => break,
            b'"' => {
                s.i += 1;
                s.string();
                if s.i > s.bytes.len() || s.bytes.get(s.i - 1) != Some(&b'"') {
                    return false;
                }
                continue;
            }
            b'\'' => s.char_lit(),
            c @ (b'(' | b'[' | b'{') => stack.push(c),
            c @ (b')' | b']' | b'}') => {
                let open = match c {
                    b')' => b'(',
                    b']' => b'[',
                    _ => b'{',
                };
                if stack.pop() != Some(open) {
                    return false;
                }
            }
            _ => {}
        }
        s.i += 1;
    }
    stack.is_empty()
}
