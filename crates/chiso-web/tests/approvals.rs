//! Approval and lock over HTTP, on SQLite and PostgreSQL: an approver of the owner agency
//! approves a unit's submitted values, which locks them; changing one then needs an unlock
//! request with a reason, granted by the approver; every step is audited.
#![allow(clippy::unwrap_used)]

mod common;

use chiso_app::auth::UserSpec;
use chiso_core::access::Role;
use chiso_store::testing::TestDb;
use common::*;
use serde_json::{Value, json};

async fn value_of(s: &Server, token: &str) -> (f64, String) {
    let r = client()
        .get(s.url("/api/v1/data-values?indicator=MONTHLY&org_unit=ROOT.C1"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let body: Value = r.json().await.unwrap();
    let v = &body["items"][0];
    (
        v["value"].as_f64().unwrap(),
        v["status"].as_str().unwrap().to_string(),
    )
}

async fn approve_lock_unlock(db: TestDb) {
    let s = start(db).await;
    let admin = small_province(&s).await;
    s.app
        .create_user_unchecked(&UserSpec {
            username: "approver".into(),
            full_name: "Người duyệt Sở".into(),
            password: "pw-123456".into(),
            grants: vec![(Role::Approver, "ROOT.A".into())],
        })
        .await
        .unwrap();
    let officer_token = s.token("officer", "pw-123456").await;
    let submit = |value: f64| json!([{"indicator": "MONTHLY", "org_unit": "ROOT.C1", "period": "2025-03", "value": value}]);
    let r = client()
        .post(s.url("/api/v1/data-values"))
        .bearer_auth(&officer_token)
        .json(&submit(41.0))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);

    // The approver sees the submission and approves it.
    let approver = signed_in(&s, "approver", "pw-123456").await;
    let html = approver
        .get(s.url("/approvals"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("1 giá trị chờ duyệt ở 1 nhóm"), "{html}");
    assert!(
        html.contains("Xã Đông Hòa") && html.contains("MONTHLY"),
        "{html}"
    );
    let r = approver
        .post(s.url("/approvals/approve"))
        .form(&[("unit", "ROOT.C1"), ("period", "2025-03")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(value_of(&s, &admin).await, (41.0, "approved".into()));

    // Locked: the officer can no longer overwrite it.
    let r = client()
        .post(s.url("/api/v1/data-values"))
        .bearer_auth(&officer_token)
        .json(&submit(42.0))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 409);
    // Nor approve it again, nor does the officer see anything to approve.
    let officer = signed_in(&s, "officer", "pw-123456").await;
    let html = officer
        .get(s.url("/approvals"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Không có số liệu nào chờ bạn duyệt."),
        "{html}"
    );

    // The entry form offers an unlock request; a reason is required.
    let html = officer
        .get(s.url("/entry?unit=ROOT.C1&period=2025-03"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("id=\"unlock-open-MONTHLY\""), "{html}");
    let ask = |reason: &'static str| {
        [
            ("unit", "ROOT.C1"),
            ("period", "2025-03"),
            ("indicator", "MONTHLY"),
            ("reason", reason),
        ]
    };
    let r = officer
        .post(s.url("/entry/unlock"))
        .form(&ask("  "))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("Cần ghi lý do mở khóa"));
    let r = officer
        .post(s.url("/entry/unlock"))
        .form(&ask("Nhập nhầm 41, đúng là 42"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let r = officer
        .post(s.url("/entry/unlock"))
        .form(&ask("lần nữa"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 409, "one open request per value");
    let html = officer
        .get(s.url("/entry?unit=ROOT.C1&period=2025-03"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Đang chờ mở khóa: Nhập nhầm 41, đúng là 42"),
        "{html}"
    );

    // The approver grants it: the value is a draft again and can be corrected.
    let html = approver
        .get(s.url("/approvals"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Nhập nhầm 41, đúng là 42"), "{html}");
    let id = html
        .split("id=\"grant-")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_string();
    let r = approver
        .post(s.url(&format!("/approvals/unlocks/{id}")))
        .form(&[("decision", "grant"), ("note", "Đồng ý")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(value_of(&s, &admin).await, (41.0, "draft".into()));
    let r = client()
        .post(s.url("/api/v1/data-values"))
        .bearer_auth(&officer_token)
        .json(&submit(42.0))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(value_of(&s, &admin).await, (42.0, "submitted".into()));
    // Deciding twice is refused.
    let r = approver
        .post(s.url(&format!("/approvals/unlocks/{id}")))
        .form(&[("decision", "refuse")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);

    // The same through the API: queue, approve, request, refuse.
    let approver_token = s.token("approver", "pw-123456").await;
    let r = client()
        .get(s.url("/api/v1/approvals"))
        .bearer_auth(&approver_token)
        .send()
        .await
        .unwrap();
    let q: Value = r.json().await.unwrap();
    assert_eq!(q["pending"][0]["org_unit"], "ROOT.C1", "{q}");
    assert_eq!(q["pending"][0]["values"][0]["value"], 42.0, "{q}");
    let r = client()
        .post(s.url("/api/v1/approvals"))
        .bearer_auth(&approver_token)
        .json(&json!({"org_unit": "ROOT.C1", "period": "2025-03"}))
        .send()
        .await
        .unwrap();
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["approved"], 1, "{body}");
    let r = client()
        .post(s.url("/api/v1/unlock-requests"))
        .bearer_auth(&officer_token)
        .json(
            &json!({"indicator": "MONTHLY", "org_unit": "ROOT.C1", "period": "2025-03",
                      "reason": "Số liệu chính thức khác"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let id = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let r = client()
        .post(s.url(&format!("/api/v1/unlock-requests/{id}/decision")))
        .bearer_auth(&officer_token)
        .json(&json!({"grant": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        403,
        "the reporter cannot unlock their own value"
    );
    let r = client()
        .post(s.url(&format!("/api/v1/unlock-requests/{id}/decision")))
        .bearer_auth(&approver_token)
        .json(&json!({"grant": false, "note": "Giữ số đã duyệt"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(value_of(&s, &admin).await, (42.0, "approved".into()));

    // Every step is in the audit trail, which still verifies.
    let actions: Vec<String> = s
        .app
        .store()
        .audit_events()
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    for a in [
        "values.approve",
        "values.unlock_request",
        "values.unlock_decision",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a} in {actions:?}");
    }
    s.app.verify_audit().await.unwrap();
}

chiso_store::both_backends!(approve_lock_unlock);
