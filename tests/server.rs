//! `jweixin-migrate server` driven over its stdin/stdout as an editor would: exact diagnostics
//! (rule, UTF-16 range, link), the debounce, quick fixes and fix-all, hover, a syntax error and
//! a panic that do not stop the server, and the exit status after `shutdown`/`exit`.
//! (The tests in `tests/editors.rs` drive it from Neovim and from the official Node client.)

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// A language client speaking to the built binary.
struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: mpsc::Receiver<Value>,
    next_id: i64,
    /// Notifications read while waiting for a response.
    held: Vec<Value>,
}

const WAIT: Duration = Duration::from_secs(20);

impl Client {
    fn start(init_options: Value, env: &[(&str, &str)]) -> Client {
        Client::start_with(init_options, json!({}), env)
    }

    fn start_with(init_options: Value, capabilities: Value, env: &[(&str, &str)]) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_jweixin-migrate"))
            .arg("server")
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the server starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (send, incoming) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = Some(n.parse::<usize>().unwrap());
                    }
                }
                let mut body = vec![0; length.expect("a Content-Length header")];
                reader.read_exact(&mut body).unwrap();
                if send.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            incoming,
            next_id: 1,
            held: Vec::new(),
        };
        let result = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": null,
                "capabilities": capabilities,
                "initializationOptions": init_options,
            }),
        );
        assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
        assert_eq!(result["serverInfo"]["name"], "jweixin-migrate");
        client.notify("initialized", json!({}));
        client
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn request_full(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let message = self.incoming.recv_timeout(WAIT).expect("a response in time");
            if message["id"] == id {
                return message;
            }
            self.held.push(message);
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_full(method, params);
        assert!(response.get("error").is_none(), "{method} failed: {response}");
        response["result"].clone()
    }

    /// The next notification of `method`, waiting at most `wait`.
    fn next(&mut self, method: &str, wait: Duration) -> Option<Value> {
        if let Some(i) = self.held.iter().position(|m| m["method"] == method) {
            return Some(self.held.remove(i)["params"].clone());
        }
        let deadline = Instant::now() + wait;
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            let message = self.incoming.recv_timeout(left).ok()?;
            if message["method"] == method {
                return Some(message["params"].clone());
            }
            self.held.push(message);
        }
    }

    fn diagnostics(&mut self) -> Value {
        self.next("textDocument/publishDiagnostics", WAIT)
            .expect("diagnostics in time")
    }

    fn open(&mut self, uri: &str, language: &str, text: &str) -> Value {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
        );
        self.diagnostics()
    }

    fn code_actions(&mut self, uri: &str, range: Value, only: Option<&str>) -> Value {
        let mut context = json!({"diagnostics": []});
        if let Some(kind) = only {
            context["only"] = json!([kind]);
        }
        self.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": range, "context": context}),
        )
    }

    /// `shutdown`, `exit`, and the exit status.
    fn stop(mut self) -> i32 {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        self.status()
    }

    fn status(mut self) -> i32 {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().unwrap_or(-1);
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

fn range(l1: u32, c1: u32, l2: u32, c2: u32) -> Value {
    json!({"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}})
}

/// (rule, [start line, start column, end line, end column]) of each diagnostic.
fn found(published: &Value) -> Vec<(String, [u64; 4])> {
    published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let r = &d["range"];
            (
                d["code"].as_str().unwrap().to_string(),
                [
                    r["start"]["line"].as_u64().unwrap(),
                    r["start"]["character"].as_u64().unwrap(),
                    r["end"]["line"].as_u64().unwrap(),
                    r["end"]["character"].as_u64().unwrap(),
                ],
            )
        })
        .collect()
}

fn rules(list: &[(&str, [u64; 4])]) -> Vec<(String, [u64; 4])> {
    list.iter().map(|(r, at)| (r.to_string(), *at)).collect()
}

const UNICODE_LINE: &str = "// 企业微信 customer page\nvar title = '客户联系😀'; wx.invoke('getCurExternalContact', {}, function (res) { show(res); });\n";

#[test]
fn diagnostics_carry_the_rule_a_link_and_utf16_ranges() {
    let mut client = Client::start(json!({}), &[]);
    let published = client.open("file:///tmp/jwm-server/page.js", "javascript", UNICODE_LINE);
    assert_eq!(published["uri"], "file:///tmp/jwm-server/page.js");
    assert_eq!(published["version"], 1);
    // `var title = '` is 13 units, four Chinese characters 4, the emoji 2, `'; ` 3: `wx` at 22.
    assert_eq!(found(&published), rules(&[("wx-invoke", [1, 22, 1, 31])]));
    let diagnostic = &published["diagnostics"][0];
    assert_eq!(diagnostic["severity"], 1);
    assert_eq!(diagnostic["source"], "jweixin-migrate");
    assert_eq!(
        diagnostic["codeDescription"]["href"],
        "https://github.com/jweixin-migrate/jweixin-migrate/blob/main/docs/rules/wx-invoke.md"
    );
    assert!(diagnostic["message"].as_str().unwrap().starts_with(
        "`wx.invoke('getCurExternalContact', ...)` calls the client through the legacy JS-SDK\nuse `ww.invoke("
    ));
    assert_eq!(client.stop(), 0);
}

#[test]
fn changes_in_one_debounce_window_are_checked_once_with_the_last_text() {
    let mut client = Client::start(json!({"debounceMs": 400}), &[]);
    let uri = "file:///tmp/jwm-server/typing.js";
    assert_eq!(found(&client.open(uri, "javascript", "var a = 1;\n")), rules(&[]));
    let start = Instant::now();
    // Five keystrokes typing `wx.scanQRCode({})` at the start of line 2, 20 ms apart.
    let parts = ["wx.", "scan", "QRCode", "({", "})"];
    let mut column = 0;
    for (i, part) in parts.iter().enumerate() {
        client.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": uri, "version": 2 + i},
                "contentChanges": [{"range": range(1, column, 1, column), "text": part}],
            }),
        );
        column += part.len() as u32;
        std::thread::sleep(Duration::from_millis(20));
    }
    let published = client.diagnostics();
    let waited = start.elapsed();
    assert!(
        waited >= Duration::from_millis(390),
        "checked after {waited:?}, before the window ended"
    );
    assert_eq!(published["version"], 6);
    assert_eq!(found(&published), rules(&[("wx-api", [1, 0, 1, 13])]));
    assert!(
        client
            .next("textDocument/publishDiagnostics", Duration::from_millis(800))
            .is_none(),
        "a second check for the same window"
    );
    // A save checks at once.
    client.notify("textDocument/didSave", json!({"textDocument": {"uri": uri}}));
    assert_eq!(client.diagnostics()["version"], 6);
    assert_eq!(client.stop(), 0);
}

