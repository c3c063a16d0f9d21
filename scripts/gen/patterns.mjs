// The generator of legacy pages: one seed -> one whole page (index.html loading jweixin, its
// scripts or modules) composed from the patterns real code uses (realworld-patterns.md), with
// the scenarios that exercise it and the fetch responses it needs. Every choice is recorded as
// a pattern name (`sign:fetch-then`, `error:compare-retry`, ...) so a failure says what the page
// was made of. To add a pattern: add its name to a table in PATTERNS with a weight, and the
// code for it where that dimension is built below; README.md lists the names.
import { Rng } from './rng.mjs';
import { line, block, ifElse, renderCode } from './program.mjs';

// Each dimension and the weight of each of its patterns.
export const PATTERNS = {
  // A simple page has one concern and the common shapes (most real pages, realworld-patterns.md);
  // a composite page draws every dimension from the whole table.
  profile: { simple: 7, composite: 3 },
  page: { inline: 6, 'app-js': 4, split: 0.5, module: 3, 'module-split': 0.5 },
  ref: { wx: 8, 'window.wx': 2, jWeixin: 1, alias: 1 },
  style: { es5: 5, es6: 4 },
  sign: {
    literal: 2,
    'global-object': 2,
    'fetch-then': 4,
    ajax: 3,
    await: 3,
    xhr: 1,
    'promise-helper': 2,
    'callback-helper': 1,
  },
  site: {
    direct: 12,
    'helper-once': 3,
    'helper-twice': 0.5,
    loop: 0.5,
    'reconfig-in-ready': 0.5,
    'click-handler': 0.5,
    'class-method': 1,
    'vue-mounted': 1,
    'promise-wrapper': 2,
  },
  opts: {
    inline: 12,
    variable: 3,
    spread: 0.5,
    'object-assign': 0.5,
    'server-object': 0.5,
    computed: 2,
    shorthand: 1,
    'shared-list': 1,
  },
  ready: { after: 12, before: 2, outer: 2, none: 1, twice: 1, reference: 2, async: 1 },
  error: { none: 5, after: 7, before: 1, outer: 1, 'in-ready-first': 1, 'in-ready-late': 0.5, twice: 0.5 },
  'error-handler': {
    log: 6,
    'log-dom': 2,
    'compare-retry': 2,
    'index-of': 1,
    'whole-json': 1,
    empty: 1,
    'no-param': 2,
    throw: 1,
  },
  agent: {
    none: 10,
    'after-config': 1,
    'in-ready': 0.5,
    // WeCom's documented flow: agentConfig is the ready callback's only statement, and the
    // page's API calls run in its success hook
    'in-ready-canonical': 3,
    'in-ready-after-fetch': 0.5,
    'in-ready-after-await': 0.5,
    only: 0.5,
    invoke: 0.5,
  },
  'agent-fail': { log: 3, 'function-not-exist': 2, none: 1 },
  apis: { 1: 5, 2: 4, 3: 1 },
  // which kinds of API calls one page mixes in its ready callbacks
  'api-style': { invoke: 6, named: 3, mixed: 2 },
  api: {
    invoke: 8,
    named: 5,
    share: 2,
    on: 1,
    'invoke-nested': 2,
    'invoke-value-used': 0.3,
    'invoke-promise': 2,
    'named-then-invoke': 0.5,
    // the direct methods the tool adapts (checkJsApi's result, an event's options object)
    'check-js-api': 0.5,
    'share-trigger': 0.5,
    'voice-event': 0.5,
  },
  outside: { none: 12, 'on-click': 2, timer: 0.5, 'ungated-named': 0.5, 'ungated-invoke': 0.5 },
  extra: { none: 8, 'mini-program-probe': 2, 'vendor-probe': 1, 'feature-test': 2, shadow: 1, 'probe-alias': 1 },
  // module pages: whether a second module configures the SDK for an API of its own (the page
  // then configures twice; no fix may merge either configuration alone)
  modules: { one: 9, 'two-configure': 1 },
  // split pages: whether the ready callbacks sit in `js/app.js` or in a later inline script
  // block of the page itself
  'split-into': { file: 1, block: 1 },
};

// What a simple page draws from, per dimension (the rest of a table is for composite pages).
export const SIMPLE = {
  page: ['inline', 'app-js', 'module'],
  sign: ['literal', 'global-object', 'fetch-then', 'ajax', 'await', 'xhr', 'promise-helper'],
  site: ['direct', 'helper-once', 'class-method', 'vue-mounted', 'promise-wrapper'],
  opts: ['inline', 'variable', 'computed', 'shorthand', 'shared-list'],
  ready: ['after', 'before', 'outer', 'twice', 'reference', 'async'],
  error: ['none', 'after', 'before', 'outer', 'in-ready-first'],
  'error-handler': ['log', 'log-dom', 'compare-retry', 'index-of', 'whole-json', 'empty', 'no-param'],
  agent: ['none', 'in-ready-canonical'],
  apis: ['1', '2'],
  'api-style': ['invoke', 'named'],
  api: ['invoke', 'named', 'share', 'on', 'invoke-nested', 'invoke-promise'],
  outside: ['none', 'on-click'],
};

const CORP = 'ww7ca4776b2a70000';
export const SIGNATURE = {
  corpId: CORP,
  agentId: 1000002,
  timestamp: 1700000000,
  nonceStr: 'Wm3WZYTPz0wzccnW',
  signature: '0f9de62fce790f9a083d5c99e95740ceb90c27ed',
  agentTimestamp: 1700000001,
  agentNonceStr: 'AgNonce42',
  agentSignature: '6a002281a4a5684d2318132575a05651da2f625d',
};
export const AGENT_SIGNATURE = {
  corpId: CORP,
  agentId: 1000002,
  timestamp: 1700000001,
  nonceStr: 'AgNonce42',
  signature: '6a002281a4a5684d2318132575a05651da2f625d',
};
// A config-shaped server answer, for `wx.config(data)`.
export const WX_CONFIG = {
  appId: CORP,
  timestamp: 1700000000,
  nonceStr: 'Wm3WZYTPz0wzccnW',
  signature: '0f9de62fce790f9a083d5c99e95740ceb90c27ed',
};

