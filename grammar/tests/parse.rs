//! The `.aur` parser: AST shapes for every construct of docs/language.md §1-7, the newline
//! rules, precedence, spans, and diagnostics with recovery.

mod common;

use aurora_grammar::ast::*;
use common::*;

fn items(src: &str) -> Vec<String> {
    parse_ok(src).items.iter().map(item).collect()
}

// ---------------------------------------------------------------------------------------------
// Items

#[test]
fn items_of_every_kind() {
    let src = r#"
use geometry
use geometry.{Point, area}
use a.b.c
const LIMIT: int = 1_000
pub fn area[T: Ord + Send, U](p: ref Point, scale: int, out: mut [T], x: own str) -> float { 1.0 }
fn unit() { }
pub struct Point { x: float, y: float }
struct Pair[A, B] {
    first: A
    second: B,
}
enum Shape { Circle(float), Rect { w: float, h: float }, Empty }
enum Tree[T] {
    Leaf
    Node(Tree[T], T, Tree[T],)
}
impl Point {
    fn new(x: float, y: float) -> Point { Point { x, y } }
    fn norm(ref self) -> float { 0.0 }
    fn scale(mut self, k: float) { }
    fn take(self) { }
}
impl[T] Stack[T] { }
test "points add" { assert(true) }
"#;
    assert_eq!(
        items(src),
        vec![
            "use geometry",
            "use geometry.{Point, area}",
            "use a.b.c",
            "const LIMIT: int = 1000",
            "pub fn area[T: Ord + Send, U](p: ref Point, scale: int, out: mut [T], x: own str) -> float {1.0}",
            "fn unit() {}",
            "pub struct Point {x: float, y: float}",
            "struct Pair[A, B] {first: A, second: B}",
            "enum Shape {Circle(float), Rect {w: float, h: float}, Empty}",
            "enum Tree[T] {Leaf, Node(Tree[T], T, Tree[T])}",
            "impl Point {fn new(x: float, y: float) -> Point {Point {x, y}} fn norm(ref self) -> float {0.0} fn scale(mut self, k: float) {} fn take(self) {}}",
            "impl[T] Stack[T] {}",
            "test \"points add\" {(call assert true)}",
        ]
    );
}

#[test]
fn item_spans_and_names() {
    let p = parse("pub fn main() {\n}\n\nstruct P { x: int }\n");
    assert!(p.errors.is_empty());
    assert_eq!(p.text(p.module.items[0].span), "pub fn main() {\n}");
    assert_eq!(p.text(p.module.items[1].span), "struct P { x: int }");
    assert_eq!(p.module.name, "test");
    let ItemKind::Fn(f) = &p.module.items[0].kind else {
        panic!()
    };
    assert_eq!(p.text(f.name.span), "main");
    assert!(p.module.items[0].public);
}

#[test]
fn test_name_is_unescaped() {
    let m = parse_ok("test \"a \\\"quoted\\\" {{name}}\" { }");
    let ItemKind::Test(t) = &m.items[0].kind else {
        panic!()
    };
    assert_eq!(t.name, "a \"quoted\" {name}");
}

