//! Analytics of one indicator for one org unit and period, from the values held in memory
//! and brought up to date with every logged change before each answer (`crate::live`; no
//! export step, so an approved value shows at once): the roll-up with the units that
//! reported and those missing, the status against target with its figures, the previous
//! period, the same period last year, the average of and rank among peer units, and a
//! trend series. Computed indicators evaluate their formula on the rolled-up references.

use crate::auth::require;
use crate::{App, AppResult, Problem};
use chiso_core::access::{Action, Principal};
use chiso_core::code::Code;
use chiso_core::formula::{self, Lookup, Window};
use chiso_core::indicator::{Indicator, IndicatorId, Polarity};
use chiso_core::org::{OrgId, OrgTree, OrgUnit};
use chiso_core::period::{Period, PeriodType};
use chiso_core::rollup::{Method, Observation, Query, roll_up_within, weights_at};
use chiso_core::status::{Assessment, TargetSpec, assess};
use chiso_core::value::Target;
use chrono::Datelike;
use std::collections::HashMap;
use std::sync::Arc;

/// How deep computed indicators may refer to other computed indicators.
const MAX_NESTING: u32 = 16;

/// Periods shown in a trend.
const TREND_LENGTH: i32 = 12;

/// How far before a span's end the weights of weighted averages are read (three years), so
/// that a unit whose weight was last reported earlier still has one.
const WEIGHT_LOOKBACK_DAYS: u64 = 3 * 366;

/// Periods in a dashboard sparkline.
const SPARK_LENGTH: i32 = 8;

/// A peer unit's value, for comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct PeerValue {
    /// The peer.
    pub unit: OrgUnit,
    /// Its value for the period.
    pub value: Option<f64>,
}

/// Everything known about one indicator for one unit and period.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The indicator.
    pub indicator: Indicator,
    /// The unit.
    pub unit: OrgUnit,
    /// The period.
    pub period: Period,
    /// The rolled-up (or computed) value.
    pub value: Option<f64>,
    /// Units whose values went in.
    pub reporting: usize,
    /// Expected units that did not report (codes).
    pub missing: Vec<OrgUnit>,
    /// The previous period's value.
    pub previous: Option<f64>,
    /// The same period last year.
    pub last_year: Option<f64>,
    /// Status against target.
    pub assessment: Assessment,
    /// Sibling units of the same kind, with their values (the unit included).
    pub peers: Vec<PeerValue>,
    /// Average of the peers that have a value.
    pub peer_average: Option<f64>,
    /// Rank among peers (1 = best by the indicator's polarity) and how many were ranked.
    pub rank: Option<(usize, usize)>,
    /// The unit's children with their values (for a bar chart of the communes).
    pub children: Vec<PeerValue>,
    /// The value of each of the last periods of the same type, oldest first.
    pub trend: Vec<(Period, Option<f64>)>,
    /// Targets of the unit for the years of the trend.
    pub targets: Vec<(Period, f64)>,
}

/// Whether only approved (and locked) values count, or every value entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DataScope {
    /// Every value, drafts included.
    #[default]
    All,
    /// Approved and locked values only.
    Approved,
}

/// The catalogue by code, borrowed from a snapshot ([`App::indicators_snapshot`]).
type ByCode<'a> = HashMap<&'a str, &'a Indicator>;

/// The catalogue by code.
fn by_code(rows: &[chiso_store::IndicatorRow]) -> ByCode<'_> {
    rows.iter()
        .map(|r| (r.indicator.code.as_str(), &r.indicator))
        .collect()
}

/// Rolls indicators up from the live values: each roll-up reads only the values of its
/// unit's subtree and span (two binary searches per period in the cube), so its cost
/// follows the size of the answer, not of the country.
struct Engine<'a> {
    app: &'a App,
    tree: Arc<OrgTree>,
    by_code: &'a ByCode<'a>,
    scope: DataScope,
    unit: OrgId,
    depth: u32,
    /// The units expected to report, by indicator and unit (asked for again and again).
    expected: HashMap<(IndicatorId, OrgId), Vec<OrgId>>,
}

