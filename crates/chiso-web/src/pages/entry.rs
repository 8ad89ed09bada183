//! The data-entry form of a reporting unit (`/entry`): for one period, the indicators the
//! unit reports, with the previous period, the same period last year and the target beside
//! each field; save as draft or submit. Works without JavaScript; a small script only makes
//! Enter move down a column.

use super::{Chrome, Ctx, render, render_error};
use crate::AppState;
use crate::error::message;
use crate::i18n::{Lang, fmt_num, period_label, t, t_args};
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chiso_app::entry::{EntrySheet, bad_period, period_to_report};
use chiso_app::{AppError, Problem};
use chiso_core::access::Principal;
use chiso_core::period::{Period, PeriodType};
use chiso_core::value::ValueChannel;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "entry.html")]
struct EntryPage {
    c: Chrome,
    unit_code: String,
    unit_name: String,
    /// Code, name, selected.
    units: Vec<(String, String, bool)>,
    period: String,
    period_label: String,
    prev_link: String,
    next_link: String,
    /// Frequency, label, link, current.
    frequencies: Vec<(String, String, String, bool)>,
    lines: Vec<LineView>,
    progress: String,
    deadline: String,
    flash: Option<String>,
    alert: Option<String>,
    /// Broken validation rules: importance key, importance, message, the values read.
    violations: Vec<(String, String, String, String)>,
    /// Deadlines near or past with values still to submit: text, link, overdue.
    reminders: Vec<(String, String, bool)>,
    /// Evidence files: link, name, what it supports, size, uploaded by/at.
    evidence: Vec<(String, String, String, String, String)>,
    /// The approver's note when the submission was returned for correction.
    returned: Option<String>,
}

struct LineView {
    code: String,
    name: String,
    unit: String,
    field: String,
    previous: String,
    last_year: String,
    target: String,
    value: String,
    comment: String,
    status_key: String,
    status: String,
    settled: bool,
    /// An approved value may be unlocked on request: the reason of the open request.
    unlock_pending: Option<String>,
    /// Why the stored value stands out from the unit's past, or empty.
    outlier: String,
    error: String,
    /// The values the attribute sheet accepts, in words ("Giá trị từ 0 đến 100"), or empty.
    limits: String,
}

/// The limits of an indicator's values, in words, for the entry line.
fn limits_text(s: &chiso_core::indicator::IndicatorSheet, lang: Lang) -> String {
    use crate::i18n::{fmt_exact, t_args};
    if !s.allowed_values.is_empty() {
        let list = s
            .allowed_values
            .iter()
            .map(|v| fmt_exact(*v, lang))
            .collect::<Vec<_>>()
            .join("; ");
        return t_args(lang, "entry.limits_allowed", &[("values", list)]);
    }
    match (s.min_value, s.max_value) {
        (Some(lo), Some(hi)) => t_args(
            lang,
            "entry.limits_range",
            &[("min", fmt_exact(lo, lang)), ("max", fmt_exact(hi, lang))],
        ),
        (Some(lo), None) => t_args(lang, "entry.limits_min", &[("min", fmt_exact(lo, lang))]),
        (None, Some(hi)) => t_args(lang, "entry.limits_max", &[("max", fmt_exact(hi, lang))]),
        (None, None) => String::new(),
    }
}

#[derive(Deserialize)]
pub(super) struct EntryQuery {
    unit: Option<String>,
    period: Option<String>,
    freq: Option<String>,
    saved: Option<String>,
}

fn frequency_label(lang: Lang, p: PeriodType) -> String {
    t(lang, &format!("frequency.{}", p.as_str()))
}

fn entry_link(unit: &str, period: &Period) -> String {
    format!("/entry?unit={unit}&period={period}")
}

/// Typed entries by indicator code: value and comment.
type Typed = HashMap<String, (String, String)>;

