//! Loading the demo province into an empty database.

use crate::auth::{UserSpec, audit};
use crate::demo::dataset::{DemoDataset, generate};
use crate::{App, AppError, AppResult, Problem, now};
use chiso_core::code::Code;
use chiso_core::value::{DataValue, Target, ValueChannel};
use chiso_store::NewOrgUnit;
use std::collections::HashMap;

/// Password of every demo account (sample data only; printed when the demo loads).
pub const DEMO_PASSWORD: &str = "chiso-demo";

/// The audit action recorded when the demo loads; its presence marks a demo database.
pub const DEMO_ACTION: &str = "demo.load";

/// Seed of the demo generator: the same seed always gives the same province.
pub const DEMO_SEED: u64 = 2025;

/// What the demo load wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoSummary {
    /// Org units.
    pub org_units: usize,
    /// Indicators.
    pub indicators: usize,
    /// Data values.
    pub values: usize,
    /// Targets.
    pub targets: usize,
    /// Demo accounts.
    pub users: usize,
}

fn code(s: &str) -> AppResult<Code> {
    Code::parse(s).map_err(|e| AppError::Internal(format!("demo code {s}: {e}")))
}

/// The demo indicator whose definition was revised between the two versions of the demo set.
const REVISED: &str = "PA_TTHC_ONTIME";

/// Its definition before the revision.
const REVISED_OLD_DEFINITION: &str = "Số hồ sơ giải quyết đúng hạn chia cho tổng số hồ sơ đã giải quyết, \
     không tính hồ sơ tiếp nhận trực tuyến (định nghĩa trước tháng 3/2026, mẫu)";

/// First day values of the revised indicator follow its new definition.
fn revised_from() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap_or_default()
}

impl App {
    /// The demo's promulgated set: version 1 (September 2025) without every seventh
    /// indicator in operation, version 2 (March 2026) with all of them and one definition
    /// revised.
    async fn demo_sets(
        &self,
        tx: &mut chiso_store::Tx,
        data: &DemoDataset,
        ids: &[i64],
        t: chrono::DateTime<chrono::Utc>,
    ) -> AppResult<()> {
        use chiso_core::indicator::LifecycleStatus;
        let operating: Vec<usize> = (0..data.indicators.len())
            .filter(|&i| data.indicators[i].sheet.status == LifecycleStatus::Operating)
            .collect();
        let v1: Vec<(i64, i32)> = operating
            .iter()
            .enumerate()
            .filter(|(k, _)| k % 7 != 6)
            .map(|(_, &i)| (ids[i], 1))
            .collect();
        let v2: Vec<(i64, i32)> = operating
            .iter()
            .map(|&i| {
                (
                    ids[i],
                    if data.indicators[i].code == REVISED {
                        2
                    } else {
                        1
                    },
                )
            })
            .collect();
        let set_id = tx
            .insert_set(
                "BCS_TM",
                "Bộ chỉ số chỉ đạo, điều hành tỉnh Mẫu (mẫu)",
                "Sample Province steering and operation indicator set (sample)",
                t,
            )
            .await?;
        for (version, decision, (y, m, d), members) in [
            (1, "1520/QĐ-UBND (mẫu)", (2025, 9, 15), &v1),
            (2, "245/QĐ-UBND (mẫu)", (2026, 3, 10), &v2),
        ] {
            let date = chrono::NaiveDate::from_ymd_opt(y, m, d)
                .ok_or_else(|| AppError::Internal("demo date".into()))?;
            tx.insert_set_version(
                set_id,
                version,
                decision,
                date,
                "Chủ tịch UBND tỉnh (mẫu)",
                None,
                t,
                members,
            )
            .await?;
        }
        Ok(())
    }

    /// Whether the database holds no org units yet (the demo may load).
    pub async fn is_empty(&self) -> AppResult<bool> {
        Ok(self.tree().is_empty())
    }

    /// Loads only the demo province's organisation tree (no indicators, values or
    /// accounts) into an empty database: a province to import a catalogue into.
    pub async fn load_demo_organisation(&self) -> AppResult<usize> {
        if !self.is_empty().await? {
            return Err(Problem::invalid("demo.not_empty").into());
        }
        let data: DemoDataset = generate(DEMO_SEED);
        let mut tx = self.store.begin().await?;
        let ids = insert_demo_orgs(&mut tx, &data).await?;
        tx.commit().await?;
        self.tree_changed().await?;
        Ok(ids.len())
    }

