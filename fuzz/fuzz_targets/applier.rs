//! The applier on random, overlapping and shared edits, against a model.
#![no_main]

#[derive(Debug, arbitrary::Arbitrary)]
struct Input {
    text: String,
    fixes: Vec<Vec<(u16, u16, String)>>,
}

libfuzzer_sys::fuzz_target!(|input: Input| {
    jweixin_migrate::invariants::check_applier(&input.text, &input.fixes);
});