fn page(
    ctx: &Ctx,
    units: Vec<chiso_core::org::OrgUnit>,
    sheet: &EntrySheet,
    typed: &Typed,
    errors: &HashMap<String, String>,
    flash: Option<String>,
    alert: Option<String>,
) -> EntryPage {
    let lang = ctx.lang;
    let name = |u: &chiso_core::org::OrgUnit| match lang {
        Lang::Vi => u.name_vi.clone(),
        Lang::En => u.name_en.clone(),
    };
    let unit_code = sheet.unit.code.to_string();
    let p = sheet.period;
    let frequencies = [
        PeriodType::Month,
        PeriodType::Quarter,
        PeriodType::HalfYear,
        PeriodType::Year,
    ]
    .iter()
    .map(|k| {
        let target = period_to_report(*k, chrono::Utc::now().date_naive());
        (
            k.as_str().to_string(),
            frequency_label(lang, *k),
            entry_link(&unit_code, &target),
            *k == p.period_type(),
        )
    })
    .collect();
    let show = |v: Option<f64>, d: i32| v.map(|x| fmt_num(x, d, lang)).unwrap_or_default();
    let lines: Vec<LineView> = sheet
        .lines
        .iter()
        .map(|l| {
            let s = &l.indicator.sheet;
            let code = l.indicator.code.to_string();
            let (value, comment) = match typed.get(&code) {
                Some((v, c)) => (v.clone(), c.clone()),
                None => (
                    l.current
                        .as_ref()
                        .map(|v| input_text(v.value, s.decimals, lang))
                        .unwrap_or_default(),
                    l.current
                        .as_ref()
                        .and_then(|v| v.comment.clone())
                        .unwrap_or_default(),
                ),
            };
            let status_key = l
                .current
                .as_ref()
                .map(|v| v.status.as_str().to_string())
                .unwrap_or_default();
            LineView {
                limits: limits_text(s, lang),
                name: match lang {
                    Lang::Vi => s.name_vi.clone(),
                    Lang::En => s.name_en.clone(),
                },
                unit: s.unit.clone(),
                field: t(lang, &format!("field.{}", s.field)),
                previous: show(l.previous, s.decimals),
                last_year: show(l.last_year, s.decimals),
                target: match (show(l.target, s.decimals), l.target_is_annual) {
                    (t, true) if !t.is_empty() => {
                        format!("{t} {}", crate::i18n::t(lang, "entry.annual"))
                    }
                    (t, _) => t,
                },
                value,
                comment,
                status: if status_key.is_empty() {
                    t(lang, "entry.empty")
                } else {
                    t(lang, &format!("value_status.{status_key}"))
                },
                status_key,
                settled: l.settled(),
                unlock_pending: l.unlock_pending.clone(),
                outlier: l
                    .outlier
                    .map(|o| crate::i18n::outlier_text(lang, &o, s.decimals))
                    .unwrap_or_default(),
                error: errors.get(&code).cloned().unwrap_or_default(),
                code,
            }
        })
        .collect();
    let filled = lines.iter().filter(|l| !l.value.is_empty()).count();
    EntryPage {
        c: ctx.chrome(t(lang, "entry.title"), "entry"),
        unit_name: name(&sheet.unit),
        units: units
            .iter()
            .map(|u| (u.code.to_string(), name(u), u.id == sheet.unit.id))
            .collect(),
        period: p.to_string(),
        period_label: period_label(lang, &p),
        prev_link: entry_link(&unit_code, &p.previous()),
        next_link: entry_link(&unit_code, &p.next()),
        frequencies,
        progress: t_args(
            lang,
            "entry.progress",
            &[
                ("filled", filled.to_string()),
                ("total", lines.len().to_string()),
            ],
        ),
        deadline: sheet
            .deadline
            .map(|d| {
                let today = chiso_app::submissions::vietnam_day(chrono::Utc::now());
                let key = if today > d {
                    "entry.deadline_passed"
                } else {
                    "entry.deadline"
                };
                t_args(lang, key, &[("date", d.format("%d/%m/%Y").to_string())])
            })
            .unwrap_or_default(),
        violations: sheet
            .violations
            .iter()
            .map(|v| crate::i18n::violation_view(lang, v))
            .collect(),
        lines,
        unit_code,
        flash,
        alert,
        reminders: Vec::new(),
        evidence: Vec::new(),
        returned: sheet.returned.as_ref().map(|(reason, by, at)| {
            t_args(
                lang,
                "entry.returned",
                &[
                    ("reason", reason.clone()),
                    ("by", by.clone()),
                    ("time", crate::i18n::fmt_time(*at)),
                ],
            )
        }),
    }
}

