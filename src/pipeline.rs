//! The per-file pipeline: read, prefilter, extract script blocks, parse, resolve the SDK
//! object, run the rules. One call per file, on any thread; nothing is shared between files.

use std::path::{Path, PathBuf};

use memchr::memmem;

use crate::diagnostic::Diagnostic;
use crate::parse;
use crate::prefilter::{self, Scan};
use crate::project::links::{self, BlockUses, FileLinks};
use crate::rules::{self, ambiguous_template, security_walk, syntax_error, wx_import, wx_script_tag, RuleOptions};
use crate::sdk::SdkModel;
use crate::source::encoding::{self, TextEncoding};
use crate::source::{FileKind, ScriptBlock, SourceFile};
use crate::walk::{Candidate, SkipReason};

/// What checking one file produced.
#[derive(Debug)]
pub struct FileReport {
    pub path: PathBuf,
    /// The file as read, kept when there is something to show or fix.
    pub source: Option<SourceFile>,
    pub diagnostics: Vec<Diagnostic>,
    /// Why the file could not be checked (unreadable, binary, not UTF-8, internal error).
    pub error: Option<String>,
    /// Set when the content showed the file is one the run skips (a copy of the SDK).
    pub skipped: Option<SkipReason>,
    /// What the file links to and which SDK it uses, for the project layer.
    pub links: FileLinks,
    /// The migration unit the file belongs to, once the project layer has found it.
    pub unit: Option<String>,
    /// How the file's bytes map to its text (a fix is written back in it).
    pub encoding: TextEncoding,
}

impl FileReport {
    fn empty(path: PathBuf) -> FileReport {
        FileReport {
            path,
            source: None,
            diagnostics: Vec::new(),
            error: None,
            skipped: None,
            links: FileLinks::default(),
            unit: None,
            encoding: TextEncoding::Utf8,
        }
    }

    pub fn failed(path: PathBuf, error: String) -> FileReport {
        FileReport {
            error: Some(error),
            ..FileReport::empty(path)
        }
    }
}

/// Reads a file as text: UTF-8, or another encoding that decodes losslessly (see
/// [`encoding`](crate::source::encoding)), with a message that says what is wrong when it cannot.
pub fn read_text(path: &Path) -> Result<(String, TextEncoding), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read the file: {}", io_message(&e)))?;
    decode_text(bytes).map_err(|(message, _)| message)
}

/// Decodes a file's bytes as [`read_text`] does; when they cannot be, says why and gives the
/// bytes back.
fn decode_text(bytes: Vec<u8>) -> Result<(String, TextEncoding), (String, Vec<u8>)> {
    let (message, bytes) = match text_from_bytes(bytes) {
        Ok(text) => return Ok((text, TextEncoding::Utf8)),
        Err(not_utf8) => not_utf8,
    };
    match encoding::decode_other(&bytes) {
        Some(decoded) => Ok(decoded),
        None if message.starts_with("binary") => Err((message, bytes)),
        None => Err((
            format!("{message}, nor GBK or UTF-16 with a byte order mark; convert the file to UTF-8"),
            bytes,
        )),
    }
}

/// Checks that bytes are UTF-8 text the tool can work on; else says why, and gives the bytes
/// back.
pub fn text_from_bytes(bytes: Vec<u8>) -> Result<String, (String, Vec<u8>)> {
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return Err((
            "binary file (it contains NUL bytes), not source text".to_string(),
            bytes,
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
        (
            format!(
                "not valid UTF-8 (invalid byte 0x{:02X} at byte offset {valid}, line {line})",
                bytes[valid]
            ),
            bytes,
        )
    })
}

fn io_message(error: &std::io::Error) -> String {
    let text = error.to_string();
    text.split(" (os error").next().unwrap_or(&text).to_lowercase()
}

