//! Imputation of missing values.

use super::{CompositeError, DataTable, stats};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How to fill missing values, column by column (COINr's `i_*` functions).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum ImputeMethod {
    /// Leave missing values missing.
    #[default]
    None,
    /// The mean of the column's values (`i_mean`).
    Mean,
    /// The median of the column's values (`i_median`).
    Median,
    /// The mean over the units of the same group (`i_mean_grp`).
    GroupMean {
        /// The group column.
        group: String,
    },
    /// The median over the units of the same group (`i_median_grp`).
    GroupMedian {
        /// The group column.
        group: String,
    },
}

/// One filled cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImputedCell {
    /// The unit.
    pub unit: String,
    /// The column.
    pub column: String,
    /// The value put in.
    pub value: f64,
    /// For values carried forward: how many periods back the value comes from (1 = the
    /// previous period); `None` for statistical imputation.
    pub periods_back: Option<usize>,
}

/// A table after imputation, with the list of cells that were filled.
#[derive(Debug, Clone, PartialEq)]
pub struct Imputed {
    /// The imputed table.
    pub table: DataTable,
    /// The filled cells, column by column, unit by unit.
    pub cells: Vec<ImputedCell>,
}

/// Fills the missing values of the listed columns with `method`; other columns are copied.
///
/// A column with no value at all stays missing (COINr warns and returns it unchanged); for
/// the group methods, a unit without a group label, or whose group has no value, stays
/// missing (COINr's `skip_f_na = TRUE`).
pub fn impute<S: AsRef<str>>(
    table: &DataTable,
    columns: &[S],
    method: &ImputeMethod,
) -> Result<Imputed, CompositeError> {
    let mut out = table.clone();
    let mut cells = Vec::new();
    let groups = match method {
        ImputeMethod::GroupMean { group } | ImputeMethod::GroupMedian { group } => Some(
            table
                .group(group)
                .ok_or_else(|| CompositeError::MissingGroup(group.clone()))?,
        ),
        _ => None,
    };
    for column in columns {
        let column = column.as_ref();
        let x = table.require_column(column)?;
        let filled: Vec<Option<f64>> = match method {
            ImputeMethod::None => x.to_vec(),
            ImputeMethod::Mean => fill_with(x, stats::mean),
            ImputeMethod::Median => fill_with(x, stats::median),
            ImputeMethod::GroupMean { .. } | ImputeMethod::GroupMedian { .. } => {
                let stat = if matches!(method, ImputeMethod::GroupMean { .. }) {
                    stats::mean
                } else {
                    stats::median
                };
                let labels = groups.unwrap_or(&[]);
                let mut by_group: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
                for (v, g) in x.iter().zip(labels) {
                    if let (Some(v), Some(g)) = (v, g) {
                        by_group.entry(g.as_str()).or_default().push(*v);
                    }
                }
                let fill: BTreeMap<&str, Option<f64>> =
                    by_group.iter().map(|(g, vs)| (*g, stat(vs))).collect();
                x.iter()
                    .zip(labels)
                    .map(|(v, g)| {
                        v.or_else(|| g.as_deref().and_then(|g| fill.get(g).copied().flatten()))
                    })
                    .collect()
            }
        };
        for (unit, (before, after)) in table.units().iter().zip(x.iter().zip(&filled)) {
            if let (None, Some(value)) = (before, after) {
                cells.push(ImputedCell {
                    unit: unit.clone(),
                    column: column.to_owned(),
                    value: *value,
                    periods_back: None,
                });
            }
        }
        out.set_column(column, filled)?;
    }
    Ok(Imputed { table: out, cells })
}

fn fill_with(x: &[Option<f64>], stat: fn(&[f64]) -> Option<f64>) -> Vec<Option<f64>> {
    let present: Vec<f64> = x.iter().flatten().copied().collect();
    let fill = stat(&present);
    x.iter().map(|v| v.or(fill)).collect()
}

