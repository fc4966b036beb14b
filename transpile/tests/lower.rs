//! Lowering: small Aurora programs and the exact Rust they become (docs/language.md, the
//! "Rust it becomes" paragraphs). The text is what `transpile_str` returns, less the
//! `@generated` header line.

use std::path::Path;

fn rust(src: &str) -> String {
    let t = match aurora_transpile::transpile_str(Path::new("t.aur"), src) {
        Ok(t) => t,
        Err(f) => panic!("transpile failed:\n{}", f.render(false)),
    };
    let code = &t.modules[0].code;
    let body = code
        .split_once("\n\n")
        .map_or(code.as_str(), |(_, rest)| rest);
    body.to_string()
}

#[track_caller]
fn check(src: &str, expected: &str) {
    let got = rust(src);
    assert_eq!(got.trim_end(), expected.trim_end(), "\n--- got ---\n{got}");
}

#[test]
fn integer_arithmetic_wraps_and_literals_are_typed() {
    check(
        "fn main() {\n    let x = 5\n    var y = x * 2 + 1\n    y -= x\n    print(y)\n    print(-y)\n}\n",
        r#"fn main() {
    let x: i64 = 5;
    let mut y = x.wrapping_mul(2).wrapping_add(1);
    y = y.wrapping_sub(x);
    println!("{y}");
    println!("{}", y.wrapping_neg());
}"#,
    );
}

#[test]
fn a_fork_join_alone_imports_no_rayon_traits() {
    check(
        "fn f(n: int) -> int { n }\nfn main() {\n    let (a, b) = par (f(1), f(2))\n    print(a + b)\n}\n",
        r#"fn f(n: i64) -> i64 {
    n
}

fn main() {
    let (a, b) = aurora_std::rayon::join(|| f(1), || f(2));
    println!("{}", a.wrapping_add(b));
}"#,
    );
}

#[test]
fn constant_arithmetic_stays_plain() {
    check(
        "const LIMIT: int = 10 * 1000\nfn main() {\n    let (q, r) = (17 / 5, 17 % 5)\n    print(q + r + LIMIT)\n    print(1 << 40)\n}\n",
        r#"const LIMIT: i64 = 10 * 1000;

fn main() {
    let (q, r): (i64, i64) = (17 / 5, 17 % 5);
    println!("{}", q.wrapping_add(r).wrapping_add(LIMIT));
    println!("{}", 1_i64 << 40);
}"#,
    );
}

#[test]
fn literal_receivers_and_ranges_get_a_suffix() {
    check(
        "fn main() {\n    print(5.pow(2))\n    for i in 0..3 { print(i * i) }\n    print(2.0.sqrt())\n}\n",
        r#"fn main() {
    println!("{}", 5_i64.wrapping_pow(2));
    for i in 0_i64..3 {
        println!("{}", i.wrapping_mul(i));
    }
    println!("{}", 2.0_f64.sqrt());
}"#,
    );
}

#[test]
fn keywords_become_raw_identifiers() {
    check(
        "struct Token { type: str }\nfn move(dyn: int) -> int { dyn + 1 }\nfn main() {\n    let t = Token { type: \"x\" }\n    print(t.type)\n    print(move(1))\n}\n",
        r#"#[derive(Debug, Clone, PartialEq)]
struct Token {
    r#type: String,
}

fn r#move(r#dyn: i64) -> i64 {
    r#dyn.wrapping_add(1)
}

fn main() {
    let t = Token {
        r#type: String::from("x"),
    };
    println!("{}", t.r#type);
    println!("{}", r#move(1));
}"#,
    );
}

#[test]
fn strings_are_escaped_and_braces_doubled() {
    check(
        "fn main() {\n    let s = \"\\\"); panic!(\\\"x\"\n    print(\"{s} {{literal}} {s:?}\")\n    print(\"{1 + 1}\")\n}\n",
        r#"fn main() {
    let s = String::from("\"); panic!(\"x");
    println!("{s} {{literal}} {s:?}");
    println!("{}", 1_i64 + 1);
}"#,
    );
}

#[test]
fn no_needless_return_and_tails_stay_tails() {
    check(
        "fn clamp(x: int, lo: int, hi: int) -> int {\n    if x < lo { return lo }\n    if x > hi { return hi } else { return x }\n}\nfn main() { print(clamp(5, 0, 3)) }\n",
        r#"fn clamp(x: i64, lo: i64, hi: i64) -> i64 {
    if x < lo {
        return lo;
    }
    if x > hi {
        hi
    } else {
        x
    }
}

fn main() {
    println!("{}", clamp(5, 0, 3));
}"#,
    );
}

#[test]
fn parentheses_come_from_precedence() {
    check(
        "fn f(a: float, b: float, c: float) -> float { ((a + b)) * c - (a * b) }\nfn main() { print(f(1.0, 2.0, 3.0)) }\n",
        r#"fn f(a: f64, b: f64, c: f64) -> f64 {
    (a + b) * c - a * b
}

fn main() {
    println!("{}", f(1.0, 2.0, 3.0));
}"#,
    );
}

