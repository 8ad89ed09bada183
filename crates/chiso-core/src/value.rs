//! Data values (indicator × org unit × period → number) and targets.

use crate::indicator::{IndicatorId, IndicatorSheet, ValueType};
use crate::org::OrgId;
use crate::period::{Period, PeriodType};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

crate::indicator::named_enum! {
    /// Where a value stands in its workflow.
    ValueStatus {
        /// Entered, not yet submitted; only its unit sees it.
        Draft = "draft",
        /// Submitted for approval.
        Submitted = "submitted",
        /// Approved by the owner agency's approver.
        Approved = "approved",
        /// Locked: changing it needs an unlock request.
        Locked = "locked",
        /// Accepted at province level after the owner agency approved it (for indicators
        /// whose sheet asks for it): final.
        Accepted = "accepted",
    }
}

impl ValueStatus {
    /// Whether the value is settled (approved, locked or accepted): entry, the API and
    /// imports refuse to change it, and only an unlock request reopens it.
    pub fn is_settled(self) -> bool {
        matches!(
            self,
            ValueStatus::Approved | ValueStatus::Locked | ValueStatus::Accepted
        )
    }
}

crate::indicator::named_enum! {
    /// How a value entered Chiso.
    ValueChannel {
        /// Typed into an entry form.
        Form = "form",
        /// Bulk import (CSV, Excel, DHIS2, ADX).
        Import = "import",
        /// Sent through the API by another system.
        Api = "api",
        /// Generated sample data.
        Demo = "demo",
    }
}

/// One stored data value with its provenance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DataValue {
    /// The indicator.
    pub indicator_id: IndicatorId,
    /// The org unit the value is about.
    pub org_unit_id: OrgId,
    /// The period.
    pub period: Period,
    /// The value.
    pub value: f64,
    /// Workflow status.
    pub status: ValueStatus,
    /// Free comment from the reporter.
    pub comment: Option<String>,
    /// Definition version the value was reported under.
    pub definition_version: i32,
    /// How it arrived.
    pub channel: ValueChannel,
    /// Who last wrote it (user key), if a person.
    pub updated_by: Option<i64>,
    /// When it was last written.
    pub updated_at: DateTime<Utc>,
}

/// Why a value does not fit its indicator.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ValueError {
    /// Not a finite number.
    #[error("value must be a finite number")]
    NotFinite,
    /// An integer indicator got a fraction.
    #[error("value {0} must be a whole number")]
    NotInteger(f64),
    /// A boolean indicator got something other than 0 or 1.
    #[error("value {0} must be 0 or 1")]
    NotBoolean(f64),
    /// A percentage outside 0–100 (or the declared upper bound).
    #[error("percentage {0} is outside 0–{1}")]
    PercentRange(f64, f64),
    /// Below the smallest value the attribute sheet allows.
    #[error("value {0} is below the minimum {1}")]
    BelowMin(f64, f64),
    /// Above the largest value the attribute sheet allows.
    #[error("value {0} is above the maximum {1}")]
    AboveMax(f64, f64),
    /// Not one of the values the attribute sheet lists.
    #[error("value {0} is not one of the allowed values")]
    NotAllowed(f64, Vec<f64>),
    /// The period's type differs from the indicator's frequency.
    #[error("period {period} is a {got}, but the indicator is reported per {expected}")]
    WrongFrequency {
        /// The period given.
        period: String,
        /// Its type.
        got: &'static str,
        /// The indicator's frequency.
        expected: &'static str,
    },
}

