//! The store suite, run on SQLite and PostgreSQL alike.
#![allow(clippy::unwrap_used)]

use chiso_core::access::{Grant, Role};
use chiso_core::audit::{NewAuditEvent, verify_chain};
use chiso_core::code::Code;
use chiso_core::indicator::*;
use chiso_core::org::{OrgKind, OrgUnit};
use chiso_core::period::{Period, PeriodType};
use chiso_core::value::{DataValue, Target, ValueChannel, ValueStatus};
use chiso_store::testing::TestDb;
use chiso_store::{IndicatorFilter, NewOrgUnit, NewUser, StoreError, ValueQuery};
use chrono::{DateTime, Utc};

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_790_000_000, 123_000).unwrap()
}

fn new_org(code: &str, parent: Option<i64>, kind: OrgKind) -> NewOrgUnit {
    NewOrgUnit {
        code: Code::parse(code).unwrap(),
        name_vi: format!("Đơn vị {code}"),
        name_en: format!("Unit {code}"),
        parent_id: parent,
        kind,
        valid_from: None,
        valid_to: None,
        geometry: None,
    }
}

/// province → agency, commune → village chain of depth `depth` under the commune.
async fn tree(db: &TestDb, depth: usize) -> Vec<OrgUnit> {
    let mut tx = db.store.begin().await.unwrap();
    let p = tx
        .insert_org_unit(&new_org("P", None, OrgKind::Locality))
        .await
        .unwrap();
    let a = tx
        .insert_org_unit(&new_org("P.A", Some(p.id), OrgKind::Agency))
        .await
        .unwrap();
    let c = tx
        .insert_org_unit(&new_org("P.C", Some(p.id), OrgKind::Locality))
        .await
        .unwrap();
    let mut out = vec![p, a, c.clone()];
    let mut parent = c.id;
    for i in 0..depth {
        let u = tx
            .insert_org_unit(&new_org(
                &format!("P.C.{i}"),
                Some(parent),
                OrgKind::Locality,
            ))
            .await
            .unwrap();
        parent = u.id;
        out.push(u);
    }
    tx.commit().await.unwrap();
    out
}

fn sheet(owner: i64, name: &str, freq: PeriodType) -> IndicatorSheet {
    IndicatorSheet {
        name_vi: name.into(),
        name_en: "Name".into(),
        short_name: name.into(),
        group: IndicatorGroup::Output,
        field: Field::Economy,
        purpose: "Mục đích".into(),
        definition: "Định nghĩa".into(),
        formula: None,
        unit: "%".into(),
        decimals: 1,
        value_type: ValueType::Number,
        polarity: Polarity::HigherIsBetter,
        aggregation_tree: TreeAggregation::Sum,
        aggregation_time: TimeAggregation::Sum,
        frequency: freq,
        reporting_calendar: String::new(),
        source: "Báo cáo".into(),
        owner_id: owner,
        reporting_level: ReportingLevel::Localities,
        providing_units: String::new(),
        accountable_person: String::new(),
        legal_basis: String::new(),
        national_code: Some("VN-01".into()),
        disaggregations: String::new(),
        effective_from: chrono::NaiveDate::from_ymd_opt(2025, 7, 1),
        effective_to: None,
        status: LifecycleStatus::Operating,
        resolution_links: String::new(),
        weight_indicator: None,
        min_value: None,
        max_value: None,
        allowed_values: Vec::new(),
        outlier_threshold: None,
        province_acceptance: false,
    }
}

