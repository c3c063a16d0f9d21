// What an oracle verdict on a generated page means. Where the handshake succeeds (ok, the user
// cancels, an API fails) nothing may differ. Where it fails (config or agent failure, an old
// client) only the differences semantics.md sections 5-6 call inherent may, and each only when
// the fix that was applied names it in its title. Everything else is a failure.

// The inherent differences: the words of the fix title that name each, and how to recognise
// the difference in the oracle's report.
export const INHERENT = {
  // 6.2: a named ww.<api>() re-runs a failed handshake: one more preVerifyJSAPI per call,
  // onConfigFail again each time, and the API's fail callback gets the config error.
  'named-api-retry': 're-runs the handshake once per call',
  // 6.5: with an agent signature, WeCom 3.0.24+ skips the corp config (onConfigFail never
  // fires) and older clients stop after a failed config (no agentConfig).
  'agent-config-failure-paths': 'on WeCom 3.0.24+ only the agent config runs',
  // 6.5, with the agent getter that waits for the corp configuration (a `wx.agentConfig` in
  // the ready callback): the corp configuration runs on every client, but clients older than
  // 3.0.24 still send no agentConfig after a failed corp configuration.
  'agent-after-failed-config-on-old-clients': 'on clients older than 3.0.24 a failed config also stops the agent config',
  // R2/R3: ww.register takes one jsApiList for both configurations, so after a failed corp
  // configuration the agent configuration still authorises the corp list's APIs, which jweixin
  // then refused (the same calls, other statuses).
  'one-list-after-failed-config': 'authorises the corp configuration\'s APIs too',
  // 1.4: share listeners are bound only after a successful handshake.
  'share-after-handshake': 'share listener is bound only after a successful handshake',
  // 1.2 step 9 / R2: onConfigFail fires once per retry.
  'config-fail-retry': 'fires once per retry',
  // R4: ready callbacks run a few microtasks later than jweixin ran them (synchronously after
  // the reply), so what a config-failure handler queues (a rejected promise's handlers) now
  // runs before them: the same effects, in another order.
  'ready-after-microtasks': 'ready callbacks always run asynchronously',
};

const CONFIG_FAILS = new Set(['config-fail', 'old-client-config-fail']);
// Scenarios where a handshake fails, so a named API may re-run it (config or agent config).
const HANDSHAKE_FAILS = new Set([...CONFIG_FAILS, 'agent-fail']);
const RERUN = /^(config|agentConfig): legacy sent (\d+), migrated sent (\d+)$/;

// Client names of direct methods whose bridge call has another name.
const BRIDGE_NAMES = { previewImage: 'imagePreview', getLocation: 'geoLocation', openAddress: 'editAddress', chooseWXPay: 'getBrandWCPayRequest' };

// The client calls of the direct methods the fixes turned into named `ww.<api>()` calls.
function namedCalls(titles) {
  const out = new Set();
  for (const t of titles) {
    const m = /^Call `ww\.(\w+)`/.exec(t);
    if (m) out.add(BRIDGE_NAMES[m[1]] || m[1]);
  }
  return out;
}

// Failure texts in page text (`scanQRCode:no permission`, `preVerifyJSAPI:invalid signature`)
// as one class: after a failed configuration a named API's `fail` gets the config error.
const failTexts = (html) => String(html).replace(/\b[A-Za-z][\w.]*:(?!ok\b|cancel\b)[a-z][a-z _]*/g, '<fail>');

function tokens(diff) {
  const legacy = [];
  const wecom = [];
  for (const l of diff) {
    const mark = l.slice(0, 2);
    const text = l.slice(2).replace(/^\[[^\]]*\] /, '');
    if (mark === '  ' || mark === '- ') legacy.push(text);
    if (mark === '  ' || mark === '+ ') wecom.push(text);
  }
  return { legacy, wecom };
}

const sameSet = (a, b) => {
  const x = new Set(a);
  const y = new Set(b);
  return x.size === y.size && [...x].every((t) => y.has(t));
};
const sameMultiset = (a, b) => a.length === b.length && JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
const subset = (a, b) => {
  const y = new Set(b);
  return a.every((t) => y.has(t));
};

// Any status text (`x:ok` too) as one class: under a failed agent config on WeCom 3.0.24+, ww has
// no corp config either, so APIs only the corp config authorised now fail.
const anyStatus = (text) => String(text).replace(/\b[A-Za-z][\w.]*:[a-z][a-z _]*|<fail>/g, '<status>');

// An HTML body as its tags and texts, failure texts as one class.
const bodyTokens = (html) => (failTexts(html).match(/<[^>]+>|[^<]+/g) || []).map((t) => t.trim()).filter(Boolean);

// The migrated page sent more config handshakes than the legacy one: a named API re-ran it.
function reran(record) {
  return record.differences.some((d) => {
    const m = d.part === 'handshake' && RERUN.exec(d.message);
    return m && Number(m[3]) > Number(m[2]);
  });
}

