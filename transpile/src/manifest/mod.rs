//! `.aurs` concurrency manifests (docs/manifest.md): a versioned JSON description of a
//! program's concurrency structure, for tools (trace labels, reviewers, a deterministic
//! scheduler) that should not have to parse Aurora or Rust.
//!
//! A stage of its own beside lowering: it reads the checked AST and the checker's side tables
//! (`check::Info`: capture analysis, spawn sites, types) and never feeds anything back.
//! `schema.rs` is the document, `build.rs` the walk that fills it, `json.rs` its text.

mod build;
mod json;
pub mod schema;

pub use build::build;
pub use schema::Manifest;

impl Manifest {
    /// The `.aurs` text, its first line naming `source` (the root file, as the user named it).
    pub fn to_json(&self, source: &std::path::Path) -> String {
        json::document(self, &source.to_string_lossy().replace('\\', "/"))
    }

    /// The manifest without its spans and spawn sites, as JSON: what a program and its CNL
    /// twin share (both point into their own file). The golden suite compares twins with it.
    pub fn structure(&self) -> String {
        let mut value = serde_json::to_value(self).unwrap_or_default();
        drop_locations(&mut value);
        serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
    }
}

fn drop_locations(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.remove("span");
            map.remove("site");
            map.values_mut().for_each(drop_locations);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(drop_locations),
        _ => {}
    }
}
