//! IAM policy documents: parse, evaluate, explain.
