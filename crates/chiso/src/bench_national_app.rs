//! `chiso bench national-app`: the application's own analytics path at national scale.
//! `chiso bench national` times the cube's kernels; this one puts the same generated
//! country into a real database — the organisation tree (a national root, 34 provinces,
//! their communes and agencies), 500 indicators and a computed ratio created through the
//! catalogue's use case, the values written with the store's bulk upsert and approved,
//! the targets of the dashboard's indicators — and times what users call: the analytics
//! table of the API, the leader's dashboard, the indicator page (analysis), and an entry
//! and approval followed by a read of the approved data. Each first answer is checked
//! against the generator.

use crate::bench::enter_and_approve;
use crate::bench_national::{
    Country, DASHBOARD, PROVINCES, mix, percentiles, pick, rss, unit_interval,
};
use anyhow::{Context, Result, bail, ensure};
use chiso_app::App;
use chiso_app::analytics::{DataScope, TableRequest};
use chiso_app::catalogue::IndicatorInput;
use chiso_core::access::Principal;
use chiso_core::code::Code;
use chiso_core::org::OrgKind;
use chiso_core::period::{Period, PeriodType};
use chiso_core::value::{DataValue, Target, ValueChannel, ValueStatus};
use chiso_store::NewOrgUnit;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Values written per statement.
const BATCH: usize = 50_000;

/// The code of generated indicator `i`.
fn code(i: usize) -> String {
    format!("N{i:03}")
}

/// The computed ratio's code: Σ N000 / Σ N001 (two monthly commune indicators).
const RATIO: &str = "NRATIO";

fn parse_code(s: &str) -> Result<Code> {
    Code::parse(s).map_err(|e| anyhow::anyhow!("code {s}: {e}"))
}

/// The generated country in a database, with the ids the store gave.
struct Loaded {
    app: App,
    admin: Principal,
    country: Country,
    /// Unit codes by generated id.
    codes: HashMap<i64, String>,
}

