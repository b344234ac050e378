//! Opening what the user names as a MODEL: a model file, a folder of AWS CLI captures, or one
//! importable JSON file (a Terraform plan or state, AWS Config output), imported in memory;
//! nothing is written. An imported model is built from the import's document directly (no
//! YAML text): its messages name the object and `INPUT (imported)`, without a line. The one place above both the model and the
//! importer where the two meet, used by the command line and the explorer alike.
//!
//! Model files are read by [`crate::model::load_file`]: a regular file, with a capped read (a
//! named pipe, `/dev/zero` or a socket is refused with a sentence saying so, never read).

use std::path::Path;

use crate::model::{self, LoadError, Model, Source};

/// Open a MODEL: a folder is imported; a `.json` or `.tfstate` file is imported when it is
/// something the importer reads (a Terraform plan or state, AWS Config, one `describe-*`
/// output), else read as a model file written in JSON; anything else is read as a model file.
pub fn open(path: &Path) -> Result<Model, LoadError> {
    if path.is_dir() {
        return open_folder(path);
    }
    if is_import_file(path) {
        let name = path.display().to_string();
        match crate::import::import_path(path) {
            Ok(imp) => return imp.model(&format!("{name} (imported)")),
            Err(d) if d.iter().all(|d| d.code == "IMPORT_NOTHING_RECOGNISED") => {}
            Err(diagnostics) => {
                return Err(LoadError {
                    source: None,
                    diagnostics,
                });
            }
        }
    }
    model::load_file(path)
}

/// A file the importer may read: `.json` (terraform show -json, AWS Config, describe-*) or a
/// raw `.tfstate`.
fn is_import_file(path: &Path) -> bool {
    path.is_file()
        && path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("json") || e.eq_ignore_ascii_case("tfstate"))
}

/// Import a folder of captures into a model, in memory.
pub fn open_folder(path: &Path) -> Result<Model, LoadError> {
    let name = path.display().to_string();
    match crate::import::import_dir(path) {
        Ok(imp) => imp.model(&format!("{name} (imported)")),
        Err(diagnostics) => Err(LoadError {
            source: None,
            diagnostics,
        }),
    }
}

/// Open the same MODEL again (the explorer's reload): as the same kind of thing it was. A
/// model file that has become a folder is an error saying so, not an import of that folder.
pub fn reopen(path: &Path, previous: &Source) -> Result<Model, LoadError> {
    if previous.path.is_some() {
        model::load_file(path)
    } else {
        open(path)
    }
}
