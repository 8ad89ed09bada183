//! Server-rendered pages (askama): home, login, catalogue, indicator, org unit, API docs.
//! Every page works without JavaScript; forms post and redirect.

use crate::AppState;
use crate::error::message;
use crate::extract::{LANG_COOKIE, SESSION_COOKIE, cookie, page_lang, principal};
use crate::i18n::{Lang, fmt_exact, fmt_num, fmt_time, t, t_args};
use askama::Template;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use chiso_app::catalogue::CatalogueQuery;
use chiso_app::paging::Page;
use chiso_app::values::ValueFilter;
use chiso_app::{AppError, ErrorKind, Problem};
use chiso_core::access::{Action, Principal};
use chiso_core::indicator::{Field, IndicatorGroup, LifecycleStatus};
use chiso_core::org::OrgKind;
use chiso_core::workflow;
use serde::Deserialize;

mod analysis;
mod approvals;
mod catalogue_io;
mod dashboard;
mod data_import;
mod entry;
mod explanations;
mod indicator_form;
pub(crate) mod indices;
mod my_tasks;
mod quality;
mod resolutions;
mod submissions;
mod targets;
mod value_history;

/// Page routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/login", get(login_form).post(login))
        .route("/logout", post(logout))
        .route("/lang/{lang}", get(set_lang))
        .route("/catalogue", get(catalogue))
        .route(
            "/catalogue/import",
            get(catalogue_io::form).post(catalogue_io::upload),
        )
        .route("/catalogue/{file}", get(catalogue_io::export))
        .route(
            "/indicators/new",
            get(indicator_form::new_form).post(indicator_form::create),
        )
        .route("/indicators/{code}", get(indicator))
        .route(
            "/indicators/{code}/edit",
            get(indicator_form::edit_form).post(indicator_form::update),
        )
        .route("/indicators/{code}/transition", post(transition))
        .route("/indicators/{code}/screening", post(screening))
        .route("/entry", get(entry::form).post(entry::save))
        .route("/entry/unlock", post(entry::unlock))
        .route("/entry/evidence", post(entry::attach))
        .route("/evidence/{id}", get(entry::download))
        .route(
            "/import",
            get(data_import::page).post(data_import::upload).layer(
                axum::extract::DefaultBodyLimit::max(
                    usize::try_from(chiso_app::exchange::MAX_FILE_BYTES).unwrap_or(usize::MAX),
                ),
            ),
        )
        .route("/import/jobs/{id}", get(data_import::job))
        .route("/import/template.xlsx", get(data_import::template))
        .route("/approvals", get(approvals::page))
        .route("/quality", get(quality::page))
        .route(
            "/values/{indicator}/{unit}/{period}",
            get(value_history::page),
        )
        .route("/approvals/approve", post(approvals::approve))
        .route("/approvals/return", post(approvals::give_back))
        .route("/approvals/unlocks/{id}", post(approvals::decide))
        .route("/dashboard", get(dashboard::page))
        .route("/indices", get(indices::list))
        .route("/indices/{code}/{year}", get(indices::ranking))
        .route("/indices/{code}/{year}/export.xlsx", get(indices::export))
        .route("/indices/{code}/{year}/units/{unit}", get(indices::unit))
        .route(
            "/indices/{code}/{year}/units/{unit}/export.xlsx",
            get(indices::unit_export),
        )
        .route("/targets", get(targets::page).post(targets::save))
        .route("/submissions", get(submissions::page))
        .route("/resolutions", get(resolutions::list))
        .route("/my-tasks", get(my_tasks::page))
        .route("/tasks/{code}/progress", post(my_tasks::report))
        .route(
            "/explanations",
            get(explanations::list).post(explanations::ask),
        )
        .route("/explanations/{id}/answer", post(explanations::answer))
        .route("/resolutions/{code}", get(resolutions::detail))
        .route("/task-updates/{id}/review", post(resolutions::review))
        .route("/resolutions/{code}/import", post(resolutions::import))
        .route("/resolutions/{code}/tasks", post(resolutions::add_task))
        .route(
            "/resolutions/{code}/documents",
            post(resolutions::attach_document),
        )
        .route("/task-files/{id}", get(resolutions::download))
        .route(
            "/resolutions/{code}/tasks-template",
            get(resolutions::template),
        )
        .route("/tasks/{code}/evaluation", post(resolutions::evaluate))
        .route("/workflow", get(workflow_board))
        .route("/coverage", get(coverage))
        .route("/sets", get(sets_list).post(sets_promulgate))
        .route("/sets/{code}", get(set_detail))
        .route("/sets/{code}/diff", get(set_diff_page))
        .route("/org", get(org_root))
        .route("/org/{code}", get(org))
        .route("/api/docs", get(docs))
}

/// What the layout needs on every page.
#[derive(Debug, Clone)]
pub struct Chrome {
    /// Page language.
    pub lang: Lang,
    /// The signed-in user, if any.
    pub user: Option<Principal>,
    /// Path and query of this page (for the language switch).
    pub here: String,
    /// Page title.
    pub title: String,
    /// Navigation section to highlight.
    pub section: &'static str,
    /// Whether the data is the demo province (shows the sample-data banner).
    pub sample: bool,
}

impl Chrome {
    /// A message in the page language.
    pub fn t(&self, key: &str) -> String {
        t(self.lang, key)
    }

    /// This page's address, percent-encoded for a `next=` parameter.
    pub fn here_encoded(&self) -> String {
        percent_encode(&self.here)
    }
}

fn percent_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The request context of a page: language, caller, address.
pub struct Ctx {
    lang: Lang,
    user: Option<Principal>,
    here: String,
    sample: bool,
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = Response;
    async fn from_request_parts(parts: &mut Parts, s: &AppState) -> Result<Self, Response> {
        let lang = page_lang(parts);
        let user = principal(parts, s)
            .await
            .map_err(|e| render_error(lang, None, e))?;
        let here = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_string())
            .unwrap_or_else(|| "/".into());
        Ok(Ctx {
            lang,
            user,
            here,
            sample: s.app.is_demo(),
        })
    }
}

impl Ctx {
    fn chrome(&self, title: String, section: &'static str) -> Chrome {
        Chrome {
            lang: self.lang,
            user: self.user.clone(),
            here: self.here.clone(),
            title,
            section,
            sample: self.sample,
        }
    }

    /// The signed-in user, or a redirect to the login page that comes back here.
    fn require_user(&self) -> Result<Principal, Redirect> {
        self.user
            .clone()
            .ok_or_else(|| Redirect::to(&format!("/login?next={}", percent_encode(&self.here))))
    }

