//! The `.aurs` manifest builder on real Aurora source: entries, ids, parents, capture modes
//! and the Send/Share each capture needs, spans, and the document's text.

use std::path::Path;

use aurora_transpile::manifest::schema::{CaptureMode, CaptureUse, ScopeKind};
use aurora_transpile::manifest::Manifest;
use aurora_transpile::Options;

fn manifest(src: &str) -> Manifest {
    let options = Options {
        manifest: true,
        ..Options::default()
    };
    match aurora_transpile::transpile_str_with(Path::new("m.aur"), src, options) {
        Ok(done) => done.manifest.expect("a manifest was asked for"),
        Err(failed) => panic!("does not transpile:\n{}", failed.render(false)),
    }
}

const CAPTURES: &str = "\
fn take(s: str) -> int {
    s.len()
}

fn main() {
    let xs = [1, 2]
    let name = \"a\"
    var count = 0
    scope {
        let k = 7
        let a = spawn { xs.len() + k }
        let b = spawn take(name)
        spawn {
            count += 1
        }
        print(join a + join b)
    }
    print(\"{xs} {count}\")
}
";

/// A capture's name, use, mode, needs and `used_after`.
type CaptureRow<'a> = (&'a str, CaptureUse, CaptureMode, &'a [&'a str], bool);

#[test]
fn captures_say_how_each_task_holds_each_value_and_what_it_needs() {
    let m = manifest(CAPTURES);
    let caps: Vec<Vec<CaptureRow>> = m
        .spawns
        .iter()
        .map(|s| {
            s.captures
                .iter()
                .map(|c| (c.name.as_str(), c.usage, c.mode, &c.needs[..], c.used_after))
                .collect()
        })
        .collect();
    assert_eq!(
        caps,
        [
            // `k` lives in the scope's body, so the task must take it: a `move` closure,
            // which borrows `xs` through a `let` and copies `k`.
            vec![
                (
                    "xs",
                    CaptureUse::Read,
                    CaptureMode::Borrowed,
                    &["Share"][..],
                    true
                ),
                (
                    "k",
                    CaptureUse::Read,
                    CaptureMode::Copied,
                    &["Send"][..],
                    false
                ),
            ],
            vec![(
                "name",
                CaptureUse::Consume,
                CaptureMode::Moved,
                &["Send"][..],
                false
            )],
            vec![(
                "count",
                CaptureUse::Mutate,
                CaptureMode::MutablyBorrowed,
                &["Send"][..],
                true
            )],
        ]
    );
    let moves: Vec<bool> = m.spawns.iter().map(|s| s.moves).collect();
    assert_eq!(moves, [true, true, false]);
    let types: Vec<Option<&str>> = m.spawns[0]
        .captures
        .iter()
        .map(|c| c.ty.as_deref())
        .collect();
    assert_eq!(types, [Some("[int]"), Some("int")]);
    // A capture's span is the task's first use of it.
    let xs = &m.spawns[0].captures[0].span;
    assert_eq!((xs.line, xs.column, xs.end_column), (11, 25, 27));
    assert_eq!(&CAPTURES[xs.start as usize..xs.end as usize], "xs");
}

#[test]
fn ids_parents_and_joins_follow_the_nesting() {
    let m = manifest(
        "\
fn main() {
    let total = scope {
        let outer = spawn {
            scope {
                let inner = spawn { 1 }
                join inner
            }
        }
        join outer
    }
    print(total)
}
",
    );
    let scopes: Vec<(&str, Option<&str>)> = m
        .scopes
        .iter()
        .map(|s| (s.id.as_str(), s.place.parent.as_deref()))
        .collect();
    assert_eq!(
        scopes,
        [
            ("m.main: scope 1", None),
            ("m.main: scope 2", Some("m.main: spawn 1")),
        ]
    );
    let spawns: Vec<(&str, Option<&str>, Option<&str>)> = m
        .spawns
        .iter()
        .map(|s| (s.id.as_str(), s.place.parent.as_deref(), s.scope.as_deref()))
        .collect();
    assert_eq!(
        spawns,
        [
            (
                "m.main: spawn 1",
                Some("m.main: scope 1"),
                Some("m.main: scope 1")
            ),
            (
                "m.main: spawn 2",
                Some("m.main: scope 2"),
                Some("m.main: scope 2")
            ),
        ]
    );
    // In source order: `join inner` (line 6) before `join outer` (line 9).
    let joins: Vec<(Option<&str>, usize)> = m
        .joins
        .iter()
        .map(|j| (j.task.as_deref(), j.span.line))
        .collect();
    assert_eq!(
        joins,
        [(Some("m.main: spawn 2"), 6), (Some("m.main: spawn 1"), 9)]
    );
}

