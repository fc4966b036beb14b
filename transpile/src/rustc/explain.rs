//! The rules that say a rustc error in Aurora's words (docs/language.md §17.3 lists them with
//! their fixes). Each rule recognises one kind of error by its code, its message and the
//! generated construct its spans sit in (a task is a `spawn_at` closure, or a span whose Aurora
//! source is a `spawn`; a `par` body a rayon closure, or a span after `par`), and gives the
//! message, labels and help an Aurora programmer needs. The messages name Aurora constructs and
//! types only (`task`, `scope`, `par`, `local [str]`); Rust type text goes through `types`.
//!
//! | rule | rustc | message (names are the program's) |
//! |---|---|---|
//! | `local_to_task` | E0277 | `` `local [str]` cannot be shared with a task `` / `cannot be moved into a task` (or `a `par` body`) |
//! | `local_from_task` | E0277 | `` a task cannot give back a `local [int]` `` / `` a task cannot fail with a `local str` `` |
//! | `cell_shared` | E0277 | `` `cell int` cannot be shared by tasks `` (or `with a `par` body`) |
//! | `guard_in_task` | E0277 | ``a task cannot use the value of a `lock` block it was started in`` |
//! | `channel_item_not_send` | E0277 | ``a channel of `local int` cannot carry its items between tasks`` |
//! | `missing_bound` | E0277 | `` `T` cannot be shared with a task: it has no `Share` bound `` (or moved, `Send`) |
//! | `not_send` | E0277 | ``X cannot be moved into a task`` / ``cannot be shared with a task`` |
//! | `no_text_form` | E0277 | `` `[int]` has no text form `` (printed or interpolated without `:?`) |
//! | `two_tasks_change` | E0499 | ``two tasks change `total` at the same time`` |
//! | `fork_join_branches_change` | E0499 | ``two branches of a fork-join change `a` `` |
//! | `fork_join_change_and_use` | E0502.. | ``one branch of a fork-join uses `xs` while the other changes it`` |
//! | `used_while_task_holds` | E0502 E0503 E0505 E0506 | `` `total` is used while a task changes it `` / changed / moved while a task uses it |
//! | `use_after_move_into_task` | E0382 | `` `xs` is used after it was moved into a task `` |
//! | `moved_into_task_in_loop` | E0382 | `` `words` is moved into a task in every iteration of the loop `` |
//! | `use_after_close` | E0382 | `` `tx` is used after `close tx` `` |
//! | `use_after_move` | E0382 | `` `xs` is used after it was moved `` |
//! | `par_over_elements` | E0599 | `` `par` cannot go over a `[local int]`: its elements are not `Share` `` |
//! | `change_in_par_body` | E0594 E0596 | ``cannot change `total` inside a `par` body`` |
//! | `change_in_fn_value` | E0594 E0596 | ``cannot change `calls` inside a function passed as a value`` |
//! | `scope_body_var_in_task` | E0373 E0597 | `` `count` ends before the task that uses it `` |
//! | `moved_into_scope_body` | E0373 E0597 | `` `xs` is taken by the scope's body while a task uses it `` |
//! | `task_handle_escapes` | E0521 | ``a task handle cannot be kept in `handles` beyond its scope`` |
//! | `borrow_escapes_scope`, `borrow_outlives_value`, `borrow_returned`, `temporary_ends_while_borrowed` | E0521 E0597 E0515 E0716 E0713 | borrows that outlive what they borrow |

use aurora_grammar::ast::{ItemKind, NodeIds};
use aurora_grammar::{Diagnostic, Sources, Span};

use super::json::{Message, RSpan};
use super::types::{self, Wrapper};

/// What a rule may consult besides rustc's message.
pub(super) struct Cx<'a> {
    /// The `.aur` span of rustc's primary span, when the source map has it.
    pub primary: Option<Span>,
    pub sources: &'a Sources,
    /// Variables that another error of the same output says are moved while a task borrows
    /// them (E0505): a task's borrow of such a variable fails for that move, not because the
    /// variable was declared in the scope's body.
    pub moved_while_borrowed: &'a [String],
    /// The bounds each type parameter lacks, over the whole output ([`missing_bounds`]).
    pub missing_bounds: &'a [(String, &'static str)],
    /// The source maps, for the rules that look at the Aurora source of a span.
    pub locate: &'a dyn super::Locate,
}

/// The bounds (`Send`, `Share`) that `msgs` say each type parameter lacks, for [`Cx`]: one
/// parameter often lacks both, in two errors, and each error's help should give the whole fix.
pub(super) fn missing_bounds(msgs: &[Message]) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = Vec::new();
    for m in msgs.iter().filter(|m| m.code() == Some("E0277")) {
        let Some(param) = ticked(&m.message).first().copied() else {
            continue;
        };
        if !types::is_type_param(param) {
            continue;
        }
        let bound = if m.message.contains("cannot be shared between threads") {
            "Share"
        } else if m.message.contains("cannot be sent between threads") {
            "Send"
        } else {
            continue;
        };
        if !out.iter().any(|(p, b)| p == param && *b == bound) {
            out.push((param.to_string(), bound));
        }
    }
    out
}

/// The variables `msgs` say are moved while borrowed (E0505), for [`Cx`].
pub(super) fn moved_while_borrowed(msgs: &[Message]) -> Vec<String> {
    msgs.iter()
        .filter(|m| m.code() == Some("E0505"))
        .filter_map(|m| named(&m.message))
        .collect()
}