    fn l<'a>(&self, vi: &'a str, en: &'a str) -> &'a str {
        match self.lang {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

fn render(t: &impl Template) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!("template: {e}");
            (StatusCode::INTERNAL_SERVER_ERROR, "template error").into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    c: Chrome,
    message: String,
}

/// A stored file as a download; the name goes out percent-encoded (RFC 5987), so no
/// character of it can break the header.
fn file_download(file_name: &str, content_type: &str, bytes: Vec<u8>) -> Response {
    let encoded: String = file_name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename*=UTF-8''{encoded}"),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// The fields of a multipart form: text fields by name, and the files chosen (field name,
/// file name, content); a file input left empty is not a file.
async fn multipart_fields(
    mut form: axum::extract::Multipart,
) -> Result<
    (
        std::collections::HashMap<String, String>,
        Vec<(String, String, Vec<u8>)>,
    ),
    AppError,
> {
    let mut text = std::collections::HashMap::new();
    let mut files = Vec::new();
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                return Err(Problem::invalid("import.unreadable")
                    .arg("detail", e.to_string())
                    .into());
            }
        };
        let name = field.name().unwrap_or("").to_string();
        let file_name = field.file_name().map(str::to_string);
        let bytes = field.bytes().await.map_err(|e| {
            AppError::from(Problem::invalid("import.unreadable").arg("detail", e.to_string()))
        })?;
        match file_name {
            Some(f) if !(f.is_empty() && bytes.is_empty()) => files.push((name, f, bytes.to_vec())),
            Some(_) => {}
            None => {
                text.insert(name, String::from_utf8_lossy(&bytes).trim().to_string());
            }
        }
    }
    Ok((text, files))
}

fn render_error(lang: Lang, user: Option<Principal>, e: AppError) -> Response {
    if let AppError::Internal(d) = &e {
        tracing::error!(detail = %d, "internal error");
    }
    let p = e.first();
    let status = crate::error::status_of(&p);
    let c = Chrome {
        lang,
        user,
        here: "/".into(),
        title: t(lang, "error.title"),
        section: "",
        sample: false,
    };
    let mut r = render(&ErrorPage {
        c,
        message: message(&p, lang),
    });
    *r.status_mut() = status;
    r
}

/// The 404 page for unknown addresses (JSON under `/api`).
pub async fn not_found(uri: axum::http::Uri, headers: HeaderMap) -> Response {
    let what = uri.path().to_string();
    let p = Problem::new(ErrorKind::NotFound, "not_found").arg("what", &what);
    if what.starts_with("/api/") {
        let lang = headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|h| h.to_str().ok())
            .and_then(Lang::parse)
            .unwrap_or_default();
        return crate::error::ApiError::new(p, lang).into_response();
    }
    render_error(Lang::Vi, None, p.into())
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    c: Chrome,
    welcome: String,
    n_indicators: String,
    n_values: String,
    n_units: String,
    fields: Vec<(String, String)>,
    matrix: Vec<MatrixRow>,
    roles: Vec<String>,
}

struct MatrixRow {
    label: String,
    cells: Vec<MatrixCell>,
}

struct MatrixCell {
    href: String,
    count: i64,
    class: &'static str,
}

