//! Channels (§15) onto `aurora_std::channel` (crossbeam-channel with overflow policies and
//! cancellation-aware waits; docs/runtime.md "Channels").

use aurora_grammar::ast::{Arg, Expr, PatternKind, SelectArm, SelectOp, Type};
use proc_macro2::TokenStream;
use quote::quote;

use super::{LExpr, Lowerer, Prec};
use crate::check::channel_overflow_policy;
use crate::check::Ty;

impl Lowerer<'_> {
    /// `channel[T]()`, `channel[T](capacity: n)`, `channel[T](capacity: n, overflow: p)`.
    pub fn channel_call(&mut self, generics: &[Type], args: &[Arg]) -> LExpr {
        let tf = self.turbofish(generics);
        let named = |n: &str| {
            args.iter()
                .find(|a| a.name.as_ref().is_some_and(|x| x.name == n))
                .map(|a| &a.value)
        };
        let policy = named("overflow").and_then(channel_overflow_policy);
        let Some(capacity) = named("capacity") else {
            return LExpr::atom(quote!(aurora_std::channel::unbounded #tf ()));
        };
        let n = self.delimited(|l| l.usize_of(capacity));
        let overflow = match policy {
            Some("drop_oldest") => quote!(DropOldest),
            Some("drop_newest") => quote!(DropNewest),
            _ => return LExpr::atom(quote!(aurora_std::channel::bounded #tf (#n))),
        };
        LExpr::atom(quote!(
            aurora_std::channel::with_overflow #tf (#n, aurora_std::Overflow::#overflow)
        ))
    }

    /// The methods of the two ends; `None` for any other method (the caller lowers it as
    /// written, e.g. `clone`).
    pub fn channel_method(
        &mut self,
        ty: &Ty,
        receiver: &Expr,
        method: &str,
        args: &[Arg],
    ) -> Option<LExpr> {
        let arg = args.first().map(|a| &a.value);
        let out = match (ty, method, arg) {
            (Ty::Sender(_), "send", Some(x)) => {
                self.use_or_unwind();
                let r = self.receiver(receiver);
                let x = self.delimited(|l| l.expr(x).ts);
                LExpr::atom(quote!(#r.send(#x).or_unwind()))
            }
            (Ty::Sender(_), "try_send", Some(x)) => {
                let r = self.receiver(receiver);
                let x = self.delimited(|l| l.expr(x).ts);
                LExpr::atom(quote!(#r
                    .try_send(#x)
                    .map_err(aurora_std::crossbeam_channel::TrySendError::into_inner)))
            }
            (Ty::Sender(_), "dropped", None) => {
                let r = self.receiver(receiver);
                LExpr::new(quote!(#r.dropped() as i64), Prec::Cast)
            }
            (Ty::Receiver(_), "recv", None) => {
                self.use_or_unwind();
                let r = self.receiver(receiver);
                LExpr::atom(quote!(#r.recv().or_unwind()))
            }
            (Ty::Receiver(_), "recv", Some(d)) => {
                self.use_or_unwind();
                let r = self.receiver(receiver);
                let d = self.delimited(|l| l.expr(d).ts);
                LExpr::atom(quote!(#r.recv_timeout(#d).or_unwind()))
            }
            (Ty::Receiver(_), "try_recv", None) => {
                let r = self.receiver(receiver);
                LExpr::atom(quote!(#r.try_recv()))
            }
            _ => return None,
        };
        Some(out)
    }

    /// `tx.send(x)` whose value is discarded: `tx.deliver(x)`, which fails the task when the
    /// channel is closed (no one would get the value back). `None` for any other statement.
    pub fn send_stmt(&mut self, e: &Expr) -> Option<TokenStream> {
        let aurora_grammar::ast::ExprKind::MethodCall {
            receiver,
            method,
            args,
            generics,
        } = &e.kind
        else {
            return None;
        };
        if method.name != "send" || args.len() != 1 || !generics.is_empty() {
            return None;
        }
        if !matches!(self.info.ty(receiver.id).peel(), Ty::Sender(_)) {
            return None;
        }
        let r = self.receiver(receiver);
        let x = self.delimited(|l| l.expr(&args[0].value).ts);
        Some(quote!(#r.deliver(#x);))
    }

    /// `select { .. }` (`stmt`: as a statement of a block, whose value is discarded): crossbeam's `select!` (`select_biased!`), plus, when it may wait, the
    /// two arms that make it a cancellation point (docs/runtime.md, "Select"). `cancel` names
    /// the wake-up (a keyword in Aurora, so never a program's own name).
    pub fn select_expr(
        &mut self,
        biased: bool,
        arms: &[SelectArm],
        value: bool,
        fn_tail: bool,
        stmt: bool,
    ) -> LExpr {
        let waits = !arms.iter().any(|a| matches!(a.op, SelectOp::Default));
        let mut out: Vec<TokenStream> = Vec::new();
        let mut after = None;
        for arm in arms {
            // Every arm's body is a block: `select!` needs a `,` after any other expression.
            let body = braced(self.arm_body(&arm.body, value, fn_tail));
            match &arm.op {
                SelectOp::Recv { rx, binding } => {
                    let r = self.receiver(rx);
                    let named = binding
                        .as_ref()
                        .filter(|p| !matches!(p.kind, PatternKind::Wild));
                    match named {
                        Some(p) => {
                            let pat = self.pattern(p, false);
                            let name = match &p.kind {
                                PatternKind::Bind { name, .. } => super::ident::ident(&name.name),
                                _ => super::ident::ident("received"),
                            };
                            let body = prepend(quote!(let #pat = #name.ok();), body);
                            out.push(quote!(recv(#r.crossbeam()) -> #name => #body));
                        }
                        None => out.push(quote!(recv(#r.crossbeam()) -> _ => #body)),
                    }
                }
                SelectOp::Send { tx, value: x } => {
                    let t = self.receiver(tx);
                    let x = self.delimited(|l| l.expr(x).ts);
                    let body = prepend(quote!(aurora_std::channel::expect_sent(channel);), body);
                    out.push(quote!(send(#t.crossbeam(), #x) -> channel => #body));
                }
                SelectOp::After(d) => {
                    let d = self.delimited(|l| l.expr(d).ts);
                    let body = prepend(quote!(cancel.after_elapsed();), body);
                    after = Some(quote!(default(cancel.timeout_or(#d)) => #body));
                }
                SelectOp::Default => out.push(quote!(default => #body)),
            }
        }
        let mac = if biased {
            quote!(aurora_std::crossbeam_channel::select_biased!)
        } else {
            quote!(aurora_std::crossbeam_channel::select!)
        };
        if !waits {
            return LExpr::block(quote!(#mac { #(#out)* }));
        }
        out.push(quote!(recv(cancel.signal()) -> _ => cancel.unwind(),));
        out.push(after.unwrap_or_else(|| quote!(default(cancel.timeout()) => cancel.unwind(),)));
        let wake = quote!(let cancel = aurora_std::Wake::current(););
        if stmt {
            // A statement: its two statements go straight into the enclosing block.
            return LExpr::block(quote!(#wake #mac { #(#out)* }));
        }
        LExpr::block(quote!({ #wake #mac { #(#out)* } }))
    }
}

fn braced(body: TokenStream) -> TokenStream {
    match syn::parse2::<syn::Block>(body.clone()) {
        Ok(_) => body,
        Err(_) => quote!({ #body }),
    }
}

/// `{ first; rest.. }`: `first` put before the statements of `body`, a block or an expression.
fn prepend(first: TokenStream, body: TokenStream) -> TokenStream {
    match syn::parse2::<syn::Block>(body.clone()) {
        Ok(b) => {
            let stmts = b.stmts;
            quote!({ #first #(#stmts)* })
        }
        Err(_) => quote!({ #first #body }),
    }
}