// Client APIs reached through wx.invoke: params as written, the ok reply's fields, and what
// the callback shows.
const INVOKE_APIS = {
  getContext: { params: '{}', reply: { entry: 'single_chat_tools', shareTicket: 'tk1' }, show: 'res.entry' },
  getCurExternalContact: { params: '{}', reply: { userId: 'wmEXTERNAL001' }, show: 'res.userId' },
  getCurExternalChat: { params: '{}', reply: { chatId: 'wrCHAT001' }, show: 'res.chatId' },
  sendChatMessage: { params: "{ msgtype: 'text', text: { content: 'hello' } }", reply: {}, show: "'sent'" },
  openUserProfile: { params: "{ type: 2, userid: 'wmEXTERNAL001' }", reply: {}, show: "'profile shown'" },
  selectExternalContact: { params: '{ filterType: 0 }', reply: { userIds: ['wmA', 'wmB'] }, show: 'res.userIds.join()' },
  shareToExternalContact: { params: "{ text: { content: 'hi' } }", reply: {}, show: "'shared'" },
};
// Direct methods (the API table marks them identical): options as written, reply fields, what
// success shows.
const NAMED_APIS = {
  // on iOS the client sends the scan result as JSON, which both SDKs unpack
  scanQRCode: { opts: "needResult: 1, scanType: ['qrCode']", reply: { resultStr: JSON.stringify({ scan_code: { scan_result: 'https://example.com/qr' } }) }, show: 'res.resultStr' },
  previewImage: { opts: "current: 'https://example.com/a.png', urls: ['https://example.com/a.png']", reply: {}, show: "'previewed'", bridge: 'imagePreview' },
  hideOptionMenu: { opts: '', reply: {}, show: "'menu hidden'" },
  closeWindow: { opts: '', reply: {}, show: "'closing'" },
  getLocation: { opts: "type: 'wgs84'", reply: { latitude: 39.9, longitude: 116.4 }, show: 'res.latitude', bridge: 'geoLocation' },
  chooseImage: { opts: "count: 1, sizeType: ['compressed'], sourceType: ['album']", reply: { localIds: ['wxlocalresource://img1'] }, show: 'res.localIds[0]' },
  openEnterpriseChat: { opts: "userIds: 'zhangsan;lisi', groupName: 'team'", reply: { chatId: 'wrNEW' }, show: "'chat opened'" },
  setClipboardData: { opts: "data: 'copied text'", reply: {}, show: "'copied'" },
  hideMenuItems: { opts: "menuList: ['menuItem:share:qq']", reply: {}, show: "'items hidden'" },
};
// Replies of the adapted methods: iOS sends checkResult as an object keyed by client names.
const ADAPTED_REPLIES = {
  checkJsApi: { checkResult: { chooseImage: true, 'menu:share:appmessage': true, geoLocation: false } },
};
const AGENT_APIS = ['selectExternalContact', 'getCurExternalContact', 'openUserProfile', 'shareToExternalContact'];
const WECOM_INVOKE_ONLY = ['getContext', 'getCurExternalChat', 'sendChatMessage'];

const SIGN_URL = "'/api/wecom/jsapi-signature?url=' + encodeURIComponent(location.href.split('#')[0])";
const AGENT_SIGN_URL = "'/api/wecom/agent-signature?url=' + encodeURIComponent(location.href.split('#')[0])";

// The code style of one page.
class Style {
  constructor(es6) {
    this.es6 = es6;
    this.decl = es6 ? 'const' : 'var';
    this.let = es6 ? 'let' : 'var';
  }

  // The head of a function expression ending in `{`.
  fn(params = '', { async = false } = {}) {
    const a = async ? 'async ' : '';
    return this.es6 ? `${a}(${params}) => {` : `${a}function (${params}) {`;
  }
}

export function generateProgram(seed) {
  return new Generator(seed).build();
}

class Generator {
  constructor(seed) {
    this.seed = seed;
    this.rng = new Rng(seed);
    this.patterns = [];
    this.invoked = new Set(); // client API names the page calls
    this.events = []; // client events the scenarios fire
    this.standIns = new Set();
    this.files = {};
    this.topLevel = []; // statements before the signing flow
    this.after = []; // statements after it
    this.functions = []; // function declarations at the end of the script
    this.agentApis = [];
  }

  choose(dimension, allowed) {
    let table = PATTERNS[dimension];
    if (allowed) table = Object.fromEntries(Object.entries(table).filter(([k]) => allowed.includes(k)));
    if (this.simple && SIMPLE[dimension]) {
      const narrowed = Object.fromEntries(Object.entries(table).filter(([k]) => SIMPLE[dimension].includes(k)));
      if (Object.keys(narrowed).length) table = narrowed;
    }
    const name = this.rng.weighted(table);
    this.patterns.push(`${dimension}:${name}`);
    return name;
  }

  build() {
    const rng = this.rng;
    this.simple = this.choose('profile') === 'simple';
    const page = this.choose('page');
    this.page = page;
    const moduleish = page === 'module' || page === 'module-split';
    this.style = new Style(moduleish || this.choose('style') === 'es6');
    const split = page === 'split' || page === 'module-split';
    const ref = moduleish ? 'import' : this.choose('ref', split ? ['wx', 'window.wx', 'jWeixin'] : undefined);
    if (moduleish) this.patterns.push('ref:import');
    this.S = { wx: 'wx', 'window.wx': 'window.wx', jWeixin: 'jWeixin', alias: 'sdk', import: 'wx' }[ref];
    this.ref = ref;
    this.sign = this.choose('sign', moduleish ? ['literal', 'fetch-then', 'await', 'promise-helper'] : undefined);
    const classy = this.style.es6;
    this.site = this.choose(
      'site',
      Object.keys(PATTERNS.site).filter(
        (s) =>
          (s !== 'class-method' || classy) &&
          (s !== 'vue-mounted' || !moduleish) &&
          (s !== 'promise-wrapper' || this.sign !== 'literal'),
      ),
    );
    this.agent = this.choose('agent');
    this.opts = this.choose('opts');
    if (this.agent === 'only') {
      this.ready = 'none';
      this.patterns.push('ready:none');
    } else if (split) {
      // the page's other file registers the ready callback
      this.ready = 'outer';
      this.patterns.push('ready:outer');
    } else {
      this.ready = this.choose('ready');
    }
    // agentConfig inside the ready callback needs the signature in scope there
    const readyOutOfScope = ['none', 'outer', 'reference'].includes(this.ready);
    if (readyOutOfScope && ['in-ready', 'in-ready-canonical', 'invoke'].includes(this.agent)) {
      this.agentMoved = true;
      this.patterns.push('agent-placed:after-config');
      // the documented flow calls every API in the agent's success hook: no ready callback
      if (this.agent === 'in-ready-canonical' && this.ready !== 'none') {
        this.ready = 'none';
        this.patterns.push('ready:dropped-for-agent');
      }
    }
    if (this.ready === 'none' && this.agent.startsWith('in-ready-after')) {
      this.agentMoved = true;
      this.patterns.push('agent-placed:after-config');
      // no async callback to await in: fetch the agent signature with a promise instead
      this.agent = 'in-ready-after-fetch';
    }
    this.errorAt = this.agent === 'only' ? 'none' : this.choose('error', this.ready === 'none' ? ['none', 'after', 'before', 'outer', 'twice'] : undefined);
    if (this.agent === 'only') this.patterns.push('error:none');
    this.errorHandler = this.errorAt === 'none' ? null : this.choose('error-handler');
    this.apis = [];
    const apiCount = Number(this.choose('apis'));
    const apiStyle = this.choose('api-style');
    const kinds = {
      invoke: ['invoke', 'invoke-nested', 'invoke-value-used', 'invoke-promise', 'on'],
      named: ['named', 'share', 'check-js-api', 'voice-event', 'share-trigger'],
      mixed: undefined,
    }[apiStyle];
    for (let i = 0; i < apiCount; i++) this.apis.push(this.choose('api', kinds));
    this.outside = this.choose('outside');
    this.extra = this.choose('extra');

    // The APIs the page calls, fixed before the code so jsApiList can name them.
    this.apiCalls = this.apis.map((kind) => this.planApi(kind));
    this.jsApiList = [...new Set(this.apiCalls.flatMap((c) => c.names))];
    if (this.outsideCall()) this.jsApiList.push(...this.outsideCall().names.filter((n) => !this.jsApiList.includes(n)));
    if (this.agent !== 'none') {
      this.agentApis = rng.some(AGENT_APIS, rng.int(1, 2));
    }

    const code = this.signingFlow();
    const script = [this.logHelper(), ...this.topLevel, ...code, ...this.after, ...this.outsideNodes(), ...this.functions];
    return this.assemble(script);
  }

