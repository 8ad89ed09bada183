//! The analytics values held in memory: every stored value in one [`Cube`], and the settled
//! ones (approved, locked, accepted) in another, so that analytics never read the values
//! table on a request. Before analytics answer, [`App::refresh_live`] applies the changes
//! logged since the last refresh (`value_changes`, written by every write in its own
//! transaction, by this process or any other on the same database): one indexed query when
//! nothing changed, the touched keys read again otherwise, everything read again when a
//! write logged too many keys or the organisation tree changed.

use crate::{App, AppResult};
use chiso_core::cube::Cube;
use chiso_core::indicator::IndicatorId;
use chiso_core::org::{OrgId, OrgTree};
use chiso_core::period::Period;
use chiso_core::rollup::Observation;
use chiso_store::ValueChange;
use std::collections::BTreeSet;
use std::sync::{Arc, RwLock};

/// How many change numbers below the newest applied one are looked at again. On PostgreSQL
/// a transaction takes its number before it commits, so a change can appear after one with
/// a higher number; any that commits within this many numbers is still applied.
const WINDOW: i64 = 500;

/// Which values analytics count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Which {
    /// Every value, drafts included.
    All,
    /// Approved, locked and accepted values.
    Settled,
}

struct State {
    /// The tree the cubes number units by.
    tree: Arc<OrgTree>,
    /// Every change numbered up to here is applied.
    horizon: i64,
    /// The changes above the horizon that are applied.
    applied: BTreeSet<i64>,
    all: Cube,
    settled: Cube,
}

/// The live values of a process.
#[derive(Default)]
pub(crate) struct Live {
    state: RwLock<Option<State>>,
    /// One refresh at a time.
    refreshing: tokio::sync::Mutex<()>,
}

impl std::fmt::Debug for Live {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Live").finish_non_exhaustive()
    }
}

