//! The project's server endpoints — what anyone on the internet can call — and what
//! each one does before and after it reads the caller's input.
//!
//! Found by where frameworks put them (Next.js `app/**/route.ts`, `pages/api/**`,
//! `'use server'` actions, Remix and SvelteKit loaders and actions, Nuxt
//! `server/api/**`, Expo `+api.ts`, Supabase `supabase/functions/*`, Firebase
//! `onRequest`/`onCall`, Vercel `api/*`) and by route registrations (Express, Hono,
//! Fastify, Koa; FastAPI and Flask decorators). Each endpoint's *scope* is its handler:
//! the exported function, the route's inline callback, or — when the route names a
//! handler — that function, in the same file or the local file it is imported from.
//!
//! [`Facts`] says what is in the scope; [`Facts::access`] turns it into one of:
//! checked (an auth check, or a call to a project function that holds one), verified
//! (a webhook signature), guarded (Next.js middleware that turns the unauthenticated
//! away, or a router-wide auth middleware in the same file), open (none of these, and
//! it writes to a database no row rule protects, reads through a service-role or
//! admin client, or calls an AI model), harmless (none of these and nothing sensitive
//! in reach), or unknown (the handler could not be found, or an auth middleware may
//! be mounted elsewhere in the package).

use std::ops::Range;

use super::code::{Code, CodeFile};
use super::evidence::Citation;
use super::manifest::Manifests;
use super::patterns::Patterns;
use crate::catalog::project::Lang;

/// Where an endpoint comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// Next.js app-router route handler.
    AppRoute,
    /// Next.js `pages/api`.
    PagesApi,
    /// Next.js server action (`'use server'`).
    ServerAction,
    /// Remix / React Router loader or action; SvelteKit server `load` / `actions` /
    /// `+server` handler.
    Loader,
    /// Nuxt `server/api`, Expo `+api`, a Vercel `api/` function.
    ServerFunction,
    /// Express / Hono / Fastify / Koa route.
    ServerRoute,
    /// Supabase edge function.
    EdgeFunction,
    /// Firebase HTTPS function or callable.
    FirebaseFunction,
    /// FastAPI / Flask route.
    PythonRoute,
}

impl Kind {
    /// Next.js middleware runs in front of these.
    fn behind_next_middleware(self) -> bool {
        matches!(self, Kind::AppRoute | Kind::PagesApi | Kind::ServerAction)
    }
}

/// A stretch of lines in one code file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub file: usize,
    pub lines: Range<u32>,
}

/// One endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub kind: Kind,
    pub file: usize,
    /// Where it is declared.
    pub line: u32,
    /// "POST /api/webhooks", "server action createNote", "edge function send-email".
    pub name: String,
    /// Its handler's lines (possibly in another file).
    pub scope: Vec<Place>,
    /// The handler could not be found: what it does is unknown.
    pub delegated: bool,
}

/// What an endpoint's handler does, each with where.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    pub auth: Option<Citation>,
    pub signature: Option<Citation>,
    /// A check outside the handler: Next.js middleware, a router-wide middleware.
    pub guard: Option<Citation>,
    /// An auth middleware is mounted somewhere in the package: it may cover this.
    pub maybe_guarded: bool,
    /// Its router is mounted only outside production (`if settings.ENVIRONMENT ==
    /// "local": include_router(…)`).
    pub dev_only: bool,
    /// A write no row rule stands behind (an ORM, SQL, an admin SDK, supabase-js
    /// with the service-role key).
    pub write: Option<Citation>,
    /// Any write, governed by database rules or not.
    pub any_write: Option<Citation>,
    /// A read through a service-role or admin client.
    pub admin_read: Option<Citation>,
    pub ai_call: Option<Citation>,
    pub body_read: Option<Citation>,
    pub validated: Option<Citation>,
    pub stripe_event: Option<Citation>,
    pub stripe_verified: Option<Citation>,
    pub rate_limited: Option<Citation>,
    /// Sign-in or password work handed to the auth provider (which limits it).
    pub provider_auth: Option<Citation>,
    pub delegated: bool,
}

/// What [`Facts`] add up to, for the open-endpoints question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Checked,
    Verified,
    Guarded,
    Open,
    Harmless,
    Unknown,
}

impl Facts {
    /// The most sensitive thing in reach, if any.
    pub fn sensitive(&self) -> Option<&Citation> {
        self.write
            .as_ref()
            .or(self.admin_read.as_ref())
            .or(self.ai_call.as_ref())
    }