/// Writes the tree, the indicators, the values and the targets.
async fn load(url: &str, years: i32) -> Result<(Loaded, usize)> {
    let country = Country::generate(years.clamp(1, 10))?;
    let store = chiso_app::open_store(url)
        .await
        .context("opening the bench database")?;
    let app = App::new(store).await.context("loading")?;
    ensure!(
        app.is_empty().await.map_err(crate::explain)?,
        "{url} is not empty"
    );

    // The tree: the country, its provinces (localities), their communes and agencies.
    let started = Instant::now();
    let mut ids = HashMap::new();
    let mut codes = HashMap::new();
    let mut tx = app
        .store()
        .begin()
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    // Roots first, then by level: a parent is always written before its children.
    for u in country.tree.units() {
        let kind = if country.agencies.iter().flatten().any(|a| *a == u.id) {
            OrgKind::Agency
        } else {
            OrgKind::Locality
        };
        let parent_id = match u.parent_id {
            Some(p) => Some(*ids.get(&p).context("parent before child")?),
            None => None,
        };
        let code = match u.parent_id {
            None => u.code.to_string(),
            Some(_) => format!("VN.{}", u.code),
        };
        let row = tx
            .insert_org_unit(&NewOrgUnit {
                code: parse_code(&code)?,
                name_vi: u.name_vi.clone(),
                name_en: u.name_en.clone(),
                parent_id,
                kind,
                valid_from: None,
                valid_to: None,
                geometry: None,
            })
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        ids.insert(u.id, row.id);
        codes.insert(u.id, code);
    }
    tx.commit().await.map_err(|e| anyhow::anyhow!("{e}"))?;
    app.tree_changed().await.map_err(crate::explain)?;
    let admin = crate::bench::admin(&app).await?;
    println!("tree: {} units in {:.2?}", ids.len(), started.elapsed());

    // The indicators, through the catalogue: the dashboard's 200 in operation.
    let started = Instant::now();
    let dashboard: Vec<usize> = (0..DASHBOARD)
        .map(|k| k * country.indicators.len() / DASHBOARD)
        .collect();
    let owner = |i: usize| -> Result<String> {
        let a = &country.agencies[0];
        Ok(codes.get(&a[i % a.len()]).context("owner")?.clone())
    };
    let mut indicator_ids = Vec::new();
    for (i, k) in country.indicators.iter().enumerate() {
        let input = indicator_input(
            &code(i),
            k.frequency,
            k.communes,
            &owner(i)?,
            dashboard.contains(&i),
            None,
        )?;
        let ind = app
            .create_indicator(&admin, &input)
            .await
            .map_err(crate::explain)?;
        indicator_ids.push(ind.id);
    }
    let ratio = indicator_input(
        RATIO,
        PeriodType::Month,
        true,
        &owner(0)?,
        false,
        Some(format!("#{{{}}} / #{{{}}}", code(0), code(1))),
    )?;
    app.create_indicator(&admin, &ratio)
        .await
        .map_err(crate::explain)?;
    println!(
        "catalogue: {} indicators in {:.2?}",
        indicator_ids.len() + 1,
        started.elapsed()
    );

    // The values, approved, one indicator at a time in batches.
    let started = Instant::now();
    let at = chrono::Utc::now();
    let mut written = 0usize;
    let mut batch = Vec::with_capacity(BATCH);
    let mut last_print = Instant::now();
    for (i, u, p, v) in country.values() {
        batch.push(DataValue {
            indicator_id: indicator_ids[i as usize],
            org_unit_id: *ids.get(&u).context("unit")?,
            period: p,
            value: v,
            status: ValueStatus::Approved,
            comment: None,
            definition_version: 1,
            channel: ValueChannel::Import,
            updated_by: None,
            updated_at: at,
        });
        if batch.len() == BATCH {
            written += write(&app, &mut batch).await?;
            if last_print.elapsed() > Duration::from_secs(30) {
                println!(
                    "  … {written} values in {:.0?} ({:.0} values/s)",
                    started.elapsed(),
                    written as f64 / started.elapsed().as_secs_f64()
                );
                last_print = Instant::now();
            }
        }
    }
    written += write(&app, &mut batch).await?;
    let took = started.elapsed();
    println!(
        "values: {written} written in {took:.2?} ({:.0} values/s)",
        written as f64 / took.as_secs_f64()
    );

    // The latest year's targets of the dashboard's indicators, per province: the year's
    // generated total times a factor between 0.9 and 1.1, so that about half are met.
    let last_year = *country.years.end();
    let year = Period::year(last_year).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut targets = Vec::new();
    for i in &dashboard {
        let k = country.indicators[*i];
        let all = country.periods(k.frequency);
        let within: Vec<usize> = year
            .periods_within(k.frequency)
            .iter()
            .filter_map(|q| all.iter().position(|x| x == q))
            .collect();
        for (p, pid) in country.provinces.iter().enumerate() {
            let reporters = if k.communes {
                &country.communes[p]
            } else {
                &country.agencies[p]
            };
            let total: f64 = within
                .iter()
                .flat_map(|t| reporters.iter().map(|u| country.value(*i, *u, *t)))
                .sum();
            let factor = 0.9 + 0.2 * unit_interval(mix((*i as u64) << 8 ^ p as u64));
            targets.push(Target {
                indicator_id: indicator_ids[*i],
                org_unit_id: *ids.get(pid).context("province")?,
                period: year,
                value: (total * factor).round(),
                tolerance: 0.05,
            });
        }
    }
    let mut tx = app
        .store()
        .begin()
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    tx.upsert_targets(&targets)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    tx.commit().await.map_err(|e| anyhow::anyhow!("{e}"))?;
    println!("targets: {} for {last_year}", targets.len());
    Ok((
        Loaded {
            app,
            admin,
            country,
            codes,
        },
        written,
    ))
}

