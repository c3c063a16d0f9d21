//! SARIF 2.1.0 output, one `rules[]` entry per rule, for code-scanning dashboards.

use std::io::{self, Write};

use serde_json::{json, Value};

use super::{errors, located};
use crate::diagnostic::Severity;
use crate::rules::RuleId;
use crate::CheckRun;

pub(super) fn write(run: &CheckRun, out: &mut dyn Write) -> io::Result<()> {
    let rules: Vec<Value> = RuleId::ALL
        .iter()
        .map(|rule| {
            json!({
                "id": rule.as_str(),
                "name": rule.as_str(),
                "shortDescription": { "text": rule.summary() },
                "fullDescription": { "text": rule.documentation() },
                "help": { "text": rule.documentation() },
                "defaultConfiguration": { "level": "error" },
            })
        })
        .collect();
    let results: Vec<Value> = located(run)
        .map(|item| {
            let d = item.diagnostic;
            let rule_index = RuleId::ALL.iter().position(|r| *r == d.rule).unwrap_or(0);
            json!({
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
            })
        })
        .collect();
    let notifications: Vec<Value> = errors(run)
        .into_iter()
        .map(|(file, message)| {
            json!({
                "level": "error",
                "message": { "text": message },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri(&file) } } }],
            })
        })
        .collect();
    let sarif = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "jweixin-migrate",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/jweixin-migrate/jweixin-migrate",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
            "invocations": [{
                "executionSuccessful": true,
                "toolExecutionNotifications": notifications,
            }],
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &sarif).map_err(io::Error::other)?;
    writeln!(out)
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
