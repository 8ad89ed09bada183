//! Data files in the browser (`/import`): upload a file of values (Chiso CSV, DHIS2 JSON
//! or CSV, ADX), which is imported as a background job whose page shows its progress and
//! then its report, problem by problem; and download the values as any of those formats.
//! Works without JavaScript: the job page refreshes itself while the job runs.

use super::{Chrome, Ctx, render, render_error};
use crate::AppState;
use crate::error::message;
use crate::i18n::{t, t_args};
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chiso_app::Problem;
use chiso_app::exchange::{ImportOptions, MAX_FILE_BYTES, choose_format};
use chiso_app::jobs::JobState;

#[derive(Template)]
#[template(path = "data_import.html")]
struct ImportPage {
    c: Chrome,
    alert: Option<String>,
    max_mb: u64,
}

#[derive(Template)]
#[template(path = "import_job.html")]
struct JobPage {
    c: Chrome,
    file_name: String,
    running: bool,
    /// Bytes read and the total, for the progress bar (total 0 when unknown).
    bytes: u64,
    total: u64,
    progress: String,
    /// `ok`, `dry` or `bad`.
    kind: String,
    banner: String,
    counts: Vec<(String, String)>,
    /// Record, line, field, message.
    problems: Vec<(String, String, String, String)>,
    more: String,
    /// Broken validation rules (warnings).
    warnings: Vec<String>,
}

fn show(ctx: &Ctx, alert: Option<String>, status: StatusCode) -> Response {
    let mut r = render(&ImportPage {
        c: ctx.chrome(t(ctx.lang, "import.title"), "entry"),
        alert,
        max_mb: MAX_FILE_BYTES / (1024 * 1024),
    });
    *r.status_mut() = status;
    r
}

/// `GET /import`.
pub(super) async fn page(ctx: Ctx) -> Response {
    if let Err(r) = ctx.require_user() {
        return r.into_response();
    }
    show(&ctx, None, StatusCode::OK)
}