/// Writes and empties a batch of values; how many were written.
async fn write(app: &App, batch: &mut Vec<DataValue>) -> Result<usize> {
    if batch.is_empty() {
        return Ok(0);
    }
    let mut tx = app
        .store()
        .begin()
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    tx.upsert_values_bulk(batch)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    tx.commit().await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let n = batch.len();
    batch.clear();
    Ok(n)
}

/// A generated indicator as the catalogue takes it: a number summed over the tree and
/// over time.
fn indicator_input(
    code: &str,
    frequency: PeriodType,
    communes: bool,
    owner: &str,
    operating: bool,
    formula: Option<String>,
) -> Result<IndicatorInput> {
    let input = serde_json::json!({
        "code": code,
        "name_vi": format!("Chỉ số thử nghiệm {code}"),
        "name_en": format!("Generated indicator {code}"),
        "group": "output",
        "field": "economy",
        "unit": "đơn vị",
        "frequency": frequency.as_str(),
        "value_type": "number",
        "source": "Bộ số liệu sinh cho đo hiệu năng",
        "owner": owner,
        "reporting_level": if communes { "localities" } else { "agencies" },
        "aggregation_tree": "sum",
        "aggregation_time": "sum",
        "status": if operating { "operating" } else { "approved" },
        "formula": formula,
    });
    serde_json::from_value(input).context("indicator input")
}

