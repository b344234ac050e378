//! linkscope: explains AWS PrivateLink and VPC endpoints.
//!
//! The library holds everything but the terminal: the model file and its validation
//! ([`model`]), the built-in AWS service catalogue ([`catalogue`]), IAM policy documents and
//! their evaluation ([`policy`]), the trace engine ([`engine`]) and the headless report
//! ([`report`]); [`open`] opens a model file or a capture folder for both front ends. The explorer ([`tui`]) sits behind the default `tui` feature; the engine never
//! sees a UI type (`cargo check --no-default-features` proves it).

// No unsafe code in the library; the terminal (signals, poll) and `import -o` (ignoring SIGXFSZ)
// allow it where they call libc, each with its SAFETY note.
#![deny(unsafe_code)]

pub mod catalogue;
pub mod ci;
pub mod cli;
pub mod diag;
pub mod diff;
pub mod draw;
pub mod engine;
#[doc(hidden)]
pub mod fuzzing;
pub mod import;
pub mod model;
pub mod open;
pub mod outcome;
pub mod par;
pub mod policy;
pub mod report;
pub mod rules;
pub mod share;
pub mod suggest;
#[doc(hidden)]
pub mod testgen;
pub mod text;
#[cfg(feature = "tui")]
pub mod tui;

/// The built-in tour model, opened when no model is given.
pub const TOUR: &str = include_str!("../assets/tour.yaml");
