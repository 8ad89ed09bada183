//! The data table: units × numeric columns, with group columns.

use super::CompositeError;
use std::collections::HashMap;

/// Units (rows) × numeric columns, with optional text group columns.
///
/// This is COINr's `iData` without its free-text columns: each unit has a code, each numeric
/// column a code (an indicator, an aggregate or a denominator), and values are `Option<f64>`
/// with `None` for missing. `NaN` given to the table is stored as `None` (R's `is.na(NaN)`).
/// Group columns (`EurAsia_group`, a region, a size class) hold an optional label per unit.
#[derive(Debug, Clone, PartialEq)]
pub struct DataTable {
    units: Vec<String>,
    unit_index: HashMap<String, usize>,
    columns: Vec<(String, Vec<Option<f64>>)>,
    column_index: HashMap<String, usize>,
    groups: Vec<(String, Vec<Option<String>>)>,
}

fn clean(values: Vec<Option<f64>>) -> Vec<Option<f64>> {
    values
        .into_iter()
        .map(|v| v.filter(|x| !x.is_nan()))
        .collect()
}

impl DataTable {
    /// An empty table over the given units; fails if a unit code repeats.
    pub fn new<S: Into<String>>(
        units: impl IntoIterator<Item = S>,
    ) -> Result<Self, CompositeError> {
        let units: Vec<String> = units.into_iter().map(Into::into).collect();
        let mut unit_index = HashMap::with_capacity(units.len());
        for (i, u) in units.iter().enumerate() {
            if unit_index.insert(u.clone(), i).is_some() {
                return Err(CompositeError::DuplicateUnit(u.clone()));
            }
        }
        Ok(Self {
            units,
            unit_index,
            columns: Vec::new(),
            column_index: HashMap::new(),
            groups: Vec::new(),
        })
    }

    /// Adds a numeric column; fails if the code is taken or the length is wrong.
    pub fn add_column(
        &mut self,
        code: impl Into<String>,
        values: Vec<Option<f64>>,
    ) -> Result<(), CompositeError> {
        let code = code.into();
        if self.column_index.contains_key(&code) {
            return Err(CompositeError::DuplicateColumn(code));
        }
        self.check_len(&code, values.len())?;
        self.column_index.insert(code.clone(), self.columns.len());
        self.columns.push((code, clean(values)));
        Ok(())
    }

    /// Replaces a numeric column, or adds it at the end if it is new.
    pub fn set_column(
        &mut self,
        code: impl Into<String>,
        values: Vec<Option<f64>>,
    ) -> Result<(), CompositeError> {
        let code = code.into();
        self.check_len(&code, values.len())?;
        match self.column_index.get(&code) {
            Some(&i) => self.columns[i].1 = clean(values),
            None => {
                self.column_index.insert(code.clone(), self.columns.len());
                self.columns.push((code, clean(values)));
            }
        }
        Ok(())
    }

    /// Adds a group column (one optional label per unit).
    pub fn add_group(
        &mut self,
        name: impl Into<String>,
        values: Vec<Option<String>>,
    ) -> Result<(), CompositeError> {
        let name = name.into();
        if self.groups.iter().any(|(n, _)| *n == name) {
            return Err(CompositeError::DuplicateColumn(name));
        }
        self.check_len(&name, values.len())?;
        self.groups.push((name, values));
        Ok(())
    }

    fn check_len(&self, column: &str, got: usize) -> Result<(), CompositeError> {
        if got != self.units.len() {
            return Err(CompositeError::ColumnLength {
                column: column.to_owned(),
                expected: self.units.len(),
                got,
            });
        }
        Ok(())
    }

    /// The unit codes, in row order.
    pub fn units(&self) -> &[String] {
        &self.units
    }

    /// The number of units.
    pub fn n_units(&self) -> usize {
        self.units.len()
    }

    /// The row of a unit.
    pub fn unit_position(&self, unit: &str) -> Option<usize> {
        self.unit_index.get(unit).copied()
    }

    /// The numeric column codes, in order.
    pub fn column_codes(&self) -> impl Iterator<Item = &str> {
        self.columns.iter().map(|(c, _)| c.as_str())
    }

    /// Whether a numeric column exists.
    pub fn has_column(&self, code: &str) -> bool {
        self.column_index.contains_key(code)
    }