async fn org_tree_and_closure(db: TestDb) {
    let units = tree(&db, 30).await;
    let all = db.store.org_units().await.unwrap();
    assert_eq!(all.len(), 33);
    let deepest = units.last().unwrap();
    assert_eq!(deepest.level, 32);
    // Subtree of the commune: itself and the 30-deep chain, not the agency.
    let sub = db.store.subtree_ids(units[2].id).await.unwrap();
    assert_eq!(sub.len(), 31);
    assert!(!sub.contains(&units[1].id));
    assert_eq!(db.store.subtree_ids(units[0].id).await.unwrap().len(), 33);
    // The in-memory tree agrees with the closure table.
    let t = chiso_core::org::OrgTree::new(all).unwrap();
    assert_eq!(t.subtree(units[2].id).len(), 31);
    assert_eq!(t.ancestors(deepest.id).len(), 31);
}

async fn duplicate_org_code_is_refused(db: TestDb) {
    tree(&db, 0).await;
    let mut tx = db.store.begin().await.unwrap();
    let e = tx
        .insert_org_unit(&new_org("P", None, OrgKind::Locality))
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Duplicate(_)), "{e:?}");
}

async fn indicators_round_trip_and_filter(db: TestDb) {
    let units = tree(&db, 0).await;
    let owner = units[1].id;
    let mut tx = db.store.begin().await.unwrap();
    let s1 = sheet(owner, "Tốc độ tăng trưởng GRDP", PeriodType::Quarter);
    let mut s2 = sheet(owner, "Thu ngân sách nhà nước", PeriodType::Month);
    s2.field = Field::Finance;
    s2.group = IndicatorGroup::Input;
    let a = tx
        .insert_indicator(&Code::parse("ECO_GRDP").unwrap(), &s1, now())
        .await
        .unwrap();
    tx.insert_indicator(&Code::parse("FIN_REV").unwrap(), &s2, now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(a.indicator.sheet, s1);
    assert_eq!(a.indicator.version, 1);
    assert_eq!(a.created_at, now());

    let got = db
        .store
        .indicator_by_code("ECO_GRDP")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got.indicator, a.indicator);

    let by_field = IndicatorFilter {
        field: Some(Field::Finance),
        ..Default::default()
    };
    let (rows, total) = db.store.list_indicators(&by_field, 10, 0).await.unwrap();
    assert_eq!(total, 1);
    assert_eq!(rows[0].indicator.code.as_str(), "FIN_REV");

    // Accent-insensitive, word-order-tolerant search.
    let text = IndicatorFilter {
        text: Some("grdp tang truong".into()),
        ..Default::default()
    };
    let (rows, total) = db.store.list_indicators(&text, 10, 0).await.unwrap();
    assert_eq!((total, rows[0].indicator.code.as_str()), (1, "ECO_GRDP"));
    let text = IndicatorFilter {
        text: Some("ngân SÁCH".into()),
        ..Default::default()
    };
    assert_eq!(db.store.list_indicators(&text, 10, 0).await.unwrap().1, 1);
    let text = IndicatorFilter {
        text: Some("100%_".into()),
        ..Default::default()
    };
    assert_eq!(db.store.list_indicators(&text, 10, 0).await.unwrap().1, 0);

    // Paging.
    let (rows, total) = db
        .store
        .list_indicators(&IndicatorFilter::default(), 1, 1)
        .await
        .unwrap();
    assert_eq!(
        (total, rows.len(), rows[0].indicator.code.as_str()),
        (2, 1, "FIN_REV")
    );

    // Update bumps what we ask and keeps the key; every write moves the catalogue's
    // version, and a rolled-back one does not.
    let before = db.store.catalogue_version().await.unwrap();
    assert!(before >= 2, "two inserts: {before}");
    let mut tx = db.store.begin().await.unwrap();
    tx.set_indicator_status(a.indicator.id, LifecycleStatus::Listed, now())
        .await
        .unwrap();
    tx.rollback().await.unwrap();
    assert_eq!(db.store.catalogue_version().await.unwrap(), before);
    let mut tx = db.store.begin().await.unwrap();
    let mut s3 = s1.clone();
    s3.unit = "điểm %".into();
    let u = tx
        .update_indicator(a.indicator.id, &a.indicator.code, 2, &s3, now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        (u.indicator.version, u.indicator.sheet.unit.as_str()),
        (2, "điểm %")
    );
    assert!(db.store.catalogue_version().await.unwrap() > before);

    let counts = db.store.indicator_counts(None, None).await.unwrap();
    assert!(counts.contains(&("input".into(), "finance".into(), 1)));
}