/// The 5 groups × 6 fields matrix of counts; each cell links to its list in the catalogue.
fn matrix(counts: &[(String, String, i64)], lang: Lang, owner: Option<&str>) -> Vec<MatrixRow> {
    IndicatorGroup::ALL
        .iter()
        .map(|g| MatrixRow {
            label: t(lang, &format!("group.{g}")),
            cells: Field::ALL
                .iter()
                .map(|f| {
                    let count = counts
                        .iter()
                        .find(|c| c.0 == g.as_str() && c.1 == f.as_str())
                        .map_or(0, |c| c.2);
                    let mut href = format!("/catalogue?group={g}&field={f}");
                    if let Some(o) = owner {
                        href.push_str(&format!("&owner={}", percent_encode(o)));
                    }
                    MatrixCell {
                        href,
                        count,
                        class: match count {
                            0 => "empty",
                            1..=2 => "thin",
                            3..=5 => "ok",
                            _ => "rich",
                        },
                    }
                })
                .collect(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "coverage.html")]
struct CoveragePage {
    c: Chrome,
    fields: Vec<(String, String)>,
    matrix: Vec<MatrixRow>,
    owners: Vec<(String, String, bool)>,
    sets: Vec<(String, String, bool)>,
    total: String,
}

#[derive(Deserialize, Default)]
struct CoverageQuery {
    owner: Option<String>,
    set: Option<String>,
}

async fn coverage(State(s): State<AppState>, ctx: Ctx, Query(q): Query<CoverageQuery>) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    let lang = ctx.lang;
    let owner = q.owner.as_deref().filter(|o| !o.is_empty());
    let set = q.set.as_deref().filter(|o| !o.is_empty());
    let counts = match s.app.coverage(owner, set).await {
        Ok(c) => c,
        Err(e) => return render_error(lang, Some(who), e),
    };
    let sets = match s.app.sets().await {
        Ok(all) => all
            .into_iter()
            .map(|x| {
                let sel = set == Some(x.set.code.as_str());
                (x.set.code, x.set.name_vi, sel)
            })
            .collect(),
        Err(e) => return render_error(lang, Some(who), e),
    };
    let total: i64 = counts.iter().map(|c| c.2).sum();
    render(&CoveragePage {
        c: ctx.chrome(t(lang, "home.coverage"), "home"),
        fields: Field::ALL
            .iter()
            .map(|f| (f.as_str().to_string(), t(lang, &format!("field.{f}"))))
            .collect(),
        matrix: matrix(&counts, lang, owner),
        owners: agency_options(&s.app.tree(), lang, owner),
        sets,
        total: t_args(lang, "catalogue.count", &[("total", total.to_string())]),
    })
}

/// The agencies as options of a select, in Vietnamese alphabetical order.
/// A table offered as an Excel download named `file`.
fn xlsx_download(
    lang: Lang,
    user: Option<Principal>,
    file: &str,
    sheet: &str,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
) -> Response {
    match chiso_app::catalogue_io::table_xlsx(sheet, &headers, &rows) {
        Ok(bytes) => xlsx_response(file, bytes),
        Err(e) => render_error(lang, user, e),
    }
}

/// Workbook bytes offered as the download `file`.
fn xlsx_response(file: &str, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, crate::api::XLSX_MIME.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// Every unit as options of a select, indented by depth, `selected` marked.
fn unit_options(
    tree: &chiso_core::org::OrgTree,
    lang: Lang,
    selected: &str,
) -> Vec<(String, String, bool)> {
    let mut out = Vec::new();
    for root in tree.roots() {
        for u in tree.subtree(root.id) {
            let depth = tree.ancestors(u.id).len();
            out.push((
                u.code.to_string(),
                format!("{}{}", "\u{a0}\u{a0}".repeat(depth), unit_name(u, lang)),
                u.code.as_str() == selected,
            ));
        }
    }
    out
}

fn agency_options(
    tree: &chiso_core::org::OrgTree,
    lang: Lang,
    selected: Option<&str>,
) -> Vec<(String, String, bool)> {
    let mut owners: Vec<(String, String, bool)> = tree
        .units()
        .iter()
        .filter(|u| u.kind == OrgKind::Agency)
        .map(|u| {
            let code = u.code.to_string();
            let sel = selected == Some(code.as_str());
            (code, unit_name(u, lang), sel)
        })
        .collect();
    owners.sort_by_cached_key(|o| chiso_core::text::collation_key(&o.1));
    owners
}

async fn home(State(s): State<AppState>, ctx: Ctx) -> Response {
    let lang = ctx.lang;
    let mut page = HomePage {
        c: ctx.chrome(t(lang, "home.title"), "home"),
        welcome: String::new(),
        n_indicators: String::new(),
        n_values: String::new(),
        n_units: String::new(),
        fields: Field::ALL
            .iter()
            .map(|f| (f.as_str().to_string(), t(lang, &format!("field.{f}"))))
            .collect(),
        matrix: Vec::new(),
        roles: Vec::new(),
    };
    if let Some(u) = &ctx.user {
        // A leader's home is the steering dashboard.
        if u.has_role(chiso_core::access::Role::Leader) {
            return Redirect::to("/dashboard").into_response();
        }
        let tree = s.app.tree();
        let counts = match s.app.coverage(None, None).await {
            Ok(c) => c,
            Err(e) => return render_error(lang, ctx.user.clone(), e),
        };
        let n_values = s.app.store().count_values().await.unwrap_or(0);
        let total: i64 = counts.iter().map(|c| c.2).sum();
        page.welcome = t_args(lang, "home.welcome", &[("name", u.full_name.clone())]);
        page.n_indicators = fmt_num(total as f64, 0, lang);
        page.n_values = fmt_num(n_values as f64, 0, lang);
        page.n_units = fmt_num(tree.len() as f64, 0, lang);
        page.matrix = matrix(&counts, lang, None);
        page.roles = u
            .grants
            .iter()
            .map(|g| {
                let unit = tree
                    .get(g.org_unit_id)
                    .map(|o| unit_name(o, lang))
                    .unwrap_or_default();
                format!("{} — {unit}", t(lang, &format!("role.{}", g.role)))
            })
            .collect();
    }
    render(&page)
}

fn unit_name(u: &chiso_core::org::OrgUnit, lang: Lang) -> String {
    match lang {
        Lang::Vi => u.name_vi.clone(),
        Lang::En => u.name_en.clone(),
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    c: Chrome,
    failed: bool,
    next: String,
    username: String,
}

#[derive(Deserialize)]
struct NextParam {
    next: Option<String>,
}

/// Only local paths are followed after login or a language switch.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_string(),
        _ => "/".into(),
    }
}

async fn login_form(ctx: Ctx, Query(q): Query<NextParam>) -> Response {
    render(&LoginPage {
        c: ctx.chrome(t(ctx.lang, "login.title"), ""),
        failed: false,
        next: safe_next(q.next.as_deref()),
        username: String::new(),
    })
}

#[derive(Deserialize)]
struct LoginForm {
    username: String,
    password: String,
    next: Option<String>,
}

fn session_cookie(value: &str, max_age: i64, secure: bool) -> HeaderValue {
    let s = format!(
        "{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{}",
        if secure { "; Secure" } else { "" }
    );
    HeaderValue::from_str(&s).unwrap_or_else(|_| HeaderValue::from_static(""))
}

async fn login(
    State(s): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Response {
    let next = safe_next(f.next.as_deref());
    match s.app.login(&f.username, &f.password).await {
        Ok(token) => {
            let secure = headers
                .get("x-forwarded-proto")
                .is_some_and(|v| v.as_bytes() == b"https");
            let max_age = chiso_app::auth::SESSION_DAYS * 86_400;
            let mut r = Redirect::to(&next).into_response();
            r.headers_mut()
                .append(header::SET_COOKIE, session_cookie(&token, max_age, secure));
            r
        }
        Err(AppError::Problem(p)) if p.kind == ErrorKind::Unauthenticated => {
            let mut r = render(&LoginPage {
                c: ctx.chrome(t(ctx.lang, "login.title"), ""),
                failed: true,
                next,
                username: f.username,
            });
            *r.status_mut() = StatusCode::UNAUTHORIZED;
            r
        }
        Err(e) => render_error(ctx.lang, None, e),
    }
}

async fn logout(State(s): State<AppState>, parts: Parts) -> Response {
    if let Some(token) = cookie(&parts, SESSION_COOKIE) {
        let _ = s.app.logout(&token).await;
    }
    let mut r = Redirect::to("/").into_response();
    r.headers_mut()
        .append(header::SET_COOKIE, session_cookie("", 0, false));
    r
}

async fn set_lang(Path(lang): Path<String>, Query(q): Query<NextParam>) -> Response {
    let lang = Lang::parse(&lang).unwrap_or_default();
    let mut r = Redirect::to(&safe_next(q.next.as_deref())).into_response();
    let c = format!(
        "{LANG_COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000",
        lang.code()
    );
    if let Ok(v) = HeaderValue::from_str(&c) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}

#[derive(Template)]
#[template(path = "catalogue.html")]
struct CataloguePage {
    c: Chrome,
    q: String,
    groups: Vec<(String, String, bool)>,
    fields: Vec<(String, String, bool)>,
    owners: Vec<(String, String, bool)>,
    count: String,
    rows: Vec<CatalogueRow>,
    prev: Option<String>,
    next: Option<String>,
    page_label: String,
    /// Whether the caller may propose indicators (shows the "new indicator" button).
    can_create: bool,
}

struct CatalogueRow {
    code: String,
    name: String,
    group_key: String,
    group: String,
    field: String,
    owner_code: String,
    owner: String,
    frequency: String,
    unit: String,
    status: String,
}

#[derive(Deserialize, Default)]
struct CatalogueParams {
    q: Option<String>,
    group: Option<String>,
    field: Option<String>,
    owner: Option<String>,
    page: Option<i64>,
}

const CATALOGUE_PER_PAGE: i64 = 50;

async fn catalogue(
    State(s): State<AppState>,
    ctx: Ctx,
    Query(p): Query<CatalogueParams>,
) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    let lang = ctx.lang;
    let group = p.group.as_deref().and_then(IndicatorGroup::parse);
    let field = p.field.as_deref().and_then(Field::parse);
    let owner = p.owner.clone().filter(|o| !o.is_empty());
    let q = CatalogueQuery {
        group,
        field,
        owner: owner.clone(),
        status: None,
        text: p.q.clone(),
    };
    let page = Page {
        page: p.page.unwrap_or(1).max(1),
        per_page: CATALOGUE_PER_PAGE,
    };
    let listing = match s.app.list_indicators(&who, &q, page).await {
        Ok(l) => l,
        Err(e) => return render_error(lang, Some(who), e),
    };
    let tree = s.app.tree();
    let owners = agency_options(&tree, lang, owner.as_deref());
    let rows = listing
        .items
        .iter()
        .map(|r| {
            let i = &r.indicator;
            let o = tree.get(i.sheet.owner_id);
            CatalogueRow {
                code: i.code.to_string(),
                name: match lang {
                    Lang::Vi => i.sheet.name_vi.clone(),
                    Lang::En => i.sheet.name_en.clone(),
                },
                group_key: i.sheet.group.as_str().into(),
                group: t(lang, &format!("group.{}", i.sheet.group)),
                field: t(lang, &format!("field.{}", i.sheet.field)),
                owner_code: o.map(|u| u.code.to_string()).unwrap_or_default(),
                owner: o.map(|u| unit_name(u, lang)).unwrap_or_default(),
                frequency: t(lang, &format!("frequency.{}", i.sheet.frequency.as_str())),
                unit: i.sheet.unit.clone(),
                status: t(lang, &format!("lifecycle.{}", i.sheet.status)),
            }
        })
        .collect();
    let pages = ((listing.total + CATALOGUE_PER_PAGE - 1) / CATALOGUE_PER_PAGE).max(1);
    let link = |n: i64| {
        let mut qs = vec![format!("page={n}")];
        for (k, v) in [
            ("q", &p.q),
            ("group", &p.group),
            ("field", &p.field),
            ("owner", &p.owner),
        ] {
            if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
                qs.push(format!("{k}={}", percent_encode(v)));
            }
        }
        format!("/catalogue?{}", qs.join("&"))
    };
    render(&CataloguePage {
        c: ctx.chrome(t(lang, "catalogue.title"), "catalogue"),
        q: p.q.clone().unwrap_or_default(),
        groups: IndicatorGroup::ALL
            .iter()
            .map(|g| {
                (
                    g.as_str().into(),
                    t(lang, &format!("group.{g}")),
                    group == Some(*g),
                )
            })
            .collect(),
        fields: Field::ALL
            .iter()
            .map(|f| {
                (
                    f.as_str().into(),
                    t(lang, &format!("field.{f}")),
                    field == Some(*f),
                )
            })
            .collect(),
        owners,
        count: t_args(
            lang,
            "catalogue.count",
            &[("total", listing.total.to_string())],
        ),
        rows,
        prev: (page.page > 1).then(|| link(page.page - 1)),
        next: (page.page < pages).then(|| link(page.page + 1)),
        page_label: t_args(
            lang,
            "catalogue.page",
            &[
                ("page", page.page.to_string()),
                ("pages", pages.to_string()),
            ],
        ),
        can_create: ctx
            .user
            .as_ref()
            .is_some_and(|u| u.can_somewhere(Action::EditCatalogue)),
    })
}