impl ValueError {
    /// The locale key of the message (for the Vietnamese and English text).
    pub fn key(&self) -> &'static str {
        match self {
            ValueError::NotFinite => "value.not_finite",
            ValueError::NotInteger(_) => "value.not_integer",
            ValueError::NotBoolean(_) => "value.not_boolean",
            ValueError::PercentRange(..) => "value.percent_range",
            ValueError::BelowMin(..) => "value.below_min",
            ValueError::AboveMax(..) => "value.above_max",
            ValueError::NotAllowed(..) => "value.not_allowed",
            ValueError::WrongFrequency { .. } => "value.wrong_frequency",
        }
    }

    /// The named arguments of the message (besides the value itself, `input`): the bound
    /// that was crossed (`limit`) or the list of allowed values (`allowed`).
    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            ValueError::BelowMin(_, l) | ValueError::AboveMax(_, l) => {
                vec![("limit", l.to_string())]
            }
            ValueError::PercentRange(_, l) => vec![("limit", l.to_string())],
            ValueError::NotAllowed(_, allowed) => vec![(
                "allowed",
                allowed
                    .iter()
                    .map(f64::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
            )],
            _ => Vec::new(),
        }
    }

    /// The same message in Vietnamese.
    pub fn message_vi(&self) -> String {
        match self {
            ValueError::NotFinite => "Giá trị phải là một số hữu hạn".into(),
            ValueError::NotInteger(v) => format!("Giá trị {v} phải là số nguyên"),
            ValueError::NotBoolean(v) => format!("Giá trị {v} phải là 0 hoặc 1"),
            ValueError::PercentRange(v, max) => {
                format!("Tỷ lệ {v} nằm ngoài khoảng 0–{max}")
            }
            ValueError::BelowMin(v, l) => format!("Giá trị {v} nhỏ hơn mức tối thiểu {l}"),
            ValueError::AboveMax(v, l) => format!("Giá trị {v} lớn hơn mức tối đa {l}"),
            ValueError::NotAllowed(v, _) => {
                format!("Giá trị {v} không thuộc các giá trị được phép")
            }
            ValueError::WrongFrequency {
                period, expected, ..
            } => format!(
                "Kỳ {period} không khớp tần suất báo cáo của chỉ số ({})",
                vi_frequency(expected)
            ),
        }
    }
}

fn vi_frequency(f: &str) -> &'static str {
    match f {
        "day" => "ngày",
        "week" => "tuần",
        "month" => "tháng",
        "quarter" => "quý",
        "half_year" => "6 tháng",
        _ => "năm",
    }
}

/// Checks that `value` fits the value type. Percentages may exceed 100 only when
/// `percent_max` allows it (growth rates, plan fulfilment).
pub fn check_value(value: f64, value_type: ValueType, percent_max: f64) -> Result<(), ValueError> {
    if !value.is_finite() {
        return Err(ValueError::NotFinite);
    }
    match value_type {
        ValueType::Number => Ok(()),
        ValueType::Integer if value.fract() != 0.0 => Err(ValueError::NotInteger(value)),
        ValueType::Integer => Ok(()),
        ValueType::Boolean if value != 0.0 && value != 1.0 => Err(ValueError::NotBoolean(value)),
        ValueType::Boolean => Ok(()),
        ValueType::Percent if value < 0.0 && percent_max <= 100.0 || value > percent_max => {
            Err(ValueError::PercentRange(value, percent_max))
        }
        ValueType::Percent => Ok(()),
    }
}

/// Checks that `value` fits everything the attribute sheet says of it: the value type
/// (see [`check_value`]), then the minimum, maximum and allowed values.
pub fn check_against_sheet(
    value: f64,
    sheet: &IndicatorSheet,
    percent_max: f64,
) -> Result<(), ValueError> {
    check_value(value, sheet.value_type, percent_max)?;
    if let Some(min) = sheet.min_value.filter(|m| value < *m) {
        return Err(ValueError::BelowMin(value, min));
    }
    if let Some(max) = sheet.max_value.filter(|m| value > *m) {
        return Err(ValueError::AboveMax(value, max));
    }
    if !sheet.allowed_values.is_empty() && !sheet.allowed_values.contains(&value) {
        return Err(ValueError::NotAllowed(value, sheet.allowed_values.clone()));
    }
    Ok(())
}

