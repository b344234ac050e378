//! Every sample and the built-in tour load through the real loader with no errors; the tour
//! (what a newcomer sees first) has no warnings either.

use std::path::PathBuf;

fn samples() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("samples/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    v.sort();
    v
}

#[test]
fn every_sample_loads() {
    let all = samples();
    assert!(all.len() >= 5, "samples: {all:?}");
    for p in all {
        let m = linkscope::model::load_file(&p)
            .unwrap_or_else(|e| panic!("{}:\n{}", p.display(), e.render(false)));
        assert!(
            !m.description.is_empty(),
            "{}: a sample teaches: give it a description",
            p.display()
        );
        assert!(
            !m.expectations.is_empty(),
            "{}: a sample states its lessons as expectations",
            p.display()
        );
    }
}

#[test]
fn the_tour_loads_without_warnings() {
    let m = linkscope::model::load_str(linkscope::TOUR, "<tour>", None)
        .unwrap_or_else(|e| panic!("{}", e.render(false)));
    assert!(m.warnings.is_empty(), "{:?}", m.warnings);
    assert!(m.vpcs.iter().any(|v| v.id == "vpc-app"));
    assert!(m.instances.iter().any(|i| i.id == "i-app-a"));
}
