//! The nearest template to a sentence that matches none: for the "did you mean" help.

/// Where a sentence stands decides which templates it may be.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Place {
    Item,
    Method,
    Stmt,
    Arm,
    SelectArm,
    Field,
    Variant,
}

/// (place, template as shown to the user). A template's fixed words are its capitalised first
/// words and the lower-case words between its upper-case slots.
const TEMPLATES: &[(Place, &str)] = &[
    (Place::Item, "Use MODULE."),
    (Place::Item, "Use NAME, NAME from MODULE."),
    (Place::Item, "Constant NAME of type TYPE is VALUE."),
    (Place::Item, "Task-local NAME of type TYPE is VALUE."),
    (
        Place::Item,
        "To NAME taking NAME of type TYPE, giving TYPE:",
    ),
    (
        Place::Item,
        "Publicly, to NAME taking NAME of type TYPE, giving TYPE:",
    ),
    (Place::Item, "Structure NAME has:"),
    (Place::Item, "Enumeration NAME has:"),
    (Place::Item, "Methods of TYPE:"),
    (Place::Item, "Test \"NAME\":"),
    (
        Place::Method,
        "To NAME taking NAME of type TYPE, giving TYPE:",
    ),
    (Place::Field, "NAME of type TYPE."),
    (Place::Variant, "Variant NAME."),
    (Place::Variant, "Variant NAME holding TYPE, TYPE."),
    (Place::Variant, "Variant NAME with NAME of type TYPE."),
    (Place::Arm, "When PATTERN, VALUE."),
    (Place::Arm, "When PATTERN:"),
    (Place::Stmt, "Let NAME be VALUE."),
    (Place::Stmt, "Let NAME be a changeable VALUE."),
    (Place::Stmt, "Set PLACE to VALUE."),
    (Place::Stmt, "Add VALUE to PLACE."),
    (Place::Stmt, "Subtract VALUE from PLACE."),
    (Place::Stmt, "Multiply PLACE by VALUE."),
    (Place::Stmt, "Divide PLACE by VALUE."),
    (Place::Stmt, "Apply OPERATOR VALUE to PLACE."),
    (Place::Stmt, "Print VALUE."),
    (Place::Stmt, "Check that CONDITION."),
    (Place::Stmt, "Check that CONDITION, failing with MESSAGE."),
    (Place::Stmt, "If CONDITION:"),
    (Place::Stmt, "Otherwise, if CONDITION:"),
    (Place::Stmt, "Otherwise:"),
    (Place::Stmt, "While CONDITION:"),
    (Place::Stmt, "For each NAME in VALUE:"),
    (Place::Stmt, "In parallel, for each NAME in VALUE:"),
    (
        Place::Stmt,
        "In parallel, for each NAME in VALUE, reducing NAME with OPERATOR:",
    ),
    (Place::Stmt, "Repeat forever:"),
    (Place::Stmt, "Depending on VALUE:"),
    (Place::Stmt, "Give back VALUE."),
    (Place::Stmt, "Return."),
    (Place::Stmt, "Leave the loop."),
    (Place::Stmt, "Go to the next iteration."),
    (Place::Stmt, "Nothing to do."),
    (Place::Stmt, "In a scope:"),
    (Place::Stmt, "In a scope with a timeout of DURATION:"),
    (Place::Stmt, "In a scope with a deadline at INSTANT:"),
    (Place::Stmt, "In a supervisor scope:"),
    (Place::Stmt, "With NAME bound to VALUE:"),
    (Place::Stmt, "Start a task:"),
    (Place::Stmt, "Lock MUTEX as NAME:"),
    (
        Place::Stmt,
        "Atomically add VALUE to ATOMIC with ORDERING ordering.",
    ),
    (
        Place::Stmt,
        "Atomically subtract VALUE from ATOMIC with ORDERING ordering.",
    ),
    (
        Place::Stmt,
        "Atomically store VALUE in ATOMIC with ORDERING ordering.",
    ),
    (Place::Stmt, "Read RWLOCK as NAME:"),
    (Place::Stmt, "Write RWLOCK as NAME:"),
    (Place::Stmt, "Wait for DURATION."),
    (Place::Stmt, "Cancel the scope."),
    (Place::Stmt, "Cancel the task TASK."),
    (Place::Stmt, "Let others run."),
    (
        Place::Stmt,
        "Make a channel of TYPE with capacity VALUE, sending end NAME, receiving end NAME.",
    ),
    (Place::Stmt, "Send VALUE on NAME."),
    (Place::Stmt, "Close NAME."),
    (Place::Stmt, "Select:"),
    (Place::Stmt, "Select in order:"),
    (Place::SelectArm, "On receiving PATTERN from NAME:"),
    (Place::SelectArm, "On sending VALUE on NAME:"),
    (Place::SelectArm, "After DURATION:"),
    (Place::SelectArm, "If nothing is ready:"),
    (Place::Stmt, "Do ACTION."),
    (Place::Stmt, "The result is VALUE."),
];