/// The evidence of the sheet's unit and period as the page lists it.
async fn evidence(
    s: &AppState,
    who: &Principal,
    sheet: &EntrySheet,
    lang: Lang,
) -> Vec<(String, String, String, String, String)> {
    let rows = match s
        .app
        .evidence(who, sheet.unit.code.as_str(), sheet.period)
        .await
    {
        Ok(r) => r,
        Err(e) => {
            tracing::warn!(error = %e, "evidence list");
            return Vec::new();
        }
    };
    rows.iter()
        .map(|e| {
            let what = e
                .indicator_id
                .and_then(|id| sheet.lines.iter().find(|l| l.indicator.id == id))
                .map(|l| l.indicator.code.to_string())
                .unwrap_or_else(|| t(lang, "evidence.whole"));
            (
                format!("/evidence/{}", e.id),
                e.file_name.clone(),
                what,
                format!("{:.1} KB", e.size as f64 / 1024.0),
                crate::i18n::fmt_time(e.uploaded_at),
            )
        })
        .collect()
}

/// The caller's reminders as the entry page lists them.
async fn reminders(s: &AppState, who: &Principal, lang: Lang) -> Vec<(String, String, bool)> {
    let today = chiso_app::submissions::vietnam_day(chrono::Utc::now());
    let list = match s.app.reminders(who, today).await {
        Ok(l) => l,
        Err(e) => {
            tracing::warn!(error = %e, "reminders");
            return Vec::new();
        }
    };
    list.iter()
        .map(|r| {
            let days = (r.deadline - today).num_days();
            let overdue = days < 0;
            let key = if overdue {
                "entry.remind_overdue"
            } else {
                "entry.remind_due"
            };
            let name = match lang {
                Lang::Vi => r.unit.name_vi.clone(),
                Lang::En => r.unit.name_en.clone(),
            };
            (
                t_args(
                    lang,
                    key,
                    &[
                        ("unit", name),
                        ("period", period_label(lang, &r.period)),
                        ("date", r.deadline.format("%d/%m/%Y").to_string()),
                        ("days", days.abs().to_string()),
                        ("missing", r.missing.to_string()),
                        ("total", r.total.to_string()),
                    ],
                ),
                entry_link(r.unit.code.as_str(), &r.period),
                overdue,
            )
        })
        .collect()
}

/// The unit and period asked for, or the caller's first unit and the last monthly period.
fn choose(
    s: &AppState,
    who: &Principal,
    unit: Option<&str>,
    period: Option<&str>,
    freq: Option<&str>,
) -> Result<(String, Period, Vec<chiso_core::org::OrgUnit>), AppError> {
    let units = s.app.entry_units(who);
    let unit = match unit.filter(|u| !u.is_empty()) {
        Some(u) => u.to_string(),
        None => units
            .first()
            .map(|u| u.code.to_string())
            .ok_or_else(|| Problem::new(chiso_app::ErrorKind::Forbidden, "entry.no_unit"))?,
    };
    let kind = freq
        .and_then(|f| PeriodType::all().iter().copied().find(|k| k.as_str() == f))
        .unwrap_or(PeriodType::Month);
    let period = match period.filter(|p| !p.is_empty()) {
        Some(p) => Period::parse(p).map_err(|_| bad_period(p))?,
        None => period_to_report(kind, chrono::Utc::now().date_naive()),
    };
    Ok((unit, period, units))
}

