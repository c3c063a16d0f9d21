//! `.vue` and `.html` script extraction on arbitrary text.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        jweixin_migrate::invariants::check_extraction(text);
    }
});
