//! Generic substitution and a simple one-way unification, enough to learn a generic call's
//! type arguments from its arguments (rustc remains the real type checker).

use std::collections::HashMap;

use super::Ty;

/// Replace generic parameters by their bindings; unbound ones become `Unknown`.
pub(crate) fn subst(t: &Ty, map: &HashMap<String, Ty>) -> Ty {
    let s = |t: &Ty| subst(t, map);
    let b = |t: &Ty| Box::new(subst(t, map));
    match t {
        Ty::Param(n) => map.get(n).cloned().unwrap_or(Ty::Unknown),
        Ty::List(t) => Ty::List(b(t)),
        Ty::Set(t) => Ty::Set(b(t)),
        Ty::Option(t) => Ty::Option(b(t)),
        Ty::Ref(t) => Ty::Ref(b(t)),
        Ty::Mut(t) => Ty::Mut(b(t)),
        Ty::Range(t) => Ty::Range(b(t)),
        Ty::Map(k, v) => Ty::Map(b(k), b(v)),
        Ty::Result(k, v) => Ty::Result(b(k), b(v)),
        Ty::Tuple(ts) => Ty::Tuple(ts.iter().map(s).collect()),
        Ty::Fn(ps, r) => Ty::Fn(ps.iter().map(s).collect(), b(r)),
        Ty::Adt { module, name, args } => Ty::Adt {
            module: module.clone(),
            name: name.clone(),
            args: args.iter().map(s).collect(),
        },
        t => t.clone(),
    }
}

/// Like [`subst`], but leaves unbound parameters in place (for expected types).
pub(crate) fn subst_partial(t: &Ty, map: &HashMap<String, Ty>) -> Ty {
    let mut full = map.clone();
    collect_params(t, &mut |n| {
        full.entry(n.to_string())
            .or_insert_with(|| Ty::Param(n.to_string()));
    });
    subst(t, &full)
}

fn collect_params(t: &Ty, f: &mut impl FnMut(&str)) {
    match t {
        Ty::Param(n) => f(n),
        Ty::List(t) | Ty::Set(t) | Ty::Option(t) | Ty::Ref(t) | Ty::Mut(t) | Ty::Range(t) => {
            collect_params(t, f)
        }
        Ty::Map(k, v) | Ty::Result(k, v) => {
            collect_params(k, f);
            collect_params(v, f);
        }
        Ty::Tuple(ts) | Ty::Adt { args: ts, .. } => ts.iter().for_each(|t| collect_params(t, f)),
        Ty::Fn(ps, r) => {
            ps.iter().for_each(|t| collect_params(t, f));
            collect_params(r, f);
        }
        _ => {}
    }
}

/// Bind the parameters of `pattern` (a declared type mentioning generics in `params`) from
/// the `actual` type of a value. First binding wins; mismatches are ignored.
pub(crate) fn unify(pattern: &Ty, actual: &Ty, params: &[String], map: &mut HashMap<String, Ty>) {
    match (pattern, actual) {
        (_, Ty::Unknown | Ty::Never) => {}
        (Ty::Param(n), a) if params.contains(n) => {
            let a = a.clone();
            let slot = map.entry(n.clone()).or_insert(Ty::Unknown);
            if *slot == Ty::Unknown {
                *slot = a;
            }
        }
        (Ty::Ref(p) | Ty::Mut(p), Ty::Ref(a) | Ty::Mut(a)) => unify(p, a, params, map),
        (Ty::Ref(p) | Ty::Mut(p), a) => unify(p, a, params, map),
        (p, Ty::Ref(a) | Ty::Mut(a)) => unify(p, a, params, map),
        (Ty::List(p), Ty::List(a))
        | (Ty::Set(p), Ty::Set(a))
        | (Ty::Option(p), Ty::Option(a))
        | (Ty::Range(p), Ty::Range(a)) => unify(p, a, params, map),
        (Ty::Map(pk, pv), Ty::Map(ak, av)) | (Ty::Result(pk, pv), Ty::Result(ak, av)) => {
            unify(pk, ak, params, map);
            unify(pv, av, params, map);
        }
        (Ty::Tuple(ps), Ty::Tuple(as_)) if ps.len() == as_.len() => {
            ps.iter()
                .zip(as_)
                .for_each(|(p, a)| unify(p, a, params, map));
        }
        (
            Ty::Adt {
                name: pn, args: pa, ..
            },
            Ty::Adt {
                name: an, args: aa, ..
            },
        ) if pn == an && pa.len() == aa.len() => {
            pa.iter()
                .zip(aa)
                .for_each(|(p, a)| unify(p, a, params, map));
        }
        (Ty::Fn(pp, pr), Ty::Fn(ap, ar)) if pp.len() == ap.len() => {
            pp.iter()
                .zip(ap)
                .for_each(|(p, a)| unify(p, a, params, map));
            unify(pr, ar, params, map);
        }
        _ => {}
    }
}
