//! Validation rules.

use crate::row::{RowGet, parse_named};
use crate::{Result, Store, StoreError, Tx, on_backend, on_tx};
use chiso_core::code::Code;
use chiso_core::period::PeriodType;
use chiso_core::validation::{Importance, ValidationRule};

fn rule_of<R: RowGet>(r: &R) -> Result<ValidationRule> {
    let code = r.text("code")?;
    let frequency = r.text("frequency")?;
    Ok(ValidationRule {
        code: Code::parse(&code).map_err(|_| StoreError::Corrupt(format!("rule code «{code}»")))?,
        name_vi: r.text("name_vi")?,
        name_en: r.text("name_en")?,
        formula: r.text("formula")?,
        frequency: frequency
            .parse::<PeriodType>()
            .map_err(|_| StoreError::Corrupt(format!("frequency «{frequency}»")))?,
        importance: parse_named(&r.text("importance")?, "importance", Importance::parse)?,
        message_vi: r.text("message_vi")?,
        message_en: r.text("message_en")?,
    })
}

impl Store {
    /// Every validation rule, by code.
    pub async fn validation_rules(&self) -> Result<Vec<ValidationRule>> {
        on_backend!(self, |p| {
            let rows = sqlx::query(
                "SELECT code, name_vi, name_en, formula, frequency, importance, message_vi,
                 message_en FROM validation_rules ORDER BY code",
            )
            .fetch_all(p)
            .await?;
            rows.iter().map(rule_of).collect()
        })
    }
}

impl Tx {
    /// Inserts or replaces a rule (by code).
    pub async fn upsert_validation_rule(&mut self, r: &ValidationRule) -> Result<()> {
        on_tx!(self, |c| {
            sqlx::query(
                "INSERT INTO validation_rules (code, name_vi, name_en, formula, frequency,
                 importance, message_vi, message_en) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                 ON CONFLICT (code) DO UPDATE SET name_vi = excluded.name_vi,
                 name_en = excluded.name_en, formula = excluded.formula,
                 frequency = excluded.frequency, importance = excluded.importance,
                 message_vi = excluded.message_vi, message_en = excluded.message_en",
            )
            .bind(r.code.as_str())
            .bind(&r.name_vi)
            .bind(&r.name_en)
            .bind(&r.formula)
            .bind(r.frequency.as_str())
            .bind(r.importance.as_str())
            .bind(&r.message_vi)
            .bind(&r.message_en)
            .execute(&mut *c)
            .await?;
        });
        Ok(())
    }
}