#[test]
fn a_handle_from_a_list_is_joined_as_an_unknown_task() {
    let m = manifest(
        "\
fn main() {
    scope {
        var hs = []
        for i in 0..3 {
            hs.push(spawn { i * 2 })
        }
        for h in hs {
            print(join h)
        }
    }
}
",
    );
    assert_eq!(m.joins.len(), 1);
    assert_eq!(m.joins[0].task, None);
    assert_eq!(m.spawns[0].captures[0].mode, CaptureMode::Copied);
}

#[test]
fn timeouts_cancels_methods_and_tests_are_named() {
    let m = manifest(
        "\
struct Pool {
    n: int
}

impl Pool {
    fn run(self) -> int {
        let r = scope(timeout: 1_000ms) {
            let t = spawn { self.n }
            join t
        }
        r.unwrap_or(0)
    }
}

fn wait(d: duration) {
    scope(timeout: d) {
        cancel
    }
}

fn main() {
    print(Pool { n: 1 }.run())
    wait(10ms)
}

test \"scoped\" {
    scope {
        spawn { 1 }
    }
}
",
    );
    let scopes: Vec<(&str, ScopeKind, Option<Option<&str>>, bool)> = m
        .scopes
        .iter()
        .map(|s| {
            (
                s.id.as_str(),
                s.kind,
                s.timeout.as_ref().map(|t| t.as_deref()),
                s.cancels,
            )
        })
        .collect();
    assert_eq!(
        scopes,
        [
            (
                "m.Pool.run: scope 1",
                ScopeKind::Timeout,
                Some(Some("1000ms")),
                false
            ),
            ("m.wait: scope 1", ScopeKind::Timeout, Some(None), true),
            ("m: test \"scoped\": scope 1", ScopeKind::Plain, None, false),
        ]
    );
    assert_eq!(m.cancels.len(), 1);
    assert_eq!(m.cancels[0].scope.as_deref(), Some("m.wait: scope 1"));
    assert_eq!(m.spawns[1].id, "m: test \"scoped\": spawn 1");
}

#[test]
fn a_program_without_concurrency_has_an_empty_manifest() {
    let m = manifest("fn main() {\n    print(1)\n}\n");
    assert!(m.is_empty());
    assert_eq!(m.program, "m");
    let text = m.to_json(Path::new("m.aur"));
    assert_eq!(
        text,
        "{\"@generated\": \"by aurora2rs from m.aur. Do not edit: edit the source.\", \
         \"format\": \"aurora-concurrency-manifest\", \"version\": 1, \"program\": \"m\"}\n"
    );
}

#[test]
fn the_document_is_json_marked_generated_on_its_first_line_and_deterministic() {
    let text = manifest(CAPTURES).to_json(Path::new("m.aur"));
    assert!(
        text.lines().next().unwrap().contains("@generated"),
        "{text}"
    );
    assert_eq!(text, manifest(CAPTURES).to_json(Path::new("m.aur")));
    // Every list in the schema's order, spans on one line each.
    let keys: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("  \"")?.split('"').next())
        .collect();
    assert_eq!(
        keys,
        ["format", "version", "program", "scopes", "spawns", "joins"]
    );
    let start = CAPTURES.find("xs.len").unwrap();
    let span = format!(
        "\"span\": {{\"file\": \"m.aur\", \"line\": 11, \"column\": 25, \"end_line\": 11, \"end_column\": 27, \"start\": {start}, \"end\": {}}}",
        start + 2
    );
    assert!(text.contains(&span), "{text}");
}

#[test]
fn structure_leaves_out_the_spans() {
    let m = manifest(CAPTURES);
    let s = m.structure();
    assert!(!s.contains("span") && !s.contains("\"line\""), "{s}");
    assert!(s.contains("\"mutably_borrowed\""), "{s}");
}

/// docs/manifest.md's example is this builder's output for its example program.
#[test]
fn the_documented_example_is_what_the_builder_writes() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/manifest.md"))
        .unwrap();
    let block = |after: &str, fence: &str| -> String {
        let at = doc
            .find(after)
            .unwrap_or_else(|| panic!("no `{after}` in the doc"));
        let open = format!("```{fence}\n");
        let start = at + doc[at..].find(&open).unwrap() + open.len();
        let len = doc[start..].find("```").unwrap();
        doc[start..start + len].to_string()
    };
    let source = block("`fork_join.aur`:", "aurora");
    let expected = block("`fork_join.aurs`", "text");
    let options = Options {
        manifest: true,
        ..Options::default()
    };
    let done = aurora_transpile::transpile_str_with(Path::new("fork_join.aur"), &source, options)
        .unwrap_or_else(|f| panic!("{}", f.render(false)));
    let actual = done.manifest.unwrap().to_json(Path::new("fork_join.aur"));
    assert_eq!(actual, expected);
}