#[derive(Template)]
#[template(path = "indicator.html")]
struct IndicatorPage {
    c: Chrome,
    code: String,
    name: String,
    group_key: String,
    group: String,
    field: String,
    version: i32,
    unit: String,
    attrs: Vec<(String, String)>,
    values: Vec<ValueRowView>,
    values_count: String,
    targets: Vec<(String, String)>,
    flash: Option<String>,
    alert: Option<String>,
    steps: Vec<(String, &'static str)>,
    moves: Vec<(String, String)>,
    next_step: String,
    next_missing: String,
    next_who: String,
    dups: Vec<DupView>,
    can_screen: bool,
    /// Whether the caller may edit this sheet.
    can_edit: bool,
    /// Definition versions, newest first.
    versions: Vec<VersionView>,
    /// The analysis for the chosen unit and period.
    an: analysis::AnalysisCard,
}

struct DupView {
    code: String,
    name: String,
    score: String,
    likely: bool,
    conflict: bool,
    decision: String,
}

struct ValueRowView {
    period: String,
    org_code: String,
    org: String,
    value: String,
    status_key: String,
    status: String,
    comment: String,
    updated: String,
}

const VALUES_SHOWN: i64 = 100;

#[derive(Deserialize, Default)]
struct Flash {
    done: Option<String>,
    screened: Option<String>,
    saved: Option<String>,
    unit: Option<String>,
    period: Option<String>,
    approved_only: Option<String>,
}

async fn indicator(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(f): Query<Flash>,
) -> Response {
    let lang = ctx.lang;
    let flash = match (
        f.done.as_deref().and_then(LifecycleStatus::parse),
        f.screened,
    ) {
        _ if f.saved.is_some() => Some(t(lang, "form.saved")),
        (Some(to), _) => Some(t_args(
            lang,
            "workflow.done",
            &[("to", t(lang, &format!("lifecycle.{to}")))],
        )),
        (None, Some(_)) => Some(t(lang, "screening.recorded")),
        _ => None,
    };
    let view = analysis::AnalysisQuery {
        unit: f.unit,
        period: f.period,
        approved_only: f.approved_only,
    };
    indicator_page(&s, ctx, &code, flash, None, view).await
}

#[derive(Deserialize)]
struct TransitionForm {
    to: String,
    comment: String,
}

async fn transition(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Form(f): Form<TransitionForm>,
) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    let Some(to) = LifecycleStatus::parse(&f.to) else {
        return render_error(
            ctx.lang,
            Some(who),
            Problem::invalid("query.invalid")
                .field("to")
                .arg("detail", &f.to)
                .into(),
        );
    };
    match s.app.transition(&who, &code, to, &f.comment).await {
        Ok(_) => Redirect::to(&format!("/indicators/{code}?done={to}")).into_response(),
        Err(e) => {
            let p = e.first();
            let status = crate::error::status_of(&p);
            let alert = message(&p, ctx.lang);
            let mut r = indicator_page(
                &s,
                ctx,
                &code,
                None,
                Some(alert),
                analysis::AnalysisQuery::default(),
            )
            .await;
            if r.status().is_success() {
                *r.status_mut() = status;
            }
            r
        }
    }
}