#[test]
fn a_request_on_unchecked_changes_checks_them_first() {
    let mut client = Client::start(json!({"debounceMs": 60000}), &[]);
    let uri = "file:///tmp/jwm-server/request.js";
    client.open(uri, "javascript", "var a = 1;\n");
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"text": "wx.invoke('getContext', {}, function () {});\n"}],
        }),
    );
    let actions = client.code_actions(uri, range(0, 0, 0, 0), Some("quickfix"));
    assert_eq!(actions.as_array().unwrap().len(), 1, "{actions}");
    assert_eq!(client.diagnostics()["version"], 2);
    assert_eq!(client.stop(), 0);
}

#[test]
fn quick_fixes_say_when_they_leave_the_file_half_migrated() {
    let mut client = Client::start(json!({}), &[]);
    let uri = "file:///tmp/jwm-server/half.js";
    let text = "wx.config({ appId: 'ww1', timestamp: 1, nonceStr: 'n', signature: 's', jsApiList: ['scanQRCode'] });\nwx.ready(function () {\n  wx.scanQRCode({ needResult: 1 });\n});\n";
    let published = client.open(uri, "javascript", text);
    assert_eq!(
        found(&published),
        rules(&[
            ("wx-config", [0, 0, 0, 9]),
            ("wx-ready", [1, 0, 1, 8]),
            ("wx-api", [2, 2, 2, 15])
        ])
    );
    let actions = client.code_actions(uri, range(2, 4, 2, 4), Some("quickfix"));
    let action = &actions[0];
    let title = action["title"].as_str().unwrap();
    assert!(
        title.ends_with("(leaves this file half migrated: 2 more legacy uses to fix, and a file that mixes jweixin and @wecom/jssdk works with neither; use Fix all)"),
        "{title}"
    );
    assert_eq!(action["isPreferred"], false);
    assert_eq!(action["kind"], "quickfix");
    assert_eq!(
        found(&json!({"diagnostics": action["diagnostics"]})),
        rules(&[("wx-api", [2, 2, 2, 15])])
    );
    // The merged `ww.register` fix is one action for both findings it fixes.
    let actions = client.code_actions(uri, range(0, 0, 1, 3), Some("quickfix"));
    assert_eq!(actions.as_array().unwrap().len(), 1, "{actions}");
    assert_eq!(
        found(&json!({"diagnostics": actions[0]["diagnostics"]})),
        rules(&[("wx-config", [0, 0, 0, 9]), ("wx-ready", [1, 0, 1, 8])])
    );

    // Alone in its file, the same kind of fix is preferred and its title adds nothing.
    let uri = "file:///tmp/jwm-server/alone.js";
    // (in a click handler: a direct method or invoke while the page loads has an unsafe fix)
    client.open(
        uri,
        "javascript",
        "btn.onclick = function () { wx.invoke('getContext', {}, function () {}); };\n",
    );
    let actions = client.code_actions(uri, range(0, 28, 0, 28), None);
    let quick: Vec<&Value> = actions
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["kind"] == "quickfix")
        .collect();
    assert_eq!(quick.len(), 1);
    assert_eq!(quick[0]["isPreferred"], true);
    assert!(!quick[0]["title"].as_str().unwrap().contains("half migrated"));
    assert_eq!(
        quick[0]["edit"]["changes"][uri],
        json!([{"range": range(0, 28, 0, 30), "newText": "ww"}, {"range": range(0, 71, 0, 71), "newText": ".catch(function () {})"}])
    );
    assert_eq!(client.stop(), 0);
}