    pub fn access(&self) -> Access {
        if self.auth.is_some() {
            Access::Checked
        } else if self.signature.is_some() {
            Access::Verified
        } else if self.guard.is_some() {
            Access::Guarded
        } else if self.delegated || self.maybe_guarded || self.dev_only {
            Access::Unknown
        } else if self.sensitive().is_some() {
            Access::Open
        } else {
            Access::Harmless
        }
    }
}

/// Every endpoint of the project, with its facts, in file order.
pub fn discover(code: &Code, manifests: &Manifests, p: &Patterns) -> Vec<(Endpoint, Facts)> {
    let mut shared = Shared {
        dev_only: dev_only_files(code, manifests),
        ..Shared::default()
    };
    shared.mounts = code
        .files
        .iter()
        .enumerate()
        .filter(|(_, f)| {
            f.lines_of(p.auth_check).any(|l| {
                // `app.use('/api', requireAuth, api)` mounts a check in front of other
                // routers; `router.use(requireAuth)` guards only its own file.
                let line = f.line(l);
                line.contains(".use(") && line.contains(',') || line.contains("include_router")
            })
        })
        .map(|(j, _)| j)
        .collect();
    let mut endpoints = Vec::new();
    for (i, f) in code.files.iter().enumerate() {
        match f.lang {
            Lang::Js => js_endpoints(code, manifests, i, p, &mut endpoints),
            Lang::Py => py_endpoints(i, f, p, &mut endpoints),
            _ => {}
        }
    }
    endpoints
        .into_iter()
        .map(|e| {
            let facts = facts(code, manifests, &e, p, &mut shared);
            (e, facts)
        })
        .collect()
}

/// Files whose routes are mounted only outside production: an `include_router(…)` or
/// `.use(…)` under an `if` on a development, local, test or debug setting.
fn dev_only_files(code: &Code, manifests: &Manifests) -> std::collections::BTreeSet<usize> {
    let mut out = std::collections::BTreeSet::new();
    let indent = |s: &str| s.len() - s.trim_start().len();
    for f in code
        .files
        .iter()
        .filter(|f| matches!(f.lang, Lang::Js | Lang::Py))
    {
        for n in 1..f.end() {
            let line = f.line(n);
            if !(line.contains("include_router(") || line.contains(".use(")) {
                continue;
            }
            let condition = (n.saturating_sub(3).max(1)..n)
                .rev()
                .map(|m| f.line(m))
                .find(|l| {
                    !l.trim().is_empty() && indent(l) < indent(line)
                        || l.trim_start().starts_with("if")
                })
                .unwrap_or("");
            let c = condition.trim_start().to_ascii_lowercase();
            let dev = c.starts_with("if")
                && ([
                    "\"local\"",
                    "'local'",
                    "development",
                    "\"dev\"",
                    "'dev'",
                    "debug",
                    "'test'",
                    "\"test\"",
                ]
                .iter()
                .any(|w| c.contains(w))
                    || c.contains("!== 'production'")
                    || c.contains("!= \"production\""));
            if !dev {
                continue;
            }
            let pkg = manifests.package_of(&f.path).map_or("", |p| p.dir.as_str());
            let imports = f.imports();
            for word in line.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.')) {
                let module = word.strip_suffix(".router").unwrap_or(word);
                if module.is_empty() || module.contains('.') {
                    continue;
                }
                // Python: a module of that name; JS: the file the name is imported from.
                for (j, g) in code.files.iter().enumerate() {
                    if g.lang == Lang::Py && g.name() == format!("{module}.py") {
                        out.insert(j);
                    }
                }
                if let Some((spec, _)) = imports
                    .iter()
                    .find(|(_, names)| names.iter().any(|n| n == module))
                {
                    if let Some(j) = code.resolve(&f.path, spec, pkg) {
                        out.insert(j);
                    }
                }
            }
        }
    }
    out
}

fn under(path: &str, dir: &str) -> bool {
    path.starts_with(&format!("{dir}/")) || path.contains(&format!("/{dir}/"))
}

