//! The attribute-sheet form: propose a new indicator (step 1 of the workflow) or edit the
//! sheet of an existing one. The form's fields follow [`chiso_app::sheet_row::ATTRIBUTES`],
//! so it always carries the same attributes as the workbook and the API.

use super::{Chrome, Ctx, agency_options, render, render_error};
use crate::AppState;
use crate::error::message;
use crate::i18n::{Lang, t};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chiso_app::sheet_row::{self, ATTRIBUTES, Kind, SheetRow, choice_key};
use chiso_app::{AppError, Problem};

#[derive(Template)]
#[template(path = "indicator_form.html")]
struct FormPage {
    c: Chrome,
    heading: String,
    /// The code being edited; empty for a new indicator.
    code: String,
    action: String,
    alert: Option<String>,
    /// The attribute the alert is about (its field is outlined).
    bad: String,
    v: Identity,
    selects: Vec<SelectView>,
    /// Paragraph attributes: name, label, value.
    areas: Vec<(String, String, String)>,
    /// One-line attributes: name, label, value, input type.
    inputs: Vec<(String, String, String, String)>,
    /// The checks on values (limits, outlier threshold, weight): name, label, value.
    checks: Vec<(String, String, String)>,
}

/// The attributes shown together as the checks on an indicator's values.
const CHECKS: &[&str] = &[
    "min_value",
    "max_value",
    "allowed_values",
    "outlier_threshold",
    "weight_indicator",
];

/// The identity fields, laid out first.
struct Identity {
    code: String,
    name_vi: String,
    name_en: String,
    short_name: String,
}

struct SelectView {
    name: String,
    label: String,
    /// Value, label, selected.
    options: Vec<(String, String, bool)>,
}

fn label(lang: Lang, a: &sheet_row::Attribute) -> String {
    let l = t(lang, &format!("attr.{}", a.name));
    if a.required { format!("{l} *") } else { l }
}

fn form_page(
    ctx: &Ctx,
    code: &str,
    row: &SheetRow,
    alert: Option<(String, String)>,
    s: &AppState,
) -> FormPage {
    let lang = ctx.lang;
    let tree = s.app.tree();
    let get = |k: &str| row.get(k).cloned().unwrap_or_default();
    let mut selects = Vec::new();
    let mut areas = Vec::new();
    let mut inputs = Vec::new();
    let mut checks = Vec::new();
    for a in ATTRIBUTES {
        let name = a.name.to_string();
        match (a.name, a.kind) {
            ("code" | "name_vi" | "name_en" | "short_name" | "status", _) => {}
            (n, _) if CHECKS.contains(&n) => checks.push((name, label(lang, a), get(a.name))),
            (_, Kind::Owner) => {
                let mut options = vec![(String::new(), t(lang, "form.choose"), false)];
                options.extend(agency_options(&tree, lang, Some(&get(a.name))));
                selects.push(SelectView {
                    name,
                    label: label(lang, a),
                    options,
                });
            }
            (_, Kind::Choice(choices)) => {
                let current = get(a.name);
                let options = choices()
                    .into_iter()
                    .map(|o| {
                        let l = t(lang, &choice_key(a.name, o));
                        (o.to_string(), l, o == current)
                    })
                    .collect();
                selects.push(SelectView {
                    name,
                    label: label(lang, a),
                    options,
                });
            }
            (_, Kind::LongText) => areas.push((name, label(lang, a), get(a.name))),
            (_, kind) => {
                let ty = match kind {
                    Kind::Date => "date",
                    Kind::Decimals => "number",
                    _ => "text",
                };
                inputs.push((name, label(lang, a), get(a.name), ty.to_string()))
            }
        }
    }
    let (alert, bad) = match alert {
        Some((m, f)) => (Some(m), f),
        None => (None, String::new()),
    };
    let heading = if code.is_empty() {
        t(lang, "form.new_title")
    } else {
        format!("{} · {code}", t(lang, "form.edit"))
    };
    FormPage {
        c: ctx.chrome(heading.clone(), "catalogue"),
        heading,
        code: code.to_string(),
        action: if code.is_empty() {
            "/indicators/new".into()
        } else {
            format!("/indicators/{code}/edit")
        },
        alert,
        bad,
        v: Identity {
            code: get("code"),
            name_vi: get("name_vi"),
            name_en: get("name_en"),
            short_name: get("short_name"),
        },
        selects,
        areas,
        inputs,
        checks,
    }
}

/// The message for every problem of a rejected form, and the field of the first.
fn alert_of(problems: &[Problem], lang: Lang) -> (String, String) {
    let text = problems
        .iter()
        .map(|p| message(p, lang))
        .collect::<Vec<_>>()
        .join(" · ");
    let field = problems
        .first()
        .and_then(|p| p.field.clone())
        .unwrap_or_default();
    (text, field)
}

fn rejected(ctx: &Ctx, code: &str, row: &SheetRow, problems: &[Problem], s: &AppState) -> Response {
    let status = problems
        .first()
        .map(crate::error::status_of)
        .unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
    let mut r = render(&form_page(
        ctx,
        code,
        row,
        Some(alert_of(problems, ctx.lang)),
        s,
    ));
    *r.status_mut() = status;
    r
}

fn problems_of(e: AppError) -> Vec<Problem> {
    if let AppError::Internal(d) = &e {
        tracing::error!(detail = %d, "internal error");
    }
    vec![e.first()]
}

/// `GET /indicators/new`: a blank sheet.
pub(super) async fn new_form(State(s): State<AppState>, ctx: Ctx) -> Response {
    if let Err(r) = ctx.require_user() {
        return r.into_response();
    }
    render(&form_page(&ctx, "", &sheet_row::blank_row(), None, &s))
}

/// `POST /indicators/new`: proposes the indicator, then shows its page.
pub(super) async fn create(
    State(s): State<AppState>,
    ctx: Ctx,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    let row: SheetRow = fields.into_iter().collect();
    let input = match sheet_row::input_of(&row) {
        Ok(i) => i,
        Err(problems) => return rejected(&ctx, "", &row, &problems, &s),
    };
    match s.app.create_indicator(&who, &input).await {
        Ok(i) => Redirect::to(&format!("/indicators/{}?saved=1", i.code)).into_response(),
        Err(e) => rejected(&ctx, "", &row, &problems_of(e), &s),
    }
}

/// `GET /indicators/{code}/edit`: the sheet as it stands.
pub(super) async fn edit_form(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    match s.app.indicator(&code).await {
        Ok(row) => {
            let r = sheet_row::row_of(&row.indicator, &s.app.tree());
            render(&form_page(&ctx, &code, &r, None, &s))
        }
        Err(e) => render_error(ctx.lang, Some(who), e),
    }
}

/// `POST /indicators/{code}/edit`: saves the sheet (a changed definition starts a new
/// definition version), then shows the indicator page.
pub(super) async fn update(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    let mut row: SheetRow = fields.into_iter().collect();
    row.insert("code".into(), code.clone());
    let input = match sheet_row::input_of(&row) {
        Ok(i) => i,
        Err(problems) => return rejected(&ctx, &code, &row, &problems, &s),
    };
    match s.app.update_indicator(&who, &code, &input).await {
        Ok(_) => Redirect::to(&format!("/indicators/{code}?saved=1")).into_response(),
        Err(e) => rejected(&ctx, &code, &row, &problems_of(e), &s),
    }
}