/// A rustc error said in Aurora terms.
pub(super) struct Rewrite {
    pub rule: &'static str,
    pub message: String,
    pub label: String,
    /// rustc spans worth showing, with what to say at each (mapped by the caller).
    pub secondary: Vec<(RSpan, String)>,
    /// A rustc span to put the primary label at instead of rustc's primary span, when it maps
    /// (rustc's is sometimes a closure's `||`, which has no Aurora token of its own).
    pub prefer: Option<RSpan>,
    pub help: Option<String>,
    pub notes: Vec<String>,
}

impl Rewrite {
    fn new(rule: &'static str, message: String, label: impl Into<String>) -> Rewrite {
        Rewrite {
            rule,
            message,
            label: label.into(),
            secondary: Vec::new(),
            prefer: None,
            help: None,
            notes: Vec::new(),
        }
    }

    fn help(mut self, help: impl Into<String>) -> Rewrite {
        self.help = Some(help.into());
        self
    }

    /// Prefer the first non-primary span whose rustc label passes `pick` as the primary.
    fn prefer(mut self, msg: &Message, pick: impl Fn(&str) -> bool) -> Rewrite {
        self.prefer = msg
            .spans
            .iter()
            .find(|s| !s.is_primary && s.label.as_deref().is_some_and(&pick))
            .cloned();
        self
    }

    fn note(mut self, note: impl Into<String>) -> Rewrite {
        self.notes.push(note.into());
        self
    }

    /// Show the message's spans whose rustc label passes `pick`, saying `label` there.
    fn at(
        mut self,
        msg: &Message,
        pick: impl Fn(&str) -> bool,
        label: impl Into<String>,
    ) -> Rewrite {
        let label = label.into();
        for s in &msg.spans {
            if !s.is_primary && s.label.as_deref().is_some_and(&pick) {
                self.secondary.push((s.clone(), label.clone()));
            }
        }
        self
    }
}

/// The Aurora explanation of `msg`, when a rule covers it.
pub(super) fn rewrite(msg: &Message, cx: &Cx) -> Option<Rewrite> {
    let code = msg.code().unwrap_or("");
    let r = match code {
        "E0277" => not_send_or_share(msg, cx).or_else(|| no_text_form(msg, cx))?,
        "E0499" => two_changers(msg, cx)?,
        "E0502" | "E0503" | "E0505" | "E0506" => used_while_task_holds(msg, cx)?,
        "E0382" => use_after_move(msg, cx),
        "E0594" | "E0596" => change_in_par_body(msg, cx)?,
        "E0599" => par_over_elements(msg)?,
        "E0373" | "E0597" | "E0521" | "E0515" | "E0716" | "E0713" => {
            escaping_borrow(msg, code, cx)?
        }
        _ => return None,
    };
    Some(r.note(format!("found by rustc ({code}) in the generated Rust")))
}

/// An error no rule covers: rustc's own words, at the mapped place.
pub(super) fn unexplained(msg: &Message, span: Span) -> Diagnostic {
    let code = msg.code().map(|c| format!(" ({c})")).unwrap_or_default();
    let mut d = Diagnostic::error(
        span,
        format!("rustc rejected the generated Rust{code}, and aurora2rs has no Aurora explanation for this error yet"),
    );
    if let Some(label) = msg.primary().and_then(|s| s.label.as_deref()) {
        d = d.label(format!("rustc: {}", with_aurora_types(label)));
    }
    let mut original = format!("rustc's message: {}", msg.message);
    if let Some(p) = msg.primary() {
        original.push_str(&format!(" (at {})", p.place()));
    }
    d = d.note(original);
    for child in &msg.children {
        if matches!(child.level.as_str(), "note" | "help") && !child.message.is_empty() {
            d = d.note(format!("rustc: {}: {}", child.level, child.message));
        }
    }
    d
}

/// rustc's text with each backticked Rust type said in Aurora (`` `i64` `` becomes `` `int` ``).
fn with_aurora_types(text: &str) -> String {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                types::aurora_type(part)
            } else {
                part.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("`")
}

// ---- where an error is ---------------------------------------------------------------------

/// What generated construct an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Site {
    Task,
    ForkJoin,
    Par,
    Other,
}

const TASK_CALLS: &[&str] = &["spawn_at(", "spawn(", "try_spawn"];
const FORK_JOIN_CALLS: &[&str] = &["rayon::join("];
const PAR_CALLS: &[&str] = &[
    "par_iter",
    "into_par_iter",
    "par_chunks",
    "par_bridge",
    "par_sort",
    "rayon::join(",
];

/// Whether `span` is in the generated code (rustc names the crate's own files relatively,
/// `src/main.rs`, and its dependencies' by absolute path).
fn generated(span: &RSpan) -> bool {
    !std::path::Path::new(&span.file_name).is_absolute() && !span.file_name.starts_with('/')
}

fn line_has(span: &RSpan, calls: &[&str]) -> bool {
    let lines = span.lines();
    generated(span) && calls.iter().any(|c| lines.contains(c))
}

impl Cx<'_> {
    /// The `.aur` text of a rustc span, and the text of its line before it.
    fn aur(&self, span: &RSpan) -> Option<(&str, &str)> {
        let found = self.locate.locate(
            &span.file_name,
            (span.line_start, span.column_start),
            (span.line_end, span.column_end),
        )?;
        if found.file.0 as usize >= self.sources.len() {
            return None;
        }
        let text = &self.sources.get(found.file).text;
        let start = (found.start as usize).min(text.len());
        let end = (found.end as usize).clamp(start, text.len());
        let line_start = text.get(..start)?.rfind('\n').map_or(0, |i| i + 1);
        Some((text.get(start..end)?, text.get(line_start..start)?))
    }

    /// Whether a rustc span is a task's: its `.aur` text is a `spawn`.
    fn is_spawn(&self, span: &RSpan) -> bool {
        self.aur(span)
            .is_some_and(|(text, _)| text.trim_start().starts_with("spawn"))
    }

    /// Whether a rustc span is in a `par` body: its `.aur` line has `par` before it.
    fn after_par(&self, span: &RSpan) -> bool {
        self.aur(span).is_some_and(|(text, before)| {
            let words = |t: &str| {
                t.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .any(|w| w == "par")
            };
            words(before) || text.trim_start().starts_with("par")
        })
    }
}

