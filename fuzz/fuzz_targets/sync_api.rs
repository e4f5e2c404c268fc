#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| chainbook_fuzzing::sync_api(data));
