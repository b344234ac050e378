//! The JSON Schema of the model file (draft-07), for editors: `linkscope schema`.
//! Hand-written from MODEL.md (the raw types carry spans, which schemars cannot see through).

pub const SCHEMA: &str = include_str!("../../assets/model.schema.json");