fn site(msg: &Message, cx: &Cx) -> Site {
    let spans: Vec<&RSpan> = msg.all_spans().filter(|s| generated(s)).collect();
    let bound_in = |names: &[&str]| {
        msg.all().iter().any(|m| {
            m.message.starts_with("required by a bound in")
                && names.iter().any(|f| m.message.contains(f))
        })
    };
    let task_bound = msg.all().iter().any(|m| {
        m.message
            .starts_with("required by a bound in `aurora_std::")
            && !m.message.contains("rayon")
            && ["spawn_at`", "spawn`", "scope`", "supervise`"]
                .iter()
                .any(|f| m.message.ends_with(f))
    });
    if task_bound
        || spans.iter().any(|s| line_has(s, TASK_CALLS))
        || spans.iter().any(|s| cx.is_spawn(s))
    {
        Site::Task
    } else if spans.iter().any(|s| line_has(s, FORK_JOIN_CALLS)) || bound_in(&["rayon::join"]) {
        Site::ForkJoin
    } else if bound_in(&["rayon::"])
        || spans.iter().any(|s| line_has(s, PAR_CALLS))
        || spans.iter().any(|s| cx.after_par(s))
    {
        Site::Par
    } else {
        Site::Other
    }
}

// ---- text helpers --------------------------------------------------------------------------

/// The backticked parts of rustc's text, in order.
fn ticked(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// A place rustc names (`total`, `*v`, `r#type`, `self.r#type`), as Aurora writes it.
fn place(name: &str) -> String {
    name.trim_start_matches('*').replace("r#", "")
}

/// The first backticked name in `text`, as an Aurora place.
fn named(text: &str) -> Option<String> {
    ticked(text).first().map(|n| place(n))
}

// ---- E0277: Send and Share -----------------------------------------------------------------

/// `print(xs)` or `"{xs}"` with a value Rust's `Display` does not cover (a list, an option):
/// Aurora's text form is `Display`, and these have only the debug form, `{xs:?}`.
fn no_text_form(msg: &Message, cx: &Cx) -> Option<Rewrite> {
    if !msg
        .message
        .contains("doesn't implement `std::fmt::Display`")
    {
        return None;
    }
    let culprit = types::aurora_type(ticked(&msg.message).first()?);
    // `print(NAME)`: the help can name it.
    let name = cx
        .primary
        .map(|span| {
            cx.sources.get(span.file).text[span.range()]
                .trim()
                .to_string()
        })
        .and_then(|text| {
            let inner = text
                .strip_prefix("print(")
                .or_else(|| text.strip_prefix("eprint("))?
                .strip_suffix(')')?
                .to_string();
            inner
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_')
                .then_some(inner)
        });
    let example = match name {
        Some(n) => format!("`print(\"{{{n}:?}}\")`"),
        None => "`\"{x:?}\"`".to_string(),
    };
    Some(
        Rewrite::new(
            "no_text_form",
            format!("`{culprit}` has no text form"),
            "printed here as text",
        )
        .help(format!("print its debug form, with `:?` in the interpolation: {example}"))
        .note("text (`print(x)`, `\"{x}\"`) is for values with a plain written form: numbers, `str`, `bool`, `char`"),
    )
}

fn not_send_or_share(msg: &Message, cx: &Cx) -> Option<Rewrite> {
    let shared = msg
        .message
        .contains("cannot be shared between threads safely");
    let sent = msg
        .message
        .contains("cannot be sent between threads safely");
    if !shared && !sent {
        return None;
    }
    let culprit = *ticked(&msg.message).first()?;
    let site = site(msg, cx);
    let mut r = if let Some((block, what)) = types::guard_of(culprit) {
        guard_in_task(block, &what)
    } else if types::is_type_param(culprit) {
        // Through a channel or not, the fix is the bound.
        missing_bound(culprit, shared, site, cx)
    } else if let Some(channel) = channel_type(msg) {
        channel_item(culprit, &channel)
    } else {
        match types::wrapper_of(culprit) {
            Some(Wrapper::Local) => local_to_other_thread(culprit, shared, site, gives(msg)),
            Some(Wrapper::Cell) => cell_shared(culprit, site),
            None => other_not_send(culprit, shared, site),
        }
    };
    // "required because it appears within the type `Node`": where the value sits.
    let holders: Vec<String> = msg
        .all()
        .iter()
        .filter(|m| {
            m.message
                .starts_with("required because it appears within the type")
        })
        .filter_map(|m| ticked(&m.message).first().copied())
        .filter_map(types::program_type)
        .collect();
    if let Some(h) = holders.last() {
        if !types::is_type_param(culprit) {
            // Right after the culprit's type: "uses a `cell int` (inside a `Counter`) that ...".
            let ty = format!("`{}`", types::aurora_type(culprit));
            r.label = if r.label.contains(&ty) {
                r.label.replacen(&ty, &format!("{ty} (inside a `{h}`)"), 1)
            } else {
                format!("{} (inside a `{h}`)", r.label)
            };
        }
    }
    Some(r)
}

/// What a task does with the value that is not `Send`: the runtime's bound that failed says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gives {
    /// It is the task's value (`T: Send` on `spawn_at`'s result).
    Value,
    /// It is the error of a fallible task (`E: Send` on the scope).
    Error,
}

