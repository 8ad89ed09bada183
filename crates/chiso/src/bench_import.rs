//! `chiso bench import`: import throughput of a Chiso CSV file with a million values, into
//! SQLite and into PostgreSQL, and PostgreSQL's own `COPY` of the same rows as the
//! yardstick. Each database holds the demo province (its indicators and units); the
//! values table is emptied before each timed load, so every load writes into the same
//! empty table with its indexes.

use anyhow::{Context, Result, bail};
use chiso_app::App;
use chiso_app::exchange::{ImportOptions, ImportProgress};
use chiso_core::access::Principal;
use chiso_core::exchange::Format;
use chiso_core::indicator::{Indicator, ValueType};
use chiso_core::period::{Period, PeriodType};
use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

/// Opens (or creates) a database, loads the demo and signs in as its administrator.
async fn prepared(url: &str) -> Result<(App, Principal)> {
    let store = chiso_app::open_store(url)
        .await
        .context("opening the bench database")?;
    let app = App::new(store).await.context("loading")?;
    app.load_demo().await.map_err(crate::explain)?;
    let admin = crate::bench::admin(&app).await?;
    Ok((app, admin))
}

/// The monthly indicators with stored values (no formula), in code order.
async fn monthly(app: &App) -> Result<Vec<Indicator>> {
    let mut out: Vec<Indicator> = app
        .store()
        .all_indicators()
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .into_iter()
        .map(|r| r.indicator)
        .filter(|i| i.sheet.frequency == PeriodType::Month && i.sheet.formula.is_none())
        .collect();
    out.sort_by(|a, b| a.code.as_str().cmp(b.code.as_str()));
    Ok(out)
}

fn value_for(vt: ValueType, i: usize) -> String {
    match vt {
        ValueType::Boolean => (i % 2).to_string(),
        ValueType::Integer => (i % 10_000).to_string(),
        ValueType::Percent => format!("{}.5", i % 100),
        ValueType::Number => format!("{}.25", i % 100_000),
    }
}

/// The (indicator, unit, period, value) rows of the file: every monthly indicator × every
/// unit, month after month from January 1990 (before any demo data), until `n`.
fn rows(
    indicators: &[Indicator],
    units: &[String],
    n: usize,
) -> Result<Vec<(usize, usize, Period, String)>> {
    if indicators.is_empty() || units.is_empty() {
        bail!("the demo has no monthly indicator or no unit");
    }
    let mut out = Vec::with_capacity(n);
    let mut month = Period::month(1990, 1)?;
    'outer: loop {
        for (ii, ind) in indicators.iter().enumerate() {
            for ui in 0..units.len() {
                if out.len() == n {
                    break 'outer;
                }
                out.push((ii, ui, month, value_for(ind.sheet.value_type, out.len())));
            }
        }
        month = month.next();
    }
    Ok(out)
}

async fn timed_import(app: &App, who: &Principal, file: &Path, n: usize) -> Result<f64> {
    app.store()
        .clear_values_for_bench()
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let reader = std::io::BufReader::with_capacity(256 * 1024, std::fs::File::open(file)?);
    let t = Instant::now();
    let report = app
        .import_values(
            who,
            Box::new(reader),
            &ImportOptions::new(Format::ChisoCsv, "bench.csv"),
            Arc::new(ImportProgress::default()),
        )
        .await
        .map_err(crate::explain)?;
    let secs = t.elapsed().as_secs_f64();
    if !report.written || report.new as usize != n {
        bail!(
            "the import did not write every value: {} new, {} rejected, first problem {:?}",
            report.new,
            report.rejected,
            report.problems.first()
        );
    }
    Ok(secs)
}

/// Runs the import benchmark with `n` values. PostgreSQL: the server at `postgres`, or a
/// throwaway cluster started with the local `initdb` (fsync off, as in the tests).
pub async fn import(n: usize, postgres: Option<String>) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let sqlite_url = format!("sqlite:{}", dir.path().join("bench.db").display());
    let (app, admin) = prepared(&sqlite_url).await?;
    let indicators = monthly(&app).await?;
    let tree = app.tree();
    let units: Vec<String> = tree.units().iter().map(|u| u.code.to_string()).collect();
    let rows = rows(&indicators, &units, n)?;
    let file = dir.path().join("values.csv");
    {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&file)?);
        writeln!(w, "indicator,org_unit,period,value")?;
        for (ii, ui, p, v) in &rows {
            writeln!(w, "{},{},{p},{v}", indicators[*ii].code, units[*ui])?;
        }
        w.flush()?;
    }
    let size = std::fs::metadata(&file)?.len();
    let months = rows
        .last()
        .map_or(0, |r| Period::range(rows[0].2, r.2).len());
    println!(
        "file: {n} values ({} indicators × {} units × {months} months), {:.1} MB",
        indicators.len(),
        units.len(),
        size as f64 / 1e6
    );
    let sqlite = timed_import(&app, &admin, &file, n).await?;
    println!(
        "SQLite      chiso import  {sqlite:>7.2} s  {:>10.0} values/s",
        n as f64 / sqlite
    );
    app.store().close().await;

    let (pg_url, _keep) = match postgres {
        Some(url) => (url, None),
        None => match chiso_store::testing::postgres().await {
            Some(db) => (db.url.clone(), Some(db)),
            None => bail!("no PostgreSQL: give --postgres URL or install initdb"),
        },
    };
    let (app, admin) = prepared(&pg_url).await?;
    let pg = timed_import(&app, &admin, &file, n).await?;
    println!(
        "PostgreSQL  chiso import  {pg:>7.2} s  {:>10.0} values/s",
        n as f64 / pg
    );
    // The same rows as PostgreSQL's COPY wants them: keys, not codes; every column.
    let tree = app.tree();
    let ids: Vec<i64> = monthly(&app).await?.iter().map(|i| i.id).collect();
    let versions: Vec<i32> = monthly(&app).await?.iter().map(|i| i.version).collect();
    let unit_ids: Vec<i64> = units
        .iter()
        .map(|c| tree.by_code(c).map(|u| u.id).context("unit"))
        .collect::<Result<_>>()?;
    let now = chrono::Utc::now().to_rfc3339();
    let mut csv = Vec::with_capacity(rows.len() * 100);
    for (ii, ui, p, v) in &rows {
        writeln!(
            csv,
            "{},{},{p},{},{},{},{v},submitted,,{},import,{},{now}",
            ids[*ii],
            unit_ids[*ui],
            p.period_type().as_str(),
            p.start(),
            p.end(),
            versions[*ii],
            admin.user_id,
        )?;
    }
    app.store()
        .clear_values_for_bench()
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let t = Instant::now();
    let copied = app
        .store()
        .copy_values_for_bench(&csv)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let copy = t.elapsed().as_secs_f64();
    if copied as usize != n {
        bail!("COPY loaded {copied} rows, not {n}");
    }
    println!(
        "PostgreSQL  COPY          {copy:>7.2} s  {:>10.0} values/s",
        n as f64 / copy
    );
    println!(
        "chiso import into PostgreSQL runs at {:.0}% of COPY's speed",
        100.0 * copy / pg
    );
    app.store().close().await;
    Ok(())
}