    /// Loads the demo province ("Tỉnh Mẫu", sample data) into an empty database, in one
    /// transaction, and creates the demo accounts.
    pub async fn load_demo(&self) -> AppResult<DemoSummary> {
        if !self.is_empty().await? {
            return Err(Problem::invalid("demo.not_empty").into());
        }
        let started = std::time::Instant::now();
        let data: DemoDataset = generate(DEMO_SEED);
        tracing::info!(elapsed = ?started.elapsed(), "demo: generated");
        let t = now();
        let mut tx = self.store.begin().await?;
        let org_ids = insert_demo_orgs(&mut tx, &data).await?;
        let org_at: Vec<i64> = data
            .orgs
            .iter()
            .map(|o| org_ids.get(&o.code).copied().unwrap_or_default())
            .collect();
        let mut ind_ids = Vec::with_capacity(data.indicators.len());
        for ind in &data.indicators {
            let mut sheet = ind.sheet.clone();
            sheet.owner_id = *org_ids
                .get(&ind.owner)
                .ok_or_else(|| AppError::Internal(format!("demo owner {} missing", ind.owner)))?;
            sheet.normalise();
            let c = code(&ind.code)?;
            let row = tx.insert_indicator(&c, &sheet, t).await?;
            let id = row.indicator.id;
            if ind.code == REVISED {
                // Defined differently until the March 2026 revision.
                let mut old = sheet.clone();
                old.definition = REVISED_OLD_DEFINITION.into();
                tx.record_indicator_version(id, 1, &old, t).await?;
                tx.update_indicator(id, &c, 2, &sheet, t).await?;
                tx.record_indicator_version(id, 2, &sheet, t).await?;
            } else {
                tx.record_indicator_version(id, 1, &sheet, t).await?;
            }
            ind_ids.push(id);
        }
        self.demo_sets(&mut tx, &data, &ind_ids, t).await?;
        demo_resolutions(&mut tx, &data, &org_ids, t).await?;
        crate::demo::indices::write(&mut tx, &data, DEMO_SEED).await?;
        let values: Vec<DataValue> = data
            .values
            .iter()
            .map(|v| DataValue {
                indicator_id: ind_ids[v.indicator],
                org_unit_id: org_at[v.org],
                period: v.period,
                value: v.value,
                status: v.status,
                comment: v.comment.clone(),
                definition_version: if data.indicators[v.indicator].code == REVISED
                    && v.period.start() >= revised_from()
                {
                    2
                } else {
                    1
                },
                channel: ValueChannel::Demo,
                updated_by: None,
                updated_at: v.reported_at,
            })
            .collect();
        let mut values = values;
        slip_online_dossiers(&mut values, &data, &ind_ids);
        for rule in demo_rules()? {
            tx.upsert_validation_rule(&rule).await?;
        }
        tracing::info!(elapsed = ?started.elapsed(), "demo: units and indicators written");
        tx.upsert_values(&values).await?;
        tracing::info!(elapsed = ?started.elapsed(), values = values.len(), "demo: values written");
        let targets: Vec<Target> = data
            .targets
            .iter()
            .map(|x| Target {
                indicator_id: ind_ids[x.indicator],
                org_unit_id: org_at[x.org],
                period: x.period,
                value: x.value,
                tolerance: x.tolerance,
            })
            .collect();
        tx.upsert_targets(&targets).await?;
        let summary = DemoSummary {
            org_units: data.orgs.len(),
            indicators: data.indicators.len(),
            values: values.len(),
            targets: targets.len(),
            users: data.users.len(),
        };
        let detail = serde_json::json!({
            "seed": DEMO_SEED,
            "org_units": summary.org_units,
            "indicators": summary.indicators,
            "values": summary.values,
            "targets": summary.targets,
        });
        tx.append_audit(&audit(None, DEMO_ACTION, "demo", "TM", &detail.to_string()))
            .await?;
        tx.commit().await?;
        tracing::info!(elapsed = ?started.elapsed(), "demo: committed");
        self.demo.store(true, std::sync::atomic::Ordering::Relaxed);
        self.tree_changed().await?;
        for u in &data.users {
            self.create_user_unchecked(&UserSpec {
                username: u.username.clone(),
                full_name: u.full_name.clone(),
                password: DEMO_PASSWORD.into(),
                grants: vec![(u.role, u.org.clone())],
            })
            .await?;
        }
        tracing::info!(elapsed = ?started.elapsed(), "demo: accounts created");
        Ok(summary)
    }
}