#[test]
fn rust_keywords_are_names() {
    assert_eq!(
        items("struct Token { type: str, static: bool }\nfn move(dyn: int) -> int { dyn + 1 }"),
        vec![
            "struct Token {type: str, static: bool}",
            "fn move(dyn: int) -> int {(+ dyn 1)}"
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Types

fn ty_of(t: &str) -> String {
    let m = parse_ok(&format!("fn f(x: {t}) {{ }}"));
    let ItemKind::Fn(f) = &m.items[0].kind else {
        panic!()
    };
    ty(&f.params[0].ty)
}

#[test]
fn types() {
    assert_eq!(ty_of("int"), "int");
    assert_eq!(ty_of("Map[str, [int]]"), "Map[str, [int]]");
    assert_eq!(ty_of("geometry.Point"), "geometry.Point");
    assert_eq!(ty_of("(int, str)"), "(int, str)");
    assert_eq!(ty_of("(int,)"), "(int,)");
    assert_eq!(ty_of("(int)"), "int");
    assert_eq!(ty_of("()"), "()");
    assert_eq!(ty_of("[int]?"), "[int]?");
    assert_eq!(ty_of("[int?]"), "[int?]");
    assert_eq!(ty_of("int??"), "int??");
    assert_eq!(
        ty_of("fn(int, ref str) -> bool"),
        "fn(int, ref str) -> bool"
    );
    assert_eq!(ty_of("fn(int)"), "fn(int) -> ()");
    assert_eq!(ty_of("ref [int]"), "ref [int]");
    assert_eq!(ty_of("mut Result[int, str]"), "mut Result[int, str]");
    assert_eq!(ty_of("own str"), "own str");
    assert_eq!(
        ty_of("Result[\n    Map[str, int],\n    str,\n]"),
        "Result[Map[str, int], str]"
    );
}

#[test]
fn qualifier_outside_parameter_is_an_error() {
    let p = parse("fn f() { let x: ref int = 1 }\nstruct S { a: [mut int] }");
    assert_eq!(
        p.messages(),
        vec![
            "`ref` is allowed only on a parameter type",
            "`mut` is allowed only on a parameter type"
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Statements

#[test]
fn statements() {
    assert_eq!(
        stmts(
            "let x = 1\nlet (a, b) = pair\nvar total: int = 0\ntotal += x\nxs[i] = 3\np.x = 2.0\nf(x)\nx;"
        ),
        vec![
            "(let x = 1)",
            "(let (a, b) = pair)",
            "(var total: int = 0)",
            "(+= total x)",
            "(= (index xs i) 3)",
            "(= (. p x) 2.0)",
            "(call f x)",
            "x;",
        ]
    );
}

#[test]
fn every_compound_assignment() {
    let ops = [
        "=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=",
    ];
    for op in ops {
        assert_eq!(stmts(&format!("a {op} b")), vec![format!("({op} a b)")]);
    }
}

#[test]
fn semicolons_separate_statements_on_a_line() {
    assert_eq!(stmts("a; b;; c"), vec!["a;", "b;", "c"]);
    assert_eq!(
        stmts("self.x *= k; self.y *= k"),
        vec!["(*= (. self x) k)", "(*= (. self y) k)"]
    );
}

#[test]
fn block_tail_and_semi() {
    let m = parse_ok("fn f() -> int { let x = 1\n x + 1 }\nfn g() { h(); }");
    let ItemKind::Fn(f) = &m.items[0].kind else {
        panic!()
    };
    assert_eq!(f.body.tail().map(expr).as_deref(), Some("(+ x 1)"));
    let ItemKind::Fn(g) = &m.items[1].kind else {
        panic!()
    };
    assert!(g.body.tail().is_none());
}

// ---------------------------------------------------------------------------------------------
// Newlines

#[test]
fn newline_ends_a_statement_before_a_prefix_operator() {
    assert_eq!(stmts("let x = a\n-b"), vec!["(let x = a)", "(- b)"]);
}

#[test]
fn operator_at_end_of_line_continues() {
    assert_eq!(stmts("let x = a +\n    b"), vec!["(let x = (+ a b))"]);
    assert_eq!(
        stmts("let x = a &&\n // why\n b"),
        vec!["(let x = (&& a b))"]
    );
    assert_eq!(stmts("let x =\n    1"), vec!["(let x = 1)"]);
    assert_eq!(stmts("let r = 0..\n  10"), vec!["(let r = (.. 0 10))"]);
}

#[test]
fn leading_dot_continues_a_method_chain() {
    assert_eq!(
        stmts("let total = xs\n    .iter()\n    // comment\n    .map(|x| x + 1)\n    .len()"),
        vec!["(let total = (.len (.map (.iter xs) (|x| (+ x 1)))))"]
    );
    assert_eq!(stmts("p\n.x = 1"), vec!["(= (. p x) 1)"]);
}

#[test]
fn no_newline_before_call_index_try_or_as() {
    assert_eq!(stmts("f\n(x)"), vec!["f", "(paren x)"]);
    assert_eq!(stmts("xs\n[0]"), vec!["xs", "[0]"]);
    assert_eq!(parse("fn f() {\n x\n ?\n}").errors.error_count(), 1);
    assert_eq!(parse("fn f() {\n x\n as int\n}").errors.error_count(), 1);
}

#[test]
fn newlines_inside_parens_and_brackets_are_whitespace() {
    assert_eq!(stmts("f(\n  a,\n  b\n)"), vec!["(call f a b)"]);
    assert_eq!(
        stmts("let x = (a\n  + b)"),
        vec!["(let x = (paren (+ a b)))"]
    );
    assert_eq!(stmts("let xs = [\n 1,\n 2,\n]"), vec!["(let xs = [1, 2])"]);
    assert_eq!(
        stmts("let m = [\n \"a\": 1,\n \"b\": 2\n]"),
        vec!["(let m = [\"a\": 1, \"b\": 2])"]
    );
}

#[test]
fn newline_separated_fields_variants_and_arms() {
    assert_eq!(
        stmts("match x {\n  1 => a\n  2 => b,\n  _ => c\n}"),
        vec!["(match x (1 => a) (2 => b) (_ => c))"]
    );
    assert_eq!(
        stmts("let p = Point {\n  x: 1\n  y,\n}"),
        vec!["(let p = Point {x: 1, y})"]
    );
}

#[test]
fn return_and_break_take_a_value_only_on_the_same_line() {
    assert_eq!(stmts("return\nx"), vec!["(return)", "x"]);
    assert_eq!(stmts("return x"), vec!["(return x)"]);
    assert_eq!(stmts("loop { break\n 1 }"), vec!["(loop {(break); 1})"]);
    assert_eq!(stmts("loop { break 1 }"), vec!["(loop {(break 1)})"]);
    assert_eq!(stmts("if a { return }"), vec!["(if a {(return)})"]);
}

#[test]
fn else_may_start_a_new_line() {
    assert_eq!(stmts("if a { 1 }\nelse { 2 }"), vec!["(if a {1} else {2})"]);
}

#[test]
fn crlf_line_ends() {
    assert_eq!(
        stmts("let x = 1\r\nlet y = x +\r\n 2\r"),
        vec!["(let x = 1)", "(let y = (+ x 2))"]
    );
}

// ---------------------------------------------------------------------------------------------
// Expressions

#[test]
fn precedence_follows_the_table() {
    assert_eq!(ex("a + b * c"), "(+ a (* b c))");
    assert_eq!(ex("a - b - c"), "(- (- a b) c)");
    assert_eq!(ex("a || b && c"), "(|| a (&& b c))");
    assert_eq!(ex("a == b && c != d"), "(&& (== a b) (!= c d))");
    assert_eq!(ex("a | b ^ c & d"), "(| a (^ b (& c d)))");
    assert_eq!(ex("a & b << c"), "(& a (<< b c))");
    assert_eq!(ex("a << b + c"), "(<< a (+ b c))");
    assert_eq!(ex("a < b | c"), "(< a (| b c))");
    assert_eq!(ex("-a * b"), "(* (- a) b)");
    assert_eq!(ex("-x as float"), "(as (- x) float)");
    assert_eq!(ex("a * b as int"), "(* a (as b int))");
    assert_eq!(ex("7 as float / 2.0"), "(/ (as 7 float) 2.0)");
    assert_eq!(ex("!x?"), "(! (? x))");
    assert_eq!(ex("-a.b(c)[d]"), "(- (index (.b a c) d))");
    assert_eq!(ex("a..b + 1"), "(.. a (+ b 1))");
    assert_eq!(ex("x as u8 as char"), "(as (as x u8) char)");
    assert_eq!(ex("--x"), "(- (- x))");
    assert_eq!(ex("a % b / c"), "(/ (% a b) c)");
}

#[test]
fn comparisons_do_not_chain() {
    let p = parse("fn f() { a < b < c }");
    assert_eq!(p.messages(), vec!["comparison operators cannot be chained"]);
    assert_eq!(ex("(a < b) < c"), "(< (paren (< a b)) c)");
}

#[test]
fn literals() {
    assert_eq!(ex("42"), "42");
    assert_eq!(ex("1_000_000"), "1000000");
    assert_eq!(ex("0xff"), "255");
    assert_eq!(ex("0xFF_ff"), "65535");
    assert_eq!(ex("0o17"), "15");
    assert_eq!(ex("0b1010"), "10");
    assert_eq!(
        ex("340282366920938463463374607431768211455"),
        u128::MAX.to_string()
    );
    assert_eq!(ex("1.5"), "1.5");
    assert_eq!(ex("1e9"), "1e9");
    assert_eq!(ex("6.02e23"), "6.02e23");
    assert_eq!(ex("1.5e-3"), "1.5e-3");
    assert_eq!(ex("1_000.5"), "1000.5");
    assert_eq!(ex("true"), "true");
    assert_eq!(ex("false"), "false");
    assert_eq!(ex("none"), "none");
    assert_eq!(ex("'a'"), "'a'");
    assert_eq!(ex("'\\n'"), "'\\n'");
    assert_eq!(ex("'\\''"), "'\\''");
    assert_eq!(ex("'\\u{1F600}'"), "'😀'");
    assert_eq!(ex("'é'"), "'é'");
    assert_eq!(ex(r#""a\tb\\ \" \' \0 \u{41}""#), r#""a\tb\\ \" \' \0 A""#);
    assert_eq!(ex("1.max(2)"), "(.max 1 2)");
    assert_eq!(ex("t.0.1"), "(. (. t 0) 1)");
}

#[test]
fn none_is_a_literal_and_some_is_a_name() {
    let m = parse_ok("fn f() { some(none) }");
    let ItemKind::Fn(f) = &m.items[0].kind else {
        panic!()
    };
    let Some(Expr {
        kind: ExprKind::Call { callee, args, .. },
        ..
    }) = f.body.tail()
    else {
        panic!()
    };
    assert!(matches!(&callee.kind, ExprKind::Name(n) if n.name == "some"));
    assert!(matches!(args[0].value.kind, ExprKind::Lit(Lit::None)));
    assert_eq!(stmts("let err = 1"), vec!["(let err = 1)"]);
}

#[test]
fn strings_and_interpolation() {
    assert_eq!(ex(r#""plain""#), r#""plain""#);
    assert_eq!(ex(r#""""#), r#""""#);
    assert_eq!(ex(r#""hi {name}!""#), r#""hi {name}!""#);
    assert_eq!(
        ex(r#""{a + b:>8} {p.x:.2} {xs[0]:?}""#),
        r#""{(+ a b):>8} {(. p x):.2} {(index xs 0):?}""#
    );
    // `{{{x}}}` is a literal brace, the interpolation of `x`, a literal brace.
    assert_eq!(ex(r#""{{literal}} {{{x}}}""#), r#""{literal} {{x}}""#);
    assert_eq!(ex(r#""{f(a, b)}{x:#?}""#), r#""{(call f a b)}{x:#?}""#);
}

#[test]
fn interpolation_spans_point_into_the_file() {
    let src = "fn f() {\n    print(\"value: {count + 1:>4} and {name}\")\n}\n";
    let p = parse(src);
    assert!(p.errors.is_empty(), "{:?}", p.messages());
    let ItemKind::Fn(f) = &p.module.items[0].kind else {
        panic!()
    };
    let Some(Expr {
        kind: ExprKind::Call { args, .. },
        ..
    }) = f.body.tail()
    else {
        panic!()
    };
    let ExprKind::Lit(Lit::Str(parts)) = &args[0].value.kind else {
        panic!()
    };
    let interps: Vec<&Expr> = parts
        .iter()
        .filter_map(|p| match p {
            StrPart::Interp { expr, .. } => Some(&**expr),
            StrPart::Text(_) => None,
        })
        .collect();
    assert_eq!(interps.len(), 2);
    assert_eq!(p.text(interps[0].span), "count + 1");
    let ExprKind::Binary { lhs, .. } = &interps[0].kind else {
        panic!()
    };
    assert_eq!(p.text(lhs.span), "count");
    assert_eq!(p.text(interps[1].span), "name");
    assert_eq!(
        p.sources
            .get(p.file)
            .line_col(interps[1].span.start as usize),
        (2, 39)
    );
    assert!(matches!(&parts[0], StrPart::Text(t) if t == "value: "));
    assert!(matches!(&parts[1], StrPart::Interp { spec: Some(s), .. } if s == ">4"));
}

#[test]
fn collections() {
    assert_eq!(ex("[1, 2, 3]"), "[1, 2, 3]");
    assert_eq!(ex("[]"), "[]");
    assert_eq!(ex("[0; n]"), "[0; n]");
    assert_eq!(ex(r#"["a": 1, "b": 2,]"#), r#"["a": 1, "b": 2]"#);
    assert_eq!(ex("[:]"), "[:]");
    assert_eq!(ex("[ : ]"), "[:]");
    assert_eq!(ex("(1, 2)"), "(tuple 1 2)");
    assert_eq!(ex("(1,)"), "(tuple 1)");
    assert_eq!(ex("()"), "(tuple)");
    assert_eq!(ex("(1)"), "(paren 1)");
    assert_eq!(ex("[[1], [2, 3]]"), "[[1], [2, 3]]");
}

#[test]
fn struct_literals_and_variants() {
    assert_eq!(ex("Point { x: 1.0, y }"), "Point {x: 1.0, y}");
    assert_eq!(ex("Point {}"), "Point {}");
    assert_eq!(
        ex("Shape.Rect { w: 1.0, h: 2.0 }"),
        "Shape.Rect {w: 1.0, h: 2.0}"
    );
    assert_eq!(
        ex("geometry.Point { x: 0.0, y: 0.0 }"),
        "geometry.Point {x: 0.0, y: 0.0}"
    );
    // The parser cannot tell a path call from a method call; the checker resolves it.
    assert_eq!(ex("Shape.Circle(1.0)"), "(.Circle Shape 1.0)");
    assert_eq!(ex("Shape.Empty"), "(. Shape Empty)");
}

#[test]
fn calls_and_arguments() {
    assert_eq!(ex("f()"), "(call f)");
    assert_eq!(ex("f(a, b,)"), "(call f a b)");
    assert_eq!(ex("parse[int](s)"), "(call parse[int] s)");
    assert_eq!(ex("f(count: 3)"), "(call f count: 3)");
    assert_eq!(ex("f(ref x, mut y, z)"), "(call f ref x mut y z)");
    assert_eq!(
        ex("f(ref p.name, mut xs[0])"),
        "(call f ref (. p name) mut (index xs 0))"
    );
    assert_eq!(
        ex("repeat(ref word, count: 3)"),
        "(call repeat ref word count: 3)"
    );
    assert_eq!(ex("f(into: ref x)"), "(call f into: ref x)");
    assert_eq!(ex("geometry.area(p)"), "(.area geometry p)");
    assert_eq!(ex("xs.collect[[int]]()"), "(.collect[[int]] xs)");
    assert_eq!(ex("Map[str, int]()"), "(call Map[str, int])");
    assert_eq!(ex("f(x)(y)"), "(call (call f x) y)");
    assert_eq!(ex("xs.items[0]"), "(index (. xs items) 0)");
    assert_eq!(ex("read_file(p)?"), "(? (call read_file p))");
}

#[test]
fn closures() {
    assert_eq!(ex("|x| x * 2"), "(|x| (* x 2))");
    assert_eq!(
        ex("|a: int, b: int| -> int { a + b }"),
        "(|a: int, b: int| -> int {(+ a b)})"
    );
    assert_eq!(ex("|| 42"), "(|| 42)");
    assert_eq!(ex("xs.map(|x| x + 1)"), "(.map xs (|x| (+ x 1)))");
    assert_eq!(ex("| x , y | x"), "(|x, y| x)");
}

#[test]
fn ranges() {
    assert_eq!(ex("0..10"), "(.. 0 10)");
    assert_eq!(ex("1..=n"), "(..= 1 n)");
    assert_eq!(ex("a.."), "(.. a _)");
    assert_eq!(ex("..b"), "(.. _ b)");
    assert_eq!(ex("xs[1..]"), "(index xs (.. 1 _))");
}

#[test]
fn control_flow() {
    assert_eq!(
        ex("if a == b { x } else if a < b { y } else { z }"),
        "(if (== a b) {x} else (if (< a b) {y} else {z}))"
    );
    assert_eq!(
        ex("if let some(v) = lookup(k) { v } else { 0 }"),
        "(if (let some(v) = (call lookup k)) {v} else {0})"
    );
    assert_eq!(ex("while i < 10 { i += 1 }"), "(while (< i 10) {(+= i 1)})");
    assert_eq!(
        ex("while let some(top) = stack.pop() { print(top) }"),
        "(while (let some(top) = (.pop stack)) {(call print top)})"
    );
    assert_eq!(
        ex("for (i, x) in xs.iter() { continue }"),
        "(for (i, x) (.iter xs) {(continue)})"
    );
    assert_eq!(ex("for i in 0..n { }"), "(for i (.. 0 n) {})");
    assert_eq!(ex("loop { break 5 }"), "(loop {(break 5)})");
    assert_eq!(ex("{ let a = 1\n a }"), "{(let a = 1); a}");
    assert_eq!(ex("if x\n{ 1 }"), "(if x {1})");
}

#[test]
fn match_arms_guards_and_separators() {
    assert_eq!(
        ex("match n {\n    0 => \"zero\"\n    1..=9 => \"small\",\n    x if x < 0 => { \"negative\" }\n    _ => \"large\"\n}"),
        "(match n (0 => \"zero\") (1..=9 => \"small\") (x if (< x 0) => {\"negative\"}) (_ => \"large\"))"
    );
    assert_eq!(
        ex("match x { a => b, c => d, }"),
        "(match x (a => b) (c => d))"
    );
    assert_eq!(ex("match x { }"), "(match x)");
    assert_eq!(
        ex("match x { none => return, some(v) => break }"),
        "(match x (none => (return)) (some(v) => (break)))"
    );
}

#[test]
fn struct_literals_need_parens_in_conditions() {
    assert_eq!(
        ex("if p == (Point { x: 0.0 }) { }"),
        "(if (== p (paren Point {x: 0.0})) {})"
    );
    assert_eq!(ex("if x { y }"), "(if x {y})");
    assert_eq!(ex("match p { _ => 1 }"), "(match p (_ => 1))");
    assert_eq!(ex("for x in xs { x }"), "(for x xs {x})");
    assert_eq!(ex("while p.ok { }"), "(while (. p ok) {})");
}

// ---------------------------------------------------------------------------------------------
// Patterns

fn pat(p: &str) -> String {
    let s = ex(&format!("match v {{ {p} => 0 }}"));
    let inner = s
        .strip_prefix("(match v (")
        .and_then(|s| s.strip_suffix(" => 0))"))
        .unwrap();
    inner.to_string()
}

#[test]
fn patterns() {
    assert_eq!(pat("_"), "_");
    assert_eq!(pat("x"), "x");
    assert_eq!(pat("var x"), "var x");
    assert_eq!(pat("1"), "1");
    assert_eq!(pat("-1"), "-1");
    assert_eq!(pat("2.5"), "2.5");
    assert_eq!(pat("'a'"), "'a'");
    assert_eq!(pat("\"s\""), "\"s\"");
    assert_eq!(pat("true"), "true");
    assert_eq!(pat("none"), "none");
    assert_eq!(pat("1..=5"), "1..=5");
    assert_eq!(pat("'a'..='z'"), "'a'..='z'");
    assert_eq!(pat("-5..=-1"), "-5..=-1");
    assert_eq!(pat("(a, _)"), "(a, _)");
    assert_eq!(pat("(a,)"), "(a,)");
    assert_eq!(pat("()"), "()");
    assert_eq!(pat("some(x)"), "some(x)");
    assert_eq!(pat("ok(v)"), "ok(v)");
    assert_eq!(pat("err(e)"), "err(e)");
    assert_eq!(pat("Shape.Circle(r)"), "Shape.Circle(r)");
    assert_eq!(pat("Shape.Empty"), "Shape.Empty");
    assert_eq!(
        pat("Shape.Rect { w, h: height }"),
        "Shape.Rect { w, h: height }"
    );
    assert_eq!(pat("Point { x, .. }"), "Point { x, .. }");
    assert_eq!(pat("a | b"), "a | b");
    assert_eq!(pat("(x, 0) | (0, x)"), "(x, 0) | (0, x)");
    assert_eq!(pat("some(some((a, b)))"), "some(some((a, b)))");
    assert_eq!(pat("geometry.Shape.Empty"), "geometry.Shape.Empty");
}

#[test]
fn single_identifier_patterns_bind() {
    let m = parse_ok("fn f() { match v { some(x) => 1, Empty => 2 } }");
    let ItemKind::Fn(f) = &m.items[0].kind else {
        panic!()
    };
    let Some(Expr {
        kind: ExprKind::Match { arms, .. },
        ..
    }) = f.body.tail()
    else {
        panic!()
    };
    assert!(
        matches!(&arms[0].pat.kind, PatternKind::Variant { path, args: Some(a) } if path.len() == 1 && path[0].name == "some" && a.len() == 1)
    );
    assert!(
        matches!(&arms[1].pat.kind, PatternKind::Bind { name, mutable: false } if name.name == "Empty")
    );
}

#[test]
fn or_patterns_may_continue_on_the_next_line() {
    assert_eq!(pat("A.X\n  | A.Y"), "A.X | A.Y");
}

// ---------------------------------------------------------------------------------------------
// Node ids, spans, comments

#[test]
fn every_expr_pattern_and_param_has_a_fresh_id() {
    let m = parse_ok("fn f(a: int, b: int) -> int { let (x, y) = (a, b)\n |z| x + y + z }");
    let ItemKind::Fn(f) = &m.items[0].kind else {
        panic!()
    };
    let mut ids = vec![f.params[0].id, f.params[1].id];
    fn walk_expr(e: &Expr, ids: &mut Vec<NodeId>) {
        ids.push(e.id);
        match &e.kind {
            ExprKind::Tuple(es) => es.iter().for_each(|e| walk_expr(e, ids)),
            ExprKind::Binary { lhs, rhs, .. } => {
                walk_expr(lhs, ids);
                walk_expr(rhs, ids);
            }
            ExprKind::Closure { params, body, .. } => {
                ids.extend(params.iter().map(|p| p.id));
                walk_expr(body, ids);
            }
            _ => {}
        }
    }
    for s in &f.body.stmts {
        match &s.kind {
            StmtKind::Let { pat, init, .. } => {
                ids.push(pat.id);
                if let PatternKind::Tuple(ps) = &pat.kind {
                    ids.extend(ps.iter().map(|p| p.id));
                }
                walk_expr(init, &mut ids);
            }
            StmtKind::Expr { expr, .. } => walk_expr(expr, &mut ids),
            StmtKind::Assign { .. } => {}
        }
    }
    // 2 params, 3 patterns, 3 tuple exprs, closure + param + 2 binaries + 3 names.
    assert_eq!(ids.len(), 2 + 3 + 3 + 7);
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), ids.len(), "duplicate ids in {ids:?}");
}

#[test]
fn expression_spans() {
    let p = parse("fn f() {\n    let total = xs\n        .iter()\n        .len() + 1\n}\n");
    assert!(p.errors.is_empty());
    let ItemKind::Fn(f) = &p.module.items[0].kind else {
        panic!()
    };
    let StmtKind::Let { init, pat, .. } = &f.body.stmts[0].kind else {
        panic!()
    };
    assert_eq!(p.text(init.span), "xs\n        .iter()\n        .len() + 1");
    assert_eq!(p.text(pat.span), "total");
    assert_eq!(
        p.text(f.body.stmts[0].span),
        "let total = xs\n        .iter()\n        .len() + 1"
    );
    let ExprKind::Binary { lhs, .. } = &init.kind else {
        panic!()
    };
    let ExprKind::MethodCall { method, .. } = &lhs.kind else {
        panic!()
    };
    assert_eq!(p.text(method.span), "len");
}

#[test]
fn comments_are_collected_with_spans() {
    let src =
        "// head\nfn f() { // after brace\n    let s = \"not // a comment\" // real\n}\n// tail";
    let p = parse(src);
    assert!(p.errors.is_empty());
    let cs: Vec<&str> = p.module.comments.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(cs, vec!["// head", "// after brace", "// real", "// tail"]);
    for c in &p.module.comments {
        assert_eq!(p.text(c.span), c.text);
    }
}

// ---------------------------------------------------------------------------------------------
// Diagnostics and recovery

#[test]
fn keyword_used_as_a_name() {
    let p = parse("fn main() { let spawn = 1 }");
    assert_eq!(
        p.messages(),
        vec!["`spawn` is a reserved keyword and cannot be used as a name"]
    );
    let d = p.errors.iter().next().unwrap();
    assert_eq!(p.text(d.primary.span), "spawn");
    assert_eq!(
        d.help.as_deref(),
        Some("it is reserved for Aurora's concurrency constructs; choose another name, e.g. `spawn_`")
    );
    // The item is kept.
    assert_eq!(p.module.items.len(), 1);

    // Reported where the name is declared; uses are not reported again.
    let p = parse(
        "fn match() { }\nstruct S { crate: int }\nfn f(yield: int) { g(yield, select) }\nfn h() { let var = 2\n print(var) }",
    );
    assert_eq!(
        p.messages(),
        vec![
            "`match` is a reserved keyword and cannot be used as a name",
            "`crate` is a reserved keyword and cannot be used as a name",
            "`yield` is a reserved keyword and cannot be used as a name",
            "`var` is a reserved keyword and cannot be used as a name",
        ]
    );
    assert_eq!(p.module.items.len(), 4);
}

#[test]
fn several_errors_in_one_file() {
    let src = "fn a() {\n    let x = 1 2\n}\n\nfn ok1() { }\n\nfn b( {\n}\nstruct S { a: int b: int }\nfn ok2() { }\n";
    let p = parse(src);
    assert_eq!(
        p.located(),
        vec![
            "2:15: expected `;`, a new line or `}`, found `2`",
            "7:7: expected `)`, found `{`",
            "9:19: expected `,` or `}`, found `b`",
        ]
    );
    let names: Vec<String> = p
        .module
        .items
        .iter()
        .map(|i| match &i.kind {
            ItemKind::Fn(f) => f.name.name.clone(),
            _ => "?".into(),
        })
        .collect();
    assert_eq!(names, vec!["ok1", "ok2"]);
}

#[test]
fn syntax_error_messages() {
    let cases: &[(&str, &str)] = &[
        (
            "fn f() { let x = }",
            "1:18: expected an expression after `=`, found `}`",
        ),
        (
            "fn f() { g(1, }",
            "1:15: expected an expression or `)`, found `}`",
        ),
        ("fn f() { if x = 1 { } }", "1:15: expected `{`, found `=`"),
        ("fn f() {\n    let x = 1\n", "1:8: unclosed `{`"),
        (
            "fn f() { print(\"hi) }",
            "1:16: unterminated string literal",
        ),
        (
            "fn f() { let a = b = c }",
            "1:20: expected `;`, a new line or `}`, found `=`",
        ),
        (
            "fn f() { x +\n}",
            "2:1: expected an expression after `+`, found `}`",
        ),
        ("fn f() { let p = 3 $ 4 }", "1:20: unexpected character `$`"),
        (
            "fn f() { g(1, }",
            "1:15: expected an expression or `)`, found `}`",
        ),
        ("struct", "1:7: unexpected end of file"),
        ("}", "1:1: expected an item, found `}`"),
    ];
    for (src, want) in cases {
        let p = parse(src);
        assert_eq!(
            p.located().first().map(String::as_str),
            Some(*want),
            "for {src:?}"
        );
    }
}

#[test]
fn help_lines_for_known_mistakes() {
    let help = |src: &str| {
        parse(src)
            .errors
            .iter()
            .next()
            .and_then(|d| d.help.clone())
            .unwrap_or_default()
    };
    assert_eq!(
        help("fn f() { if x = 1 { } }"),
        "to compare two values, use `==`"
    );
    assert_eq!(
        help("fn f() { while x > 1 print(x) }"),
        "the condition of `while` must be followed by a block `{ ... }`"
    );
    assert!(help("fn f() { print(\"hi) }").contains("strings are single-line"));
    assert_eq!(help("fn f() {\n"), "add the missing `}`");
    assert!(help("fn f() { let a = b = c }").starts_with("assignment is a statement"));
}

#[test]
fn unclosed_paren_points_at_the_opener() {
    let p = parse("fn f() {\n    let x = foo(1,\n        2\n    let y = 2\n}\n");
    let d = p.errors.iter().next().unwrap();
    assert_eq!(d.message, "expected `)` or `,`, found keyword `let`");
    assert_eq!(d.secondary.len(), 1);
    assert_eq!(p.text(d.secondary[0].span), "(");
}

#[test]
fn literal_and_escape_errors_are_precise_and_recoverable() {
    let src = "fn f() {\n    let a = 0x_ff + 1__0 + 1_\n    let b = 12ab + 0xfg\n    let c = 999999999999999999999999999999999999999999\n    let s = \"\\q {x}\"\n    let d = ''\n    let e = 'ab'\n    let u = \"\\u{110000}\"\n    let w = \"a } b\"\n}\nfn g() { }";
    let p = parse(src);
    assert_eq!(
        p.located(),
        vec![
            "2:15: `_` in a number must stand between two digits",
            "2:22: `_` in a number must stand between two digits",
            "2:29: `_` in a number must stand between two digits",
            "3:15: invalid digit `a` in decimal integer literal",
            "3:23: invalid digit `g` in hexadecimal integer literal",
            "4:13: integer literal is too large",
            "5:14: unknown character escape `\\q`",
            "6:13: empty character literal",
            "7:13: character literal may only contain one character",
            "8:14: invalid unicode escape",
            "9:16: unmatched `}` in string",
        ]
    );
    assert_eq!(p.module.items.len(), 2);
}

#[test]
fn interpolation_restrictions() {
    let p = parse("fn f() { print(\"{g(\"x\")}\") }");
    assert_eq!(
        p.messages(),
        vec!["a string literal cannot appear inside an interpolation"]
    );
    let p = parse("test \"n {x}\" { }");
    assert_eq!(
        p.messages(),
        vec!["a test name cannot contain interpolation"]
    );
}

#[test]
fn exclusive_range_pattern_is_an_error() {
    let p = parse("fn f() { match x { 1..5 => 1, _ => 2 } }");
    assert_eq!(
        p.messages(),
        vec!["exclusive range patterns are not allowed"]
    );
}

#[test]
fn pub_where_it_does_not_belong() {
    let p = parse("pub impl P { }\nimpl Q { pub fn f() { } }");
    let msgs: Vec<(bool, String)> = p
        .errors
        .sorted()
        .iter()
        .map(|d| (d.is_error(), d.message.clone()))
        .collect();
    assert_eq!(
        msgs,
        vec![
            (true, "`pub` is not allowed here".to_string()),
            (false, "`pub` is not needed on a method".to_string())
        ]
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = format!(
        "fn f() {{ let x = {}1{} }}",
        "(".repeat(5000),
        ")".repeat(5000)
    );
    let p = parse(&deep);
    assert_eq!(p.messages(), vec!["brackets are nested too deeply"]);
    let prefixes = format!("fn f() {{ let x = {}1 }}", "-".repeat(5000));
    assert!(parse(&prefixes).errors.has_errors());
    let returns = format!("fn f() {{ {}1 }}", "return ".repeat(3000));
    assert!(parse(&returns).errors.has_errors());
    let chain = format!("fn f() {{ let x = 1{} }}", " + 1".repeat(5000));
    assert_eq!(parse(&chain).messages(), vec!["expression is too long"]);
    let calls = format!("fn f() {{ let x = a{} }}", ".b()".repeat(5000));
    assert_eq!(parse(&calls).messages(), vec!["expression is too long"]);
    let fine = format!("fn f() {{ let x = 1{} }}", " + 1".repeat(300));
    assert!(parse(&fine).errors.is_empty());
    let ok = format!("fn f() {{ let x = {}1{} }}", "(".repeat(40), ")".repeat(40));
    assert!(parse(&ok).errors.is_empty());
}

#[test]
fn a_broken_item_after_a_comment_is_reported_once() {
    let p = parse("// about main\nfn main() {\n    let price = 3 $ 4\n}\n");
    assert_eq!(p.located(), vec!["3:19: unexpected character `$`"]);
}

#[test]
fn help_for_rust_habits() {
    let help = |src: &str| {
        let p = parse(src);
        let d = p.errors.iter().next().expect("an error");
        d.help.clone().unwrap_or_default()
    };
    // `use` and `const` end their line and may take a `;` as Rust's do; an item that ends
    // with `}` may not.
    assert_eq!(
        help("struct S { a: int };\nfn main() { }"),
        "items need no `;` after them; remove it"
    );
    assert_eq!(
        help("fn f() { match x { _ => n += 1 } }"),
        "assignment is a statement, not an expression; put it in a block: `{ n += ... }`"
    );
    // The item before the stray `;` and the one after it survive.
    assert_eq!(
        parse("struct S { a: int };\nfn main() { }")
            .module
            .items
            .len(),
        2
    );
}

#[test]
fn interpolation_mistakes() {
    assert_eq!(
        parse("fn f() { print(\"{}\") }").located(),
        vec!["1:17: empty interpolation `{}`"]
    );
    assert_eq!(
        parse("fn f() { print(\"{x\") }").located(),
        vec!["1:17: unclosed `{` in string"]
    );
    assert_eq!(
        parse("fn f() { print(\"a {\") }").located(),
        vec!["1:19: unclosed `{` in string"]
    );
    assert_eq!(
        parse("fn f() {\n    print(\"hi)\n}").located(),
        vec!["2:11: unterminated string literal"]
    );
    // A char literal holding a quote does not open a string.
    assert!(parse("fn f() { let c = '\"'; print(\"a\") }")
        .errors
        .is_empty());
}

#[test]
fn nested_closures_and_odd_collections() {
    assert_eq!(ex("|x| |y| x + y"), "(|x| (|y| (+ x y)))");
    assert_eq!(ex("[(1, 2): \"a\"]"), "[(tuple 1 2): \"a\"]");
    assert_eq!(
        stmts("x = if c { 1 } else { 2 }"),
        vec!["(= x (if c {1} else {2}))"]
    );
    assert_eq!(ex("\"{xs.len():>3}\""), "\"{(.len xs):>3}\"");
}

#[test]
fn function_types_as_results_and_a_byte_order_mark() {
    assert_eq!(
        items("\u{feff}fn make(n: int) -> fn(int) -> int { |x| x + n }"),
        vec!["fn make(n: int) -> fn(int) -> int {(|x| (+ x n))}"]
    );
    assert_eq!(
        items("fn apply(f: fn(int) -> int?, x: int) -> int? { f(x) }"),
        vec!["fn apply(f: fn(int) -> int?, x: int) -> int? {(call f x)}"]
    );
}

#[test]
fn item_level_syntax_errors() {
    let cases: &[(&str, &str)] = &[
        ("struct P { x }", "1:14: expected `:`, found `}`"),
        ("fn f(x int) {}", "1:8: expected `:`, found `int`"),
        (
            "impl P { let x = 1 }",
            "1:10: expected `fn` or `}`, found keyword `let`",
        ),
        ("use a.{b c}", "1:10: expected `,` or `}`, found `c`"),
        (
            "const X: int = 1 2",
            "1:18: expected `;` or a new line, found `2`",
        ),
        ("fn (x) {}", "1:4: expected a name, found `(`"),
        ("let x = 1", "1:1: expected an item, found keyword `let`"),
        (
            "fn f() { match x { 1 2 } }",
            "1:22: expected `=>` or `if`, found `2`",
        ),
    ];
    for (src, want) in cases {
        let p = parse(src);
        assert_eq!(
            p.located().first().map(String::as_str),
            Some(*want),
            "for {src:?}"
        );
    }
}

#[test]
fn items_named_after_builtins() {
    let p = parse("fn some(x: int) -> int { x }\nstruct ok { }\nenum err { A }\nimpl P { fn some(ref self) { } }\nfn f() { let err = 1 }");
    assert_eq!(
        p.located(),
        vec![
            "1:4: a function cannot be named `some`: it is a built-in",
            "2:8: a type cannot be named `ok`: it is a built-in",
            "3:6: a type cannot be named `err`: it is a built-in",
        ]
    );
    assert_eq!(p.module.items.len(), 5);
}

#[test]
fn upper_case_number_prefix() {
    let p = parse("fn f() { let x = 0X1F }");
    let d = p.errors.iter().next().unwrap();
    assert_eq!(d.message, "invalid digit `X` in decimal integer literal");
    assert_eq!(
        d.help.as_deref(),
        Some("number prefixes are lower case: `0x`")
    );
}

#[test]
fn closure_body_may_start_on_the_next_line() {
    assert_eq!(ex("xs.map(|x|\n    x + 1)"), "(.map xs (|x| (+ x 1)))");
    assert_eq!(
        ex("xs.fold(0, |acc, x|\n    acc + x\n)"),
        "(.fold xs 0 (|acc, x| (+ acc x)))"
    );
}

#[test]
fn several_errors_in_one_function() {
    let src = "fn main() {\n    let x = 1 2\n    let y = 3\n    match y {\n        A => n += 1\n        B => m = 2\n    }\n    xs.each(|x| total += x)\n    let (a, = x\n}\nfn after() { }\n";
    let p = parse(src);
    assert_eq!(
        p.located(),
        vec![
            "2:15: expected `;`, a new line or `}`, found `2`",
            "5:16: `+=` is an assignment, which cannot stand here",
            "6:16: `=` is an assignment, which cannot stand here",
            "8:23: `+=` is an assignment, which cannot stand here",
            "9:13: expected a pattern or `)`, found `=`",
        ]
    );
    // The broken function is left out; the next one is kept.
    assert_eq!(p.module.items.len(), 1);
}

#[test]
fn no_guessing_after_an_unclosed_bracket_or_a_broken_header() {
    // The error on line 3 comes from the `(` on line 2: later lines are not reported.
    let p = parse("fn main() {\n    let a = (1 + 2\n    a\n    let b = 1 2\n}\n");
    assert_eq!(p.located(), vec!["3:5: expected `)` or `,`, found `a`"]);
    // A line that opens a block is not blanked.
    let p = parse("fn main() {\n    if x = 1 {\n        let y = 1 2\n    }\n}\n");
    assert_eq!(p.located(), vec!["2:10: expected `{`, found `=`"]);
    let p = parse("fn main( {\n    let y = 1 2\n}\n");
    assert_eq!(p.located(), vec!["1:10: expected `)`, found `{`"]);
}

#[test]
fn struct_pattern_shorthand_declares_its_name() {
    let p = parse("fn f() { let P { spawn, .. } = p\n let P { x: y } = p }");
    assert_eq!(
        p.messages(),
        vec!["`spawn` is a reserved keyword and cannot be used as a name"]
    );
}

#[test]
fn unclosed_brace_names_its_item() {
    let p = parse("// about\npub fn main() {\n    let x = 1\n");
    let d = p.errors.iter().next().unwrap();
    assert_eq!(d.message, "unclosed `{`");
    assert_eq!(d.primary.message, "this `{` of `fn main` is never closed");
    let p = parse("impl[T] Stack[T] {\n  fn a() { }\n");
    assert_eq!(
        p.errors.iter().next().unwrap().primary.message,
        "this `{` of `impl[T] Stack[T]` is never closed"
    );
    let p = parse("fn f() { let x = { 1");
    assert_eq!(
        p.errors.iter().next().unwrap().primary.message,
        "this `{` is never closed"
    );
}

#[test]
fn use_and_const_may_end_with_a_semicolon() {
    let m = parse_ok("use geometry;\nconst LIMIT: int = 10;\n\nfn main() { }\n");
    assert_eq!(m.items.len(), 3);
}

#[test]
fn an_interpolation_cannot_run_onto_the_next_line() {
    let p = parse("fn main() {\n    print(\"{x\n}\")\n    print(\"{y // note\n}\")\n}\n");
    assert_eq!(
        p.located(),
        vec![
            "2:14: a line break cannot appear inside an interpolation",
            "4:22: a line break cannot appear inside an interpolation",
        ]
    );
}

#[test]
fn format_specs_are_checked() {
    for good in [
        "?", "#?", ">8", "*^10", "08.3", ".2", "+e", "x", "#x", "<4", "-5",
    ] {
        let src = format!("fn main() {{\n    print(\"{{v:{good}}}\")\n}}\n");
        assert!(parse(&src).errors.is_empty(), "`{good}` should be accepted");
    }
    let p = parse("fn main() {\n    print(\"{v:zzz}\")\n}\n");
    assert_eq!(p.located(), vec!["2:15: invalid format spec `zzz`"]);
    assert!(!parse("fn main() { print(\"{v:.}\") }").errors.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Structured concurrency: `scope`, `spawn`, `join`

#[test]
fn spawn_and_join_bind_like_prefix_operators() {
    assert_eq!(ex("join a + join b"), "(+ (join a) (join b))");
    assert_eq!(ex("spawn fetch(1)"), "(spawn (call fetch 1))");
    assert_eq!(ex("spawn xs.len() * 2"), "(* (spawn (.len xs)) 2)");
    assert_eq!(ex("join tasks.pop()?"), "(join (? (.pop tasks)))");
    assert_eq!(ex("-join a"), "(- (join a))");
    assert_eq!(ex("join (spawn f())"), "(join (paren (spawn (call f))))");
}

#[test]
fn spawn_takes_a_block_and_scope_is_an_expression() {
    assert_eq!(ex("spawn { f(2) * 2 }"), "(spawn {(* (call f 2) 2)})");
    assert_eq!(
        stmts("let t = scope {\n    let a = spawn f(1)\n    join a\n}"),
        vec!["(let t = (scope {(let a = (spawn (call f 1))); (join a)}))"]
    );
    assert_eq!(ex("scope {}"), "(scope {})");
    // The keyword is followed by the block, possibly on the next line as for `loop`.
    assert_eq!(ex("scope\n{ 1 }"), "(scope {1})");
}

#[test]
fn concurrency_words_stay_reserved_as_names() {
    let p = parse("fn main() {\n    let spawn = 1\n    let join = 2\n    let scope = 3\n}\n");
    let msgs = p.messages();
    assert_eq!(msgs.len(), 3, "{msgs:?}");
    assert!(msgs.iter().all(|m| m.contains("reserved")), "{msgs:?}");
    // A method named `join` is not the prefix operator.
    assert_eq!(ex("xs.join(\", \")"), "(.join xs \", \")");
}

// ---------------------------------------------------------------------------------------------
// Duration literals

#[test]
fn duration_literals_keep_their_amount_unit_and_text() {
    let p = parse("fn f() {\n    let d = 1_000ms\n}");
    assert!(p.errors.is_empty(), "{:?}", p.messages());
    assert_eq!(ex("10ms"), "10ms");
    assert_eq!(ex("2s + 500us"), "(+ 2s 500us)");
    assert_eq!(ex("1m"), "1m");
    let Some(aurora_grammar::ast::ItemKind::Fn(f)) = p.module.items.first().map(|i| &i.kind) else {
        panic!("expected a function");
    };
    let body = format!("{:?}", f.body);
    assert!(body.contains("amount: 1000"), "{body}");
    assert!(body.contains("unit: Millis"), "{body}");
    assert!(body.contains("text: \"1_000ms\""), "{body}");
}

#[test]
fn duration_literal_errors_point_at_the_literal() {
    let p = parse(
        "fn f() {\n    let a = 3h\n    let b = 99999999999999999999s\n    let c = 1__0ms\n    let d = 12ab\n}",
    );
    assert_eq!(
        p.located(),
        vec![
            "2:14: unknown duration unit `h`",
            "3:13: duration literal is too large",
            "4:14: `_` in a number must stand between two digits",
            "5:15: invalid digit `a` in decimal integer literal",
        ]
    );
}

#[test]
fn cancel_and_yield_are_expressions_of_their_own() {
    assert_eq!(
        stmts("scope {\n    yield\n    cancel\n}"),
        vec!["(scope {yield; cancel})"]
    );
    let p = parse("fn main() {\n    let cancel = 1\n    let yield = 2\n}\n");
    let msgs = p.messages();
    assert_eq!(msgs.len(), 2, "{msgs:?}");
    assert!(msgs.iter().all(|m| m.contains("reserved")), "{msgs:?}");
    // A method named `cancel` is a method.
    assert_eq!(ex("h.cancel()"), "(.cancel h)");
}

#[test]
fn a_scope_may_take_a_timeout() {
    assert_eq!(
        ex("scope(timeout: 2s) {\n    1\n}"),
        "(scope timeout 2s {1})"
    );
    assert_eq!(
        ex("scope(timeout: t + 1ms) { }"),
        "(scope timeout (+ t 1ms) {})"
    );
    assert!(!parse("fn f() {\n    scope(until: 2s) { }\n}")
        .errors
        .is_empty());
}

#[test]
fn a_scope_may_take_a_deadline_and_cancel_may_take_a_task() {
    assert_eq!(
        ex("scope(deadline: start + 2s) {\n    1\n}"),
        "(scope deadline (+ start 2s) {1})"
    );
    assert_eq!(
        stmts("scope {\n    cancel h\n    cancel\n    cancel tasks[0]\n}"),
        vec!["(scope {(cancel h); cancel; (cancel (index tasks 0))})"]
    );
    // `cancel` binds like `join`.
    assert_eq!(ex("cancel a + 1"), "(+ (cancel a) 1)");
}

#[test]
fn guard_blocks_bind_their_value() {
    assert_eq!(
        ex("lock counter as c {\n    c += 1\n}"),
        "(lock counter as c {(+= c 1)})"
    );
    assert_eq!(
        ex("read self.table as t { t.len() }"),
        "(read (. self table) as t {(.len t)})"
    );
    assert_eq!(
        ex("write shards[i] as s { s.push(1) }"),
        "(write (index shards i) as s {(.push s 1)})"
    );
    // `read` and `write` are names elsewhere; the `as` after the target is the guard's.
    assert_eq!(ex("read(x)"), "(call read x)");
    assert_eq!(ex("write + 1"), "(+ write 1)");
    // The bound name is a binding: a reserved word is rejected.
    assert!(!parse("fn f() {\n    lock m as spawn { }\n}")
        .errors
        .is_empty());
}

#[test]
fn sharing_types_wrap_the_type_after_them() {
    assert_eq!(ty_of("shared Config"), "(shared Config)");
    assert_eq!(ty_of("local cell [int]"), "(local (cell [int]))");
    assert_eq!(ty_of("ref shared mutex[int]"), "ref (shared mutex[int])");
    assert_eq!(ty_of("shared int?"), "(shared int?)");
    assert_eq!(ty_of("(shared int)?"), "(shared int)?");
    assert_eq!(ty_of("atomic[u8]"), "atomic[u8]");
    // Alone, the words are ordinary type names.
    assert_eq!(ty_of("shared"), "shared");
}

#[test]
fn supervisor_is_a_scope_only_before_scope() {
    assert_eq!(
        stmts("supervisor scope {\n    spawn f(1)\n}"),
        vec!["(supervisor scope {(spawn (call f 1))})"]
    );
    // Elsewhere `supervisor` is an ordinary name.
    assert_eq!(ex("supervisor + 1"), "(+ supervisor 1)");
}

#[test]
fn task_locals_are_declared_and_bound_with_with() {
    let p = parse("task_local REQUEST: str = \"none\"\npub task_local DEPTH: int = 0\n");
    assert!(p.errors.is_empty(), "{:?}", p.messages());
    assert_eq!(
        stmts("with DEPTH = DEPTH + 1 {\n    f()\n}"),
        vec!["(with DEPTH (+ DEPTH 1) {(call f)})"]
    );
    assert_eq!(ex("with log.LEVEL = 2 { 1 }"), "(with (. log LEVEL) 2 {1})");
    // `task_local` is a word of its own only at the start of an item.
    assert_eq!(ex("task_local + 1"), "(+ task_local 1)");
}

#[test]
fn select_arms_parse_in_order() {
    assert_eq!(
        ex("select {\n    recv(rx) -> v => f(v),\n    send(tx, 1) => {}\n    after(10ms) => g()\n}"),
        "(select (recv rx -> v => (call f v)) (send tx 1 => {}) (after 10ms => (call g)))"
    );
    assert_eq!(
        ex("select biased {\n    recv(quit) => 0\n    default => 1\n}"),
        "(select biased (recv quit => 0) (default => 1))"
    );
}

#[test]
fn close_is_a_word_only_before_a_name() {
    assert_eq!(stmts("close tx"), vec!["(close tx)"]);
    // A variable named `close` still works where no name follows on the line.
    assert_eq!(ex("close + 1"), "(+ close 1)");
    assert_eq!(ex("close(1)"), "(call close 1)");
}
