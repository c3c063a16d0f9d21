//! Reads a config file's TOML with the span of every key and value and checks it against the
//! known settings: an unknown key (with the closest known one), a value of the wrong type, a
//! bad glob or an unknown rule becomes a [`ConfigProblem`] at its place in the file.

use std::ops::Range;
use std::path::PathBuf;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::{exclude_glob, Config, ConfigProblem, FixConfig};
use crate::rules::levels::{RuleLevel, RuleLevels};
use crate::rules::RuleId;

/// What a setting's value must be.
#[derive(Debug, Clone, Copy)]
enum Expect {
    Bool,
    /// A whole number, at least 1.
    Count,
    Text,
    /// A list of glob patterns.
    Globs,
}

/// Top-level settings: which files a run reads.
const TOP_LEVEL: &[(&str, Expect)] = &[
    ("exclude", Expect::Globs),
    ("extend-exclude", Expect::Globs),
    ("default-excludes", Expect::Bool),
    ("respect-gitignore", Expect::Bool),
    ("jobs", Expect::Count),
];

/// The tables, besides the top level.
const TABLES: &[&str] = &["fix", "rules"];

/// `[fix]`: how fixes are written.
const FIX: &[(&str, Expect)] = &[
    ("cdn-url", Expect::Text),
    ("named-invoke", Expect::Bool),
    ("unsafe-fixes", Expect::Bool),
    ("registrar", Expect::Text),
];

/// A checked value.
enum Setting {
    Bool(bool),
    Count(usize),
    Text(String),
    Globs(Vec<String>),
}

/// Parses and checks a config file's text; on failure, every problem in file order.
pub(super) fn parse(text: &str, file: PathBuf, dir: PathBuf) -> Result<Config, Vec<ConfigProblem>> {
    let root = DeTable::parse(text).map_err(|e| {
        vec![ConfigProblem {
            message: format!("not valid TOML: {}", e.message().trim_end()),
            span: e.span(),
            label: "here".to_string(),
            help: None,
        }]
    })?;
    let mut config = Config {
        file,
        dir,
        exclude: None,
        extend_exclude: Vec::new(),
        default_excludes: None,
        respect_gitignore: None,
        jobs: None,
        fix: FixConfig::default(),
        rules: RuleLevels::default(),
    };
    let mut problems = Vec::new();
    for (key, value) in root.get_ref() {
        let name = key.get_ref().as_ref();
        if let Some((_, expect)) = TOP_LEVEL.iter().find(|(known, _)| *known == name) {
            match check(name, *expect, value) {
                Ok(setting) => set_top_level(&mut config, name, setting),
                Err(problem) => problems.push(problem),
            }
        } else if name == "fix" {
            read_fix(&mut config.fix, value, &mut problems);
        } else if name == "rules" {
            read_rules(&mut config.rules, value, &mut problems);
        } else {
            let known: Vec<&str> = TOP_LEVEL
                .iter()
                .map(|(k, _)| *k)
                .chain(TABLES.iter().copied())
                .collect();
            problems.push(unknown_key(name, key.span(), &known, "a setting"));
        }
    }
    if problems.is_empty() {
        Ok(config)
    } else {
        problems.sort_by_key(|p| p.span.as_ref().map(|s| s.start));
        Err(problems)
    }
}

fn set_top_level(config: &mut Config, name: &str, setting: Setting) {
    match (name, setting) {
        ("exclude", Setting::Globs(globs)) => config.exclude = Some(globs),
        ("extend-exclude", Setting::Globs(globs)) => config.extend_exclude = globs,
        ("default-excludes", Setting::Bool(b)) => config.default_excludes = Some(b),
        ("respect-gitignore", Setting::Bool(b)) => config.respect_gitignore = Some(b),
        ("jobs", Setting::Count(n)) => config.jobs = Some(n),
        _ => {}
    }
}

fn read_fix(fix: &mut FixConfig, value: &Spanned<DeValue<'_>>, problems: &mut Vec<ConfigProblem>) {
    let Some(table) = table_of("fix", value, problems) else {
        return;
    };
    for (key, value) in table {
        let name = key.get_ref().as_ref();
        let Some((_, expect)) = FIX.iter().find(|(known, _)| *known == name) else {
            let known: Vec<&str> = FIX.iter().map(|(k, _)| *k).collect();
            problems.push(unknown_key(name, key.span(), &known, "a setting of `[fix]`"));
            continue;
        };
        match (name, check(name, *expect, value)) {
            (_, Err(problem)) => problems.push(problem),
            ("cdn-url", Ok(Setting::Text(url))) => fix.cdn_url = Some(url),
            ("named-invoke", Ok(Setting::Bool(b))) => fix.named_invoke = Some(b),
            ("unsafe-fixes", Ok(Setting::Bool(b))) => fix.unsafe_fixes = Some(b),
            ("registrar", Ok(Setting::Text(path))) => fix.registrar = Some(PathBuf::from(path)),
            _ => {}
        }
    }
}

