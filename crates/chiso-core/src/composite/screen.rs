//! Data availability per unit, and screening out units with too little data.

use super::{CompositeError, DataTable};
use serde::{Deserialize, Serialize};

/// How complete one unit's data is over a set of columns (COINr's `get_data_avail()`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitAvailability {
    /// The unit.
    pub unit: String,
    /// Number of missing values.
    pub n_missing: usize,
    /// Number of values equal to zero.
    pub n_zero: usize,
    /// Number of values missing or zero.
    pub n_missing_or_zero: usize,
    /// Share of values present: `1 − n_missing / n_columns`.
    pub availability: f64,
    /// Share of present values that are not zero: `1 − n_zero / (n_columns − n_missing)`.
    pub non_zero: f64,
}

/// Data availability of every unit over the listed columns.
pub fn data_availability<S: AsRef<str>>(
    table: &DataTable,
    columns: &[S],
) -> Result<Vec<UnitAvailability>, CompositeError> {
    let cols = columns
        .iter()
        .map(|c| table.require_column(c.as_ref()))
        .collect::<Result<Vec<_>, _>>()?;
    let n = cols.len() as f64;
    Ok(table
        .units()
        .iter()
        .enumerate()
        .map(|(row, unit)| {
            let n_missing = cols.iter().filter(|c| c[row].is_none()).count();
            let n_zero = cols.iter().filter(|c| c[row] == Some(0.0)).count();
            UnitAvailability {
                unit: unit.clone(),
                n_missing,
                n_zero,
                n_missing_or_zero: n_missing + n_zero,
                availability: 1.0 - n_missing as f64 / n,
                non_zero: 1.0 - n_zero as f64 / (n - n_missing as f64),
            }
        })
        .collect())
}

/// A table after screening, with the units removed.
#[derive(Debug, Clone, PartialEq)]
pub struct Screened {
    /// The units kept.
    pub table: DataTable,
    /// The units removed, with their availability.
    pub removed: Vec<UnitAvailability>,
}

/// Removes units whose data availability over `columns` is below `min_availability`.
///
/// COINr's `Screen(dat_thresh = ..., unit_screen = "byNA")`.
pub fn screen_units<S: AsRef<str>>(
    table: &DataTable,
    columns: &[S],
    min_availability: f64,
) -> Result<Screened, CompositeError> {
    if !(0.0..=1.0).contains(&min_availability) {
        return Err(CompositeError::InvalidThreshold(min_availability));
    }
    let avail = data_availability(table, columns)?;
    let mut keep = Vec::new();
    let mut removed = Vec::new();
    for (row, a) in avail.into_iter().enumerate() {
        if a.availability < min_availability {
            removed.push(a);
        } else {
            keep.push(row);
        }
    }
    Ok(Screened {
        table: table.select_rows(&keep)?,
        removed,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn availability_and_screening() {
        let mut t = DataTable::new(["A", "B"]).unwrap();
        t.add_column("x", vec![Some(0.0), None]).unwrap();
        t.add_column("y", vec![Some(1.0), Some(0.0)]).unwrap();
        let a = data_availability(&t, &["x", "y"]).unwrap();
        assert_eq!(a[0].n_zero, 1);
        assert_eq!(a[0].availability, 1.0);
        assert_eq!(a[0].non_zero, 0.5);
        assert_eq!(a[1].n_missing_or_zero, 2);
        assert_eq!(a[1].availability, 0.5);
        assert_eq!(a[1].non_zero, 0.0);
        let s = screen_units(&t, &["x", "y"], 0.9).unwrap();
        assert_eq!(s.table.units(), &["A".to_string()]);
        assert_eq!(s.removed[0].unit, "B");
        assert!(screen_units(&t, &["x"], 1.5).is_err());
    }
}
