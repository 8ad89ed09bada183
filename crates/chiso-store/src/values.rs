//! Data values and targets.

use crate::row::{Arg, RowGet, bind_args, parse_named};
use crate::{Result, Store, StoreError, Tx, on_backend, on_tx};
use chiso_core::indicator::IndicatorId;
use chiso_core::org::OrgId;
use chiso_core::period::Period;
use chiso_core::value::{DataValue, Target, ValueChannel, ValueStatus};
use chrono::NaiveDate;

const COLUMNS: &str = "indicator_id, org_unit_id, period, value, status, comment, \
    definition_version, channel, updated_by, updated_at";

/// Rows per multi-row INSERT. Measured on the demo load (68,770 values, SQLite, release):
/// 500 rows per statement took 7.3 s, 50 rows 1.4 s, 20 rows 1.2 s — the cost per statement
/// grows faster than its bind count, so keep statements small; 50 keeps PostgreSQL round
/// trips few.
const CHUNK: usize = 50;

/// Appends `items` to `args` and returns their `$N` placeholders, comma-separated, for an
/// `IN (...)` list.
pub(crate) fn placeholders(args: &mut Vec<Arg>, items: Vec<Arg>) -> String {
    let start = args.len();
    let n = items.len();
    args.extend(items);
    (start + 1..=start + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// A value's key (indicator, unit, period) from a row that has those three columns.
pub(crate) fn value_key(r: &dyn RowGet) -> Result<(IndicatorId, OrgId, Period)> {
    let period = r.text("period")?;
    Ok((
        r.i64("indicator_id")?,
        r.i64("org_unit_id")?,
        Period::parse(&period).map_err(|_| StoreError::Corrupt(format!("period «{period}»")))?,
    ))
}

fn value_from_row(r: &dyn RowGet) -> Result<DataValue> {
    let period = r.text("period")?;
    Ok(DataValue {
        indicator_id: r.i64("indicator_id")?,
        org_unit_id: r.i64("org_unit_id")?,
        period: Period::parse(&period)
            .map_err(|_| StoreError::Corrupt(format!("period «{period}»")))?,
        value: r.f64("value")?,
        status: parse_named(&r.text("status")?, "value status", ValueStatus::parse)?,
        comment: r.opt_text("comment")?,
        definition_version: r.i32("definition_version")?,
        channel: parse_named(&r.text("channel")?, "channel", ValueChannel::parse)?,
        updated_by: r.opt_i64("updated_by")?,
        updated_at: r.time("updated_at")?,
    })
}

/// Which values to read; `None` means any.
#[derive(Debug, Clone, Default)]
pub struct ValueQuery {
    /// Only this indicator.
    pub indicator_id: Option<IndicatorId>,
    /// Only this unit ...
    pub org_unit_id: Option<OrgId>,
    /// ... or, when true, this unit and its whole subtree.
    pub subtree: bool,
    /// Only periods starting on or after this day.
    pub from: Option<NaiveDate>,
    /// Only periods ending on or before this day.
    pub to: Option<NaiveDate>,
}

impl ValueQuery {
    fn where_clause(&self) -> (String, Vec<Arg>) {
        let mut conds: Vec<String> = Vec::new();
        let mut args = Vec::new();
        let mut push = |cond: &str, a: Arg| {
            args.push(a);
            conds.push(cond.replace("?", &format!("${}", args.len())));
        };
        if let Some(i) = self.indicator_id {
            push("indicator_id = ?", Arg::I64(i));
        }
        match (self.org_unit_id, self.subtree) {
            (Some(o), true) => push(
                "org_unit_id IN (SELECT descendant_id FROM org_closure WHERE ancestor_id = ?)",
                Arg::I64(o),
            ),
            (Some(o), false) => push("org_unit_id = ?", Arg::I64(o)),
            (None, _) => {}
        }
        if let Some(f) = self.from {
            push("period_start >= ?", Arg::Date(f));
        }
        if let Some(t) = self.to {
            push("period_end <= ?", Arg::Date(t));
        }
        if conds.is_empty() {
            (String::new(), args)
        } else {
            (format!(" WHERE {}", conds.join(" AND ")), args)
        }
    }
}

impl Store {
    /// One page of values (by period, indicator, unit) and the total matching.
    pub async fn query_values(
        &self,
        q: &ValueQuery,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<DataValue>, i64)> {
        let (clause, mut args) = q.where_clause();
        let count_sql = format!("SELECT COUNT(*) AS n FROM data_values{clause}");
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
            "SELECT {COLUMNS} FROM data_values{clause}
             ORDER BY period_start DESC, period_end, indicator_id, org_unit_id LIMIT ${} OFFSET ${}",
            n - 1,
            n
        );
        let rows = on_backend!(self, |p| {
            let rows = bind_args!(sqlx::query(&sql), &args).fetch_all(p).await?;
            rows.iter()
                .map(|r| value_from_row(r))
                .collect::<Result<Vec<_>>>()?
        });
        Ok((rows, total))
    }

    /// Every stored value of one indicator as analytics hold it in memory: unit, period,
    /// value and status only, in no particular order (read one indicator at a time, so that
    /// loading a country's values never holds more than one indicator's rows at once).
    ///
    /// The values of each period travel as one row of lists, which the databases build far
    /// faster than the driver reads rows one by one (five million values: 11 s as rows on
    /// SQLite). SQLite writes each number with 17 significant digits, which reads back as
    /// the same `f64`; PostgreSQL sends typed arrays.
    pub async fn indicator_values(&self, indicator: IndicatorId) -> Result<Vec<HeldValue>> {
        let mut out = Vec::new();
        let period_of = |text: &str| {
            Period::parse(text).map_err(|_| StoreError::Corrupt(format!("period «{text}»")))
        };
        match self {
            Store::Sqlite(p) => {
                let sql = "SELECT period, group_concat(org_unit_id) AS units,
                                  group_concat(printf('%!.17g', value)) AS vals,
                                  group_concat(status) AS statuses
                           FROM data_values WHERE indicator_id = $1 GROUP BY period";
                for r in sqlx::query(sql).bind(indicator).fetch_all(p).await? {
                    let r: &dyn RowGet = &r;
                    let period = period_of(&r.text("period")?)?;
                    let (units, vals, statuses) =
                        (r.text("units")?, r.text("vals")?, r.text("statuses")?);
                    let mut vals = vals.split(',');
                    let mut statuses = statuses.split(',');
                    for unit in units.split(',') {
                        let (Some(value), Some(status)) = (vals.next(), statuses.next()) else {
                            return Err(StoreError::Corrupt(format!(
                                "values of indicator {indicator} for {period}"
                            )));
                        };
                        out.push(HeldValue {
                            org_unit_id: unit
                                .parse()
                                .map_err(|_| StoreError::Corrupt(format!("unit «{unit}»")))?,
                            period,
                            value: value
                                .parse()
                                .map_err(|_| StoreError::Corrupt(format!("value «{value}»")))?,
                            status: parse_named(status, "value status", ValueStatus::parse)?,
                        });
                    }
                }
            }
            Store::Postgres(p) => {
                let sql =
                    "SELECT period, array_agg(org_unit_id) AS units, array_agg(value) AS vals,
                                  array_agg(status) AS statuses
                           FROM data_values WHERE indicator_id = $1 GROUP BY period";
                for r in sqlx::query(sql).bind(indicator).fetch_all(p).await? {
                    use sqlx::Row;
                    let period = period_of(&r.try_get::<String, _>("period")?)?;
                    let units: Vec<i64> = r.try_get("units")?;
                    let vals: Vec<f64> = r.try_get("vals")?;
                    let statuses: Vec<String> = r.try_get("statuses")?;
                    for ((unit, value), status) in units.into_iter().zip(vals).zip(statuses) {
                        out.push(HeldValue {
                            org_unit_id: unit,
                            period,
                            value,
                            status: parse_named(&status, "value status", ValueStatus::parse)?,
                        });
                    }
                }
            }
        }
        Ok(out)
    }

    /// The keys among `indicators` × `periods` whose values are approved, locked or accepted
    /// (which a plain upsert must not overwrite).
    pub async fn settled_keys(
        &self,
        indicators: &[IndicatorId],
        periods: &[Period],
    ) -> Result<Vec<(IndicatorId, OrgId, Period)>> {
        if indicators.is_empty() || periods.is_empty() {
            return Ok(Vec::new());
        }
        let mut args = Vec::new();
        let mut list = |items: Vec<Arg>| placeholders(&mut args, items);
        let ind = list(indicators.iter().map(|i| Arg::I64(*i)).collect());
        let per = list(periods.iter().map(|p| Arg::Text(p.to_string())).collect());
        let sql = format!(
            "SELECT indicator_id, org_unit_id, period FROM data_values
             WHERE indicator_id IN ({ind}) AND period IN ({per}) AND status IN ('approved', 'locked', 'accepted')"
        );
        on_backend!(self, |p| {
            let rows = bind_args!(sqlx::query(&sql), &args).fetch_all(p).await?;
            rows.iter().map(|r| value_key(r)).collect()
        })
    }

    /// The stored values among `indicators` × `units` × `periods` (a superset of the keys
    /// an import batch touches; the caller picks its keys out). Long lists of units are read
    /// [`UNITS_PER_QUERY`] at a time, under the databases' limits on bound parameters.
    pub async fn values_among(
        &self,
        indicators: &[IndicatorId],
        units: &[OrgId],
        periods: &[Period],
    ) -> Result<Vec<DataValue>> {
        let mut out = Vec::new();
        if indicators.is_empty() || periods.is_empty() {
            return Ok(out);
        }
        for units in units.chunks(UNITS_PER_QUERY) {
            let mut args = Vec::new();
            let mut list = |items: Vec<Arg>| placeholders(&mut args, items);
            let ind = list(indicators.iter().map(|i| Arg::I64(*i)).collect());
            let org = list(units.iter().map(|i| Arg::I64(*i)).collect());
            let per = list(periods.iter().map(|p| Arg::Text(p.to_string())).collect());
            let sql = format!(
                "SELECT {COLUMNS} FROM data_values
                 WHERE indicator_id IN ({ind}) AND org_unit_id IN ({org}) AND period IN ({per})"
            );
            on_backend!(self, |p| {
                let rows = bind_args!(sqlx::query(&sql), &args).fetch_all(p).await?;
                for r in &rows {
                    out.push(value_from_row(r)?);
                }
            });
        }
        Ok(out)
    }

    /// Number of stored values.
    pub async fn count_values(&self) -> Result<i64> {
        on_backend!(self, |p| {
            let r = sqlx::query("SELECT COUNT(*) AS n FROM data_values")
                .fetch_one(p)
                .await?;
            Ok(RowGet::i64(&r, "n")?)
        })
    }

    /// The latest period with a value of `indicator` at `org` or below it.
    pub async fn latest_period(
        &self,
        indicator: IndicatorId,
        org: OrgId,
    ) -> Result<Option<Period>> {
        let sql = "SELECT period FROM data_values WHERE indicator_id = $1 AND org_unit_id IN
                   (SELECT descendant_id FROM org_closure WHERE ancestor_id = $2)
                   ORDER BY period_end DESC, period_start DESC LIMIT 1";
        let text: Option<String> = on_backend!(self, |p| {
            match sqlx::query(sql)
                .bind(indicator)
                .bind(org)
                .fetch_optional(p)
                .await?
            {
                Some(r) => Some(RowGet::text(&r, "period")?),
                None => None,
            }
        });
        text.map(|t| Period::parse(&t).map_err(|_| StoreError::Corrupt(format!("period «{t}»"))))
            .transpose()
    }

    /// Every target of one indicator, by unit then period.
    pub async fn indicator_targets(&self, indicator: IndicatorId) -> Result<Vec<Target>> {
        let sql = "SELECT indicator_id, org_unit_id, period, value, tolerance FROM targets
                   WHERE indicator_id = $1 ORDER BY org_unit_id, period";
        on_backend!(self, |p| {
            let rows = sqlx::query(sql).bind(indicator).fetch_all(p).await?;
            rows.iter().map(target_of).collect()
        })
    }

    /// Every target of one unit, by indicator then period.
    pub async fn unit_targets(&self, org: OrgId) -> Result<Vec<Target>> {
        let sql = "SELECT indicator_id, org_unit_id, period, value, tolerance FROM targets
                   WHERE org_unit_id = $1 ORDER BY indicator_id, period";
        on_backend!(self, |p| {
            let rows = sqlx::query(sql).bind(org).fetch_all(p).await?;
            rows.iter().map(target_of).collect()
        })
    }

    /// The targets of `indicators` at `units` (an analytics table's), by unit, indicator
    /// and period; long lists of units are read [`UNITS_PER_QUERY`] at a time.
    pub async fn targets_among(
        &self,
        indicators: &[IndicatorId],
        units: &[OrgId],
    ) -> Result<Vec<Target>> {
        let mut out = Vec::new();
        if indicators.is_empty() {
            return Ok(out);
        }
        for units in units.chunks(UNITS_PER_QUERY) {
            let mut args = Vec::new();
            let mut list = |items: Vec<Arg>| placeholders(&mut args, items);
            let ind = list(indicators.iter().map(|i| Arg::I64(*i)).collect());
            let org = list(units.iter().map(|u| Arg::I64(*u)).collect());
            let sql = format!(
                "SELECT indicator_id, org_unit_id, period, value, tolerance FROM targets
                 WHERE indicator_id IN ({ind}) AND org_unit_id IN ({org})
                 ORDER BY org_unit_id, indicator_id, period"
            );
            on_backend!(self, |p| {
                let rows = bind_args!(sqlx::query(&sql), &args).fetch_all(p).await?;
                for r in &rows {
                    out.push(target_of(r)?);
                }
            });
        }
        Ok(out)
    }

    /// Targets of an indicator at a unit, by period.
    pub async fn targets(&self, indicator: IndicatorId, org: OrgId) -> Result<Vec<Target>> {
        let sql = "SELECT indicator_id, org_unit_id, period, value, tolerance FROM targets
                   WHERE indicator_id = $1 AND org_unit_id = $2 ORDER BY period";
        on_backend!(self, |p| {
            let rows = sqlx::query(sql)
                .bind(indicator)
                .bind(org)
                .fetch_all(p)
                .await?;
            rows.iter().map(target_of).collect()
        })
    }
}

impl Tx {
    /// Inserts or replaces values (keyed by indicator, unit, period), in chunks.
    pub async fn upsert_values(&mut self, values: &[DataValue]) -> Result<()> {
        for chunk in values.chunks(CHUNK) {
            let mut sql = String::from(
                "INSERT INTO data_values (indicator_id, org_unit_id, period, period_type,
                 period_start, period_end, value, status, comment, definition_version, channel,
                 updated_by, updated_at) VALUES ",
            );
            for i in 0..chunk.len() {
                let b = i * 13;
                if i > 0 {
                    sql.push(',');
                }
                sql.push('(');
                for k in 1..=13 {
                    if k > 1 {
                        sql.push(',');
                    }
                    sql.push_str(&format!("${}", b + k));
                }
                sql.push(')');
            }
            sql.push_str(
                " ON CONFLICT (indicator_id, org_unit_id, period) DO UPDATE SET
                 value = excluded.value, status = excluded.status, comment = excluded.comment,
                 definition_version = excluded.definition_version, channel = excluded.channel,
                 updated_by = excluded.updated_by, updated_at = excluded.updated_at",
            );
            on_tx!(self, |c| {
                let mut q = sqlx::query(&sql);
                for v in chunk {
                    q = q
                        .bind(v.indicator_id)
                        .bind(v.org_unit_id)
                        .bind(v.period.to_string())
                        .bind(v.period.period_type().as_str())
                        .bind(v.period.start())
                        .bind(v.period.end())
                        .bind(v.value)
                        .bind(v.status.as_str())
                        .bind(&v.comment)
                        .bind(v.definition_version)
                        .bind(v.channel.as_str())
                        .bind(v.updated_by)
                        .bind(v.updated_at);
                }
                q.execute(&mut *c).await?;
            });
        }
        self.log_value_changes(
            values
                .iter()
                .map(|v| (v.indicator_id, v.org_unit_id, v.period)),
        )
        .await
    }

    /// Inserts or replaces targets.
    pub async fn upsert_targets(&mut self, targets: &[Target]) -> Result<()> {
        for chunk in targets.chunks(CHUNK) {
            let mut sql = String::from(
                "INSERT INTO targets (indicator_id, org_unit_id, period, value, tolerance) VALUES ",
            );
            for i in 0..chunk.len() {
                let b = i * 5;
                if i > 0 {
                    sql.push(',');
                }
                sql.push_str(&format!(
                    "(${},${},${},${},${})",
                    b + 1,
                    b + 2,
                    b + 3,
                    b + 4,
                    b + 5
                ));
            }
            sql.push_str(
                " ON CONFLICT (indicator_id, org_unit_id, period) DO UPDATE SET
                 value = excluded.value, tolerance = excluded.tolerance",
            );
            on_tx!(self, |c| {
                let mut q = sqlx::query(&sql);
                for t in chunk {
                    q = q
                        .bind(t.indicator_id)
                        .bind(t.org_unit_id)
                        .bind(t.period.to_string())
                        .bind(t.value)
                        .bind(t.tolerance);
                }
                q.execute(&mut *c).await?;
            });
        }
        Ok(())
    }
}

