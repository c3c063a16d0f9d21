//! SARIF 2.1.0 output, one `rules[]` entry per rule, for code-scanning dashboards, written as
//! the files come: the tool and its rules, each file's results, then the notifications.

use serde_json::{json, Value};

use super::json::nested;
use super::{located, Problem};
use crate::diagnostic::Severity;
use crate::pipeline::FileReport;
use crate::rules::RuleId;

/// The opening of the log, up to the results list.
pub(super) fn begin() -> String {
    let rules: Vec<Value> = RuleId::ALL
        .iter()
        .map(|rule| {
            let mut descriptor = json!({
                "id": rule.as_str(),
                "name": rule.as_str(),
                "shortDescription": { "text": rule.summary() },
                "fullDescription": { "text": rule.documentation() },
                "help": { "text": rule.documentation() },
                "defaultConfiguration": { "level": rule.default_severity().as_str() },
            });
            if let Some((severity, precision, cwe)) = security_properties(*rule) {
                // GitHub code scanning files results of rules tagged `security` as security
                // alerts, ranked by `security-severity` (CVSS-like: 9.0 and up is critical).
                let mut tags = vec!["security".to_string()];
                tags.extend(cwe.iter().map(|n| format!("external/cwe/cwe-{n}")));
                descriptor["properties"] = json!({
                    "tags": tags,
                    "precision": precision,
                    "security-severity": severity,
                });
            }
            descriptor
        })
        .collect();
    let tool = json!({ "driver": {
        "name": "jweixin-migrate",
        "version": env!("CARGO_PKG_VERSION"),
        "informationUri": "https://github.com/jweixin-migrate/jweixin-migrate",
        "rules": rules,
    }});
    format!(
        "{{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {{\n      \"tool\": {},\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": [",
        nested(&tool, 3, false)
    )
}

/// A security rule's `security-severity`, precision and CWE numbers. A leaked app secret
/// opens the corp's whole server API (critical); a leaked jsapi_ticket lets anyone sign pages
/// of the corp's trusted domains (high). CWE-522: insufficiently protected credentials;
/// CWE-602: client-side enforcement of server-side security; CWE-798: hard-coded
/// credentials. The literal rules weigh a string's shape, hence `medium` precision.
fn security_properties(rule: RuleId) -> Option<(&'static str, &'static str, &'static [u16])> {
    match rule {
        RuleId::SecurityClientSignature => Some(("7.5", "high", &[522, 602])),
        RuleId::SecurityTicketLiteral => Some(("7.5", "medium", &[522, 798])),
        RuleId::SecuritySecretInBrowser => Some(("9.1", "medium", &[522, 798])),
        _ => None,
    }
}

/// One file's results as list items, indented, separated by commas.
pub(super) fn render(report: &FileReport) -> String {
    let results: Vec<String> = located(report)
        .map(|item| {
            let d = item.diagnostic;
            let rule_index = RuleId::ALL.iter().position(|r| *r == d.rule).unwrap_or(0);
            let result = json!({
                "ruleId": d.rule.as_str(),
                "ruleIndex": rule_index,
                "level": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
                "message": { "text": format!("{}\nhelp: {}", d.message, d.help) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&item.report.path.display().to_string()) },
                        "region": {
                            "startLine": item.start.line,
                            "startColumn": item.start.column,
                            "endLine": item.end.line,
                            "endColumn": item.end.column,
                            "byteOffset": d.range.start,
                            "byteLength": d.range.end - d.range.start,
                        }
                    }
                }],
            });
            nested(&result, 4, true)
        })
        .collect();
    results.join(",\n")
}

/// The rest of the log after the last result: the files that could not be checked.
pub(super) fn end(any_results: bool, problems: &[Problem]) -> String {
    let notifications: Vec<Value> = problems
        .iter()
        .map(|(file, message)| {
            json!({
                "level": "error",
                "message": { "text": message },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri(file) } } }],
            })
        })
        .collect();
    let invocations = json!([{
        "executionSuccessful": true,
        "toolExecutionNotifications": notifications,
    }]);
    format!(
        "{}],\n      \"invocations\": {}\n    }}\n  ]\n}}\n",
        if any_results { "\n      " } else { "" },
        nested(&invocations, 3, false)
    )
}

/// A relative path as a SARIF URI: forward slashes, spaces and `%` escaped.
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '-' | '_' | '.' | '~' | '/' => out.push(c),
            _ => {
                let mut buf = [0; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
    }
    out
}