// { kind: 'equivalent' } | { kind: 'inherent', classes: [...] } | { kind: 'unexpected', why }
export function classify(record, scenario, titles) {
  if (record.got === 'equivalent') return { kind: 'equivalent' };
  if (scenario.handshake === 'succeeds') {
    return { kind: 'unexpected', why: `${scenario.name}: the handshake succeeds, so nothing may differ` };
  }
  const named = (cls) => titles.some((t) => t.includes(INHERENT[cls]));
  if (CONFIG_FAILS.has(scenario.name) && named('agent-config-failure-paths')) {
    return { kind: 'inherent', classes: ['agent-config-failure-paths'] };
  }
  if (scenario.name === 'old-client-config-fail' && named('agent-after-failed-config-on-old-clients')) {
    return { kind: 'inherent', classes: ['agent-after-failed-config-on-old-clients'] };
  }
  // The page takes another branch where an API the corp list named now succeeds: its calls
  // and effects may differ, never its handshakes.
  if (
    CONFIG_FAILS.has(scenario.name) &&
    named('one-list-after-failed-config') &&
    record.differences.every((d) => d.part === 'sequence' || d.part === 'final')
  ) {
    return { kind: 'inherent', classes: ['one-list-after-failed-config'] };
  }
  const classes = new Set();
  const agentPaths = scenario.name === 'agent-fail' && named('agent-config-failure-paths');
  const reordered = HANDSHAKE_FAILS.has(scenario.name) && named('ready-after-microtasks');
  for (const d of record.differences) {
    if (reordered && d.part === 'sequence') {
      const { legacy, wecom } = tokens(d.diff);
      if (sameMultiset(legacy, wecom)) {
        classes.add('ready-after-microtasks');
        continue;
      }
    }
    if (reordered && d.part === 'final' && d.message === 'final body differs') {
      if (sameMultiset(bodyTokens(d.legacy), bodyTokens(d.wecom))) {
        classes.add('ready-after-microtasks');
        continue;
      }
    }
    if (agentPaths && d.part === 'sequence') {
      const { legacy, wecom } = tokens(d.diff);
      const effects = (ts) => ts.filter((t) => !t.startsWith('call ')).map(anyStatus);
      if (sameSet(effects(legacy), effects(wecom))) {
        classes.add('agent-config-failure-paths');
        continue;
      }
    }
    if (agentPaths && d.part === 'final' && d.message === 'final body differs' && anyStatus(d.legacy) === anyStatus(d.wecom)) {
      classes.add('agent-config-failure-paths');
      continue;
    }
    // With no corp configuration, an API only the corp list authorised is refused: its
    // success callback's effect is gone (seed 7373: a share card's `success`). What the
    // migrated page shows must still be what the legacy page showed, statuses as one class.
    if (agentPaths && d.part === 'final' && d.message === 'final body differs') {
      const shown = (html) => (String(html).match(/<[^>]+>|[^<]+/g) || []).map((t) => anyStatus(t.trim())).filter(Boolean);
      if (subset(shown(d.wecom), shown(d.legacy))) {
        classes.add('agent-config-failure-paths');
        continue;
      }
    }
    if (d.part === 'handshake') {
      const m = RERUN.exec(d.message);
      if (m && Number(m[3]) > Number(m[2]) && HANDSHAKE_FAILS.has(scenario.name) && named('named-api-retry')) {
        classes.add('named-api-retry');
        continue;
      }
      return { kind: 'unexpected', why: `handshake: ${d.message}` };
    }
    if (d.part === 'events') {
      const missing = d.legacy.filter((e) => !d.wecom.includes(e));
      const added = d.wecom.filter((e) => !d.legacy.includes(e));
      if (!added.length && missing.every((e) => e.startsWith('menu:share:')) && named('share-after-handshake')) {
        classes.add('share-after-handshake');
        continue;
      }
      return { kind: 'unexpected', why: `events: ${d.message}` };
    }
    if (d.part === 'sequence') {
      // The same effects, repeated or reordered: the config-failure handler firing once per
      // handshake a named API re-runs; and the named APIs' own calls, which ww rejects before
      // the client after a failed configuration.
      const { legacy, wecom } = tokens(d.diff);
      const repeats = named('named-api-retry') || named('config-fail-retry');
      const rejected = named('named-api-retry') ? namedCalls(titles) : new Set();
      const kept = legacy.filter((t) => !(t.startsWith('call ') && rejected.has(t.split(' ')[1])));
      if (HANDSHAKE_FAILS.has(scenario.name) && repeats && sameSet(kept, wecom)) {
        classes.add(named('named-api-retry') ? 'named-api-retry' : 'config-fail-retry');
        continue;
      }
      // Once a named API has re-run the failed handshake, `onConfigFail` runs again and may
      // do more than the first time; everything the legacy page did must still be there.
      // A re-run handshake also changes which handshake status the client saw last, so the
      // oracle drops other calls on one side only (after-handshake-failure): calls may be
      // missing on either side, nothing else may.
      const effects = (ts) => ts.filter((t) => !t.startsWith('call '));
      if (HANDSHAKE_FAILS.has(scenario.name) && reran(record) && named('named-api-retry') && subset(effects(kept), effects(wecom))) {
        classes.add('named-api-retry');
        continue;
      }
      return { kind: 'unexpected', why: 'sequence: client calls / page effects differ' };
    }
    if (d.part === 'final' && d.message === 'final body differs' && HANDSHAKE_FAILS.has(scenario.name) && named('named-api-retry')) {
      const same = failTexts(d.legacy) === failTexts(d.wecom);
      if (same || (reran(record) && subset(bodyTokens(d.legacy), bodyTokens(d.wecom)))) {
        classes.add('named-api-retry');
        continue;
      }
    }
    return { kind: 'unexpected', why: `${d.part}: ${d.message}` };
  }
  return { kind: 'inherent', classes: [...classes] };
}