#[test]
fn unsafe_fixes_are_offered_labelled_and_never_preferred() {
    let mut client = Client::start(json!({}), &[]);
    let uri = "file:///tmp/jwm-server/unsafe.js";
    let published = client.open(
        uri,
        "javascript",
        "var done = wx.invoke('getContext', {}, function (res) { console.log(res); });\n",
    );
    assert_eq!(found(&published), rules(&[("wx-invoke", [0, 11, 0, 20])]));
    let actions = client.code_actions(uri, range(0, 12, 0, 12), Some("quickfix"));
    let title = actions[0]["title"].as_str().unwrap();
    assert!(title.starts_with("Unsafe fix: "), "{title}");
    assert_eq!(actions[0]["isPreferred"], false);
    // Fix-all applies safe fixes only, so the file cannot be migrated whole: disabled, with why.
    let actions = client.code_actions(uri, range(0, 0, 0, 0), Some("source.fixAll"));
    assert_eq!(
        actions,
        json!([]),
        "a client without disabledSupport gets no disabled action"
    );
    assert_eq!(client.stop(), 0);

    let mut client = Client::start_with(
        json!({}),
        json!({"textDocument": {"codeAction": {"disabledSupport": true}}}),
        &[],
    );
    client.open(
        uri,
        "javascript",
        "var done = wx.invoke('getContext', {}, function (res) { console.log(res); });\n",
    );
    let actions = client.code_actions(uri, range(0, 0, 0, 0), Some("source.fixAll"));
    assert_eq!(actions[0]["kind"], "source.fixAll.jweixin-migrate");
    assert_eq!(
        actions[0]["disabled"]["reason"],
        "the file is migrated whole or not at all: 1 only has an unsafe fix (--unsafe-fixes)"
    );
    assert_eq!(client.stop(), 0);
}