/// Checks that the period is of the indicator's frequency.
pub fn check_period(period: &Period, frequency: PeriodType) -> Result<(), ValueError> {
    if period.period_type() != frequency {
        return Err(ValueError::WrongFrequency {
            period: period.to_string(),
            got: period.period_type().as_str(),
            expected: frequency.as_str(),
        });
    }
    Ok(())
}

/// A planned value for an indicator at a unit and period, with a tolerance band.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    /// The indicator.
    pub indicator_id: IndicatorId,
    /// The unit.
    pub org_unit_id: OrgId,
    /// The period the target is for (usually a year).
    pub period: Period,
    /// The planned value.
    pub value: f64,
    /// Relative tolerance (0.05 = within 5 % counts as "at risk", not "off track").
    pub tolerance: f64,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn value_types_are_checked() {
        assert!(check_value(3.0, ValueType::Integer, 100.0).is_ok());
        assert_eq!(
            check_value(3.5, ValueType::Integer, 100.0),
            Err(ValueError::NotInteger(3.5))
        );
        assert!(check_value(1.0, ValueType::Boolean, 100.0).is_ok());
        assert!(check_value(2.0, ValueType::Boolean, 100.0).is_err());
        assert!(check_value(101.0, ValueType::Percent, 100.0).is_err());
        assert!(check_value(-1.0, ValueType::Percent, 100.0).is_err());
        assert!(check_value(f64::NAN, ValueType::Number, 100.0).is_err());
        assert!(check_value(-5.5, ValueType::Number, 100.0).is_ok());
    }

    #[test]
    fn the_sheet_limits_values() {
        let mut s: IndicatorSheet = serde_json::from_value(serde_json::json!({
            "name_vi": "Điểm hài lòng", "name_en": "Satisfaction score", "short_name": "",
            "group": "outcome", "field": "society", "purpose": "", "definition": "",
            "formula": null, "unit": "điểm", "decimals": 0, "value_type": "integer",
            "polarity": "higher_is_better", "aggregation_tree": "average",
            "aggregation_time": "average", "frequency": "year", "reporting_calendar": "",
            "source": "Khảo sát", "owner_id": 1, "providing_units": "",
            "accountable_person": "", "legal_basis": "", "national_code": null,
            "disaggregations": "", "effective_from": null, "effective_to": null,
            "status": "operating", "resolution_links": "",
            "min_value": 1.0, "max_value": 5.0
        }))
        .unwrap();
        assert!(check_against_sheet(3.0, &s, 100.0).is_ok());
        assert_eq!(
            check_against_sheet(0.0, &s, 100.0),
            Err(ValueError::BelowMin(0.0, 1.0))
        );
        let e = check_against_sheet(6.0, &s, 100.0).unwrap_err();
        assert_eq!(e.key(), "value.above_max");
        assert_eq!(e.args(), vec![("limit", "5".to_string())]);
        // The type is checked first.
        assert_eq!(
            check_against_sheet(2.5, &s, 100.0),
            Err(ValueError::NotInteger(2.5))
        );
        s.allowed_values = vec![1.0, 3.0, 5.0];
        assert!(check_against_sheet(3.0, &s, 100.0).is_ok());
        let e = check_against_sheet(2.0, &s, 100.0).unwrap_err();
        assert_eq!(e.key(), "value.not_allowed");
        assert_eq!(e.args(), vec![("allowed", "1, 3, 5".to_string())]);
    }

    #[test]
    fn period_must_match_frequency() {
        let p = Period::parse("2025-09").unwrap();
        assert!(check_period(&p, PeriodType::Month).is_ok());
        let e = check_period(&p, PeriodType::Quarter).unwrap_err();
        assert_eq!(e.key(), "value.wrong_frequency");
        assert!(e.message_vi().contains("quý"));
    }
}
