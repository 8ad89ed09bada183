//! Shared helpers: start the real app on a fresh database and call it over HTTP.
#![allow(dead_code, clippy::unwrap_used)]

use chiso_app::App;
use chiso_app::auth::UserSpec;
use chiso_app::catalogue::IndicatorInput;
use chiso_app::org::OrgUnitInput;
use chiso_core::access::Role;
use chiso_store::testing::TestDb;
use serde_json::{Value, json};

/// A running server on a fresh database.
pub struct Server {
    pub app: App,
    pub base: String,
    pub db: TestDb,
}

pub const ADMIN_PASSWORD: &str = "admin-pass-123";

/// Starts the app; `admin` exists with the given password (Admin on the root).
pub async fn start(db: TestDb) -> Server {
    let app = App::new(db.store.clone()).await.unwrap();
    app.bootstrap_admin(Some(ADMIN_PASSWORD.into()))
        .await
        .unwrap();
    let (addr, _task) = chiso_web::spawn(app.clone(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    Server {
        app,
        base: format!("http://{addr}"),
        db,
    }
}

impl Server {
    /// An API token acting as `username` (who must exist).
    pub async fn token(&self, username: &str, password: &str) -> String {
        let session = self.app.login(username, password).await.unwrap();
        let who = self
            .app
            .principal_for_session(&session)
            .await
            .unwrap()
            .unwrap();
        self.app.create_api_token(&who, "test").await.unwrap()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

/// A small province: ROOT → agency ROOT.A, communes ROOT.C1, ROOT.C2; users `officer`
/// (data officer on ROOT.C1), `editor` (catalogue editor on ROOT: the working group),
/// `aeditor` (catalogue editor of ROOT.A), `aofficer` (data officer of ROOT.A) and `leader`
/// (leader on ROOT), all with password
/// `pw-123456`; indicators
/// `MONTHLY` (owned by ROOT.A, monthly, integer) and `YEARLY` (percent, yearly).
pub async fn small_province(s: &Server) -> String {
    let admin = s.token("admin", ADMIN_PASSWORD).await;
    let who = s.app.principal_for_token(&admin).await.unwrap().unwrap();
    for (code, kind, name) in [
        ("ROOT.A", "agency", "Sở Tài chính"),
        ("ROOT.C1", "locality", "Xã Đông Hòa"),
        ("ROOT.C2", "locality", "Phường Tây Sơn"),
    ] {
        let input: OrgUnitInput = serde_json::from_value(json!({
            "code": code, "name_vi": name, "name_en": name, "parent": "ROOT", "kind": kind
        }))
        .unwrap();
        s.app.create_org_unit(&who, &input).await.unwrap();
    }
    for (u, role, unit) in [
        ("officer", Role::DataOfficer, "ROOT.C1"),
        ("editor", Role::CatalogueEditor, "ROOT"),
        ("aeditor", Role::CatalogueEditor, "ROOT.A"),
        ("leader", Role::Leader, "ROOT"),
        ("aofficer", Role::DataOfficer, "ROOT.A"),
    ] {
        s.app
            .create_user_unchecked(&UserSpec {
                username: u.into(),
                full_name: format!("Cán bộ {u}"),
                password: "pw-123456".into(),
                grants: vec![(role, unit.into())],
            })
            .await
            .unwrap();
    }
    for (code, freq, vt) in [
        ("MONTHLY", "month", "integer"),
        ("YEARLY", "year", "percent"),
    ] {
        let input: IndicatorInput = serde_json::from_value(indicator_json(code, freq, vt)).unwrap();
        s.app.create_indicator(&who, &input).await.unwrap();
    }
    admin
}

pub fn indicator_json(code: &str, freq: &str, value_type: &str) -> Value {
    json!({
        "code": code,
        "name_vi": format!("Chỉ số {code} tăng trưởng"),
        "name_en": format!("Indicator {code}"),
        "group": "output",
        "field": "economy",
        "unit": "hồ sơ",
        "frequency": freq,
        "value_type": value_type,
        "source": "Báo cáo định kỳ",
        "owner": "ROOT.A",
        "reporting_level": "localities",
        "status": "operating"
    })
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// A browser-like client signed in as `user` (session cookie).
pub async fn signed_in(s: &Server, user: &str, password: &str) -> reqwest::Client {
    let c = client();
    let r = c
        .post(s.url("/login"))
        .form(&[("username", user), ("password", password), ("next", "/")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "login of {user}");
    c
}

/// A multipart/form-data body: text fields, then a file.
#[allow(dead_code)]
pub fn multipart(fields: &[(&str, &str)], file: (&str, &[u8])) -> (String, Vec<u8>) {
    let boundary = "chisoBoundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\nContent-Type: application/octet-stream\r\n\r\n",
            file.0
        )
        .as_bytes(),
    );
    body.extend_from_slice(file.1);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}
