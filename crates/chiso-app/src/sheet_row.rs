//! An indicator's attribute sheet as a flat row of texts, one cell per attribute: what the
//! attribute-sheet form, the Excel workbook and other tabular exchanges carry. The list of
//! attributes (their order, kind and allowed values) is shared so that a form field, a
//! workbook column and its drop-down list always agree.

use crate::Problem;
use crate::catalogue::IndicatorInput;
use chiso_core::indicator::{
    Field, Indicator, IndicatorGroup, LifecycleStatus, Polarity, ReportingLevel, TimeAggregation,
    TreeAggregation, ValueType,
};
use chiso_core::org::OrgTree;
use chiso_core::period::PeriodType;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// What sort of text an attribute holds, which decides how it is entered and checked.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// A short line of text.
    Text,
    /// A paragraph (definition, purpose, formula ...).
    LongText,
    /// One of a fixed list of names (the function lists them).
    Choice(fn() -> Vec<&'static str>),
    /// A whole number from 0 to 6 (decimals).
    Decimals,
    /// A calendar date, `YYYY-MM-DD` (a `DD/MM/YYYY` date is accepted too).
    Date,
    /// The code of an agency in the organisation tree.
    Owner,
    /// A number (a decimal point, or one decimal comma).
    Number,
    /// Numbers separated by `;`.
    Numbers,
}

/// One attribute of the sheet as a cell: its name (also the locale key `attr.<name>`), its
/// kind and whether a value is required.
#[derive(Debug, Clone, Copy)]
pub struct Attribute {
    /// Attribute name, as in the API.
    pub name: &'static str,
    /// Kind of text.
    pub kind: Kind,
    /// Whether the cell must not be empty.
    pub required: bool,
}

const fn attr(name: &'static str, kind: Kind, required: bool) -> Attribute {
    Attribute {
        name,
        kind,
        required,
    }
}

fn groups() -> Vec<&'static str> {
    IndicatorGroup::ALL.iter().map(|g| g.as_str()).collect()
}
fn fields() -> Vec<&'static str> {
    Field::ALL.iter().map(|g| g.as_str()).collect()
}
fn value_types() -> Vec<&'static str> {
    ValueType::ALL.iter().map(|g| g.as_str()).collect()
}
fn polarities() -> Vec<&'static str> {
    Polarity::ALL.iter().map(|g| g.as_str()).collect()
}
fn tree_aggregations() -> Vec<&'static str> {
    TreeAggregation::ALL.iter().map(|g| g.as_str()).collect()
}
fn time_aggregations() -> Vec<&'static str> {
    TimeAggregation::ALL.iter().map(|g| g.as_str()).collect()
}
fn frequencies() -> Vec<&'static str> {
    PeriodType::all().iter().map(|g| g.as_str()).collect()
}
fn reporting_levels() -> Vec<&'static str> {
    ReportingLevel::ALL.iter().map(|g| g.as_str()).collect()
}
fn flags() -> Vec<&'static str> {
    vec!["false", "true"]
}
fn statuses() -> Vec<&'static str> {
    LifecycleStatus::ALL.iter().map(|g| g.as_str()).collect()
}

/// Every attribute of the sheet, in the order of the printed attribute sheet. `status` is
/// read on creation only (a later step changes by the workflow).
pub const ATTRIBUTES: &[Attribute] = &[
    attr("code", Kind::Text, true),
    attr("name_vi", Kind::Text, true),
    attr("name_en", Kind::Text, true),
    attr("short_name", Kind::Text, false),
    attr("group", Kind::Choice(groups), true),
    attr("field", Kind::Choice(fields), true),
    attr("owner", Kind::Owner, true),
    attr("source", Kind::Text, true),
    attr("purpose", Kind::LongText, false),
    attr("definition", Kind::LongText, false),
    attr("formula", Kind::LongText, false),
    attr("unit", Kind::Text, true),
    attr("decimals", Kind::Decimals, false),
    attr("value_type", Kind::Choice(value_types), false),
    attr("min_value", Kind::Number, false),
    attr("max_value", Kind::Number, false),
    attr("allowed_values", Kind::Numbers, false),
    attr("outlier_threshold", Kind::Number, false),
    attr("polarity", Kind::Choice(polarities), false),
    attr("aggregation_tree", Kind::Choice(tree_aggregations), false),
    attr("weight_indicator", Kind::Text, false),
    attr("aggregation_time", Kind::Choice(time_aggregations), false),
    attr("frequency", Kind::Choice(frequencies), true),
    attr("reporting_calendar", Kind::LongText, false),
    attr("reporting_level", Kind::Choice(reporting_levels), false),
    attr("province_acceptance", Kind::Choice(flags), false),
    attr("providing_units", Kind::LongText, false),
    attr("accountable_person", Kind::Text, false),
    attr("legal_basis", Kind::LongText, false),
    attr("national_code", Kind::Text, false),
    attr("disaggregations", Kind::LongText, false),
    attr("effective_from", Kind::Date, false),
    attr("effective_to", Kind::Date, false),
    attr("resolution_links", Kind::LongText, false),
    attr("status", Kind::Choice(statuses), false),
];

