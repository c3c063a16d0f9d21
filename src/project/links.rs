//! What one file links to: the scripts a page runs (in document order), the modules a file
//! imports, the templates a template includes, whether a `package.json` belongs to a bundled
//! app, and which SDK the file uses. Recorded in the per-file pass, cheaply (no parse is added
//! for it), and joined into migration units by `units`.

use aho_corasick::AhoCorasick;
use memchr::memmem;
use std::sync::LazyLock;

use crate::diagnostic::Diagnostic;
use crate::rules::wx_script_tag::{classify, LegacyScript};
use crate::source::view_blocks::{self, LayoutSlots, ViewRegion};
use crate::source::{layout, template, Engine, Extracted, FileKind, ScriptTiming};

/// One script a page runs, in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageScript {
    /// `<script src>`: the value as written; `at` is where the tag ends.
    Src {
        at: usize,
        src: String,
        timing: ScriptTiming,
    },
    /// An inline script; `registers` when it configures the SDK first thing (see
    /// [`FileLinks::registers`]), at the byte offset `at`.
    Inline {
        at: usize,
        timing: ScriptTiming,
        registers: bool,
        /// It can declare the registration gate (see [`FileLinks::offers_gate`]).
        offers_gate: bool,
        /// It calls `wx.config` somewhere (see [`FileLinks::configures`]).
        configures: bool,
    },
    /// A server template pulled in here (`<%@ include %>`, `{% include %}`): its scripts run at
    /// this point of the page. A `layout` is one the page extends (`@extends`, `{% extends %}`,
    /// Razor's `Layout =`, Thymeleaf's `layout:decorate`): the page's own blocks render where
    /// the layout yields them, so the layout's scripts do not all run before the page's.
    Include { at: usize, name: String, layout: bool },
}

/// The file name a script's `src` names: `js/pick.js?v=2` gives `pick.js`.
fn src_file_name(src: &str) -> Option<&str> {
    let path = src.split(['?', '#']).next()?;
    path.rsplit(['/', '\\']).next().filter(|name| !name.is_empty())
}

impl PageScript {
    /// Where it stands in the page.
    pub fn at(&self) -> usize {
        match self {
            PageScript::Src { at, .. } | PageScript::Inline { at, .. } | PageScript::Include { at, .. } => *at,
        }
    }
}

/// An `import`/`require` specifier as written; `dynamic` for `import()`, whose module may run
/// after the importer's body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    pub specifier: String,
    pub dynamic: bool,
    /// A package name that may stand for the SDK (`Wx`, `weixin`): a bundler's `externals`
    /// can map it to the global `wx` (project/resolve.rs). Not a file of the project.
    pub package: bool,
}

/// Which SDK a file uses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SdkUse {
    /// Legacy use the check fails on (any error finding of a legacy rule).
    pub legacy: bool,
    /// Code that reads the global `wx`/`jWeixin` (directly or through `window.`), so the page
    /// must load the SDK with a script tag.
    pub legacy_global: bool,
    /// It reads the global `wx`/`jWeixin` only in `typeof` tests: on a page that loads neither
    /// SDK, `typeof wx` and `typeof ww` are both `'undefined'`.
    pub global_only_in_typeof: bool,
    /// Code that imports or requires a legacy package, so its `package.json` depends on it.
    pub legacy_import: bool,
    /// A page that loads jweixin with a `<script>` tag.
    pub legacy_tag: bool,
    /// Code already on `@wecom/jssdk`: the global `ww`, or an import of the package.
    pub wecom: bool,
    /// A page that loads the `@wecom/jssdk` browser build.
    pub wecom_tag: bool,
    /// The file could not be read or parsed, so it may use either: a unit holding it cannot
    /// be shown to move whole.
    pub unknown: bool,
}

impl SdkUse {
    pub fn any(self) -> bool {
        self.legacy || self.legacy_global || self.legacy_tag || self.wecom || self.wecom_tag || self.unknown
    }

    /// It loads an SDK with a script tag (jweixin or `@wecom/jssdk`): a page for the code of
    /// its unit.
    pub fn loads_sdk(self) -> bool {
        self.legacy_tag || self.wecom_tag
    }

    /// Legacy use that must change, or a file that could not be checked.
    pub fn must_change(self) -> bool {
        self.legacy || self.unknown
    }
}