fn js_endpoints(
    code: &Code,
    manifests: &Manifests,
    i: usize,
    p: &Patterns,
    out: &mut Vec<Endpoint>,
) {
    let f = &code.files[i];
    let path = f.path.as_str();
    let name = f.name();
    let stem = name.split('.').next().unwrap_or("");
    let each =
        |pattern: usize, kind: Kind, label: &dyn Fn(u32) -> String, out: &mut Vec<Endpoint>| {
            for line in f.lines_of(pattern) {
                out.push(Endpoint {
                    kind,
                    file: i,
                    line,
                    name: label(line),
                    scope: vec![Place {
                        file: i,
                        lines: f.block(line),
                    }],
                    delegated: false,
                });
            }
        };
    let whole = |kind: Kind, name: String, out: &mut Vec<Endpoint>| {
        let line = f
            .lines_of(p.route_default_export)
            .next()
            .or_else(|| f.lines_of(p.edge_function_serve).next())
            .unwrap_or(1);
        out.push(Endpoint {
            kind,
            file: i,
            line,
            name,
            scope: vec![Place {
                file: i,
                lines: 1..f.end(),
            }],
            delegated: false,
        });
    };
    let method_of = |line: u32| {
        let l = f.line(line);
        ["GET", "POST", "PUT", "PATCH", "DELETE"]
            .into_iter()
            .find(|m| l.contains(m))
            .unwrap_or("ANY")
    };

    if stem == "route" && (under(path, "app") || path.starts_with("app/")) {
        let url = url_of(path, "app");
        each(
            p.route_method_export,
            Kind::AppRoute,
            &|l| format!("{} {url}", method_of(l)),
            out,
        );
    } else if under(path, "pages/api") {
        whole(
            Kind::PagesApi,
            format!("ANY {}", url_of(path, "pages")),
            out,
        );
    } else if name.starts_with("+server.") {
        let url = url_of(path, "routes");
        each(
            p.route_method_export,
            Kind::Loader,
            &|l| format!("{} {url}", method_of(l)),
            out,
        );
    } else if name.starts_with("+page.server.") || name.starts_with("+layout.server.") {
        let url = url_of(path, "routes");
        each(
            p.route_loader_action,
            Kind::Loader,
            &|_| format!("load/actions {url}"),
            out,
        );
    } else if name.contains("+api.") {
        let url = url_of(path, "app");
        each(
            p.route_method_export,
            Kind::ServerFunction,
            &|l| format!("{} {url}", method_of(l)),
            out,
        );
    } else if under(path, "routes") && under(path, "app") {
        let url = url_of(path, "routes");
        each(
            p.route_loader_action,
            Kind::Loader,
            &|l| {
                let what = if f.line(l).contains("action") {
                    "action"
                } else {
                    "loader"
                };
                format!("{what} {url}")
            },
            out,
        );
    } else if under(path, "server/api") || under(path, "server/routes") {
        whole(
            Kind::ServerFunction,
            format!("ANY {}", url_of(path, "server")),
            out,
        );
    } else if under(path, "supabase/functions")
        && !path.contains("/_shared/")
        && f.has(p.edge_function_serve)
    {
        let function = path
            .split("supabase/functions/")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or("");
        whole(Kind::EdgeFunction, format!("edge function {function}"), out);
    } else if (path.starts_with("api/") || under(path, "api"))
        && !under(path, "app")
        && !under(path, "src")
        && f.has(p.route_default_export)
        && manifests
            .package_of(path)
            .is_some_and(|pkg| pkg.dependency("next").is_none())
    {
        whole(
            Kind::ServerFunction,
            format!("ANY /{}", path.trim_end_matches(name).trim_end_matches('/')),
            out,
        );
    }

    let firebase = f.lines.iter().any(|l| l.contains("firebase-functions"));
    if firebase && f.has(p.firebase_https_function) {
        each(
            p.firebase_https_function,
            Kind::FirebaseFunction,
            &|l| {
                format!(
                    "firebase function {}",
                    exported_name(f.line(l)).unwrap_or("(anonymous)")
                )
            },
            out,
        );
    }
    if let Some(top) = f.lines_of(p.use_server).next() {
        let at_top = (1..top).all(|n| f.line(n).trim().is_empty());
        if at_top {
            each(
                p.exported_async_function,
                Kind::ServerAction,
                &|l| format!("server action {}", exported_name(f.line(l)).unwrap_or("?")),
                out,
            );
        } else {
            for line in f.lines_of(p.use_server) {
                let lines = enclosing_rest(f, line);
                out.push(Endpoint {
                    kind: Kind::ServerAction,
                    file: i,
                    line,
                    name: "inline server action".into(),
                    scope: vec![Place { file: i, lines }],
                    delegated: false,
                });
            }
        }
    }
    if f.has(p.server_framework_import) {
        let pkg_dir = manifests
            .package_of(path)
            .map_or("", |pkg| pkg.dir.as_str());
        for line in f.lines_of(p.route_registration) {
            let (scope, delegated) = registration_scope(code, i, line, pkg_dir);
            out.push(Endpoint {
                kind: Kind::ServerRoute,
                file: i,
                line,
                name: registration_name(f.line(line)),
                scope,
                delegated,
            });
        }
    }
}

