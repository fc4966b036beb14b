//! `aurora_transpile::rustc`: rustc's errors on generated Rust, explained at the `.aur` span
//! in Aurora terms, on real rustc output.
//!
//! Each case in `tests/rustc/` is real output of the pipeline:
//! - `NAME.aur`, a program that breaks a thread-safety rule (or, `ambiguous_literal`, one that
//!   rustc rejects for a reason no rule covers);
//! - `NAME.rs` and `NAME.rs.map`, its Rust and source map (docs/source-maps.md), transpiled with
//!   `Options { source_map: true, defer_to_rustc: true, .. }` so that rustc, not Aurora's
//!   checker, sees the rules the checker also enforces;
//! - `NAME.json`, `cargo check --message-format=json` on that Rust as `src/main.rs` of a project
//!   like `aurora2rs run`'s (trimmed of rustc's long explanations and rendered text);
//! - `NAME.stderr`, the rendered explanation (`AURORA_BLESS_EXPLAIN=1` rewrites these).

use std::fs;
use std::path::{Path, PathBuf};

use aurora_grammar::diagnostic::render_all;
use aurora_grammar::{Diagnostic, Errors, FileId, Sources, Span};
use aurora_transpile::rustc::{explain, Explained, Locate};
use aurora_transpile::sourcemap::{RustPos, SourceMap};

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rustc")
}

fn case_names() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(cases_dir())
        .unwrap()
        .filter_map(|e| {
            let p = e.unwrap().path();
            (p.extension()? == "json")
                .then(|| p.file_stem().unwrap().to_string_lossy().into_owned())
        })
        .collect();
    names.sort();
    names
}

/// The generated `src/main.rs`'s source map, as `aurora2rs check` uses it.
struct MainMap(SourceMap);

impl Locate for MainMap {
    fn locate(&self, file: &str, start: (u32, u32), end: (u32, u32)) -> Option<Span> {
        let pos = |(line, column)| RustPos { line, column };
        (file == "src/main.rs")
            .then(|| self.0.locate(pos(start), pos(end)))
            .flatten()
    }
}

struct Case {
    sources: Sources,
    map: MainMap,
    json: String,
}

fn load(name: &str) -> Case {
    let dir = cases_dir();
    let read = |ext: &str| fs::read_to_string(dir.join(format!("{name}.{ext}"))).unwrap();
    let mut sources = Sources::new();
    let file = sources.add(format!("{name}.aur"), read("aur"));
    let map = SourceMap::from_json(&read("rs.map"), file).expect("a version 1 source map");
    Case {
        sources,
        map: MainMap(map),
        json: read("json"),
    }
}

fn run(name: &str) -> (Case, Explained) {
    let case = load(name);
    let explained = explain(&case.json, &case.map, &case.sources);
    (case, explained)
}