#[derive(Deserialize)]
struct ScreeningForm {
    other: String,
    decision: String,
    reason: String,
}

async fn screening(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Form(f): Form<ScreeningForm>,
) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    let merge = f.decision == "merge";
    match s
        .app
        .decide_duplicate(&who, &code, &f.other, merge, &f.reason)
        .await
    {
        Ok(()) => Redirect::to(&format!("/indicators/{code}?screened=1")).into_response(),
        Err(e) => {
            let p = e.first();
            let status = crate::error::status_of(&p);
            let alert = message(&p, ctx.lang);
            let mut r = indicator_page(
                &s,
                ctx,
                &code,
                None,
                Some(alert),
                analysis::AnalysisQuery::default(),
            )
            .await;
            if r.status().is_success() {
                *r.status_mut() = status;
            }
            r
        }
    }
}

async fn indicator_page(
    s: &AppState,
    ctx: Ctx,
    code: &str,
    flash: Option<String>,
    alert: Option<String>,
    view: analysis::AnalysisQuery,
) -> Response {
    let code = code.to_string();
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    let lang = ctx.lang;
    let row = match s.app.indicator(&code).await {
        Ok(r) => r,
        Err(e) => return render_error(lang, Some(who), e),
    };
    let i = &row.indicator;
    let sh = &i.sheet;
    let tree = s.app.tree();
    let owner = tree.get(sh.owner_id);
    let none = || t(lang, "attr.none");
    let text = |v: &str| {
        if v.trim().is_empty() {
            none()
        } else {
            v.to_string()
        }
    };
    let date = |d: Option<chrono::NaiveDate>| {
        d.map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_else(none)
    };
    let opt_num = |v: Option<f64>| v.map(|v| fmt_exact(v, lang)).unwrap_or_else(none);
    let attrs = vec![
        ("attr.code", i.code.to_string()),
        ("attr.name_vi", sh.name_vi.clone()),
        ("attr.name_en", sh.name_en.clone()),
        ("attr.short_name", text(&sh.short_name)),
        ("attr.group", t(lang, &format!("group.{}", sh.group))),
        ("attr.field", t(lang, &format!("field.{}", sh.field))),
        ("attr.purpose", text(&sh.purpose)),
        ("attr.definition", text(&sh.definition)),
        ("attr.formula", text(sh.formula.as_deref().unwrap_or(""))),
        ("attr.unit", sh.unit.clone()),
        ("attr.decimals", sh.decimals.to_string()),
        (
            "attr.value_type",
            t(lang, &format!("value_type.{}", sh.value_type)),
        ),
        ("attr.min_value", opt_num(sh.min_value)),
        ("attr.max_value", opt_num(sh.max_value)),
        (
            "attr.allowed_values",
            if sh.allowed_values.is_empty() {
                none()
            } else {
                sh.allowed_values
                    .iter()
                    .map(|v| fmt_exact(*v, lang))
                    .collect::<Vec<_>>()
                    .join("; ")
            },
        ),
        ("attr.outlier_threshold", opt_num(sh.outlier_threshold)),
        (
            "attr.polarity",
            t(lang, &format!("polarity.{}", sh.polarity)),
        ),
        (
            "attr.aggregation_tree",
            t(lang, &format!("aggregation.{}", sh.aggregation_tree)),
        ),
        (
            "attr.weight_indicator",
            sh.weight_indicator
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_else(none),
        ),
        (
            "attr.aggregation_time",
            t(lang, &format!("aggregation.{}", sh.aggregation_time)),
        ),
        (
            "attr.frequency",
            t(lang, &format!("frequency.{}", sh.frequency.as_str())),
        ),
        ("attr.reporting_calendar", text(&sh.reporting_calendar)),
        ("attr.source", text(&sh.source)),
        (
            "attr.owner",
            owner.map(|u| unit_name(u, lang)).unwrap_or_else(none),
        ),
        (
            "attr.reporting_level",
            t(lang, &format!("reporting_level.{}", sh.reporting_level)),
        ),
        (
            "attr.province_acceptance",
            t(lang, &format!("flag.{}", sh.province_acceptance)),
        ),
        ("attr.providing_units", text(&sh.providing_units)),
        ("attr.accountable_person", text(&sh.accountable_person)),
        ("attr.legal_basis", text(&sh.legal_basis)),
        (
            "attr.national_code",
            text(sh.national_code.as_deref().unwrap_or("")),
        ),
        ("attr.disaggregations", text(&sh.disaggregations)),
        ("attr.effective_from", date(sh.effective_from)),
        ("attr.effective_to", date(sh.effective_to)),
        ("attr.status", t(lang, &format!("lifecycle.{}", sh.status))),
        ("attr.resolution_links", text(&sh.resolution_links)),
    ]
    .into_iter()
    .map(|(k, v)| (t(lang, k), v))
    .collect();
    // Values the caller may read: their scope, newest first.
    let filter = ValueFilter {
        indicator: Some(code.clone()),
        ..Default::default()
    };
    let page = Page {
        page: 1,
        per_page: VALUES_SHOWN,
    };
    let (values, total) = match s.app.query_values(&who, &filter, page).await {
        Ok(l) => (l.items, l.total),
        Err(_) => (Vec::new(), 0),
    };
    let values = values
        .into_iter()
        .map(|v| {
            let unit = tree.by_code(&v.org_unit);
            ValueRowView {
                period: v.period,
                org: unit.map(|u| unit_name(u, lang)).unwrap_or_default(),
                org_code: v.org_unit,
                value: fmt_num(v.value, sh.decimals, lang),
                status_key: v.status.as_str().into(),
                status: t(lang, &format!("value_status.{}", v.status)),
                comment: v.comment.unwrap_or_default(),
                updated: fmt_time(v.updated_at),
            }
        })
        .collect();
    let root = tree.roots().next().map(|r| r.id);
    let targets = match root {
        Some(r) => s
            .app
            .store()
            .targets(i.id, r)
            .await
            .unwrap_or_default()
            .into_iter()
            .map(|t| (t.period.to_string(), fmt_num(t.value, sh.decimals, lang)))
            .collect(),
        None => Vec::new(),
    };
    let shown = ctx.l(
        "Hiển thị {n} / {total} giá trị mới nhất",
        "Showing the latest {n} of {total} values",
    );
    let values_count = shown
        .replace("{n}", &VALUES_SHOWN.min(total).to_string())
        .replace("{total}", &fmt_num(total as f64, 0, lang));
    let name = match lang {
        Lang::Vi => sh.name_vi.clone(),
        Lang::En => sh.name_en.clone(),
    };
    let current = sh.status;
    let steps = [
        LifecycleStatus::Proposed,
        LifecycleStatus::Listed,
        LifecycleStatus::Standardized,
        LifecycleStatus::Screened,
        LifecycleStatus::Approved,
        LifecycleStatus::Operating,
    ]
    .iter()
    .map(|st| {
        let state = match workflow::position(*st).cmp(&workflow::position(current)) {
            std::cmp::Ordering::Less => "done",
            std::cmp::Ordering::Equal => "current",
            std::cmp::Ordering::Greater => "todo",
        };
        (t(lang, &format!("lifecycle.{st}")), state)
    })
    .collect();
    let moves = workflow::next_steps(current)
        .iter()
        .map(|st| (st.as_str().to_string(), t(lang, &format!("lifecycle.{st}"))))
        .collect();
    let (next_step, next_missing, next_who) = match workflow::forward(current) {
        Some(n) => (
            t(lang, &format!("lifecycle.{n}")),
            workflow::missing_for(n, sh)
                .iter()
                .map(|a| t(lang, &format!("attr.{a}")))
                .collect::<Vec<_>>()
                .join(", "),
            t(lang, workflow::gatekeeper(current, n).key()),
        ),
        None => (String::new(), String::new(), String::new()),
    };
    let dups = match s.app.duplicates(&code).await {
        Ok(d) => d
            .into_iter()
            .take(5)
            .map(|d| DupView {
                code: d.other.indicator.code.to_string(),
                name: match lang {
                    Lang::Vi => d.other.indicator.sheet.name_vi.clone(),
                    Lang::En => d.other.indicator.sheet.name_en.clone(),
                },
                score: format!("{:.0}%", d.score * 100.0),
                likely: d.likely,
                conflict: d.conflict,
                decision: match &d.decision {
                    Some(x) if x.merge => {
                        format!("{}: {}", t(lang, "screening.decided_merge"), x.reason)
                    }
                    Some(x) => format!("{}: {}", t(lang, "screening.decided_keep"), x.reason),
                    None => String::new(),
                },
            })
            .collect(),
        Err(_) => Vec::new(),
    };
    let can_screen = workflow::Gatekeeper::WorkingGroup.admits(&who, sh.owner_id, &tree);
    render(&IndicatorPage {
        c: ctx.chrome(name.clone(), "catalogue"),
        code: i.code.to_string(),
        name,
        group_key: sh.group.as_str().into(),
        group: t(lang, &format!("group.{}", sh.group)),
        field: t(lang, &format!("field.{}", sh.field)),
        version: i.version,
        unit: sh.unit.clone(),
        attrs,
        values,
        values_count,
        targets,
        flash,
        alert,
        steps,
        moves,
        next_step,
        next_missing,
        next_who,
        dups,
        can_screen,
        can_edit: who.can(Action::EditCatalogue, sh.owner_id, &tree),
        versions: version_history(s, i.id, lang).await,
        an: analysis::card(s, &who, &code, &view, lang).await,
    })
}