  // ---- the page ------------------------------------------------------------------------

  logHelper() {
    return line(
      [
        'function log(text) {',
        "  var item = document.createElement('li');",
        '  item.textContent = text;',
        "  document.getElementById('log').appendChild(item);",
        '}',
      ].join('\n'),
      { keep: true },
    );
  }

  assemble(script) {
    const page = { title: `generated page ${this.seed}`, sdkTag: true, scripts: [] };
    const importLine = () => line("import wx from 'weixin-js-sdk';", { keep: true });
    if (this.ref === 'alias') script.splice(1, 0, line(`${this.style.decl} sdk = window.wx;`, { keep: true }));
    for (const s of this.standIns) page.scripts.push({ src: s });
    if (this.vendorProbe) {
      this.files['js/vendor/zrender.js'] = this.vendorProbe;
      page.scripts.push({ src: 'js/vendor/zrender.js' });
    }
    switch (this.page) {
      case 'inline':
        page.scripts.push({ inline: script });
        break;
      case 'app-js':
        this.files['js/app.js'] = script;
        page.scripts.push({ src: 'js/app.js' });
        break;
      case 'split': {
        // The configuration inline; the ready callbacks in js/app.js (a page script that
        // trusts the inline one to configure the SDK).
        const [ready, rest] = this.splitReady(script);
        page.scripts.push({ inline: rest });
        const later = ready.length ? ready : [line("log('app loaded');")];
        if (this.choose('split-into') === 'block') {
          page.scripts.push({ inline: later });
        } else {
          this.files['js/app.js'] = later;
          page.scripts.push({ src: 'js/app.js' });
        }
        break;
      }
      case 'module': {
        page.sdkTag = false;
        const second = this.choose('modules') === 'two-configure';
        const feature = second ? [line("import './feature.js';", { keep: true })] : [];
        this.files['main.js'] = [importLine(), ...feature, ...script];
        if (second) this.files['feature.js'] = this.featureModule();
        page.scripts.push({ module: true, src: 'main.js' });
        break;
      }
      case 'module-split': {
        // main.js imports ./wecom.js, which configures the SDK when imported.
        page.sdkTag = false;
        const [ready, rest] = this.splitReady(script);
        this.files['wecom.js'] = [importLine(), ...rest, line('export const configured = true;', { keep: true })];
        this.files['main.js'] = [
          importLine(),
          line("import { configured } from './wecom.js';", { keep: true }),
          this.logHelper(),
          line("log('configured ' + configured);"),
          ...ready,
        ];
        page.scripts.push({ module: true, src: 'main.js' });
        break;
      }
    }
    // A page that imports the npm package is a bundled app (a bundler resolves the import);
    // its package.json says so.
    const statics = {};
    if (this.page === 'module' || this.page === 'module-split') {
      statics['package.json'] =
        JSON.stringify(
          {
            name: `generated-page-${this.seed}`,
            private: true,
            scripts: { dev: 'vite', build: 'vite build' },
            dependencies: { 'weixin-js-sdk': '^1.6.0' },
            devDependencies: { vite: '^5.0.0' },
          },
          null,
          2,
        ) + '\n';
    }
    return {
      seed: this.seed,
      patterns: this.patterns,
      page,
      statics,
      files: this.files,
      standIns: [...this.standIns],
      scenarios: this.scenarios(),
    };
  }

  // A feature module that configures the SDK for its own API when imported (modules:
  // two-configure): jweixin sent its handshake too and authorised its list.
  featureModule() {
    this.invoked.add('getContext');
    const sig = SIGNATURE;
    return [
      line("import wx from 'weixin-js-sdk';", { keep: true }),
      line(
        `wx.config({ beta: true, appId: '${sig.corpId}', timestamp: ${sig.timestamp}, nonceStr: '${sig.nonceStr}', signature: '${sig.signature}', jsApiList: ['getContext'] });`,
        { keep: true },
      ),
      line(
        "wx.ready(function () { wx.invoke('getContext', {}, function (res) { document.title = 'context ' + res.err_msg; }); });",
        { keep: true },
      ),
    ];
  }

  // Moves the top-level `wx.ready` statements out of a script (for split pages).
  splitReady(script) {
    const ready = [];
    const rest = [];
    for (const n of script) {
      const head = n.kind === 'block' ? n.head : n.text;
      if (head.startsWith(`${this.S}.ready(`)) ready.push(n);
      else rest.push(n);
    }
    return [ready, rest];
  }

  // ---- the signing flow ----------------------------------------------------------------

