//! The rules: one file per legacy pattern, the list of them, and the walk over a parsed block
//! that hands each use of the legacy SDK object to the rule that owns it.

mod alias_roots;
mod context;
mod error_handler;
mod error_relay;
mod file_role;
mod held_value;
pub mod levels;
mod list_edit;
mod merge;
mod moves;
mod object_form;
mod options;
// the name of a key written as an identifier or a string, for the SDK model's patterns too
pub(crate) use options::prop_name;
mod options_value;
mod planner;
mod probes;
mod ready_form;
mod ready_gate;
pub(crate) mod register;
mod repeated_config;
mod result_reads;
pub(crate) mod runs;
pub(crate) mod security_walk;
pub(crate) mod share_options;
mod signature_getter;
mod string_code;
mod timing;
pub(crate) mod walk;

pub(crate) mod ambiguous_template;
pub(crate) mod api_adapters;
pub(crate) mod event_attributes;
pub(crate) mod invalid_suppression;
pub(crate) mod security_client_signature;
pub(crate) mod security_secret_in_browser;
pub(crate) mod security_ticket_literal;
pub(crate) mod syntax_error;
pub(crate) mod unused_suppression;
pub(crate) mod wx_agent_config;
pub(crate) mod wx_api;
pub(crate) mod wx_config;
pub(crate) mod wx_error;
pub(crate) mod wx_import;
pub(crate) mod wx_invoke;
pub(crate) mod wx_object;
pub(crate) mod wx_on;
pub(crate) mod wx_ready;
pub(crate) mod wx_script_tag;

pub(crate) use context::{RuleContext, SdkCall};
pub(crate) use walk::check_block;

pub(crate) use options::every_config_says_beta;
pub(crate) use ready_gate::{site as gate_site, GateSite};

/// The default `@wecom/jssdk` browser build for pages (semantics.md §1.1, §1.10).
pub const DEFAULT_CDN_URL: &str = "https://wwcdn.weixin.qq.com/node/open/js/wecom-jssdk-2.3.1.js";

/// Choices that change which fixes the rules offer.
#[derive(Debug, Clone)]
pub struct RuleOptions {
    /// The `src` a jweixin script tag gets.
    pub cdn_url: String,
    /// Offer the named `ww.<api>` form (R6, unsafe) for `wx.invoke` of `identical` APIs.
    pub named_invoke: bool,
    /// The config file's `[rules]`: rules made warnings or turned off.
    pub levels: levels::RuleLevels,
    /// What the project layer proved about this file's migration unit (empty for a file
    /// checked on its own).
    pub unit: UnitFacts,
    /// The module the team says configures the SDK before any other code (`registrar`),
    /// absolute and normalised.
    pub registrar: Option<std::path::PathBuf>,
}

impl Default for RuleOptions {
    fn default() -> RuleOptions {
        RuleOptions {
            cdn_url: DEFAULT_CDN_URL.to_string(),
            named_invoke: false,
            levels: levels::RuleLevels::default(),
            unit: UnitFacts::default(),
            registrar: None,
        }
    }
}

