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

    // The value's page tells its whole story, newest first.
    let html = officer
        .get(s.url("/values/MONTHLY/ROOT.C1/2025-03"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let states = &html[html.find("id=\"states\"").unwrap()..html.find("id=\"events\"").unwrap()];
    let order: Vec<&str> = ["Đã duyệt", "Đã gửi", "Nháp", "Đã duyệt", "Đã gửi"]
        .into_iter()
        .collect();
    let mut at = 0;
    for label in &order {
        let found = states[at..]
            .find(&format!(">{label}</span>"))
            .unwrap_or_else(|| {
                panic!("{label} after {at} in {states}");
            });
        at += found + 1;
    }
    assert!(
        states.contains("42 hồ sơ") && states.contains("41 hồ sơ"),
        "{states}"
    );
    let events = &html[html.find("id=\"events\"").unwrap()..];
    assert!(
        events.contains("Yêu cầu mở khóa") && events.contains("Nhập nhầm 41, đúng là 42"),
        "{events}"
    );
    assert!(
        events.contains("Người duyệt Sở") && events.contains("Duyệt và khóa"),
        "{events}"
    );

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

async fn validation_rules_and_quality_list(db: TestDb) {
    let s = start(db).await;
    let admin = small_province(&s).await;
    let who = s
        .app
        .principal_for_username("admin")
        .await
        .unwrap()
        .unwrap();
    let input: chiso_app::catalogue::IndicatorInput =
        serde_json::from_value(indicator_json("PART", "month", "integer")).unwrap();
    s.app.create_indicator(&who, &input).await.unwrap();
    let rule = |formula: &str| {
        json!([{
            "code": "VR_PART_LE_TOTAL", "name_vi": "Phần không vượt tổng",
            "name_en": "Part within total", "formula": formula, "frequency": "month",
            "importance": "high", "message_vi": "Phần lớn hơn tổng: kiểm tra lại",
            "message_en": "The part exceeds the total: check both"
        }])
    };
    let put = |body: Value| {
        let c = client();
        let url = s.url("/api/v1/validation-rules");
        let token = admin.clone();
        async move {
            let r = c
                .put(url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap();
            (r.status(), r.json::<Value>().await.unwrap())
        }
    };
    // A misspelt code is named with a suggestion; a number is not a condition.
    let (st, body) = put(rule("#{PARTT} <= #{MONTHLY}")).await;
    assert_eq!(st, 422, "{body}");
    assert_eq!(body["error"]["field"], "formula");
    assert!(
        body["error"]["message_en"]
            .as_str()
            .unwrap()
            .contains("PART"),
        "{body}"
    );
    let (st, body) = put(rule("#{PART} - #{MONTHLY}")).await;
    assert_eq!(
        (st.as_u16(), body["error"]["code"].as_str()),
        (422, Some("rule.not_condition"))
    );
    let (st, body) = put(rule("#{PART} <= #{MONTHLY}")).await;
    assert_eq!(st, 200, "{body}");

    // Six ordinary months, then a month whose part exceeds its total, ten times the usual.
    let officer = s.token("officer", "pw-123456").await;
    let mut rows = Vec::new();
    for m in 1..=6 {
        for (i, v) in [("MONTHLY", 100 + m), ("PART", 40 + m)] {
            rows.push(json!({"indicator": i, "org_unit": "ROOT.C1",
                             "period": format!("2025-{m:02}"), "value": v}));
        }
    }
    let post = |rows: Value| {
        let c = client();
        let url = s.url("/api/v1/data-values");
        let token = officer.clone();
        async move {
            let r = c
                .post(url)
                .bearer_auth(token)
                .json(&rows)
                .send()
                .await
                .unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap())
        }
    };
    assert_eq!(post(Value::Array(rows)).await.0, 200);
    // July's part is ten times the usual: submitting it needs an explanation.
    let july = |comment: Option<&str>| {
        json!([{"indicator": "MONTHLY", "org_unit": "ROOT.C1", "period": "2025-07", "value": 100},
               {"indicator": "PART", "org_unit": "ROOT.C1", "period": "2025-07", "value": 1000,
                "comment": comment}])
    };
    let (st, body) = post(july(None)).await;
    assert_eq!(st, 422, "{body}");
    assert_eq!(body["error"]["code"], "value.outlier_needs_comment");
    assert_eq!(
        (
            body["error"]["row"].as_u64(),
            body["error"]["field"].as_str()
        ),
        (Some(1), Some("comment"))
    );
    assert!(
        body["error"]["message_en"]
            .as_str()
            .unwrap()
            .contains("median 43.5 of the last 6 periods"),
        "{body}"
    );
    let (st, body) = post(july(Some("Gộp số của hai tháng"))).await;
    assert_eq!(st, 200, "{body}");

    // The entry form names the broken rule with the values it read.
    let c = signed_in(&s, "officer", "pw-123456").await;
    let html = c
        .get(s.url("/entry?unit=ROOT.C1&period=2025-07"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let box_ = &html[html.find("id=\"violations\"").expect("violations box")..];
    assert!(box_.contains("Phần lớn hơn tổng: kiểm tra lại"), "{box_}");
    assert!(box_.contains("PART = 1.000"), "{box_}");
    assert!(
        html.contains("id=\"outlier-PART\""),
        "the part is also unusual"
    );
    let html = c
        .get(s.url("/entry?unit=ROOT.C1&period=2025-06"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!html.contains("id=\"violations\""), "June is fine");

    // The data-quality list of July: the broken rule and the outlier.
    let r = client()
        .get(s.url("/api/v1/quality?period=2025-07"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    let q: Value = r.json().await.unwrap();
    assert_eq!(q["violations"][0]["rule"], "VR_PART_LE_TOTAL", "{q}");
    assert_eq!(q["violations"][0]["org_unit"], "ROOT.C1");
    assert_eq!(q["outliers"][0]["indicator"], "PART", "{q}");
    assert_eq!(q["outliers"][0]["median"], 43.5, "{q}");
    let html = c
        .get(s.url("/quality?period=2025-07"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("1 lỗi kiểm tra chéo · 1 giá trị bất thường"),
        "{html}"
    );
}

async fn deadlines_per_indicator_and_reminders(db: TestDb) {
    use chiso_core::calendar::SubmissionState;
    use chiso_core::period::{Period, PeriodType};
    let s = start(db).await;
    let admin = small_province(&s).await;
    let today = chiso_app::submissions::vietnam_day(chrono::Utc::now());
    let last_month = Period::containing(PeriodType::Month, today).previous();
    let url = s.url("/api/v1/indicators/MONTHLY/deadlines");
    let r = client().get(&url).bearer_auth(&admin).send().await.unwrap();
    let d: Value = r.json().await.unwrap();
    assert_eq!(
        d,
        json!({"commune": 2, "agency": 4, "province": 6, "own": false})
    );

    // Last month's value is missing: the officer is reminded, as overdue.
    let officer = signed_in(&s, "officer", "pw-123456").await;
    let html = officer
        .get(s.url("/entry"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let label = chiso_web::i18n::period_label(chiso_web::i18n::Lang::Vi, &last_month);
    let reminders = &html[html.find("id=\"reminders\"").expect("reminders")..];
    assert!(
        reminders.contains(&format!("Xã Đông Hòa · {label}: đã quá hạn")),
        "{reminders}"
    );

    // Submitted today, it is late by the calendar's default (closing on the 14th + 2 days).
    let token = s.token("officer", "pw-123456").await;
    let r = client()
        .post(s.url("/api/v1/data-values"))
        .bearer_auth(&token)
        .json(&json!([{"indicator": "MONTHLY", "org_unit": "ROOT.C1",
                       "period": last_month.to_string(), "value": 5}]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let who = s
        .app
        .principal_for_username("admin")
        .await
        .unwrap()
        .unwrap();
    let state = |sub: &chiso_app::submissions::Submissions| {
        sub.units
            .iter()
            .find(|u| u.unit.code.as_str() == "ROOT.C1")
            .map(|u| {
                (
                    u.count(SubmissionState::OnTime),
                    u.count(SubmissionState::Late),
                )
            })
    };
    let sub = s
        .app
        .submissions(&who, "ROOT", last_month, today)
        .await
        .unwrap();
    let late_by_default = today
        > chiso_core::calendar::deadline(
            &last_month,
            chiso_core::calendar::Level::Commune,
            &chiso_core::calendar::Deadlines::default(),
        )
        .unwrap();
    assert_eq!(
        state(&sub),
        Some(if late_by_default { (0, 1) } else { (1, 0) })
    );

    // Bad deadlines are refused; with 58 days for communes (more than any month needs) it was on time.
    let put = |body: Value| {
        let c = client();
        let url = url.clone();
        let token = admin.clone();
        async move {
            let r = c
                .put(url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap())
        }
    };
    let (st, b) = put(json!({"commune": 5, "agency": 3, "province": 6})).await;
    assert_eq!(
        (st, b["error"]["code"].as_str()),
        (422, Some("deadline.order"))
    );
    let (st, b) = put(json!({"commune": 70, "agency": 70, "province": 70})).await;
    assert_eq!((st, b["error"]["field"].as_str()), (422, Some("commune")));
    let (st, b) = put(json!({"commune": 58, "agency": 59, "province": 60})).await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["own"], true);
    let sub = s
        .app
        .submissions(&who, "ROOT", last_month, today)
        .await
        .unwrap();
    assert_eq!(
        state(&sub),
        Some((1, 0)),
        "on time with the indicator's own deadline"
    );
    let (st, b) = put(Value::Null).await;
    assert_eq!(
        (st, b["own"].as_bool()),
        (200, Some(false)),
        "back to the defaults"
    );
}

async fn evidence_attached_checked_and_downloaded(db: TestDb) {
    let s = start(db).await;
    small_province(&s).await;
    let officer = signed_in(&s, "officer", "pw-123456").await;
    let upload = |name: &'static str, bytes: Vec<u8>, indicator: &'static str| {
        let (ct, body) = multipart(
            &[
                ("unit", "ROOT.C1"),
                ("period", "2025-03"),
                ("indicator", indicator),
            ],
            (name, &bytes),
        );
        officer
            .post(s.url("/entry/evidence"))
            .header("content-type", ct)
            .body(body)
            .send()
    };
    let pdf = b"%PDF-1.7\nBi\xc3\xaan b\xe1\xba\xa3n h\xe1\xbb\x8dp\n%%EOF\n".to_vec();
    let r = upload("../Biên bản họp.pdf", pdf.clone(), "MONTHLY")
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    // Listed on the entry form; downloads byte for byte, as an attachment.
    let html = officer
        .get(s.url("/entry?unit=ROOT.C1&period=2025-03"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let section = &html[html.find("id=\"evidence\"").unwrap()..];
    assert!(
        section.contains("Biên bản họp.pdf") && section.contains("MONTHLY"),
        "{section}"
    );
    let link = section
        .split("href=\"/evidence/")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_string();
    let r = officer
        .get(s.url(&format!("/evidence/{link}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename*=UTF-8''Bi%C3%AAn")
    );
    assert_eq!(r.bytes().await.unwrap().to_vec(), pdf);
    // Someone who cannot read the commune cannot download it.
    let other = signed_in(&s, "aofficer", "pw-123456").await;
    let r = other
        .get(s.url(&format!("/evidence/{link}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    // An executable named .pdf is refused; so is an empty file.
    let r = upload("bao-cao.pdf", b"MZ\x90\x00\x03".to_vec(), "")
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Không nhận loại tệp của «bao-cao.pdf»")
    );
    let r = upload("trong.pdf", Vec::new(), "").await.unwrap();
    assert_eq!(r.status(), 422);
    // The upload is in the audit trail with the file's hash.
    let events = s.app.store().audit_events().await.unwrap();
    let e = events
        .iter()
        .find(|e| e.action == "evidence.attach")
        .unwrap();
    let detail: Value = serde_json::from_str(&e.detail).unwrap();
    assert_eq!(detail["file"], "Biên bản họp.pdf");
    assert_eq!(detail["size"], pdf.len());
    assert_eq!(detail["sha256"].as_str().unwrap().len(), 64);
}

async fn returned_for_correction_with_a_reason(db: TestDb) {
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
    let token = s.token("officer", "pw-123456").await;
    let submit = |v: i64| {
        let c = client();
        let url = s.url("/api/v1/data-values");
        let token = token.clone();
        async move {
            c.post(url)
                .bearer_auth(token)
                .json(&json!([{"indicator": "MONTHLY", "org_unit": "ROOT.C1",
                               "period": "2025-04", "value": v}]))
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(submit(30).await, 200);
    let approver = signed_in(&s, "approver", "pw-123456").await;
    let give_back = |reason: &'static str| {
        approver
            .post(s.url("/approvals/return"))
            .form(&[
                ("unit", "ROOT.C1"),
                ("period", "2025-04"),
                ("reason", reason),
            ])
            .send()
    };
    let r = give_back(" ").await.unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("Cần ghi lý do trả lại"));
    let r = give_back("Thiếu số của thôn 3").await.unwrap();
    assert_eq!(r.status(), 303);
    let html = approver
        .get(s.url(r.headers()["location"].to_str().unwrap()))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Đã trả lại 1 giá trị cho đơn vị sửa."),
        "{html}"
    );
    assert_eq!(value_of(&s, &admin).await.1, "draft");
    let officer = signed_in(&s, "officer", "pw-123456").await;
    let entry = || async {
        officer
            .get(s.url("/entry?unit=ROOT.C1&period=2025-04"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    };
    let html = entry().await;
    assert!(
        html.contains("đã bị trả lại để sửa: Thiếu số của thôn 3 (Người duyệt Sở"),
        "{html}"
    );
    // Corrected, submitted and approved: the note goes away.
    assert_eq!(submit(34).await, 200);
    let r = approver
        .post(s.url("/approvals/approve"))
        .form(&[("unit", "ROOT.C1"), ("period", "2025-04")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert!(!entry().await.contains("id=\"returned\""));
    assert_eq!(value_of(&s, &admin).await, (34.0, "approved".into()));
    // Through the API: nothing submitted is left to return.
    let approver_token = s.token("approver", "pw-123456").await;
    let r = client()
        .post(s.url("/api/v1/approvals/return"))
        .bearer_auth(&approver_token)
        .json(&json!({"org_unit": "ROOT.C1", "period": "2025-04", "reason": "Kiểm tra lại"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 409);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "approval.nothing");
}

/// The second approval level and the attribute sheet's limits: an indicator whose sheet asks
/// for the province's acceptance goes submitted → approved (owner agency) → accepted
/// (province); only the province's approver accepts, and only it reopens an accepted value.
/// Values outside the sheet's minimum and maximum are refused with the limit named.
async fn province_accepts_after_the_owner_approves(db: TestDb) {
    let s = start(db).await;
    let admin = small_province(&s).await;
    for (u, name, unit) in [
        ("approver", "Người duyệt Sở", "ROOT.A"),
        ("tinh", "Người nghiệm thu tỉnh", "ROOT"),
    ] {
        s.app
            .create_user_unchecked(&UserSpec {
                username: u.into(),
                full_name: name.into(),
                password: "pw-123456".into(),
                grants: vec![(Role::Approver, unit.into())],
            })
            .await
            .unwrap();
    }
    let mut sheet = indicator_json("MONTHLY", "month", "integer");
    sheet["province_acceptance"] = json!(true);
    sheet["min_value"] = json!(0);
    sheet["max_value"] = json!(1000);
    let r = client()
        .put(s.url("/api/v1/indicators/MONTHLY"))
        .bearer_auth(&admin)
        .json(&sheet)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());

    // The entry form says what the sheet accepts, and the sheet form groups the checks.
    let officer = signed_in(&s, "officer", "pw-123456").await;
    let html = officer
        .get(s.url("/entry?unit=ROOT.C1&period=2025-03"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("<span class=\"muted\" id=\"limits-MONTHLY\">Giá trị từ 0 đến 1.000</span>"),
        "{html}"
    );
    let html = signed_in(&s, "admin", ADMIN_PASSWORD)
        .await
        .get(s.url("/indicators/MONTHLY/edit"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let checks = &html[html.find("id=\"checks\"").unwrap()..];
    let checks = &checks[..checks.find("</fieldset>").unwrap()];
    for (name, value) in [
        ("min_value", "0"),
        ("max_value", "1000"),
        ("allowed_values", ""),
    ] {
        assert!(
            checks.contains(&format!("name=\"{name}\" value=\"{value}\"")),
            "{name}: {checks}"
        );
    }
    let officer_token = s.token("officer", "pw-123456").await;
    let submit = |value: f64| json!([{"indicator": "MONTHLY", "org_unit": "ROOT.C1", "period": "2025-03", "value": value}]);
    let r = client()
        .post(s.url("/api/v1/data-values"))
        .bearer_auth(&officer_token)
        .header("accept-language", "vi")
        .json(&submit(4100.0))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "value.above_max");
    assert_eq!(body["error"]["field"], "value");
    assert_eq!(
        body["error"]["message"],
        "Giá trị 4100 lớn hơn mức tối đa 1000 ghi trên phiếu thuộc tính của chỉ số"
    );
    let r = client()
        .post(s.url("/api/v1/data-values"))
        .bearer_auth(&officer_token)
        .json(&submit(41.0))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);

    // The province's approver has nothing to accept before the owner approves.
    let province_token = s.token("tinh", "pw-123456").await;
    let accept = json!({"org_unit": "ROOT.C1", "period": "2025-03", "level": "province"});
    let r = client()
        .post(s.url("/api/v1/approvals"))
        .bearer_auth(&province_token)
        .json(&accept)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 409);
    let approver = signed_in(&s, "approver", "pw-123456").await;
    let r = approver
        .post(s.url("/approvals/approve"))
        .form(&[
            ("unit", "ROOT.C1"),
            ("period", "2025-03"),
            ("level", "owner"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(value_of(&s, &admin).await, (41.0, "approved".into()));
    // The owner's approver cannot accept at province level.
    let approver_token = s.token("approver", "pw-123456").await;
    let r = client()
        .post(s.url("/api/v1/approvals"))
        .bearer_auth(&approver_token)
        .json(&accept)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 409);
    let r = client()
        .post(s.url("/api/v1/approvals"))
        .bearer_auth(&province_token)
        .json(&json!({"org_unit": "ROOT.C1", "period": "2025-03", "level": "district"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    assert_eq!(
        (&body["error"]["code"], &body["error"]["field"]),
        (&json!("approval.bad_level"), &json!("level"))
    );

    // The province sees the approved values waiting for its acceptance, and accepts them.
    let r = client()
        .get(s.url("/api/v1/approvals"))
        .bearer_auth(&province_token)
        .send()
        .await
        .unwrap();
    let queue: Value = r.json().await.unwrap();
    let waiting: Vec<_> = queue["pending"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["level"].as_str().unwrap(),
                g["org_unit"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(waiting, vec![("province", "ROOT.C1")], "{queue}");
    let province = signed_in(&s, "tinh", "pw-123456").await;
    let html = province
        .get(s.url("/approvals"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Chờ tỉnh nghiệm thu"), "{html}");
    assert!(
        html.contains("id=\"approve-accept-ROOT-C1-2025-03\">Nghiệm thu</button>"),
        "{html}"
    );
    let r = province
        .post(s.url("/approvals/approve"))
        .form(&[
            ("unit", "ROOT.C1"),
            ("period", "2025-03"),
            ("level", "province"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/approvals?accepted=1");
    assert_eq!(value_of(&s, &admin).await, (41.0, "accepted".into()));
    // Accepted is settled: the officer cannot overwrite it.
    let r = client()
        .post(s.url("/api/v1/data-values"))
        .bearer_auth(&officer_token)
        .json(&submit(42.0))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 409);
    assert_eq!(value_of(&s, &admin).await, (41.0, "accepted".into()));

    // Reopening an accepted value is the province's decision.
    let officer = signed_in(&s, "officer", "pw-123456").await;
    let r = officer
        .post(s.url("/entry/unlock"))
        .form(&[
            ("unit", "ROOT.C1"),
            ("period", "2025-03"),
            ("indicator", "MONTHLY"),
            ("reason", "Sai số liệu"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let id = s.app.store().unlock_requests(true).await.unwrap()[0].id;
    let r = approver
        .post(s.url(&format!("/approvals/unlocks/{id}")))
        .form(&[("decision", "grant")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let r = province
        .post(s.url(&format!("/approvals/unlocks/{id}")))
        .form(&[("decision", "grant")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(value_of(&s, &admin).await, (41.0, "draft".into()));
    // The value's history tells the story.
    let html = officer
        .get(s.url("/values/MONTHLY/ROOT.C1/2025-03"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Nghiệm thu cấp tỉnh") && html.contains("Người nghiệm thu tỉnh"),
        "{html}"
    );
    assert!(s.app.verify_audit().await.unwrap() > 0);
}

chiso_store::both_backends!(
    province_accepts_after_the_owner_approves,
    returned_for_correction_with_a_reason,
    evidence_attached_checked_and_downloaded,
    approve_lock_unlock,
    validation_rules_and_quality_list,
    deadlines_per_indicator_and_reminders
);