/// Templates that may stand at `place`.
pub(super) fn templates(place: Place) -> impl Iterator<Item = &'static str> {
    TEMPLATES
        .iter()
        .filter(move |(p, _)| *p == place)
        .map(|(_, t)| *t)
}

fn is_slot(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_uppercase()) && !word.chars().any(|c| c.is_ascii_lowercase())
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | ':'))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

/// The template closest to `sentence`: its leading fixed words against the sentence's first
/// words by edit distance, then the other fixed words the sentence contains.
pub(super) fn nearest(sentence: &str, place: Place) -> Option<&'static str> {
    let mut said = words(sentence);
    // Words people reach for first, mapped to the template word that does that.
    const FIRST_WORDS: &[(&str, &str)] = &[
        ("make", "let"),
        ("create", "let"),
        ("define", "let"),
        ("assign", "set"),
        ("change", "set"),
        ("put", "set"),
        ("increase", "add"),
        ("decrease", "subtract"),
        ("else", "otherwise"),
        ("call", "do"),
        ("run", "do"),
        ("loop", "repeat"),
        ("match", "depending"),
        ("break", "leave"),
        ("continue", "go"),
        ("show", "print"),
        ("display", "print"),
        ("function", "to"),
        ("fn", "to"),
        ("struct", "structure"),
        ("enum", "enumeration"),
        ("impl", "methods"),
        ("const", "constant"),
        ("case", "when"),
    ];
    if let Some(first) = said.first_mut() {
        if let Some((_, to)) = FIRST_WORDS.iter().find(|(w, _)| w == first) {
            *first = to.to_string();
        }
    }
    templates(place)
        .map(|t| {
            let toks: Vec<&str> = t
                .split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | ':'))
                .filter(|w| !w.is_empty())
                .collect();
            let lead_n = toks.iter().take_while(|w| !is_slot(w)).count();
            let fixed: Vec<String> = toks
                .iter()
                .filter(|w| !is_slot(w))
                .map(|w| w.to_lowercase())
                .collect();
            let lead = &fixed[..lead_n.min(fixed.len())];
            let mut cost = 0;
            for (k, f) in lead.iter().enumerate() {
                let w = said.get(k).map_or("", String::as_str);
                cost += 2 * distance(w, f);
            }
            for f in fixed.iter().skip(lead.len()) {
                if !said.contains(f) {
                    cost += 1;
                }
            }
            (cost, t)
        })
        .min_by_key(|(cost, _)| *cost)
        .map(|(_, t)| t)
}

/// Levenshtein distance (by chars).
pub(super) fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(row[j]).min(row[j + 1])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

/// The operator phrase closest to an unknown word.
pub(super) fn nearest_operator(word: &str) -> &'static str {
    const SYNONYMS: &[(&str, &str)] = &[
        ("is", "is equal to"),
        ("equals", "is equal to"),
        ("mod", "modulo"),
        ("over", "divided by"),
        ("multiplied", "times"),
        ("divide", "divided by"),
        ("less", "is less than"),
        ("greater", "is greater than"),
        ("through", "up to and including"),
        ("to", "up to"),
        ("xor", "bitxor"),
    ];
    if let Some((_, p)) = SYNONYMS.iter().find(|(w, _)| *w == word) {
        return p;
    }
    super::mask::OPERATOR_WORDS
        .iter()
        .map(|(p, _)| {
            let first = p.split(' ').next().unwrap_or(p);
            (distance(word, first).min(distance(word, p)), *p)
        })
        .min_by_key(|(d, _)| *d)
        .map_or("plus", |(_, p)| p)
}