fn py_endpoints(i: usize, f: &CodeFile, p: &Patterns, out: &mut Vec<Endpoint>) {
    for line in f.lines_of(p.route_decorator) {
        // A decorator may put its path on the next line.
        let text = f.line(line);
        let text = if text.contains(['"', '\'']) {
            text.to_owned()
        } else {
            format!("{text} {}", f.line(line + 1))
        };
        out.push(Endpoint {
            kind: Kind::PythonRoute,
            file: i,
            line,
            name: registration_name(&text),
            scope: vec![Place {
                file: i,
                lines: f.block(line),
            }],
            delegated: false,
        });
    }
}

/// `/api/webhooks` from `apps/web/src/app/api/webhooks/route.ts` (route groups and
/// `index` left out).
fn url_of(path: &str, root: &str) -> String {
    let all: Vec<&str> = path.split('/').collect();
    let from = all.iter().rposition(|c| *c == root).map_or(0, |i| i + 1);
    let parts: Vec<&str> = all[from..]
        .iter()
        .copied()
        .filter(|s| !(s.starts_with('(') && s.ends_with(')')))
        .collect();
    let (last, dirs) = parts.split_last().unwrap_or((&"", &[]));
    let stem = last.split('.').next().unwrap_or("");
    let mut url: Vec<&str> = dirs.to_vec();
    if !matches!(
        stem,
        "route" | "index" | "+server" | "+page" | "+layout" | "+api" | ""
    ) {
        url.push(stem.trim_end_matches("+api"));
    }
    format!("/{}", url.join("/"))
}

/// `createNote` from `export async function createNote(…)`.
fn exported_name(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let t = t.strip_prefix("export ").unwrap_or(t);
    let t = t.strip_prefix("const ").unwrap_or(t);
    let t = t.strip_prefix("async ").unwrap_or(t);
    let t = t.strip_prefix("function ").unwrap_or(t).trim_start();
    let end = t
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$'))
        .unwrap_or(t.len());
    (end > 0).then(|| &t[..end])
}

/// "POST /login" from `app.post('/login', …)` or `@router.post("/login")`.
fn registration_name(line: &str) -> String {
    let lower = line.to_ascii_lowercase();
    let method = [
        "get",
        "post",
        "put",
        "patch",
        "delete",
        "route",
        "all",
        "api_route",
    ]
    .into_iter()
    .find(|m| lower.contains(&format!(".{m}(")))
    .unwrap_or("any");
    let path = line
        .find(['\'', '"', '`'])
        .and_then(|at| {
            let q = line[at..].chars().next()?;
            let rest = &line[at + 1..];
            Some(&rest[..rest.find(q)?])
        })
        .unwrap_or("?");
    format!("{} {path}", method.to_ascii_uppercase())
}

/// From an inline `'use server'` to the end of the block it is in.
fn enclosing_rest(f: &CodeFile, line: u32) -> Range<u32> {
    let mut depth = 1i32;
    for n in line + 1..f.end() {
        for c in f.line(n).chars() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            if depth == 0 {
                return line..n + 1;
            }
        }
    }
    line..f.end()
}

/// The handler of `router.post('/x', a, b, handler)`: its inline callback's block,
/// plus every named argument's definition (same file, or a local import).
fn registration_scope(code: &Code, i: usize, line: u32, pkg_dir: &str) -> (Vec<Place>, bool) {
    let f = &code.files[i];
    let text = f.line(line);
    let inline = text.contains("=>") || text.contains("function");
    let mut scope = vec![Place {
        file: i,
        lines: if inline {
            f.block(line)
        } else {
            line..line + 1
        },
    }];
    let args = text
        .split_once(',')
        .map_or("", |(_, rest)| rest)
        .split([',', ')', '('])
        .map(str::trim)
        .filter(|a| {
            !a.is_empty()
                && a.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
        });
    let imports = f.imports();
    let mut resolved = inline;
    for name in args {
        if let Some(lines) = f.definition(name) {
            scope.push(Place { file: i, lines });
            resolved = true;
            continue;
        }
        let from = imports
            .iter()
            .find(|(_, names)| names.iter().any(|n| n == name));
        if let Some(j) = from.and_then(|(spec, _)| code.resolve(&f.path, spec, pkg_dir)) {
            if let Some(lines) = code.files[j].definition(name) {
                scope.push(Place { file: j, lines });
                resolved = true;
            }
        }
    }
    (scope, !resolved)
}

