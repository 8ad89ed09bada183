//! Charts drawn on the server as SVG: a trend against target, a bar chart of units and
//! small sparklines. Every chart has a title, its unit and a legend; text is escaped.

use crate::i18n::{Lang, fmt_num};
use std::fmt::Write;

/// Escapes text for SVG/XML.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// "Nice" axis bounds and step for values between `lo` and `hi`.
fn nice_axis(lo: f64, hi: f64) -> (f64, f64, f64) {
    let (lo, hi) = if (hi - lo).abs() < f64::EPSILON {
        (lo.min(0.0), hi.max(lo + 1.0))
    } else {
        (lo, hi)
    };
    let raw = (hi - lo) / 4.0;
    let mag = 10f64.powf(raw.abs().log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    ((lo / step).floor() * step, (hi / step).ceil() * step, step)
}

/// The SVG path of a series through its present values (a gap lifts the pen), with the
/// point `i` at (`x(i)`, `y(value)`).
fn line_path(
    points: &[(String, Option<f64>)],
    x: impl Fn(usize) -> f64,
    y: impl Fn(f64) -> f64,
) -> String {
    let mut path = String::new();
    let mut pen_up = true;
    for (i, (_, v)) in points.iter().enumerate() {
        match v {
            Some(v) => {
                let _ = write!(
                    path,
                    "{}{:.1},{:.1} ",
                    if pen_up { "M" } else { "L" },
                    x(i),
                    y(*v)
                );
                pen_up = false;
            }
            None => pen_up = true,
        }
    }
    path
}

/// Decimals for axis labels of a step.
fn step_decimals(step: f64) -> i32 {
    if step >= 1.0 {
        0
    } else {
        (-step.log10().floor()) as i32
    }
}

/// A line chart of a series with an optional target line.
pub struct Trend<'a> {
    /// Chart title.
    pub title: &'a str,
    /// Unit of the values.
    pub unit: &'a str,
    /// Points: label, value.
    pub points: &'a [(String, Option<f64>)],
    /// Target (label for the legend, value), drawn as a dashed line.
    pub target: Option<(&'a str, f64)>,
    /// Legend label of the series.
    pub series: &'a str,
    /// Decimals for values.
    pub decimals: i32,
    /// Language of the numbers.
    pub lang: Lang,
}

impl Trend<'_> {
    /// The SVG.
    pub fn svg(&self) -> String {
        let (w, h) = (640.0, 260.0);
        let (left, right, top, bottom) = (64.0, 16.0, 40.0, 52.0);
        let values: Vec<f64> = self
            .points
            .iter()
            .filter_map(|p| p.1)
            .chain(self.target.map(|t| t.1))
            .collect();
        let mut out = String::new();
        let _ = write!(
            out,
            r#"<svg class="chart" viewBox="0 0 {w} {h}" role="img" aria-label="{t}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title><text x="{left}" y="18" class="chart-title">{t} ({u})</text>"#,
            t = esc(self.title),
            u = esc(self.unit)
        );
        if values.is_empty() || self.points.is_empty() {
            let _ = write!(
                out,
                r#"<text x="{}" y="{}" class="chart-empty">—</text></svg>"#,
                w / 2.0,
                h / 2.0
            );
            return out;
        }
        let lo = values
            .iter()
            .copied()
            .fold(f64::INFINITY, f64::min)
            .min(0.0);
        let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let (y0, y1, step) = nice_axis(lo, hi);
        let plot_w = w - left - right;
        let plot_h = h - top - bottom;
        let y = |v: f64| top + plot_h * (1.0 - (v - y0) / (y1 - y0));
        let n = self.points.len().max(2) as f64;
        let x = |i: usize| left + plot_w * (i as f64 + 0.5) / n;
        // Grid and y labels.
        let mut v = y0;
        while v <= y1 + step / 2.0 {
            let _ = write!(
                out,
                r#"<line x1="{left}" x2="{}" y1="{yy:.1}" y2="{yy:.1}" class="grid"/><text x="{}" y="{:.1}" class="axis" text-anchor="end">{}</text>"#,
                w - right,
                left - 6.0,
                y(v) + 4.0,
                fmt_num(v, step_decimals(step), self.lang),
                yy = y(v)
            );
            v += step;
        }
        // X labels (every other one when crowded).
        let every = if self.points.len() > 8 { 2 } else { 1 };
        for (i, (label, _)) in self.points.iter().enumerate() {
            if i % every == 0 || i + 1 == self.points.len() {
                let _ = write!(
                    out,
                    r#"<text x="{:.1}" y="{}" class="axis" text-anchor="middle">{}</text>"#,
                    x(i),
                    h - bottom + 16.0,
                    esc(label)
                );
            }
        }
        if let Some((_, t)) = self.target {
            let _ = write!(
                out,
                r#"<line x1="{left}" x2="{}" y1="{yy:.1}" y2="{yy:.1}" class="target"/>"#,
                w - right,
                yy = y(t)
            );
        }
        // The series: a line through present values, a dot on each.
        let path = line_path(self.points, x, y);
        let _ = write!(out, r#"<path d="{path}" class="series"/>"#);
        for (i, (label, val)) in self.points.iter().enumerate() {
            if let Some(v) = val {
                let _ = write!(
                    out,
                    r#"<circle cx="{:.1}" cy="{:.1}" r="3.5" class="dot"><title>{}: {}</title></circle>"#,
                    x(i),
                    y(*v),
                    esc(label),
                    fmt_num(*v, self.decimals, self.lang)
                );
            }
        }
        // Legend.
        let ly = h - 12.0;
        let _ = write!(
            out,
            r#"<line x1="{left}" x2="{}" y1="{ly}" y2="{ly}" class="series"/><text x="{}" y="{}" class="legend">{}</text>"#,
            left + 24.0,
            left + 30.0,
            ly + 4.0,
            esc(self.series)
        );
        if let Some((label, _)) = self.target {
            let lx = left + 200.0;
            let _ = write!(
                out,
                r#"<line x1="{lx}" x2="{}" y1="{ly}" y2="{ly}" class="target"/><text x="{}" y="{}" class="legend">{}</text>"#,
                lx + 24.0,
                lx + 30.0,
                ly + 4.0,
                esc(label)
            );
        }
        out.push_str("</svg>");
        out
    }
}

/// A horizontal bar chart of units, largest first, with an average line.
pub struct Bars<'a> {
    /// Chart title.
    pub title: &'a str,
    /// Unit of the values.
    pub unit: &'a str,
    /// Bars: label, value, highlighted.
    pub bars: &'a [(String, Option<f64>, bool)],
    /// Average (legend label, value).
    pub average: Option<(&'a str, f64)>,
    /// Label for units without a value.
    pub missing: &'a str,
    /// Decimals for values.
    pub decimals: i32,
    /// Language of the numbers.
    pub lang: Lang,
}

impl Bars<'_> {
    /// The SVG.
    pub fn svg(&self) -> String {
        let row = 20.0;
        let (left, right, top) = (190.0, 70.0, 30.0);
        let w = 640.0;
        let mut bars: Vec<&(String, Option<f64>, bool)> = self.bars.iter().collect();
        bars.sort_by(|a, b| {
            b.1.unwrap_or(f64::NEG_INFINITY)
                .partial_cmp(&a.1.unwrap_or(f64::NEG_INFINITY))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        let h = top + row * bars.len() as f64 + 30.0;
        let hi = bars
            .iter()
            .filter_map(|b| b.1)
            .fold(0.0f64, f64::max)
            .max(self.average.map(|a| a.1).unwrap_or(0.0));
        let lo = bars.iter().filter_map(|b| b.1).fold(0.0f64, f64::min);
        let span = if hi - lo > 0.0 { hi - lo } else { 1.0 };
        let plot_w = w - left - right;
        let x = |v: f64| left + plot_w * (v - lo) / span;
        let mut out = String::new();
        let _ = write!(
            out,
            r#"<svg class="chart" viewBox="0 0 {w} {h}" role="img" aria-label="{t}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title><text x="8" y="18" class="chart-title">{t} ({u})</text>"#,
            t = esc(self.title),
            u = esc(self.unit)
        );
        for (i, (label, val, mine)) in bars.iter().enumerate() {
            let yy = top + row * i as f64;
            let short: String = label.chars().take(28).collect();
            let _ = write!(
                out,
                r#"<text x="{}" y="{:.1}" class="axis" text-anchor="end">{}</text>"#,
                left - 6.0,
                yy + 14.0,
                esc(&short)
            );
            match val {
                Some(v) => {
                    let (x0, x1) = (x(0.0f64.max(lo)), x(*v));
                    let _ = write!(
                        out,
                        r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{}" class="bar{}"><title>{}: {}</title></rect><text x="{:.1}" y="{:.1}" class="value">{}</text>"#,
                        x0.min(x1),
                        yy + 3.0,
                        (x1 - x0).abs().max(1.0),
                        row - 6.0,
                        if *mine { " mine" } else { "" },
                        esc(label),
                        fmt_num(*v, self.decimals, self.lang),
                        x0.max(x1) + 4.0,
                        yy + 14.0,
                        fmt_num(*v, self.decimals, self.lang)
                    );
                }
                None => {
                    let _ = write!(
                        out,
                        r#"<text x="{}" y="{:.1}" class="chart-empty">{}</text>"#,
                        left + 4.0,
                        yy + 14.0,
                        esc(self.missing)
                    );
                }
            }
        }
        if let Some((label, a)) = self.average {
            let _ = write!(
                out,
                r#"<line x1="{xx:.1}" x2="{xx:.1}" y1="{top}" y2="{}" class="target"/><text x="{:.1}" y="{}" class="legend">{} {}</text>"#,
                h - 24.0,
                left,
                h - 8.0,
                esc(label),
                fmt_num(a, self.decimals, self.lang),
                xx = x(a)
            );
        }
        out.push_str("</svg>");
        out
    }
}

/// A tiny line of a series (for small multiples); no text but a title for screen readers.
pub fn sparkline(title: &str, points: &[Option<f64>]) -> String {
    let (w, h) = (120.0, 32.0);
    let vals: Vec<f64> = points.iter().flatten().copied().collect();
    let mut out = format!(
        r#"<svg class="spark" viewBox="0 0 {w} {h}" role="img" aria-label="{t}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title>"#,
        t = esc(title)
    );
    if vals.len() >= 2 {
        let lo = vals.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = vals.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let span = if hi > lo { hi - lo } else { 1.0 };
        let n = (points.len().max(2) - 1) as f64;
        let mut d = String::new();
        let mut up = true;
        for (i, p) in points.iter().enumerate() {
            if let Some(v) = p {
                let _ = write!(
                    d,
                    "{}{:.1},{:.1} ",
                    if up { "M" } else { "L" },
                    2.0 + (w - 4.0) * i as f64 / n,
                    h - 3.0 - (h - 6.0) * (v - lo) / span
                );
                up = false;
            } else {
                up = true;
            }
        }
        let _ = write!(out, r#"<path d="{d}" class="series"/>"#);
    }
    out.push_str("</svg>");
    out
}

/// One panel of a grid of small multiples: an indicator's last periods, with its target as
/// a dashed line where the values compare with it (not for flows, whose target is for the
/// whole year). Panels share a size and a legend (drawn once above the grid by the page);
/// each keeps its own scale, its minimum and maximum labelled, since indicators differ in
/// unit.
pub struct SmallMultiple<'a> {
    /// Chart title (the indicator's name).
    pub title: &'a str,
    /// Unit of the values.
    pub unit: &'a str,
    /// Points: period label, value.
    pub points: &'a [(String, Option<f64>)],
    /// The target, when comparable with each point.
    pub target: Option<f64>,
    /// Status key of the indicator (colours the line).
    pub status: &'a str,
    /// Decimals for values.
    pub decimals: i32,
    /// Language of the numbers.
    pub lang: Lang,
}

impl SmallMultiple<'_> {
    /// The SVG.
    pub fn svg(&self) -> String {
        let (w, h) = (240.0, 96.0);
        let (left, right, top, bottom) = (6.0, 6.0, 16.0, 18.0);
        let mut out = format!(
            r#"<svg class="multiple s-{st}" viewBox="0 0 {w} {h}" role="img" aria-label="{t} ({u})" xmlns="http://www.w3.org/2000/svg"><title>{t} ({u})</title>"#,
            st = esc(self.status),
            t = esc(self.title),
            u = esc(self.unit)
        );
        let values: Vec<f64> = self
            .points
            .iter()
            .filter_map(|p| p.1)
            .chain(self.target)
            .collect();
        if values.is_empty() {
            let _ = write!(
                out,
                r#"<text x="{}" y="{}" class="chart-empty" text-anchor="middle">—</text></svg>"#,
                w / 2.0,
                h / 2.0
            );
            return out;
        }
        let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let span = if hi > lo { hi - lo } else { 1.0 };
        let plot_h = h - top - bottom;
        let y = |v: f64| top + plot_h * (1.0 - (v - lo) / span);
        let n = (self.points.len().max(2) - 1) as f64;
        let x = |i: usize| left + (w - left - right) * i as f64 / n;
        let _ = write!(
            out,
            r#"<text x="{left}" y="11" class="axis">{} – {}</text>"#,
            fmt_num(lo, self.decimals, self.lang),
            fmt_num(hi, self.decimals, self.lang)
        );
        if let Some(t) = self.target {
            let _ = write!(
                out,
                r#"<line x1="{left}" x2="{}" y1="{yy:.1}" y2="{yy:.1}" class="target"/>"#,
                w - right,
                yy = y(t)
            );
        }
        let path = line_path(self.points, x, y);
        let _ = write!(out, r#"<path d="{path}" class="series"/>"#);
        if let Some((i, Some(v))) = self
            .points
            .iter()
            .enumerate()
            .rev()
            .find(|(_, p)| p.1.is_some())
            .map(|(i, p)| (i, p.1))
        {
            let _ = write!(
                out,
                r#"<circle cx="{:.1}" cy="{:.1}" r="3" class="dot"/>"#,
                x(i),
                y(v)
            );
        }
        if let (Some(first), Some(last)) = (self.points.first(), self.points.last()) {
            let _ = write!(
                out,
                r#"<text x="{left}" y="{}" class="axis">{}</text><text x="{}" y="{}" class="axis" text-anchor="end">{}</text>"#,
                h - 4.0,
                esc(&first.0),
                w - right,
                h - 4.0,
                esc(&last.0)
            );
        }
        out.push_str("</svg>");
        out
    }
}

/// One bar of a timeline.
pub struct GanttRow {
    /// Label (code and title).
    pub label: String,
    /// Depth in the task tree (indents the label).
    pub depth: usize,
    /// First day.
    pub start: chrono::NaiveDate,
    /// Deadline.
    pub end: chrono::NaiveDate,
    /// Progress, 0–100.
    pub progress: f64,
    /// Status key (colours the bar).
    pub status: String,
}

/// A timeline of tasks (Gantt-like): a bar from start to deadline, filled to the progress,
/// coloured by status, with a line for today and month ticks.
pub struct Gantt<'a> {
    /// Chart title.
    pub title: &'a str,
    /// The bars.
    pub rows: &'a [GanttRow],
    /// Today.
    pub today: chrono::NaiveDate,
    /// Label of the today line.
    pub today_label: &'a str,
}

impl Gantt<'_> {
    /// The SVG.
    pub fn svg(&self) -> String {
        use chrono::Datelike;
        let (left, right, top, row) = (260.0, 16.0, 44.0, 22.0);
        let w = 900.0;
        let h = top + row * self.rows.len() as f64 + 16.0;
        let mut out = format!(
            r#"<svg class="chart gantt" viewBox="0 0 {w} {h}" role="img" aria-label="{t}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title><text x="8" y="18" class="chart-title">{t}</text>"#,
            t = esc(self.title)
        );
        let (Some(lo), Some(hi)) = (
            self.rows.iter().map(|r| r.start).min(),
            self.rows.iter().map(|r| r.end).max(),
        ) else {
            out.push_str("</svg>");
            return out;
        };
        let lo = lo.min(self.today);
        let hi = hi.max(self.today);
        let span = ((hi - lo).num_days().max(1)) as f64;
        let plot = w - left - right;
        let x = |d: chrono::NaiveDate| left + plot * ((d - lo).num_days() as f64 / span);
        // Month (or quarter, on long spans) ticks.
        let step = if span > 900.0 {
            6
        } else if span > 400.0 {
            3
        } else {
            1
        };
        let mut m = chrono::NaiveDate::from_ymd_opt(lo.year(), lo.month(), 1).unwrap_or(lo);
        while m <= hi {
            if m >= lo {
                let _ = write!(
                    out,
                    r#"<line x1="{xx:.1}" x2="{xx:.1}" y1="{}" y2="{}" class="grid"/><text x="{xx:.1}" y="{}" class="axis" text-anchor="middle">{}/{}</text>"#,
                    top - 8.0,
                    h - 12.0,
                    top - 12.0,
                    m.month(),
                    m.year() % 100,
                    xx = x(m)
                );
            }
            let (y, mo) = (m.year(), m.month() + step);
            m = if mo > 12 {
                chrono::NaiveDate::from_ymd_opt(y + 1, mo - 12, 1)
            } else {
                chrono::NaiveDate::from_ymd_opt(y, mo, 1)
            }
            .unwrap_or(hi + chrono::Duration::days(1));
        }
        for (i, r) in self.rows.iter().enumerate() {
            let y = top + row * i as f64;
            let label: String = format!("{}{}", "  ".repeat(r.depth), r.label)
                .chars()
                .take(40)
                .collect();
            let (x0, x1) = (x(r.start), x(r.end).max(x(r.start) + 2.0));
            let fill = (x1 - x0) * (r.progress / 100.0).clamp(0.0, 1.0);
            let _ = write!(
                out,
                r#"<text x="{}" y="{:.1}" class="axis" text-anchor="end" xml:space="preserve">{}</text><rect x="{x0:.1}" y="{:.1}" width="{:.1}" height="{}" class="gbar st-{}"><title>{}: {:.0}%</title></rect><rect x="{x0:.1}" y="{:.1}" width="{fill:.1}" height="{}" class="gfill st-{}"/>"#,
                left - 6.0,
                y + 14.0,
                esc(&label),
                y + 4.0,
                x1 - x0,
                row - 8.0,
                esc(&r.status),
                esc(&r.label),
                r.progress,
                y + 4.0,
                row - 8.0,
                esc(&r.status),
            );
        }
        let tx = x(self.today);
        let _ = write!(
            out,
            r#"<line x1="{tx:.1}" x2="{tx:.1}" y1="{}" y2="{}" class="target"/><text x="{:.1}" y="{}" class="legend">{}</text>"#,
            top - 4.0,
            h - 8.0,
            tx + 3.0,
            h - 2.0,
            esc(self.today_label)
        );
        out.push_str("</svg>");
        out
    }
}