#[test]
fn every_case_renders_as_expected() {
    let bless = std::env::var_os("AURORA_BLESS_EXPLAIN").is_some();
    let mut failures = Vec::new();
    for name in case_names() {
        let (case, explained) = run(&name);
        let text = render_all(&case.sources, &explained.errors(), false);
        let path = cases_dir().join(format!("{name}.stderr"));
        if bless {
            fs::write(&path, &text).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&path).unwrap_or_default();
        if expected != text {
            failures.push(format!(
                "--- {name}.stderr expected:\n{expected}\n--- got:\n{text}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Which rules explain each case's errors, in order (`None`: no rule; rustc's own message is
/// shown).
const RULES: &[(&str, &[Option<&str>])] = &[
    ("ambiguous_literal", &[None]),
    ("cell_tasks", &[Some("cell_shared")]),
    ("chan_local", &[Some("channel_item_not_send")]),
    ("close_use", &[Some("use_after_close")]),
    ("escape", &[Some("task_handle_escapes")]),
    ("fork_join", &[Some("fork_join_branches_change")]),
    (
        "fork_join_change_and_use",
        &[Some("fork_join_change_and_use")],
    ),
    ("generic_channel", &[Some("missing_bound")]),
    (
        "generic_mutex",
        &[Some("missing_bound"), Some("missing_bound")],
    ),
    ("generic_send", &[Some("missing_bound")]),
    ("generic_send2", &[Some("missing_bound")]),
    ("local_move", &[Some("local_to_task")]),
    ("local_task", &[Some("local_to_task")]),
    ("lock_task", &[Some("guard_in_task")]),
    (
        "move_while",
        &[Some("moved_into_scope_body"), Some("used_while_task_holds")],
    ),
    ("moved_in_loop", &[Some("moved_into_task_in_loop")]),
    ("par_assign", &[Some("change_in_par_body")]),
    ("par_cell", &[Some("cell_shared")]),
    ("par_list_local", &[Some("par_over_elements")]),
    ("par_local", &[Some("local_to_task")]),
    ("par_pipeline", &[Some("change_in_par_body")]),
    ("par_push", &[Some("change_in_par_body")]),
    ("parent_assign", &[Some("used_while_task_holds")]),
    ("parent_uses", &[Some("used_while_task_holds")]),
    ("scope_body_var", &[Some("scope_body_var_in_task")]),
    ("struct_local", &[Some("local_to_task")]),
    (
        "task_err_local",
        &[Some("local_from_task"), Some("local_from_task")],
    ),
    ("task_gives_local", &[Some("local_from_task")]),
    ("text_form", &[Some("no_text_form"), Some("no_text_form")]),
    ("two_tasks_mut", &[Some("two_tasks_change")]),
    ("use_after_move", &[Some("use_after_move_into_task")]),
    ("used_after_scope", &[Some("use_after_move_into_task")]),
];

#[test]
fn each_case_is_explained_by_its_rules_at_the_mapped_place() {
    assert_eq!(
        case_names(),
        RULES.iter().map(|(n, _)| n.to_string()).collect::<Vec<_>>(),
        "every case has its expected rules listed"
    );
    for (name, rules) in RULES {
        let (case, explained) = run(name);
        let got: Vec<Option<&str>> = explained.items.iter().map(|i| i.rule).collect();
        assert_eq!(&got, rules, "{name}");
        let c = explained.counts;
        let rewritten = rules.iter().filter(|r| r.is_some()).count();
        assert_eq!(
            (c.errors, c.mapped, c.rewritten),
            (rules.len(), rules.len(), rewritten),
            "{name}"
        );
        for item in &explained.items {
            assert!(item.mapped, "{name}: primary span mapped");
            assert!(
                item.code.as_deref().is_some_and(|c| c.starts_with('E')),
                "{name}"
            );
            let d = &item.diagnostic;
            assert!(d.is_error());
            assert_eq!(d.primary.span.file, FileId(0));
            assert_eq!(case.sources.len(), 1);
            assert!(
                d.primary.span.end > d.primary.span.start,
                "{name}: a real span"
            );
            assert_eq!(
                d.help.is_some(),
                item.rule.is_some(),
                "{name}: a rewritten error gives a fix"
            );
        }
    }
}

/// The words of a rewritten diagnostic (message, labels, help) are Aurora's.
#[test]
fn rewritten_errors_name_no_rust_types() {
    const RUST: &[&str] = &[
        "Rc",
        "RefCell",
        "Arc",
        "Vec",
        "i64",
        "f64",
        "String",
        "Mutex",
        "RwLock",
        "Guard",
        "Sync",
        "HashMap",
        "closure",
        "aurora_std",
        "std::",
        "&",
        "'_",
    ];
    for (name, _) in RULES {
        let (_, explained) = run(name);
        for item in explained.items.iter().filter(|i| i.rule.is_some()) {
            let d = &item.diagnostic;
            let mut texts = vec![d.message.clone(), d.primary.message.clone()];
            texts.extend(d.secondary.iter().map(|l| l.message.clone()));
            texts.extend(d.help.clone());
            texts.extend(d.notes.clone());
            for t in texts {
                for word in RUST {
                    assert!(!t.contains(word), "{name}: `{word}` in {t:?}");
                }
            }
        }
    }
}

#[test]
fn an_unexplained_error_keeps_rustcs_message() {
    let (_, explained) = run("ambiguous_literal");
    let d = &explained.items[0].diagnostic;
    assert!(d.message.contains("no Aurora explanation"), "{}", d.message);
    assert!(d.message.contains("E0689"));
    assert!(d
        .notes
        .iter()
        .any(|n| n
            .contains("can't call method `wrapping_add` on ambiguous numeric type `{integer}`")));
}

struct NoMap;

impl Locate for NoMap {
    fn locate(&self, _: &str, _: (u32, u32), _: (u32, u32)) -> Option<Span> {
        None
    }
}

#[test]
fn an_unmapped_error_points_at_the_root_file_and_says_so() {
    let case = load("two_tasks_mut");
    let explained = explain(&case.json, &NoMap, &case.sources);
    assert_eq!(explained.counts.errors, 1);
    assert_eq!(explained.counts.mapped, 0);
    assert_eq!(explained.counts.rewritten, 1, "still explained");
    let d = &explained.items[0].diagnostic;
    assert_eq!(d.primary.span, Span::new(FileId(0), 0, 0));
    assert!(
        d.message.contains("not traced to the Aurora source"),
        "{}",
        d.message
    );
    assert!(d.primary.message.contains("unmapped"));
    assert!(d.notes.iter().any(|n| n.contains("src/main.rs:9:45")));
    assert!(d.secondary.is_empty());
    // It renders.
    let text = render_all(&case.sources, &explained.errors(), false);
    assert!(text.contains("two_tasks_mut.aur:1:1"), "{text}");
}

fn one(json: &str) -> (Explained, Sources) {
    let mut sources = Sources::new();
    sources.add("main.aur", "fn main() {\n    let type = 1\n}\n");
    let explained = explain(json, &LineOne, &sources);
    (explained, sources)
}

/// Maps every span of `src/main.rs` line 2 to `type` on line 2 of the source.
struct LineOne;

impl Locate for LineOne {
    fn locate(&self, file: &str, start: (u32, u32), _: (u32, u32)) -> Option<Span> {
        (file == "src/main.rs" && start.0 == 2).then(|| Span::new(FileId(0), 20, 24))
    }
}

fn span_json(file: &str, line: u32, primary: bool, label: &str, expansion: &str) -> String {
    format!(
        r#"{{"file_name":"{file}","line_start":{line},"line_end":{line},"column_start":5,"column_end":9,"is_primary":{primary},"label":"{label}","text":[{{"text":"    let r#type = 1;"}}],"expansion":{expansion}}}"#
    )
}

#[test]
fn odd_input_never_panics() {
    let (e, _) = one("");
    assert_eq!(e.counts.errors, 0);
    let (e, _) = one("garbage\n{]\n[1,2]\n{\"reason\":\"compiler-message\"}\n{\"reason\":\"compiler-message\",\"message\":{\"level\":3}}\n");
    assert_eq!(e.counts.errors, 0);
    // An error with nothing but a message: unmapped, unexplained, reported.
    let (e, sources) = one(r#"{"message":"something broke","level":"error"}"#);
    assert_eq!(
        (e.counts.errors, e.counts.mapped, e.counts.rewritten),
        (1, 0, 0)
    );
    let d = &e.items[0].diagnostic;
    assert!(d.notes.iter().any(|n| n.contains("something broke")));
    assert!(d.notes.iter().any(|n| n.contains("rustc gave it no place")));
    render_all(&sources, &e.errors(), false);
    // A span the map places in a file the program does not have is unmapped.
    struct Elsewhere;
    impl Locate for Elsewhere {
        fn locate(&self, _: &str, _: (u32, u32), _: (u32, u32)) -> Option<Span> {
            Some(Span::new(FileId(7), 0, 1))
        }
    }
    let mut sources = Sources::new();
    sources.add("main.aur", "fn main() {}\n");
    let json = format!(
        r#"{{"message":"m","level":"error","spans":[{}]}}"#,
        span_json("src/main.rs", 2, true, "x", "null")
    );
    let e = explain(&json, &Elsewhere, &sources);
    assert!(!e.items[0].mapped);
}

#[test]
fn warnings_are_counted_and_left_out_and_notes_skipped() {
    let json = [
        r#"{"reason":"compiler-message","message":{"message":"unused variable: `x`","code":{"code":"unused_variables"},"level":"warning","spans":[],"children":[]}}"#,
        r#"{"reason":"compiler-message","message":{"message":"aborting due to 1 previous error","level":"error","spans":[],"children":[]}}"#,
        r#"{"reason":"compiler-message","message":{"message":"For more information about this error, try `rustc --explain E0382`.","level":"failure-note","spans":[],"children":[]}}"#,
    ]
    .join("\n");
    let (e, _) = one(&json);
    assert_eq!(e.counts.warnings, 1);
    assert_eq!(e.counts.errors, 0);
    assert!(e.items.is_empty());
}

#[test]
fn raw_identifiers_lose_their_prefix_and_repeats_count_once() {
    let json = format!(
        r#"{{"message":"use of moved value: `r#type`","code":{{"code":"E0382"}},"level":"error","spans":[{}],"children":[{{"message":"move occurs because `r#type` has type `Vec<String>`, which does not implement the `Copy` trait","level":"note","spans":[],"children":[]}}]}}"#,
        span_json("src/main.rs", 2, true, "value used here after move", "null")
    );
    let (e, _) = one(&format!("{json}\n{json}\n"));
    assert_eq!(e.counts.errors, 1, "the same error twice is one");
    let d = &e.items[0].diagnostic;
    assert_eq!(d.message, "`type` is used after it was moved");
    assert!(
        d.notes
            .iter()
            .any(|n| n == "`type` is a `[str]`, which is moved, not copied"),
        "{:?}",
        d.notes
    );
    assert_eq!(d.primary.span, Span::new(FileId(0), 20, 24));
}

#[test]
fn a_span_inside_a_macro_maps_through_its_call_site() {
    let call = span_json("src/main.rs", 2, false, "", "null");
    let json = format!(
        r#"{{"message":"m","code":{{"code":"E9999"}},"level":"error","spans":[{}],"children":[]}}"#,
        span_json(
            "/rustlib/src/rust/library/std/src/macros.rs",
            140,
            true,
            "inside",
            &format!(r#"{{"span":{call},"macro_decl_name":"println!"}}"#)
        )
    );
    let (e, _) = one(&json);
    assert!(e.items[0].mapped);
    assert_eq!(
        e.items[0].diagnostic.primary.span,
        Span::new(FileId(0), 20, 24)
    );
}

#[test]
fn errors_convert_for_rendering() {
    let (_, explained) = run("local_task");
    let errors: Errors = explained.errors();
    let all: Vec<&Diagnostic> = errors.iter().collect();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].message, "`local [str]` cannot be shared with a task");
}

/// Damaged rustc output (cut short, numbers out of range, spans past the file's end) is
/// skipped or reported, never a panic.
#[test]
fn mangled_output_never_panics() {
    for name in case_names() {
        let case = load(&name);
        let json = &case.json;
        let mut variants: Vec<String> = Vec::new();
        for cut in (0..json.len()).step_by(53) {
            if json.is_char_boundary(cut) {
                variants.push(json[..cut].to_string());
            }
        }
        for (from, to) in [
            ("\"line_start\":", "\"line_start\":0,\"x\":"),
            ("\"column_start\":", "\"column_start\":4294967295,\"x\":"),
            ("\"line_end\":", "\"line_end\":999999,\"x\":"),
            ("\"message\":\"", "\"message\":\"`"),
            ("`", "``"),
            ("<", "<<"),
            ("\"is_primary\":false", "\"is_primary\":true"),
            ("\"text\":[", "\"text\":[],\"y\":["),
        ] {
            variants.push(json.replace(from, to));
        }
        for v in &variants {
            let explained = explain(v, &case.map, &case.sources);
            render_all(&case.sources, &explained.errors(), false);
        }
    }
}
