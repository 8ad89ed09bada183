//! The hash-chained audit trail. Appending locks the chain's head so concurrent
//! writers on PostgreSQL cannot fork it; SQLite serialises writers anyway.

use crate::row::RowGet;
use crate::{Result, Store, Tx, on_backend, on_tx};
use chiso_core::audit::{AuditEvent, GENESIS_HASH, NewAuditEvent, chain_hash};

const COLUMNS: &str = "id, at, actor_id, action, entity, entity_code, detail, prev_hash, hash";

fn event_from_row(r: &dyn RowGet) -> Result<AuditEvent> {
    Ok(AuditEvent {
        id: r.i64("id")?,
        at: r.time("at")?,
        actor_id: r.opt_i64("actor_id")?,
        action: r.text("action")?,
        entity: r.text("entity")?,
        entity_code: r.text("entity_code")?,
        detail: r.text("detail")?,
        prev_hash: r.text("prev_hash")?,
        hash: r.text("hash")?,
    })
}

impl Store {
    /// Every audit event in order (for `chiso audit verify`).
    pub async fn audit_events(&self) -> Result<Vec<AuditEvent>> {
        let sql = format!("SELECT {COLUMNS} FROM audit_events ORDER BY id");
        on_backend!(self, |p| {
            let rows = sqlx::query(&sql).fetch_all(p).await?;
            rows.iter().map(|r| event_from_row(r)).collect()
        })
    }

    /// Whether any event with this action was ever recorded (e.g. `demo.load`).
    pub async fn audit_has_action(&self, action: &str) -> Result<bool> {
        on_backend!(self, |p| {
            let r = sqlx::query("SELECT 1 AS one FROM audit_events WHERE action = $1 LIMIT 1")
                .bind(action)
                .fetch_optional(p)
                .await?;
            Ok(r.is_some())
        })
    }

    /// The latest `limit` events about one object, newest first.
    pub async fn audit_for(&self, entity: &str, code: &str, limit: i64) -> Result<Vec<AuditEvent>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM audit_events WHERE entity = $1 AND entity_code = $2
             ORDER BY id DESC LIMIT $3"
        );
        on_backend!(self, |p| {
            let rows = sqlx::query(&sql)
                .bind(entity)
                .bind(code)
                .bind(limit)
                .fetch_all(p)
                .await?;
            rows.iter().map(|r| event_from_row(r)).collect()
        })
    }
}

impl Tx {
    /// Appends an event to the chain inside this transaction.
    pub async fn append_audit(&mut self, e: &NewAuditEvent) -> Result<AuditEvent> {
        if let Tx::Postgres(t) = self {
            sqlx::query("LOCK TABLE audit_events IN EXCLUSIVE MODE")
                .execute(&mut **t)
                .await?;
        }
        let prev = on_tx!(self, |c| {
            match sqlx::query("SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1")
                .fetch_optional(&mut *c)
                .await?
            {
                Some(r) => RowGet::text(&r, "hash")?,
                None => GENESIS_HASH.to_string(),
            }
        });
        let hash = chain_hash(&prev, e);
        let sql = format!(
            "INSERT INTO audit_events (at, actor_id, action, entity, entity_code, detail, prev_hash, hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING {COLUMNS}"
        );
        on_tx!(self, |c| {
            let r = sqlx::query(&sql)
                .bind(e.at)
                .bind(e.actor_id)
                .bind(&e.action)
                .bind(&e.entity)
                .bind(&e.entity_code)
                .bind(&e.detail)
                .bind(&prev)
                .bind(&hash)
                .fetch_one(&mut *c)
                .await?;
            event_from_row(&r)
        })
    }
}
