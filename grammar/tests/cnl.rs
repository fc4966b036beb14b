//! CNL surface: parse(print(ast)) == ast over every golden program (spans and node ids aside),
//! the CNL printer is idempotent, the checked-in `.cnl` twins are exactly the printer's output,
//! and broken sentences are reported with the nearest template.

use std::path::{Path, PathBuf};

use aurora_grammar::ast::{Module, NodeIds};
use aurora_grammar::diagnostic::render_all;
use aurora_grammar::print::{cnl, shape};
use aurora_grammar::{parse_cnl_module, parse_module, Errors, Sources};

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../golden")
}

/// Every golden `.aur` program (and module) that parses without errors.
fn golden_aur() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in [golden_dir(), golden_dir().join("modules")] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "aur"))
            .collect();
        files.sort();
        out.extend(files);
    }
    assert!(out.len() > 20, "golden programs not found");
    out
}

fn parse(path: &Path, text: &str, cnl: bool) -> (Module, String) {
    let mut sources = Sources::new();
    let file = sources.add(path, text);
    let mut ids = NodeIds::default();
    let mut errors = Errors::new();
    let m = if cnl {
        parse_cnl_module(&sources, file, &mut ids, &mut errors)
    } else {
        parse_module(&sources, file, &mut ids, &mut errors)
    };
    (m, render_all(&sources, &errors, false))
}

fn comments(m: &Module) -> Vec<String> {
    m.comments
        .iter()
        .map(|c| c.text.trim_end().to_string())
        .collect()
}

fn check_round_trip(path: &Path, aur_text: &str) -> String {
    let (aur, errs) = parse(path, aur_text, false);
    assert!(errs.is_empty(), "{}: {errs}", path.display());
    let printed = cnl::print_module(&aur, aur_text);
    let cnl_path = path.with_extension("cnl");
    let (back, errs) = parse(&cnl_path, &printed, true);
    assert!(
        errs.is_empty(),
        "{}: the printed CNL does not parse:\n{errs}\n{printed}",
        path.display()
    );
    assert_eq!(
        shape(&aur),
        shape(&back),
        "{}: AST differs after CNL round trip\n{printed}",
        path.display()
    );
    assert_eq!(
        comments(&aur),
        comments(&back),
        "{}: comments",
        path.display()
    );
    let again = cnl::print_module(&back, &printed);
    assert_eq!(
        printed,
        again,
        "{}: printing is not idempotent",
        path.display()
    );
    printed
}

#[test]
fn every_golden_round_trips_through_cnl() {
    for path in golden_aur() {
        let text = std::fs::read_to_string(&path).unwrap();
        check_round_trip(&path, &text);
    }
}

#[test]
fn golden_cnl_twins_are_the_printers_output() {
    for path in golden_aur() {
        let text = std::fs::read_to_string(&path).unwrap();
        let printed = check_round_trip(&path, &text);
        let twin = path.with_extension("cnl");
        if std::env::var_os("AURORA_BLESS_CNL").is_some() {
            std::fs::write(&twin, &printed).unwrap();
        }
        let checked_in = std::fs::read_to_string(&twin)
            .unwrap_or_else(|_| panic!("{} has no CNL twin {}", path.display(), twin.display()));
        assert_eq!(
            checked_in,
            printed,
            "{} is not the printer's output (AURORA_BLESS_CNL=1 regenerates)",
            twin.display()
        );
    }
}

fn cnl_errors(text: &str) -> String {
    parse(Path::new("t.cnl"), text, true).1
}

#[test]
fn unknown_sentence_names_the_nearest_template() {
    let e = cnl_errors("To main:\n    Make x equal to 3.\n");
    assert!(e.contains("this sentence matches no CNL template"), "{e}");
    assert!(e.contains(" --> t.cnl:2:5"), "{e}");
    assert!(e.contains("did you mean: `Let NAME be VALUE.`?"), "{e}");
    let e = cnl_errors("To main:\n    Sett x to 3.\n");
    assert!(e.contains("did you mean: `Set PLACE to VALUE.`?"), "{e}");
    let e = cnl_errors("Structur Point has:\n    x of type int.\n");
    assert!(e.contains("did you mean: `Structure NAME has:`?"), "{e}");
}

