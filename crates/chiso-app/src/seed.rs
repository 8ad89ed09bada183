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

impl App {
    /// Whether the database holds no org units yet (the demo may load).
    pub async fn is_empty(&self) -> AppResult<bool> {
        Ok(self.tree().is_empty())
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
            let row = tx.insert_indicator(&code(&ind.code)?, &sheet, t).await?;
            ind_ids.push(row.indicator.id);
        }
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
                definition_version: 1,
                channel: ValueChannel::Demo,
                updated_by: None,
                updated_at: v.reported_at,
            })
            .collect();
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
        self.reload_tree().await?;
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
