//! How much the ranks depend on the choices made in building an index: uncertainty analysis
//! (each unit's median rank and 5–95 % interval over many plausible indices) and variance-based
//! sensitivity analysis (first- and total-order Sobol' indices of each choice).
//!
//! The set-up follows COINr's `get_sensitivity()` (COINr 1.1.14, `R/sensitivity.R`): each
//! uncertain choice is a discrete *factor* — the outlier treatment, the normalisation, a set
//! of noisy weights, the aggregation — and a run of the model picks one alternative of each.
//! Runs follow Saltelli's design (matrices A and B of N rows, plus one matrix A_B⁽ⁱ⁾ per
//! factor: N(d+2) runs); the output summarised per run is the mean absolute rank shift from
//! the nominal ranking, and the estimators are Saltelli et al. (2010) for Sᵢ and Jansen (1999)
//! for STᵢ, as in COINr's `SA_estimate()`.
//!
//! Speed: everything up to normalisation is computed once per (treatment, normalisation)
//! alternative; a run then only aggregates the normalised matrix with its weights and method
//! and ranks the scores, column by column, on every core. Noisy weights follow COINr's
//! `get_noisy_weights()`: each perturbed weight is `w · (1 + u)`, `u` uniform in ±noise.

use super::{
    AggregateMethod, CompositeError, DataTable, ImputeMethod, IndexTree, NodeKind, NormaliseSpec,
    PipelineSpec, TreatSpec, denominate, impute, normalise, run_pipeline, screen_units, stats,
    treat,
};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What is uncertain, and how many runs to make.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SensitivitySpec {
    /// The nominal pipeline: denomination, imputation and screening are applied as given;
    /// its treatment, normalisation and aggregation are the nominal choices.
    #[serde(default)]
    pub base: PipelineSpec,
    /// Alternative outlier treatments (`None`: no treatment). Empty: only the nominal one.
    #[serde(default)]
    pub treatments: Vec<Option<TreatSpec>>,
    /// Alternative normalisations. Empty: only the nominal one.
    #[serde(default)]
    pub normalisations: Vec<NormaliseSpec>,
    /// Alternative aggregation methods, each used at every level. Empty: only the nominal
    /// method (the base's default method, at every level).
    #[serde(default)]
    pub aggregations: Vec<AggregateMethod>,
    /// Relative noise on the weights (0.25: each weight times 1 ± up to 25 %); 0 leaves the
    /// weights certain.
    #[serde(default)]
    pub weight_noise: f64,
    /// The levels whose weights are perturbed (2 = pillars, ...). Empty: every level.
    #[serde(default)]
    pub noisy_levels: Vec<u32>,
    /// How many noisy weight sets to draw (COINr's `Nrep`, default 100).
    #[serde(default = "default_weight_sets")]
    pub weight_sets: usize,
    /// The base sample size N; the analysis makes N(d+2) runs for d uncertain factors.
    pub samples: usize,
    /// Seed of the random numbers, so that a result can be reproduced.
    #[serde(default)]
    pub seed: u64,
}

fn default_weight_sets() -> usize {
    100
}

/// One uncertain choice and how much the ranks depend on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactorSensitivity {
    /// `treatment`, `normalisation`, `weights` or `aggregation`.
    pub factor: String,
    /// How many alternatives it had.
    pub alternatives: usize,
    /// First-order Sobol' index Sᵢ: the share of the output variance due to this choice
    /// alone.
    pub first_order: f64,
    /// Total-order Sobol' index STᵢ: the share due to this choice including its interactions.
    pub total_order: f64,
}

/// One unit's rank over all runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitRankStats {
    /// The unit.
    pub unit: String,
    /// Its rank in the nominal index (`None`: no score).
    pub nominal: Option<usize>,
    /// Mean rank over the runs that ranked it.
    pub mean: Option<f64>,
    /// Median rank.
    pub median: Option<f64>,
    /// 5th percentile of the ranks (the best plausible rank).
    pub q05: Option<f64>,
    /// 95th percentile of the ranks (the worst plausible rank).
    pub q95: Option<f64>,
}

