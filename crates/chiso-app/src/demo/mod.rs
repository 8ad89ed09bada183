//! Demo province ("Tỉnh Mẫu"): sample data, clearly labelled as such.

pub mod dataset;
pub(crate) mod indices;
pub(crate) mod resolutions;