/// Cross-file facts about one file, computed by the project layer from its migration unit
/// and handed to the rules (DESIGN.md: a rule never reaches across files itself).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnitFacts {
    /// `ww.register` provably runs before the file's code at or after this byte offset does
    /// (an earlier script of every page that loads it, or a module it imports, configures the
    /// SDK first thing), and why.
    pub registered_before: Option<(usize, String)>,
    /// Where `registered_before` proves nothing: the page's one script that can declare the
    /// registration gate (ready_gate.rs) runs its top level before the file's code at or after
    /// this offset, and why; a `wx.ready` then waits on the gate.
    pub gate_before: Option<(usize, String)>,
    /// Another file of the unit, or another script block of this page, calls `wx.invoke` or
    /// `wx.on`, which jweixin created only for `wx.config({ beta: true })`.
    pub raw_calls_elsewhere: bool,
    /// The file configures the SDK, and a page that runs it also runs another script that
    /// does (which page and scripts): the page configures more than once.
    pub configured_again_on_page: Option<String>,
    /// A later script of the file's unit waits on the registration gate: the file's
    /// `ww.register` fix declares it and resolves it (ready_gate.rs).
    pub declares_gate: bool,
    /// The file waits (`wx.ready`) and runs, on every page, before the one script that
    /// configures: its fix declares the registration gate itself, and why (ready_gate.rs).
    pub gate_declared_here: Option<String>,
    /// An earlier script of the unit declares the registration gate (`gate_declared_here`):
    /// the file's `ww.register` fix only resolves it.
    pub gate_declared_earlier: bool,
    /// The file reads the global SDK but no page of its unit loads one: why its fixes are only
    /// unsafe.
    pub page_missing: Option<String>,
    /// Some file of the unit configures the SDK, and none configures an agent: a call that
    /// runs on a later event finds `ww.register`'s handshake done, as jweixin's call found
    /// its configuration.
    pub configured_without_agent: bool,
    /// Properties that hold the SDK object (`Vue.prototype.$wx = wx`), stored and read only
    /// in ways that move together (sdk/stores.rs).
    pub proven_stores: Vec<String>,
    /// Properties the unit stores the SDK object in, but also reads another way.
    pub escaped_stores: Vec<String>,
    /// Function parameters that receive the SDK object at every call in the unit
    /// (sdk/params.rs).
    pub sdk_params: Vec<crate::sdk::params::SdkParam>,
    /// The file's import specifiers that name a copy of jweixin under a name that does not say
    /// so (`import wxJsSdk from '@/assets/js/jssdk'`; the run skips the copy itself): legacy
    /// imports, as a package's are.
    pub sdk_copy_imports: Vec<String>,
    /// Of those, the functions called only from `wx.ready` callbacks: they run after the
    /// handshake, like the callbacks.
    pub gated_functions: Vec<String>,
    /// Functions (or methods of a global object) of a classic script that only the unit's event
    /// attributes call (`onclick="pick()"`, sdk/handlers.rs): they run on a later event.
    pub event_handlers: Vec<String>,
    /// Functions other files call that configure the SDK (sdk/configurators.rs) and that the
    /// unit may call more than once, and why.
    pub repeated_configurators: Vec<(String, String)>,
    /// The file calls `wx.error`, and every `wx.error` call of its unit passes an empty
    /// function: whichever handler jweixin kept and called, and whenever, it did nothing.
    pub error_handlers_all_empty: bool,
    /// How many `wx.error` calls the file's unit holds (0 when no unit is known): a block that
    /// holds them all can relay them (error_relay.rs).
    pub error_handlers_in_unit: usize,
    /// The file is its unit's one configuring file, and later scripts of its pages hand this
    /// many `wx.error` handlers to the relay its fix declares (error_relay.rs), also where it
    /// holds no `wx.error` itself.
    pub relay_for_others: usize,
    /// The relay its `wx.error` handlers go to is declared by an earlier script of every page
    /// that loads the file, and why.
    pub relay_before: Option<String>,
    /// The one jweixin build every page and legacy import of the unit loads
    /// (project/sdk_build.rs): the payment adapter writes the result name it gave.
    pub legacy_build: Option<crate::project::sdk_build::LegacyBuild>,
    /// A page of the unit loads jweixin (or `@wecom/jssdk`) with a script tag: the global `wx`
    /// its code reads is jweixin's object, whatever member it reads (or, on a page already moved
    /// to `ww`, a global that is not there).
    pub page_loads_sdk: bool,
}

impl UnitFacts {
    /// Makes the safe fixes of a file in a unit without a page unsafe, saying why.
    pub fn apply(&self, diagnostics: &mut [crate::diagnostic::Diagnostic]) {
        let Some(reason) = &self.page_missing else { return };
        // Removing a stale suppression comment does not touch the SDK: it stays safe.
        let touches_sdk = |d: &&mut crate::diagnostic::Diagnostic| !d.rule.is_suppression();
        for fix in diagnostics
            .iter_mut()
            .filter(touches_sdk)
            .filter_map(|d| d.fix.as_mut())
        {
            if fix.applicability == crate::fix::Applicability::Safe {
                fix.applicability = crate::fix::Applicability::Unsafe;
                fix.title = format!("{}. Unsafe: {reason}", fix.title.trim_end_matches('.'));
            }
        }
    }
}

/// Every rule, by its kebab-case id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleId {
    WxConfig,
    WxAgentConfig,
    WxReady,
    WxError,
    WxInvoke,
    WxOn,
    WxApi,
    WxObject,
    WxImport,
    WxScriptTag,
    SecurityClientSignature,
    SecurityTicketLiteral,
    SecuritySecretInBrowser,
    SyntaxError,
    AmbiguousTemplate,
    UnusedSuppression,
    InvalidSuppression,
}

