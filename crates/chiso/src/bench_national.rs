//! `chiso bench national`: the analytics kernels at national scale. A deterministic country
//! is generated — 34 provinces, 3,321 communes and 700 agencies, 500 indicators over ten
//! years at their frequencies, about 49.5 million values — and loaded into the analytics
//! cube ([`chiso_core::cube`]). A fixed, seeded mix of queries then runs against it:
//!
//! 1. `province_year` — one indicator for a province's subtree over a year (its months);
//! 2. `ranking` — every commune of a province for one indicator and month, ranked;
//! 3. `dashboard` — a province's 200 dashboard indicators at their latest period against
//!    their targets (on track or not);
//! 4. `ratio_by_province` — a computed ratio (Σ numerator / Σ denominator, never a mean of
//!    ratios) for each of the 34 provinces in one month;
//!
//! and `freshness`: one approved value set in the cube and the province's total read again.
//! It prints p50 and p99 per query, the load time and the memory per value. With `--write
//! DIR` it also writes the data and the query instances as CSV/JSON for
//! `bench/peers/run.py`, which runs the same queries in DuckDB and PostgreSQL and prints the
//! ratios.

use anyhow::{Context, Result};
use chiso_core::code::Code;
use chiso_core::cube::Cube;
use chiso_core::org::{OrgKind, OrgTree, OrgUnit};
use chiso_core::period::{Period, PeriodType};
use std::io::Write;
use std::time::{Duration, Instant};

/// Provinces after the 2025 merger.
pub(crate) const PROVINCES: usize = 34;
/// Communes and wards after the 2025 merger.
const COMMUNES: usize = 3321;
/// Agencies (departments) across the provinces.
const AGENCIES: usize = 700;
/// Indicators on a province's dashboard.
pub(crate) const DASHBOARD: usize = 200;

/// Who reports an indicator and how often.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Kind {
    /// How often it is reported.
    pub(crate) frequency: PeriodType,
    /// Reported by communes (else by agencies).
    pub(crate) communes: bool,
}

/// The indicator mix: (how many, frequency, reported by communes or agencies).
const MIX: &[(usize, PeriodType, bool)] = &[
    (70, PeriodType::Month, true),
    (70, PeriodType::Quarter, true),
    (200, PeriodType::Year, true),
    (60, PeriodType::Month, false),
    (100, PeriodType::Year, false),
];

/// SplitMix64: a fast, well-mixed deterministic hash.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A uniform number in [0, 1) from a hash.
pub(crate) fn unit_interval(h: u64) -> f64 {
    (h >> 11) as f64 / (1u64 << 53) as f64
}

/// The generated country.
pub(crate) struct Country {
    pub(crate) tree: OrgTree,
    pub(crate) provinces: Vec<i64>,
    /// Per province: its communes and its agencies.
    pub(crate) communes: Vec<Vec<i64>>,
    pub(crate) agencies: Vec<Vec<i64>>,
    pub(crate) indicators: Vec<Kind>,
    pub(crate) years: std::ops::RangeInclusive<i32>,
}

fn org(id: i64, code: String, parent: Option<i64>, kind: OrgKind) -> OrgUnit {
    OrgUnit {
        id,
        code: Code::parse(&code).unwrap_or_else(|_| Code::parse("X").expect("a valid code")),
        name_vi: code.clone(),
        name_en: code,
        parent_id: parent,
        level: if parent.is_some() { 2 } else { 1 },
        kind,
        valid_from: None,
        valid_to: None,
        geometry: None,
    }
}

impl Country {
    pub(crate) fn generate(years: i32) -> Result<Country> {
        let mut units = vec![org(1, "VN".into(), None, OrgKind::Agency)];
        let mut next = 2i64;
        let (mut provinces, mut communes, mut agencies) = (Vec::new(), Vec::new(), Vec::new());
        for p in 0..PROVINCES {
            let pid = next;
            next += 1;
            units.push(org(pid, format!("P{p:02}"), Some(1), OrgKind::Agency));
            provinces.push(pid);
            // Spread the communes and agencies as evenly as the totals allow.
            let share = |total: usize| total * (p + 1) / PROVINCES - total * p / PROVINCES;
            let mut c = Vec::new();
            for k in 0..share(COMMUNES) {
                units.push(org(
                    next,
                    format!("P{p:02}.X{k:03}"),
                    Some(pid),
                    OrgKind::Locality,
                ));
                c.push(next);
                next += 1;
            }
            let mut a = Vec::new();
            for k in 0..share(AGENCIES) {
                units.push(org(
                    next,
                    format!("P{p:02}.S{k:02}"),
                    Some(pid),
                    OrgKind::Agency,
                ));
                a.push(next);
                next += 1;
            }
            communes.push(c);
            agencies.push(a);
        }
        let tree = OrgTree::new(units).context("the generated tree")?;
        let indicators = MIX
            .iter()
            .flat_map(|(n, frequency, communes)| {
                std::iter::repeat_n(
                    Kind {
                        frequency: *frequency,
                        communes: *communes,
                    },
                    *n,
                )
            })
            .collect();
        Ok(Country {
            tree,
            provinces,
            communes,
            agencies,
            indicators,
            years: (2026 - years)..=2025,
        })
    }