/// The result of a sensitivity analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SensitivityResult {
    /// How many index computations were made.
    pub runs: usize,
    /// Per unit, in the order of the data.
    pub units: Vec<UnitRankStats>,
    /// Per uncertain factor (those with more than one alternative), most influential first
    /// (by total order).
    pub factors: Vec<FactorSensitivity>,
    /// Variance of the output (mean absolute rank shift) over the runs of A and B; 0 means
    /// no choice changed any rank.
    pub output_variance: f64,
}

/// The model compiled for fast runs: normalised matrices per (treatment, normalisation)
/// and the tree as slots.
struct Model {
    n_units: usize,
    /// `matrices[t][n]`: indicator columns, column-major, `NaN` for missing.
    matrices: Vec<Vec<Vec<f64>>>,
    /// Per aggregate (bottom-up): its children as (slot, node index).
    aggregates: Vec<Vec<(usize, usize)>>,
    /// How many indicator slots there are (aggregate `j` is slot `n_indicators + j`).
    n_indicators: usize,
    /// Weight sets: `weight_sets[k][node]`; set 0 is nominal.
    weight_sets: Vec<Vec<f64>>,
    aggregations: Vec<AggregateMethod>,
}

/// A factor's name and the number of its alternatives, in the fixed order of a run's choice.
const FACTORS: [&str; 4] = ["treatment", "normalisation", "weights", "aggregation"];

/// The choice of alternatives for one run: (treatment, normalisation, weights, aggregation).
type Choice = [usize; 4];

