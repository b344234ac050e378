//! Opening what the user names as a MODEL: a model file, or a folder of AWS CLI captures
//! (imported in memory; nothing is written). The one place above both the model and the
//! importer where the two meet, used by the command line and the explorer alike.
//!
//! Model files are read by [`crate::model::load_file`]: a regular file, with a capped read (a
//! named pipe, `/dev/zero` or a socket is refused with a sentence saying so, never read).

use std::path::Path;

use crate::model::{self, LoadError, Model, Source};

/// Open a MODEL: a folder is imported, anything else is read as a model file.
pub fn open(path: &Path) -> Result<Model, LoadError> {
    if path.is_dir() {
        return open_folder(path);
    }
    model::load_file(path)
}

/// Import a folder of captures into a model, in memory.
pub fn open_folder(path: &Path) -> Result<Model, LoadError> {
    let name = path.display().to_string();
    match crate::import::import_dir(path) {
        Ok(imp) => model::load_str(&imp.yaml, &format!("{name} (imported)"), None),
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
