//! `chiso bench`: how fresh the analytics are. On a temporary SQLite database with the demo
//! province, a commune's value is entered, submitted and approved, then the province's
//! analysis of the indicator and the province dashboard are computed with approved data
//! only; each run checks that the new value is in both. Prints the median and worst times.

use anyhow::{Context, Result, bail};
use chiso_app::App;
use chiso_app::analytics::DataScope;
use chiso_app::values::ApproveInput;
use chiso_core::indicator::{ReportingLevel, TreeAggregation};
use chiso_core::org::OrgKind;
use chiso_core::period::PeriodType;
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
    app.bootstrap_admin(Some("bench-password".into()))
        .await
        .map_err(crate::explain)?;
    let session = app
        .login("admin", "bench-password")
        .await
        .map_err(crate::explain)?;
    let Some(admin) = app
        .principal_for_session(&session)
        .await
        .map_err(crate::explain)?
    else {
        bail!("no admin session");
    };
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
        let row = serde_json::json!([{
            "indicator": ind.code.as_str(), "org_unit": commune.code.as_str(),
            "period": p.to_string(), "value": delta, "status": "submitted"
        }]);
        app.upsert_values(
            &admin,
            row.as_array().map(Vec::as_slice).unwrap_or(&[]),
            ValueChannel::Api,
        )
        .await
        .map_err(crate::explain)?;
        let approved = app
            .approve_values(
                &admin,
                &ApproveInput {
                    indicator: ind.code.to_string(),
                    org_unit: commune.code.to_string(),
                    subtree: false,
                    from: Some(p.to_string()),
                    to: Some(p.to_string()),
                },
            )
            .await
            .map_err(crate::explain)?;
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