#[test]
fn fix_all_is_one_versioned_edit_with_what_fix_writes() {
    let mut client = Client::start_with(
        json!({}),
        json!({"workspace": {"workspaceEdit": {"documentChanges": true}}}),
        &[],
    );
    let uri = "file:///tmp/jwm-server/all.js";
    let text = "// 企业微信😀\nwx.config({ appId: 'ww1', timestamp: 1, nonceStr: 'n', signature: 's', jsApiList: ['scanQRCode'] });\nwx.ready(function () {\n  wx.scanQRCode({ needResult: 1 }); // 扫码😀\n});\n";
    client.open(uri, "javascript", text);
    let actions = client.code_actions(uri, range(0, 0, 0, 0), Some("source.fixAll.jweixin-migrate"));
    let actions = actions.as_array().unwrap();
    assert_eq!(actions.len(), 1);
    assert_eq!(
        actions[0]["title"],
        "Fix all jweixin-migrate findings with safe fixes (3 findings)"
    );
    let change = &actions[0]["edit"]["documentChanges"][0];
    assert_eq!(change["textDocument"], json!({"uri": uri, "version": 1}));
    let fixed = apply_edits(text, change["edits"].as_array().unwrap());
    let expected = run_fix_stdin("all.js", text);
    assert_eq!(fixed, expected);
    assert_ne!(fixed, text);
    assert_eq!(client.stop(), 0);
}

/// What `fix --stdin-filename` prints for `text`.
fn run_fix_stdin(name: &str, text: &str) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jweixin-migrate"))
        .args(["fix", "--stdin-filename", name])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// Applies LSP text edits (UTF-16 positions, non-overlapping) to `text`.
fn apply_edits(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| {
        let (line, character) = (
            p["line"].as_u64().unwrap() as usize,
            p["character"].as_u64().unwrap() as usize,
        );
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        for (i, c) in text[start..].char_indices() {
            if units >= character {
                return start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    spans.sort();
    let mut out = text.to_string();
    for (start, end, new) in spans.into_iter().rev() {
        out.replace_range(start..end, new);
    }
    out
}

#[test]
fn hover_shows_the_rules_explain_text() {
    let mut client = Client::start_with(
        json!({}),
        json!({"textDocument": {"hover": {"contentFormat": ["markdown", "plaintext"]}}}),
        &[],
    );
    let uri = "file:///tmp/jwm-server/hover.js";
    client.open(uri, "javascript", UNICODE_LINE);
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 25}}),
    );
    assert_eq!(hover["contents"]["kind"], "markdown");
    let explain = Command::new(env!("CARGO_BIN_EXE_jweixin-migrate"))
        .args(["explain", "wx-invoke"])
        .output()
        .unwrap();
    let explain = String::from_utf8(explain.stdout).unwrap();
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(
        value.starts_with("wx-invoke: `wx.invoke('getCurExternalContact', ...)`"),
        "{value}"
    );
    assert!(value.ends_with(explain.trim_end()), "{value}");
    assert_eq!(hover["range"], range(1, 22, 1, 31));
    // Off the finding: nothing.
    let none = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 2}}),
    );
    assert_eq!(none, Value::Null);
    assert_eq!(client.stop(), 0);
}

#[test]
fn a_syntax_error_is_a_diagnostic_and_the_server_goes_on() {
    let mut client = Client::start(json!({"debounceMs": 0}), &[]);
    let uri = "file:///tmp/jwm-server/broken.ts";
    let published = client.open(uri, "typescript", "wx.config({ appId: 'x' \nconst = ;\n");
    assert_eq!(found(&published)[0].0, "syntax-error");
    let actions = client.code_actions(uri, range(0, 0, 1, 0), None);
    assert_eq!(actions, json!([]));
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": "wx.scanQRCode({});\n"}]}),
    );
    assert_eq!(found(&client.diagnostics()), rules(&[("wx-api", [0, 0, 0, 13])]));
    assert_eq!(client.stop(), 0);
}

