//! Models, policies and captures through the library, one test binary: loading, validation,
//! the samples, hostile input, the policy evaluator, the importer and the fuzzers' regressions.

mod fuzz_regressions;
mod import;
mod import_config;
mod import_direct;
mod import_hybrid;
mod import_lattice6;
mod import_rules;
mod import_shapes;
mod import_targets;
mod import_terraform;
mod import_terraform_hybrid;
mod import_terraform_lattice6;
mod layers;
mod located_errors;
mod policy;
mod resolver;
mod robustness;
mod samples_load;
mod samples_parse;
mod service_networks;
mod validation;

/// Copy a capture folder (a fixture) into a test's temporary folder, to change it there.
pub(crate) fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}
