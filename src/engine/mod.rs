//! The trace engine: `trace(&Model, from, to, &QueryOptions) -> Trace`.
//!
//! Pure functions over a loaded model: no I/O, no UI types. Each AWS mechanism is its own
//! module and cites AWS-RULES ids.

pub mod trace;

pub use trace::*;

// ---- TEMPORARY scaffolding until the engine branch lands: same signature as the real one.
use crate::model::Model;

/// Bad input to a trace (unknown id, malformed destination).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    pub message: String,
    pub help: Option<String>,
}

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Scaffolding: returns a fixed two-step trace so the UI can be built before the engine lands.
pub fn trace(
    model: &Model,
    from: &str,
    to: &str,
    opts: &QueryOptions,
) -> Result<Trace, QueryError> {
    if model.lookup(from).is_none() {
        return Err(QueryError {
            message: format!("unknown source `{from}`"),
            help: None,
        });
    }
    let step = |kind, status, title: &str, objects: Vec<String>| Step {
        kind,
        status,
        title: title.into(),
        detail: "scaffolding step".into(),
        objects,
        facts: Default::default(),
        rules: vec![],
        concept: None,
    };
    Ok(Trace {
        query: Query {
            from: from.into(),
            to: to.into(),
            protocol: opts.protocol.clone().unwrap_or("tcp".into()),
            port: opts.port.unwrap_or(443),
            action: None,
            resource: None,
            principal: None,
        },
        verdict: Verdict::Blocked,
        reason: Some("UNREACHABLE_TARGET".into()),
        path: None,
        via: None,
        steps: vec![
            step(
                StepKind::Source,
                Status::Info,
                "source",
                vec![from.to_string()],
            ),
            step(StepKind::Route, Status::Fail, "no engine yet", vec![]),
        ],
        summary: "scaffolding".into(),
        alternatives: vec![],
    })
}