/// Writes the demo province's organisation tree; returns the new ids by code.
async fn insert_demo_orgs(
    tx: &mut chiso_store::Tx,
    data: &DemoDataset,
) -> AppResult<HashMap<String, i64>> {
    let mut orgs = data.orgs.clone();
    orgs.sort_by_key(|o| o.level);
    let mut org_ids: HashMap<String, i64> = HashMap::new();
    for o in &orgs {
        let parent_id = match &o.parent {
            Some(p) => Some(
                *org_ids
                    .get(p)
                    .ok_or_else(|| AppError::Internal(format!("demo parent {p} missing")))?,
            ),
            None => None,
        };
        let u = tx
            .insert_org_unit(&NewOrgUnit {
                code: code(&o.code)?,
                name_vi: o.name_vi.clone(),
                name_en: o.name_en.clone(),
                parent_id,
                kind: o.kind,
                valid_from: o.valid_from,
                valid_to: None,
                geometry: None,
            })
            .await?;
        org_ids.insert(o.code.clone(), u.id);
    }
    Ok(org_ids)
}

/// The sample resolutions and their task trees, with their progress reports.
async fn demo_resolutions(
    tx: &mut chiso_store::Tx,
    data: &DemoDataset,
    org_ids: &HashMap<String, i64>,
    t: chrono::DateTime<chrono::Utc>,
) -> AppResult<()> {
    use crate::demo::resolutions::{RESOLUTIONS, tasks};
    use chiso_store::{ResolutionRow, TaskRow, TaskUpdateRow};
    let names: HashMap<&str, &str> = data
        .orgs
        .iter()
        .map(|o| (o.code.as_str(), o.name_vi.as_str()))
        .collect();
    for (k, r) in RESOLUTIONS.iter().enumerate() {
        let issued = chrono::NaiveDate::from_ymd_opt(r.issued.0, r.issued.1, r.issued.2)
            .ok_or_else(|| AppError::Internal(format!("demo date of {}", r.code)))?;
        let rid = tx
            .insert_resolution(
                &ResolutionRow {
                    id: 0,
                    code: r.code.into(),
                    number: r.number.into(),
                    title: r.title.into(),
                    issuer: "Bộ Chính trị".into(),
                    issued_on: issued,
                    fields: r.fields.into(),
                },
                t,
            )
            .await?;
        // The province's plan implementing the resolution (a sample document).
        let plan = sample_pdf(&format!(
            "Provincial plan implementing resolution {}",
            r.number
        ));
        let title = format!("Kế hoạch thực hiện Nghị quyết {} (mẫu)", r.number);
        tx.insert_task_file(
            &sample_file(rid, None, "ke-hoach-thuc-hien.pdf", &title, &plan, t),
            &plan,
        )
        .await?;
        let mut ids: HashMap<String, i64> = HashMap::new();
        for task in tasks(k, r) {
            let lead = *org_ids
                .get(&task.lead)
                .ok_or_else(|| AppError::Internal(format!("demo unit {} missing", task.lead)))?;
            let title = match names.get(task.lead.as_str()) {
                Some(n) => task.title.replace(&task.lead, n),
                None => task.title.clone(),
            };
            let code = format!("{}.{}", r.code, task.suffix);
            let id = tx
                .insert_task(
                    &TaskRow {
                        id: 0,
                        resolution_id: rid,
                        parent_id: task
                            .parent
                            .as_ref()
                            .and_then(|p| ids.get(&format!("{}.{p}", r.code)).copied()),
                        code: code.clone(),
                        title,
                        description: String::new(),
                        lead_unit_id: lead,
                        start_on: task.start,
                        deadline: task.deadline,
                        product: task.product.into(),
                        weight: 1.0,
                        update_every_days: 45,
                        indicator_id: None,
                        target_value: None,
                        progress: 0.0,
                        last_update_on: None,
                        completed_on: None,
                        evaluation: None,
                        evaluation_note: None,
                        evaluated_on: None,
                        delegated: false,
                    },
                    t,
                )
                .await?;
            for (on, progress) in &task.updates {
                let update = tx
                    .record_task_update(
                        id,
                        &TaskUpdateRow {
                            id: 0,
                            review: "pending".into(),
                            review_comment: None,
                            progress: *progress,
                            narrative: if *progress >= 100.0 {
                                "Đã hoàn thành, có báo cáo kèm theo".into()
                            } else {
                                "Đang triển khai theo kế hoạch".into()
                            },
                            reported_on: *on,
                            reported_by: None,
                        },
                        t,
                    )
                    .await?;
                tx.review_task_update(update, true, None, None, *on).await?;
                if *progress >= 100.0 {
                    let pdf = sample_pdf(&format!("Completion report, task {code}"));
                    tx.insert_task_file(
                        &sample_file(rid, Some(update), "bao-cao-hoan-thanh.pdf", "", &pdf, t),
                        &pdf,
                    )
                    .await?;
                }
            }
            // The first task of each resolution is coordinated by the departments of
            // finance and of home affairs (besides its lead).
            if task.suffix == "1" {
                for other in ["TM.STC", "TM.SNV"] {
                    if let Some(&unit) = org_ids.get(other)
                        && unit != lead
                    {
                        tx.add_task_coordinator(id, unit).await?;
                    }
                }
            }
            ids.insert(code, id);
        }
    }
    Ok(())
}