#[test]
fn misplaced_sentences_say_where_they_belong() {
    let e = cnl_errors("Let x be 1.\n");
    assert!(
        e.contains("statements go in the block of a function"),
        "{e}"
    );
    let e = cnl_errors("To main:\n    Structure P has no fields.\n");
    assert!(e.contains("declarations go at the top level"), "{e}");
}

#[test]
fn layout_errors_point_at_the_line() {
    let e = cnl_errors("To main.\n    Print 1.\n");
    assert!(e.contains("missing `:` before the indented block"), "{e}");
    let e = cnl_errors("To main:\n    Print 1.\n      Print 2.\n");
    assert!(e.contains("unexpected indented block"), "{e}");
    assert!(e.contains(" --> t.cnl:3:7"), "{e}");
    let e = cnl_errors("To main:\n");
    assert!(e.contains("expected an indented block"), "{e}");
    let e = cnl_errors("  To main:\n    Print 1.\n");
    assert!(e.contains("unexpected indentation"), "{e}");
    let e = cnl_errors("To main:\n\tPrint 1.\n");
    assert!(e.contains("a tab in the indentation"), "{e}");
    let e = cnl_errors("To main:\n    Print 1\n");
    assert!(
        e.contains("a sentence without a block ends with `.`"),
        "{e}"
    );
}

#[test]
fn operator_words_are_not_names_unless_quoted() {
    let e = cnl_errors("To main:\n    Let times be 3.\n");
    assert!(e.contains("`times` is a CNL operator word"), "{e}");
    let e = cnl_errors("To `plus` taking a of type int, giving int:\n    The result is a.\n");
    assert!(e.is_empty(), "{e}");
    let e = cnl_errors("To main:\n    Let x be 1 mod 2.\n");
    assert!(e.contains("unknown operator word `mod`"), "{e}");
    assert!(e.contains("did you mean `modulo`?"), "{e}");
}

#[test]
fn sentences_read_as_the_aur_they_stand_for() {
    let cnl = "\
To f taking xs of type ref [int], giving int:
    Let total be a changeable 0.
    For each x in xs:
        If x is at least 10 and not (x is equal to 12):
            Add x to total.
        Otherwise, if x modulo 2 is equal to 0:
            Apply modulo 3 to total.
        Otherwise:
            Go to the next iteration.
    Let k be the result of:
        Depending on total:
            When 0, 1.
            When n if n is less than 0, minus n.
            When _:
                Print \"many\".
                The result is 2.
    Give back total times k up to and including 3.
";
    let aur = "\
fn f(xs: ref [int]) -> int {
    var total = 0
    for x in xs {
        if x >= 10 && !(x == 12) {
            total += x
        } else if x % 2 == 0 {
            total %= 3
        } else {
            continue
        }
    }
    let k = match total {
        0 => 1
        n if n < 0 => -n
        _ => {
            print(\"many\")
            2
        }
    }
    return total * k..=3
}
";
    let (a, ea) = parse(Path::new("t.aur"), aur, false);
    let (c, ec) = parse(Path::new("t.cnl"), cnl, true);
    assert!(ea.is_empty() && ec.is_empty(), "{ea}{ec}");
    assert_eq!(shape(&a), shape(&c));
}

/// Broken variants of every golden CNL file: no panic, and whatever parses prints and parses
/// again without panicking.
#[test]
fn no_panic_on_broken_cnl() {
    let mut files: Vec<PathBuf> = golden_aur()
        .iter()
        .map(|p| p.with_extension("cnl"))
        .collect();
    files.retain(|p| p.is_file());
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let mut variants = Vec::new();
        // One kind of damage per line, in turn, keeps the test quick.
        const JUNK: &[&str] = &["(", "\"", "`", " plus", ":", " is", "{x"];
        for (i, line) in lines.iter().enumerate() {
            let mut v = lines.clone();
            let changed;
            match i % 4 {
                0 => {
                    v.remove(i);
                }
                1 => {
                    changed = format!("   {line}");
                    v[i] = &changed;
                }
                2 => {
                    let mut half = line.len() / 2;
                    while !line.is_char_boundary(half) {
                        half -= 1;
                    }
                    v[i] = &line[..half];
                }
                _ => {
                    changed = format!("{line}{}", JUNK[(i / 4) % JUNK.len()]);
                    v[i] = &changed;
                }
            }
            variants.push(v.join("\n"));
        }
        for v in variants {
            let (m, _) = parse(&path, &v, true);
            let printed = cnl::print_module(&m, &v);
            let _ = parse(&path, &printed, true);
        }
    }
}