#[test]
fn for_loops_borrow_collection_variables() {
    check(
        "fn main() {\n    let xs = [1, 2]\n    let names = [\"a\", \"b\"]\n    let m = [\"k\": 1]\n    for x in xs { print(x) }\n    for n in names { print(n) }\n    for (k, v) in m { print(\"{k}={v}\") }\n    print(xs.len())\n}\n",
        r#"use std::collections::HashMap;

fn main() {
    let xs: Vec<i64> = vec![1, 2];
    let names = vec![String::from("a"), String::from("b")];
    let m: HashMap<String, i64> = HashMap::from([(String::from("k"), 1)]);
    for &x in &xs {
        println!("{x}");
    }
    for n in &names {
        println!("{n}");
    }
    for (k, &v) in &m {
        println!("{k}={v}");
    }
    println!("{}", xs.len() as i64);
}"#,
    );
}

#[test]
fn indexing_casts_int_indexes_and_maps_use_entries() {
    check(
        "fn main() {\n    var xs = [1, 2, 3]\n    let i = 1\n    xs[i] += 10\n    xs[0] = xs[i]\n    var m: Map[str, int] = [:]\n    m[\"a\"] = 1\n    m[\"a\"] += 2\n    print(m[\"a\"])\n    print(xs[0])\n}\n",
        r#"use std::collections::HashMap;

fn main() {
    let mut xs = [1_i64, 2, 3];
    let i: i64 = 1;
    xs[i as usize] = xs[i as usize].wrapping_add(10);
    xs[0] = xs[i as usize];
    let mut m: HashMap<String, i64> = HashMap::new();
    m.insert(String::from("a"), 1);
    {
        let slot = m.entry(String::from("a")).or_default();
        *slot = slot.wrapping_add(2);
    }
    println!("{}", m["a"]);
    println!("{}", xs[0]);
}"#,
    );
}

#[test]
fn enums_patterns_and_options() {
    check(
        "enum Shape { Circle(float), Rect { w: float, h: float }, Empty }\nfn area(s: ref Shape) -> float {\n    match s {\n        Shape.Circle(r) => r * r\n        Shape.Rect { w, h } => w * h\n        Shape.Empty => 0.0\n    }\n}\nfn first(xs: ref [int]) -> int? {\n    if xs.is_empty() { none } else { some(xs[0]) }\n}\nfn main() {\n    print(area(ref Shape.Circle(1.0)))\n    if let some(x) = first(ref [1]) { print(x) }\n}\n",
        r#"#[derive(Debug, Clone, PartialEq)]
enum Shape {
    Circle(f64),
    Rect { w: f64, h: f64 },
    Empty,
}

fn area(s: &Shape) -> f64 {
    match s {
        Shape::Circle(r) => *r * *r,
        Shape::Rect { w, h } => *w * *h,
        Shape::Empty => 0.0,
    }
}

fn first(xs: &[i64]) -> Option<i64> {
    if xs.is_empty() {
        None
    } else {
        Some(xs[0])
    }
}

fn main() {
    println!("{}", area(&Shape::Circle(1.0)));
    if let Some(x) = first(&[1]) {
        println!("{x}");
    }
}"#,
    );
}

#[test]
fn string_matches_use_as_str() {
    check(
        "fn kind(s: str) -> int {\n    match s {\n        \"a\" | \"b\" => 1\n        _ => 0\n    }\n}\nfn main() { print(kind(\"a\")) }\n",
        r#"fn kind(s: String) -> i64 {
    match s.as_str() {
        "a" | "b" => 1,
        _ => 0,
    }
}

fn main() {
    println!("{}", kind(String::from("a")));
}"#,
    );
}

#[test]
fn methods_self_params_and_paths() {
    check(
        "struct P { x: int }\nimpl P {\n    fn new(x: int) -> P { P { x } }\n    fn get(ref self) -> int { self.x }\n    fn bump(mut self) { self.x += 1 }\n}\nfn main() {\n    var p = P.new(1)\n    p.bump()\n    print(p.get())\n}\n",
        r#"#[derive(Debug, Clone, PartialEq)]
struct P {
    x: i64,
}

impl P {
    fn new(x: i64) -> P {
        P { x }
    }

    fn get(&self) -> i64 {
        self.x
    }

    fn bump(&mut self) {
        self.x = self.x.wrapping_add(1);
    }
}

fn main() {
    let mut p = P::new(1);
    p.bump();
    println!("{}", p.get());
}"#,
    );
}

