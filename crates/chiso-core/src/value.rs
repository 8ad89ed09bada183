//! Data values (indicator × org unit × period → number) and targets.

use crate::indicator::{IndicatorId, ValueType};
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
            ValueError::WrongFrequency { .. } => "value.wrong_frequency",
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
    fn period_must_match_frequency() {
        let p = Period::parse("2025-09").unwrap();
        assert!(check_period(&p, PeriodType::Month).is_ok());
        let e = check_period(&p, PeriodType::Quarter).unwrap_err();
        assert_eq!(e.key(), "value.wrong_frequency");
        assert!(e.message_vi().contains("quý"));
    }
}
