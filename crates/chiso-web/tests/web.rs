//! The HTTP application driven over real HTTP, on SQLite and on PostgreSQL.
#![allow(clippy::unwrap_used)]

mod common;

use chiso_store::testing::TestDb;
use common::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn get_json(c: &reqwest::Client, url: &str, token: &str) -> (StatusCode, Value) {
    let r = c.get(url).bearer_auth(token).send().await.unwrap();
    let st = r.status();
    (st, r.json().await.unwrap())
}

async fn post_json(
    c: &reqwest::Client,
    url: &str,
    token: &str,
    body: &Value,
) -> (StatusCode, Value) {
    let r = c
        .post(url)
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap();
    let st = r.status();
    (st, r.json().await.unwrap())
}

async fn health_and_auth_required(db: TestDb) {
    let s = start(db).await;
    let c = client();
    let r = c.get(s.url("/healthz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let r = c.get(s.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(r.status(), 401);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unauthenticated");
    assert_eq!(
        body["error"]["message"],
        "Cần đăng nhập hoặc mã truy cập hợp lệ"
    );
    assert_eq!(
        body["error"]["message_en"],
        "Sign in or send a valid access token"
    );
    let r = c
        .get(s.url("/api/v1/me"))
        .header("Accept-Language", "en-US,en;q=0.9")
        .send()
        .await
        .unwrap();
    let body: Value = r.json().await.unwrap();
    assert_eq!(
        body["error"]["message"],
        "Sign in or send a valid access token"
    );
    let token = s.token("admin", ADMIN_PASSWORD).await;
    let (st, me) = get_json(&c, &s.url("/api/v1/me"), &token).await;
    assert_eq!(st, 200);
    assert_eq!(me["username"], "admin");
    assert_eq!(me["grants"][0]["role"], "admin");
    let (st, _) = get_json(&c, &s.url("/api/v1/me"), "chiso_wrong").await;
    assert_eq!(st, 401);
}

async fn indicators_crud_and_errors(db: TestDb) {
    let s = start(db).await;
    let admin = small_province(&s).await;
    let c = client();
    let url = s.url("/api/v1/indicators");
    // Create, then read back.
    let (st, body) = post_json(
        &c,
        &url,
        &admin,
        &indicator_json("NEW_ONE", "quarter", "number"),
    )
    .await;
    assert_eq!(st, 201, "{body}");
    assert_eq!(body["code"], "NEW_ONE");
    assert_eq!(body["owner"], "ROOT.A");
    assert_eq!(body["frequency"], "quarter");
    let (st, body) = get_json(&c, &s.url("/api/v1/indicators/NEW_ONE"), &admin).await;
    assert_eq!(
        (st, body["name_vi"].as_str()),
        (StatusCode::OK, Some("Chỉ số NEW_ONE tăng trưởng"))
    );
    // Duplicate code.
    let (st, body) = post_json(
        &c,
        &url,
        &admin,
        &indicator_json("NEW_ONE", "quarter", "number"),
    )
    .await;
    assert_eq!(st, 409);
    assert_eq!(body["error"]["code"], "duplicate");
    assert_eq!(body["error"]["field"], "code");
    // Unknown field.
    let mut bad = indicator_json("X1", "year", "number");
    bad["colour"] = json!("red");
    let (st, body) = post_json(&c, &url, &admin, &bad).await;
    assert_eq!(st, 422);
    assert_eq!(body["error"]["code"], "json.unknown_field");
    assert_eq!(body["error"]["field"], "colour");
    // Wrong enum value names the field.
    let mut bad = indicator_json("X2", "fortnightly", "number");
    bad["frequency"] = json!("fortnightly");
    let (st, body) = post_json(&c, &url, &admin, &bad).await;
    assert_eq!(
        (st, body["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("frequency"))
    );
    // Unknown owner.
    let mut bad = indicator_json("X3", "year", "number");
    bad["owner"] = json!("NOPE");
    let (st, body) = post_json(&c, &url, &admin, &bad).await;
    assert_eq!(
        (
            st,
            body["error"]["code"].as_str(),
            body["error"]["field"].as_str()
        ),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("org.unknown"),
            Some("owner")
        )
    );
    // Malformed JSON.
    let r = c
        .post(&url)
        .bearer_auth(&admin)
        .header("content-type", "application/json")
        .body("{\"code\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "json.body");
    // A data officer may not edit the catalogue.
    let officer = s.token("officer", "pw-123456").await;
    let (st, body) = post_json(&c, &url, &officer, &indicator_json("X4", "year", "number")).await;
    assert_eq!(
        (st, body["error"]["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("forbidden"))
    );
    // Filters and search.
    let (_, list) = get_json(
        &c,
        &s.url("/api/v1/indicators?field=economy&q=tang%20truong&per_page=1000"),
        &admin,
    )
    .await;
    assert_eq!(list["total"], 3);
    assert_eq!(list["per_page"], 1000);
    let (_, list) = get_json(&c, &s.url("/api/v1/indicators?field=society"), &admin).await;
    assert_eq!(list["total"], 0);
    let (st, body) = get_json(&c, &s.url("/api/v1/indicators?per_page=1001"), &admin).await;
    assert_eq!(
        (st, body["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("per_page"))
    );
    let (st, body) = get_json(&c, &s.url("/api/v1/indicators?group=bogus"), &admin).await;
    assert_eq!(
        (st, body["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("group"))
    );
    // Update: a new definition is a new version.
    let mut upd = indicator_json("NEW_ONE", "quarter", "number");
    upd["definition"] = json!("Định nghĩa mới");
    let r = c
        .put(s.url("/api/v1/indicators/NEW_ONE"))
        .bearer_auth(&admin)
        .json(&upd)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    assert_eq!(
        (body["version"].as_i64(), body["definition"].as_str()),
        (Some(2), Some("Định nghĩa mới"))
    );
    let (st, _) = get_json(&c, &s.url("/api/v1/indicators/NOPE"), &admin).await;
    assert_eq!(st, 404);
}

fn monthly_rows(n: usize, unit: &str) -> Vec<Value> {
    (0..n)
        .map(|i| {
            let year = 1950 + i / 12;
            let month = i % 12 + 1;
            json!({"indicator": "MONTHLY", "org_unit": unit, "period": format!("{year}-{month:02}"), "value": i})
        })
        .collect()
}

async fn batch_is_all_or_nothing(db: TestDb) {
    let s = start(db).await;
    let admin = small_province(&s).await;
    let c = client();
    let url = s.url("/api/v1/data-values");
    let before = s.app.store().count_values().await.unwrap();
    let mut rows = monthly_rows(1000, "ROOT.C1");
    rows[637]["period"] = json!("2025-13");
    let (st, body) = post_json(&c, &url, &admin, &json!(rows)).await;
    assert_eq!(st, 422, "{body}");
    assert_eq!(body["error"]["row"], 637);
    assert_eq!(body["error"]["field"], "period");
    assert_eq!(body["error"]["code"], "period.invalid");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("2025-13")
    );
    assert_eq!(
        s.app.store().count_values().await.unwrap(),
        before,
        "nothing written"
    );
    let audit_before = s.app.store().audit_events().await.unwrap().len();
    // The same batch without the bad row goes in whole.
    let rows = monthly_rows(1000, "ROOT.C1");
    let (st, body) = post_json(&c, &url, &admin, &json!({"values": rows})).await;
    assert_eq!(
        (st, body["written"].as_u64()),
        (StatusCode::OK, Some(1000)),
        "{body}"
    );
    assert_eq!(s.app.store().count_values().await.unwrap(), before + 1000);
    assert_eq!(
        s.app.store().audit_events().await.unwrap().len(),
        audit_before + 1
    );
    assert_eq!(s.app.verify_audit().await.unwrap(), audit_before + 1);
    // Re-sending changes nothing in count.
    let (st, _) = post_json(&c, &url, &admin, &json!(monthly_rows(10, "ROOT.C1"))).await;
    assert_eq!(st, 200);
    assert_eq!(s.app.store().count_values().await.unwrap(), before + 1000);
    // Query by unit subtree and period range.
    let (st, list) = get_json(
        &c,
        &s.url(
            "/api/v1/data-values?org_unit=ROOT&subtree=true&from=1951-01&to=1951Q4&per_page=1000",
        ),
        &admin,
    )
    .await;
    assert_eq!(st, 200);
    assert_eq!(list["total"], 12);
    assert_eq!(list["items"][0]["period"], "1951-12");
    assert_eq!(list["items"][0]["org_unit"], "ROOT.C1");
    let (_, list) = get_json(
        &c,
        &s.url("/api/v1/data-values?org_unit=ROOT&per_page=5"),
        &admin,
    )
    .await;
    assert_eq!(list["total"], 0, "only the unit itself without subtree");
}

async fn every_bad_row_is_named(db: TestDb) {
    let s = start(db).await;
    let admin = small_province(&s).await;
    let officer = s.token("officer", "pw-123456").await;
    let c = client();
    let url = s.url("/api/v1/data-values");
    let cases = [
        (
            json!({"indicator": "MONTHLY", "org_unit": "ROOT.C1", "period": "2025Q1", "value": 1}),
            "value.wrong_frequency",
            "period",
        ),
        (
            json!({"indicator": "MONTHLY", "org_unit": "ROOT.C1", "period": "2025-01", "value": "abc"}),
            "value.not_number",
            "value",
        ),
        (
            json!({"indicator": "MONTHLY", "org_unit": "ROOT.C1", "period": "2025-01", "value": 1.5}),
            "value.not_integer",
            "value",
        ),
        (
            json!({"indicator": "NOPE", "org_unit": "ROOT.C1", "period": "2025-01", "value": 1}),
            "indicator.unknown",
            "indicator",
        ),
        (
            json!({"indicator": "MONTHLY", "org_unit": "NOPE", "period": "2025-01", "value": 1}),
            "org.unknown",
            "org_unit",
        ),
        (
            json!({"indicator": "MONTHLY", "org_unit": "ROOT.C1", "period": "2025-01", "value": 1, "extra": 1}),
            "json.unknown_field",
            "extra",
        ),
        (
            json!({"indicator": "MONTHLY", "org_unit": "ROOT.C1", "value": 1}),
            "json.missing_field",
            "period",
        ),
        (
            json!({"indicator": "YEARLY", "org_unit": "ROOT.C1", "period": "2025", "value": 1e9}),
            "value.percent_range",
            "value",
        ),
    ];
    for (row, code, field) in cases {
        let (st, body) = post_json(&c, &url, &admin, &json!([{"indicator": "MONTHLY", "org_unit": "ROOT.C1", "period": "202501", "value": 3}, row])).await;
        assert_eq!(st, 422, "{code}: {body}");
        assert_eq!(body["error"]["code"], code, "{body}");
        assert_eq!(body["error"]["field"], field, "{body}");
        assert_eq!(body["error"]["row"], 1);
        assert!(
            !body["error"]["message_vi"]
                .as_str()
                .unwrap()
                .starts_with("error."),
            "{body}"
        );
    }
    // Outside the officer's subtree: 403 naming the row.
    let (st, body) = post_json(
        &c,
        &url,
        &officer,
        &json!([
            {"indicator": "MONTHLY", "org_unit": "ROOT.C1", "period": "2025-01", "value": 1},
            {"indicator": "MONTHLY", "org_unit": "ROOT.C2", "period": "2025-01", "value": 1}
        ]),
    )
    .await;
    assert_eq!(
        (
            st,
            body["error"]["row"].as_u64(),
            body["error"]["code"].as_str()
        ),
        (StatusCode::FORBIDDEN, Some(1), Some("value.not_owner"))
    );
    assert_eq!(s.app.store().count_values().await.unwrap(), 0);
    // Inside it: fine, and the DHIS2 period form is accepted.
    let (st, _) = post_json(
        &c,
        &url,
        &officer,
        &json!([{"indicator": "MONTHLY", "org_unit": "ROOT.C1", "period": "202501", "value": 1}]),
    )
    .await;
    assert_eq!(st, 200);
    let (_, list) = get_json(
        &c,
        &s.url("/api/v1/data-values?indicator=MONTHLY&org_unit=ROOT.C1"),
        &officer,
    )
    .await;
    assert_eq!(list["items"][0]["period"], "2025-01");
    // The officer cannot read the sibling commune.
    let (st, _) = get_json(&c, &s.url("/api/v1/data-values?org_unit=ROOT.C2"), &officer).await;
    assert_eq!(st, 403);
    // Not an array.
    let (st, body) = post_json(&c, &url, &admin, &json!({"rows": []})).await;
    assert_eq!(
        (st, body["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("values.not_array"))
    );
}

async fn settled_values_are_not_overwritten(db: TestDb) {
    use chiso_core::value::{DataValue, ValueChannel, ValueStatus};
    let s = start(db).await;
    let admin = small_province(&s).await;
    let c = client();
    let url = s.url("/api/v1/data-values");
    let (st, _) = post_json(&c, &url, &admin, &json!(monthly_rows(3, "ROOT.C1"))).await;
    assert_eq!(st, 200);
    // Approve 1950-02 directly in the store (the approval workflow comes with collection).
    let ind = s.app.indicator("MONTHLY").await.unwrap().indicator;
    let unit = s.app.org_unit("ROOT.C1").unwrap();
    let mut tx = s.app.store().begin().await.unwrap();
    tx.upsert_values(&[DataValue {
        indicator_id: ind.id,
        org_unit_id: unit.id,
        period: "1950-02".parse().unwrap(),
        value: 1.0,
        status: ValueStatus::Approved,
        comment: None,
        definition_version: 1,
        channel: ValueChannel::Api,
        updated_by: None,
        updated_at: chiso_app::now(),
    }])
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let mut rows = monthly_rows(3, "ROOT.C1");
    for r in &mut rows {
        r["value"] = json!(99);
    }
    let (st, body) = post_json(&c, &url, &admin, &json!(rows)).await;
    assert_eq!(st, 409, "{body}");
    assert_eq!(
        (
            body["error"]["code"].as_str(),
            body["error"]["row"].as_u64()
        ),
        (Some("value.settled"), Some(1))
    );
    let (_, list) = get_json(
        &c,
        &s.url("/api/v1/data-values?indicator=MONTHLY&org_unit=ROOT.C1"),
        &admin,
    )
    .await;
    let values: Vec<f64> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["value"].as_f64().unwrap())
        .collect();
    assert_eq!(values, vec![2.0, 1.0, 0.0], "nothing overwritten");
}

async fn put_json(
    c: &reqwest::Client,
    url: &str,
    token: &str,
    body: &Value,
) -> (StatusCode, Value) {
    let r = c
        .put(url)
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap();
    let st = r.status();
    (st, r.json().await.unwrap())
}

async fn six_steps_with_a_gate_at_each(db: TestDb) {
    let s = start(db).await;
    small_province(&s).await;
    let c = client();
    let [officer, editor, aeditor, leader] = [
        s.token("officer", "pw-123456").await,
        s.token("editor", "pw-123456").await,
        s.token("aeditor", "pw-123456").await,
        s.token("leader", "pw-123456").await,
    ];
    // The owner's editor proposes; asking for "operating" at creation is not theirs to do.
    let mut sheet = indicator_json("NEW_RATE", "month", "percent");
    sheet["name_vi"] = json!("Tỷ lệ chỉ số mới tăng trưởng");
    sheet["purpose"] = json!("");
    let (st, body) = post_json(&c, &s.url("/api/v1/indicators"), &aeditor, &sheet).await;
    assert_eq!(
        (st, body["status"].as_str()),
        (StatusCode::CREATED, Some("proposed")),
        "{body}"
    );
    let step = |to: &str, comment: &str| json!({"to": to, "comment": comment});
    let url = s.url("/api/v1/indicators/NEW_RATE/transitions");

    // (2) listed: not a data officer; then the purpose is missing.
    let (st, body) = post_json(&c, &url, &officer, &step("listed", "ok")).await;
    assert_eq!(
        (st, body["error"]["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("workflow.forbidden"))
    );
    assert!(
        body["error"]["message_vi"]
            .as_str()
            .unwrap()
            .contains("cơ quan chủ quản"),
        "{body}"
    );
    let (st, body) = post_json(&c, &url, &aeditor, &step("listed", "ok")).await;
    assert_eq!(
        (
            st,
            body["error"]["code"].as_str(),
            body["error"]["field"].as_str()
        ),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("workflow.missing"),
            Some("purpose")
        )
    );
    assert_eq!(
        body["error"]["message_vi"],
        "Chưa thể chuyển sang «2. Lập danh sách»: còn thiếu Mục đích"
    );
    assert_eq!(
        body["error"]["message_en"],
        "Cannot move to «2. Listed» yet: missing Purpose"
    );
    sheet["purpose"] = json!("Theo dõi tiến độ");
    let (st, body) = put_json(&c, &s.url("/api/v1/indicators/NEW_RATE"), &aeditor, &sheet).await;
    assert_eq!(
        (st, body["status"].as_str()),
        (StatusCode::OK, Some("proposed")),
        "an edit keeps the step"
    );
    let (st, _) = post_json(
        &c,
        &url,
        &aeditor,
        &step("listed", "Đủ thông tin danh sách"),
    )
    .await;
    assert_eq!(st, 200);

    // (3) standardized: the full sheet.
    let (st, body) = post_json(&c, &url, &aeditor, &step("standardized", "ok")).await;
    assert_eq!(st, 422);
    assert!(
        body["error"]["message_en"].as_str().unwrap().contains(
            "Definition, Reporting calendar, Providing units, Accountable person, Legal basis"
        ),
        "{body}"
    );
    for (k, v) in [
        ("definition", "Số đạt / tổng số × 100"),
        ("reporting_calendar", "Trước ngày 20 hằng tháng"),
        ("providing_units", "UBND cấp xã"),
        ("accountable_person", "Giám đốc Sở"),
        ("legal_basis", "Quyết định 1/QĐ-UBND"),
    ] {
        sheet[k] = json!(v);
    }
    put_json(&c, &s.url("/api/v1/indicators/NEW_RATE"), &aeditor, &sheet).await;
    let (st, _) = post_json(&c, &url, &aeditor, &step("standardized", "Sở xác nhận")).await;
    assert_eq!(st, 200);

    // (4) screened: the working group, once the likely duplicate is settled.
    let (st, _) = post_json(&c, &url, &aeditor, &step("screened", "ok")).await;
    assert_eq!(st, 403);
    let (st, body) = post_json(&c, &url, &editor, &step("screened", "ok")).await;
    assert_eq!(
        (st, body["error"]["code"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("workflow.duplicates_unresolved")
        )
    );
    let (st, dups) = get_json(
        &c,
        &s.url("/api/v1/indicators/NEW_RATE/duplicates"),
        &editor,
    )
    .await;
    assert_eq!(st, 200);
    let likely: Vec<&str> = dups
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["likely"] == true)
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(!likely.is_empty(), "{dups}");
    let screening = s.url("/api/v1/indicators/NEW_RATE/screening");
    for other in &likely {
        let decision = json!({"other": other, "decision": "keep", "reason": "Khác phạm vi: tỷ lệ, không phải số lượng"});
        let r = c
            .post(&screening)
            .bearer_auth(&aeditor)
            .json(&decision)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);
        let r = c
            .post(&screening)
            .bearer_auth(&editor)
            .json(&decision)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 204);
    }
    let (st, _) = post_json(&c, &url, &editor, &step("screened", "Không trùng")).await;
    assert_eq!(st, 200);

    // (5) approved: a leader, with a comment.
    let (st, _) = post_json(&c, &url, &editor, &step("approved", "ok")).await;
    assert_eq!(st, 403);
    let (st, body) = post_json(&c, &url, &leader, &step("approved", "  ")).await;
    assert_eq!(
        (st, body["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("comment"))
    );
    let (st, _) = post_json(
        &c,
        &url,
        &leader,
        &step("approved", "Quyết định 15/QĐ-UBND"),
    )
    .await;
    assert_eq!(st, 200);

    // (6) operating: needs the effective date; skipping back to (1) is not a step.
    let (st, body) = post_json(&c, &url, &editor, &step("proposed", "x")).await;
    assert_eq!(
        (st, body["error"]["code"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("workflow.not_allowed")
        )
    );
    let (st, body) = post_json(&c, &url, &editor, &step("operating", "ok")).await;
    assert_eq!(body["error"]["field"], "effective_from", "{st} {body}");
    sheet["effective_from"] = json!("2026-01-01");
    put_json(&c, &s.url("/api/v1/indicators/NEW_RATE"), &aeditor, &sheet).await;
    let (st, body) = post_json(&c, &url, &editor, &step("operating", "Vận hành từ 2026")).await;
    assert_eq!(
        (st, body["status"].as_str()),
        (StatusCode::OK, Some("operating"))
    );

    let trail: Vec<_> = s
        .app
        .store()
        .audit_for("indicator", "NEW_RATE", 50)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "indicator.transition")
        .collect();
    assert_eq!(
        trail.len(),
        5,
        "listed, standardized, screened, approved, operating"
    );
    assert!(trail[0].detail.contains("Vận hành từ 2026"));
    // The board lists the indicators still on their way; NEW_RATE has arrived.
    let r = c
        .post(s.url("/login"))
        .form(&[
            ("username", "editor"),
            ("password", "pw-123456"),
            ("next", "/workflow"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let html = c
        .get(s.url("/workflow"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Bảng theo dõi quy trình") && !html.contains("NEW_RATE"));
}

async fn one_data_one_source_one_owner(db: TestDb) {
    let s = start(db).await;
    let admin = small_province(&s).await;
    let c = client();
    // An indicator only its owner reports (values about the province).
    let mut sheet = indicator_json("OWNER_ONLY", "year", "number");
    sheet["reporting_level"] = json!("owner");
    let (st, _) = post_json(&c, &s.url("/api/v1/indicators"), &admin, &sheet).await;
    assert_eq!(st, 201);
    let officer = s.token("officer", "pw-123456").await;
    let aofficer = s.token("aofficer", "pw-123456").await;
    let url = s.url("/api/v1/data-values");
    let row = |ind: &str, unit: &str| json!([{"indicator": ind, "org_unit": unit, "period": "2025", "value": 5}]);
    // The commune's officer may not report the owner's indicator, even for the commune.
    let (st, body) = post_json(&c, &url, &officer, &row("OWNER_ONLY", "ROOT.C1")).await;
    assert_eq!(
        (st, body["error"]["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("value.not_owner"))
    );
    let msg = body["error"]["message_vi"].as_str().unwrap();
    assert!(
        msg.contains("Sở Tài chính (ROOT.A)") && msg.contains("OWNER_ONLY"),
        "{msg}"
    );
    // The owner's officer may, for the province and for any unit.
    for unit in ["ROOT", "ROOT.C1"] {
        let (st, body) = post_json(&c, &url, &aofficer, &row("OWNER_ONLY", unit)).await;
        assert_eq!(st, 200, "{unit}: {body}");
    }
    // A locality-reported indicator: the commune reports for itself, not for its neighbour.
    let (st, _) = post_json(
        &c,
        &url,
        &officer,
        &json!([{"indicator": "MONTHLY", "org_unit": "ROOT.C1", "period": "2025-01", "value": 1}]),
    )
    .await;
    assert_eq!(st, 200);
    let (st, _) = post_json(
        &c,
        &url,
        &officer,
        &json!([{"indicator": "MONTHLY", "org_unit": "ROOT.C2", "period": "2025-01", "value": 1}]),
    )
    .await;
    assert_eq!(st, 403);
}

async fn sets_promulgate_and_diff(db: TestDb) {
    let s = start(db).await;
    let admin = small_province(&s).await; // MONTHLY and YEARLY are in operation
    let c = client();
    let leader = s.token("leader", "pw-123456").await;
    let editor = s.token("editor", "pw-123456").await;
    // A screened indicator, registered by the working group.
    let mut sheet = indicator_json("SCREENED_ONE", "quarter", "number");
    sheet["status"] = json!("screened");
    let (st, body) = post_json(&c, &s.url("/api/v1/indicators"), &editor, &sheet).await;
    assert_eq!(
        (st, body["status"].as_str()),
        (StatusCode::CREATED, Some("screened"))
    );
    let url = s.url("/api/v1/sets");
    let set = |members: &[&str], decision: &str| {
        json!({
            "code": "BCS_TINH", "name_vi": "Bộ chỉ số chỉ đạo, điều hành của tỉnh", "name_en": "Provincial steering indicator set",
            "decision_number": decision, "decision_date": "2025-09-15", "signer": "Chủ tịch UBND tỉnh",
            "indicators": members,
        })
    };
    // Only a leader promulgates; only screened indicators go in.
    let (st, _) = post_json(&c, &url, &editor, &set(&["MONTHLY"], "1/QĐ-UBND")).await;
    assert_eq!(st, 403);
    let mut proposed = indicator_json("PROPOSED_ONE", "year", "number");
    proposed["status"] = json!("proposed");
    post_json(&c, &s.url("/api/v1/indicators"), &admin, &proposed).await;
    let (st, body) = post_json(
        &c,
        &url,
        &leader,
        &set(&["MONTHLY", "PROPOSED_ONE"], "1/QĐ-UBND"),
    )
    .await;
    assert_eq!(
        (
            st,
            body["error"]["code"].as_str(),
            body["error"]["field"].as_str()
        ),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("set.member_not_screened"),
            Some("indicators[1]")
        )
    );
    assert!(
        body["error"]["message_vi"]
            .as_str()
            .unwrap()
            .contains("1. Xác định nhu cầu"),
        "{body}"
    );
    // Version 1.
    let (st, body) = post_json(
        &c,
        &url,
        &leader,
        &set(&["MONTHLY", "SCREENED_ONE"], "1/QĐ-UBND"),
    )
    .await;
    assert_eq!(
        (st, body["version"].as_i64()),
        (StatusCode::CREATED, Some(1)),
        "{body}"
    );
    let (_, ind) = get_json(&c, &s.url("/api/v1/indicators/SCREENED_ONE"), &admin).await;
    assert_eq!(
        ind["status"], "approved",
        "promulgation approves screened members"
    );
    // A new definition of MONTHLY, then version 2 without SCREENED_ONE and with YEARLY.
    let mut m = indicator_json("MONTHLY", "month", "integer");
    m["definition"] = json!("Định nghĩa sửa đổi theo Thông tư mới");
    let r = c
        .put(s.url("/api/v1/indicators/MONTHLY"))
        .bearer_auth(&admin)
        .json(&m)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let (st, body) = post_json(&c, &url, &leader, &set(&["MONTHLY", "YEARLY"], "2/QĐ-UBND")).await;
    assert_eq!(
        (st, body["version"].as_i64()),
        (StatusCode::CREATED, Some(2))
    );
    let (st, d) = get_json(&c, &s.url("/api/v1/sets/BCS_TINH/diff?from=1&to=2"), &admin).await;
    assert_eq!(st, 200);
    assert_eq!(d["added"], json!(["YEARLY"]));
    assert_eq!(d["removed"], json!(["SCREENED_ONE"]));
    assert_eq!(d["changed"][0]["code"], "MONTHLY");
    assert_eq!(
        (
            d["changed"][0]["from_version"].as_i64(),
            d["changed"][0]["to_version"].as_i64()
        ),
        (Some(1), Some(2))
    );
    assert_eq!(
        d["changed"][0]["changes"],
        json!([{"attribute": "definition", "before": "", "after": "Định nghĩa sửa đổi theo Thông tư mới"}])
    );
    // Version 1 still lists the definition it was promulgated with.
    let (_, v1) = get_json(&c, &s.url("/api/v1/sets/BCS_TINH/versions/1"), &admin).await;
    assert_eq!(
        v1.as_array()
            .unwrap()
            .iter()
            .find(|m| m["code"] == "MONTHLY")
            .unwrap()["version"],
        1
    );
    let (st, _) = get_json(&c, &s.url("/api/v1/sets/BCS_TINH/versions/9"), &admin).await;
    assert_eq!(st, 404);
    let (_, list) = get_json(&c, &s.url("/api/v1/sets"), &admin).await;
    assert_eq!(list[0]["versions"].as_array().unwrap().len(), 2);
    // The diff page reads in words.
    c.post(s.url("/login"))
        .form(&[
            ("username", "leader"),
            ("password", "pw-123456"),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    let html = c
        .get(s.url("/sets/BCS_TINH/diff?from=1&to=2"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Chỉ số được bổ sung (1)")
            && html.contains("Định nghĩa")
            && html.contains("Định nghĩa sửa đổi theo Thông tư mới"),
        "{html}"
    );
}

async fn org_units_api(db: TestDb) {
    let s = start(db).await;
    let admin = small_province(&s).await;
    let c = client();
    let (st, list) = get_json(
        &c,
        &s.url("/api/v1/org-units?parent=ROOT&kind=locality"),
        &admin,
    )
    .await;
    assert_eq!(st, 200);
    assert_eq!(list["total"], 2);
    let (_, u) = get_json(&c, &s.url("/api/v1/org-units/ROOT.C1"), &admin).await;
    assert_eq!(
        (u["parent"].as_str(), u["level"].as_i64()),
        (Some("ROOT"), Some(2))
    );
    let officer = s.token("officer", "pw-123456").await;
    let (st, body) = post_json(&c, &s.url("/api/v1/org-units"), &officer, &json!({"code": "ROOT.C1.V", "name_vi": "Thôn", "name_en": "Village", "parent": "ROOT.C1", "kind": "locality"})).await;
    assert_eq!(
        (st, body["error"]["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("forbidden"))
    );
    let (st, body) = post_json(&c, &s.url("/api/v1/org-units"), &admin, &json!({"code": "ROOT.C1.V", "name_vi": "Thôn", "name_en": "Village", "parent": "ROOT.C1", "kind": "locality"})).await;
    assert_eq!((st, body["level"].as_i64()), (StatusCode::CREATED, Some(3)));
    let (st, body) = post_json(&c, &s.url("/api/v1/org-units"), &admin, &json!({"code": "bad code", "name_vi": "x", "name_en": "x", "parent": "ROOT", "kind": "locality"})).await;
    assert_eq!(
        (st, body["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("code"))
    );
}

async fn openapi_and_docs(db: TestDb) {
    let s = start(db).await;
    let c = client();
    let doc: Value = c
        .get(s.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for p in [
        "/api/v1/indicators",
        "/api/v1/data-values",
        "/api/v1/org-units",
        "/api/v1/me",
    ] {
        assert!(doc["paths"][p].is_object(), "{p} documented");
    }
    let html = c
        .get(s.url("/api/docs"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Tài liệu API v1") && html.contains("/api/v1/data-values"));
}

async fn pages_login_and_language(db: TestDb) {
    let s = start(db).await;
    small_province(&s).await;
    let c = client();
    let home = c.get(s.url("/")).send().await.unwrap();
    assert_eq!(home.status(), 200);
    let html = home.text().await.unwrap();
    assert!(html.contains("lang=\"vi\"") && html.contains("Hệ thống chỉ số chỉ đạo, điều hành"));
    // A protected page sends to login and comes back.
    let r = c
        .get(s.url("/catalogue?field=economy"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(
        r.headers()["location"],
        "/login?next=/catalogue%3Ffield%3Deconomy"
    );
    let r = c
        .post(s.url("/login"))
        .form(&[("username", "admin"), ("password", "wrong"), ("next", "/")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Tên đăng nhập hoặc mật khẩu không đúng")
    );
    let r = c
        .post(s.url("/login"))
        .form(&[
            ("username", "admin"),
            ("password", ADMIN_PASSWORD),
            ("next", "/catalogue?field=economy"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert_eq!(r.headers()["location"], "/catalogue?field=economy");
    let html = c
        .get(s.url("/catalogue?field=economy&q=tang+truong"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("2 chỉ số") && html.contains("MONTHLY"),
        "{html}"
    );
    let html = c
        .get(s.url("/indicators/MONTHLY"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Phiếu thuộc tính") && html.contains("Sở Tài chính"));
    let html = c
        .get(s.url("/org/ROOT.A"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("MONTHLY") && html.contains("Chỉ số do đơn vị chủ quản"));
    // Switch to English.
    let r = c
        .get(s.url("/lang/en?next=/catalogue"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["location"], "/catalogue");
    let html = c
        .get(s.url("/catalogue"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("lang=\"en\"")
            && html.contains("Indicator catalogue")
            && html.contains("2 indicators")
    );
    // Off-site redirects are refused.
    let r = c
        .get(s.url("/lang/vi?next=//evil.example"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["location"], "/");
    // Unknown page: localized 404.
    let r = c.get(s.url("/indicators/NOPE")).send().await.unwrap();
    assert_eq!(r.status(), 404);
    let r = c.post(s.url("/logout")).send().await.unwrap();
    assert_eq!(r.status(), 303);
    let r = c.get(s.url("/catalogue")).send().await.unwrap();
    assert_eq!(r.status(), 303, "signed out");
}

async fn demo_province_serves(db: TestDb) {
    let app = chiso_app::App::new(db.store.clone()).await.unwrap();
    let summary = app.load_demo().await.unwrap();
    assert!(summary.indicators >= 150, "{summary:?}");
    assert!(summary.org_units >= 100, "{summary:?}");
    // The demo accounts are not administrators: the first admin is still created, once.
    let generated = app
        .bootstrap_admin(None)
        .await
        .unwrap()
        .expect("admin created after demo");
    assert!(app.login("admin", &generated).await.is_ok());
    assert_eq!(app.bootstrap_admin(None).await.unwrap(), None);
    let (addr, _task) = chiso_web::spawn(app.clone(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let s = Server {
        app,
        base: format!("http://{addr}"),
        db,
    };
    let token = s.token("lanhdao", chiso_app::seed::DEMO_PASSWORD).await;
    let c = client();
    let (st, list) = get_json(&c, &s.url("/api/v1/indicators?per_page=1000"), &token).await;
    assert_eq!(st, 200);
    let items = list["items"].as_array().unwrap();
    assert!(items.len() >= 150 && list["total"].as_u64() == Some(items.len() as u64));
    for i in items {
        for k in ["group", "field", "owner", "source", "unit"] {
            assert!(i[k].as_str().is_some_and(|v| !v.is_empty()), "{k} in {i}");
        }
    }
    let cells = s.app.coverage(None, None).await.unwrap();
    assert_eq!(cells.len(), 30, "every group × field cell is covered");
    // One agency's cells, and the set's: thinner than the whole catalogue.
    let finance: i64 = s
        .app
        .coverage(Some("TM.STC"), None)
        .await
        .unwrap()
        .iter()
        .map(|c| c.2)
        .sum();
    let in_set: i64 = s
        .app
        .coverage(None, Some("BCS_TM"))
        .await
        .unwrap()
        .iter()
        .map(|c| c.2)
        .sum();
    let all: i64 = cells.iter().map(|c| c.2).sum();
    assert!(
        0 < finance && finance < all && 0 < in_set && in_set < all,
        "{finance} {in_set} {all}"
    );
    let html = c
        .get(s.url("/coverage?owner=TM.STC"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("group=input&#38;field=finance&#38;owner=TM.STC\">4<"),
        "cells open their list"
    );
    assert!(
        s.app.load_demo().await.is_err(),
        "demo loads only into an empty database"
    );
    let (_, values) = get_json(
        &c,
        &s.url("/api/v1/data-values?org_unit=TM&subtree=true&per_page=1"),
        &token,
    )
    .await;
    assert!(values["total"].as_i64().unwrap() > 10_000, "{values}");
    let html = c
        .get(s.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Dữ liệu mẫu"), "the sample-data banner shows");
    // The province's dashboard for 2026: every operating indicator assessed; bottlenecks
    // are off track or at risk and getting worse, bright spots on track.
    let token = s.token("admin", &generated).await;
    let (st, d) = get_json(&client(), &s.url("/api/v1/dashboard?year=2026"), &token).await;
    assert_eq!(st, 200, "{d}");
    let items = d["items"].as_array().unwrap();
    assert!(items.len() >= 150, "{}", items.len());
    let counted: u64 = d["counts"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(counted as usize, items.len());
    assert!(
        d["counts"]["off_track"].as_u64().unwrap() > 0,
        "{}",
        d["counts"]
    );
    let status_of =
        |code: &Value| items.iter().find(|i| &i["indicator"] == code).unwrap()["status"].clone();
    for b in d["bottlenecks"].as_array().unwrap() {
        assert!(
            status_of(b) == "off_track" || status_of(b) == "at_risk",
            "{b}"
        );
    }
    for b in d["bright_spots"].as_array().unwrap() {
        assert_eq!(status_of(b), "on_track", "{b}");
    }
    assert!(!d["bright_spots"].as_array().unwrap().is_empty());
    // Small multiples: one panel per indicator of the chosen field; by default the field
    // with the most indicators off track.
    let leader = signed_in(&s, "admin", &generated).await;
    let page = |q: &'static str| {
        let leader = leader.clone();
        let url = s.url(&format!("/dashboard?year=2026{q}"));
        async move { leader.get(url).send().await.unwrap().text().await.unwrap() }
    };
    let fields: std::collections::HashMap<String, chiso_core::indicator::Field> = s
        .app
        .store()
        .all_indicators()
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.indicator.code.to_string(), r.indicator.sheet.field))
        .collect();
    let mut by_field: std::collections::HashMap<chiso_core::indicator::Field, (usize, usize)> =
        std::collections::HashMap::new();
    for i in items {
        let e = by_field
            .entry(fields[i["indicator"].as_str().unwrap()])
            .or_default();
        e.0 += 1;
        e.1 += usize::from(i["status"] == "off_track");
    }
    let html = page("&trends=society").await;
    assert!(
        html.contains("class=\"current\" aria-current=\"page\">Xã hội</a>"),
        "{html}"
    );
    let society = by_field[&chiso_core::indicator::Field::Society].0;
    assert_eq!(html.matches("class=\"multiple-card\"").count(), society);
    assert_eq!(html.matches("<svg class=\"multiple s-").count(), society);
    let worst = chiso_core::indicator::Field::ALL
        .iter()
        .max_by_key(|f| (by_field.get(f).map_or(0, |x| x.1), std::cmp::Reverse(**f)))
        .unwrap();
    let html = page("").await;
    let label = match worst.as_str() {
        "economy" => "Kinh tế",
        "finance" => "Tài chính – Ngân sách",
        "investment" => "Đầu tư – Xây dựng",
        "enterprises" => "Doanh nghiệp",
        "society" => "Xã hội",
        _ => "Hành chính công",
    };
    assert!(
        html.contains(&format!("aria-current=\"page\">{label}</a>")),
        "{worst:?}: {html}"
    );
    // Resolutions 57, 59, 66, 68, 70, 71 and 72 with sample task trees in every state.
    let (_, list) = get_json(&client(), &s.url("/api/v1/resolutions"), &token).await;
    let numbers: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["number"].as_str().unwrap())
        .collect();
    assert_eq!(
        numbers,
        [
            "57-NQ/TW", "59-NQ/TW", "66-NQ/TW", "68-NQ/TW", "70-NQ/TW", "71-NQ/TW", "72-NQ/TW"
        ]
    );
    let mut seen = std::collections::BTreeSet::new();
    for r in list.as_array().unwrap() {
        let url = s.url(&format!(
            "/api/v1/resolutions/{}?as_of=2026-11-22",
            r["code"].as_str().unwrap()
        ));
        let (st, v) = get_json(&client(), &url, &token).await;
        assert_eq!(st, 200, "{v}");
        for t in v["tasks"].as_array().unwrap() {
            seen.insert(t["status"].as_str().unwrap().to_string());
        }
    }
    for status in [
        "done_on_time",
        "done_late",
        "on_track",
        "at_risk",
        "delayed",
        "overdue",
    ] {
        assert!(
            seen.contains(status),
            "{status} missing from the demo: {seen:?}"
        );
    }
}

async fn formulas_are_checked_against_the_catalogue(db: TestDb) {
    let s = start(db).await;
    let admin = small_province(&s).await;
    let c = client();
    let url = s.url("/api/v1/indicators");
    let with_formula = |code: &str, formula: &str| {
        let mut j = indicator_json(code, "month", "number");
        j["formula"] = json!(formula);
        j
    };
    // A typo in a code: named with its column and the likely intended code.
    let (st, body) = post_json(
        &c,
        &url,
        &admin,
        &with_formula("RATIO", "#{MONTHLY} / #{YEARLYY}"),
    )
    .await;
    assert_eq!(st, 422, "{body}");
    assert_eq!(body["error"]["code"], "formula.unknown_indicator_hint");
    assert_eq!(body["error"]["field"], "formula");
    assert_eq!(
        body["error"]["message_en"],
        "Unknown indicator YEARLYY at column 14; did you mean YEARLY?"
    );
    assert_eq!(
        body["error"]["message_vi"],
        "Chỉ số YEARLYY không có trong danh mục (cột 14); có phải là YEARLY?"
    );
    let (st, body) = post_json(
        &c,
        &url,
        &admin,
        &with_formula("RATIO", "#{MONTHLY} / (#{YEARLY} + "),
    )
    .await;
    assert_eq!(
        (st.as_u16(), body["error"]["code"].as_str()),
        (422, Some("formula.unexpected_end"))
    );
    let (_, body) = get_json(&c, &s.url("/api/v1/indicators/RATIO"), &admin).await;
    assert_eq!(
        body["error"]["code"], "indicator.unknown",
        "nothing was written"
    );
    // A circle among computed indicators is refused, naming it.
    let (st, body) = post_json(&c, &url, &admin, &with_formula("X1", "#{MONTHLY} + 1")).await;
    assert_eq!(st, 201, "{body}");
    let (st, body) = post_json(&c, &url, &admin, &with_formula("X2", "prev(#{X1}) * 2")).await;
    assert_eq!(st, 201, "{body}");
    let (st, body) = put_json(
        &c,
        &s.url("/api/v1/indicators/X1"),
        &admin,
        &with_formula("X1", "#{X2} / 2"),
    )
    .await;
    assert_eq!(st, 422, "{body}");
    assert_eq!(body["error"]["code"], "formula.cycle");
    assert_eq!(
        body["error"]["message_en"],
        "Circular reference among computed indicators: X1 → X2 → X1"
    );
}

async fn post_bytes(
    c: &reqwest::Client,
    url: &str,
    token: &str,
    body: Vec<u8>,
) -> (StatusCode, Value) {
    let r = c
        .post(url)
        .bearer_auth(token)
        .body(body)
        .send()
        .await
        .unwrap();
    let st = r.status();
    (st, r.json().await.unwrap())
}

/// A workbook with the given header row and rows, as a person might type it.
fn workbook(rows: &[&[&str]]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (i, row) in rows.iter().enumerate() {
        for (j, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                ws.write_string(i as u32, j as u16, *cell).unwrap();
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

async fn catalogue_excel_round_trip(db: TestDb) {
    use calamine::Reader;
    let s = start(db).await;
    let admin = small_province(&s).await;
    let c = client();
    let export = c
        .get(s.url("/api/v1/indicators/export?format=xlsx"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(export.status(), 200);
    assert_eq!(
        export.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let bytes = export.bytes().await.unwrap().to_vec();
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.clone())).unwrap();
    assert_eq!(wb.sheet_names(), ["Chỉ số", "Danh sách chọn"]);
    let sheet = wb.worksheet_range("Chỉ số").unwrap();
    let header: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        &header[..4],
        [
            "Mã chỉ số *",
            "Tên (tiếng Việt) *",
            "Tên (tiếng Anh) *",
            "Tên ngắn"
        ]
    );
    let monthly = sheet.rows().find(|r| r[0] == "MONTHLY").unwrap();
    assert_eq!(
        monthly[4].to_string(),
        "Kết quả nhiệm vụ (đầu ra)",
        "choices are written as labels"
    );
    assert_eq!(monthly[6].to_string(), "ROOT.A — Sở Tài chính");
    let lists = wb.worksheet_range("Danh sách chọn").unwrap();
    assert!(
        lists
            .rows()
            .any(|r| { r.iter().any(|c| *c == "Kết quả chính sách (tác động)") })
    );

    // The export imports back unchanged: nothing to write, no audit record.
    let audit_before = s.app.store().audit_events().await.unwrap().len();
    let url = s.url("/api/v1/indicators/import");
    let (st, report) = post_bytes(&c, &url, &admin, bytes.clone()).await;
    assert_eq!(st, 200, "{report}");
    assert_eq!(
        (
            report["created"].as_u64(),
            report["updated"].as_u64(),
            report["unchanged"].as_u64()
        ),
        (Some(0), Some(0), Some(2))
    );
    assert_eq!(
        s.app.store().audit_events().await.unwrap().len(),
        audit_before
    );

    // A workbook typed by hand: headers without accents, choices as labels, a new indicator,
    // a renamed one and three bad rows.
    let head: &[&str] = &[
        "Ma chi so",
        "Ten (tieng Viet)",
        "Tên (tiếng Anh)",
        "Nhóm chỉ số",
        "Lĩnh vực",
        "Cơ quan chủ quản",
        "Nguồn dữ liệu",
        "Đơn vị tính",
        "Kỳ báo cáo",
        "Công thức",
    ];
    let good_new: &[&str] = &[
        "FIN_RATIO",
        "Tỷ lệ tháng trên năm",
        "Monthly over yearly",
        "ket qua nhiem vu (dau ra)",
        "Kinh tế",
        "ROOT.A",
        "Sở Tài chính",
        "%",
        "Năm",
        "#{MONTHLY} / #{YEARLY} * 100",
    ];
    let renamed: &[&str] = &[
        "MONTHLY",
        "Chỉ số tháng (đổi tên)",
        "Monthly (renamed)",
        "output",
        "economy",
        "Sở Tài chính",
        "Sở Tài chính",
        "hồ sơ",
        "month",
        "",
    ];
    let bad: &[&str] = &[
        "BAD_ONE",
        "Chỉ số lỗi",
        "Bad one",
        "Đầu rа",
        "Kinh tế",
        "ROOT.A",
        "Sở Tài chính",
        "",
        "Năm",
        "",
    ];
    let bad_formula: &[&str] = &[
        "BAD_TWO",
        "Chỉ số lỗi 2",
        "Bad two",
        "output",
        "economy",
        "ROOT.ZZ",
        "x",
        "%",
        "year",
        "#{MONTHLI} * 2",
    ];
    let duplicate: &[&str] = &[
        "FIN_RATIO",
        "Trùng mã",
        "Same code",
        "output",
        "economy",
        "ROOT.A",
        "x",
        "%",
        "year",
        "",
    ];
    let file = workbook(&[head, good_new, renamed, bad, bad_formula, duplicate]);
    let (st, report) = post_bytes(&c, &format!("{url}?dry_run=true"), &admin, file.clone()).await;
    assert_eq!(st, 422, "{report}");
    let problems: Vec<(u64, String, String)> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["row"].as_u64().unwrap(),
                p["field"].as_str().unwrap_or("").to_string(),
                p["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        problems,
        [
            (4, "group".into(), "sheet.not_a_choice".into()),
            (4, "unit".into(), "sheet.required".into()),
            (5, "owner".into(), "org.unknown".into()),
            (6, "code".into(), "import.duplicate_code".into()),
        ],
        "{report}"
    );
    let first = &report["problems"][0];
    assert!(
        first["message_vi"]
            .as_str()
            .unwrap()
            .contains("Nhóm chỉ số: «Đầu rа» không thuộc danh sách cho phép"),
        "{first}"
    );
    assert_eq!(report["written"], false);
    // Without the dry run the same file writes nothing either.
    let (st, _) = post_bytes(&c, &url, &admin, file).await;
    assert_eq!(st, 422);
    let (st, _) = get_json(&c, &s.url("/api/v1/indicators/FIN_RATIO"), &admin).await;
    assert_eq!(st, 404, "nothing was written");
    // A formula typo is caught by row, with the likely code.
    let fixed_owner: &[&str] = &[
        "BAD_TWO",
        "Chỉ số lỗi 2",
        "Bad two",
        "output",
        "economy",
        "ROOT.A",
        "x",
        "%",
        "year",
        "#{MONTHLI} * 2",
    ];
    let (st, report) = post_bytes(&c, &url, &admin, workbook(&[head, good_new, fixed_owner])).await;
    assert_eq!(st, 422, "{report}");
    assert_eq!(report["problems"][0]["row"], 3);
    assert_eq!(
        report["problems"][0]["code"],
        "formula.unknown_indicator_hint"
    );
    // The good rows alone: one created (step 1), one updated (new name, same definition).
    let (st, report) = post_bytes(&c, &url, &admin, workbook(&[head, good_new, renamed])).await;
    assert_eq!(st, 200, "{report}");
    assert_eq!(
        (
            report["created"].as_u64(),
            report["updated"].as_u64(),
            report["written"].as_bool()
        ),
        (Some(1), Some(1), Some(true))
    );
    let (_, body) = get_json(&c, &s.url("/api/v1/indicators/FIN_RATIO"), &admin).await;
    assert_eq!(body["group"], "output");
    assert_eq!(body["formula"], "#{MONTHLY} / #{YEARLY} * 100");
    let (_, body) = get_json(&c, &s.url("/api/v1/indicators/MONTHLY"), &admin).await;
    assert_eq!(body["name_vi"], "Chỉ số tháng (đổi tên)");
    assert_eq!(body["version"], 1, "a new name is not a new definition");

    // JSON: export, import back unchanged.
    let json = c
        .get(s.url("/api/v1/indicators/export?format=json"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap()
        .to_vec();
    let (st, report) = post_bytes(&c, &url, &admin, json).await;
    assert_eq!(st, 200, "{report}");
    assert_eq!(report["unchanged"], 3);
    // A data officer may not change the catalogue: every row says so.
    let officer = s.token("aofficer", "pw-123456").await;
    let (st, report) = post_bytes(&c, &url, &officer, workbook(&[head, renamed])).await;
    assert_eq!(st, 422);
    assert_eq!(report["problems"][0]["code"], "forbidden");
    // Not a workbook at all.
    let (st, body) = post_bytes(
        &c,
        &format!("{url}?format=xlsx"),
        &admin,
        b"PK not a zip".to_vec(),
    )
    .await;
    assert_eq!(st, 422);
    assert_eq!(body["error"]["code"], "import.unreadable");
}

/// Writes rows of texts as a workbook's first sheet.
fn workbook_of(rows: &[Vec<String>]) -> Vec<u8> {
    let refs: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let slices: Vec<&[&str]> = refs.iter().map(|r| r.as_slice()).collect();
    workbook(&slices)
}

async fn demo_catalogue_through_excel_into_a_new_database(db: TestDb) {
    use calamine::Reader;
    let labels = chiso_web::i18n::catalogue_labels();
    let a = chiso_app::App::new(db.store.clone()).await.unwrap();
    a.load_demo().await.unwrap();
    let bytes = a.export_catalogue_xlsx(labels, 0).await.unwrap();
    // A new database with the demo province's units but no indicators.
    let db2 = match db.store.backend() {
        chiso_store::Backend::Sqlite => chiso_store::testing::sqlite().await,
        chiso_store::Backend::Postgres => chiso_store::testing::postgres().await.unwrap(),
    };
    let b = chiso_app::App::new(db2.store.clone()).await.unwrap();
    assert!(b.load_demo_organisation().await.unwrap() >= 100);
    b.bootstrap_admin(Some(ADMIN_PASSWORD.into()))
        .await
        .unwrap();
    let session = b.login("admin", ADMIN_PASSWORD).await.unwrap();
    let admin = b.principal_for_session(&session).await.unwrap().unwrap();
    let rows = b.read_catalogue_xlsx(&bytes, labels).unwrap();
    assert_eq!(rows.len(), 184);
    let report = b
        .import_catalogue(&admin, rows, labels, false)
        .await
        .unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(
        report.count(chiso_app::catalogue_io::RowAction::Create),
        184
    );
    assert_eq!(
        a.export_catalogue_json().await.unwrap(),
        b.export_catalogue_json().await.unwrap(),
        "the same catalogue"
    );

    // 200 rows (the 184 plus 16 new ones) with 3 bad: 3 precise messages, nothing written.
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let range = wb.worksheet_range("Chỉ số").unwrap();
    let mut cells: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let head = cells[0].clone();
    let col = |name: &str| {
        head.iter()
            .position(|h| h.trim_end_matches(" *") == name)
            .unwrap()
    };
    for i in 0..16 {
        let mut r = cells[1 + i].clone();
        r[col("Mã chỉ số")] = format!("NEW_{i:02}");
        r[col("Tên (tiếng Việt)")] = format!("Chỉ số mới số {i}");
        r[col("Tên (tiếng Anh)")] = format!("New indicator {i}");
        cells.push(r);
    }
    assert_eq!(cells.len(), 201, "a header and 200 rows");
    cells[10][col("Nhóm chỉ số")] = "Đầu raa".into();
    cells[50][col("Cơ quan chủ quản")] = "TM.SKHONGCO".into();
    cells[190][col("Đơn vị tính")] = String::new();
    let file = workbook_of(&cells);
    let rows = b.read_catalogue_xlsx(&file, labels).unwrap();
    let report = b
        .import_catalogue(&admin, rows, labels, false)
        .await
        .unwrap();
    let found: Vec<(Option<usize>, Option<&str>, &str)> = report
        .problems
        .iter()
        .map(|p| (p.row, p.field.as_deref(), p.code))
        .collect();
    assert_eq!(
        found,
        [
            (Some(11), Some("group"), "sheet.not_a_choice"),
            (Some(51), Some("owner"), "org.unknown"),
            (Some(191), Some("unit"), "sheet.required"),
        ]
    );
    let cell_of =
        |p: &chiso_app::Problem| p.args.iter().find(|a| a.0 == "cell").map(|a| a.1.clone());
    assert_eq!(cell_of(&report.problems[0]).as_deref(), Some("E"));
    assert_eq!(cell_of(&report.problems[1]).as_deref(), Some("G"));
    assert!(!report.written);
    assert_eq!(
        b.store().all_indicators().await.unwrap().len(),
        184,
        "nothing written"
    );
}

async fn coverage_and_candidate_screening_api(db: TestDb) {
    let s = start(db).await;
    let admin = small_province(&s).await;
    let c = client();
    let (st, body) = get_json(&c, &s.url("/api/v1/coverage"), &admin).await;
    assert_eq!(st, 200, "{body}");
    assert_eq!(
        (body["total"].as_i64(), body["empty"].as_u64()),
        (Some(2), Some(29))
    );
    assert_eq!(body["cells"].as_array().unwrap().len(), 30);
    let cell = body["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["group"] == "output" && c["field"] == "economy")
        .unwrap();
    assert_eq!(cell["count"], 2);
    let (_, body) = get_json(&c, &s.url("/api/v1/coverage?owner=ROOT.A"), &admin).await;
    assert_eq!(body["total"], 2);
    let (st, body) = get_json(&c, &s.url("/api/v1/coverage?owner=NOPE"), &admin).await;
    assert_eq!(
        (st.as_u16(), body["error"]["field"].as_str()),
        (422, Some("owner")),
        "{body}"
    );
    // A candidate typed without diacritics finds the indicator it duplicates.
    let url = s.url("/api/v1/indicators/duplicates");
    let (st, body) = post_json(
        &c,
        &url,
        &admin,
        &json!({"name_vi": "chi so MONTHLY tang truong", "frequency": "month"}),
    )
    .await;
    assert_eq!(st, 200, "{body}");
    assert_eq!(body[0]["code"], "MONTHLY");
    assert_eq!(body[0]["likely"], true);
    let (st, body) = post_json(&c, &url, &admin, &json!({"name": "x"})).await;
    assert_eq!(st, 422);
    assert_eq!(body["error"]["code"], "json.unknown_field");
}

async fn entry_form_saves_submits_and_refuses_non_owners(db: TestDb) {
    let s = start(db).await;
    let admin = small_province(&s).await;
    // An indicator only its owner agency reports.
    let mut j = indicator_json("OWNED_ONLY", "month", "number");
    j["reporting_level"] = json!("owner");
    let (st, body) = post_json(&client(), &s.url("/api/v1/indicators"), &admin, &j).await;
    assert_eq!(st, 201, "{body}");
    let c = signed_in(&s, "officer", "pw-123456").await;
    let page = |c: reqwest::Client, url: String| async move {
        let r = c.get(url).send().await.unwrap();
        (r.status(), r.text().await.unwrap())
    };
    let (st, html) = page(c.clone(), s.url("/entry?period=2025-03")).await;
    assert_eq!(st, 200);
    assert!(
        html.contains("Xã Đông Hòa"),
        "the officer's own unit by default"
    );
    assert!(html.contains("Chỉ số MONTHLY tăng trưởng"), "{html}");
    assert!(!html.contains("OWNED_ONLY"), "only what the unit reports");
    assert!(html.contains("Đã nhập 0/1 chỉ số"));
    assert!(html.contains("Tháng 3/2025"), "the period in words");
    // A value that is not a whole number: refused on its line, what was typed is kept.
    let form = |v: &str, action: &str| {
        vec![
            ("unit", "ROOT.C1".to_string()),
            ("period", "2025-03".to_string()),
            ("v:MONTHLY", v.to_string()),
            ("c:MONTHLY", "Số liệu tạm tính".to_string()),
            ("action", action.to_string()),
        ]
    };
    let r = c
        .post(s.url("/entry"))
        .form(&form("12,5", "draft"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("class=\"bad-row\""), "{html}");
    assert!(html.contains("value=\"12,5\""), "typed value kept");
    assert!(
        html.contains("Giá trị 12.5 phải là số nguyên") || html.contains("phải là số nguyên"),
        "{html}"
    );
    // Saved as a draft, then submitted.
    // "1.234" on a Vietnamese page is one thousand two hundred and thirty-four.
    let r = c
        .post(s.url("/entry"))
        .form(&form("1.234", "draft"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let (_, html) = page(c.clone(), s.url(r.headers()["location"].to_str().unwrap())).await;
    assert!(
        html.contains("Đã lưu nháp.") && html.contains("s-draft"),
        "{html}"
    );
    assert!(html.contains("value=\"1234\"") && html.contains("Đã nhập 1/1 chỉ số"));
    let r = c
        .post(s.url("/entry"))
        .form(&form("1234", "submit"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let (_, body) = get_json(
        &client(),
        &s.url("/api/v1/data-values?indicator=MONTHLY&org_unit=ROOT.C1"),
        &admin,
    )
    .await;
    assert_eq!(body["items"][0]["status"], "submitted", "{body}");
    assert_eq!(body["items"][0]["comment"], "Số liệu tạm tính");
    // Writing a value of an indicator the commune does not report, through the page: 403
    // naming the owner.
    let r = c
        .post(s.url("/entry"))
        .form(&[
            ("unit", "ROOT.C1"),
            ("period", "2025-03"),
            ("v:OWNED_ONLY", "5"),
            ("action", "submit"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("Chỉ số OWNED_ONLY do Sở Tài chính (ROOT.A) chủ quản"),
        "{html}"
    );
    // Another commune's sheet is out of reach.
    let (st, _) = page(c.clone(), s.url("/entry?unit=ROOT.C2&period=2025-03")).await;
    assert_eq!(st, 403);
}

async fn put_rows(
    c: &reqwest::Client,
    url: &str,
    token: &str,
    body: &Value,
) -> (StatusCode, Value) {
    let r = c
        .put(url)
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap();
    let st = r.status();
    (st, r.json().await.unwrap())
}

async fn analytics_roll_up_status_and_comparisons(db: TestDb) {
    let s = start(db).await;
    let admin = small_province(&s).await;
    let c = client();
    let mut rows = Vec::new();
    for (unit, period, v) in [
        ("ROOT.C1", "2025-01", 10),
        ("ROOT.C1", "2025-02", 20),
        ("ROOT.C1", "2025-03", 30),
        ("ROOT.C2", "2025-01", 5),
        ("ROOT.C2", "2025-02", 5),
        ("ROOT.C1", "2024-03", 8),
        ("ROOT.C2", "2024-03", 4),
    ] {
        rows.push(json!({"indicator": "MONTHLY", "org_unit": unit, "period": period, "value": v}));
    }
    let (st, body) = post_json(&c, &s.url("/api/v1/data-values"), &admin, &json!(rows)).await;
    assert_eq!(st, 200, "{body}");
    // Targets are the leadership's.
    let target =
        json!([{"indicator": "MONTHLY", "org_unit": "ROOT", "period": "2025", "value": 400}]);
    let officer = s.token("officer", "pw-123456").await;
    let (st, body) = put_rows(&c, &s.url("/api/v1/targets"), &officer, &target).await;
    assert_eq!(st, 403, "{body}");
    let leader = s.token("leader", "pw-123456").await;
    let (st, body) = put_rows(&c, &s.url("/api/v1/targets"), &leader, &target).await;
    assert_eq!(
        (st.as_u16(), body["written"].as_u64()),
        (200, Some(1)),
        "{body}"
    );

    let get = |q: &str| {
        let c = c.clone();
        let url = s.url(&format!("/api/v1/analysis?{q}"));
        let token = admin.clone();
        async move {
            let r = c
                .get(url)
                .bearer_auth(token)
                .header("accept-language", "en")
                .send()
                .await
                .unwrap();
            let st = r.status();
            (st, r.json::<Value>().await.unwrap())
        }
    };
    // March for the province: only one commune reported; the other is named.
    let (st, a) = get("indicator=MONTHLY&org_unit=ROOT&period=2025-03").await;
    assert_eq!(st, 200, "{a}");
    assert_eq!(a["value"], 30.0);
    assert_eq!(a["reporting"], 1);
    assert_eq!(a["missing"], json!(["ROOT.C2"]));
    assert_eq!(
        (a["previous"].as_f64(), a["last_year"].as_f64()),
        (Some(25.0), Some(12.0))
    );
    // A flow against an annual target: 70 so far against 400 × 90/365.
    assert_eq!(a["compared"], 70.0);
    assert!((a["expected"].as_f64().unwrap() - 400.0 * 90.0 / 365.0).abs() < 1e-9);
    assert_eq!(a["status"], "off_track");
    assert_eq!(
        a["reason"],
        "Off track: 70 hồ sơ so far this year against 99 hồ sơ on the trajectory (71%); target for 2025: 400 hồ sơ"
    );
    assert_eq!(a["trend"].as_array().unwrap().len(), 12);
    assert_eq!(a["trend"][9], json!({"key": "2025-01", "value": 15.0}));
    // A quarter covers its months; both communes reported in it.
    let (_, a) = get("indicator=MONTHLY&org_unit=ROOT&period=2025Q1").await;
    assert_eq!(
        (a["value"].as_f64(), a["reporting"].as_u64()),
        (Some(70.0), Some(2))
    );
    assert_eq!(a["missing"], json!([]));
    // Peers: the communes, ranked.
    let (_, a) = get("indicator=MONTHLY&org_unit=ROOT.C2&period=2025Q1").await;
    assert_eq!(
        a["peers"],
        json!([{"key": "ROOT.C1", "value": 60.0}, {"key": "ROOT.C2", "value": 10.0}])
    );
    assert_eq!(
        (
            a["rank"].as_u64(),
            a["ranked"].as_u64(),
            a["peer_average"].as_f64()
        ),
        (Some(2), Some(2), Some(35.0))
    );
    // Approved values only: none yet.
    let (_, a) = get("indicator=MONTHLY&org_unit=ROOT&period=2025-03&approved_only=true").await;
    assert_eq!(
        (a["status"].as_str(), a["reason"].as_str()),
        (Some("no_data"), Some("No data for March 2025"))
    );
    // Submitted, then approved by an approver of the owner (not by a data officer): now
    // it counts among approved values.
    let row = json!([{"indicator": "MONTHLY", "org_unit": "ROOT.C1", "period": "2025-03", "value": 30, "status": "submitted"}]);
    let (st, body) = post_json(&c, &s.url("/api/v1/data-values"), &admin, &row).await;
    assert_eq!(st, 200, "{body}");
    let approve = json!({"indicator": "MONTHLY", "org_unit": "ROOT", "subtree": true});
    let (st, _) = post_json(
        &c,
        &s.url("/api/v1/data-values/approve"),
        &officer,
        &approve,
    )
    .await;
    assert_eq!(st, 403);
    let (st, body) = post_json(&c, &s.url("/api/v1/data-values/approve"), &admin, &approve).await;
    assert_eq!(
        (st.as_u16(), body["approved"].as_u64()),
        (200, Some(7)),
        "every submitted value of the subtree: {body}"
    );
    let (_, a) = get("indicator=MONTHLY&org_unit=ROOT&period=2025-03&approved_only=true").await;
    assert_eq!(
        (a["value"].as_f64(), a["reporting"].as_u64()),
        (Some(30.0), Some(1))
    );
    // An approved value is settled: entry cannot overwrite it.
    let row =
        json!([{"indicator": "MONTHLY", "org_unit": "ROOT.C1", "period": "2025-03", "value": 31}]);
    let (st, _) = post_json(&c, &s.url("/api/v1/data-values"), &admin, &row).await;
    assert_eq!(st, 409);
    // A computed indicator: the formula on the rolled-up reference.
    let mut j = indicator_json("DOUBLE", "month", "number");
    j["formula"] = json!("#{MONTHLY} * 2");
    let (st, body) = post_json(&c, &s.url("/api/v1/indicators"), &admin, &j).await;
    assert_eq!(st, 201, "{body}");
    let (_, a) = get("indicator=DOUBLE&org_unit=ROOT&period=2025Q1").await;
    assert_eq!(a["value"], 140.0);

    // The analytics table: two indicators × the units of level 2 × two periods.
    let table = |q: &str| {
        let c = c.clone();
        let url = s.url(&format!("/api/v1/analytics?{q}"));
        let token = admin.clone();
        async move {
            let r = c
                .get(url)
                .bearer_auth(token)
                .header("accept-language", "en")
                .send()
                .await
                .unwrap();
            let st = r.status().as_u16();
            let mime = r
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            (st, mime, r.bytes().await.unwrap().to_vec())
        }
    };
    let (st, _, body) =
        table("indicator=MONTHLY,DOUBLE&org=ROOT&period=2025-03,2025Q1&level=2").await;
    let t: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(st, 200, "{t}");
    let rows = t["rows"].as_array().unwrap();
    assert_eq!(
        rows.len(),
        8,
        "2 communes × 2 indicators × 2 periods; the agency reports neither: {t}"
    );
    let row = |unit: &str, ind: &str, period: &str| {
        rows.iter()
            .find(|r| r["org_unit"] == unit && r["indicator"] == ind && r["period"] == period)
            .unwrap_or_else(|| panic!("no row {unit} {ind} {period}"))
            .clone()
    };
    let c1 = row("ROOT.C1", "MONTHLY", "2025Q1");
    assert_eq!(
        (
            c1["value"].as_f64(),
            c1["reporting"].as_u64(),
            c1["expected"].as_u64()
        ),
        (Some(60.0), Some(1), Some(1))
    );
    assert_eq!(row("ROOT.C1", "DOUBLE", "2025Q1")["value"], 120.0);
    // A computed indicator keeps its row where it has no value: that is missing data.
    assert_eq!(row("ROOT.C2", "DOUBLE", "2025-03")["status"], "no_data");
    let c2 = row("ROOT.C2", "MONTHLY", "2025-03");
    assert_eq!(
        (
            c2["value"].is_null(),
            c2["reporting"].as_u64(),
            c2["expected"].as_u64(),
            c2["status"].as_str(),
            c2["org_unit_name"].as_str()
        ),
        (
            true,
            Some(0),
            Some(1),
            Some("no_data"),
            Some("Phường Tây Sơn")
        )
    );
    assert_eq!(c2["reason"], "No data for March 2025");
    // The agency at level 2 reports no commune indicator and has no value: no row.
    assert!(rows.iter().all(|r| r["org_unit"] != "ROOT.A"), "{t}");
    // Without a level, the unit itself, with its target and the same status as its
    // analysis.
    let (_, _, body) = table("indicator=MONTHLY&org_unit=ROOT&period=2025").await;
    let t: Value = serde_json::from_slice(&body).unwrap();
    let (_, a) = get("indicator=MONTHLY&org_unit=ROOT&period=2025").await;
    assert_eq!(t["rows"].as_array().map(Vec::len), Some(1), "{t}");
    let r = &t["rows"][0];
    assert_eq!(
        (
            &r["value"],
            &r["reporting"],
            &r["target"],
            &r["target_period"]
        ),
        (&json!(70.0), &json!(2), &json!(400.0), &json!("2025"))
    );
    assert_eq!((&r["status"], &r["reason"]), (&a["status"], &a["reason"]));
    // CSV and Excel, for leaders' own tables.
    let (st, mime, body) =
        table("indicator=MONTHLY&org=ROOT&period=2025-03&level=2&format=csv").await;
    assert_eq!((st, mime.as_str()), (200, "text/csv; charset=utf-8"));
    let text = String::from_utf8(body).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "indicator,org_unit,org_unit_name,period,value,reporting,expected,target,target_period,status,reason"
    );
    assert!(
        lines.contains(
            &"MONTHLY,ROOT.C1,Xã Đông Hòa,2025-03,30,1,1,,,no_target,30 hồ sơ; no target to compare with"
        ),
        "{text}"
    );
    let (st, _, body) =
        table("indicator=MONTHLY&org=ROOT&period=2025-03&level=2&format=xlsx").await;
    assert_eq!(st, 200);
    {
        use calamine::Reader;
        let mut wb: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(body)).unwrap();
        let range = wb.worksheet_range("Analytics").unwrap();
        let cells: Vec<Vec<calamine::Data>> = range.rows().map(<[_]>::to_vec).collect();
        assert_eq!(cells[0][0].to_string(), "Indicator code");
        let c1 = cells.iter().find(|r| r[1] == "ROOT.C1").unwrap();
        assert_eq!(c1[4], calamine::Data::Float(30.0), "a number, not text");
        assert_eq!(c1[9].to_string(), "No target");
    }
    // Bad requests say what is wrong, on which parameter.
    for (q, status, code, field) in [
        (
            "indicator=MONTHLY&org=ROOT.C1&period=2025&level=1",
            422,
            "analytics.level_above_unit",
            "level",
        ),
        (
            "indicator=MONTHLY&period=2025&format=pdf",
            422,
            "analytics.bad_format",
            "format",
        ),
        (
            "indicator=MONTHLY,NOPE&period=2025",
            404,
            "indicator.unknown",
            "indicator",
        ),
        (
            "indicator=YEARLY&period=2025,2025-03",
            422,
            "analytics.period_too_short",
            "period",
        ),
        (
            "indicator=MONTHLY&period=2025,20x5",
            422,
            "period.invalid",
            "period",
        ),
        (
            "indicator=,&period=2025",
            422,
            "error.required",
            "indicator",
        ),
    ] {
        let (st, _, body) = table(q).await;
        let e: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(
            (
                st,
                e["error"]["code"].as_str(),
                e["error"]["field"].as_str()
            ),
            (status, Some(code), Some(field)),
            "{q}: {e}"
        );
    }
    // A month is shorter than a yearly indicator's period.
    let (st, a) = get("indicator=YEARLY&org_unit=ROOT&period=2025-03").await;
    assert_eq!(
        (st.as_u16(), a["error"]["code"].as_str()),
        (422, Some("analytics.period_too_short"))
    );
}

async fn submissions_on_time_late_missing(db: TestDb) {
    use chrono::Datelike;
    let s = start(db).await;
    let admin = small_province(&s).await;
    let c = client();
    // A month whose data closes in the future, and one long past.
    let today = chrono::Utc::now().date_naive();
    let ahead =
        chiso_core::period::Period::containing(chiso_core::period::PeriodType::Month, today)
            .offset(2);
    let rows = json!([
        {"indicator": "MONTHLY", "org_unit": "ROOT.C1", "period": ahead.to_string(), "value": 1, "status": "submitted"},
        {"indicator": "MONTHLY", "org_unit": "ROOT.C1", "period": "2025-03", "value": 1, "status": "submitted"},
        {"indicator": "MONTHLY", "org_unit": "ROOT.C2", "period": "2025-03", "value": 1, "status": "draft"},
    ]);
    let (st, body) = post_json(&c, &s.url("/api/v1/data-values"), &admin, &rows).await;
    assert_eq!(st, 200, "{body}");
    // An owner-reported indicator: the owner agency reports the province's figure.
    let mut j = indicator_json("OWNED_ONLY", "month", "number");
    j["reporting_level"] = json!("owner");
    let (st, body) = post_json(&c, &s.url("/api/v1/indicators"), &admin, &j).await;
    assert_eq!(st, 201, "{body}");
    let row = json!([{"indicator": "OWNED_ONLY", "org_unit": "ROOT", "period": ahead.to_string(), "value": 7, "status": "submitted"}]);
    let (st, body) = post_json(&c, &s.url("/api/v1/data-values"), &admin, &row).await;
    assert_eq!(st, 200, "{body}");
    let get = |q: String| {
        let c = c.clone();
        let token = admin.clone();
        let url = s.url(&format!("/api/v1/submissions?{q}"));
        async move { get_json(&c, &url, &token).await }
    };
    // Before the month closes: C1 already in (on time), C2 not due yet.
    let (st, r) = get(format!("period={ahead}&as_of={today}")).await;
    assert_eq!(st, 200, "{r}");
    assert_eq!(r["totals"], json!({"on_time": 2, "not_due": 1}), "{r}");
    let agency = r["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["org_unit"] == "ROOT.A")
        .unwrap();
    assert_eq!(
        agency["counts"],
        json!({"on_time": 1}),
        "the owner is credited: {r}"
    );
    // After the deadline (the 16th for communes): C2 is missing.
    let after = chiso_core::calendar::deadline(
        &ahead,
        chiso_core::calendar::Level::Commune,
        &chiso_core::calendar::Deadlines::default(),
    )
    .unwrap()
    .succ_opt()
    .unwrap();
    assert_eq!(after.day(), 17);
    let (_, r) = get(format!("period={ahead}&as_of={after}")).await;
    assert_eq!(r["totals"], json!({"on_time": 2, "missing": 1}), "{r}");
    assert_eq!(
        r["units"][0]["org_unit"], "ROOT.C2",
        "the unit missing most comes first"
    );
    assert_eq!(r["units"][0]["missing"], json!(["MONTHLY"]));
    // The punctuality ranking over the two months up to it: C1 and the agency were on time
    // in the last one (½ on average, sharing first place), C2 never.
    let who = s
        .app
        .principal_for_username("admin")
        .await
        .unwrap()
        .unwrap();
    let ranking = s
        .app
        .timeliness_ranking(&who, "ROOT", ahead, 2, after)
        .await
        .unwrap();
    let places: Vec<(String, usize, f64, Vec<Option<f64>>)> = ranking
        .iter()
        .map(|r| {
            (
                r.unit.code.to_string(),
                r.rank,
                r.average,
                r.on_time.clone(),
            )
        })
        .collect();
    assert_eq!(
        places,
        vec![
            ("ROOT.A".into(), 1, 0.5, vec![Some(0.0), Some(1.0)]),
            ("ROOT.C1".into(), 1, 0.5, vec![Some(0.0), Some(1.0)]),
            ("ROOT.C2".into(), 3, 0.0, vec![Some(0.0), Some(0.0)]),
        ]
    );
    assert_eq!(
        r["units"][0]["deadline"],
        json!(after.pred_opt().unwrap().to_string())
    );
    // March 2025: C1 submitted long after its deadline (late); C2's draft does not count.
    let (_, r) = get("period=2025-03".into()).await;
    assert_eq!(r["totals"], json!({"late": 1, "missing": 2}), "{r}");
    // The page says the same, in words.
    let page = signed_in(&s, "leader", "pw-123456").await;
    let html = page
        .get(s.url("/submissions?period=2025-03"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Trễ hạn") && html.contains("Quá hạn chưa nộp"),
        "{html}"
    );
    assert!(html.contains("Tháng 3/2025"));
    assert!(
        html.contains("id=\"ranking-best\""),
        "the punctuality ranking is shown"
    );
    // Both tables export to Excel as shown.
    use calamine::Reader;
    let sheet_of = |bytes: Vec<u8>| -> Vec<Vec<String>> {
        let mut wb: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let range = wb.worksheet_range_at(0).unwrap().unwrap();
        range
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    };
    let bytes = page
        .get(s.url("/submissions?period=2025-03&format=xlsx"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap()
        .to_vec();
    let rows = sheet_of(bytes);
    assert_eq!(rows[0][0], "Đơn vị");
    assert_eq!(
        rows.len(),
        4,
        "a header and ROOT.C1, ROOT.C2, ROOT.A: {rows:?}"
    );
    let bytes = page
        .get(s.url("/dashboard?year=2025&format=xlsx"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap()
        .to_vec();
    let rows = sheet_of(bytes);
    assert_eq!(rows[0][..2], ["Mã chỉ số", "Tên chỉ số"]);
    assert!(rows.iter().any(|r| r[0] == "MONTHLY"), "{rows:?}");
}

/// The page's task form assigns a task with coordinating units; the coordinator sees it on
/// its own list without a progress form; a lead cannot coordinate its own task; documents are
/// attached by the province's task managers only; a report's evidence is linked from the task
/// and downloads intact.
async fn tasks_with_coordinators_documents_and_evidence(db: TestDb) {
    let s = start(db).await;
    small_province(&s).await;
    s.app
        .create_user_unchecked(&chiso_app::auth::UserSpec {
            username: "officer2".into(),
            full_name: "Cán bộ xã Tây Sơn".into(),
            password: "pw-123456".into(),
            grants: vec![(chiso_core::access::Role::DataOfficer, "ROOT.C2".into())],
        })
        .await
        .unwrap();
    let c = client();
    let leader = s.token("leader", "pw-123456").await;
    let resolution = json!({"code": "NQ57", "number": "57-NQ/TW", "title": "Chuyển đổi số", "issuer": "Bộ Chính trị", "issued_on": "2024-12-22"});
    let (st, body) = post_json(&c, &s.url("/api/v1/resolutions"), &leader, &resolution).await;
    assert_eq!(st, 201, "{body}");
    let page = signed_in(&s, "leader", "pw-123456").await;
    let html = page
        .get(s.url("/resolutions/NQ57"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("id=\"new-task\""), "the leader may assign");
    let form = |lead: &str, coordinating: &[&str]| {
        let mut f = vec![
            ("parent", String::new()),
            ("code", "NQ57.1".to_string()),
            ("title", "Số hóa hồ sơ một cửa".to_string()),
            ("lead_unit", lead.to_string()),
            ("start_on", "2026-01-01".to_string()),
            ("deadline", "2026-12-31".to_string()),
            ("product", "Hệ thống".to_string()),
            ("weight", "1".to_string()),
            ("indicator", String::new()),
            ("target_value", String::new()),
            ("description", String::new()),
        ];
        for u in coordinating {
            f.push(("coordinating", (*u).to_string()));
        }
        f
    };
    let r = page
        .post(s.url("/resolutions/NQ57/tasks"))
        .form(&form("ROOT.C1", &["ROOT.C1"]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422, "the lead cannot coordinate its own task");
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("không thể đồng thời là đơn vị phối hợp")
    );
    let r = page
        .post(s.url("/resolutions/NQ57/tasks"))
        .form(&form("ROOT.C1", &["ROOT.C2", "ROOT.A"]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert!(
        r.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/resolutions/NQ57?added=NQ57.1")
    );
    let html = page
        .get(s.url("/resolutions/NQ57?added=NQ57.1"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Đơn vị phối hợp: Sở Tài chính, Phường Tây Sơn")
            || html.contains("Đơn vị phối hợp: Phường Tây Sơn, Sở Tài chính"),
        "{html}"
    );
    // The coordinating commune sees the task, marked, without a progress form.
    let coord = signed_in(&s, "officer2", "pw-123456").await;
    let mine = coord
        .get(s.url("/my-tasks"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        mine.contains("id=\"my-NQ57.1\"") && mine.contains("Phối hợp"),
        "{mine}"
    );
    assert!(!mine.contains("action=\"/tasks/NQ57.1/progress\""));

    // Documents: the leader attaches the province's plan; an officer may not.
    let (ct, body) = multipart(
        &[("title", "Kế hoạch 15/KH-UBND")],
        ("ke-hoach.pdf", b"%PDF-1.4 the province's plan"),
    );
    let officer = signed_in(&s, "officer", "pw-123456").await;
    let r = officer
        .post(s.url("/resolutions/NQ57/documents"))
        .header("content-type", ct.clone())
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let r = page
        .post(s.url("/resolutions/NQ57/documents"))
        .header("content-type", ct)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    // The commune reports with evidence; the task links it.
    let (ct, body) = multipart(
        &[("progress", "40"), ("narrative", "Đã số hóa 40% hồ sơ")],
        ("bien-ban.pdf", b"%PDF-1.4 minutes"),
    );
    let r = officer
        .post(s.url("/tasks/NQ57.1/progress"))
        .header("content-type", ct)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let html = page
        .get(s.url("/resolutions/NQ57"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains(">Kế hoạch 15/KH-UBND</a>"), "{html}");
    assert!(html.contains(">bien-ban.pdf</a>"), "{html}");
    for (name, content) in [
        ("bien-ban.pdf", &b"%PDF-1.4 minutes"[..]),
        ("Kế hoạch", &b"%PDF-1.4 the province's plan"[..]),
    ] {
        let at = html.find(name).unwrap();
        let link = html[..at].rfind("href=\"/task-files/").unwrap() + "href=\"".len();
        let path: String = html[link..].chars().take_while(|c| *c != '"').collect();
        let r = coord.get(s.url(&path)).send().await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
        assert_eq!(r.headers()["content-type"], "application/pdf");
        assert_eq!(&r.bytes().await.unwrap()[..], content);
    }
    // Through the API: evidence for a report waiting for review, checked the same way.
    let officer_token = s.token("officer", "pw-123456").await;
    let (st, body) = post_json(
        &c,
        &s.url("/api/v1/tasks/NQ57.1/progress"),
        &officer_token,
        &json!({"progress": 60, "narrative": "Đã số hóa 60% hồ sơ"}),
    )
    .await;
    assert_eq!(st, 200, "{body}");
    let update = body["update"].as_i64().unwrap();
    let post_file = |path: String, token: String, bytes: &'static [u8]| {
        let c = c.clone();
        async move {
            let r = c
                .post(path)
                .bearer_auth(token)
                .body(bytes)
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            (status, r.json::<Value>().await.unwrap())
        }
    };
    let (st, body) = post_file(
        s.url(&format!(
            "/api/v1/task-updates/{update}/evidence?name=anh.png"
        )),
        officer_token.clone(),
        b"GIF89a not a png",
    )
    .await;
    assert_eq!(
        (st, body["error"]["code"].as_str()),
        (422, Some("evidence.type"))
    );
    let (st, body) = post_file(
        s.url(&format!(
            "/api/v1/task-updates/{update}/evidence?name=anh.png"
        )),
        officer_token.clone(),
        b"\x89PNG\r\n\x1a\n photo",
    )
    .await;
    assert_eq!(st, 201, "{body}");
    let file = body["id"].as_i64().unwrap();
    let r = c
        .get(s.url(&format!("/api/v1/task-files/{file}")))
        .bearer_auth(&leader)
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["content-type"], "image/png");
    assert_eq!(&r.bytes().await.unwrap()[..], b"\x89PNG\r\n\x1a\n photo");
    let (st, body) = post_file(
        s.url("/api/v1/resolutions/NQ57/documents?name=bao-cao.pdf&title=B%C3%A1o%20c%C3%A1o%20s%C6%A1%20k%E1%BA%BFt"),
        leader.clone(),
        b"%PDF-1.4 review",
    )
    .await;
    assert_eq!(st, 201, "{body}");

    // Delegation: a department leading a provincial task on the province's behalf may
    // break it down to a commune; without it, it may not.
    s.app
        .create_user_unchecked(&chiso_app::auth::UserSpec {
            username: "aleader".into(),
            full_name: "Giám đốc Sở".into(),
            password: "pw-123456".into(),
            grants: vec![(chiso_core::access::Role::Leader, "ROOT.A".into())],
        })
        .await
        .unwrap();
    let dept = s.token("aleader", "pw-123456").await;
    for (code, delegated) in [("NQ57.2", true), ("NQ57.3", false)] {
        let (st, body) = post_json(
            &c,
            &s.url("/api/v1/resolutions/NQ57/tasks"),
            &leader,
            &json!({"code": code, "title": "Hướng dẫn các xã", "lead_unit": "ROOT.A",
                    "start_on": "2026-01-01", "deadline": "2026-12-31", "delegated": delegated}),
        )
        .await;
        assert_eq!(st, 201, "{body}");
    }
    // A weight that makes no sense is refused, not silently changed.
    let (st, body) = post_json(
        &c,
        &s.url("/api/v1/resolutions/NQ57/tasks"),
        &leader,
        &json!({"code": "NQ57.4", "title": "x", "lead_unit": "ROOT.A",
                "start_on": "2026-01-01", "deadline": "2026-12-31", "weight": -2}),
    )
    .await;
    assert_eq!(
        (st.as_u16(), body["error"]["code"].as_str()),
        (422, Some("task.bad_weight"))
    );
    assert_eq!(body["error"]["field"], "weight");
    let sub = |parent: &str, code: &str| {
        json!({"code": code, "title": "Triển khai tại xã", "parent": parent, "lead_unit": "ROOT.C1",
               "start_on": "2026-01-01", "deadline": "2026-12-31"})
    };
    let (st, body) = post_json(
        &c,
        &s.url("/api/v1/resolutions/NQ57/tasks"),
        &dept,
        &sub("NQ57.2", "NQ57.2.1"),
    )
    .await;
    assert_eq!(st, 201, "delegated: {body}");
    let (st, body) = post_json(
        &c,
        &s.url("/api/v1/resolutions/NQ57/tasks"),
        &dept,
        &sub("NQ57.3", "NQ57.3.1"),
    )
    .await;
    assert_eq!(st, 403, "not delegated: {body}");
    assert_eq!(body["error"]["code"], "task.outside_subtree");

    // The province overview counts the task and ranks its lead unit.
    let html = page
        .get(s.url("/resolutions"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("id=\"overview\"") && html.contains("4 nhiệm vụ"),
        "{html}"
    );
    assert!(html.contains("id=\"overview-ranking\"") && html.contains("Xã Đông Hòa"));
    let r = page
        .get(s.url("/resolutions?format=xlsx"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(&r.bytes().await.unwrap()[..2], b"PK");
    let r = c
        .get(s.url("/api/v1/resolutions/overview?as_of=2026-06-01"))
        .bearer_auth(&leader)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let o: Value = r.json().await.unwrap();
    assert_eq!(o["as_of"], "2026-06-01");
    assert_eq!(
        o["counts"]
            .as_object()
            .unwrap()
            .values()
            .map(|v| v.as_u64().unwrap())
            .sum::<u64>(),
        4
    );
    assert!(
        o["units"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["unit"] == "ROOT.C1")
    );
    let r = c
        .get(s.url("/api/v1/resolutions/NQ57"))
        .bearer_auth(&leader)
        .send()
        .await
        .unwrap();
    let v: Value = r.json().await.unwrap();
    let t1 = v["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["code"] == "NQ57.1")
        .unwrap();
    assert_eq!(t1["coordinating"].as_array().unwrap().len(), 2);
    let t2 = v["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["code"] == "NQ57.2")
        .unwrap();
    assert_eq!(t2["delegated"], true);
    let events = s.app.store().audit_events().await.unwrap();
    assert!(events.iter().any(|e| e.action == "task.evidence"));
    assert!(events.iter().any(|e| e.action == "resolution.document"));
}

async fn resolutions_tasks_cascade_progress_and_status(db: TestDb) {
    let s = start(db).await;
    small_province(&s).await;
    let c = client();
    let leader = s.token("leader", "pw-123456").await;
    let officer = s.token("officer", "pw-123456").await;
    let url = |p: &str| s.url(p);
    let resolution = json!({"code": "NQ57", "number": "57-NQ/TW", "title": "Đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia", "issuer": "Bộ Chính trị", "issued_on": "2024-12-22"});
    let (st, body) = post_json(&c, &url("/api/v1/resolutions"), &officer, &resolution).await;
    assert_eq!(st, 403, "only the leadership registers resolutions: {body}");
    let (st, body) = post_json(&c, &url("/api/v1/resolutions"), &leader, &resolution).await;
    assert_eq!(st, 201, "{body}");
    let task = |code: &str, parent: Option<&str>, lead: &str, deadline: &str| {
        json!({"code": code, "title": format!("Nhiệm vụ {code}"), "parent": parent, "lead_unit": lead,
               "start_on": "2026-01-01", "deadline": deadline, "product": "Báo cáo"})
    };
    for t in [
        task("NQ57.1", None, "ROOT.A", "2026-12-31"),
        task("NQ57.2", None, "ROOT.C1", "2026-12-31"),
        task("NQ57.2.1", Some("NQ57.2"), "ROOT.C1", "2026-12-31"),
        task("NQ57.2.2", Some("NQ57.2"), "ROOT.C1", "2026-03-31"),
    ] {
        let (st, body) = post_json(&c, &url("/api/v1/resolutions/NQ57/tasks"), &leader, &t).await;
        assert_eq!(st, 201, "{body}");
    }
    // A sub-task of the agency's task cannot go to a commune outside the agency.
    let (st, body) = post_json(
        &c,
        &url("/api/v1/resolutions/NQ57/tasks"),
        &leader,
        &task("NQ57.1.1", Some("NQ57.1"), "ROOT.C1", "2026-12-31"),
    )
    .await;
    assert_eq!(st, 403, "{body}");
    assert_eq!(body["error"]["code"], "task.outside_subtree");
    assert_eq!(
        body["error"]["message_vi"],
        "Sở Tài chính chỉ được giao nhiệm vụ cho đơn vị trực thuộc mình; Xã Đông Hòa không thuộc phạm vi này"
    );
    // Nor end after its parent.
    let (st, body) = post_json(
        &c,
        &url("/api/v1/resolutions/NQ57/tasks"),
        &leader,
        &task("NQ57.2.3", Some("NQ57.2"), "ROOT.C1", "2027-06-30"),
    )
    .await;
    assert_eq!(
        (st.as_u16(), body["error"]["code"].as_str()),
        (422, Some("task.after_parent_deadline"))
    );
    // Progress: the commune reports on its own tasks only.
    let progress =
        |p: f64, on: &str| json!({"progress": p, "narrative": "Đã triển khai", "reported_on": on});
    let (st, _) = post_json(
        &c,
        &url("/api/v1/tasks/NQ57.1/progress"),
        &officer,
        &progress(50.0, "2026-06-25"),
    )
    .await;
    assert_eq!(st, 403);
    let (st, body) = post_json(
        &c,
        &url("/api/v1/tasks/NQ57.2.1/progress"),
        &officer,
        &progress(60.0, "2026-06-28"),
    )
    .await;
    assert_eq!(st, 200, "{body}");
    let (st, _) = post_json(
        &c,
        &url("/api/v1/tasks/NQ57.2.2/progress"),
        &officer,
        &progress(40.0, "2026-03-15"),
    )
    .await;
    assert_eq!(st, 200);
    let (st, _) = post_json(
        &c,
        &url("/api/v1/tasks/NQ57.1/progress"),
        &leader,
        &progress(20.0, "2026-06-25"),
    )
    .await;
    assert_eq!(st, 200);
    let (st, body) = post_json(
        &c,
        &url("/api/v1/tasks/NQ57.1/progress"),
        &leader,
        &progress(120.0, "2026-06-26"),
    )
    .await;
    assert_eq!(
        (st.as_u16(), body["error"]["code"].as_str()),
        (422, Some("task.progress_range"))
    );
    // Reports count once the assigner accepts them; a returned one changes nothing.
    let (_, list) = get_json(&c, &url("/api/v1/resolutions/NQ57"), &leader).await;
    let pending: Vec<(String, i64)> = list["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| {
            Some((
                t["code"].as_str()?.to_string(),
                t["pending_update"]["id"].as_i64()?,
            ))
        })
        .collect();
    assert_eq!(pending.len(), 3, "{list}");
    let review = |id: i64| url(&format!("/api/v1/task-updates/{id}/review"));
    let (st, _) = post_json(
        &c,
        &review(pending[0].1),
        &officer,
        &json!({"accept": true}),
    )
    .await;
    assert_eq!(st, 403, "the commune does not review its own reports");
    for (_, id) in &pending {
        let (st, body) = post_json(&c, &review(*id), &leader, &json!({"accept": true})).await;
        assert_eq!(st, 200, "{body}");
    }
    let (st, body) = post_json(&c, &review(pending[0].1), &leader, &json!({"accept": true})).await;
    assert_eq!(
        (st.as_u16(), body["error"]["code"].as_str()),
        (409, Some("task.already_reviewed"))
    );
    let (_, body) = post_json(
        &c,
        &url("/api/v1/tasks/NQ57.2.1/progress"),
        &officer,
        &progress(95.0, "2026-06-30"),
    )
    .await;
    let returned = body["update"].as_i64().unwrap_or_else(|| panic!("{body}"));
    let (st, body) = post_json(&c, &review(returned), &leader, &json!({"accept": false})).await;
    assert_eq!(
        (st.as_u16(), body["error"]["field"].as_str()),
        (422, Some("comment")),
        "a return says why"
    );
    let (st, _) = post_json(
        &c,
        &review(returned),
        &leader,
        &json!({"accept": false, "comment": "Chưa có minh chứng"}),
    )
    .await;
    assert_eq!(st, 200);
    // Evaluation: at or after the deadline, by the assigner.
    let eval = |code: &str| url(&format!("/api/v1/tasks/{code}/evaluation"));
    let (st, body) = post_json(
        &c,
        &eval("NQ57.2.2"),
        &leader,
        &json!({"result": "partly", "note": "Mới đạt 40%"}),
    )
    .await;
    assert_eq!(st, 200, "{body}");
    let (st, body) = post_json(&c, &eval("NQ57.2.2"), &leader, &json!({"result": "great"})).await;
    assert_eq!(
        (st.as_u16(), body["error"]["code"].as_str()),
        (422, Some("task.evaluation"))
    );
    // Statuses on 1 July 2026, with their reasons.
    let r = c
        .get(url("/api/v1/resolutions/NQ57?as_of=2026-07-01"))
        .bearer_auth(&leader)
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r: Value = r.json().await.unwrap();
    let status = |code: &str| {
        r["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["code"] == code)
            .unwrap()
            .clone()
    };
    assert_eq!(status("NQ57.1")["status"], "delayed", "{r}");
    assert_eq!(
        status("NQ57.1")["reasons"][0],
        "Only 20% done with 50% of the time gone; at this pace it ends on 24/06/2028"
    );
    assert_eq!(status("NQ57.2.2")["status"], "overdue");
    assert_eq!(status("NQ57.2.1")["status"], "on_track");
    assert_eq!(
        status("NQ57.2")["status"],
        "at_risk",
        "an overdue sub-task warns its parent"
    );
    assert_eq!(
        status("NQ57.2")["progress"],
        50.0,
        "rolled up from 60 and 40"
    );
    assert_eq!(status("NQ57.2.1")["parent"], "NQ57.2");
    let order: Vec<&str> = r["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        order,
        ["NQ57.1", "NQ57.2", "NQ57.2.1", "NQ57.2.2"],
        "parents before children"
    );
    assert_eq!(
        r["counts"],
        json!({"on_track": 1, "at_risk": 1, "delayed": 1, "overdue": 1})
    );
    assert_eq!(r["progress"], 35.0);
    assert_eq!(status("NQ57.2.2")["evaluation"], "partly");
    // The commune's own list: its tasks only, with a form to report progress.
    let page = signed_in(&s, "officer", "pw-123456").await;
    let html = page
        .get(url("/my-tasks"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("id=\"my-NQ57.2.1\"") && html.contains("id=\"my-NQ57.2.2\""),
        "{html}"
    );
    assert!(!html.contains("id=\"my-NQ57.1\""), "not the agency's task");
    assert!(html.contains("action=\"/tasks/NQ57.2.1/progress\""));
    assert!(html.contains("enctype=\"multipart/form-data\""));
    // A program renamed .pdf is refused, and the report with it: nothing is half-saved.
    let (ct, body) = multipart(
        &[
            ("progress", "75"),
            ("narrative", "Đã tổ chức 3 lớp tập huấn"),
        ],
        ("bien-ban.pdf", b"MZ\x90\x00 not a pdf"),
    );
    let r = page
        .post(url("/tasks/NQ57.2.1/progress"))
        .header("content-type", ct)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("bien-ban.pdf"));
    let (ct, body) = multipart(
        &[
            ("progress", "75"),
            ("narrative", "Đã tổ chức 3 lớp tập huấn"),
        ],
        ("bien-ban.pdf", b"%PDF-1.4 minutes of the training"),
    );
    let r = page
        .post(url("/tasks/NQ57.2.1/progress"))
        .header("content-type", ct)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/my-tasks?reported=1");
    let (ct, body) = multipart(&[("progress", "75"), ("narrative", "x")], ("", b""));
    let r = page
        .post(url("/tasks/NQ57.1/progress"))
        .header("content-type", ct)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403, "not the commune's task");
    // The leadership sees the report waiting and accepts it from the page.
    let lead = signed_in(&s, "leader", "pw-123456").await;
    let html = lead
        .get(url("/resolutions/NQ57"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Báo cáo chờ xem xét") && html.contains("Đã tổ chức 3 lớp tập huấn"),
        "{html}"
    );
    let at = html.find("action=\"/task-updates/").unwrap() + "action=\"/task-updates/".len();
    let id: String = html[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let r = lead
        .post(url(&format!("/task-updates/{id}/review")))
        .form(&[("decision", "accept"), ("comment", ""), ("back", "NQ57")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        (
            r.status().as_u16(),
            r.headers()["location"].to_str().unwrap()
        ),
        (303, "/resolutions/NQ57")
    );
    let html = lead
        .get(url("/resolutions/NQ57"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !html.contains("Báo cáo chờ xem xét"),
        "nothing waiting any more"
    );
    let ranking = &html[html.find("id=\"ranking\"").unwrap()..];
    let c1 = ranking.find("Xã Đông Hòa").unwrap();
    let a = ranking.find("Sở Tài chính").unwrap();
    assert!(
        c1 < a,
        "a unit with something due ranks before one with nothing due yet"
    );
    assert!(
        html.contains("Đạt một phần: Mới đạt 40%"),
        "the evaluation shows"
    );
    // The task table exports to Excel, as shown.
    let r = lead
        .get(url("/resolutions/NQ57?format=xlsx"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let bytes = r.bytes().await.unwrap().to_vec();
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    use calamine::Reader;
    let sheet = wb.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows[0][..3], ["Mã", "Nhiệm vụ", "Đơn vị chủ trì"]);
    assert_eq!(rows.len(), 5, "a header and the four tasks");
    assert_eq!(rows[4][0], "NQ57.2.2");
    assert_eq!(rows[4][5], "40", "progress as a number");
    assert_eq!(rows[4][8], "Đạt một phần");
}

async fn explanations_ask_answer_escalate(db: TestDb) {
    let s = start(db).await;
    small_province(&s).await;
    let c = client();
    let leader = s.token("leader", "pw-123456").await;
    let officer = s.token("officer", "pw-123456").await;
    let other = s.token("aofficer", "pw-123456").await;
    let r = json!({"code": "NQ72", "number": "72-NQ/TW", "title": "Sức khỏe nhân dân", "issuer": "Bộ Chính trị", "issued_on": "2025-09-09"});
    let (st, _) = post_json(&c, &s.url("/api/v1/resolutions"), &leader, &r).await;
    assert_eq!(st, 201);
    let t = json!({"code": "NQ72.1", "title": "Khám sức khỏe định kỳ", "lead_unit": "ROOT.C1", "start_on": "2025-10-01", "deadline": "2026-12-31"});
    let (st, _) = post_json(&c, &s.url("/api/v1/resolutions/NQ72/tasks"), &leader, &t).await;
    assert_eq!(st, 201);
    let today = (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive();
    let due = today + chrono::Duration::days(3);
    let ask = |due: chrono::NaiveDate| json!({"subject_kind": "task", "subject_code": "NQ72.1", "unit": "ROOT.C1", "question": "Vì sao chậm tiến độ?", "due_on": due.to_string()});
    let (st, body) = post_json(&c, &s.url("/api/v1/explanations"), &officer, &ask(due)).await;
    assert_eq!(st, 403, "only the leadership asks: {body}");
    let (st, body) = post_json(
        &c,
        &s.url("/api/v1/explanations"),
        &leader,
        &ask(today - chrono::Duration::days(2)),
    )
    .await;
    assert_eq!(
        (st.as_u16(), body["error"]["code"].as_str()),
        (422, Some("explanation.due_in_past"))
    );
    let (st, body) = post_json(&c, &s.url("/api/v1/explanations"), &leader, &ask(due)).await;
    assert_eq!(st, 201, "{body}");
    let id = body["id"].as_i64().unwrap();
    let list = |token: String, as_of: chrono::NaiveDate| {
        let c = c.clone();
        let url = s.url(&format!("/api/v1/explanations?as_of={as_of}"));
        async move { get_json(&c, &url, &token).await.1 }
    };
    let l = list(officer.clone(), today).await;
    assert_eq!(l[0]["state"], "open", "{l}");
    // Unanswered past its due date: escalated to the level above.
    let l = list(leader.clone(), due + chrono::Duration::days(1)).await;
    assert_eq!(
        (l[0]["state"].as_str(), l[0]["escalated_to"].as_str()),
        (Some("overdue"), Some("ROOT"))
    );
    // Another unit neither sees nor answers it.
    assert_eq!(list(other.clone(), today).await, json!([]));
    let (st, _) = post_json(
        &c,
        &s.url(&format!("/api/v1/explanations/{id}/answer")),
        &other,
        &json!({"body": "?"}),
    )
    .await;
    assert_eq!(st, 403);
    // The commune answers; the thread keeps both.
    let (st, body) = post_json(
        &c,
        &s.url(&format!("/api/v1/explanations/{id}/answer")),
        &officer,
        &json!({"body": "Thiếu nhân lực y tế, đã đề nghị tăng cường"}),
    )
    .await;
    assert_eq!(st, 200, "{body}");
    let l = list(leader.clone(), today).await;
    assert_eq!(l[0]["state"], "answered");
    let kinds: Vec<&str> = l[0]["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["question", "answer"]);
    assert_eq!(
        l[0]["messages"][1]["body"],
        "Thiếu nhân lực y tế, đã đề nghị tăng cường"
    );
    assert!(!l[0]["messages"][1]["author"].as_str().unwrap().is_empty());
    // The page shows the thread.
    let page = signed_in(&s, "leader", "pw-123456").await;
    let html = page
        .get(s.url("/explanations"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Đã giải trình") && html.contains("Vì sao chậm tiến độ?"),
        "{html}"
    );
}

async fn tasks_import_from_a_workbook(db: TestDb) {
    let s = start(db).await;
    small_province(&s).await;
    let c = client();
    let leader = s.token("leader", "pw-123456").await;
    let r = json!({"code": "NQ68", "number": "68-NQ/TW", "title": "Phát triển kinh tế tư nhân", "issuer": "Bộ Chính trị", "issued_on": "2025-05-04"});
    let (st, _) = post_json(&c, &s.url("/api/v1/resolutions"), &leader, &r).await;
    assert_eq!(st, 201);
    let head: &[&str] = &[
        "Mã nhiệm vụ",
        "Nhiệm vụ",
        "Mã nhiệm vụ cha",
        "Đơn vị chủ trì",
        "Ngày bắt đầu",
        "Hạn hoàn thành",
        "Trọng số",
    ];
    let t1: &[&str] = &[
        "NQ68.1",
        "Hỗ trợ doanh nghiệp",
        "",
        "Sở Tài chính",
        "2025-06-01",
        "2026-12-31",
        "2",
    ];
    let t11: &[&str] = &[
        "NQ68.1.1",
        "Rà soát thủ tục",
        "NQ68.1",
        "ROOT.A",
        "01/07/2025",
        "2026-06-30",
        "",
    ];
    let bad_unit: &[&str] = &[
        "NQ68.1.2",
        "Giao cho xã",
        "NQ68.1",
        "ROOT.C1",
        "2025-07-01",
        "2026-06-30",
        "",
    ];
    let bad_date: &[&str] = &[
        "NQ68.2",
        "Sai ngày",
        "",
        "ROOT.C2",
        "31/02/2026",
        "2026-06-30",
        "",
    ];
    let after_parent: &[&str] = &[
        "NQ68.1.3",
        "Quá hạn cha",
        "NQ68.1",
        "ROOT.A",
        "2025-07-01",
        "2027-06-30",
        "x",
    ];
    let url = s.url("/api/v1/resolutions/NQ68/tasks/import");
    let post = |body: Vec<u8>, q: &str| {
        let c = c.clone();
        let url = format!("{url}{q}");
        let token = leader.clone();
        async move {
            let r = c
                .post(url)
                .bearer_auth(token)
                .body(body)
                .send()
                .await
                .unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap())
        }
    };
    let (st, report) = post(
        workbook(&[head, t1, t11, bad_unit, bad_date, after_parent]),
        "?dry_run=true",
    )
    .await;
    assert_eq!(st, 422, "{report}");
    let found: Vec<(u64, &str, &str)> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["row"].as_u64().unwrap(),
                p["field"].as_str().unwrap_or(""),
                p["code"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (4, "lead_unit", "task.outside_subtree"),
            (5, "start_on", "sheet.not_a_date"),
            (6, "deadline", "task.after_parent_deadline"),
        ],
        "{report}"
    );
    assert_eq!(
        report["problems"][1]["message_vi"],
        "Ngày bắt đầu: «31/02/2026» không phải là ngày hợp lệ (YYYY-MM-DD hoặc DD/MM/YYYY)"
    );
    let (_, v) = get_json(&c, &s.url("/api/v1/resolutions/NQ68"), &leader).await;
    assert_eq!(v["tasks"], json!([]), "nothing written");
    // The good rows alone: a task and its sub-task, named unit, Vietnamese date.
    let (st, report) = post(workbook(&[head, t1, t11]), "").await;
    assert_eq!(st, 200, "{report}");
    assert_eq!(report["created"], 2);
    let (_, v) = get_json(&c, &s.url("/api/v1/resolutions/NQ68"), &leader).await;
    assert_eq!(v["tasks"][0]["lead_unit"], "ROOT.A");
    assert_eq!(v["tasks"][1]["parent"], "NQ68.1");
    assert_eq!(v["tasks"][1]["start_on"], "2025-07-01");
    // Importing again: the codes exist.
    let (st, report) = post(workbook(&[head, t1]), "").await;
    assert_eq!(
        (st, report["problems"][0]["code"].as_str()),
        (422, Some("duplicate"))
    );
    // The page offers the template, headed in Vietnamese.
    let page = signed_in(&s, "leader", "pw-123456").await;
    let html = page
        .get(s.url("/resolutions/NQ68"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("id=\"task-import\""));
    let bytes = page
        .get(s.url("/resolutions/NQ68/tasks-template"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap()
        .to_vec();
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = wb.worksheet_range_at(0).unwrap().unwrap();
    let first: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        first[..4],
        [
            "Mã nhiệm vụ",
            "Nhiệm vụ",
            "Mã nhiệm vụ cha",
            "Đơn vị chủ trì"
        ]
    );
}

async fn targets_page_sets_targets_all_or_nothing(db: TestDb) {
    let s = start(db).await;
    small_province(&s).await;
    let lead = signed_in(&s, "leader", "pw-123456").await;
    let html = lead
        .get(s.url("/targets?indicator=MONTHLY&year=2025"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for unit in ["v:ROOT\"", "v:ROOT.C1\"", "v:ROOT.C2\""] {
        assert!(html.contains(unit), "{unit}: {html}");
    }
    let form = |c1: &str| {
        vec![
            ("indicator", "MONTHLY".to_string()),
            ("year", "2025".to_string()),
            ("v:ROOT", "400".to_string()),
            ("t:ROOT", "5".to_string()),
            ("v:ROOT.C1", c1.to_string()),
            ("t:ROOT.C1", "".to_string()),
            ("v:ROOT.C2", "".to_string()),
            ("t:ROOT.C2", "".to_string()),
        ]
    };
    let r = lead
        .post(s.url("/targets"))
        .form(&form("nhiều"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("class=\"bad-row\"") && html.contains("value=\"nhiều\""),
        "{html}"
    );
    let admin = s.token("admin", ADMIN_PASSWORD).await;
    let (_, a) = get_json(
        &client(),
        &s.url("/api/v1/analysis?indicator=MONTHLY&org_unit=ROOT&period=2025"),
        &admin,
    )
    .await;
    assert_eq!(a["target"], Value::Null, "nothing saved");
    let r = lead
        .post(s.url("/targets"))
        .form(&form("250,5"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(
        r.headers()["location"],
        "/targets?indicator=MONTHLY&year=2025&saved=2"
    );
    let (_, a) = get_json(
        &client(),
        &s.url("/api/v1/analysis?indicator=MONTHLY&org_unit=ROOT.C1&period=2025"),
        &admin,
    )
    .await;
    assert_eq!(a["target"], 250.5);
    // A data officer sees the targets but cannot set them.
    let officer = signed_in(&s, "officer", "pw-123456").await;
    let html = officer
        .get(s.url("/targets?indicator=MONTHLY&year=2025"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !html.contains("name=\"v:ROOT.C1\"") && !html.contains("id=\"targets-save\""),
        "{html}"
    );
}

/// Logs `user` in on a cookie-keeping client.
async fn sheet_form_proposes_and_edits(db: TestDb) {
    let s = start(db).await;
    small_province(&s).await;
    let c = signed_in(&s, "aeditor", "pw-123456").await;
    let html = c
        .get(s.url("/catalogue"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("href=\"/indicators/new\""),
        "editors see the button"
    );
    let html = c
        .get(s.url("/indicators/new"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Chỉ số mới (bước 1: xác định nhu cầu)"),
        "{html}"
    );
    assert!(
        html.contains("<option value=\"ROOT.A\""),
        "agencies to choose the owner from"
    );
    let mut form = vec![
        ("code", "FIN_NEW"),
        ("name_vi", "Tỷ lệ giải ngân vốn đầu tư công"),
        ("name_en", "Public investment disbursement rate"),
        ("group", "output"),
        ("field", "economy"),
        ("owner", "ROOT.A"),
        ("source", "Báo cáo của Sở Tài chính"),
        ("unit", ""),
        ("decimals", "9"),
        ("frequency", "quarter"),
    ];
    // Two bad cells: both named, the page keeps what was typed, nothing is written.
    let r = c
        .post(s.url("/indicators/new"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("Thiếu Đơn vị tính"), "{html}");
    assert!(
        html.contains("Số chữ số thập phân: «9» phải là số nguyên từ 0 đến 6"),
        "{html}"
    );
    assert!(
        html.contains("value=\"Tỷ lệ giải ngân vốn đầu tư công\""),
        "input kept"
    );
    assert_eq!(
        c.get(s.url("/indicators/FIN_NEW"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    // An owner outside the editor's agency: refused, naming the unit.
    form[7] = ("unit", "%");
    form[8] = ("decimals", "1");
    form[5] = ("owner", "ROOT");
    let r = c
        .post(s.url("/indicators/new"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert!(matches!(r.status().as_u16(), 403 | 422), "{}", r.status());
    form[5] = ("owner", "ROOT.A");
    let r = c
        .post(s.url("/indicators/new"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/indicators/FIN_NEW?saved=1");
    let html = c
        .get(s.url("/indicators/FIN_NEW?saved=1"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Đã lưu phiếu thuộc tính."), "{html}");
    assert!(
        html.contains("<li class=\"current\">1. Xác định nhu cầu</li>"),
        "starts at step 1"
    );
    assert!(html.contains("href=\"/indicators/FIN_NEW/edit\""));
    // Editing: the form holds the sheet; a new definition is a new definition version.
    let html = c
        .get(s.url("/indicators/FIN_NEW/edit"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("<option value=\"quarter\" selected>"),
        "{html}"
    );
    form.push((
        "definition",
        "Vốn đã giải ngân chia cho kế hoạch vốn được giao",
    ));
    let r = c
        .post(s.url("/indicators/FIN_NEW/edit"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let (_, body) = get_json(
        &client(),
        &s.url("/api/v1/indicators/FIN_NEW"),
        &s.token("admin", ADMIN_PASSWORD).await,
    )
    .await;
    assert_eq!(body["version"], 2, "{body}");
    assert_eq!(
        body["definition"],
        "Vốn đã giải ngân chia cho kế hoạch vốn được giao"
    );
    assert_eq!(body["unit"], "%");
    // The page shows both definition versions and what changed.
    let html = c
        .get(s.url("/indicators/FIN_NEW"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let versions =
        &html[html.find("id=\"versions\"").unwrap()..html.find("id=\"screening\"").unwrap()];
    assert!(
        versions.contains("Phiên bản định nghĩa 2</strong>"),
        "{versions}"
    );
    assert!(versions.contains("Thay đổi: Định nghĩa"), "{versions}");
    assert!(versions.contains("Vốn đã giải ngân chia cho kế hoạch vốn được giao"));
    assert!(versions.contains("Phiên bản đầu tiên được ghi nhận"));
    // A data officer may not edit sheets.
    let o = signed_in(&s, "aofficer", "pw-123456").await;
    let r = o
        .post(s.url("/indicators/FIN_NEW/edit"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
}

/// A rate averaged over the communes with population weights: the province's figure is
/// Σ rate × population / Σ population, with each commune's latest known population; the
/// sheet refuses a weighted average without a usable weight.
async fn weighted_average_by_population(db: TestDb) {
    let s = start(db).await;
    let admin = small_province(&s).await;
    let c = client();
    let url = s.url("/api/v1/indicators");
    let mut pop = indicator_json("POP", "year", "integer");
    pop["unit"] = json!("người");
    let (st, body) = post_json(&c, &url, &admin, &pop).await;
    assert_eq!(st, 201, "{body}");
    let mut rate = indicator_json("POOR_RATE", "year", "percent");
    rate["unit"] = json!("%");
    rate["aggregation_tree"] = json!("weighted_average");
    rate["aggregation_time"] = json!("last");
    // Without a weight, with an unknown one, and with itself.
    let (st, body) = post_json(&c, &url, &admin, &rate).await;
    assert_eq!(st, 422, "{body}");
    assert_eq!(
        (&body["error"]["code"], &body["error"]["field"]),
        (&json!("error.weight_required"), &json!("weight_indicator"))
    );
    for (weight, code) in [
        ("POPP", "indicator.unknown"),
        ("POOR_RATE", "indicator.weight_self"),
    ] {
        rate["weight_indicator"] = json!(weight);
        let (st, body) = post_json(&c, &url, &admin, &rate).await;
        assert_eq!(st, 422, "{body}");
        assert_eq!(body["error"]["code"], code, "{body}");
        assert_eq!(body["error"]["field"], "weight_indicator");
    }
    rate["weight_indicator"] = json!("POP");
    let (st, body) = post_json(&c, &url, &admin, &rate).await;
    assert_eq!(st, 201, "{body}");
    assert_eq!(body["weight_indicator"], "POP");
    let rows = json!([
        {"indicator": "POP", "org_unit": "ROOT.C1", "period": "2025", "value": 3000},
        // Phường Tây Sơn's population is known for 2024 only: it still weighs 2025.
        {"indicator": "POP", "org_unit": "ROOT.C2", "period": "2024", "value": 1000},
        {"indicator": "POOR_RATE", "org_unit": "ROOT.C1", "period": "2025", "value": 10},
        {"indicator": "POOR_RATE", "org_unit": "ROOT.C2", "period": "2025", "value": 20},
    ]);
    let (st, body) = post_json(&c, &s.url("/api/v1/data-values"), &admin, &rows).await;
    assert_eq!(st, 200, "{body}");
    let (st, a) = get_json(
        &c,
        &s.url("/api/v1/analysis?indicator=POOR_RATE&org_unit=ROOT&period=2025"),
        &admin,
    )
    .await;
    assert_eq!(st, 200, "{a}");
    // (10 × 3000 + 20 × 1000) / 4000, not the plain average 15.
    assert_eq!(a["value"], 12.5, "{a}");
    assert_eq!(a["reporting"], 2);
    // The indicator page's bars are the communes, not the agency that never reports it.
    let html = signed_in(&s, "leader", "pw-123456")
        .await
        .get(s.url("/indicators/POOR_RATE?unit=ROOT&period=2025"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Phường Tây Sơn"), "{html}");
    assert!(
        !html.contains("chưa báo cáo"),
        "no bar for the agency: {html}"
    );
}

chiso_store::both_backends!(
    health_and_auth_required,
    weighted_average_by_population,
    indicators_crud_and_errors,
    batch_is_all_or_nothing,
    every_bad_row_is_named,
    org_units_api,
    settled_values_are_not_overwritten,
    six_steps_with_a_gate_at_each,
    one_data_one_source_one_owner,
    sets_promulgate_and_diff,
    openapi_and_docs,
    pages_login_and_language,
    demo_province_serves,
    sheet_form_proposes_and_edits,
    formulas_are_checked_against_the_catalogue,
    catalogue_excel_round_trip,
    demo_catalogue_through_excel_into_a_new_database,
    coverage_and_candidate_screening_api,
    entry_form_saves_submits_and_refuses_non_owners,
    analytics_roll_up_status_and_comparisons,
    submissions_on_time_late_missing,
    resolutions_tasks_cascade_progress_and_status,
    tasks_with_coordinators_documents_and_evidence,
    explanations_ask_answer_escalate,
    tasks_import_from_a_workbook,
    targets_page_sets_targets_all_or_nothing,
);
