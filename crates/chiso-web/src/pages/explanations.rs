//! Explanation requests (`/explanations`): the thread of each request the caller can see,
//! its state and escalation, and the form to answer; requests are asked from the
//! resolution page.

use super::{Chrome, Ctx, render, render_error, unit_name};
use crate::AppState;
use crate::error::message;
use crate::i18n::{t, t_args};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chiso_app::explanations::ExplanationInput;
use chiso_app::submissions::vietnam_day;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "explanations.html")]
struct ListPage {
    c: Chrome,
    flash: Option<String>,
    items: Vec<ItemView>,
}

struct ItemView {
    id: i64,
    subject: String,
    link: String,
    unit: String,
    due: String,
    state_key: String,
    state: String,
    escalated: String,
    /// Author, kind, text, time.
    messages: Vec<(String, String, String, String)>,
    can_answer: bool,
}

#[derive(Deserialize)]
pub(super) struct ListQuery {
    asked: Option<String>,
    sent: Option<String>,
}

/// `GET /explanations`.
pub(super) async fn list(
    State(s): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    let lang = ctx.lang;
    let today = vietnam_day(chrono::Utc::now());
    let list = match s.app.explanations(&who, today).await {
        Ok(l) => l,
        Err(e) => return render_error(lang, Some(who), e),
    };
    let items = list
        .into_iter()
        .map(|e| ItemView {
            id: e.request.id,
            subject: e.request.subject_code.clone(),
            link: if e.request.subject_kind == "task" {
                let res = e.request.subject_code.split('.').next().unwrap_or("");
                format!("/resolutions/{res}#task-{}", e.request.subject_code)
            } else {
                format!("/indicators/{}", e.request.subject_code)
            },
            unit: e
                .unit
                .as_ref()
                .map(|u| unit_name(u, lang))
                .unwrap_or_default(),
            due: e.request.due_on.format("%d/%m/%Y").to_string(),
            state_key: e.state.as_str().into(),
            state: t(lang, &format!("explanations.{}", e.state.as_str())),
            escalated: e
                .escalated_to
                .as_ref()
                .map(|u| {
                    t_args(
                        lang,
                        "explanations.escalated",
                        &[("unit", unit_name(u, lang))],
                    )
                })
                .unwrap_or_default(),
            messages: e
                .messages
                .iter()
                .map(|(author, m)| {
                    (
                        author.clone(),
                        m.kind.clone(),
                        m.body.clone(),
                        crate::i18n::fmt_time(m.at),
                    )
                })
                .collect(),
            can_answer: e.can_answer,
        })
        .collect();
    let flash = match (q.asked, q.sent) {
        (Some(_), _) => Some(t(lang, "explanations.asked")),
        (_, Some(_)) => Some(t(lang, "explanations.sent")),
        _ => None,
    };
    render(&ListPage {
        c: ctx.chrome(t(lang, "explanations.title"), "explanations"),
        flash,
        items,
    })
}

#[derive(Deserialize)]
pub(super) struct AskForm {
    subject_kind: String,
    subject_code: String,
    unit: String,
    question: String,
    due_on: String,
}

/// `POST /explanations`: asks, then shows the list.
pub(super) async fn ask(State(s): State<AppState>, ctx: Ctx, Form(f): Form<AskForm>) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    let lang = ctx.lang;
    let Ok(due_on) = chrono::NaiveDate::parse_from_str(&f.due_on, "%Y-%m-%d") else {
        let p = chiso_app::Problem::invalid("sheet.not_a_date")
            .field("due_on")
            .arg("attr", "@explanations.due_on")
            .arg("value", &f.due_on);
        return render_error(lang, Some(who), p.into());
    };
    let input = ExplanationInput {
        subject_kind: f.subject_kind,
        subject_code: f.subject_code,
        unit: f.unit,
        question: f.question,
        due_on,
    };
    match s.app.ask_explanation(&who, &input).await {
        Ok(_) => Redirect::to("/explanations?asked=1").into_response(),
        Err(e) => render_error(lang, Some(who), e),
    }
}

#[derive(Deserialize)]
pub(super) struct AnswerForm {
    body: String,
}

/// `POST /explanations/{id}/answer`.
pub(super) async fn answer(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<AnswerForm>,
) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    match s.app.answer_explanation(&who, id, &f.body).await {
        Ok(()) => Redirect::to("/explanations?sent=1").into_response(),
        Err(e) => {
            let _ = message(&e.first(), ctx.lang);
            render_error(ctx.lang, Some(who), e)
        }
    }
}
