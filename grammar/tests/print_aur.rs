//! The canonical `.aur` printer (`aurora2rs fmt`): over every golden and example program and a
//! generated corpus, printing keeps the AST (spans and node ids aside) and the comments, and
//! printing is idempotent. Golden and example files are already in canonical form.

use std::path::{Path, PathBuf};

use aurora_grammar::ast::{Module, NodeIds};
use aurora_grammar::print::{aur::print_module, shape};
use aurora_grammar::{parse_module, Errors, Sources};

fn parse(path: &str, text: &str) -> Result<Module, String> {
    let mut sources = Sources::new();
    let file = sources.add(path, text);
    let mut ids = NodeIds::default();
    let mut errors = Errors::new();
    let m = parse_module(&sources, file, &mut ids, &mut errors);
    if errors.has_errors() {
        return Err(aurora_grammar::diagnostic::render_all(
            &sources, &errors, false,
        ));
    }
    Ok(m)
}

fn comment_texts(m: &Module) -> Vec<String> {
    m.comments
        .iter()
        .map(|c| c.text.trim_end().to_string())
        .collect()
}

/// Where two texts first differ, for readable failures.
fn first_diff(a: &str, b: &str) -> String {
    for (i, (x, y)) in a.lines().zip(b.lines()).enumerate() {
        if x != y {
            let at = x.bytes().zip(y.bytes()).take_while(|(p, q)| p == q).count();
            let from = at.saturating_sub(300);
            let show = |s: &str| {
                s.get(from..(at + 200).min(s.len()))
                    .unwrap_or(s)
                    .to_string()
            };
            return format!("line {}:\n  - {}\n  + {}", i + 1, show(x), show(y));
        }
    }
    format!(
        "lengths differ: {} vs {} lines",
        a.lines().count(),
        b.lines().count()
    )
}

/// Checks the round-trip properties of one source text; returns its canonical form.
fn round_trip(name: &str, src: &str) -> String {
    round_trip_with(name, src, true)
}

/// `in_order`: the comments must also keep their order. A comment inside an expression printed
/// on one line moves before its statement, which can put it ahead of comments in a block
/// nested in that statement; the corpus makes such programs, the golden programs do not.
fn round_trip_with(name: &str, src: &str, in_order: bool) -> String {
    let m = parse(name, src).unwrap_or_else(|e| panic!("{name} does not parse:\n{e}"));
    let printed = print_module(&m, src);
    let m2 = parse(name, &printed)
        .unwrap_or_else(|e| panic!("{name}: printed text does not parse:\n{e}\n{printed}"));
    let (s1, s2) = (shape(&m), shape(&m2));
    assert!(
        s1 == s2,
        "{name}: AST changed by printing\n{}\nprinted:\n{printed}",
        first_diff(&s1, &s2)
    );
    let (mut c1, mut c2) = (comment_texts(&m), comment_texts(&m2));
    if !in_order {
        c1.sort();
        c2.sort();
    }
    assert_eq!(c1, c2, "{name}: comments lost or reordered\n{printed}");
    let again = print_module(&m2, &printed);
    assert!(
        again == printed,
        "{name}: printing is not idempotent\n{}\nfirst:\n{printed}\nsecond:\n{again}",
        first_diff(&printed, &again)
    );
    printed
}