fn gives(msg: &Message) -> Option<Gives> {
    msg.all_spans()
        .filter(|s| s.is_primary && !generated(s))
        .filter(|s| {
            s.label
                .as_deref()
                .is_some_and(|l| l.starts_with("required by this bound in"))
        })
        .find_map(|s| {
            let line = s.lines();
            let line = line.trim_start();
            if line.starts_with("T: Send") {
                Some(Gives::Value)
            } else if line.starts_with("E: Send") || line.contains(" E: Send") {
                Some(Gives::Error)
            } else {
                None
            }
        })
}

/// How messages name the code an error is about: a task, or a `par` body.
struct Words {
    /// "a task"
    whom: &'static str,
    /// "this task"
    this: &'static str,
    /// "the task"
    the: &'static str,
    /// Where the values it uses come from.
    outside: &'static str,
}

fn words(site: Site) -> Words {
    match site {
        Site::Par | Site::ForkJoin => Words {
            whom: "a `par` body",
            this: "this `par` body",
            the: "the `par` body",
            outside: "declared outside it (its iterations run on several threads at once)",
        },
        _ => Words {
            whom: "a task",
            this: "this task",
            the: "the task",
            outside: "of the code that started it",
        },
    }
}

fn local_to_other_thread(culprit: &str, shared: bool, site: Site, gives: Option<Gives>) -> Rewrite {
    let ty = types::aurora_type(culprit);
    let inner = types::wrapped_inner(culprit).unwrap_or_else(|| "T".into());
    let Words {
        whom,
        this,
        the,
        outside,
    } = words(site);
    let (message, label) = match gives {
        Some(Gives::Value) => (
            format!("a task cannot give back a `{ty}`"),
            format!("this task's value is a `{ty}`"),
        ),
        Some(Gives::Error) => (
            format!("a task cannot fail with a `{ty}`"),
            format!("a fallible task here fails with a `{ty}`"),
        ),
        None if shared => (
            format!("`{ty}` cannot be shared with {whom}"),
            format!("{this} uses a `{ty}` {outside}"),
        ),
        None => (
            format!("`{ty}` cannot be moved into {whom}"),
            format!("{this} takes a `{ty}`"),
        ),
    };
    if let Some(g) = gives {
        let help = match g {
            Gives::Value => format!(
                "give back a `shared {inner}` (`shared(..)` instead of `local(..)`) or the plain value, and make the `local` value where the task is joined"
            ),
            Gives::Error => format!(
                "fail with a `shared {inner}` or the plain value: a task's `err` moves to the code that handles its scope's result"
            ),
        };
        return Rewrite::new("local_from_task", message, label)
            .note("a `local` value belongs to the task that made it: it is not `Send`, and its count of owners is not updated atomically")
            .help(help);
    }
    Rewrite::new("local_to_task", message, label)
        .note("a `local` value belongs to the task that made it: it is not `Send`, and its count of owners is not updated atomically")
        .help(format!(
            "make it `shared {inner}` (`shared(..)` instead of `local(..)`) to use it from other tasks, or make the `local` value inside {the}"
        ))
}

fn cell_shared(culprit: &str, site: Site) -> Rewrite {
    let ty = types::aurora_type(culprit);
    let inner = types::wrapped_inner(culprit).unwrap_or_else(|| "T".into());
    let this = words(site).this;
    let atomic = matches!(
        inner.as_str(),
        "int"
            | "bool"
            | "i8"
            | "i16"
            | "i32"
            | "i64"
            | "u8"
            | "u16"
            | "u32"
            | "u64"
            | "isize"
            | "usize"
    );
    let fix = if atomic {
        format!("use a `mutex[{inner}]` (changed in `lock` blocks) or an `atomic[{inner}]`")
    } else {
        format!("use a `mutex[{inner}]` (changed in `lock` blocks) or an `rwlock[{inner}]`")
    };
    Rewrite::new(
        "cell_shared",
        match site {
            Site::Par | Site::ForkJoin => format!("`{ty}` cannot be shared with a `par` body"),
            _ => format!("`{ty}` cannot be shared by tasks"),
        },
        format!("{this} uses a `{ty}` that other code also uses"),
    )
    .note(match site {
        Site::Par | Site::ForkJoin => "a `cell` is changed without a lock, so it is not `Share`: the threads of a `par` body may not see it together",
        _ => "a `cell` is changed without a lock, so it is not `Share`: only one task may see it",
    })
    .help(match site {
        Site::Par | Site::ForkJoin if atomic => format!(
            "to change it from a `par` body, use an `atomic[{inner}]` or a `reduce` clause; to only read it, use a plain `{inner}`"
        ),
        Site::Par | Site::ForkJoin => format!(
            "to change it from a `par` body, use a `reduce` clause; to only read it, use a plain `{inner}` or a `shared {inner}`"
        ),
        _ => format!("to change a value from several tasks, {fix}"),
    })
}