/// Each unit's plausible ranks: a line from the 5th to the 95th percentile, a dot at the
/// median and a tick at the published (nominal) rank; best nominal rank on top.
pub struct RankIntervals<'a> {
    /// Chart title.
    pub title: &'a str,
    /// Rows: label, nominal rank, median, 5th and 95th percentiles.
    pub rows: &'a [(String, Option<usize>, f64, f64, f64)],
    /// Legend labels: interval, median, nominal.
    pub legend: (&'a str, &'a str, &'a str),
    /// The number of ranked units (the axis runs 1..=n).
    pub ranked: usize,
    /// Axis label.
    pub axis: &'a str,
}

impl RankIntervals<'_> {
    /// The SVG.
    pub fn svg(&self) -> String {
        let row = 14.0;
        let (left, right, top) = (190.0, 20.0, 46.0);
        let w = 640.0;
        let h = top + row * self.rows.len() as f64 + 34.0;
        let n = self.ranked.max(2) as f64;
        let plot_w = w - left - right;
        // Rank 1 on the left.
        let x = |r: f64| left + plot_w * (r - 1.0) / (n - 1.0);
        let mut out = String::new();
        let _ = write!(
            out,
            r#"<svg class="chart intervals" viewBox="0 0 {w} {h}" role="img" aria-label="{t}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title><text x="8" y="18" class="chart-title">{t}</text>"#,
            t = esc(self.title)
        );
        let (li, lm, ln) = self.legend;
        let _ = write!(
            out,
            r#"<line x1="{l}" x2="{}" y1="31" y2="31" class="range"/><text x="{}" y="35" class="legend">{}</text><circle cx="{}" cy="31" r="3.5" class="dot"/><text x="{}" y="35" class="legend">{}</text><line x1="{}" x2="{}" y1="26" y2="36" class="nominal"/><text x="{}" y="35" class="legend">{}</text>"#,
            left + 24.0,
            left + 30.0,
            esc(li),
            left + 190.0,
            left + 198.0,
            esc(lm),
            left + 300.0,
            left + 300.0,
            left + 306.0,
            esc(ln),
            l = left
        );
        let step = if n > 40.0 {
            10.0
        } else if n > 12.0 {
            5.0
        } else {
            1.0
        };
        let mut r = 1.0;
        while r <= n {
            let _ = write!(
                out,
                r#"<line x1="{xx:.1}" x2="{xx:.1}" y1="{top}" y2="{}" class="grid"/><text x="{xx:.1}" y="{}" class="axis" text-anchor="middle">{}</text>"#,
                h - 30.0,
                h - 18.0,
                r,
                xx = x(r)
            );
            r = if r == 1.0 && step > 1.0 {
                step
            } else {
                r + step
            };
        }
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{}" class="axis" text-anchor="middle">{}</text>"#,
            left + plot_w / 2.0,
            h - 4.0,
            esc(self.axis)
        );
        for (i, (label, nominal, median, q05, q95)) in self.rows.iter().enumerate() {
            let yy = top + row * i as f64 + row / 2.0;
            let short: String = label.chars().take(30).collect();
            let _ = write!(
                out,
                r#"<text x="{}" y="{:.1}" class="axis" text-anchor="end">{}</text><line x1="{:.1}" x2="{:.1}" y1="{yy:.1}" y2="{yy:.1}" class="range"><title>{}: {}–{}</title></line><circle cx="{:.1}" cy="{yy:.1}" r="3.5" class="dot"/>"#,
                left - 6.0,
                yy + 4.0,
                esc(&short),
                x(*q05),
                x(q95.max(*q05 + 0.01)),
                esc(label),
                q05,
                q95,
                x(*median)
            );
            if let Some(nr) = nominal {
                let _ = write!(
                    out,
                    r#"<line x1="{xx:.1}" x2="{xx:.1}" y1="{:.1}" y2="{:.1}" class="nominal"/>"#,
                    yy - 5.0,
                    yy + 5.0,
                    xx = x(*nr as f64)
                );
            }
        }
        out.push_str("</svg>");
        out
    }
}