/// Runs the benchmark: `years` of data, `runs` calls of each use case, on `database_url`
/// (an empty database) or a temporary SQLite file.
pub async fn national_app(years: i32, runs: usize, database_url: Option<String>) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let url = database_url
        .unwrap_or_else(|| format!("sqlite:{}", dir.path().join("national.db").display()));
    let rss_start = rss();
    let (l, written) = load(&url, years).await?;
    let Loaded {
        app,
        admin,
        country,
        codes,
    } = l;

    // The first analytics call reads every value into memory.
    let rss_before = rss();
    let started = Instant::now();
    let year_2025 = Period::year(*country.years.end()).map_err(|e| anyhow::anyhow!("{e}"))?;
    let vn = codes.get(&1).context("the country")?.clone();
    app.analytics_table(
        &admin,
        &TableRequest {
            indicators: vec![code(0)],
            unit: vn.clone(),
            periods: vec![year_2025],
            level: None,
            scope: DataScope::All,
        },
    )
    .await
    .map_err(crate::explain)?;
    let warm = started.elapsed();
    let grown = match (rss_before, rss()) {
        (Some(b), Some(a)) => a.saturating_sub(b) as f64 / written as f64,
        _ => f64::NAN,
    };
    println!(
        "first analytics call, every value read into memory: {warm:.2?}; the process grew by {grown:.1} bytes per value (start {:.0} MB, now {:.0} MB)",
        rss_start.unwrap_or(0) as f64 / 1e6,
        rss().unwrap_or(0) as f64 / 1e6
    );

    let monthly_communes = country.monthly_communes();
    let months = country.periods(PeriodType::Month);
    let years = country.year_periods();
    let province_code = |p: usize| -> Result<String> {
        Ok(codes
            .get(&country.provinces[p])
            .context("province")?
            .clone())
    };
    // The generator's sum of an indicator over a province's communes and some periods.
    let expected_sum = |i: usize, p: usize, periods: &[Period]| -> f64 {
        let all = country.periods(country.indicators[i].frequency);
        periods
            .iter()
            .filter_map(|q| all.iter().position(|x| x == q))
            .map(|t| {
                country.communes[p]
                    .iter()
                    .map(|u| country.value(i, *u, t))
                    .sum::<f64>()
            })
            .sum()
    };
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-6 * b.abs().max(1.0);
    let mut table: Vec<(&str, Vec<Duration>)> = Vec::new();
    let table_of =
        |indicators: Vec<String>, unit: String, periods: Vec<Period>, level| TableRequest {
            indicators,
            unit,
            periods,
            level,
            scope: DataScope::All,
        };

    // 1. One indicator for a province's subtree and a year (a row of the analytics API).
    let mut times = Vec::new();
    for k in 0..runs {
        let i = monthly_communes[pick(1, k, monthly_communes.len())];
        let p = pick(2, k, PROVINCES);
        let y = years[pick(3, k, years.len())];
        let req = table_of(vec![code(i)], province_code(p)?, vec![y], None);
        let t = Instant::now();
        let rows = app
            .analytics_table(&admin, &req)
            .await
            .map_err(crate::explain)?;
        times.push(t.elapsed());
        let v = rows.first().and_then(|r| r.value).unwrap_or(f64::NAN);
        let expected = expected_sum(i, p, &y.periods_within(PeriodType::Month));
        ensure!(close(v, expected), "province_year: {v} ≠ {expected}");
    }
    table.push(("province_year (API table row)", times));

    // 2. A province's communes for one indicator and month, ranked (API table, level 3).
    let mut times = Vec::new();
    for k in 0..runs {
        let i = monthly_communes[pick(4, k, monthly_communes.len())];
        let p = pick(5, k, PROVINCES);
        let m = months[pick(6, k, months.len())];
        let req = table_of(vec![code(i)], province_code(p)?, vec![m], Some(3));
        let t = Instant::now();
        let mut rows = app
            .analytics_table(&admin, &req)
            .await
            .map_err(crate::explain)?;
        rows.retain(|r| r.value.is_some());
        rows.sort_by(|a, b| {
            b.value
                .unwrap_or_default()
                .total_cmp(&a.value.unwrap_or_default())
        });
        times.push(t.elapsed());
        let n = country.communes[p].len();
        ensure!(rows.len() == n, "ranking: {} communes, not {n}", rows.len());
        let month_index = months.iter().position(|x| *x == m).unwrap_or(0);
        let best = country.communes[p]
            .iter()
            .map(|u| country.value(i, *u, month_index))
            .fold(f64::NEG_INFINITY, f64::max);
        let top = rows.first().and_then(|r| r.value).unwrap_or(f64::NAN);
        ensure!(close(top, best), "ranking: {top} ≠ {best}");
    }
    table.push(("ranking (API table, level 3)", times));

    // 3. A province's dashboard: its 200 indicators in operation against their targets.
    let mut statuses = std::collections::BTreeMap::new();
    let mut times = Vec::new();
    for k in 0..runs {
        let p = pick(7, k, PROVINCES);
        let unit = province_code(p)?;
        let t = Instant::now();
        let d = app
            .dashboard(&admin, &unit, *country.years.end(), DataScope::All)
            .await
            .map_err(crate::explain)?;
        times.push(t.elapsed());
        ensure!(
            d.items.len() == DASHBOARD,
            "dashboard: {} items",
            d.items.len()
        );
        if k == 0 {
            for i in &d.items {
                *statuses.entry(i.assessment.status.as_str()).or_insert(0) += 1;
            }
        }
    }
    table.push(("dashboard (App::dashboard, province)", times));

    // 4. The computed ratio for every province in one month (API table at level 2).
    let mut times = Vec::new();
    let first = province_code(0)?;
    for k in 0..runs {
        let m = months[pick(10, k, months.len())];
        let req = table_of(vec![RATIO.into()], vn.clone(), vec![m], Some(2));
        let t = Instant::now();
        let rows = app
            .analytics_table(&admin, &req)
            .await
            .map_err(crate::explain)?;
        times.push(t.elapsed());
        ensure!(rows.len() == PROVINCES, "ratio: {} rows", rows.len());
        let v = rows
            .iter()
            .find(|r| r.unit.code.as_str() == first)
            .and_then(|r| r.value)
            .unwrap_or(f64::NAN);
        let expected = expected_sum(0, 0, &[m]) / expected_sum(1, 0, &[m]);
        ensure!(close(v, expected), "ratio: {v} ≠ {expected}");
    }
    table.push(("ratio_by_province (API table, level 2)", times));

    // 5. The indicator page: a province, a month, with peers, communes and a trend.
    let mut times = Vec::new();
    for k in 0..runs {
        let i = monthly_communes[pick(11, k, monthly_communes.len())];
        let p = pick(12, k, PROVINCES);
        let m = months[pick(13, k, months.len())];
        let unit = province_code(p)?;
        let t = Instant::now();
        let a = app
            .analyse(&admin, &code(i), &unit, m, DataScope::All)
            .await
            .map_err(crate::explain)?;
        times.push(t.elapsed());
        let v = a.value.unwrap_or(f64::NAN);
        let expected = expected_sum(i, p, &[m]);
        ensure!(close(v, expected), "analysis: {v} ≠ {expected}");
        ensure!(
            a.peers.len() == PROVINCES,
            "analysis: {} peers",
            a.peers.len()
        );
    }
    table.push(("indicator page (App::analyse, province)", times));

    // For comparison: the whole catalogue read from the store, which requests paid before
    // it was kept in memory (now read again only when it changed).
    let mut times = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let all = app
            .store()
            .all_indicators()
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        times.push(t.elapsed());
        ensure!(all.len() == country.indicators.len() + 1, "catalogue");
    }
    table.push(("(for comparison) the catalogue read from the store", times));

    // 6. Freshness: a commune's value entered and approved, then the province's year of
    //    approved data read again, which must hold it.
    let mut write_times = Vec::new();
    let mut read_times = Vec::new();
    let ratio_month = months.last().copied().context("months")?;
    for k in 0..runs.min(50) {
        let i = monthly_communes[pick(14, k, monthly_communes.len())];
        let p = pick(15, k, PROVINCES);
        let commune = country.communes[p][pick(16, k, country.communes[p].len())];
        let commune_code = codes.get(&commune).context("commune")?;
        let month = ratio_month
            .checked_offset(1 + k as i32)
            .context("a month after the data")?;
        let year = month.parent(PeriodType::Year).context("year")?;
        let t = Instant::now();
        // Far above its history, so the entry asks why.
        let approved = enter_and_approve(
            &app,
            &admin,
            &code(i),
            commune_code,
            month,
            1.0e6,
            Some("Giá trị thử nghiệm độ tươi của số liệu phân tích"),
        )
        .await?;
        write_times.push(t.elapsed());
        ensure!(approved == 1, "freshness: {approved} approved");
        let t = Instant::now();
        let mut req = table_of(vec![code(i)], province_code(p)?, vec![year], None);
        req.scope = DataScope::Approved;
        let rows = app
            .analytics_table(&admin, &req)
            .await
            .map_err(crate::explain)?;
        read_times.push(t.elapsed());
        if rows.first().and_then(|r| r.value).is_none_or(|v| v < 1.0e6) {
            bail!("freshness: the approved value is not in the province's year");
        }
    }
    table.push(("enter + approve one value", write_times));
    table.push(("then the province's year, approved data", read_times));

    // The country's dashboard (every commune under it): fewer runs.
    let mut times = Vec::new();
    for _ in 0..runs.clamp(1, 5) {
        let t = Instant::now();
        let d = app
            .dashboard(&admin, &vn, *country.years.end(), DataScope::All)
            .await
            .map_err(crate::explain)?;
        times.push(t.elapsed());
        ensure!(d.items.len() == DASHBOARD, "country dashboard");
    }
    table.push(("dashboard (App::dashboard, the country)", times));

    println!(
        "\nprovince dashboard statuses (first run): {}",
        statuses
            .iter()
            .map(|(s, n)| format!("{s} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!("\n| use case | p50 | p99 | runs |\n|---|---|---|---|");
    for (name, times) in table {
        let n = times.len();
        let (p50, p99) = percentiles(times);
        println!("| {name} | {p50:.2?} | {p99:.2?} | {n} |");
    }
    Ok(())
}
