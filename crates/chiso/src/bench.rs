//! `chiso bench`: how fresh the analytics are. On a temporary SQLite database with the demo
//! province, a commune's value is entered, submitted and approved, then the province's
//! analysis of the indicator and the province dashboard are computed with approved data
//! only; each run checks that the new value is in both. Prints the median and worst times.

use anyhow::{Context, Result, bail};
use chiso_app::App;
use chiso_app::analytics::DataScope;
use chiso_app::values::ApproveInput;
use chiso_core::access::Principal;
use chiso_core::indicator::{ReportingLevel, TreeAggregation};
use chiso_core::org::OrgKind;
use chiso_core::period::{Period, PeriodType};
use chiso_core::value::ValueChannel;
use chrono::Datelike;
use std::time::{Duration, Instant};

fn summary(name: &str, mut xs: Vec<Duration>) {
    xs.sort();
    let median = xs[xs.len() / 2];
    let worst = xs[xs.len() - 1];
    println!(
        "{name:<44} median {median:>10.2?}   worst {worst:>10.2?}   ({} runs)",
        xs.len()
    );
}

/// Creates the administrator of a bench database; the principal it acts as.
pub(crate) async fn admin(app: &App) -> Result<Principal> {
    app.bootstrap_admin(Some("bench-password".into()))
        .await
        .map_err(crate::explain)?;
    app.principal_for_username("admin")
        .await
        .map_err(crate::explain)?
        .context("no admin")
}

/// Enters one value as submitted, with `comment`, and approves it, as an officer and the
/// owner's approver would; how many values the approval settled.
pub(crate) async fn enter_and_approve(
    app: &App,
    who: &Principal,
    indicator: &str,
    unit: &str,
    period: Period,
    value: f64,
    comment: Option<&str>,
) -> Result<usize> {
    let row = serde_json::json!([{
        "indicator": indicator, "org_unit": unit, "period": period.to_string(),
        "value": value, "status": "submitted", "comment": comment
    }]);
    app.upsert_values(
        who,
        row.as_array().map(Vec::as_slice).unwrap_or(&[]),
        ValueChannel::Api,
    )
    .await
    .map_err(crate::explain)?;
    app.approve_values(
        who,
        &ApproveInput {
            indicator: indicator.into(),
            org_unit: unit.into(),
            subtree: false,
            from: Some(period.to_string()),
            to: Some(period.to_string()),
        },
    )
    .await
    .map_err(crate::explain)
}

/// Runs the freshness benchmark `runs` times.
pub async fn freshness(runs: usize) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let url = format!("sqlite:{}", dir.path().join("bench.db").display());
    let store = chiso_app::open_store(&url)
        .await
        .context("opening the bench database")?;
    let app = App::new(store).await.context("loading")?;
    let started = Instant::now();
    app.load_demo().await.map_err(crate::explain)?;
    println!("demo loaded in {:.2?}", started.elapsed());
    let admin = admin(&app).await?;
    let tree = app.tree();
    let Some(root) = tree.roots().next().cloned() else {
        bail!("the demo has no province");
    };
    let Some(commune) = tree
        .descendants(root.id)
        .into_iter()
        .find(|u| u.kind == OrgKind::Locality)
        .cloned()
    else {
        bail!("the demo has no commune");
    };
    // A monthly indicator the communes report, summed over the tree.
    let indicators = app
        .store()
        .all_indicators()
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let Some(ind) = indicators
        .iter()
        .map(|r| &r.indicator)
        .find(|i| {
            i.sheet.reporting_level == ReportingLevel::Localities
                && i.sheet.frequency == PeriodType::Month
                && i.sheet.aggregation_tree == TreeAggregation::Sum
                && i.sheet.formula.is_none()
        })
        .cloned()
    else {
        bail!("no monthly commune indicator in the demo");
    };
    let period =
        chiso_app::entry::period_to_report(PeriodType::Month, chiso_app::demo::dataset::as_of());
    println!(
        "indicator {} at {} (province {}), period {period}",
        ind.code, commune.code, root.code
    );
    let (mut write, mut analyse, mut dashboard) = (Vec::new(), Vec::new(), Vec::new());
    let mut dashboard_all = Vec::new();
    for run in 0..runs {
        // Values already approved are settled; write a new period each run, further back.
        let p = period
            .checked_offset(-(run as i32) - 40)
            .context("period")?;
        let delta = 1000.0 + run as f64;
        let t0 = Instant::now();
        let approved = enter_and_approve(
            &app,
            &admin,
            ind.code.as_str(),
            commune.code.as_str(),
            p,
            delta,
            None,
        )
        .await?;
        write.push(t0.elapsed());
        if approved != 1 {
            bail!("run {run}: {approved} values approved");
        }
        let t1 = Instant::now();
        let a = app
            .analyse(
                &admin,
                ind.code.as_str(),
                root.code.as_str(),
                p,
                DataScope::Approved,
            )
            .await
            .map_err(crate::explain)?;
        analyse.push(t1.elapsed());
        if a.value.is_none_or(|v| v < delta) {
            bail!(
                "run {run}: the province total {:?} misses the approved {delta}",
                a.value
            );
        }
        let t2 = Instant::now();
        let d = app
            .dashboard(
                &admin,
                root.code.as_str(),
                p.start().year(),
                DataScope::Approved,
            )
            .await
            .map_err(crate::explain)?;
        dashboard.push(t2.elapsed());
        if d.items.is_empty() {
            bail!("run {run}: empty dashboard");
        }
        let t3 = Instant::now();
        let d = app
            .dashboard(
                &admin,
                root.code.as_str(),
                period.start().year(),
                DataScope::All,
            )
            .await
            .map_err(crate::explain)?;
        dashboard_all.push(t3.elapsed());
        if d.items.is_empty() {
            bail!("run {run}: empty dashboard");
        }
    }
    println!();
    summary("enter + approve one value", write);
    summary("province analysis (approved data only)", analyse);
    summary("province dashboard (approved data only)", dashboard);
    summary("province dashboard, this year, all data", dashboard_all);
    println!("\nNo export step: analytics read the values held in memory after applying every");
    println!("change logged since the last query (the first query loads them all), and each run");
    println!("checks that the value just approved is in the analysis and the dashboard.");
    Ok(())
}
