//! The trace engine: `trace(&Model, from, to, &QueryOptions) -> Trace`.
//!
//! Pure functions over a loaded model: no I/O, no UI types. Each AWS mechanism is its own
//! module and cites AWS-RULES ids.

pub mod trace;

pub use trace::*;
