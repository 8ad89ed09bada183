//! The whole computation in one call: denominate → impute → screen → treat → normalise →
//! aggregate → rank.

use super::{
    AggregateSpec, CompositeError, DataTable, ImputeMethod, ImputedCell, IndexTree, NormaliseSpec,
    RankedUnit, TreatDetail, TreatSpec, UnitAvailability, aggregate, denominate, impute, normalise,
    rank_units, screen_units, treat,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The methods of every step. [`Default`] is the bare minimum: no denomination, imputation,
/// screening or treatment; min-max onto `[0, 100]`; weighted arithmetic means.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PipelineSpec {
    /// Divide indicators by the denominators named in the tree.
    #[serde(default)]
    pub denominate: bool,
    /// How to fill missing values (`None` in the `method` tag leaves them).
    #[serde(default)]
    pub impute: ImputeMethod,
    /// Drop units whose data availability is below this share (COINr `Screen`).
    #[serde(default)]
    pub screen: Option<f64>,
    /// Outlier treatment, if any.
    #[serde(default)]
    pub treat: Option<TreatSpec>,
    /// Per-indicator treatment: other parameters, or `None` for no treatment.
    #[serde(default)]
    pub treat_overrides: BTreeMap<String, Option<TreatSpec>>,
    /// Normalisation.
    #[serde(default)]
    pub normalise: NormaliseSpec,
    /// Aggregation.
    #[serde(default)]
    pub aggregate: AggregateSpec,
}

/// Every intermediate table, as COINr keeps its data sets, plus what each step did.
#[derive(Debug, Clone, PartialEq)]
pub struct PipelineResult {
    /// After denomination (a copy of the input if not asked for).
    pub denominated: DataTable,
    /// After imputation.
    pub imputed: DataTable,
    /// The cells imputation filled.
    pub imputed_cells: Vec<ImputedCell>,
    /// After screening.
    pub screened: DataTable,
    /// The units screening removed.
    pub removed_units: Vec<UnitAvailability>,
    /// After outlier treatment.
    pub treated: DataTable,
    /// What treatment did to each indicator.
    pub treat_details: Vec<TreatDetail>,
    /// The normalised indicators.
    pub normalised: DataTable,
    /// The normalised indicators and every aggregate.
    pub aggregated: DataTable,
    /// The units ranked on the index (the top node), best first.
    pub ranking: Vec<RankedUnit>,
}

/// Runs every step on the indicator columns of `raw` (which must hold every indicator of the
/// tree, and the denominators if denomination is asked for).
pub fn run_pipeline(
    tree: &IndexTree,
    raw: &DataTable,
    spec: &PipelineSpec,
) -> Result<PipelineResult, CompositeError> {
    let indicators = tree.indicator_codes();
    for code in &indicators {
        raw.require_column(code)?;
    }
    let denominated = if spec.denominate {
        denominate(tree, raw)?
    } else {
        raw.clone()
    };
    let imputed = impute(&denominated, &indicators, &spec.impute)?;
    let (screened, removed_units) = match spec.screen {
        Some(t) => {
            let s = screen_units(&imputed.table, &indicators, t)?;
            (s.table, s.removed)
        }
        None => (imputed.table.clone(), Vec::new()),
    };
    let (treated, treat_details) = match &spec.treat {
        Some(t) => treat(&screened, &indicators, t, &spec.treat_overrides)?,
        None => (screened.clone(), Vec::new()),
    };
    let normalised = normalise(tree, &treated, &spec.normalise)?;
    let aggregated = aggregate(tree, &normalised, &spec.aggregate)?;
    let ranking = rank_units(&aggregated, &tree.root().code)?;
    Ok(PipelineResult {
        denominated,
        imputed: imputed.table,
        imputed_cells: imputed.cells,
        screened,
        removed_units,
        treated,
        treat_details,
        normalised,
        aggregated,
        ranking,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::composite::{MetaRow, RowKind};

    #[test]
    fn runs_every_step() {
        let mut rows = Vec::new();
        for (code, dir, denom) in [("gdp", 1.0, Some("pop")), ("debt", -1.0, None)] {
            let mut r = MetaRow::new(code, RowKind::Indicator, Some(1));
            r.direction = Some(dir);
            r.weight = Some(1.0);
            r.parent = Some("I".into());
            r.denominator = denom.map(Into::into);
            rows.push(r);
        }
        let mut top = MetaRow::new("I", RowKind::Aggregate, Some(2));
        top.weight = Some(1.0);
        rows.push(top);
        rows.push(MetaRow::new("pop", RowKind::Denominator, None));
        let tree = IndexTree::from_rows(&rows).unwrap();

        let mut raw = DataTable::new(["A", "B", "C"]).unwrap();
        raw.add_column("gdp", vec![Some(100.0), Some(30.0), None])
            .unwrap();
        raw.add_column("debt", vec![Some(10.0), Some(20.0), Some(30.0)])
            .unwrap();
        raw.add_column("pop", vec![Some(10.0), Some(1.0), Some(5.0)])
            .unwrap();
        let spec = PipelineSpec {
            denominate: true,
            impute: ImputeMethod::Mean,
            ..PipelineSpec::default()
        };
        let r = run_pipeline(&tree, &raw, &spec).unwrap();
        // gdp per head: 10, 30, imputed 20; debt reversed.
        assert_eq!(r.imputed.value("C", "gdp"), Some(20.0));
        assert_eq!(r.normalised.value("A", "gdp"), Some(0.0));
        assert_eq!(r.normalised.value("A", "debt"), Some(100.0));
        assert_eq!(r.aggregated.value("B", "I"), Some(75.0));
        assert_eq!(r.ranking[0].unit, "B");
        assert_eq!(r.ranking[0].rank, Some(1));
        assert_eq!(r.imputed_cells.len(), 1);
    }
}
