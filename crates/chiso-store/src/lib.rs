//! Persistence for Chiso on SQLite (embedded default) and PostgreSQL (production).
//!
//! The only crate that speaks SQL. Each query is written once with `$N` placeholders,
//! which both drivers accept, and run on whichever pool [`Store`] holds; the few places
//! where the dialects differ branch on [`Backend`].

mod audit;
mod changes;
mod evidence;
mod explanations;
mod indicators;
mod indices;
mod mappings;
mod notify;
mod org;
mod row;
mod sets;
mod task_files;
mod tasks;
#[cfg(feature = "testing")]
pub mod testing;
mod unlock;
mod users;
mod validation;
mod values;

pub use changes::{MAX_LOGGED_KEYS, ValueChange};
pub use evidence::EvidenceRow;
pub use explanations::{ExplanationMessage, ExplanationRow};
pub use indicators::{IndicatorFilter, IndicatorRow, ScreeningDecision};
pub use indices::{CriterionNote, IndexScoreRow, MethodologyRow};
pub use notify::Subscription;
pub use org::NewOrgUnit;
pub use sets::{SetMemberRow, SetRow, SetVersionRow};
pub use task_files::TaskFileRow;
pub use tasks::{ResolutionRow, TaskRow, TaskUpdateRow};
pub use unlock::UnlockRow;
pub use users::{NewUser, UserRecord};
pub use values::{HeldValue, ValueQuery, ValueState};

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, Postgres, Sqlite, SqlitePool, Transaction};
use std::str::FromStr;
use std::time::Duration;

/// Runs `$body` with `$p` bound to the concrete pool or connection of either backend.
/// The body is compiled once per backend, so the same query code serves both.
macro_rules! on_backend {
    ($target:expr, |$p:ident| $body:expr) => {
        match $target {
            $crate::Store::Sqlite($p) => $body,
            $crate::Store::Postgres($p) => $body,
        }
    };
}
/// Like [`on_backend`] for a transaction: `$c` is the transaction's connection.
macro_rules! on_tx {
    ($tx:expr, |$c:ident| $body:expr) => {
        match $tx {
            $crate::Tx::Sqlite(t) => {
                let $c = &mut **t;
                $body
            }
            $crate::Tx::Postgres(t) => {
                let $c = &mut **t;
                $body
            }
        }
    };
}
pub(crate) use on_backend;
pub(crate) use on_tx;

/// Which database engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// Embedded SQLite file.
    Sqlite,
    /// PostgreSQL server.
    Postgres,
}

impl Backend {
    /// Short name for logs and test output.
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database URL is not one Chiso understands.
    #[error("unsupported database URL (use sqlite:PATH or postgres://...): {0}")]
    BadUrl(String),
    /// A unique constraint refused a row.
    #[error("duplicate value for {0}")]
    Duplicate(String),
    /// A row refers to another that does not exist.
    #[error("reference to a missing row: {0}")]
    MissingReference(String),
    /// The row asked for does not exist.
    #[error("not found: {0}")]
    NotFound(String),
    /// Stored data could not be turned back into domain types.
    #[error("corrupt stored data: {0}")]
    Corrupt(String),
    /// The operation does not exist on this backend.
    #[error("not available on this database: {0}")]
    Unsupported(String),
    /// Migrations failed.
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// Any other database error.
    #[error("database error: {0}")]
    Db(sqlx::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if let sqlx::Error::Database(d) = &e {
            let what = d
                .constraint()
                .map(str::to_string)
                .unwrap_or_else(|| d.message().to_string());
            if d.is_unique_violation() {
                return StoreError::Duplicate(what);
            }
            if d.is_foreign_key_violation() {
                return StoreError::MissingReference(what);
            }
        }
        StoreError::Db(e)
    }
}

/// Result of a store call.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A connection pool to one of the two backends.
#[derive(Debug, Clone)]
pub enum Store {
    /// SQLite.
    Sqlite(SqlitePool),
    /// PostgreSQL.
    Postgres(PgPool),
}

/// An open transaction; dropped without [`Tx::commit`] it rolls back.
#[derive(Debug)]
pub enum Tx {
    /// On SQLite.
    Sqlite(Transaction<'static, Sqlite>),
    /// On PostgreSQL.
    Postgres(Transaction<'static, Postgres>),
}

impl Tx {
    /// Commits the transaction.
    pub async fn commit(self) -> Result<()> {
        match self {
            Tx::Sqlite(t) => t.commit().await?,
            Tx::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }

    /// Rolls the transaction back (dropping it does too; this says so and waits).
    pub async fn rollback(self) -> Result<()> {
        match self {
            Tx::Sqlite(t) => t.rollback().await?,
            Tx::Postgres(t) => t.rollback().await?,
        }
        Ok(())
    }

    /// The backend of the transaction.
    pub fn backend(&self) -> Backend {
        match self {
            Tx::Sqlite(_) => Backend::Sqlite,
            Tx::Postgres(_) => Backend::Postgres,
        }
    }
}

impl Store {
    /// Connects to `url`: `sqlite:PATH` (created if missing; WAL, foreign keys on) or
    /// `postgres://...`. A bare path is taken as a SQLite file.
    pub async fn connect(url: &str) -> Result<Store> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let opts =
                PgConnectOptions::from_str(url).map_err(|_| StoreError::BadUrl(url.into()))?;
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(opts)
                .await?;
            return Ok(Store::Postgres(pool));
        }
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .unwrap_or(url);
        if path.contains("://") {
            return Err(StoreError::BadUrl(url.into()));
        }
        let opts = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            // Page cache per connection, in KiB (negative = KiB): 64 MiB keeps the values
            // table's indexes in memory while a large import writes. Pages are allocated
            // only as used.
            .pragma("cache_size", "-65536")
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(opts)
            .await?;
        Ok(Store::Sqlite(pool))
    }

    /// Applies pending migrations for this backend.
    pub async fn migrate(&self) -> Result<()> {
        match self {
            Store::Sqlite(p) => sqlx::migrate!("./migrations/sqlite").run(p).await?,
            Store::Postgres(p) => sqlx::migrate!("./migrations/postgres").run(p).await?,
        }
        Ok(())
    }

    /// The backend.
    pub fn backend(&self) -> Backend {
        match self {
            Store::Sqlite(_) => Backend::Sqlite,
            Store::Postgres(_) => Backend::Postgres,
        }
    }

    /// Answers whether the database responds.
    pub async fn ping(&self) -> Result<()> {
        on_backend!(self, |p| {
            sqlx::query("SELECT 1").execute(p).await?;
        });
        Ok(())
    }

    /// Starts a transaction.
    pub async fn begin(&self) -> Result<Tx> {
        Ok(match self {
            Store::Sqlite(p) => Tx::Sqlite(p.begin().await?),
            Store::Postgres(p) => Tx::Postgres(p.begin().await?),
        })
    }

    /// Closes the pool.
    pub async fn close(&self) {
        on_backend!(self, |p| p.close().await)
    }
}
