//! The text of an `.aurs` file: serde_json's pretty layout, with every object or list of
//! scalars (a span) joined onto one line, and every other one that fits in [`WIDTH`] columns,
//! so that a manifest reads like the source it describes. The first line carries the `@generated`
//! marker, as every file aurora2rs writes does (`output.rs` refuses to overwrite files
//! without it).

use serde::Serialize;

use crate::print::GENERATED_MARKER;

/// The widest a joined line may be (containers of scalars only are joined at any width).
const WIDTH: usize = 100;

/// `value` as an `.aurs` document whose first line names `source`.
pub fn document(value: &impl Serialize, source: &str) -> String {
    let key = serde_json::to_string(GENERATED_MARKER).unwrap_or_default();
    let generated = format!("by aurora2rs from {source}. Do not edit: edit the source.");
    // Serializing plain data structs with string keys cannot fail.
    let pretty = serde_json::to_string_pretty(value).unwrap_or_default();
    let body = compact(&pretty);
    let rest = body.strip_prefix('{').unwrap_or(&body);
    let marker = serde_json::to_string(&generated).unwrap_or_default();
    if rest.trim() == "}" {
        return format!("{{{key}: {marker}}}\n");
    }
    let gap = if rest.starts_with('\n') { "" } else { " " };
    format!("{{{key}: {marker},{gap}{rest}\n")
}

/// Join every container whose members are each on one line, when the result fits.
fn compact(pretty: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    // For each open container: its line in `out`, and whether it may still be joined.
    let mut open: Vec<(usize, bool)> = Vec::new();
    for line in pretty.lines() {
        let t = line.trim_start();
        if t.starts_with('}') || t.starts_with(']') {
            let Some((at, joinable)) = open.pop() else {
                out.push(line.to_string());
                continue;
            };
            let members: Vec<&str> = out[at + 1..].iter().map(|l| l.trim_start()).collect();
            let joined = format!("{}{}{}", out[at], members.join(" "), t);
            // A container of scalars only (a span) is one line however long: split, it
            // would take more lines than everything else.
            let leaf = joinable && members.iter().all(|m| !is_container(m));
            if leaf || joinable && joined.len() <= WIDTH {
                out.truncate(at);
                out.push(joined);
            } else {
                out.push(line.to_string());
                if let Some(parent) = open.last_mut() {
                    parent.1 = false;
                }
            }
        } else {
            if t.ends_with('{') || t.ends_with('[') {
                open.push((out.len(), true));
            }
            out.push(line.to_string());
        }
    }
    out.join("\n")
}

/// Whether a joined member line holds an object or a list.
fn is_container(member: &str) -> bool {
    let value = match member.split_once("\": ") {
        Some((key, value)) if key.starts_with('"') && !key[1..].contains('"') => value,
        _ => member,
    };
    value.starts_with('{') || value.starts_with('[')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalar_containers_are_one_line_and_others_joined_when_they_fit() {
        let long = "x".repeat(60);
        let v = serde_json::json!({
            "a": {"x": 1, "y": [1, 2]},
            "e": [],
            "nested": [{"s": long}, {"t": long}],
            "scalars": [long, long]
        });
        let text = document(&v, "x.aur");
        let l = &long;
        assert_eq!(
            text,
            format!(
                "{{\"@generated\": \"by aurora2rs from x.aur. Do not edit: edit the source.\",\n  \
                 \"a\": {{\"x\": 1, \"y\": [1, 2]}},\n  \"e\": [],\n  \"nested\": [\n    \
                 {{\"s\": \"{l}\"}},\n    {{\"t\": \"{l}\"}}\n  ],\n  \
                 \"scalars\": [\"{l}\", \"{l}\"]\n}}\n"
            )
        );
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["a"]["y"][1], 2);
    }

    #[test]
    fn strings_with_brackets_do_not_confuse_the_layout() {
        let v = serde_json::json!({"s": "ends with {", "t": ["]", "["]});
        let text = document(&v, "x.aur");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["s"], "ends with {");
        assert_eq!(back["t"][0], "]");
    }
}