/// Checks one discovered file.
pub fn check_file(candidate: &Candidate, options: &RuleOptions) -> FileReport {
    let bytes = match std::fs::read(&candidate.path) {
        Ok(bytes) => bytes,
        Err(e) => {
            return FileReport::failed(
                candidate.path.clone(),
                format!("cannot read the file: {}", io_message(&e)),
            )
        }
    };
    let (text, encoding) = match decode_text(bytes) {
        Ok(read) => read,
        // Bytes that name no SDK (the byte test reads bytes, whatever their encoding) cannot
        // use either SDK: such a file is no reason to doubt a unit.
        Err((_, bytes)) if !prefilter::scan(candidate.kind, &bytes).any() => {
            let mut report = FileReport::empty(candidate.path.clone());
            report.skipped = Some(SkipReason::UndecodableWithoutSdk);
            return report;
        }
        Err((error, _)) => return FileReport::failed(candidate.path.clone(), error),
    };
    let mut report = FileReport::empty(candidate.path.clone());
    report.encoding = encoding;
    let mut scan = prefilter::scan(candidate.kind, text.as_bytes());
    // (a module that imports a renamed copy of jweixin may name no SDK in its bytes)
    scan.legacy |= !options.unit.sdk_copy_imports.is_empty();
    if !scan.any() {
        // Dependencies are library code, not pages and modules of the team's: what they import
        // is not followed (it matters only for checks run with --no-default-excludes).
        if !in_dependencies(&candidate.path) {
            report.links = unparsed_links(candidate.kind, &text);
        }
        return report;
    }
    if candidate.skip_sdk_copies && matches!(candidate.kind, FileKind::Script { .. }) && defines_legacy_sdk(&text) {
        report.skipped = Some(SkipReason::VendoredSdk);
        return report;
    }
    if let Some(depth) = parse::too_deep(&text) {
        report.error = Some(format!(
            "brackets nest more than {} levels deep (at least {depth}); the tool does not check code this deep",
            parse::MAX_NESTING
        ));
        return report;
    }
    let file = SourceFile::new(candidate.path.clone(), candidate.kind, text);
    let (diagnostics, links) = analyze_scanned(&file, options, scan);
    report.diagnostics = diagnostics;
    report.links = links;
    // (a file with a member jweixin lacks on the global may get findings once its unit shows
    // that a page loads an SDK: run/mod.rs checks it again then)
    if !report.diagnostics.is_empty() || report.links.foreign_members {
        report.source = Some(file);
    }
    report
}

/// Findings in a Slim or Haml template get no fix: the tool reads such templates (for
/// `check` and for the units) but cannot render one to prove a rewrite, so their units are
/// left whole for the user.
fn read_only(diagnostics: &mut [Diagnostic]) {
    const WHY: &str = "the tool reads Slim, Haml and Pug templates but does not rewrite them: change this by hand";
    for d in diagnostics.iter_mut().filter(|d| d.fix.is_some() && d.must_change()) {
        d.drop_fix(WHY);
    }
}

/// Whether a path lies inside a `node_modules` folder.
fn in_dependencies(path: &Path) -> bool {
    path.components().any(|c| c.as_os_str() == "node_modules")
}

/// The links of a file the prefilter ruled out: no legacy use, but a page still loads
/// scripts and a module still imports others.
fn unparsed_links(kind: FileKind, text: &str) -> FileLinks {
    let extracted = kind.is_page().then(|| SourceFile::extract_kind(kind, text));
    links::links_of(kind, text, extracted.as_ref(), &[], &BlockUses::default())
}

/// Runs every rule on a file already in memory; findings, with their fixes, sorted by position.
pub fn check_source(file: &SourceFile, options: &RuleOptions) -> Vec<Diagnostic> {
    analyze(file, options).0
}

/// [`check_source`], and the file's links.
pub fn analyze(file: &SourceFile, options: &RuleOptions) -> (Vec<Diagnostic>, FileLinks) {
    analyze_scanned(file, options, Scan::EVERYTHING)
}