/// Everything the project layer needs to know about one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileLinks {
    pub sdk: SdkUse,
    /// For pages: the scripts they run and the templates they include, in document order.
    pub scripts: Vec<PageScript>,
    pub imports: Vec<Import>,
    /// For a script file: it configures the SDK first thing, once: a `wx.config(...)` statement
    /// at its top level, not inside a function, a condition or a callback, and no other
    /// configuration (nor agent configuration) in the file. Code that runs after it finds
    /// `ww.register` done.
    pub registers: bool,
    /// For a classic script: it configures the SDK once, in a statement of its own, and no
    /// agent, so its fix can declare the registration gate (rules/ready_gate.rs) at its top
    /// level, a page global that later scripts of the page wait on.
    pub offers_gate: bool,
    /// Where its last script block that calls `wx.ready` and does not configure the SDK
    /// starts ([`FileLinks::waits_unconfigured`]).
    pub last_waiting_block: Option<usize>,
    /// It calls `wx.invoke` or `wx.on`.
    pub raw_calls: bool,
    /// One of its script blocks calls `wx.invoke` or `wx.on` and does not configure: what a
    /// configuring block of the same page cannot see for itself.
    pub raw_calls_unconfigured: bool,
    /// One of its `wx.config` calls does not write `beta: true` in an object literal: a fact
    /// about the page's `wx.invoke` calls elsewhere may change its fix.
    pub configs_without_beta: bool,
    /// It calls `wx.config` somewhere (not only first thing).
    pub configures: bool,
    /// It configures an agent (`wx.agentConfig`, `wx.invoke('agentConfig', ...)`).
    pub agent_config: bool,
    /// One of its script blocks uses the SDK and does not configure it: only there can the
    /// unit's configuration elsewhere change a finding.
    pub unconfigured_block: bool,
    /// How it stores or reads properties that may hold the SDK object (sdk/stores.rs),
    /// sorted, each once; a Vue template's mention of such a name counts as another read.
    pub holders: Vec<crate::sdk::stores::HolderUse>,
    /// Top-level function parameters used only to call the SDK, and the calls of free
    /// functions that pass the SDK object (sdk/params.rs).
    pub sdk_params: Vec<crate::sdk::params::SdkParam>,
    pub sdk_passes: Vec<crate::sdk::params::SdkPass>,
    /// Functions other files call (exported, or a classic script's globals) that configure the
    /// SDK (sdk/configurators.rs): the unit counts their calls.
    pub configurators: Vec<crate::sdk::configurators::Configurator>,
    /// Functions a classic script block that uses the SDK declares at its top level, and the
    /// methods of its global objects, which the page's event attributes may call
    /// (sdk/handlers.rs): the unit tells which only they call.
    pub page_functions: Vec<crate::sdk::handlers::PageFunction>,
    /// A page, or a script with such functions, whose text may hold an event attribute
    /// (sdk/handlers.rs): only then can the unit show that event attributes call them.
    pub may_hold_event_attributes: bool,
    /// How many `wx.error` calls (configuration-failure handlers) it holds, and how many of
    /// those pass an empty function: jweixin kept one handler per page, the last one
    /// registered.
    pub error_handlers: usize,
    pub empty_error_handlers: usize,
    /// For a page: where each of its script blocks that calls `wx.error` starts, so a relay
    /// its configuring block declares can take the handlers of its later blocks.
    pub error_blocks: Vec<usize>,
    /// It uses a member no jweixin build has on the global SDK (`wx.localId = ...`): where its
    /// unit loads jweixin, that is jweixin's object, and the rules report it.
    pub foreign_members: bool,
    /// For a server template: where its conditionals and loops end (`<?php } ?>`, `</c:if>`,
    /// `@endif`, `{% endif %}`, `</#if>`...), or `usize::MAX` for a Razor page that has any (its
    /// closing brace is plain markup). A script block before such an end may not render while a later
    /// one does, so the later one cannot count on what the earlier one declares or runs.
    pub conditional_ends: Vec<usize>,
    /// A script with no SDK use that mentions a function that receives the SDK object.
    pub mentions_sdk_functions: bool,
    /// A script a page loads that the run does not read or rewrite (a minified file, build
    /// output, `node_modules`, an excluded or ignored file), read only for its SDK use
    /// (run/left_out.rs): what kind of file it is.
    pub left_out: Option<&'static str>,
    /// Set by the project layer: the file declares a function whose parameter the unit proves
    /// receives the SDK object, so its own findings appear only once it is checked with that
    /// fact (it is checked again then).
    pub declares_sdk_functions: bool,
    /// Set by the project layer: the file's import specifiers that name a copy of jweixin under
    /// a name that does not say so (the run skips the copy for its content), so it uses
    /// jweixin through them; it is checked again with them taken as legacy imports.
    pub sdk_copy_imports: Vec<String>,
    /// For a `package.json`: the package is built by a bundler (webpack, Vite, vue-cli, ...),
    /// so its modules run together in its entry pages.
    pub bundled: bool,
    /// For a `package.json`, a dependency that drives the global legacy SDK itself (a wrapper
    /// such as `wecom-sidebar-jssdk` calls `window.wx`), which switching the page breaks; for
    /// a module, such a package it imports (declared or not: an example app may import its own
    /// repository's package through a link).
    pub global_sdk_wrapper: Option<String>,
    /// For a script: it is a bundler's runtime that loads chunks by computed names (webpack's
    /// `webpackJsonp`), so it reaches the scripts beside it that no tag names.
    pub loads_chunks: bool,
    /// For a template: where it renders the view a framework wraps in it, if it is written
    /// as a layout (`<?php echo $content ?>`, `<%= yield %>`, `@RenderBody()`).
    pub view_content_at: Option<usize>,
    /// For a Razor, Blade or Twig/Jinja layout: where it renders the view's body and each
    /// named block (view_blocks.rs).
    pub layout_slots: LayoutSlots,
    /// For a Razor, Blade, Twig/Jinja or ERB view: its named blocks and the text between
    /// them, or `None` when they cannot be read with certainty.
    pub view_regions: Option<Vec<ViewRegion>>,
    /// For a Razor view: it sets `Layout = null`, so no layout wraps it.
    pub without_layout: bool,
    /// For a page: the `src` of each `<iframe>` and `<frame>` it holds, as written. A framed
    /// page may use its parent's SDK (`parent.wx`, `window.top.wx`), so the two move together.
    /// Also the scripts its code loads while it runs (`$.getScript('js/a.js')`, a script
    /// element's `src`), which run in the page and so move with it.
    pub frames: Vec<String>,
    /// For a server template that loads jweixin: it is not a whole document (it does not both
    /// open and close one: a header partial opens it, a footer closes it, a plain partial does
    /// neither) and includes no other template, so it is a fragment that other templates pull
    /// in, not a page of its own. (A static `.html` page may leave those tags out, and is
    /// served as it is; one that opens the document and never closes it is a header.)
    pub fragment: bool,
    /// It writes a `<script>` tag for jweixin while the page runs (`document.write`, a script
    /// element it creates, a server-side `echo`), which no fix switches.
    pub writes_sdk_tag: bool,
    /// Its code loads jweixin itself (`head.script` in `nuxt.config.js`, `useScriptTag`, a
    /// script element it creates): a `wx-script-tag` finding in a script, which has no fix.
    pub code_loads_sdk: bool,
    /// For a page: which jweixin build each of its legacy script tags loads (sdk_build.rs).
    pub sdk_builds: Vec<super::sdk_build::BuildSource>,
}

impl FileLinks {
    /// How many of its scripts can declare the registration gate: the file itself as a
    /// classic script (`offers_gate`), or its inline scripts as a page.
    pub fn gate_scripts(&self) -> usize {
        self.offers_gate as usize
            + self
                .scripts
                .iter()
                .filter(|s| matches!(s, PageScript::Inline { offers_gate: true, .. }))
                .count()
    }

    /// One of its blocks calls `wx.ready` and does not configure the SDK.
    pub fn waits_unconfigured(&self) -> bool {
        self.last_waiting_block.is_some()
    }

    /// For a page: the file names of the scripts it loads (`js/pick.js?v=2` gives `pick.js`).
    pub fn loaded_script_names(&self) -> impl Iterator<Item = &str> {
        self.scripts.iter().filter_map(|s| match s {
            PageScript::Src { src, .. } => src_file_name(src),
            _ => None,
        })
    }

    /// It calls `wx.config`, as a script file or in one of its inline scripts.
    pub fn configures_anywhere(&self) -> bool {
        self.configures
            || self
                .scripts
                .iter()
                .any(|s| matches!(s, PageScript::Inline { configures: true, .. }))
    }
}

/// npm packages that wrap the global `wx` rather than bundle an SDK of their own: a page
/// whose tag moves to `@wecom/jssdk` breaks them.
const GLOBAL_SDK_WRAPPERS: &[&str] = &["wecom-sidebar-jssdk"];

