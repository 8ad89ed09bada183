//! Users, role grants, sessions and API tokens. Only hashes of secrets are stored.

use crate::row::{RowGet, parse_named};
use crate::{Result, Store, Tx, on_backend, on_tx};
use chiso_core::access::{Grant, Role};
use chrono::{DateTime, Utc};

/// A user as stored, with the password hash (never leaves the app layer).
#[derive(Debug, Clone, PartialEq)]
pub struct UserRecord {
    /// Key.
    pub id: i64,
    /// Login name.
    pub username: String,
    /// Full name.
    pub full_name: String,
    /// PHC string of the argon2 hash.
    pub password_hash: String,
    /// Preferred locale.
    pub locale: String,
    /// Whether the account may sign in.
    pub active: bool,
}

/// A user to create.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// Login name.
    pub username: String,
    /// Full name.
    pub full_name: String,
    /// PHC string of the argon2 hash.
    pub password_hash: String,
    /// Preferred locale.
    pub locale: String,
}

const USER_COLUMNS: &str = "id, username, full_name, password_hash, locale, active";

fn user_from_row(r: &dyn RowGet) -> Result<UserRecord> {
    Ok(UserRecord {
        id: r.i64("id")?,
        username: r.text("username")?,
        full_name: r.text("full_name")?,
        password_hash: r.text("password_hash")?,
        locale: r.text("locale")?,
        active: r.bool("active")?,
    })
}

impl Store {
    /// Number of users.
    pub async fn user_count(&self) -> Result<i64> {
        on_backend!(self, |p| {
            let r = sqlx::query("SELECT COUNT(*) AS n FROM users")
                .fetch_one(p)
                .await?;
            Ok(RowGet::i64(&r, "n")?)
        })
    }

    /// Number of users holding `role` anywhere.
    pub async fn role_holder_count(&self, role: Role) -> Result<i64> {
        let sql = "SELECT COUNT(DISTINCT user_id) AS n FROM role_grants WHERE role = $1";
        on_backend!(self, |p| {
            let r = sqlx::query(sql).bind(role.as_str()).fetch_one(p).await?;
            Ok(RowGet::i64(&r, "n")?)
        })
    }

    /// The user with this login name.
    pub async fn user_by_username(&self, username: &str) -> Result<Option<UserRecord>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE username = $1");
        on_backend!(self, |p| {
            match sqlx::query(&sql).bind(username).fetch_optional(p).await? {
                Some(r) => Ok(Some(user_from_row(&r)?)),
                None => Ok(None),
            }
        })
    }

    /// The user with this key.
    pub async fn user_by_id(&self, id: i64) -> Result<Option<UserRecord>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
        on_backend!(self, |p| {
            match sqlx::query(&sql).bind(id).fetch_optional(p).await? {
                Some(r) => Ok(Some(user_from_row(&r)?)),
                None => Ok(None),
            }
        })
    }

    /// Roles granted to a user.
    pub async fn grants(&self, user_id: i64) -> Result<Vec<Grant>> {
        let sql = "SELECT role, org_unit_id FROM role_grants WHERE user_id = $1 ORDER BY role, org_unit_id";
        on_backend!(self, |p| {
            let rows = sqlx::query(sql).bind(user_id).fetch_all(p).await?;
            rows.iter()
                .map(|r| {
                    Ok(Grant {
                        role: parse_named(&RowGet::text(r, "role")?, "role", Role::parse)?,
                        org_unit_id: RowGet::i64(r, "org_unit_id")?,
                    })
                })
                .collect()
        })
    }

    /// The user of a live session, by the hash of its token.
    pub async fn session_user(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<i64>> {
        let sql = "SELECT s.user_id FROM sessions s JOIN users u ON u.id = s.user_id
                   WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active";
        on_backend!(self, |p| {
            match sqlx::query(sql)
                .bind(token_hash)
                .bind(now)
                .fetch_optional(p)
                .await?
            {
                Some(r) => Ok(Some(RowGet::i64(&r, "user_id")?)),
                None => Ok(None),
            }
        })
    }

    /// The user of an API token, by the hash of the token.
    pub async fn token_user(&self, token_hash: &str) -> Result<Option<i64>> {
        let sql = "SELECT t.user_id FROM api_tokens t JOIN users u ON u.id = t.user_id
                   WHERE t.token_hash = $1 AND u.active";
        on_backend!(self, |p| {
            match sqlx::query(sql).bind(token_hash).fetch_optional(p).await? {
                Some(r) => Ok(Some(RowGet::i64(&r, "user_id")?)),
                None => Ok(None),
            }
        })
    }

    /// Creates a session.
    pub async fn insert_session(
        &self,
        token_hash: &str,
        user_id: i64,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<()> {
        let sql = "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)";
        on_backend!(self, |p| {
            sqlx::query(sql)
                .bind(token_hash)
                .bind(user_id)
                .bind(now)
                .bind(expires_at)
                .execute(p)
                .await?;
        });
        Ok(())
    }

    /// Removes sessions that have expired; returns how many.
    pub async fn delete_expired_sessions(&self, now: DateTime<Utc>) -> Result<u64> {
        on_backend!(self, |p| {
            let r = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
                .bind(now)
                .execute(p)
                .await?;
            Ok(r.rows_affected())
        })
    }

    /// Ends a session.
    pub async fn delete_session(&self, token_hash: &str) -> Result<()> {
        on_backend!(self, |p| {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                .bind(token_hash)
                .execute(p)
                .await?;
        });
        Ok(())
    }
}

impl Tx {
    /// Creates a user.
    pub async fn insert_user(&mut self, u: &NewUser, now: DateTime<Utc>) -> Result<UserRecord> {
        let sql = format!(
            "INSERT INTO users (username, full_name, password_hash, locale, active, created_at)
             VALUES ($1, $2, $3, $4, TRUE, $5) RETURNING {USER_COLUMNS}"
        );
        on_tx!(self, |c| {
            let r = sqlx::query(&sql)
                .bind(&u.username)
                .bind(&u.full_name)
                .bind(&u.password_hash)
                .bind(&u.locale)
                .bind(now)
                .fetch_one(&mut *c)
                .await?;
            user_from_row(&r)
        })
    }

    /// Grants a role on a unit (idempotent).
    pub async fn insert_grant(&mut self, user_id: i64, g: Grant) -> Result<()> {
        let sql = "INSERT INTO role_grants (user_id, role, org_unit_id) VALUES ($1, $2, $3)
                   ON CONFLICT DO NOTHING";
        on_tx!(self, |c| {
            sqlx::query(sql)
                .bind(user_id)
                .bind(g.role.as_str())
                .bind(g.org_unit_id)
                .execute(&mut *c)
                .await?;
        });
        Ok(())
    }

    /// Stores an API token's hash.
    pub async fn insert_api_token(
        &mut self,
        user_id: i64,
        name: &str,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let sql = "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4)";
        on_tx!(self, |c| {
            sqlx::query(sql)
                .bind(user_id)
                .bind(name)
                .bind(token_hash)
                .bind(now)
                .execute(&mut *c)
                .await?;
        });
        Ok(())
    }
}
