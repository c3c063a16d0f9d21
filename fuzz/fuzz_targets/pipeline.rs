//! `check` and `fix` on arbitrary bytes; the first byte picks the file kind.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    jweixin_migrate::invariants::check_pipeline(data);
});
