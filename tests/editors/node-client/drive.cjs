// Drives `jweixin-migrate server` with the official Node client libraries
// (vscode-languageserver-protocol over vscode-jsonrpc), the ones VS Code's client is built on:
// initialize, didOpen, didChange adding a finding, code actions, fix-all applied with
// vscode-languageserver-textdocument, a check of the fixed text, shutdown, exit.
// Writes what it saw as JSON for tests/editors.rs, which asserts on it.
//   JWM_BIN     the binary
//   JWM_FILE    the legacy file to open
//   JWM_REPORT  where to write the report
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  InitializeRequest,
  InitializedNotification,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  PublishDiagnosticsNotification,
  CodeActionRequest,
  ShutdownRequest,
  ExitNotification,
} = require('vscode-languageserver-protocol/node');
const { TextDocument } = require('vscode-languageserver-textdocument');

const file = process.env.JWM_FILE;
const uri = pathToFileURL(file).href;
const report = { uri };
const TIMEOUT = 20000;

const server = spawn(process.env.JWM_BIN, ['server'], { stdio: ['pipe', 'pipe', 'inherit'] });
const exited = new Promise((resolve) => server.on('exit', (code) => resolve(code)));
const connection = createProtocolConnection(
  new StreamMessageReader(server.stdout),
  new StreamMessageWriter(server.stdin),
);

// Diagnostics as they come, and waiting for those of a given version.
const published = [];
let wake = () => {};
connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
  published.push(params);
  wake();
});
function diagnosticsFor(version) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no diagnostics for version ${version}`)), TIMEOUT);
    const look = () => {
      const found = published.find((p) => p.uri === uri && p.version === version);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    wake = look;
    look();
  });
}

async function main() {
  connection.listen();
  const init = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(path.dirname(file)).href,
    capabilities: {},
    initializationOptions: { debounceMs: 50 },
  });
  if (init.capabilities.positionEncoding !== 'utf-16') throw new Error('not utf-16');
  await connection.sendNotification(InitializedNotification.type, {});

  let doc = TextDocument.create(uri, 'javascript', 1, fs.readFileSync(file, 'utf8'));
  await connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'javascript', version: 1, text: doc.getText() },
  });
  report.opened = await diagnosticsFor(1);

  // Type a new legacy call on line 3 after `var 标题 = '客户联系😀'; ` (UTF-16 column 19), as an
  // incremental change.
  const at = { line: 2, character: 19 };
  // (a feature test: a call of a direct method outside a wx.ready callback only has an unsafe fix)
  const change = { range: { start: at, end: at }, text: 'wx.scanQRCode || 1;' };
  doc = TextDocument.update(doc, [change], 2);
  await connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: 2 },
    contentChanges: [change],
  });
  report.changed = await diagnosticsFor(2);

  const added = report.changed.diagnostics.find((d) => d.code === 'wx-api');
  report.quickFixes = await connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: added.range,
    context: { diagnostics: [added], only: ['quickfix'] },
  });

  const fixAll = await connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [], only: ['source.fixAll'] },
  });
  if (fixAll.length !== 1) throw new Error(`expected one fix-all action, got ${JSON.stringify(fixAll)}`);
  report.fixAllTitle = fixAll[0].title;
  const edits = fixAll[0].edit.changes[uri];
  const fixed = TextDocument.applyEdits(doc, edits);
  report.fixed = fixed;
  await connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: 3 },
    contentChanges: [{ text: fixed }],
  });
  report.afterFix = await diagnosticsFor(3);

  await connection.sendRequest(ShutdownRequest.type);
  report.shutdown = 'done';
  await connection.sendNotification(ExitNotification.type);
  report.exitCode = await exited;
}

main()
  .catch((error) => {
    report.error = String(error && error.stack ? error.stack : error);
    process.exitCode = 1;
  })
  .finally(() => {
    fs.writeFileSync(process.env.JWM_REPORT, JSON.stringify(report, null, 2));
    connection.dispose();
    server.kill();
  });
