//! Composite indices: methodologies (shipped, or stored and editable), component scores by
//! unit and year (imported, or derived), rankings with their history, a unit's profile —
//! what moved its score and rank, its gaps, the points it lost and who owns them — and the
//! sensitivity of the ranks.

use crate::analytics::DataScope;
use crate::auth::audit;
use crate::{App, AppError, AppResult, ErrorKind, Problem};
use chiso_core::access::{Action, Principal};
use chiso_core::composite::methodology::{self, Methodology, Tier};
use chiso_core::composite::{
    AggregateMethod, AggregateSpec, CompositeError, DataTable, Gap, LostPoints, NormaliseMethod,
    NormaliseSpec, PipelineSpec, ScoreChange, SensitivityResult, SensitivitySpec, explain_change,
    gaps, lost_points, rank_descending, sensitivity,
};
use chiso_core::org::OrgKind;
pub use chiso_store::CriterionNote;
use chiso_store::IndexScoreRow;
use chrono::Datelike;
use std::collections::BTreeMap;

/// Scores imported from a publisher's table.
pub const SOURCE_IMPORTED: &str = "imported";
/// Scores computed by Chiso from other scores (e.g. a merger of units): labelled as derived.
pub const SOURCE_DERIVED: &str = "derived";

/// An index with scores, for the list of indices.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexSummary {
    /// The index code.
    pub code: String,
    /// The methodology in force in the latest year.
    pub methodology: Methodology,
    /// The years with scores and how many units each has.
    pub years: Vec<(i32, i64)>,
}

/// One unit in a ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct RankingRow {
    /// The unit's code (or the publisher's name of a unit outside the tree).
    pub unit: String,
    /// The unit's Vietnamese name.
    pub name_vi: String,
    /// The unit's English name.
    pub name_en: String,
    /// The score (`None`: not scored; listed apart).
    pub score: Option<f64>,
    /// The rank.
    pub rank: Option<usize>,
    /// The tier of the score.
    pub tier: Option<Tier>,
    /// Last year's score.
    pub previous_score: Option<f64>,
    /// Last year's rank.
    pub previous_rank: Option<usize>,
    /// The top-level components, in the methodology's order.
    pub components: Vec<Option<f64>>,
    /// The rank in each year of [`Ranking::years`].
    pub history: Vec<Option<usize>>,
}

/// An index's ranking in one year.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking {
    /// The methodology in force that year.
    pub methodology: Methodology,
    /// The year.
    pub year: i32,
    /// The year before with scores, if any.
    pub previous_year: Option<i32>,
    /// Every year with scores, oldest first.
    pub years: Vec<i32>,
    /// How many units have a rank.
    pub ranked: usize,
    /// "rank r of N": N as published for the year if the methodology records it.
    pub ranked_of: usize,
    /// Ranked units best first, then the units without a score.
    pub rows: Vec<RankingRow>,
    /// The average score of the ranked units.
    pub average: Option<f64>,
    /// Whether any score of the year is derived rather than published.
    pub derived: bool,
    /// Whether the year's inputs were computed from Chiso's indicators just now.
    pub computed: bool,
    /// How many inputs of a computed year were not reported yet and carry last year's value.
    pub carried_forward: usize,
    /// Codes of the top-level components (the columns of [`RankingRow::components`]).
    pub top: Vec<String>,
}

/// A criterion a unit lost points on, with what is known about it.
#[derive(Debug, Clone, PartialEq)]
pub struct LostCriterion {
    /// The points lost.
    pub lost: LostPoints,
    /// Owner, root cause and action, if recorded.
    pub note: Option<CriterionNote>,
}

/// One unit's profile in an index and year.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitProfile {
    /// The ranking the unit is part of.
    pub ranking: Ranking,
    /// The unit's row.
    pub row: RankingRow,
    /// What changed since the previous year (`None`: no previous year, or the methodology's
    /// components changed between the years).
    pub change: Option<ScoreChange>,
    /// Gaps of the index and every component to the average, the best and the peer.
    pub gaps: Vec<Gap>,
    /// The chosen peer.
    pub peer: Option<String>,
    /// Criteria with points lost, most first (criteria-scored indices only).
    pub lost: Vec<LostCriterion>,
}

/// A methodology error as a problem a person can act on.
fn invalid(e: CompositeError) -> AppError {
    Problem::invalid("index.invalid")
        .arg("detail", e.to_string())
        .into()
}