/// One definition version on the indicator page.
struct VersionView {
    version: i32,
    date: String,
    summary: String,
    /// Attribute, before, after.
    changes: Vec<(String, String, String)>,
}

/// The definition versions of an indicator, newest first, each with what changed.
async fn version_history(
    s: &AppState,
    id: chiso_core::indicator::IndicatorId,
    lang: Lang,
) -> Vec<VersionView> {
    let tree = s.app.tree();
    let versions = s
        .app
        .store()
        .indicator_versions(id)
        .await
        .unwrap_or_default();
    let mut out: Vec<VersionView> = versions
        .iter()
        .enumerate()
        .map(|(i, (version, sheet, at))| {
            let changes: Vec<_> = match i.checked_sub(1).and_then(|j| versions.get(j)) {
                Some((_, before, _)) => chiso_core::sets::diff_sheets(before, sheet)
                    .into_iter()
                    .map(|a| attribute_row(&a.attribute, &a.before, &a.after, &tree, lang))
                    .collect(),
                None => Vec::new(),
            };
            let summary = if i == 0 {
                t(lang, "indicator.first_version")
            } else {
                t_args(
                    lang,
                    "indicator.changed",
                    &[(
                        "attrs",
                        changes
                            .iter()
                            .map(|c| c.0.clone())
                            .collect::<Vec<_>>()
                            .join(", "),
                    )],
                )
            };
            VersionView {
                version: *version,
                date: at.format("%d/%m/%Y").to_string(),
                summary,
                changes,
            }
        })
        .collect();
    out.reverse();
    out
}

#[derive(Template)]
#[template(path = "workflow.html")]
struct BoardPage {
    c: Chrome,
    columns: Vec<BoardColumn>,
}

struct BoardColumn {
    step: String,
    count: String,
    cards: Vec<BoardCard>,
}

struct BoardCard {
    code: String,
    name: String,
    owner: String,
    next: String,
    missing: String,
    who: String,
}

async fn workflow_board(State(s): State<AppState>, ctx: Ctx) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    let lang = ctx.lang;
    let items = match s.app.workflow_board().await {
        Ok(i) => i,
        Err(e) => return render_error(lang, Some(who), e),
    };
    let tree = s.app.tree();
    let columns = [
        LifecycleStatus::Proposed,
        LifecycleStatus::Listed,
        LifecycleStatus::Standardized,
        LifecycleStatus::Screened,
        LifecycleStatus::Approved,
    ]
    .iter()
    .map(|st| {
        let cards: Vec<BoardCard> = items
            .iter()
            .filter(|i| i.row.indicator.sheet.status == *st)
            .map(|i| {
                let sh = &i.row.indicator.sheet;
                BoardCard {
                    code: i.row.indicator.code.to_string(),
                    name: match lang {
                        Lang::Vi => sh.name_vi.clone(),
                        Lang::En => sh.name_en.clone(),
                    },
                    owner: tree
                        .get(sh.owner_id)
                        .map(|u| unit_name(u, lang))
                        .unwrap_or_default(),
                    next: i
                        .next
                        .map(|n| t(lang, &format!("lifecycle.{n}")))
                        .unwrap_or_default(),
                    missing: i
                        .missing
                        .iter()
                        .map(|a| t(lang, &format!("attr.{a}")))
                        .collect::<Vec<_>>()
                        .join(", "),
                    who: i.gatekeeper.map(|g| t(lang, g.key())).unwrap_or_default(),
                }
            })
            .collect();
        BoardColumn {
            step: t(lang, &format!("lifecycle.{st}")),
            count: t_args(lang, "workflow.count", &[("n", cards.len().to_string())]),
            cards,
        }
    })
    .collect();
    render(&BoardPage {
        c: ctx.chrome(t(lang, "workflow.board"), "workflow"),
        columns,
    })
}

