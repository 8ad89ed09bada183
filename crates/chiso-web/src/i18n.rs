//! The locale catalogues (`locales/vi.toml`, `locales/en.toml`), compiled in, and
//! Vietnamese/English number and time formatting.

use chrono::{DateTime, FixedOffset, Utc};
use std::collections::HashMap;
use std::sync::LazyLock;

/// A user-interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Vietnamese, the default.
    #[default]
    Vi,
    /// English.
    En,
}

impl Lang {
    /// The language code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// Parses `vi`/`en` (and `en-US` etc.); anything else is `None`.
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("vi") {
            Some(Lang::Vi)
        } else if s.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The other language (for the switch in the header).
    pub fn other(self) -> Lang {
        match self {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        }
    }
}

fn flatten(prefix: &str, v: &toml::Value, out: &mut HashMap<String, String>) {
    match v {
        toml::Value::Table(t) => {
            for (k, v) in t {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, out);
            }
        }
        toml::Value::String(s) => {
            out.insert(prefix.to_string(), s.clone());
        }
        other => {
            out.insert(prefix.to_string(), other.to_string());
        }
    }
}

fn load(text: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    match text.parse::<toml::Table>() {
        Ok(t) => flatten("", &toml::Value::Table(t), &mut out),
        Err(e) => tracing::error!("locale catalogue does not parse: {e}"),
    }
    out
}

static VI: LazyLock<HashMap<String, String>> =
    LazyLock::new(|| load(include_str!("../../../locales/vi.toml")));
static EN: LazyLock<HashMap<String, String>> =
    LazyLock::new(|| load(include_str!("../../../locales/en.toml")));

fn catalogue(lang: Lang) -> &'static HashMap<String, String> {
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}

/// The message for `key` in `lang`; the key itself if missing (a test keeps both complete).
pub fn t(lang: Lang, key: &str) -> String {
    catalogue(lang)
        .get(key)
        .cloned()
        .unwrap_or_else(|| key.to_string())
}

/// The message for `key` with `{name}` placeholders filled.
pub fn t_args(lang: Lang, key: &str, args: &[(&str, String)]) -> String {
    let mut s = t(lang, key);
    for (k, v) in args {
        s = s.replace(&format!("{{{k}}}"), v);
    }
    s
}

/// Every key of a language (for the parity test).
pub fn keys(lang: Lang) -> Vec<&'static str> {
    let mut k: Vec<&str> = catalogue(lang).keys().map(String::as_str).collect();
    k.sort_unstable();
    k
}

/// A period as a person reads it: "Tháng 3/2025", "Quý 3/2025", "6 tháng đầu năm 2025",
/// "Năm 2025" / "March 2025", "Q3 2025", "H1 2025", "2025".
pub fn period_label(lang: Lang, p: &chiso_core::period::Period) -> String {
    use chiso_core::period::PeriodType as K;
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let (y, i) = (p.year_number(), p.index());
    match (lang, p.period_type()) {
        (Lang::Vi, K::Day) => p.start().format("%d/%m/%Y").to_string(),
        (Lang::En, K::Day) => p.start().format("%-d %B %Y").to_string(),
        (Lang::Vi, K::Week) => format!("Tuần {i}/{y}"),
        (Lang::En, K::Week) => format!("Week {i}, {y}"),
        (Lang::Vi, K::Month) => format!("Tháng {i}/{y}"),
        (Lang::En, K::Month) => format!(
            "{} {y}",
            MONTHS.get(i.saturating_sub(1) as usize).unwrap_or(&"")
        ),
        (Lang::Vi, K::Quarter) => format!("Quý {i}/{y}"),
        (Lang::En, K::Quarter) => format!("Q{i} {y}"),
        (Lang::Vi, K::HalfYear) if i == 1 => format!("6 tháng đầu năm {y}"),
        (Lang::Vi, K::HalfYear) => format!("6 tháng cuối năm {y}"),
        (Lang::En, K::HalfYear) => format!("H{i} {y}"),
        (Lang::Vi, K::Year) => format!("Năm {y}"),
        (Lang::En, K::Year) => y.to_string(),
    }
}

/// Why an indicator has its status, in words with the figures: "Không đạt tiến độ: lũy kế
/// 880 so với 897,5 theo lộ trình (đạt 98%); chỉ tiêu Năm 2026: 1.200 tỷ đồng".
pub fn status_reason(a: &chiso_app::analytics::Analysis, lang: Lang) -> String {
    status_reason_parts(&a.indicator, Some(&a.period), &a.assessment, lang).1
}