fn guard_in_task(block: &str, what: &str) -> Rewrite {
    let lock = match block {
        "lock" => format!("the lock on a `{what}`"),
        _ => format!("the `{block}` lock on a `{what}`"),
    };
    let form = match block {
        "lock" => "lock M as v { .. }",
        "read" => "read M as v { .. }",
        _ => "write M as v { .. }",
    };
    Rewrite::new(
        "guard_in_task",
        format!("a task cannot use the value of a `{block}` block it was started in"),
        format!("this task uses the value guarded by {lock}"),
    )
    .note(format!(
        "the `{block}` block holds {lock} until it ends, and it ends only after its `scope` has waited for this task: the lock is held across that wait, and a lock stays with the task that took it (it is not `Send`)"
    ))
    .help(format!(
        "take the lock inside the task, `spawn {{ {form} }}`, and end the outer `{block}` block before the `scope`"
    ))
}

/// The channel end type that made the item type matter, if the error is about one.
fn channel_type(msg: &Message) -> Option<String> {
    msg.all().iter().find_map(|m| {
        let is_requirement = m.message.starts_with("required for")
            || m.message
                .starts_with("required because it appears within the type");
        if !is_requirement {
            return None;
        }
        ticked(&m.message)
            .into_iter()
            .find(|t| t.contains("Sender<") || t.contains("Receiver<"))
            .map(types::aurora_type)
    })
}

fn channel_item(culprit: &str, channel: &str) -> Rewrite {
    let ty = types::aurora_type(culprit);
    let instead = match types::wrapper_of(culprit) {
        Some(Wrapper::Local) => format!(
            "`shared {}`",
            types::wrapped_inner(culprit).unwrap_or_else(|| "T".into())
        ),
        Some(Wrapper::Cell) => format!(
            "`mutex[{}]`",
            types::wrapped_inner(culprit).unwrap_or_else(|| "T".into())
        ),
        None => "a type that is `Send`".to_string(),
    };
    Rewrite::new(
        "channel_item_not_send",
        format!("a channel of `{ty}` cannot carry its items between tasks"),
        format!("this task uses a `{channel}`, whose items are `{ty}`"),
    )
    .note(format!(
        "the items of a channel that tasks share move from one task to another, so they must be `Send`, and a `{ty}` is not"
    ))
    .help(format!("send {instead} instead (or the plain value)"))
}

fn missing_bound(param: &str, shared: bool, site: Site, cx: &Cx) -> Rewrite {
    let bound = if shared { "Share" } else { "Send" };
    let Words { whom, this, .. } = words(site);
    let (message, label) = if shared {
        (
            format!("`{param}` cannot be shared with {whom}: it has no `Share` bound"),
            format!("{this} sees values of type `{param}`"),
        )
    } else {
        (
            format!("`{param}` cannot be moved into {whom}: it has no `Send` bound"),
            format!("{this} takes a `{param}`"),
        )
    };
    let why = if shared {
        "a value that several tasks see at once must be `Share`"
    } else {
        "a value that moves to another task must be `Send`"
    };
    Rewrite::new("missing_bound", message, label)
        .note(format!("`{param}` may be any type, and {why}"))
        .help(bound_help(param, bound, cx))
}

/// "add the bound: `widest[T: Display + Share]`", from the `fn` around the error's place that
/// declares `param`, when there is one.
fn bound_help(param: &str, bound: &str, cx: &Cx) -> String {
    // Every bound the parameter lacks, in the order Aurora writes them.
    let lacking: Vec<&str> = ["Send", "Share"]
        .into_iter()
        .filter(|b| *b == bound || cx.missing_bounds.iter().any(|(p, m)| p == param && m == b))
        .collect();
    let bound = lacking.join(" + ");
    let noun = if lacking.len() > 1 { "bounds" } else { "bound" };
    let generic = cx
        .primary
        .filter(|s| (s.file.0 as usize) < cx.sources.len())
        .and_then(|s| declared_generics(cx.sources, s, param));
    match generic {
        Some((name, params)) => {
            let params: Vec<String> = params
                .into_iter()
                .map(|p| {
                    let head = p.split(':').next().unwrap_or("").trim();
                    if head != param {
                        p
                    } else if let Some((_, have)) = p.split_once(':') {
                        let have: Vec<&str> = have.split('+').map(str::trim).collect();
                        let add: Vec<&str> = lacking
                            .iter()
                            .copied()
                            .filter(|b| !have.contains(b))
                            .collect();
                        if add.is_empty() {
                            p
                        } else {
                            format!("{p} + {}", add.join(" + "))
                        }
                    } else {
                        format!("{p}: {bound}")
                    }
                })
                .collect();
            format!("add the {noun}: `{name}[{}]`", params.join(", "))
        }
        None => format!("add the {noun} where `{param}` is declared: `[{param}: {bound}]`"),
    }
}

/// The name and generic parameters (`T: Display`) of the function around `at` that declares
/// `param`, read from the file's syntax tree.
fn declared_generics(sources: &Sources, at: Span, param: &str) -> Option<(String, Vec<String>)> {
    let (mut ids, mut errors) = (NodeIds::default(), aurora_grammar::Errors::new());
    let module = if sources
        .path(at.file)
        .extension()
        .is_some_and(|e| e == "cnl")
    {
        aurora_grammar::parse_cnl_module(sources, at.file, &mut ids, &mut errors)
    } else {
        aurora_grammar::parse_module(sources, at.file, &mut ids, &mut errors)
    };
    let f = module
        .items
        .iter()
        .flat_map(|item| match &item.kind {
            ItemKind::Fn(f) => std::slice::from_ref(f),
            ItemKind::Impl(i) => i.methods.as_slice(),
            _ => &[],
        })
        .filter(|f| f.span.start <= at.start && at.end <= f.span.end)
        .find(|f| f.generics.iter().any(|g| g.name.name == param))?;
    let params = f
        .generics
        .iter()
        .map(|g| {
            let bounds: Vec<&str> = g.bounds.iter().map(|b| b.name.as_str()).collect();
            if bounds.is_empty() {
                g.name.name.clone()
            } else {
                format!("{}: {}", g.name.name, bounds.join(" + "))
            }
        })
        .collect();
    Some((f.name.name.clone(), params))
}