fn not_found(index: &str, year: i32) -> AppError {
    Problem::new(ErrorKind::NotFound, "index.no_scores")
        .arg("index", index)
        .arg("year", year)
        .into()
}

/// A unit's score and rank in one year.
type ScoreAndRank = (Option<f64>, Option<usize>);

/// Every year's leaf inputs of one index.
struct Scores {
    /// year → (leaf table, any derived score).
    years: BTreeMap<i32, (DataTable, bool)>,
    /// Years computed from Chiso's indicators (not stored scores).
    computed: Vec<i32>,
    /// Per computed year, how many inputs were not reported yet and carry last year's value.
    carried: BTreeMap<i32, usize>,
}

impl App {
    /// The methodologies an index can use: stored versions first (they may override a shipped
    /// one), then the shipped ones.
    async fn methodologies(&self) -> AppResult<Vec<Methodology>> {
        let mut out = Vec::new();
        for row in self.store.index_methodologies().await? {
            match Methodology::from_json(&row.document) {
                Ok(m) => out.push(m),
                Err(e) => tracing::warn!(
                    "stored methodology {} {} does not parse: {e}",
                    row.index_code,
                    row.version
                ),
            }
        }
        out.extend(methodology::official().map_err(invalid)?);
        Ok(out)
    }

    /// The methodology of `index` in force in `year`.
    pub async fn index_methodology(&self, index: &str, year: i32) -> AppResult<Methodology> {
        self.methodologies()
            .await?
            .into_iter()
            .find(|m| m.index == index && m.covers(year))
            .ok_or_else(|| {
                Problem::new(ErrorKind::NotFound, "index.no_methodology")
                    .arg("index", index)
                    .arg("year", year)
                    .into()
            })
    }

    /// The indices that have scores (stored, or computed from indicators the caller may
    /// read), with their years.
    pub async fn indices(&self, who: &Principal) -> AppResult<Vec<IndexSummary>> {
        let mut by_index: BTreeMap<String, Vec<(i32, i64)>> = BTreeMap::new();
        for (code, year, units) in self.store.index_years().await? {
            by_index.entry(code).or_default().push((year, units));
        }
        let all = self.methodologies().await?;
        let computed: Vec<String> = all
            .iter()
            .filter(|m| m.is_computed())
            .map(|m| m.index.clone())
            .collect();
        for code in computed {
            if by_index.contains_key(&code) {
                continue;
            }
            // Computed from data the caller may not read: not listed for them.
            let scores = match self.scores(who, &code).await {
                Ok(s) => s,
                Err(e) if e.first().kind == ErrorKind::Forbidden => continue,
                Err(e) => return Err(e),
            };
            let years: Vec<(i32, i64)> = scores
                .years
                .iter()
                .map(|(y, (t, _))| (*y, t.n_units() as i64))
                .collect();
            if !years.is_empty() {
                by_index.insert(code, years);
            }
        }
        let mut out = Vec::new();
        for (code, years) in by_index {
            let latest = years.last().map_or(0, |y| y.0);
            if let Some(m) = all.iter().find(|m| m.index == code && m.covers(latest)) {
                out.push(IndexSummary {
                    code,
                    methodology: m.clone(),
                    years,
                });
            }
        }
        Ok(out)
    }

    /// Every year's inputs of `index`: stored scores, then the years of methodologies that
    /// compute their inputs from indicators (read now, so always fresh).
    async fn scores(&self, who: &Principal, index: &str) -> AppResult<Scores> {
        let mut out = self.stored_scores(index).await?;
        let today = crate::now().date_naive().year();
        for m in self.methodologies().await? {
            if m.index != index || !m.is_computed() {
                continue;
            }
            let last = m.to_year.unwrap_or(today).min(today);
            let years: Vec<i32> = (m.from_year..=last)
                .filter(|y| !out.years.contains_key(y))
                .collect();
            let (Some(&first), Some(&end)) = (years.first(), years.last()) else {
                continue;
            };
            for (year, table, carried) in self.computed_inputs(who, &m, first..=end).await? {
                out.years.insert(year, (table, false));
                out.computed.push(year);
                out.carried.insert(year, carried);
            }
        }
        Ok(out)
    }