/// The example programs round-trip too.
#[test]
fn examples_round_trip_through_cnl() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let mut dirs = vec![root];
    let mut n = 0;
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "aur") {
                let text = std::fs::read_to_string(&p).unwrap();
                check_round_trip(&p, &text);
                n += 1;
            }
        }
    }
    assert!(n > 0);
}

/// A generated corpus: random expressions over every operator, prefix operator, range, cast,
/// call, method, index, field, literal and closure form, in `.aur`; each must read back the same
/// from its CNL form (which is all operator words), so word precedence and masking are right.
#[test]
fn generated_expressions_round_trip_through_cnl() {
    struct Rng(u64);
    impl Rng {
        fn next(&mut self, n: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 33) % n
        }
    }
    const BIN: &[&str] = &[
        "+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "&", "|", "^", "<<",
        ">>",
    ];
    fn atom(r: &mut Rng, depth: u32) -> String {
        let pick = if depth == 0 { r.next(6) } else { r.next(16) };
        match pick {
            0 => format!("{}", r.next(1000)),
            1 => "x".to_string(),
            2 => "2.5".to_string(),
            3 => "\"s{x + 1}\"".to_string(),
            4 => "'c'".to_string(),
            5 => "true".to_string(),
            6 => format!("({})", expr(r, depth - 1)),
            7 => format!("-{}", atom(r, depth - 1)),
            8 => format!("!{}", atom(r, depth - 1)),
            9 => format!("f({}, ref y)", expr(r, depth - 1)),
            10 => format!("xs[{}]", expr(r, depth - 1)),
            11 => "p.q.len()".to_string(),
            12 => format!("[{}, 1]", expr(r, depth - 1)),
            13 => "(x as float)".to_string(),
            14 => format!("(|a: int| a * {})", atom(r, depth - 1)),
            _ => "g(x)?".to_string(),
        }
    }
    fn expr(r: &mut Rng, depth: u32) -> String {
        let mut s = atom(r, depth);
        for _ in 0..r.next(3) {
            s = format!(
                "{s} {} {}",
                BIN[r.next(BIN.len() as u64) as usize],
                atom(r, depth)
            );
        }
        s
    }
    let mut r = Rng(7);
    let mut checked = 0;
    for i in 0..400 {
        let e = expr(&mut r, 3);
        let range = match i % 5 {
            0 => format!("0..{e}"),
            1 => format!("{e}..=9"),
            _ => e,
        };
        let text = format!("fn main() {{\n    let v = {range}\n    print(v)\n}}\n");
        let path = Path::new("gen.aur");
        let (aur, errs) = parse(path, &text, false);
        if !errs.is_empty() {
            // Comparison chains and the like are errors in `.aur`; not this test's subject.
            continue;
        }
        let printed = cnl::print_module(&aur, &text);
        let (back, errs) = parse(&path.with_extension("cnl"), &printed, true);
        assert!(errs.is_empty(), "{text}\n{printed}\n{errs}");
        assert_eq!(shape(&aur), shape(&back), "{text}\n{printed}");
        checked += 1;
    }
    assert!(checked > 200, "only {checked} generated programs parsed");
}