#[test]
fn closures_returned_from_functions_move() {
    check(
        "fn adder(n: int) -> fn(int) -> int { |x| x + n }\nfn apply(f: fn(int) -> int, x: int) -> int { f(x) }\nfn main() { print(apply(adder(1), 2)) }\n",
        r#"fn adder(n: i64) -> impl Fn(i64) -> i64 {
    move |x| x.wrapping_add(n)
}

fn apply(f: impl Fn(i64) -> i64, x: i64) -> i64 {
    f(x)
}

fn main() {
    println!("{}", apply(adder(1), 2));
}"#,
    );
}

#[test]
fn generics_bounds_and_unused_var_mutability() {
    check(
        "fn big[T: Ord + Share + Hash](a: T, b: T) -> T { if a > b { a } else { b } }\nfn main() {\n    var never_changed = 1\n    print(big(1, 2) + never_changed)\n}\n",
        r#"fn big<T: Ord + Sync + std::hash::Hash>(a: T, b: T) -> T {
    if a > b {
        a
    } else {
        b
    }
}

fn main() {
    let never_changed: i64 = 1;
    println!("{}", big(1_i64, 2).wrapping_add(never_changed));
}"#,
    );
}

#[test]
fn tests_become_a_cfg_test_module() {
    check(
        "fn add(a: int, b: int) -> int { a + b }\ntest \"Add is commutative!\" { assert_eq(add(2, 3), add(3, 2)) }\ntest \"add is commutative\" { assert(add(1, 1) == 2, \"one and one\") }\n",
        r#"fn add(a: i64, b: i64) -> i64 {
    a.wrapping_add(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_is_commutative() {
        assert_eq!(add(2, 3), add(3, 2));
    }

    #[test]
    fn add_is_commutative_2() {
        assert!(add(1, 1) == 2, "one and one");
    }
}"#,
    );
}

#[test]
fn builtins_of_str_and_lists() {
    check(
        "fn main() {\n    let s = \"  a b  \"\n    var ws = s.words()\n    ws.sort()\n    print(s.trim())\n    print(s.to_upper())\n    print(ws.contains(\"a\"))\n    print(\"{s.parse_int():?}\")\n    for w in s.words() { print(w) }\n}\n",
        r#"fn main() {
    let s = String::from("  a b  ");
    let mut ws = s.split_whitespace().map(String::from).collect::<Vec<_>>();
    ws.sort();
    println!("{}", s.trim());
    println!("{}", s.to_uppercase());
    println!("{}", ws.iter().any(|s| s == "a"));
    println!("{:?}", s.trim().parse::<i64>().ok());
    for w in s.split_whitespace() {
        println!("{w}");
    }
}"#,
    );
}

#[test]
fn bindings_matched_through_a_borrow_are_dereferenced() {
    check(
        "enum T { Leaf(int), Pair(int, int) }\nfn get(t: ref T) -> int {\n    match t {\n        T.Leaf(v) => v\n        T.Pair(a, _) => a\n    }\n}\nfn main() {\n    var s = \"\"\n    s += \"-\"\n    s += \"ab\"\n    print(s)\n    print(get(ref T.Leaf(1)))\n    print(!(get(ref T.Pair(1, 2)) > 0))\n}\n",
        r#"#[derive(Debug, Clone, PartialEq)]
enum T {
    Leaf(i64),
    Pair(i64, i64),
}

fn get(t: &T) -> i64 {
    match t {
        T::Leaf(v) => *v,
        T::Pair(a, _) => *a,
    }
}

fn main() {
    let mut s = String::new();
    s.push('-');
    s.push_str("ab");
    println!("{s}");
    println!("{}", get(&T::Leaf(1)));
    println!("{}", get(&T::Pair(1, 2)) <= 0);
}"#,
    );
}

#[test]
fn lists_used_only_as_slices_are_arrays() {
    check(
        "fn total(xs: ref [int]) -> int { xs.sum() }\nfn main() {\n    let a = [\"x\", \"y\"]\n    print(a.join(\"+\"))\n    let b = [1, 2]\n    print(total(ref b))\n    var c = [3]\n    c.push(4)\n    print(c.len())\n}\n",
        r#"fn total(xs: &[i64]) -> i64 {
    xs.iter().sum::<i64>()
}

fn main() {
    let a = [String::from("x"), String::from("y")];
    println!("{}", a.join("+"));
    let b = [1_i64, 2];
    println!("{}", total(&b));
    let mut c: Vec<i64> = vec![3];
    c.push(4);
    println!("{}", c.len() as i64);
}"#,
    );
}