fn read_rules(levels: &mut RuleLevels, value: &Spanned<DeValue<'_>>, problems: &mut Vec<ConfigProblem>) {
    let Some(table) = table_of("rules", value, problems) else {
        return;
    };
    for (key, value) in table {
        let name = key.get_ref().as_ref();
        let Some(rule) = RuleId::from_id(name) else {
            let known: Vec<&str> = RuleId::ALL.iter().map(|r| r.as_str()).collect();
            let mut problem = unknown_key(name, key.span(), &known, "a rule");
            problem.message = format!("unknown rule `{name}`");
            if problem.help.is_none() {
                problem.help = Some("`jweixin-migrate rules` lists the rules".to_string());
            }
            problems.push(problem);
            continue;
        };
        let levels_list = "\"error\", \"warning\" or \"off\"";
        let level = match value.get_ref() {
            DeValue::String(text) => match RuleLevel::from_name(text) {
                Some(level) => level,
                None => {
                    problems.push(ConfigProblem {
                        message: format!("the level of `{name}` must be {levels_list}"),
                        span: Some(value.span()),
                        label: "not a level".to_string(),
                        help: closest(text, &RuleLevel::NAMES).map(|c| format!("did you mean \"{c}\"?")),
                    });
                    continue;
                }
            },
            other => {
                problems.push(wrong_type(
                    format!("the level of `{name}` must be {levels_list}"),
                    value.span(),
                    other,
                ));
                continue;
            }
        };
        if rule == RuleId::SyntaxError && level == RuleLevel::Off {
            problems.push(ConfigProblem {
                message: "`syntax-error` cannot be turned off".to_string(),
                span: Some(value.span()),
                label: "here".to_string(),
                help: Some(
                    "`fix` relies on it to see that its output parses; set it to \"warning\", or exclude the files"
                        .to_string(),
                ),
            });
            continue;
        }
        levels.set(rule, level);
    }
}

/// The table a section holds, or a problem when it is not one.
fn table_of<'a, 'i>(
    name: &str,
    value: &'a Spanned<DeValue<'i>>,
    problems: &mut Vec<ConfigProblem>,
) -> Option<&'a DeTable<'i>> {
    match value.get_ref() {
        DeValue::Table(table) => Some(table),
        other => {
            problems.push(wrong_type(
                format!("`{name}` must be a table (`[{name}]`)"),
                value.span(),
                other,
            ));
            None
        }
    }
}

/// Checks one value against what its setting expects.
fn check(name: &str, expect: Expect, value: &Spanned<DeValue<'_>>) -> Result<Setting, ConfigProblem> {
    match (expect, value.get_ref()) {
        (Expect::Bool, DeValue::Boolean(b)) => Ok(Setting::Bool(*b)),
        (Expect::Bool, other) => Err(wrong_type(
            format!("`{name}` must be `true` or `false`"),
            value.span(),
            other,
        )),
        (Expect::Count, DeValue::Integer(n)) => match n.as_str().replace('_', "").parse::<usize>() {
            Ok(n) if (1..=1024).contains(&n) => Ok(Setting::Count(n)),
            _ => Err(ConfigProblem {
                message: format!("`{name}` must be a whole number from 1 to 1024"),
                span: Some(value.span()),
                label: "out of range".to_string(),
                help: None,
            }),
        },
        (Expect::Count, other) => Err(wrong_type(
            format!("`{name}` must be a whole number from 1 to 1024"),
            value.span(),
            other,
        )),
        (Expect::Text, DeValue::String(text)) => Ok(Setting::Text(text.to_string())),
        (Expect::Text, other) => Err(wrong_type(format!("`{name}` must be a string"), value.span(), other)),
        (Expect::Globs, DeValue::Array(items)) => {
            let mut globs = Vec::new();
            for item in items {
                let DeValue::String(pattern) = item.get_ref() else {
                    return Err(wrong_type(
                        format!("`{name}` must be a list of glob patterns"),
                        item.span(),
                        item.get_ref(),
                    ));
                };
                if let Err(error) = exclude_glob(pattern) {
                    return Err(ConfigProblem {
                        message: format!("invalid glob `{pattern}` in `{name}`"),
                        span: Some(item.span()),
                        label: error.kind().to_string(),
                        help: None,
                    });
                }
                globs.push(pattern.to_string());
            }
            Ok(Setting::Globs(globs))
        }
        (Expect::Globs, other) => Err(wrong_type(
            format!("`{name}` must be a list of glob patterns, e.g. [\"legacy/**\"]"),
            value.span(),
            other,
        )),
    }
}