/// `GET /entry`: the form.
pub(super) async fn form(
    State(s): State<AppState>,
    ctx: Ctx,
    Query(q): Query<EntryQuery>,
) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    let (unit, period, units) = match choose(
        &s,
        &who,
        q.unit.as_deref(),
        q.period.as_deref(),
        q.freq.as_deref(),
    ) {
        Ok(x) => x,
        Err(e) => return render_error(ctx.lang, Some(who), e),
    };
    match s.app.entry_sheet(&who, &unit, period).await {
        Ok(sheet) => {
            let flash = q.saved.as_deref().map(|k| match k {
                "submitted" => t(ctx.lang, "entry.submitted"),
                "unlock" => t(ctx.lang, "entry.unlock_sent"),
                "evidence" => t(ctx.lang, "evidence.attached"),
                _ => t(ctx.lang, "entry.saved"),
            });
            let mut view = page(
                &ctx,
                units,
                &sheet,
                &Typed::new(),
                &HashMap::new(),
                flash,
                None,
            );
            view.reminders = reminders(&s, &who, ctx.lang).await;
            view.evidence = evidence(&s, &who, &sheet, ctx.lang).await;
            render(&view)
        }
        Err(e) => render_error(ctx.lang, Some(who), e),
    }
}

/// Whether every group after the first, split at `sep`, has exactly three digits
/// (`1.234.567`): the separator groups thousands.
fn groups_thousands(t: &str, sep: char) -> bool {
    let mut parts = t.split(sep);
    let first = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    !rest.is_empty()
        && !first.is_empty()
        && first.len() <= 3
        && rest
            .iter()
            .all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()))
}

/// Reads a number as typed on a page in `lang`: Vietnamese `1.234,5` (a dot groups
/// thousands only when every group after it has three digits, so `12.5` is still twelve
/// and a half), English `1,234.5`. `None` if it is not a number.
fn parse_number(text: &str, lang: Lang) -> Option<f64> {
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == '\u{2212}' { '-' } else { c })
        .collect();
    let (sign, body) = match t.strip_prefix('-') {
        Some(b) => ("-", b.to_string()),
        None => ("", t.clone()),
    };
    let (thousands, point) = match lang {
        Lang::Vi => ('.', ','),
        Lang::En => (',', '.'),
    };
    let (int, frac) = match body.rsplit_once(point) {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (body.clone(), None),
    };
    let int = if groups_thousands(&int, thousands) {
        int.replace(thousands, "")
    } else if frac.is_none() && int.matches(thousands).count() == 1 {
        // One "wrong" separator and no decimal point: read it as the decimal point.
        int.replace(thousands, ".")
    } else {
        int
    };
    let normalised = match frac {
        Some(f) => format!("{sign}{int}.{f}"),
        None => format!("{sign}{int}"),
    };
    normalised.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// A stored value as the input box shows it: no thousands separators, the page's decimal
/// point.
fn input_text(v: f64, decimals: i32, lang: Lang) -> String {
    let s = format!("{:.*}", decimals.clamp(0, 6) as usize, v);
    match lang {
        Lang::Vi => s.replace('.', ","),
        Lang::En => s,
    }
}

