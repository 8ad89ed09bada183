//! Validation rules across indicators: a condition in the formula language that the
//! values of one unit for one period must meet, such as
//! `#{PA_DOSSIERS_ONLINE} <= #{PA_DOSSIERS_RECEIVED}`, with an importance and a message in
//! both languages. A rule whose values are missing is skipped, not failed (a missing
//! value is the lateness report's business, not the rule's).

use crate::code::Code;
use crate::formula::{Expr, Lookup, evaluate};
use crate::period::{Period, PeriodType};
use serde::{Deserialize, Serialize};

crate::indicator::named_enum! {
    /// How much a broken rule matters.
    Importance {
        /// Worth a look.
        Low = "low",
        /// Should be corrected or explained.
        Medium = "medium",
        /// Almost certainly an error.
        High = "high",
    }
}

/// A validation rule as stored.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValidationRule {
    /// Stable code.
    pub code: Code,
    /// Name in Vietnamese.
    pub name_vi: String,
    /// Name in English.
    pub name_en: String,
    /// The condition, e.g. `#{A} <= #{B}`.
    pub formula: String,
    /// Reporting frequency of the periods it applies to.
    pub frequency: PeriodType,
    /// How much a failure matters.
    pub importance: Importance,
    /// What to tell the reporter when it fails, in Vietnamese.
    pub message_vi: String,
    /// The same in English.
    pub message_en: String,
}

/// The result of one rule for one unit and period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The condition holds.
    Pass,
    /// The condition does not hold.
    Fail,
    /// A value it needs is missing (or the arithmetic is undefined).
    Skipped,
}

/// Evaluates a rule's parsed condition for `period` with values from `lookup`.
pub fn check_rule(condition: &Expr, period: Period, lookup: &mut impl Lookup) -> Outcome {
    match evaluate(condition, period, lookup) {
        None => Outcome::Skipped,
        Some(0.0) => Outcome::Fail,
        Some(_) => Outcome::Pass,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::formula::{Window, parse};
    use std::collections::HashMap;

    struct Values(HashMap<String, f64>);

    impl Lookup for Values {
        fn indicator(&mut self, code: &Code, _: &Window) -> Option<f64> {
            self.0.get(code.as_str()).copied()
        }
        fn constant(&mut self, _: &Code) -> Option<f64> {
            None
        }
    }

    #[test]
    fn pass_fail_and_skip() {
        let rule = parse("#{ONLINE} <= #{RECEIVED}").unwrap();
        let p = Period::parse("2026-10").unwrap();
        let mut v = Values(HashMap::from([
            ("ONLINE".into(), 40.0),
            ("RECEIVED".into(), 50.0),
        ]));
        assert_eq!(check_rule(&rule, p, &mut v), Outcome::Pass);
        v.0.insert("ONLINE".into(), 60.0);
        assert_eq!(check_rule(&rule, p, &mut v), Outcome::Fail);
        v.0.remove("RECEIVED");
        assert_eq!(check_rule(&rule, p, &mut v), Outcome::Skipped);
        // Gaps can be made explicit.
        let lenient = parse("coalesce(#{ONLINE}, 0) <= coalesce(#{RECEIVED}, 0)").unwrap();
        assert_eq!(check_rule(&lenient, p, &mut v), Outcome::Fail);
    }
}