#[derive(Template)]
#[template(path = "org.html")]
struct OrgPage {
    c: Chrome,
    code: String,
    name: String,
    kind: String,
    level: i32,
    valid_from: String,
    path: Vec<(String, String)>,
    children: Vec<(String, String, String)>,
    owned: Vec<(String, String)>,
}

async fn org_root(State(s): State<AppState>) -> Response {
    match s.app.tree().roots().next() {
        Some(r) => Redirect::to(&format!("/org/{}", r.code)).into_response(),
        None => Redirect::to("/").into_response(),
    }
}

async fn org(State(s): State<AppState>, ctx: Ctx, Path(code): Path<String>) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    let lang = ctx.lang;
    let unit = match s.app.org_unit(&code) {
        Ok(u) => u,
        Err(e) => return render_error(lang, Some(who), e),
    };
    let tree = s.app.tree();
    let mut children: Vec<(String, String, String)> = tree
        .children(unit.id)
        .iter()
        .map(|c| {
            (
                c.code.to_string(),
                unit_name(c, lang),
                t(lang, &format!("kind.{}", c.kind.as_str())),
            )
        })
        .collect();
    children.sort_by_cached_key(|c| (c.2.clone(), chiso_core::text::collation_key(&c.1)));
    let q = CatalogueQuery {
        owner: Some(code.clone()),
        ..Default::default()
    };
    let owned = match s
        .app
        .list_indicators(
            &who,
            &q,
            Page {
                page: 1,
                per_page: 1000,
            },
        )
        .await
    {
        Ok(l) => l
            .items
            .iter()
            .map(|r| {
                let sh = &r.indicator.sheet;
                let name = match lang {
                    Lang::Vi => sh.name_vi.clone(),
                    Lang::En => sh.name_en.clone(),
                };
                (r.indicator.code.to_string(), name)
            })
            .collect(),
        Err(e) => return render_error(lang, Some(who), e),
    };
    render(&OrgPage {
        c: ctx.chrome(unit_name(&unit, lang), "org"),
        code: unit.code.to_string(),
        name: unit_name(&unit, lang),
        kind: t(lang, &format!("kind.{}", unit.kind.as_str())),
        level: unit.level,
        valid_from: unit
            .valid_from
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_default(),
        path: tree
            .path(unit.id)
            .iter()
            .map(|u| (u.code.to_string(), unit_name(u, lang)))
            .collect(),
        children,
        owned,
    })
}

#[derive(Template)]
#[template(path = "docs.html")]
struct DocsPage {
    c: Chrome,
    endpoints: Vec<(String, String, String)>,
}

async fn docs(ctx: Ctx) -> Response {
    use utoipa::OpenApi;
    let doc = crate::api::ApiDoc::openapi();
    let mut endpoints = Vec::new();
    for (path, item) in &doc.paths.paths {
        for (method, op) in [
            ("GET", &item.get),
            ("POST", &item.post),
            ("PUT", &item.put),
            ("DELETE", &item.delete),
        ] {
            if let Some(op) = op {
                let summary = op
                    .summary
                    .clone()
                    .or_else(|| op.description.clone())
                    .unwrap_or_default();
                endpoints.push((method.to_string(), path.clone(), summary));
            }
        }
    }
    render(&DocsPage {
        c: ctx.chrome(t(ctx.lang, "docs.title"), "api"),
        endpoints,
    })
}

#[derive(Template)]
#[template(path = "sets.html")]
struct SetsPage {
    c: Chrome,
    flash: Option<String>,
    alert: Option<String>,
    sets: Vec<SetLine>,
    can_promulgate: bool,
    form: SetForm,
}

struct SetLine {
    code: String,
    name: String,
    version: i32,
    decision: String,
    date: String,
    members: i64,
}

#[derive(Deserialize, Default, Clone)]
struct SetForm {
    code: String,
    name_vi: String,
    name_en: String,
    decision_number: String,
    decision_date: String,
    signer: String,
    indicators: String,
}

#[derive(Deserialize, Default)]
struct SetsQuery {
    done: Option<i32>,
}

async fn sets_page(
    s: &AppState,
    ctx: Ctx,
    flash: Option<String>,
    alert: Option<String>,
    form: SetForm,
) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    let lang = ctx.lang;
    let all = match s.app.sets().await {
        Ok(a) => a,
        Err(e) => return render_error(lang, Some(who), e),
    };
    let tree = s.app.tree();
    let root = tree.roots().next().map(|r| r.id).unwrap_or_default();
    let sets = all
        .iter()
        .filter_map(|x| {
            let v = x.versions.last()?;
            Some(SetLine {
                code: x.set.code.clone(),
                name: match lang {
                    Lang::Vi => x.set.name_vi.clone(),
                    Lang::En if !x.set.name_en.is_empty() => x.set.name_en.clone(),
                    Lang::En => x.set.name_vi.clone(),
                },
                version: v.version,
                decision: v.decision_number.clone(),
                date: v.decision_date.format("%d/%m/%Y").to_string(),
                members: v.members,
            })
        })
        .collect();
    render(&SetsPage {
        c: ctx.chrome(t(lang, "sets.title"), "sets"),
        flash,
        alert,
        sets,
        can_promulgate: workflow::Gatekeeper::Leader.admits(&who, root, &tree),
        form,
    })
}

async fn sets_list(State(s): State<AppState>, ctx: Ctx, Query(q): Query<SetsQuery>) -> Response {
    let flash = q
        .done
        .map(|v| t_args(ctx.lang, "sets.done", &[("version", v.to_string())]));
    sets_page(&s, ctx, flash, None, SetForm::default()).await
}

