//! The indicator catalogue.

use crate::row::{Arg, RowGet, bind_args, parse_named};
use crate::{Result, Store, StoreError, Tx, on_backend, on_tx};
use chiso_core::code::Code;
use chiso_core::indicator::{
    Field, Indicator, IndicatorGroup, IndicatorId, IndicatorSheet, LifecycleStatus, Polarity,
    ReportingLevel, TimeAggregation, TreeAggregation, ValueType,
};
use chiso_core::org::OrgId;
use chiso_core::period::PeriodType;
use chrono::{DateTime, Utc};

const COLUMNS: &str = "id, code, version, name_vi, name_en, short_name, grp, field, purpose, \
    definition, formula, unit, decimals, value_type, polarity, aggregation_tree, aggregation_time, \
    frequency, reporting_calendar, source, owner_id, providing_units, accountable_person, \
    legal_basis, national_code, disaggregations, effective_from, effective_to, status, \
    resolution_links, reporting_level, min_value, max_value, allowed_values, outlier_threshold, \
    weight_indicator, province_acceptance, created_at, updated_at";

/// An indicator as stored, with its timestamps.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorRow {
    /// The indicator.
    pub indicator: Indicator,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When its sheet last changed.
    pub updated_at: DateTime<Utc>,
}

fn indicator_from_row(r: &dyn RowGet) -> Result<IndicatorRow> {
    let code = r.text("code")?;
    let frequency = r.text("frequency")?;
    let sheet = IndicatorSheet {
        name_vi: r.text("name_vi")?,
        name_en: r.text("name_en")?,
        short_name: r.text("short_name")?,
        group: parse_named(&r.text("grp")?, "group", IndicatorGroup::parse)?,
        field: parse_named(&r.text("field")?, "field", Field::parse)?,
        purpose: r.text("purpose")?,
        definition: r.text("definition")?,
        formula: r.opt_text("formula")?,
        unit: r.text("unit")?,
        decimals: r.i32("decimals")?,
        value_type: parse_named(&r.text("value_type")?, "value type", ValueType::parse)?,
        polarity: parse_named(&r.text("polarity")?, "polarity", Polarity::parse)?,
        aggregation_tree: parse_named(
            &r.text("aggregation_tree")?,
            "tree aggregation",
            TreeAggregation::parse,
        )?,
        aggregation_time: parse_named(
            &r.text("aggregation_time")?,
            "time aggregation",
            TimeAggregation::parse,
        )?,
        frequency: frequency
            .parse::<PeriodType>()
            .map_err(|_| StoreError::Corrupt(format!("frequency «{frequency}»")))?,
        reporting_calendar: r.text("reporting_calendar")?,
        source: r.text("source")?,
        owner_id: r.i64("owner_id")?,
        reporting_level: parse_named(
            &r.text("reporting_level")?,
            "reporting level",
            ReportingLevel::parse,
        )?,
        providing_units: r.text("providing_units")?,
        accountable_person: r.text("accountable_person")?,
        legal_basis: r.text("legal_basis")?,
        national_code: r.opt_text("national_code")?,
        disaggregations: r.text("disaggregations")?,
        effective_from: r.opt_date("effective_from")?,
        effective_to: r.opt_date("effective_to")?,
        status: parse_named(&r.text("status")?, "status", LifecycleStatus::parse)?,
        resolution_links: r.text("resolution_links")?,
        weight_indicator: r
            .opt_text("weight_indicator")?
            .map(|c| Code::parse(&c).map_err(|e| StoreError::Corrupt(e.to_string())))
            .transpose()?,
        min_value: r.opt_f64("min_value")?,
        max_value: r.opt_f64("max_value")?,
        allowed_values: serde_json::from_str(&r.text("allowed_values")?)
            .map_err(|e| StoreError::Corrupt(format!("allowed values: {e}")))?,
        outlier_threshold: r.opt_f64("outlier_threshold")?,
        province_acceptance: r.bool("province_acceptance")?,
    };
    Ok(IndicatorRow {
        indicator: Indicator {
            id: r.i64("id")?,
            code: Code::parse(&code).map_err(|e| StoreError::Corrupt(e.to_string()))?,
            version: r.i32("version")?,
            sheet,
        },
        created_at: r.time("created_at")?,
        updated_at: r.time("updated_at")?,
    })
}

