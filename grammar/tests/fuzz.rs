//! The parser never panics: a few hundred deterministic mutations and truncations of real
//! programs, each of which must yield a module and diagnostics whose spans lie in the file.

mod common;

const CORPUS: &[&str] = &[
    r#"use geometry.{Point, area}
const LIMIT: int = 1_000
pub fn area[T: Ord + Send](p: ref Point, scale: int) -> float { 1.0 }
struct Pair[A, B] {
    first: A
    second: B
}
enum Shape { Circle(float), Rect { w: float, h: float }, Empty }
impl Point {
    fn new(x: float, y: float) -> Point { Point { x, y } }
    fn norm(ref self) -> float { (self.x * self.x + self.y * self.y).sqrt() }
    fn scale(mut self, k: float) { self.x *= k; self.y *= k }
}
test "points add" { assert(Point.new(1.0, 2.0).x == 1.0) }
"#,
    r#"fn main() -> Result[(), str] {
    var total: int = 0 // running sum
    let (a, b) = (0xff, 0b1010)
    let s = "hi {name}, {a + b:>8} {{ok}} \u{1F600}\n"
    let m = ["a": 1, "b": 2]
    let xs = [0; 10]
    for (i, x) in xs.iter().enumerate() { total += x * i }
    while let some(v) = stack.pop() { if v > 3 { break } else { continue } }
    let r = match shape {
        Shape.Circle(r) => 3.14 * r * r,
        Shape.Rect { w, h: height } if w > 0.0 => w * height
        1 | 2 | -3 => 0.0
        'a'..='z' => 1.0
        _ => loop { break 2.0 }
    }
    let f = |x: int| -> int { x * 2 }
    let chained = xs
        .iter()
        .map(|x| x + 1)
        .collect[[int]]()
    print(parse[int]("42")? as float / 2.0)
    g(count: 3, ref total, mut xs)
    return ok(())
}
"#,
];

const TOKENS: &[&str] = &[
    "{", "}", "(", ")", "[", "]", "\"", "'", "\n", " ", ",", ";", ":", ".", "..", "..=", "=", "==",
    "=>", "->", "|", "||", "&&", "?", "!", "-", "+", "*", "/", "//", "\\", "\\u{", "{{", "}}",
    "fn", "let", "var", "if", "else", "match", "while", "for", "in", "loop", "return", "break",
    "struct", "enum", "impl", "test", "pub", "use", "const", "as", "ref", "mut", "none", "spawn",
    "x", "0", "1.5", "0x", "1_", "é", "\t", "\r\n", "'\\'", "\"{", "}\"",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn mutate(rng: &mut Rng, src: &str) -> String {
    let mut s = src.to_string();
    for _ in 0..1 + rng.below(4) {
        let at = boundary(&s, rng.below(s.len() + 1));
        match rng.below(5) {
            0 => {
                let end = boundary(&s, at + rng.below(12));
                s.replace_range(at..end, "");
            }
            1 | 2 => s.insert_str(at, TOKENS[rng.below(TOKENS.len())]),
            3 => {
                let end = boundary(&s, at + rng.below(40));
                let chunk = s[at..end].to_string();
                let to = boundary(&s, rng.below(s.len() + 1));
                s.insert_str(to, &chunk);
            }
            _ => s.truncate(at),
        }
    }
    s
}

fn check(src: &str) {
    let p = common::parse(src);
    for d in p.errors.iter() {
        for span in std::iter::once(d.primary.span).chain(d.secondary.iter().map(|l| l.span)) {
            assert!(
                span.start <= span.end && span.end as usize <= src.len(),
                "span {span:?} outside {src:?}"
            );
            assert!(
                src.is_char_boundary(span.start as usize)
                    && src.is_char_boundary(span.end as usize),
                "span {span:?} splits a character in {src:?}"
            );
        }
    }
    // Every node span lies in the file too (spot check: items).
    for i in &p.module.items {
        assert!(i.span.end as usize <= src.len());
    }
}

#[test]
fn mutated_programs_never_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for round in 0..400 {
        let base = CORPUS[round % CORPUS.len()];
        let src = mutate(&mut rng, base);
        check(&src);
    }
}

#[test]
fn every_prefix_of_a_program_parses_without_panic() {
    let src = CORPUS[1];
    let mut i = 0;
    while i <= src.len() {
        check(&src[..i]);
        i += 1 + i % 3;
        i = boundary(src, i.max(1));
        if i == src.len() {
            check(src);
            break;
        }
    }
}

#[test]
fn corpus_programs_parse_cleanly() {
    for src in CORPUS {
        let p = common::parse(src);
        assert!(p.errors.is_empty(), "{:?}", p.located());
    }
}

#[test]
fn odd_inputs() {
    for src in [
        "",
        "\n\n",
        "//",
        "fn",
        "\"",
        "'",
        "{",
        "}}}}",
        "fn f() { \"{",
        "fn f() { '\\u{",
        "\u{feff}fn f() {}",
        "\0",
        "é",
    ] {
        check(src);
    }
}