impl Model {
    fn build(
        tree: &IndexTree,
        raw: &DataTable,
        spec: &SensitivitySpec,
    ) -> Result<(Model, Vec<String>), CompositeError> {
        let indicators = tree.indicator_codes();
        for code in &indicators {
            raw.require_column(code)?;
        }
        let base = &spec.base;
        let denominated = if base.denominate {
            denominate(tree, raw)?
        } else {
            raw.clone()
        };
        let imputed = if base.impute == ImputeMethod::None {
            denominated
        } else {
            impute(&denominated, &indicators, &base.impute)?.table
        };
        let screened = match base.screen {
            Some(t) => screen_units(&imputed, &indicators, t)?.table,
            None => imputed,
        };
        let treatments: Vec<Option<TreatSpec>> = if spec.treatments.is_empty() {
            vec![base.treat.clone()]
        } else {
            spec.treatments.clone()
        };
        let normalisations: Vec<NormaliseSpec> = if spec.normalisations.is_empty() {
            vec![base.normalise.clone()]
        } else {
            spec.normalisations.clone()
        };
        let aggregations = if spec.aggregations.is_empty() {
            vec![base.aggregate.default]
        } else {
            spec.aggregations.clone()
        };
        let mut matrices = Vec::with_capacity(treatments.len());
        for t in &treatments {
            let treated = match t {
                Some(t) => treat(&screened, &indicators, t, &base.treat_overrides)?.0,
                None => screened.clone(),
            };
            let mut per_norm = Vec::with_capacity(normalisations.len());
            for n in &normalisations {
                let normalised = normalise(tree, &treated, n)?;
                let mut m = Vec::with_capacity(indicators.len() * screened.n_units());
                for code in &indicators {
                    let col = normalised.require_column(code)?;
                    m.extend(col.iter().map(|v| v.unwrap_or(f64::NAN)));
                }
                check_positive(&m, &indicators, screened.units(), &aggregations)?;
                per_norm.push(m);
            }
            matrices.push(per_norm);
        }

        // Slots: indicators in tree order, then aggregates bottom-up.
        let nodes = tree.nodes();
        let node_index: BTreeMap<&str, usize> = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.code.as_str(), i))
            .collect();
        let mut slot: BTreeMap<String, usize> = indicators
            .iter()
            .enumerate()
            .map(|(i, c)| (c.clone(), i))
            .collect();
        let mut aggregates = Vec::new();
        for (j, agg) in tree.aggregates_bottom_up().into_iter().enumerate() {
            let children = agg
                .children
                .iter()
                .map(|c| {
                    let s = slot
                        .get(c)
                        .copied()
                        .ok_or_else(|| CompositeError::MissingColumn(c.clone()))?;
                    Ok((s, node_index.get(c.as_str()).copied().unwrap_or(0)))
                })
                .collect::<Result<Vec<_>, CompositeError>>()?;
            aggregates.push(children);
            slot.insert(agg.code.clone(), indicators.len() + j);
        }

        let nominal: Vec<f64> = nodes.iter().map(|n| n.weight).collect();
        let mut weight_sets = vec![nominal.clone()];
        if spec.weight_noise > 0.0 {
            if !(spec.weight_noise.is_finite() && spec.weight_noise < 1.0) {
                return Err(CompositeError::InvalidSensitivity(format!(
                    "weight noise {} must be below 1 (100 %)",
                    spec.weight_noise
                )));
            }
            let mut rng = StdRng::seed_from_u64(spec.seed ^ WEIGHT_STREAM);
            for _ in 0..spec.weight_sets.max(1) {
                let set = nodes
                    .iter()
                    .zip(&nominal)
                    .map(|(n, &w)| {
                        let noisy = n.parent.is_some()
                            && (spec.noisy_levels.is_empty()
                                || spec.noisy_levels.contains(&n.level));
                        if noisy {
                            w * (1.0 + rng.gen_range(-spec.weight_noise..=spec.weight_noise))
                        } else {
                            w
                        }
                    })
                    .collect();
                weight_sets.push(set);
            }
        }
        Ok((
            Model {
                n_units: screened.n_units(),
                matrices,
                aggregates,
                n_indicators: indicators.len(),
                weight_sets,
                aggregations,
            },
            screened.units().to_vec(),
        ))
    }

    /// How many alternatives each factor has (weights: the noisy sets, not the nominal one).
    fn alternatives(&self) -> [usize; 4] {
        [
            self.matrices.len(),
            self.matrices.first().map_or(1, Vec::len),
            (self.weight_sets.len() - 1).max(1),
            self.aggregations.len(),
        ]
    }

    /// The index scores of one run (`NaN`: no score).
    fn scores(&self, choice: Choice, buffer: &mut Vec<f64>) -> Vec<f64> {
        let n = self.n_units;
        let matrix = &self.matrices[choice[0]][choice[1]];
        // Weight set 0 is nominal; noisy sets start at 1.
        let weights = if self.weight_sets.len() > 1 {
            &self.weight_sets[choice[2] + 1]
        } else {
            &self.weight_sets[0]
        };
        let method = self.aggregations[choice[3]];
        buffer.clear();
        buffer.resize(self.aggregates.len() * n, 0.0);
        let mut acc = vec![0.0; n];
        let mut wsum = vec![0.0; n];
        for (j, children) in self.aggregates.iter().enumerate() {
            acc.fill(0.0);
            wsum.fill(0.0);
            let (done, rest) = buffer.split_at_mut(j * n);
            for &(slot, node) in children {
                let x = if slot < self.n_indicators {
                    &matrix[slot * n..(slot + 1) * n]
                } else {
                    let k = slot - self.n_indicators;
                    &done[k * n..(k + 1) * n]
                };
                let w = weights[node];
                accumulate(method, w, x, &mut acc, &mut wsum);
            }
            for ((out, &a), &s) in rest[..n].iter_mut().zip(&acc).zip(&wsum) {
                *out = finish(method, a, s);
            }
        }
        let last = self.aggregates.len().saturating_sub(1);
        buffer[last * n..(last + 1) * n].to_vec()
    }
}

/// Mixed into the seed of the weight draws, so that weights and the design draw different
/// numbers from one seed.
const WEIGHT_STREAM: u64 = 0x9e37_79b9_7f4a_7c15;

fn accumulate(method: AggregateMethod, w: f64, x: &[f64], acc: &mut [f64], wsum: &mut [f64]) {
    for ((a, s), &v) in acc.iter_mut().zip(wsum.iter_mut()).zip(x) {
        if v.is_nan() {
            continue;
        }
        *s += w;
        *a += match method {
            AggregateMethod::ArithmeticMean | AggregateMethod::Sum => w * v,
            AggregateMethod::GeometricMean => w * v.ln(),
            AggregateMethod::HarmonicMean => w / v,
        };
    }
}

fn finish(method: AggregateMethod, acc: f64, wsum: f64) -> f64 {
    if wsum == 0.0 {
        // No child had a value (or every weight was zero: R gives NaN too).
        return f64::NAN;
    }
    match method {
        AggregateMethod::ArithmeticMean => acc / wsum,
        AggregateMethod::Sum => acc,
        AggregateMethod::GeometricMean => (acc / wsum).exp(),
        AggregateMethod::HarmonicMean => wsum / acc,
    }
}

