//! The indicator attribute sheet: groups × fields, polarity, aggregation, lifecycle.

use crate::code::Code;
use crate::org::OrgId;
use crate::period::PeriodType;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Internal key of an indicator.
pub type IndicatorId = i64;

/// Declares a closed set of named values stored as snake_case text, with `as_str`,
/// `parse`, `ALL` and serde support. Person-facing labels live in `locales/` under
/// `<prefix>.<name>`.
macro_rules! named_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vm])* $variant),+ }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored, API and locale-key name.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses the stored name.
            pub fn parse(s: &str) -> Option<$name> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use named_enum;

named_enum! {
    /// The five groups of indicators the Government Office asks every locality to cover.
    IndicatorGroup {
        /// Resources put in (budget, staff, equipment).
        Input = "input",
        /// How work is carried out (procedures handled, processing times).
        Process = "process",
        /// Task results (outputs delivered).
        Output = "output",
        /// Policy results and impact (outcomes).
        Outcome = "outcome",
        /// Synthetic indicators built from others (indices, scores).
        Composite = "composite",
    }
}

named_enum! {
    /// The six field groups an indicator belongs to (the default taxonomy).
    Field {
        /// Economy.
        Economy = "economy",
        /// Finance – state budget.
        Finance = "finance",
        /// Investment – construction.
        Investment = "investment",
        /// Enterprises.
        Enterprises = "enterprises",
        /// Society (health, education, labour, culture).
        Society = "society",
        /// Public administration.
        PublicAdministration = "public_administration",
    }
}

named_enum! {
    /// Which direction of change is good.
    Polarity {
        /// Higher values are better.
        HigherIsBetter = "higher_is_better",
        /// Lower values are better.
        LowerIsBetter = "lower_is_better",
        /// Best inside a target band.
        TargetBand = "target_band",
    }
}

named_enum! {
    /// How values of child units combine into a parent's value.
    TreeAggregation {
        /// Sum of the children.
        Sum = "sum",
        /// Average over the units that reported.
        Average = "average",
        /// Smallest value.
        Min = "min",
        /// Largest value.
        Max = "max",
        /// Average weighted by another indicator.
        WeightedAverage = "weighted_average",
        /// Not aggregated: only where reported.
        None = "none",
    }
}

named_enum! {
    /// How values of shorter periods combine into a longer period.
    TimeAggregation {
        /// Sum over the periods (flows: revenue, cases).
        Sum = "sum",
        /// Average over the periods.
        Average = "average",
        /// The last value (stocks: population, enterprises operating).
        Last = "last",
        /// Smallest value.
        Min = "min",
        /// Largest value.
        Max = "max",
    }
}

named_enum! {
    /// The kind of value an indicator holds.
    ValueType {
        /// Any real number.
        Number = "number",
        /// A whole number.
        Integer = "integer",
        /// A percentage, 0–100 unless the sheet says otherwise.
        Percent = "percent",
        /// Yes/no, stored as 1/0.
        Boolean = "boolean",
    }
}

named_enum! {
    /// Who reports an indicator's values besides the owner agency, whose data officers may
    /// always report them ("one data – one source – one owner").
    ReportingLevel {
        /// Only the owner agency (values about the province or about the owner).
        Owner = "owner",
        /// Each locality (commune, ward) reports its own values.
        Localities = "localities",
        /// Each agency reports its own values.
        Agencies = "agencies",
    }
}

#[expect(
    clippy::derivable_impls,
    reason = "the enum is declared by named_enum!, whose derive list has no Default"
)]
impl Default for ReportingLevel {
    fn default() -> Self {
        ReportingLevel::Owner
    }
}

named_enum! {
    /// Where an indicator stands in the six-step catalogue workflow.
    LifecycleStatus {
        /// (1) Need identified.
        Proposed = "proposed",
        /// (2) Listed: name, group, field, owner, source.
        Listed = "listed",
        /// (3) Attribute sheet complete and confirmed by the owner.
        Standardized = "standardized",
        /// (4) Screened for duplicates.
        Screened = "screened",
        /// (5) Approved and promulgated in a set.
        Approved = "approved",
        /// (6) In operation.
        Operating = "operating",
        /// Retired, possibly with a successor.
        Retired = "retired",
    }
}

/// The full attribute sheet of one indicator (one definition version).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    /// Internal key.
    pub id: IndicatorId,
    /// Stable code, e.g. `ECO_GRDP_GROWTH`.
    pub code: Code,
    /// Definition version, starting at 1.
    pub version: i32,
    /// Everything else on the sheet.
    #[serde(flatten)]
    pub sheet: IndicatorSheet,
}