    /// The indicators communes report monthly (the queries' subjects).
    pub(crate) fn monthly_communes(&self) -> Vec<usize> {
        (0..self.indicators.len())
            .filter(|i| {
                let k = self.indicators[*i];
                k.communes && k.frequency == PeriodType::Month
            })
            .collect()
    }

    /// The years of the data, as periods.
    pub(crate) fn year_periods(&self) -> Vec<Period> {
        self.years
            .clone()
            .filter_map(|y| Period::year(y).ok())
            .collect()
    }

    /// The periods of an indicator's frequency over the years.
    pub(crate) fn periods(&self, frequency: PeriodType) -> Vec<Period> {
        self.years
            .clone()
            .filter_map(|y| Period::year(y).ok())
            .flat_map(|y| y.periods_within(frequency))
            .collect()
    }

    /// A unit's value of an indicator for a period: a size per unit, a level per
    /// indicator, growth over the years and noise, all from hashes.
    pub(crate) fn value(&self, indicator: usize, unit: i64, t: usize) -> f64 {
        let size = 0.5 + unit_interval(mix(unit as u64));
        let level = 10.0 + 990.0 * unit_interval(mix(indicator as u64 + 1_000_003));
        let noise = 0.9
            + 0.2
                * unit_interval(mix((indicator as u64) << 40
                    ^ (unit as u64) << 12
                    ^ t as u64));
        (level * size * (1.0 + 0.004 * t as f64) * noise * 100.0).round() / 100.0
    }

    /// Every value, column by column: (indicator, unit, period, value).
    pub(crate) fn values(&self) -> impl Iterator<Item = (i64, i64, Period, f64)> + '_ {
        self.indicators.iter().enumerate().flat_map(move |(i, k)| {
            let periods = self.periods(k.frequency);
            let units = if k.communes {
                &self.communes
            } else {
                &self.agencies
            };
            periods.into_iter().enumerate().flat_map(move |(t, p)| {
                units
                    .iter()
                    .flatten()
                    .map(move |u| (i as i64, *u, p, self.value(i, *u, t)))
            })
        })
    }

    /// The latest year's target of an indicator for a province: 5 % above the level the
    /// generator aims at, summed over its reporters.
    pub(crate) fn target(&self, indicator: usize, province: usize) -> f64 {
        let k = self.indicators[indicator];
        let n = if k.communes {
            self.communes[province].len()
        } else {
            self.agencies[province].len()
        } as f64;
        let level = 10.0 + 990.0 * unit_interval(mix(indicator as u64 + 1_000_003));
        level * n * 1.05
    }
}