impl<'a> Engine<'a> {
    /// An engine for `unit`, with the live values brought up to date.
    async fn new(
        app: &'a App,
        by_code: &'a ByCode<'a>,
        scope: DataScope,
        unit: OrgId,
    ) -> AppResult<Engine<'a>> {
        app.refresh_live().await?;
        Ok(Engine {
            app,
            tree: app.tree(),
            by_code,
            scope,
            unit,
            depth: 0,
            expected: HashMap::new(),
        })
    }

    /// The live values the engine's scope counts.
    fn which(&self) -> crate::live::Which {
        match self.scope {
            DataScope::All => crate::live::Which::All,
            DataScope::Approved => crate::live::Which::Settled,
        }
    }

    /// The units expected to report an indicator within `unit`'s subtree.
    fn expected(&mut self, i: &Indicator, unit: OrgId) -> &[OrgId] {
        let tree = &self.tree;
        self.expected
            .entry((i.id, unit))
            .or_insert_with(|| chiso_core::calendar::providers(tree, &i.sheet, unit))
    }

    /// The values of `indicator` in the current unit's subtree for the periods within
    /// `from`–`to`.
    fn observations(
        &self,
        indicator: IndicatorId,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> Vec<Observation> {
        self.app
            .live_observations(self.which(), indicator, self.unit, (from, to))
    }

    /// The latest period within `span` with a value of `i` in `unit`'s subtree.
    fn latest_within(&self, i: &Indicator, unit: OrgId, span: Period) -> Option<Period> {
        self.app.live_latest_within(self.which(), i.id, unit, span)
    }

    /// The value of `i` for the current unit over `span`, with reporting counts.
    fn value(&mut self, i: &Indicator, window: Window) -> (Option<f64>, usize, Vec<OrgId>) {
        if let Some(e) = i
            .sheet
            .formula
            .as_deref()
            .and_then(|f| formula::parse(f).ok())
        {
            if self.depth >= MAX_NESTING {
                return (None, 0, Vec::new());
            }
            self.depth += 1;
            let v = formula::eval::evaluate_window(&e, window, self);
            self.depth -= 1;
            return (v, 0, Vec::new());
        }
        // A request for a longer period than the indicator's covers the periods inside it.
        let span = window.periods();
        let (Some(from), Some(to)) = (
            span.iter().map(Period::start).min(),
            span.iter().map(Period::end).max(),
        ) else {
            return (None, 0, Vec::new());
        };
        let obs = self.observations(i.id, from, to);
        let weights = self.weights(i, to, &span);
        let unit = self.unit;
        let expected = self.expected(i, unit);
        let r = roll_up_within(
            &obs,
            Method {
                tree: i.sheet.aggregation_tree,
                time: i.sheet.aggregation_time,
            },
            Query {
                unit,
                span: &span,
                expected,
                weights: weights.as_ref(),
            },
        );
        (r.value, r.reporting.len(), r.missing)
    }

    /// The weight of each unit over `span` (which ends on `end`) for an indicator averaged
    /// with weights (see [`weights_at`]); `None` for other indicators.
    fn weights(
        &self,
        i: &Indicator,
        end: chrono::NaiveDate,
        span: &[Period],
    ) -> Option<HashMap<OrgId, f64>> {
        if i.sheet.aggregation_tree != chiso_core::indicator::TreeAggregation::WeightedAverage {
            return None;
        }
        let w = self
            .by_code
            .get(i.sheet.weight_indicator.as_ref()?.as_str())?;
        let obs = self.observations(w.id, end - chrono::Days::new(WEIGHT_LOOKBACK_DAYS), end);
        Some(weights_at(&obs, span))
    }

    /// The status of `i` for the current unit and `period`, whose value is `value`, against
    /// the target among `targets` (the unit's) for the period itself, else for the year
    /// containing it; an annual target is met by the total so far this year, from last
    /// year's value.
    fn assess_at(
        &mut self,
        i: &Indicator,
        period: Period,
        value: Option<f64>,
        targets: &[Target],
    ) -> Assessment {
        let mine = || targets.iter().filter(|t| t.indicator_id == i.id);
        let target = mine()
            .find(|t| t.period == period)
            .or_else(|| {
                mine().find(|t| {
                    t.period.contains(&period) && t.period.period_type() == PeriodType::Year
                })
            })
            .map(|t| TargetSpec {
                period: t.period,
                value: t.value,
                tolerance: t.tolerance,
            });
        let (ytd, baseline) = match target {
            Some(t) if t.period != period => {
                let w = Window {
                    end: period,
                    year_to_date: true,
                };
                let unit = self.unit;
                (self.value_only(i, w), self.at(i, unit, t.period.previous()))
            }
            _ => (value, None),
        };
        assess(
            &period,
            value,
            ytd,
            baseline,
            target,
            i.sheet.aggregation_time,
            i.sheet.polarity,
        )
    }

    /// Whether `unit` is expected to report `i`, or, for a computed indicator, any indicator
    /// its formula refers to (to a bounded depth).
    fn concerns(&mut self, i: &Indicator, unit: OrgId, depth: u32) -> bool {
        let Some(e) = i
            .sheet
            .formula
            .as_deref()
            .and_then(|f| formula::parse(f).ok())
        else {
            return !self.expected(i, unit).is_empty();
        };
        if depth >= MAX_NESTING {
            return false;
        }
        let by_code = self.by_code;
        formula::deps::indicators(&e)
            .iter()
            .filter_map(|c| by_code.get(c.as_str()))
            .any(|dep| self.concerns(dep, unit, depth + 1))
    }

    /// The value of `i` for `unit` and `period` alone (see [`Engine::value_only`]).
    fn at(&mut self, i: &Indicator, unit: OrgId, period: Period) -> Option<f64> {
        let keep = self.unit;
        self.unit = unit;
        let v = self.value_only(i, Window::of(period));
        self.unit = keep;
        v
    }

    /// The value of `i` for the current unit over `window`, without the reporting counts:
    /// read straight from the cube's totals where the aggregation allows it (see
    /// [`Engine::by_totals`]), else by a full roll-up.
    fn value_only(&mut self, i: &Indicator, window: Window) -> Option<f64> {
        if i.sheet.formula.is_none()
            && let Some(v) = self.by_totals(i, &window.periods())
        {
            return v;
        }
        self.value(i, window).0
    }

    /// The roll-up of `i` over `span` from the sums, counts, minima and maxima of the values
    /// in the unit's subtree, without copying them, when that is the same thing: sums over
    /// the tree and over time, minima of minima, maxima of maxima, and for one period of the
    /// indicator's own frequency (one value per unit) any sum, mean, minimum or maximum over
    /// the tree. `None` when a full roll-up is needed (weights, own values only, means over
    /// time, overlapping spans, a value that is not a finite number).
    fn by_totals(&self, i: &Indicator, span: &[Period]) -> Option<Option<f64>> {
        use chiso_core::indicator::{TimeAggregation as Time, TreeAggregation as Tree};
        #[derive(Clone, Copy)]
        enum Take {
            Sum,
            Mean,
            Min,
            Max,
        }
        let single = span.len() == 1 && span[0].period_type() == i.sheet.frequency;
        if !span.windows(2).all(|w| w[0].end() < w[1].start()) {
            return None;
        }
        let take = match (i.sheet.aggregation_tree, i.sheet.aggregation_time) {
            (Tree::Sum, Time::Sum) => Take::Sum,
            (Tree::Min, Time::Min) => Take::Min,
            (Tree::Max, Time::Max) => Take::Max,
            (Tree::Sum, _) if single => Take::Sum,
            (Tree::Average, _) if single => Take::Mean,
            (Tree::Min, _) if single => Take::Min,
            (Tree::Max, _) if single => Take::Max,
            _ => return None,
        };
        let t = self.app.live_totals(self.which(), i.id, self.unit, span)?;
        if !(t.sum.is_finite() && t.min.is_finite() && t.max.is_finite()) && t.count > 0 {
            return None;
        }
        let any = t.count > 0;
        Some(match take {
            Take::Sum => any.then_some(t.sum),
            Take::Mean => t.mean(),
            Take::Min => any.then_some(t.min),
            Take::Max => any.then_some(t.max),
        })
    }
}