/// `POST /import` (multipart: `file`, `format`, `dry_run`, `accept_good`): saves the
/// upload to a temporary file, starts the import job and shows its page.
pub(super) async fn upload(State(s): State<AppState>, ctx: Ctx, mut form: Multipart) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    let lang = ctx.lang;
    let unreadable = |detail: String| {
        let p = Problem::invalid("import.unreadable").arg("detail", detail);
        show(&ctx, Some(message(&p, lang)), StatusCode::BAD_REQUEST)
    };
    let mut spool = match crate::spool::Spool::new() {
        Ok(f) => f,
        Err(p) => return show(&ctx, Some(message(&p, lang)), StatusCode::BAD_REQUEST),
    };
    let mut name = String::new();
    let (mut format, mut dry_run, mut accept_good) = (None, false, false);
    loop {
        let mut field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return unreadable(e.to_string()),
        };
        match field.name().unwrap_or("") {
            "file" => {
                name = field.file_name().unwrap_or("").to_string();
                // Streamed to disk piece by piece: memory stays bounded.
                loop {
                    match field.chunk().await {
                        Ok(Some(bytes)) => {
                            if let Err(p) = spool.push(&bytes) {
                                let status = crate::error::status_of(&p);
                                return show(&ctx, Some(message(&p, lang)), status);
                            }
                        }
                        Ok(None) => break,
                        Err(e) => return unreadable(e.to_string()),
                    }
                }
            }
            other => {
                let key = other.to_string();
                let text = field.text().await.unwrap_or_default();
                match key.as_str() {
                    "format" => format = Some(text).filter(|f| !f.is_empty() && f != "auto"),
                    "dry_run" => dry_run = true,
                    "accept_good" => accept_good = true,
                    _ => {}
                }
            }
        }
    }
    let size = spool.size;
    if size == 0 {
        let p = Problem::invalid("import.unreadable").arg("detail", t(lang, "import.no_file"));
        return show(
            &ctx,
            Some(message(&p, lang)),
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    let format = match choose_format(format.as_deref(), &name, &spool.head) {
        Ok(f) => f,
        Err(p) => {
            return show(
                &ctx,
                Some(message(&p, lang)),
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        }
    };
    let reader = match spool.into_reader() {
        Ok(r) => r,
        Err(p) => return show(&ctx, Some(message(&p, lang)), StatusCode::BAD_REQUEST),
    };
    let mut options = ImportOptions::new(format, &name);
    options.dry_run = dry_run;
    options.accept_good = accept_good;
    let id = s
        .app
        .start_import(&who, Box::new(reader), Some(size), options);
    Redirect::to(&format!("/import/jobs/{id}")).into_response()
}

/// `GET /import/jobs/{id}`: progress, then the report.
pub(super) async fn job(State(s): State<AppState>, ctx: Ctx, Path(id): Path<u64>) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    let lang = ctx.lang;
    let Some(j) = s.app.job(&who, id) else {
        let p = Problem::new(chiso_app::ErrorKind::NotFound, "not_found")
            .arg("what", format!("job {id}"));
        return render_error(lang, Some(who), p.into());
    };
    let total = j.total_bytes.unwrap_or(0);
    let mut view = JobPage {
        c: ctx.chrome(t(lang, "import.job_title"), "entry"),

        file_name: j.file_name.clone(),
        running: matches!(j.state, JobState::Running),
        bytes: j.bytes,
        total,
        progress: t_args(
            lang,
            "import.progress",
            &[
                ("records", j.records.to_string()),
                ("mb", format!("{:.1}", j.bytes as f64 / 1e6)),
                ("total", format!("{:.1}", total as f64 / 1e6)),
            ],
        ),
        kind: String::new(),
        banner: String::new(),
        counts: Vec::new(),
        problems: Vec::new(),
        more: String::new(),
        warnings: Vec::new(),
    };
    match &j.state {
        JobState::Running => {}
        JobState::Failed(detail) => {
            view.kind = "bad".into();
            view.banner = t_args(lang, "import.failed", &[("detail", detail.clone())]);
        }
        JobState::Done(r) => {
            let clean = r.problems.is_empty();
            let (kind, key) = match (r.dry_run, r.written, clean) {
                (true, _, true) => ("dry", "import.dry_ok"),
                (true, _, false) => ("bad", "import.dry_bad"),
                (false, true, true) if r.new + r.updated == 0 => ("ok", "import.nothing"),
                (false, true, true) => ("ok", "import.written"),
                (false, true, false) => ("bad", "import.partly"),
                (false, false, _) => ("bad", "import.not_written"),
            };
            view.kind = kind.into();
            view.banner = t(lang, key);
            view.counts = [
                ("import.read", r.read),
                ("import.new", r.new),
                ("import.updated", r.updated),
                ("import.unchanged", r.unchanged),
                ("import.rejected", r.rejected),
            ]
            .iter()
            .map(|(k, n)| (t(lang, k), n.to_string()))
            .collect();
            view.problems = r
                .problems
                .iter()
                .map(|p| {
                    let b = crate::error::body(p, lang);
                    (
                        b.row.map(|r| (r + 1).to_string()).unwrap_or_default(),
                        b.line.map(|l| l.to_string()).unwrap_or_default(),
                        b.field.clone().unwrap_or_default(),
                        message(p, lang),
                    )
                })
                .collect();
            view.warnings = r.warnings.iter().map(|p| message(p, lang)).collect();
            if r.more_problems > 0 {
                view.more = t_args(lang, "import.more", &[("n", r.more_problems.to_string())]);
            }
        }
    }
    let status = if view.kind == "bad" {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let mut resp = render(&view);
    *resp.status_mut() = status;
    resp
}

#[derive(serde::Deserialize)]
pub(super) struct TemplateQuery {
    unit: String,
    period: String,
}

/// `GET /import/template.xlsx?unit=&period=`: the unit's Excel template for the period.
pub(super) async fn template(
    State(s): State<AppState>,
    ctx: Ctx,
    axum::extract::Query(q): axum::extract::Query<TemplateQuery>,
) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    let lang = ctx.lang;
    let period = match chiso_core::period::Period::parse(&q.period) {
        Ok(p) => p,
        Err(_) => {
            return render_error(
                lang,
                Some(who),
                chiso_app::entry::bad_period(&q.period).into(),
            );
        }
    };
    let labels = match lang {
        crate::i18n::Lang::Vi => chiso_app::exchange_xlsx::TemplateLabels {
            indicator: "Mã chỉ tiêu",
            name: "Tên chỉ tiêu (để tham khảo)",
            measure: "Đơn vị tính",
            previous: "Kỳ trước",
            org_unit: "Mã đơn vị",
            period: "Kỳ",
            value: "Giá trị",
            comment: "Ghi chú",
            sheet: "Số liệu",
        },
        crate::i18n::Lang::En => chiso_app::exchange_xlsx::TemplateLabels {
            indicator: "indicator",
            name: "name (reference)",
            measure: "unit of measure",
            previous: "previous period",
            org_unit: "org_unit",
            period: "period",
            value: "value",
            comment: "comment",
            sheet: "Values",
        },
    };
    match s
        .app
        .values_template_xlsx(
            &who,
            &q.unit,
            period,
            &labels,
            lang == crate::i18n::Lang::Vi,
        )
        .await
    {
        Ok(bytes) => (
            [
                (
                    axum::http::header::CONTENT_TYPE,
                    chiso_core::exchange::Format::Xlsx.mime().to_string(),
                ),
                (
                    axum::http::header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"chiso-{}-{period}.xlsx\"", q.unit),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => render_error(lang, Some(who), e),
    }
}