/// Whether code names package `name` in a string, as an import or a require does (`'name'`,
/// `"name/sub/path"`), outside a line comment.
fn names_package(text: &str, name: &str) -> bool {
    let bytes = text.as_bytes();
    memmem::find_iter(bytes, name.as_bytes()).any(|at| {
        let quote = at.checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(at + name.len()).copied();
        matches!(quote, Some(b'\'' | b'"')) && (after == quote || after == Some(b'/')) && !in_line_comment(bytes, at)
    })
}

/// Tools whose name in a `package.json` (as a dependency, or in a script such as
/// `vue-cli-service build`) means the app is bundled.
const BUNDLERS: &[&str] = &[
    "webpack",
    "vite",
    "vue-cli-service",
    "@vue/cli-service",
    "react-scripts",
    "parcel",
    "parcel-bundler",
    "rollup",
    "@dcloudio/uni-app",
    "@dcloudio/vue-cli-plugin-uni",
    "uni-app",
    "next",
    "nuxt",
    "umi",
    "@umijs/max",
    "@tarojs/taro",
    "esbuild",
    "browserify",
    "@rsbuild/core",
    "@rspack/core",
    "snowpack",
    "fis3",
    "quasar",
    "@angular/cli",
    "ng",
];

static BUNDLER_NAMES: LazyLock<AhoCorasick> =
    LazyLock::new(|| AhoCorasick::new(BUNDLERS).expect("the bundler names are valid patterns"));

/// Whether a `package.json` names a bundler as a whole word (`"vite"`, `vite build`, not
/// `invite`).
pub fn is_bundled_package(text: &str) -> bool {
    let bytes = text.as_bytes();
    let word = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
    BUNDLER_NAMES.find_overlapping_iter(bytes).any(|m| {
        !word(m.start().checked_sub(1).and_then(|i| bytes.get(i))) && !word(bytes.get(m.end())) && {
            // `ng` and `next` only as a command or a dependency name in quotes.
            let name = &text[m.start()..m.end()];
            !matches!(name, "ng" | "next" | "umi") || bytes.get(m.start().wrapping_sub(1)) == Some(&b'"')
        }
    })
}

/// What the parsed blocks of a file showed about its use of the legacy SDK.
#[derive(Debug, Clone, Default)]
pub struct BlockUses {
    /// It reads the global `wx`/`jWeixin`.
    pub global: bool,
    /// A block that does not parse names the legacy SDK: what it does with it is not known.
    pub unparsed_sdk: bool,
    /// Every block that reads the global SDK reads it only as `typeof`'s operand.
    pub global_only_in_typeof: bool,
    /// It imports or requires a legacy package.
    pub import: bool,
    /// Where its `wx.config(...)` statements at the top level of a block start.
    pub top_level_configs: Vec<usize>,
    /// It configures an agent (`wx.agentConfig`, `wx.invoke('agentConfig', ...)`).
    pub agent_config: bool,
    /// One of its blocks uses the SDK without configuring it there.
    pub unconfigured_block: bool,
    /// Where its classic-script blocks that can declare the registration gate start.
    pub gate_blocks: Vec<usize>,
    /// Where its blocks that call `wx.config` start.
    pub config_blocks: Vec<usize>,
    /// One of its blocks calls `wx.invoke` or `wx.on`.
    pub raw_calls: bool,
    /// One of its blocks calls `wx.invoke` or `wx.on` and does not configure.
    pub raw_calls_unconfigured: bool,
    /// One of its `wx.config` calls does not write `beta: true` in an object literal.
    pub configs_without_beta: bool,
    /// Where its last block that calls `wx.ready` and does not configure the SDK starts.
    pub last_waiting_block: Option<usize>,
    /// How its blocks store or read properties that may hold the SDK object.
    pub holders: Vec<crate::sdk::stores::HolderUse>,
    /// Top-level function parameters used only to call the SDK (sdk/params.rs).
    pub sdk_params: Vec<crate::sdk::params::SdkParam>,
    /// Calls of free functions that pass the SDK object.
    pub sdk_passes: Vec<crate::sdk::params::SdkPass>,
    /// Functions other files call that configure the SDK (sdk/configurators.rs).
    pub configurators: Vec<crate::sdk::configurators::Configurator>,
    /// Functions its blocks that use the SDK declare that event attributes may call.
    pub page_functions: Vec<crate::sdk::handlers::PageFunction>,
    /// How many `wx.error` calls its blocks hold, and how many of those pass an empty function.
    pub error_handlers: usize,
    pub empty_error_handlers: usize,
    /// Where each of its blocks that calls `wx.error` starts.
    pub error_blocks: Vec<usize>,
    /// One of its blocks uses a member no jweixin build has on the global SDK
    /// (`SdkModel::reads_foreign_member`).
    pub foreign_members: bool,
}