/// Geometric means need positive values and harmonic means non-zero ones; a normalisation
/// that gives zeros (min-max onto [0, 100]) cannot be combined with them (COINr issue #47).
fn check_positive(
    matrix: &[f64],
    indicators: &[String],
    units: &[String],
    aggregations: &[AggregateMethod],
) -> Result<(), CompositeError> {
    let n = units.len();
    for method in aggregations {
        for (k, code) in indicators.iter().enumerate() {
            for (u, &v) in matrix[k * n..(k + 1) * n].iter().enumerate() {
                let bad = match method {
                    AggregateMethod::GeometricMean => v <= 0.0,
                    AggregateMethod::HarmonicMean => v == 0.0,
                    _ => false,
                };
                if bad {
                    return Err(CompositeError::InvalidSensitivity(format!(
                        "indicator `{code}` is {v} for unit `{}` after normalisation, which the \
                         {method:?} aggregation cannot use; normalise onto a positive range such \
                         as [1, 100]",
                        units[u]
                    )));
                }
            }
        }
    }
    Ok(())
}

/// Descending ranks of `scores` (ties share the lowest rank); 0 for no score.
fn ranks_of(scores: &[f64]) -> Vec<u32> {
    let mut order: Vec<usize> = (0..scores.len()).filter(|&i| !scores[i].is_nan()).collect();
    order.sort_unstable_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    let mut ranks = vec![0u32; scores.len()];
    let mut previous: Option<(f64, u32)> = None;
    for (pos, &i) in order.iter().enumerate() {
        let rank = match previous {
            Some((s, r)) if s == scores[i] => r,
            _ => pos as u32 + 1,
        };
        ranks[i] = rank;
        previous = Some((scores[i], rank));
    }
    ranks
}

/// The runs of Saltelli's design for the uncertain factors (those with more than one
/// alternative): rows of A, rows of B, then for each factor the rows of A with that factor's
/// column from B.
fn design(alternatives: [usize; 4], samples: usize, seed: u64) -> (Vec<Choice>, Vec<usize>) {
    let uncertain: Vec<usize> = (0..4).filter(|&f| alternatives[f] > 1).collect();
    let mut rng = StdRng::seed_from_u64(seed);
    let draw = |rng: &mut StdRng| -> Choice {
        let mut c = [0usize; 4];
        for &f in &uncertain {
            c[f] = rng.gen_range(0..alternatives[f]);
        }
        c
    };
    let a: Vec<Choice> = (0..samples).map(|_| draw(&mut rng)).collect();
    let b: Vec<Choice> = (0..samples).map(|_| draw(&mut rng)).collect();
    let mut runs = Vec::with_capacity(samples * (uncertain.len() + 2));
    runs.extend_from_slice(&a);
    runs.extend_from_slice(&b);
    for &f in &uncertain {
        for (ra, rb) in a.iter().zip(&b) {
            let mut c = *ra;
            c[f] = rb[f];
            runs.push(c);
        }
    }
    (runs, uncertain)
}

