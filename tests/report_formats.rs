//! The CI formats against the schemas their readers publish (kept in `tests/schemas/`, sources
//! in its README): SARIF 2.1.0, GitLab Code Quality, JUnit (Jenkins' xUnit XSD, checked with
//! `xmllint`), and Checkstyle's shape. Also: GitLab fingerprints stay put when lines are
//! inserted above a finding.

mod support;

use std::path::Path;
use std::process::Command;

use support::{code, run_in, stderr, stdout, tree};

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn schema(name: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(manifest().join("tests/schemas").join(name)).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A tree with findings of every kind, a clean file and an unreadable one.
fn sample() -> tempfile::TempDir {
    let dir = tree(&[
        (
            "index.html",
            "<script src=\"https://res.wx.qq.com/open/js/jweixin-1.2.0.js\"></script>\n<script>\nwx.config({ appId: 'a', timestamp: 1, nonceStr: 'n', signature: 's', jsApiList: ['scanQRCode'] });\nwx.ready(function () { wx.scanQRCode({ needResult: 1 }); });\n</script>\n",
        ),
        (
            "a.js",
            "// jweixin-migrate-ignore-next-line wx-api -- nothing here\nwx.invoke('getContext', {}, function (res) { show(\"<&>\", res); });\n",
        ),
        ("clean.js", "console.log('nothing');\n"),
    ]);
    std::fs::write(dir.path().join("latin1.js"), b"wx.config({}); // caf\xe9\n").unwrap();
    dir
}

fn output(dir: &Path, format: &str) -> String {
    let out = run_in(dir, &["check", "--format", format, "."]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    stdout(&out)
}

fn validate(schema: &serde_json::Value, instance: &serde_json::Value) {
    let validator = jsonschema::validator_for(schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn sarif_validates_against_the_sarif_2_1_0_schema() {
    let dir = sample();
    let log: serde_json::Value = serde_json::from_str(&output(dir.path(), "sarif")).unwrap();
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 6);
    assert_eq!(
        log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
            .as_array()
            .unwrap()
            .len(),
        1,
        "the unreadable file"
    );
    validate(&schema("sarif-schema-2.1.0.json"), &log);
    // The schema is strict enough to see a broken log.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    let validator = jsonschema::validator_for(&schema("sarif-schema-2.1.0.json")).unwrap();
    assert!(!validator.is_valid(&broken));
}

#[test]
fn gitlab_code_quality_validates_and_has_stable_unique_fingerprints() {
    let dir = sample();
    let report: serde_json::Value = serde_json::from_str(&output(dir.path(), "gitlab")).unwrap();
    let issues = report.as_array().unwrap();
    assert_eq!(issues.len(), 6);
    let issue_schema = schema("gitlab-codeclimate.json");
    validate(&serde_json::json!({ "type": "array", "items": issue_schema }), &report);
    let mut fingerprints = Vec::new();
    for issue in issues {
        // What GitLab's documentation adds to the schema.
        assert!(
            ["info", "minor", "major", "critical", "blocker"].contains(&issue["severity"].as_str().unwrap()),
            "{issue}"
        );
        assert!(!issue["check_name"].as_str().unwrap().is_empty(), "{issue}");
        assert!(issue["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
        assert!(!issue["location"]["path"].as_str().unwrap().starts_with('/'));
        fingerprints.push(issue["fingerprint"].as_str().unwrap().to_string());
    }
    let mut unique = fingerprints.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), fingerprints.len(), "fingerprints are unique in a report");
    // Lines inserted above: every issue keeps its fingerprint, and its line moves.
    let page = std::fs::read_to_string(dir.path().join("index.html")).unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        format!("<!doctype html>\n<!-- a -->\n{page}"),
    )
    .unwrap();
    let moved: serde_json::Value = serde_json::from_str(&output(dir.path(), "gitlab")).unwrap();
    let moved_prints: Vec<&str> = moved
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(moved_prints, fingerprints);
    let page_line = |report: &serde_json::Value| {
        report
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["location"]["path"] == "index.html")
            .unwrap()["location"]["lines"]["begin"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(page_line(&moved), page_line(&report) + 2);
}

/// `xmllint --schema`, which CI installs (`.ci/run`); without it the test fails rather than
/// pass unchecked.
fn xmllint(args: &[&str], document: &str) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.xml");
    std::fs::write(&file, document).unwrap();
    let out = Command::new("xmllint")
        .args(args)
        .arg(&file)
        .output()
        .expect("xmllint must be installed (Debian: apt-get install libxml2-utils; .ci/run does it)");
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn junit_validates_against_the_jenkins_junit_xsd() {
    let dir = sample();
    let xml = output(dir.path(), "junit");
    let xsd = manifest().join("tests/schemas/junit-10.xsd");
    let (valid, messages) = xmllint(&["--noout", "--schema", xsd.to_str().unwrap()], &xml);
    assert!(valid, "{messages}\n{xml}");
    assert!(
        xml.contains("<testsuite name=\"jweixin-migrate\" tests=\"4\" failures=\"5\" errors=\"1\">"),
        "{xml}"
    );
    // One case per file: the clean file passes, the unreadable one is an error.
    assert!(
        xml.contains("    <testcase name=\"clean.js\" classname=\"jweixin-migrate\"/>\n"),
        "{xml}"
    );
    assert!(xml.contains("<testcase name=\"latin1.js\" classname=\"jweixin-migrate\">\n      <error type=\"unreadable\" message=\"not valid UTF-8"), "{xml}");
    // A warning is not a failure; it is in the case's output.
    assert!(
        xml.contains("<system-out>warning: a.js:1:1: `jweixin-migrate-ignore-next-line wx-api -- nothing here` suppresses nothing [unused-suppression]&#10;</system-out>"),
        "{xml}"
    );
    // The schema sees a broken report.
    let (valid, _) = xmllint(
        &["--noout", "--schema", xsd.to_str().unwrap()],
        &xml.replace(" tests=\"4\"", ""),
    );
    assert!(!valid);
}

#[test]
fn checkstyle_is_well_formed_with_one_error_per_finding() {
    let dir = sample();
    let xml = output(dir.path(), "checkstyle");
    let (valid, messages) = xmllint(&["--noout"], &xml);
    assert!(valid, "{messages}\n{xml}");
    assert_eq!(
        xml.matches("<error ").count(),
        7,
        "six findings and the unreadable file: {xml}"
    );
    assert!(
        xml.contains("<file name=\"a.js\">\n    <error line=\"1\" column=\"1\" severity=\"warning\" message=\"`jweixin-migrate-ignore-next-line wx-api -- nothing here` suppresses nothing"),
        "{xml}"
    );
    assert!(xml.ends_with("</checkstyle>\n"));
}
