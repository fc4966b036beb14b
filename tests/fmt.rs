//! `aurora2rs fmt`: the command line (rewrite in place, `--check`, stdin, refusals), and the
//! promise that formatting never changes the generated Rust.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_aurora2rs");

/// Starts with blank lines and ends without a newline.
const MESSY: &str = concat!(
    "\n  \n",
    "// A program written carelessly.
use  util.{twice}
fn main( ) {
  let xs=[1,2,3]   // three numbers
      var total=0
  for x in xs { total+=twice(x) }\n



  // the answer
  print(\"total {total}\");
}"
);

const TIDY: &str = "\
// A program written carelessly.
use util.{twice}
fn main() {
    let xs = [1, 2, 3] // three numbers
    var total = 0
    for x in xs { total += twice(x) }

    // the answer
    print(\"total {total}\");
}
";

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("fmt")
        .join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn aurora(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run aurora2rs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn fmt_rewrites_a_messy_file_keeping_comments_and_then_leaves_it_alone() {
    let dir = scratch("rewrite");
    fs::write(dir.join("main.aur"), MESSY).unwrap();
    let out = aurora(&dir, &["fmt", "main.aur"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("formatted main.aur"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(fs::read_to_string(dir.join("main.aur")).unwrap(), TIDY);

    let again = aurora(&dir, &["fmt", "main.aur"]);
    assert!(again.status.success());
    assert!(
        text(&again.stderr).contains("unchanged main.aur"),
        "{}",
        text(&again.stderr)
    );
    assert_eq!(fs::read_to_string(dir.join("main.aur")).unwrap(), TIDY);
    // No temporary file is left beside it.
    let names: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn check_prints_a_diff_and_fails_without_writing() {
    let dir = scratch("check");
    fs::write(dir.join("main.aur"), MESSY).unwrap();
    fs::write(dir.join("tidy.aur"), TIDY).unwrap();
    let out = aurora(&dir, &["fmt", "--check", "main.aur", "tidy.aur"]);
    assert_eq!(out.status.code(), Some(1));
    let diff = text(&out.stdout);
    assert!(
        diff.contains("--- main.aur") && diff.contains("+++ main.aur"),
        "{diff}"
    );
    assert!(
        diff.contains("-  let xs=[1,2,3]   // three numbers"),
        "{diff}"
    );
    assert!(
        diff.contains("+    let xs = [1, 2, 3] // three numbers"),
        "{diff}"
    );
    assert!(!diff.contains("tidy.aur"), "{diff}");
    assert_eq!(fs::read_to_string(dir.join("main.aur")).unwrap(), MESSY);

    let ok = aurora(&dir, &["fmt", "--check", "tidy.aur"]);
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stdout));
    assert!(ok.stdout.is_empty());
}

#[test]
fn a_file_with_a_syntax_error_is_reported_and_not_touched() {
    let dir = scratch("syntax");
    let bad = "fn main() {\n    let x = (1 +\n}\n";
    fs::write(dir.join("bad.aur"), bad).unwrap();
    fs::write(dir.join("good.aur"), MESSY).unwrap();
    let out = aurora(&dir, &["fmt", "bad.aur", "good.aur"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("error") && err.contains("bad.aur:"), "{err}");
    assert!(err.contains("`bad.aur` was not formatted"), "{err}");
    assert_eq!(fs::read_to_string(dir.join("bad.aur")).unwrap(), bad);
    // The other file is still formatted.
    assert_eq!(fs::read_to_string(dir.join("good.aur")).unwrap(), TIDY);
}

#[test]
fn dash_formats_stdin_to_stdout() {
    let mut child = Command::new(BIN)
        .args(["fmt", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(MESSY.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), TIDY);
}

#[test]
fn help_shows_an_example() {
    let dir = scratch("help");
    let out = aurora(&dir, &["fmt", "--help"]);
    assert!(out.status.success());
    let help = text(&out.stdout);
    assert!(
        help.contains("--check") && help.contains("aurora2rs fmt hello.aur"),
        "{help}"
    );
}

// ---------------------------------------------------------------------------------------------
// Formatting never changes the generated Rust.

fn programs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for dir in ["golden", "golden/modules", "examples"] {
        for e in fs::read_dir(root.join(dir)).unwrap().flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "aur") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

/// The same program with its layout spoiled: no indentation, trailing spaces, doubled blank
/// lines. `fmt` must restore it exactly.
fn spoil(src: &str) -> String {
    let mut out = String::new();
    for line in src.lines() {
        let t = line.trim_start();
        out.push_str(t);
        if !t.is_empty() {
            out.push_str("  ");
        } else {
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

/// The Rust of each module, without the `@generated` header line (it names the source), with
/// spawn sites masked (they name source lines, which spoiling moves).
fn rust(path: &Path, text: &str) -> Vec<String> {
    let options = aurora_transpile::Options {
        mask_sites: true,
        ..Default::default()
    };
    let done = aurora_transpile::transpile_str_with(path, text, options).unwrap_or_else(|f| {
        panic!(
            "{} does not transpile:\n{}",
            path.display(),
            f.render(false)
        )
    });
    done.modules
        .iter()
        .map(|m| {
            m.code
                .split_once('\n')
                .map_or("", |(_, rest)| rest)
                .to_string()
        })
        .collect()
}

#[test]
fn formatting_restores_spoiled_programs_and_keeps_their_rust_byte_identical() {
    let files = programs();
    assert!(files.len() > 20);
    let dir = scratch("spoiled");
    for f in &files {
        let src = fs::read_to_string(f).unwrap();
        let spoiled = spoil(&src);
        let name = f.file_name().unwrap();
        fs::write(dir.join(name), &spoiled).unwrap();
        let out = aurora(&dir, &["fmt", name.to_str().unwrap()]);
        assert!(
            out.status.success(),
            "{}: {}",
            f.display(),
            text(&out.stderr)
        );
        let formatted = fs::read_to_string(dir.join(name)).unwrap();
        assert_eq!(
            formatted,
            src,
            "{}: fmt did not restore the golden layout",
            f.display()
        );

        // The spoiled text, the formatted text and the original all give the same Rust.
        let original = rust(f, &src);
        assert_eq!(rust(f, &spoiled), original, "{}", f.display());
        assert_eq!(rust(f, &formatted), original, "{}", f.display());
    }
}

#[test]
fn cnl_files_are_formatted_by_the_cnl_printer() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../golden");
    let mut cnl: Vec<PathBuf> = fs::read_dir(&root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "cnl"))
        .collect();
    cnl.sort();
    if cnl.is_empty() {
        return;
    }
    let dir = scratch("cnl");
    for f in &cnl {
        let name = f.file_name().unwrap().to_str().unwrap().to_string();
        let src = fs::read_to_string(f).unwrap();
        // The golden text's canonical form, and a spoiled copy's: the same.
        fs::write(dir.join(format!("a-{name}")), &src).unwrap();
        fs::write(dir.join(format!("b-{name}")), spoil_cnl(&src)).unwrap();
        let out = aurora(&dir, &["fmt", &format!("a-{name}"), &format!("b-{name}")]);
        assert!(out.status.success(), "{name}: {}", text(&out.stderr));
        let a = fs::read_to_string(dir.join(format!("a-{name}"))).unwrap();
        let b = fs::read_to_string(dir.join(format!("b-{name}"))).unwrap();
        assert_eq!(a, b, "{name}");
        let check = aurora(&dir, &["fmt", "--check", &format!("b-{name}")]);
        assert!(
            check.status.success(),
            "{name}: not idempotent\n{}",
            text(&check.stdout)
        );
    }
}

/// Trailing spaces and doubled blank lines (CNL indentation is meaningful, so it stays).
fn spoil_cnl(src: &str) -> String {
    let mut out = String::new();
    for line in src.lines() {
        out.push_str(line);
        if line.trim().is_empty() {
            out.push('\n');
        } else {
            out.push_str("  ");
        }
        out.push('\n');
    }
    out
}