    /// The inputs of an index computed from indicators, for each year of `years` in which
    /// any peer has a value: for every peer unit, each leaf indicator's value for the year,
    /// rolled up as the analytics roll it up. A unit's input not reported yet for a year
    /// carries its value of the year before (COINr's "carry forward" imputation), and the
    /// year says how many did.
    async fn computed_inputs(
        &self,
        who: &Principal,
        m: &Methodology,
        years: std::ops::RangeInclusive<i32>,
    ) -> AppResult<Vec<(i32, DataTable, usize)>> {
        let tree = self.tree();
        let peers = m.peers.clone().unwrap_or_default();
        let parent = match &peers.parent {
            Some(code) => self.org_unit(code)?,
            None => self.org_unit(&self.root_code())?,
        };
        let kind = peers.kind.as_deref().and_then(OrgKind::parse);
        let units: Vec<String> = tree
            .children(parent.id)
            .into_iter()
            .filter(|u| kind.is_none_or(|k| u.kind == k))
            .map(|u| u.code.to_string())
            .collect();
        let leaves: Vec<(String, String)> = m
            .leaves()
            .iter()
            .filter_map(|c| Some((c.code.clone(), c.indicator.clone()?)))
            .collect();
        let codes: Vec<String> = leaves.iter().map(|l| l.1.clone()).collect();
        let values = self
            .yearly_values_of_children(
                who,
                &codes,
                parent.code.as_str(),
                years.clone(),
                DataScope::All,
            )
            .await?;
        let mut out: Vec<(i32, DataTable, usize)> = Vec::new();
        for year in years {
            let mut table = DataTable::new(units.clone()).map_err(invalid)?;
            let mut any = false;
            let mut carried = 0;
            for (leaf, indicator) in &leaves {
                let by_unit = values.get(&(indicator.clone(), year));
                let before = out.last().filter(|(y, _, _)| *y == year - 1);
                let column: Vec<Option<f64>> = units
                    .iter()
                    .map(|u| {
                        let now = by_unit.and_then(|m| m.get(u).copied().flatten());
                        any |= now.is_some();
                        now.or_else(|| {
                            let last = before.and_then(|(_, t, _)| t.value(u, leaf));
                            carried += usize::from(last.is_some());
                            last
                        })
                    })
                    .collect();
                table.add_column(leaf.clone(), column).map_err(invalid)?;
            }
            if any {
                out.push((year, table, carried));
            }
        }
        Ok(out)
    }

    async fn stored_scores(&self, index: &str) -> AppResult<Scores> {
        let rows = self.store.index_scores(index).await?;
        let mut by_year: BTreeMap<i32, Vec<IndexScoreRow>> = BTreeMap::new();
        for r in rows {
            by_year.entry(r.year).or_default().push(r);
        }
        let mut years = BTreeMap::new();
        for (year, rows) in by_year {
            let m = self.index_methodology(index, year).await?;
            let mut units: Vec<String> = rows.iter().map(|r| r.unit.clone()).collect();
            units.dedup();
            let leaves: Vec<String> = m.leaves().iter().map(|c| c.code.clone()).collect();
            let mut columns: BTreeMap<&str, Vec<Option<f64>>> = leaves
                .iter()
                .map(|l| (l.as_str(), vec![None; units.len()]))
                .collect();
            let position: BTreeMap<&str, usize> = units
                .iter()
                .enumerate()
                .map(|(i, u)| (u.as_str(), i))
                .collect();
            for r in &rows {
                if let (Some(col), Some(&i)) = (
                    columns.get_mut(r.component.as_str()),
                    position.get(r.unit.as_str()),
                ) {
                    col[i] = r.value;
                }
            }
            let mut table = DataTable::new(units.clone()).map_err(invalid)?;
            for leaf in &leaves {
                let values = columns.remove(leaf.as_str()).unwrap_or_default();
                table.add_column(leaf.clone(), values).map_err(invalid)?;
            }
            let derived = rows.iter().any(|r| r.source == SOURCE_DERIVED);
            years.insert(year, (table, derived));
        }
        Ok(Scores {
            years,
            computed: Vec::new(),
            carried: BTreeMap::new(),
        })
    }

    fn names(&self, unit: &str) -> (String, String) {
        match self.tree().by_code(unit) {
            Some(u) => (u.name_vi.clone(), u.name_en.clone()),
            None => (unit.to_owned(), unit.to_owned()),
        }
    }