/// The links of one file, from its text, what was extracted from it, its findings, and what
/// its parsed blocks showed.
pub fn links_of(
    kind: FileKind,
    text: &str,
    extracted: Option<&Extracted>,
    diagnostics: &[Diagnostic],
    uses: &BlockUses,
) -> FileLinks {
    let top_level_configs = &uses.top_level_configs;
    let mut links = FileLinks {
        sdk: SdkUse {
            legacy: diagnostics
                .iter()
                .any(|d| d.must_change() && !d.rule.is_parse_failure()),
            legacy_global: uses.global,
            global_only_in_typeof: uses.global && uses.global_only_in_typeof,
            legacy_import: uses.import,
            unknown: uses.unparsed_sdk,
            ..SdkUse::default()
        },
        ..FileLinks::default()
    };
    // A registration with an agent configuration does not register first in the sense the
    // rules rely on: `ww.ensureConfigReady()` then waits for the agent configuration too,
    // where jweixin's ready callbacks ran after the corp configuration alone.
    let registers = top_level_configs.len() == 1 && config_count(diagnostics) == 1 && !uses.agent_config;
    links.configures = config_count(diagnostics) > 0;
    links.agent_config = uses.agent_config;
    links.unconfigured_block = uses.unconfigured_block;
    links.last_waiting_block = uses.last_waiting_block;
    links.raw_calls = uses.raw_calls;
    links.raw_calls_unconfigured = uses.raw_calls_unconfigured;
    links.configs_without_beta = uses.configs_without_beta;
    links.holders = uses.holders.clone();
    if kind == FileKind::Vue {
        if let Some(extracted) = extracted {
            links.holders.extend(template_holder_mentions(text, extracted));
        }
    }
    // A page's own markup can be a Vue template too (Vue from a CDN, `new Vue({ el: '#app' })`),
    // and so can a string in a script (`template: '<button @click="wx.closeWindow()">'`): its
    // directives and mustaches read the component's properties.
    if matches!(kind, FileKind::Html | FileKind::Template(_) | FileKind::Script { .. }) {
        links.holders.extend(markup_expression_mentions(text));
    }
    links.holders.sort();
    links.holders.dedup();
    links.sdk_params = uses.sdk_params.clone();
    links.sdk_passes = uses.sdk_passes.clone();
    links.configurators = uses.configurators.clone();
    links.page_functions = uses.page_functions.clone();
    links.error_handlers = uses.error_handlers;
    links.empty_error_handlers = uses.empty_error_handlers;
    links.error_blocks = uses.error_blocks.clone();
    links.foreign_members = uses.foreign_members;
    if kind != FileKind::PackageJson
        && writes_sdk_tag(text, extracted, kind == FileKind::Template(crate::source::Engine::Pug))
    {
        // The page loads jweixin at run time: the unit sees the SDK loaded, and no fix can
        // switch how.
        links.writes_sdk_tag = true;
        links.sdk.legacy_tag = true;
        links.sdk_builds.push(super::sdk_build::BuildSource::Unknown);
    }
    match kind {
        FileKind::PackageJson => {
            links.bundled = is_bundled_package(text);
            links.global_sdk_wrapper = GLOBAL_SDK_WRAPPERS
                .iter()
                .find(|name| text.contains(&format!("\"{name}\"")))
                .map(|name| name.to_string());
            links.sdk.wecom = text.contains("\"@wecom/jssdk\"");
        }
        FileKind::Script { .. } | FileKind::Vue | FileKind::ScriptTemplate(_) => {
            links.code_loads_sdk = diagnostics
                .iter()
                .any(|d| d.rule == crate::rules::RuleId::WxScriptTag && d.must_change());
            links.imports = imports(text);
            if matches!(kind, FileKind::Script { .. }) {
                links.imports.extend(sprockets_requires(text));
            }
            links.frames = scripts_loaded_at_run_time(text);
            links.global_sdk_wrapper = GLOBAL_SDK_WRAPPERS
                .iter()
                .find(|w| names_package(text, w))
                .map(|w| w.to_string());
            links.loads_chunks = kind != FileKind::Vue && loads_chunks(text);
            links.sdk.wecom = uses_wecom(text);
            links.registers = registers;
            links.offers_gate = !uses.gate_blocks.is_empty();
            if let Some(extracted) = extracted {
                note_tags(&mut links, extracted);
            }
        }
        FileKind::Html | FileKind::Template(_) => {
            let engine = match kind {
                FileKind::Template(engine) => Some(engine),
                _ => None,
            };
            let included = template::includes(text, engine);
            links.view_content_at = template::view_content_at(text, engine);
            links.frames = frame_sources(text);
            links.frames.extend(scripts_loaded_at_run_time(text));
            if let Some(extracted) = extracted {
                note_tags(&mut links, extracted);
                // (asked only of a page that loads jweixin: the unit layer keeps the files
                // whose links say anything; a template that extends or includes others, such
                // as a Twig or JSP page whose layout or header holds `<html>`, is a page)
                links.fragment = links.sdk.legacy_tag
                    && included.is_empty()
                    && match kind {
                        FileKind::Template(engine) if engine.indented() => {
                            !crate::source::indented::holds_document(text)
                        }
                        FileKind::Template(_) => !holds_whole_document(text),
                        // (a static page may leave the document's tags out, but one that writes
                        // `<body>` and never closes it is a header another page pulls in:
                        // ThinkPHP's `View/Public/header.html`)
                        _ => opens_body_without_closing(text),
                    };
                let mut scripts: Vec<(usize, PageScript)> = extracted
                    .sources
                    .iter()
                    .map(|s| {
                        (
                            s.tag.start,
                            PageScript::Src {
                                at: s.tag.end,
                                src: s.src.clone(),
                                timing: s.timing,
                            },
                        )
                    })
                    .collect();
                for block in &extracted.blocks {
                    let body = &text[block.range.clone()];
                    links.imports.extend(imports(body));
                    links.sdk.wecom |= uses_wecom(body);
                    let timing = if block.module {
                        ScriptTiming::Deferred
                    } else {
                        ScriptTiming::Parser
                    };
                    scripts.push((
                        block.range.start,
                        PageScript::Inline {
                            at: block.range.start,
                            timing,
                            registers: registers && top_level_configs.iter().all(|&at| block.range.contains(&at)),
                            offers_gate: uses.gate_blocks.contains(&block.range.start),
                            configures: uses.config_blocks.contains(&block.range.start),
                        },
                    ));
                }
                scripts.extend(included.into_iter().map(|(at, name)| {
                    let layout = template::extends_layout(&text[at..]);
                    (at, PageScript::Include { at, name, layout })
                }));
                // Tags the page writes while it is served or runs (a PHP `echo`,
                // `document.write`) load their scripts too; no fix switches them, but they
                // join the page's unit.
                scripts.extend(written_script_tags(text, extracted).into_iter().map(|(at, src)| {
                    (
                        at,
                        PageScript::Src {
                            at,
                            src,
                            timing: ScriptTiming::Parser,
                        },
                    )
                }));
                scripts.sort_by_key(|(at, _)| *at);
                links.scripts = scripts.into_iter().map(|(_, s)| s).collect();
            }
        }
    }
    // (a page that runs no script calls no function of one)
    links.may_hold_event_attributes = (!links.scripts.is_empty() || !links.page_functions.is_empty())
        && crate::sdk::handlers::may_hold_event_attributes(text);
    // Where a layout renders a view's blocks places the scripts of a template that matters
    // for other reasons; it links nothing, so it does not make a shared partial part of the
    // graph (which would join every page that includes it into one unit).
    if let FileKind::Template(engine @ (Engine::Razor | Engine::Blade | Engine::Jinja | Engine::Erb)) = kind {
        if links != FileLinks::default() {
            links.layout_slots = view_blocks::layout_slots(text, engine);
            links.view_regions = view_blocks::view_regions(text, engine);
            links.without_layout = engine == Engine::Razor && sets_no_layout(text);
        }
    }
    // (only where the file matters otherwise: a template with no SDK use and no links stays
    // out of the project, and its conditionals with it)
    if let (FileKind::Template(engine) | FileKind::ScriptTemplate(engine), true) = (kind, links != FileLinks::default())
    {
        links.conditional_ends = conditional_ends(text, engine);
    }
    links
}