/// Fills missing values with the same unit's value from earlier periods.
///
/// `previous` lists earlier tables, most recent first; for each missing cell the first
/// earlier table that has a value for the same unit and column supplies it, looking back at
/// most `max_back` periods (all of them if `None`). This is COINr's `impute_panel()` with
/// `imp_type = "latest"`. Units or columns absent from an earlier table are skipped.
pub fn carry_forward<S: AsRef<str>>(
    current: &DataTable,
    previous: &[&DataTable],
    columns: &[S],
    max_back: Option<usize>,
) -> Result<Imputed, CompositeError> {
    let mut out = current.clone();
    let mut cells = Vec::new();
    let depth = max_back.unwrap_or(previous.len()).min(previous.len());
    for column in columns {
        let column = column.as_ref();
        let x = current.require_column(column)?;
        let mut filled = x.to_vec();
        for (row, unit) in current.units().iter().enumerate() {
            if filled[row].is_some() {
                continue;
            }
            let found = previous[..depth]
                .iter()
                .enumerate()
                .find_map(|(k, t)| t.value(unit, column).map(|v| (k + 1, v)));
            if let Some((back, value)) = found {
                filled[row] = Some(value);
                cells.push(ImputedCell {
                    unit: unit.clone(),
                    column: column.to_owned(),
                    value,
                    periods_back: Some(back),
                });
            }
        }
        out.set_column(column, filled)?;
    }
    Ok(Imputed { table: out, cells })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn table() -> DataTable {
        let mut t = DataTable::new(["A", "B", "C", "D", "E"]).unwrap();
        t.add_column("x", vec![Some(1.0), None, Some(3.0), Some(10.0), None])
            .unwrap();
        t.add_column("all_missing", vec![None; 5]).unwrap();
        t.add_group(
            "g",
            vec![
                Some("p".into()),
                Some("p".into()),
                Some("q".into()),
                Some("q".into()),
                None,
            ],
        )
        .unwrap();
        t
    }

    #[test]
    fn mean_and_median() {
        let t = table();
        let m = impute(&t, &["x"], &ImputeMethod::Mean).unwrap();
        let mean = 14.0 / 3.0;
        assert_eq!(
            m.table.column("x").unwrap(),
            &[Some(1.0), Some(mean), Some(3.0), Some(10.0), Some(mean)]
        );
        assert_eq!(m.cells.len(), 2);
        let md = impute(&t, &["x"], &ImputeMethod::Median).unwrap();
        assert_eq!(md.table.value("B", "x"), Some(3.0));
        let none = impute(&t, &["x", "all_missing"], &ImputeMethod::Mean).unwrap();
        assert_eq!(none.table.column("all_missing").unwrap(), &[None; 5]);
    }

    #[test]
    fn group_mean_and_median() {
        let t = table();
        let g = impute(&t, &["x"], &ImputeMethod::GroupMean { group: "g".into() }).unwrap();
        // B is in group p (only A = 1); E has no group and stays missing.
        assert_eq!(g.table.value("B", "x"), Some(1.0));
        assert_eq!(g.table.value("E", "x"), None);
        let gm = impute(&t, &["x"], &ImputeMethod::GroupMedian { group: "g".into() }).unwrap();
        assert_eq!(gm.table.value("B", "x"), Some(1.0));
        assert!(matches!(
            impute(&t, &["x"], &ImputeMethod::GroupMean { group: "zz".into() }),
            Err(CompositeError::MissingGroup(_))
        ));
        let unchanged = impute(&t, &["x"], &ImputeMethod::None).unwrap();
        assert_eq!(unchanged.table, t);
        assert!(unchanged.cells.is_empty());
    }

    #[test]
    fn carry_forward_uses_the_latest_earlier_value() {
        let t = table();
        let mut y1 = DataTable::new(["B", "A"]).unwrap();
        y1.add_column("x", vec![None, Some(0.5)]).unwrap();
        let mut y2 = DataTable::new(["B", "E"]).unwrap();
        y2.add_column("x", vec![Some(7.0), Some(8.0)]).unwrap();
        let c = carry_forward(&t, &[&y1, &y2], &["x"], None).unwrap();
        assert_eq!(c.table.value("B", "x"), Some(7.0));
        assert_eq!(c.table.value("E", "x"), Some(8.0));
        assert_eq!(c.table.value("A", "x"), Some(1.0));
        assert_eq!(c.cells[0].periods_back, Some(2));
        let limited = carry_forward(&t, &[&y1, &y2], &["x"], Some(1)).unwrap();
        assert_eq!(limited.table.value("B", "x"), None);
    }
}