/// Token soup from the templates' words, operator words, brackets, quotes, indentation and
/// non-ASCII text: the parser and the diagnostics renderer never panic, and whatever parses
/// prints and parses again.
#[test]
fn no_panic_on_token_soup() {
    const TOKENS: &[&str] = &[
        "To",
        "main",
        "taking",
        "x",
        "of type",
        "int",
        ",",
        "giving",
        ":",
        ".",
        "\n",
        "\n    ",
        "\n        ",
        "\n  ",
        "\t",
        "Let",
        "be",
        "a changeable",
        "the result of",
        "Set",
        "to",
        "Add",
        "If",
        "Otherwise",
        "Otherwise, if",
        "When",
        "Depending on",
        "Print",
        "plus",
        "is at least",
        "up to",
        "and",
        "not",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        "\"",
        "\"s{x}\"",
        "'c'",
        "'",
        "`",
        "`plus`",
        "//",
        "é",
        "1",
        "2.5",
        "Structure",
        "has",
        "Variant",
        "holding",
        "Methods of",
        "Test",
        "Use",
        "from",
        "Give back",
        "Check that",
        "Do",
        "?",
        "|",
        "||",
        "matches",
        "some(v)",
        "For each",
        "in",
        "Repeat forever",
        "Leave the loop",
        " ",
        "  ",
    ];
    let mut state: u64 = 99;
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % n
    };
    for _ in 0..3000 {
        let len = 1 + next(40);
        let mut text = String::new();
        for _ in 0..len {
            text.push_str(TOKENS[next(TOKENS.len())]);
            if next(3) == 0 {
                text.push(' ');
            }
        }
        let (m, rendered) = parse(Path::new("soup.cnl"), &text, true);
        let printed = cnl::print_module(&m, &text);
        let (back, errs) = parse(Path::new("soup.cnl"), &printed, true);
        if rendered.is_empty() {
            assert!(errs.is_empty(), "{text:?}\n{printed}\n{errs}");
            assert_eq!(shape(&m), shape(&back), "{text:?}\n{printed}");
        }
    }
}

#[test]
fn functions_as_values_are_closures_with_blocks() {
    let cnl = "\
To main:
    Let f be a function:
        Print 1.
    Let g be a function taking a, b of type int:
        The result is a plus b.
    Do f().
";
    let aur = "\
fn main() {
    let f = || {
        print(1)
    }
    let g = |a, b: int| {
        a + b
    }
    f()
}
";
    let (a, ea) = parse(Path::new("t.aur"), aur, false);
    let (c, ec) = parse(Path::new("t.cnl"), cnl, true);
    assert!(ea.is_empty() && ec.is_empty(), "{ea}{ec}");
    assert_eq!(shape(&a), shape(&c));
}

#[test]
fn scopes_and_tasks_read_as_the_aur_they_stand_for() {
    let cnl = "\
To main:
    Let total be the result of:
        In a scope:
            Let a be spawn f(1).
            Let b be the result of:
                Start a task:
                    Let x be 2.
                    The result is x times 3.
            Start a task:
                Print 4.
            The result is join a plus join b.
    In a scope:
        Do spawn { f(5) }, ignoring its value.
";
    let aur = "\
fn main() {
    let total = scope {
        let a = spawn f(1)
        let b = spawn {
            let x = 2
            x * 3
        }
        spawn {
            print(4)
        }
        join a + join b
    }
    scope {
        spawn { f(5) };
    }
}
";
    let (a, ea) = parse(Path::new("t.aur"), aur, false);
    let (c, ec) = parse(Path::new("t.cnl"), cnl, true);
    assert!(ea.is_empty() && ec.is_empty(), "{ea}{ec}");
    assert_eq!(shape(&a), shape(&c));
    // And the printer writes the sentences back.
    let printed = aurora_grammar::print::cnl::print_module(&a, aur);
    assert!(printed.contains("    In a scope:\n"), "{printed}");
    assert!(printed.contains("Start a task:\n"), "{printed}");
    assert!(
        printed.contains("The result is join a plus join b."),
        "{printed}"
    );
}

#[test]
fn waiting_cancelling_and_yielding_read_as_the_aur_they_stand_for() {
    let cnl = "\
To main:
    In a scope:
        Start a task:
            Wait for 10ms.
            Let others run.
        Cancel the scope.
";
    let aur = "\
fn main() {
    scope {
        spawn {
            sleep(10ms)
            yield
        }
        cancel
    }
}
";
    let (a, ea) = parse(Path::new("t.aur"), aur, false);
    let (c, ec) = parse(Path::new("t.cnl"), cnl, true);
    assert!(ea.is_empty() && ec.is_empty(), "{ea}{ec}");
    assert_eq!(shape(&a), shape(&c));
    let printed = aurora_grammar::print::cnl::print_module(&a, aur);
    for s in [
        "Wait for 10ms.\n",
        "Let others run.\n",
        "Cancel the scope.\n",
    ] {
        assert!(printed.contains(s), "{printed}");
    }
}