/// The `src` of each `<iframe>` or `<frame>` outside HTML comments, as written (local pages
/// only: an address with a scheme or `//` names another site).
fn frame_sources(text: &str) -> Vec<String> {
    use crate::source::tag_scanner::parse_tag;
    memchr::memchr_iter(b'<', text.as_bytes())
        .filter(|&at| !crate::source::layout::in_html_comment(text, at))
        .filter_map(|at| parse_tag(text, at))
        .filter(|tag| !tag.end_tag && (tag.is(text, "iframe") || tag.is(text, "frame")))
        .filter_map(|tag| tag.attr_value(text, "src").map(|src| src.trim().to_string()))
        .filter(|src| {
            !src.is_empty()
                && !src.contains("://")
                && !src.starts_with("//")
                && !src.starts_with("javascript:")
                && !src.starts_with("about:")
        })
        .collect()
}

/// The scripts code loads while the page runs, by a literal address: `$.getScript('js/a.js')`
/// (`jQuery.getScript`), and, where the code creates a script element, a `.src = 'js/a.js'` or
/// `setAttribute('src', 'js/a.js')` (helper-34: the page moved, the script it loads stayed on
/// `wx`). Local `.js` addresses only.
fn scripts_loaded_at_run_time(text: &str) -> Vec<String> {
    // The quoted local `.js` address that `rest` starts with.
    let quoted = |rest: &str| -> Option<String> {
        let rest = rest.trim_start();
        let quote = rest.chars().next().filter(|q| matches!(q, '"' | '\'' | '`'))?;
        let len = rest[1..].find(quote)?;
        let value = rest[1..1 + len].trim();
        let local = !value.contains("://") && !value.starts_with("//") && !value.contains(['+', '$', '{', '\n']);
        (local && value.split(['?', '#']).next()?.ends_with(".js")).then(|| value.to_string())
    };
    let after = |at: usize, keyword: &str| &text[at + keyword.len()..];
    let mut found: Vec<String> = text
        .match_indices("getScript(")
        .filter_map(|(at, m)| quoted(after(at, m)))
        .collect();
    if text.contains("createElement('script')") || text.contains("createElement(\"script\")") {
        for (at, m) in text.match_indices(".src") {
            let assigned = after(at, m)
                .trim_start()
                .strip_prefix('=')
                .filter(|r| !r.starts_with('='));
            found.extend(assigned.and_then(quoted));
        }
        for (at, m) in text.match_indices("setAttribute(") {
            let rest = after(at, m).trim_start();
            let value = ["'src'", "\"src\""]
                .iter()
                .find_map(|name| rest.strip_prefix(name))
                .and_then(|r| r.trim_start().strip_prefix(','));
            found.extend(value.and_then(quoted));
        }
    }
    found
}

/// Legacy `wx.config` findings in a file.
fn config_count(diagnostics: &[Diagnostic]) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.rule == crate::rules::RuleId::WxConfig)
        .count()
}

/// Names that may hold the SDK object in a page's template expressions: the values of Vue
/// directives (`@click="wx.closeWindow()"`, `:disabled="!wx"`, `v-if="wx"`) and mustaches
/// (`{{ wx.x }}`).
fn markup_expression_mentions(text: &str) -> Vec<crate::sdk::stores::HolderUse> {
    let mut expressions: Vec<&str> = Vec::new();
    let bytes = text.as_bytes();
    let values = memmem::find_iter(bytes, b"=\"").chain(memmem::find_iter(bytes, b"='"));
    for at in values {
        let name_start = bytes[..at]
            .iter()
            .rposition(|b| b.is_ascii_whitespace() || *b == b'<')
            .map_or(0, |p| p + 1);
        let name = &text[name_start..at];
        if !(name.starts_with("v-") || name.starts_with(':') || name.starts_with('@')) {
            continue;
        }
        let quote = bytes[at + 1] as char;
        if let Some(len) = text[at + 2..].find(quote) {
            expressions.push(&text[at + 2..at + 2 + len]);
        }
    }
    for at in memmem::find_iter(bytes, b"{{") {
        if let Some(len) = text[at + 2..].find("}}") {
            expressions.push(&text[at + 2..at + 2 + len]);
        }
    }
    expressions.iter().flat_map(|e| holder_words(e)).collect()
}

/// The words of `text` that may name the SDK object (`wx`, `$wx`, `qyWx`), each as a use the
/// tool cannot read as a call: template text where no expression is parsed.
fn holder_words(text: &str) -> impl Iterator<Item = crate::sdk::stores::HolderUse> + '_ {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$'))
        .filter(|word| crate::sdk::stores::is_holder_name(word))
        .map(|word| crate::sdk::stores::HolderUse::Other(word.to_string()))
}

/// Names that may hold the SDK object, mentioned outside a `.vue` file's script blocks (its
/// template calls `$wx.closeWindow()` where the tool parses no expression).
fn template_holder_mentions(text: &str, extracted: &Extracted) -> Vec<crate::sdk::stores::HolderUse> {
    let mut outside = String::with_capacity(text.len());
    let mut at = 0;
    for block in &extracted.blocks {
        outside.push_str(&text[at..block.range.start.max(at)]);
        at = at.max(block.range.end);
    }
    outside.push_str(&text[at.min(text.len())..]);
    holder_words(&outside).collect()
}

/// The SDK script tags of a page (or a `.vue` file's template).
fn note_tags(links: &mut FileLinks, extracted: &Extracted) {
    for source in &extracted.sources {
        match classify(&source.src) {
            Some(kind) => {
                links.sdk.legacy_tag |= kind == LegacyScript::Jweixin;
                links.sdk_builds.push(super::sdk_build::of_tag(&source.src));
            }
            None if is_wecom_script(&source.src) => links.sdk.wecom_tag = true,
            None => {}
        }
    }
}

/// Whether a script is part of a webpack build that loads chunks by computed names: the
/// runtime and every chunk name webpack's JSONP callback (`webpackJsonp` in webpack 2-4,
/// `webpackChunk` in 5), which minifying keeps.
fn loads_chunks(text: &str) -> bool {
    static MARKERS: LazyLock<AhoCorasick> =
        LazyLock::new(|| AhoCorasick::new(["webpackJsonp", "webpackChunk"]).expect("valid patterns"));
    MARKERS.is_match(text)
}