/// The first hit of pattern `p` in an endpoint's scope.
fn in_scope(code: &Code, e: &Endpoint, p: usize) -> Option<Citation> {
    e.scope.iter().find_map(|place| {
        let f = &code.files[place.file];
        f.first_in(p, &place.lines)
            .map(|l| Citation::new(f.path.clone(), l, ""))
    })
}

/// A call, in the scope, to a project function that holds an auth check.
fn helper_call(code: &Code, e: &Endpoint) -> Option<Citation> {
    for place in &e.scope {
        let f = &code.files[place.file];
        for n in place.lines.clone() {
            if let Some(helper) = code.helper_in(f.line(n)) {
                return Some(Citation::new(
                    f.path.clone(),
                    n,
                    format!("calls {helper}()"),
                ));
            }
        }
    }
    None
}

/// What every endpoint of a package shares, worked out once.
#[derive(Default)]
struct Shared {
    /// Files that mount an auth middleware in front of other routers.
    mounts: Vec<usize>,
    /// Next.js middleware guard per package folder.
    middleware: std::collections::BTreeMap<String, Option<Citation>>,
    dev_only: std::collections::BTreeSet<usize>,
}

fn facts(
    code: &Code,
    manifests: &Manifests,
    e: &Endpoint,
    p: &Patterns,
    shared: &mut Shared,
) -> Facts {
    let f = &code.files[e.file];
    let note = |c: Option<Citation>, what: &str| {
        c.map(|mut c| {
            c.note = what.to_owned();
            c
        })
    };
    let file_has = |q: usize| e.scope.iter().any(|pl| code.files[pl.file].has(q));
    let service_role = file_has(p.service_role_client);
    let governed = in_scope(code, e, p.governed_write);
    let write = in_scope(code, e, p.db_write).or_else(|| governed.clone().filter(|_| service_role));
    let any_write = write.clone().or(governed);
    let admin_read = if service_role {
        in_scope(code, e, p.supabase_query).or_else(|| in_scope(code, e, p.admin_data_access))
    } else {
        None
    };
    let ai_call = in_scope(code, e, p.ai_call).filter(|_| file_has(p.ai_sdk_import));
    let first_endpoint = code_first_endpoint_line(f, p);
    let preamble = 1..first_endpoint;
    let validated = in_scope(code, e, p.validation).or_else(|| {
        f.first_in(p.validation, &preamble)
            .map(|l| Citation::new(f.path.clone(), l, ""))
    });
    let pkg_dir = manifests
        .package_of(&f.path)
        .map_or("", |pkg| pkg.dir.as_str());
    let guard = file_guard(f, p, &preamble).or_else(|| {
        if e.kind.behind_next_middleware() {
            shared
                .middleware
                .entry(pkg_dir.to_owned())
                .or_insert_with(|| next_middleware_guard(code, pkg_dir, p))
                .clone()
        } else {
            None
        }
    });
    let in_package = |j: &usize| {
        *j != e.file
            && (pkg_dir.is_empty() || code.files[*j].path.starts_with(&format!("{pkg_dir}/")))
    };
    let maybe_guarded = matches!(e.kind, Kind::ServerRoute | Kind::PythonRoute)
        && shared.mounts.iter().any(in_package);
    let stripe_event = in_scope(code, e, p.stripe_event).or_else(|| {
        f.lines_of(p.stripe_event)
            .next()
            .map(|l| Citation::new(f.path.clone(), l, ""))
    });
    Facts {
        auth: note(in_scope(code, e, p.auth_check), "checks who is calling")
            .or_else(|| helper_call(code, e)),
        signature: note(
            in_scope(code, e, p.signature_check),
            "verifies the signature",
        ),
        guard,
        maybe_guarded,
        dev_only: shared.dev_only.contains(&e.file),
        write: note(write, "writes to the database"),
        any_write: note(any_write, "writes to the database"),
        admin_read: note(admin_read, "reads with a service-role/admin client"),
        ai_call: note(ai_call, "calls an AI model"),
        body_read: note(in_scope(code, e, p.body_read), "reads the request body"),
        validated,
        stripe_event: note(stripe_event, "handles Stripe events"),
        stripe_verified: in_scope(code, e, p.stripe_construct_event).or_else(|| {
            f.lines_of(p.stripe_construct_event)
                .next()
                .map(|l| Citation::new(f.path.clone(), l, "verifies Stripe's signature"))
        }),
        rate_limited: in_scope(code, e, p.rate_limit),
        provider_auth: in_scope(code, e, p.provider_auth_call),
        delegated: e.delegated,
    }
}