fn other_not_send(culprit: &str, shared: bool, site: Site) -> Rewrite {
    let what = types::describe(culprit);
    let Words { whom, this, .. } = words(site);
    let (message, label, trait_) = if shared {
        (
            format!("{what} cannot be shared with {whom}"),
            format!("{this} uses {what}"),
            "Share",
        )
    } else {
        (
            format!("{what} cannot be moved into {whom}"),
            format!("{this} takes {what}"),
            "Send",
        )
    };
    Rewrite::new("not_send", message, label)
        .note(format!("{what} is not `{trait_}`"))
        .help("keep it within one task, or hold the value in a type tasks may share: `shared T` to read it, `mutex[T]` to change it")
}

/// `par for x in xs` (or a pipeline) over a collection whose elements cannot cross threads:
/// rayon's parallel iterator methods do not exist for it ("the method `par_iter` exists for
/// struct `Vec<Rc<i64>>`, but its trait bounds were not satisfied").
fn par_over_elements(msg: &Message) -> Option<Rewrite> {
    if !msg
        .message
        .contains("but its trait bounds were not satisfied")
    {
        return None;
    }
    let names = ticked(&msg.message);
    let method = *names.first()?;
    if !method.starts_with("par_") && !method.starts_with("into_par_") {
        return None;
    }
    let collection = *names.get(1)?;
    let elem = types::element_of(collection)?;
    let list = types::aurora_type(collection);
    let item = types::aurora_type(&elem);
    // `par_iter` shares the elements among the pool's threads; the others hand them over.
    let (needs, verb) = if method == "par_iter" || method == "par_chunks" {
        ("Share", "share")
    } else {
        ("Send", "move")
    };
    let inner = types::wrapped_inner(&elem).unwrap_or_else(|| "T".into());
    let fix = match types::wrapper_of(&elem) {
        Some(Wrapper::Local) => format!("make the elements `shared {inner}` (`shared(..)` instead of `local(..)`)"),
        Some(Wrapper::Cell) => format!("make the elements plain `{inner}` values, changed with `par for x in mut xs`, or `atomic`s"),
        None => format!("make the elements of a type that is `{needs}`"),
    };
    Some(
        Rewrite::new(
            "par_over_elements",
            format!("`par` cannot go over a `{list}`: its elements are not `{needs}`"),
            format!("the pool's threads would {verb} its `{item}` elements"),
        )
        .note(format!(
            "`par` runs its iterations on several threads, so the elements it reads must be `Share` and those it takes or changes `Send`; a `{item}` is not"
        ))
        .help(fix),
    )
}

// ---- borrows between tasks -----------------------------------------------------------------

fn two_changers(msg: &Message, cx: &Cx) -> Option<Rewrite> {
    let var = named(&msg.message)?;
    let first = |l: &str| l.starts_with("first borrow occurs due to use");
    let second = |l: &str| l.starts_with("second borrow occurs due to use");
    match site(msg, cx) {
        Site::Task => Some(
            Rewrite::new(
                "two_tasks_change",
                format!("two tasks change `{var}` at the same time"),
                format!("this task changes `{var}`"),
            )
            .at(msg, first, format!("another task of the scope changes `{var}` here"))
            .at(msg, second, "and this one changes it here")
            .note("tasks of one scope run at the same time, so at most one of them may change a variable")
            .help(format!(
                "give each task its own result and combine the `join`s, or make `{var}` a `mutex` (or an `atomic`, for a number) that every task may change"
            )),
        ),
        Site::ForkJoin => Some(
            Rewrite::new(
                "fork_join_branches_change",
                format!("two branches of a fork-join change `{var}`"),
                format!("this branch changes `{var}`"),
            )
            // A branch's closure has no Aurora token of its own: point at its use of `var`.
            .prefer(msg, second)
            .at(msg, first, format!("the other branch changes `{var}` here"))
            .note("the branches of `par (a, b)` run at the same time")
            .help(format!(
                "let one branch change `{var}`, or have each branch give its part as its value: `let (a, b) = par (f(), g())`"
            )),
        ),
        _ => None,
    }
}

