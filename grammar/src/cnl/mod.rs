//! The CNL parser: controlled English (`.cnl`) -> the same AST as `.aur` (docs/cnl.md).
//!
//! Three passes over one file:
//! 1. `lines`: the layout pre-pass, which turns indentation into a tree of sentences (a
//!    sentence ending with `:` owns the more-indented sentences after it);
//! 2. `mask`: operator words become `.aur` symbols in place (`plus` -> `+   `), offsets kept;
//! 3. per sentence, the templates of `cnl.pest` split it into parts, and each part is parsed
//!    with the `.aur` grammar (expressions, patterns, types), with spans into the `.cnl` file.
//!
//! A sentence that matches no template is reported at that sentence with the nearest template
//! (`suggest`); the parser goes on with the next sentence, so several errors are reported
//! together. Nothing here panics on any input.

mod lines;
pub(crate) mod mask;
mod suggest;

use pest::iterators::Pair;
use pest::Parser;

use crate::ast::*;
use crate::keywords;
use crate::parse::build::Builder;
use crate::parse::{errors as aur_errors, with_error_detail, AurParser, Rule as AurRule};
use crate::{Diagnostic, Errors, FileId, Sources, Span};
use lines::Node;
use suggest::Place;

#[derive(pest_derive::Parser)]
#[grammar = "cnl.pest"]
struct CnlParser;

type P<'m> = Pair<'m, Rule>;

/// Parse one `.cnl` file into a module. Sentences that fail to parse are left out.
pub fn parse_cnl_module(
    sources: &Sources,
    file: FileId,
    ids: &mut NodeIds,
    errors: &mut Errors,
) -> Module {
    let f = sources.get(file);
    let name = f.module_name();
    let text = f.text.as_str();
    let from = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let scanned = lines::scan(text, from, file, errors);
    let comments = crate::parse::comments_at(text, file, &scanned.comments);
    if let Some(at) = scanned.too_deep {
        errors.push(
            Diagnostic::error(
                Span::new(file, at, at + 1),
                "brackets are nested too deeply",
            )
            .help("split the expression into smaller parts with `Let`"),
        );
        return Module {
            file,
            name,
            items: Vec::new(),
            comments,
        };
    }
    let nodes = lines::tree(&scanned.lines, file, errors);
    let masked = mask::mask(text);
    let mut cx = Cx {
        file,
        text,
        masked: &masked,
        ids,
        errors,
    };
    let items = nodes.iter().filter_map(|n| cx.item(n)).collect();
    Module {
        file,
        name,
        items,
        comments,
    }
}

struct Cx<'a, 'm> {
    file: FileId,
    /// The source as written (for names and messages).
    text: &'m str,
    /// The source with operator words masked (what the grammars read).
    masked: &'m str,
    ids: &'a mut NodeIds,
    errors: &'a mut Errors,
}

/// Whether a sentence must, or must not, be followed by a block.
#[derive(Clone, Copy, PartialEq)]
enum Takes {
    Block,
    NoBlock,
}