/// Runs the rules `scan` says the file may need (the security rules only when it may hold a
/// credential; the legacy rules on every file that is parsed), and records its links.
fn analyze_scanned(file: &SourceFile, options: &RuleOptions, scan: Scan) -> (Vec<Diagnostic>, FileLinks) {
    let mut diagnostics = Vec::new();
    let mut uses = BlockUses::default();
    let mut extracted = None;
    match file.kind {
        FileKind::PackageJson => diagnostics.extend(wx_import::check_package_json(file)),
        _ => {
            let found = file.extract();
            let extracted = &*extracted.insert(found);
            let switch = wx_script_tag::switch_edits(&extracted.sources, options);
            diagnostics.extend(wx_script_tag::check(file, &extracted.sources, &switch));
            if matches!(file.kind, FileKind::Template(_)) {
                diagnostics.extend(wx_script_tag::check_server_code(file, extracted));
            }
            let dts = matches!(file.kind, FileKind::Script { dts: true, .. });
            for block in &extracted.blocks {
                match parse::parse_block(&file.text, block, dts) {
                    Err(error) => {
                        diagnostics.push(parse_failure(file, block, &error));
                        // A block that does not parse but names the global SDK may use it: its
                        // page's unit counts the file (and its finding, which has no fix, keeps
                        // the unit whole on jweixin) instead of moving without it.
                        let block_text = &file.text[block.range.clone()];
                        if crate::prefilter::scan(file.kind, block_text.as_bytes()).legacy {
                            uses.unparsed_sdk = true;
                        }
                    }
                    Ok(parsed) => {
                        let sdk = SdkModel::build_with_unit(
                            &parsed.program,
                            &options.unit.sdk_params,
                            &options.unit.sdk_copy_imports,
                        );
                        if sdk.reads_global() {
                            let only_typeof = sdk.reads_global_only_in_typeof(&file.text);
                            uses.global_only_in_typeof = only_typeof && (!uses.global || uses.global_only_in_typeof);
                            uses.global = true;
                        }
                        uses.import |= !sdk.imports.is_empty();
                        uses.top_level_configs.extend(sdk.top_level_configs(&parsed.program));
                        uses.agent_config |= sdk.agent_config_calls > 0;
                        uses.error_handlers += sdk.error_calls;
                        uses.empty_error_handlers += sdk.empty_error_calls;
                        if sdk.error_calls > 0 {
                            uses.error_blocks.push(block.range.start);
                        }
                        uses.foreign_members |= sdk.reads_foreign_member(&file.text);
                        uses.unconfigured_block |= !sdk.is_empty() && sdk.config_calls == 0;
                        if sdk.config_calls == 0 && sdk.reads_member(&file.text, "ready") {
                            uses.last_waiting_block = Some(block.range.start);
                        }
                        if sdk.config_calls > 0 {
                            uses.config_blocks.push(block.range.start);
                            uses.configs_without_beta |= !rules::every_config_says_beta(&parsed.program, &sdk);
                        }
                        let raw_calls = sdk.reads_member(&file.text, "invoke") || sdk.reads_member(&file.text, "on");
                        uses.raw_calls |= raw_calls;
                        uses.raw_calls_unconfigured |= raw_calls && sdk.config_calls == 0;
                        // Found once: the links record it, the rules write the gate there.
                        let gate = rules::gate_site(&parsed.program, &sdk, &file.text);
                        if !block.module && sdk.agent_config_calls == 0 && gate.is_some() {
                            uses.gate_blocks.push(block.range.start);
                        }
                        let block_text = &file.text[block.range.clone()];
                        if crate::sdk::stores::may_hold(block_text) {
                            uses.holders.extend(crate::sdk::stores::holder_uses(
                                &parsed.program,
                                &sdk,
                                &file.text,
                                block.range.clone(),
                            ));
                        }
                        uses.sdk_params.extend(crate::sdk::params::shaped(&parsed.program));
                        uses.configurators
                            .extend(crate::sdk::configurators::exported(&parsed.program, &sdk));
                        if !sdk.is_empty() && crate::sdk::params::may_pass(block_text) {
                            uses.sdk_passes
                                .extend(crate::sdk::params::passes(&parsed.program, &sdk));
                        }
                        if scan.secrets {
                            diagnostics.extend(security_walk::check_block(file, &parsed.program, !sdk.is_empty()));
                        }
                        // (a block that names a jweixin script in a string loads it itself:
                        // rules/wx_script_tag.rs)
                        if !sdk.is_empty() || crate::prefilter::names_sdk_script(block_text.as_bytes()) {
                            uses.page_functions
                                .extend(crate::sdk::handlers::declared(&parsed.program));
                            let mut found =
                                rules::check_block(file, block.lang, &parsed.program, &sdk, options, &switch, gate);
                            if !block.template_tags.is_empty() {
                                keep_template_structure(file, block, &mut found);
                            }
                            diagnostics.extend(found);
                        }
                    }
                }
            }
            // Attribute code no block holds (`onclick="wx.closeWindow()"`), and markup in
            // strings that scripts insert.
            let in_attributes = rules::event_attributes::check(&file.text, &diagnostics);
            if !in_attributes.is_empty() {
                uses.global = true;
                uses.global_only_in_typeof = false;
            }
            diagnostics.extend(in_attributes);
        }
    }
    diagnostics.sort_by_key(|d| (d.range.start, d.range.end, d.rule));
    options.unit.apply(&mut diagnostics);
    if matches!(file.kind, FileKind::Template(engine) if engine.indented()) {
        read_only(&mut diagnostics);
    }
    // Suppressions and the config's rule levels decide what must change, so they come before
    // the links record the file's legacy use (a page kept on jweixin on purpose is not one
    // its unit has to move).
    crate::suppress::apply(file, options, &mut diagnostics);
    let links = links::links_of(file.kind, &file.text, extracted.as_ref(), &diagnostics, &uses);
    (diagnostics, links)
}