fn used_while_task_holds(msg: &Message, cx: &Cx) -> Option<Rewrite> {
    let var = named(&msg.message)?;
    let code = msg.code().unwrap_or("");
    let site = site(msg, cx);
    // Which side changes: the earlier borrow (the task's) is mutable for E0502's
    // "immutable because it is also borrowed as mutable" and E0503; the later use is the change
    // for "mutable because it is also borrowed as immutable", E0505 and E0506.
    let earlier_changes = code == "E0503"
        || (code == "E0502"
            && msg
                .message
                .contains("as immutable because it is also borrowed as mutable"));
    // The earlier holder's own use of the variable, else the task as a whole.
    let uses = msg
        .spans
        .iter()
        .any(|s| s.label.as_deref().is_some_and(|l| l.contains("due to use")));
    let holder_use = move |l: &str| {
        if uses {
            l.contains("due to use") && !l.starts_with("second")
        } else {
            l.contains("borrow occurs here") || l.contains("is borrowed here")
        }
    };
    if site == Site::ForkJoin {
        let (message, label, there) = if earlier_changes {
            (
                format!("one branch of a fork-join uses `{var}` while the other changes it"),
                format!("this branch uses `{var}`"),
                format!("the other branch changes `{var}` here"),
            )
        } else {
            (
                format!("one branch of a fork-join changes `{var}` while the other uses it"),
                format!("this branch changes `{var}`"),
                format!("the other branch uses `{var}` here"),
            )
        };
        return Some(
            Rewrite::new("fork_join_change_and_use", message, label)
                .prefer(msg, |l| l.starts_with("second borrow occurs due to use"))
                .at(msg, |l| l.starts_with("first borrow occurs due to use"), there)
                .note("the branches of `par (a, b)` run at the same time, so a variable one of them changes is seen by no other")
                .help(format!(
                    "change `{var}` before or after the fork-join, or let the changing branch give its result as its value"
                )),
        );
    }
    if site != Site::Task {
        return None;
    }
    let primary_in_task = msg
        .primary()
        .is_some_and(|s| line_has(s, TASK_CALLS) || cx.is_spawn(s));
    let other = "a task";
    let later = if primary_in_task {
        "another task"
    } else {
        "the code that started it"
    };
    let (message, label, there, help) = if earlier_changes {
        (
            format!("`{var}` is used while {other} changes it"),
            format!("`{var}` is used here, while {other} may be changing it"),
            format!("{other} changes `{var}` here, until its scope ends"),
            format!(
                "use `{var}` after the `scope` ends, or make it a `mutex` (or an `atomic`) that the task and {later} share"
            ),
        )
    } else if code == "E0505" {
        (
            format!("`{var}` is moved while {other} uses it"),
            format!("`{var}` is moved here, while {other} may still be using it"),
            format!("{other} uses `{var}` here, until its scope ends"),
            format!(
                "move `{var}` after the `scope` ends, or give the task a copy: `{var}.clone()`"
            ),
        )
    } else {
        (
            format!("`{var}` is changed while {other} uses it"),
            format!("`{var}` is changed here, while {other} may still be using it"),
            format!("{other} uses `{var}` here, until its scope ends"),
            format!(
                "change `{var}` before the `spawn` or after the `scope` ends, or make it a `mutex` (or an `atomic`) that both sides share"
            ),
        )
    };
    Some(
        Rewrite::new("used_while_task_holds", message, label)
            .at(msg, holder_use, there)
            .note("a task may use a variable of the code that started it until the task's scope ends; meanwhile nothing else may change it, and a variable the task changes may not be used by anyone else")
            .help(help),
    )
}

fn use_after_move(msg: &Message, cx: &Cx) -> Rewrite {
    let var = named(&msg.message).unwrap_or_else(|| "the value".into());
    let label_of = |s: &RSpan| s.label.clone().unwrap_or_default();
    // A task consumes the value: the closure it is moved into, or the use inside it, is a task's.
    let into_task = msg.spans.iter().any(|s| {
        let l = label_of(s);
        (l.starts_with("value moved into closure here")
            || l.starts_with("variable moved due to use in closure")
            || l.starts_with("use occurs due to use in closure"))
            && (line_has(s, TASK_CALLS) || cx.is_spawn(s))
    });
    let in_loop = msg
        .spans
        .iter()
        .any(|s| label_of(s).contains("in previous iteration of loop"));
    let moved_type = msg
        .all()
        .iter()
        .map(|m| m.message.clone())
        .chain(msg.spans.iter().map(label_of))
        .find(|t| t.starts_with("move occurs because"))
        .and_then(|t| ticked(&t).get(1).map(|t| types::aurora_type(t)));
    let closed = msg.spans.iter().any(|s| {
        label_of(s).starts_with("value moved here")
            && cx
                .aur(s)
                .is_some_and(|(_, before)| before.trim_end().ends_with("close"))
    });
    if closed {
        return Rewrite::new(
            "use_after_close",
            format!("`{var}` is used after `close {var}`"),
            "used here, after the `close`",
        )
        .at(
            msg,
            |l| l.starts_with("value moved here"),
            format!("`{var}` is closed here"),
        )
        .note(format!(
            "`close {var}` ends the channel end `{var}`: nothing can use it afterwards"
        ))
        .help(format!(
            "use `{var}` before the `close`, or move the `close` after its last use"
        ));
    }
    let mut r = if into_task && in_loop {
        Rewrite::new(
            "moved_into_task_in_loop",
            format!("`{var}` is moved into a task in every iteration of the loop"),
            format!("the task of each iteration takes `{var}`, which the first one already took"),
        )
        .help(format!(
            "give each task its own copy, `{var}.clone()`, or let the tasks borrow it: pass `ref {var}` to a `ref` parameter"
        ))
    } else if into_task {
        Rewrite::new(
            "use_after_move_into_task",
            format!("`{var}` is used after it was moved into a task"),
            "used here, after the move",
        )
        .at(
            msg,
            |l| l.starts_with("variable moved due to use in closure"),
            format!("the task takes `{var}` here, because it consumes it"),
        )
        .help(format!(
            "give the task a copy, `{var}.clone()`, or let it borrow: pass `ref {var}` to a `ref` parameter"
        ))
    } else {
        Rewrite::new(
            "use_after_move",
            format!("`{var}` is used after it was moved"),
            "used here, after the move",
        )
        .at(
            msg,
            |l| l.starts_with("value moved here") || l.starts_with("variable moved due to use"),
            format!("`{var}` is moved here"),
        )
        .help(format!(
            "pass a copy where it is moved, `{var}.clone()`, or pass `ref {var}` to a `ref` parameter"
        ))
    };
    if let Some(t) = moved_type {
        r = r.note(format!("`{var}` is a `{t}`, which is moved, not copied"));
    }
    r
}

// ---- par bodies ----------------------------------------------------------------------------

