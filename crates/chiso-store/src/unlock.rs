//! Unlock requests for approved values, and reading and setting values by status (the
//! approval queue).

use crate::row::RowGet;
use crate::{Result, Store, StoreError, Tx, on_backend, on_tx};
use chiso_core::indicator::IndicatorId;
use chiso_core::org::OrgId;
use chiso_core::period::Period;
use chiso_core::value::ValueStatus;
use chrono::{DateTime, Utc};

/// A request to unlock one approved value.
#[derive(Debug, Clone, PartialEq)]
pub struct UnlockRow {
    /// Key.
    pub id: i64,
    /// The value's indicator.
    pub indicator_id: IndicatorId,
    /// The value's unit.
    pub org_unit_id: OrgId,
    /// The value's period.
    pub period: Period,
    /// Why it must change.
    pub reason: String,
    /// Who asked.
    pub requested_by: Option<i64>,
    /// When.
    pub requested_at: DateTime<Utc>,
    /// `pending`, `granted` or `refused`.
    pub state: String,
    /// Who decided.
    pub decided_by: Option<i64>,
    /// When.
    pub decided_at: Option<DateTime<Utc>>,
    /// The approver's note.
    pub decision_note: Option<String>,
}

const COLUMNS: &str = "id, indicator_id, org_unit_id, period, reason, requested_by, requested_at, \
    state, decided_by, decided_at, decision_note";

fn unlock_of<R: RowGet>(r: &R) -> Result<UnlockRow> {
    let period = r.text("period")?;
    Ok(UnlockRow {
        id: r.i64("id")?,
        indicator_id: r.i64("indicator_id")?,
        org_unit_id: r.i64("org_unit_id")?,
        period: Period::parse(&period)
            .map_err(|_| StoreError::Corrupt(format!("period «{period}»")))?,
        reason: r.text("reason")?,
        requested_by: r.opt_i64("requested_by")?,
        requested_at: r.time("requested_at")?,
        state: r.text("state")?,
        decided_by: r.opt_i64("decided_by")?,
        decided_at: r.opt_time("decided_at")?,
        decision_note: r.opt_text("decision_note")?,
    })
}

impl Store {
    /// Unlock requests, newest first: only the pending ones, or all.
    pub async fn unlock_requests(&self, pending_only: bool) -> Result<Vec<UnlockRow>> {
        let filter = if pending_only {
            " WHERE state = 'pending'"
        } else {
            ""
        };
        let sql = format!("SELECT {COLUMNS} FROM unlock_requests{filter} ORDER BY id DESC");
        on_backend!(self, |p| {
            let rows = sqlx::query(&sql).fetch_all(p).await?;
            rows.iter().map(unlock_of).collect()
        })
    }

    /// One unlock request.
    pub async fn unlock_request(&self, id: i64) -> Result<Option<UnlockRow>> {
        let sql = format!("SELECT {COLUMNS} FROM unlock_requests WHERE id = $1");
        on_backend!(self, |p| {
            let row = sqlx::query(&sql).bind(id).fetch_optional(p).await?;
            row.as_ref().map(unlock_of).transpose()
        })
    }

    /// The keys of stored values with a status (e.g. the submitted ones awaiting approval),
    /// of the indicators in `only` when given (an empty list gives nothing).
    pub async fn value_keys_with_status(
        &self,
        status: ValueStatus,
        only: Option<&[IndicatorId]>,
    ) -> Result<Vec<(IndicatorId, OrgId, Period)>> {
        let mut args = vec![crate::row::Arg::Text(status.as_str().into())];
        let sql = match only {
            Some([]) => return Ok(Vec::new()),
            Some(ids) => {
                let list = crate::values::placeholders(
                    &mut args,
                    ids.iter().map(|i| crate::row::Arg::I64(*i)).collect(),
                );
                format!(
                    "SELECT indicator_id, org_unit_id, period FROM data_values
                     WHERE status = $1 AND indicator_id IN ({list})"
                )
            }
            None => "SELECT indicator_id, org_unit_id, period FROM data_values WHERE status = $1"
                .to_string(),
        };
        on_backend!(self, |p| {
            let rows = crate::row::bind_args!(sqlx::query(&sql), &args)
                .fetch_all(p)
                .await?;
            rows.iter().map(|r| crate::values::value_key(r)).collect()
        })
    }
}

impl Tx {
    /// Records a new pending request; a second open request for the same value is a
    /// duplicate.
    pub async fn insert_unlock_request(&mut self, r: &UnlockRow) -> Result<i64> {
        let id = on_tx!(self, |c| {
            let row = sqlx::query(
                "INSERT INTO unlock_requests (indicator_id, org_unit_id, period, reason,
                 requested_by, requested_at, state) VALUES ($1, $2, $3, $4, $5, $6, 'pending')
                 RETURNING id",
            )
            .bind(r.indicator_id)
            .bind(r.org_unit_id)
            .bind(r.period.to_string())
            .bind(&r.reason)
            .bind(r.requested_by)
            .bind(r.requested_at)
            .fetch_one(&mut *c)
            .await?;
            RowGet::i64(&row, "id")?
        });
        Ok(id)
    }

    /// Closes a pending request as `granted` or `refused`; false if it was not pending.
    pub async fn decide_unlock_request(
        &mut self,
        id: i64,
        state: &str,
        by: i64,
        at: DateTime<Utc>,
        note: Option<&str>,
    ) -> Result<bool> {
        let n = on_tx!(self, |c| {
            sqlx::query(
                "UPDATE unlock_requests SET state = $2, decided_by = $3, decided_at = $4,
                 decision_note = $5 WHERE id = $1 AND state = 'pending'",
            )
            .bind(id)
            .bind(state)
            .bind(by)
            .bind(at)
            .bind(note)
            .execute(&mut *c)
            .await?
            .rows_affected()
        });
        Ok(n > 0)
    }

    /// Sets the status of one stored value, keeping who entered it and when; false if
    /// there is no such value.
    pub async fn set_value_status(
        &mut self,
        key: (IndicatorId, OrgId, Period),
        status: ValueStatus,
    ) -> Result<bool> {
        let n = on_tx!(self, |c| {
            sqlx::query(
                "UPDATE data_values SET status = $4
                 WHERE indicator_id = $1 AND org_unit_id = $2 AND period = $3",
            )
            .bind(key.0)
            .bind(key.1)
            .bind(key.2.to_string())
            .bind(status.as_str())
            .execute(&mut *c)
            .await?
            .rows_affected()
        });
        if n > 0 {
            self.log_value_changes(std::iter::once(key)).await?;
        }
        Ok(n > 0)
    }
}