impl Lookup for Engine<'_> {
    fn indicator(&mut self, code: &Code, window: &Window) -> Option<f64> {
        let by_code = self.by_code;
        let i: &Indicator = by_code.get(code.as_str())?;
        self.value_only(i, *window)
    }

    fn constant(&mut self, _: &Code) -> Option<f64> {
        None
    }
}

/// One indicator on the leader's dashboard.
#[derive(Debug, Clone)]
pub struct DashItem {
    /// The indicator.
    pub indicator: Indicator,
    /// Its owner agency.
    pub owner: Option<OrgUnit>,
    /// The latest period of the year with a value, or of the year before when the year
    /// has none yet (none if neither has).
    pub period: Option<Period>,
    /// The value of that period.
    pub value: Option<f64>,
    /// The same period last year.
    pub last_year: Option<f64>,
    /// Status against the year's target.
    pub assessment: Assessment,
    /// Change against the same period last year, relative, signed so that positive is
    /// better (by polarity).
    pub improvement: Option<f64>,
    /// The values of the last periods up to `period`, oldest first (for a sparkline).
    pub trend: Vec<Option<f64>>,
}

/// The leader's dashboard: every indicator in operation for one unit and year.
#[derive(Debug, Clone)]
pub struct Dashboard {
    /// The unit.
    pub unit: OrgUnit,
    /// The year.
    pub year: i32,
    /// One item per indicator, in code order.
    pub items: Vec<DashItem>,
}