/// The `src` of each `<script src>` tag a page writes as text (in a PHP `echo`, a
/// `document.write`, a string), which the markup reader does not see as a tag: (where it
/// stands, the `src`). Tags in HTML comments do not count; an escaped quote (`\"`) delimits
/// like a quote.
fn written_script_tags(text: &str, extracted: &Extracted) -> Vec<(usize, String)> {
    static OPEN: LazyLock<AhoCorasick> = LazyLock::new(|| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(["<script"])
            .expect("valid patterns")
    });
    let mut found = Vec::new();
    for m in OPEN.find_iter(text) {
        let at = m.start();
        if extracted.sources.iter().any(|s| s.tag.start == at) {
            continue;
        }
        if layout::in_html_comment(text, at) {
            continue;
        }
        let Some(end) = text[at..].find('>').map(|p| at + p) else {
            continue;
        };
        let tag = &text[at..end];
        let Some(src_at) = tag.to_ascii_lowercase().find("src=") else {
            continue;
        };
        let value = tag[src_at + 4..].trim_start_matches('\\');
        let Some(quote) = value.chars().next().filter(|c| matches!(c, '"' | '\'')) else {
            continue;
        };
        let value = &value[1..];
        let len = value.find([quote, '\\']).unwrap_or(value.len());
        let src = value[..len].trim();
        // (a value built by the page, `src="' + url + '"`, names no file)
        if !src.is_empty() && !src.contains(['+', '$', '{', '<']) {
            found.push((at, src.to_string()));
        }
    }
    found
}

/// Whether a file writes a `<script>` tag for jweixin while the page runs: a line that names a
/// `jweixin*.js`/`jwxwork*.js` address outside the page's own script tags, and writes a tag or
/// a `src` there (`document.write('<script src=".../jweixin-1.0.0.js">')`,
/// `s.src = '.../jweixin-1.6.0.js'`, PHP's `echo '<script src=...>'`). Comment lines do not
/// count.
fn writes_sdk_tag(text: &str, extracted: Option<&Extracted>, pug: bool) -> bool {
    const WRITERS: &[&str] = &[
        "document.write",
        "createElement",
        ".src",
        "src=",
        "src =",
        "echo",
        "print",
    ];
    let bytes = text.as_bytes();
    let in_tag = |at: usize| extracted.is_some_and(|e| e.sources.iter().any(|s| s.value.contains(&at)));
    ["jweixin", "jwxwork"].iter().any(|name| {
        memmem::find_iter(bytes, name.as_bytes()).any(|at| {
            let line_end = layout::line_end(text, at);
            let line = &text[layout::line_start(text, at)..line_end];
            let trimmed = line.trim_start();
            let comment = ["//", "/*", "*", "<!--", "#", "<%--"]
                .iter()
                .any(|c| trimmed.starts_with(c))
                || layout::in_html_comment(text, at)
                || (pug && crate::source::indented::in_pug_comment(text, at));
            let names_script = text[at..line_end]
                .split(['"', '\'', '`', ')', ' ', '<', '>'])
                .next()
                .is_some_and(|address| address.contains(".js"));
            !comment && names_script && !in_tag(at) && WRITERS.iter().any(|w| line.contains(w))
        })
    })
}

/// Whether a page's text is a whole document: it opens one (`<!doctype`, `<html`, `<head` or
/// `<body`, any case) and closes it (`</body>` or `</html>`), outside HTML comments. A header
/// partial opens the document and leaves it to a footer to close (ThinkPHP's and plain PHP's
/// `Public/header.php`); a footer closes what it did not open.
fn holds_whole_document(text: &str) -> bool {
    static OPENS: LazyLock<AhoCorasick> = LazyLock::new(|| tags(&["<!doctype", "<html", "<head", "<body"]));
    any_tag(text, &OPENS) && any_tag(text, &CLOSES)
}

/// Whether a page writes `<body>` and closes neither it nor `<html>`, outside HTML comments.
fn opens_body_without_closing(text: &str) -> bool {
    static BODY: LazyLock<AhoCorasick> = LazyLock::new(|| tags(&["<body"]));
    any_tag(text, &BODY) && !any_tag(text, &CLOSES)
}

static CLOSES: LazyLock<AhoCorasick> = LazyLock::new(|| tags(&["</body", "</html"]));

fn tags(names: &[&str]) -> AhoCorasick {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(names)
        .expect("valid patterns")
}

/// Whether `text` holds one of the tags `finder` looks for, outside HTML comments.
fn any_tag(text: &str, finder: &AhoCorasick) -> bool {
    finder
        .find_iter(text)
        .any(|m| !layout::in_html_comment(text, m.start()))
}

/// Whether a Razor view sets `Layout = null` (the layout `_ViewStart` gives it does not wrap
/// it).
fn sets_no_layout(text: &str) -> bool {
    memmem::find_iter(text.as_bytes(), b"Layout").any(|at| {
        let rest = text[at + "Layout".len()..].trim_start();
        rest.strip_prefix('=')
            .is_some_and(|value| value.trim_start().starts_with("null"))
    })
}

/// Whether a script URL loads the `@wecom/jssdk` browser build.
pub fn is_wecom_script(src: &str) -> bool {
    let lower = src.to_ascii_lowercase();
    lower.contains("wecom-jssdk") || lower.contains("@wecom/jssdk")
}

/// Whether code uses `@wecom/jssdk`: imports it, or calls a member of a `ww` (`ww.register`,
/// `window.ww.invoke`). A byte test: enough to tell a unit that already moved. A mention in a
/// line comment (`// then ww.register`, a JSDoc line) is not a use.
pub fn uses_wecom(text: &str) -> bool {
    let bytes = text.as_bytes();
    // The package named in a string (an import, a require), not in a comment that mentions it.
    if names_package(text, "@wecom/jssdk") {
        return true;
    }
    let own_ww = std::cell::OnceCell::new();
    memmem::find_iter(bytes, b"ww.").any(|at| {
        let before = at.checked_sub(1).map(|i| bytes[i]);
        let boundary = before.is_none_or(|b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'$'));
        let member = bytes.get(at + 3).is_some_and(|b| b.is_ascii_alphabetic());
        let global = before != Some(b'.') && !*own_ww.get_or_init(|| declares_ww(bytes));
        boundary && member && (global || bytes[..at].ends_with(b"window.")) && !in_line_comment(bytes, at)
    })
}

/// Whether code declares a `ww` of its own (`var ww = win.offset()`, a parameter `ww`), so
/// that its `ww.top` reads that value, not `@wecom/jssdk`'s global.
fn declares_ww(bytes: &[u8]) -> bool {
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'$';
    memmem::find_iter(bytes, b"ww").any(|at| {
        if (at > 0 && (ident(bytes[at - 1]) || bytes[at - 1] == b'.')) || bytes.get(at + 2).is_some_and(|&b| ident(b)) {
            return false;
        }
        let before = bytes[..at].trim_ascii_end();
        let after = bytes[at + 2..].trim_ascii_start();
        let declared = [&b"var"[..], b"let", b"const"].iter().any(|keyword| {
            before.ends_with(keyword)
                && before
                    .len()
                    .checked_sub(keyword.len() + 1)
                    .is_none_or(|i| !ident(before[i]))
        });
        let parameter_list_ends = after
            .strip_prefix(b")")
            .map(<[u8]>::trim_ascii_start)
            .is_some_and(|rest| rest.starts_with(b"{") || rest.starts_with(b"=>"));
        let parameter = (before.ends_with(b"(") || before.ends_with(b",")) && parameter_list_ends;
        declared || parameter || after.starts_with(b"=>")
    })
}

