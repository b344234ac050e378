//! Built-in AWS service catalogue.