/// Filters for listing the catalogue; `None` means any.
#[derive(Debug, Clone, Default)]
pub struct IndicatorFilter {
    /// Only this group.
    pub group: Option<IndicatorGroup>,
    /// Only this field.
    pub field: Option<Field>,
    /// Only indicators owned by this unit.
    pub owner_id: Option<OrgId>,
    /// Only this lifecycle status.
    pub status: Option<LifecycleStatus>,
    /// Every word (folded: no accents, lower case) must occur in the searchable text.
    pub text: Option<String>,
}

impl IndicatorFilter {
    fn where_clause(&self) -> (String, Vec<Arg>) {
        let mut conds = Vec::new();
        let mut args = Vec::new();
        let mut push = |cond: &str, a: Arg| {
            args.push(a);
            conds.push(cond.replace("?", &format!("${}", args.len())));
        };
        if let Some(g) = self.group {
            push("grp = ?", Arg::Text(g.as_str().into()));
        }
        if let Some(f) = self.field {
            push("field = ?", Arg::Text(f.as_str().into()));
        }
        if let Some(o) = self.owner_id {
            push("owner_id = ?", Arg::I64(o));
        }
        if let Some(s) = self.status {
            push("status = ?", Arg::Text(s.as_str().into()));
        }
        if let Some(t) = &self.text {
            for w in chiso_core::text::fold(t)
                .split(' ')
                .filter(|w| !w.is_empty())
            {
                let escaped = w
                    .replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_");
                push(
                    "search_text LIKE ? ESCAPE '\\'",
                    Arg::Text(format!("%{escaped}%")),
                );
            }
        }
        if conds.is_empty() {
            (String::new(), args)
        } else {
            (format!(" WHERE {}", conds.join(" AND ")), args)
        }
    }
}

impl Store {
    /// One page of the catalogue (ordered by code) and the total matching.
    pub async fn list_indicators(
        &self,
        filter: &IndicatorFilter,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<IndicatorRow>, i64)> {
        let (clause, mut args) = filter.where_clause();
        let count_sql = format!("SELECT COUNT(*) AS n FROM indicators{clause}");
        let total = on_backend!(self, |p| {
            let r = bind_args!(sqlx::query(&count_sql), &args)
                .fetch_one(p)
                .await?;
            RowGet::i64(&r, "n")?
        });
        args.push(Arg::I64(limit));
        args.push(Arg::I64(offset));
        let n = args.len();
        let sql = format!(
            "SELECT {COLUMNS} FROM indicators{clause} ORDER BY code LIMIT ${} OFFSET ${}",
            n - 1,
            n
        );
        let rows = on_backend!(self, |p| {
            let rows = bind_args!(sqlx::query(&sql), &args).fetch_all(p).await?;
            rows.iter()
                .map(|r| indicator_from_row(r))
                .collect::<Result<Vec<_>>>()?
        });
        Ok((rows, total))
    }

    /// The catalogue's version: a counter every write to the indicators raises (by trigger,
    /// migration 0019), so that a copy in memory knows when to read them again.
    pub async fn catalogue_version(&self) -> Result<i64> {
        on_backend!(self, |p| {
            let r = sqlx::query("SELECT n FROM catalogue_version WHERE id = 1")
                .fetch_one(p)
                .await?;
            Ok(RowGet::i64(&r, "n")?)
        })
    }

    /// Every indicator, by code.
    pub async fn all_indicators(&self) -> Result<Vec<IndicatorRow>> {
        Ok(self
            .list_indicators(&IndicatorFilter::default(), i64::MAX, 0)
            .await?
            .0)
    }

    /// The indicator with this code.
    pub async fn indicator_by_code(&self, code: &str) -> Result<Option<IndicatorRow>> {
        let sql = format!("SELECT {COLUMNS} FROM indicators WHERE code = $1");
        on_backend!(self, |p| {
            match sqlx::query(&sql).bind(code).fetch_optional(p).await? {
                Some(r) => Ok(Some(indicator_from_row(&r)?)),
                None => Ok(None),
            }
        })
    }