    /// The ranking of `index` in `year`, with each unit's rank in every year.
    pub async fn index_ranking(
        &self,
        who: &Principal,
        index: &str,
        year: i32,
    ) -> AppResult<Ranking> {
        let scores = self.scores(who, index).await?;
        self.ranking_of(index, year, &scores).await
    }

    async fn ranking_of(&self, index: &str, year: i32, scores: &Scores) -> AppResult<Ranking> {
        let (table, derived) = scores
            .years
            .get(&year)
            .ok_or_else(|| not_found(index, year))?;
        let m = self.index_methodology(index, year).await?;
        let years: Vec<i32> = scores.years.keys().copied().collect();
        let previous_year = years.iter().copied().rfind(|&y| y < year);
        // Every year's scores and ranks, by unit.
        let mut per_year: BTreeMap<i32, BTreeMap<String, ScoreAndRank>> = BTreeMap::new();
        for (&y, (t, _)) in &scores.years {
            let my = self.index_methodology(index, y).await?;
            let scored = my.score(t).map_err(invalid)?;
            let s = scored.require_column(&my.index).map_err(invalid)?;
            let r = rank_descending(s);
            per_year.insert(
                y,
                t.units()
                    .iter()
                    .enumerate()
                    .map(|(i, u)| (u.clone(), (s[i], r[i])))
                    .collect(),
            );
        }
        let scored = m.score(table).map_err(invalid)?;
        let top: Vec<String> = m
            .nodes
            .iter()
            .filter(|n| n.parent.is_none())
            .map(|n| n.code.clone())
            .collect();
        let now = per_year.get(&year).cloned().unwrap_or_default();
        let before = previous_year
            .and_then(|p| per_year.get(&p).cloned())
            .unwrap_or_default();
        let mut rows: Vec<RankingRow> = table
            .units()
            .iter()
            .map(|u| {
                let (score, rank) = now.get(u).copied().unwrap_or((None, None));
                let (previous_score, previous_rank) =
                    before.get(u).copied().unwrap_or((None, None));
                let (name_vi, name_en) = self.names(u);
                RankingRow {
                    unit: u.clone(),
                    name_vi,
                    name_en,
                    score,
                    rank,
                    tier: score.and_then(|s| m.tier(s).cloned()),
                    previous_score,
                    previous_rank,
                    components: top.iter().map(|c| scored.value(u, c)).collect(),
                    history: years
                        .iter()
                        .map(|y| per_year.get(y).and_then(|m| m.get(u)).and_then(|x| x.1))
                        .collect(),
                }
            })
            .collect();
        rows.sort_by(|a, b| {
            a.rank
                .unwrap_or(usize::MAX)
                .cmp(&b.rank.unwrap_or(usize::MAX))
                .then_with(|| a.name_vi.cmp(&b.name_vi))
        });
        let ranked = rows.iter().filter(|r| r.rank.is_some()).count();
        let total: f64 = rows.iter().filter_map(|r| r.score).sum();
        Ok(Ranking {
            ranked_of: m.ranked_in(year).unwrap_or(ranked),
            methodology: m,
            year,
            previous_year,
            years,
            ranked,
            average: (ranked > 0).then(|| total / ranked as f64),
            rows,
            derived: *derived,
            computed: scores.computed.contains(&year),
            carried_forward: scores.carried.get(&year).copied().unwrap_or(0),
            top,
        })
    }