/// A waterfall from last year's score to this year's: one bar per component's share of the
/// change (up in green, down in red), then what the shares leave, if anything.
pub struct Waterfall<'a> {
    /// Chart title.
    pub title: &'a str,
    /// Unit of the score.
    pub unit: &'a str,
    /// (label, value) of the start bar.
    pub start: (String, f64),
    /// Steps: label, change.
    pub steps: &'a [(String, f64)],
    /// (label, value) of the end bar.
    pub end: (String, f64),
    /// Legend labels: rise, fall, total.
    pub legend: (&'a str, &'a str, &'a str),
    /// Decimals for values.
    pub decimals: i32,
    /// Language of the numbers.
    pub lang: Lang,
}

impl Waterfall<'_> {
    /// The SVG.
    pub fn svg(&self) -> String {
        let (w, h) = (760.0, 330.0);
        let (left, right, top, bottom) = (50.0, 10.0, 46.0, 96.0);
        let n = self.steps.len() + 2;
        // Running totals to find the axis.
        let mut level = self.start.1;
        let mut lo = self.start.1.min(self.end.1);
        let mut hi = self.start.1.max(self.end.1);
        for (_, d) in self.steps {
            level += d;
            lo = lo.min(level);
            hi = hi.max(level);
        }
        let pad = ((hi - lo) * 0.25).max(0.5);
        let (a_lo, a_hi, step) = nice_axis(lo - pad, hi + pad / 2.0);
        let plot_h = h - top - bottom;
        let y = |v: f64| top + plot_h * (a_hi - v) / (a_hi - a_lo);
        let slot = (w - left - right) / n as f64;
        let bw = slot * 0.62;
        let mut out = String::new();
        let _ = write!(
            out,
            r#"<svg class="chart waterfall" viewBox="0 0 {w} {h}" role="img" aria-label="{t}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title><text x="8" y="18" class="chart-title">{t} ({u})</text>"#,
            t = esc(self.title),
            u = esc(self.unit)
        );
        let (lu, ld, lt) = self.legend;
        let _ = write!(
            out,
            r#"<rect x="{l}" y="26" width="10" height="10" class="wf-up"/><text x="{}" y="35" class="legend">{}</text><rect x="{}" y="26" width="10" height="10" class="wf-down"/><text x="{}" y="35" class="legend">{}</text><rect x="{}" y="26" width="10" height="10" class="wf-total"/><text x="{}" y="35" class="legend">{}</text>"#,
            left + 14.0,
            esc(lu),
            left + 120.0,
            left + 134.0,
            esc(ld),
            left + 240.0,
            left + 254.0,
            esc(lt),
            l = left
        );
        let d = step_decimals(step);
        let mut v = a_lo;
        while v <= a_hi + step / 2.0 {
            let _ = write!(
                out,
                r#"<line x1="{left}" x2="{}" y1="{yy:.1}" y2="{yy:.1}" class="grid"/><text x="{}" y="{:.1}" class="axis" text-anchor="end">{}</text>"#,
                w - right,
                left - 4.0,
                y(v) + 4.0,
                fmt_num(v, d, self.lang),
                yy = y(v)
            );
            v += step;
        }
        let label = |out: &mut String, i: usize, text: &str| {
            let cx = left + slot * (i as f64 + 0.5);
            let short: String = text.chars().take(22).collect();
            let _ = write!(
                out,
                r#"<text x="{cx:.1}" y="{:.1}" class="axis" text-anchor="end" transform="rotate(-35 {cx:.1} {:.1})">{}</text>"#,
                h - bottom + 14.0,
                h - bottom + 14.0,
                esc(&short)
            );
        };
        let bar = |out: &mut String, i: usize, from: f64, to: f64, class: &str, text: String| {
            let x0 = left + slot * i as f64 + (slot - bw) / 2.0;
            let (y0, y1) = (y(from.max(to)), y(from.min(to)));
            let _ = write!(
                out,
                r#"<rect x="{x0:.1}" y="{y0:.1}" width="{bw:.1}" height="{:.1}" class="{class}"><title>{}</title></rect><text x="{:.1}" y="{:.1}" class="value" text-anchor="middle">{}</text>"#,
                (y1 - y0).max(1.0),
                esc(&text),
                x0 + bw / 2.0,
                y0 - 3.0,
                esc(&text)
            );
        };
        let base = a_lo.max(0.0).min(self.start.1);
        bar(
            &mut out,
            0,
            base,
            self.start.1,
            "wf-total",
            fmt_num(self.start.1, self.decimals, self.lang),
        );
        label(&mut out, 0, &self.start.0);
        let mut level = self.start.1;
        for (i, (name, change)) in self.steps.iter().enumerate() {
            let class = if *change >= 0.0 { "wf-up" } else { "wf-down" };
            let sign = if *change >= 0.0 { "+" } else { "" };
            bar(
                &mut out,
                i + 1,
                level,
                level + change,
                class,
                format!("{sign}{}", fmt_num(*change, self.decimals, self.lang)),
            );
            label(&mut out, i + 1, name);
            level += change;
        }
        bar(
            &mut out,
            n - 1,
            base,
            self.end.1,
            "wf-total",
            fmt_num(self.end.1, self.decimals, self.lang),
        );
        label(&mut out, n - 1, &self.end.0);
        out.push_str("</svg>");
        out
    }
}