/// The message-catalogue key of an enumeration value of the sheet (`group.outcome`,
/// `aggregation.sum`, `lifecycle.listed` ...): its label in each language.
pub fn choice_key(attr: &str, value: &str) -> String {
    let prefix = match attr {
        "aggregation_tree" | "aggregation_time" => "aggregation",
        "status" => "lifecycle",
        "province_acceptance" => "flag",
        other => other,
    };
    format!("{prefix}.{value}")
}

/// The attribute called `name`, if there is one.
pub fn attribute(name: &str) -> Option<&'static Attribute> {
    ATTRIBUTES.iter().find(|a| a.name == name)
}

/// A sheet as texts by attribute name. Missing names read as empty.
pub type SheetRow = BTreeMap<String, String>;

/// An indicator's sheet as a row of texts (the owner by its code, dates as `YYYY-MM-DD`).
pub fn row_of(indicator: &Indicator, tree: &OrgTree) -> SheetRow {
    let s = &indicator.sheet;
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let owner = tree
        .get(s.owner_id)
        .map(|u| u.code.to_string())
        .unwrap_or_default();
    let number = |x: Option<f64>| x.map(|x| x.to_string()).unwrap_or_default();
    [
        ("code", indicator.code.to_string()),
        ("name_vi", s.name_vi.clone()),
        ("name_en", s.name_en.clone()),
        ("short_name", s.short_name.clone()),
        ("group", s.group.as_str().into()),
        ("field", s.field.as_str().into()),
        ("owner", owner),
        ("source", s.source.clone()),
        ("purpose", s.purpose.clone()),
        ("definition", s.definition.clone()),
        ("formula", s.formula.clone().unwrap_or_default()),
        ("unit", s.unit.clone()),
        ("decimals", s.decimals.to_string()),
        ("value_type", s.value_type.as_str().into()),
        ("min_value", number(s.min_value)),
        ("max_value", number(s.max_value)),
        (
            "allowed_values",
            s.allowed_values
                .iter()
                .map(f64::to_string)
                .collect::<Vec<_>>()
                .join("; "),
        ),
        ("outlier_threshold", number(s.outlier_threshold)),
        ("polarity", s.polarity.as_str().into()),
        ("aggregation_tree", s.aggregation_tree.as_str().into()),
        (
            "weight_indicator",
            s.weight_indicator
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
        ),
        ("aggregation_time", s.aggregation_time.as_str().into()),
        ("frequency", s.frequency.as_str().into()),
        ("reporting_calendar", s.reporting_calendar.clone()),
        ("reporting_level", s.reporting_level.as_str().into()),
        ("province_acceptance", s.province_acceptance.to_string()),
        ("providing_units", s.providing_units.clone()),
        ("accountable_person", s.accountable_person.clone()),
        ("legal_basis", s.legal_basis.clone()),
        ("national_code", s.national_code.clone().unwrap_or_default()),
        ("disaggregations", s.disaggregations.clone()),
        ("effective_from", date(s.effective_from)),
        ("effective_to", date(s.effective_to)),
        ("resolution_links", s.resolution_links.clone()),
        ("status", s.status.as_str().into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

/// A blank row with the defaults a new indicator starts from.
pub fn blank_row() -> SheetRow {
    [
        ("decimals", "0"),
        ("value_type", ValueType::Number.as_str()),
        ("polarity", Polarity::HigherIsBetter.as_str()),
        ("aggregation_tree", TreeAggregation::Sum.as_str()),
        ("aggregation_time", TimeAggregation::Sum.as_str()),
        ("frequency", PeriodType::Year.as_str()),
        ("reporting_level", ReportingLevel::Owner.as_str()),
        ("province_acceptance", "false"),
        ("status", LifecycleStatus::Proposed.as_str()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

/// A number as written in a sheet cell: `12.5`, or with one decimal comma `12,5`.
fn parse_cell_number(s: &str) -> Option<f64> {
    let t = s.trim();
    let t = if t.matches(',').count() == 1 && !t.contains('.') {
        t.replace(',', ".")
    } else {
        t.to_string()
    };
    t.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// A list of numbers separated by `;` (empty items are skipped).
fn parse_cell_numbers(s: &str) -> Option<Vec<f64>> {
    s.split(';')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(parse_cell_number)
        .collect()
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .ok()
}

/// Reads a row of texts into an indicator input, checking each cell against its kind.
/// Every problem is reported (field named, message key `sheet.*`), not only the first, so
/// that a person fixing a spreadsheet sees them all at once. Empty optional cells take the
/// defaults of a new indicator. The owner is checked against the tree later, by the use
/// case that writes the sheet.
pub fn input_of(row: &SheetRow) -> Result<IndicatorInput, Vec<Problem>> {
    let mut problems = Vec::new();
    let defaults = blank_row();
    let cell = |name: &str| -> String {
        let v = row.get(name).map(|s| s.trim()).unwrap_or("");
        if v.is_empty() {
            defaults.get(name).cloned().unwrap_or_default()
        } else {
            chiso_core::text::nfc(v)
        }
    };
    for a in ATTRIBUTES {
        let v = cell(a.name);
        if v.is_empty() {
            if a.required {
                problems.push(
                    Problem::invalid("sheet.required")
                        .field(a.name)
                        .arg("attr", format!("@attr.{}", a.name)),
                );
            }
            continue;
        }
        let ok = match a.kind {
            Kind::Choice(options) => options().contains(&v.as_str()),
            Kind::Decimals => v.parse::<i32>().is_ok_and(|d| (0..=6).contains(&d)),
            Kind::Date => parse_date(&v).is_some(),
            Kind::Number => parse_cell_number(&v).is_some(),
            Kind::Numbers => parse_cell_numbers(&v).is_some(),
            Kind::Text | Kind::LongText | Kind::Owner => true,
        };
        if !ok {
            let p = Problem::invalid(match a.kind {
                Kind::Choice(_) => "sheet.not_a_choice",
                Kind::Decimals => "sheet.not_decimals",
                Kind::Number | Kind::Numbers => "sheet.not_a_number",
                _ => "sheet.not_a_date",
            })
            .field(a.name)
            .arg("attr", format!("@attr.{}", a.name))
            .arg("value", &v);
            let p = match a.kind {
                // Localized at the edge: `@key` arguments are message keys.
                Kind::Choice(options) => p.arg(
                    "choices",
                    options()
                        .iter()
                        .map(|o| format!("@{}", choice_key(a.name, o)))
                        .collect::<Vec<_>>()
                        .join(","),
                ),
                _ => p,
            };
            problems.push(p);
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    // Every cell is now known to parse; the fallbacks below are never taken.
    let opt = |name: &str| Some(cell(name)).filter(|s| !s.is_empty());
    let date = |name: &str| opt(name).as_deref().and_then(parse_date);
    Ok(IndicatorInput {
        code: opt("code"),
        name_vi: cell("name_vi"),
        name_en: cell("name_en"),
        short_name: opt("short_name"),
        group: IndicatorGroup::parse(&cell("group")).unwrap_or(IndicatorGroup::Input),
        field: Field::parse(&cell("field")).unwrap_or(Field::Economy),
        purpose: cell("purpose"),
        definition: cell("definition"),
        formula: opt("formula"),
        unit: cell("unit"),
        decimals: cell("decimals").parse().unwrap_or(0),
        value_type: ValueType::parse(&cell("value_type")).unwrap_or(ValueType::Number),
        polarity: Polarity::parse(&cell("polarity")).unwrap_or(Polarity::HigherIsBetter),
        aggregation_tree: TreeAggregation::parse(&cell("aggregation_tree"))
            .unwrap_or(TreeAggregation::Sum),
        aggregation_time: TimeAggregation::parse(&cell("aggregation_time"))
            .unwrap_or(TimeAggregation::Sum),
        frequency: PeriodType::all()
            .iter()
            .copied()
            .find(|p| p.as_str() == cell("frequency"))
            .unwrap_or(PeriodType::Year),
        reporting_calendar: cell("reporting_calendar"),
        source: cell("source"),
        owner: cell("owner"),
        reporting_level: ReportingLevel::parse(&cell("reporting_level"))
            .unwrap_or(ReportingLevel::Owner),
        providing_units: cell("providing_units"),
        accountable_person: cell("accountable_person"),
        legal_basis: cell("legal_basis"),
        national_code: opt("national_code"),
        disaggregations: cell("disaggregations"),
        effective_from: date("effective_from"),
        effective_to: date("effective_to"),
        status: LifecycleStatus::parse(&cell("status")).unwrap_or(LifecycleStatus::Proposed),
        resolution_links: cell("resolution_links"),
        weight_indicator: opt("weight_indicator"),
        min_value: opt("min_value").as_deref().and_then(parse_cell_number),
        max_value: opt("max_value").as_deref().and_then(parse_cell_number),
        allowed_values: parse_cell_numbers(&cell("allowed_values")).unwrap_or_default(),
        outlier_threshold: opt("outlier_threshold")
            .as_deref()
            .and_then(parse_cell_number),
        province_acceptance: cell("province_acceptance") == "true",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> SheetRow {
        let mut r = blank_row();
        for (k, v) in [
            ("code", "ECO_TEST"),
            ("name_vi", "Tăng trưởng"),
            ("name_en", "Growth"),
            ("group", "outcome"),
            ("field", "economy"),
            ("owner", "SKHDT"),
            ("source", "Cục Thống kê"),
            ("unit", "%"),
        ] {
            r.insert(k.into(), v.into());
        }
        r
    }

    #[test]
    fn a_complete_row_reads_with_defaults() {
        let i = input_of(&good()).expect("valid");
        assert_eq!(i.code.as_deref(), Some("ECO_TEST"));
        assert_eq!(i.group, IndicatorGroup::Outcome);
        assert_eq!(i.frequency, PeriodType::Year);
        assert_eq!(i.decimals, 0);
        assert_eq!(i.formula, None);
    }

    #[test]
    fn every_bad_cell_is_reported_by_field() {
        let mut r = good();
        r.insert("unit".into(), "  ".into());
        r.insert("group".into(), "outputs".into());
        r.insert("decimals".into(), "9".into());
        r.insert("effective_from".into(), "31/02/2025".into());
        let problems = input_of(&r).expect_err("invalid");
        let fields: Vec<_> = problems
            .iter()
            .map(|p| (p.field.as_deref().unwrap_or(""), p.code))
            .collect();
        assert_eq!(
            fields,
            vec![
                ("group", "sheet.not_a_choice"),
                ("unit", "sheet.required"),
                ("decimals", "sheet.not_decimals"),
                ("effective_from", "sheet.not_a_date"),
            ]
        );
    }

    #[test]
    fn limits_read_with_a_decimal_comma_and_lists_with_semicolons() {
        let mut r = good();
        r.insert("min_value".into(), "0,5".into());
        r.insert("max_value".into(), "100".into());
        r.insert("allowed_values".into(), "1; 2;3".into());
        r.insert("province_acceptance".into(), "true".into());
        let i = input_of(&r).expect("valid");
        assert_eq!(i.min_value, Some(0.5));
        assert_eq!(i.max_value, Some(100.0));
        assert_eq!(i.allowed_values, vec![1.0, 2.0, 3.0]);
        assert!(i.province_acceptance);
        r.insert("allowed_values".into(), "1; hai".into());
        r.insert("outlier_threshold".into(), "ba".into());
        let fields: Vec<_> = input_of(&r)
            .expect_err("invalid")
            .iter()
            .map(|p| (p.field.clone().unwrap_or_default(), p.code))
            .collect();
        assert_eq!(
            fields,
            vec![
                ("allowed_values".to_string(), "sheet.not_a_number"),
                ("outlier_threshold".to_string(), "sheet.not_a_number"),
            ]
        );
    }

    #[test]
    fn vietnamese_dates_are_accepted() {
        let mut r = good();
        r.insert("effective_from".into(), "01/07/2025".into());
        let i = input_of(&r).expect("valid");
        assert_eq!(i.effective_from, NaiveDate::from_ymd_opt(2025, 7, 1));
    }
}