#[test]
fn a_panic_while_checking_is_reported_and_the_server_goes_on() {
    let mut client = Client::start(json!({}), &[("JWEIXIN_MIGRATE_TEST_PANIC", "boom.js")]);
    let published = client.open("file:///tmp/jwm-server/boom.js", "javascript", "wx.scanQRCode({});\n");
    let message = published["diagnostics"][0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("internal error while checking this file"),
        "{message}"
    );
    let hover = client.request_full(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///tmp/jwm-server/boom.js"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(hover["result"], Value::Null);
    let other = client.open("file:///tmp/jwm-server/fine.js", "javascript", "wx.scanQRCode({});\n");
    assert_eq!(found(&other), rules(&[("wx-api", [0, 0, 0, 13])]));
    assert_eq!(client.stop(), 0);
}

#[test]
fn files_a_folder_run_skips_get_no_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("project.config.json"), "{}").unwrap();
    let uri = lsp_file_uri(&dir.path().join("pages/index.js"));
    let mut client = Client::start(json!({}), &[]);
    let published = client.open(&uri, "javascript", "wx.scanQRCode({});\n");
    assert_eq!(found(&published), rules(&[]));
    let log = client.next("window/logMessage", WAIT).unwrap();
    assert!(log["message"]
        .as_str()
        .unwrap()
        .ends_with("jweixin-migrate does not check this file: a folder run skips mini-program roots"));
    assert_eq!(client.stop(), 0);
}

fn lsp_file_uri(path: &std::path::Path) -> String {
    format!("file://{}", path.display())
}

#[test]
fn closing_a_document_clears_its_diagnostics() {
    let mut client = Client::start(json!({}), &[]);
    let uri = "file:///tmp/jwm-server/close.vue";
    let published = client.open(
        uri,
        "vue",
        "<template><p>企业微信😀</p></template>\n<script>\nexport default { mounted() { wx.scanQRCode({}); } };\n</script>\n",
    );
    assert_eq!(found(&published), rules(&[("wx-api", [2, 29, 2, 42])]));
    client.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}}));
    let cleared = client.diagnostics();
    assert_eq!(cleared["diagnostics"], json!([]));
    assert_eq!(client.stop(), 0);
}

#[test]
fn exit_without_shutdown_ends_with_status_1() {
    let mut client = Client::start(json!({}), &[]);
    client.notify("exit", Value::Null);
    assert_eq!(client.status(), 1);
}

#[test]
fn an_unknown_request_gets_method_not_found() {
    let mut client = Client::start(json!({}), &[]);
    let response = client.request_full("textDocument/definition", json!({}));
    assert_eq!(response["error"]["code"], -32601);
    assert_eq!(client.stop(), 0);
}

#[test]
fn a_fix_that_leaves_its_page_half_migrated_says_which_files_and_is_not_preferred() {
    // A project on disk: the page loads jweixin and app.js; app.js is open in the editor.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("package.json"), "{\"name\": \"app\"}\n").unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        "<script src=\"https://res.wx.qq.com/open/js/jweixin-1.2.0.js\"></script>\n<script src=\"app.js\"></script>\n",
    )
    .unwrap();
    let text = "wx.scanQRCode({ needResult: 1 });\n";
    let app = dir.path().join("app.js");
    std::fs::write(&app, text).unwrap();
    let uri = format!("file://{}", app.display());
    let mut client = Client::start(json!({}), &[]);
    client.open(&uri, "javascript", text);
    let actions = client.code_actions(&uri, range(0, 0, 0, 0), Some("quickfix"));
    let action = &actions[0];
    let title = action["title"].as_str().unwrap();
    let page = dir.path().join("index.html");
    assert!(
        title.contains(&format!(
            "leaves its page half migrated: {} still uses jweixin",
            page.display()
        )),
        "{title}"
    );
    assert_eq!(action["isPreferred"], false);
    assert_eq!(client.stop(), 0);
}
