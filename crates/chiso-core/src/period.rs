//! Reporting periods (kỳ báo cáo).
//!
//! A [`Period`] is one concrete reporting period of a given [`PeriodType`]:
//! a calendar day, an ISO 8601 week, a month, a quarter, a half-year or a
//! calendar year. Periods have a canonical textual code (their [`Display`]
//! form) that is also their serde representation:
//!
//! | type        | code         |
//! |-------------|--------------|
//! | year        | `2025`       |
//! | half-year   | `2025S1`     |
//! | quarter     | `2025Q3`     |
//! | month       | `2025-09`    |
//! | ISO week    | `2025W05`    |
//! | day         | `2025-09-14` |
//!
//! [`Period::parse`] additionally accepts the DHIS2 forms `202509` (month),
//! `20250914` (day) and `2025W5` (week without zero padding).
//!
//! Parsing and the checked constructors only accept years in
//! [`Period::MIN_YEAR`]`..=`[`Period::MAX_YEAR`]. Arithmetic
//! ([`Period::next`], [`Period::offset`], …) is not limited to that range, so
//! that e.g. `p.next().previous() == p` holds for every valid `p`; it only
//! saturates at the limits of the underlying calendar (about ±262 000 years).
//!
//! [`Display`]: std::fmt::Display

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use unicode_normalization::UnicodeNormalization;

/// The length (granularity) of a reporting period.
///
/// The derived ordering goes from the shortest type to the longest one
/// (`Day < Week < Month < Quarter < HalfYear < Year`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PeriodType {
    /// A calendar day (ngày).
    Day,
    /// An ISO 8601 week, Monday to Sunday (tuần).
    Week,
    /// A calendar month (tháng).
    Month,
    /// A calendar quarter (quý).
    Quarter,
    /// A half-year, January–June or July–December (6 tháng).
    HalfYear,
    /// A calendar year (năm).
    Year,
}

impl PeriodType {
    const ALL: [PeriodType; 6] = [
        PeriodType::Day,
        PeriodType::Week,
        PeriodType::Month,
        PeriodType::Quarter,
        PeriodType::HalfYear,
        PeriodType::Year,
    ];

    /// Every period type, ordered from the shortest to the longest.
    pub const fn all() -> &'static [PeriodType] {
        &Self::ALL
    }

    /// The canonical snake_case name (`"day"`, …, `"half_year"`, `"year"`),
    /// identical to the serde representation.
    pub const fn as_str(self) -> &'static str {
        match self {
            PeriodType::Day => "day",
            PeriodType::Week => "week",
            PeriodType::Month => "month",
            PeriodType::Quarter => "quarter",
            PeriodType::HalfYear => "half_year",
            PeriodType::Year => "year",
        }
    }

    /// The Vietnamese display label (`"Ngày"`, `"Tuần"`, `"Tháng"`, `"Quý"`,
    /// `"6 tháng"`, `"Năm"`).
    pub const fn label_vi(self) -> &'static str {
        match self {
            PeriodType::Day => "Ngày",
            PeriodType::Week => "Tuần",
            PeriodType::Month => "Tháng",
            PeriodType::Quarter => "Quý",
            PeriodType::HalfYear => "6 tháng",
            PeriodType::Year => "Năm",
        }
    }

    /// The approximate length of a period of this type, in days
    /// (1, 7, 30, 91, 182, 365).
    pub const fn approx_days(self) -> u32 {
        match self {
            PeriodType::Day => 1,
            PeriodType::Week => 7,
            PeriodType::Month => 30,
            PeriodType::Quarter => 91,
            PeriodType::HalfYear => 182,
            PeriodType::Year => 365,
        }
    }

    /// For the calendar-aligned types, the number of months in one period.
    const fn months(self) -> Option<u32> {
        match self {
            PeriodType::Month => Some(1),
            PeriodType::Quarter => Some(3),
            PeriodType::HalfYear => Some(6),
            PeriodType::Year => Some(12),
            PeriodType::Day | PeriodType::Week => None,
        }
    }
}

impl fmt::Display for PeriodType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PeriodType {
    type Err = PeriodError;

    /// Parses a period type name, case-insensitively.
    ///
    /// Accepts the canonical names, the usual English adjectives and DHIS2
    /// names (`daily`, `weekly`, `monthly`, `quarterly`, `half-yearly`,
    /// `halfyear`, `six_monthly`/`SixMonthly`, `semiannual`, `yearly`,
    /// `annual`) and the Vietnamese names (`ngày`, `tuần`, `tháng`, `quý`,
    /// `6 tháng`, `nửa năm`, `năm`, optionally prefixed with `hàng`).
    /// Spaces and hyphens are treated like underscores.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lowered = s.trim().nfc().collect::<String>().to_lowercase();
        let normalized = lowered
            .replace(['-', '_'], " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join("_");
        let kind = match normalized.as_str() {
            "day" | "daily" | "ngày" | "hàng_ngày" => PeriodType::Day,
            "week" | "weekly" | "tuần" | "hàng_tuần" => PeriodType::Week,
            "month" | "monthly" | "tháng" | "hàng_tháng" => PeriodType::Month,
            "quarter" | "quarterly" | "quý" | "quí" | "hàng_quý" => PeriodType::Quarter,
            "half_year" | "halfyear" | "half_yearly" | "halfyearly" | "six_monthly"
            | "sixmonthly" | "semiannual" | "semi_annual" | "6_tháng" | "sáu_tháng" | "nửa_năm" => {
                PeriodType::HalfYear
            }
            "year" | "yearly" | "annual" | "annually" | "năm" | "hàng_năm" => PeriodType::Year,
            _ => {
                return Err(PeriodError::UnknownType {
                    input: s.trim().to_owned(),
                });
            }
        };
        Ok(kind)
    }
}

/// Why a period code, period type name or period constructor was rejected.
///
/// [`Display`](std::fmt::Display) gives an English message;
/// [`PeriodError::message_vi`] gives the Vietnamese one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    /// The text is not a period code in any accepted form.
    #[error(
        "invalid period code: «{input}» (valid examples: 2025, 2025S1, 2025Q3, 2025-09, 2025W05, 2025-09-14)"
    )]
    Invalid {
        /// The offending input (trimmed).
        input: String,
    },
    /// The code is well formed but names a period that does not exist or is
    /// outside the supported years (month 13, `Q5`, `W53` in a 52-week ISO
    /// year, 30 February, year 1800, …).
    #[error(
        "period out of range: «{input}» (years {min}–{max}, half-years S1–S2, quarters Q1–Q4, months 01–12, ISO weeks 01–52/53, and the day must exist)",
        min = Period::MIN_YEAR,
        max = Period::MAX_YEAR
    )]
    OutOfRange {
        /// The offending input (trimmed), or the code the constructor was
        /// asked to build.
        input: String,
    },
    /// The text is not a known period type name.
    #[error(
        "unknown period type: «{input}» (expected day, week, month, quarter, half_year or year)"
    )]
    UnknownType {
        /// The offending input (trimmed).
        input: String,
    },
}

