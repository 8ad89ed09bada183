//! Two `chiso serve` processes on one PostgreSQL database: what is changed through one is
//! seen through the other — new units (the cached organisation tree follows NOTIFY) and an
//! approved value in the analytics. The time it took is printed, not asserted.
#![allow(clippy::unwrap_used)]

use serde_json::{Value, json};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running server; the working directory lives as long as it does.
struct Server(Child, #[allow(dead_code)] tempfile::TempDir);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn serve(url: &str) -> (Server, String) {
    let port = free_port();
    let dir = tempfile::tempdir().unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_chiso"))
        .current_dir(dir.path())
        .args([
            "serve",
            "--database-url",
            url,
            "--bind",
            &format!("127.0.0.1:{port}"),
        ])
        .env("CHISO_ADMIN_PASSWORD", "two-servers-pw")
        .env("CHISO_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Killed and reaped on drop, whatever happens next.
    let server = Server(child, dir);
    let base = format!("http://127.0.0.1:{port}");
    for _ in 0..300 {
        if reqwest::get(format!("{base}/healthz"))
            .await
            .is_ok_and(|r| r.status() == 200)
        {
            return (server, base);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chiso serve did not start on {base}");
}

async fn post(c: &reqwest::Client, url: String, body: Value) -> (u16, Value) {
    let r = c.post(url).json(&body).send().await.unwrap();
    let st = r.status().as_u16();
    (st, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_through_one_server_is_seen_through_the_other() {
    let Some(db) = chiso_store::testing::postgres().await else {
        return;
    };
    let url = db.url.clone();
    // The first server creates the administrator; the second finds it.
    let (_a, a) = serve(&url).await;
    let (_b, b) = serve(&url).await;
    // Sessions live in the database: one sign-in serves both (cookies are per host).
    let c = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = c
        .post(format!("{a}/login"))
        .form(&[
            ("username", "admin"),
            ("password", "two-servers-pw"),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    // Through A: units, an indicator, a submitted value, its approval.
    for (code, kind) in [("ROOT.A", "agency"), ("ROOT.C1", "locality")] {
        let (st, body) = post(
            &c,
            format!("{a}/api/v1/org-units"),
            json!({"code": code, "name_vi": code, "name_en": code, "parent": "ROOT", "kind": kind}),
        )
        .await;
        assert_eq!(st, 201, "{body}");
    }
    let (st, body) = post(
        &c,
        format!("{a}/api/v1/indicators"),
        json!({"code": "CASES", "name_vi": "Số ca", "name_en": "Cases", "group": "output",
               "field": "society", "unit": "ca", "frequency": "month", "source": "Báo cáo",
               "owner": "ROOT.A", "reporting_level": "localities", "status": "operating"}),
    )
    .await;
    assert_eq!(st, 201, "{body}");
    let (st, body) = post(
        &c,
        format!("{a}/api/v1/data-values"),
        json!([{"indicator": "CASES", "org_unit": "ROOT.C1", "period": "2026-10", "value": 42, "status": "submitted"}]),
    )
    .await;
    assert_eq!(st, 200, "{body}");
    let approved_at = Instant::now();
    let (st, body) = post(
        &c,
        format!("{a}/api/v1/data-values/approve"),
        json!({"indicator": "CASES", "org_unit": "ROOT.C1"}),
    )
    .await;
    assert_eq!((st, body["approved"].as_u64()), (200, Some(1)), "{body}");
    // Through B: the new commune and the approved value, as soon as they arrive.
    let query = format!(
        "{b}/api/v1/analysis?indicator=CASES&org_unit=ROOT.C1&period=2026-10&approved_only=true"
    );
    let mut seen = None;
    while approved_at.elapsed() < Duration::from_secs(20) {
        let r = c.get(&query).send().await.unwrap();
        if r.status() == 200 {
            let body: Value = r.json().await.unwrap();
            if body["value"] == json!(42.0) {
                seen = Some(approved_at.elapsed());
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let seen = seen.expect("the approved value is visible through the other server");
    println!("approved through A, seen through B after {seen:?}");
    // B keeps the catalogue in memory: an indicator created through A is known to B at its
    // next request (the catalogue's version moved), and computes from the approved value.
    let (st, body) = post(
        &c,
        format!("{a}/api/v1/indicators"),
        json!({"code": "CASES_X2", "name_vi": "Số ca nhân đôi", "name_en": "Cases doubled",
               "group": "output", "field": "society", "unit": "ca", "frequency": "month",
               "source": "Tính từ số ca", "owner": "ROOT.A", "reporting_level": "localities",
               "status": "operating", "formula": "#{CASES} * 2"}),
    )
    .await;
    assert_eq!(st, 201, "{body}");
    let r = c
        .get(format!(
            "{b}/api/v1/analysis?indicator=CASES_X2&org_unit=ROOT.C1&period=2026-10&approved_only=true"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["value"], json!(84.0), "{body}");
}