async fn sets_promulgate(State(s): State<AppState>, ctx: Ctx, Form(f): Form<SetForm>) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    let lang = ctx.lang;
    let fail = |p: Problem| (message(&p, lang), crate::error::status_of(&p));
    let date = match chrono::NaiveDate::parse_from_str(f.decision_date.trim(), "%Y-%m-%d") {
        Ok(d) => d,
        Err(_) => {
            let (m, st) = fail(Problem::invalid("required").field("decision_date"));
            let mut r = sets_page(&s, ctx, None, Some(m), f).await;
            *r.status_mut() = st;
            return r;
        }
    };
    let input = chiso_app::sets::SetInput {
        code: f.code.trim().to_string(),
        name_vi: f.name_vi.clone(),
        name_en: f.name_en.clone(),
        decision_number: f.decision_number.clone(),
        decision_date: date,
        signer: f.signer.clone(),
        indicators: f
            .indicators
            .split(|c: char| c == '\n' || c == ',' || c == ';' || c.is_whitespace())
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(str::to_string)
            .collect(),
    };
    match s.app.promulgate(&who, &input).await {
        Ok(v) => Redirect::to(&format!(
            "/sets/{}?version={v}",
            percent_encode(&input.code)
        ))
        .into_response(),
        Err(e) => {
            let (m, st) = fail(e.first());
            let mut r = sets_page(&s, ctx, None, Some(m), f).await;
            *r.status_mut() = st;
            r
        }
    }
}

#[derive(Template)]
#[template(path = "set.html")]
struct SetPage {
    c: Chrome,
    code: String,
    name: String,
    versions: Vec<(i32, String, String, String, i64)>,
    shown: i32,
    members: Vec<(String, String, i32)>,
}

#[derive(Deserialize, Default)]
struct VersionQuery {
    version: Option<i32>,
}

async fn set_detail(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<VersionQuery>,
) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    let lang = ctx.lang;
    let summary = match s.app.set(&code).await {
        Ok(x) => x,
        Err(e) => return render_error(lang, Some(who), e),
    };
    let shown = q
        .version
        .or_else(|| summary.versions.last().map(|v| v.version))
        .unwrap_or(1);
    let members = match s.app.set_members(&code, shown).await {
        Ok(m) => m,
        Err(e) => return render_error(lang, Some(who), e),
    };
    render(&SetPage {
        c: ctx.chrome(summary.set.name_vi.clone(), "sets"),
        code: summary.set.code.clone(),
        name: match lang {
            Lang::En if !summary.set.name_en.is_empty() => summary.set.name_en.clone(),
            _ => summary.set.name_vi.clone(),
        },
        versions: summary
            .versions
            .iter()
            .map(|v| {
                (
                    v.version,
                    v.decision_number.clone(),
                    v.decision_date.format("%d/%m/%Y").to_string(),
                    v.signer.clone(),
                    v.members,
                )
            })
            .collect(),
        shown,
        members: members
            .into_iter()
            .map(|m| {
                let name = match lang {
                    Lang::Vi => m.sheet.name_vi,
                    Lang::En => m.sheet.name_en,
                };
                (m.code, name, m.version)
            })
            .collect(),
    })
}

#[derive(Template)]
#[template(path = "set_diff.html")]
struct SetDiffPage {
    c: Chrome,
    code: String,
    title: String,
    unchanged: String,
    added: Vec<(String, String)>,
    removed: Vec<(String, String)>,
    changed: Vec<ChangedView>,
}

struct ChangedView {
    code: String,
    from: i32,
    to: i32,
    rows: Vec<(String, String, String)>,
}

#[derive(Deserialize)]
struct DiffQuery {
    from: i32,
    to: i32,
}

async fn set_diff_page(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<DiffQuery>,
) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    let lang = ctx.lang;
    let d = match s.app.set_diff(&code, q.from, q.to).await {
        Ok(d) => d,
        Err(e) => return render_error(lang, Some(who), e),
    };
    let name_of = async |c: &str| -> String {
        match s.app.indicator(c).await {
            Ok(r) => match lang {
                Lang::Vi => r.indicator.sheet.name_vi,
                Lang::En => r.indicator.sheet.name_en,
            },
            Err(_) => String::new(),
        }
    };
    let mut added = Vec::new();
    for c in &d.added {
        added.push((c.clone(), name_of(c).await));
    }
    let mut removed = Vec::new();
    for c in &d.removed {
        removed.push((c.clone(), name_of(c).await));
    }
    let tree = s.app.tree();
    let changed = d
        .changed
        .iter()
        .map(|ch| ChangedView {
            code: ch.code.clone(),
            from: ch.from_version,
            to: ch.to_version,
            rows: ch
                .changes
                .iter()
                .map(|a| attribute_row(&a.attribute, &a.before, &a.after, &tree, lang))
                .collect(),
        })
        .collect();
    render(&SetDiffPage {
        c: ctx.chrome(code.clone(), "sets"),
        title: t_args(
            lang,
            "sets.diff_title",
            &[("from", q.from.to_string()), ("to", q.to.to_string())],
        ),
        unchanged: t_args(
            lang,
            "sets.unchanged",
            &[("n", d.unchanged.len().to_string())],
        ),
        code,
        added,
        removed,
        changed,
    })
}

/// An attribute change as a person reads it: the attribute's label, enumerations in words,
/// the owner by name.
fn attribute_row(
    attribute: &str,
    before: &str,
    after: &str,
    tree: &chiso_core::org::OrgTree,
    lang: Lang,
) -> (String, String, String) {
    let prefix = match attribute {
        "group" => Some("group"),
        "field" => Some("field"),
        "polarity" => Some("polarity"),
        "aggregation_tree" | "aggregation_time" => Some("aggregation"),
        "value_type" => Some("value_type"),
        "frequency" => Some("frequency"),
        "reporting_level" => Some("reporting_level"),
        _ => None,
    };
    let show = |v: &str| -> String {
        if v.is_empty() {
            return t(lang, "attr.none");
        }
        match (attribute, prefix) {
            ("owner_id", _) => v
                .parse::<i64>()
                .ok()
                .and_then(|id| tree.get(id))
                .map(|u| unit_name(u, lang))
                .unwrap_or_else(|| v.to_string()),
            (_, Some(p)) => t(lang, &format!("{p}.{v}")),
            _ => v.to_string(),
        }
    };
    let label = if attribute == "owner_id" {
        "owner"
    } else {
        attribute
    };
    (t(lang, &format!("attr.{label}")), show(before), show(after))
}