#[test]
fn list_chains_collect_once() {
    check(
        "struct Pair[A, B] { a: A, b: B }\nfn main() {\n    let xs = [1, 2, 3]\n    let ys = xs.map(|x| x * 10).filter(|x| x > 10)\n    print(\"{ys:?} {xs.map(|x| x + 1).sum()}\")\n    for y in xs.filter(|x| x != 2) { print(y) }\n    let p = Pair { a: 1, b: 2.5 }\n    print(p.a)\n}\n",
        r#"#[derive(Debug, Clone, PartialEq)]
struct Pair<A, B> {
    a: A,
    b: B,
}

fn main() {
    let xs = [1_i64, 2, 3];
    let ys = xs
        .iter()
        .copied()
        .map(|x| x.wrapping_mul(10))
        .filter(|&x| x > 10)
        .collect::<Vec<_>>();
    println!(
        "{ys:?} {}",
        xs.iter().copied().map(|x| x.wrapping_add(1)).sum::<i64>()
    );
    for y in xs.iter().copied().filter(|&x| x != 2) {
        println!("{y}");
    }
    let p = Pair {
        a: 1_i64,
        b: 2.5_f64,
    };
    println!("{}", p.a);
}"#,
    );
}

#[test]
fn clippy_shapes_of_common_code() {
    check(
        "fn bump(xs: mut [int]) { xs[0] += 1 }\nfn grow(xs: mut [int]) { xs.push(1) }\nfn main() {\n    var names: [str] = []\n    names.push(\"a\")\n    names.push(\"b\")\n    let first = names[0]\n    var xs = [1]\n    bump(mut xs)\n    grow(mut xs)\n    let o: int? = none\n    let empty = xs.is_empty()\n    if o == none && empty == false { print(first) }\n}\n",
        r#"fn bump(xs: &mut [i64]) {
    xs[0] = xs[0].wrapping_add(1);
}

fn grow(xs: &mut Vec<i64>) {
    xs.push(1);
}

fn main() {
    let names: Vec<String> = vec![String::from("a"), String::from("b")];
    let first = names[0].clone();
    let mut xs: Vec<i64> = vec![1];
    bump(&mut xs);
    grow(&mut xs);
    let o: Option<i64> = None;
    let empty = xs.is_empty();
    if o.is_none() && !empty {
        println!("{first}");
    }
}"#,
    );
}

#[test]
fn temporaries_passed_to_ref_parameters_are_borrowed() {
    check(
        "fn greet(name: ref str) -> int {\n    name.len()\n}\n\nfn total(xs: ref [int]) -> int {\n    xs.len()\n}\n\nfn main() {\n    print(greet(\"Ada\"))\n    print(total([1, 2]))\n    print(greet(\"x\".to_upper()))\n}\n",
        r#"fn greet(name: &str) -> i64 {
    name.len() as i64
}

fn total(xs: &[i64]) -> i64 {
    xs.len() as i64
}

fn main() {
    println!("{}", greet("Ada"));
    println!("{}", total(&[1, 2]));
    println!("{}", greet(&"x".to_uppercase()));
}"#,
    );
}

/// Nesting just inside the parser's limits must transpile even when the caller's thread has a
/// small stack (test threads and build scripts get 2 MiB).
#[test]
fn deep_nesting_transpiles_on_a_small_caller_stack() {
    let src = format!(
        "fn main() {{\n    let x = {}1{}\n    let y = 1{}\n    print(x + y)\n}}\n",
        "(".repeat(140),
        ")".repeat(140),
        " + 1".repeat(400)
    );
    let result = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            aurora_transpile::transpile_str(Path::new("deep.aur"), &src)
                .map(|_| ())
                .map_err(|f| f.render(false))
        })
        .unwrap()
        .join()
        .unwrap();
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn a_closure_returning_a_bare_literal_returns_int() {
    check(
        "fn main() {\n    let answer = || 42\n    let x: u8 = 7\n    let small = || x\n    print(answer() + small() as int)\n}\n",
        r#"fn main() {
    let answer = || 42_i64;
    let x: u8 = 7;
    let small = || x;
    println!("{}", answer().wrapping_add(small() as i64));
}"#,
    );
}

// ---------------------------------------------------------------------------------------------
// Structured concurrency (docs/runtime.md §2)

#[test]
fn scope_spawn_join_lower_to_the_runtime() {
    check(
        "fn f(n: int) -> int {\n    n\n}\nfn main() {\n    let total = scope {\n        let a = spawn f(1)\n        let b = spawn { f(2) * 2 }\n        join a + join b\n    }\n    print(total)\n}\n",
        r#"use aurora_std::OrUnwind;

fn f(n: i64) -> i64 {
    n
}

fn main() {
    let total = aurora_std::scope(|s| {
        let a = s.spawn_at("t.aur:6:17", |_| f(1));
        let b = s.spawn_at("t.aur:7:17", |_| f(2).wrapping_mul(2));
        a.join().or_unwind().wrapping_add(b.join().or_unwind())
    });
    println!("{total}");
}"#,
    );
}

