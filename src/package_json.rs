//! `package.json` dependencies on the legacy packages, with the byte ranges a fix edits.

use std::ops::Range;

use jsonc_parser::ast::{ObjectPropName, Value};

use crate::sdk::LEGACY_PACKAGES;

const SECTIONS: &[&str] = &[
    "dependencies",
    "devDependencies",
    "peerDependencies",
    "optionalDependencies",
];

/// One `"weixin-js-sdk": "^1.6.0"` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegacyDependency {
    pub package: String,
    /// `dependencies`, `devDependencies`, ...
    pub section: String,
    /// The whole `"name": "version"` entry.
    pub entry: Range<usize>,
    /// The quoted name.
    pub name: Range<usize>,
    /// The quoted version.
    pub version: Range<usize>,
    /// Whether the same section already lists `@wecom/jssdk`.
    pub has_wecom: bool,
    /// The section's object (braces included) and all its entries, for removing this one.
    pub section_object: Range<usize>,
    pub section_entries: Vec<Range<usize>>,
}

/// The legacy dependencies of a `package.json`; nothing when it does not parse.
pub fn legacy_dependencies(text: &str) -> Vec<LegacyDependency> {
    let Ok(parsed) = jsonc_parser::parse_to_ast(text, &Default::default(), &Default::default()) else {
        return Vec::new();
    };
    let Some(Value::Object(root)) = parsed.value else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for section in &root.properties {
        let section_name = prop_name(&section.name);
        if !SECTIONS.contains(&section_name) {
            continue;
        }
        let Value::Object(deps) = &section.value else { continue };
        let has_wecom = deps.properties.iter().any(|p| prop_name(&p.name) == "@wecom/jssdk");
        for dep in &deps.properties {
            let name = prop_name(&dep.name);
            if !LEGACY_PACKAGES.contains(&name) {
                continue;
            }
            let Value::StringLit(version) = &dep.value else {
                continue;
            };
            let name_range = match &dep.name {
                ObjectPropName::String(s) => s.range,
                ObjectPropName::Word(w) => w.range,
            };
            found.push(LegacyDependency {
                package: name.to_string(),
                section: section_name.to_string(),
                entry: dep.range.start..dep.range.end,
                name: name_range.start..name_range.end,
                version: version.range.start..version.range.end,
                has_wecom,
                section_object: deps.range.start..deps.range.end,
                section_entries: deps.properties.iter().map(|p| p.range.start..p.range.end).collect(),
            });
        }
    }
    found
}

fn prop_name<'a>(name: &'a ObjectPropName) -> &'a str {
    match name {
        ObjectPropName::String(s) => &s.value,
        ObjectPropName::Word(w) => w.value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_entries_with_exact_ranges() {
        let text = "{\n  \"name\": \"app\",\n  \"dependencies\": {\n    \"vue\": \"^2.6.0\",\n    \"weixin-js-sdk\": \"^1.6.0\"\n  }\n}\n";
        let deps = legacy_dependencies(text);
        assert_eq!(deps.len(), 1);
        assert_eq!(&text[deps[0].entry.clone()], "\"weixin-js-sdk\": \"^1.6.0\"");
        assert_eq!(&text[deps[0].name.clone()], "\"weixin-js-sdk\"");
        assert_eq!(&text[deps[0].version.clone()], "\"^1.6.0\"");
        assert_eq!(deps[0].section, "dependencies");
    }

    #[test]
    fn ignores_scripts_and_invalid_json() {
        assert!(legacy_dependencies("{\"scripts\": {\"weixin-js-sdk\": \"x\"}}").is_empty());
        assert!(legacy_dependencies("{ not json").is_empty());
    }
}
