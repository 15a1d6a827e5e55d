#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| claimmark_fuzz::import(data));