#[test]
fn a_task_that_takes_a_value_and_borrows_another_is_a_plain_closure() {
    check(
        "fn take(s: str, xs: ref [int]) -> int {\n    s.len() + xs.len()\n}\nfn main() {\n    let xs = [1, 2]\n    let name = \"ab\"\n    let n = scope {\n        let t = spawn take(name, ref xs)\n        join t\n    }\n    print(\"{n} {xs[0]}\")\n}\n",
        r#"use aurora_std::OrUnwind;

fn take(s: String, xs: &[i64]) -> i64 {
    (s.len() as i64).wrapping_add(xs.len() as i64)
}

fn main() {
    let xs = [1_i64, 2];
    let name = String::from("ab");
    let n = aurora_std::scope(|s| {
        let t = s.spawn_at("t.aur:8:17", |_| take(name, &xs));
        t.join().or_unwind()
    });
    println!("{n} {}", xs[0]);
}"#,
    );
}

#[test]
fn a_task_that_spawns_names_its_scope_parameter_and_s_is_renamed_when_taken() {
    check(
        "fn main() {\n    let s = 1\n    scope {\n        spawn {\n            spawn print(s);\n        };\n    }\n}\n",
        r#"fn main() {
    let s: i64 = 1;
    aurora_std::scope(|scope| {
        scope.spawn_at("t.aur:4:9", |scope| {
            scope.spawn_at("t.aur:5:13", |_| println!("{s}"));
        });
    });
}"#,
    );
}

#[test]
fn a_task_that_takes_a_scope_local_moves_and_borrows_the_rest_explicitly() {
    check(
        "fn main() {\n    let xs = [1, 2]\n    let total = scope {\n        let k = 3\n        let t = spawn { xs.len() + k }\n        join t\n    }\n    print(\"{total} {xs[0]}\")\n}\n",
        r#"use aurora_std::OrUnwind;

fn main() {
    let xs = [1_i64, 2];
    let total = aurora_std::scope(|s| {
        let k: i64 = 3;
        let t = {
            let xs = &xs;
            s.spawn_at("t.aur:5:17", move |_| (xs.len() as i64).wrapping_add(k))
        };
        t.join().or_unwind()
    });
    println!("{total} {}", xs[0]);
}"#,
    );
}

#[test]
fn a_scope_that_ends_with_a_spawn_has_no_value() {
    check(
        "fn work(n: int) {\n    print(n)\n}\nfn main() {\n    scope {\n        spawn work(1)\n    }\n}\n",
        r#"fn work(n: i64) {
    println!("{n}");
}

fn main() {
    aurora_std::scope(|s| {
        s.spawn_at("t.aur:6:9", |_| work(1));
    });
}"#,
    );
}

#[test]
fn tasks_take_closure_parameters_and_borrow_what_they_modify() {
    check(
        "fn main() {\n    let names = [\"a\", \"b\"]\n    var count = 0\n    let n = scope {\n        let f = |k: int| spawn { k * 2 }\n        let h = f(21)\n        spawn {\n            count += names.len()\n        };\n        join h\n    }\n    print(\"{n} {count}\")\n}\n",
        r#"use aurora_std::OrUnwind;

fn main() {
    let names = [String::from("a"), String::from("b")];
    let mut count: i64 = 0;
    let n = aurora_std::scope(|s| {
        let f = |k: i64| s.spawn_at("t.aur:5:26", move |_| k.wrapping_mul(2));
        let h = f(21);
        s.spawn_at("t.aur:7:9", |_| {
            count = count.wrapping_add(names.len() as i64);
        });
        h.join().or_unwind()
    });
    println!("{n} {count}");
}"#,
    );
}

// ---------------------------------------------------------------------------------------------
// Durations

#[test]
fn duration_literals_lower_to_std_duration() {
    check(
        "fn wait(d: duration) -> duration {\n    d\n}\nfn main() {\n    let a = wait(10ms)\n    let b = [2s, 500us, 1m, 1_000ms]\n    print(a < b[0])\n}\n",
        r#"use std::time::Duration;

fn wait(d: Duration) -> Duration {
    d
}

fn main() {
    let a = wait(Duration::from_millis(10));
    let b = [
        Duration::from_secs(2),
        Duration::from_micros(500),
        Duration::from_secs(60),
        Duration::from_millis(1000),
    ];
    println!("{}", a < b[0]);
}"#,
    );
}

#[test]
fn cancellation_points_lower_to_the_runtime() {
    check(
        "fn main() {\n    scope {\n        spawn {\n            sleep(10ms)\n            cancel\n        }\n        while !cancelled() {\n            yield\n        }\n        check_cancel()\n    }\n}\n",
        r#"use aurora_std::OrUnwind;
use std::time::Duration;

fn main() {
    aurora_std::scope_with_deadline(aurora_std::Deadline::never(), |s| {
        s.spawn_at("t.aur:3:9", |s| {
            aurora_std::sleep(Duration::from_millis(10)).or_unwind();
            s.cancel();
        });
        while !aurora_std::cancelled() {
            aurora_std::yield_now().or_unwind();
        }
        aurora_std::check_cancel().or_unwind();
    })
    .unwrap_or_default();
}"#,
    );
}