fn change_in_par_body(msg: &Message, cx: &Cx) -> Option<Rewrite> {
    if !msg.message.contains("captured variable in a `Fn` closure") {
        return None;
    }
    let var = named(&msg.message)?;
    let assign = msg.code() == Some("E0594");
    let declared = |l: &str| l.contains("declared here, outside the closure");
    Some(match site(msg, cx) {
        Site::Par | Site::ForkJoin => {
            let help = if assign {
                format!(
                    "make it a reduction, `par for .. reduce({var}: +) {{ .. }}` (or `*`, `min`, `max`, `and`, `or`, or a function with its `identity:`), or make `{var}` an `atomic`"
                )
            } else {
                format!(
                    "compute the values with a pipeline, `par xs.map(f).collect()`, or reduce them: `reduce({var}: merge, identity: ..)`"
                )
            };
            Rewrite::new(
                "change_in_par_body",
                format!("cannot change `{var}` inside a `par` body"),
                "changed here, by iterations that run on several threads at once",
            )
            .at(msg, declared, format!("`{var}` is declared outside the `par` body"))
            .note("a `par` body changes no variable declared outside it, except those its `reduce` clause names")
            .help(help)
        }
        _ => Rewrite::new(
            "change_in_fn_value",
            format!("cannot change `{var}` inside a function passed as a value"),
            "changed here",
        )
        .at(msg, declared, format!("`{var}` is declared outside the function"))
        .note("a `fn(..)` value may be called from several places at once, so it changes nothing outside it")
        .help(format!("give the new value back as the function's result, or pass `mut {var}` to a `mut` parameter")),
    })
}

// ---- borrows that outlive their scope ------------------------------------------------------

fn escaping_borrow(msg: &Message, code: &str, cx: &Cx) -> Option<Rewrite> {
    let site = site(msg, cx);
    Some(match code {
        "E0521" => {
            let handle = msg.all().iter().any(|m| {
                m.message.contains("Task<") || m.spans.iter().any(|s| s.label.as_deref().is_some_and(|l| l.contains("Task<")))
            }) || msg
                .spans
                .iter()
                .any(|s| s.label.as_deref().is_some_and(|l| l.contains("escapes the closure body")) && site == Site::Task);
            let holder = msg
                .spans
                .iter()
                .find_map(|s| s.label.as_deref().filter(|l| l.contains("declared here, outside of the closure body")))
                .and_then(named);
            if handle {
                let into = holder.map(|h| format!(" in `{h}`")).unwrap_or_default();
                Rewrite::new(
                    "task_handle_escapes",
                    format!("a task handle cannot be kept{into} beyond its scope"),
                    "the handle is stored here",
                )
                .at(msg, |l| l.contains("declared here, outside of the closure body"), "declared outside the `scope`")
                .note("a task handle refers to its scope, which ends when its tasks have ended")
                .help("`join` the task inside the `scope` and keep its value instead of its handle")
            } else {
                Rewrite::new(
                    "borrow_escapes_scope",
                    "a borrowed value escapes the block it was borrowed in".to_string(),
                    "it escapes here",
                )
                .at(msg, |l| l.contains("declared here"), "declared outside")
                .help("keep an owned copy (`.clone()`) instead of the borrow")
            }
        }
        "E0373" | "E0597" if site == Site::Task => {
            let var = msg
                .spans
                .iter()
                .chain(std::iter::once(msg.primary()?))
                .find_map(|s| s.label.as_deref().and_then(named))
                .or_else(|| ticked(&msg.message).last().map(|n| place(n)))?;
            if cx.moved_while_borrowed.contains(&var) {
                return Some(
                    Rewrite::new(
                        "moved_into_scope_body",
                        format!("`{var}` is taken by the scope's body while a task uses it"),
                        format!("this task uses `{var}`, which the scope's body consumes"),
                    )
                    .note(format!(
                        "the scope's body moves `{var}` away (see the error where it is moved), so it ends with the body, before the scope's tasks have ended"
                    ))
                    .help(format!(
                        "move `{var}` after the `scope` ends, or give the task a copy: `{var}.clone()`"
                    )),
                );
            }
            Rewrite::new(
                "scope_body_var_in_task",
                format!("`{var}` ends before the task that uses it"),
                format!("this task uses `{var}`, a variable of its scope's own body"),
            )
            .at(msg, |l| l.contains("is borrowed here") || l.contains("borrowed value does not live long enough"), format!("`{var}` is used here"))
            .note("the variables of a `scope`'s body end when the body does, before the scope's tasks have ended")
            .help(format!("declare `{var}` before the `scope`"))
        }
        "E0373" | "E0597" => {
            let var = named(&msg.message)?;
            Rewrite::new(
                "borrow_outlives_value",
                format!("`{var}` ends while it is still borrowed"),
                format!("`{var}` is borrowed here, for longer than it exists"),
            )
            .at(msg, |l| l.contains("dropped here while still borrowed"), format!("`{var}` ends here"))
            .help(format!("declare `{var}` in an enclosing block, so it lives as long as its borrow, or keep a copy (`{var}.clone()`)"))
        }
        "E0515" => Rewrite::new(
            "borrow_returned",
            "cannot give back a borrow of a value that ends with its function".to_string(),
            "this borrows a value of the function",
        )
        .help("give back an owned value instead (a copy: `.clone()`), or take the value as a `ref` parameter"),
        _ => Rewrite::new(
            "temporary_ends_while_borrowed",
            "a temporary value ends while it is still borrowed".to_string(),
            "this value ends at the end of the statement",
        )
        .help("store it in a `let` first, and borrow the variable"),
    })
}