    /// One unit's profile: its row, what changed since the previous year, its gaps to the
    /// average, the best and `peer`, and the points it lost with their notes.
    pub async fn index_unit(
        &self,
        who: &Principal,
        index: &str,
        year: i32,
        unit: &str,
        peer: Option<&str>,
    ) -> AppResult<UnitProfile> {
        let scores = self.scores(who, index).await?;
        let ranking = self.ranking_of(index, year, &scores).await?;
        let row = ranking
            .rows
            .iter()
            .find(|r| r.unit == unit)
            .cloned()
            .ok_or_else(|| {
                AppError::from(
                    Problem::new(ErrorKind::NotFound, "index.no_unit")
                        .arg("unit", unit)
                        .arg("index", index)
                        .arg("year", year),
                )
            })?;
        let m = &ranking.methodology;
        let (table, _) = &scores.years[&year];
        let change = match ranking.previous_year {
            Some(p) => {
                let before = self.index_methodology(index, p).await?;
                let (prev_table, _) = &scores.years[&p];
                let same_leaves = before.leaves().iter().map(|c| &c.code).collect::<Vec<_>>()
                    == m.leaves().iter().map(|c| &c.code).collect::<Vec<_>>();
                if same_leaves && prev_table.unit_position(unit).is_some() {
                    Some(explain_change(m, prev_table, table, unit).map_err(invalid)?)
                } else {
                    None
                }
            }
            None => None,
        };
        let scored = m.score(table).map_err(invalid)?;
        let peer = peer
            .filter(|p| *p != unit && table.unit_position(p).is_some())
            .map(str::to_owned);
        let notes = self.store.criterion_notes(index, year, unit).await?;
        // Points lost only mean something where criteria carry points (sums of points).
        let criteria_scored = m.method == AggregateMethod::Sum;
        let lost = lost_points(m, table, unit)
            .into_iter()
            .filter(|_| criteria_scored)
            .map(|lost| LostCriterion {
                note: notes.iter().find(|n| n.component == lost.code).cloned(),
                lost,
            })
            .collect();
        Ok(UnitProfile {
            gaps: gaps(m, &scored, unit, peer.as_deref()),
            ranking,
            row,
            change,
            peer,
            lost,
        })
    }

    /// How much the ranks of `index` in `year` depend on its weights (±25 %), on rescaling
    /// the components (as the methodology does, or another way) and, for means, on the kind of
    /// mean: N(d + 2) index computations (N up to 2,000), seeded so the page is stable.
    pub async fn index_sensitivity(
        &self,
        who: &Principal,
        index: &str,
        year: i32,
    ) -> AppResult<SensitivityResult> {
        let scores = self.scores(who, index).await?;
        self.sensitivity_of(index, year, &scores).await
    }

    /// The ranking and the sensitivity of its ranks, from one read of the inputs.
    pub async fn index_overview(
        &self,
        who: &Principal,
        index: &str,
        year: i32,
    ) -> AppResult<(Ranking, SensitivityResult)> {
        let scores = self.scores(who, index).await?;
        let ranking = self.ranking_of(index, year, &scores).await?;
        let sens = self.sensitivity_of(index, year, &scores).await?;
        Ok((ranking, sens))
    }

    async fn sensitivity_of(
        &self,
        index: &str,
        year: i32,
        scores: &Scores,
    ) -> AppResult<SensitivityResult> {
        let (table, _) = scores
            .years
            .get(&year)
            .ok_or_else(|| not_found(index, year))?;
        let m = self.index_methodology(index, year).await?;
        let tree = m.tree().map_err(invalid)?;
        let nominal = m
            .normalise
            .clone()
            .unwrap_or_else(|| NormaliseSpec::all(NormaliseMethod::None));
        let other_scale = NormaliseSpec::all(match nominal.default {
            NormaliseMethod::MinMax { .. } => NormaliseMethod::ZScore {
                mean: 10.0,
                sd: 2.0,
            },
            _ => NormaliseMethod::MinMax {
                lower: 1.0,
                upper: 100.0,
            },
        });
        let other_mean = match m.method {
            AggregateMethod::ArithmeticMean => Some(AggregateMethod::GeometricMean),
            AggregateMethod::GeometricMean | AggregateMethod::HarmonicMean => {
                Some(AggregateMethod::ArithmeticMean)
            }
            AggregateMethod::Sum => None,
        };
        let spec = |normalisations: Vec<NormaliseSpec>, aggregations: Vec<AggregateMethod>| {
            SensitivitySpec {
                base: PipelineSpec {
                    normalise: nominal.clone(),
                    aggregate: AggregateSpec::all(m.method),
                    ..PipelineSpec::default()
                },
                treatments: Vec::new(),
                normalisations,
                aggregations,
                weight_noise: 0.25,
                noisy_levels: Vec::new(),
                weight_sets: 100,
                // Enough runs for stable Sobol' estimates; a run over a few hundred units
                // takes microseconds.
                samples: (400_000 / table.n_units().max(1)).clamp(200, 2000),
                seed: 1,
            }
        };
        // The widest analysis first; a geometric or harmonic mean cannot take zeros or
        // negative values, so narrower ones follow.
        let mut tries = vec![spec(
            vec![nominal.clone(), other_scale.clone()],
            other_mean.map_or_else(Vec::new, |o| vec![m.method, o]),
        )];
        if other_mean.is_some() {
            tries.push(spec(vec![nominal.clone(), other_scale], Vec::new()));
        }
        tries.push(spec(Vec::new(), Vec::new()));
        let table = table.clone();
        tokio::task::spawn_blocking(move || {
            let mut last = None;
            for t in &tries {
                match sensitivity(&tree, &table, t) {
                    Ok(r) => return Ok(r),
                    Err(e @ CompositeError::InvalidSensitivity(_)) => last = Some(e),
                    Err(e) => return Err(e),
                }
            }
            Err(last.unwrap_or(CompositeError::NoIndicators))
        })
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(invalid)
    }

