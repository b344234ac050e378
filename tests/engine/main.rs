//! Engine tests, one binary: the trace engine through the library (helpers in tests/common).

#[path = "../common/mod.rs"]
mod common;

mod engine_codes;
mod engine_dns;
mod engine_endpoint;
mod engine_filter;
mod engine_hybrid;
mod engine_hybrid_dns;
mod engine_modern;
mod engine_policy;
mod engine_props;
mod engine_query;
mod engine_resource;
mod engine_route;
