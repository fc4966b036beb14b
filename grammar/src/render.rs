//! Rendering diagnostics as text, rustc style.

use crate::{Errors, Sources};

pub fn render_all(_sources: &Sources, errors: &Errors, _color: bool) -> String {
    errors.iter().map(|d| format!("error: {}\n", d.message)).collect()
}
