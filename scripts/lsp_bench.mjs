#!/usr/bin/env node
// The language server's latency and memory (BENCHMARKS.md, "Language server"):
//   node scripts/lsp_bench.mjs [BINARY]      (default target/release/jweixin-migrate)
// Generates a legacy script of 300 lines and one of 3,000 (ten-line blocks, each with a
// `wx.invoke` and a `wx.scanQRCode` after Chinese text and an emoji, under one
// `wx.config`/`wx.ready`), opens each in `jweixin-migrate server` with the debounce set to 0,
// and times didChange -> publishDiagnostics for that version, one change at a time (each
// change types or deletes one character in a comment, so the findings stay the same), plus
// the fix-all code action. Then sends 1,000 changes to the 3,000-line file and reads the
// server's resident memory (VmRSS) along the way. Needs Node and Linux (/proc); no packages.
import { spawn } from 'node:child_process';
import fs from 'node:fs';

const binary = process.argv[2] ?? 'target/release/jweixin-migrate';
const server = spawn(binary, ['server'], { stdio: ['pipe', 'pipe', 'inherit'] });

// JSON-RPC over stdio, framed with Content-Length headers.
let buffer = Buffer.alloc(0);
const waiting = new Map();
let nextId = 1;
server.stdout.on('data', (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const end = buffer.indexOf('\r\n\r\n');
    if (end < 0) return;
    const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, end).toString())[1]);
    if (buffer.length < end + 4 + length) return;
    const message = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString());
    buffer = buffer.subarray(end + 4 + length);
    const key = message.id !== undefined && message.method === undefined ? `id:${message.id}` : `${message.method}:${message.params?.uri}:${message.params?.version}`;
    const resolve = waiting.get(key);
    if (resolve) {
      waiting.delete(key);
      resolve(message);
    }
  }
});
function send(message) {
  const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }));
  server.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
  server.stdin.write(body);
}
function expect(key) {
  return new Promise((resolve) => waiting.set(key, resolve));
}
function request(method, params) {
  const id = nextId++;
  const answer = expect(`id:${id}`);
  send({ id, method, params });
  return answer;
}
const published = (uri, version) => expect(`textDocument/publishDiagnostics:${uri}:${version}`);

function legacyScript(lines) {
  const out = [
    '// 企业微信客户联系页 😀',
    "wx.config({ beta: true, appId: 'ww7ca4776b2a70000', timestamp: 1700000000, nonceStr: 'n', signature: 's', jsApiList: ['getCurExternalContact', 'scanQRCode'] });",
    'wx.ready(function () { start(); });',
  ];
  for (let n = 0; out.length < lines; n++) {
    out.push(
      `function page${n}() {`,
      `  // 页面 ${n}：读取当前客户 😀`,
      "  wx.invoke('getCurExternalContact', {}, function (res) {",
      "    if (res.err_msg == 'getCurExternalContact:ok') {",
      "      console.log('客户', res.userId);",
      '    }',
      '  });',
      '  wx.scanQRCode({ needResult: 1, success: function (r) { console.log(r.resultStr); } });',
      `  var title = document.title + ' ${n}';`,
      '}',
    );
  }
  return `${out.slice(0, lines).join('\n')}\n`;
}

function rssKiB() {
  const status = fs.readFileSync(`/proc/${server.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]);
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const ms = (ns) => Number(ns) / 1e6;

async function changeOnce(uri, version) {
  // Odd versions type an `x` at the start of line 1's comment text, even ones delete it.
  const typing = version % 2 === 1;
  const change = typing
    ? { range: { start: { line: 0, character: 3 }, end: { line: 0, character: 3 } }, text: 'x' }
    : { range: { start: { line: 0, character: 3 }, end: { line: 0, character: 4 } }, text: '' };
  const done = published(uri, version);
  const start = process.hrtime.bigint();
  send({ method: 'textDocument/didChange', params: { textDocument: { uri, version }, contentChanges: [change] } });
  const message = await done;
  return { ns: process.hrtime.bigint() - start, findings: message.params.diagnostics.length };
}

async function main() {
  await request('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { debounceMs: 0 } });
  send({ method: 'initialized', params: {} });
  const results = {};
  for (const lines of [300, 3000]) {
    const uri = `file:///bench/legacy-${lines}.js`;
    const text = legacyScript(lines);
    const opened = published(uri, 1);
    send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'javascript', version: 1, text } } });
    const first = await opened;
    let version = 1;
    for (let i = 0; i < 20; i++) await changeOnce(uri, ++version); // warm-up
    const times = [];
    for (let i = 0; i < 200; i++) {
      const { ns, findings } = await changeOnce(uri, ++version);
      if (findings !== first.params.diagnostics.length) throw new Error('findings changed');
      times.push(ms(ns));
    }
    times.sort((a, b) => a - b);
    const fixAll = [];
    for (let i = 0; i < 10; i++) {
      const start = process.hrtime.bigint();
      const answer = await request('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [], only: ['source.fixAll'] },
      });
      if (answer.result.length !== 1) throw new Error('no fix-all action');
      fixAll.push(ms(process.hrtime.bigint() - start));
    }
    fixAll.sort((a, b) => a - b);
    results[lines] = { uri, version, bytes: Buffer.byteLength(text), findings: first.params.diagnostics.length, times, fixAll };
    console.log(
      `${lines} lines (${Buffer.byteLength(text)} bytes, ${first.params.diagnostics.length} findings): didChange -> publishDiagnostics ` +
        `median ${quantile(times, 0.5).toFixed(2)} ms, p95 ${quantile(times, 0.95).toFixed(2)} ms, max ${times[times.length - 1].toFixed(2)} ms ` +
        `(200 changes); fix-all code action median ${quantile(fixAll, 0.5).toFixed(1)} ms`,
    );
  }
  const big = results[3000];
  const memory = [[0, rssKiB()]];
  for (let i = 1; i <= 1000; i++) {
    await changeOnce(big.uri, ++big.version);
    if (i % 250 === 0) memory.push([i, rssKiB()]);
  }
  console.log(`resident memory after N more changes to the 3,000-line file: ${memory.map(([n, kib]) => `${n}: ${(kib / 1024).toFixed(1)} MiB`).join(', ')}`);
  await request('shutdown', null);
  send({ method: 'exit', params: null });
}

main().catch((error) => {
  console.error(error);
  server.kill();
  process.exit(1);
});
