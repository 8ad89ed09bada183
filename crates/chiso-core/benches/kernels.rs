//! `cargo bench -p chiso-core`: the analytics kernels on a generated country (34 provinces,
//! 3,321 communes, 20 monthly indicators over ten years: 7,970,400 values in a cube).
//! `chiso bench national` times the same kernels on the full 49.5 million values with the
//! peers' queries; `chiso bench national-app` times the application's use cases.

use chiso_core::code::Code;
use chiso_core::cube::Cube;
use chiso_core::indicator::{TimeAggregation, TreeAggregation};
use chiso_core::org::{OrgKind, OrgTree, OrgUnit};
use chiso_core::period::{Period, PeriodType};
use chiso_core::rollup::{Method, Observation, Query, roll_up_within};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

const PROVINCES: i64 = 34;
const COMMUNES: i64 = 3321;
const INDICATORS: i64 = 20;

fn unit(id: i64, parent: Option<i64>) -> OrgUnit {
    OrgUnit {
        id,
        code: Code::parse(&format!("U{id}")).unwrap_or_else(|_| unreachable!()),
        name_vi: format!("Đơn vị {id}"),
        name_en: format!("Unit {id}"),
        parent_id: parent,
        level: if parent.is_some() { 2 } else { 1 },
        kind: OrgKind::Locality,
        valid_from: None,
        valid_to: None,
        geometry: None,
    }
}

/// The country (unit 1), its provinces (2..) and their communes, spread evenly.
fn country() -> (OrgTree, Vec<i64>, Vec<i64>) {
    let mut units = vec![unit(1, None)];
    let provinces: Vec<i64> = (0..PROVINCES).map(|p| 2 + p).collect();
    units.extend(provinces.iter().map(|p| unit(*p, Some(1))));
    let communes: Vec<i64> = (0..COMMUNES).map(|c| 100 + c).collect();
    units.extend(
        communes
            .iter()
            .map(|c| unit(*c, Some(2 + (c - 100) % PROVINCES))),
    );
    let tree = OrgTree::new(units).unwrap_or_else(|e| panic!("tree: {e}"));
    (tree, provinces, communes)
}

fn months() -> Vec<Period> {
    (2016..=2025)
        .filter_map(|y| Period::year(y).ok())
        .flat_map(|y| y.periods_within(PeriodType::Month))
        .collect()
}

fn kernels(c: &mut Criterion) {
    let (tree, provinces, communes) = country();
    let months = months();
    let cube = Cube::from_values(
        &tree,
        (0..INDICATORS).flat_map(|i| {
            let communes = &communes;
            months.iter().enumerate().flat_map(move |(t, p)| {
                communes
                    .iter()
                    .map(move |u| (i, *u, *p, (i * 7 + u * 3 + t as i64) as f64 % 997.0))
            })
        }),
    );
    let year = Period::year(2024).unwrap_or_else(|_| unreachable!());
    let month = Period::parse("2024-06").unwrap_or_else(|_| unreachable!());
    let province = provinces[7];

    c.bench_function("cube totals: a province's year (12 months)", |b| {
        b.iter(|| black_box(cube.totals_within(3, province, year)))
    });
    c.bench_function("cube ranking: a province's communes in a month", |b| {
        b.iter(|| {
            let mut v = cube.values_within(3, province, month);
            v.sort_by(|a, b| b.1.total_cmp(&a.1));
            black_box(v)
        })
    });
    c.bench_function("cube ratio: every province in a month", |b| {
        b.iter(|| {
            let r: Vec<Option<f64>> = provinces
                .iter()
                .map(|p| {
                    let den = cube.totals(4, *p, month).sum;
                    (den != 0.0).then(|| cube.totals(3, *p, month).sum / den)
                })
                .collect();
            black_box(r)
        })
    });
    let (from, to) = (year.start(), year.end());
    c.bench_function("cube observations: a province's year", |b| {
        b.iter(|| black_box(cube.observations(3, province, from, to)))
    });
    let obs: Vec<Observation> = cube
        .observations(3, province, from, to)
        .into_iter()
        .map(|(unit, period, value)| Observation {
            unit,
            period,
            value,
        })
        .collect();
    let span = [year];
    let method = Method {
        tree: TreeAggregation::Sum,
        time: TimeAggregation::Sum,
    };
    c.bench_function("roll-up: a province's year from its observations", |b| {
        b.iter(|| {
            black_box(roll_up_within(
                &obs,
                method,
                Query {
                    unit: province,
                    span: &span,
                    expected: &[],
                    weights: None,
                },
            ))
        })
    });
    let mut fresh = cube.clone();
    c.bench_function("freshness: set one value, read the province's year", |b| {
        let mut k = 0.0;
        b.iter(|| {
            k += 1.0;
            fresh.set(3, communes[7], month, k);
            black_box(fresh.totals_within(3, province, year))
        })
    });
    c.bench_function("period: a month within a year", |b| {
        b.iter(|| black_box(black_box(year).contains(black_box(&month))))
    });
}

criterion_group!(benches, kernels);
criterion_main!(benches);