/// A target row.
fn target_of<R: RowGet>(r: &R) -> Result<Target> {
    let period = r.text("period")?;
    Ok(Target {
        indicator_id: r.i64("indicator_id")?,
        org_unit_id: r.i64("org_unit_id")?,
        period: Period::parse(&period)
            .map_err(|_| StoreError::Corrupt(format!("period «{period}»")))?,
        value: r.f64("value")?,
        tolerance: r.f64("tolerance")?,
    })
}

/// Helpers for `chiso bench`: PostgreSQL's own bulk load, the yardstick for imports.
impl Store {
    /// Deletes every stored value (benchmark databases only).
    pub async fn clear_values_for_bench(&self) -> Result<()> {
        on_backend!(self, |p| {
            sqlx::query("DELETE FROM data_values").execute(p).await?;
        });
        self.log_all_values_changed().await
    }

    /// Loads values with PostgreSQL's `COPY ... FROM STDIN (FORMAT csv)`: `csv` holds the
    /// table's columns in order (indicator, unit, period, period type, start, end, value,
    /// status, comment, definition version, channel, updated by, updated at), sent in
    /// pieces of 1 MiB. Returns the rows loaded. SQLite has no `COPY`.
    pub async fn copy_values_for_bench(&self, csv: &[u8]) -> Result<u64> {
        match self {
            Store::Postgres(p) => {
                use sqlx::postgres::PgPoolCopyExt;
                let mut copy = p
                    .copy_in_raw(
                        "COPY data_values (indicator_id, org_unit_id, period, period_type,
                         period_start, period_end, value, status, comment, definition_version,
                         channel, updated_by, updated_at) FROM STDIN (FORMAT csv)",
                    )
                    .await?;
                for piece in csv.chunks(1 << 20) {
                    copy.send(piece).await?;
                }
                let n = copy.finish().await?;
                self.log_all_values_changed().await?;
                Ok(n)
            }
            Store::Sqlite(_) => Err(StoreError::Unsupported("COPY (PostgreSQL only)".into())),
        }
    }
}