impl<'m> Cx<'_, 'm> {
    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    fn node_span(&self, n: &Node) -> Span {
        self.span(n.line.start, n.end())
    }

    fn fresh(&mut self) -> NodeId {
        self.ids.fresh()
    }

    fn err(&mut self, d: Diagnostic) {
        self.errors.push(d);
    }

    /// Absolute byte range of a pair parsed from the body of `n`.
    fn range(&self, n: &Node, p: &P) -> (usize, usize) {
        let s = p.as_span();
        (n.line.start + s.start(), n.line.start + s.end())
    }

    fn mk(&mut self, kind: ExprKind, span: Span) -> Expr {
        Expr {
            id: self.fresh(),
            kind,
            span,
        }
    }

    // -----------------------------------------------------------------------------------------
    // Sentences

    /// Match the body of `n` against the templates of `rule`; on failure report the sentence
    /// with the nearest template of `place`.
    fn sentence(&mut self, rule: Rule, n: &Node, place: Place) -> Option<P<'m>> {
        let body = &self.masked[n.line.start..n.line.end];
        if let Ok(mut pairs) = CnlParser::parse(rule, body) {
            let top = pairs.next()?;
            // The two dispatching rules wrap the template that matched.
            return if matches!(rule, Rule::item_sentence | Rule::stmt_sentence) {
                top.into_inner().next()
            } else {
                Some(top)
            };
        }
        let written = &self.text[n.line.start..n.line.end];
        let span = self.span(n.line.start, n.line.end);
        let mut d =
            Diagnostic::error(span, "this sentence matches no CNL template").label(match place {
                Place::Item => "expected a declaration",
                Place::Method => "expected a method (`To NAME ...:`)",
                Place::Stmt => "expected a statement",
                Place::Arm => "expected a case (`When PATTERN, VALUE.`)",
                Place::SelectArm => "expected a select arm (`On receiving v from rx:`)",
                Place::Field => "expected a field (`NAME of type TYPE.`)",
                Place::Variant => "expected a variant (`Variant NAME.`)",
            });
        // A sentence of the wrong kind for where it stands says so, rather than guess.
        let misplaced = match place {
            Place::Item if CnlParser::parse(Rule::stmt_sentence, body).is_ok() => {
                Some("this is a statement: statements go in the block of a function (`To NAME:`)")
            }
            Place::Stmt | Place::Arm if CnlParser::parse(Rule::item_sentence, body).is_ok() => {
                Some("this is a declaration: declarations go at the top level, not indented")
            }
            _ => None,
        };
        if let Some(why) = misplaced {
            d = d.help(why);
        } else if let Some(t) = suggest::nearest(written, place) {
            d = d.help(format!("did you mean: `{t}`?"));
        }
        d = d.note("the sentence templates are listed in docs/cnl.md");
        self.err(d);
        None
    }

    /// Check the end of a sentence against whether its template takes a block.
    fn check_block(&mut self, n: &Node, takes: Takes) {
        let line = &n.line;
        match (takes, line.term) {
            (Takes::Block, Some((b':', at))) if n.children.is_empty() => {
                let d = Diagnostic::error(self.span(at, at + 1), "expected an indented block")
                    .label("a block of sentences must follow this `:`, indented deeper");
                self.err(d);
            }
            (Takes::Block, Some((b':', _))) => {}
            (Takes::Block, term) => {
                let at = term.map_or(line.end, |(_, at)| at);
                let d = if n.children.is_empty() {
                    Diagnostic::error(self.span(at, at + 1), "this sentence needs a block")
                        .label("expected `:` and an indented block")
                } else {
                    Diagnostic::error(
                        self.span(at, at + 1),
                        "missing `:` before the indented block",
                    )
                    .label("end this sentence with `:`")
                    .help("a sentence that owns the indented lines after it ends with `:`")
                };
                self.err(d);
            }
            (Takes::NoBlock, Some((b'.', _))) if n.children.is_empty() => {}
            (Takes::NoBlock, term) => {
                if let Some(first) = n.children.first() {
                    let d = Diagnostic::error(
                        self.span(first.line.start, first.line.end),
                        "unexpected indented block",
                    )
                    .label("the sentence before takes no block")
                    .help("indent this line like the sentence before it");
                    self.err(d);
                } else {
                    let at = term.map_or(line.end, |(_, at)| at);
                    let found =
                        term.map_or("nothing", |(c, _)| if c == b':' { "`:`" } else { "`.`" });
                    let d = Diagnostic::error(
                        self.span(at, at + 1),
                        "a sentence without a block ends with `.`",
                    )
                    .label(format!("found {found}"));
                    self.err(d);
                }
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // `.aur` parts

    /// Parse `start..end` of the masked text with an `.aur` rule; the whole part must match.
    fn aur_part(&mut self, rule: AurRule, start: usize, end: usize) -> Option<Pair<'m, AurRule>> {
        let src: &'m str = &self.masked[start..end];
        let trimmed = src.trim_end().len();
        match AurParser::parse(rule, src) {
            Ok(mut pairs) => {
                let p = pairs.next()?;
                let stop = p.as_span().end();
                if stop >= trimmed {
                    return Some(p);
                }
                let at = start + stop + (src[stop..].len() - src[stop..].trim_start().len());
                let d = self.operator_word(at, start).unwrap_or_else(|| {
                    let next: String = self.text[at..]
                        .chars()
                        .take_while(|c| !c.is_whitespace())
                        .take(20)
                        .collect();
                    Diagnostic::error(
                        self.span(at, at + next.len().max(1)),
                        format!("unexpected `{next}`"),
                    )
                    .label(match rule {
                        AurRule::pattern => "the pattern ends before this",
                        AurRule::ty => "the type ends before this",
                        _ => "the expression ends before this",
                    })
                });
                self.err(d);
                None
            }
            Err(e) => {
                let e = with_error_detail(|| AurParser::parse(rule, src).err()).unwrap_or(e);
                let at = aur_errors::error_pos(&e, start).min(self.text.len());
                let d = self
                    .operator_word(at, start)
                    .unwrap_or_else(|| aur_errors::diagnostic(&e, self.masked, start, self.file));
                self.err(d);
                None
            }
        }
    }

    /// A word where an operator was expected: "unknown operator word", with the nearest one.
    fn operator_word(&self, at: usize, start: usize) -> Option<Diagnostic> {
        let rest = self.text.get(at..)?;
        let word: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if word.is_empty() || !word.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return None;
        }
        let before = self.masked[start..at].trim_end();
        let after_operand = before.chars().last().is_some_and(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '_' | ')' | ']' | '"' | '\'')
        });
        if !after_operand || keywords::CORE.contains(&word.as_str()) {
            return None;
        }
        let best = suggest::nearest_operator(&word);
        Some(
            Diagnostic::error(
                self.span(at, at + word.len()),
                format!("unknown operator word `{word}`"),
            )
            .label("expected an operator word here")
            .help(format!("did you mean `{best}`?"))
            .note("operator words: plus, minus, times, divided by, modulo, is equal to, is not equal to, is less than, is greater than, is at least, is at most, and, or, not, up to, up to and including"),
        )
    }

    fn expr(&mut self, n: &Node, p: &P) -> Expr {
        let (start, end) = self.range(n, p);
        self.expr_at(start, end)
    }

    fn expr_at(&mut self, start: usize, end: usize) -> Expr {
        let span = self.span(start, end);
        match self.aur_part(AurRule::expr_p, start, end) {
            Some(pair) => {
                let b = Builder::new(self.file, start, self.ids, self.errors);
                b.expr(pair)
            }
            None => self.mk(ExprKind::Tuple(Vec::new()), span),
        }
    }

    /// A pattern; names in it that are operator words are reported as such.
    fn pattern(&mut self, n: &Node, p: &P) -> Pattern {
        let (start, end) = self.range(n, p);
        let span = self.span(start, end);
        let parsed = if self.names_ok(start, end) {
            self.aur_part(AurRule::pattern, start, end).map(|pair| {
                let b = Builder::new(self.file, start, self.ids, self.errors);
                b.pattern(pair)
            })
        } else {
            None
        };
        parsed.unwrap_or_else(|| Pattern {
            id: self.fresh(),
            kind: PatternKind::Wild,
            span,
        })
    }

    fn ty(&mut self, n: &Node, p: &P, param: bool) -> Type {
        let (start, end) = self.range(n, p);
        self.ty_at(start, end, param)
    }

    fn ty_at(&mut self, start: usize, end: usize, param: bool) -> Type {
        let span = self.span(start, end);
        match self.aur_part(AurRule::ty, start, end) {
            Some(pair) => {
                let b = Builder::new(self.file, start, self.ids, self.errors);
                if param {
                    b.param_ty(pair)
                } else {
                    b.ty(pair)
                }
            }
            None => Type {
                kind: TypeKind::Tuple(Vec::new()),
                span,
            },
        }
    }

    fn generics(&mut self, n: &Node, p: &P) -> Vec<GenericParam> {
        let (start, end) = self.range(n, p);
        if !self.names_ok(start, end) {
            return Vec::new();
        }
        match self.aur_part(AurRule::generics, start, end) {
            Some(pair) => Builder::new(self.file, start, self.ids, self.errors).generics(pair),
            None => Vec::new(),
        }
    }

    /// Operator words cannot be names: report the first one in `start..end`, if any.
    fn names_ok(&mut self, start: usize, end: usize) -> bool {
        let written = &self.text.as_bytes()[start..end];
        let masked = &self.masked.as_bytes()[start..end];
        let Some(i) = written.iter().zip(masked).position(|(a, b)| a != b) else {
            return true;
        };
        let at = start + i;
        let word: String = self.text[at..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        self.reserved_word(at, &word);
        false
    }

    fn reserved_word(&mut self, at: usize, word: &str) {
        let d = Diagnostic::error(
            self.span(at, at + word.len().max(1)),
            format!("`{word}` is a CNL operator word and cannot be used as a name"),
        )
        .label("operator word")
        .help(format!(
            "choose another name, e.g. `{word}_`, or write the name in backquotes: `` `{word}` ``"
        ));
        self.err(d);
    }

    /// A declared name: operator words and reserved keywords are reported.
    fn name(&mut self, n: &Node, p: &P) -> Ident {
        let (start, end) = self.range(n, p);
        let name = self.text[start..end].to_string();
        let span = self.span(start, end);
        let escaped = start > 0 && self.text.as_bytes()[start - 1] == b'`';
        if mask::is_operator_word(&name) && !escaped {
            self.reserved_word(start, &name);
        } else if keywords::is_reserved(&name) {
            let d = Diagnostic::error(
                span,
                format!("`{name}` is a reserved keyword and cannot be used as a name"),
            )
            .label("reserved keyword")
            .help(format!("choose another name, e.g. `{name}_`"));
            self.err(d);
        }
        Ident { name, span }
    }

    // -----------------------------------------------------------------------------------------
    // Items

    /// An item; one with an error in any of its sentences is left out of the module (as the
    /// `.aur` parser leaves out a broken item), so later phases do not report its absence.
    /// The head sentence of a structure or enumeration: its name, generics, and whether it
    /// says it has no fields/variants (then no block may follow; otherwise one must).
    fn type_head(
        &mut self,
        n: &Node,
        p: P,
        public: &mut bool,
    ) -> (Option<Ident>, Vec<GenericParam>, bool) {
        let mut name = None;
        let mut generics = Vec::new();
        let mut empty = false;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::public => *public = true,
                Rule::name => name = Some(self.name(n, &c)),
                Rule::generics => generics = self.generics(n, &c),
                Rule::no_fields | Rule::no_variants => empty = true,
                _ => {}
            }
        }
        self.check_block(n, if empty { Takes::NoBlock } else { Takes::Block });
        (name, generics, empty)
    }

    fn item(&mut self, n: &Node) -> Option<Item> {
        let before = self.errors.error_count();
        let item = self.item_inner(n);
        item.filter(|_| self.errors.error_count() == before)
    }

    fn item_inner(&mut self, n: &Node) -> Option<Item> {
        let p = self.sentence(Rule::item_sentence, n, Place::Item)?;
        let span = self.node_span(n);
        let mut public = false;
        let kind = match p.as_rule() {
            Rule::use_s => {
                self.check_block(n, Takes::NoBlock);
                let mut path = Vec::new();
                let mut names = None;
                for c in p.into_inner() {
                    match c.as_rule() {
                        Rule::use_names => {
                            let list = c
                                .into_inner()
                                .filter(|w| w.as_rule() == Rule::name)
                                .map(|w| self.name(n, &w))
                                .collect();
                            names = Some(list);
                        }
                        Rule::path => {
                            for w in c.into_inner() {
                                path.push(self.name(n, &w));
                            }
                        }
                        _ => {}
                    }
                }
                ItemKind::Use(UseDecl { path, names })
            }
            Rule::const_s | Rule::task_local_s => {
                let task_local = p.as_rule() == Rule::task_local_s;
                self.check_block(n, Takes::NoBlock);
                let mut name = None;
                let mut ty = None;
                let mut value = None;
                for c in p.into_inner() {
                    match c.as_rule() {
                        Rule::public => public = true,
                        Rule::name => name = Some(self.name(n, &c)),
                        Rule::const_ty => ty = Some(self.ty(n, &c, false)),
                        Rule::expr => value = Some(self.expr(n, &c)),
                        _ => {}
                    }
                }
                let (name, ty, value) = (name?, ty?, value?);
                if task_local {
                    ItemKind::TaskLocal(ConstDecl { name, ty, value })
                } else {
                    ItemKind::Const(ConstDecl { name, ty, value })
                }
            }
            Rule::fn_s => {
                let (f, is_pub) = self.fn_decl(n, p)?;
                public = is_pub;
                ItemKind::Fn(f)
            }
            Rule::struct_s => {
                let (name, generics, empty) = self.type_head(n, p, &mut public);
                let fields = if empty {
                    Vec::new()
                } else {
                    self.fields(&n.children)
                };
                ItemKind::Struct(StructDecl {
                    name: name?,
                    generics,
                    fields,
                })
            }
            Rule::enum_s => {
                let (name, generics, empty) = self.type_head(n, p, &mut public);
                let variants = if empty {
                    Vec::new()
                } else {
                    n.children.iter().filter_map(|v| self.variant(v)).collect()
                };
                ItemKind::Enum(EnumDecl {
                    name: name?,
                    generics,
                    variants,
                })
            }
            Rule::impl_s | Rule::no_impl_s => {
                let empty = p.as_rule() == Rule::no_impl_s;
                self.check_block(n, if empty { Takes::NoBlock } else { Takes::Block });
                let mut generics = Vec::new();
                let mut target = None;
                for c in p.into_inner() {
                    match c.as_rule() {
                        Rule::generics => generics = self.generics(n, &c),
                        Rule::ty => target = Some(self.ty(n, &c, false)),
                        _ => {}
                    }
                }
                let mut methods = Vec::new();
                if !empty {
                    for m in &n.children {
                        let Some(mp) = self.sentence(Rule::item_sentence, m, Place::Method) else {
                            continue;
                        };
                        if mp.as_rule() != Rule::fn_s {
                            let d = Diagnostic::error(
                                self.span(m.line.start, m.line.end),
                                "only methods belong in `Methods of ...`",
                            )
                            .label("expected `To NAME ...:`");
                            self.err(d);
                            continue;
                        }
                        if let Some((f, _)) = self.fn_decl(m, mp) {
                            methods.push(f);
                        }
                    }
                }
                ItemKind::Impl(ImplDecl {
                    generics,
                    target: target?,
                    methods,
                })
            }
            Rule::test_s => {
                self.check_block(n, Takes::Block);
                let c = p.into_inner().next()?;
                let (start, end) = self.range(n, &c);
                let pair = self.aur_part(AurRule::string, start, end)?;
                let name = Builder::new(self.file, start, self.ids, self.errors)
                    .plain_string(pair, "a test name");
                let body = self.block(n);
                ItemKind::Test(TestDecl {
                    name,
                    name_span: self.span(start, end),
                    body,
                })
            }
            _ => return None,
        };
        Some(Item { kind, public, span })
    }

    fn fn_decl(&mut self, n: &Node, p: P<'m>) -> Option<(FnDecl, bool)> {
        self.check_block(n, Takes::Block);
        let span = self.node_span(n);
        let mut public = false;
        let mut name = None;
        let mut generics = Vec::new();
        let mut self_param = None;
        let mut params = Vec::new();
        let mut ret = None;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::fn_public => public = true,
                Rule::name => name = Some(self.name(n, &c)),
                Rule::generics => generics = self.generics(n, &c),
                Rule::params => {
                    for q in c.into_inner() {
                        match q.as_rule() {
                            Rule::self_param => {
                                let (start, end) = self.range(n, &q);
                                let mode = match q.into_inner().next().map(|m| m.as_str()) {
                                    Some("ref") => Mode::Ref,
                                    Some("mut") => Mode::Mut,
                                    _ => Mode::Own,
                                };
                                self_param = Some(SelfParam {
                                    mode,
                                    span: self.span(start, end),
                                });
                            }
                            Rule::param => {
                                let (start, end) = self.range(n, &q);
                                let mut pname = None;
                                let mut pty = None;
                                for r in q.into_inner() {
                                    match r.as_rule() {
                                        Rule::name => pname = Some(self.name(n, &r)),
                                        Rule::param_ty => pty = Some(self.ty(n, &r, true)),
                                        _ => {}
                                    }
                                }
                                if let (Some(name), Some(ty)) = (pname, pty) {
                                    params.push(Param {
                                        id: self.fresh(),
                                        name,
                                        ty,
                                        span: self.span(start, end),
                                    });
                                }
                            }
                            _ => {}
                        }
                    }
                }
                Rule::ty => ret = Some(self.ty(n, &c, false)),
                _ => {}
            }
        }
        let body = self.block(n);
        Some((
            FnDecl {
                name: name?,
                generics,
                self_param,
                params,
                ret,
                body,
                span,
            },
            public,
        ))
    }

    fn fields(&mut self, nodes: &[Node]) -> Vec<Field> {
        let mut out = Vec::new();
        for f in nodes {
            self.check_block(f, Takes::NoBlock);
            let Some(p) = self.sentence(Rule::field_s, f, Place::Field) else {
                continue;
            };
            if let Some(field) = self.field(f, p) {
                out.push(field);
            }
        }
        out
    }

    /// `NAME of type TYPE` (a field, or a field of a struct variant).
    fn field(&mut self, n: &Node, p: P<'m>) -> Option<Field> {
        let (start, end) = self.range(n, &p);
        let mut name = None;
        let mut ty = None;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::name => name = Some(self.name(n, &c)),
                Rule::ty | Rule::param_ty => ty = Some(self.ty(n, &c, false)),
                _ => {}
            }
        }
        Some(Field {
            name: name?,
            ty: ty?,
            span: self.span(start, end),
        })
    }

    fn variant(&mut self, n: &Node) -> Option<Variant> {
        self.check_block(n, Takes::NoBlock);
        let p = self.sentence(Rule::variant_s, n, Place::Variant)?;
        let span = self.span(n.line.start, n.line.end);
        let mut name = None;
        let mut fields = VariantFields::Unit;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::name => name = Some(self.name(n, &c)),
                Rule::holding => {
                    let tys = c
                        .into_inner()
                        .filter(|t| t.as_rule() == Rule::tuple_ty)
                        .map(|t| self.ty(n, &t, false))
                        .collect();
                    fields = VariantFields::Tuple(tys);
                }
                Rule::with_fields => {
                    let fs = c
                        .into_inner()
                        .filter(|f| f.as_rule() == Rule::vfield)
                        .filter_map(|f| self.field(n, f))
                        .collect();
                    fields = VariantFields::Struct(fs);
                }
                _ => {}
            }
        }
        Some(Variant {
            name: name?,
            fields,
            span,
        })
    }

    // -----------------------------------------------------------------------------------------
    // Blocks and statements

    /// The block owned by `n` (its children).
    fn block(&mut self, n: &Node) -> Block {
        let span = match (n.children.first(), n.children.last()) {
            (Some(a), Some(b)) => self.span(a.line.start, b.end()),
            _ => self.span(n.line.end, n.end()),
        };
        let stmts = self.stmts(&n.children);
        Block { stmts, span }
    }

    fn stmts(&mut self, nodes: &[Node]) -> Vec<Stmt> {
        let parsed: Vec<Option<P<'m>>> = nodes
            .iter()
            .map(|n| self.sentence(Rule::stmt_sentence, n, Place::Stmt))
            .collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < nodes.len() {
            let n = &nodes[i];
            let Some(p) = parsed[i].clone() else {
                i += 1;
                continue;
            };
            i += 1;
            match p.as_rule() {
                Rule::if_s => {
                    // The `Otherwise` sentences right after belong to this `If`.
                    let mut chain = vec![(n, p)];
                    while i < nodes.len() {
                        match &parsed[i] {
                            Some(q) if q.as_rule() == Rule::else_if_s => {
                                chain.push((&nodes[i], q.clone()));
                                i += 1;
                            }
                            Some(q) if q.as_rule() == Rule::else_s => {
                                chain.push((&nodes[i], q.clone()));
                                i += 1;
                                break;
                            }
                            _ => break,
                        }
                    }
                    let span =
                        self.span(n.line.start, chain.last().map_or(n.end(), |(m, _)| m.end()));
                    let expr = self.if_chain(&chain);
                    out.push(Stmt {
                        kind: StmtKind::Expr { expr, semi: false },
                        span,
                    });
                }
                Rule::else_if_s | Rule::else_s => {
                    let d = Diagnostic::error(
                        self.span(n.line.start, n.line.end),
                        "`Otherwise` without an `If` before it",
                    )
                    .label("no `If` sentence right before this one")
                    .help("an `Otherwise` sentence follows an `If` block at the same indentation");
                    self.err(d);
                }
                Rule::nothing_s => self.check_block(n, Takes::NoBlock),
                _ => {
                    if let Some(s) = self.stmt(n, p) {
                        out.push(s);
                    }
                }
            }
        }
        out
    }

    fn if_chain(&mut self, chain: &[(&Node, P<'m>)]) -> Expr {
        let Some(((n, p), rest)) = chain.split_first() else {
            let span = self.span(0, 0);
            return self.mk(ExprKind::Tuple(Vec::new()), span);
        };
        self.check_block(n, Takes::Block);
        let span = self.span(n.line.start, chain.last().map_or(n.end(), |(m, _)| m.end()));
        let cond = match p.clone().into_inner().find(|c| c.as_rule() == Rule::cond) {
            Some(c) => self.cond(n, c),
            None => Cond::Expr(Box::new(self.mk(ExprKind::Lit(Lit::Bool(true)), span))),
        };
        let then = self.block(n);
        let else_ = match rest.first() {
            None => None,
            Some((m, q)) if q.as_rule() == Rule::else_s => {
                self.check_block(m, Takes::Block);
                let block = self.block(m);
                let span = self.node_span(m);
                Some(Box::new(self.mk(ExprKind::Block(block), span)))
            }
            Some(_) => Some(Box::new(self.if_chain(rest))),
        };
        self.mk(ExprKind::If { cond, then, else_ }, span)
    }

    fn cond(&mut self, n: &Node, p: P<'m>) -> Cond {
        let Some(c) = p.into_inner().next() else {
            return Cond::Expr(Box::new(self.mk(
                ExprKind::Lit(Lit::Bool(true)),
                self.span(n.line.start, n.line.end),
            )));
        };
        match c.as_rule() {
            Rule::let_cond => {
                let mut expr = None;
                let mut pat = None;
                for d in c.into_inner() {
                    match d.as_rule() {
                        Rule::cond_expr => expr = Some(self.expr(n, &d)),
                        Rule::pat => pat = Some(self.pattern(n, &d)),
                        _ => {}
                    }
                }
                let span = self.span(n.line.start, n.line.end);
                Cond::Let {
                    pat: pat.unwrap_or_else(|| Pattern {
                        id: self.ids.fresh(),
                        kind: PatternKind::Wild,
                        span,
                    }),
                    expr: Box::new(expr.unwrap_or_else(|| Expr {
                        id: self.ids.fresh(),
                        kind: ExprKind::Tuple(Vec::new()),
                        span,
                    })),
                }
            }
            _ => Cond::Expr(Box::new(self.expr(n, &c))),
        }
    }

    /// A value slot: an expression, or `the result of` with the block after the `:`.
    fn value(&mut self, n: &Node, p: &P<'m>) -> Expr {
        if p.as_rule() == Rule::result_of {
            self.check_block(n, Takes::Block);
            return self.value_block(n);
        }
        if p.as_rule() == Rule::fn_value {
            self.check_block(n, Takes::Block);
            return self.fn_value(n, p.clone());
        }
        self.check_block(n, Takes::NoBlock);
        self.expr(n, p)
    }

    /// `a function taking x of type int, giving int:` and its block: a closure.
    fn fn_value(&mut self, n: &Node, p: P<'m>) -> Expr {
        let span = self.node_span(n);
        let mut params = Vec::new();
        let mut ret = None;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::cparams => {
                    for q in c.into_inner() {
                        let mut name = None;
                        let mut ty = None;
                        for r in q.into_inner() {
                            match r.as_rule() {
                                Rule::name => name = Some(self.name(n, &r)),
                                Rule::param_ty => ty = Some(self.ty(n, &r, false)),
                                _ => {}
                            }
                        }
                        if let Some(name) = name {
                            params.push(ClosureParam {
                                id: self.fresh(),
                                name,
                                ty,
                            });
                        }
                    }
                }
                Rule::ty => ret = Some(self.ty(n, &c, false)),
                _ => {}
            }
        }
        let block = self.block(n);
        let body = Box::new(self.mk(ExprKind::Block(block), span));
        self.mk(ExprKind::Closure { params, ret, body }, span)
    }

    /// The value of a block: its only statement when that is an `If`, `Depending on`, loop
    /// (so `the result of:` + `If ...:` is the `if` itself), otherwise a block expression.
    fn value_block(&mut self, n: &Node) -> Expr {
        let block = self.block(n);
        let span = self.node_span(n);
        if let [Stmt {
            kind: StmtKind::Expr { expr, semi: false },
            ..
        }] = block.stmts.as_slice()
        {
            if is_block_like(expr) {
                return expr.clone();
            }
        }
        self.mk(ExprKind::Block(block), span)
    }

    fn stmt(&mut self, n: &Node, p: P<'m>) -> Option<Stmt> {
        let span = self.node_span(n);
        let rule = p.as_rule();
        let parts: Vec<P<'m>> = p.into_inner().collect();
        let find = |r: Rule| parts.iter().find(|c| c.as_rule() == r).cloned();
        let value_part = parts
            .iter()
            .rev()
            .find(|c| matches!(c.as_rule(), Rule::expr | Rule::result_of | Rule::fn_value))
            .cloned();
        let expr_stmt = |expr: Expr, semi: bool| StmtKind::Expr { expr, semi };
        let kind = match rule {
            Rule::let_s => {
                let pat = find(Rule::let_pat).map(|c| self.pattern(n, &c))?;
                let ty = find(Rule::let_ty).map(|c| self.ty(n, &c, false));
                let mutable = find(Rule::changeable).is_some();
                let init = self.value(n, &value_part?);
                StmtKind::Let {
                    mutable,
                    pat,
                    ty,
                    init,
                }
            }
            Rule::set_s => {
                let target = self.expr(n, &find(Rule::target_to)?);
                let value = self.value(n, &value_part?);
                StmtKind::Assign {
                    target,
                    op: AssignOp::Assign,
                    value,
                }
            }
            Rule::add_s | Rule::subtract_s | Rule::multiply_s | Rule::divide_s | Rule::apply_s => {
                self.check_block(n, Takes::NoBlock);
                // `Add V to T`, `Subtract V from T`, `Apply OP V to T`: the value comes first;
                // `Multiply T by V`, `Divide T by V`: the target first.
                let (op, target_p, value_p) = match rule {
                    Rule::add_s => (BinOp::Add, value_part, find(Rule::target_to)),
                    Rule::subtract_s => (BinOp::Sub, value_part, find(Rule::target_from)),
                    Rule::multiply_s => (BinOp::Mul, find(Rule::target_by), value_part),
                    Rule::divide_s => (BinOp::Div, find(Rule::target_by), value_part),
                    _ => {
                        let op = match find(Rule::apply_op)?.as_str() {
                            "+" => BinOp::Add,
                            "-" => BinOp::Sub,
                            "*" => BinOp::Mul,
                            "/" => BinOp::Div,
                            "%" => BinOp::Rem,
                            "&" => BinOp::BitAnd,
                            "|" => BinOp::BitOr,
                            "^" => BinOp::BitXor,
                            "<<" => BinOp::Shl,
                            _ => BinOp::Shr,
                        };
                        (op, value_part, find(Rule::target_to))
                    }
                };
                let target = self.expr(n, &target_p?);
                let value = self.expr(n, &value_p?);
                StmtKind::Assign {
                    target,
                    op: AssignOp::Compound(op),
                    value,
                }
            }
            Rule::print_s | Rule::check_s => {
                self.check_block(n, Takes::NoBlock);
                let (callee, word) = if rule == Rule::print_s {
                    ("print", "Print")
                } else {
                    ("assert", "Check that")
                };
                let mut values = Vec::new();
                if let Some(c) = find(Rule::check_cond) {
                    values.push(self.expr(n, &c));
                }
                values.push(self.expr(n, &value_part?));
                let word = self.span(n.line.start, n.line.start + word.len());
                let call = self.builtin_call(callee, word, values, span);
                expr_stmt(call, false)
            }
            Rule::while_s => {
                self.check_block(n, Takes::Block);
                let cond = self.cond(n, find(Rule::cond)?);
                let body = self.block(n);
                expr_stmt(self.mk(ExprKind::While { cond, body }, span), false)
            }
            Rule::for_s => {
                self.check_block(n, Takes::Block);
                let pat = self.pattern(n, &find(Rule::for_pat)?);
                let iter = Box::new(self.expr(n, &value_part?));
                let body = self.block(n);
                expr_stmt(self.mk(ExprKind::For { pat, iter, body }, span), false)
            }
            Rule::par_for_s => {
                self.check_block(n, Takes::Block);
                let pat = self.pattern(n, &find(Rule::for_pat)?);
                let mode = match find(Rule::par_mode).map(|m| m.as_str().to_string()) {
                    Some(m) if m == "mut" => Mode::Mut,
                    Some(_) => Mode::Ref,
                    None => Mode::Own,
                };
                let iter = self.expr(n, &find(Rule::par_iter)?);
                let mut reductions = Vec::new();
                for r in parts.iter().filter(|c| c.as_rule() == Rule::reducer) {
                    reductions.extend(self.reducer(n, r.clone()));
                }
                let body = self.block(n);
                let pf = ParFor {
                    pat,
                    mode,
                    iter,
                    reductions,
                    body,
                };
                expr_stmt(self.mk(ExprKind::ParFor(Box::new(pf)), span), false)
            }
            Rule::repeat_s => {
                self.check_block(n, Takes::Block);
                let body = self.block(n);
                expr_stmt(self.mk(ExprKind::Loop { body }, span), false)
            }
            Rule::depending_s => {
                self.check_block(n, Takes::Block);
                let scrutinee = Box::new(self.expr(n, &value_part?));
                let arms = n.children.iter().filter_map(|a| self.arm(a)).collect();
                expr_stmt(self.mk(ExprKind::Match { scrutinee, arms }, span), false)
            }
            Rule::give_back_s => {
                let value = self.value(n, &value_part?);
                expr_stmt(
                    self.mk(ExprKind::Return(Some(Box::new(value))), span),
                    false,
                )
            }
            Rule::return_s => {
                self.check_block(n, Takes::NoBlock);
                expr_stmt(self.mk(ExprKind::Return(None), span), false)
            }
            Rule::leave_s => {
                self.check_block(n, Takes::NoBlock);
                let value = value_part.map(|v| Box::new(self.expr(n, &v)));
                expr_stmt(self.mk(ExprKind::Break(value), span), false)
            }
            Rule::next_s => {
                self.check_block(n, Takes::NoBlock);
                expr_stmt(self.mk(ExprKind::Continue, span), false)
            }
            Rule::cancel_s => {
                self.check_block(n, Takes::NoBlock);
                expr_stmt(self.mk(ExprKind::Cancel, span), false)
            }
            Rule::cancel_task_s => {
                self.check_block(n, Takes::NoBlock);
                let task = self.expr(n, &value_part?);
                expr_stmt(self.mk(ExprKind::CancelTask(Box::new(task)), span), false)
            }
            Rule::yield_s => {
                self.check_block(n, Takes::NoBlock);
                expr_stmt(self.mk(ExprKind::Yield, span), false)
            }
            Rule::close_s => {
                self.check_block(n, Takes::NoBlock);
                let end = Box::new(self.expr(n, &value_part?));
                expr_stmt(self.mk(ExprKind::Close(end), span), false)
            }
            Rule::select_s => {
                self.check_block(n, Takes::Block);
                let biased = find(Rule::select_in_order).is_some();
                let arms = n
                    .children
                    .iter()
                    .filter_map(|a| self.select_arm(a))
                    .collect();
                expr_stmt(self.mk(ExprKind::Select { biased, arms }, span), false)
            }
            Rule::channel_s => {
                self.check_block(n, Takes::NoBlock);
                let (pat, init) = self.channel(n, &parts, span)?;
                StmtKind::Let {
                    mutable: false,
                    pat,
                    ty: None,
                    init,
                }
            }
            Rule::send_s => {
                self.check_block(n, Takes::NoBlock);
                let value = self.expr(n, &find(Rule::send_value)?);
                let receiver = Box::new(self.expr(n, &value_part?));
                let (start, _) = self.range(n, &find(Rule::send_value)?);
                let word = self.span(n.line.start, n.line.start + "Send".len());
                let call = ExprKind::MethodCall {
                    receiver,
                    method: Ident {
                        name: "send".to_string(),
                        span: word,
                    },
                    generics: Vec::new(),
                    args: vec![Arg {
                        mode: Mode::Own,
                        name: None,
                        span: self.span(start, value.span.end as usize),
                        value,
                    }],
                };
                expr_stmt(self.mk(call, span), false)
            }
            Rule::wait_s => {
                self.check_block(n, Takes::NoBlock);
                let d = self.expr(n, &value_part?);
                let word = self.span(n.line.start, n.line.start + "Wait for".len());
                expr_stmt(self.builtin_call("sleep", word, vec![d], span), false)
            }
            Rule::ignore_s => {
                self.check_block(n, Takes::NoBlock);
                let e = self.expr(n, &find(Rule::ignored)?);
                expr_stmt(e, true)
            }
            Rule::scope_s => {
                self.check_block(n, Takes::Block);
                let is_deadline = find(Rule::deadline_of).is_some();
                let timeout = value_part.map(|t| Box::new(self.expr(n, &t)));
                let block = self.block(n);
                let kind = match timeout {
                    Some(deadline) if is_deadline => ExprKind::DeadlineScope {
                        deadline,
                        body: block,
                    },
                    Some(timeout) => ExprKind::TimedScope {
                        timeout,
                        body: block,
                    },
                    None => ExprKind::Scope(block),
                };
                expr_stmt(self.mk(kind, span), false)
            }
            Rule::atomic_s => {
                self.check_block(n, Takes::NoBlock);
                let op = parts.iter().find(|c| {
                    matches!(
                        c.as_rule(),
                        Rule::atomic_add | Rule::atomic_sub | Rule::atomic_store
                    )
                })?;
                let method = match op.as_rule() {
                    Rule::atomic_add => "add",
                    Rule::atomic_sub => "sub",
                    _ => "store",
                };
                let inner: Vec<P<'m>> = op.clone().into_inner().collect();
                let value = self.expr(n, inner.first()?);
                let target = self.expr(n, inner.get(1)?);
                let order_p = find(Rule::atomic_order)?;
                let order = self.expr(n, &order_p);
                let (word, _) = self.range(n, op);
                let method = Ident {
                    name: method.to_string(),
                    span: self.span(word, word + op.as_str().split(' ').next()?.len()),
                };
                let label = Ident {
                    name: "order".to_string(),
                    span: order.span,
                };
                let args = vec![
                    Arg {
                        mode: Mode::Own,
                        name: None,
                        span: value.span,
                        value,
                    },
                    Arg {
                        mode: Mode::Own,
                        name: Some(label),
                        span: order.span,
                        value: order,
                    },
                ];
                let call = ExprKind::MethodCall {
                    receiver: Box::new(target),
                    method,
                    generics: Vec::new(),
                    args,
                };
                expr_stmt(self.mk(call, span), false)
            }
            Rule::guard_s => {
                self.check_block(n, Takes::Block);
                let kind = match find(Rule::guard_word)?.as_str() {
                    "Read" => GuardKind::Read,
                    "Write" => GuardKind::Write,
                    _ => GuardKind::Lock,
                };
                let target = Box::new(self.expr(n, &find(Rule::guard_target)?));
                let binding = Binder {
                    id: self.fresh(),
                    name: self.name(n, &find(Rule::name)?),
                };
                let body = self.block(n);
                let guard = ExprKind::Guard {
                    kind,
                    target,
                    binding,
                    body,
                };
                expr_stmt(self.mk(guard, span), false)
            }
            Rule::with_s => {
                self.check_block(n, Takes::Block);
                let target = Box::new(self.expr(n, &find(Rule::with_name)?));
                let value = Box::new(self.expr(n, &value_part?));
                let body = self.block(n);
                expr_stmt(
                    self.mk(
                        ExprKind::With {
                            target,
                            value,
                            body,
                        },
                        span,
                    ),
                    false,
                )
            }
            Rule::supervisor_s => {
                self.check_block(n, Takes::Block);
                let block = self.block(n);
                expr_stmt(self.mk(ExprKind::SupervisorScope(block), span), false)
            }
            Rule::task_s => {
                self.check_block(n, Takes::Block);
                let block = self.block(n);
                let body = self.mk(ExprKind::Block(block), span);
                expr_stmt(self.mk(ExprKind::Spawn(Box::new(body)), span), false)
            }
            Rule::do_block_s => {
                self.check_block(n, Takes::Block);
                let block = self.block(n);
                expr_stmt(self.mk(ExprKind::Block(block), span), false)
            }
            Rule::do_s => {
                self.check_block(n, Takes::NoBlock);
                expr_stmt(self.expr(n, &value_part?), false)
            }
            Rule::result_s => {
                let value = self.value(n, &value_part?);
                expr_stmt(value, false)
            }
            _ => return None,
        };
        Some(Stmt { kind, span })
    }

    /// A call of a built-in function by name with plain arguments (`Print x.` is `print(x)`).
    /// `Make a channel of T with capacity N dropping the oldest when full, sending end tx,
    /// receiving end rx`: the pattern `(tx, rx)` and `channel[T](capacity: N, overflow: p)`.
    fn channel(&mut self, n: &Node, parts: &[P<'m>], span: Span) -> Option<(Pattern, Expr)> {
        let find = |r: Rule| parts.iter().find(|c| c.as_rule() == r).cloned();
        let ty = self.ty(n, &find(Rule::chan_ty)?, false);
        let names: Vec<Pattern> = parts
            .iter()
            .filter(|c| c.as_rule() == Rule::name)
            .map(|c| {
                let name = self.name(n, c);
                Pattern {
                    id: self.fresh(),
                    span: name.span,
                    kind: PatternKind::Bind {
                        name,
                        mutable: false,
                    },
                }
            })
            .collect();
        let pat = Pattern {
            id: self.fresh(),
            span,
            kind: PatternKind::Tuple(names),
        };
        let mut args = Vec::new();
        if let Some(c) = find(Rule::chan_cap) {
            let value = self.expr(n, &c);
            let (start, end) = self.range(n, &c);
            args.push(Arg {
                mode: Mode::Own,
                name: Some(Ident {
                    name: "capacity".to_string(),
                    span: self.span(start, end),
                }),
                span: self.span(start, end),
                value,
            });
        }
        if let Some(c) = find(Rule::chan_policy) {
            let (start, end) = self.range(n, &c);
            let word = match c.into_inner().next().map(|w| w.as_rule()) {
                Some(Rule::drop_oldest) => "drop_oldest",
                Some(Rule::drop_newest) => "drop_newest",
                _ => "block",
            };
            let at = self.span(start, end);
            let value = self.mk(
                ExprKind::Name(Ident {
                    name: word.to_string(),
                    span: at,
                }),
                at,
            );
            args.push(Arg {
                mode: Mode::Own,
                name: Some(Ident {
                    name: "overflow".to_string(),
                    span: at,
                }),
                span: at,
                value,
            });
        }
        let word = self.span(n.line.start, n.line.start + "Make a channel".len());
        let callee = self.mk(
            ExprKind::Name(Ident {
                name: "channel".to_string(),
                span: word,
            }),
            word,
        );
        let init = self.mk(
            ExprKind::Call {
                callee: Box::new(callee),
                generics: vec![ty],
                args,
            },
            span,
        );
        Some((pat, init))
    }

    fn builtin_call(&mut self, name: &str, word: Span, values: Vec<Expr>, span: Span) -> Expr {
        let callee = self.mk(
            ExprKind::Name(Ident {
                name: name.to_string(),
                span: word,
            }),
            word,
        );
        let args = values
            .into_iter()
            .map(|value| Arg {
                mode: Mode::Own,
                name: None,
                span: value.span,
                value,
            })
            .collect();
        self.mk(
            ExprKind::Call {
                callee: Box::new(callee),
                generics: Vec::new(),
                args,
            },
            span,
        )
    }

    fn select_arm(&mut self, n: &Node) -> Option<SelectArm> {
        let p = self.sentence(Rule::select_arm_s, n, Place::SelectArm)?;
        let span = self.node_span(n);
        let mut op = None;
        let mut body = None;
        for c in p.into_inner() {
            let parts: Vec<P<'m>> = c.clone().into_inner().collect();
            let find = |r: Rule| parts.iter().find(|x| x.as_rule() == r).cloned();
            match c.as_rule() {
                Rule::on_recv => {
                    let binding = find(Rule::recv_pat).map(|b| self.pattern(n, &b));
                    let rx = self.expr(n, &find(Rule::arm_end)?);
                    op = Some(SelectOp::Recv { rx, binding });
                }
                Rule::on_send => {
                    let value = self.expr(n, &find(Rule::send_value)?);
                    let tx = self.expr(n, &find(Rule::arm_end)?);
                    op = Some(SelectOp::Send { tx, value });
                }
                Rule::on_after => op = Some(SelectOp::After(self.expr(n, &find(Rule::arm_end)?))),
                Rule::on_default => op = Some(SelectOp::Default),
                Rule::expr => {
                    self.check_block(n, Takes::NoBlock);
                    body = Some(self.expr(n, &c));
                }
                _ => {}
            }
        }
        let body = self.arm_body(n, body);
        Some(SelectArm {
            op: op?,
            body,
            span,
        })
    }

    /// An arm's body (of `match` or `select`): the expression its sentence ends with, or else
    /// the block indented under it.
    fn arm_body(&mut self, n: &Node, inline: Option<Expr>) -> Expr {
        match inline {
            Some(b) => b,
            None => {
                self.check_block(n, Takes::Block);
                self.value_block(n)
            }
        }
    }

    fn arm(&mut self, n: &Node) -> Option<Arm> {
        let p = self.sentence(Rule::arm_s, n, Place::Arm)?;
        let span = self.node_span(n);
        let mut pat = None;
        let mut guard = None;
        let mut body = None;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::arm_pat => pat = Some(self.pattern(n, &c)),
                Rule::guard => guard = Some(self.expr(n, &c)),
                Rule::expr => {
                    self.check_block(n, Takes::NoBlock);
                    body = Some(self.expr(n, &c));
                }
                _ => {}
            }
        }
        let body = self.arm_body(n, body);
        Some(Arm {
            pat: pat?,
            guard,
            body,
            span,
        })
    }
}

