//! `chiso index`: composite indices from files, without a database — list the shipped
//! methodologies, score and rank units from a CSV of component values, and measure the
//! sensitivity analysis.

use anyhow::{Context, Result, bail};
use chiso_core::composite::methodology::{self, Methodology};
use chiso_core::composite::{
    AggregateMethod, DataTable, IndexTree, MergeLink, MergeRule, MetaRow, NormaliseMethod,
    NormaliseSpec, PipelineSpec, RowKind, SensitivitySpec, merge_units, rank_descending,
    sensitivity,
};
use rand::{Rng, SeedableRng, rngs::StdRng};
use std::io::Write;
use std::path::Path;
use std::time::Instant;

/// Prints the shipped templates: id, years, components, how they combine.
pub fn templates(out: &mut impl Write) -> Result<()> {
    let all = methodology::official()?;
    writeln!(
        out,
        "{:<11} {:<11} {:>10} {:>7}  {:<16} name",
        "template", "years", "components", "max", "method"
    )?;
    for m in &all {
        let years = match m.to_year {
            Some(t) => format!("{}–{t}", m.from_year),
            None => format!("{}–", m.from_year),
        };
        writeln!(
            out,
            "{:<11} {:<11} {:>10} {:>7}  {:<16} {} / {}",
            m.template_id(),
            years,
            m.leaves().len(),
            m.max,
            format!("{:?}", m.method),
            m.name_vi,
            m.name_en
        )?;
    }
    writeln!(
        out,
        "aliases: papi-6 = papi-2016, papi-8 = papi-2018, pgi = pgi-2022; \
         or give a methodology file (.json or .toml) of the same shape"
    )?;
    Ok(())
}

/// The methodology named by a template id or a file path.
pub fn load_methodology(template: &str) -> Result<Methodology> {
    if let Some(m) = methodology::template(template) {
        return Ok(m);
    }
    let path = Path::new(template);
    if !path.exists() {
        bail!(
            "no template `{template}` and no such file; `chiso index templates` lists the templates"
        );
    }
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {template}"))?;
    let is_toml = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    let m = if is_toml {
        let value: toml::Value =
            toml::from_str(&text).with_context(|| format!("{template} is not valid TOML"))?;
        Methodology::from_json(&serde_json::to_string(&value)?)
    } else {
        Methodology::from_json(&text)
    };
    m.with_context(|| format!("methodology {template}"))
}

/// The component values of `input` for methodology `m`.
fn read_inputs(m: &Methodology, input: &Path) -> Result<DataTable> {
    let file = std::fs::File::open(input).with_context(|| format!("opening {input:?}"))?;
    m.read_inputs(std::io::BufReader::new(file))
        .with_context(|| format!("{}", input.display()))
}

/// `chiso index compute`: scores and ranks every unit of `input`, writes `unit, score, rank`
/// and every component's normalised or aggregated value to `output` (`-`: standard output),
/// best first, unranked units last.
pub fn compute(template: &str, input: &Path, output: &Path) -> Result<usize> {
    let m = load_methodology(template)?;
    let table = read_inputs(&m, input)?;
    write_scores(&m, &table, output, None)
}

/// Reads a merger mapping: `from,to[,weight]` with a header row.
fn read_mapping(path: &Path) -> Result<Vec<MergeLink>> {
    let mut r = csv::Reader::from_path(path).with_context(|| format!("opening {path:?}"))?;
    let header: Vec<String> = r
        .headers()?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_lowercase())
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name);
    let (Some(from), Some(to)) = (col("from"), col("to")) else {
        bail!(
            "{}: the mapping needs the columns from,to[,weight]",
            path.display()
        );
    };
    let weight = col("weight");
    let mut links = Vec::new();
    for (i, rec) in r.records().enumerate() {
        let rec = rec.with_context(|| format!("{} line {}", path.display(), i + 2))?;
        let cell = |k: usize| rec.get(k).unwrap_or("").trim().to_owned();
        let w = match weight.map(cell).filter(|w| !w.is_empty()) {
            Some(w) => w.replace(',', ".").parse::<f64>().with_context(|| {
                format!(
                    "{} line {}: weight `{w}` is not a number",
                    path.display(),
                    i + 2
                )
            })?,
            None => 1.0,
        };
        links.push(MergeLink {
            from: cell(from),
            to: cell(to),
            weight: w,
        });
    }
    Ok(links)
}

/// `chiso index merge`: the former units' components of `input` carried onto the units
/// they merged into (`mapping`: `from,to[,weight]`), combined by `rule`, then scored and
/// ranked like `compute`; every row is labelled as derived, with the units it comes from.
pub fn merge(
    template: &str,
    input: &Path,
    mapping: &Path,
    rule: &str,
    output: &Path,
) -> Result<usize> {
    let m = load_methodology(template)?;
    let rule: MergeRule = serde_json::from_value(serde_json::Value::String(rule.replace('-', "_")))
        .map_err(|_| {
            anyhow::anyhow!("unknown rule `{rule}`; use weighted-mean, mean, sum, max or min")
        })?;
    let table = read_inputs(&m, input)?;
    let links = read_mapping(mapping)?;
    let merged = merge_units(&table, &links, rule)?;
    let sources: std::collections::BTreeMap<String, Vec<String>> =
        links.iter().fold(Default::default(), |mut acc, l| {
            acc.entry(l.to.clone()).or_default().push(l.from.clone());
            acc
        });
    eprintln!(
        "Điểm suy ra, không phải số liệu công bố / derived scores, not published: {} former units → {}",
        table.n_units(),
        merged.n_units()
    );
    write_scores(&m, &merged, output, Some(&sources))
}