/// The upsert clause shared by the bulk writers.
const ON_CONFLICT_UPDATE: &str = " ON CONFLICT (indicator_id, org_unit_id, period) DO UPDATE SET
     value = excluded.value, status = excluded.status, comment = excluded.comment,
     definition_version = excluded.definition_version, channel = excluded.channel,
     updated_by = excluded.updated_by, updated_at = excluded.updated_at";

impl Tx {
    /// Inserts or replaces a large batch of values (an import's) in one statement: on
    /// SQLite the rows travel as one JSON array read with `json_each`, on PostgreSQL as
    /// one typed array per column read with `UNNEST`. Far fewer statements and binds
    /// than [`Tx::upsert_values`]; keys must be distinct within the batch.
    pub async fn upsert_values_bulk(&mut self, values: &[DataValue]) -> Result<()> {
        if values.is_empty() {
            return Ok(());
        }
        match self {
            Tx::Sqlite(t) => {
                // One statement per period of the batch: the period's own columns, and the
                // channel, author and time (the same for a whole import), are bound once;
                // only six fields per row are read out of the JSON, which is what costs
                // (13 fields per row: 107,000 values/s; 6: see `chiso bench import`).
                type Group<'a> = (Period, &'a str, Option<i64>, chrono::DateTime<chrono::Utc>);
                let mut by_period: std::collections::BTreeMap<Group, Vec<&DataValue>> =
                    std::collections::BTreeMap::new();
                for v in values {
                    by_period
                        .entry((v.period, v.channel.as_str(), v.updated_by, v.updated_at))
                        .or_default()
                        .push(v);
                }
                let sql = format!(
                    "INSERT INTO data_values (indicator_id, org_unit_id, value, status, comment,
                     definition_version, period, period_type, period_start, period_end,
                     channel, updated_by, updated_at)
                     SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5,
                            $2, $3, $4, $5, $6, $7, $8
                     FROM json_each($1) WHERE true{ON_CONFLICT_UPDATE}"
                );
                for ((period, channel, updated_by, updated_at), rows) in by_period {
                    let mut json = Vec::with_capacity(rows.len() * 120);
                    json.push(b'[');
                    for (i, v) in rows.iter().enumerate() {
                        if i > 0 {
                            json.push(b',');
                        }
                        let row = (
                            v.indicator_id,
                            v.org_unit_id,
                            v.value,
                            v.status.as_str(),
                            v.comment.as_deref(),
                            v.definition_version,
                        );
                        serde_json::to_writer(&mut json, &row)
                            .map_err(|e| StoreError::Corrupt(format!("value as JSON: {e}")))?;
                    }
                    json.push(b']');
                    let json = String::from_utf8(json)
                        .map_err(|e| StoreError::Corrupt(format!("value as JSON: {e}")))?;
                    sqlx::query(&sql)
                        .bind(json)
                        .bind(period.to_string())
                        .bind(period.period_type().as_str())
                        .bind(period.start())
                        .bind(period.end())
                        .bind(channel)
                        .bind(updated_by)
                        .bind(updated_at)
                        .execute(&mut **t)
                        .await?;
                }
            }
            Tx::Postgres(t) => {
                let sql = format!(
                    "INSERT INTO data_values (indicator_id, org_unit_id, period, period_type,
                     period_start, period_end, value, status, comment, definition_version,
                     channel, updated_by, updated_at)
                     SELECT * FROM UNNEST($1::int8[], $2::int8[], $3::text[], $4::text[],
                        $5::date[], $6::date[], $7::float8[], $8::text[], $9::text[],
                        $10::int4[], $11::text[], $12::int8[], $13::timestamptz[]){ON_CONFLICT_UPDATE}"
                );
                let col =
                    |f: &dyn Fn(&DataValue) -> String| values.iter().map(f).collect::<Vec<_>>();
                sqlx::query(&sql)
                    .bind(values.iter().map(|v| v.indicator_id).collect::<Vec<_>>())
                    .bind(values.iter().map(|v| v.org_unit_id).collect::<Vec<_>>())
                    .bind(col(&|v| v.period.to_string()))
                    .bind(col(&|v| v.period.period_type().as_str().to_string()))
                    .bind(values.iter().map(|v| v.period.start()).collect::<Vec<_>>())
                    .bind(values.iter().map(|v| v.period.end()).collect::<Vec<_>>())
                    .bind(values.iter().map(|v| v.value).collect::<Vec<_>>())
                    .bind(col(&|v| v.status.as_str().to_string()))
                    .bind(values.iter().map(|v| v.comment.clone()).collect::<Vec<_>>())
                    .bind(
                        values
                            .iter()
                            .map(|v| v.definition_version)
                            .collect::<Vec<_>>(),
                    )
                    .bind(col(&|v| v.channel.as_str().to_string()))
                    .bind(values.iter().map(|v| v.updated_by).collect::<Vec<_>>())
                    .bind(values.iter().map(|v| v.updated_at).collect::<Vec<_>>())
                    .execute(&mut **t)
                    .await?;
            }
        }
        self.log_value_changes(
            values
                .iter()
                .map(|v| (v.indicator_id, v.org_unit_id, v.period)),
        )
        .await
    }
}