/// Runs `choices` on every core; returns each run's ranks, run after run.
fn run_all(model: &Model, choices: &[Choice]) -> Vec<Vec<u32>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .clamp(1, 16);
    let chunk = choices.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = choices
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    let mut buffer = Vec::new();
                    part.iter()
                        .map(|&c| ranks_of(&model.scores(c, &mut buffer)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

/// The mean absolute rank shift from the nominal ranks, over units ranked in both.
fn rank_shift(ranks: &[u32], nominal: &[u32]) -> f64 {
    let (sum, n) = ranks
        .iter()
        .zip(nominal)
        .filter(|(r, n)| **r > 0 && **n > 0)
        .fold((0.0, 0usize), |(s, k), (r, n)| {
            (s + (f64::from(*r) - f64::from(*n)).abs(), k + 1)
        });
    if n == 0 { 0.0 } else { sum / n as f64 }
}

/// Uncertainty and sensitivity of the ranks of `tree`'s index over the units of `raw`.
///
/// # Errors
/// Any error of the pipeline steps, a sample size of 0, weight noise of 100 % or more, or a
/// normalisation that gives values the geometric or harmonic mean cannot use.
pub fn sensitivity(
    tree: &IndexTree,
    raw: &DataTable,
    spec: &SensitivitySpec,
) -> Result<SensitivityResult, CompositeError> {
    if spec.samples == 0 {
        return Err(CompositeError::InvalidSensitivity(
            "the sample size must be at least 1".into(),
        ));
    }
    if tree.root().kind != NodeKind::Aggregate {
        return Err(CompositeError::NoIndicators);
    }
    let (model, units) = Model::build(tree, raw, spec)?;
    // The nominal ranking is the base pipeline's, whatever the alternatives are.
    let base = run_pipeline(tree, raw, &spec.base)?;
    let nominal_scores: Vec<f64> = base
        .aggregated
        .require_column(&tree.root().code)?
        .iter()
        .map(|v| v.unwrap_or(f64::NAN))
        .collect();
    let nominal = ranks_of(&nominal_scores);
    let (choices, uncertain) = design(model.alternatives(), spec.samples, spec.seed);
    let ranks = run_all(&model, &choices);
    let y: Vec<f64> = ranks.iter().map(|r| rank_shift(r, &nominal)).collect();

    let n = spec.samples;
    let (ya, yb) = (&y[..n], &y[n..2 * n]);
    let both: Vec<f64> = ya.iter().chain(yb).copied().collect();
    let mean = both.iter().sum::<f64>() / both.len() as f64;
    let variance = both.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / both.len() as f64;
    let alternatives = model.alternatives();
    let mut factors: Vec<FactorSensitivity> = uncertain
        .iter()
        .enumerate()
        .map(|(i, &f)| {
            let yab = &y[(2 + i) * n..(3 + i) * n];
            let (first, total) = if variance > 0.0 {
                let s = yb
                    .iter()
                    .zip(yab)
                    .zip(ya)
                    .map(|((b, ab), a)| b * (ab - a))
                    .sum::<f64>()
                    / n as f64;
                let t = ya
                    .iter()
                    .zip(yab)
                    .map(|(a, ab)| (a - ab).powi(2))
                    .sum::<f64>()
                    / (2.0 * n as f64);
                (s / variance, t / variance)
            } else {
                (0.0, 0.0)
            };
            FactorSensitivity {
                factor: FACTORS[f].to_owned(),
                alternatives: alternatives[f],
                first_order: first,
                total_order: total,
            }
        })
        .collect();
    factors.sort_by(|a, b| b.total_order.total_cmp(&a.total_order));

    let mut column = Vec::with_capacity(ranks.len());
    let stats_of = units
        .iter()
        .enumerate()
        .map(|(u, unit)| {
            column.clear();
            column.extend(ranks.iter().map(|r| r[u]).filter(|&r| r > 0).map(f64::from));
            column.sort_by(f64::total_cmp);
            let q = |p: f64| stats::quantile_sorted(&column, p);
            UnitRankStats {
                unit: unit.clone(),
                nominal: (nominal[u] > 0).then_some(nominal[u] as usize),
                mean: (!column.is_empty())
                    .then(|| column.iter().sum::<f64>() / column.len() as f64),
                median: q(0.5),
                q05: q(0.05),
                q95: q(0.95),
            }
        })
        .collect();
    Ok(SensitivityResult {
        runs: choices.len(),
        units: stats_of,
        factors,
        output_variance: variance,
    })
}

/// The nominal scores of a sensitivity model, for checking it against [`super::run_pipeline`].
#[cfg(test)]
fn nominal_scores(
    tree: &IndexTree,
    raw: &DataTable,
    spec: &SensitivitySpec,
) -> Result<Vec<f64>, CompositeError> {
    let (model, _) = Model::build(tree, raw, spec)?;
    Ok(model.scores([0; 4], &mut Vec::new()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::composite::{MetaRow, NormaliseMethod, RowKind};

    fn small() -> (IndexTree, DataTable) {
        let mut rows = Vec::new();
        for (code, parent) in [("a", "P"), ("b", "P"), ("c", "Q"), ("d", "Q")] {
            let mut r = MetaRow::new(code, RowKind::Indicator, Some(1));
            r.direction = Some(1.0);
            r.weight = Some(1.0);
            r.parent = Some(parent.into());
            rows.push(r);
        }
        for p in ["P", "Q"] {
            let mut r = MetaRow::new(p, RowKind::Aggregate, Some(2));
            r.weight = Some(1.0);
            r.parent = Some("I".into());
            rows.push(r);
        }
        let mut top = MetaRow::new("I", RowKind::Aggregate, Some(3));
        top.weight = Some(1.0);
        rows.push(top);
        let tree = IndexTree::from_rows(&rows).unwrap();
        let mut t = DataTable::new(["u1", "u2", "u3", "u4", "u5"]).unwrap();
        t.add_column("a", vec![Some(1.0), Some(5.0), Some(3.0), None, Some(9.0)])
            .unwrap();
        t.add_column(
            "b",
            vec![Some(7.0), Some(2.0), Some(3.0), Some(4.0), Some(1.0)],
        )
        .unwrap();
        t.add_column(
            "c",
            vec![Some(2.0), Some(2.0), Some(8.0), Some(1.0), Some(6.0)],
        )
        .unwrap();
        t.add_column(
            "d",
            vec![Some(4.0), Some(9.0), Some(1.0), Some(5.0), Some(5.0)],
        )
        .unwrap();
        (tree, t)
    }

    #[test]
    fn the_fast_model_gives_the_pipelines_scores() {
        let (tree, raw) = small();
        for method in [
            AggregateMethod::ArithmeticMean,
            AggregateMethod::GeometricMean,
            AggregateMethod::HarmonicMean,
        ] {
            let base = PipelineSpec {
                normalise: NormaliseSpec::all(NormaliseMethod::MinMax {
                    lower: 1.0,
                    upper: 100.0,
                }),
                aggregate: crate::composite::AggregateSpec::all(method),
                ..PipelineSpec::default()
            };
            let spec = SensitivitySpec {
                base: base.clone(),
                samples: 1,
                ..serde_json::from_str(r#"{"samples":1}"#).unwrap()
            };
            let fast = nominal_scores(&tree, &raw, &spec).unwrap();
            let slow = run_pipeline(&tree, &raw, &base).unwrap();
            let expected = slow.aggregated.require_column("I").unwrap();
            for (f, e) in fast.iter().zip(expected) {
                let e = e.unwrap();
                assert!((f - e).abs() <= 1e-12 * e.abs(), "{method:?}: {f} vs {e}");
            }
        }
    }

    #[test]
    fn ranks_share_the_lowest_rank_and_skip_missing() {
        assert_eq!(
            ranks_of(&[3.0, f64::NAN, 5.0, 3.0, 1.0]),
            vec![2, 0, 1, 2, 4]
        );
    }

    #[test]
    fn with_nothing_uncertain_every_rank_is_nominal() {
        let (tree, raw) = small();
        let spec: SensitivitySpec = serde_json::from_str(r#"{"samples":10}"#).unwrap();
        let r = sensitivity(&tree, &raw, &spec).unwrap();
        assert!(r.factors.is_empty());
        assert_eq!(r.output_variance, 0.0);
        for u in &r.units {
            assert_eq!(u.median, u.nominal.map(|n| n as f64));
            assert_eq!(u.q05, u.q95);
        }
    }

    #[test]
    fn a_geometric_mean_after_zero_based_min_max_is_refused() {
        let (tree, raw) = small();
        let spec = SensitivitySpec {
            aggregations: vec![
                AggregateMethod::ArithmeticMean,
                AggregateMethod::GeometricMean,
            ],
            ..serde_json::from_str(r#"{"samples":10}"#).unwrap()
        };
        let e = sensitivity(&tree, &raw, &spec).unwrap_err().to_string();
        assert!(e.contains("after normalisation"), "{e}");
        assert!(e.contains("[1, 100]"), "{e}");
    }

    #[test]
    fn the_same_seed_gives_the_same_result() {
        let (tree, raw) = small();
        let spec = SensitivitySpec {
            weight_noise: 0.5,
            aggregations: vec![AggregateMethod::ArithmeticMean, AggregateMethod::Sum],
            seed: 7,
            ..serde_json::from_str(r#"{"samples":50}"#).unwrap()
        };
        let a = sensitivity(&tree, &raw, &spec).unwrap();
        let b = sensitivity(&tree, &raw, &spec).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.runs, 50 * 4);
        assert_eq!(a.factors.len(), 2);
    }
}