/// The attributes of an indicator, as created or edited (everything but key and version).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorSheet {
    /// Vietnamese name.
    pub name_vi: String,
    /// English name.
    pub name_en: String,
    /// Short name for tables and charts.
    pub short_name: String,
    /// One of the five groups.
    pub group: IndicatorGroup,
    /// One of the six fields.
    pub field: Field,
    /// Why it is measured and what decision it serves.
    pub purpose: String,
    /// What exactly is measured.
    pub definition: String,
    /// Formula text for computed indicators.
    pub formula: Option<String>,
    /// Unit of measure, e.g. `%`, `tỷ đồng`, `người`.
    pub unit: String,
    /// Decimals shown.
    pub decimals: i32,
    /// Kind of value.
    pub value_type: ValueType,
    /// Which direction is good.
    pub polarity: Polarity,
    /// Aggregation over the organisation tree.
    pub aggregation_tree: TreeAggregation,
    /// Aggregation over time.
    pub aggregation_time: TimeAggregation,
    /// Reporting frequency.
    pub frequency: PeriodType,
    /// Reporting calendar text (closing window and deadlines; structured in the collection module).
    pub reporting_calendar: String,
    /// The one data source (report regime, survey, system feed, database).
    pub source: String,
    /// The one owner agency.
    pub owner_id: OrgId,
    /// Which units report values besides the owner.
    #[serde(default)]
    pub reporting_level: ReportingLevel,
    /// Who provides the data (e.g. "UBND cấp xã").
    pub providing_units: String,
    /// The accountable person or post.
    pub accountable_person: String,
    /// Legal basis (decree, circular, decision).
    pub legal_basis: String,
    /// Code in the national or ministry system.
    pub national_code: Option<String>,
    /// Disaggregations (sex, area, ...), free text.
    pub disaggregations: String,
    /// First day in force.
    pub effective_from: Option<NaiveDate>,
    /// Last day in force.
    pub effective_to: Option<NaiveDate>,
    /// Step in the six-step lifecycle.
    pub status: LifecycleStatus,
    /// Links to resolutions or tasks, free text until the task module links them.
    pub resolution_links: String,
    /// The indicator whose values weigh each unit in a
    /// [`TreeAggregation::WeightedAverage`] (e.g. population for a rate per person).
    #[serde(default)]
    pub weight_indicator: Option<Code>,
    /// Smallest plausible value; a smaller one is refused at entry and import.
    #[serde(default)]
    pub min_value: Option<f64>,
    /// Largest plausible value; a larger one is refused at entry and import.
    #[serde(default)]
    pub max_value: Option<f64>,
    /// When not empty, the only values accepted (codes of a classification, scores 1–5).
    #[serde(default)]
    pub allowed_values: Vec<f64>,
    /// The modified z-score above which a value is flagged as unusual (against its own
    /// history and against its peer units); the default is [`crate::quality::DEFAULT_THRESHOLD`].
    #[serde(default)]
    pub outlier_threshold: Option<f64>,
    /// Whether the province must accept values after the owner agency approved them (a
    /// second approval level); otherwise the owner's approval is final.
    #[serde(default)]
    pub province_acceptance: bool,
}

/// A problem with one attribute of a sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetProblem {
    /// The attribute, as named in the API.
    pub field: &'static str,
    /// Locale key of the message.
    pub key: &'static str,
}

impl IndicatorSheet {
    /// Checks the attributes every indicator needs whatever its lifecycle step.
    pub fn problems(&self) -> Vec<SheetProblem> {
        let mut p = Vec::new();
        let mut need = |cond: bool, field: &'static str, key: &'static str| {
            if cond {
                p.push(SheetProblem { field, key });
            }
        };
        need(self.name_vi.trim().is_empty(), "name_vi", "error.required");
        need(self.name_en.trim().is_empty(), "name_en", "error.required");
        need(self.unit.trim().is_empty(), "unit", "error.required");
        need(self.source.trim().is_empty(), "source", "error.required");
        need(
            !(0..=6).contains(&self.decimals),
            "decimals",
            "error.decimals_range",
        );
        need(
            self.group == IndicatorGroup::Composite
                && self.formula.is_none()
                && self.definition.trim().is_empty(),
            "definition",
            "error.required",
        );
        if let (Some(f), Some(t)) = (self.effective_from, self.effective_to) {
            need(t < f, "effective_to", "error.date_order");
        }
        need(
            self.aggregation_tree == TreeAggregation::WeightedAverage
                && self.weight_indicator.is_none(),
            "weight_indicator",
            "error.weight_required",
        );
        need(
            self.min_value.is_some_and(|v| !v.is_finite())
                || self.max_value.is_some_and(|v| !v.is_finite()),
            "min_value",
            "error.not_finite",
        );
        if let (Some(lo), Some(hi)) = (self.min_value, self.max_value) {
            need(hi < lo, "max_value", "error.range_order");
        }
        need(
            self.allowed_values.iter().any(|v| !v.is_finite()),
            "allowed_values",
            "error.not_finite",
        );
        need(
            self.outlier_threshold
                .is_some_and(|t| !t.is_finite() || t <= 0.0),
            "outlier_threshold",
            "error.threshold_positive",
        );
        p
    }

