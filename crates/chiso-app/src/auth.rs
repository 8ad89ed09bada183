//! Accounts: password hashing (argon2), sessions and API tokens (only hashes stored),
//! the first admin, and resolving a caller to a [`Principal`].

use crate::{App, AppError, AppResult, ErrorKind, Problem, now};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use chiso_core::access::{Action, Grant, Principal, Role};
use chiso_core::audit::NewAuditEvent;
use chiso_core::org::OrgId;
use chiso_store::NewUser;
use rand::RngCore;
use rand::rngs::OsRng;
use sha2::{Digest, Sha256};

/// How long a page session lasts.
pub const SESSION_DAYS: i64 = 7;

/// Hashes a password as an argon2id PHC string.
pub fn hash_password(password: &str) -> AppResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(format!("hash: {e}")))
}

fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A fresh random secret (32 bytes, hex), for session cookies, API tokens and passwords.
pub fn random_secret() -> String {
    let mut b = [0u8; 32];
    OsRng.fill_bytes(&mut b);
    hex::encode(b)
}

/// SHA-256 of a secret, hex: what the store keeps instead of the secret.
pub fn secret_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// A user to create, with the roles to grant (org units by code).
#[derive(Debug, Clone)]
pub struct UserSpec {
    /// Login name.
    pub username: String,
    /// Full name.
    pub full_name: String,
    /// Password in clear (hashed before storing).
    pub password: String,
    /// Roles and the org unit codes they are granted on.
    pub grants: Vec<(Role, String)>,
}

impl App {
    /// Signs in with a password; returns the new session token (to put in a cookie).
    pub async fn login(&self, username: &str, password: &str) -> AppResult<String> {
        let user = self.store.user_by_username(username.trim()).await?;
        let ok = match &user {
            Some(u) => u.active && verify_password(password, &u.password_hash),
            None => {
                // Spend the same time as a real check so names cannot be probed by timing.
                let _ = verify_password(password, DUMMY_HASH);
                false
            }
        };
        let user = match (ok, user) {
            (true, Some(u)) => u,
            _ => {
                return Err(
                    Problem::new(ErrorKind::Unauthenticated, "auth.bad_credentials").into(),
                );
            }
        };
        let token = random_secret();
        let t = now();
        self.store.delete_expired_sessions(t).await?;
        self.store
            .insert_session(
                &secret_hash(&token),
                user.id,
                t,
                t + chrono::Duration::days(SESSION_DAYS),
            )
            .await?;
        Ok(token)
    }

    /// Ends a session.
    pub async fn logout(&self, token: &str) -> AppResult<()> {
        Ok(self.store.delete_session(&secret_hash(token)).await?)
    }

    /// The caller behind a session token, if the session is live.
    pub async fn principal_for_session(&self, token: &str) -> AppResult<Option<Principal>> {
        match self.store.session_user(&secret_hash(token), now()).await? {
            Some(id) => self.principal(id).await,
            None => Ok(None),
        }
    }

    /// The caller behind an API bearer token.
    pub async fn principal_for_token(&self, token: &str) -> AppResult<Option<Principal>> {
        match self.store.token_user(&secret_hash(token)).await? {
            Some(id) => self.principal(id).await,
            None => Ok(None),
        }
    }

    /// The caller acting as a named user, for the command line (which runs on the server
    /// with the operator's trust); `None` when there is no such user.
    pub async fn principal_for_username(&self, username: &str) -> AppResult<Option<Principal>> {
        match self.store.user_by_username(username).await? {
            Some(u) => self.principal(u.id).await,
            None => Ok(None),
        }
    }

    /// A user's full name, or empty for no user (or one since removed).
    pub(crate) async fn full_name(&self, user: Option<i64>) -> AppResult<String> {
        let Some(id) = user else {
            return Ok(String::new());
        };
        Ok(self
            .store
            .user_by_id(id)
            .await?
            .map(|u| u.full_name)
            .unwrap_or_default())
    }

    async fn principal(&self, user_id: i64) -> AppResult<Option<Principal>> {
        let Some(u) = self.store.user_by_id(user_id).await? else {
            return Ok(None);
        };
        Ok(Some(Principal {
            user_id: u.id,
            username: u.username,
            full_name: u.full_name,
            locale: u.locale,
            grants: self.store.grants(user_id).await?,
        }))
    }

    /// Creates an API token for the caller; returns the token (shown once).
    pub async fn create_api_token(&self, who: &Principal, name: &str) -> AppResult<String> {
        let token = format!("chiso_{}", random_secret());
        let mut tx = self.store.begin().await?;
        tx.insert_api_token(who.user_id, name, &secret_hash(&token), now())
            .await?;
        tx.append_audit(&audit(
            Some(who.user_id),
            "token.create",
            "user",
            &who.username,
            name,
        ))
        .await?;
        tx.commit().await?;
        Ok(token)
    }

