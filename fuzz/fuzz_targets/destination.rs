//! `--from`/`--to` and the trace options from arbitrary text, traced on the tour model (loaded
//! once) and written as text and JSON: never panics, whatever the question. The input format
//! (lines: FROM, TO, PROTOCOL, PORT, SOURCE_PORT, ACTION, RESOURCE, PRINCIPAL, KEY=VALUE...) is
//! `linkscope::fuzzing::destination_question`'s.
#![no_main]
use libfuzzer_sys::fuzz_target;
use linkscope::model::Model;
use std::sync::LazyLock;

static TOUR: LazyLock<Model> = LazyLock::new(|| {
    linkscope::model::load_str(linkscope::TOUR, "tour.yaml", None).expect("the tour loads")
});

fuzz_target!(|data: &[u8]| linkscope::fuzzing::destination(&TOUR, data));