fn aur_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for dir in ["golden", "golden/modules", "examples"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "aur") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn golden_and_example_programs_round_trip_and_are_canonical() {
    let files = aur_files();
    assert!(
        files.len() > 20,
        "expected the golden programs, found {files:?}"
    );
    let mut not_canonical = Vec::new();
    for f in &files {
        let src = std::fs::read_to_string(f).expect("read");
        let name = f.display().to_string();
        let printed = round_trip(&name, &src);
        if printed != src {
            not_canonical.push(format!("{name}: {}", first_diff(&src, &printed)));
        }
    }
    assert!(
        not_canonical.is_empty(),
        "not in canonical form:\n{}",
        not_canonical.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// A generated corpus: random but syntactically valid programs, laid out carelessly (random
// indentation, one-line and broken lists, comments, blank lines, `;`), from a fixed seed.

struct Gen {
    state: u64,
}

const NAMES: &[&str] = &["a", "b", "xs", "total", "item", "p", "s", "type", "n_2"];
const TYPES: &[&str] = &[
    "int",
    "float",
    "str",
    "bool",
    "char",
    "u8",
    "[int]",
    "Map[str, int]",
    "Set[int]",
    "(int, str)",
    "int?",
    "Result[int, str]",
    "Pair[int, [str]]",
    "geometry.Point",
    "()",
    "int??",
    "(int,)",
];
const COMMENTS: &[&str] = &[
    "// note",
    "// TODO: more",
    "//",
    "// a { brace",
    "// \"quoted\"",
];

impl Gen {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        self.state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, pct: usize) -> bool {
        self.below(100) < pct
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
    fn sp(&mut self) -> &'static str {
        ["", " ", "  "][self.below(3)]
    }
    fn name(&mut self) -> String {
        self.pick(NAMES).to_string()
    }
    fn ty(&mut self) -> String {
        self.pick(TYPES).to_string()
    }
    fn indent(&mut self) -> String {
        " ".repeat(self.below(9))
    }

    fn lit(&mut self, in_interp: bool) -> String {
        let ints = [
            "0",
            "1",
            "42",
            "1_000",
            "0xff",
            "0o17",
            "0b1010",
            "9_223_372",
        ];
        let floats = ["1.5", "2.0", "1e9", "6.02e23", "1_000.5", "1.5e-3"];
        let chars = [
            "'a'",
            "'\\n'",
            "'\\''",
            "'\"'",
            "'\\u{1F600}'",
            "'\\\\'",
            "'é'",
        ];
        match self.below(if in_interp { 5 } else { 7 }) {
            0 | 1 => self.pick(&ints).to_string(),
            2 => self.pick(&floats).to_string(),
            3 => self.pick(&["true", "false", "none"]).to_string(),
            4 => self.name(),
            5 => self.pick(&chars).to_string(),
            _ => self.string(),
        }
    }

    fn string(&mut self) -> String {
        let texts = [
            "hi",
            "a b",
            "\\n",
            "\\t",
            "\\\"q\\\"",
            "{{",
            "}}",
            "caf\\u{e9}",
            "don\\'t",
            " ",
            "\\\\",
            "\\0",
            "é",
            "//x",
        ];
        let specs = ["", ":?", ":.2", ":>8", ":08.3", ":x", ":#?"];
        let mut s = String::from("\"");
        for _ in 0..self.below(4) {
            if self.chance(30) {
                let e = self.expr(1, true);
                let spec = self.pick(&specs);
                s.push_str(&format!("{{{e}{spec}}}"));
            } else {
                s.push_str(self.pick(&texts));
            }
        }
        s.push('"');
        s
    }

    /// An operand: a literal or name with postfix operators, a prefix, or something bracketed.
    fn operand(&mut self, depth: usize, in_interp: bool) -> String {
        if depth == 0 {
            return self.lit(in_interp);
        }
        let d = depth - 1;
        let mut e = match self.below(if in_interp { 8 } else { 14 }) {
            0..=2 => self.lit(in_interp),
            3 => format!("({})", self.expr(d, in_interp)),
            4 => format!(
                "{}{}",
                self.pick(&["-", "!", "- "]),
                self.operand(d, in_interp)
            ),
            5 => {
                let n = self.below(4);
                let items: Vec<String> = (0..n).map(|_| self.expr(d, in_interp)).collect();
                match n {
                    1 => format!("({},)", items[0]),
                    _ => format!("({})", items.join(", ")),
                }
            }
            6 => self.list(d, in_interp),
            7 => format!(
                "{} as {}",
                self.operand(d, in_interp),
                self.pick(&["int", "u8", "float"])
            ),
            8 => {
                let fields: Vec<String> = (0..self.below(3))
                    .map(|_| {
                        let f = self.name();
                        if self.chance(30) {
                            f
                        } else {
                            format!("{f}:{}{}", self.sp(), self.expr(d, false))
                        }
                    })
                    .collect();
                let path = self.pick(&["Point", "Shape.Rect", "geometry.Point"]);
                if fields.is_empty() {
                    format!("{path} {{}}")
                } else if self.chance(30) {
                    let ind = self.indent();
                    format!("{path} {{\n{ind}{}\n}}", fields.join(&format!("\n{ind}")))
                } else {
                    format!("{path} {{ {} }}", fields.join(", "))
                }
            }
            9 => format!(
                "if {} {} else {}",
                self.cond(),
                self.block(d),
                self.block(d)
            ),
            10 => self.match_expr(d),
            11 => self.block(d),
            12 => {
                let n = self.below(3);
                let entries: Vec<String> = (0..n)
                    .map(|_| format!("{}: {}", self.lit(false), self.expr(d, false)))
                    .collect();
                if n == 0 {
                    "[:]".to_string()
                } else {
                    format!("[{}]", entries.join(", "))
                }
            }
            _ => format!("[{}; {}]", self.expr(d, false), self.operand(0, false)),
        };
        for _ in 0..self.below(3) {
            e = match self.below(7) {
                0 => format!("{e}({})", self.args(d, in_interp)),
                1 => {
                    let brk = !in_interp && self.chance(20);
                    let m = self.pick(&["len", "push", "map", "get", "to_string"]);
                    let g = if self.chance(15) { "[int]" } else { "" };
                    if brk {
                        format!("{e}\n{}.{m}{g}({})", self.indent(), self.args(d, in_interp))
                    } else {
                        format!("{e}.{m}{g}({})", self.args(d, in_interp))
                    }
                }
                2 => format!("{e}.{}", self.pick(&["x", "0", "len_", "type"])),
                3 => format!("{e}[{}]", self.expr(d, in_interp)),
                4 => format!("{e}?"),
                5 => format!("{e}[int, str]({})", self.args(d, in_interp)),
                _ => e,
            };
            // `x[i](..)` would read as a generic call: stop after an index.
            if e.ends_with(']') {
                break;
            }
        }
        e
    }

    fn list(&mut self, d: usize, in_interp: bool) -> String {
        let n = self.below(4);
        let items: Vec<String> = (0..n).map(|_| self.expr(d, in_interp)).collect();
        if n > 0 && !in_interp && self.chance(25) {
            let mut s = String::from("[\n");
            for it in &items {
                let c = if self.chance(20) { " // elem" } else { "" };
                s.push_str(&format!("{}{it},{c}\n", self.indent()));
            }
            s.push(']');
            s
        } else {
            let trail = if n > 0 && self.chance(20) { "," } else { "" };
            format!("[{}{trail}]", items.join(&format!(",{}", self.sp())))
        }
    }

    fn args(&mut self, d: usize, in_interp: bool) -> String {
        let n = self.below(3);
        let args: Vec<String> = (0..n)
            .map(|_| {
                let label = if self.chance(20) { "count: " } else { "" };
                let mode = self.pick(&["", "", "ref ", "mut "]);
                let v = if !in_interp && self.chance(10) {
                    self.closure(d)
                } else {
                    self.expr(d, in_interp)
                };
                format!("{label}{mode}{v}")
            })
            .collect();
        if n > 0 && !in_interp && self.chance(10) {
            format!("\n{},\n", args.join(", // arg\n"))
        } else {
            args.join(", ")
        }
    }

    fn closure(&mut self, d: usize) -> String {
        match self.below(3) {
            0 => format!("|x| {}", self.expr(d, false)),
            1 => format!("|x: int, y| -> int {}", self.block(d)),
            _ => format!("|| {}", self.expr(d, false)),
        }
    }

    /// A binary chain of operands; no two comparisons without `&&`/`||` between them.
    fn expr(&mut self, depth: usize, in_interp: bool) -> String {
        let mut s = self.operand(depth, in_interp);
        let mut compared = false;
        let ops = [
            "+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "&", "|", "^",
            "<<", ">>",
        ];
        for _ in 0..self.below(if depth == 0 { 2 } else { 4 }) {
            let mut op = self.pick(&ops);
            let cmp = matches!(op, "==" | "!=" | "<" | "<=" | ">" | ">=");
            if cmp && compared {
                op = "+";
            } else if cmp {
                compared = true;
            } else if matches!(op, "&&" | "||") {
                compared = false;
            }
            let rhs = self.operand(depth.saturating_sub(1), in_interp);
            if !in_interp && self.chance(8) {
                let c = if self.chance(30) { " // why" } else { "" };
                s = format!("{s} {op}{c}\n{}{rhs}", self.indent());
            } else {
                s = format!("{s}{}{op}{}{rhs}", self.sp(), self.sp());
            }
        }
        s
    }

    /// A condition, scrutinee or iterable: no struct literal or block outside brackets.
    fn cond(&mut self) -> String {
        match self.below(3) {
            0 => format!("let some({}) = {}", self.name(), self.name()),
            _ => format!("{} < {}", self.name(), self.operand(0, false)),
        }
    }

    fn pattern(&mut self, depth: usize) -> String {
        let d = depth.saturating_sub(1);
        match self.below(if depth == 0 { 5 } else { 12 }) {
            0 => "_".to_string(),
            1 => self.name(),
            2 => format!("var {}", self.name()),
            3 => self
                .pick(&["1", "-3", "0xff", "\"go\"", "'a'", "true", "none", "-1.5"])
                .to_string(),
            4 => self.pick(&["1..=5", "'a'..='z'", "-10..=-1"]).to_string(),
            5 => format!("({}, {})", self.pattern(d), self.pattern(d)),
            6 => format!("some({})", self.pattern(d)),
            7 => format!("Shape.Circle({})", self.pattern(d)),
            8 => "Shape.Empty".to_string(),
            9 => format!("Point {{ x, y: {}, .. }}", self.pattern(d)),
            10 => format!("{} | {}", self.pattern(0), self.pattern(0)),
            _ => "Point { .. }".to_string(),
        }
    }

    fn match_expr(&mut self, d: usize) -> String {
        let mut s = format!("match {} {{\n", self.name());
        for _ in 0..self.below(4) {
            let guard = if self.chance(20) {
                format!(" if {} > 0", self.name())
            } else {
                String::new()
            };
            let body = if self.chance(25) {
                self.block(d)
            } else {
                self.expr(d, false)
            };
            let sep = self.pick(&["", ",", ""]);
            s.push_str(&format!(
                "{}{}{guard} => {body}{sep}\n",
                self.indent(),
                self.pattern(2)
            ));
        }
        s.push('}');
        s
    }

    fn block(&mut self, depth: usize) -> String {
        let n = self.below(if depth == 0 { 2 } else { 4 });
        if n >= 2 && self.chance(10) {
            let a = self.expr(0, false);
            let b = self.expr(0, false);
            return format!("{{ {a}; {b} }}");
        }
        if n <= 1 && self.chance(50) {
            if n == 0 {
                return "{}".to_string();
            }
            let e = self.expr(depth.saturating_sub(1), false);
            if !e.contains('\n') {
                return format!("{{ {e} }}");
            }
        }
        let mut s = String::from("{");
        if self.chance(10) {
            s.push_str(" // opening");
        }
        s.push('\n');
        for _ in 0..n {
            s.push_str(&self.stmt(depth.saturating_sub(1)));
        }
        s.push('}');
        s
    }

    fn stmt(&mut self, d: usize) -> String {
        let mut s = String::new();
        if self.chance(10) {
            s.push('\n');
        }
        if self.chance(12) {
            s.push_str(&format!("{}{}\n", self.indent(), self.pick(COMMENTS)));
        }
        s.push_str(&self.indent());
        let body = match self.below(10) {
            0 | 1 => {
                let kw = self.pick(&["let", "var"]);
                let ty = if self.chance(25) {
                    format!(": {}", self.ty())
                } else {
                    String::new()
                };
                let init = match self.below(6) {
                    0 => self.closure(d),
                    1 => format!("{}..{}", self.operand(0, false), self.operand(0, false)),
                    2 => format!("..={}", self.operand(0, false)),
                    _ => self.expr(d, false),
                };
                format!("{kw} {}{ty} = {init}", self.pattern(1))
            }
            2 => format!(
                "{} {} {}",
                self.pick(&["xs[0]", "p.x", "total"]),
                self.pick(&["=", "+=", "-=", "<<=", "|="]),
                self.expr(d, false)
            ),
            3 => format!(
                "for {} in {} {}",
                self.pattern(1),
                self.cond_iter(),
                self.block(d)
            ),
            4 => format!("while {} {}", self.cond(), self.block(d)),
            5 => format!("loop {}", self.block(d)),
            6 => self.match_expr(d),
            7 => format!("if {} {}", self.cond(), self.block(d)),
            8 => self
                .pick(&["return", "break", "continue", "return 1", "break total"])
                .to_string(),
            _ => self.expr(d, false),
        };
        s.push_str(&body);
        if self.chance(10) {
            s.push(';');
        }
        if self.chance(10) {
            s.push_str(&format!("  {}", self.pick(COMMENTS)));
        }
        s.push('\n');
        s
    }

    fn cond_iter(&mut self) -> String {
        match self.below(4) {
            0 => "0..n".to_string(),
            1 => "1..=10".to_string(),
            2 => "(0..3).zip(xs)".to_string(),
            _ => self.name(),
        }
    }

    fn fields(&mut self) -> String {
        let n = self.below(4);
        let fs: Vec<String> = (0..n)
            .map(|_| format!("{}: {}", self.name(), self.ty()))
            .collect();
        if n > 0 && self.chance(50) {
            let mut s = String::from("{\n");
            for f in fs {
                let sep = self.pick(&["", ","]);
                s.push_str(&format!("{}{f}{sep}\n", self.indent()));
            }
            s.push('}');
            s
        } else if n == 0 {
            "{}".to_string()
        } else {
            format!("{{ {} }}", fs.join(", "))
        }
    }

    fn item(&mut self) -> String {
        let mut s = String::new();
        if self.chance(30) {
            s.push('\n');
        }
        if self.chance(20) {
            s.push_str(&format!("{}\n", self.pick(COMMENTS)));
        }
        let item = match self.below(8) {
            0 => self
                .pick(&["use geometry", "use a.b", "use geometry.{Point, area}"])
                .to_string(),
            1 => format!("pub const LIMIT: {} = {}", self.ty(), self.expr(1, false)),
            2 => format!("struct Pair[A, B: Ord + Send] {}", self.fields()),
            3 => {
                let mut v = String::from("enum Shape {\n");
                v.push_str("    Circle(float)\n    Rect ");
                v.push_str(&self.fields());
                v.push_str("\n    Empty, Segment(int, [str],)\n}");
                v
            }
            4 => format!(
                "impl[T] Stack[T] {{\n    fn new() -> Self {}\n\n    fn push(mut self, x: T) {}\n}}",
                self.block(2),
                self.block(2)
            ),
            5 => format!("test \"works {{{{ok}}}}\" {}", self.block(3)),
            _ => {
                let params = if self.chance(15) {
                    "\n    ref self,\n    a: ref [int], // the list\n    f: fn(int) -> int?,\n"
                        .to_string()
                } else {
                    format!("a: int, b: mut {}", self.ty())
                };
                format!(
                    "pub fn f_{}[T: Ord]({params}) -> {} {}",
                    self.below(1000),
                    self.ty(),
                    self.block(4)
                )
            }
        };
        s.push_str(&item);
        if self.chance(10) {
            s.push_str(" // after");
        }
        s.push('\n');
        s
    }

    fn program(&mut self) -> String {
        let p: String = (0..1 + self.below(5)).map(|_| self.item()).collect();
        if self.chance(10) {
            p.replace('\n', "\r\n")
        } else {
            p
        }
    }
}

#[test]
fn generated_programs_round_trip() {
    let mut g = Gen {
        state: 0x9E37_79B9_7F4A_7C15,
    };
    let mut parsed = 0;
    let n: usize = std::env::var("AURORA_FMT_CORPUS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    for i in 0..n {
        let src = g.program();
        let name = format!("generated-{i}.aur");
        if let Err(e) = parse(&name, &src) {
            panic!("the generator made an invalid program ({name}):\n{src}\n{e}");
        }
        round_trip_with(&name, &src, false);
        parsed += 1;
    }
    assert_eq!(parsed, n);
}

fn fmt(src: &str) -> String {
    round_trip("test.aur", src)
}

#[test]
fn comments_stay_at_line_ends_or_lead_the_next_thing() {
    let src = "\
// file header


fn // in the header
main() { // opening
    let x = foo(1, // inside a one-line call
        2)
    if a {
        b
    } // before else
    else {
        c
    }
    match x {
        1 // before the arrow
          => 2
        _ => 3 // last arm
        // after the last arm
    }
    let xs = [
        1, // one

        2,
    ]
    // before the end
}
// at the end
";
    let want = "\
// file header

// in the header
fn main() { // opening
    // inside a one-line call
    let x = foo(1, 2)
    // before else
    if a {
        b
    } else {
        c
    }
    match x {
        // before the arrow
        1 => 2
        _ => 3 // last arm
        // after the last arm
    }
    let xs = [
        1, // one

        2,
    ]
    // before the end
}
// at the end
";
    assert_eq!(fmt(src), want);
}

#[test]
fn layout_follows_the_source_where_it_may_and_the_house_style_elsewhere() {
    let src = "\
fn f(a:int,b:int)->int{a+b}
fn g(
  a: int, b: int) {
  let p = Point{x:1,y:2}; let q = Point {
    x: 1, y: 2 }
  let s = xs.iter()
     .map(|x| x*2)
  match a { 1 => 2, _ => 3 }
  if a { 1 } else { 2 }
}
struct P { x: int, y: int }
struct Q {
  x: int,
  y: int,
}
";
    let want = "\
fn f(a: int, b: int) -> int { a + b }
fn g(
    a: int,
    b: int,
) {
    let p = Point { x: 1, y: 2 }
    let q = Point {
        x: 1
        y: 2
    }
    let s = xs.iter()
        .map(|x| x * 2)
    match a {
        1 => 2
        _ => 3
    }
    if a { 1 } else { 2 }
}
struct P { x: int, y: int }
struct Q {
    x: int
    y: int
}
";
    assert_eq!(fmt(src), want);
}

#[test]
fn literals_keep_their_spelling_and_strings_their_escapes() {
    let src = "\
fn main() {
    let a = [1_000, 0xff, 0o17, 0b1010, 1e9, 1_000.5, '\\u{41}', '\\'']
    print(\"don\\'t {{x}} \\u{48} {a[0]+1:>4} {a:?}\")
    match a { -1 => 0, 'a'..='z' => 1, _ => 2 }
}
";
    let want = "\
fn main() {
    let a = [1_000, 0xff, 0o17, 0b1010, 1e9, 1_000.5, '\\u{41}', '\\'']
    print(\"don\\'t {{x}} \\u{48} {a[0] + 1:>4} {a:?}\")
    match a {
        -1 => 0
        'a'..='z' => 1
        _ => 2
    }
}
";
    assert_eq!(fmt(src), want);
}

#[test]
fn parentheses_are_printed_as_written() {
    let src = "fn main() {\n    let x = (a + b) * -(c as int) - (d - e)\n    let f = (|x| x)(1)\n    if (Point { x: 1 }) == p { }\n}\n";
    let want = "fn main() {\n    let x = (a + b) * -(c as int) - (d - e)\n    let f = (|x| x)(1)\n    if (Point { x: 1 }) == p {}\n}\n";
    assert_eq!(fmt(src), want);
}

/// The tail expression of `fn main() { e }`.
fn tail_of(m: &mut Module) -> &mut aurora_grammar::ast::Expr {
    use aurora_grammar::ast::{ItemKind, StmtKind};
    let ItemKind::Fn(f) = &mut m.items[0].kind else {
        panic!("not a fn")
    };
    let StmtKind::Expr { expr, .. } = &mut f.body.stmts[0].kind else {
        panic!("not an expression")
    };
    expr
}

#[test]
fn a_tree_built_without_parentheses_gets_the_ones_it_needs() {
    use aurora_grammar::ast::ExprKind;
    // `(a + b) * c` and `x - (y - z)` and `-(p as int)` and `(|v| v)(1)`, as another surface
    // might build them: no `Paren` nodes. Spans point at unrelated text (none at all here).
    let cases = [
        ("a + b", "x * c", "(a + b) * c"),
        ("y - z", "x - q", "x - (y - z)"),
        ("p as int", "-q", "-(p as int)"),
        ("|v| v", "q(1)", "(|v| v)(1)"),
        ("a < b", "q == c", "(a < b) == c"),
        ("0..n", "q.len()", "(0..n).len()"),
    ];
    for (inner, outer, want) in cases {
        let mut m = parse("t.aur", &format!("fn main() {{\n    {outer}\n}}\n")).unwrap();
        let mut i = parse("t.aur", &format!("fn main() {{\n    {inner}\n}}\n")).unwrap();
        let replacement = tail_of(&mut i).clone();
        match &mut tail_of(&mut m).kind {
            ExprKind::Binary { op, lhs, rhs } => {
                if want.starts_with('(') {
                    **lhs = replacement
                } else {
                    let _ = op;
                    **rhs = replacement
                }
            }
            ExprKind::Unary { expr, .. } => **expr = replacement,
            ExprKind::Call { callee, .. } => **callee = replacement,
            ExprKind::MethodCall { receiver, .. } => **receiver = replacement,
            other => panic!("unexpected {other:?}"),
        }
        m.comments.clear();
        let printed = print_module(&m, "");
        assert_eq!(printed, format!("fn main() {{\n    {want}\n}}\n"));
        let back = parse("t.aur", &printed).unwrap();
        assert!(shape(&back).contains("Paren"), "{printed}");
    }
}

#[test]
fn nested_one_line_blocks_around_a_match_print_in_linear_time() {
    // Each block was on one line in the source, but the `match` inside must break: the printer
    // must not try (and undo) every level of nesting over again.
    let n = 60;
    let src = format!(
        "fn main() {{\n    let x = {}match y {{ 1 => 2 }}{}\n}}\n",
        "{ ".repeat(n),
        " }".repeat(n)
    );
    let start = std::time::Instant::now();
    let out = fmt(&src);
    assert!(start.elapsed().as_secs() < 5, "took {:?}", start.elapsed());
    assert_eq!(out.lines().count(), 2 * n + 5, "{out}");
}

#[test]
fn printing_against_unrelated_source_text_still_gives_the_same_program() {
    // The source only guides layout and spellings: with the wrong text (or none) the printer
    // must neither panic nor change the program.
    let files = aur_files();
    let texts: Vec<String> = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    for (i, f) in files.iter().enumerate() {
        let m = parse(&f.display().to_string(), &texts[i]).unwrap();
        let others = [
            &texts[(i + 1) % texts.len()],
            &texts[(i + 7) % texts.len()],
            "",
        ];
        for other in others {
            let printed = print_module(&m, other);
            let back = parse("printed.aur", &printed)
                .unwrap_or_else(|e| panic!("{}: {e}\n{printed}", f.display()));
            assert!(shape(&back) == shape(&m), "{}:\n{printed}", f.display());
        }
    }
}