#[test]
fn a_timed_scope_lowers_to_scope_with_timeout_ok() {
    check(
        "fn main() {\n    let r = scope(timeout: 2s) {\n        7\n    }\n    print(r.is_some())\n}\n",
        r#"use std::time::Duration;

fn main() {
    let r = aurora_std::scope_with_timeout(Duration::from_secs(2), |_| -> i64 { 7 }).ok();
    println!("{}", r.is_some());
}"#,
    );
}

#[test]
fn a_duration_prints_in_its_debug_form() {
    check(
        "fn main() {\n    let d = 10ms\n    print(d)\n    print(\"after {d + 2s}\")\n}\n",
        r#"use std::time::Duration;

fn main() {
    let d = Duration::from_millis(10);
    println!("{d:?}");
    println!("after {:?}", d + Duration::from_secs(2));
}"#,
    );
}

#[test]
fn a_task_s_literal_value_has_its_aurora_type() {
    check(
        "fn main() {\n    scope {\n        let a = spawn { 20 }\n        let b = spawn 2\n        let c = spawn { none }\n        print(join a + 1 + join b)\n        let v: int? = join c\n        print(v.is_none())\n    }\n}\n",
        r#"use aurora_std::OrUnwind;

fn main() {
    aurora_std::scope(|s| {
        let a = s.spawn_at("t.aur:3:17", |_| -> i64 { 20 });
        let b = s.spawn_at("t.aur:4:17", |_| 2_i64);
        let c = s.spawn_at("t.aur:5:17", |_| None);
        println!(
            "{}",
            a.join()
                .or_unwind()
                .wrapping_add(1)
                .wrapping_add(b.join().or_unwind()),
        );
        let v: Option<i64> = c.join().or_unwind();
        println!("{}", v.is_none());
    });
}"#,
    );
}

#[test]
fn a_field_of_an_element_is_copied_out() {
    check(
        "struct P {\n    name: str,\n}\nfn main() {\n    let ps = [P { name: \"a\" }]\n    var x = ps[0].name\n    x += \"!\"\n    print(\"{x} {ps[0].name}\")\n}\n",
        r#"#[derive(Debug, Clone, PartialEq)]
struct P {
    name: String,
}

fn main() {
    let ps = [P {
        name: String::from("a"),
    }];
    let mut x = ps[0].name.clone();
    x.push('!');
    println!("{x} {}", ps[0].name);
}"#,
    );
}