impl PeriodError {
    /// The offending input carried by the error.
    pub fn input(&self) -> &str {
        match self {
            PeriodError::Invalid { input }
            | PeriodError::OutOfRange { input }
            | PeriodError::UnknownType { input } => input,
        }
    }

    /// The error message in Vietnamese, for display to end users.
    pub fn message_vi(&self) -> String {
        match self {
            PeriodError::Invalid { input } => format!(
                "Mã kỳ báo cáo không hợp lệ: «{input}» (ví dụ hợp lệ: 2025, 2025S1, 2025Q3, 2025-09, 2025W05, 2025-09-14)"
            ),
            PeriodError::OutOfRange { input } => format!(
                "Kỳ báo cáo nằm ngoài phạm vi cho phép: «{input}» (năm {}–{}, nửa năm S1–S2, quý Q1–Q4, tháng 01–12, tuần ISO 01–52/53, ngày phải có trong lịch)",
                Period::MIN_YEAR,
                Period::MAX_YEAR
            ),
            PeriodError::UnknownType { input } => format!(
                "Loại kỳ báo cáo không hợp lệ: «{input}» (giá trị hợp lệ: ngày, tuần, tháng, quý, 6 tháng, năm)"
            ),
        }
    }
}

/// One concrete reporting period, e.g. `2025Q3` or `2025W05`.
///
/// Internally a period is its type, a year and a 1-based index within that
/// year: the half-year, quarter or month number, the ISO week number (the
/// year is then the ISO week-numbering year) or the day of the year.
///
/// Periods are ordered by start date, then shorter type first, so
/// `2025-01-01 < 2025-01 < 2025Q1 < 2025S1 < 2025 < 2025-01-02`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    kind: PeriodType,
    year: i32,
    index: u32,
}

impl Period {
    /// The smallest year accepted by [`Period::parse`] and the constructors.
    pub const MIN_YEAR: i32 = 1900;
    /// The largest year accepted by [`Period::parse`] and the constructors.
    pub const MAX_YEAR: i32 = 2200;

    const fn raw(kind: PeriodType, year: i32, index: u32) -> Self {
        Period { kind, year, index }
    }

    /// Builds a period after checking the year range and the index.
    fn checked(kind: PeriodType, year: i32, index: u32) -> Option<Self> {
        if !(Self::MIN_YEAR..=Self::MAX_YEAR).contains(&year) {
            return None;
        }
        let max = match kind {
            PeriodType::Year => 1,
            PeriodType::HalfYear => 2,
            PeriodType::Quarter => 4,
            PeriodType::Month => 12,
            PeriodType::Week => iso_weeks_in_year(year),
            PeriodType::Day => days_in_year(year),
        };
        (1..=max)
            .contains(&index)
            .then_some(Self::raw(kind, year, index))
    }

    fn out_of_range(code: String) -> PeriodError {
        PeriodError::OutOfRange { input: code }
    }

    /// The calendar year `year`.
    ///
    /// # Errors
    /// [`PeriodError::OutOfRange`] if `year` is outside
    /// [`Period::MIN_YEAR`]`..=`[`Period::MAX_YEAR`].
    pub fn year(year: i32) -> Result<Self, PeriodError> {
        Self::checked(PeriodType::Year, year, 1)
            .ok_or_else(|| Self::out_of_range(format!("{year:04}")))
    }

    /// Half-year `half` (1 = January–June, 2 = July–December) of `year`.
    ///
    /// # Errors
    /// [`PeriodError::OutOfRange`] if the year or `half` is out of range.
    pub fn half_year(year: i32, half: u32) -> Result<Self, PeriodError> {
        Self::checked(PeriodType::HalfYear, year, half)
            .ok_or_else(|| Self::out_of_range(format!("{year:04}S{half}")))
    }

    /// Quarter `quarter` (1–4) of `year`.
    ///
    /// # Errors
    /// [`PeriodError::OutOfRange`] if the year or `quarter` is out of range.
    pub fn quarter(year: i32, quarter: u32) -> Result<Self, PeriodError> {
        Self::checked(PeriodType::Quarter, year, quarter)
            .ok_or_else(|| Self::out_of_range(format!("{year:04}Q{quarter}")))
    }

    /// Month `month` (1–12) of `year`.
    ///
    /// # Errors
    /// [`PeriodError::OutOfRange`] if the year or `month` is out of range.
    pub fn month(year: i32, month: u32) -> Result<Self, PeriodError> {
        Self::checked(PeriodType::Month, year, month)
            .ok_or_else(|| Self::out_of_range(format!("{year:04}-{month:02}")))
    }

    /// ISO 8601 week `week` of the ISO week-numbering year `iso_year`.
    ///
    /// # Errors
    /// [`PeriodError::OutOfRange`] if the year is out of range or `week` is
    /// not between 1 and [`iso_weeks_in_year`]`(iso_year)` (52 or 53).
    pub fn week(iso_year: i32, week: u32) -> Result<Self, PeriodError> {
        Self::checked(PeriodType::Week, iso_year, week)
            .ok_or_else(|| Self::out_of_range(format!("{iso_year:04}W{week:02}")))
    }

    /// The single day `date`.
    ///
    /// # Errors
    /// [`PeriodError::OutOfRange`] if the date's year is out of range.
    pub fn day(date: NaiveDate) -> Result<Self, PeriodError> {
        Self::checked(PeriodType::Day, date.year(), date.ordinal())
            .ok_or_else(|| Self::out_of_range(date.format("%Y-%m-%d").to_string()))
    }

    /// The period of type `kind` that contains `date` (for
    /// [`PeriodType::Week`], the ISO week of the date, whose ISO year may
    /// differ from the calendar year of the date).
    ///
    /// Unlike the constructors this does not check the year range.
    pub fn containing(kind: PeriodType, date: NaiveDate) -> Self {
        match kind {
            PeriodType::Year => Self::raw(kind, date.year(), 1),
            PeriodType::HalfYear => Self::raw(kind, date.year(), date.month0() / 6 + 1),
            PeriodType::Quarter => Self::raw(kind, date.year(), date.month0() / 3 + 1),
            PeriodType::Month => Self::raw(kind, date.year(), date.month()),
            PeriodType::Week => {
                let week = date.iso_week();
                Self::raw(kind, week.year(), week.week())
            }
            PeriodType::Day => Self::raw(kind, date.year(), date.ordinal()),
        }
    }