    /// Stores a methodology document (a new version, or a change to one): administrators
    /// only; checked before it is saved; audited.
    pub async fn set_index_methodology(&self, who: &Principal, json: &str) -> AppResult<()> {
        if !who.can_somewhere(Action::Administer) {
            return Err(Problem::new(ErrorKind::Forbidden, "forbidden").into());
        }
        let m = Methodology::from_json(json).map_err(invalid)?;
        let document = serde_json::to_string(&m).map_err(|e| AppError::Internal(e.to_string()))?;
        let mut tx = self.store.begin().await?;
        tx.upsert_index_methodology(&m.index, &m.version, m.from_year, m.to_year, &document)
            .await?;
        tx.append_audit(&audit(
            Some(who.user_id),
            "index.methodology",
            "index_methodologies",
            &format!("{} {}", m.index, m.version),
            &document,
        ))
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Replaces the scores of `index` in `year` from a CSV of component values (a `unit`
    /// column, one column per component of the methodology in force): administrators only;
    /// all or nothing; audited. Returns how many units were stored.
    pub async fn import_index_scores(
        &self,
        who: &Principal,
        index: &str,
        year: i32,
        csv: &[u8],
    ) -> AppResult<usize> {
        if !who.can_somewhere(Action::Administer) {
            return Err(Problem::new(ErrorKind::Forbidden, "forbidden").into());
        }
        let m = self.index_methodology(index, year).await?;
        let table = m.read_inputs(csv).map_err(invalid)?;
        let rows = score_rows(&m, &table, SOURCE_IMPORTED);
        let mut tx = self.store.begin().await?;
        let before = tx.replace_index_scores(index, year, &rows).await?;
        tx.append_audit(&audit(
            Some(who.user_id),
            "index.scores_import",
            "index_scores",
            &format!("{index} {year}"),
            &serde_json::json!({"units": table.n_units(), "replaced": before}).to_string(),
        ))
        .await?;
        tx.commit().await?;
        Ok(table.n_units())
    }

    /// Records who owns a criterion a unit lost points on, why, and the corrective action:
    /// administrators only; audited.
    pub async fn set_criterion_note(
        &self,
        who: &Principal,
        index: &str,
        year: i32,
        note: &CriterionNote,
    ) -> AppResult<()> {
        if !who.can_somewhere(Action::Administer) {
            return Err(Problem::new(ErrorKind::Forbidden, "forbidden").into());
        }
        let m = self.index_methodology(index, year).await?;
        if !m.leaves().iter().any(|c| c.code == note.component) {
            return Err(Problem::invalid("index.unknown_component")
                .field("component")
                .arg("component", &note.component)
                .into());
        }
        let mut tx = self.store.begin().await?;
        tx.upsert_criterion_note(index, year, note).await?;
        tx.append_audit(&audit(
            Some(who.user_id),
            "index.criterion_note",
            "index_criterion_notes",
            &format!("{index} {year} {} {}", note.unit, note.component),
            &serde_json::json!({
                "owner_unit": note.owner_unit, "owner_person": note.owner_person,
                "root_cause": note.root_cause, "action": note.action,
            })
            .to_string(),
        ))
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// The stored rows of a table of leaf inputs.
pub(crate) fn score_rows(m: &Methodology, table: &DataTable, source: &str) -> Vec<IndexScoreRow> {
    let leaves = m.leaves();
    let mut rows = Vec::with_capacity(table.n_units() * leaves.len());
    for unit in table.units() {
        for leaf in &leaves {
            rows.push(IndexScoreRow {
                year: 0,
                unit: unit.clone(),
                component: leaf.code.clone(),
                value: table.value(unit, &leaf.code),
                source: source.to_owned(),
            });
        }
    }
    rows
}