/// `POST /entry`: saves the typed values as drafts (`action=draft`) or submits them
/// (`action=submit`). All or nothing: a bad value keeps every typed value on the page
/// and marks the line.
pub(super) async fn save(
    State(s): State<AppState>,
    ctx: Ctx,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    let lang = ctx.lang;
    let get = |k: &str| {
        fields
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let submit = get("action") == "submit";
    let (unit, period, units) =
        match choose(&s, &who, Some(&get("unit")), Some(&get("period")), None) {
            Ok(x) => x,
            Err(e) => return render_error(lang, Some(who), e),
        };
    let mut typed = Typed::new();
    for (k, v) in &fields {
        if let Some(code) = k.strip_prefix("v:") {
            typed.entry(code.to_string()).or_default().0 = v.trim().to_string();
        } else if let Some(code) = k.strip_prefix("c:") {
            typed.entry(code.to_string()).or_default().1 = v.trim().to_string();
        }
    }
    let mut codes: Vec<&String> = typed
        .iter()
        .filter(|(_, (v, _))| !v.is_empty())
        .map(|(k, _)| k)
        .collect();
    codes.sort();
    let rows: Vec<serde_json::Value> = codes
        .iter()
        .map(|code| {
            let (v, c) = &typed[*code];
            let value = match parse_number(v, lang) {
                Some(x) => serde_json::json!(x),
                None => serde_json::json!(v),
            };
            serde_json::json!({
                "indicator": code,
                "org_unit": unit,
                "period": period.to_string(),
                "value": value,
                "comment": if c.is_empty() { serde_json::Value::Null } else { serde_json::json!(c) },
                "status": if submit { "submitted" } else { "draft" },
            })
        })
        .collect();
    let result = s.app.upsert_values(&who, &rows, ValueChannel::Form).await;
    match result {
        Ok(_) => Redirect::to(&format!(
            "/entry?unit={unit}&period={period}&saved={}",
            if submit { "submitted" } else { "draft" }
        ))
        .into_response(),
        Err(e) => {
            let problems = match &e {
                AppError::Problems(ps) => ps.clone(),
                other => vec![other.first()],
            };
            let mut errors = HashMap::new();
            for p in &problems {
                if let Some(code) = p.row.and_then(|r| codes.get(r)) {
                    errors.insert((*code).clone(), message(p, lang));
                }
            }
            let status = problems
                .first()
                .map(crate::error::status_of)
                .unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
            let alert = t_args(
                lang,
                "entry.not_saved",
                &[(
                    "problems",
                    problems
                        .iter()
                        .map(|p| match p.row.and_then(|r| codes.get(r)) {
                            Some(code) => format!("{code}: {}", message(p, lang)),
                            None => message(p, lang),
                        })
                        .collect::<Vec<_>>()
                        .join(" · "),
                )],
            );
            let sheet = match s.app.entry_sheet(&who, &unit, period).await {
                Ok(sh) => sh,
                Err(e2) => {
                    // The unit itself is out of reach: show why (403 names the unit).
                    let mut r = render_error(lang, Some(who), e2);
                    if r.status().is_success() {
                        *r.status_mut() = status;
                    }
                    return r;
                }
            };
            let mut r = render(&page(
                &ctx,
                units,
                &sheet,
                &typed,
                &errors,
                None,
                Some(alert),
            ));
            *r.status_mut() = status;
            r
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_number;

    #[test]
    fn numbers_typed_the_page_languages_way() {
        use crate::i18n::Lang::{En, Vi};
        for (text, lang, want) in [
            ("1.234,5", Vi, Some(1234.5)),
            ("1.234", Vi, Some(1234.0)),
            ("1.234.567", Vi, Some(1234567.0)),
            ("12,5", Vi, Some(12.5)),
            ("12.5", Vi, Some(12.5)),
            ("0,87", Vi, Some(0.87)),
            ("−3,5", Vi, Some(-3.5)),
            ("1,234.5", En, Some(1234.5)),
            ("1,234", En, Some(1234.0)),
            ("12.5", En, Some(12.5)),
            (" 42 ", En, Some(42.0)),
            ("abc", Vi, None),
            ("1,2,3", Vi, None),
        ] {
            assert_eq!(parse_number(text, lang), want, "{text} {lang:?}");
        }
    }
}

#[derive(Deserialize)]
pub(super) struct UnlockForm {
    unit: String,
    period: String,
    indicator: String,
    #[serde(default)]
    reason: String,
}

/// `POST /entry/unlock`: asks to unlock an approved value, with the reason.
pub(super) async fn unlock(
    State(s): State<AppState>,
    ctx: Ctx,
    Form(f): Form<UnlockForm>,
) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    let back = format!("/entry?unit={}&period={}", f.unit, f.period);
    match s
        .app
        .request_unlock(&who, &f.indicator, &f.unit, &f.period, &f.reason)
        .await
    {
        Ok(_) => Redirect::to(&format!("{back}&saved=unlock")).into_response(),
        Err(e) => {
            let alert = format!("{}: {}", f.indicator, message(&e.first(), ctx.lang));
            let period = match Period::parse(&f.period) {
                Ok(p) => p,
                Err(_) => return render_error(ctx.lang, Some(who), e),
            };
            match s.app.entry_sheet(&who, &f.unit, period).await {
                Ok(sheet) => {
                    let units = s.app.entry_units(&who);
                    let mut r = render(&page(
                        &ctx,
                        units,
                        &sheet,
                        &Typed::new(),
                        &HashMap::new(),
                        None,
                        Some(alert),
                    ));
                    *r.status_mut() = crate::error::status_of(&e.first());
                    r
                }
                Err(e) => render_error(ctx.lang, Some(who), e),
            }
        }
    }
}

/// `POST /entry/evidence` (multipart: `unit`, `period`, optional `indicator`, `file`):
/// attaches a file to the submission or to one value.
pub(super) async fn attach(
    State(s): State<AppState>,
    ctx: Ctx,
    mut form: axum::extract::Multipart,
) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    let lang = ctx.lang;
    let (mut unit, mut period, mut indicator) = (String::new(), String::new(), String::new());
    let mut file: Option<(String, Vec<u8>)> = None;
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                let p = Problem::invalid("import.unreadable").arg("detail", e.to_string());
                return render_error(lang, Some(who), p.into());
            }
        };
        let name = field.name().unwrap_or("").to_string();
        let file_name = field.file_name().unwrap_or("").to_string();
        match field.bytes().await {
            Ok(b) => match name.as_str() {
                "unit" => unit = String::from_utf8_lossy(&b).trim().to_string(),
                "period" => period = String::from_utf8_lossy(&b).trim().to_string(),
                "indicator" => indicator = String::from_utf8_lossy(&b).trim().to_string(),
                "file" => file = Some((file_name, b.to_vec())),
                _ => {}
            },
            Err(e) => {
                let p = Problem::invalid("import.unreadable").arg("detail", e.to_string());
                return render_error(lang, Some(who), p.into());
            }
        }
    }
    let p = match Period::parse(&period) {
        Ok(p) => p,
        Err(_) => return render_error(lang, Some(who), bad_period(&period).into()),
    };
    let (name, bytes) = file.unwrap_or_default();
    let indicator = Some(indicator.as_str()).filter(|c| !c.is_empty());
    match s
        .app
        .attach_evidence(&who, &unit, p, indicator, &name, &bytes)
        .await
    {
        Ok(_) => Redirect::to(&format!("{}&saved=evidence", entry_link(&unit, &p))).into_response(),
        Err(e) => {
            let alert = message(&e.first(), lang);
            match s.app.entry_sheet(&who, &unit, p).await {
                Ok(sheet) => {
                    let units = s.app.entry_units(&who);
                    let mut view = page(
                        &ctx,
                        units,
                        &sheet,
                        &Typed::new(),
                        &HashMap::new(),
                        None,
                        Some(alert),
                    );
                    view.evidence = evidence(&s, &who, &sheet, lang).await;
                    let mut r = render(&view);
                    *r.status_mut() = crate::error::status_of(&e.first());
                    r
                }
                Err(_) => render_error(lang, Some(who), e),
            }
        }
    }
}

/// `GET /evidence/{id}`: the file, as a download.
pub(super) async fn download(
    State(s): State<AppState>,
    ctx: Ctx,
    axum::extract::Path(id): axum::extract::Path<i64>,
) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    match s.app.evidence_file(&who, id).await {
        Ok((row, bytes)) => super::file_download(&row.file_name, &row.content_type, bytes),
        Err(e) => render_error(ctx.lang, Some(who), e),
    }
}