    /// Count of indicators per (group, field) cell, optionally only those owned by one
    /// unit and only the members of one set version; retired indicators are not counted.
    pub async fn indicator_counts(
        &self,
        owner_id: Option<i64>,
        set_version: Option<(i64, i32)>,
    ) -> Result<Vec<(String, String, i64)>> {
        let mut conds = vec!["status <> 'retired'".to_string()];
        let mut args = Vec::new();
        if let Some(o) = owner_id {
            args.push(Arg::I64(o));
            conds.push(format!("owner_id = ${}", args.len()));
        }
        if let Some((set, version)) = set_version {
            args.push(Arg::I64(set));
            args.push(Arg::I64(i64::from(version)));
            conds.push(format!(
                "id IN (SELECT indicator_id FROM set_members WHERE set_id = ${} AND version = ${})",
                args.len() - 1,
                args.len()
            ));
        }
        let sql = format!(
            "SELECT grp, field, COUNT(*) AS n FROM indicators WHERE {} GROUP BY grp, field",
            conds.join(" AND ")
        );
        on_backend!(self, |p| {
            let rows = bind_args!(sqlx::query(&sql), &args).fetch_all(p).await?;
            rows.iter()
                .map(|r| {
                    Ok((
                        RowGet::text(r, "grp")?,
                        RowGet::text(r, "field")?,
                        RowGet::i64(r, "n")?,
                    ))
                })
                .collect()
        })
    }
}

/// A screener's decision on a pair of likely duplicates.
#[derive(Debug, Clone, PartialEq)]
pub struct ScreeningDecision {
    /// The indicator screened.
    pub indicator_id: IndicatorId,
    /// The likely duplicate it was compared with.
    pub other_id: IndicatorId,
    /// `keep` (both stay, with a reason) or `merge` (the screened one points to the other).
    pub merge: bool,
    /// Why.
    pub reason: String,
    /// Who decided.
    pub decided_by: Option<i64>,
    /// When.
    pub decided_at: DateTime<Utc>,
}

impl Store {
    /// The decisions recorded for an indicator.
    pub async fn screening_decisions(&self, id: IndicatorId) -> Result<Vec<ScreeningDecision>> {
        let sql = "SELECT indicator_id, other_id, decision, reason, decided_by, decided_at
                   FROM screening_decisions WHERE indicator_id = $1 ORDER BY other_id";
        on_backend!(self, |p| {
            let rows = sqlx::query(sql).bind(id).fetch_all(p).await?;
            rows.iter()
                .map(|r| {
                    Ok(ScreeningDecision {
                        indicator_id: RowGet::i64(r, "indicator_id")?,
                        other_id: RowGet::i64(r, "other_id")?,
                        merge: RowGet::text(r, "decision")? == "merge",
                        reason: RowGet::text(r, "reason")?,
                        decided_by: RowGet::opt_i64(r, "decided_by")?,
                        decided_at: RowGet::time(r, "decided_at")?,
                    })
                })
                .collect()
        })
    }
}

impl Tx {
    /// Moves an indicator to a lifecycle step.
    pub async fn set_indicator_status(
        &mut self,
        id: IndicatorId,
        status: LifecycleStatus,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let sql = "UPDATE indicators SET status = $2, updated_at = $3 WHERE id = $1";
        on_tx!(self, |c| {
            sqlx::query(sql)
                .bind(id)
                .bind(status.as_str())
                .bind(now)
                .execute(&mut *c)
                .await?;
        });
        Ok(())
    }

