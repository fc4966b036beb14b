//! Every Aurora example in docs/language.md is parsed, so the specification and the grammar
//! cannot drift apart. The fence's info string says what the block is (the convention is also
//! written at the top of language.md):
//!
//! - ```` ```aurora ```` : whole items; the block must parse without errors.
//! - ```` ```aurora,stmt ```` : statements; parsed as the body of a function.
//! - ```` ```aurora,fails ```` / ```` ```aurora,stmt,fails ```` : must be rejected by the
//!   parser. A line comment `// error: TEXT` in the block also requires a diagnostic whose
//!   message contains TEXT.
//! - ```` ```rust ````, ```` ```ebnf ````, ```` ```text ```` : not Aurora; not parsed.
//!
//! A fence without an info string is an error here, so a new example cannot go unchecked.

use aurora_grammar::ast::NodeIds;
use aurora_grammar::{parse_module, Errors, Sources};

struct Block {
    line: usize,
    info: String,
    text: String,
}

fn blocks(doc: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<Block> = None;
    for (i, line) in doc.lines().enumerate() {
        let trimmed = line.trim_start();
        match open.take() {
            None => {
                if let Some(info) = trimmed.strip_prefix("```") {
                    open = Some(Block {
                        line: i + 1,
                        info: info.trim().to_string(),
                        text: String::new(),
                    });
                }
            }
            Some(mut b) => {
                if trimmed.starts_with("```") {
                    out.push(b);
                } else {
                    // Indentation means nothing to Aurora: blocks inside list items keep it.
                    b.text.push_str(line);
                    b.text.push('\n');
                    open = Some(b);
                }
            }
        }
    }
    assert!(open.is_none(), "language.md ends inside a code block");
    out
}

/// Parse `src` as one file; the messages of its errors (warnings do not count).
fn parse_errors(src: &str) -> Vec<String> {
    let mut sources = Sources::new();
    let file = sources.add("spec.aur", src);
    let mut ids = NodeIds::default();
    let mut errors = Errors::new();
    parse_module(&sources, file, &mut ids, &mut errors);
    errors
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.clone())
        .collect()
}

#[test]
fn language_md_examples_parse_as_marked() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/language.md");
    let doc = std::fs::read_to_string(path).expect("docs/language.md is readable");
    let mut failures = Vec::new();
    let mut checked = 0;
    for b in blocks(&doc) {
        let flags: Vec<&str> = b.info.split(',').map(str::trim).collect();
        match flags.first().copied() {
            Some("aurora") => {}
            Some("rust" | "ebnf" | "text") => continue,
            _ => {
                failures.push(format!(
                    "line {}: code block with info string `{}`: mark it aurora, aurora,stmt, \
                     aurora,fails, rust, ebnf or text",
                    b.line, b.info
                ));
                continue;
            }
        }
        let stmt = flags.contains(&"stmt");
        let fails = flags.contains(&"fails");
        if let Some(bad) = flags[1..].iter().find(|f| !matches!(**f, "stmt" | "fails")) {
            failures.push(format!("line {}: unknown flag `{bad}`", b.line));
            continue;
        }
        let src = if stmt {
            format!("fn __t() {{\n{}}}\n", b.text)
        } else {
            b.text.clone()
        };
        let errors = parse_errors(&src);
        checked += 1;
        if fails {
            let wanted: Vec<&str> = b
                .text
                .lines()
                .filter_map(|l| l.split_once("// error: ").map(|(_, m)| m.trim()))
                .collect();
            if errors.is_empty() {
                failures.push(format!(
                    "line {}: marked `fails` but parses:\n{}",
                    b.line, b.text
                ));
            }
            for w in wanted {
                if !errors.iter().any(|e| e.contains(w)) {
                    failures.push(format!(
                        "line {}: no error containing `{w}`; got {errors:?}",
                        b.line
                    ));
                }
            }
        } else if !errors.is_empty() {
            failures.push(format!(
                "line {}: does not parse: {errors:?}\n{}",
                b.line, b.text
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} examples in docs/language.md disagree with the grammar:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    assert!(checked >= 30, "only {checked} Aurora examples found");
}

/// The rule names defined at the start of the lines of a text (`name = ...`, `name := ...`).
fn rule_names<'a>(lines: impl Iterator<Item = &'a str>) -> std::collections::BTreeSet<String> {
    lines
        .filter_map(|l| {
            let name: String = l
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let rest = l[name.len()..].trim_start();
            (!name.is_empty() && (rest.starts_with('=') || rest.starts_with(":="))).then_some(name)
        })
        .collect()
}

/// The appendix of language.md transcribes aur.pest rule by rule: both define the same rules
/// (keyword tokens, single operators and the whitespace rules pest uses implicitly aside).
#[test]
fn appendix_names_the_rules_of_aur_pest() {
    let dir = env!("CARGO_MANIFEST_DIR");
    let pest = std::fs::read_to_string(format!("{dir}/src/aur.pest")).expect("aur.pest");
    let doc = std::fs::read_to_string(format!("{dir}/../docs/language.md")).expect("language.md");
    let appendix = doc
        .split_once("## Appendix: grammar summary")
        .map(|(_, a)| a)
        .expect("language.md has the appendix");
    let mut grammar = rule_names(pest.lines());
    grammar.retain(|r| {
        !(r.starts_with("kw_")
            || r.starts_with("op_")
            || matches!(r.as_str(), "WHITESPACE" | "COMMENT" | "line_comment"))
    });
    let documented = rule_names(appendix.lines());
    let missing: Vec<_> = grammar.difference(&documented).collect();
    let extra: Vec<_> = documented.difference(&grammar).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "language.md's appendix and aur.pest disagree: rules of aur.pest missing from the \
         appendix: {missing:?}; rules of the appendix that aur.pest lacks: {extra:?}"
    );
}
