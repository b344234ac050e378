//! Policy document parsing, linting and evaluation from arbitrary bytes: never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| linkscope::fuzzing::policy(data));