    /// Records (or replaces) a screening decision; a merge also points the indicator to
    /// the survivor and retires it.
    pub async fn record_screening(&mut self, d: &ScreeningDecision) -> Result<()> {
        let sql = "INSERT INTO screening_decisions (indicator_id, other_id, decision, reason, decided_by, decided_at)
                   VALUES ($1, $2, $3, $4, $5, $6)
                   ON CONFLICT (indicator_id, other_id) DO UPDATE SET decision = excluded.decision,
                   reason = excluded.reason, decided_by = excluded.decided_by, decided_at = excluded.decided_at";
        on_tx!(self, |c| {
            sqlx::query(sql)
                .bind(d.indicator_id)
                .bind(d.other_id)
                .bind(if d.merge { "merge" } else { "keep" })
                .bind(&d.reason)
                .bind(d.decided_by)
                .bind(d.decided_at)
                .execute(&mut *c)
                .await?;
        });
        if d.merge {
            let sql = "UPDATE indicators SET merged_into = $2, status = 'retired', updated_at = $3 WHERE id = $1";
            on_tx!(self, |c| {
                sqlx::query(sql)
                    .bind(d.indicator_id)
                    .bind(d.other_id)
                    .bind(d.decided_at)
                    .execute(&mut *c)
                    .await?;
            });
        }
        Ok(())
    }

    /// Creates an indicator (version 1).
    pub async fn insert_indicator(
        &mut self,
        code: &Code,
        s: &IndicatorSheet,
        now: DateTime<Utc>,
    ) -> Result<IndicatorRow> {
        let sql = format!(
            "INSERT INTO indicators (code, version, name_vi, name_en, short_name, grp, field, purpose,
               definition, formula, unit, decimals, value_type, polarity, aggregation_tree,
               aggregation_time, frequency, reporting_calendar, source, owner_id, providing_units,
               accountable_person, legal_basis, national_code, disaggregations, effective_from,
               effective_to, status, resolution_links, search_text, created_at, updated_at,
               reporting_level, min_value, max_value, allowed_values, outlier_threshold,
               weight_indicator, province_acceptance)
             VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
               $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $30, $31, $32, $33,
               $34, $35, $36, $37)
             RETURNING {COLUMNS}"
        );
        let search = s.search_text(code.as_str());
        let allowed = serde_json::to_string(&s.allowed_values)
            .map_err(|e| StoreError::Corrupt(format!("allowed values: {e}")))?;
        on_tx!(self, |c| {
            let r = sqlx::query(&sql)
                .bind(code.as_str())
                .bind(&s.name_vi)
                .bind(&s.name_en)
                .bind(&s.short_name)
                .bind(s.group.as_str())
                .bind(s.field.as_str())
                .bind(&s.purpose)
                .bind(&s.definition)
                .bind(&s.formula)
                .bind(&s.unit)
                .bind(s.decimals)
                .bind(s.value_type.as_str())
                .bind(s.polarity.as_str())
                .bind(s.aggregation_tree.as_str())
                .bind(s.aggregation_time.as_str())
                .bind(s.frequency.as_str())
                .bind(&s.reporting_calendar)
                .bind(&s.source)
                .bind(s.owner_id)
                .bind(&s.providing_units)
                .bind(&s.accountable_person)
                .bind(&s.legal_basis)
                .bind(&s.national_code)
                .bind(&s.disaggregations)
                .bind(s.effective_from)
                .bind(s.effective_to)
                .bind(s.status.as_str())
                .bind(&s.resolution_links)
                .bind(&search)
                .bind(now)
                .bind(s.reporting_level.as_str())
                .bind(s.min_value)
                .bind(s.max_value)
                .bind(&allowed)
                .bind(s.outlier_threshold)
                .bind(s.weight_indicator.as_ref().map(|c| c.as_str()))
                .bind(s.province_acceptance)
                .fetch_one(&mut *c)
                .await?;
            indicator_from_row(&r)
        })
    }

    /// Replaces an indicator's sheet; `version` is the definition version to store.
    pub async fn update_indicator(
        &mut self,
        id: IndicatorId,
        code: &Code,
        version: i32,
        s: &IndicatorSheet,
        now: DateTime<Utc>,
    ) -> Result<IndicatorRow> {
        let sql = format!(
            "UPDATE indicators SET version = $2, name_vi = $3, name_en = $4, short_name = $5,
               grp = $6, field = $7, purpose = $8, definition = $9, formula = $10, unit = $11,
               decimals = $12, value_type = $13, polarity = $14, aggregation_tree = $15,
               aggregation_time = $16, frequency = $17, reporting_calendar = $18, source = $19,
               owner_id = $20, providing_units = $21, accountable_person = $22, legal_basis = $23,
               national_code = $24, disaggregations = $25, effective_from = $26,
               effective_to = $27, status = $28, resolution_links = $29, search_text = $30,
               updated_at = $31, reporting_level = $32, min_value = $33, max_value = $34,
               allowed_values = $35, outlier_threshold = $36, weight_indicator = $37,
               province_acceptance = $38
             WHERE id = $1 RETURNING {COLUMNS}"
        );
        let search = s.search_text(code.as_str());
        let allowed = serde_json::to_string(&s.allowed_values)
            .map_err(|e| StoreError::Corrupt(format!("allowed values: {e}")))?;
        on_tx!(self, |c| {
            let r = sqlx::query(&sql)
                .bind(id)
                .bind(version)
                .bind(&s.name_vi)
                .bind(&s.name_en)
                .bind(&s.short_name)
                .bind(s.group.as_str())
                .bind(s.field.as_str())
                .bind(&s.purpose)
                .bind(&s.definition)
                .bind(&s.formula)
                .bind(&s.unit)
                .bind(s.decimals)
                .bind(s.value_type.as_str())
                .bind(s.polarity.as_str())
                .bind(s.aggregation_tree.as_str())
                .bind(s.aggregation_time.as_str())
                .bind(s.frequency.as_str())
                .bind(&s.reporting_calendar)
                .bind(&s.source)
                .bind(s.owner_id)
                .bind(&s.providing_units)
                .bind(&s.accountable_person)
                .bind(&s.legal_basis)
                .bind(&s.national_code)
                .bind(&s.disaggregations)
                .bind(s.effective_from)
                .bind(s.effective_to)
                .bind(s.status.as_str())
                .bind(&s.resolution_links)
                .bind(&search)
                .bind(now)
                .bind(s.reporting_level.as_str())
                .bind(s.min_value)
                .bind(s.max_value)
                .bind(&allowed)
                .bind(s.outlier_threshold)
                .bind(s.weight_indicator.as_ref().map(|c| c.as_str()))
                .bind(s.province_acceptance)
                .fetch_optional(&mut *c)
                .await?;
            match r {
                Some(r) => indicator_from_row(&r),
                None => Err(StoreError::NotFound(format!("indicator {id}"))),
            }
        })
    }
}

