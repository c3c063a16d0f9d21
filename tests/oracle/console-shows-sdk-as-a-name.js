// Oracle prelude: the console shows the JS-SDK object as a name, not its members, so that a page
// that logs `wx` and its migration that logs `ww` compare on everything else they do.
(function () {
  ['log', 'info', 'warn', 'error', 'debug'].forEach(function (level) {
    var original = console[level];
    console[level] = function () {
      var args = Array.prototype.map.call(arguments, function (arg) {
        var sdk = arg != null && (arg === window.wx || arg === window.jWeixin || arg === window.ww);
        return sdk ? '[the JS-SDK object]' : arg;
      });
      return original.apply(console, args);
    };
  });
})();
