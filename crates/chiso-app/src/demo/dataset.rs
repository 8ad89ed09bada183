//! Deterministic generator of the demo data set (work in progress).