/// Units bound in one `IN (...)` list: reads over more units are split, which keeps every
/// statement well under SQLite's and PostgreSQL's limits on bound parameters.
const UNITS_PER_QUERY: usize = 500;

/// A stored value as analytics hold it in memory (see [`Store::indicator_values`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeldValue {
    /// The unit.
    pub org_unit_id: OrgId,
    /// The period.
    pub period: Period,
    /// The value.
    pub value: f64,
    /// Its status (analytics of approved data count the settled ones).
    pub status: ValueStatus,
}

/// An earlier state of a value (see migration 0011: a trigger keeps each state a change
/// replaces).
#[derive(Debug, Clone, PartialEq)]
pub struct ValueState {
    /// The value.
    pub value: f64,
    /// Its status then.
    pub status: ValueStatus,
    /// Its comment then.
    pub comment: Option<String>,
    /// How it arrived.
    pub channel: ValueChannel,
    /// Who wrote the value (the reporter; status changes keep them).
    pub updated_by: Option<i64>,
    /// When it was written.
    pub updated_at: chrono::DateTime<chrono::Utc>,
    /// When a change replaced it.
    pub superseded_at: chrono::DateTime<chrono::Utc>,
}

impl Store {
    /// The earlier states of one value, oldest first (the current one is in
    /// `data_values`).
    pub async fn value_history(
        &self,
        indicator: IndicatorId,
        unit: OrgId,
        period: Period,
    ) -> Result<Vec<ValueState>> {
        on_backend!(self, |p| {
            let rows = sqlx::query(
                "SELECT value, status, comment, channel, updated_by, updated_at, superseded_at
                 FROM value_history WHERE indicator_id = $1 AND org_unit_id = $2 AND period = $3
                 ORDER BY id",
            )
            .bind(indicator)
            .bind(unit)
            .bind(period.to_string())
            .fetch_all(p)
            .await?;
            rows.iter()
                .map(|r| {
                    Ok(ValueState {
                        value: RowGet::f64(r, "value")?,
                        status: parse_named(
                            &RowGet::text(r, "status")?,
                            "value status",
                            ValueStatus::parse,
                        )?,
                        comment: RowGet::opt_text(r, "comment")?,
                        channel: parse_named(
                            &RowGet::text(r, "channel")?,
                            "channel",
                            ValueChannel::parse,
                        )?,
                        updated_by: RowGet::opt_i64(r, "updated_by")?,
                        updated_at: RowGet::time(r, "updated_at")?,
                        superseded_at: RowGet::time(r, "superseded_at")?,
                    })
                })
                .collect()
        })
    }
}