    /// Creates a user with roles, without a permission check (CLI, bootstrap, demo).
    pub async fn create_user_unchecked(&self, spec: &UserSpec) -> AppResult<i64> {
        let tree = self.tree();
        let mut grants = Vec::new();
        for (role, code) in &spec.grants {
            let unit = tree.by_code(code).ok_or_else(|| {
                Problem::new(ErrorKind::NotFound, "org.unknown")
                    .field("org_unit")
                    .arg("code", code)
            })?;
            grants.push(Grant {
                role: *role,
                org_unit_id: unit.id,
            });
        }
        let username = spec.username.trim();
        if username.is_empty() || username.len() > 64 {
            return Err(Problem::invalid("user.bad_username")
                .field("username")
                .into());
        }
        let hash = hash_password(&spec.password)?;
        let mut tx = self.store.begin().await?;
        let u = tx
            .insert_user(
                &NewUser {
                    username: username.to_string(),
                    full_name: chiso_core::text::nfc(spec.full_name.trim()),
                    password_hash: hash,
                    locale: "vi".into(),
                },
                now(),
            )
            .await?;
        for g in &grants {
            tx.insert_grant(u.id, *g).await?;
        }
        let detail = serde_json::json!({ "grants": spec.grants.iter().map(|(r, c)| format!("{r}@{c}")).collect::<Vec<_>>() });
        tx.append_audit(&audit(
            None,
            "user.create",
            "user",
            username,
            &detail.to_string(),
        ))
        .await?;
        tx.commit().await?;
        Ok(u.id)
    }

    /// Creates a user if the caller administers every unit the roles are granted on.
    pub async fn create_user(&self, who: &Principal, spec: &UserSpec) -> AppResult<i64> {
        let tree = self.tree();
        for (_, code) in &spec.grants {
            if let Some(u) = tree.by_code(code) {
                require(who, Action::Administer, u.id, &tree)?;
            }
        }
        self.create_user_unchecked(spec).await
    }

    /// On a database without an administrator: creates `admin` with the Admin role on
    /// every root unit (creating a placeholder province if there is none). Returns the
    /// password when it was generated (to print once); `None` if an administrator exists.
    pub async fn bootstrap_admin(&self, password: Option<String>) -> AppResult<Option<String>> {
        if self.store.role_holder_count(Role::Admin).await? > 0 {
            return Ok(None);
        }
        if self.tree().is_empty() {
            self.create_root_placeholder().await?;
        }
        let tree = self.tree();
        let generated = password.is_none();
        let password = password.unwrap_or_else(|| random_secret()[..20].to_string());
        let grants = tree
            .roots()
            .map(|r| (Role::Admin, r.code.to_string()))
            .collect();
        self.create_user_unchecked(&UserSpec {
            username: "admin".into(),
            full_name: "Quản trị hệ thống".into(),
            password: password.clone(),
            grants,
        })
        .await?;
        Ok(generated.then_some(password))
    }

    async fn create_root_placeholder(&self) -> AppResult<()> {
        let unit = chiso_store::NewOrgUnit {
            code: chiso_core::code::Code::parse("ROOT")
                .map_err(|e| AppError::Internal(e.to_string()))?,
            name_vi: "Tỉnh (chưa đặt tên)".into(),
            name_en: "Province (not yet named)".into(),
            parent_id: None,
            kind: chiso_core::org::OrgKind::Locality,
            valid_from: None,
            valid_to: None,
            geometry: None,
        };
        let mut tx = self.store.begin().await?;
        tx.insert_org_unit(&unit).await?;
        tx.append_audit(&audit(None, "org.create", "org_unit", "ROOT", "{}"))
            .await?;
        tx.commit().await?;
        self.tree_changed().await
    }
}

/// A valid argon2 hash of a random string, used to equalise timing for unknown users.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0kW4m2w2Zp3D1H1ZkTq7o0Jq6k8vJ7Vw1xF1mXz0d1s";

/// Refuses with 403 unless `who` may do `action` on `unit`.
pub fn require(
    who: &Principal,
    action: Action,
    unit: OrgId,
    tree: &chiso_core::org::OrgTree,
) -> AppResult<()> {
    if who.can(action, unit, tree) {
        Ok(())
    } else {
        let code = tree
            .get(unit)
            .map(|u| u.code.to_string())
            .unwrap_or_default();
        Err(Problem::new(ErrorKind::Forbidden, "forbidden")
            .arg("unit", code)
            .into())
    }
}

/// Builds an audit event stamped now.
pub(crate) fn audit(
    actor: Option<i64>,
    action: &str,
    entity: &str,
    code: &str,
    detail: &str,
) -> NewAuditEvent {
    NewAuditEvent {
        at: now(),
        actor_id: actor,
        action: action.into(),
        entity: entity.into(),
        entity_code: code.into(),
        detail: detail.into(),
    }
}