async fn values_upsert_and_query_subtree(db: TestDb) {
    let units = tree(&db, 2).await;
    let mut tx = db.store.begin().await.unwrap();
    let ind = tx
        .insert_indicator(
            &Code::parse("X").unwrap(),
            &sheet(units[1].id, "X", PeriodType::Month),
            now(),
        )
        .await
        .unwrap()
        .indicator;
    let mk = |org: i64, p: &str, v: f64| DataValue {
        indicator_id: ind.id,
        org_unit_id: org,
        period: Period::parse(p).unwrap(),
        value: v,
        status: ValueStatus::Submitted,
        comment: Some("ghi chú".into()),
        definition_version: 1,
        channel: ValueChannel::Api,
        updated_by: None,
        updated_at: now(),
    };
    let mut batch = Vec::new();
    for (i, u) in units.iter().enumerate() {
        for m in 1..=12 {
            batch.push(mk(u.id, &format!("2025-{m:02}"), (i * 100 + m) as f64));
        }
    }
    tx.upsert_values(&batch).await.unwrap(); // 5 units × 12 = 60 rows
    tx.commit().await.unwrap();
    assert_eq!(db.store.count_values().await.unwrap(), 60);

    // Re-upserting replaces, never duplicates.
    let mut tx = db.store.begin().await.unwrap();
    tx.upsert_values(&[mk(units[0].id, "2025-01", 9.5)])
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(db.store.count_values().await.unwrap(), 60);

    let q = ValueQuery {
        org_unit_id: Some(units[0].id),
        ..Default::default()
    };
    let (rows, total) = db.store.query_values(&q, 100, 0).await.unwrap();
    assert_eq!(total, 12);
    let jan = rows
        .iter()
        .find(|v| v.period.to_string() == "2025-01")
        .unwrap();
    assert_eq!(jan.value, 9.5);
    assert_eq!(jan.comment.as_deref(), Some("ghi chú"));

    // What analytics hold in memory, one indicator at a time.
    let held = db.store.indicator_values(ind.id).await.unwrap();
    assert_eq!(held.len(), 60);
    let first = held
        .iter()
        .find(|v| v.org_unit_id == units[0].id && v.period.to_string() == "2025-01")
        .unwrap();
    assert_eq!((first.value, first.status), (9.5, ValueStatus::Submitted));
    assert!(
        db.store
            .indicator_values(ind.id + 1)
            .await
            .unwrap()
            .is_empty()
    );

    // Subtree of the commune: commune + 2 below = 3 units.
    let q = ValueQuery {
        org_unit_id: Some(units[2].id),
        subtree: true,
        ..Default::default()
    };
    assert_eq!(db.store.query_values(&q, 1000, 0).await.unwrap().1, 36);

    // Period range: Q3 only.
    let q3 = Period::parse("2025Q3").unwrap();
    let q = ValueQuery {
        indicator_id: Some(ind.id),
        from: Some(q3.start()),
        to: Some(q3.end()),
        ..Default::default()
    };
    let (rows, total) = db.store.query_values(&q, 1000, 0).await.unwrap();
    assert_eq!(total, 15);
    assert!(rows.iter().all(|v| q3.contains(&v.period)));

    let mut tx = db.store.begin().await.unwrap();
    let t = Target {
        indicator_id: ind.id,
        org_unit_id: units[0].id,
        period: Period::parse("2025").unwrap(),
        value: 100.0,
        tolerance: 0.05,
    };
    tx.upsert_targets(std::slice::from_ref(&t)).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        db.store.targets(ind.id, units[0].id).await.unwrap(),
        vec![t]
    );

    // Every write logged what it changed, in its own transaction: the 60 keys of the first
    // batch, the one key written again; a status change logs its key; a rolled-back write
    // logs nothing.
    let ids = db.store.value_change_ids_after(0).await.unwrap();
    let changes = db.store.value_changes(&ids).await.unwrap();
    let sizes: Vec<usize> = changes
        .iter()
        .map(|(_, c)| match c {
            chiso_store::ValueChange::Keys(k) => k.len(),
            chiso_store::ValueChange::Everything => usize::MAX,
        })
        .collect();
    assert_eq!(sizes, vec![60, 1]);
    assert_eq!(
        changes[1].1,
        chiso_store::ValueChange::Keys(vec![(
            ind.id,
            units[0].id,
            Period::parse("2025-01").unwrap()
        )])
    );
    let last = db.store.last_value_change().await.unwrap();
    assert_eq!(last, *ids.last().unwrap());
    let key = (ind.id, units[1].id, Period::parse("2025-02").unwrap());
    let mut tx = db.store.begin().await.unwrap();
    assert!(
        tx.set_value_status(key, ValueStatus::Approved)
            .await
            .unwrap()
    );
    tx.rollback().await.unwrap();
    assert!(
        db.store
            .value_change_ids_after(last)
            .await
            .unwrap()
            .is_empty()
    );
    let mut tx = db.store.begin().await.unwrap();
    assert!(
        tx.set_value_status(key, ValueStatus::Approved)
            .await
            .unwrap()
    );
    tx.commit().await.unwrap();
    let after = db.store.value_change_ids_after(last).await.unwrap();
    assert_eq!(
        db.store.value_changes(&after).await.unwrap()[0].1,
        chiso_store::ValueChange::Keys(vec![key])
    );
    // A batch larger than the log lists says "everything".
    let many: Vec<DataValue> = (0..=chiso_store::MAX_LOGGED_KEYS)
        .map(|k| {
            let mut v = mk(units[k % units.len()].id, "2025-01", k as f64);
            v.period = Period::parse(&format!("{}-{:02}", 1950 + k / 12, k % 12 + 1)).unwrap();
            v
        })
        .collect();
    let mut tx = db.store.begin().await.unwrap();
    tx.upsert_values_bulk(&many).await.unwrap();
    tx.commit().await.unwrap();
    let last = *after.last().unwrap();
    let after = db.store.value_change_ids_after(last).await.unwrap();
    assert_eq!(
        db.store.value_changes(&after).await.unwrap()[0].1,
        chiso_store::ValueChange::Everything
    );
    // Pruning drops the older changes; the log then starts after them.
    let newest = db.store.last_value_change().await.unwrap();
    assert_eq!(db.store.first_value_change().await.unwrap(), Some(ids[0]));
    let mut tx = db.store.begin().await.unwrap();
    let dropped = tx.prune_value_changes(newest - 1).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(dropped, 3, "60 keys, 1 key and a status; not the newest");
    assert_eq!(db.store.first_value_change().await.unwrap(), Some(newest));
    // Exactly the stored numbers, to the last bit.
    let awkward = [
        0.1 + 0.2,
        1.0 / 3.0,
        123_456_789.123_456_78,
        -2.5e-300,
        1e300,
    ];
    let mut tx = db.store.begin().await.unwrap();
    let rows: Vec<DataValue> = awkward
        .iter()
        .enumerate()
        .map(|(k, v)| mk(units[1].id, &format!("2025-{:02}", k + 1), *v))
        .collect();
    tx.upsert_values(&rows).await.unwrap();
    tx.commit().await.unwrap();
    let held = db.store.indicator_values(ind.id).await.unwrap();
    for (k, v) in awkward.iter().enumerate() {
        let period = format!("2025-{:02}", k + 1);
        let got = held
            .iter()
            .find(|h| h.org_unit_id == units[1].id && h.period.to_string() == period)
            .unwrap();
        assert_eq!(
            got.value.to_bits(),
            v.to_bits(),
            "{v} read back as {}",
            got.value
        );
    }
}