impl Live {
    fn read(&self) -> std::sync::RwLockReadGuard<'_, Option<State>> {
        // A poisoned lock only means a panic elsewhere; the next refresh rebuilds anyway.
        self.state
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Option<State>> {
        self.state
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl App {
    /// Reads the values into memory ahead of the first analytics request (at start-up).
    ///
    /// # Errors
    /// The database fails.
    pub async fn prepare_analytics(&self) -> AppResult<()> {
        self.refresh_live().await
    }

    /// Brings the live values up to date with the database.
    ///
    /// # Errors
    /// The database fails.
    pub(crate) async fn refresh_live(&self) -> AppResult<()> {
        let _one = self.live.refreshing.lock().await;
        let tree = self.tree();
        let seen = {
            let state = self.live.read();
            match state.as_ref() {
                Some(s) if Arc::ptr_eq(&s.tree, &tree) => Some((s.horizon, s.applied.clone())),
                _ => None,
            }
        };
        let Some((horizon, applied)) = seen else {
            return self.reload_live(tree).await;
        };
        let after = self.store.value_change_ids_after(horizon).await?;
        // A gap right after the horizon may be the log pruned past what this process
        // applied (pruning happens only as a newer change is written, so the gap shows):
        // then read everything again. Only then is the log's start asked for.
        if after.first().is_some_and(|id| *id > horizon + 1)
            && self
                .store
                .first_value_change()
                .await?
                .is_some_and(|first| first > horizon + 1)
        {
            return self.reload_live(tree).await;
        }
        let new: Vec<i64> = after
            .into_iter()
            .filter(|id| !applied.contains(id))
            .collect();
        if new.is_empty() {
            return Ok(());
        }
        let changes = self.store.value_changes(&new).await?;
        let mut keys = BTreeSet::new();
        for (_, change) in changes {
            match change {
                ValueChange::Everything => return self.reload_live(tree).await,
                ValueChange::Keys(k) => keys.extend(k),
            }
        }
        // Read the touched keys again (a superset by indicator × unit × period, then
        // picked out).
        let ids: Vec<IndicatorId> = keys
            .iter()
            .map(|k| k.0)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let units: Vec<OrgId> = keys
            .iter()
            .map(|k| k.1)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let periods: Vec<Period> = keys
            .iter()
            .map(|k| k.2)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut found = std::collections::HashMap::new();
        for v in self.store.values_among(&ids, &units, &periods).await? {
            let key = (v.indicator_id, v.org_unit_id, v.period);
            if keys.contains(&key) {
                found.insert(key, (v.value, v.status.is_settled()));
            }
        }
        let mut state = self.live.write();
        let Some(s) = state.as_mut() else {
            return Ok(());
        };
        for key @ (i, o, p) in keys {
            match found.get(&key) {
                Some((value, settled)) => {
                    s.all.set(i, o, p, *value);
                    if *settled {
                        s.settled.set(i, o, p, *value);
                    } else {
                        s.settled.remove(i, o, p);
                    }
                }
                None => {
                    s.all.remove(i, o, p);
                    s.settled.remove(i, o, p);
                }
            }
        }
        s.applied.extend(new.iter().copied());
        if let Some(newest) = s.applied.last().copied() {
            s.horizon = s.horizon.max(newest - WINDOW);
        }
        let horizon = s.horizon;
        s.applied.retain(|id| *id > horizon);
        Ok(())
    }

    /// Reads every stored value again.
    async fn reload_live(&self, tree: Arc<OrgTree>) -> AppResult<()> {
        // The log's position first: a change committed while reading is applied again later
        // (applying one twice is harmless: its keys are read again). Below the oldest change
        // the log holds, nothing is left to apply.
        let first = self.store.first_value_change().await?.unwrap_or(0);
        let horizon = (self.store.last_value_change().await? - WINDOW)
            .max(first - 1)
            .max(0);
        let applied: BTreeSet<i64> = self
            .store
            .value_change_ids_after(horizon)
            .await?
            .into_iter()
            .collect();
        // One indicator at a time, so that no more than one indicator's rows are held
        // besides the cubes.
        let started = std::time::Instant::now();
        let mut reading = std::time::Duration::ZERO;
        let mut all = Cube::new(&tree);
        let mut settled = Cube::new(&tree);
        for indicator in self.indicators_snapshot().await?.iter() {
            let id = indicator.indicator.id;
            let read = std::time::Instant::now();
            let values = self.store.indicator_values(id).await?;
            reading += read.elapsed();
            if values.is_empty() {
                continue;
            }
            all.replace_indicator(
                id,
                values.iter().map(|v| (v.org_unit_id, v.period, v.value)),
            );
            settled.replace_indicator(
                id,
                values
                    .iter()
                    .filter(|v| v.status.is_settled())
                    .map(|v| (v.org_unit_id, v.period, v.value)),
            );
        }
        tracing::info!(
            values = all.len(),
            settled = settled.len(),
            elapsed = ?started.elapsed(),
            reading = ?reading,
            "analytics: every value read into memory"
        );
        *self.live.write() = Some(State {
            tree,
            horizon,
            applied,
            all,
            settled,
        });
        Ok(())
    }

    /// Runs `f` on the cube of `which` values (none before the first refresh).
    fn with_cube<T>(&self, which: Which, f: impl FnOnce(&Cube) -> T) -> Option<T> {
        let state = self.live.read();
        let s = state.as_ref()?;
        Some(f(match which {
            Which::All => &s.all,
            Which::Settled => &s.settled,
        }))
    }

    /// The live values of an indicator in `unit`'s subtree for the periods within
    /// `from`–`to` (see [`Cube::observations`]); empty before the first refresh.
    pub(crate) fn live_observations(
        &self,
        which: Which,
        indicator: IndicatorId,
        unit: OrgId,
        (from, to): (chrono::NaiveDate, chrono::NaiveDate),
    ) -> Vec<Observation> {
        self.with_cube(which, |cube| {
            cube.observations(indicator, unit, from, to)
                .into_iter()
                .map(|(unit, period, value)| Observation {
                    unit,
                    period,
                    value,
                })
                .collect()
        })
        .unwrap_or_default()
    }

    /// The totals of the live values of an indicator in `unit`'s subtree over the periods
    /// within each period of `span` (which must not overlap); `None` before the first
    /// refresh.
    pub(crate) fn live_totals(
        &self,
        which: Which,
        indicator: IndicatorId,
        unit: OrgId,
        span: &[Period],
    ) -> Option<chiso_core::cube::Totals> {
        self.with_cube(which, |cube| {
            let mut t = chiso_core::cube::Totals::default();
            for p in span {
                t.merge(&cube.totals_within(indicator, unit, *p));
            }
            t
        })
    }

    /// The latest period within `span` with a live value of the indicator in `unit`'s
    /// subtree.
    pub(crate) fn live_latest_within(
        &self,
        which: Which,
        indicator: IndicatorId,
        unit: OrgId,
        span: Period,
    ) -> Option<Period> {
        self.with_cube(which, |cube| cube.latest_within(indicator, unit, span))
            .flatten()
    }
}
