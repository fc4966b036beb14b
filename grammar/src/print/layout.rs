//! The output side of the `.aur` printer: indentation, blank lines, and the comments of the
//! source, which are re-attached by position.
//!
//! Comment rule: a comment that starts on the same source line as the end of a statement,
//! item, arm, field, variant or element (with only `,` `;` or spaces between) stays at the end of
//! that line; a comment on the same line as an opening `{` (or `(` `[` of a list laid out one
//! element per line) stays after it. Every other comment is a leading comment: it is printed on
//! its own line before the first item, statement, arm, field, variant or element that starts
//! after it (or before the closing brace of its list, or at the end of the file). A comment in
//! the middle of a construct printed on one line (`f(a, // c` + newline + `b)`) moves to its own
//! line before the statement (item, arm, ...) that contains it. Blank lines between these
//! things are kept, at most one in a row, never at the start or end of a list.

use crate::ast::Comment;

/// A comment as `.aur` writes it: `// text` (a comment from another surface may be marked
/// differently).
fn comment_text(text: &str) -> String {
    let t = text.trim_end();
    if t.starts_with("//") {
        t.to_string()
    } else {
        let body = t.trim_start_matches(['#', '-', ' ', '\t']);
        if body.is_empty() {
            "//".to_string()
        } else {
            format!("// {body}")
        }
    }
}

pub(crate) struct Layout<'a> {
    pub src: &'a str,
    comments: Vec<(usize, usize, String)>,
    done: Vec<bool>,
    pub out: String,
    pub indent: usize,
    at_line_start: bool,
    /// Source end of the previous thing (sibling or comment) in the list being printed; `None`
    /// at the start of a list, where blank lines are dropped.
    pub last: Option<usize>,
    /// The current statement has been continued on a further line (its indent raised once).
    pub continued: bool,
    /// Inside a string interpolation: everything on one line.
    pub flat: bool,
    /// The source is `.aur` text whose line breaks say which layout to keep; otherwise
    /// (another surface's text) the default layout is used.
    pub hints: bool,
    /// Where the list being printed opens: comments before it belong to what encloses the
    /// list (which hoists them), not to the list's first element.
    floor: usize,
}

impl<'a> AsMut<Layout<'a>> for Layout<'a> {
    fn as_mut(&mut self) -> &mut Layout<'a> {
        self
    }
}

impl<'a> Layout<'a> {
    pub fn new(src: &'a str, comments: &[Comment]) -> Self {
        let mut comments: Vec<(usize, usize, String)> = comments
            .iter()
            .map(|c| {
                (
                    c.span.start as usize,
                    c.span.end as usize,
                    comment_text(&c.text),
                )
            })
            .collect();
        comments.sort_by_key(|c| c.0);
        let done = vec![false; comments.len()];
        Layout {
            src,
            comments,
            done,
            out: String::new(),
            indent: 0,
            at_line_start: true,
            last: None,
            continued: false,
            flat: false,
            hints: true,
            floor: 0,
        }
    }

    pub fn write(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        if self.at_line_start {
            for _ in 0..self.indent {
                self.out.push_str("    ");
            }
            self.at_line_start = false;
        }
        self.out.push_str(s);
    }

    pub fn newline(&mut self) {
        self.out.push('\n');
        self.at_line_start = true;
    }

