//! Where a rule's documentation lives on the web, for the `codeDescription` link of each
//! diagnostic: `docs/rules/<rule-id>.md` in the repository (`Cargo.toml`'s `repository`),
//! on its default branch. Those files are the rules' `explain` text, kept identical to it by
//! `tests/rule_docs.rs`.

use lsp_types::Url;

use crate::rules::RuleId;

/// The folder of the rule pages; a rule's page is this plus `<rule-id>.md`.
pub(crate) const RULE_DOCS_BASE: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/rules/");

/// The link to a rule's page.
pub(crate) fn rule_url(rule: RuleId) -> Option<Url> {
    Url::parse(&format!("{RULE_DOCS_BASE}{}.md", rule.as_str())).ok()
}