fn wrong_type(message: String, span: Range<usize>, found: &DeValue<'_>) -> ConfigProblem {
    let article = match found.type_str() {
        "integer" | "array" => "an",
        _ => "a",
    };
    ConfigProblem {
        message,
        span: Some(span),
        label: format!("this is {article} {}", found.type_str()),
        help: None,
    }
}

fn unknown_key(name: &str, span: Range<usize>, known: &[&str], what: &str) -> ConfigProblem {
    ConfigProblem {
        message: format!("unknown key `{name}`"),
        span: Some(span),
        label: format!("not {what}"),
        help: match closest(name, known) {
            Some(close) => Some(format!("did you mean `{close}`?")),
            None => Some(format!("known keys here: {}", known.join(", "))),
        },
    }
}

/// The known name closest to a misspelled one, when it is close enough to be what was meant.
fn closest<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(name, k), *k))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<(String, Option<String>, String)> {
        parse(text, PathBuf::from("c.toml"), PathBuf::from("/p"))
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|p| (p.message, p.help, text[p.span.unwrap_or(0..0)].to_string()))
            .collect()
    }

    #[test]
    fn reads_every_setting() {
        let config = parse(
            "exclude = ['a/**']\nextend-exclude = ['b']\ndefault-excludes = false\nrespect-gitignore = false\njobs = 3\n[fix]\ncdn-url = 'u'\nnamed-invoke = true\nunsafe-fixes = true\n[rules]\nwx-api = 'off'\nwx-object = 'warning'\n",
            PathBuf::from("c.toml"),
            PathBuf::from("/p"),
        )
        .unwrap_or_else(|p| panic!("{p:?}"));
        assert_eq!(config.exclude, Some(vec!["a/**".to_string()]));
        assert_eq!(config.extend_exclude, ["b"]);
        assert_eq!(config.default_excludes, Some(false));
        assert_eq!(config.respect_gitignore, Some(false));
        assert_eq!(config.jobs, Some(3));
        assert_eq!(config.fix.cdn_url.as_deref(), Some("u"));
        assert_eq!(config.fix.named_invoke, Some(true));
        assert_eq!(config.fix.unsafe_fixes, Some(true));
        assert_eq!(config.rules.get(RuleId::WxApi), Some(RuleLevel::Off));
        assert_eq!(config.rules.get(RuleId::WxObject), Some(RuleLevel::Warning));
        assert_eq!(config.rules.get(RuleId::WxConfig), None);
    }

    #[test]
    fn suggests_the_closest_key_and_level() {
        assert_eq!(
            problems("exlude = []\n[fix]\ncdn_url = 'x'\n[rules]\nwx-apii = 'warn'\n"),
            [
                (
                    "unknown key `exlude`".to_string(),
                    Some("did you mean `exclude`?".to_string()),
                    "exlude".to_string()
                ),
                (
                    "unknown key `cdn_url`".to_string(),
                    Some("did you mean `cdn-url`?".to_string()),
                    "cdn_url".to_string()
                ),
                (
                    "unknown rule `wx-apii`".to_string(),
                    Some("did you mean `wx-api`?".to_string()),
                    "wx-apii".to_string()
                ),
            ]
        );
        assert_eq!(
            problems("[rules]\nwx-api = 'warn'\n")[0].1.as_deref(),
            Some("did you mean \"warning\"?")
        );
        assert_eq!(
            problems("zzz = 1\n")[0].1.as_deref(),
            Some("known keys here: exclude, extend-exclude, default-excludes, respect-gitignore, jobs, fix, rules")
        );
    }

    #[test]
    fn wrong_types_and_bad_globs_point_at_the_value() {
        assert_eq!(
            problems("jobs = '4'\nexclude = ['a[']\n[rules]\nsyntax-error = 'off'\n"),
            [
                (
                    "`jobs` must be a whole number from 1 to 1024".to_string(),
                    None,
                    "'4'".to_string()
                ),
                ("invalid glob `a[` in `exclude`".to_string(), None, "'a['".to_string()),
                (
                    "`syntax-error` cannot be turned off".to_string(),
                    Some(
                        "`fix` relies on it to see that its output parses; set it to \"warning\", or exclude the files"
                            .to_string()
                    ),
                    "'off'".to_string()
                ),
            ]
        );
        assert_eq!(
            problems("jobs = 0\n")[0].0,
            "`jobs` must be a whole number from 1 to 1024"
        );
        assert_eq!(problems("fix = 1\n")[0].0, "`fix` must be a table (`[fix]`)");
    }
}
