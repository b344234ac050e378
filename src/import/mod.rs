//! Import saved `aws ec2 describe-*` JSON into a model (scaffolding until the import branch lands).

use std::path::Path;

use crate::diag::Diagnostic;

/// The result of an import: the model as YAML text, and what was skipped or inferred.
#[derive(Debug, Clone)]
pub struct Imported {
    pub yaml: String,
    pub report: Vec<String>,
}

/// Read a folder of AWS CLI captures.
pub fn import_dir(dir: &Path) -> Result<Imported, Vec<Diagnostic>> {
    Err(vec![
        Diagnostic::error("IMPORT_UNAVAILABLE", "import is not built yet")
            .file(dir.display().to_string()),
    ])
}
