//! The log of changes to data values (migration 0018): every write to `data_values` appends,
//! in its own transaction, the keys it touched, so that each process can bring the values it
//! holds in memory up to date — its own writes and those of every other process on the
//! same database — with one cheap query before it answers.

use crate::row::{Arg, RowGet, bind_args};
use crate::{Result, Store, StoreError, Tx, on_backend, on_tx};
use chiso_core::indicator::IndicatorId;
use chiso_core::org::OrgId;
use chiso_core::period::Period;

/// Above this many keys a write logs "everything changed" instead of the keys.
pub const MAX_LOGGED_KEYS: usize = 1000;

/// How many of the newest changes the log keeps. Every [`PRUNE_EVERY`]th write drops the
/// older ones; a process that had not caught up with them reads everything again (it sees
/// that the log starts after what it applied).
pub const KEEP_CHANGES: i64 = 100_000;

/// How often (in change numbers) the log is pruned.
pub const PRUNE_EVERY: i64 = 1000;

/// What one write changed.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueChange {
    /// These keys (indicator, unit, period).
    Keys(Vec<(IndicatorId, OrgId, Period)>),
    /// Too many to list, or unknown: read everything again.
    Everything,
}

impl Tx {
    /// Logs the keys a write touched (see [`MAX_LOGGED_KEYS`]).
    pub async fn log_value_changes(
        &mut self,
        keys: impl ExactSizeIterator<Item = (IndicatorId, OrgId, Period)>,
    ) -> Result<()> {
        if keys.len() == 0 {
            return Ok(());
        }
        let text = if keys.len() > MAX_LOGGED_KEYS {
            "*".to_string()
        } else {
            let list: Vec<(IndicatorId, OrgId, String)> =
                keys.map(|(i, o, p)| (i, o, p.to_string())).collect();
            serde_json::to_string(&list)
                .map_err(|e| StoreError::Corrupt(format!("value change: {e}")))?
        };
        let id = on_tx!(self, |c| {
            let r = sqlx::query("INSERT INTO value_changes (keys) VALUES ($1) RETURNING id")
                .bind(text)
                .fetch_one(&mut *c)
                .await?;
            RowGet::i64(&r, "id")?
        });
        if id % PRUNE_EVERY == 0 {
            self.prune_value_changes(id - KEEP_CHANGES).await?;
        }
        Ok(())
    }

    /// Drops the changes numbered `up_to` or lower.
    pub async fn prune_value_changes(&mut self, up_to: i64) -> Result<u64> {
        if up_to <= 0 {
            return Ok(0);
        }
        Ok(on_tx!(self, |c| {
            sqlx::query("DELETE FROM value_changes WHERE id <= $1")
                .bind(up_to)
                .execute(&mut *c)
                .await?
                .rows_affected()
        }))
    }
}

impl Store {
    /// Logs that every value may have changed (a write outside the usual paths).
    pub async fn log_all_values_changed(&self) -> Result<()> {
        on_backend!(self, |p| {
            sqlx::query("INSERT INTO value_changes (keys) VALUES ('*')")
                .execute(p)
                .await?;
        });
        Ok(())
    }

    /// The number of the newest change (0 when there is none).
    pub async fn last_value_change(&self) -> Result<i64> {
        on_backend!(self, |p| {
            let r = sqlx::query("SELECT COALESCE(MAX(id), 0) AS n FROM value_changes")
                .fetch_one(p)
                .await?;
            Ok(RowGet::i64(&r, "n")?)
        })
    }

    /// The number of the oldest change the log still holds (`None` when it is empty).
    pub async fn first_value_change(&self) -> Result<Option<i64>> {
        on_backend!(self, |p| {
            let r = sqlx::query("SELECT MIN(id) AS n FROM value_changes")
                .fetch_one(p)
                .await?;
            Ok(RowGet::opt_i64(&r, "n")?)
        })
    }

    /// The numbers of the changes after number `after`, in order. (On PostgreSQL numbers
    /// are taken before commit, so a lower number can appear after a higher one: callers
    /// look back a window of numbers, cheaply, with this query.)
    pub async fn value_change_ids_after(&self, after: i64) -> Result<Vec<i64>> {
        on_backend!(self, |p| {
            let rows = sqlx::query("SELECT id FROM value_changes WHERE id > $1 ORDER BY id")
                .bind(after)
                .fetch_all(p)
                .await?;
            rows.iter()
                .map(|r| Ok(RowGet::i64(r, "id")?))
                .collect::<Result<Vec<_>>>()
        })
    }

    /// The changes numbered `ids`, in order, with their numbers.
    pub async fn value_changes(&self, ids: &[i64]) -> Result<Vec<(i64, ValueChange)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut args = Vec::new();
        let list =
            crate::values::placeholders(&mut args, ids.iter().map(|i| Arg::I64(*i)).collect());
        let sql = format!("SELECT id, keys FROM value_changes WHERE id IN ({list}) ORDER BY id");
        let rows = on_backend!(self, |p| {
            let rows = bind_args!(sqlx::query(&sql), &args).fetch_all(p).await?;
            rows.iter()
                .map(|r| Ok((RowGet::i64(r, "id")?, RowGet::text(r, "keys")?)))
                .collect::<Result<Vec<_>>>()?
        });
        rows.into_iter()
            .map(|(id, text)| {
                if text == "*" {
                    return Ok((id, ValueChange::Everything));
                }
                let list: Vec<(IndicatorId, OrgId, String)> = serde_json::from_str(&text)
                    .map_err(|e| StoreError::Corrupt(format!("value change {id}: {e}")))?;
                let keys = list
                    .into_iter()
                    .map(|(i, o, p)| {
                        Period::parse(&p)
                            .map(|p| (i, o, p))
                            .map_err(|e| StoreError::Corrupt(format!("value change {id}: {e}")))
                    })
                    .collect::<Result<Vec<_>>>()?;
                Ok((id, ValueChange::Keys(keys)))
            })
            .collect()
    }
}
