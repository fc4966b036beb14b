//! Local scopes: bindings introduced by `let`/`var`, parameters, closure parameters and
//! patterns, with what the checker learns about their use.

use aurora_grammar::ast::NodeId;
use aurora_grammar::Span;

use super::Ty;

/// Where a binding comes from; decides the wording of mutation errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    Let,
    Var,
    Param,
    ClosureParam,
    /// A `for` loop variable.
    Loop,
    /// A binding in a `match`/`if let`/`while let` pattern.
    Pattern,
    /// The guarded value of a `lock`/`read`/`write` block.
    Guard,
}

#[derive(Debug, Clone)]
pub(crate) struct Binding {
    pub id: NodeId,
    pub name: String,
    pub span: Span,
    pub origin: Origin,
    /// Declared with `var` (or `var x` in a pattern).
    pub mutable: bool,
    pub ty: Ty,
    pub used: bool,
    pub mutated: bool,
}

#[derive(Debug, Default)]
pub(crate) struct Scopes {
    bindings: Vec<Binding>,
    frames: Vec<Vec<usize>>,
}

impl Scopes {
    pub fn push(&mut self) {
        self.frames.push(Vec::new());
    }

    /// Leave the innermost scope, handing back its bindings' indices (for unused and
    /// never-mutated checks; the bindings stay readable through `get` until `clear`).
    pub fn pop(&mut self) -> Vec<usize> {
        self.frames.pop().unwrap_or_default()
    }

    pub fn add(&mut self, b: Binding) -> usize {
        let i = self.bindings.len();
        self.bindings.push(b);
        match self.frames.last_mut() {
            Some(f) => f.push(i),
            None => self.frames.push(vec![i]),
        }
        i
    }

    pub fn lookup(&self, name: &str) -> Option<usize> {
        self.frames
            .iter()
            .rev()
            .flat_map(|f| f.iter().rev())
            .copied()
            .find(|&i| self.bindings.get(i).is_some_and(|b| b.name == name))
    }

    /// How many bindings were ever added (since `clear`): bindings added later have larger
    /// indices, so a task body records this to tell its own bindings from captured ones.
    pub fn count(&self) -> usize {
        self.bindings.len()
    }

    pub fn get(&self, i: usize) -> Option<&Binding> {
        self.bindings.get(i)
    }

    pub fn get_mut(&mut self, i: usize) -> Option<&mut Binding> {
        self.bindings.get_mut(i)
    }

    /// Names of every binding in scope, for suggestions.
    pub fn names(&self) -> Vec<&str> {
        self.frames
            .iter()
            .flat_map(|f| f.iter())
            .filter_map(|&i| self.bindings.get(i))
            .map(|b| b.name.as_str())
            .collect()
    }

    /// Forget everything (between items); binding storage is reused.
    pub fn clear(&mut self) {
        self.bindings.clear();
        self.frames.clear();
    }
}