/// The status label and the reason sentence of an assessment.
pub fn status_reason_parts(
    indicator: &chiso_core::indicator::Indicator,
    period: Option<&chiso_core::period::Period>,
    a: &chiso_core::status::Assessment,
    lang: Lang,
) -> (String, String) {
    use chiso_core::status::Status;
    let s = &indicator.sheet;
    let num = |v: f64| format!("{} {}", fmt_num(v, s.decimals, lang), s.unit);
    let st = a.status;
    let status = t(lang, &format!("status.{}", st.as_str()));
    let reason = match (st, a.target, a.compared, a.expected) {
        (Status::NoData, _, _, _) | (_, _, None, _) => match period {
            Some(p) => t_args(
                lang,
                "status.reason_no_data",
                &[("period", period_label(lang, p))],
            ),
            None => t(lang, "status.no_data"),
        },
        (Status::NoTarget, _, Some(v), _) | (_, None, Some(v), _) => {
            t_args(lang, "status.reason_no_target", &[("value", num(v))])
        }
        (_, Some(target), Some(v), Some(expected)) => {
            let pct = a
                .achievement
                .map(|x| format!("{}%", fmt_num(x * 100.0, 0, lang)))
                .unwrap_or_else(|| "—".into());
            let key = if a.elapsed >= 1.0 {
                "status.reason_exact"
            } else if a.cumulative {
                "status.reason_cumulative"
            } else {
                "status.reason_value"
            };
            t_args(
                lang,
                key,
                &[
                    ("status", status.clone()),
                    ("compared", num(v)),
                    ("expected", num(expected)),
                    ("pct", pct),
                    ("target", num(target.value)),
                    ("target_period", period_label(lang, &target.period)),
                ],
            )
        }
        _ => status.clone(),
    };
    (status, reason)
}

/// A task's status reason in words.
pub fn task_reason(r: &chiso_core::tasks::Reason, lang: Lang) -> String {
    use chiso_core::tasks::Reason;
    let date = |d: &chrono::NaiveDate| d.format("%d/%m/%Y").to_string();
    match r {
        Reason::Completed(d) => t_args(lang, "task_reason.completed", &[("date", date(d))]),
        Reason::PastDeadline(n) => t_args(
            lang,
            "task_reason.past_deadline",
            &[("days", n.to_string())],
        ),
        Reason::StartsOn(d) => t_args(lang, "task_reason.starts_on", &[("date", date(d))]),
        Reason::NoRecentUpdate(n, allowed) => t_args(
            lang,
            "task_reason.no_update",
            &[("days", n.to_string()), ("allowed", allowed.to_string())],
        ),
        Reason::BehindSchedule {
            progress,
            elapsed,
            finish,
        } => {
            let args = [
                ("progress", fmt_num(*progress, 0, lang)),
                ("elapsed", fmt_num(*elapsed, 0, lang)),
                ("finish", finish.as_ref().map(date).unwrap_or_default()),
            ];
            if finish.is_some() {
                t_args(lang, "task_reason.behind_finish", &args)
            } else {
                t_args(lang, "task_reason.behind", &args)
            }
        }
        Reason::OverdueSubtasks(n) => t_args(
            lang,
            "task_reason.overdue_subtasks",
            &[("n", n.to_string())],
        ),
        Reason::IndicatorOffTrack => t(lang, "task_reason.indicator_off_track"),
        Reason::OnSchedule { progress, elapsed } => t_args(
            lang,
            "task_reason.on_schedule",
            &[
                ("progress", fmt_num(*progress, 0, lang)),
                ("elapsed", fmt_num(*elapsed, 0, lang)),
            ],
        ),
    }
}

/// The words of a catalogue workbook in both languages, from the locale files.
pub fn catalogue_labels() -> &'static chiso_app::catalogue_io::Labels {
    static LABELS: LazyLock<chiso_app::catalogue_io::Labels> = LazyLock::new(|| {
        use chiso_app::sheet_row::{ATTRIBUTES, Kind};
        let both = |key: &str| [t(Lang::Vi, key), t(Lang::En, key)];
        let mut l = chiso_app::catalogue_io::Labels {
            sheet: both("io.sheet"),
            lists: both("io.lists"),
            ..Default::default()
        };
        for a in ATTRIBUTES {
            l.attributes
                .insert(a.name, both(&format!("attr.{}", a.name)));
            if let Kind::Choice(options) = a.kind {
                for o in options() {
                    l.choices.insert(
                        (a.name, o),
                        both(&chiso_app::sheet_row::choice_key(a.name, o)),
                    );
                }
            }
        }
        l
    });
    &LABELS
}

/// A number with as many decimals as it needs (up to 6), for limits and thresholds that
/// were typed in: `3,5`, `100`.
pub fn fmt_exact(v: f64, lang: Lang) -> String {
    let decimals = (0..6)
        .find(|d| {
            let scaled = v * 10f64.powi(*d);
            (scaled - scaled.round()).abs() < 1e-9 * scaled.abs().max(1.0)
        })
        .unwrap_or(6);
    fmt_num(v, decimals, lang)
}