    fn blank_line(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            if !self.at_line_start {
                self.newline();
            }
            self.out.push('\n');
        }
    }

    /// The source text `a..b`, or "" where that is not a range of the source.
    pub fn slice(&self, a: usize, b: usize) -> &'a str {
        self.src.get(a..b).unwrap_or("")
    }

    /// Whether `a..b` is source text on one line; not when the span is empty or outside the
    /// source (a tree built from another surface or by hand), so such blocks are laid out one
    /// statement per line.
    pub fn one_line(&self, a: usize, b: usize) -> bool {
        self.hints && a < b && self.src.get(a..b).is_some_and(|t| !t.contains('\n'))
    }

    /// Whether to keep a line break the source has in `a..b` (in a method chain, after a
    /// binary operator).
    pub fn breaks(&self, a: usize, b: usize) -> bool {
        self.hints && !self.flat && self.has_newline(a, b)
    }

    pub fn has_newline(&self, a: usize, b: usize) -> bool {
        self.slice(a, b).contains('\n')
    }

    /// Whether a list whose first element starts at `first` was laid out one element per line:
    /// a newline follows the last `open` bracket in the source between `from` and `first`.
    pub fn broken_after(&self, open: char, from: usize, first: usize) -> bool {
        if self.flat || !self.hints {
            return false;
        }
        let between = self.slice(from, first);
        between
            .rfind(open)
            .is_some_and(|i| between[i..].contains('\n'))
    }

    /// Whether a source comment lies inside `a..b` (such a construct cannot be on one line).
    pub fn has_comment_in(&self, a: usize, b: usize) -> bool {
        self.comments.iter().any(|c| c.0 >= a && c.0 < b)
    }

    /// A blank line before something starting at `pos`, if the source has one after `last`.
    pub fn gap(&mut self, pos: usize) {
        if let Some(last) = self.last {
            if self.slice(last, pos).matches('\n').count() >= 2 {
                self.blank_line();
            }
        }
    }

    /// Print, each on its own line, the comments not yet printed that start before `pos`.
    pub fn leading(&mut self, pos: usize) {
        for i in 0..self.comments.len() {
            if self.done[i] || self.comments[i].0 >= pos || self.comments[i].0 < self.floor {
                continue;
            }
            let (start, end) = (self.comments[i].0, self.comments[i].1);
            self.gap(start);
            if !self.at_line_start {
                self.newline();
            }
            let text = self.comments[i].2.clone();
            self.write(&text);
            self.newline();
            self.done[i] = true;
            self.last = Some(end);
        }
    }

    /// Print the comment that ends the source line at `end` (only `,` `;` `{` and spaces
    /// between), after what is on the current output line.
    pub fn trailing(&mut self, end: usize) {
        if self.at_line_start || self.flat {
            return;
        }
        let Some(i) =
            (0..self.comments.len()).find(|&i| !self.done[i] && self.comments[i].0 >= end)
        else {
            return;
        };
        let between = self.slice(end, self.comments[i].0);
        if self.comments[i].0 == end
            || (!between.is_empty()
                && between
                    .chars()
                    .all(|c| matches!(c, ' ' | '\t' | ',' | ';' | '{')))
        {
            let text = self.comments[i].2.clone();
            self.write(" ");
            self.write(&text);
            self.done[i] = true;
            self.last = Some(self.comments[i].1);
        }
    }

    /// The output so far, to go back to with [`Layout::restore`].
    pub fn snapshot(&self) -> (usize, bool) {
        (self.out.len(), self.at_line_start)
    }

    pub fn restore(&mut self, at: (usize, bool)) {
        self.out.truncate(at.0);
        self.at_line_start = at.1;
    }

    /// Where the next line starts, for [`Layout::hoist`].
    pub fn mark(&self) -> usize {
        self.out.len()
    }

    /// Comments inside `a..b` that nothing printed (they sat inside something printed on one
    /// line) go on their own lines at `mark`, before the thing that contained them.
    pub fn hoist(&mut self, mark: usize, a: usize, b: usize) {
        let mut lines = String::new();
        for i in 0..self.comments.len() {
            let c = &self.comments[i];
            if self.done[i] || c.0 < a || c.0 >= b {
                continue;
            }
            for _ in 0..self.indent {
                lines.push_str("    ");
            }
            lines.push_str(&c.2);
            lines.push('\n');
            self.done[i] = true;
        }
        if !lines.is_empty() && mark <= self.out.len() && self.out.is_char_boundary(mark) {
            self.out.insert_str(mark, &lines);
        }
    }

    /// Start a continuation line of the current statement (one level deeper, once).
    pub fn continue_line(&mut self) {
        if !self.continued {
            self.indent += 1;
            self.continued = true;
        }
        self.newline();
    }

    /// Print every comment not printed yet (at the end of the file).
    pub fn rest(&mut self) {
        self.leading(usize::MAX);
    }
}

/// Print `items` one per line, `deeper` levels deeper than the current line (0 for the items of
/// a file), with their comments and blank lines; `open..close` is where the list is in the
/// source (comments before `close` not printed yet are printed last). `each` prints one item;
/// its flag says it is the last.
pub(crate) fn lines<'a, P: AsMut<Layout<'a>>, T>(
    p: &mut P,
    deeper: usize,
    items: &[T],
    (open, close): (usize, usize),
    span: impl Fn(&T) -> (usize, usize),
    mut each: impl FnMut(&mut P, &T, bool),
) {
    let l = p.as_mut();
    let saved = (l.last.take(), l.indent, l.continued, l.floor);
    l.indent += deeper;
    l.floor = l.floor.max(open);
    for (n, item) in items.iter().enumerate() {
        let (start, end) = span(item);
        let l = p.as_mut();
        l.leading(start);
        l.gap(start);
        if !l.at_line_start {
            l.newline();
        }
        let mark = l.mark();
        let (indent, continued) = (l.indent, l.continued);
        l.continued = false;
        each(p, item, n + 1 == items.len());
        let l = p.as_mut();
        l.indent = indent;
        l.continued = continued;
        l.hoist(mark, start, end);
        l.last = Some(end);
        l.trailing(end);
        l.newline();
    }
    let l = p.as_mut();
    l.leading(close);
    if !l.at_line_start {
        l.newline();
    }
    l.indent = saved.1;
    l.continued = saved.2;
    l.last = saved.0;
    l.floor = saved.3;
}
