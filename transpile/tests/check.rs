//! The checker on real Aurora source: diagnostics (message, line, help) and the `Info` side
//! tables that lowering reads (types, resolutions, locals, mutated bindings).

use std::path::{Path, PathBuf};

use aurora_grammar::ast::{
    Block, Cond, Expr, ExprKind, ItemKind, NodeId, Pattern, PatternKind, Program, StmtKind, StrPart,
};
use aurora_grammar::{Diagnostic, Errors, Sources, Span};
use aurora_transpile::check::{self, CaptureMode, Info, Res, Ty};

struct Checked {
    sources: Sources,
    program: Program,
    errors: Errors,
    info: Info,
}

fn check_src(src: &str) -> Checked {
    check_file(Path::new("test.aur"), src)
}

fn check_file(path: &Path, src: &str) -> Checked {
    let (sources, program, mut errors) = aurora_transpile::load::load_str(path, src);
    assert!(
        !errors.has_errors(),
        "parse errors in test source:\n{}",
        aurora_grammar::diagnostic::render_all(&sources, &errors, false)
    );
    let info = check::check(&sources, &program, &mut errors);
    Checked {
        sources,
        program,
        errors,
        info,
    }
}

impl Checked {
    fn line(&self, span: Span) -> usize {
        self.sources.get(span.file).line_col(span.start as usize).0
    }

    fn errors(&self) -> Vec<&Diagnostic> {
        self.errors
            .sorted()
            .into_iter()
            .filter(|d| d.is_error())
            .collect()
    }

    fn warnings(&self) -> Vec<&Diagnostic> {
        self.errors
            .sorted()
            .into_iter()
            .filter(|d| !d.is_error())
            .collect()
    }

    fn render(&self) -> String {
        aurora_grammar::diagnostic::render_all(&self.sources, &self.errors, false)
    }

    /// Exactly one error, on `line`, whose message contains `msg`; returns it.
    fn one_error(&self, line: usize, msg: &str) -> &Diagnostic {
        let errs = self.errors();
        assert_eq!(errs.len(), 1, "expected one error, got:\n{}", self.render());
        let d = errs[0];
        assert!(
            d.message.contains(msg),
            "message {:?} lacks {msg:?}\n{}",
            d.message,
            self.render()
        );
        assert_eq!(
            self.line(d.primary.span),
            line,
            "wrong line:\n{}",
            self.render()
        );
        d
    }

    fn has_error(&self, line: usize, msg: &str) -> bool {
        self.errors()
            .iter()
            .any(|d| d.message.contains(msg) && self.line(d.primary.span) == line)
    }

    fn assert_clean(&self) {
        assert!(
            self.errors.is_empty(),
            "expected no diagnostics, got:\n{}",
            self.render()
        );
    }

    fn text(&self, span: Span) -> &str {
        self.sources.get(span.file).slice(span)
    }

    /// The id of the first expression (in source order) whose text is exactly `text`.
    fn expr(&self, text: &str) -> NodeId {
        let mut found = None;
        for m in &self.program.modules {
            visit_module(
                m,
                &mut |e: &Expr| {
                    if found.is_none() && self.text(e.span) == text {
                        found = Some(e.id);
                    }
                },
                &mut |_| {},
            );
        }
        found.unwrap_or_else(|| panic!("no expression `{text}`"))
    }

    /// The id of the first binding pattern or parameter named `name`.
    fn binding(&self, name: &str) -> NodeId {
        let found = std::cell::Cell::new(None);
        let set = |id: NodeId| {
            if found.get().is_none() {
                found.set(Some(id));
            }
        };
        for m in &self.program.modules {
            for item in &m.items {
                let fns: Vec<&aurora_grammar::ast::FnDecl> = match &item.kind {
                    ItemKind::Fn(f) => vec![f],
                    ItemKind::Impl(i) => i.methods.iter().collect(),
                    _ => vec![],
                };
                for f in fns {
                    f.params
                        .iter()
                        .filter(|p| p.name.name == name)
                        .for_each(|p| set(p.id));
                }
            }
        }
        for m in &self.program.modules {
            visit_module(
                m,
                &mut |e: &Expr| {
                    if let ExprKind::Closure { params, .. } = &e.kind {
                        if let Some(p) = params.iter().find(|p| p.name.name == name) {
                            if found.get().is_none() {
                                found.set(Some(p.id));
                            }
                        }
                    }
                    if let ExprKind::Guard { binding, .. } = &e.kind {
                        if binding.name.name == name && found.get().is_none() {
                            found.set(Some(binding.id));
                        }
                    }
                },
                &mut |p: &Pattern| {
                    if matches!(&p.kind, PatternKind::Bind { name: n, .. } if n.name == name)
                        && found.get().is_none()
                    {
                        found.set(Some(p.id));
                    }
                },
            );
        }
        found.get().unwrap_or_else(|| panic!("no binding `{name}`"))
    }

    fn ty(&self, text: &str) -> Ty {
        self.info.ty(self.expr(text)).clone()
    }

    fn local(&self, name: &str) -> Ty {
        self.info
            .locals
            .get(&self.binding(name))
            .cloned()
            .unwrap_or(Ty::Unknown)
    }

    fn res(&self, text: &str) -> Option<Res> {
        self.info.res(self.expr(text)).cloned()
    }
}

fn visit_module(
    m: &aurora_grammar::ast::Module,
    fe: &mut dyn FnMut(&Expr),
    fp: &mut dyn FnMut(&Pattern),
) {
    for item in &m.items {
        match &item.kind {
            ItemKind::Fn(f) => visit_block(&f.body, fe, fp),
            ItemKind::Impl(i) => i.methods.iter().for_each(|f| visit_block(&f.body, fe, fp)),
            ItemKind::Test(t) => visit_block(&t.body, fe, fp),
            ItemKind::Const(c) => visit_expr(&c.value, fe, fp),
            _ => {}
        }
    }
}

fn visit_block(b: &Block, fe: &mut dyn FnMut(&Expr), fp: &mut dyn FnMut(&Pattern)) {
    for s in &b.stmts {
        match &s.kind {
            StmtKind::Let { pat, init, .. } => {
                visit_expr(init, fe, fp);
                visit_pat(pat, fp);
            }
            StmtKind::Assign { target, value, .. } => {
                visit_expr(target, fe, fp);
                visit_expr(value, fe, fp);
            }
            StmtKind::Expr { expr, .. } => visit_expr(expr, fe, fp),
        }
    }
}

fn visit_pat(p: &Pattern, fp: &mut dyn FnMut(&Pattern)) {
    fp(p);
    match &p.kind {
        PatternKind::Range { lo, hi, .. } => {
            visit_pat(lo, fp);
            visit_pat(hi, fp);
        }
        PatternKind::Tuple(ps) | PatternKind::Or(ps) => ps.iter().for_each(|p| visit_pat(p, fp)),
        PatternKind::Variant { args: Some(ps), .. } => ps.iter().for_each(|p| visit_pat(p, fp)),
        PatternKind::Struct { fields, .. } => fields
            .iter()
            .filter_map(|f| f.pat.as_ref())
            .for_each(|p| visit_pat(p, fp)),
        _ => {}
    }
}

fn visit_cond(c: &Cond, fe: &mut dyn FnMut(&Expr), fp: &mut dyn FnMut(&Pattern)) {
    match c {
        Cond::Expr(e) => visit_expr(e, fe, fp),
        Cond::Let { pat, expr } => {
            visit_expr(expr, fe, fp);
            visit_pat(pat, fp);
        }
    }
}