impl Dashboard {
    /// Bright spots: on track, best achievement against the trajectory first, then best
    /// improvement on last year.
    pub fn bright_spots(&self, n: usize) -> Vec<&DashItem> {
        let mut v: Vec<&DashItem> = self
            .items
            .iter()
            .filter(|i| i.assessment.status == chiso_core::status::Status::OnTrack)
            .collect();
        v.sort_by(|a, b| {
            let key = |x: &DashItem| {
                (
                    x.assessment.achievement.unwrap_or(1.0),
                    x.improvement.unwrap_or(0.0),
                )
            };
            key(b)
                .partial_cmp(&key(a))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        v.truncate(n);
        v
    }

    /// Bottlenecks: off track, worst achievement first; then at risk with an adverse trend.
    pub fn bottlenecks(&self, n: usize) -> Vec<&DashItem> {
        use chiso_core::status::Status;
        let mut v: Vec<&DashItem> = self
            .items
            .iter()
            .filter(|i| {
                i.assessment.status == Status::OffTrack
                    || (i.assessment.status == Status::AtRisk
                        && i.improvement.is_some_and(|x| x < 0.0))
            })
            .collect();
        v.sort_by(|a, b| {
            let key = |x: &DashItem| {
                (
                    u8::from(x.assessment.status != Status::OffTrack),
                    x.assessment.achievement.unwrap_or(0.0),
                )
            };
            key(a)
                .partial_cmp(&key(b))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        v.truncate(n);
        v
    }
}

/// Ranks `values` (best first by `polarity`); ties share the lowest rank. Returns the rank
/// of `me` and how many were ranked.
fn rank_of(values: &[(OrgId, f64)], me: OrgId, polarity: Polarity) -> Option<(usize, usize)> {
    let mine = values.iter().find(|v| v.0 == me)?.1;
    let better = values
        .iter()
        .filter(|v| match polarity {
            Polarity::LowerIsBetter => v.1 < mine,
            _ => v.1 > mine,
        })
        .count();
    Some((better + 1, values.len()))
}

/// Refuses a period shorter than the indicator's frequency.
fn check_period(i: &Indicator, period: Period) -> AppResult<()> {
    if i.sheet.frequency > period.period_type() {
        return Err(Problem::invalid("analytics.period_too_short")
            .field("period")
            .arg("period", period)
            .arg(
                "frequency",
                format!("@frequency.{}", i.sheet.frequency.as_str()),
            )
            .into());
    }
    Ok(())
}

/// The most rows one analytics table may hold.
pub const MAX_TABLE_ROWS: usize = 100_000;

/// One row of an analytics table: an indicator for one unit and period.
#[derive(Debug, Clone)]
pub struct TableRow {
    /// The indicator.
    pub indicator: Arc<Indicator>,
    /// The unit.
    pub unit: OrgUnit,
    /// The period.
    pub period: Period,
    /// The rolled-up (or computed) value.
    pub value: Option<f64>,
    /// Units whose values went in.
    pub reporting: usize,
    /// Units expected to report (those that did and those missing).
    pub expected: usize,
    /// Status against target, with the target.
    pub assessment: Assessment,
}

/// What an analytics table holds: each indicator × each unit × each period.
#[derive(Debug, Clone)]
pub struct TableRequest {
    /// Indicator codes.
    pub indicators: Vec<String>,
    /// The unit (code) the table is about.
    pub unit: String,
    /// Periods, each of every indicator's frequency or longer.
    pub periods: Vec<Period>,
    /// With a level, the units of that level within the unit's subtree instead of the unit
    /// itself (level 1 is the top of the tree); a unit that neither reports a stored
    /// indicator nor has a value of it gets no row for it.
    pub level: Option<i32>,
    /// Which values count.
    pub scope: DataScope,
}

impl App {
    /// An analytics table: for each indicator, unit and period of `req`, the roll-up with
    /// its reporting units, the target and the status — the rows of `GET /api/v1/analytics`.
    ///
    /// # Errors
    /// An unknown indicator or unit, a unit outside the caller's reach, a period shorter than
    /// an indicator's frequency, a level above the unit's, or more than [`MAX_TABLE_ROWS`]
    /// rows.
    pub async fn analytics_table(
        &self,
        who: &Principal,
        req: &TableRequest,
    ) -> AppResult<Vec<TableRow>> {
        let tree = self.tree();
        let u = self.org_unit(&req.unit)?;
        require(who, Action::ReadData, u.id, &tree)?;
        let rows = self.indicators_snapshot().await?;
        let by_code = by_code(&rows);
        let mut indicators = Vec::new();
        for code in &req.indicators {
            let i = by_code
                .get(code.as_str())
                .map(|i| (*i).clone())
                .ok_or_else(|| {
                    Problem::new(crate::ErrorKind::NotFound, "indicator.unknown")
                        .field("indicator")
                        .arg("code", code)
                })?;
            for p in &req.periods {
                check_period(&i, *p)?;
            }
            indicators.push(Arc::new(i));
        }
        let units: Vec<OrgUnit> = match req.level {
            None => vec![u.clone()],
            Some(level) if level < u.level => {
                return Err(Problem::invalid("analytics.level_above_unit")
                    .field("level")
                    .arg("level", level)
                    .arg("unit", u.code.as_str())
                    .arg("unit_level", u.level)
                    .into());
            }
            Some(level) => tree
                .subtree(u.id)
                .into_iter()
                .filter(|x| x.level == level)
                .cloned()
                .collect(),
        };
        let rows = indicators.len() * units.len() * req.periods.len();
        if rows > MAX_TABLE_ROWS {
            return Err(Problem::invalid("analytics.too_many_rows")
                .arg("rows", rows)
                .arg("max", MAX_TABLE_ROWS)
                .into());
        }
        let mut e = Engine::new(self, &by_code, req.scope, u.id).await?;
        let mut targets: HashMap<OrgId, Vec<Target>> = HashMap::new();
        let ids: Vec<IndicatorId> = indicators.iter().map(|i| i.id).collect();
        let unit_ids: Vec<OrgId> = units.iter().map(|x| x.id).collect();
        for t in self.store.targets_among(&ids, &unit_ids).await? {
            targets.entry(t.org_unit_id).or_default().push(t);
        }
        let mut out = Vec::with_capacity(rows);
        for unit in units {
            let targets = targets.remove(&unit.id).unwrap_or_default();
            e.unit = unit.id;
            for i in &indicators {
                for period in &req.periods {
                    let (value, reporting, missing) = e.value(i, Window::of(*period));
                    // Across a level, a unit without a value that is expected to report
                    // none of what the indicator is made of is not part of it (the
                    // agencies, for a commune indicator).
                    if req.level.is_some()
                        && value.is_none()
                        && reporting == 0
                        && !e.concerns(i, unit.id, 0)
                    {
                        continue;
                    }
                    let assessment = e.assess_at(i, *period, value, &targets);
                    out.push(TableRow {
                        indicator: i.clone(),
                        unit: unit.clone(),
                        period: *period,
                        value,
                        reporting,
                        expected: reporting + missing.len(),
                        assessment,
                    });
                }
            }
        }
        Ok(out)
    }

    /// The period to show an indicator for at a unit: the latest with a value there (for a
    /// computed indicator, the latest of the indicators it refers to), else the last closed
    /// period of its frequency.
    pub async fn default_period(&self, code: &str, unit: &str) -> AppResult<Period> {
        let i = self.indicator(code).await?.indicator;
        let u = self.org_unit(unit)?;
        let mut ids = vec![i.id];
        if let Some(e) = i
            .sheet
            .formula
            .as_deref()
            .and_then(|f| formula::parse(f).ok())
        {
            for c in formula::deps::indicators(&e) {
                if let Ok(r) = self.indicator(c.as_str()).await {
                    ids.push(r.indicator.id);
                }
            }
        }
        let mut latest: Option<Period> = None;
        for id in ids {
            if let Some(p) = self.store.latest_period(id, u.id).await? {
                let p = p.parent(i.sheet.frequency).unwrap_or(p);
                latest = Some(latest.map_or(p, |l| l.max(p)));
            }
        }
        Ok(latest.unwrap_or_else(|| {
            crate::entry::period_to_report(i.sheet.frequency, chrono::Utc::now().date_naive())
        }))
    }

    /// Analyses indicator `code` for `unit` and `period` (a period of the indicator's
    /// frequency or a longer one).
    pub async fn analyse(
        &self,
        who: &Principal,
        code: &str,
        unit: &str,
        period: Period,
        scope: DataScope,
    ) -> AppResult<Analysis> {
        let tree = self.tree();
        let u = self.org_unit(unit)?;
        require(who, Action::ReadData, u.id, &tree)?;
        let rows = self.indicators_snapshot().await?;
        let by_code = by_code(&rows);
        let i = by_code.get(code).map(|i| (*i).clone()).ok_or_else(|| {
            Problem::new(crate::ErrorKind::NotFound, "indicator.unknown").arg("code", code)
        })?;
        check_period(&i, period)?;
        let year = period.start().year();
        let mut e = Engine::new(self, &by_code, scope, u.id).await?;
        let (value, reporting, missing) = e.value(&i, Window::of(period));
        let previous = e.at(&i, u.id, period.previous());
        let last_year_period = period.same_period_last_year();
        let last_year = (last_year_period != period)
            .then(|| e.at(&i, u.id, last_year_period))
            .flatten();
        let targets = self.store.targets(i.id, u.id).await?;
        let assessment = e.assess_at(&i, period, value, &targets);
        // Peers: the unit's siblings of the same kind.
        let peers: Vec<OrgUnit> = match u.parent_id {
            Some(p) => tree
                .children(p)
                .into_iter()
                .filter(|s| s.kind == u.kind)
                .cloned()
                .collect(),
            None => vec![u.clone()],
        };
        let peer_values: Vec<PeerValue> = peers
            .into_iter()
            .map(|p| PeerValue {
                value: e.at(&i, p.id, period),
                unit: p,
            })
            .collect();
        let present: Vec<(OrgId, f64)> = peer_values
            .iter()
            .filter_map(|p| p.value.map(|v| (p.unit.id, v)))
            .collect();
        let peer_average = (!present.is_empty())
            .then(|| present.iter().map(|x| x.1).sum::<f64>() / present.len() as f64);
        let rank = rank_of(&present, u.id, i.sheet.polarity);
        // The children that have a value or are expected to report one (not the agencies
        // under the province for a commune indicator).
        let mut children: Vec<PeerValue> = Vec::new();
        for c in tree.children(u.id).into_iter().cloned() {
            let value = e.at(&i, c.id, period);
            if value.is_some() || !e.expected(&i, c.id).is_empty() {
                children.push(PeerValue { value, unit: c });
            }
        }
        let trend: Vec<(Period, Option<f64>)> = (0..TREND_LENGTH)
            .rev()
            .filter_map(|k| period.checked_offset(-k))
            .map(|p| (p, e.at(&i, u.id, p)))
            .collect();
        let first_year = trend.first().map(|t| t.0.start().year()).unwrap_or(year);
        let target_series = targets
            .iter()
            .filter(|t| t.period.period_type() == PeriodType::Year)
            .filter(|t| (first_year..=year).contains(&t.period.start().year()))
            .map(|t| (t.period, t.value))
            .collect();
        let missing = missing
            .into_iter()
            .filter_map(|id| tree.get(id).cloned())
            .collect();
        Ok(Analysis {
            indicator: i,
            unit: u,
            period,
            value,
            reporting,
            missing,
            previous,
            last_year,
            assessment,
            peers: peer_values,
            peer_average,
            rank,
            children,
            trend,
            targets: target_series,
        })
    }
}

/// Each child unit's yearly value of one indicator: `(indicator code, year) → (child code →
/// value)`.
pub type YearlyValues = HashMap<(String, i32), HashMap<String, Option<f64>>>;

impl App {
    /// The value of each indicator in `codes`, for each year of `years`, for every child of
    /// `parent`, rolled up as the analytics roll it up — one read per indicator, for the
    /// inputs of composite indices computed from indicators.
    pub async fn yearly_values_of_children(
        &self,
        who: &Principal,
        codes: &[String],
        parent: &str,
        years: std::ops::RangeInclusive<i32>,
        scope: DataScope,
    ) -> AppResult<YearlyValues> {
        let tree = self.tree();
        let u = self.org_unit(parent)?;
        require(who, Action::ReadData, u.id, &tree)?;
        let rows = self.indicators_snapshot().await?;
        let by_code = by_code(&rows);
        let (first, last) = (*years.start(), *years.end());
        let period = |y: i32| {
            Period::year(y).map_err(|_| {
                crate::AppError::from(
                    Problem::invalid("index.bad_year")
                        .field("year")
                        .arg("year", y),
                )
            })
        };
        period(first)?;
        period(last)?;
        let mut e = Engine::new(self, &by_code, scope, u.id).await?;
        let children: Vec<OrgUnit> = tree.children(u.id).into_iter().cloned().collect();
        let mut out = HashMap::new();
        for code in codes {
            let i: &Indicator = by_code.get(code.as_str()).ok_or_else(|| {
                Problem::new(crate::ErrorKind::NotFound, "indicator.unknown").arg("code", code)
            })?;
            for y in years.clone() {
                let p = period(y)?;
                let values = children
                    .iter()
                    .map(|c| (c.code.to_string(), e.at(i, c.id, p)))
                    .collect();
                out.insert((code.clone(), y), values);
            }
        }
        Ok(out)
    }

    /// The leader's dashboard for `unit` and `year`: each indicator in operation at its
    /// latest period with a value in the year, assessed against the year's target.
    pub async fn dashboard(
        &self,
        who: &Principal,
        unit: &str,
        year: i32,
        scope: DataScope,
    ) -> AppResult<Dashboard> {
        let tree = self.tree();
        let u = self.org_unit(unit)?;
        require(who, Action::ReadData, u.id, &tree)?;
        let year_period = Period::year(year).map_err(|_| {
            Problem::invalid("period.invalid")
                .field("year")
                .arg("input", year)
        })?;
        let all = self.indicators_snapshot().await?;
        let by_code = by_code(&all);
        let mut e = Engine::new(self, &by_code, scope, u.id).await?;
        let targets = self.store.unit_targets(u.id).await?;
        let mut items = Vec::new();
        let mut indicators: Vec<Indicator> = all
            .iter()
            .filter(|r| {
                matches!(
                    r.indicator.sheet.status,
                    chiso_core::indicator::LifecycleStatus::Operating
                )
            })
            .map(|r| r.indicator.clone())
            .collect();
        indicators.sort_by(|a, b| a.code.cmp(&b.code));
        let previous_year = year_period.previous();
        for i in indicators {
            // The latest period with a value here in the year; if the year has none yet
            // (an annual indicator before year end), the latest of the year before.
            let mut period = None;
            for y in [year_period, previous_year] {
                period = match &i.sheet.formula {
                    None => e.latest_within(&i, u.id, y),
                    Some(_) => y
                        .periods_within(i.sheet.frequency)
                        .iter()
                        .rev()
                        .copied()
                        .find(|p| e.at(&i, u.id, *p).is_some()),
                };
                if period.is_some() {
                    break;
                }
            }
            let target_year = period
                .and_then(|p| p.parent(PeriodType::Year))
                .unwrap_or(year_period);
            let target = targets
                .iter()
                .find(|t| t.indicator_id == i.id && t.period == target_year)
                .map(|t| TargetSpec {
                    period: t.period,
                    value: t.value,
                    tolerance: t.tolerance,
                });
            let (value, last_year, assessment) = match period {
                Some(p) => {
                    let value = e.at(&i, u.id, p);
                    let ytd = e.value_only(
                        &i,
                        Window {
                            end: p,
                            year_to_date: true,
                        },
                    );
                    let baseline = e.at(&i, u.id, target_year.previous());
                    let ly = e.at(&i, u.id, p.same_period_last_year());
                    let a = assess(
                        &p,
                        value,
                        ytd,
                        baseline,
                        target,
                        i.sheet.aggregation_time,
                        i.sheet.polarity,
                    );
                    (value, ly, a)
                }
                None => (
                    None,
                    None,
                    assess(
                        &year_period,
                        None,
                        None,
                        None,
                        target,
                        i.sheet.aggregation_time,
                        i.sheet.polarity,
                    ),
                ),
            };
            let improvement = match (value, last_year) {
                (Some(v), Some(l)) if l != 0.0 => {
                    let change = (v - l) / l.abs();
                    Some(match i.sheet.polarity {
                        Polarity::LowerIsBetter => -change,
                        _ => change,
                    })
                }
                _ => None,
            };
            let trend = match period {
                Some(p) => (0..SPARK_LENGTH)
                    .rev()
                    .filter_map(|k| p.checked_offset(-k))
                    .map(|q| e.at(&i, u.id, q))
                    .collect(),
                None => Vec::new(),
            };
            items.push(DashItem {
                trend,
                owner: tree.get(i.sheet.owner_id).cloned(),
                indicator: i,
                period,
                value,
                last_year,
                assessment,
                improvement,
            });
        }
        Ok(Dashboard {
            unit: u,
            year,
            items,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chiso_core::indicator::Polarity;

    /// The shortcut through the cube's totals gives what the full roll-up gives, for every
    /// indicator of the demo it applies to, at the province and at communes, for months,
    /// quarters, years and years to date, with all data and approved data.
    #[tokio::test]
    async fn totals_answer_as_the_full_roll_up_does() {
        let db = chiso_store::testing::sqlite().await;
        let app = App::new(db.store.clone()).await.unwrap();
        app.load_demo().await.unwrap();
        let rows = app.indicators_snapshot().await.unwrap();
        let by_code = by_code(&rows);
        let tree = app.tree();
        let root = tree.roots().next().unwrap().id;
        let mut units = vec![root];
        units.extend(
            tree.children(root)
                .iter()
                .filter(|c| c.kind == chiso_core::org::OrgKind::Locality)
                .take(3)
                .map(|c| c.id),
        );
        let mut checked = 0;
        for scope in [DataScope::All, DataScope::Approved] {
            let mut e = Engine::new(&app, &by_code, scope, root).await.unwrap();
            for r in rows.iter().filter(|r| r.indicator.sheet.formula.is_none()) {
                let i = &r.indicator;
                for year in [2025, 2026] {
                    let y = Period::year(year).unwrap();
                    let mut windows = vec![Window::of(y)];
                    for p in y.periods_within(i.sheet.frequency) {
                        windows.push(Window::of(p));
                        windows.push(Window {
                            end: p,
                            year_to_date: true,
                        });
                    }
                    for w in windows {
                        for u in &units {
                            e.unit = *u;
                            let Some(fast) = e.by_totals(i, &w.periods()) else {
                                continue;
                            };
                            let full = e.value(i, w).0;
                            let same = match (fast, full) {
                                (Some(a), Some(b)) => (a - b).abs() <= 1e-9 * b.abs().max(1.0),
                                (a, b) => a == b,
                            };
                            assert!(same, "{} {w:?} at {u}: {fast:?} ≠ {full:?}", i.code);
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 5_000, "only {checked} compared");
    }

    #[test]
    fn ties_share_the_best_rank() {
        let v = [(1, 5.0), (2, 7.0), (3, 7.0), (4, 1.0)];
        assert_eq!(rank_of(&v, 2, Polarity::HigherIsBetter), Some((1, 4)));
        assert_eq!(rank_of(&v, 3, Polarity::HigherIsBetter), Some((1, 4)));
        assert_eq!(rank_of(&v, 1, Polarity::HigherIsBetter), Some((3, 4)));
        assert_eq!(rank_of(&v, 4, Polarity::LowerIsBetter), Some((1, 4)));
        assert_eq!(rank_of(&v, 9, Polarity::LowerIsBetter), None);
    }
}
