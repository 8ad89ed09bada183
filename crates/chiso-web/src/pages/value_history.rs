//! A value's page (`/values/{indicator}/{unit}/{period}`): every state it has been in —
//! value, status, comment, channel, writer, time — and the audit events about it (who
//! approved it, who asked to unlock it and why, who decided).

use super::{Chrome, Ctx, render, render_error, unit_name};
use crate::AppState;
use crate::i18n::{Lang, fmt_num, fmt_time, period_label, t, t_args};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};

/// One state of the value as the page shows it.
struct StateView {
    /// From when to when (or "now").
    span: String,
    value: String,
    status_key: String,
    status: String,
    comment: String,
    channel: String,
    by: String,
}

#[derive(Template)]
#[template(path = "value_history.html")]
struct HistoryPage {
    c: Chrome,
    indicator_code: String,
    indicator: String,
    unit: String,
    period: String,
    entry_link: String,
    states: Vec<StateView>,
    /// Time, actor, action, detail.
    events: Vec<(String, String, String, String)>,
}

/// `GET /values/{indicator}/{unit}/{period}`.
pub(super) async fn page(
    State(s): State<AppState>,
    ctx: Ctx,
    Path((indicator, unit, period)): Path<(String, String, String)>,
) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    let lang = ctx.lang;
    let h = match s.app.value_history(&who, &indicator, &unit, &period).await {
        Ok(h) => h,
        Err(e) => return render_error(lang, Some(who), e),
    };
    let d = h.indicator.sheet.decimals;
    let view = |value: f64,
                status: chiso_core::value::ValueStatus,
                comment: &Option<String>,
                channel: chiso_core::value::ValueChannel,
                by: &str,
                span: String| StateView {
        span,
        value: format!("{} {}", fmt_num(value, d, lang), h.indicator.sheet.unit),
        status_key: status.as_str().to_string(),
        status: t(lang, &format!("value_status.{}", status.as_str())),
        comment: comment.clone().unwrap_or_default(),
        channel: t(lang, &format!("history.channel_{}", channel.as_str())),
        by: by.to_string(),
    };
    // Newest first: the current state since the last change, then each earlier state until
    // the change that replaced it.
    let mut states = Vec::new();
    if let Some(v) = &h.current {
        let since = h
            .states
            .last()
            .map_or(v.updated_at, |(s, _)| s.superseded_at);
        states.push(view(
            v.value,
            v.status,
            &v.comment,
            v.channel,
            &h.current_by,
            t_args(lang, "history.since", &[("time", fmt_time(since))]),
        ));
    }
    for (i, (st, by)) in h.states.iter().enumerate().rev() {
        let from = if i == 0 {
            st.updated_at
        } else {
            h.states[i - 1].0.superseded_at
        };
        states.push(view(
            st.value,
            st.status,
            &st.comment,
            st.channel,
            by,
            format!("{} → {}", fmt_time(from), fmt_time(st.superseded_at)),
        ));
    }
    let events = h
        .events
        .iter()
        .rev()
        .map(|(at, by, action, detail)| {
            (
                fmt_time(*at),
                by.clone(),
                t(lang, &format!("history.{}", action.replace('.', "_"))),
                detail_text(detail),
            )
        })
        .collect();
    render(&HistoryPage {
        c: ctx.chrome(t(lang, "history.title"), "entry"),
        indicator_code: h.indicator.code.to_string(),
        indicator: match lang {
            Lang::Vi => h.indicator.sheet.name_vi.clone(),
            Lang::En => h.indicator.sheet.name_en.clone(),
        },
        unit: unit_name(&h.unit, lang),
        period: period_label(lang, &h.period),
        entry_link: format!("/entry?unit={}&period={}", h.unit.code, h.period),
        states,
        events,
    })
}

/// The reason or note an audit event carries, if any.
fn detail_text(detail: &str) -> String {
    let Ok(v) = serde_json::from_str::<serde_json::Value>(detail) else {
        return String::new();
    };
    ["reason", "note"]
        .iter()
        .filter_map(|k| v.get(*k).and_then(|x| x.as_str()))
        .collect::<Vec<_>>()
        .join(" · ")
}