#[test]
fn spawn_sites_name_the_source_location_or_are_masked() {
    let src = "fn main() {\n    scope {\n        spawn print(1)\n    }\n}\n";
    assert!(rust(src).contains(r#"s.spawn_at("t.aur:3:9", "#));
    let options = aurora_transpile::Options {
        mask_sites: true,
        ..Default::default()
    };
    let masked = aurora_transpile::transpile_str_with(Path::new("t.aur"), src, options).unwrap();
    assert!(masked.modules[0]
        .code
        .contains(r#"s.spawn_at("<spawn site>", "#));
}

#[test]
fn a_deadline_scope_and_cancel_of_one_task_lower_to_the_runtime() {
    check(
        "fn main() {\n    let t = now() + 20ms\n    let r = scope(deadline: t) {\n        let h = spawn { sleep(1m) }\n        cancel h\n        1\n    }\n    print(r.is_none())\n}\n",
        r#"use aurora_std::OrUnwind;
use std::time::Duration;

fn main() {
    let t = std::time::Instant::now() + Duration::from_millis(20);
    let r = aurora_std::scope_with_deadline(aurora_std::Deadline::at(t), |s| -> i64 {
        let h = s.spawn_at("t.aur:4:17", |_| {
            aurora_std::sleep(Duration::from_secs(60)).or_unwind();
        });
        h.cancel();
        1
    })
    .ok();
    println!("{}", r.is_none());
}"#,
    );
}

#[test]
fn a_lock_block_holds_its_guard_for_the_block() {
    check(
        "fn bump(m: ref mutex[int]) -> int {\n    lock m as v {\n        v += 1\n    }\n    let n = lock m as v { v }\n    n\n}\n",
        r#"use std::sync::Mutex;

fn bump(m: &Mutex<i64>) -> i64 {
    {
        let mut v = m.lock().unwrap();
        *v = v.wrapping_add(1);
    }
    let n = {
        let v = m.lock().unwrap();
        *v
    };
    n
}"#,
    );
}

#[test]
fn atomic_operations_name_their_ordering() {
    check(
        "fn main() {\n    let a = atomic(0)\n    a.add(2, order: relaxed)\n    match a.compare_exchange(2, 5, order: release) {\n        ok(_) => print(a.load(order: acquire)),\n        err(_) => print(\"no\"),\n    }\n}\n",
        r#"use std::sync::atomic::{AtomicI64, Ordering};

fn main() {
    let a = AtomicI64::new(0);
    a.fetch_add(2, Ordering::Relaxed);
    match a.compare_exchange(2, 5, Ordering::Release, Ordering::Relaxed) {
        Ok(_) => println!("{}", a.load(Ordering::Acquire)),
        Err(_) => println!("no"),
    }
}"#,
    );
}

#[test]
fn a_supervisor_scope_lowers_to_supervise() {
    check(
        "fn main() {\n    let os = supervisor scope {\n        spawn { 1 }\n        spawn 2\n    }\n    for o in os {\n        print(o.value().is_some() && !o.is_failed())\n    }\n    let empty = supervisor scope {\n        print(0)\n    }\n    print(empty.len())\n}\n",
        r#"fn main() {
    let os = aurora_std::supervise(|s| {
        s.spawn_at("t.aur:3:9", |_| -> i64 { 1 });
        s.spawn_at("t.aur:4:9", |_| 2_i64);
    });
    for o in &os {
        println!("{}", o.value().is_some() && !o.is_failed());
    }
    let empty = aurora_std::supervise::<(), _>(|_| {
        println!("{}", 0_i64);
    });
    println!("{}", empty.len() as i64);
}"#,
    );
}

#[test]
fn a_guarded_value_leaves_its_block_as_a_copy() {
    check(
        "fn main() {\n    let log = mutex([\"a\"])\n    let snapshot = lock log as l { l }\n    print(snapshot.len())\n}\n",
        r#"use std::sync::Mutex;

fn main() {
    let log = Mutex::new(vec![String::from("a")]);
    let snapshot = {
        let l = log.lock().unwrap();
        l.clone()
    };
    println!("{}", snapshot.len() as i64);
}"#,
    );
}

#[test]
fn task_locals_are_statics_bound_by_a_guard() {
    check(
        "task_local LEVEL: int = 1\nfn main() {\n    with LEVEL = LEVEL + 1 {\n        print(LEVEL.get())\n    }\n    let v = with LEVEL = 7 { LEVEL }\n    print(v)\n}\n",
        r#"static LEVEL: aurora_std::TaskLocal<i64> = aurora_std::TaskLocal::new(|| 1_i64);

fn main() {
    {
        let _with = LEVEL.enter(LEVEL.get().wrapping_add(1));
        println!("{}", LEVEL.get());
    }
    let v = {
        let _with = LEVEL.enter(7);
        LEVEL.get()
    };
    println!("{v}");
}"#,
    );
}

#[test]
fn channels_lower_to_aurora_std_and_tasks_take_the_ends_they_use_last() {
    check(
        "fn main() {\n    let words = [\"a\", \"b\"]\n    let (tx, rx) = channel[str](capacity: 0)\n    scope {\n        spawn {\n            for w in words {\n                tx.send(w.clone())\n            }\n        }\n        spawn {\n            for w in rx {\n                print(w)\n            }\n        }\n    }\n}\n",
        r#"fn main() {
    let words = vec![String::from("a"), String::from("b")];
    let (tx, rx) = aurora_std::channel::bounded::<String>(0);
    aurora_std::scope(|s| {
        {
            let words = &words;
            s.spawn_at("t.aur:5:9", move |_| {
                for w in words {
                    tx.deliver(w.clone());
                }
            })
        };
        s.spawn_at("t.aur:10:9", move |_| {
            for w in &rx {
                println!("{w}");
            }
        });
    });
}"#,
    );
}

#[test]
fn an_end_used_after_the_spawn_is_borrowed_by_the_task() {
    check(
        "fn main() {\n    let (tx, rx) = channel[int]()\n    scope {\n        spawn {\n            tx.send(1);\n        }\n    }\n    tx.send(2)\n    print(rx.try_recv().unwrap_or(0))\n}\n",
        r#"fn main() {
    let (tx, rx) = aurora_std::channel::unbounded::<i64>();
    aurora_std::scope(|s| {
        s.spawn_at("t.aur:4:9", |_| {
            tx.deliver(1);
        });
    });
    tx.deliver(2);
    println!("{}", rx.try_recv().unwrap_or(0));
}"#,
    );
}

// ---------------------------------------------------------------------------------------------
// `Options::defer_to_rustc`: the thread-safety rules rustc also enforces are left to it, and
// the program is lowered as written (tests/compile_fail.rs has rustc reject the results).

/// The Rust of `src` with `defer_to_rustc`, and the checker's first error without it.
fn deferred(src: &str) -> (String, String) {
    let options = aurora_transpile::Options {
        defer_to_rustc: true,
        ..Default::default()
    };
    let code = match aurora_transpile::transpile_str_with(Path::new("t.aur"), src, options) {
        Ok(t) => t.modules[0].code.clone(),
        Err(f) => panic!("deferred transpile failed:\n{}", f.render(false)),
    };
    let body = code.split_once("\n\n").map_or(code.as_str(), |(_, b)| b);
    let checked = match aurora_transpile::transpile_str(Path::new("t.aur"), src) {
        Ok(_) => panic!("the checker accepted it without defer_to_rustc"),
        Err(f) => f.diagnostics.sorted()[0].message.clone(),
    };
    (body.to_string(), checked)
}

#[test]
fn deferred_a_task_modifying_its_scopes_body_variable_is_a_borrowing_task() {
    let (rust, checked) = deferred(
        "fn main() {\n    scope {\n        var count = 0\n        spawn {\n            count += 1\n        }\n        print(count)\n    }\n}\n",
    );
    assert_eq!(
        checked,
        "a task cannot modify `count`, a variable of its scope's own body"
    );
    // rustc: E0373, the task borrows `count`, which the scope's body owns.
    assert_eq!(
        rust.trim_end(),
        r#"fn main() {
    aurora_std::scope(|s| {
        let mut count: i64 = 0;
        s.spawn_at("t.aur:4:9", |_| {
            count = count.wrapping_add(1);
        });
        println!("{count}");
    });
}"#
    );
}