/// A component in a [`Comparison`].
pub struct ComparisonRow {
    /// The component's name.
    pub label: String,
    /// The unit's value.
    pub value: Option<f64>,
    /// The average.
    pub average: Option<f64>,
    /// The best value.
    pub best: Option<f64>,
    /// The end of the component's scale.
    pub max: f64,
}

/// One unit's components against the average and the best: a bar for the unit, a dashed
/// tick for the average, a solid tick for the best, on each component's own scale.
pub struct Comparison<'a> {
    /// Chart title.
    pub title: &'a str,
    /// One row per component.
    pub rows: &'a [ComparisonRow],
    /// Legend labels: unit, average, best.
    pub legend: (&'a str, &'a str, &'a str),
    /// Label for a missing value.
    pub missing: &'a str,
    /// Decimals for values.
    pub decimals: i32,
    /// Language of the numbers.
    pub lang: Lang,
}

impl Comparison<'_> {
    /// The SVG.
    pub fn svg(&self) -> String {
        let row = 24.0;
        let (left, right, top) = (230.0, 60.0, 46.0);
        let w = 720.0;
        let h = top + row * self.rows.len() as f64 + 10.0;
        let plot_w = w - left - right;
        let mut out = String::new();
        let _ = write!(
            out,
            r#"<svg class="chart comparison" viewBox="0 0 {w} {h}" role="img" aria-label="{t}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title><text x="8" y="18" class="chart-title">{t}</text>"#,
            t = esc(self.title)
        );
        let (lu, la, lb) = self.legend;
        let _ = write!(
            out,
            r#"<rect x="{l}" y="26" width="12" height="10" class="bar mine"/><text x="{}" y="35" class="legend">{}</text><line x1="{}" x2="{}" y1="25" y2="37" class="target"/><text x="{}" y="35" class="legend">{}</text><line x1="{}" x2="{}" y1="25" y2="37" class="best"/><text x="{}" y="35" class="legend">{}</text>"#,
            left + 16.0,
            esc(lu),
            left + 150.0,
            left + 150.0,
            left + 156.0,
            esc(la),
            left + 290.0,
            left + 290.0,
            left + 296.0,
            esc(lb),
            l = left
        );
        for (i, r) in self.rows.iter().enumerate() {
            let (label, value, avg, best, max) = (&r.label, &r.value, &r.average, &r.best, &r.max);
            let yy = top + row * i as f64;
            let scale = if *max > 0.0 { *max } else { 1.0 };
            let x = |v: f64| left + plot_w * (v / scale).clamp(0.0, 1.0);
            let short: String = label.chars().take(36).collect();
            let _ = write!(
                out,
                r#"<text x="{}" y="{:.1}" class="axis" text-anchor="end">{}</text><rect x="{left}" y="{:.1}" width="{plot_w}" height="{}" class="track"/>"#,
                left - 6.0,
                yy + 15.0,
                esc(&short),
                yy + 4.0,
                row - 8.0
            );
            match value {
                Some(v) => {
                    let _ = write!(
                        out,
                        r#"<rect x="{left}" y="{:.1}" width="{:.1}" height="{}" class="bar mine"><title>{}: {}</title></rect><text x="{:.1}" y="{:.1}" class="value">{}</text>"#,
                        yy + 4.0,
                        (x(*v) - left).max(1.0),
                        row - 8.0,
                        esc(label),
                        fmt_num(*v, self.decimals, self.lang),
                        w - right + 6.0,
                        yy + 15.0,
                        fmt_num(*v, self.decimals, self.lang)
                    );
                }
                None => {
                    let _ = write!(
                        out,
                        r#"<text x="{}" y="{:.1}" class="chart-empty">{}</text>"#,
                        left + 4.0,
                        yy + 15.0,
                        esc(self.missing)
                    );
                }
            }
            if let Some(a) = avg {
                let _ = write!(
                    out,
                    r#"<line x1="{xx:.1}" x2="{xx:.1}" y1="{:.1}" y2="{:.1}" class="target"/>"#,
                    yy + 1.0,
                    yy + row - 1.0,
                    xx = x(*a)
                );
            }
            if let Some(b) = best {
                let _ = write!(
                    out,
                    r#"<line x1="{xx:.1}" x2="{xx:.1}" y1="{:.1}" y2="{:.1}" class="best"/>"#,
                    yy + 1.0,
                    yy + row - 1.0,
                    xx = x(*b)
                );
            }
        }
        out.push_str("</svg>");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_are_round() {
        assert_eq!(nice_axis(0.0, 97.0), (0.0, 100.0, 25.0));
        assert_eq!(nice_axis(0.0, 0.83), (0.0, 1.0, 0.25));
    }

    #[test]
    fn labels_are_escaped_and_charts_have_titles_and_legends() {
        let points = vec![
            ("2025-01".to_string(), Some(1.0)),
            ("2025-02".into(), Some(3.0)),
        ];
        let svg = Trend {
            title: "Thu <ngân sách> & chi",
            unit: "tỷ đồng",
            points: &points,
            target: Some(("Chỉ tiêu", 4.0)),
            series: "Thực hiện",
            decimals: 1,
            lang: Lang::Vi,
        }
        .svg();
        assert!(svg.contains("Thu &lt;ngân sách&gt; &amp; chi (tỷ đồng)"));
        assert!(svg.contains(">Thực hiện</text>") && svg.contains(">Chỉ tiêu</text>"));
        assert!(svg.contains("class=\"target\""));
    }
}