fn visit_expr(e: &Expr, fe: &mut dyn FnMut(&Expr), fp: &mut dyn FnMut(&Pattern)) {
    fe(e);
    match &e.kind {
        ExprKind::Lit(aurora_grammar::ast::Lit::Str(parts)) => {
            for p in parts {
                if let StrPart::Interp { expr, .. } = p {
                    visit_expr(expr, fe, fp);
                }
            }
        }
        ExprKind::Tuple(es) | ExprKind::List(es) => es.iter().for_each(|x| visit_expr(x, fe, fp)),
        ExprKind::ListRepeat { value, count } => {
            visit_expr(value, fe, fp);
            visit_expr(count, fe, fp);
        }
        ExprKind::Map(ps) => ps.iter().for_each(|(k, v)| {
            visit_expr(k, fe, fp);
            visit_expr(v, fe, fp);
        }),
        ExprKind::StructLit { fields, .. } => fields
            .iter()
            .filter_map(|f| f.value.as_ref())
            .for_each(|x| visit_expr(x, fe, fp)),
        ExprKind::Paren(x) | ExprKind::Try(x) => visit_expr(x, fe, fp),
        ExprKind::Field { base, .. } => visit_expr(base, fe, fp),
        ExprKind::Call { callee, args, .. } => {
            visit_expr(callee, fe, fp);
            args.iter().for_each(|a| visit_expr(&a.value, fe, fp));
        }
        ExprKind::MethodCall { receiver, args, .. } => {
            visit_expr(receiver, fe, fp);
            args.iter().for_each(|a| visit_expr(&a.value, fe, fp));
        }
        ExprKind::Index { base, index } => {
            visit_expr(base, fe, fp);
            visit_expr(index, fe, fp);
        }
        ExprKind::Unary { expr, .. } | ExprKind::Cast { expr, .. } => visit_expr(expr, fe, fp),
        ExprKind::Binary { lhs, rhs, .. } => {
            visit_expr(lhs, fe, fp);
            visit_expr(rhs, fe, fp);
        }
        ExprKind::Range { start, end, .. } => {
            start
                .iter()
                .chain(end.iter())
                .for_each(|x| visit_expr(x, fe, fp));
        }
        ExprKind::Closure { body, .. } => visit_expr(body, fe, fp),
        ExprKind::Block(b) | ExprKind::Loop { body: b } => visit_block(b, fe, fp),
        ExprKind::If { cond, then, else_ } => {
            visit_cond(cond, fe, fp);
            visit_block(then, fe, fp);
            if let Some(x) = else_ {
                visit_expr(x, fe, fp);
            }
        }
        ExprKind::While { cond, body } => {
            visit_cond(cond, fe, fp);
            visit_block(body, fe, fp);
        }
        ExprKind::For { pat, iter, body } => {
            visit_expr(iter, fe, fp);
            visit_pat(pat, fp);
            visit_block(body, fe, fp);
        }
        ExprKind::Match { scrutinee, arms } => {
            visit_expr(scrutinee, fe, fp);
            for a in arms {
                visit_pat(&a.pat, fp);
                if let Some(g) = &a.guard {
                    visit_expr(g, fe, fp);
                }
                visit_expr(&a.body, fe, fp);
            }
        }
        ExprKind::Break(Some(x)) | ExprKind::Return(Some(x)) => visit_expr(x, fe, fp),
        ExprKind::Scope(b) => visit_block(b, fe, fp),
        ExprKind::TimedScope { timeout, body } => {
            visit_expr(timeout, fe, fp);
            visit_block(body, fe, fp)
        }
        ExprKind::Guard { target, body, .. } => {
            visit_expr(target, fe, fp);
            visit_block(body, fe, fp)
        }
        ExprKind::Spawn(x) | ExprKind::Join(x) => visit_expr(x, fe, fp),
        _ => {}
    }
}

fn list(t: Ty) -> Ty {
    Ty::List(Box::new(t))
}

fn opt(t: Ty) -> Ty {
    Ty::Option(Box::new(t))
}

fn reff(t: Ty) -> Ty {
    Ty::Ref(Box::new(t))
}

fn adt(name: &str) -> Ty {
    Ty::Adt {
        module: "test".into(),
        name: name.into(),
        args: vec![],
    }
}

// ---------------------------------------------------------------- the golden programs

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../golden")
}

#[test]
fn every_golden_program_checks_clean() {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(golden_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "aur"))
        .collect();
    paths.push(golden_dir().join("modules/main.aur"));
    paths.sort();
    assert!(paths.len() > 20);
    for p in paths {
        let (sources, program, mut errors) = aurora_transpile::load::load_path(&p);
        let _ = check::check(&sources, &program, &mut errors);
        assert!(
            errors.is_empty(),
            "{}:\n{}",
            p.display(),
            aurora_grammar::diagnostic::render_all(&sources, &errors, false)
        );
    }
}

#[test]
fn every_bad_golden_program_is_rejected() {
    for entry in std::fs::read_dir(golden_dir().join("errors")).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_none_or(|e| e != "aur") {
            continue;
        }
        let (sources, program, mut errors) = aurora_transpile::load::load_path(&p);
        let _ = check::check(&sources, &program, &mut errors);
        assert!(errors.has_errors(), "{} was accepted", p.display());
    }
}

// ---------------------------------------------------------------- resolution

#[test]
fn undefined_name_suggests_the_nearest() {
    let c = check_src("fn main() {\n    let count = 1\n    print(cout)\n}\n");
    let d = c.one_error(3, "cannot find `cout`");
    assert_eq!(d.help.as_deref(), Some("did you mean `count`?"));
    assert!(
        c.warnings().is_empty(),
        "the misspelt variable counts as used:\n{}",
        c.render()
    );
}

#[test]
fn undefined_type_and_foreign_type_names() {
    let c = check_src("struct Point { x: float }\nfn f(p: Piont) {}\nfn g(s: String) {}\n");
    assert!(c.has_error(2, "cannot find type `Piont`"));
    assert!(c.has_error(3, "cannot find type `String`"));
    let helps: Vec<_> = c.errors().iter().filter_map(|d| d.help.clone()).collect();
    assert!(helps.contains(&"did you mean `Point`?".to_string()));
    assert!(helps.contains(&"Aurora's string type is `str`".to_string()));
}

#[test]
fn duplicates_point_at_the_first_definition() {
    let c = check_src("fn f() {}\nstruct S { a: int, a: int }\nfn f() {}\nenum E { A, A }\nfn g(x: int, x: int) {}\n");
    assert!(c.has_error(2, "field `a` is declared twice"));
    assert!(c.has_error(3, "the function `f` is defined twice"));
    assert!(c.has_error(4, "variant `A` is declared twice"));
    assert!(c.has_error(5, "parameter `x` is declared twice"));
    let dup = c
        .errors()
        .into_iter()
        .find(|d| d.message.contains("`f` is defined twice"))
        .unwrap();
    assert_eq!(dup.secondary[0].message, "first defined here");
    assert_eq!(c.line(dup.secondary[0].span), 1);
}

#[test]
fn names_resolve_to_locals_fns_consts_types_and_builtins() {
    let c = check_src(
        "const LIMIT: int = 10\nstruct Point { x: int, y: int }\nfn helper(n: int) -> int { n }\nfn main() {\n    let v = helper(LIMIT)\n    print(v)\n}\n",
    );
    c.assert_clean();
    assert_eq!(
        c.res("helper"),
        Some(Res::Fn {
            module: "test".into(),
            name: "helper".into()
        })
    );
    assert_eq!(
        c.res("LIMIT"),
        Some(Res::Const {
            module: "test".into(),
            name: "LIMIT".into()
        })
    );
    assert_eq!(c.res("print"), Some(Res::Builtin("print".into())));
    assert_eq!(c.res("v"), Some(Res::Local(c.binding("v"))));
    assert_eq!(c.res("n"), Some(Res::Local(c.binding("n"))));
    assert_eq!(c.ty("helper(LIMIT)"), Ty::Int);
}