    /// Parses a period code.
    ///
    /// Surrounding whitespace is ignored. Accepted forms: `2025` (year),
    /// `2025S1`/`2025S2` (half-year), `2025Q3` (quarter), `2025-09` or
    /// `202509` (month), `2025W05` or `2025W5` (ISO week), `2025-09-14` or
    /// `20250914` (day). The letters `S`, `Q` and `W` may be lower-case.
    ///
    /// # Errors
    /// [`PeriodError::Invalid`] if the text has none of these forms;
    /// [`PeriodError::OutOfRange`] if it names a period that does not exist
    /// or whose year is outside
    /// [`Period::MIN_YEAR`]`..=`[`Period::MAX_YEAR`].
    pub fn parse(input: &str) -> Result<Self, PeriodError> {
        let s = input.trim();
        let invalid = || PeriodError::Invalid {
            input: s.to_owned(),
        };
        let (year_part, rest) = s.split_at_checked(4).ok_or_else(invalid)?;
        let year = digits(year_part)
            .and_then(|y| i32::try_from(y).ok())
            .ok_or_else(invalid)?;
        let code = lex_code(rest).ok_or_else(invalid)?;
        let period = match code {
            Code::Year => Self::checked(PeriodType::Year, year, 1),
            Code::Half(h) => Self::checked(PeriodType::HalfYear, year, h),
            Code::Quarter(q) => Self::checked(PeriodType::Quarter, year, q),
            Code::Month(m) => Self::checked(PeriodType::Month, year, m),
            Code::Week(w) => Self::checked(PeriodType::Week, year, w),
            Code::Day(m, d) => NaiveDate::from_ymd_opt(year, m, d)
                .and_then(|date| Self::checked(PeriodType::Day, year, date.ordinal())),
        };
        period.ok_or_else(|| PeriodError::OutOfRange {
            input: s.to_owned(),
        })
    }

    /// The type of this period.
    pub const fn period_type(&self) -> PeriodType {
        self.kind
    }

    /// The year of this period: the calendar year of its start date, except
    /// for weeks, where it is the ISO week-numbering year (so `2025W01`,
    /// which starts on 2024-12-30, has year 2025).
    ///
    /// (Named `year_number` because [`Period::year`] is the constructor of a
    /// year period.)
    pub const fn year_number(&self) -> i32 {
        self.year
    }

    /// The 1-based position of this period within its year: the half-year,
    /// quarter or month number, the ISO week number, the day of the year, or
    /// 1 for a year.
    pub const fn index(&self) -> u32 {
        self.index
    }

    fn try_start(&self) -> Option<NaiveDate> {
        match self.kind {
            PeriodType::Week => NaiveDate::from_isoywd_opt(self.year, self.index, Weekday::Mon),
            PeriodType::Day => NaiveDate::from_yo_opt(self.year, self.index),
            PeriodType::Month | PeriodType::Quarter | PeriodType::HalfYear | PeriodType::Year => {
                let (first, _) = self.month_span()?;
                NaiveDate::from_ymd_opt(self.year, first, 1)
            }
        }
    }

    fn try_end(&self) -> Option<NaiveDate> {
        match self.kind {
            PeriodType::Week => NaiveDate::from_isoywd_opt(self.year, self.index, Weekday::Sun),
            PeriodType::Day => NaiveDate::from_yo_opt(self.year, self.index),
            PeriodType::Month | PeriodType::Quarter | PeriodType::HalfYear | PeriodType::Year => {
                let (_, last) = self.month_span()?;
                if last == 12 {
                    NaiveDate::from_ymd_opt(self.year, 12, 31)
                } else {
                    NaiveDate::from_ymd_opt(self.year, last + 1, 1)?.pred_opt()
                }
            }
        }
    }

    /// First and last month (1-based) of a calendar-aligned period.
    fn month_span(&self) -> Option<(u32, u32)> {
        let months = self.kind.months()?;
        let first = self.index.checked_sub(1)? * months + 1;
        Some((first, first + months - 1))
    }

    /// The first day of the period.
    pub fn start(&self) -> NaiveDate {
        self.try_start().unwrap_or(NaiveDate::MIN)
    }

    /// The last day of the period (inclusive).
    pub fn end(&self) -> NaiveDate {
        self.try_end().unwrap_or(NaiveDate::MAX)
    }

    /// Whether `other` lies entirely within this period
    /// (`self.start() <= other.start() && other.end() <= self.end()`).
    /// Every period contains itself.
    pub fn contains(&self, other: &Period) -> bool {
        // Months, quarters, half-years and years: nested month spans of the same year,
        // without computing dates (analytics ask this for every value they roll up).
        if let (Some((a0, a1)), Some((b0, b1))) = (self.month_span(), other.month_span()) {
            return self.year == other.year && a0 <= b0 && b1 <= a1;
        }
        self.start() <= other.start() && other.end() <= self.end()
    }

    /// Whether `date` falls within this period.
    pub fn contains_date(&self, date: NaiveDate) -> bool {
        self.start() <= date && date <= self.end()
    }

    /// The period of the same type `n` steps later (earlier if `n` is
    /// negative), or `None` if it is beyond the calendar's limits.
    /// The year range of the constructors is not enforced.
    pub fn checked_offset(&self, n: i32) -> Option<Self> {
        let shifted = match self.kind {
            PeriodType::Week => {
                let monday = shift_days(self.try_start()?, i64::from(n) * 7)?;
                Self::containing(PeriodType::Week, monday)
            }
            PeriodType::Day => {
                let date = shift_days(self.try_start()?, i64::from(n))?;
                Self::containing(PeriodType::Day, date)
            }
            PeriodType::Month | PeriodType::Quarter | PeriodType::HalfYear | PeriodType::Year => {
                let per_year = i64::from(12 / self.kind.months()?);
                let linear = i64::from(self.year) * per_year
                    + i64::from(self.index.checked_sub(1)?)
                    + i64::from(n);
                let year = i32::try_from(linear.div_euclid(per_year)).ok()?;
                let index = u32::try_from(linear.rem_euclid(per_year) + 1).ok()?;
                Self::raw(self.kind, year, index)
            }
        };
        (shifted.try_start().is_some() && shifted.try_end().is_some()).then_some(shifted)
    }