/// The resident memory of this process, in bytes.
pub(crate) fn rss() -> Option<usize> {
    let s = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: usize = s.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

/// A seeded choice among `len` things for run `k` of the query numbered `salt`: the same
/// instances in every run of the benchmarks.
pub(crate) fn pick(salt: u64, k: usize, len: usize) -> usize {
    (mix(salt ^ (k as u64) << 20) as usize) % len
}

/// p50 and p99 of some timings.
pub(crate) fn percentiles(mut xs: Vec<Duration>) -> (Duration, Duration) {
    xs.sort();
    let at = |q: f64| xs[((xs.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.99))
}

/// One query instance, as the peers script replays it.
#[derive(serde::Serialize)]
struct Instance {
    query: &'static str,
    indicator: usize,
    indicator_b: usize,
    province: i64,
    period_type: &'static str,
    from: String,
    to: String,
    /// The answer Chiso gave (a checksum the peers compare with).
    answer: f64,
}

fn ptype(p: PeriodType) -> &'static str {
    match p {
        PeriodType::Month => "month",
        PeriodType::Quarter => "quarter",
        _ => "year",
    }
}

/// Runs the benchmark: `years` of data, `runs` instances of each query; with `write`,
/// the data and the instances for the peers.
pub fn national(years: i32, runs: usize, write: Option<std::path::PathBuf>) -> Result<()> {
    let country = Country::generate(years.clamp(1, 10))?;
    let rss_before = rss();
    let started = Instant::now();
    let mut cube = Cube::from_values(&country.tree, country.values());
    let load = started.elapsed();
    let n = cube.len();
    let rss_after = rss();
    println!(
        "national dataset: {} provinces, {} communes, {} agencies, {} indicators, {} years",
        PROVINCES,
        COMMUNES,
        AGENCIES,
        country.indicators.len(),
        country.years.clone().count()
    );
    println!(
        "loaded {n} values in {load:.2?} ({:.0} values/s)",
        n as f64 / load.as_secs_f64()
    );
    println!(
        "memory: {:.1} bytes per value in the cube's columns; process grew by {:.1} bytes per value",
        cube.memory_bytes() as f64 / n as f64,
        match (rss_before, rss_after) {
            (Some(b), Some(a)) => a.saturating_sub(b) as f64 / n as f64,
            _ => f64::NAN,
        }
    );

    let monthly_communes = country.monthly_communes();
    let months = country.periods(PeriodType::Month);
    let years = country.year_periods();
    let mut instances = Vec::new();
    let mut table = Vec::new();

    // 1. One indicator for a province subtree and a year.
    let mut times = Vec::new();
    for k in 0..runs {
        let i = monthly_communes[pick(1, k, monthly_communes.len())];
        let p = pick(2, k, PROVINCES);
        let y = years[pick(3, k, years.len())];
        let t = Instant::now();
        let total = cube.totals_within(i as i64, country.provinces[p], y);
        times.push(t.elapsed());
        instances.push(Instance {
            query: "province_year",
            indicator: i,
            indicator_b: i,
            province: country.provinces[p],
            period_type: "month",
            from: y.start().to_string(),
            to: y.end().to_string(),
            answer: total.sum,
        });
    }
    table.push(("province_year", percentiles(times)));

    // 2. All communes of a province for one indicator and month, ranked.
    let mut times = Vec::new();
    for k in 0..runs {
        let i = monthly_communes[pick(4, k, monthly_communes.len())];
        let p = pick(5, k, PROVINCES);
        let m = months[pick(6, k, months.len())];
        let t = Instant::now();
        let mut ranked = cube.values_within(i as i64, country.provinces[p], m);
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        times.push(t.elapsed());
        instances.push(Instance {
            query: "ranking",
            indicator: i,
            indicator_b: i,
            province: country.provinces[p],
            period_type: "month",
            from: m.start().to_string(),
            to: m.end().to_string(),
            answer: ranked.first().map_or(0.0, |r| r.1),
        });
    }
    table.push(("ranking", percentiles(times)));

    // 3. A province's dashboard: 200 indicators at their latest period against targets.
    let dashboard: Vec<usize> = (0..DASHBOARD)
        .map(|k| k * country.indicators.len() / DASHBOARD)
        .collect();
    let mut times = Vec::new();
    for k in 0..runs {
        let p = pick(7, k, PROVINCES);
        let t = Instant::now();
        let mut on_track = 0usize;
        for i in &dashboard {
            let Some(latest) = cube.latest_period(*i as i64) else {
                continue;
            };
            let year = latest.parent(PeriodType::Year).unwrap_or(latest);
            let total = cube.totals_within(*i as i64, country.provinces[p], year);
            let kind = country.indicators[*i];
            // Flows against the year's target pro rata; a year's total against all of it.
            let elapsed = year
                .periods_within(kind.frequency)
                .iter()
                .filter(|q| **q <= latest)
                .count() as f64
                / year.periods_within(kind.frequency).len().max(1) as f64;
            if total.sum >= 0.95 * country.target(*i, p) * elapsed {
                on_track += 1;
            }
        }
        times.push(t.elapsed());
        instances.push(Instance {
            query: "dashboard",
            indicator: 0,
            indicator_b: 0,
            province: country.provinces[p],
            period_type: "",
            from: String::new(),
            to: String::new(),
            answer: on_track as f64,
        });
    }
    table.push(("dashboard", percentiles(times)));

    // 4. A computed ratio over the whole country, by province.
    let mut times = Vec::new();
    for k in 0..runs {
        let a = monthly_communes[pick(8, k, monthly_communes.len())];
        let b = monthly_communes[pick(9, k, monthly_communes.len())];
        let m = months[pick(10, k, months.len())];
        let t = Instant::now();
        let ratios: Vec<Option<f64>> = country
            .provinces
            .iter()
            .map(|p| {
                let den = cube.totals(b as i64, *p, m).sum;
                (den != 0.0).then(|| cube.totals(a as i64, *p, m).sum / den)
            })
            .collect();
        times.push(t.elapsed());
        instances.push(Instance {
            query: "ratio_by_province",
            indicator: a,
            indicator_b: b,
            province: 0,
            period_type: "month",
            from: m.start().to_string(),
            to: m.end().to_string(),
            answer: ratios.iter().flatten().sum(),
        });
    }
    table.push(("ratio_by_province", percentiles(times)));

    // Freshness: an approved value, then the province's year read again.
    let mut times = Vec::new();
    for k in 0..runs {
        let i = monthly_communes[pick(11, k, monthly_communes.len())];
        let p = pick(12, k, PROVINCES);
        let commune = country.communes[p][pick(13, k, country.communes[p].len())];
        let m = months[pick(14, k, months.len())];
        let year = m.parent(PeriodType::Year).unwrap_or(m);
        let before = cube.totals_within(i as i64, country.provinces[p], year).sum;
        let t = Instant::now();
        cube.set(i as i64, commune, m, 1.0e6);
        let after = cube.totals_within(i as i64, country.provinces[p], year).sum;
        times.push(t.elapsed());
        anyhow::ensure!(after > before, "the approved value is not in the total");
    }
    table.push(("freshness (approve + re-read)", percentiles(times)));

    println!("\n| query | p50 | p99 | runs |\n|---|---|---|---|");
    for (name, (p50, p99)) in &table {
        println!("| {name} | {p50:.2?} | {p99:.2?} | {runs} |");
    }
    if let Some(dir) = write {
        write_for_peers(&country, &dir, &instances, &table, runs)?;
        println!("\ndata and queries written to {}", dir.display());
    }
    Ok(())
}

/// Writes the country, its values and targets as CSV, and the query instances with
/// Chiso's timings as JSON, for `bench/peers/run.py`.
fn write_for_peers(
    c: &Country,
    dir: &std::path::Path,
    instances: &[Instance],
    table: &[(&str, (Duration, Duration))],
    runs: usize,
) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut units = std::io::BufWriter::new(std::fs::File::create(dir.join("units.csv"))?);
    writeln!(units, "id,parent,province,kind")?;
    for (p, pid) in c.provinces.iter().enumerate() {
        writeln!(units, "{pid},1,{pid},province")?;
        for u in &c.communes[p] {
            writeln!(units, "{u},{pid},{pid},commune")?;
        }
        for u in &c.agencies[p] {
            writeln!(units, "{u},{pid},{pid},agency")?;
        }
    }
    units.flush()?;
    let mut inds = std::io::BufWriter::new(std::fs::File::create(dir.join("indicators.csv"))?);
    writeln!(inds, "id,period_type,reporters")?;
    for (i, k) in c.indicators.iter().enumerate() {
        let who = if k.communes { "communes" } else { "agencies" };
        writeln!(inds, "{i},{},{who}", ptype(k.frequency))?;
    }
    inds.flush()?;
    let mut targets = std::io::BufWriter::new(std::fs::File::create(dir.join("targets.csv"))?);
    writeln!(targets, "indicator,province,value")?;
    for i in 0..c.indicators.len() {
        for (p, pid) in c.provinces.iter().enumerate() {
            writeln!(targets, "{i},{pid},{}", c.target(i, p))?;
        }
    }
    targets.flush()?;
    let mut values =
        std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(dir.join("values.csv"))?);
    writeln!(values, "indicator,unit,period_type,period_start,value")?;
    for (i, u, p, v) in c.values() {
        writeln!(
            values,
            "{i},{u},{},{},{v}",
            ptype(p.period_type()),
            p.start()
        )?;
    }
    values.flush()?;
    let timings: serde_json::Map<String, serde_json::Value> = table
        .iter()
        .map(|(name, (p50, p99))| {
            (
                name.to_string(),
                serde_json::json!({"p50_s": p50.as_secs_f64(), "p99_s": p99.as_secs_f64()}),
            )
        })
        .collect();
    let doc = serde_json::json!({
        "runs": runs,
        "dashboard_indicators": (0..DASHBOARD).map(|k| k * c.indicators.len() / DASHBOARD).collect::<Vec<_>>(),
        "chiso": timings,
        "instances": instances,
    });
    std::fs::write(dir.join("queries.json"), serde_json::to_vec_pretty(&doc)?)?;
    Ok(())
}