#[test]
fn paths_resolve_variants_and_associated_functions() {
    let c = check_src(
        "enum Shape { Circle(float), Empty }\nstruct Point { x: float }\nimpl Point {\n    fn new(x: float) -> Point { Point { x } }\n    fn get(ref self) -> float { self.x }\n}\nfn main() {\n    let s = Shape.Circle(1.0)\n    let e = Shape.Empty\n    let p = Point.new(2.0)\n    print(p.get())\n    match s {\n        Shape.Circle(r) => print(r)\n        Shape.Empty => print(0)\n    }\n    print(e)\n}\n",
    );
    c.assert_clean();
    let circle = Res::Variant {
        module: "test".into(),
        enum_name: "Shape".into(),
        variant: "Circle".into(),
    };
    let empty = Res::Variant {
        module: "test".into(),
        enum_name: "Shape".into(),
        variant: "Empty".into(),
    };
    let new = Res::Method {
        module: "test".into(),
        type_name: "Point".into(),
        method: "new".into(),
    };
    let get = Res::Method {
        module: "test".into(),
        type_name: "Point".into(),
        method: "get".into(),
    };
    // `Shape.Circle(1.0)` and `Point.new(2.0)` may parse as a call of a field path or as a
    // method call on a type; either way some node of the call carries the resolution.
    let call_res = |text: &str, callee: &str| -> Option<Res> {
        let id = c.expr(text);
        c.info.res(id).cloned().or_else(|| c.res(callee))
    };
    assert_eq!(
        call_res("Shape.Circle(1.0)", "Shape.Circle"),
        Some(circle.clone())
    );
    assert_eq!(call_res("Point.new(2.0)", "Point.new"), Some(new));
    assert_eq!(c.res("Shape.Empty"), Some(empty));
    assert_eq!(c.res("p.get()"), Some(get));
    assert_eq!(c.ty("Shape.Circle(1.0)"), adt("Shape"));
    assert_eq!(c.ty("Point.new(2.0)"), adt("Point"));
    assert_eq!(c.ty("p.get()"), Ty::Float);
    assert_eq!(c.local("r"), Ty::Float);
    assert_eq!(
        c.res("Point { x }"),
        Some(Res::Type {
            module: "test".into(),
            name: "Point".into()
        })
    );
    assert_eq!(c.res("self"), Some(Res::SelfValue));
    assert_eq!(c.ty("self.x"), Ty::Float);
    // The pattern `Shape.Circle(r)` resolves on the pattern's id.
    let mut pat_res = None;
    visit_module(&c.program.modules[0], &mut |_| {}, &mut |p: &Pattern| {
        if matches!(&p.kind, PatternKind::Variant { path, .. } if path.len() == 2 && path[1].name == "Circle")
        {
            pat_res = c.info.res(p.id).cloned();
        }
    });
    assert_eq!(pat_res, Some(circle));
}

#[test]
fn unknown_variant_and_associated_function() {
    let c = check_src("enum Shape { Circle(float) }\nfn main() {\n    let s = Shape.Circel(1.0)\n    print(s)\n}\n");
    let d = c.one_error(
        3,
        "no variant or associated function named `Circel` in `Shape`",
    );
    assert_eq!(d.help.as_deref(), Some("did you mean `Shape.Circle`?"));
}