  // The statements that get the signature and run the configuration site with it.
  signingFlow() {
    const st = this.style;
    const { decl } = st;
    const outer = this.outerLifecycle();
    const site = (sig) => this.configSite(sig);
    switch (this.sign) {
      case 'literal':
        return [
          ...outer,
          line(`${decl} sig = ${literalObject(SIGNATURE)};`),
          ...site('sig'),
        ];
      case 'global-object':
        this.topLevel.push(line(`window.__WX_SIGN__ = ${literalObject(SIGNATURE)};`));
        return [...outer, line(`${decl} sig = window.__WX_SIGN__;`), ...site('sig')];
      case 'fetch-then':
        return [
          ...outer,
          block(
            `fetch(${SIGN_URL})\n  .then(${st.es6 ? '(r) => r.json()' : 'function (r) { return r.json(); }'})\n  .then(${st.fn('sig')}`,
            site('sig'),
            '  });',
            { inner: 2 },
          ),
        ];
      case 'ajax': {
        this.standIns.add('js/jquery.js');
        const ajax = block(
          `$.ajax({\n  url: '/api/wecom/jsapi-signature',\n  data: { url: location.href.split('#')[0] },\n  dataType: 'json',\n  success: ${st.fn('sig')}`,
          site('sig'),
          '  },\n});',
          { inner: 2 },
        );
        if (this.rng.chance(0.5)) {
          this.patterns.push('sign:ajax-in-dom-ready');
          return [block(`$(${st.fn()}`, [...outer, ajax], '});')];
        }
        return [...outer, ajax];
      }
      case 'await': {
        const name = 'initSdk';
        this.functions.push(
          block(
            `async function ${name}() {`,
            [
              line(`${decl} response = await fetch(${SIGN_URL});`),
              line(`${decl} sig = await response.json();`),
              ...site('sig'),
            ],
            '}',
          ),
        );
        return [...outer, line(`${name}();`)];
      }
      case 'xhr':
        return [
          ...outer,
          line(`${decl} xhr = new XMLHttpRequest();`),
          line(`xhr.open('GET', ${SIGN_URL});`),
          block(`xhr.onload = ${st.fn()}`, [line(`${decl} sig = JSON.parse(xhr.responseText);`), ...site('sig')], '};'),
          line('xhr.send();'),
        ];
      case 'promise-helper':
        this.functions.push(
          block(
            'function getSignature() {',
            [line(`return fetch(${SIGN_URL}).then(${st.es6 ? '(r) => r.json()' : 'function (r) { return r.json(); }'});`)],
          ),
        );
        return [...outer, block(`getSignature().then(${st.fn('sig')}`, site('sig'), '});')];
      case 'callback-helper':
        this.functions.push(
          block(
            'function getSignature(callback) {',
            [line(`fetch(${SIGN_URL}).then(${st.es6 ? '(r) => r.json()' : 'function (r) { return r.json(); }'}).then(callback);`)],
          ),
        );
        return [...outer, block(`getSignature(${st.fn('sig')}`, site('sig'), '});')];
    }
    throw new Error(`sign ${this.sign}`);
  }

  // `wx.ready` / `wx.error` registered next to the signing request, while it is still out.
  outerLifecycle() {
    const out = [];
    if (this.ready === 'outer') out.push(this.readyCall());
    if (this.errorAt === 'outer') out.push(this.errorCall());
    return out;
  }