/// Checks a file the fix loop has just written: like [`check_source`], but only runs the
/// rules the byte prefilter lets through; when it shows nothing is left (the usual case after
/// a fix), only parses the script blocks, since syntax errors are then the only findings
/// there can be.
pub fn check_fixed(file: &SourceFile, options: &RuleOptions) -> Vec<Diagnostic> {
    if matches!(file.kind, FileKind::PackageJson) {
        return check_source(file, options);
    }
    let scan = prefilter::scan(file.kind, file.text.as_bytes());
    if scan.any() {
        return analyze_scanned(file, options, scan).0;
    }
    let dts = matches!(file.kind, FileKind::Script { dts: true, .. });
    file.extract()
        .blocks
        .iter()
        .filter_map(|block| {
            Some(parse_failure(
                file,
                block,
                &parse::parse_block(&file.text, block, dts).err()?,
            ))
        })
        .collect()
}

/// The finding for a block that does not parse: a syntax error, or, when server-template
/// control tags steer the script, an ambiguous template.
fn parse_failure(file: &SourceFile, block: &ScriptBlock, error: &parse::SyntaxError) -> Diagnostic {
    ambiguous_template::diagnostic(file, error, &block.template_tags).unwrap_or_else(|| syntax_error::diagnostic(error))
}

/// Drops the fixes that would cut through a server-template tag of the block or move code
/// across one of its control tags; their findings say why.
fn keep_template_structure(file: &SourceFile, block: &ScriptBlock, found: &mut [Diagnostic]) {
    for diagnostic in found {
        let Some(fix) = &diagnostic.fix else { continue };
        let inside: Vec<&crate::fix::Edit> = fix
            .edits
            .iter()
            .filter(|e| block.range.start <= e.range.start && e.range.end <= block.range.end)
            .collect();
        if let Some(reason) = ambiguous_template::conflict(file, &block.template_tags, &inside) {
            diagnostic.drop_fix(&reason);
        }
    }
}

/// Whether a script is the legacy SDK itself: it assigns the `jWeixin` global
/// (`a.wx = a.jWeixin = c`, `window.jWeixin = ...`).
pub fn defines_legacy_sdk(text: &str) -> bool {
    let bytes = text.as_bytes();
    memmem::find_iter(bytes, b"jWeixin").any(|pos| {
        let after = bytes[pos + 7..]
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .map(|p| pos + 7 + p);
        pos > 0 && bytes[pos - 1] == b'.' && after.is_some_and(|a| bytes[a] == b'=' && bytes.get(a + 1) != Some(&b'='))
    })
}