/// Whether offset `at` is in a comment that its line starts (`//`, `/*`, a JSDoc `*`) or after a
/// `//` that follows a space or tab.
fn in_line_comment(bytes: &[u8], at: usize) -> bool {
    let line_start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
    let line = &bytes[line_start..at];
    let code = line.trim_ascii_start();
    code.starts_with(b"//")
        || code.starts_with(b"/*")
        || code.starts_with(b"*")
        || memmem::find(line, b" //").is_some()
        || memmem::find(line, b"\t//").is_some()
}

/// The module specifiers a script imports, requires or re-exports, found by a byte scan for
/// `from '...'`, `import '...'`, `import('...')` and `require('...')`. Bare package names are
/// left out (the SDK packages are the resolver's business); a specifier in a comment costs
/// at most a link that resolves to nothing or joins two files that belong together anyway.
pub fn imports(text: &str) -> Vec<Import> {
    static KEYWORDS: LazyLock<[memmem::Finder<'static>; 3]> = LazyLock::new(|| {
        [
            memmem::Finder::new(b"from"),
            memmem::Finder::new(b"import"),
            memmem::Finder::new(b"require"),
        ]
    });
    let bytes = text.as_bytes();
    let mut found: Vec<(usize, Import)> = Vec::new();
    // One vectorised search per keyword: faster than one automaton for the three, whose
    // first bytes are common letters.
    for (keyword, finder) in KEYWORDS.iter().enumerate() {
        for start in finder.find_iter(bytes) {
            if let Some(import) = import_at(text, start, start + finder.needle().len(), keyword) {
                found.push((start, import));
            }
        }
    }
    found.sort_by_key(|(at, _)| *at);
    found.into_iter().map(|(_, import)| import).collect()
}

/// What a Rails asset manifest concatenates before its own code: the `//= require x`,
/// `//= require_tree dir` and `//= require_directory dir` directives of its header (the comment
/// lines before any code), as imports that `FileIndex::module` resolves: `sprockets:x` next to
/// the manifest, then in the application's asset paths; a tree `./dir/**` and a directory
/// `./dir/*` relative to the manifest, every script read below (in) it. A name found nowhere (a
/// gem's `jquery`) links nothing.
pub fn sprockets_requires(text: &str) -> Vec<Import> {
    let mut found = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let Some(comment) = line.strip_prefix("//").or_else(|| line.strip_prefix('*')) else {
            // (a block comment's opener, `/*`, may hold the first directive after it)
            if line.starts_with("/*") {
                continue;
            }
            break;
        };
        let Some(directive) = comment.trim_start().strip_prefix('=') else {
            continue;
        };
        let mut words = directive.split_whitespace();
        let (Some(verb), Some(name)) = (words.next(), words.next()) else {
            continue;
        };
        let name = name.trim_matches(['\'', '"']);
        let name = name.trim_start_matches("./");
        let specifier = match verb {
            // (resolved next to the manifest, then on the asset paths: resolve.rs)
            "require" => format!("sprockets:{name}"),
            "require_tree" => format!("./{}/**", name.trim_end_matches('/')).replace("/./", "/"),
            "require_directory" => format!("./{}/*", name.trim_end_matches('/')).replace("/./", "/"),
            _ => continue,
        };
        found.push(Import {
            specifier,
            dynamic: false,
            package: false,
        });
    }
    found
}

/// The import a keyword (`0` from, `1` import, `2` require) at `start..end` introduces, if a
/// local specifier follows it.
fn import_at(text: &str, start: usize, end: usize, keyword: usize) -> Option<Import> {
    let bytes = text.as_bytes();
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'$';
    if start > 0 && (ident(bytes[start - 1]) || bytes[start - 1] == b'.') {
        return None;
    }
    if bytes.get(end).is_some_and(|&b| ident(b)) {
        return None;
    }
    let mut i = end;
    while bytes.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
        i += 1;
    }
    let mut dynamic = false;
    if bytes.get(i) == Some(&b'(') {
        if keyword == 0 {
            return None; // `from(` is a call
        }
        dynamic = keyword == 1;
        i += 1;
        while bytes.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
            i += 1;
        }
    }
    let quote = *bytes.get(i)?;
    if !matches!(quote, b'\'' | b'"' | b'`') {
        return None;
    }
    let len = bytes[i + 1..]
        .iter()
        .take(512)
        .position(|&b| b == quote || b == b'\n')?;
    if bytes[i + 1 + len] != quote {
        return None;
    }
    let specifier = &text[i + 1..i + 1 + len];
    let package = !is_local_specifier(specifier) && may_name_the_sdk(specifier);
    (package || is_local_specifier(specifier)).then(|| Import {
        specifier: specifier.to_string(),
        dynamic,
        package,
    })
}

/// A package name that may stand for the SDK: it holds `wx` or `weixin` in any case.
fn may_name_the_sdk(specifier: &str) -> bool {
    let lower = specifier.to_ascii_lowercase();
    !lower.contains(['/', ' ']) && (lower.contains("wx") || lower.contains("weixin"))
}

/// Whether a specifier may name a file of the project: relative (`./`, `../`),
/// root-relative (`/`), behind an alias (`@/`, `~/`, `@utils/...`), or under `src/` (a
/// `baseUrl` of `.`). Other bare names are npm packages.
fn is_local_specifier(specifier: &str) -> bool {
    !specifier.is_empty()
        && !specifier.contains("${")
        && !specifier.contains("://")
        && !specifier.starts_with("@wecom/")
        && (specifier.starts_with(['.', '/', '~', '@']) || specifier.starts_with("src/"))
}

