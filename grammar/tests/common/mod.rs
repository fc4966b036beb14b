//! Test helpers: parse a source string, and print AST nodes as compact S-expressions so tests
//! can assert on the whole shape in one line.

#![allow(dead_code)]

use aurora_grammar::ast::*;
use aurora_grammar::*;

pub struct Parsed {
    pub sources: Sources,
    pub file: FileId,
    pub module: Module,
    pub errors: Errors,
}

impl Parsed {
    pub fn messages(&self) -> Vec<String> {
        self.errors
            .sorted()
            .iter()
            .map(|d| d.message.clone())
            .collect()
    }

    /// `line:col: message` for every diagnostic, in source order.
    pub fn located(&self) -> Vec<String> {
        let f = self.sources.get(self.file);
        self.errors
            .sorted()
            .iter()
            .map(|d| {
                let (l, c) = f.line_col(d.primary.span.start as usize);
                format!("{l}:{c}: {}", d.message)
            })
            .collect()
    }

    pub fn text(&self, span: Span) -> &str {
        self.sources.get(self.file).slice(span)
    }
}

pub fn parse(src: &str) -> Parsed {
    let mut sources = Sources::new();
    let file = sources.add("test.aur", src);
    let mut ids = NodeIds::default();
    let mut errors = Errors::new();
    let module = parse_module(&sources, file, &mut ids, &mut errors);
    Parsed {
        sources,
        file,
        module,
        errors,
    }
}

/// Parse a file that must have no errors.
pub fn parse_ok(src: &str) -> Module {
    let p = parse(src);
    assert!(
        p.errors.is_empty(),
        "unexpected errors: {:#?}\nsource:\n{src}",
        p.located()
    );
    p.module
}

/// The statements of `fn main() { BODY }`, printed one per entry.
pub fn stmts(body: &str) -> Vec<String> {
    let m = parse_ok(&format!("fn main() {{\n{body}\n}}\n"));
    match &m.items[0].kind {
        ItemKind::Fn(f) => f.body.stmts.iter().map(stmt).collect(),
        _ => panic!("not a fn"),
    }
}

/// The single expression statement `e` printed.
pub fn ex(e: &str) -> String {
    let s = stmts(e);
    assert_eq!(s.len(), 1, "expected one statement for {e:?}, got {s:?}");
    s[0].clone()
}

pub fn item(i: &Item) -> String {
    let p = if i.public { "pub " } else { "" };
    let body = match &i.kind {
        ItemKind::Use(u) => {
            let path = idents(&u.path, ".");
            match &u.names {
                Some(n) => format!("use {path}.{{{}}}", idents(n, ", ")),
                None => format!("use {path}"),
            }
        }
        ItemKind::Const(c) => format!("const {}: {} = {}", c.name.name, ty(&c.ty), expr(&c.value)),
        ItemKind::TaskLocal(c) => format!(
            "task_local {}: {} = {}",
            c.name.name,
            ty(&c.ty),
            expr(&c.value)
        ),
        ItemKind::Fn(f) => fn_decl(f),
        ItemKind::Struct(s) => {
            format!(
                "struct {}{} {{{}}}",
                s.name.name,
                generics(&s.generics),
                fields(&s.fields)
            )
        }
        ItemKind::Enum(e) => {
            let vs: Vec<String> = e
                .variants
                .iter()
                .map(|v| match &v.fields {
                    VariantFields::Unit => v.name.name.clone(),
                    VariantFields::Tuple(ts) => format!("{}({})", v.name.name, tys(ts)),
                    VariantFields::Struct(fs) => format!("{} {{{}}}", v.name.name, fields(fs)),
                })
                .collect();
            format!(
                "enum {}{} {{{}}}",
                e.name.name,
                generics(&e.generics),
                vs.join(", ")
            )
        }
        ItemKind::Impl(im) => {
            let ms: Vec<String> = im.methods.iter().map(fn_decl).collect();
            format!(
                "impl{} {} {{{}}}",
                generics(&im.generics),
                ty(&im.target),
                ms.join(" ")
            )
        }
        ItemKind::Test(t) => format!("test {:?} {}", t.name, block(&t.body)),
    };
    format!("{p}{body}")
}

fn idents(v: &[Ident], sep: &str) -> String {
    v.iter()
        .map(|i| i.name.as_str())
        .collect::<Vec<_>>()
        .join(sep)
}