#[test]
fn modules_and_visibility() {
    let dir = std::env::temp_dir().join(format!("aurora-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("geo.aur"),
        "pub struct Point { x: float }\npub fn area(p: ref Point) -> float { p.x }\nfn secret() -> int { 1 }\npub const K: int = 3\n",
    )
    .unwrap();
    let c = check_file(
        &dir.join("main.aur"),
        "use geo.{Point}\nfn main() {\n    let p = Point { x: 1.0 }\n    print(geo.area(ref p))\n    print(geo.K)\n    print(geo.secret())\n}\n",
    );
    let d = c.one_error(6, "`secret` is private to module `geo`");
    assert!(d.help.as_deref().unwrap().contains("mark it `pub`"));
    assert_eq!(c.res("geo"), Some(Res::Module("geo".into())));
    assert_eq!(c.ty("geo.area(ref p)"), Ty::Float);
    assert_eq!(c.ty("geo.K"), Ty::Int);
    assert_eq!(
        c.ty("p"),
        Ty::Adt {
            module: "geo".into(),
            name: "Point".into(),
            args: vec![]
        }
    );
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------- calls

#[test]
fn wrong_argument_counts() {
    let c = check_src(
        "enum E { A(int) }\nfn add(a: int, b: int) -> int { a + b }\nfn main() {\n    print(add(1, 2, 3))\n    let e = E.A(1, 2)\n    print(1, 2)\n    let xs = [1]\n    print(xs.len(1))\n    print(e)\n}\n",
    );
    assert!(c.has_error(4, "`add` takes 2 arguments but 3 were given"));
    assert!(c.has_error(5, "`E.A` takes 1 field but 2 were given"));
    assert!(c.has_error(6, "`print` takes 1 argument but 2 were given"));
    assert!(c.has_error(8, "`len` takes 0 arguments but 1 was given"));
    assert_eq!(c.errors().len(), 4, "{}", c.render());
    let d = c
        .errors()
        .into_iter()
        .find(|d| d.message.contains("`add`"))
        .unwrap();
    assert_eq!(d.secondary[0].message, "`add` defined here");
}

#[test]
fn borrow_modes_at_call_sites() {
    let c = check_src(
        "fn total(xs: ref [int]) -> int { xs.len() }\nfn grow(xs: mut [int]) { xs.push(1) }\nfn take(xs: [int]) -> int { xs.len() }\nfn main() {\n    var v = [1, 2]\n    print(total(v))\n    grow(v)\n    print(take(ref v))\n    grow(mut v)\n}\n",
    );
    let d = c
        .errors()
        .into_iter()
        .find(|d| c.line(d.primary.span) == 6)
        .unwrap();
    assert_eq!(
        d.message,
        "`total` takes `xs` by `ref`: the call must say so"
    );
    assert_eq!(d.help.as_deref(), Some("write `total(ref v)`"));
    assert!(c.has_error(7, "`grow` takes `xs` as `mut`"));
    assert!(c.has_error(8, "`take` takes `xs` by value, not by `ref`"));
    assert_eq!(c.errors().len(), 3, "{}", c.render());
    assert!(
        c.info.mutated.contains(&c.binding("v")),
        "`mut v` marks `v` mutated"
    );
}

#[test]
fn named_arguments_must_match_the_parameter() {
    let c = check_src("fn make(count: int, size: int) -> int { count * size }\nfn main() {\n    print(make(count: 1, size: 2))\n    print(make(size: 1, count: 2))\n}\n");
    assert!(c.has_error(4, "`make` has no parameter named `size` in this position"));
    assert_eq!(c.errors().len(), 2, "{}", c.render());
}

#[test]
fn generic_calls_substitute_type_arguments() {
    let c = check_src(
        "fn first[T: Clone](xs: ref [T]) -> T { xs[0].clone() }\nstruct Pair[A, B] { a: A, b: B }\nfn main() {\n    let xs = [\"a\", \"b\"]\n    let f = first(ref xs)\n    let p = Pair { a: 1, b: \"x\" }\n    print(f)\n    print(p.b)\n}\n",
    );
    c.assert_clean();
    assert_eq!(c.local("f"), Ty::Str);
    assert_eq!(
        c.local("p"),
        Ty::Adt {
            module: "test".into(),
            name: "Pair".into(),
            args: vec![Ty::Int, Ty::Str]
        }
    );
    assert_eq!(c.ty("p.b"), Ty::Str);
}

#[test]
fn bad_bounds_and_builtin_names() {
    let c = check_src("fn f[T: Ordd](x: T) {}\nfn print() {}\nstruct Vec { x: int }\nfn main(n: int) {}\nconst ok: int = 1\n");
    assert!(c.has_error(1, "unknown bound `Ordd`"));
    assert!(c.has_error(2, "a function cannot be named `print`: it is a built-in"));
    assert!(c.has_error(5, "a constant cannot be named `ok`: it is a built-in"));
    assert!(c.has_error(3, "a struct cannot be named `Vec`"));
    assert!(c.has_error(4, "`main` takes no parameters"));
}

#[test]
fn function_types_only_on_parameters_and_returns() {
    let c = check_src(
        "fn apply(f: fn(int) -> int, x: int) -> int { f(x) }\nfn maker() -> fn(int) -> int { |x| x + 1 }\nstruct S { f: fn(int) -> int }\nfn main() {\n    print(apply(|x| x * 2, 3))\n}\n",
    );
    c.one_error(
        3,
        "function types are only allowed as parameter and return types",
    );
    assert_eq!(c.local("x"), Ty::Int);
    assert_eq!(c.ty("apply(|x| x * 2, 3)"), Ty::Int);
}

// ---------------------------------------------------------------- control flow

#[test]
fn break_continue_return_placement() {
    let c = check_src(
        "const C: int = return 1\nfn main() {\n    break\n    while true {\n        break 5\n    }\n    let v = loop {\n        break 7\n    }\n    continue\n    print(v)\n}\ntest \"early\" {\n    return\n}\n",
    );
    assert!(c.has_error(1, "`return` outside of a function"));
    assert!(c.has_error(3, "`break` outside of a loop"));
    assert!(c.has_error(5, "`break` with a value is only allowed inside `loop`"));
    assert!(c.has_error(10, "`continue` outside of a loop"));
    assert!(c.has_error(1, "a constant's value must be computable at compile time"));
    assert_eq!(c.errors().len(), 5, "{}", c.render());
    assert_eq!(c.local("v"), Ty::Int);
}

#[test]
fn conditions_must_be_bool() {
    let c = check_src("fn main() {\n    if 1 {\n        print(1)\n    }\n    while \"s\" {}\n}\n");
    assert!(c.has_error(2, "expected `bool`, found `int`"));
    assert!(c.has_error(5, "expected `bool`, found `str`"));
}

#[test]
fn certain_operand_mismatches() {
    let c = check_src(
        "fn f(n: int, x: float) {\n    let s = \"a\" + 1\n    let y = n + x\n    let z = x * 2\n    let ok = 1 + 2\n    print(\"{s}{y}{z}{ok}\")\n}\n",
    );
    assert!(c.has_error(2, "cannot add `int` to `str`"));
    assert!(c.has_error(3, "mismatched types: `int` and `float`"));
    let d = c
        .errors()
        .into_iter()
        .find(|d| c.line(d.primary.span) == 4)
        .unwrap();
    assert_eq!(d.message, "expected `float`, found an integer literal");
    assert_eq!(d.help.as_deref(), Some("write a float literal: `2.0`"));
    assert_eq!(c.errors().len(), 3, "{}", c.render());
}

// ---------------------------------------------------------------- mutation

#[test]
fn assignment_to_let_and_through_it() {
    let c = check_src(
        "struct P { x: int }\nfn main() {\n    let count = 0\n    count = 1\n    let p = P { x: 1 }\n    p.x = 2\n    let xs = [1]\n    xs.push(2)\n    print(count + p.x + xs.len())\n}\n",
    );
    let d = c
        .errors()
        .into_iter()
        .find(|d| c.line(d.primary.span) == 4)
        .unwrap();
    assert_eq!(
        d.message,
        "cannot assign to `count`, an immutable `let` binding"
    );
    assert_eq!(d.help.as_deref(), Some("declare it with `var count`"));
    assert!(c.has_error(6, "cannot assign to `p.x` through `p`"));
    assert!(c.has_error(8, "cannot call `push` on `xs`, which modifies it"));
    assert_eq!(c.errors().len(), 3, "{}", c.render());
}

#[test]
fn mut_borrow_of_let_and_parameters() {
    let c = check_src(
        "fn grow(xs: mut [int]) { xs.push(4) }\nfn read(xs: ref [int]) { xs.push(1) }\nfn owned(n: int) { n = 2 }\nfn main() {\n    let xs = [1]\n    grow(mut xs)\n}\n",
    );
    assert!(c.has_error(2, "`xs` is a `ref` parameter"));
    assert!(c.has_error(3, "cannot assign to `n`"));
    assert!(c.has_error(6, "cannot borrow `xs` as `mut`: it is a `let` binding"));
    assert_eq!(c.errors().len(), 3, "{}", c.render());
}

#[test]
fn self_modes_limit_mutation() {
    let c = check_src(
        "struct C { n: int }\nimpl C {\n    fn bump(mut self) { self.n += 1 }\n    fn peek(ref self) -> int { self.n = 0; self.n }\n}\nfn main() {\n    let c = C { n: 0 }\n    c.bump()\n    var d = C { n: 0 }\n    d.bump()\n    print(c.peek() + d.peek())\n}\n",
    );
    assert!(c.has_error(4, "this method takes `ref self`"));
    assert!(c.has_error(8, "cannot call `bump` on `c`"));
    assert_eq!(c.errors().len(), 2, "{}", c.render());
    assert!(c.info.mutated.contains(&c.binding("d")));
}

#[test]
fn assigning_to_a_non_place() {
    let c = check_src("fn f() -> int { 1 }\nfn main() {\n    f() = 2\n}\n");
    c.one_error(3, "cannot assign to this expression");
}

#[test]
fn mutated_and_unused_bindings() {
    let c = check_src(
        "fn main() {\n    var total = 0\n    var never = 1\n    let unused = 2\n    let _quiet = 3\n    var m = Map()\n    m.insert(\"a\", 1)\n    for i in 0..3 {\n        total += i\n    }\n    print(total + never + m.len())\n}\n",
    );
    assert!(c.errors().is_empty(), "{}", c.render());
    let warnings: Vec<(usize, String)> = c
        .warnings()
        .iter()
        .map(|d| (c.line(d.primary.span), d.message.clone()))
        .collect();
    assert_eq!(
        warnings,
        vec![
            (
                3,
                "variable `never` is declared with `var` but never modified".to_string()
            ),
            (4, "unused variable `unused`".to_string()),
        ]
    );
    assert!(c.info.mutated.contains(&c.binding("total")));
    assert!(c.info.mutated.contains(&c.binding("m")));
    assert!(!c.info.mutated.contains(&c.binding("never")));
}

// ---------------------------------------------------------------- structs and fields

#[test]
fn struct_literals_and_field_access() {
    let c = check_src(
        "struct Point { x: float, y: float }\nfn main() {\n    let p = Point { x: 1.0, z: 2.0 }\n    let q = Point { x: 1.0 }\n    print(p.w)\n    print(q.x)\n}\n",
    );
    assert!(c.has_error(3, "no field `z` on `Point`"));
    assert!(c.has_error(3, "missing field `y` in the struct literal of `Point`"));
    assert!(c.has_error(4, "missing field `y`"));
    assert!(c.has_error(5, "no field `w` on `Point`"));
    assert_eq!(c.ty("q.x"), Ty::Float);
}

#[test]
fn patterns_check_variants_and_fields() {
    let c = check_src(
        "enum Shape { Circle(float), Rect { w: float, h: float }, Empty }\nfn area(s: ref Shape) -> float {\n    match s {\n        Shape.Circle(r, extra) => r\n        Shape.Rect { w } => w\n        Shape.Square => 0.0\n        Shape.Empty => 0.0\n    }\n}\n",
    );
    assert!(c.has_error(
        4,
        "this pattern has 2 fields, but the variant `Shape.Circle` has 1"
    ));
    assert!(c.has_error(5, "pattern does not mention field `h`"));
    assert!(c.has_error(6, "no variant named `Square` in `Shape`"));
}

#[test]
fn shorthand_field_patterns_get_synthesized_bindings() {
    let c = check_src(
        "enum Shape { Rect { w: float, h: float } }\nfn area(s: ref Shape) -> float {\n    match s {\n        Shape.Rect { w, h } => w * h\n    }\n}\n",
    );
    c.assert_clean();
    let Some(Res::Local(id)) = c.res("w") else {
        panic!("w is not a local: {:?}", c.res("w"))
    };
    assert!(
        id.0 > u32::MAX / 2,
        "synthesized ids count down from u32::MAX"
    );
    assert_eq!(c.info.locals.get(&id), Some(&Ty::Float));
    assert_eq!(c.ty("w * h"), Ty::Float);
}

// ---------------------------------------------------------------- literals and inference

#[test]
fn integer_literals_take_their_context_and_must_fit() {
    let c = check_src(
        "fn main() {\n    let b: u8 = 200\n    let big: u8 = 300\n    let neg: i8 = -128\n    let huge = 9_223_372_036_854_775_808\n    let xs: [u16] = [1, 2]\n    print(b + big + 1)\n    print(neg)\n    print(huge)\n    print(xs)\n}\n",
    );
    assert!(c.has_error(3, "`300` does not fit in `u8`"));
    assert!(c.has_error(5, "`9_223_372_036_854_775_808` does not fit in `int`"));
    assert_eq!(c.errors().len(), 2, "{}", c.render());
    assert_eq!(c.ty("200"), Ty::Sized("u8"));
    assert_eq!(c.ty("-128"), Ty::Sized("i8"));
    assert_eq!(c.ty("1"), Ty::Sized("u16"));
    assert_eq!(c.ty("b + big + 1"), Ty::Sized("u8"));
    let one = c.expr("b + big + 1");
    let _ = one;
}

#[test]
fn literal_on_the_left_takes_the_right_operand_type() {
    let c = check_src("fn f(x: u32) -> u32 {\n    2 * x\n}\n");
    c.assert_clean();
    assert_eq!(c.ty("2"), Ty::Sized("u32"));
}

#[test]
fn builtin_method_types() {
    let c = check_src(
        "fn main() {\n    let s = \"a b\"\n    let words = s.split(\" \")\n    let n = s.len()\n    let up = s.to_upper()\n    let chars = s.chars()\n    let num = s.parse_int()\n    var xs = [1, 2]\n    let first = xs.first()\n    let popped = xs.pop()\n    var m: Map[str, [int]] = [:]\n    let got = m.get(\"k\")\n    m.insert(\"k\", [1])\n    let has = s.contains(\"a\")\n    let doubled = xs.map(|x| x * 2)\n    print(\"{words} {n} {up} {chars} {num} {first} {popped} {got} {has} {doubled}\")\n}\n",
    );
    c.assert_clean();
    assert_eq!(c.local("words"), list(Ty::Str));
    assert_eq!(c.local("n"), Ty::Int);
    assert_eq!(c.local("up"), Ty::Str);
    assert_eq!(c.local("chars"), list(Ty::Char));
    assert_eq!(c.local("num"), opt(Ty::Int));
    assert_eq!(c.local("first"), opt(Ty::Int));
    assert_eq!(c.local("popped"), opt(Ty::Int));
    assert_eq!(c.local("got"), opt(reff(list(Ty::Int))));
    assert_eq!(c.local("has"), Ty::Bool);
    assert_eq!(c.local("x"), Ty::Int);
    assert_eq!(c.local("doubled"), list(Ty::Int));
}

#[test]
fn for_loop_variable_types() {
    let c = check_src(
        "fn main() {\n    let nums = [1, 2]\n    let names = [\"a\"]\n    let ages = [\"a\": 1]\n    for n in nums { print(n) }\n    for name in names { print(name) }\n    for (k, v) in ages { print(\"{k}{v}\") }\n    for i in 0..10 { print(i) }\n    for w in \"a b\".split(\" \") { print(w) }\n}\n",
    );
    c.assert_clean();
    assert_eq!(c.local("n"), Ty::Int);
    assert_eq!(c.local("name"), reff(Ty::Str));
    assert_eq!(c.local("k"), reff(Ty::Str));
    assert_eq!(c.local("v"), Ty::Int);
    assert_eq!(c.local("i"), Ty::Int);
    assert_eq!(c.local("w"), Ty::Str);
}

#[test]
fn parameters_options_results_and_collections() {
    let c = check_src(
        "fn f(a: ref str, b: mut [int], c: int?) -> Result[int, str] {\n    let s: Set[int] = Set()\n    let m: Map[str, int] = Map()\n    let none_yet: int? = none\n    let r = ok(1)\n    let e: Result[int, str] = err(\"bad\")\n    let t = (1, \"x\")\n    let second = t.1\n    let idx = b[0]\n    let range = 1..5\n    let casted = 3 as u8\n    let picked = if true { 1 } else { 2 }\n    print(\"{a}{c}{s}{m}{none_yet}{r}{e}{second}{idx}{range}{casted}{picked}\")\n    ok(1)\n}\n",
    );
    c.assert_clean();
    assert_eq!(c.local("a"), reff(Ty::Str));
    assert_eq!(c.local("b"), Ty::Mut(Box::new(list(Ty::Int))));
    assert_eq!(c.local("c"), opt(Ty::Int));
    assert_eq!(c.ty("Set()"), Ty::Set(Box::new(Ty::Int)));
    assert_eq!(c.ty("Map()"), Ty::Map(Box::new(Ty::Str), Box::new(Ty::Int)));
    assert_eq!(c.ty("none"), opt(Ty::Int));
    assert_eq!(c.local("second"), Ty::Str);
    assert_eq!(c.local("idx"), Ty::Int);
    assert_eq!(c.local("range"), Ty::Range(Box::new(Ty::Int)));
    assert_eq!(c.local("casted"), Ty::Sized("u8"));
    assert_eq!(c.local("picked"), Ty::Int);
    assert_eq!(
        c.ty("err(\"bad\")"),
        Ty::Result(Box::new(Ty::Int), Box::new(Ty::Str))
    );
}

#[test]
fn try_needs_an_option_or_result_function() {
    let c = check_src("fn f(s: str) -> int {\n    s.parse_int()?\n}\nfn g(s: str) -> int? {\n    let n = s.parse_int()?\n    some(n)\n}\n");
    c.one_error(
        2,
        "`?` can only be used in a function that returns `Result` or `T?`",
    );
    assert_eq!(c.local("n"), Ty::Int);
}

#[test]
fn never_panics_on_odd_programs() {
    // Unresolvable everything: the checker reports and keeps going.
    let c = check_src(
        "impl Nope { fn f(self) { self.x = y } }\nfn main() {\n    let a = b.c.d(e)[f]\n    let (x, y) = 1\n    match q { Foo.Bar(z) => z, some(1, 2) => 0 }\n    print(Self { a })\n}\n",
    );
    assert!(c.errors.has_errors());
}

/// Every golden program with lines dropped, duplicated or cut short: whatever parses must check
/// without panicking.
#[test]
fn never_panics_on_mangled_golden_programs() {
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(golden_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "aur"))
        .collect();
    paths.sort();
    for p in paths {
        let text = std::fs::read_to_string(&p).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for _ in 0..40 {
            let mut out: Vec<String> = Vec::new();
            for l in &lines {
                match next() % 10 {
                    0 => {}
                    1 => {
                        out.push(l.to_string());
                        out.push(l.to_string());
                    }
                    2 => out.push(l.chars().take(l.len() / 2).collect()),
                    3 => out.push(
                        l.replace("let ", "var ")
                            .replace("ref ", "")
                            .replace("mut ", ""),
                    ),
                    4 => {
                        // Splice a token into the line at a char boundary.
                        const TOKENS: &[&str] = &[
                            "(", ")", ".", "ref ", "[", "]", "|", "?", " as u8", ".0", "{", "}",
                            " = ", "self.", "Self.", "-", "none", "some(",
                        ];
                        let tok = TOKENS[(next() % TOKENS.len() as u64) as usize];
                        let at = (next() % (l.chars().count() as u64 + 1)) as usize;
                        let cut = l.char_indices().map(|(i, _)| i).nth(at).unwrap_or(l.len());
                        out.push(format!("{}{tok}{}", &l[..cut], &l[cut..]));
                    }
                    _ => out.push(l.to_string()),
                }
            }
            let src = out.join("\n");
            let (sources, program, mut errors) = aurora_transpile::load::load_str(&p, &src);
            let _ = check::check(&sources, &program, &mut errors);
        }
    }
}

#[test]
fn unknown_methods_on_a_var_count_as_mutation() {
    let c = check_src(
        "fn main() {\n    var xs = [3, 1]\n    xs.sort_unstable()\n    var ys = [1]\n    let n = ys.len()\n    print(\"{xs} {ys} {n}\")\n}\n",
    );
    assert!(c.errors().is_empty(), "{}", c.render());
    assert!(
        c.info.mutated.contains(&c.binding("xs")),
        "an unknown method may modify its receiver"
    );
    assert!(!c.info.mutated.contains(&c.binding("ys")));
    assert_eq!(c.warnings().len(), 1, "{}", c.render());
}

#[test]
fn program_structure_rules() {
    let dir = std::env::temp_dir().join(format!("aurora-check-main-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("lib.aur"),
        "pub struct P { x: int }\nfn main() {}\n",
    )
    .unwrap();
    let c = check_file(
        &dir.join("main.aur"),
        "use lib.{P}\nimpl P {\n    fn get(ref self) -> int { self.x }\n}\nconst XS: [int] = [1, 2]\nconst N: int = 2 * 3 + 1\ntest \"a\" {}\ntest \"a\" {}\nfn main() -> int { 1 }\n",
    );
    assert!(c.has_error(2, "methods of `P` must be defined in its own module"));
    assert!(c.has_error(5, "a constant's value must be computable at compile time"));
    assert!(c.has_error(8, "test \"a\" is defined more than once"));
    assert!(c.has_error(9, "`main` must return `()` or `Result[(), E]`"));
    assert!(c
        .errors()
        .iter()
        .any(|d| d.message == "only the root file may define `main`"));
    assert_eq!(c.errors().len(), 5, "{}", c.render());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn refutable_patterns_casts_and_str_indexing() {
    let c = check_src(
        "enum One { Only(int) }\nfn f(o: int?, w: One, s: str) {\n    let some(x) = o\n    let One.Only(n) = w\n    let c = s[0]\n    let v = s as int\n    let k = 'a' as int\n    let b = 65 as u8 as char\n    for (i, 1) in [(1, 2)] {}\n    print(\"{x}{n}{c}{v}{k}{b}\")\n}\n",
    );
    assert!(c.has_error(
        3,
        "this pattern may not match, so it cannot be used in `let`"
    ));
    assert!(c.has_error(5, "cannot index a `str` by position"));
    assert!(c.has_error(6, "cannot convert `str` to `int` with `as`"));
    assert!(c.has_error(9, "cannot be used in `for`"));
    assert_eq!(c.errors().len(), 4, "{}", c.render());
    assert_eq!(c.local("k"), Ty::Int);
    assert_eq!(c.local("b"), Ty::Char);
}

#[test]
fn try_in_main_suggests_a_result() {
    let c = check_src("fn main() {\n    let t = read_file(\"x\")?\n    print(t)\n}\n");
    let d = c.one_error(
        2,
        "`?` can only be used in a function that returns `Result` or `T?`",
    );
    assert!(d
        .help
        .as_deref()
        .unwrap()
        .contains("return `Result[(), str]` from `main`"));
}

#[test]
fn generic_impl_methods_take_the_receivers_type_arguments() {
    let c = check_src(
        "struct Stack[T] { items: [T] }\nimpl[T] Stack[T] {\n    fn new() -> Stack[T] { Stack { items: [] } }\n    fn push(mut self, x: T) { self.items.push(x) }\n    fn pop(mut self) -> T? { self.items.pop() }\n}\nfn main() {\n    var s: Stack[int] = Stack.new()\n    s.push(1)\n    while let some(v) = s.pop() {\n        print(v)\n    }\n    let e = Stack.new()\n    print(e.items.len())\n}\n",
    );
    c.assert_clean();
    let stack_int = Ty::Adt {
        module: "test".into(),
        name: "Stack".into(),
        args: vec![Ty::Int],
    };
    assert_eq!(c.local("s"), stack_int);
    assert_eq!(c.ty("Stack.new()"), stack_int, "the annotation fixes T");
    assert_eq!(c.ty("s.pop()"), opt(Ty::Int));
    assert_eq!(c.local("v"), Ty::Int);
    assert_eq!(c.ty("self.items"), list(Ty::Param("T".into())));
    assert!(c.info.mutated.contains(&c.binding("s")));
}

#[test]
fn closures_take_parameter_types_from_context() {
    let c = check_src(
        "fn apply(f: fn(int) -> int, x: int) -> int { f(x) }\nfn make_adder(n: int) -> fn(int) -> int {\n    |y| y + n\n}\nfn main() {\n    let names = [\"a\", \"bb\"]\n    let long = names.filter(|s| s.len() > 1)\n    let add = make_adder(2)\n    let inc = |z: int| z + 1\n    print(\"{long} {add(1)} {inc(2)} {apply(inc, 3)}\")\n}\n",
    );
    c.assert_clean();
    assert_eq!(c.local("y"), Ty::Int);
    assert_eq!(c.local("s"), reff(Ty::Str));
    assert_eq!(c.local("long"), list(Ty::Str));
    assert_eq!(c.local("inc"), Ty::Fn(vec![Ty::Int], Box::new(Ty::Int)));
    assert_eq!(c.ty("add(1)"), Ty::Int);
    assert_eq!(c.ty("inc(2)"), Ty::Int);
}

#[test]
fn variants_take_fields_by_value() {
    let c = check_src("enum E { A(str) }\nfn main() {\n    let s = \"x\"\n    let e = E.A(ref s)\n    print(e)\n}\n");
    let d = c.one_error(4, "`E.A` takes its fields by value, not by `ref`");
    assert_eq!(d.help.as_deref(), Some("write `s`"));
}

#[test]
fn branch_types_prefer_the_most_known() {
    let c = check_src(
        "fn f(n: int) {\n    let a = if n > 0 { none } else { some(n) }\n    let b = match n {\n        0 => none\n        _ => some(\"x\")\n    }\n    let c = [none, some(1.5)]\n    print(\"{a:?}{b:?}{c:?}\")\n}\n",
    );
    c.assert_clean();
    assert_eq!(c.local("a"), opt(Ty::Int));
    assert_eq!(c.local("b"), opt(Ty::Str));
    assert_eq!(c.local("c"), list(opt(Ty::Float)));
}

#[test]
fn types_may_not_take_builtin_type_names() {
    let c = check_src("struct int { x: int }\nenum bool { A }\nfn str() {}\n");
    assert!(c.has_error(1, "a struct cannot be named `int`: it is a built-in type"));
    assert!(c.has_error(2, "an enum cannot be named `bool`: it is a built-in type"));
    assert_eq!(
        c.errors().len(),
        2,
        "a function may be called `str`:\n{}",
        c.render()
    );
}

#[test]
fn bodies_must_end_with_the_declared_value() {
    let c = check_src(
        "fn a(x: int) -> int {\n    x + 1;\n}\nfn b(x: int) -> int {\n    let y = x\n}\nfn c(x: int) -> int {\n    if x > 0 { return 1 }\n    panic(\"no\")\n}\nfn d(x: int) -> int {\n    loop {\n        return x\n    }\n}\nfn e(x: int) -> int {\n    while x > 0 { return 1 }\n}\n",
    );
    let d = c
        .errors()
        .into_iter()
        .find(|d| c.line(d.primary.span) == 1)
        .unwrap();
    assert_eq!(
        d.message,
        "`a` returns `int` but its body ends without a value"
    );
    assert_eq!(
        d.help.as_deref(),
        Some("remove the `;` to return the value")
    );
    assert!(c.has_error(4, "`b` returns `int` but its body ends without a value"));
    assert!(c.has_error(16, "`e` returns `int`"));
    assert_eq!(c.errors().len(), 3, "{}", c.render());
}

#[test]
fn closures_must_match_the_function_type_they_are_passed_as() {
    let c = check_src("fn apply(f: fn(int) -> int, x: int) -> int { f(x) }\nfn main() {\n    print(apply(|a, b| a + b, 1))\n}\n");
    c.one_error(
        3,
        "this closure takes 2 parameters but `fn(int) -> int` takes 1",
    );
}

#[test]
fn literals_of_the_wrong_kind_for_a_scalar_context() {
    let c = check_src(
        "fn f(c: char, n: int, x: float) {\n    let s: str = 5\n    let b = c == \"a\"\n    let m = n == 2.5\n    let y = x - -1\n    let ok1 = c == 'a'\n    let ok2: [str] = [\"a\"]\n    let t = \"a\" + 1\n    print(\"{s}{b}{m}{y}{ok1}{ok2}{t}\")\n}\n",
    );
    assert!(c.has_error(2, "expected `str`, found an integer literal"));
    let d = c
        .errors()
        .into_iter()
        .find(|d| c.line(d.primary.span) == 3)
        .unwrap();
    assert_eq!(d.message, "expected `char`, found a string literal");
    assert_eq!(
        d.help.as_deref(),
        Some("a `char` is written in single quotes: 'a'")
    );
    assert!(c.has_error(4, "expected `int`, found a float literal"));
    let d = c
        .errors()
        .into_iter()
        .find(|d| c.line(d.primary.span) == 5)
        .unwrap();
    assert_eq!(d.help.as_deref(), Some("write a float literal: `-1.0`"));
    assert!(c.has_error(8, "cannot add `int` to `str`"));
    assert_eq!(c.errors().len(), 5, "{}", c.render());
}

/// A function that failed to parse is missing from the AST; its callers must not be reported
/// as using an undefined name on top of the syntax error.
#[test]
fn no_cannot_find_noise_after_a_syntax_error() {
    let src = "fn helper(x: int) -> int {\n    x +\n}\n\nfn main() {\n    print(helper(1))\n    print(undefined_too)\n}\n";
    let (sources, program, mut errors) = aurora_transpile::load::load_str(Path::new("t.aur"), src);
    assert!(errors.has_errors(), "the broken fn must be a syntax error");
    let syntax = errors.error_count();
    check::check(&sources, &program, &mut errors);
    let rendered = aurora_grammar::diagnostic::render_all(&sources, &errors, false);
    assert_eq!(errors.error_count(), syntax, "{rendered}");
    assert!(!rendered.contains("cannot find"), "{rendered}");
}

/// `ref` is spelled for places only: a temporary passed to a `ref` parameter borrows nothing
/// the caller could later be surprised by.
#[test]
fn temporaries_go_to_ref_parameters_without_ref() {
    let c = check_src(
        "fn greet(name: ref str) -> int { name.len() }\nfn total(xs: ref [int]) -> int { xs.len() }\nfn main() {\n    let who = \"Bo\"\n    print(greet(\"Ada\"))\n    print(total([1, 2]))\n    print(greet(ref who))\n    print(greet(who))\n}\n",
    );
    assert!(c.has_error(8, "`greet` takes `name` by `ref`: the call must say so"));
    assert_eq!(c.errors().len(), 1, "{}", c.render());
}

#[test]
fn self_outside_impl_is_an_error() {
    let c = check_src("fn area(ref self) -> int {\n    1\n}\n\nfn main() {\n    print(1)\n}\n");
    assert!(c.has_error(1, "a function outside `impl` cannot take `self`"));
    assert_eq!(c.errors().len(), 1, "{}", c.render());
}

// ---------------------------------------------------------------------------------------------
// Structured concurrency

#[test]
fn spawn_gives_a_task_and_join_its_value() {
    let c = check_src(
        "fn f(n: int) -> int {\n    n\n}\nfn main() {\n    let total = scope {\n        let a = spawn f(1)\n        let b = spawn { \"x\" }\n        let n = join a\n        let s = join b\n        print(s)\n        n\n    }\n    print(total)\n}\n",
    );
    assert!(c.errors().is_empty(), "{}", c.render());
    assert_eq!(c.local("a"), Ty::Task(Box::new(Ty::Int)));
    assert_eq!(c.local("b"), Ty::Task(Box::new(Ty::Str)));
    assert_eq!(c.local("n"), Ty::Int);
    assert_eq!(c.local("s"), Ty::Str);
    assert_eq!(c.local("total"), Ty::Int);
}

#[test]
fn spawn_outside_a_scope_says_how_to_fix_it() {
    let c = check_src("fn main() {\n    let h = spawn 1\n    print(join h)\n}\n");
    let d = c.one_error(2, "`spawn` outside of a `scope`");
    assert!(d
        .help
        .as_deref()
        .is_some_and(|h| h.contains("wrap it in `scope { }`")));
    // A scope in another function does not count; one around a closure does.
    let c = check_src(
        "fn g() -> int {\n    scope {\n        let f = || spawn 2\n        join f()\n    }\n}\nfn main() {\n    print(g())\n}\n",
    );
    assert!(c.errors().is_empty(), "{}", c.render());
}

#[test]
fn join_needs_a_task() {
    let c = check_src("fn main() {\n    let n = 3\n    print(join n)\n}\n");
    let d = c.one_error(3, "`join` needs a task handle");
    assert!(d.primary.message.contains("`int`"));
}

#[test]
fn nothing_leaves_a_task_or_scope_body() {
    let c = check_src(
        "fn f(xs: [int]) -> int? {\n    for x in xs {\n        scope {\n            spawn {\n                if x > 1 {\n                    return none\n                }\n            }\n            if x > 5 {\n                break\n            }\n            let t = spawn { continue }\n            let v = xs.first()?\n            join t\n            print(v)\n        }\n    }\n    none\n}\nfn main() {\n    print(f([1]))\n}\n",
    );
    assert!(
        c.has_error(6, "`return` cannot leave a task"),
        "{}",
        c.render()
    );
    assert!(
        c.has_error(10, "`break` cannot leave a `scope` body"),
        "{}",
        c.render()
    );
    assert!(
        c.has_error(12, "`continue` cannot leave a task"),
        "{}",
        c.render()
    );
    assert!(
        c.has_error(13, "`?` cannot leave a `scope` body"),
        "{}",
        c.render()
    );
    assert_eq!(c.errors().len(), 4, "{}", c.render());
}

#[test]
fn capture_analysis_reads_mutates_and_consumes() {
    let c = check_src(
        "fn take(s: str) -> int {\n    s.len()\n}\nfn main() {\n    let xs = [1, 2]\n    let name = \"a\"\n    let kept = \"b\"\n    var count = 0\n    scope {\n        let k = 7\n        let a = spawn { xs.len() + k }\n        let b = spawn take(name)\n        let c = spawn take(kept)\n        spawn {\n            count += 1\n        }\n        print(join a + join b + join c)\n    }\n    print(\"{xs} {kept} {count}\")\n}\n",
    );
    assert!(c.errors().is_empty(), "{}", c.render());
    let mut spawns: Vec<(u32, NodeId)> = Vec::new();
    for m in &c.program.modules {
        visit_module(
            m,
            &mut |e: &Expr| {
                if matches!(e.kind, ExprKind::Spawn(_)) {
                    spawns.push((e.span.start, e.id));
                }
            },
            &mut |_| {},
        );
    }
    spawns.sort();
    let spawns: Vec<NodeId> = spawns.into_iter().map(|(_, id)| id).collect();
    let caps = |i: usize| -> Vec<(String, CaptureMode, bool, bool)> {
        c.info.captures[&spawns[i]]
            .iter()
            .map(|c| (c.name.clone(), c.mode, c.used_after, c.scope_local))
            .collect()
    };
    let s = |x: &str| x.to_string();
    // Reads a list used later, and copies a scope-local int.
    assert_eq!(
        caps(0),
        vec![
            (s("xs"), CaptureMode::Read, true, false),
            (s("k"), CaptureMode::Read, false, true)
        ]
    );
    assert!(check::info::task_moves(&c.info.captures[&spawns[0]]));
    // Consumes a string nothing uses afterwards: moved.
    assert_eq!(
        caps(1),
        vec![(s("name"), CaptureMode::Consume, false, false)]
    );
    assert!(check::info::task_moves(&c.info.captures[&spawns[1]]));
    // Consumes a string used afterwards: not taken (rustc reports the move).
    assert_eq!(
        caps(2),
        vec![(s("kept"), CaptureMode::Consume, true, false)]
    );
    assert!(!check::info::task_moves(&c.info.captures[&spawns[2]]));
    // Modifies a `var`: borrowed mutably.
    assert_eq!(
        caps(3),
        vec![(s("count"), CaptureMode::Mutate, true, false)]
    );
    assert!(!check::info::task_moves(&c.info.captures[&spawns[3]]));
}

#[test]
fn a_task_handle_is_not_an_operand() {
    let c = check_src(
        "fn main() {\n    let xs = [1]\n    scope {\n        let h = spawn xs.len() + 1\n        print(h)\n    }\n}\n",
    );
    let d = c.one_error(
        4,
        "a task handle (`Task[int]`) is not a value to compute with",
    );
    assert!(d
        .help
        .as_deref()
        .is_some_and(|h| h.contains("spawn { a + b }")));
    let c = check_src(
        "fn main() {\n    scope {\n        let g = spawn 2\n        print(g * 2)\n    }\n}\n",
    );
    let d = c.one_error(4, "is not a value to compute with");
    assert!(d.help.as_deref().is_some_and(|h| h.contains("`join h`")));
}

#[test]
fn task_types_can_be_written_unless_the_program_has_its_own_task() {
    let c = check_src(
        "fn f(ts: [Task[int]]) -> int {\n    0\n}\nfn main() {\n    scope {\n        let h: Task[str] = spawn \"x\"\n        print(join h)\n        print(f([]))\n    }\n}\n",
    );
    assert!(c.errors().is_empty(), "{}", c.render());
    assert_eq!(c.local("h"), Ty::Task(Box::new(Ty::Str)));
    assert_eq!(
        c.local("ts"),
        Ty::List(Box::new(Ty::Task(Box::new(Ty::Int))))
    );
    let c = check_src("struct Task {\n    id: int\n}\nfn main() {\n    let t: Task = Task { id: 1 }\n    print(t.id)\n}\n");
    assert!(c.errors().is_empty(), "{}", c.render());
    assert_eq!(c.local("t"), adt("Task"));
}

#[test]
fn a_task_cannot_modify_a_variable_of_its_scopes_body() {
    let c = check_src(
        "fn main() {\n    scope {\n        var c = 0\n        spawn {\n            c += 1\n        };\n        print(c)\n    }\n}\n",
    );
    let d = c.one_error(
        4,
        "a task cannot modify `c`, a variable of its scope's own body",
    );
    assert!(d
        .help
        .as_deref()
        .is_some_and(|h| h.contains("before the `scope`")));
}

// ---------------------------------------------------------------------------------------------
// Durations

#[test]
fn duration_literals_have_type_duration() {
    let c = check_src(
        "fn twice(d: duration) -> duration {\n    d + d\n}\nfn main() {\n    let a = 10ms\n    let b: duration = twice(2s)\n    let ok = a < b\n    print(ok)\n}\n",
    );
    assert!(c.errors().is_empty(), "{}", c.render());
    assert_eq!(c.local("a"), Ty::Duration);
    assert_eq!(c.local("b"), Ty::Duration);
    assert_eq!(c.local("ok"), Ty::Bool);
}

#[test]
fn a_duration_is_not_an_int_and_is_never_negative() {
    let c = check_src("fn main() {\n    let n: int = 5s\n    print(n)\n}\n");
    c.one_error(2, "expected `int`, found a duration literal");
    let c = check_src("fn main() {\n    let d = -5s\n    print(d.as_secs())\n}\n");
    c.one_error(2, "cannot negate a `duration`");
}

// ---------------------------------------------------------------------------------------------
// Cancellation: `cancel`, `yield`, `sleep`, `cancelled()`, `check_cancel()`

#[test]
fn cancel_needs_a_scope_and_sleep_a_duration() {
    let c = check_src("fn main() {\n    cancel\n}\n");
    c.one_error(2, "`cancel` outside of a `scope`");
    let c = check_src("fn main() {\n    sleep(10)\n}\n");
    c.one_error(2, "`sleep` needs a `duration`, found `int`");
    let c = check_src(
        "fn main() {\n    scope {\n        spawn {\n            sleep(1ms)\n            cancel\n        }\n        yield\n        check_cancel()\n        let c = cancelled()\n        print(c)\n    }\n}\n",
    );
    assert!(c.errors().is_empty(), "{}", c.render());
    assert_eq!(c.local("c"), Ty::Bool);
}

#[test]
fn a_scope_that_cancels_itself_has_no_value() {
    let c = check_src(
        "fn main() {\n    let v = scope {\n        cancel\n        5\n    }\n    print(v)\n}\n",
    );
    c.one_error(4, "a scope that uses `cancel` has no value");
    // A cancel in a nested scope is that scope's.
    let c = check_src(
        "fn main() {\n    let v = scope {\n        scope {\n            cancel\n        }\n        5\n    }\n    print(v)\n}\n",
    );
    assert!(c.errors().is_empty(), "{}", c.render());
    assert_eq!(c.local("v"), Ty::Int);
}

#[test]
fn a_timed_scope_gives_an_option_and_needs_a_duration() {
    let c = check_src(
        "fn main() {\n    let r = scope(timeout: 2s) {\n        cancel\n        5\n    }\n    print(r.is_some())\n}\n",
    );
    assert!(c.errors().is_empty(), "{}", c.render());
    assert_eq!(c.local("r"), Ty::Option(Box::new(Ty::Int)));
    let c = check_src(
        "fn main() {\n    let r = scope(timeout: 5) {\n        1\n    }\n    print(r.is_some())\n}\n",
    );
    c.one_error(2, "a scope's timeout is a `duration`, not `int`");
}

#[test]
fn cancel_and_yield_are_not_functions() {
    let c = check_src("fn main() {\n    scope {\n        yield(3)\n        cancel(1)\n    }\n}\n");
    assert!(
        c.has_error(3, "`yield` takes no arguments"),
        "{}",
        c.render()
    );
    assert!(
        c.has_error(4, "`cancel` takes no arguments"),
        "{}",
        c.render()
    );
}

#[test]
fn tasks_share_a_mutex_and_an_atomic_by_borrowing_them() {
    let c = check_src(
        "fn main() {\n    let m = mutex(0)\n    let a = atomic(0)\n    scope {\n        spawn {\n            lock m as v {\n                v += 1\n            }\n            a.add(1, order: relaxed)\n        }\n    }\n    print(a.load())\n}\n",
    );
    assert!(c.errors().is_empty(), "{}", c.render());
    assert_eq!(c.local("m"), Ty::Mutex(Box::new(Ty::Int)));
    assert_eq!(c.local("a"), Ty::Atomic(Box::new(Ty::Int)));
    // The guard is a `mut` view of the value, and it is modified.
    assert_eq!(c.local("v"), Ty::Mut(Box::new(Ty::Int)));
    assert!(c.info.mutated.contains(&c.binding("v")));
    let caps: Vec<Vec<(String, CaptureMode)>> = c
        .info
        .captures
        .values()
        .map(|cs| cs.iter().map(|c| (c.name.clone(), c.mode)).collect())
        .collect();
    assert_eq!(
        caps,
        vec![vec![
            ("m".to_string(), CaptureMode::Read),
            ("a".to_string(), CaptureMode::Read)
        ]]
    );
}

#[test]
fn guard_blocks_need_the_matching_lock() {
    let c =
        check_src("fn main() {\n    let n = 1\n    lock n as v {\n        print(v)\n    }\n}\n");
    c.one_error(3, "`lock` takes a `mutex`, not `int`");
    let c = check_src(
        "fn main() {\n    let m = mutex(1)\n    read m as v {\n        print(v)\n    }\n}\n",
    );
    c.one_error(
        3,
        "`read` takes a `rwlock` or a `cell`, and `m` is a `mutex[int]`",
    );
    let c = check_src(
        "fn main() {\n    let r = rwlock(1)\n    lock r as v {\n        print(v)\n    }\n}\n",
    );
    c.one_error(3, "`lock` takes a `mutex`, and `r` is a `rwlock[int]`");
    let c = check_src(
        "fn main() {\n    let r = rwlock(1)\n    read r as v {\n        v += 1\n    }\n}\n",
    );
    c.one_error(4, "the value of a `read` block, which is read-only");
}

#[test]
fn atomic_orderings_that_rust_would_panic_on_are_errors() {
    let c = check_src("fn main() {\n    let a = atomic(0)\n    print(a.load(order: release))\n}\n");
    c.one_error(3, "a `load` cannot have `release` ordering");
    let c = check_src("fn main() {\n    let a = atomic(0)\n    a.store(1, order: acq_rel)\n}\n");
    c.one_error(3, "a `store` cannot have `acq_rel` ordering");
    let c = check_src(
        "fn main() {\n    let a = atomic(0)\n    print(a.compare_exchange(0, 1, order: acq_rel, failure: release).is_ok())\n}\n",
    );
    c.one_error(
        3,
        "the failure of a `compare_exchange` cannot have `release` ordering",
    );
    let c = check_src("fn main() {\n    let a = atomic(0)\n    print(a.load(order: relaxd))\n}\n");
    let d = c.one_error(3, "`relaxd` is not a memory ordering");
    assert!(d.help.as_deref().is_some_and(|h| h.contains("`relaxed`")));
    let c = check_src("fn main() {\n    let b = atomic(true)\n    print(b.add(1))\n}\n");
    assert!(
        c.has_error(3, "`add` needs an integer atomic"),
        "{}",
        c.render()
    );
    let c = check_src("fn main() {\n    let f = atomic(1.5)\n    print(f.load())\n}\n");
    c.one_error(2, "`atomic[float]` is not supported");
    // Every ordering each operation accepts is fine.
    let c = check_src(
        "fn main() {\n    let a = atomic[u8](0)\n    a.store(1, order: release)\n    print(a.load(order: acquire) + a.swap(2, order: acq_rel) + a.add(1, order: relaxed))\n    print(a.compare_exchange(3, 4, order: release).is_ok())\n}\n",
    );
    assert!(c.errors().is_empty(), "{}", c.render());
    assert_eq!(c.local("a"), Ty::Atomic(Box::new(Ty::Sized("u8"))));
}

#[test]
fn a_shared_value_is_read_only() {
    let c = check_src(
        "fn main() {\n    let xs = shared([1, 2])\n    print(xs.len())\n    xs.push(3)\n}\n",
    );
    c.one_error(
        4,
        "cannot call `push` on `xs`, which modifies it: a `shared [int]` is read-only",
    );
}
