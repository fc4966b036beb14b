//! Patterns (docs/language.md §7).

use aurora_grammar::ast::{Lit, Pattern, PatternKind};
use proc_macro2::{Literal, TokenStream};
use quote::{quote, ToTokens};

use super::ident::ident;
use super::strings::plain_text;
use super::Lowerer;

impl Lowerer<'_> {
    /// A pattern; `var` says the bindings come from a `var` (they are `mut` when the
    /// checker saw them modified).
    pub fn pattern(&mut self, p: &Pattern, var: bool) -> TokenStream {
        match &p.kind {
            PatternKind::Wild => quote!(_),
            PatternKind::Bind { name, mutable } => {
                let id = ident(&name.name);
                if (var || *mutable) && self.info.mutated.contains(&p.id) {
                    quote!(mut #id)
                } else {
                    quote!(#id)
                }
            }
            PatternKind::Lit { lit, negative } => self.lit_pattern(p, lit, *negative),
            PatternKind::Range { lo, hi, inclusive } => {
                let lo = self.pattern(lo, var);
                let hi = self.pattern(hi, var);
                if *inclusive {
                    quote!(#lo..=#hi)
                } else {
                    quote!(#lo..#hi)
                }
            }
            PatternKind::Tuple(parts) => {
                let parts: Vec<TokenStream> = parts.iter().map(|q| self.pattern(q, var)).collect();
                if parts.len() == 1 {
                    let q = &parts[0];
                    quote!((#q,))
                } else {
                    quote!((#(#parts),*))
                }
            }
            PatternKind::Variant { path, args } => {
                let path = variant_path(self, path);
                match args {
                    Some(args) => {
                        let args: Vec<TokenStream> =
                            args.iter().map(|q| self.pattern(q, var)).collect();
                        quote!(#path(#(#args),*))
                    }
                    None => path,
                }
            }
            PatternKind::Struct { path, fields, rest } => {
                let path = variant_path(self, path);
                let mut parts: Vec<TokenStream> = fields
                    .iter()
                    .map(|f| {
                        let name = ident(&f.name.name);
                        match &f.pat {
                            Some(q) if !matches!(&q.kind, PatternKind::Bind { name: b, mutable: false } if b.name == f.name.name) => {
                                let q = self.pattern(q, var);
                                quote!(#name: #q)
                            }
                            _ => quote!(#name),
                        }
                    })
                    .collect();
                if *rest {
                    parts.push(quote!(..));
                }
                quote!(#path { #(#parts),* })
            }
            PatternKind::Or(alts) => {
                let alts: Vec<TokenStream> = alts.iter().map(|q| self.pattern(q, var)).collect();
                quote!(#(#alts)|*)
            }
        }
    }

    fn lit_pattern(&mut self, p: &Pattern, lit: &Lit, negative: bool) -> TokenStream {
        let minus = if negative { quote!(-) } else { quote!() };
        match lit {
            Lit::Int(v) => {
                let v = Literal::u128_unsuffixed(*v);
                quote!(#minus #v)
            }
            Lit::Float(text) => match syn::parse_str::<syn::LitFloat>(text) {
                Ok(f) => quote!(#minus #f),
                Err(_) => {
                    self.unsupported(p.span, "this float literal pattern");
                    quote!(_)
                }
            },
            Lit::Bool(true) => quote!(true),
            Lit::Bool(false) => quote!(false),
            Lit::Char(c) => Literal::character(*c).into_token_stream(),
            Lit::Str(parts) => match plain_text(parts) {
                Some(text) => Literal::string(&text).into_token_stream(),
                None => {
                    self.unsupported(p.span, "an interpolated string as a pattern");
                    quote!(_)
                }
            },
            Lit::None => quote!(None),
            Lit::Duration(_) => {
                self.unsupported(p.span, "a duration as a pattern");
                quote!(_)
            }
        }
    }
}

/// `some`/`ok`/`err` as `Some`/`Ok`/`Err`; other paths joined with `::`.
fn variant_path(l: &Lowerer<'_>, path: &[aurora_grammar::ast::Ident]) -> TokenStream {
    if let [single] = path {
        match single.name.as_str() {
            "some" => return quote!(Some),
            "ok" => return quote!(Ok),
            "err" => return quote!(Err),
            "none" => return quote!(None),
            _ => {}
        }
    }
    l.written_path(path)
}