    /// The period of the same type `n` steps later (earlier if `n` is
    /// negative). Saturates (returns `self`) beyond the calendar's limits;
    /// see [`Period::checked_offset`].
    pub fn offset(&self, n: i32) -> Self {
        self.checked_offset(n).unwrap_or(*self)
    }

    /// The following period of the same type (`2024-12` → `2025-01`).
    pub fn next(&self) -> Self {
        self.offset(1)
    }

    /// The preceding period of the same type (`2025Q1` → `2024Q4`,
    /// `2026W01` → `2025W52`).
    pub fn previous(&self) -> Self {
        self.offset(-1)
    }

    /// The corresponding period one year earlier: same half-year, quarter,
    /// month or week number, or same calendar day. Week 53 maps to week 52
    /// when the previous ISO year has only 52 weeks, and 29 February maps
    /// to 28 February.
    pub fn same_period_last_year(&self) -> Self {
        let Some(year) = self.year.checked_sub(1) else {
            return *self;
        };
        let candidate = match self.kind {
            PeriodType::Month | PeriodType::Quarter | PeriodType::HalfYear | PeriodType::Year => {
                Some(Self::raw(self.kind, year, self.index))
            }
            PeriodType::Week => Some(Self::raw(
                self.kind,
                year,
                self.index.min(iso_weeks_in_year(year)),
            )),
            PeriodType::Day => self.try_start().and_then(|d| {
                NaiveDate::from_ymd_opt(year, d.month(), d.day())
                    .or_else(|| NaiveDate::from_ymd_opt(year, d.month(), d.day().saturating_sub(1)))
                    .map(|date| Self::containing(PeriodType::Day, date))
            }),
        };
        candidate
            .filter(|p| p.try_start().is_some() && p.try_end().is_some())
            .unwrap_or(*self)
    }

    /// All periods of type `kind` lying entirely within this period, in
    /// chronological order: `2025` → 4 quarters, `2025Q3` → 3 months,
    /// `2025` → the ISO weeks that start and end inside 2025. Returns
    /// `[self]` if `kind` is this period's type and an empty list if `kind`
    /// is longer.
    pub fn periods_within(&self, kind: PeriodType) -> Vec<Period> {
        if kind > self.kind {
            return Vec::new();
        }
        if kind == self.kind {
            return vec![*self];
        }
        let (start, end) = (self.start(), self.end());
        let mut out = Vec::new();
        let mut current = Self::containing(kind, start);
        if current.start() < start {
            match current.checked_offset(1) {
                Some(next) => current = next,
                None => return out,
            }
        }
        while current.end() <= end {
            out.push(current);
            match current.checked_offset(1) {
                Some(next) => current = next,
                None => break,
            }
        }
        out
    }

    /// The period of type `kind` that contains this one, if there is one
    /// that contains it entirely: `2025-09` → `2025Q3`, `2025S2`, `2025`;
    /// a week straddling two quarters has no quarter parent. Returns
    /// `Some(self)` for this period's own type.
    pub fn parent(&self, kind: PeriodType) -> Option<Period> {
        let candidate = Self::containing(kind, self.start());
        candidate.contains(self).then_some(candidate)
    }

    /// The periods of this type from the first one of the year up to and
    /// including this one (`2025-03` → `2025-01`, `2025-02`, `2025-03`).
    /// For weeks the year is the ISO week-numbering year.
    pub fn year_to_date(&self) -> Vec<Period> {
        Self::range(Self::raw(self.kind, self.year, 1), *self)
    }

    /// All periods from `from` to `to` inclusive, in order. Empty if the two
    /// periods have different types or `from` is after `to`.
    pub fn range(from: Period, to: Period) -> Vec<Period> {
        if from.kind != to.kind || from > to {
            return Vec::new();
        }
        let mut out = vec![from];
        let mut current = from;
        while current != to {
            match current.checked_offset(1) {
                Some(next) if next <= to => {
                    out.push(next);
                    current = next;
                }
                _ => break,
            }
        }
        out
    }
}

/// All periods from `from` to `to` inclusive; see [`Period::range`].
pub fn range(from: Period, to: Period) -> Vec<Period> {
    Period::range(from, to)
}

/// The number of ISO 8601 weeks (52 or 53) in the ISO week-numbering year
/// `iso_year`.
pub fn iso_weeks_in_year(iso_year: i32) -> u32 {
    // 28 December always falls in the last ISO week of its year.
    NaiveDate::from_ymd_opt(iso_year, 12, 28).map_or(52, |d| d.iso_week().week())
}

fn days_in_year(year: i32) -> u32 {
    if NaiveDate::from_ymd_opt(year, 2, 29).is_some() {
        366
    } else {
        365
    }
}

fn shift_days(date: NaiveDate, n: i64) -> Option<NaiveDate> {
    match u64::try_from(n) {
        Ok(forward) => date.checked_add_days(Days::new(forward)),
        Err(_) => date.checked_sub_days(Days::new(n.unsigned_abs())),
    }
}

/// A non-empty run of ASCII digits (no sign), as a number.
fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// The part of a period code after the four-digit year, lexed.
enum Code {
    Year,
    Half(u32),
    Quarter(u32),
    Month(u32),
    Week(u32),
    Day(u32, u32),
}

fn lex_code(rest: &str) -> Option<Code> {
    let mut chars = rest.chars();
    let Some(first) = chars.next() else {
        return Some(Code::Year);
    };
    let tail = chars.as_str();
    match first {
        'S' | 's' if tail.len() == 1 => digits(tail).map(Code::Half),
        'Q' | 'q' if tail.len() == 1 => digits(tail).map(Code::Quarter),
        'W' | 'w' if (1..=2).contains(&tail.len()) => digits(tail).map(Code::Week),
        '-' => match tail.len() {
            2 => digits(tail).map(Code::Month),
            5 => {
                let (month, day) = tail.split_at_checked(2)?;
                let day = day.strip_prefix('-')?;
                Some(Code::Day(digits(month)?, digits(day)?))
            }
            _ => None,
        },
        _ => match rest.len() {
            2 => digits(rest).map(Code::Month),
            4 => {
                let (month, day) = rest.split_at_checked(2)?;
                Some(Code::Day(digits(month)?, digits(day)?))
            }
            _ => None,
        },
    }
}