impl<'m> Cx<'_, 'm> {
    /// `total with +` or `counts with merge starting from Map()` in `In parallel, ...`.
    fn reducer(&mut self, n: &Node, p: P<'m>) -> Option<Reduction> {
        let (start, end) = self.range(n, &p);
        let span = self.span(start, end);
        let parts: Vec<P<'m>> = p.into_inner().collect();
        let find = |r: Rule| parts.iter().find(|c| c.as_rule() == r).cloned();
        let name = self.name(n, &find(Rule::name)?);
        let op = match find(Rule::red_op) {
            Some(op) => match op.as_str() {
                "+" => ReduceOp::Add,
                "*" => ReduceOp::Mul,
                "&&" => ReduceOp::And,
                "||" => ReduceOp::Or,
                "min" => ReduceOp::Min,
                _ => ReduceOp::Max,
            },
            None => ReduceOp::Fn {
                func: Box::new(self.expr(n, &find(Rule::red_fn)?)),
                identity: Box::new(self.expr(n, &find(Rule::red_id)?)),
            },
        };
        Some(Reduction { name, op, span })
    }
}

/// Expressions that CNL writes as a sentence with a block.
pub(crate) fn is_block_like(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::If { .. }
        | ExprKind::Match { .. }
        | ExprKind::While { .. }
        | ExprKind::For { .. }
        | ExprKind::ParFor(_)
        | ExprKind::Loop { .. }
        | ExprKind::Scope(_)
        | ExprKind::SupervisorScope(_)
        | ExprKind::With { .. }
        | ExprKind::TimedScope { .. }
        | ExprKind::DeadlineScope { .. }
        | ExprKind::Guard { .. }
        | ExprKind::Select { .. } => true,
        ExprKind::Spawn(task) => matches!(task.kind, ExprKind::Block(_)),
        _ => false,
    }
}