impl Store {
    /// The indicators whose deadlines depart from the calendar's defaults.
    pub async fn indicator_deadlines(
        &self,
    ) -> Result<
        std::collections::HashMap<
            chiso_core::indicator::IndicatorId,
            chiso_core::calendar::Deadlines,
        >,
    > {
        on_backend!(self, |p| {
            let rows = sqlx::query(
                "SELECT indicator_id, commune_days, agency_days, province_days
                 FROM indicator_deadlines",
            )
            .fetch_all(p)
            .await?;
            rows.iter()
                .map(|r| {
                    Ok((
                        RowGet::i64(r, "indicator_id")?,
                        chiso_core::calendar::Deadlines {
                            commune: i64::from(RowGet::i32(r, "commune_days")?),
                            agency: i64::from(RowGet::i32(r, "agency_days")?),
                            province: i64::from(RowGet::i32(r, "province_days")?),
                        },
                    ))
                })
                .collect()
        })
    }
}

impl Tx {
    /// Sets an indicator's own deadlines, or (with `None`) returns it to the defaults.
    pub async fn set_indicator_deadlines(
        &mut self,
        indicator: chiso_core::indicator::IndicatorId,
        deadlines: Option<chiso_core::calendar::Deadlines>,
    ) -> Result<()> {
        on_tx!(self, |c| {
            sqlx::query("DELETE FROM indicator_deadlines WHERE indicator_id = $1")
                .bind(indicator)
                .execute(&mut *c)
                .await?;
        });
        if let Some(d) = deadlines {
            let days = |x: i64| i32::try_from(x).unwrap_or(i32::MAX);
            on_tx!(self, |c| {
                sqlx::query(
                    "INSERT INTO indicator_deadlines (indicator_id, commune_days, agency_days,
                     province_days) VALUES ($1, $2, $3, $4)",
                )
                .bind(indicator)
                .bind(days(d.commune))
                .bind(days(d.agency))
                .bind(days(d.province))
                .execute(&mut *c)
                .await?;
            });
        }
        Ok(())
    }
}