  // Where wx.config runs, given the expression holding the signature.
  configSite(sig) {
    const st = this.style;
    const S = this.S;
    switch (this.site) {
      case 'direct':
        return this.group(sig);
      case 'helper-once':
        this.functions.push(block('function initWx(sig) {', this.group('sig')));
        return [line(`initWx(${sig});`)];
      case 'helper-twice': {
        const lists = this.twoLists();
        this.functions.push(block('function initWx(sig, apis) {', this.group('sig', { list: 'apis' })));
        return [line(`initWx(${sig}, ${JSON.stringify(lists[0]).replace(/"/g, "'")});`), line(`initWx(${sig}, ${JSON.stringify(lists[1]).replace(/"/g, "'")});`)];
      }
      case 'loop': {
        const lists = this.twoLists();
        const lit = JSON.stringify(lists).replace(/"/g, "'");
        if (this.rng.chance(0.5)) {
          this.patterns.push('site:loop-for');
          return [
            line(`${st.decl} lists = ${lit};`),
            block(`for (${st.let} i = 0; i < lists.length; i++) {`, this.group(sig, { list: 'lists[i]', noReady: true })),
            ...this.readyAfterLoop(),
          ];
        }
        return [block(`${lit}.forEach(${st.fn('apis')}`, this.group(sig, { list: 'apis', noReady: true }), '});'), ...this.readyAfterLoop()];
      }
      case 'reconfig-in-ready':
        this.reconfig = sig;
        return this.group(sig);
      case 'click-handler': {
        const clicks = this.rng.int(1, 2);
        this.patterns.push(`clicks:${clicks}`);
        const body = [
          block(`document.getElementById('btn').addEventListener('click', ${st.fn()}`, this.group(sig), '});'),
        ];
        for (let i = 0; i < clicks; i++) body.push(line("document.getElementById('btn').click();"));
        return body;
      }
      case 'class-method':
        // a class is not hoisted: declared before the code that uses it
        this.topLevel.push(
          block('class WxSetup {', [
            block('constructor(sig) {', [line('this.sig = sig;')]),
            block('init() {', this.group('this.sig')),
          ]),
        );
        return [line(`new WxSetup(${sig}).init();`)];
      case 'vue-mounted':
        this.standIns.add('js/vue.js');
        return [
          block(
            'new Vue({',
            [
              line("el: '#app',"),
              block(st.es6 ? 'data() {' : 'data: function () {', [line('return { sig: null };')], '},'),
              block(
                st.es6 ? 'mounted() {' : 'mounted: function () {',
                [line(`${st.decl} vm = this;`), line(`vm.sig = ${sig};`), ...this.group('vm.sig')],
                '},',
              ),
            ],
            '});',
          ),
        ];
      case 'promise-wrapper': {
        this.promiseWrapper = true;
        this.functions.push(
          block('function initWx(sig) {', [
            block(`return new Promise(${st.fn('resolve, reject')}`, this.group('sig', { resolver: true }), '});'),
          ]),
        );
        const gated = this.readyBody(sig);
        return [
          block(
            // the gated body awaits when the ready pattern is `async` or the agent is fetched in it
            `initWx(${sig}).then(${st.fn('', { async: this.readyAsync || this.ready === 'async' })}`,
            gated,
            `}, ${st.fn('res')}\n  log('init failed ' + (res && res.errMsg));\n});`,
          ),
        ];
      }
    }
    throw new Error(`site ${this.site}`);
  }

  twoLists() {
    const names = this.jsApiList.length ? this.jsApiList : ['getContext'];
    const second = this.rng.pick(['sendChatMessage', 'getCurExternalChat', 'scanQRCode']);
    return [names, [...new Set([...names.slice(1), second])]];
  }

  // A ready registered after a loop of configurations.
  readyAfterLoop() {
    if (!['after', 'reference', 'async', 'twice'].includes(this.ready)) return [];
    return [this.readyCall()];
  }

  // The statement list around wx.config.
  group(sig, { list, noReady = false, resolver = false } = {}) {
    const out = [];
    const S = this.S;
    if (this.agent === 'only') {
      out.push(this.agentCall(sig));
      return out;
    }
    // a promise wrapper's wx.error(reject) is the page's one error handler
    if (this.errorAt === 'before' && !resolver) out.push(this.errorCall());
    if (this.ready === 'before' && !noReady && !resolver) out.push(this.readyCall(sig));
    out.push(...this.configCall(sig, list));
    if (resolver) {
      out.push(line(this.rng.chance(0.5) ? `${S}.ready(resolve);` : `${S}.ready(${this.style.fn()} resolve(); });`));
      this.patterns.push('resolver');
      out.push(line(`${S}.error(${this.style.fn('res')} reject(res); });`));
      if (this.agent === 'after-config') out.push(this.agentCall(sig));
      return out;
    }
    if (!noReady) {
      if (this.ready === 'after' || this.ready === 'reference' || this.ready === 'async') out.push(this.readyCall(sig));
      if (this.ready === 'twice') out.push(this.readyCall(sig, 0), this.readyCall(sig, 1));
    }
    if (this.ready === 'none' && !noReady && this.agent !== 'in-ready-canonical') out.push(...this.apiNodes());
    if (this.errorAt === 'after') out.push(this.errorCall());
    if (this.errorAt === 'twice') out.push(this.errorCall(), this.errorCall('second'));
    if (this.agent === 'after-config') out.push(this.agentCall(sig));
    if (this.agentMoved) out.push(...this.agentStatements(sig));
    return out;
  }

  // wx.config(...) with the options as the pattern writes them.
  configCall(sig, list) {
    const S = this.S;
    const { decl } = this.style;
    const listText = list ?? this.listLiteral();
    const v = (name) => `${sig}.${name}`;
    const props = () => [
      'beta: true,',
      'debug: false,',
      `appId: ${v('corpId')},`,
      `timestamp: ${v('timestamp')},`,
      `nonceStr: ${v('nonceStr')},`,
      `signature: ${v('signature')},`,
      `jsApiList: ${listText},`,
    ];
    const objectText = (lines) => `{\n${lines.map((l) => '  ' + l).join('\n')}\n}`;
    switch (this.opts) {
      case 'inline':
        return [line(`${S}.config(${objectText(props())});`)];
      case 'variable':
        return [line(`${decl} wxConfig = ${objectText(props())};`), line(`${S}.config(wxConfig);`)];
      case 'spread':
        return [
          line(
            `${S}.config(${objectText([
              '...' + sig + ',',
              `appId: ${v('corpId')},`,
              `jsApiList: ${listText},`,
            ])});`,
          ),
        ];
      case 'object-assign':
        return [line(`${S}.config(Object.assign({ beta: true, jsApiList: ${listText} }, { appId: ${v('corpId')}, timestamp: ${v('timestamp')}, nonceStr: ${v('nonceStr')}, signature: ${v('signature')} }));`)];
      case 'server-object':
        return [
          line(`${decl} options = { appId: ${v('corpId')}, timestamp: ${v('timestamp')}, nonceStr: ${v('nonceStr')}, signature: ${v('signature')} };`),
          line(`options.jsApiList = ${listText};`),
          line(`${S}.config(options);`),
        ];
      case 'computed':
        return [
          line(
            `${S}.config(${objectText([
              'beta: true,',
              `appId: ${v('corpId')} || '${CORP}',`,
              `timestamp: String(${v('timestamp')}),`,
              `nonceStr: ${v('nonceStr')} + '',`,
              `signature: ${v('signature')},`,
              `jsApiList: ${listText},`,
            ])});`,
          ),
        ];
      case 'shorthand':
        return [
          line(`${decl} appId = ${v('corpId')};`),
          line(`${decl} timestamp = ${v('timestamp')};`),
          line(`${decl} nonceStr = ${v('nonceStr')};`),
          line(`${decl} signature = ${v('signature')};`),
          line(`${S}.config({ beta: true, appId, timestamp, nonceStr, signature, jsApiList: ${listText} });`),
        ];
      case 'shared-list':
        this.topLevel.push(line(`${decl} JS_API_LIST = ${this.listLiteral([...this.jsApiList, ...this.agentApis])};`));
        return [line(`${S}.config(${objectText(props().map((p) => (p.startsWith('jsApiList') ? (list ? p : 'jsApiList: JS_API_LIST,') : p)))});`)];
    }
    throw new Error(`opts ${this.opts}`);
  }

  listLiteral(names = this.jsApiList) {
    return `[${(names.length ? names : ['getContext']).map((n) => `'${n}'`).join(', ')}]`;
  }

  // ---- ready, error, agentConfig -------------------------------------------------------

  readyCall(sig, part) {
    const S = this.S;
    const st = this.style;
    if (this.ready === 'reference') {
      const body = this.readyBody();
      this.functions.push(block(`${this.readyAsync ? 'async ' : ''}function onSdkReady() {`, body));
      return line(`${S}.ready(onSdkReady);`);
    }
    const body = part === undefined ? this.readyBody(sig) : this.readyBody(sig, part);
    const async = this.ready === 'async' || this.readyAsync;
    return block(`${S}.ready(${st.fn('', { async })}`, body, '});');
  }

  // What the ready callback does: nested error/agentConfig, then the API calls.
  readyBody(sig, part) {
    const out = [];
    const S = this.S;
    const st = this.style;
    if (part === undefined || part === 0) {
      if (this.errorAt === 'in-ready-first') out.push(this.errorCall());
      if (!this.agentMoved) out.push(...this.agentStatements(sig));
      if (this.ready === 'async') {
        out.push(line(`${st.decl} ctx = await new Promise(${st.fn('resolve')} ${S}.invoke('getContext', {}, resolve); });`));
        out.push(line("log('context ' + ctx.err_msg);"));
        this.invoked.add('getContext');
        if (!this.jsApiList.includes('getContext')) this.jsApiList.push('getContext');
      }
    }
    if (this.reconfig && part !== 1) {
      out.push(line(`${S}.config({ beta: true, appId: ${this.reconfig}.corpId, timestamp: ${this.reconfig}.timestamp, nonceStr: ${this.reconfig}.nonceStr, signature: ${this.reconfig}.signature, jsApiList: ['sendChatMessage'] });`));
    }
    // in the canonical agent flow the API calls are in agentConfig's success hook
    const calls = this.agent === 'in-ready-canonical' ? [] : this.apiNodes(part);
    out.push(...calls);
    if (this.errorAt === 'in-ready-late' && (part === undefined || part === 1)) out.push(this.errorCall());
    if (!out.length) out.push(line("log('ready');"));
    return out;
  }

  // agentConfig in the ready callback (or after the config when the callback cannot see the
  // signature), as the `agent` pattern writes it.
  agentStatements(sig) {
    const st = this.style;
    const out = [];
    {
      if (this.agent === 'in-ready') out.push(this.agentCall(sig));
      if (this.agent === 'in-ready-canonical') out.push(this.agentCall(sig, { apis: true }));
      if (this.agent === 'in-ready-after-fetch') {
        out.push(
          block(
            `fetch(${AGENT_SIGN_URL})\n  .then(${st.es6 ? '(r) => r.json()' : 'function (r) { return r.json(); }'})\n  .then(${st.fn('app')}`,
            [this.agentCall('app', { agentShaped: true, corpSig: sig })],
            '  });',
            { inner: 2 },
          ),
        );
      }
      if (this.agent === 'in-ready-after-await') {
        // the callback becomes async and awaits the agent signature before agentConfig
        out.push(line(`${st.decl} app = await (await fetch(${AGENT_SIGN_URL})).json();`));
        out.push(this.agentCall('app', { agentShaped: true, corpSig: sig }));
        this.readyAsync = true;
      }
      if (this.agent === 'invoke') {
        out.push(this.agentInvoke(sig));
      }
    }
    return out;
  }

  errorCall(which) {
    const S = this.S;
    const st = this.style;
    const tag = which ? ' (' + which + ')' : '';
    switch (this.errorHandler) {
      case 'log':
        return block(`${S}.error(${st.fn('res')}`, [line(`console.error('config failed${tag}', res.errMsg);`)], '});');
      case 'log-dom':
        return block(`${S}.error(${st.fn('res')}`, [line(`log('config failed${tag}: ' + res.errMsg);`)], '});');
      case 'compare-retry':
        return block(
          `${S}.error(${st.fn('res')}`,
          [
            ifElse(
              "if (res.errMsg === 'config:invalid signature' && !sessionStorage.getItem('wx-retried')) {",
              [
                line("sessionStorage.setItem('wx-retried', '1');"),
                line("fetch('/api/wecom/refresh-ticket', { method: 'POST' });"),
                line(`log('refreshing the ticket${tag}');`),
              ],
              [line(`log('config error${tag} ' + res.errMsg);`)],
            ),
          ],
          '});',
        );
      case 'index-of':
        return block(
          `${S}.error(${st.fn('res')}`,
          [block("if (res.errMsg.indexOf('invalid signature') > -1) {", [line(`log('bad signature${tag}');`)])],
          '});',
        );
      case 'whole-json':
        return block(`${S}.error(${st.fn('res')}`, [line(`alert('config${tag}: ' + JSON.stringify(res));`)], '});');
      case 'empty':
        return line(`${S}.error(${st.es6 ? '() => {}' : 'function () {}'});`);
      case 'no-param':
        return block(`${S}.error(${st.fn()}`, [line(`log('config failed${tag}');`)], '});');
      case 'throw':
        return block(`${S}.error(${st.fn('res')}`, [line(`throw new Error('config failed${tag}: ' + res.errMsg);`)], '});');
    }
    throw new Error(`error handler ${this.errorHandler}`);
  }

  // wx.agentConfig({...}) from a signature object; agentShaped: the object is the agent
  // endpoint's answer (timestamp, nonceStr, signature) rather than the combined one.
  // corpSig: the config's signature object, whose corpId the page passes again (the agent
  // endpoint's answer gives the agent's own values)
  agentCall(sig, { agentShaped = false, apis = false, corpSig } = {}) {
    const S = this.S;
    const st = this.style;
    const v = (combined, own) => `${sig}.${agentShaped ? own : combined}`;
    const fail = this.choose('agent-fail');
    // a page that took the config's values into locals passes the same local to agentConfig
    let corp = agentShaped && corpSig ? `${corpSig}.corpId` : v('corpId', 'corpId');
    if (this.opts === 'shorthand' && !agentShaped && !this.agentMoved) corp = 'appId';
    if (this.opts === 'computed' && (!agentShaped || corpSig)) corp = `${corp} || '${CORP}'`;
    const lines = [
      `corpid: ${corp},`,
      `agentid: ${v('agentId', 'agentId')},`,
      `timestamp: ${v('agentTimestamp', 'timestamp')},`,
      `nonceStr: ${v('agentNonceStr', 'nonceStr')},`,
      `signature: ${v('agentSignature', 'signature')},`,
      `jsApiList: ${this.opts === 'shared-list' ? 'JS_API_LIST' : this.listLiteral(this.agentApis)},`,
    ];
    const api = this.agentApis[0];
    const success = [`success: ${st.fn('res')}`, `  log('agent ok');`];
    if (api) {
      this.invoked.add(api);
      success.push(`  ${S}.invoke('${api}', ${INVOKE_APIS[api].params}, ${st.fn('r')} log('${api} ' + r.err_msg); });`);
    }
    if (apis) {
      const code = renderCode(this.apiNodes(), 1).trimEnd();
      success.push(...code.split('\n'));
    }
    success.push('},');
    lines.push(...success);
    if (fail === 'log') lines.push(`fail: ${st.fn('res')}`, "  log('agent failed ' + res.errMsg);", '},');
    if (fail === 'function-not-exist') {
      lines.push(`fail: ${st.fn('res')}`, "  if (res.errMsg.indexOf('function not exist') > -1) {", "    alert('please upgrade WeCom');", '  }', '},');
    }
    return line(`${S}.agentConfig({\n${lines.map((l) => '  ' + l).join('\n')}\n});`);
  }

  // agentConfig made through wx.invoke (a wrapper some pages use).
  agentInvoke(sig) {
    const S = this.S;
    const st = this.style;
    return line(
      `${S}.invoke('agentConfig', { corpid: ${sig}.corpId, agentid: String(${sig}.agentId), timestamp: ${sig}.agentTimestamp, nonceStr: ${sig}.agentNonceStr, signature: ${sig}.agentSignature, jsApiList: ${this.listLiteral(this.agentApis)} }, ${st.fn('res')}\n  log('agentConfig ' + res.err_msg);\n});`,
    );
  }

  // ---- API calls -----------------------------------------------------------------------

  // A direct method to call; openEnterpriseChat, which ww calls with other params (a blocker
  // the loop found), is rarer.
  namedApi() {
    return this.rng.weighted(Object.fromEntries(Object.keys(NAMED_APIS).map((n) => [n, n === 'openEnterpriseChat' ? 0.3 : 1])));
  }

  // Which client APIs one `api` pattern calls.
  planApi(kind) {
    const rng = this.rng;
    const invokeName = () => rng.pick([...WECOM_INVOKE_ONLY, ...Object.keys(INVOKE_APIS)]);
    switch (kind) {
      case 'invoke':
      case 'invoke-value-used':
      case 'invoke-promise': {
        const name = invokeName();
        return { kind, names: [name], name };
      }
      case 'invoke-nested':
        return { kind, names: ['getContext', 'getCurExternalContact'] };
      case 'named': {
        const name = this.namedApi();
        return { kind, names: [name], name };
      }
      case 'named-then-invoke': {
        const name = this.namedApi();
        const inv = invokeName();
        return { kind, names: [name, inv], name, inv };
      }
      case 'share':
        this.events.push({ name: 'menu:share:appmessage', data: {}, afterMs: 1500 });
        return { kind, names: ['onMenuShareAppMessage'] };
      case 'on':
        this.events.push({ name: 'onVoiceRecordEnd', data: { localId: 'voice1' }, afterMs: 2500 });
        return { kind, names: [] };
      case 'check-js-api':
        return { kind, names: ['chooseImage'] };
      case 'share-trigger':
        this.events.push({ name: 'menu:share:appmessage', data: {}, afterMs: 1600 });
        return { kind, names: ['onMenuShareAppMessage'] };
      case 'voice-event':
        this.events.push({ name: 'onVoiceRecordEnd', data: { err_msg: 'onVoiceRecordEnd:ok', localId: 'voice2' }, afterMs: 2600 });
        return { kind, names: ['onVoiceRecordEnd'] };
    }
    throw new Error(`api ${kind}`);
  }

  // The API calls of the ready callback (or of one part of two).
  apiNodes(part) {
    const calls = part === undefined ? this.apiCalls : this.apiCalls.filter((_, i) => i % 2 === part);
    return calls.flatMap((c) => this.apiCall(c));
  }

  apiCall(c) {
    const S = this.S;
    const st = this.style;
    const invoke = (name, cb = 'res') => {
      this.invoked.add(name);
      const api = INVOKE_APIS[name];
      return block(
        `${S}.invoke('${name}', ${api.params}, ${st.fn(cb)}`,
        [
          ifElse(
            `if (${cb}.err_msg == '${name}:ok') {`,
            [line(`log('${name} ' + ${api.show.replace(/res\./g, cb + '.')});`)],
            [line(`log('${name} failed ' + ${cb}.err_msg);`)],
          ),
        ],
        '});',
      );
    };
    const named = (name) => {
      const api = NAMED_APIS[name];
      this.invoked.add(api.bridge || name);
      const optsLine = api.opts ? `  ${api.opts},\n` : '';
      return line(
        `${S}.${name}({\n${optsLine}  success: ${st.fn('res')} log('${name} ' + ${api.show}); },\n  fail: ${st.fn('res')} log('${name} failed ' + res.errMsg); },\n  cancel: ${st.fn()} log('${name} cancelled'); }\n});`,
      );
    };
    switch (c.kind) {
      case 'invoke':
        return [invoke(c.name)];
      case 'invoke-value-used': {
        this.invoked.add(c.name);
        return [
          line(`${st.decl} pending = ${S}.invoke('${c.name}', ${INVOKE_APIS[c.name].params}, ${st.fn('res')} log('${c.name} ' + res.err_msg); });`),
          line("log('invoke returned ' + typeof pending);"),
        ];
      }
      case 'invoke-promise':
        this.invoked.add(c.name);
        return [
          block(
            `new Promise(${st.fn('resolve')}`,
            [line(`${S}.invoke('${c.name}', ${INVOKE_APIS[c.name].params}, resolve);`)],
            `}).then(${st.fn('res')} log('${c.name} -> ' + res.err_msg); });`,
          ),
        ];
      case 'invoke-nested': {
        this.invoked.add('getContext');
        this.invoked.add('getCurExternalContact');
        return [
          block(
            `${S}.invoke('getContext', {}, ${st.fn('ctx')}`,
            [
              block("if (ctx.err_msg == 'getContext:ok' && ctx.entry == 'single_chat_tools') {", [invoke('getCurExternalContact', 'res')]),
            ],
            '});',
          ),
        ];
      }
      case 'named':
        return [named(c.name)];
      case 'named-then-invoke':
        return [named(c.name), invoke(c.inv)];
      case 'share':
        this.invoked.add('sendAppMessage');
        return [
          line(
            `${S}.onMenuShareAppMessage({\n  title: 'Report',\n  desc: 'Weekly report',\n  link: location.href,\n  imgUrl: 'https://example.com/icon.png',\n  success: ${st.fn()} log('shared'); },\n  cancel: ${st.fn()} log('share cancelled'); }\n});`,
          ),
        ];
      case 'on':
        return [line(`${S}.on('onVoiceRecordEnd', ${st.fn('res')} log('voice ' + res.localId); });`)];
      case 'check-js-api':
        this.invoked.add('checkJsApi');
        return [
          line(
            `${S}.checkJsApi({\n  jsApiList: ['chooseImage', 'onMenuShareAppMessage', 'getLocation'],\n  success: ${st.fn('res')} log('checked ' + JSON.stringify(res.checkResult)); },\n  fail: ${st.fn('res')} log('check failed ' + res.errMsg); }\n});`,
          ),
        ];
      case 'share-trigger':
        this.invoked.add('sendAppMessage');
        return [
          line(
            `${S}.onMenuShareAppMessage({\n  title: 'Report',\n  link: location.href,\n  trigger: ${st.fn('ev')} log('share tapped'); },\n  success: ${st.fn()} log('shared'); },\n  cancel: ${st.fn('res')} log('share cancelled ' + res.errMsg); }\n});`,
          ),
        ];
      case 'voice-event':
        return [
          line(`${S}.onVoiceRecordEnd({\n  complete: ${st.fn('res')} log('voice ended ' + res.errMsg + ' ' + res.localId); }\n});`),
        ];
    }
    throw new Error(`api call ${c.kind}`);
  }

  // A call made outside any ready callback, after the configuration has had time to reply.
  outsideCall() {
    if (this.outside === 'none') return null;
    if (!this._outside) {
      const name = this.namedApi();
      const inv = this.rng.pick(WECOM_INVOKE_ONLY);
      this._outside = this.outside === 'on-click' || this.outside === 'ungated-invoke' ? { names: [inv], inv } : { names: [name], name };
    }
    return this._outside;
  }

  outsideNodes() {
    const st = this.style;
    const S = this.S;
    const out = [];
    const c = this.outsideCall();
    if (c) {
      if (this.outside === 'on-click') {
        this.invoked.add(c.inv);
        out.push(
          block(`document.getElementById('btn').addEventListener('click', ${st.fn()}`, [
            line(`${S}.invoke('${c.inv}', ${INVOKE_APIS[c.inv].params}, ${st.fn('res')} log('clicked ${c.inv} ' + res.err_msg); });`),
          ], '});'),
          line(`setTimeout(${st.fn()} document.getElementById('btn').click(); }, 3000);`),
        );
      } else if (this.outside === 'ungated-invoke') {
        // an invoke right away, before the client bridge exists
        this.invoked.add(c.inv);
        out.push(line(`${S}.invoke('${c.inv}', ${INVOKE_APIS[c.inv].params}, ${st.fn('res')} log('at once ${c.inv} ' + res.err_msg); });`));
      } else if (this.outside === 'timer') {
        out.push(block(`setTimeout(${st.fn()}`, [this.apiCall({ kind: 'named', name: c.name })[0]], '}, 3000);'));
      } else {
        // a direct method right away, before the configuration can have replied
        out.push(this.apiCall({ kind: 'named', name: c.name })[0]);
      }
    }
    switch (this.extra) {
      case 'mini-program-probe':
        out.unshift(
          line(`${st.decl} isMiniProgram = typeof wx === 'object' && typeof wx.getSystemInfoSync === 'function';`),
          line("log('mini program: ' + isMiniProgram);"),
        );
        break;
      case 'probe-alias':
        out.unshift(
          line(`${st.decl} wxApi = typeof wx !== 'undefined' && typeof wx.getSystemInfoSync === 'function' ? wx : null;`),
          line("log('mini program api: ' + (wxApi ? 'yes' : 'no'));"),
        );
        break;
      case 'vendor-probe':
        this.vendorProbe = [
          block('(function (global) {', [
            line('var env = {};'),
            ifElse("if (typeof wx === 'object' && typeof wx.getSystemInfoSync === 'function') {", [line('env.wxa = true;')], [line('env.browser = true;')]),
            line('global.zrenderEnv = env;'),
          ], '})(window);'),
        ];
        out.push(line("log('zrender env ' + Object.keys(window.zrenderEnv).join());"));
        break;
      case 'feature-test':
        out.unshift(block(`if (typeof ${this.ref === 'import' ? 'wx' : this.S} === 'undefined') {`, [line("log('SDK missing');")]));
        break;
      case 'shadow':
        out.push(
          block('function area(wx) {', [line('return wx.width * wx.height;')]),
          line("log('area ' + area({ width: 2, height: 3 }));"),
        );
        break;
    }
    return out;
  }

  // ---- scenarios -----------------------------------------------------------------------

  scenarios() {
    const userApis = [...this.invoked].filter((n) => n !== 'agentConfig');
    const base = {
      profile: 'ios',
      wecomVersion: '4.1.22',
      permissions: 'strict',
      fetch: [
        { match: '/api/wecom/jsapi-signature', json: SIGNATURE },
        { match: '/api/wecom/agent-signature', json: AGENT_SIGNATURE },
        { match: '/api/wecom/refresh-ticket', json: { ok: true } },
      ],
      responses: {},
      ...(this.events.length ? { events: this.events } : {}),
    };
    const byBridge = {};
    for (const [name, api] of Object.entries(NAMED_APIS)) byBridge[api.bridge || name] = api;
    const okReplies = {};
    for (const name of userApis) {
      const spec = INVOKE_APIS[name] || byBridge[name] || ADAPTED_REPLIES[name] || {};
      okReplies[name] = { err_msg: `${name}:ok`, ...(spec.reply || {}) };
    }
    const with_ = (extra) => {
      const s = structuredClone(base);
      s.responses = { ...structuredClone(okReplies), ...(extra.responses || {}) };
      for (const [k, v] of Object.entries(extra)) if (k !== 'responses') s[k] = v;
      return s;
    };
    const each = (status) => Object.fromEntries(userApis.map((n) => [n, { err_msg: `${n}:${status}` }]));
    const shares = this.invoked.has('sendAppMessage');
    const out = [
      { name: 'ok', handshake: 'succeeds', scenario: with_({}) },
      { name: 'config-fail', handshake: 'fails', scenario: with_({ responses: { preVerifyJSAPI: { err_msg: 'config:invalid signature' } } }) },
      { name: 'cancel', handshake: 'succeeds', scenario: with_({ responses: each('cancel') }) },
      { name: 'api-fail', handshake: 'succeeds', scenario: with_({ responses: each('fail_no permission') }) },
    ];
    if (!userApis.length && !shares) out.splice(2);
    if (this.agent !== 'none') {
      out.push(
        { name: 'agent-fail', handshake: 'fails', scenario: with_({ responses: { agentConfig: { err_msg: 'agentConfig:fail_invalid signature' } } }) },
        { name: 'old-client', handshake: 'fails', scenario: with_({ wecomVersion: '3.0.0' }) },
        {
          name: 'old-client-config-fail',
          handshake: 'fails',
          scenario: with_({ wecomVersion: '3.0.0', responses: { preVerifyJSAPI: { err_msg: 'config:invalid signature' } } }),
        },
      );
    }
    return out;
  }
}

function literalObject(obj) {
  const parts = Object.entries(obj).map(([k, v]) => `${k}: ${typeof v === 'string' ? `'${v}'` : v}`);
  return `{ ${parts.join(', ')} }`;
}
