// A generated page as data: the page's markup and scripts, each script a tree of code nodes
// (a line, or a block with a head, a body and a tail). Rendering turns it into files; the
// minimiser removes nodes and renders again, so a smaller program is still a whole page.
import { mkdirSync, writeFileSync, copyFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

// The legacy SDK tag the page loads: WeCom's jweixin-1.0.0 (has wx.agentConfig), the
// oracle's default `legacy` flavour.
export const LEGACY_SDK_URL = 'https://res.wx.qq.com/wwopen/js/jsapi/jweixin-1.0.0.js';

// Stand-ins for libraries real pages load from a CDN, copied beside the page.
export const STAND_INS = {
  'js/jquery.js': join(here, 'stand-ins/jquery.js'),
  'js/vue.js': join(here, 'stand-ins/vue.js'),
};

export const line = (text, opts = {}) => ({ kind: 'line', text, ...opts });
export const block = (head, body, tail = '}', opts = {}) => ({ kind: 'block', head, body, tail, ...opts });
// `if (test) { body } else { elseBody }`: both bodies are nodes the minimiser may empty.
export const ifElse = (head, body, elseBody) => ({ kind: 'block', head, body, tail: '}', elseBody });

function renderNodes(nodes, depth, out) {
  const pad = '  '.repeat(depth);
  for (const n of nodes) {
    if (n.removed) continue;
    if (n.kind === 'line') {
      for (const l of n.text.split('\n')) out.push(l ? pad + l : '');
    } else {
      for (const l of n.head.split('\n')) out.push(pad + l);
      renderNodes(n.body, depth + (n.inner ?? 1), out);
      if (n.elseBody) {
        out.push(pad + '} else {');
        renderNodes(n.elseBody, depth + 1, out);
      }
      for (const l of n.tail.split('\n')) out.push(pad + l);
    }
  }
  return out;
}

export function renderCode(nodes, depth = 0) {
  return renderNodes(nodes, depth, []).join('\n') + '\n';
}

// Every node of a program, depth first, with its parent list (for the minimiser).
export function allNodes(program) {
  const out = [];
  const walk = (nodes) => {
    for (const n of nodes) {
      out.push(n);
      if (n.kind === 'block') {
        walk(n.body);
        if (n.elseBody) walk(n.elseBody);
      }
    }
  };
  for (const s of program.page.scripts) if (s.inline) walk(s.inline);
  for (const f of Object.values(program.files)) walk(f);
  return out;
}

export function renderPage(program) {
  const { page } = program;
  const head = [
    '<!doctype html>',
    '<html>',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${page.title}</title>`,
  ];
  if (page.sdkTag) head.push(`<script src="${LEGACY_SDK_URL}"></script>`);
  head.push('</head>', '<body>', '<div id="app"></div>', '<ul id="log"></ul>', '<button id="btn">go</button>');
  for (const s of page.scripts) {
    const type = s.module ? ' type="module"' : '';
    if (s.src) head.push(`<script${type} src="${s.src}"></script>`);
    else head.push(`<script${type}>`, renderCode(s.inline).trimEnd(), '</script>');
  }
  head.push('</body>', '</html>', '');
  return head.join('\n');
}

// Writes the page folder: index.html, its script files and the stand-ins it loads.
export function writeProgram(program, dir) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.html'), renderPage(program));
  for (const [path, nodes] of Object.entries(program.files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), renderCode(nodes));
  }
  for (const [path, text] of Object.entries(program.statics || {})) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  for (const path of program.standIns) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    copyFileSync(STAND_INS[path], join(dir, path));
  }
}

// A deep copy (the minimiser edits copies).
export function cloneProgram(program) {
  return structuredClone(program);
}