fn fields(fs: &[Field]) -> String {
    fs.iter()
        .map(|f| format!("{}: {}", f.name.name, ty(&f.ty)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn generics(g: &[GenericParam]) -> String {
    if g.is_empty() {
        return String::new();
    }
    let ps: Vec<String> = g
        .iter()
        .map(|p| {
            if p.bounds.is_empty() {
                p.name.name.clone()
            } else {
                format!("{}: {}", p.name.name, idents(&p.bounds, " + "))
            }
        })
        .collect();
    format!("[{}]", ps.join(", "))
}

pub fn fn_decl(f: &FnDecl) -> String {
    let mut ps = Vec::new();
    if let Some(s) = &f.self_param {
        ps.push(format!("{}self", mode(s.mode)));
    }
    for p in &f.params {
        ps.push(format!("{}: {}", p.name.name, ty(&p.ty)));
    }
    let ret = f
        .ret
        .as_ref()
        .map(|t| format!(" -> {}", ty(t)))
        .unwrap_or_default();
    format!(
        "fn {}{}({}){} {}",
        f.name.name,
        generics(&f.generics),
        ps.join(", "),
        ret,
        block(&f.body)
    )
}

fn mode(m: Mode) -> &'static str {
    match m {
        Mode::Own => "",
        Mode::Ref => "ref ",
        Mode::Mut => "mut ",
    }
}

fn tys(ts: &[Type]) -> String {
    ts.iter().map(ty).collect::<Vec<_>>().join(", ")
}

pub fn ty(t: &Type) -> String {
    match &t.kind {
        TypeKind::Named { path, args } => {
            if args.is_empty() {
                idents(path, ".")
            } else {
                format!("{}[{}]", idents(path, "."), tys(args))
            }
        }
        TypeKind::List(t) => format!("[{}]", ty(t)),
        TypeKind::Tuple(ts) if ts.len() == 1 => format!("({},)", ty(&ts[0])),
        TypeKind::Tuple(ts) => format!("({})", tys(ts)),
        TypeKind::Option(t) => format!("{}?", ty(t)),
        TypeKind::Fn { params, ret } => format!("fn({}) -> {}", tys(params), ty(ret)),
        TypeKind::Wrapped { wrapper, inner } => format!("({} {})", wrapper.word(), ty(inner)),
        TypeKind::Qualified { mode: m, inner } => format!(
            "{}{}",
            if *m == Mode::Own { "own " } else { mode(*m) },
            ty(inner)
        ),
    }
}

pub fn block(b: &Block) -> String {
    format!(
        "{{{}}}",
        b.stmts.iter().map(stmt).collect::<Vec<_>>().join("; ")
    )
}

pub fn stmt(s: &Stmt) -> String {
    match &s.kind {
        StmtKind::Let {
            mutable,
            pat,
            ty: t,
            init,
        } => {
            let kw = if *mutable { "var" } else { "let" };
            let t = t
                .as_ref()
                .map(|t| format!(": {}", ty(t)))
                .unwrap_or_default();
            format!("({kw} {}{t} = {})", pattern(pat), expr(init))
        }
        StmtKind::Assign { target, op, value } => {
            let op = match op {
                AssignOp::Assign => "=".to_string(),
                AssignOp::Compound(b) => format!("{}=", b.symbol()),
            };
            format!("({op} {} {})", expr(target), expr(value))
        }
        StmtKind::Expr { expr: e, semi } => format!("{}{}", expr(e), if *semi { ";" } else { "" }),
    }
}

pub fn lit(l: &Lit) -> String {
    match l {
        Lit::Int(v) => v.to_string(),
        Lit::Float(f) => f.clone(),
        Lit::Bool(b) => b.to_string(),
        Lit::Char(c) => format!("{c:?}"),
        Lit::None => "none".to_string(),
        Lit::Duration(d) => d.text.clone(),
        Lit::Str(parts) => {
            let mut s = String::from("\"");
            for p in parts {
                match p {
                    StrPart::Text(t) => s.push_str(&t.escape_debug().to_string()),
                    StrPart::Interp {
                        expr: e,
                        spec: Some(sp),
                    } => s.push_str(&format!("{{{}:{sp}}}", expr(e))),
                    StrPart::Interp {
                        expr: e,
                        spec: None,
                    } => s.push_str(&format!("{{{}}}", expr(e))),
                }
            }
            s.push('"');
            s
        }
    }
}

fn args(a: &[Arg]) -> String {
    a.iter()
        .map(|a| {
            let n = a
                .name
                .as_ref()
                .map(|n| format!("{}: ", n.name))
                .unwrap_or_default();
            format!(" {n}{}{}", mode(a.mode), expr(&a.value))
        })
        .collect()
}

fn gens(g: &[Type]) -> String {
    if g.is_empty() {
        String::new()
    } else {
        format!("[{}]", tys(g))
    }
}

fn cond(c: &Cond) -> String {
    match c {
        Cond::Expr(e) => expr(e),
        Cond::Let { pat, expr: e } => format!("(let {} = {})", pattern(pat), expr(e)),
    }
}

pub fn expr(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Lit(l) => lit(l),
        ExprKind::Name(n) => n.name.clone(),
        ExprKind::Tuple(es) => format!(
            "(tuple{})",
            es.iter()
                .map(|e| format!(" {}", expr(e)))
                .collect::<String>()
        ),
        ExprKind::List(es) => format!("[{}]", es.iter().map(expr).collect::<Vec<_>>().join(", ")),
        ExprKind::ListRepeat { value, count } => format!("[{}; {}]", expr(value), expr(count)),
        ExprKind::Map(kv) if kv.is_empty() => "[:]".to_string(),
        ExprKind::Map(kv) => {
            format!(
                "[{}]",
                kv.iter()
                    .map(|(k, v)| format!("{}: {}", expr(k), expr(v)))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
        ExprKind::StructLit { path, fields } => {
            let fs: Vec<String> = fields
                .iter()
                .map(|f| match &f.value {
                    Some(v) => format!("{}: {}", f.name.name, expr(v)),
                    None => f.name.name.clone(),
                })
                .collect();
            format!("{} {{{}}}", idents(path, "."), fs.join(", "))
        }
        ExprKind::Paren(e) => format!("(paren {})", expr(e)),
        ExprKind::Field { base, name } => format!("(. {} {})", expr(base), name.name),
        ExprKind::Call {
            callee,
            generics,
            args: a,
        } => format!("(call {}{}{})", expr(callee), gens(generics), args(a)),
        ExprKind::MethodCall {
            receiver,
            method,
            generics,
            args: a,
        } => {
            format!(
                "(.{}{} {}{})",
                method.name,
                gens(generics),
                expr(receiver),
                args(a)
            )
        }
        ExprKind::Index { base, index } => format!("(index {} {})", expr(base), expr(index)),
        ExprKind::Unary { op, expr: e } => {
            format!("({} {})", if *op == UnOp::Neg { "-" } else { "!" }, expr(e))
        }
        ExprKind::Binary { op, lhs, rhs } => {
            format!("({} {} {})", op.symbol(), expr(lhs), expr(rhs))
        }
        ExprKind::Cast { expr: e, ty: t } => format!("(as {} {})", expr(e), ty(t)),
        ExprKind::Range {
            start,
            end,
            inclusive,
        } => format!(
            "({} {} {})",
            if *inclusive { "..=" } else { ".." },
            start.as_ref().map_or("_".to_string(), |e| expr(e)),
            end.as_ref().map_or("_".to_string(), |e| expr(e))
        ),
        ExprKind::Try(e) => format!("(? {})", expr(e)),
        ExprKind::Closure { params, ret, body } => {
            let ps: Vec<String> = params
                .iter()
                .map(|p| match &p.ty {
                    Some(t) => format!("{}: {}", p.name.name, ty(t)),
                    None => p.name.name.clone(),
                })
                .collect();
            let r = ret
                .as_ref()
                .map(|t| format!(" -> {}", ty(t)))
                .unwrap_or_default();
            format!("(|{}|{r} {})", ps.join(", "), expr(body))
        }
        ExprKind::Block(b) => block(b),
        ExprKind::If {
            cond: c,
            then,
            else_,
        } => {
            let e = else_
                .as_ref()
                .map(|e| format!(" else {}", expr(e)))
                .unwrap_or_default();
            format!("(if {} {}{e})", cond(c), block(then))
        }
        ExprKind::While { cond: c, body } => format!("(while {} {})", cond(c), block(body)),
        ExprKind::For { pat, iter, body } => {
            format!("(for {} {} {})", pattern(pat), expr(iter), block(body))
        }
        ExprKind::Loop { body } => format!("(loop {})", block(body)),
        ExprKind::Scope(body) => format!("(scope {})", block(body)),
        ExprKind::SupervisorScope(body) => format!("(supervisor scope {})", block(body)),
        ExprKind::With {
            target,
            value,
            body,
        } => format!("(with {} {} {})", expr(target), expr(value), block(body)),
        ExprKind::TimedScope { timeout, body } => {
            format!("(scope timeout {} {})", expr(timeout), block(body))
        }
        ExprKind::DeadlineScope { deadline, body } => {
            format!("(scope deadline {} {})", expr(deadline), block(body))
        }
        ExprKind::CancelTask(task) => format!("(cancel {})", expr(task)),
        ExprKind::Guard {
            kind,
            target,
            binding,
            body,
        } => format!(
            "({} {} as {} {})",
            kind.word(),
            expr(target),
            binding.name.name,
            block(body)
        ),
        ExprKind::Spawn(task) => format!("(spawn {})", expr(task)),
        ExprKind::Join(task) => format!("(join {})", expr(task)),
        ExprKind::Par(x) => format!("(par {})", expr(x)),
        ExprKind::ParFor(pf) => {
            let reds: Vec<String> = pf
                .reductions
                .iter()
                .map(|r| match &r.op {
                    ReduceOp::Fn { func, identity } => {
                        format!(" ({} {} {})", r.name.name, expr(func), expr(identity))
                    }
                    op => format!(" ({} {})", r.name.name, op.word().unwrap_or_default()),
                })
                .collect();
            format!(
                "(par-for {} {:?} {}{} {})",
                pattern(&pf.pat),
                pf.mode,
                expr(&pf.iter),
                reds.concat(),
                block(&pf.body)
            )
        }
        ExprKind::Match { scrutinee, arms } => {
            let a: Vec<String> = arms
                .iter()
                .map(|a| {
                    let g = a
                        .guard
                        .as_ref()
                        .map(|g| format!(" if {}", expr(g)))
                        .unwrap_or_default();
                    format!(" ({}{g} => {})", pattern(&a.pat), expr(&a.body))
                })
                .collect();
            format!("(match {}{})", expr(scrutinee), a.concat())
        }
        ExprKind::Break(v) => v
            .as_ref()
            .map_or("(break)".to_string(), |v| format!("(break {})", expr(v))),
        ExprKind::Continue => "(continue)".to_string(),
        ExprKind::Cancel => "cancel".to_string(),
        ExprKind::Yield => "yield".to_string(),
        ExprKind::Close(end) => format!("(close {})", expr(end)),
        ExprKind::Select { biased, arms } => {
            let a: Vec<String> = arms
                .iter()
                .map(|a| {
                    let op = match &a.op {
                        SelectOp::Recv { rx, binding } => format!(
                            "recv {}{}",
                            expr(rx),
                            binding
                                .as_ref()
                                .map(|b| format!(" -> {}", pattern(b)))
                                .unwrap_or_default()
                        ),
                        SelectOp::Send { tx, value } => {
                            format!("send {} {}", expr(tx), expr(value))
                        }
                        SelectOp::After(d) => format!("after {}", expr(d)),
                        SelectOp::Default => "default".to_string(),
                    };
                    format!(" ({op} => {})", expr(&a.body))
                })
                .collect();
            let b = if *biased { " biased" } else { "" };
            format!("(select{b}{})", a.concat())
        }
        ExprKind::Return(v) => v
            .as_ref()
            .map_or("(return)".to_string(), |v| format!("(return {})", expr(v))),
    }
}

pub fn pattern(p: &Pattern) -> String {
    match &p.kind {
        PatternKind::Wild => "_".to_string(),
        PatternKind::Bind { name, mutable } => {
            format!("{}{}", if *mutable { "var " } else { "" }, name.name)
        }
        PatternKind::Lit { lit: l, negative } => {
            format!("{}{}", if *negative { "-" } else { "" }, lit(l))
        }
        PatternKind::Range { lo, hi, inclusive } => {
            format!(
                "{}{}{}",
                pattern(lo),
                if *inclusive { "..=" } else { ".." },
                pattern(hi)
            )
        }
        PatternKind::Tuple(ps) if ps.len() == 1 => format!("({},)", pattern(&ps[0])),
        PatternKind::Tuple(ps) => format!(
            "({})",
            ps.iter().map(pattern).collect::<Vec<_>>().join(", ")
        ),
        PatternKind::Variant { path, args: None } => idents(path, "."),
        PatternKind::Variant {
            path,
            args: Some(a),
        } => {
            format!(
                "{}({})",
                idents(path, "."),
                a.iter().map(pattern).collect::<Vec<_>>().join(", ")
            )
        }
        PatternKind::Struct { path, fields, rest } => {
            let mut fs: Vec<String> = fields
                .iter()
                .map(|f| match &f.pat {
                    Some(p) => format!("{}: {}", f.name.name, pattern(p)),
                    None => f.name.name.clone(),
                })
                .collect();
            if *rest {
                fs.push("..".to_string());
            }
            format!("{} {{ {} }}", idents(path, "."), fs.join(", "))
        }
        PatternKind::Or(ps) => ps.iter().map(pattern).collect::<Vec<_>>().join(" | "),
    }
}
