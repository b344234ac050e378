//! Model loading from arbitrary bytes: never panics, whatever the input.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| linkscope::fuzzing::load_model(data));
