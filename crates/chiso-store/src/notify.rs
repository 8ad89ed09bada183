//! Change notices between processes sharing one database. On PostgreSQL a notice is a
//! `NOTIFY` on a channel that every `chiso serve` process `LISTEN`s to, so that what one
//! process caches (the organisation tree) is reloaded by the others at once. SQLite is used
//! by one process only: notices are no-ops there.

use crate::{Result, Store};

/// A subscription to a channel's notices (PostgreSQL only).
pub struct Subscription(sqlx::postgres::PgListener);

impl std::fmt::Debug for Subscription {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Subscription")
    }
}

impl Subscription {
    /// Waits for the next notice. After a lost connection the listener reconnects; a
    /// notice sent meanwhile is lost, so callers should refresh after an error too.
    pub async fn next(&mut self) -> Result<()> {
        self.0.recv().await?;
        Ok(())
    }
}

impl Store {
    /// Tells the other processes that what `channel` names has changed.
    pub async fn notify(&self, channel: &str) -> Result<()> {
        if let Store::Postgres(p) = self {
            sqlx::query("SELECT pg_notify($1, '')")
                .bind(channel)
                .execute(p)
                .await?;
        }
        Ok(())
    }

    /// Listens to `channel`; `None` on SQLite (nothing to listen to).
    pub async fn subscribe(&self, channel: &str) -> Result<Option<Subscription>> {
        match self {
            Store::Postgres(p) => {
                let mut l = sqlx::postgres::PgListener::connect_with(p).await?;
                l.listen(channel).await?;
                Ok(Some(Subscription(l)))
            }
            Store::Sqlite(_) => Ok(None),
        }
    }
}