/// Where a server template's conditionals and loops end (`FileLinks::conditional_ends`).
fn conditional_ends(text: &str, engine: Engine) -> Vec<usize> {
    static ENDS: LazyLock<AhoCorasick> = LazyLock::new(|| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build([
                "<?php }",
                "<? }",
                "endif;",
                "endforeach;",
                "endwhile;",
                "endfor;",
                "</c:if>",
                "</c:when>",
                "</c:otherwise>",
                "</c:forEach>",
                "<% } %>",
                "<%}%>",
                "<% end",
                "<%- end",
                "</#if>",
                "</#list>",
                "</#switch>",
                "#end",
                "@endif",
                "@endforeach",
                "@endisset",
                "@endempty",
                "@endunless",
                "@endauth",
                "@endguest",
                "@endcan",
                "@endforelse",
                "@endwhile",
                "{% endif",
                "{%- endif",
                "{% endfor",
                "{%- endfor",
                "{{/if}}",
                "{{/each}}",
                "{{/unless}}",
                "{/if}",
                "{/foreach}",
                "</if>",
                "</present>",
                "</notpresent>",
                "</empty>",
                "</notempty>",
                "</volist>",
                "</foreach>",
                "</eq>",
                "</neq>",
            ])
            .expect("the patterns are valid")
    });
    if engine == Engine::Razor {
        let razor = ["@if", "@foreach", "@for ", "@for(", "@while", "@switch"];
        return match razor.iter().any(|k| text.contains(k)) {
            true => vec![usize::MAX],
            false => Vec::new(),
        };
    }
    ENDS.find_iter(text).map(|m| m.start()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn specs(text: &str) -> Vec<(String, bool)> {
        imports(text).into_iter().map(|i| (i.specifier, i.dynamic)).collect()
    }

    #[test]
    fn tags_a_page_writes_as_text_load_their_scripts() {
        let page = "<?php echo '<script src=\"/js/share.js\"></script>'; ?>\n<script src=\"js/app.js\"></script>\n<!-- <script src=\"js/old.js\"></script> -->\n<script>document.write('<script src=\\\"js/init.js\\\"><\\/script>'); var s = '<script src=\"' + url + '\">';</script>\n";
        let extracted = crate::source::html::extract(page, Some(crate::source::template::Engine::Php));
        let written: Vec<String> = written_script_tags(page, &extracted)
            .into_iter()
            .map(|(_, src)| src)
            .collect();
        assert_eq!(written, ["/js/share.js", "js/init.js"]);
    }

    #[test]
    fn template_expressions_in_markup_and_strings_name_their_properties() {
        let page = "<div id=\"app\"><button @click=\"wx.closeWindow()\">x</button><p :title='!qyWx'>{{ $wx.a }}</p><a href=\"https://res.wx.qq.com\" onclick=\"go()\">y</a></div>\n<script>Vue.component('c', { template: '<b v-if=\"wxSdk\"></b>' });</script>";
        let names: Vec<String> = markup_expression_mentions(page)
            .into_iter()
            .map(|h| h.name().to_string())
            .collect();
        assert_eq!(names, ["wx", "wxSdk", "qyWx", "$wx"]);
    }

    #[test]
    fn a_page_writes_the_sdk_tag_in_code_not_in_comments() {
        let echoed = "<?php\n  echo '<script src=\"http://res.wx.qq.com/open/js/jweixin-1.2.0.js\"></script>';\n?>\n";
        let commented = "<!--\n<script src=\"http://res.wx.qq.com/open/js/jweixin-1.0.0.js\"></script>\n-->\n<script>\n// s.src = 'jweixin-1.0.0.js';\n</script>\n";
        let engine = Some(crate::source::template::Engine::Php);
        assert!(writes_sdk_tag(
            echoed,
            Some(&crate::source::html::extract(echoed, engine)),
            false
        ));
        assert!(!writes_sdk_tag(
            commented,
            Some(&crate::source::html::extract(commented, engine)),
            false
        ));
    }

    #[test]
    fn scripts_code_loads_while_the_page_runs() {
        assert_eq!(
            scripts_loaded_at_run_time(
                "$.getScript('js/a.js', done); jQuery.getScript(\"/js/b.js?v=2\"); $.getScript(base + 'c.js');"
            ),
            ["js/a.js", "/js/b.js?v=2"]
        );
        let created = "var s = document.createElement('script'); s.src = 'js/share.js'; t.setAttribute('src', \"js/pay.js\"); if (s.src == 'x.js') {}";
        assert_eq!(scripts_loaded_at_run_time(created), ["js/share.js", "js/pay.js"]);
        assert!(scripts_loaded_at_run_time("img.src = 'a.js';").is_empty());
    }

    #[test]
    fn frames_of_a_page_are_its_local_iframes() {
        let page = "<iframe src=\"child.html\"></iframe><!-- <iframe src=\"old.html\"> --><IFRAME SRC='b/c.html'><iframe src=\"https://x.com/a.html\"><frame src=\"f.html\">";
        assert_eq!(frame_sources(page), ["child.html", "b/c.html", "f.html"]);
    }

    #[test]
    fn finds_imports_requires_and_reexports() {
        let text = "import a from './a'\nimport './b.js';\nexport * from \"../c\";\nconst d = require('./d');\nimport('@/views/e.vue').then(x);\nimport vue from 'vue';\nimport { x } from '@/utils/wx';\nfoo.from('./no'); importer('./no');";
        assert_eq!(
            specs(text),
            vec![
                ("./a".to_string(), false),
                ("./b.js".to_string(), false),
                ("../c".to_string(), false),
                ("./d".to_string(), false),
                ("@/views/e.vue".to_string(), true),
                ("@/utils/wx".to_string(), false),
            ]
        );
    }

    #[test]
    fn knows_wecom_code() {
        assert!(uses_wecom("ww.register({})"));
        assert!(uses_wecom("window.ww.invoke('a')"));
        assert!(uses_wecom("import * as sdk from '@wecom/jssdk'"));
        assert!(uses_wecom("const ww = require(\"@wecom/jssdk\");"));
        assert!(!uses_wecom(
            "// the page cannot move to `@wecom/jssdk` alone\nimport a from 'b';"
        ));
        assert!(!uses_wecom("/*\n * moves to @wecom/jssdk later\n */"));
        assert!(!uses_wecom("www.example.com; a.ww.b; ww; ww.3"));
        assert!(!uses_wecom("// a second ww.register sends none\nwx.config({});"));
        assert!(!uses_wecom("/**\n * then ww.register runs\n */\nwx.ready(f);"));
        assert!(!uses_wecom("wx.config({}); // not ww.register yet"));
        assert!(uses_wecom("wx.config({});\nww.register({});"));
        // A `ww` of the code's own: jQuery nicescroll's offset, a parameter.
        assert!(!uses_wecom(
            "function f(){ var ww = self.win.offset(); return ww.top; }"
        ));
        assert!(!uses_wecom("list.forEach(function (ww) { total += ww.width; });"));
        assert!(!uses_wecom("const sizes = items.map(ww => ww.width);"));
        assert!(uses_wecom("var www = 1; ww.register({});"));
        assert!(uses_wecom("init(ww); ww.register({});"));
        assert!(uses_wecom("var ww = 1; window.ww.register({});"));
    }

    #[test]
    fn bundled_packages() {
        assert!(is_bundled_package(
            "{\"devDependencies\": {\"@vue/cli-service\": \"^4\"}}"
        ));
        assert!(!is_bundled_package("{\"dependencies\": {\"express\": \"^4\"}}"));
    }
}
