//! Catalogue export and import pages: download the workbook, upload it back with a dry
//! run, and see every problem by row and column.

use super::{Chrome, Ctx, render, render_error};
use crate::AppState;
use crate::api::{catalogue_export, run_import};
use crate::error::message;
use crate::i18n::{t, t_args};
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chiso_app::Problem;
use chiso_app::catalogue_io::{ImportReport, RowAction};

#[derive(Template)]
#[template(path = "catalogue_import.html")]
struct ImportPage {
    c: Chrome,
    result: Option<ResultView>,
    alert: Option<String>,
}

struct ResultView {
    /// `ok`, `dry` or `bad`: the banner's kind.
    kind: &'static str,
    banner: String,
    counts: String,
    problems_title: String,
    /// Row, column letter, attribute label, message.
    problems: Vec<(String, String, String, String)>,
    /// Row, code, action label.
    rows: Vec<(String, String, String)>,
}

/// `GET /catalogue/export.{xlsx|json}`: the catalogue as a file, in the page language.
pub(super) async fn export(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(format): Path<String>,
) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    let Some(format) = format.strip_prefix("export.").map(str::to_string) else {
        let p = Problem::new(chiso_app::ErrorKind::NotFound, "not_found")
            .arg("what", format!("/catalogue/{format}"));
        return render_error(ctx.lang, Some(who), p.into());
    };
    match catalogue_export(&s.app, &format, ctx.lang).await {
        Ok((bytes, mime, name)) => (
            [
                (header::CONTENT_TYPE, mime.to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}\""),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => render_error(ctx.lang, Some(who), e),
    }
}

/// `GET /catalogue/import`: the upload form.
pub(super) async fn form(ctx: Ctx) -> Response {
    if let Err(r) = ctx.require_user() {
        return r.into_response();
    }
    render(&ImportPage {
        c: ctx.chrome(t(ctx.lang, "io.import_title"), "catalogue"),
        result: None,
        alert: None,
    })
}

fn result_view(r: &ImportReport, ctx: &Ctx) -> ResultView {
    let lang = ctx.lang;
    let (kind, banner) = if !r.problems.is_empty() {
        ("bad", t(lang, "io.not_written"))
    } else if r.dry_run {
        ("dry", t(lang, "io.dry_ok"))
    } else {
        ("ok", t(lang, "io.written"))
    };
    let count = |a| r.count(a).to_string();
    ResultView {
        kind,
        banner,
        counts: t_args(
            lang,
            "io.counts",
            &[
                ("create", count(RowAction::Create)),
                ("update", count(RowAction::Update)),
                ("unchanged", count(RowAction::Unchanged)),
            ],
        ),
        problems_title: t_args(lang, "io.problems", &[("n", r.problems.len().to_string())]),
        problems: r
            .problems
            .iter()
            .map(|p| {
                let cell = p
                    .args
                    .iter()
                    .find(|a| a.0 == "cell")
                    .map(|a| a.1.clone())
                    .unwrap_or_default();
                (
                    p.row.map(|r| r.to_string()).unwrap_or_default(),
                    cell,
                    p.field
                        .as_deref()
                        .map(|f| t(lang, &format!("attr.{f}")))
                        .unwrap_or_default(),
                    message(p, lang),
                )
            })
            .collect(),
        rows: r
            .rows
            .iter()
            .filter(|o| o.action != RowAction::Unchanged)
            .map(|o| {
                let action = match o.action {
                    RowAction::Create => "io.create",
                    RowAction::Update => "io.update",
                    RowAction::Unchanged => "io.unchanged",
                };
                (o.row.to_string(), o.code.clone(), t(lang, action))
            })
            .collect(),
    }
}

/// `POST /catalogue/import` (multipart: `file`, optional `dry_run`): runs the import and
/// shows its report.
pub(super) async fn upload(State(s): State<AppState>, ctx: Ctx, mut form: Multipart) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    let lang = ctx.lang;
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut dry_run = false;
    loop {
        match form.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or("").to_string();
                let file_name = field.file_name().unwrap_or("").to_lowercase();
                match field.bytes().await {
                    Ok(b) if name == "file" => file = Some((file_name, b.to_vec())),
                    Ok(_) if name == "dry_run" => dry_run = true,
                    Ok(_) => {}
                    Err(e) => {
                        let p = Problem::invalid("import.unreadable").arg("detail", e.to_string());
                        return show_alert(&ctx, message(&p, lang), StatusCode::BAD_REQUEST);
                    }
                }
            }
            Ok(None) => break,
            Err(e) => {
                let p = Problem::invalid("import.unreadable").arg("detail", e.to_string());
                return show_alert(&ctx, message(&p, lang), StatusCode::BAD_REQUEST);
            }
        }
    }
    let Some((name, bytes)) = file.filter(|f| !f.1.is_empty()) else {
        let p = Problem::invalid("import.unreadable").arg("detail", t(lang, "io.file"));
        return show_alert(&ctx, message(&p, lang), StatusCode::UNPROCESSABLE_ENTITY);
    };
    let format = if name.ends_with(".json") {
        Some("json")
    } else if name.ends_with(".xlsx") {
        Some("xlsx")
    } else {
        None
    };
    match run_import(&s.app, &who, &bytes, format, dry_run).await {
        Ok(report) => {
            let status = if report.problems.is_empty() {
                StatusCode::OK
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            let mut r = render(&ImportPage {
                c: ctx.chrome(t(lang, "io.import_title"), "catalogue"),
                result: Some(result_view(&report, &ctx)),
                alert: None,
            });
            *r.status_mut() = status;
            r
        }
        Err(e) => {
            let p = e.first();
            show_alert(&ctx, message(&p, lang), crate::error::status_of(&p))
        }
    }
}

fn show_alert(ctx: &Ctx, alert: String, status: StatusCode) -> Response {
    let mut r = render(&ImportPage {
        c: ctx.chrome(t(ctx.lang, "io.import_title"), "catalogue"),
        result: None,
        alert: Some(alert),
    });
    *r.status_mut() = status;
    r
}
