//! `check` and `fix` on arbitrary bytes; the first byte picks the file kind.
#![no_main]

static DEFAULT_PANIC_HOOK: std::sync::Once = std::sync::Once::new();

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    // libfuzzer-sys aborts from its panic hook, before `catch_unwind` can run; the pipeline
    // catches the parser's panics (`parse::parse_block`), so give panics the default hook
    // back. A panic nobody catches still aborts: libfuzzer-sys checks for it after each input.
    DEFAULT_PANIC_HOOK.call_once(|| drop(std::panic::take_hook()));
    jweixin_migrate::invariants::check_pipeline(data);
});
