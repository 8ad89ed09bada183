//! Denomination: dividing indicators by a size column (per capita, per GDP, per area).

use super::{CompositeError, DataTable, IndexTree};

/// Divides every indicator that names a denominator in the tree by that denominator column.
///
/// COINr's `Denominate()` with the denominators of iMeta. Other columns are copied unchanged.
/// A missing numerator or denominator gives a missing value; division follows IEEE rules
/// (`x / 0` is infinite, `0 / 0` is missing).
pub fn denominate(tree: &IndexTree, table: &DataTable) -> Result<DataTable, CompositeError> {
    denominate_by(table, &tree.denominations())
}

/// Divides each `(column, denominator)` pair's column by its denominator column.
pub fn denominate_by(
    table: &DataTable,
    pairs: &[(String, String)],
) -> Result<DataTable, CompositeError> {
    let mut out = table.clone();
    for (column, denominator) in pairs {
        let x = table.require_column(column)?;
        let d = table.require_column(denominator)?;
        let divided = x
            .iter()
            .zip(d)
            .map(|(x, d)| match (x, d) {
                (Some(x), Some(d)) => Some(x / d),
                _ => None,
            })
            .collect();
        out.set_column(column.clone(), divided)?;
    }
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn divides_by_the_denominator() {
        let mut t = DataTable::new(["A", "B", "C", "D"]).unwrap();
        t.add_column("gdp", vec![Some(10.0), Some(4.0), None, Some(0.0)])
            .unwrap();
        t.add_column("pop", vec![Some(2.0), Some(8.0), Some(1.0), Some(0.0)])
            .unwrap();
        let d = denominate_by(&t, &[("gdp".into(), "pop".into())]).unwrap();
        assert_eq!(
            d.column("gdp").unwrap(),
            &[Some(5.0), Some(0.5), None, None]
        );
        assert_eq!(d.column("pop"), t.column("pop"));
        assert!(matches!(
            denominate_by(&t, &[("gdp".into(), "area".into())]),
            Err(CompositeError::MissingColumn(_))
        ));
    }
}
