//! The canonical CNL printer (placeholder until the CNL surface lands).