impl RuleId {
    pub const ALL: [RuleId; 17] = [
        RuleId::WxConfig,
        RuleId::WxAgentConfig,
        RuleId::WxReady,
        RuleId::WxError,
        RuleId::WxInvoke,
        RuleId::WxOn,
        RuleId::WxApi,
        RuleId::WxObject,
        RuleId::WxImport,
        RuleId::WxScriptTag,
        RuleId::SecurityClientSignature,
        RuleId::SecurityTicketLiteral,
        RuleId::SecuritySecretInBrowser,
        RuleId::SyntaxError,
        RuleId::AmbiguousTemplate,
        RuleId::UnusedSuppression,
        RuleId::InvalidSuppression,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RuleId::WxConfig => "wx-config",
            RuleId::WxAgentConfig => "wx-agent-config",
            RuleId::WxReady => "wx-ready",
            RuleId::WxError => "wx-error",
            RuleId::WxInvoke => "wx-invoke",
            RuleId::WxOn => "wx-on",
            RuleId::WxApi => "wx-api",
            RuleId::WxObject => "wx-object",
            RuleId::WxImport => "wx-import",
            RuleId::WxScriptTag => "wx-script-tag",
            RuleId::SecurityClientSignature => "security-client-signature",
            RuleId::SecurityTicketLiteral => "security-ticket-literal",
            RuleId::SecuritySecretInBrowser => "security-secret-in-browser",
            RuleId::SyntaxError => "syntax-error",
            RuleId::AmbiguousTemplate => "ambiguous-template",
            RuleId::UnusedSuppression => "unused-suppression",
            RuleId::InvalidSuppression => "invalid-suppression",
        }
    }

    /// The severity of the rule's findings unless the config file sets another (a rule that
    /// is an error by default may still report some findings as warnings).
    pub fn default_severity(self) -> crate::diagnostic::Severity {
        match self {
            RuleId::UnusedSuppression | RuleId::InvalidSuppression => crate::diagnostic::Severity::Warning,
            _ => crate::diagnostic::Severity::Error,
        }
    }

    /// The rules about suppression comments rather than the code.
    pub fn is_suppression(self) -> bool {
        matches!(self, RuleId::UnusedSuppression | RuleId::InvalidSuppression)
    }

    /// Whether the rule reports code the tool could not read.
    pub fn is_parse_failure(self) -> bool {
        matches!(self, RuleId::SyntaxError | RuleId::AmbiguousTemplate)
    }

    /// The length of the longest id, for columns that line rules up.
    pub fn id_width() -> usize {
        RuleId::ALL.iter().map(|r| r.as_str().len()).max().unwrap_or(0)
    }

    pub fn from_id(id: &str) -> Option<RuleId> {
        RuleId::ALL.into_iter().find(|r| r.as_str() == id)
    }

    /// The rule file's source; its leading `//!` lines are the rule's documentation.
    fn source(self) -> &'static str {
        match self {
            RuleId::WxConfig => include_str!("wx_config.rs"),
            RuleId::WxAgentConfig => include_str!("wx_agent_config.rs"),
            RuleId::WxReady => include_str!("wx_ready.rs"),
            RuleId::WxError => include_str!("wx_error.rs"),
            RuleId::WxInvoke => include_str!("wx_invoke.rs"),
            RuleId::WxOn => include_str!("wx_on.rs"),
            RuleId::WxApi => include_str!("wx_api.rs"),
            RuleId::WxObject => include_str!("wx_object.rs"),
            RuleId::WxImport => include_str!("wx_import.rs"),
            RuleId::WxScriptTag => include_str!("wx_script_tag.rs"),
            RuleId::SecurityClientSignature => include_str!("security_client_signature.rs"),
            RuleId::SecurityTicketLiteral => include_str!("security_ticket_literal.rs"),
            RuleId::SecuritySecretInBrowser => include_str!("security_secret_in_browser.rs"),
            RuleId::SyntaxError => include_str!("syntax_error.rs"),
            RuleId::AmbiguousTemplate => include_str!("ambiguous_template.rs"),
            RuleId::UnusedSuppression => include_str!("unused_suppression.rs"),
            RuleId::InvalidSuppression => include_str!("invalid_suppression.rs"),
        }
    }

    /// A `security-*` rule: a credential or signing in front-end code, not legacy use. Its
    /// findings fail `check` but do not keep `fix` from migrating the file.
    pub fn is_security(self) -> bool {
        matches!(
            self,
            RuleId::SecurityClientSignature | RuleId::SecurityTicketLiteral | RuleId::SecuritySecretInBrowser
        )
    }

    /// The rule's documentation: what, why, example before and after, fix safety. The
    /// security rules also say where they look (`file_role.rs`).
    pub fn documentation(self) -> String {
        let mut doc = module_doc(self.source());
        if self.is_security() {
            doc.push('\n');
            doc.push_str(&module_doc(include_str!("file_role.rs")));
        }
        doc
    }

    /// What the rule finds, on one line: the documentation's first paragraph without the
    /// leading rule id.
    pub fn summary(self) -> String {
        let doc = self.documentation();
        let paragraph = doc.split("\n\n").next().unwrap_or_default();
        let text = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
        let id_prefix = format!("`{}`: ", self.as_str());
        text.strip_prefix(&id_prefix).unwrap_or(&text).to_string()
    }
}

/// The leading `//!` lines of a module's source, without the markers.
fn module_doc(source: &str) -> String {
    let mut doc = String::new();
    for line in source.lines() {
        let Some(rest) = line.strip_prefix("//!") else { break };
        doc.push_str(rest.strip_prefix(' ').unwrap_or(rest));
        doc.push('\n');
    }
    doc
}

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