/// Formats a number with `decimals` and the language's separators:
/// Vietnamese `1.234.567,8`, English `1,234,567.8`.
pub fn fmt_num(v: f64, decimals: i32, lang: Lang) -> String {
    if !v.is_finite() {
        return "—".into();
    }
    let d = decimals.clamp(0, 6) as usize;
    let s = format!("{:.*}", d, v.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let (thousands, point) = match lang {
        Lang::Vi => ('.', ','),
        Lang::En => (',', '.'),
    };
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(thousands);
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(point);
        out.push_str(frac);
    }
    let negative = v < 0.0 && out.chars().any(|c| c.is_ascii_digit() && c != '0');
    if negative {
        out.insert(0, '−');
    }
    out
}

/// Shows a UTC time in Vietnam's time zone (UTC+7, no daylight saving).
pub fn fmt_time(t: DateTime<Utc>) -> String {
    match FixedOffset::east_opt(7 * 3600) {
        Some(tz) => t.with_timezone(&tz).format("%d/%m/%Y %H:%M").to_string(),
        None => t.format("%d/%m/%Y %H:%M UTC").to_string(),
    }
}

/// Why a value stands out, in words: "far below the median 56,8 of its last 12 periods
/// (modified z-score −26,8); check it, or explain it in the comment".
pub fn outlier_text(lang: Lang, o: &chiso_core::quality::Outlier, decimals: i32) -> String {
    let key = match (o.basis, o.score < 0.0) {
        (chiso_core::quality::Basis::History, true) => "quality.outlier_low",
        (chiso_core::quality::Basis::History, false) => "quality.outlier_high",
        (chiso_core::quality::Basis::Peers, true) => "quality.peer_outlier_low",
        (chiso_core::quality::Basis::Peers, false) => "quality.peer_outlier_high",
    };
    let score = if o.score.is_finite() {
        fmt_num(o.score, 1, lang)
    } else {
        "∞".to_string()
    };
    t_args(
        lang,
        key,
        &[
            ("median", fmt_num(o.median, decimals, lang)),
            ("n", o.compared.to_string()),
            ("score", score),
        ],
    )
}

/// A broken validation rule as pages show it: importance key, importance in words, the
/// message, and the values it read ("PA_DOSSIERS_ONLINE = 1.250 · PA_DOSSIERS_RECEIVED =
/// 1.225").
pub fn violation_view(
    lang: Lang,
    v: &chiso_app::quality::RuleViolation,
) -> (String, String, String, String) {
    let message = match lang {
        Lang::Vi => v.rule.message_vi.clone(),
        Lang::En => v.rule.message_en.clone(),
    };
    let values = v
        .values
        .iter()
        .map(|(c, x)| {
            let shown = x
                .map(|x| fmt_num(x, if x.fract() == 0.0 { 0 } else { 2 }, lang))
                .unwrap_or_else(|| "—".into());
            format!("{c} = {shown}")
        })
        .collect::<Vec<_>>()
        .join(" · ");
    (
        v.rule.importance.as_str().to_string(),
        t(lang, &format!("quality.{}", v.rule.importance.as_str())),
        message,
        values,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_locales_have_the_same_keys() {
        let vi = keys(Lang::Vi);
        let en = keys(Lang::En);
        assert!(vi.len() > 100, "catalogue loaded: {}", vi.len());
        let only_vi: Vec<_> = vi.iter().filter(|k| !en.contains(k)).collect();
        let only_en: Vec<_> = en.iter().filter(|k| !vi.contains(k)).collect();
        assert!(
            only_vi.is_empty() && only_en.is_empty(),
            "vi only: {only_vi:?}; en only: {only_en:?}"
        );
    }

    #[test]
    fn vietnamese_text_is_nfc() {
        for k in keys(Lang::Vi) {
            let s = t(Lang::Vi, k);
            assert_eq!(chiso_core::text::nfc(&s), s, "{k} is not NFC");
        }
    }

    #[test]
    fn messages_fill_placeholders() {
        assert_eq!(
            t_args(Lang::Vi, "error.org.unknown", &[("code", "X".into())]),
            "Không có đơn vị mã «X»"
        );
        assert_eq!(t(Lang::En, "nav.catalogue"), "Indicator catalogue");
    }

    #[test]
    fn numbers_use_local_separators() {
        assert_eq!(fmt_num(1234.5, 1, Lang::Vi), "1.234,5");
        assert_eq!(fmt_num(1234567.0, 0, Lang::En), "1,234,567");
        assert_eq!(fmt_num(-0.5, 2, Lang::Vi), "−0,50");
        assert_eq!(fmt_num(-0.001, 1, Lang::Vi), "0,0");
        assert_eq!(fmt_num(999.0, 0, Lang::Vi), "999");
    }
}