async fn failed_transaction_writes_nothing(db: TestDb) {
    let units = tree(&db, 0).await;
    let mut tx = db.store.begin().await.unwrap();
    tx.insert_indicator(
        &Code::parse("A").unwrap(),
        &sheet(units[1].id, "A", PeriodType::Year),
        now(),
    )
    .await
    .unwrap();
    let e = tx
        .insert_indicator(
            &Code::parse("A").unwrap(),
            &sheet(units[1].id, "A", PeriodType::Year),
            now(),
        )
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Duplicate(_)));
    drop(tx);
    assert_eq!(db.store.all_indicators().await.unwrap().len(), 0);
}

async fn users_sessions_tokens(db: TestDb) {
    let units = tree(&db, 0).await;
    let mut tx = db.store.begin().await.unwrap();
    let u = tx
        .insert_user(
            &NewUser {
                username: "lanhdao".into(),
                full_name: "Nguyễn Văn A".into(),
                password_hash: "$argon2id$x".into(),
                locale: "vi".into(),
            },
            now(),
        )
        .await
        .unwrap();
    let g = Grant {
        role: Role::Leader,
        org_unit_id: units[0].id,
    };
    tx.insert_grant(u.id, g).await.unwrap();
    tx.insert_grant(u.id, g).await.unwrap();
    tx.insert_api_token(u.id, "ioc", "tokhash", now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(db.store.grants(u.id).await.unwrap(), vec![g]);
    assert_eq!(
        db.store
            .user_by_username("lanhdao")
            .await
            .unwrap()
            .unwrap()
            .full_name,
        "Nguyễn Văn A"
    );
    assert_eq!(db.store.token_user("tokhash").await.unwrap(), Some(u.id));
    assert_eq!(db.store.token_user("other").await.unwrap(), None);
    let later = now() + chrono::Duration::hours(1);
    db.store
        .insert_session("sess", u.id, now(), later)
        .await
        .unwrap();
    assert_eq!(
        db.store.session_user("sess", now()).await.unwrap(),
        Some(u.id)
    );
    assert_eq!(
        db.store.session_user("sess", later).await.unwrap(),
        None,
        "expired"
    );
    db.store.delete_session("sess").await.unwrap();
    assert_eq!(db.store.session_user("sess", now()).await.unwrap(), None);
    assert_eq!(db.store.user_count().await.unwrap(), 1);
}

async fn audit_chain_verifies_and_detects_tampering(db: TestDb) {
    for i in 0..5 {
        let mut tx = db.store.begin().await.unwrap();
        tx.append_audit(&NewAuditEvent {
            at: now() + chrono::Duration::seconds(i),
            actor_id: Some(1),
            action: "indicator.update".into(),
            entity: "indicator".into(),
            entity_code: format!("X{i}"),
            detail: format!("{{\"i\":{i}}}"),
        })
        .await
        .unwrap();
        tx.commit().await.unwrap();
    }
    let events = db.store.audit_events().await.unwrap();
    assert_eq!(events.len(), 5);
    assert_eq!(verify_chain(&events), Ok(()));
    assert_eq!(
        db.store
            .audit_for("indicator", "X3", 10)
            .await
            .unwrap()
            .len(),
        1
    );
    let mut tampered = events.clone();
    tampered[3].detail = "{\"i\":99}".into();
    assert!(verify_chain(&tampered).is_err());
}

chiso_store::both_backends!(
    org_tree_and_closure,
    duplicate_org_code_is_refused,
    indicators_round_trip_and_filter,
    values_upsert_and_query_subtree,
    failed_transaction_writes_nothing,
    users_sessions_tokens,
    audit_chain_verifies_and_detects_tampering,
);
