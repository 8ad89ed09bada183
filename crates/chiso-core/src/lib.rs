//! Chiso's domain, pure: types, rules and maths with no I/O and no clock.
//!
//! Everything here is deterministic and unit-tested; the store persists these types,
//! the app layer decides who may change them.

pub mod access;
pub mod audit;
pub mod calendar;
pub mod code;
pub mod composite;
pub mod cube;
pub mod exchange;
pub mod formula;
pub mod indicator;
pub mod org;
pub mod period;
pub mod quality;
pub mod rollup;
pub mod screening;
pub mod sets;
pub mod status;
pub mod task_backtest;
pub mod tasks;
pub mod text;
pub mod validation;
pub mod value;
pub mod workflow;