#[test]
fn a_timed_scope_reads_with_its_timeout() {
    let cnl = "\
To main:
    Let r be the result of:
        In a scope with a timeout of 2s:
            The result is 1.
";
    let aur = "\
fn main() {
    let r = scope(timeout: 2s) {
        1
    }
}
";
    let (a, ea) = parse(Path::new("t.aur"), aur, false);
    let (c, ec) = parse(Path::new("t.cnl"), cnl, true);
    assert!(ea.is_empty() && ec.is_empty(), "{ea}{ec}");
    assert_eq!(shape(&a), shape(&c));
    let printed = aurora_grammar::print::cnl::print_module(&a, aur);
    assert!(
        printed.contains("In a scope with a timeout of 2s:\n"),
        "{printed}"
    );
}

#[test]
fn guard_blocks_read_as_lock_read_and_write_sentences() {
    let cnl = "\
To main:
    Lock counter as c:
        Add 1 to c.
    Let n be the result of:
        Read table as t:
            The result is t.len().
    Write table as t:
        Do t.push(n).
";
    let aur = "\
fn main() {
    lock counter as c {
        c += 1
    }
    let n = read table as t {
        t.len()
    }
    write table as t {
        t.push(n)
    }
}
";
    let (a, ea) = parse(Path::new("t.aur"), aur, false);
    let (c, ec) = parse(Path::new("t.cnl"), cnl, true);
    assert!(ea.is_empty() && ec.is_empty(), "{ea}{ec}");
    assert_eq!(shape(&a), shape(&c));
    let printed = aurora_grammar::print::cnl::print_module(&a, aur);
    for s in [
        "Lock counter as c:\n",
        "Read table as t:\n",
        "Write table as t:\n",
    ] {
        assert!(printed.contains(s), "{printed}");
    }
}

#[test]
fn channel_sentences_read_as_the_channel_call_and_send() {
    let cnl = "\
To main:
    Make a channel of int with capacity 4 dropping the oldest when full, sending end tx, receiving end rx.
    Make a channel of str, sending end a, receiving end b.
    Send 1 plus 2 on tx.
";
    let aur = "\
fn main() {
    let (tx, rx) = channel[int](capacity: 4, overflow: drop_oldest)
    let (a, b) = channel[str]()
    tx.send(1 + 2)
}
";
    let (a, ea) = parse(Path::new("t.aur"), aur, false);
    let (c, ec) = parse(Path::new("t.cnl"), cnl, true);
    assert!(ea.is_empty() && ec.is_empty(), "{ea}{ec}");
    assert_eq!(shape(&a), shape(&c));
    let printed = aurora_grammar::print::cnl::print_module(&a, aur);
    assert_eq!(printed, cnl);
}

#[test]
fn a_channel_with_a_mutable_end_is_not_a_channel_sentence() {
    // `var` ends have no sentence: the general `Let` template spells them.
    let aur = "\
fn main() {
    let (var tx, rx) = channel[int]()
}
";
    let (a, ea) = parse(Path::new("t.aur"), aur, false);
    assert!(ea.is_empty(), "{ea}");
    let printed = aurora_grammar::print::cnl::print_module(&a, aur);
    assert!(
        printed.contains("Let (var tx, rx) be channel[int]()."),
        "{printed}"
    );
}

#[test]
fn atomic_operations_with_an_ordering_read_as_atomically_sentences() {
    let cnl = "\
To main:
    Atomically add 1 to hits with relaxed ordering.
    Atomically subtract n plus 1 from self.left with acq_rel ordering.
    Atomically store true in done with release ordering.
    Do hits.add(2).
";
    let aur = "\
fn main() {
    hits.add(1, order: relaxed)
    self.left.sub(n + 1, order: acq_rel)
    done.store(true, order: release)
    hits.add(2)
}
";
    let (a, ea) = parse(Path::new("t.aur"), aur, false);
    let (c, ec) = parse(Path::new("t.cnl"), cnl, true);
    assert!(ea.is_empty() && ec.is_empty(), "{ea}{ec}");
    assert_eq!(shape(&a), shape(&c));
    let printed = aurora_grammar::print::cnl::print_module(&a, aur);
    assert_eq!(printed, cnl);
}