#[test]
fn deferred_a_par_body_changing_an_outer_variable_assigns_in_the_closure() {
    let (rust, checked) = deferred(
        "fn main() {\n    let numbers = [1, 2, 3]\n    var total = 0\n    par for n in numbers {\n        total += n\n    }\n    print(total)\n}\n",
    );
    assert!(checked.starts_with("cannot assign to `total` inside a `par` body"));
    // rustc: E0594, a `Fn` closure cannot assign to what it captures.
    assert_eq!(
        rust.trim_end(),
        r#"use aurora_std::rayon::prelude::*;

fn main() {
    let numbers: Vec<i64> = vec![1, 2, 3];
    let mut total: i64 = 0;
    numbers.par_iter().for_each(|&n| {
        total = total.wrapping_add(n);
    });
    println!("{total}");
}"#
    );
}

#[test]
fn deferred_two_fork_join_branches_changing_one_variable_both_borrow_it() {
    let (rust, checked) = deferred(
        "fn fill(xs: mut [int], n: int) {\n    for i in 0..n {\n        xs.push(i)\n    }\n}\nfn main() {\n    var xs: [int] = []\n    par (fill(mut xs, 3), fill(mut xs, 4))\n    print(xs.len())\n}\n",
    );
    assert_eq!(checked, "two branches of a fork-join change `xs`");
    // rustc: E0499, two closures borrow `xs` as `mut` at once.
    assert!(
        rust.contains("aurora_std::rayon::join(|| fill(&mut xs, 3), || fill(&mut xs, 4));"),
        "{rust}"
    );
}

#[test]
fn deferred_blocking_in_a_par_body_is_still_the_checkers() {
    let options = aurora_transpile::Options {
        defer_to_rustc: true,
        ..Default::default()
    };
    let src =
        "fn main() {\n    par for i in 0..4 {\n        sleep(1ms)\n        print(i)\n    }\n}\n";
    let failed = aurora_transpile::transpile_str_with(Path::new("t.aur"), src, options)
        .expect_err("rustc cannot see blocking, so the checker keeps that rule");
    assert_eq!(
        failed.diagnostics.sorted()[0].message,
        "`sleep` cannot be inside a `par` body"
    );
}

#[test]
fn an_element_seen_through_a_borrow_is_copied_where_a_value_is_needed() {
    let out = rust(
        "fn copy_all[T: Clone](items: [T]) -> [T] {\n    var out: [T] = []\n    for x in items {\n        out.push(x)\n    }\n    out\n}\n\nfn names(items: [str]) -> [str] {\n    var out: [str] = []\n    for x in items {\n        out.push(x)\n    }\n    out\n}\n",
    );
    assert_eq!(out.matches("out.push(x.clone());").count(), 2, "{out}");
}

#[test]
fn a_shared_or_local_collection_is_iterated_through_its_pointer() {
    let out = rust(
        "fn main() {\n    let ys = local([4, 5])\n    let names = shared([\"a\"])\n    var total = 0\n    for y in ys {\n        total += y\n    }\n    for n in names {\n        print(n)\n    }\n    print(\"{total}\")\n}\n",
    );
    assert!(out.contains("for &y in ys.iter() {"), "{out}");
    assert!(out.contains("for n in names.iter() {"), "{out}");
}

#[test]
fn literals_in_fork_joins_and_sharing_constructors_are_ints_and_shared_lists_have_int_lengths() {
    let out = rust(
        "fn main() {\n    let (x, y) = par (1, 2)\n    let names = shared([\"a\", \"b\"])\n    let n = names.len() + x + y\n    let xs = local([1, 2])\n    print(\"{n} {xs:?}\")\n}\n",
    );
    assert!(out.contains("join(|| 1_i64, || 2_i64)"), "{out}");
    assert!(out.contains("(names.len() as i64)"), "{out}");
    assert!(out.contains("Rc::new(vec![1_i64, 2])"), "{out}");
}
