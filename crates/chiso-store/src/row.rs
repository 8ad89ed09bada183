//! Reading columns from either backend's rows through one small trait.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Row;
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;

/// Typed column access shared by SQLite and PostgreSQL rows, so row mappers are written once.
pub(crate) trait RowGet {
    fn i64(&self, c: &str) -> Result<i64, sqlx::Error>;
    fn opt_i64(&self, c: &str) -> Result<Option<i64>, sqlx::Error>;
    fn i32(&self, c: &str) -> Result<i32, sqlx::Error>;
    fn f64(&self, c: &str) -> Result<f64, sqlx::Error>;
    fn text(&self, c: &str) -> Result<String, sqlx::Error>;
    fn opt_text(&self, c: &str) -> Result<Option<String>, sqlx::Error>;
    fn opt_date(&self, c: &str) -> Result<Option<NaiveDate>, sqlx::Error>;
    fn date(&self, c: &str) -> Result<NaiveDate, sqlx::Error>;
    fn opt_f64(&self, c: &str) -> Result<Option<f64>, sqlx::Error>;
    fn time(&self, c: &str) -> Result<DateTime<Utc>, sqlx::Error>;
    fn opt_time(&self, c: &str) -> Result<Option<DateTime<Utc>>, sqlx::Error>;
    fn bool(&self, c: &str) -> Result<bool, sqlx::Error>;
}

macro_rules! impl_row_get {
    ($t:ty) => {
        impl RowGet for $t {
            fn i64(&self, c: &str) -> Result<i64, sqlx::Error> {
                self.try_get(c)
            }
            fn opt_i64(&self, c: &str) -> Result<Option<i64>, sqlx::Error> {
                self.try_get(c)
            }
            fn i32(&self, c: &str) -> Result<i32, sqlx::Error> {
                self.try_get(c)
            }
            fn f64(&self, c: &str) -> Result<f64, sqlx::Error> {
                self.try_get(c)
            }
            fn text(&self, c: &str) -> Result<String, sqlx::Error> {
                self.try_get(c)
            }
            fn opt_text(&self, c: &str) -> Result<Option<String>, sqlx::Error> {
                self.try_get(c)
            }
            fn opt_date(&self, c: &str) -> Result<Option<NaiveDate>, sqlx::Error> {
                self.try_get(c)
            }
            fn date(&self, c: &str) -> Result<NaiveDate, sqlx::Error> {
                self.try_get(c)
            }
            fn opt_f64(&self, c: &str) -> Result<Option<f64>, sqlx::Error> {
                self.try_get(c)
            }
            fn time(&self, c: &str) -> Result<DateTime<Utc>, sqlx::Error> {
                self.try_get(c)
            }
            fn opt_time(&self, c: &str) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
                self.try_get(c)
            }
            fn bool(&self, c: &str) -> Result<bool, sqlx::Error> {
                self.try_get(c)
            }
        }
    };
}
impl_row_get!(SqliteRow);
impl_row_get!(PgRow);

/// A bind argument for queries built at run time (filters).
#[derive(Debug, Clone)]
pub(crate) enum Arg {
    I64(i64),
    Text(String),
    Date(NaiveDate),
}

/// Binds every argument in order onto a query of either backend.
macro_rules! bind_args {
    ($q:expr, $args:expr) => {{
        let mut q = $q;
        for a in $args {
            q = match a {
                $crate::row::Arg::I64(v) => q.bind(*v),
                $crate::row::Arg::Text(v) => q.bind(v.clone()),
                $crate::row::Arg::Date(v) => q.bind(*v),
            };
        }
        q
    }};
}
pub(crate) use bind_args;

/// Turns a stored enum name back into its type, or reports corrupt data.
pub(crate) fn parse_named<T>(
    s: &str,
    what: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<T, crate::StoreError> {
    parse(s).ok_or_else(|| crate::StoreError::Corrupt(format!("{what}: «{s}»")))
}