impl fmt::Display for Period {
    /// Writes the canonical code (`2025`, `2025S1`, `2025Q3`, `2025-09`,
    /// `2025W05`, `2025-09-14`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            PeriodType::Year => write!(f, "{:04}", self.year),
            PeriodType::HalfYear => write!(f, "{:04}S{}", self.year, self.index),
            PeriodType::Quarter => write!(f, "{:04}Q{}", self.year, self.index),
            PeriodType::Month => write!(f, "{:04}-{:02}", self.year, self.index),
            PeriodType::Week => write!(f, "{:04}W{:02}", self.year, self.index),
            PeriodType::Day => {
                let d = self.start();
                write!(f, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
            }
        }
    }
}

impl FromStr for Period {
    type Err = PeriodError;

    /// Same as [`Period::parse`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Period::parse(s)
    }
}

impl Ord for Period {
    /// By start date, then shorter type first.
    fn cmp(&self, other: &Self) -> Ordering {
        // Periods made of months start on the first of their first month: compare that
        // month without computing dates.
        let by_start = match (self.month_span(), other.month_span()) {
            (Some((a, _)), Some((b, _))) => (self.year, a).cmp(&(other.year, b)),
            _ => self.start().cmp(&other.start()),
        };
        by_start
            .then_with(|| self.kind.cmp(&other.kind))
            .then_with(|| self.year.cmp(&other.year))
            .then_with(|| self.index.cmp(&other.index))
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Period {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .description(Some(
                "Period code: 2025, 2025S1, 2025Q3, 2025-09, 2025W05, 2025-09-14",
            ))
            .examples(["2025Q3"])
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Period {}

impl Serialize for Period {
    /// Serializes as the canonical code string.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    /// Deserializes from a code string, in any form [`Period::parse`]
    /// accepts.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(PeriodVisitor)
    }
}

struct PeriodVisitor;

impl Visitor<'_> for PeriodVisitor {
    type Value = Period;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "a reporting-period code such as 2025, 2025S1, 2025Q3, 2025-09, 2025W05 or 2025-09-14",
        )
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Period, E> {
        Period::parse(v).map_err(E::custom)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn p(code: &str) -> Period {
        Period::parse(code).unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn codes(periods: &[Period]) -> Vec<String> {
        periods.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn period_type_names() {
        for &kind in PeriodType::all() {
            assert_eq!(kind.as_str().parse::<PeriodType>().unwrap(), kind);
            assert_eq!(kind.to_string(), kind.as_str());
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
            assert_eq!(serde_json::from_str::<PeriodType>(&json).unwrap(), kind);
        }
        assert_eq!("Monthly".parse::<PeriodType>().unwrap(), PeriodType::Month);
        assert_eq!(
            "quarterly".parse::<PeriodType>().unwrap(),
            PeriodType::Quarter
        );
        assert_eq!("annual".parse::<PeriodType>().unwrap(), PeriodType::Year);
        assert_eq!("yearly".parse::<PeriodType>().unwrap(), PeriodType::Year);
        assert_eq!("weekly".parse::<PeriodType>().unwrap(), PeriodType::Week);
        assert_eq!(" daily ".parse::<PeriodType>().unwrap(), PeriodType::Day);
        assert_eq!(
            "half-yearly".parse::<PeriodType>().unwrap(),
            PeriodType::HalfYear
        );
        assert_eq!(
            "halfyear".parse::<PeriodType>().unwrap(),
            PeriodType::HalfYear
        );
        assert_eq!(
            "SixMonthly".parse::<PeriodType>().unwrap(),
            PeriodType::HalfYear
        );
        assert_eq!(
            "six_monthly".parse::<PeriodType>().unwrap(),
            PeriodType::HalfYear
        );
        assert_eq!("Quý".parse::<PeriodType>().unwrap(), PeriodType::Quarter);
        assert_eq!(
            "6 tháng".parse::<PeriodType>().unwrap(),
            PeriodType::HalfYear
        );
        // Decomposed (NFD) Vietnamese input is normalized.
        let nfd: String = "năm".nfd().collect();
        assert_eq!(nfd.parse::<PeriodType>().unwrap(), PeriodType::Year);
        let err = "fortnight".parse::<PeriodType>().unwrap_err();
        assert!(matches!(err, PeriodError::UnknownType { ref input } if input == "fortnight"));
        assert!(serde_json::from_str::<PeriodType>("\"monthly\"").is_err());
    }

    #[test]
    fn period_type_order_and_days() {
        let all = PeriodType::all();
        assert_eq!(all.len(), 6);
        assert!(all.windows(2).all(|w| w[0] < w[1]));
        assert!(
            all.windows(2)
                .all(|w| w[0].approx_days() < w[1].approx_days())
        );
        assert_eq!(PeriodType::Day.approx_days(), 1);
        assert_eq!(PeriodType::Year.approx_days(), 365);
    }

    #[test]
    fn parse_and_format_canonical() {
        for code in [
            "2025",
            "2025S1",
            "2025S2",
            "2025Q3",
            "2025-09",
            "2025W05",
            "2026W53",
            "2025-09-14",
            "2024-02-29",
            "1900",
            "2200-12-31",
        ] {
            let period = p(code);
            assert_eq!(period.to_string(), code);
            assert_eq!(code.parse::<Period>().unwrap(), period);
        }
        assert_eq!(p("2025").period_type(), PeriodType::Year);
        assert_eq!(p("2025S1").period_type(), PeriodType::HalfYear);
        assert_eq!(p("2025Q3").period_type(), PeriodType::Quarter);
        assert_eq!(p("2025-09").period_type(), PeriodType::Month);
        assert_eq!(p("2025W05").period_type(), PeriodType::Week);
        assert_eq!(p("2025-09-14").period_type(), PeriodType::Day);
    }

    #[test]
    fn parse_dhis2_forms() {
        assert_eq!(p("202509"), Period::month(2025, 9).unwrap());
        assert_eq!(p("202509").to_string(), "2025-09");
        assert_eq!(p("20250914"), Period::day(date(2025, 9, 14)).unwrap());
        assert_eq!(p("20250914").to_string(), "2025-09-14");
        assert_eq!(p("2025W5"), Period::week(2025, 5).unwrap());
        assert_eq!(p("2025W5").to_string(), "2025W05");
        assert_eq!(p("2025w05"), p("2025W05"));
        assert_eq!(p("2025q3"), Period::quarter(2025, 3).unwrap());
        assert_eq!(p("2025s2"), Period::half_year(2025, 2).unwrap());
        assert_eq!(p("  2025Q3\n"), p("2025Q3"));
    }

    #[test]
    fn constructors() {
        assert_eq!(Period::year(2025).unwrap().to_string(), "2025");
        assert_eq!(Period::half_year(2025, 2).unwrap().to_string(), "2025S2");
        assert_eq!(Period::quarter(2025, 4).unwrap().to_string(), "2025Q4");
        assert_eq!(Period::month(2025, 1).unwrap().to_string(), "2025-01");
        assert_eq!(Period::week(2020, 53).unwrap().to_string(), "2020W53");
        assert_eq!(
            Period::day(date(2025, 9, 14)).unwrap().to_string(),
            "2025-09-14"
        );
        assert!(Period::year(1899).is_err());
        assert!(Period::year(2201).is_err());
        assert!(Period::half_year(2025, 3).is_err());
        assert!(Period::quarter(2025, 0).is_err());
        assert!(Period::month(2025, 13).is_err());
        assert!(Period::week(2025, 53).is_err());
        assert!(Period::week(2025, 0).is_err());
        assert!(Period::day(date(1800, 1, 1)).is_err());
        assert_eq!(
            Period::quarter(2025, 5).unwrap_err(),
            PeriodError::OutOfRange {
                input: "2025Q5".into()
            }
        );
    }

    #[test]
    fn invalid_inputs_rejected() {
        for code in [
            "",
            "   ",
            "abc",
            "25",
            "2025Q",
            "2025Q10",
            "2025S",
            "2025S01",
            "2025W",
            "2025W005",
            "2025-9",
            "2025-009",
            "2025-09-1",
            "2025/09",
            "2025-09/14",
            "+025",
            "2025 Q3",
            "2025Q3x",
            "2025M09",
            "2025-W05",
            "2025AprilS1",
            "2025BiW1",
            "20251",
            "2025091",
            "2025-Q3",
            "2025-+9",
        ] {
            let err = Period::parse(code).unwrap_err();
            assert!(
                matches!(err, PeriodError::Invalid { .. }),
                "{code:?} gave {err:?}"
            );
        }
        for code in [
            "2025-13",
            "202513",
            "2025-00",
            "2025Q5",
            "2025Q0",
            "2025S3",
            "2025S0",
            "2025W54",
            "2025W53",
            "2025W00",
            "2025W0",
            "2025-02-30",
            "20250230",
            "2025-02-29",
            "2024-13-01",
            "1899",
            "2201",
            "0000",
            "1899-12-31",
            "2201-01",
            "9999Q1",
        ] {
            let err = Period::parse(code).unwrap_err();
            assert!(
                matches!(err, PeriodError::OutOfRange { .. }),
                "{code:?} gave {err:?}"
            );
        }
    }

    #[test]
    fn error_messages() {
        let err = Period::parse(" foo ").unwrap_err();
        assert_eq!(err.input(), "foo");
        assert_eq!(
            err.to_string(),
            "invalid period code: «foo» (valid examples: 2025, 2025S1, 2025Q3, 2025-09, 2025W05, 2025-09-14)"
        );
        assert_eq!(
            err.message_vi(),
            "Mã kỳ báo cáo không hợp lệ: «foo» (ví dụ hợp lệ: 2025, 2025S1, 2025Q3, 2025-09, 2025W05, 2025-09-14)"
        );
        let err = Period::parse("2025-13").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("period out of range: «2025-13»")
        );
        assert!(err.to_string().contains("1900–2200"));
        assert!(
            err.message_vi()
                .starts_with("Kỳ báo cáo nằm ngoài phạm vi cho phép: «2025-13»")
        );
        let err = "x".parse::<PeriodType>().unwrap_err();
        assert!(
            err.message_vi()
                .starts_with("Loại kỳ báo cáo không hợp lệ: «x»")
        );
    }

    #[test]
    fn serde_as_code_string() {
        let period = p("2025Q3");
        assert_eq!(serde_json::to_string(&period).unwrap(), "\"2025Q3\"");
        assert_eq!(
            serde_json::from_str::<Period>("\"2025Q3\"").unwrap(),
            period
        );
        assert_eq!(
            serde_json::from_str::<Period>("\"202509\"").unwrap(),
            p("2025-09")
        );
        assert!(serde_json::from_str::<Period>("\"2025Q5\"").is_err());
        assert!(serde_json::from_str::<Period>("2025").is_err());
        let list: Vec<Period> =
            serde_json::from_str(r#"["2025", "2025W05", "2025-09-14"]"#).unwrap();
        assert_eq!(codes(&list), ["2025", "2025W05", "2025-09-14"]);
    }

    #[test]
    fn start_end_year() {
        let cases = [
            ("2025", date(2025, 1, 1), date(2025, 12, 31), 2025),
            ("2025S1", date(2025, 1, 1), date(2025, 6, 30), 2025),
            ("2025S2", date(2025, 7, 1), date(2025, 12, 31), 2025),
            ("2025Q1", date(2025, 1, 1), date(2025, 3, 31), 2025),
            ("2025Q3", date(2025, 7, 1), date(2025, 9, 30), 2025),
            ("2025Q4", date(2025, 10, 1), date(2025, 12, 31), 2025),
            ("2024-02", date(2024, 2, 1), date(2024, 2, 29), 2024),
            ("2025-02", date(2025, 2, 1), date(2025, 2, 28), 2025),
            ("2025-12", date(2025, 12, 1), date(2025, 12, 31), 2025),
            ("2025W01", date(2024, 12, 30), date(2025, 1, 5), 2025),
            ("2020W53", date(2020, 12, 28), date(2021, 1, 3), 2020),
            ("2025-09-14", date(2025, 9, 14), date(2025, 9, 14), 2025),
        ];
        for (code, start, end, year) in cases {
            let period = p(code);
            assert_eq!(period.start(), start, "{code}");
            assert_eq!(period.end(), end, "{code}");
            assert_eq!(period.year_number(), year, "{code}");
        }
        assert_eq!(p("2025W37").index(), 37);
        assert_eq!(p("2025-02-01").index(), 32);
    }

    #[test]
    fn containing_date() {
        let d = date(2025, 9, 14);
        assert_eq!(Period::containing(PeriodType::Year, d), p("2025"));
        assert_eq!(Period::containing(PeriodType::HalfYear, d), p("2025S2"));
        assert_eq!(Period::containing(PeriodType::Quarter, d), p("2025Q3"));
        assert_eq!(Period::containing(PeriodType::Month, d), p("2025-09"));
        assert_eq!(Period::containing(PeriodType::Week, d), p("2025W37"));
        assert_eq!(Period::containing(PeriodType::Day, d), p("2025-09-14"));
        assert_eq!(
            Period::containing(PeriodType::Week, date(2024, 12, 30)),
            p("2025W01")
        );
        assert_eq!(
            Period::containing(PeriodType::Week, date(2021, 1, 3)),
            p("2020W53")
        );
        assert_eq!(
            Period::containing(PeriodType::HalfYear, date(2025, 6, 30)),
            p("2025S1")
        );
        assert!(p("2025W01").contains_date(date(2024, 12, 31)));
        assert!(!p("2025Q3").contains_date(date(2025, 10, 1)));
    }

    #[test]
    fn containment() {
        assert!(p("2025").contains(&p("2025Q3")));
        assert!(p("2025").contains(&p("2025-12-31")));
        assert!(p("2025Q3").contains(&p("2025-09")));
        assert!(p("2025S2").contains(&p("2025Q3")));
        assert!(p("2025-09").contains(&p("2025W37")));
        assert!(p("2025Q3").contains(&p("2025Q3")));
        assert!(!p("2025Q3").contains(&p("2025")));
        assert!(!p("2025Q3").contains(&p("2025-10")));
        assert!(!p("2025").contains(&p("2025W01")));
        assert!(!p("2025Q1").contains(&p("2025W14")));
        assert!(p("2025-09").contains(&p("2025W36")));
        assert!(!p("2025-09").contains(&p("2025W40")));
    }

    #[test]
    fn previous_next_across_years() {
        assert_eq!(p("2025-01").previous(), p("2024-12"));
        assert_eq!(p("2024-12").next(), p("2025-01"));
        assert_eq!(p("2025Q1").previous(), p("2024Q4"));
        assert_eq!(p("2024Q4").next(), p("2025Q1"));
        assert_eq!(p("2025S1").previous(), p("2024S2"));
        assert_eq!(p("2025").previous(), p("2024"));
        assert_eq!(p("2026W01").previous(), p("2025W52"));
        assert_eq!(p("2025W52").next(), p("2026W01"));
        assert_eq!(p("2020W53").next(), p("2021W01"));
        assert_eq!(p("2021W01").previous(), p("2020W53"));
        assert_eq!(p("2025-01-01").previous(), p("2024-12-31"));
        assert_eq!(p("2024-02-28").next(), p("2024-02-29"));
        assert_eq!(p("2024-02-29").next(), p("2024-03-01"));
        assert_eq!(p("2025-09").offset(-21), p("2023-12"));
        assert_eq!(p("2025-09").offset(4), p("2026-01"));
        assert_eq!(p("2025Q3").offset(-7), p("2023Q4"));
        assert_eq!(p("2025W05").offset(52), p("2026W05"));
        assert_eq!(p("2025-09-14").offset(0), p("2025-09-14"));
        assert_eq!(p("2025-09-14").offset(365), p("2026-09-14"));
    }

    #[test]
    fn same_period_last_year() {
        assert_eq!(p("2025-09").same_period_last_year(), p("2024-09"));
        assert_eq!(p("2025Q3").same_period_last_year(), p("2024Q3"));
        assert_eq!(p("2025S2").same_period_last_year(), p("2024S2"));
        assert_eq!(p("2025").same_period_last_year(), p("2024"));
        assert_eq!(p("2025W05").same_period_last_year(), p("2024W05"));
        assert_eq!(p("2021W52").same_period_last_year(), p("2020W52"));
        assert_eq!(p("2020W53").same_period_last_year(), p("2019W52"));
        assert_eq!(p("2026W53").same_period_last_year(), p("2025W52"));
        assert_eq!(p("2025-09-14").same_period_last_year(), p("2024-09-14"));
        assert_eq!(p("2024-02-29").same_period_last_year(), p("2023-02-28"));
        assert_eq!(p("2025-03-01").same_period_last_year(), p("2024-03-01"));
    }

    #[test]
    fn periods_within_counts() {
        let year = p("2025");
        assert_eq!(
            codes(&year.periods_within(PeriodType::Quarter)),
            ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]
        );
        assert_eq!(year.periods_within(PeriodType::Month).len(), 12);
        assert_eq!(
            codes(&year.periods_within(PeriodType::HalfYear)),
            ["2025S1", "2025S2"]
        );
        assert_eq!(year.periods_within(PeriodType::Year), vec![year]);
        assert_eq!(year.periods_within(PeriodType::Day).len(), 365);
        assert_eq!(p("2024").periods_within(PeriodType::Day).len(), 366);
        assert_eq!(
            codes(&p("2025Q3").periods_within(PeriodType::Month)),
            ["2025-07", "2025-08", "2025-09"]
        );
        assert_eq!(p("2025S2").periods_within(PeriodType::Quarter).len(), 2);
        assert_eq!(p("2025-02").periods_within(PeriodType::Day).len(), 28);
        // 2020: W01 starts 2019-12-30 and W53 ends 2021-01-03, so W02..=W52 remain.
        let weeks = p("2020").periods_within(PeriodType::Week);
        assert_eq!(weeks.len(), 51);
        assert_eq!(weeks.first().unwrap().to_string(), "2020W02");
        assert_eq!(weeks.last().unwrap().to_string(), "2020W52");
        // 2024 starts on a Monday: W01..=W52 all lie inside it.
        let weeks = p("2024").periods_within(PeriodType::Week);
        assert_eq!(weeks.len(), 52);
        assert_eq!(weeks.first().unwrap().to_string(), "2024W01");
        assert_eq!(weeks.last().unwrap().to_string(), "2024W52");
        // September 2025: Mondays 1, 8, 15, 22; the week of the 29th spills into October.
        assert_eq!(
            codes(&p("2025-09").periods_within(PeriodType::Week)),
            ["2025W36", "2025W37", "2025W38", "2025W39"]
        );
        assert_eq!(p("2025W37").periods_within(PeriodType::Day).len(), 7);
        assert!(p("2025Q3").periods_within(PeriodType::Year).is_empty());
        assert!(p("2025W37").periods_within(PeriodType::Month).is_empty());
        assert!(p("2025-09-14").periods_within(PeriodType::Week).is_empty());
        for &outer in PeriodType::all() {
            for &inner in PeriodType::all() {
                let period = Period::containing(outer, date(2025, 5, 20));
                let within = period.periods_within(inner);
                assert!(
                    within
                        .iter()
                        .all(|q| period.contains(q) && q.period_type() == inner)
                );
                assert!(within.windows(2).all(|w| w[0].next() == w[1]));
            }
        }
    }

    #[test]
    fn parent() {
        let month = p("2025-09");
        assert_eq!(month.parent(PeriodType::Quarter), Some(p("2025Q3")));
        assert_eq!(month.parent(PeriodType::HalfYear), Some(p("2025S2")));
        assert_eq!(month.parent(PeriodType::Year), Some(p("2025")));
        assert_eq!(month.parent(PeriodType::Month), Some(month));
        assert_eq!(month.parent(PeriodType::Week), None);
        assert_eq!(month.parent(PeriodType::Day), None);
        assert_eq!(p("2025Q2").parent(PeriodType::HalfYear), Some(p("2025S1")));
        assert_eq!(p("2025-09-14").parent(PeriodType::Week), Some(p("2025W37")));
        assert_eq!(p("2025W10").parent(PeriodType::Month), Some(p("2025-03")));
        assert_eq!(p("2025W10").parent(PeriodType::Quarter), Some(p("2025Q1")));
        // 2025W14 runs from 31 March to 6 April.
        assert_eq!(p("2025W14").parent(PeriodType::Quarter), None);
        assert_eq!(p("2025W14").parent(PeriodType::Year), Some(p("2025")));
        // 2025W01 starts on 2024-12-30.
        assert_eq!(p("2025W01").parent(PeriodType::Year), None);
        assert_eq!(p("2025").parent(PeriodType::Quarter), None);
    }

    #[test]
    fn year_to_date() {
        assert_eq!(
            codes(&p("2025-03").year_to_date()),
            ["2025-01", "2025-02", "2025-03"]
        );
        assert_eq!(
            codes(&p("2025Q3").year_to_date()),
            ["2025Q1", "2025Q2", "2025Q3"]
        );
        assert_eq!(codes(&p("2025S1").year_to_date()), ["2025S1"]);
        assert_eq!(codes(&p("2025").year_to_date()), ["2025"]);
        assert_eq!(
            codes(&p("2025W03").year_to_date()),
            ["2025W01", "2025W02", "2025W03"]
        );
        assert_eq!(p("2020W53").year_to_date().len(), 53);
        assert_eq!(p("2025-02-03").year_to_date().len(), 34);
        assert_eq!(p("2024-12-31").year_to_date().len(), 366);
    }

    #[test]
    fn ranges() {
        assert_eq!(
            codes(&Period::range(p("2024Q3"), p("2025Q2"))),
            ["2024Q3", "2024Q4", "2025Q1", "2025Q2"]
        );
        assert_eq!(
            codes(&range(p("2025W52").previous(), p("2026W01"))),
            ["2025W51", "2025W52", "2026W01"]
        );
        assert_eq!(
            Period::range(p("2025-09"), p("2025-09")),
            vec![p("2025-09")]
        );
        assert!(Period::range(p("2025-10"), p("2025-09")).is_empty());
        assert!(Period::range(p("2025-01"), p("2025Q4")).is_empty());
        assert_eq!(Period::range(p("2024-12-30"), p("2025-01-02")).len(), 4);
    }

    #[test]
    fn ordering() {
        let mut periods = vec![
            p("2025-01-02"),
            p("2025"),
            p("2025W01"),
            p("2025S1"),
            p("2025-01"),
            p("2025Q1"),
            p("2025-01-01"),
            p("2024"),
            p("2025Q2"),
        ];
        periods.sort();
        assert_eq!(
            codes(&periods),
            [
                "2024",
                "2025W01",
                "2025-01-01",
                "2025-01",
                "2025Q1",
                "2025S1",
                "2025",
                "2025-01-02",
                "2025Q2"
            ]
        );
        assert!(p("2024-12") < p("2025-01"));
        assert!(p("2025-01") < p("2025"));
        assert_eq!(p("2025Q3").cmp(&p("2025Q3")), Ordering::Equal);
    }

    fn arb_period() -> impl Strategy<Value = Period> {
        let years = Period::MIN_YEAR..=Period::MAX_YEAR;
        prop_oneof![
            years.clone().prop_map(|y| Period::year(y).unwrap()),
            (years.clone(), 1u32..=2).prop_map(|(y, h)| Period::half_year(y, h).unwrap()),
            (years.clone(), 1u32..=4).prop_map(|(y, q)| Period::quarter(y, q).unwrap()),
            (years.clone(), 1u32..=12).prop_map(|(y, m)| Period::month(y, m).unwrap()),
            (years.clone(), 1u32..=53)
                .prop_filter_map("no such ISO week", |(y, w)| Period::week(y, w).ok()),
            (years, 1u32..=366).prop_filter_map("no such day", |(y, d)| {
                NaiveDate::from_yo_opt(y, d).and_then(|date| Period::day(date).ok())
            }),
        ]
    }

    proptest! {
        #[test]
        fn prop_containment_and_order_follow_the_dates(a in arb_period(), b in arb_period()) {
            // The shortcuts for month-based periods agree with the definitions by date.
            let by_dates = |x: &Period, y: &Period| x.start() <= y.start() && y.end() <= x.end();
            prop_assert_eq!(a.contains(&b), by_dates(&a, &b));
            if a.start() != b.start() {
                prop_assert_eq!(a.cmp(&b), a.start().cmp(&b.start()));
            }
            // Against the periods around `a`'s start, which share its year.
            for t in PeriodType::all() {
                let q = Period::containing(*t, a.start());
                prop_assert_eq!(q.contains(&a), by_dates(&q, &a));
                prop_assert_eq!(a.contains(&q), by_dates(&a, &q));
                prop_assert_eq!(q.cmp(&a) == std::cmp::Ordering::Equal, q == a);
            }
        }

        #[test]
        fn prop_code_round_trip(period in arb_period()) {
            let code = period.to_string();
            prop_assert_eq!(Period::parse(&code), Ok(period));
            prop_assert_eq!(serde_json::from_str::<Period>(&serde_json::to_string(&period).unwrap()).unwrap(), period);
        }

        #[test]
        fn prop_next_previous(period in arb_period(), n in -1000i32..1000) {
            prop_assert_eq!(period.next().previous(), period);
            prop_assert_eq!(period.previous().next(), period);
            prop_assert!(period.next() > period);
            prop_assert_eq!(period.next().start(), period.end().succ_opt().unwrap());
            prop_assert_eq!(period.offset(n).offset(-n), period);
        }

        #[test]
        fn prop_structure(period in arb_period()) {
            prop_assert!(period.start() <= period.end());
            prop_assert_eq!(Period::containing(period.period_type(), period.start()), period);
            prop_assert_eq!(Period::containing(period.period_type(), period.end()), period);
            prop_assert_eq!(period.year_to_date().last().copied(), Some(period));
            for &kind in PeriodType::all() {
                if let Some(parent) = period.parent(kind) {
                    prop_assert!(parent.contains(&period));
                    prop_assert!(parent.periods_within(period.period_type()).contains(&period));
                }
            }
        }
    }
}
