// A small stand-in for jQuery, prepended by tests/oracle.rs to pages that use it, so the
// oracle can run them: $(fn) on DOM ready, $.ajax / $.get / $.getJSON over fetch (JSON only),
// and $(selector).text() / .on() / .html() on the first match.
(function () {
  function wrap(el) {
    return {
      text: function (t) { if (el) el.textContent = t; return this; },
      html: function (h) { if (el) el.innerHTML = h; return this; },
      on: function (ev, fn) { if (el) el.addEventListener(ev, fn); return this; },
      click: function (fn) { if (el) el.addEventListener('click', fn); return this; },
      ready: function (fn) { ready(fn); return this; },
    };
  }
  function ready(fn) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', function () { fn(); });
    else setTimeout(fn, 0);
  }
  function $(arg) {
    if (typeof arg === 'function') { ready(arg); return; }
    if (arg === document || arg === window) return wrap(null);
    return wrap(document.querySelector(arg));
  }
  function query(data) {
    if (!data) return '';
    return Object.keys(data).map(function (k) { return encodeURIComponent(k) + '=' + encodeURIComponent(data[k]); }).join('&');
  }
  $.ajax = function (o) {
    var q = query(o.data);
    var url = o.url + (q ? (o.url.indexOf('?') < 0 ? '?' : '&') + q : '');
    return fetch(url).then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); }).then(
      function (json) { if (o.success) o.success(json); if (o.complete) o.complete(); },
      function (err) { if (o.error) o.error(err); if (o.complete) o.complete(); }
    );
  };
  $.get = $.getJSON = function (url, data, success) {
    if (typeof data === 'function') { success = data; data = undefined; }
    return $.ajax({ url: url, data: data, success: success });
  };
  window.$ = window.jQuery = $;
})();