    /// The outlier threshold to use: the sheet's, or the default.
    pub fn outlier_threshold(&self) -> f64 {
        self.outlier_threshold
            .unwrap_or(crate::quality::DEFAULT_THRESHOLD)
    }

    /// Normalises person-written text to NFC and trims it.
    pub fn normalise(&mut self) {
        for s in [
            &mut self.name_vi,
            &mut self.name_en,
            &mut self.short_name,
            &mut self.purpose,
            &mut self.definition,
            &mut self.unit,
            &mut self.reporting_calendar,
            &mut self.source,
            &mut self.providing_units,
            &mut self.accountable_person,
            &mut self.legal_basis,
            &mut self.disaggregations,
            &mut self.resolution_links,
        ] {
            *s = crate::text::nfc(s.trim());
        }
        if let Some(f) = &mut self.formula {
            *f = f.trim().to_string();
        }
        if self.formula.as_deref() == Some("") {
            self.formula = None;
        }
        self.allowed_values.sort_by(f64::total_cmp);
        self.allowed_values.dedup();
    }

    /// The text searched by the catalogue's search box, folded (no accents, lower case).
    pub fn search_text(&self, code: &str) -> String {
        crate::text::fold(&format!(
            "{code} {} {} {} {} {}",
            self.name_vi, self.name_en, self.short_name, self.definition, self.unit
        ))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn sheet() -> IndicatorSheet {
        IndicatorSheet {
            name_vi: "Tốc độ tăng trưởng GRDP".into(),
            name_en: "GRDP growth rate".into(),
            short_name: "Tăng trưởng GRDP".into(),
            group: IndicatorGroup::Outcome,
            field: Field::Economy,
            purpose: "".into(),
            definition: "".into(),
            formula: None,
            unit: "%".into(),
            decimals: 2,
            value_type: ValueType::Percent,
            polarity: Polarity::HigherIsBetter,
            aggregation_tree: TreeAggregation::None,
            aggregation_time: TimeAggregation::Last,
            frequency: PeriodType::Quarter,
            reporting_calendar: "".into(),
            source: "Cục Thống kê".into(),
            owner_id: 1,
            reporting_level: ReportingLevel::Owner,
            providing_units: "".into(),
            accountable_person: "".into(),
            legal_basis: "".into(),
            national_code: None,
            disaggregations: "".into(),
            effective_from: None,
            effective_to: None,
            status: LifecycleStatus::Operating,
            resolution_links: "".into(),
            weight_indicator: None,
            min_value: None,
            max_value: None,
            allowed_values: Vec::new(),
            outlier_threshold: None,
            province_acceptance: false,
        }
    }

    #[test]
    fn named_enums_round_trip() {
        for g in IndicatorGroup::ALL {
            assert_eq!(IndicatorGroup::parse(g.as_str()), Some(*g));
        }
        assert_eq!(Field::ALL.len(), 6);
        assert_eq!(IndicatorGroup::ALL.len(), 5);
        assert_eq!(
            serde_json::to_string(&Field::PublicAdministration).unwrap(),
            "\"public_administration\""
        );
        assert_eq!(LifecycleStatus::parse("nope"), None);
    }

    #[test]
    fn problems_name_the_attribute() {
        let mut s = sheet();
        assert!(s.problems().is_empty());
        s.unit = " ".into();
        s.decimals = 9;
        let fields: Vec<_> = s.problems().iter().map(|p| p.field).collect();
        assert_eq!(fields, vec!["unit", "decimals"]);
    }

    #[test]
    fn value_limits_and_weights_are_checked_on_the_sheet() {
        let mut s = sheet();
        s.min_value = Some(10.0);
        s.max_value = Some(5.0);
        s.outlier_threshold = Some(0.0);
        s.aggregation_tree = TreeAggregation::WeightedAverage;
        let keys: Vec<_> = s.problems().iter().map(|p| (p.field, p.key)).collect();
        assert_eq!(
            keys,
            vec![
                ("weight_indicator", "error.weight_required"),
                ("max_value", "error.range_order"),
                ("outlier_threshold", "error.threshold_positive"),
            ]
        );
        s.weight_indicator = Some(Code::parse("POP").unwrap());
        s.max_value = Some(50.0);
        s.outlier_threshold = Some(5.0);
        assert!(s.problems().is_empty());
        assert_eq!(s.outlier_threshold(), 5.0);
        // Old sheets (stored before these attributes) still read.
        let mut j = serde_json::to_value(sheet()).unwrap();
        for k in [
            "min_value",
            "max_value",
            "allowed_values",
            "outlier_threshold",
            "weight_indicator",
            "province_acceptance",
        ] {
            j.as_object_mut().unwrap().remove(k);
        }
        let back: IndicatorSheet = serde_json::from_value(j).unwrap();
        assert_eq!(back, sheet());
    }

    #[test]
    fn search_text_is_folded() {
        let s = sheet();
        assert!(s.search_text("ECO_GRDP").contains("tang truong grdp"));
        assert!(s.search_text("ECO_GRDP").starts_with("eco_grdp"));
    }
}
