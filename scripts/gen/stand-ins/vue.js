// A small stand-in for Vue 2's options API, so generated pages can configure the SDK in a
// component's `mounted` hook: `new Vue({ el, data, methods, created, mounted })` builds the
// instance (data fields and bound methods on `this`) and runs `created`, then `mounted`, at once.
(function () {
  function Vue(options) {
    var vm = this;
    var data = typeof options.data === 'function' ? options.data.call(vm) : options.data || {};
    Object.keys(data).forEach(function (k) { vm[k] = data[k]; });
    var methods = options.methods || {};
    Object.keys(methods).forEach(function (k) { vm[k] = methods[k].bind(vm); });
    vm.$el = options.el ? document.querySelector(options.el) : null;
    if (options.created) options.created.call(vm);
    if (options.mounted) options.mounted.call(vm);
  }
  window.Vue = Vue;
})();