/// A small valid PDF of one line of text, for the demo's documents and evidence.
fn sample_pdf(line: &str) -> Vec<u8> {
    let text: String = line
        .chars()
        .filter(|c| c.is_ascii_graphic() || *c == ' ')
        .filter(|c| !matches!(c, '(' | ')' | '\\'))
        .collect();
    let content =
        format!("BT /F1 14 Tf 60 760 Td (Chiso demo - sample document) Tj 0 -24 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// A demo file's row.
fn sample_file(
    resolution_id: i64,
    update: Option<i64>,
    name: &str,
    title: &str,
    bytes: &[u8],
    at: chrono::DateTime<chrono::Utc>,
) -> chiso_store::TaskFileRow {
    use sha2::{Digest, Sha256};
    chiso_store::TaskFileRow {
        id: 0,
        resolution_id,
        task_update_id: update,
        title: title.into(),
        file_name: name.into(),
        content_type: "application/pdf".into(),
        size: bytes.len() as i64,
        sha256: hex::encode(Sha256::digest(bytes)),
        uploaded_by: None,
        uploaded_at: at,
    }
}

/// The demo's validation rules across indicators.
fn demo_rules() -> AppResult<Vec<chiso_core::validation::ValidationRule>> {
    use chiso_core::period::PeriodType;
    use chiso_core::validation::{Importance, ValidationRule};
    let rule = |c: &str, vi: &str, en: &str, f: &str, imp, mvi: &str, men: &str| {
        Ok(ValidationRule {
            code: code(c)?,
            name_vi: vi.into(),
            name_en: en.into(),
            formula: f.into(),
            frequency: PeriodType::Month,
            importance: imp,
            message_vi: mvi.into(),
            message_en: men.into(),
        })
    };
    [
        rule(
            "VR_ONLINE_LE_RECEIVED",
            "Hồ sơ trực tuyến không vượt tổng hồ sơ tiếp nhận",
            "Online dossiers do not exceed dossiers received",
            "#{PA_DOSSIERS_ONLINE} <= #{PA_DOSSIERS_RECEIVED}",
            Importance::High,
            "Số hồ sơ tiếp nhận trực tuyến lớn hơn tổng số hồ sơ tiếp nhận: kiểm tra lại hai số này",
            "More dossiers received online than received in all: check both figures",
        ),
        rule(
            "VR_OVERDUE_LE_RECEIVED",
            "Hồ sơ quá hạn không vượt tổng hồ sơ tiếp nhận",
            "Overdue dossiers do not exceed dossiers received",
            "#{PA_DOSSIERS_OVERDUE} <= #{PA_DOSSIERS_RECEIVED}",
            Importance::Medium,
            "Số hồ sơ quá hạn lớn hơn tổng số hồ sơ tiếp nhận trong tháng: nếu có hồ sơ tồn từ kỳ trước, ghi chú giải thích",
            "More overdue dossiers than received this month: if some are carried over, explain it in the comment",
        ),
        rule(
            "VR_DISBURSED_LE_PLAN",
            "Vốn đầu tư công giải ngân không vượt kế hoạch",
            "Public investment disbursed does not exceed the plan",
            "#{INV_PUBLIC_DISBURSED} <= #{INV_PUBLIC_PLAN}",
            Importance::High,
            "Vốn giải ngân lũy kế lớn hơn kế hoạch vốn được giao",
            "Cumulative disbursement exceeds the capital plan",
        ),
    ]
    .into_iter()
    .collect()
}

/// One slip on purpose, for the data-quality list to find: the first agency to report
/// online dossiers, in the latest month, types more online dossiers than it received.
fn slip_online_dossiers(values: &mut [DataValue], data: &DemoDataset, ind_ids: &[i64]) {
    let id_of = |c: &str| {
        data.indicators
            .iter()
            .position(|i| i.code == c)
            .map(|k| ind_ids[k])
    };
    let (Some(online), Some(received)) =
        (id_of("PA_DOSSIERS_ONLINE"), id_of("PA_DOSSIERS_RECEIVED"))
    else {
        return;
    };
    let Some(latest) = values
        .iter()
        .filter(|v| v.indicator_id == online)
        .map(|v| v.period)
        .max()
    else {
        return;
    };
    let Some(at) = values
        .iter()
        .position(|v| v.indicator_id == online && v.period == latest)
    else {
        return;
    };
    let (unit, period) = (values[at].org_unit_id, values[at].period);
    if let Some(total) = values
        .iter()
        .find(|v| v.indicator_id == received && v.org_unit_id == unit && v.period == period)
        .map(|v| v.value)
    {
        values[at].value = total + 25.0;
    }
}