/// A program and its CNL twin: the same structure, spans and sites in their own files.
#[test]
fn a_cnl_twin_has_the_same_structure_and_its_own_locations() {
    let golden = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../golden"));
    let options = Options {
        manifest: true,
        ..Options::default()
    };
    let of = |ext: &str| {
        let path = golden.join("cancel_sleep").with_extension(ext);
        aurora_transpile::transpile_path_with(&path, options)
            .unwrap_or_else(|f| panic!("{}", f.render(false)))
            .manifest
            .unwrap()
    };
    let (aur, cnl) = (of("aur"), of("cnl"));
    assert!(!aur.spawns.is_empty());
    assert_eq!(aur.structure(), cnl.structure());
    assert!(aur.spawns[0].span.file.ends_with("cancel_sleep.aur"));
    assert!(cnl.spawns[0].span.file.ends_with("cancel_sleep.cnl"));
    assert!(cnl.spawns[0].site.starts_with("cancel_sleep.cnl:"));
    assert_ne!(aur.to_json(Path::new("x")), cnl.to_json(Path::new("x")));

    // What a task does with a value is structure: it differs when the program differs.
    let later = manifest(CAPTURES);
    let not_later = manifest(&CAPTURES.replace("print(\"{xs} {count}\")", "print(count)"));
    assert_ne!(later.structure(), not_later.structure());
}

#[test]
fn locks_and_atomics_are_listed_with_their_orderings() {
    let m = manifest(
        "fn main() {\n    let m = mutex(0)\n    let r = rwlock([1])\n    let a = atomic(0)\n    scope {\n        spawn {\n            lock m as v {\n                v += a.add(1, order: relaxed)\n            }\n        }\n    }\n    read r as xs {\n        print(xs.len())\n    }\n    print(a.compare_exchange(1, 2, order: acq_rel).is_ok())\n    a.store(0)\n}\n",
    );
    let locks: Vec<(&str, &str, Option<&str>, Option<&str>)> = m
        .locks
        .iter()
        .map(|l| {
            (
                l.access.as_str(),
                l.target.as_str(),
                l.ty.as_deref(),
                l.place.parent.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        locks,
        vec![
            ("lock", "m", Some("mutex[int]"), Some("m.main: spawn 1")),
            ("read", "r", Some("rwlock[[int]]"), None)
        ]
    );
    let atomics: Vec<(&str, Vec<&str>, Option<&str>)> = m
        .atomics
        .iter()
        .map(|a| {
            (
                a.operation.as_str(),
                a.orderings.iter().map(String::as_str).collect(),
                a.place.parent.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        atomics,
        vec![
            ("add", vec!["relaxed"], Some("m.main: spawn 1")),
            ("compare_exchange", vec!["acq_rel", "acquire"], None),
            ("store", vec!["seq_cst"], None)
        ]
    );
    assert_eq!(m.atomics[0].target, "a");
    assert_eq!(m.atomics[0].ty.as_deref(), Some("atomic[int]"));
}

/// What a `par` body holds has the `par` construct as its parent.
#[test]
fn entries_in_a_par_body_name_it_as_their_parent() {
    let m = manifest(
        "\
fn main() {
    let seen = atomic(0)
    var total = 0
    par for n in 0..100 reduce(total: +) {
        seen.add(1, order: relaxed)
        total += n
    }
    print(par [1, 2].map(|x| x * 2).sum())
    print(\"{total} {seen.load()}\")
}
",
    );
    let pars: Vec<(&str, &str)> = m
        .par_loops
        .iter()
        .map(|p| (p.id.as_str(), p.kind.as_str()))
        .collect();
    assert_eq!(pars, [("m.main: par 1", "for"), ("m.main: par 2", "iter")]);
    let parents: Vec<Option<&str>> = m
        .atomics
        .iter()
        .map(|a| a.place.parent.as_deref())
        .collect();
    assert_eq!(parents, [Some("m.main: par 1"), None]);
}

/// A `with` block is an entry, and the parent of the tasks that inherit its binding.
#[test]
fn with_blocks_are_bindings_and_parents() {
    let m = manifest(
        "\
task_local DEPTH: int = 0

fn main() {
    with DEPTH = DEPTH + 1 {
        scope {
            let t = spawn { DEPTH }
            print(join t)
        }
    }
}
",
    );
    assert_eq!(m.task_local_bindings.len(), 1);
    let w = &m.task_local_bindings[0];
    assert_eq!(
        (w.id.as_str(), w.task_local.as_str(), w.ty.as_deref()),
        ("m.main: with 1", "m.DEPTH", Some("int"))
    );
    assert_eq!(m.scopes[0].place.parent.as_deref(), Some("m.main: with 1"));
    assert_eq!(m.spawns[0].scope.as_deref(), Some("m.main: scope 1"));
}