/// Writes `unit, score, rank`, every component, and for derived scores the units each comes
/// from; best first, unranked units last.
fn write_scores(
    m: &Methodology,
    table: &DataTable,
    output: &Path,
    derived_from: Option<&std::collections::BTreeMap<String, Vec<String>>>,
) -> Result<usize> {
    let scored = m.score(table)?;
    let scores = scored.require_column(&m.index)?.to_vec();
    let ranks = rank_descending(&scores);
    let mut order: Vec<usize> = (0..table.n_units()).collect();
    order.sort_by_key(|&i| ranks[i].unwrap_or(usize::MAX));
    let sink: Box<dyn Write> = if output == Path::new("-") {
        Box::new(std::io::stdout().lock())
    } else {
        Box::new(std::fs::File::create(output).with_context(|| format!("creating {output:?}"))?)
    };
    let mut w = csv::Writer::from_writer(sink);
    let codes: Vec<&str> = m.nodes.iter().map(|n| n.code.as_str()).collect();
    let mut header = vec!["unit", "score", "rank"];
    header.extend(&codes);
    if derived_from.is_some() {
        header.push("derived_from");
    }
    w.write_record(&header)?;
    let text = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    for &i in &order {
        let unit = &scored.units()[i];
        let mut row = vec![
            unit.clone(),
            text(scores[i]),
            ranks[i].map(|r| r.to_string()).unwrap_or_default(),
        ];
        row.extend(codes.iter().map(|c| text(scored.value(unit, c))));
        if let Some(sources) = derived_from {
            let from = sources.get(unit).map(|v| v.join("; ")).unwrap_or_default();
            row.push(format!("derived: {from}"));
        }
        w.write_record(&row)?;
    }
    w.flush()?;
    let ranked = ranks.iter().flatten().count();
    let total = table.n_units();
    if ranked < total {
        eprintln!(
            "Đã xếp hạng / ranked {ranked} of {total} units ({} without a score, listed last)",
            total - ranked
        );
    } else {
        eprintln!("Đã xếp hạng / ranked {ranked} units");
    }
    Ok(ranked)
}

/// A synthetic index for the benchmark: `indicators` indicators in ten pillars under one
/// index, seeded random values with 2 % missing.
fn synthetic(units: usize, indicators: usize, seed: u64) -> Result<(IndexTree, DataTable)> {
    let pillars = 10.min(indicators).max(1);
    let mut rows = Vec::new();
    for k in 0..indicators {
        let mut r = MetaRow::new(format!("i{k}"), RowKind::Indicator, Some(1));
        r.direction = Some(if k % 7 == 3 { -1.0 } else { 1.0 });
        r.weight = Some(1.0);
        r.parent = Some(format!("p{}", k % pillars));
        rows.push(r);
    }
    for p in 0..pillars {
        let mut r = MetaRow::new(format!("p{p}"), RowKind::Aggregate, Some(2));
        r.weight = Some(1.0);
        r.parent = Some("INDEX".into());
        rows.push(r);
    }
    let mut top = MetaRow::new("INDEX", RowKind::Aggregate, Some(3));
    top.weight = Some(1.0);
    rows.push(top);
    let tree = IndexTree::from_rows(&rows)?;
    let mut rng = StdRng::seed_from_u64(seed);
    let mut table = DataTable::new((0..units).map(|u| format!("u{u}")))?;
    for k in 0..indicators {
        let values = (0..units)
            .map(|_| (rng.r#gen::<f64>() >= 0.02).then(|| rng.gen_range(0.0..1000.0)))
            .collect();
        table.add_column(format!("i{k}"), values)?;
    }
    Ok((tree, table))
}

/// `chiso bench sensitivity`: the time of an uncertainty and sensitivity analysis over
/// `runs` index computations of `units` × `indicators` (normalisation, aggregation and
/// weights uncertain: N(3 + 2) = runs).
pub fn bench_sensitivity(units: usize, indicators: usize, runs: usize) -> Result<()> {
    let (tree, raw) = synthetic(units, indicators, 42)?;
    let samples = (runs / 5).max(1);
    let spec = SensitivitySpec {
        base: PipelineSpec::default(),
        treatments: Vec::new(),
        normalisations: vec![
            NormaliseSpec::all(NormaliseMethod::MinMax {
                lower: 1.0,
                upper: 100.0,
            }),
            NormaliseSpec::all(NormaliseMethod::ZScore {
                mean: 10.0,
                sd: 2.0,
            }),
        ],
        aggregations: vec![
            AggregateMethod::ArithmeticMean,
            AggregateMethod::GeometricMean,
        ],
        weight_noise: 0.25,
        noisy_levels: Vec::new(),
        weight_sets: 100,
        samples,
        seed: 1,
    };
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    println!(
        "sensitivity: {units} units × {indicators} indicators, {} runs (N = {samples}), {cores} cores",
        samples * 5
    );
    let mut times = Vec::new();
    for round in 0..3 {
        let start = Instant::now();
        let r = sensitivity(&tree, &raw, &spec)?;
        let t = start.elapsed().as_secs_f64();
        times.push(t);
        if round == 0 {
            for f in &r.factors {
                println!(
                    "  {:<14} Si {:>6.3}  STi {:>6.3}",
                    f.factor, f.first_order, f.total_order
                );
            }
        }
        println!(
            "  round {}: {:.3} s ({:.2} ms per run)",
            round + 1,
            t,
            t * 1000.0 / r.runs as f64
        );
    }
    times.sort_by(f64::total_cmp);
    println!(
        "median {:.3} s — goal < 1 s: {}",
        times[1],
        if times[1] < 1.0 { "met" } else { "NOT met" }
    );
    Ok(())
}