/// The first line that declares an endpoint in `f` (its end when none does).
fn code_first_endpoint_line(f: &CodeFile, p: &Patterns) -> u32 {
    [
        p.route_method_export,
        p.route_default_export,
        p.route_loader_action,
        p.route_registration,
        p.route_decorator,
        p.exported_async_function,
        p.firebase_https_function,
        p.edge_function_serve,
    ]
    .into_iter()
    .filter_map(|q| f.lines_of(q).next())
    .min()
    .unwrap_or(f.end())
}

/// A router-wide check before the file's first route: `router.use(requireAuth)`,
/// `APIRouter(dependencies=[Depends(get_current_user)])`.
fn file_guard(f: &CodeFile, p: &Patterns, preamble: &Range<u32>) -> Option<Citation> {
    f.lines_of(p.auth_check)
        .filter(|l| preamble.contains(l))
        .find(|&l| {
            let line = f.line(l);
            line.contains(".use(") || line.contains("dependencies") || line.contains("Router(")
        })
        .map(|l| Citation::new(f.path.clone(), l, "router-wide auth check"))
}

/// Next.js middleware in the package that checks the session and turns the
/// unauthenticated away, with a matcher that covers API routes (or none).
fn next_middleware_guard(code: &Code, pkg_dir: &str, p: &Patterns) -> Option<Citation> {
    let root = if pkg_dir.is_empty() {
        String::new()
    } else {
        format!("{pkg_dir}/")
    };
    let middleware = ["middleware", "src/middleware", "proxy", "src/proxy"]
        .iter()
        .flat_map(|m| ["ts", "js", "mjs"].map(|ext| format!("{root}{m}.{ext}")))
        .find_map(|path| code.index(&path))?;
    let f = &code.files[middleware];
    let mut files = vec![middleware];
    for (spec, _) in f.imports() {
        if let Some(j) = code.resolve(&f.path, &spec, pkg_dir) {
            files.push(j);
        }
    }
    let auth = files.iter().find_map(|&j| {
        let g = &code.files[j];
        g.lines_of(p.auth_check).next().map(|l| (j, l))
    });
    let deny = files.iter().any(|&j| code.files[j].has(p.deny_response));
    let next_auth_default = f
        .lines
        .iter()
        .any(|l| l.contains("next-auth/middleware") || l.contains("withAuth"));
    if !(auth.is_some() && deny || next_auth_default) || !matcher_covers_api(f) {
        return None;
    }
    let (j, l) = auth.unwrap_or((middleware, 1));
    Some(Citation::new(
        code.files[j].path.clone(),
        l,
        "middleware turns away callers who are not signed in",
    ))
}