    /// A numeric column's values, one per unit.
    pub fn column(&self, code: &str) -> Option<&[Option<f64>]> {
        self.column_index
            .get(code)
            .map(|&i| self.columns[i].1.as_slice())
    }

    /// A numeric column, or [`CompositeError::MissingColumn`].
    pub fn require_column(&self, code: &str) -> Result<&[Option<f64>], CompositeError> {
        self.column(code)
            .ok_or_else(|| CompositeError::MissingColumn(code.to_owned()))
    }

    /// One value, or `None` if the unit, the column or the value is missing.
    pub fn value(&self, unit: &str, code: &str) -> Option<f64> {
        let row = self.unit_position(unit)?;
        self.column(code)?.get(row).copied().flatten()
    }

    /// The group column names, in order.
    pub fn group_names(&self) -> impl Iterator<Item = &str> {
        self.groups.iter().map(|(n, _)| n.as_str())
    }

    /// A group column's labels, one per unit.
    pub fn group(&self, name: &str) -> Option<&[Option<String>]> {
        self.groups
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_slice())
    }

    /// A copy with only the listed numeric columns (in that order) and every group column.
    pub fn select_columns<S: AsRef<str>>(&self, codes: &[S]) -> Result<DataTable, CompositeError> {
        let mut out = self.empty_like()?;
        for c in codes {
            let c = c.as_ref();
            out.add_column(c, self.require_column(c)?.to_vec())?;
        }
        Ok(out)
    }

    /// A copy with only the units at the given rows (in that order).
    pub fn select_rows(&self, rows: &[usize]) -> Result<DataTable, CompositeError> {
        let units: Vec<String> = rows
            .iter()
            .filter_map(|&r| self.units.get(r).cloned())
            .collect();
        let mut out = DataTable::new(units)?;
        let pick = |col: &[Option<f64>]| -> Vec<Option<f64>> {
            rows.iter().filter_map(|&r| col.get(r).copied()).collect()
        };
        for (code, col) in &self.columns {
            out.add_column(code.clone(), pick(col))?;
        }
        for (name, col) in &self.groups {
            let picked = rows.iter().filter_map(|&r| col.get(r).cloned()).collect();
            out.add_group(name.clone(), picked)?;
        }
        Ok(out)
    }

    /// The same units and group columns, with no numeric columns.
    pub fn empty_like(&self) -> Result<DataTable, CompositeError> {
        let mut out = DataTable::new(self.units.iter().cloned())?;
        for (name, col) in &self.groups {
            out.add_group(name.clone(), col.clone())?;
        }
        Ok(out)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn columns_and_values() {
        let mut t = DataTable::new(["A", "B"]).unwrap();
        t.add_column("x", vec![Some(1.0), Some(f64::NAN)]).unwrap();
        assert_eq!(t.column("x").unwrap(), &[Some(1.0), None]);
        assert_eq!(t.value("A", "x"), Some(1.0));
        assert_eq!(t.value("C", "x"), None);
        assert!(matches!(
            t.add_column("x", vec![None, None]),
            Err(CompositeError::DuplicateColumn(_))
        ));
        assert!(matches!(
            t.add_column("y", vec![None]),
            Err(CompositeError::ColumnLength { .. })
        ));
        t.set_column("x", vec![Some(2.0), Some(3.0)]).unwrap();
        assert_eq!(t.value("B", "x"), Some(3.0));
        assert!(matches!(
            DataTable::new(["A", "A"]),
            Err(CompositeError::DuplicateUnit(_))
        ));
    }

    #[test]
    fn selections_keep_groups() {
        let mut t = DataTable::new(["A", "B", "C"]).unwrap();
        t.add_column("x", vec![Some(1.0), Some(2.0), Some(3.0)])
            .unwrap();
        t.add_column("y", vec![None, None, None]).unwrap();
        t.add_group("g", vec![Some("p".into()), None, Some("q".into())])
            .unwrap();
        let s = t.select_rows(&[2, 0]).unwrap();
        assert_eq!(s.units(), &["C".to_string(), "A".to_string()]);
        assert_eq!(s.column("x").unwrap(), &[Some(3.0), Some(1.0)]);
        assert_eq!(s.group("g").unwrap(), &[Some("q".into()), Some("p".into())]);
        let c = t.select_columns(&["y"]).unwrap();
        assert!(!c.has_column("x"));
        assert!(c.group("g").is_some());
    }
}