/// Whether the middleware's `matcher` (if any) covers `/api` routes.
fn matcher_covers_api(f: &CodeFile) -> bool {
    let Some(start) = f.lines.iter().position(|l| l.contains("matcher")) else {
        return true;
    };
    let text: String = f.lines[start..f.lines.len().min(start + 20)].join("\n");
    let body = text.split(']').next().unwrap_or(&text);
    body.contains("(.*)") || body.contains(".*") || body.contains("/api") || body.contains("((?!")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::project::ProjectRules;
    use crate::project::tree::Tree;

    fn run(files: &[(&str, &str)]) -> Vec<(String, Access)> {
        let tree = Tree::from_files(
            files
                .iter()
                .map(|(p, t)| (p.to_string(), t.as_bytes().to_vec()))
                .collect(),
        );
        let rules = ProjectRules::built_in();
        let code = Code::prepare(&tree, rules);
        let manifests = Manifests::read(&tree);
        let p = Patterns::resolve(rules).unwrap();
        discover(&code, &manifests, &p)
            .into_iter()
            .map(|(e, f)| (e.name, f.access()))
            .collect()
    }

    const NEXT: &str = r#"{"dependencies":{"next":"14"}}"#;

    #[test]
    fn next_route_handlers_checked_open_and_harmless() {
        let got = run(&[
            ("package.json", NEXT),
            (
                "app/api/notes/route.ts",
                "import { prisma } from '@/lib/db';\nexport async function GET() {\n  return Response.json(await prisma.note.findMany());\n}\nexport async function POST(req: Request) {\n  const body = await req.json();\n  await prisma.note.create({ data: body });\n  return Response.json({ ok: true });\n}\n",
            ),
            (
                "app/api/(admin)/users/route.ts",
                "export async function DELETE(req: Request) {\n  const { data: { user } } = await supabase.auth.getUser();\n  if (!user) return new Response(null, { status: 401 });\n  await prisma.user.delete({ where: { id: user.id } });\n}\n",
            ),
        ]);
        assert_eq!(
            got,
            [
                ("DELETE /api/users".into(), Access::Checked),
                ("GET /api/notes".into(), Access::Harmless),
                ("POST /api/notes".into(), Access::Open),
            ]
        );
    }

    #[test]
    fn supabase_writes_are_open_only_with_the_service_role() {
        let handler = |key: &str| {
            format!("const supabase = createClient(url, process.env.{key}!);\nexport async function POST(req: Request) {{\n  const {{ email }} = await req.json();\n  await supabase.from('leads').insert({{ email }});\n}}\n")
        };
        let anon = handler("NEXT_PUBLIC_SUPABASE_ANON_KEY");
        let admin = handler("SUPABASE_SERVICE_ROLE_KEY");
        assert_eq!(
            run(&[("package.json", NEXT), ("app/api/lead/route.ts", &anon)])[0].1,
            Access::Harmless
        );
        assert_eq!(
            run(&[("package.json", NEXT), ("app/api/lead/route.ts", &admin)])[0].1,
            Access::Open
        );
    }

    #[test]
    fn helpers_middleware_and_signatures_count_as_checks() {
        let got = run(&[
            ("package.json", NEXT),
            ("lib/auth.ts", "export async function requireUser() {\n  const { data } = await supabase.auth.getUser();\n  if (!data.user) throw new Error('no');\n  return data.user;\n}\n"),
            ("app/api/a/route.ts", "import { requireUser } from '@/lib/auth';\nexport async function POST() {\n  const user = await requireUser();\n  await prisma.a.create({ data: { userId: user.id } });\n}\n"),
            ("app/api/stripe/route.ts", "export async function POST(req: Request) {\n  const event = stripe.webhooks.constructEvent(await req.text(), sig, secret);\n  await prisma.order.update({ where: { id }, data: { paid: true } });\n}\n"),
        ]);
        assert_eq!(got[0].1, Access::Checked, "{got:?}");
        assert_eq!(got[1].1, Access::Verified, "{got:?}");
        let guarded = run(&[
            ("package.json", NEXT),
            ("middleware.ts", "import { updateSession } from '@/utils/supabase/middleware';\nexport async function middleware(request) {\n  return await updateSession(request);\n}\nexport const config = { matcher: ['/((?!_next/static|favicon.ico).*)'] };\n"),
            ("utils/supabase/middleware.ts", "export async function updateSession(request) {\n  const { data: { user } } = await supabase.auth.getUser();\n  if (!user && !request.nextUrl.pathname.startsWith('/login')) {\n    return NextResponse.redirect(new URL('/login', request.url));\n  }\n}\n"),
            ("app/api/b/route.ts", "export async function POST() {\n  await prisma.b.deleteMany({});\n}\n"),
        ]);
        assert_eq!(guarded.last().unwrap().1, Access::Guarded, "{guarded:?}");
        let narrow = run(&[
            ("package.json", NEXT),
            ("middleware.ts", "export async function middleware(request) {\n  const { data: { user } } = await supabase.auth.getUser();\n  if (!user) return NextResponse.redirect(new URL('/login', request.url));\n}\nexport const config = { matcher: ['/dashboard/:path*'] };\n"),
            ("app/api/b/route.ts", "export async function POST() {\n  await prisma.b.deleteMany({});\n}\n"),
        ]);
        assert_eq!(narrow.last().unwrap().1, Access::Open, "{narrow:?}");
    }

    #[test]
    fn express_routes_inline_named_and_mounted() {
        let server = "import express from 'express';\nimport { createInvoice } from './invoices';\nconst app = express();\napp.post('/api/invoices', createInvoice);\napp.get('/health', (req, res) => res.send('ok'));\napp.delete('/api/invoices/:id', async (req, res) => {\n  await Invoice.findByIdAndDelete(req.params.id);\n  res.end();\n});\napp.post('/api/other', other.handler);\n";
        let invoices = "export async function createInvoice(req, res) {\n  await Invoice.create({ ...req.body });\n  res.json({ ok: true });\n}\n";
        let got = run(&[("server.js", server), ("invoices.js", invoices)]);
        assert_eq!(
            got,
            [
                ("POST /api/invoices".into(), Access::Open),
                ("GET /health".into(), Access::Harmless),
                ("DELETE /api/invoices/:id".into(), Access::Open),
                ("POST /api/other".into(), Access::Unknown),
            ]
        );
        let mounted = run(&[
            ("server.js", "import express from 'express';\napp.use('/api', requireAuth, api);\n"),
            ("routes/api.js", "import express from 'express';\nconst router = express.Router();\nrouter.post('/x', async (req, res) => {\n  await Invoice.create(req.body);\n});\n"),
        ]);
        assert_eq!(mounted[0].1, Access::Unknown);
    }

    #[test]
    fn actions_edge_functions_and_python_routes() {
        let action = "'use server';\n\nexport async function deleteNote(id: string) {\n  await prisma.note.delete({ where: { id } });\n}\nexport async function signIn(formData: FormData) {\n  await supabase.auth.signInWithPassword({ email: formData.get('email') });\n}\n";
        let edge = "import { createClient } from 'npm:@supabase/supabase-js';\nDeno.serve(async (req) => {\n  const admin = createClient(Deno.env.get('SUPABASE_URL')!, Deno.env.get('SUPABASE_SERVICE_ROLE_KEY')!);\n  const { data } = await admin.from('profiles').select('*');\n  return new Response(JSON.stringify(data));\n});\n";
        let py = "router = APIRouter(prefix=\"/items\")\n\n@router.get(\"/\")\ndef read_items(session: SessionDep, current_user: CurrentUser):\n    return crud.list(session)\n\n@router.delete(\"/{id}\")\ndef delete_item(session: SessionDep, id: int):\n    session.delete(session.get(Item, id))\n    session.commit()\n";
        let got = run(&[
            ("package.json", NEXT),
            ("app/actions.ts", action),
            ("supabase/functions/export-profiles/index.ts", edge),
            ("backend/app/api/routes/items.py", py),
        ]);
        assert_eq!(
            got,
            [
                ("server action deleteNote".into(), Access::Open),
                ("server action signIn".into(), Access::Harmless),
                ("GET /".into(), Access::Checked),
                ("DELETE /{id}".into(), Access::Open),
                ("edge function export-profiles".into(), Access::Open),
            ]
        );
    }

    #[test]
    fn routers_mounted_only_in_development_are_not_judged() {
        let got = run(&[
            ("api/main.py", "from app.api.routes import items, private\napi_router.include_router(items.router)\nif settings.ENVIRONMENT == \"local\":\n    api_router.include_router(private.router)\n"),
            ("api/routes/private.py", "@router.post(\n    \"/users/\"\n)\ndef create_user(session: SessionDep, user_in: UserIn):\n    session.add(User(**user_in.dict()))\n"),
            ("api/routes/items.py", "@router.delete(\"/{id}\")\ndef delete_item(session: SessionDep, id: int):\n    session.delete(session.get(Item, id))\n"),
        ]);
        assert_eq!(
            got,
            [
                ("DELETE /{id}".into(), Access::Open),
                ("POST /users/".into(), Access::Unknown),
            ]
        );
    }

    #[test]
    fn urls_from_paths() {
        assert_eq!(
            url_of("apps/web/src/app/(auth)/api/login/route.ts", "app"),
            "/api/login"
        );
        assert_eq!(
            url_of("pages/api/users/[id].ts", "pages"),
            "/api/users/[id]"
        );
        assert_eq!(url_of("pages/api/index.ts", "pages"), "/api");
        assert_eq!(
            url_of("src/routes/login/+page.server.ts", "routes"),
            "/login"
        );
        assert_eq!(
            registration_name("  router.post(\"/login\", limiter, login);"),
            "POST /login"
        );
        assert_eq!(
            exported_name("export const deleteNote = async (id) => {"),
            Some("deleteNote")
        );
    }
}
