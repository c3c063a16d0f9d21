#!/usr/bin/env python3
"""Find pages left half migrated between the legacy WeCom JS-SDK (jweixin, `wx`) and @wecom/jssdk (`ww`).

Usage: scripts/unit_audit.py APP_ROOT [--json] [--all]

An independent check for jweixin-migrate: it shares no code with the tool and does not read its
output. It reads an app the way a browser ends up running it:

- pages: `.html .htm` and server templates (`.jsp .php .ftl .vm .cshtml .erb .ejs .hbs .twig
  .njk .jinja .j2 .tpl .art .shtml` ...);
- what a page runs: its `<script src>` tags (outside HTML and template comments; template
  prefixes such as `${ctx}/`, `<%=request.getContextPath()%>/`, `{% static %}`,
  `@Url.Content("~/")`, `th:src="@{/}"` are understood; paths resolve against the page's
  folder, the usual web roots and, failing that, by path suffix), its inline scripts, the
  templates it includes (JSP, PHP, FreeMarker, Velocity, Jinja/Twig/Nunjucks/Django, ERB
  partials and Rails layouts, EJS, Handlebars, Thymeleaf, Razor layouts/partials/bundles, SSI,
  Blade, Yii layouts, ThinkPHP/Smarty), Rails JavaScript responses (a `.js.erb` view under
  `app/views/` is a script, run in the pages of the app's layouts: rails-ujs evaluates it in the
  page that asked for it), the ES modules and CommonJS files those scripts import
  (relative, `@/`, literal aliases), and, for the entry page of a bundled package (a folder
  whose package.json uses a bundler), every source module of the package;
- which SDK each file uses: legacy (a jweixin script tag or script URL, global
  `wx.`/`jWeixin.` use outside mini-program folders, an import of `weixin-js-sdk`,
  `jweixin-module`, `jweixin`, a vendored jweixin file, or of a wrapper package that drives the
  global `wx`), new (a `wecom-jssdk` tag or URL, `ww.` use, an `@wecom/jssdk` import), or none.

A page is HALF MIGRATED when what it reaches uses both SDKs, which includes calling one SDK's API
while only the other is loaded. Exit status: 1 if any page is half migrated, 0 otherwise, 2 on
bad arguments. Skipped: node_modules, dist, build, hidden folders, *.min.js, .d.ts, copies of the
SDK itself, except that a script a page loads from one of those is read for its SDK use.
"""
import argparse
import bisect
import fnmatch
import json
import os
import re
import sys
from collections import Counter, defaultdict, deque

PAGE_EXTS = (".html", ".htm", ".jsp", ".jspx", ".jspf", ".php", ".phtml", ".ftl", ".vm", ".cshtml",
             ".aspx", ".ascx", ".master", ".erb", ".ejs", ".hbs", ".handlebars", ".twig", ".njk",
             ".jinja", ".jinja2", ".j2", ".tpl", ".art", ".shtml", ".blade.php", ".pug", ".jade")
SCRIPT_EXTS = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".mts", ".cts", ".vue")
RESOLVE_EXTS = (".js", ".ts", ".jsx", ".tsx", ".vue", ".mjs", ".cjs", ".mts", ".cts")
SKIP_DIRS = {"node_modules", "dist", "build"}
WEB_ROOTS = ("src/main/webapp", "WebContent", "WebRoot", "webapp", "web", "public", "static",
             "wwwroot", "src/main/resources/static", "src/main/resources/public", "www")
LEGACY_PACKAGES = {"weixin-js-sdk", "jweixin-module", "jweixin", "weixin-jsapi", "wecomjsdk"}
# npm wrappers whose code calls the global `wx` that a jweixin tag provides: importing one is
# legacy use, even though the calls happen in node_modules.
LEGACY_WRAPPER_PACKAGES = {"wecom-sidebar-jssdk"}
NEW_PACKAGES = {"@wecom/jssdk"}
BUNDLER_DEPS = {"webpack", "vite", "@vue/cli-service", "react-scripts", "parcel", "parcel-bundler",
                "rollup", "umi", "@umijs/max", "@umijs/core", "next", "nuxt", "@dcloudio/uni-app",
                "@dcloudio/vue-cli-plugin-uni", "@craco/craco", "react-app-rewired", "@angular/cli",
                "@angular-devkit/build-angular", "snowpack", "@rsbuild/core", "@rspack/cli",
                "@tarojs/cli", "vue-cli-service", "poi", "fis3", "gulp", "browserify", "esbuild",
                "@vitejs/plugin-vue", "@vitejs/plugin-react", "laravel-mix", "@quasar/app"}
LEGACY_SDK_SRC = re.compile(r"(?:^|[/\\])jweixin(?:[-_.]?\d[\w.]*)?(?:\.min)?\.js$", re.I)
# WeCom's jwxwork-1.0.0.js is the open-data glue (`WWOpenData`), which @wecom/jssdk pages still load:
# neither SDK by itself (its tag is counted as a link kind, not as evidence).
JWXWORK_SRC = re.compile(r"(?:^|[/\\])jwxwork(?:[-_.]?\d[\w.]*)?(?:\.min)?\.js$", re.I)
NEW_SDK_SRC = re.compile(r"wecom-jssdk|@wecom/jssdk|wecom_jssdk", re.I)
SDK_URL_IN_STRING = re.compile(r"jweixin[-_.]?[\d.]*\.js", re.I)
NEW_URL_IN_STRING = re.compile(r"wecom-jssdk[-\w.]*\.js|@wecom/jssdk@?[\w.]*/", re.I)
# Methods only the mini-program's global wx has (network, storage, navigation, interface, login).
MINI_PROGRAM_ONLY = set("""
request uploadFile downloadFile connectSocket setStorage setStorageSync getStorage getStorageSync
removeStorage removeStorageSync clearStorage clearStorageSync showToast hideToast showModal
showLoading hideLoading showActionSheet navigateTo redirectTo navigateBack switchTab reLaunch login
checkSession getUserInfo getUserProfile requestPayment getSystemInfo getSystemInfoSync
createSelectorQuery setNavigationBarTitle pageScrollTo getSetting openSetting authorize
""".split())
# Members of the legacy SDK (jweixin 1.x and the WeCom jwxwork additions): `wx.X` with another X on
# the global `wx` is taken to be mini-program code (uni-app builds) and not counted.
LEGACY_MEMBERS = set("""
config ready error agentConfig invoke on checkJsApi miniProgram
onMenuShareTimeline onMenuShareAppMessage onMenuShareQQ onMenuShareWeibo onMenuShareQZone onMenuShareWechat
updateTimelineShareData updateAppMessageShareData startRecord stopRecord onVoiceRecordEnd playVoice pauseVoice
stopVoice onVoicePlayEnd uploadVoice downloadVoice translateVoice uploadImage downloadImage chooseImage
previewImage getLocalImgData getNetworkType openLocation getLocation hideOptionMenu showOptionMenu closeWindow
hideMenuItems showMenuItems hideAllNonBaseMenuItem showAllNonBaseMenuItem scanQRCode openAddress
openProductSpecificView addCard chooseCard openCard consumeAndShareCard chooseWXPay openEnterpriseRedPacket
startSearchBeacons stopSearchBeacons onSearchBeacons openEnterpriseChat previewFile getUserOpenID
getBrandWCPayRequest onHistoryBack notifyNativeEvent openBluetoothAdapter closeBluetoothAdapter
getBluetoothAdapterState startBluetoothDevicesDiscovery stopBluetoothDevicesDiscovery getBluetoothDevices
getConnectedBluetoothDevices createBLEConnection closeBLEConnection getBLEDeviceServices
getBLEDeviceCharacteristics readBLECharacteristicValue writeBLECharacteristicValue
notifyBLECharacteristicValueChange startBeaconDiscovery stopBeaconDiscovery getBeacons startWifi stopWifi
connectWifi getWifiList getConnectedWifi setClipboardData getClipboardData onBluetoothDeviceFound
onBluetoothAdapterStateChange onBLEConnectionStateChange onBLECharacteristicValueChange onBeaconUpdate
onBeaconServiceChange onGetWifiList onWifiConnected onNetworkStatusChange onLocationChange
onUserCaptureScreen onKeyboardChange openBusinessView launchMiniProgram selectEnterpriseContact
selectExternalContact openUserProfile getCurExternalContact getCurExternalChat getContext sendChatMessage
shareToExternalContact shareToExternalChat shareToExternalMoments openDefaultBrowser thirdPartyOpenPage
shareAppMessage shareWechatMessage selectPrivilegedContact openExistedChatWithMsg updateEnterpriseChat
createCorpGroupChat updateCorpGroupChat getCurCorpGroupChat getCurCorpGroupContact selectCorpGroupContact
navigateToAddCustomer navigateToKfChat setShareAttr hideChatAttachmentMenu startWecast startMeeting
startLiving replayLiving downloadLivingReplay createSchoolPayment claimClassAdmin createExternalPayment
refundExternalPayment openAppManage openAppPurchase openAppComment openAppDeviceDataAuth openThirdAppServiceChat
createDoc wedocSelectDoc wedriveSelectDir wedriveSelectFile wedriveSelectFileForShare
wedriveSelectFileForDownload chooseMessageFile getLocalFileData printFile createChatWithMsg
enterpriseVerify setKeepScreenOn checkSchedule addDevice saveApprovalSelectedItems getApprovalSelectedItems
selectExternalChat createTodo viewTodo selectDatazoneDoc selectDatazoneFile chooseInvoice openLocation
historyBack getShareInfo shareTimeline shareQQ shareWeiboApp shareQZone shareWechat editAddress
""".split())
WEBPACK_RUNTIME = re.compile(r"webpackJsonp\s*=\s*function|jsonpScriptSrc|webpackJsonpCallback|installedChunks|"
                             r"__webpack_require__\.u\s*=|webpackJsonp\w*\s*\|\|\s*\[\]\s*,\s*\w+\s*=\s*\w+\.push\.bind")
WEBPACK_CHUNK = re.compile(r"webpackJsonp\w*\(\s*\[|webpack(?:Jsonp|Chunk)[\w$]*[\"']?\]?\s*\|\|\s*\[\]\s*\)\s*\.push\(")
GLOBAL_PREFIX = r"(?:(?:window|self|globalThis|top|parent)\s*\.\s*)?"
# `Vue.prototype.$wx = wx` and the like: the SDK called through a component or app object.
STORED_WX = re.compile(r"(?:(?<![\w$.])\$wx|(?<![\w$.])(?:this|that|_this|vm|self|app)\s*\.\s*\$?wx)\s*\.\s*(?:"
                       + "|".join(sorted(LEGACY_MEMBERS)) + r")\b")


# --------------------------------------------------------------------------------------------
# Text helpers

def read_text(path):
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return None
    if b"\0" in data[:8000]:
        return None
    return data.decode("utf-8", errors="replace")


_LINE_CACHE = {}


def line_of(text, offset):
    """1-based line of offset in text (line starts cached for the last texts seen)."""
    key = id(text)
    starts = _LINE_CACHE.get(key)
    if starts is None or starts[0] is not text:
        if len(_LINE_CACHE) > 64:
            _LINE_CACHE.clear()
        starts = (text, [m.end() for m in re.finditer(r"\n", text)])
        _LINE_CACHE[key] = starts
    return bisect.bisect_right(starts[1], offset) + 1


def blank(text, start, end):
    """The text with [start, end) replaced by spaces, newlines kept (offsets and lines stay)."""
    return text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]


def blank_matches(text, pattern):
    out = list(text)
    for m in pattern.finditer(text):
        for i in range(m.start(), m.end()):
            if out[i] != "\n":
                out[i] = " "
    return "".join(out)


# uni-app conditional compilation: `// #ifdef MP-WEIXIN` ... `// #endif` regions are compiled
# only for the platforms named; the H5 build (the one that runs the browser SDK) drops the rest.
IFDEF = re.compile(r"^[ \t]*(?://|/\*|<!--)[ \t]*#(ifdef|ifndef|endif)\b([^\n]*)$", re.M)
PLATFORM = re.compile(r"\b(H5|WEB|APP[-\w]*|MP[-\w]*|QUICKAPP[-\w]*)\b")


def strip_uni_ifdef(text):
    if "#if" not in text:
        return text
    out = text
    stack = []
    for m in IFDEF.finditer(text):
        kind, cond = m.group(1), m.group(2)
        if kind in ("ifdef", "ifndef"):
            platforms = PLATFORM.findall(cond)
            if not platforms:
                keep = True
            else:
                has_h5 = any(p in ("H5", "WEB") for p in platforms)
                keep = has_h5 if kind == "ifdef" else not has_h5
            stack.append((m.end(), keep))
        elif stack:
            start, keep = stack.pop()
            if not keep and not any(not k for _, k in stack):
                out = blank(out, start, m.start())
    return out


REGEX_PREV_KEYWORDS = {"return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void",
                       "throw", "instanceof", "yield", "await"}
JS_TOKEN = re.compile(r"//|/\*|['\"`{}/]")
TRAILING_WORD = re.compile(r"([\w$]+)$")


def _blanked(src, ranges):
    """src with each [a, b) range replaced by spaces (newlines kept)."""
    if not ranges:
        return src
    out = []
    pos = 0
    for a, b in ranges:
        if a < pos:
            a = pos
        if b <= a:
            continue
        out.append(src[pos:a])
        piece = src[a:b]
        out.append(re.sub(r"[^\n]", " ", piece) if "\n" in piece else " " * len(piece))
        pos = b
    out.append(src[pos:])
    return "".join(out)


def lex_js(src):
    """Split JavaScript into (no_comments, code, strings).

    no_comments: comments blanked, strings kept. code: comments and the bodies of strings,
    template literals (not their `${}` expressions) and regular expressions blanked.
    strings: [(offset, text)] of string and template-literal pieces. Same length as src.
    """
    n = len(src)
    comments, bodies, strings = [], [], []
    stack = []  # brace depth at each open `${`
    depth = 0
    last_sig, last_word = "", ""
    i = 0
    while True:
        m = JS_TOKEN.search(src, i)
        if not m:
            break
        seg = src[i:m.start()].rstrip()
        if seg:
            last_sig = seg[-1]
            wm = TRAILING_WORD.search(seg)
            last_word = wm.group(1) if wm else ""
        t = m.group(0)
        p = m.start()
        if t == "//":
            j = src.find("\n", p)
            j = n if j < 0 else j
            comments.append((p, j))
            i = j
            continue
        if t == "/*":
            j = src.find("*/", p + 2)
            j = n if j < 0 else j + 2
            comments.append((p, j))
            i = j
            continue
        if t in ("'", '"'):
            j = p + 1
            while j < n and src[j] != t and src[j] != "\n":
                j += 2 if src[j] == "\\" else 1
            j = min(j, n)
            strings.append((p + 1, src[p + 1:j]))
            bodies.append((p + 1, j))
            i = j + 1
            last_sig, last_word = t, ""
            continue
        if t == "`" or (t == "}" and stack and depth == stack[-1]):
            if t == "}":
                stack.pop()
                depth -= 1
            j = p + 1
            while j < n:
                ch = src[j]
                if ch == "\\":
                    j += 2
                    continue
                if ch == "`" or (ch == "$" and j + 1 < n and src[j + 1] == "{"):
                    break
                j += 1
            j = min(j, n)
            strings.append((p + 1, src[p + 1:j]))
            bodies.append((p + 1, j))
            if j < n and src[j] == "$":
                depth += 1
                stack.append(depth)
                i = j + 2
            else:
                i = j + 1
            last_sig, last_word = "`", ""
            continue
        if t == "{":
            depth += 1
            last_sig, last_word = "{", ""
            i = p + 1
            continue
        if t == "}":
            depth -= 1
            last_sig, last_word = "}", ""
            i = p + 1
            continue
        # "/": division or a regular expression literal
        if last_sig == "" or last_sig in "(,=:[!&|?{};~+-*%<>^" or last_word in REGEX_PREV_KEYWORDS:
            j = p + 1
            in_class = False
            while j < n and src[j] != "\n":
                ch = src[j]
                if ch == "\\":
                    j += 2
                    continue
                if ch == "[":
                    in_class = True
                elif ch == "]":
                    in_class = False
                elif ch == "/" and not in_class:
                    break
                j += 1
            if j < n and src[j] == "/":
                bodies.append((p + 1, j))
                i = j + 1
                while i < n and src[i].isalnum():
                    i += 1
                last_sig, last_word = "/", ""
                continue
        last_sig, last_word = "/", ""
        i = p + 1
    no_comments = _blanked(src, comments)
    code = _blanked(src, sorted(comments + bodies))
    return no_comments, code, strings


# Template syntax that can sit inside a page's inline script: masked before lexing the script.
TEMPLATE_IN_SCRIPT = re.compile(
    r"<%--.*?--%>|<%.*?%>|<\?(?:php|=)?.*?\?>|<#--.*?-->|</?#[^>]*>|\[#[^\]\n]*\]|\{\{.*?\}\}|\{%.*?%\}|"
    r"\{#.*?#\}|\$\{[^}]*\}|#\{[^}]*\}|\[\[[^\]\n]*\]\]|</?[a-zA-Z]+:[a-zA-Z]+\b[^>]*>|"
    r"\{\$[\w.\[\]'\"|:>-]+\}|\{:[\w$][^}\n]*\}",
    re.S)
RAZOR_IN_SCRIPT = re.compile(r"@\*.*?\*@|@\([^)]*\)|@\{[^}]*\}|@[A-Za-z_][\w.]*(?:\([^)]*\))?", re.S)


# --------------------------------------------------------------------------------------------
# What a file says about the SDKs

class Evidence:
    """One reason a file counts as legacy or new."""
    __slots__ = ("side", "file", "line", "why")

    def __init__(self, side, file, line, why):
        self.side, self.file, self.line, self.why = side, file, line, why

    def as_dict(self):
        return {"file": self.file, "line": self.line, "why": self.why}

    def __str__(self):
        return f"{self.file}:{self.line} {self.why}"


def sdk_of_specifier(spec):
    """'legacy', 'new', 'wrapper' or None for an import specifier."""
    s = spec.split("?")[0]
    if s in NEW_PACKAGES or s.startswith("@wecom/jssdk/"):
        return "new"
    if s in LEGACY_PACKAGES or any(s.startswith(p + "/") for p in LEGACY_PACKAGES):
        return "legacy"
    if s in LEGACY_WRAPPER_PACKAGES:
        return "wrapper"
    base = s.rsplit("/", 1)[-1]
    if re.fullmatch(r"jweixin(?:[-_.]?\d[\w.]*)?(?:\.min)?(?:\.js)?", base, re.I):
        return "legacy"
    return None


IMPORT_PATTERNS = [
    (re.compile(r"\bimport\s+(?:type\s+)?([\w$*{},\s]+?)\s+from\s*(['\"])([^'\"\n]+)\2"), "import"),
    (re.compile(r"\bimport\s*(['\"])([^'\"\n]+)\1"), "import"),
    (re.compile(r"\bexport\s+(?:\*|\{[^}]*\})(?:\s+as\s+[\w$]+)?\s+from\s*(['\"])([^'\"\n]+)\1"), "import"),
    (re.compile(r"\bimport\s*\(\s*(['\"])([^'\"\n]+)\1\s*\)"), "dynamic-import"),
    (re.compile(r"(?<![\w$.])require\s*\(\s*(['\"])([^'\"\n]+)\1\s*\)"), "require"),
]


def find_imports(no_comments):
    """[(offset, specifier, kind, bound_names)] for the ES imports and requires of a script."""
    found = []
    for pattern, kind in IMPORT_PATTERNS:
        for m in pattern.finditer(no_comments):
            if kind == "import" and m.lastindex == 3:
                names, spec = m.group(1), m.group(3)
            else:
                names, spec = "", m.group(2)
            bound = set()
            if names:
                for part in re.split(r"[,{}]", names):
                    part = part.strip()
                    if not part:
                        continue
                    am = re.match(r"(?:\*\s*as\s+)?([\w$]+)(?:\s+as\s+([\w$]+))?$", part)
                    if am:
                        bound.add(am.group(2) or am.group(1))
            if kind == "require":
                pre = no_comments[max(0, m.start() - 80):m.start()]
                bm = re.search(r"(?:var|let|const)\s+([\w$]+)\s*=\s*$", pre)
                if bm:
                    bound.add(bm.group(1))
                else:
                    bm = re.search(r"([\w$.]+)\s*=\s*$", pre)
                    if bm:
                        bound.add(bm.group(1))
            found.append((m.start(), spec, kind, bound))
    found.sort(key=lambda t: t[0])
    return found


def scan_script(rel, text, base_offset, full_text, ev):
    """Legacy/new evidence and import specifiers of one piece of JavaScript.

    text: the script (already masked); base_offset: where it starts in full_text (for lines).
    Returns [(specifier, kind, line)] of the imports.
    """
    text = strip_uni_ifdef(text)
    no_comments, code, strings = lex_js(text)
    imports = []
    new_names, legacy_names = set(), set()

    def ln(off):
        return line_of(full_text, base_offset + off)

    for off, spec, kind, bound in find_imports(no_comments):
        side = sdk_of_specifier(spec)
        imports.append((spec, kind, ln(off)))
        if side == "new":
            new_names |= bound
            ev.append(Evidence("new", rel, ln(off), f"imports {spec}"))
        elif side == "legacy":
            legacy_names |= bound
            ev.append(Evidence("legacy", rel, ln(off), f"imports {spec}"))
        elif side == "wrapper":
            ev.append(Evidence("legacy", rel, ln(off), f"calls the global wx through {spec} (imported here)"))
    # Code that calls mini-program-only methods on the bare global wx (wx.request, wx.setStorage)
    # and configures nothing runs in a mini-program (a vendored mini-program library): none of
    # its bare `wx.` uses is the web SDK.
    bare = re.compile(r"(?<![\w$.])wx\s*\.\s*([A-Za-z_$][\w$]*)")
    bare_members = {m.group(1) for m in bare.finditer(code)}
    mini_program_code = bool(bare_members & MINI_PROGRAM_ONLY) and not (
        bare_members & {"config", "ready", "error", "agentConfig"}
    )
    # Names that a new-SDK import binds (`import * as wx from '@wecom/jssdk'`) are not the global.
    for m in re.finditer(r"(?<![\w$.])" + GLOBAL_PREFIX + r"(wx|jWeixin)\s*\.\s*([A-Za-z_$][\w$]*)", code):
        name, member = m.group(1), m.group(2)
        explicit_global = m.group(0).lstrip().startswith(("window", "self", "globalThis", "top", "parent"))
        if name in new_names and not explicit_global:
            ev.append(Evidence("new", rel, ln(m.start()), f"{name}.{member} (bound to @wecom/jssdk)"))
            continue
        if name == "wx" and member not in LEGACY_MEMBERS and name not in legacy_names:
            continue  # mini-program API on the global wx
        if name == "wx" and mini_program_code and not explicit_global and name not in legacy_names:
            continue  # mini-program code: its global wx is the mini-program's
        ev.append(Evidence("legacy", rel, ln(m.start()), f"{m.group(0).strip()} (legacy SDK)"))
    for m in re.finditer(r"(?<![\w$.])(?:window|self|globalThis|top|parent)\s*\.\s*(wx|jWeixin)\b(?!\s*[.\w$])", code):
        ev.append(Evidence("legacy", rel, ln(m.start()), f"reads the global {m.group(0).strip()}"))
    for m in STORED_WX.finditer(code):
        ev.append(Evidence("legacy", rel, ln(m.start()), f"{m.group(0).strip()} (legacy SDK stored on an object)"))
    for m in re.finditer(r"=\s*(wx|jWeixin)\s*(?=[;,)\n}])", code):
        if m.group(1) not in new_names:
            what = "the legacy SDK it imported" if m.group(1) in legacy_names else f"the global {m.group(1)}"
            ev.append(Evidence("legacy", rel, ln(m.start()), f"stores {what}"))
    for m in re.finditer(r"(?<![\w$.])" + GLOBAL_PREFIX + r"ww\s*\.\s*([A-Za-z_$][\w$]*)", code):
        ev.append(Evidence("new", rel, ln(m.start()), f"ww.{m.group(1)}"))
    specifiers = {spec for spec, _kind, _line in imports}
    for off, s in strings:
        if s in specifiers:
            continue
        if SDK_URL_IN_STRING.search(s) and ("/" in s or s.endswith(".js")):
            ev.append(Evidence("legacy", rel, ln(off), f"loads {s.strip()[:80]} from script"))
        elif NEW_URL_IN_STRING.search(s) and "/" in s and s not in NEW_PACKAGES:
            ev.append(Evidence("new", rel, ln(off), f"loads {s.strip()[:80]} from script"))
    return imports


# --------------------------------------------------------------------------------------------
# Pages: comments, script tags, includes

PAGE_COMMENTS = re.compile(
    r"<!--(?!#).*?-->|<%--.*?--%>|<#--.*?-->|\{#.*?#\}|@\*.*?\*@|\{\{!--.*?--\}\}|\{\{![^}]*\}\}|"
    r"#\*.*?\*#|<%#.*?%>|\{\*.*?\*\}",
    re.S)
SCRIPT_ELEMENT = re.compile(r"<script\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>(.*?)</script\s*>", re.S | re.I)
ATTR = re.compile(r"([^\s=/>\"']+)\s*(?:=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?")
EVENT_ATTR = re.compile(r"\son[a-z]+\s*=\s*(\"[^\"]*\"|'[^']*')", re.I)
# `href="javascript:..."`: a group is the code after the scheme
SCRIPT_HREF = re.compile(r"\shref\s*=\s*(?:\"\s*javascript:([^\"]*)\"|'\s*javascript:([^']*)')", re.I)
JS_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript",
            "application/ecmascript", "text/babel", "text/jsx"}
TEMPLATE_EXPR = re.compile(
    r"<%.*?%>|<\?(?:php|=)?.*?\?>|\$\{[^}]*\}|#\{[^}]*\}|\{\{.*?\}\}|\{%.*?%\}|__[A-Z_]+__|%[A-Z_]+%|"
    r"@[A-Za-z_][\w.]*(?:\([^)]*\))?|<[a-z]+:[a-zA-Z]+[^>]*/?>|\{\$[^}]*\}|\{:[^}]*\}|"
    # pigcms' ThinkPHP delimiters: `{pigcms{$static_path}`
    r"\{\w+\{[$:][^}]*\}")


COMMENT_OR_SCRIPT = re.compile(PAGE_COMMENTS.pattern + r"|<script\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.S | re.I)
SCRIPT_END = re.compile(r"</script\s*>", re.I)


PUG_SCRIPT = re.compile(r"^(\s*)script(?:\((.*)\))?(\.)?\s*$")


def pug_as_html(text):
    """A Pug (Jade) template's script elements as HTML, line for line: `script(src="x.js")`
    becomes `<script src="x.js"></script>`, a `script.` block's indented lines become an inline
    script; every other line is blanked (markup by indentation has no tags to match)."""
    lines = text.split("\n")
    out = []
    i = 0
    while i < len(lines):
        m = PUG_SCRIPT.match(lines[i])
        if not m:
            out.append("")
            i += 1
            continue
        indent = len(m.group(1))
        attrs = (m.group(2) or "").replace(",", " ")
        if not m.group(3):
            out.append(f"<script {attrs}></script>")
            i += 1
            continue
        j = i + 1
        while j < len(lines) and (not lines[j].strip() or len(lines[j]) - len(lines[j].lstrip()) > indent):
            j += 1
        body = lines[i + 1:j]
        out.append(f"<script {attrs}>")
        out.extend(body)
        out[-1] += "</script>"
        i = j
    return "\n".join(out)


def page_comments_removed(text):
    """Blank HTML and template comments, except inside <script> elements (raw text there)."""
    out = []
    pos = 0
    while True:
        m = COMMENT_OR_SCRIPT.search(text, pos)
        if not m:
            out.append(text[pos:])
            break
        out.append(text[pos:m.start()])
        if m.group(0).lower().startswith("<script"):
            end = SCRIPT_END.search(text, m.end())
            stop = end.end() if end else len(text)
            out.append(text[m.start():stop])
            pos = stop
        else:
            out.append(re.sub(r"[^\n]", " ", m.group(0)))
            pos = m.end()
    return "".join(out)


RAZOR_URL_CONTENT = re.compile(r"@\(?\s*Url\.Content\(\s*\"([^\"]*)\"\s*\)\s*\)?")


def attrs_of(attr_text):
    attrs = {}
    attr_text = RAZOR_URL_CONTENT.sub(lambda m: m.group(1), attr_text)
    for m in ATTR.finditer(attr_text):
        value = m.group(2) or ""
        if value[:1] in ("'", '"'):
            value = value[1:-1]
        attrs.setdefault(m.group(1).lower(), value)
    return attrs


def normalize_src(value):
    """(path, prefixed, absolute_url) for a script src, or None if it cannot be a local file.

    prefixed: a template expression stood before the path (context path, base URL ...), so the
    path is matched against web roots and by suffix rather than against the page's folder.
    """
    v = value.strip()
    m = re.search(r"@\{\s*~?(/[^}(]*)", v) or re.search(r"@Url\.Content\(\s*\"~?(/[^\"]*)\"", v)
    if m:
        return m.group(1).strip(), True, False
    m = re.search(r"\{%\s*static\s+['\"]([^'\"]+)['\"]\s*%\}", v) or \
        re.search(r"url_for\(\s*['\"]static['\"]\s*,\s*filename\s*=\s*['\"]([^'\"]+)['\"]", v) or \
        re.search(r"\b(?:asset|mix|asset_path|static_url|base_url|site_url|STATIC_URL)\s*\(\s*['\"]([^'\"]+)['\"]", v) or \
        re.search(r"<(?:c|spring|s):url\s+value\s*=\s*['\"]([^'\"]+)['\"]", v) or \
        re.search(r"^\{\{\s*[\w.$>:-]+\(\s*['\"]([^'\"]+\.js)['\"]", v)
    if m:
        return "/" + m.group(1).lstrip("/"), True, False
    if v.startswith("~/"):
        return v[1:], True, False
    prefixed = False
    while True:
        m = TEMPLATE_EXPR.match(v)
        if not m:
            break
        v = v[m.end():]
        prefixed = True
    v = re.split(r"[?#]", v, 1)[0]
    # What the server computes past the prefix (`static/script/weixin/{$script_name}.js`,
    # `js/page-${name}.js`, `js/{$dir}/{$name}.js`): a wildcard, matched against the app's files.
    if TEMPLATE_EXPR.search(v):
        v = TEMPLATE_EXPR.sub("*", v)
        prefixed = True
    if TEMPLATE_EXPR.search(v) or not v:
        return None
    absolute = False
    um = re.match(r"(?:[a-z]+:)?//[^/]+(/.*)?$", v, re.I)
    if um:
        v = um.group(1) or ""
        absolute = True
        if not v:
            return None
    if re.match(r"^[a-z]+:", v, re.I):
        return None
    if prefixed and not v.startswith("/"):
        v = "/" + v
    return v, prefixed, absolute


INCLUDE_PATTERNS = [
    # (regex, kind, extensions to try when the name has none)
    (re.compile(r"<%@\s*include\s+file\s*=\s*[\"']([^\"']+)[\"']", re.I), "jsp-include", ()),
    (re.compile(r"<jsp:include\s+page\s*=\s*[\"']([^\"'<$]+)[\"']", re.I), "jsp-include", ()),
    (re.compile(r"<c:import\s+url\s*=\s*[\"']([^\"'<$]+)[\"']", re.I), "jsp-include", ()),
    (re.compile(r"<(?:tiles:insertAttribute|tiles:insertDefinition)[^>]*template\s*=\s*[\"']([^\"']+)", re.I), "jsp-include", ()),
    (re.compile(r"\b(?:include|require)(?:_once)?\s*\(?\s*(?:[^;'\"]*?\.\s*)?['\"]([^'\"]+\.(?:php|phtml|html|inc|tpl))['\"]"), "php-include", ()),
    (re.compile(r"<#(?:include|import)\s+\"([^\"]+)\""), "ftl-include", ()),
    (re.compile(r"\[#(?:include|import)\s+\"([^\"]+)\""), "ftl-include", ()),
    (re.compile(r"#(?:parse|include)\s*\(\s*[\"']([^\"']+)[\"']"), "vm-parse", ()),
    (re.compile(r"\{%-?\s*(?:include|extends|import|from|embed|render)\s+[\"']([^\"']+)[\"']"), "jinja-include", ()),
    (re.compile(r"<%[-=]?\s*include\s*\(?\s*[\"']([^\"']+)[\"']"), "ejs-include", (".ejs", ".html")),
    (re.compile(r"<%[-=]?\s*include\s+([\w./-]+)\s*%>"), "ejs-include", (".ejs", ".html")),
    (re.compile(r"\{\{>\s*['\"]?([\w./-]+)"), "hbs-partial", (".hbs", ".handlebars", ".html", ".mustache")),
    (re.compile(r"\{\{\s*include\s+['\"]([^'\"]+)['\"]"), "art-include", (".art", ".html")),
    (re.compile(r"(?:th:replace|th:insert|th:include|layout:decorate|layout:decorator|data-th-replace|data-th-insert)"
                r"\s*=\s*[\"']\s*(?:~\{)?\s*([\w/.-]+)"), "thymeleaf", (".html",)),
    (re.compile(r"<!--#include\s+(?:virtual|file)\s*=\s*[\"']([^\"']+)[\"']"), "ssi", ()),
    (re.compile(r"@(?:include|extends|includeIf|includeWhen|component|each)\s*\(\s*(?:[^,'\"]+,\s*)?['\"]([\w.\-/:]+)['\"]"), "blade", ()),
    (re.compile(r"\{(?:include|extend)\s+(?:file|name)\s*=\s*[\"']([^\"']+)[\"']"), "thinkphp-include", (".html", ".tpl")),
    (re.compile(r"<include\s+file\s*=\s*[\"']([^\"']+)[\"']"), "thinkphp-include", (".html",)),
    (re.compile(r"\$this->(?:renderPartial|render|beginContent)\s*\(\s*['\"]([\w/.]+)['\"]"), "yii-render", (".php",)),
    (re.compile(r"(?:Html\.(?:Render)?Partial(?:Async)?|RenderPage|Html\.RenderAction)\s*\(\s*\"([^\"]+)\""), "razor-partial", (".cshtml",)),
    (re.compile(r"<partial\s+name\s*=\s*\"([^\"]+)\"", re.I), "razor-partial", (".cshtml",)),
    (re.compile(r"\bLayout\s*=\s*\"([^\"]+)\""), "razor-layout", (".cshtml",)),
    (re.compile(r"<%=?\s*render\s*\(?\s*(?:partial:\s*|:partial\s*=>\s*)?['\"]([\w/]+)['\"]"), "erb-render", ()),
]


# --------------------------------------------------------------------------------------------
# The app

class App:
    def __init__(self, root):
        self.root = os.path.abspath(root)
        self.files = []
        self.dirs = set([""])
        self.skipped = Counter()
        self.mini_roots = []
        self._walk()
        self.fileset = set(self.files)
        self.by_name = defaultdict(list)
        for f in self.files:
            self.by_name[os.path.basename(f).lower()].append(f)
        self.link_kinds = Counter()
        self.unresolved = []
        self.sdk_copies = set()

    def _walk(self):
        for dirpath, dirnames, filenames in os.walk(self.root):
            rel_dir = os.path.relpath(dirpath, self.root)
            rel_dir = "" if rel_dir == "." else rel_dir.replace(os.sep, "/")
            keep = []
            for d in sorted(dirnames):
                if d.startswith(".") or d in SKIP_DIRS:
                    self.skipped[d if d in SKIP_DIRS else "hidden"] += 1
                    continue
                if os.path.islink(os.path.join(dirpath, d)):
                    continue
                keep.append(d)
            dirnames[:] = keep
            self.dirs.add(rel_dir)
            if "project.config.json" in filenames or self._is_app_json_root(dirpath, filenames):
                self.mini_roots.append(rel_dir)
            for name in sorted(filenames):
                if name.startswith("."):
                    continue
                rel = f"{rel_dir}/{name}" if rel_dir else name
                low = name.lower()
                if low.endswith((".min.js", ".d.ts")):
                    self.skipped["minified or declaration"] += 1
                    continue
                if low.endswith(PAGE_EXTS) or low.endswith(SCRIPT_EXTS) or low == "package.json" or \
                        low.endswith((".json", ".cs", ".rb", ".xml", ".php")):
                    self.files.append(rel)

    @staticmethod
    def _is_app_json_root(dirpath, filenames):
        if "app.json" not in filenames:
            return False
        try:
            with open(os.path.join(dirpath, "app.json"), encoding="utf-8", errors="replace") as f:
                data = json.load(f)
        except (OSError, ValueError):
            return False
        return isinstance(data, dict) and isinstance(data.get("pages"), list)

    def in_mini_program(self, rel):
        return any(rel == r or rel.startswith(r + "/") or r == "" for r in self.mini_roots)

    def abs(self, rel):
        return os.path.join(self.root, rel)

    def exists(self, rel):
        return rel in self.fileset

    def is_sdk_copy(self, rel, text=None):
        if rel in self.sdk_copies:
            return True
        name = os.path.basename(rel)
        if re.fullmatch(r"(?:jweixin|jwxwork|wecom-jssdk)[-\w.]*\.js", name, re.I):
            self.sdk_copies.add(rel)
            return True
        if text is not None and len(text) > 3000 and "WeixinJSBridge" in text and \
                re.search(r"jWeixin\s*=|\.jWeixin\s*=|\"jWeixin\"|'jWeixin'", text):
            self.sdk_copies.add(rel)
            return True
        return False


def norm(path):
    parts = []
    for p in path.split("/"):
        if p in ("", "."):
            continue
        if p == "..":
            if parts:
                parts.pop()
            continue
        parts.append(p)
    return "/".join(parts)


def ancestors(rel_dir):
    parts = rel_dir.split("/") if rel_dir else []
    for i in range(len(parts), -1, -1):
        yield "/".join(parts[:i])


def join(a, b):
    return norm(f"{a}/{b}" if a else b)


class Resolver:
    def __init__(self, app):
        self.app = app

    def _try_exts(self, rel, exts):
        if self.app.exists(rel):
            return rel
        for e in exts:
            if self.app.exists(rel + e):
                return rel + e
        return None

    def by_suffix(self, path, near, min_segments=1, exts=()):
        """Files whose path ends with `path` (segment-wise), best match nearest to `near`."""
        segs = [s for s in path.split("/") if s and s not in (".", "..")]
        if not segs:
            return []
        last = segs[-1].lower()
        names = [last] + [last + e for e in exts]
        best, best_score = [], 0
        for name in names:
            for c in self.app.by_name.get(name, []):
                cs = c.lower().split("/")
                k = 1
                while k < len(segs) and k < len(cs) and cs[-1 - k] == segs[-1 - k].lower():
                    k += 1
                if k < min(min_segments, len(segs)):
                    continue
                if k > best_score:
                    best, best_score = [c], k
                elif k == best_score and c not in best:
                    best.append(c)
        if len(best) > 1:
            near_parts = near.split("/")

            def closeness(c):
                return len(os.path.commonprefix([c.split("/"), near_parts]))
            top = max(closeness(c) for c in best)
            best = [c for c in best if closeness(c) == top]
        return best

    def web_rooted(self, page_dir, path, exts=()):
        """A root-relative path against the page's folder, its ancestors and their web roots."""
        p = path.lstrip("/")
        for a in ancestors(page_dir):
            for wr in ("",) + WEB_ROOTS:
                base = join(a, wr) if wr else a
                hit = self._try_exts(join(base, p), exts)
                if hit:
                    return hit
        return None

    def skipped_script(self, page, value):
        """A script the page loads that the walk skipped (minified, in node_modules, dist or
        build), found on disk: its path relative to the app, or None. A browser runs it all the
        same, so its SDK use counts for the page."""
        n = normalize_src(value)
        if n is None or n[2]:
            return None
        path, prefixed, _ = n
        page_dir = os.path.dirname(page)
        if path.startswith("/") or prefixed:
            candidates = [join(join(a, wr) if wr else a, path.lstrip("/"))
                          for a in ancestors(page_dir) for wr in ("",) + WEB_ROOTS]
        else:
            candidates = [join(page_dir, path)]
        for rel in candidates:
            if rel.startswith("..") or self.app.exists(rel):
                continue
            if os.path.isfile(self.app.abs(rel)):
                parts = rel.split("/")
                low = parts[-1].lower()
                skipped = low.endswith((".min.js", "-min.js")) or any(
                    p in SKIP_DIRS or p.startswith(".") for p in parts[:-1])
                return rel if skipped and low.endswith(SCRIPT_EXTS) else None
        return None

    def script_src(self, page, value):
        """[(file, how)] for a script src value, [] if it names no file of the app."""
        n = normalize_src(value)
        if n is None:
            return []
        path, prefixed, absolute = n
        if "*" in path:
            pattern = [s.lower() for s in path.split("/") if s and s not in (".", "..")]
            if len(pattern) < 2:
                return []
            folders, name = pattern[:-1], pattern[-1]

            def matches(f):
                parts = f.lower().split("/")
                if not fnmatch.fnmatchcase(parts[-1], name):
                    return False
                parents = parts[:-1]
                # a name computed from its start may hold folders (`{$name}.js`: `pages/index.js`)
                ends = range(len(folders), len(parents) + 1) if name.startswith("*") else [len(parents)]
                return any(end >= len(folders) and all(fnmatch.fnmatchcase(p, q) for p, q in
                                                       zip(parents[end - len(folders):end], folders))
                           for end in ends)
            return [(f, "computed-name") for f in self.app.files if matches(f)]
        page_dir = os.path.dirname(page)
        if absolute:
            hits = self.by_suffix(path, page, min_segments=2)
            return [(h, "absolute-url-suffix") for h in hits] if len(hits) <= 3 else []
        if path.startswith("/"):
            hit = self.web_rooted(page_dir, path)
            if hit:
                return [(hit, "template-prefix" if prefixed else "root-relative")]
        else:
            hit = self._try_exts(join(page_dir, path), ())
            if hit:
                return [(hit, "relative")]
            hit = self.web_rooted(page_dir, "/" + path)
            if hit:
                return [(hit, "relative-to-web-root")]
        hits = self.by_suffix(path, page, min_segments=min(2, len(path.strip("/").split("/"))))
        return [(h, "path-suffix") for h in hits] if len(hits) <= 3 else []

    def include(self, page, spec, exts):
        spec = spec.strip()
        page_dir = os.path.dirname(page)
        if spec.startswith("~/"):
            spec = spec[1:]
        if spec.startswith("/"):
            hit = self.web_rooted(page_dir, spec, exts)
            if hit:
                return [hit]
        else:
            hit = self._try_exts(join(page_dir, spec), exts)
            if hit:
                return [hit]
        return self.by_suffix(spec.lstrip("/"), page, min_segments=min(2, len(spec.strip("/").split("/"))), exts=exts)

    def module(self, importer, spec, aliases):
        """The file an import specifier names, or None (packages, unknown aliases)."""
        base = None
        if spec.startswith("./") or spec.startswith("../") or spec in (".", ".."):
            base = join(os.path.dirname(importer), spec)
        else:
            for prefix, target in aliases:
                if spec == prefix or spec.startswith(prefix + "/"):
                    base = join(target, spec[len(prefix):].lstrip("/"))
                    break
        if base is None:
            return None
        hit = self._try_exts(base, RESOLVE_EXTS)
        if hit:
            return hit
        for e in RESOLVE_EXTS:
            if self.app.exists(f"{base}/index{e}"):
                return f"{base}/index{e}"
        return None


# --------------------------------------------------------------------------------------------
# Packages (bundled SPAs)

BUNDLER_SCRIPT_WORDS = re.compile(r"\b(webpack|vite|vue-cli-service|react-scripts|umi|max|parcel|rollup|"
                                  r"uni|taro|craco|react-app-rewired|next|nuxt|rsbuild|rspack|ng|poi|fis3|"
                                  r"gulp|browserify|esbuild|mix)\b")
CONFIG_FILES = re.compile(r"^(?:vite|vue|webpack[\w.-]*|rollup|umi|craco|next|nuxt|quasar|rsbuild|rspack|"
                          r"config-overrides|babel|postcss|tailwind|jest|vitest|karma|commitlint|"
                          r"prettier|eslint|stylelint|uno|windi)\b.*\.(?:js|ts|mjs|cjs)$|^\.")


class Package:
    def __init__(self, dir, bundled, why):
        self.dir, self.bundled, self.why = dir, bundled, why
        self.modules = []
        self.entries = []
        self.aliases = []
        self.synthetic = False


def read_package_json(app, rel):
    text = read_text(app.abs(rel)) or ""
    try:
        data = json.loads(text)
    except ValueError:
        data = {}
    return data if isinstance(data, dict) else {}


def find_packages(app):
    packages = []
    for rel in app.files:
        if os.path.basename(rel) != "package.json":
            continue
        d = os.path.dirname(rel)
        if app.in_mini_program(rel):
            continue
        data = read_package_json(app, rel)
        deps = {}
        for key in ("dependencies", "devDependencies", "peerDependencies"):
            if isinstance(data.get(key), dict):
                deps.update(data[key])
        scripts = " ".join(v for v in (data.get("scripts") or {}).values() if isinstance(v, str)) \
            if isinstance(data.get("scripts"), dict) else ""
        why = sorted(set(deps) & BUNDLER_DEPS)
        m = BUNDLER_SCRIPT_WORDS.search(scripts)
        bundled = bool(why) or bool(m)
        packages.append(Package(d, bundled, ", ".join(why) or (m.group(1) if m else "")))
    # uni-app projects built by HBuilderX have no package.json bundler: pages.json + manifest.json.
    known = {p.dir for p in packages}
    for rel in app.files:
        if os.path.basename(rel) == "pages.json":
            d = os.path.dirname(rel)
            if app.exists(join(d, "manifest.json")) and not app.in_mini_program(rel):
                owner = next((p for p in packages if p.dir == d), None)
                if owner:
                    owner.bundled, owner.why = True, owner.why or "uni-app"
                elif d not in known:
                    packages.append(Package(d, True, "uni-app (HBuilderX)"))
    pkg_dirs = sorted((p.dir for p in packages), key=len, reverse=True)
    by_dir = {p.dir: p for p in packages}
    for rel in app.files:
        if not rel.lower().endswith(SCRIPT_EXTS) or app.in_mini_program(rel):
            continue
        owner = next((d for d in pkg_dirs if d == "" or rel.startswith(d + "/")), None)
        if owner is None:
            continue
        inner = rel[len(owner) + 1:] if owner else rel
        first = inner.split("/")[0]
        if "/" in inner and first in ("public", "static", "mock", "scripts", "config", "test", "tests",
                                      "__tests__", "e2e", "cypress", "docs", "server"):
            continue
        if "/" not in inner and CONFIG_FILES.match(first):
            continue
        by_dir[owner].modules.append(rel)
    for p in packages:
        p.entries = find_entries(app, p)
        p.aliases = find_aliases(app, p)
        if p.bundled and not p.entries:
            # The bundler generates the page (uni-app, a config this script cannot read): stand in
            # for it so the package's modules are still checked as one page.
            p.entries = [join(p.dir, "(generated entry page)")]
            p.synthetic = True
    return packages


def find_entries(app, p):
    entries = []
    for cand in ("index.html", "public/index.html", "src/index.html", "src/pages/document.ejs",
                 "src/document.ejs", "template.h5.html", "src/template.html", "app.html", "src/app.html"):
        rel = join(p.dir, cand)
        if app.exists(rel):
            entries.append(rel)
    # HtmlWebpackPlugin / vue.config.js pages / Vite inputs: templates named in bundler configs
    # (read from disk: build/ is skipped by the walk but holds vue-cli 2's webpack configs).
    cfgs = []
    for sub in ("", "build", "config", "scripts"):
        d = app.abs(join(p.dir, sub)) if (p.dir or sub) else app.root
        try:
            names = sorted(os.listdir(d))
        except OSError:
            continue
        for name in names:
            if re.search(r"(webpack|vite|vue|umi|config|rollup|rsbuild)[\w.-]*\.(js|ts|mjs|cjs)$|^\.umirc", name) \
                    and os.path.isfile(os.path.join(d, name)):
                cfgs.append(join(join(p.dir, sub), name))
    manifest = join(p.dir, "manifest.json")
    if os.path.isfile(app.abs(manifest)):
        cfgs.append(manifest)
    for cfg in cfgs:
        text = read_text(app.abs(cfg)) or ""
        for m in re.finditer(r"['\"`]([^'\"`\s]+\.(?:html|htm|ejs))['\"`]", text):
            name = m.group(1)
            for base in (p.dir, os.path.dirname(cfg), join(p.dir, "public")):
                rel = join(base, name.replace("./", "", 1) if name.startswith("./") else name)
                if app.exists(rel) and rel not in entries and (p.dir == "" or rel.startswith(p.dir + "/")):
                    entries.append(rel)
                    break
    return entries


def find_aliases(app, p):
    aliases = []
    src = join(p.dir, "src")
    for cand in ("vite.config.js", "vite.config.ts", "vite.config.mjs", "vue.config.js", "webpack.config.js",
                 "build/webpack.base.conf.js", "config/webpack.config.js", "jsconfig.json", "tsconfig.json",
                 ".umirc.ts", "config/config.ts", "config/config.js"):
        cfg = join(p.dir, cand)
        if not os.path.isfile(app.abs(cfg)):
            continue
        text = read_text(app.abs(cfg)) or ""
        cfg_dir = os.path.dirname(cfg)
        for m in re.finditer(r"['\"]?([@~$]?[\w@~/$-]*)['\"]?\s*:\s*(?:path\.)?(?:resolve|join)\(\s*__dirname\s*,\s*"
                             r"((?:['\"][^'\"]+['\"]\s*,?\s*)+)\)", text):
            parts = re.findall(r"['\"]([^'\"]+)['\"]", m.group(2))
            aliases.append((m.group(1), join(cfg_dir, "/".join(parts))))
        for m in re.finditer(r"['\"]([@~$][\w@~/$-]*|[\w-]+)['\"]\s*:\s*resolve\(\s*['\"]([^'\"]+)['\"]\s*\)", text):
            aliases.append((m.group(1), join(p.dir, m.group(2))))
        for m in re.finditer(r"['\"]?([@~$][\w@~/$-]*)['\"]?\s*:\s*fileURLToPath\(\s*new URL\(\s*['\"]([^'\"]+)['\"]", text):
            aliases.append((m.group(1), join(cfg_dir, m.group(2))))
        for m in re.finditer(r"\"([@~$][^\"*]*)/\*\"\s*:\s*\[\s*\"([^\"*]*)/?\*\"", text):
            aliases.append((m.group(1), join(cfg_dir, m.group(2))))
    if src in app.dirs:
        aliases.append(("@", src))
        aliases.append(("~", src))
    aliases = [(a.rstrip("/"), t) for a, t in aliases if a and a not in (".", "/")]
    aliases.sort(key=lambda t: len(t[0]), reverse=True)
    return aliases


# --------------------------------------------------------------------------------------------
# Framework conventions: Rails layouts and JavaScript responses, Razor _ViewStart and bundles,
# Yii layouts, Sprockets

RAILS_JS_RESPONSE = re.compile(r"((?:.*/)?)app/views/(?:[^/]+/)*[^/]+\.js\.erb$")
# Layouts that render a document the browser runs scripts in: HTML ones (`application.html.erb`,
# a variant `application.html+phone.erb`, an old format-less `application.erb` or `.rhtml`), not
# the text, XML or JSON ones, and not the mailer's (an email runs no script).
RAILS_PAGE_LAYOUT = re.compile(r"(?:[^/.]+\.html(?:\+[\w-]+)?\.erb|[^/.]+\.erb|[^/.]+\.rhtml)$")


def is_rails_js_response(rel):
    return RAILS_JS_RESPONSE.match(rel) is not None


def rails_js_response_links(app):
    """{layout: [response]}: a `.js.erb` view under app/views is JavaScript (its ERB tags are
    not) that rails-ujs or jquery_ujs evaluates in the page that sent the request (`remote: true`),
    so it runs in the pages of every layout of its app's app/views/layouts/ folder (namespaced
    layouts below it too)."""
    links = defaultdict(list)
    for rel in app.files:
        m = RAILS_JS_RESPONSE.match(rel)
        if not m:
            continue
        layouts_dir = f"{m.group(1)}app/views/layouts/"
        for f in app.files:
            name = os.path.basename(f)
            if f.startswith(layouts_dir) and RAILS_PAGE_LAYOUT.fullmatch(name) \
                    and not name.lower().startswith("mailer"):
                links[f].append(rel)
    return links


def rails_layout_links(app):
    """{view: [layout]} from app/views/layouts and the controllers' `layout` calls."""
    links = defaultdict(list)
    controllers = {}
    parents = {}
    for rel in app.files:
        m = re.match(r"(.*?)app/controllers/(.+)_controller\.rb$", rel)
        if not m:
            continue
        text = read_text(app.abs(rel)) or ""
        lm = re.search(r"^\s*layout\s+['\":]([\w/]+)", text, re.M)
        cm = re.search(r"class\s+([\w:]+)\s*<\s*([\w:]+)", text)
        key = (m.group(1), m.group(2))
        controllers[key] = lm.group(1) if lm else None
        if cm:
            parents[key] = re.sub(r"(?<!^)(?=[A-Z])", "_", cm.group(2).split("::")[-1].replace("Controller", "")).lower()
    for rel in app.files:
        m = re.match(r"(.*?)app/views/(.+)/([^/_][^/]*\.erb)$", rel)
        if not m or m.group(2).startswith("layouts") or is_rails_js_response(rel):
            continue
        base, ctrl = m.group(1), m.group(2)
        layout = None
        key = (base, ctrl)
        seen = set()
        while key in controllers and key not in seen:
            seen.add(key)
            if controllers[key]:
                layout = controllers[key]
                break
            parent = parents.get(key)
            key = (base, parent) if parent else None
        names = [layout] if layout else [ctrl, ctrl.split("/")[0], "application"]
        for name in names:
            hits = [f for f in app.files if re.fullmatch(re.escape(f"{base}app/views/layouts/{name}") + r"\.[\w.]*erb", f)]
            if hits:
                links[rel].extend(hits)
                break
    return links


def razor_viewstart_links(app):
    links = defaultdict(list)
    starts = {os.path.dirname(f): f for f in app.files if os.path.basename(f).lower() == "_viewstart.cshtml"}
    for rel in app.files:
        if not rel.lower().endswith(".cshtml") or os.path.basename(rel).startswith("_"):
            continue
        for a in ancestors(os.path.dirname(rel)):
            if a in starts:
                links[rel].append(starts[a])
                break
    return links


def razor_bundles(app):
    """{'~/bundles/x': [files]} from BundleConfig.cs."""
    bundles = {}
    for rel in app.files:
        if not rel.endswith("BundleConfig.cs"):
            continue
        text = read_text(app.abs(rel)) or ""
        project = os.path.dirname(os.path.dirname(rel))
        for m in re.finditer(r"new\s+ScriptBundle\(\s*\"([^\"]+)\"\s*\)\s*\.Include\(([^;]*?)\)\s*\)", text, re.S):
            files = []
            for pat in re.findall(r"\"~?/?([^\"]+)\"", m.group(2)):
                glob = join(project, pat).replace("{version}", "*")
                files.extend(f for f in app.files if fnmatch.fnmatch(f, glob) and f.endswith(".js"))
            bundles[m.group(1).lower()] = files
    return bundles


def yii_layout_links(app):
    links = defaultdict(list)
    for rel in app.files:
        m = re.match(r"(.*?)(?:(modules/[\w-]+)/)?controllers/(\w+)Controller\.php$", rel)
        if not m:
            continue
        text = read_text(app.abs(rel)) or ""
        lm = re.search(r"\$layout\s*=\s*['\"]([\w/]+)['\"]", text)
        if not lm:
            continue
        base, module, ctrl = m.group(1), m.group(2), m.group(3)
        layout = lm.group(1)
        view_root = f"{base}{module}/views" if module else f"{base}views"
        if layout.startswith("//"):
            layout_file = f"{base}views/{layout[2:]}.php"
        elif layout.startswith("/"):
            layout_file = f"{view_root}/{layout[1:]}.php"
        else:
            layout_file = f"{view_root}/layouts/{layout}.php"
        if not app.exists(layout_file):
            continue
        view_dir = f"{view_root}/{ctrl[0].lower()}{ctrl[1:]}/"
        for f in app.files:
            if f.startswith(view_dir) and f.endswith(".php"):
                links[f].append(layout_file)
    return links


# --------------------------------------------------------------------------------------------
# The graph

class Node:
    __slots__ = ("rel", "kind", "links", "evidence", "is_include_target")

    def __init__(self, rel, kind):
        self.rel, self.kind = rel, kind
        self.links = []  # (target, link kind)
        self.evidence = []
        self.is_include_target = False


def build(app):
    resolver = Resolver(app)
    packages = find_packages(app)
    nodes = {}
    rails = rails_layout_links(app)
    rails_js = rails_js_response_links(app)
    viewstart = razor_viewstart_links(app)
    bundles = razor_bundles(app)
    yii = yii_layout_links(app)
    webpack_runtimes = []
    module_pkg = {}
    for p in packages:
        for m in p.modules:
            module_pkg[m] = p

    def node(rel, kind):
        if rel not in nodes:
            nodes[rel] = Node(rel, kind)
        return nodes[rel]

    def link(n, target, kind):
        if target == n.rel:
            return
        n.links.append((target, kind))
        app.link_kinds[kind] += 1

    def add_imports(n, imports, importer):
        pkg = module_pkg.get(importer)
        aliases = pkg.aliases if pkg else []
        if not pkg:
            owner = [p for p in packages if p.dir == "" or importer.startswith(p.dir + "/")]
            if owner:
                aliases = max(owner, key=lambda q: len(q.dir)).aliases
        for spec, kind, line in imports:
            if sdk_of_specifier(spec):
                continue
            target = resolver.module(importer, spec, aliases)
            if target:
                if app.is_sdk_copy(target, read_text(app.abs(target))):
                    n.evidence.append(Evidence("legacy", importer, line, f"imports the vendored SDK {target}"))
                else:
                    link(n, target, kind)

    for rel in app.files:
        low = rel.lower()
        if is_rails_js_response(rel):
            # A Rails JavaScript response: the whole file is a script once its ERB tags are masked
            # (`<%= j render 'form' %>`, `'<%= @pay[:paySign] %>'`); the layouts link to it below.
            text = read_text(app.abs(rel))
            if text is None or app.in_mini_program(rel):
                continue
            n = node(rel, "script")
            scan_script(rel, blank_matches(text, TEMPLATE_IN_SCRIPT), 0, text, n.evidence)
            continue
        is_page = low.endswith(PAGE_EXTS)
        is_script = low.endswith(SCRIPT_EXTS)
        if not (is_page or is_script):
            continue
        text = read_text(app.abs(rel))
        if text is None:
            continue
        if is_script and app.is_sdk_copy(rel, text):
            continue
        mini = app.in_mini_program(rel)
        if is_script and not low.endswith(".vue"):
            n = node(rel, "script")
            if mini:
                continue
            imports = scan_script(rel, text, 0, text, n.evidence)
            add_imports(n, imports, rel)
            if WEBPACK_RUNTIME.search(text) and not WEBPACK_CHUNK.search(text[:300]):
                webpack_runtimes.append(rel)
            if "//= require" in text:
                for m in re.finditer(r"^\s*//=\s*require\s+([\w./-]+)", text, re.M):
                    for hit in resolver.include(rel, m.group(1), (".js", ".coffee")):
                        link(n, hit, "sprockets-require")
                # `//= require_tree dir` / `require_directory dir`: every script below (in) it
                for m in re.finditer(r"^\s*//=\s*require_(tree|directory)\s+([\w./-]+)", text, re.M):
                    folder = norm(join(os.path.dirname(rel), m.group(2)))
                    for other in app.files:
                        if other == rel or not other.lower().endswith((".js", ".coffee")):
                            continue
                        inside = (other.startswith(folder + "/") or folder in ("", ".")) if m.group(1) == "tree" \
                            else os.path.dirname(other) == folder
                        if inside:
                            link(n, other, "sprockets-require")
            continue
        # pages and .vue single-file components
        n = node(rel, "vue" if low.endswith(".vue") else "page")
        if mini:
            continue
        if low.endswith((".pug", ".jade")):
            text = pug_as_html(text)
        cleaned = page_comments_removed(text)
        for m in SCRIPT_ELEMENT.finditer(cleaned):
            attrs = attrs_of(m.group(1))
            src = attrs.get("src") or attrs.get("th:src") or attrs.get("data-th-src") or attrs.get(":src")
            typ = attrs.get("type", "").strip().lower()
            line = line_of(text, m.start())
            if src is not None:
                if LEGACY_SDK_SRC.search(re.split(r"[?#]", src)[0].strip()):
                    n.evidence.append(Evidence("legacy", rel, line, f"script tag {src.strip()}"))
                    app.link_kinds["sdk-tag"] += 1
                    continue
                if NEW_SDK_SRC.search(src):
                    n.evidence.append(Evidence("new", rel, line, f"script tag {src.strip()}"))
                    app.link_kinds["sdk-tag"] += 1
                    continue
                if JWXWORK_SRC.search(re.split(r"[?#]", src)[0].strip()):
                    app.link_kinds["jwxwork-tag"] += 1
                    continue
                for target, how in resolver.script_src(rel, src):
                    ttext = read_text(app.abs(target))
                    if app.is_sdk_copy(target, ttext):
                        n.evidence.append(Evidence("legacy", rel, line, f"script tag {src.strip()} (a copy of jweixin)"))
                    else:
                        link(n, target, "script-src:" + how)
                    break
                else:
                    skipped = resolver.skipped_script(rel, src)
                    if skipped:
                        stext = read_text(app.abs(skipped))
                        if stext is not None and not app.is_sdk_copy(skipped, stext):
                            app.link_kinds["script-src:skipped-file"] += 1
                            scan_script(skipped, stext, 0, stext, n.evidence)
                        continue
                    norm_src = normalize_src(src)
                    if norm_src and not norm_src[2] and norm_src[0].lower().endswith(SCRIPT_EXTS) \
                            and not norm_src[0].lower().endswith(".min.js"):
                        app.unresolved.append((rel, line, src.strip()))
                continue
            if typ not in JS_TYPES and not low.endswith(".vue"):
                continue
            if low.endswith(".vue") and attrs.get("lang", "js") not in ("js", "ts", "jsx", "tsx", "javascript", "typescript"):
                continue
            body_start = m.start(2)
            body = m.group(2)
            if not low.endswith(".vue"):
                body = blank_matches(body, TEMPLATE_IN_SCRIPT)
                if low.endswith((".cshtml", ".razor", ".vbhtml")):
                    body = blank_matches(body, RAZOR_IN_SCRIPT)
            imports = scan_script(rel, body, body_start, text, n.evidence)
            add_imports(n, imports, rel)
        for m in EVENT_ATTR.finditer(blank_matches(cleaned, SCRIPT_ELEMENT)):
            scan_script(rel, m.group(1)[1:-1], m.start(1) + 1, text, n.evidence)
        for m in SCRIPT_HREF.finditer(blank_matches(cleaned, SCRIPT_ELEMENT)):
            group = 1 if m.group(1) is not None else 2
            scan_script(rel, m.group(group), m.start(group), text, n.evidence)
        # Rails javascript_include_tag
        for m in re.finditer(r"javascript_(?:include|pack)_tag\s*\(?\s*((?:['\"][^'\"]+['\"]\s*,?\s*)+)", cleaned):
            for src in re.findall(r"['\"]([^'\"]+)['\"]", m.group(1)):
                if LEGACY_SDK_SRC.search(src.split("?")[0]):
                    n.evidence.append(Evidence("legacy", rel, line_of(text, m.start()), f"javascript_include_tag {src}"))
                    app.link_kinds["sdk-tag"] += 1
                    continue
                if NEW_SDK_SRC.search(src):
                    n.evidence.append(Evidence("new", rel, line_of(text, m.start()), f"javascript_include_tag {src}"))
                    continue
                hits = resolver.include(rel, src if "." in os.path.basename(src) else src + ".js", ())
                for hit in hits[:1]:
                    link(n, hit, "rails-javascript_include_tag")
        # ASP.NET bundles
        for m in re.finditer(r"Scripts\.Render\(\s*((?:\"[^\"]+\"\s*,?\s*)+)\)", cleaned):
            for name in re.findall(r"\"([^\"]+)\"", m.group(1)):
                for f in bundles.get(name.lower(), []):
                    link(n, f, "aspnet-bundle")
        if low.endswith(".vue"):
            continue
        for pattern, kind, exts in INCLUDE_PATTERNS:
            source = text if kind == "ssi" else cleaned
            for m in pattern.finditer(source):
                spec = m.group(1)
                if kind == "blade":
                    spec = spec.replace(".", "/")
                    exts = (".blade.php",)
                if kind == "erb-render":
                    d, _, b = spec.rpartition("/")
                    spec = f"{d}/_{b}" if d else f"_{b}"
                    exts = (".html.erb", ".erb", ".js.erb")
                if kind == "razor-partial" or kind == "razor-layout":
                    if "/" not in spec and "." not in spec:
                        local = resolver.include(rel, spec, exts)
                        shared = [f for f in app.by_name.get(spec.lower() + ".cshtml", []) if "/Shared/" in f]
                        hits = local or shared
                        for h in hits[:1]:
                            link(n, h, kind)
                        continue
                if kind == "yii-render":
                    # Yii views: 'x' is beside the view, '/x' in the module's views, '//x' in the app's.
                    vm = re.match(r"(.*?)((?:modules/[\w-]+/)?views)/", rel)
                    if not vm:
                        continue
                    if spec.startswith("//"):
                        cand = join(vm.group(1) + "views", spec[2:])
                    elif spec.startswith("/"):
                        cand = join(vm.group(1) + vm.group(2), spec[1:])
                    else:
                        cand = join(os.path.dirname(rel), spec)
                    hit = resolver._try_exts(cand, (".php",))
                    if hit:
                        link(n, hit, kind)
                    continue
                if kind == "thinkphp-include":
                    # `Public:top` is `Public/top.html`, or `Public_top.php` with pigcms'
                    # `TMPL_FILE_DEPR` of `_`; a module's `Admin@Public:top`; several, comma-separated.
                    for one in spec.split(","):
                        one = one.strip().rsplit("@", 1)[-1]
                        names = [one.replace(":", "/"), one.replace(":", "_")] if ":" in one else [one]
                        hits = []
                        for name in names:
                            hits = hits or resolver.include(rel, name, exts + (".php",))
                        for h in hits[:1]:
                            link(n, h, kind)
                        if not hits:
                            app.unresolved.append((rel, line_of(text, m.start()), f"{kind} {one}"))
                    continue
                hits = resolver.include(rel, spec, exts)
                for h in hits[:1]:
                    link(n, h, kind)
                if not hits and kind != "php-include":
                    app.unresolved.append((rel, line_of(text, m.start()), f"{kind} {spec}"))
        for target in rails.get(rel, []):
            link(n, target, "rails-layout")
        if not re.search(r"\bLayout\s*=", cleaned):
            for target in viewstart.get(rel, []):
                link(n, target, "razor-viewstart")
        for target in yii.get(rel, []):
            link(n, target, "yii-layout")

    # Rails JavaScript responses run in the pages of their app's layouts.
    for layout, responses in sorted(rails_js.items()):
        if layout in nodes:
            for rel in responses:
                if rel in nodes:
                    link(nodes[layout], rel, "rails-javascript-response")

    # Committed webpack builds: the runtime loads its chunks by computed names at run time, so a
    # runtime reaches every chunk of its folder.
    for rt in webpack_runtimes:
        folder = os.path.dirname(rt)
        for f in app.files:
            if f != rt and os.path.dirname(f) == folder and f.endswith(".js") and f in nodes:
                text = read_text(app.abs(f)) or ""
                if WEBPACK_CHUNK.search(text[:2000]):
                    link(nodes[rt], f, "webpack-chunk")
    for p in packages:
        if not p.bundled:
            continue
        for e in p.entries:
            n = node(e, "page")
            for m in p.modules:
                if m in nodes:
                    link(n, m, "bundle")
    for n in nodes.values():
        for target, kind in n.links:
            if target in nodes and not kind.startswith(("script-src", "bundle", "import", "require",
                                                        "dynamic-import", "aspnet-bundle", "webpack-chunk",
                                                        "rails-javascript", "sprockets")):
                nodes[target].is_include_target = True
    return nodes, packages


def reach(nodes, start):
    seen = {start}
    queue = deque([start])
    while queue:
        cur = queue.popleft()
        n = nodes.get(cur)
        if not n:
            continue
        for target, _kind in n.links:
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def verdict(nodes, reached):
    legacy, new = [], []
    for rel in sorted(reached):
        n = nodes.get(rel)
        if not n:
            continue
        for e in n.evidence:
            (legacy if e.side == "legacy" else new).append(e)
    if legacy and new:
        status = "half"
    elif legacy:
        status = "legacy"
    elif new:
        status = "migrated"
    else:
        status = "none"
    return status, legacy, new


def explain(status, legacy, new):
    if status != "half":
        return ""
    loads_l = [e for e in legacy if e.why.startswith(("script tag", "imports", "loads", "javascript_include_tag"))]
    loads_n = [e for e in new if e.why.startswith(("script tag", "imports", "loads"))]
    calls_l = [e for e in legacy if e not in loads_l]
    calls_n = [e for e in new if e not in loads_n]
    if loads_n and not loads_l and calls_l:
        return f"calls the legacy SDK ({calls_l[0]}) but only @wecom/jssdk is loaded ({loads_n[0]})"
    if loads_l and not loads_n and calls_n:
        return f"calls ww ({calls_n[0]}) but only jweixin is loaded ({loads_l[0]})"
    if loads_l and loads_n:
        return f"loads both SDKs ({loads_l[0]}; {loads_n[0]})"
    return f"uses both SDKs ({legacy[0]}; {new[0]})"


def audit(root):
    app = App(root)
    nodes, packages = build(app)
    pages = []
    for rel, n in sorted(nodes.items()):
        if n.kind != "page" or n.is_include_target:
            continue
        pages.append(rel)
    # Pages only reached through include cycles: report them too.
    covered = set()
    for p in pages:
        covered |= reach(nodes, p)
    for rel, n in sorted(nodes.items()):
        if n.kind == "page" and rel not in covered and rel not in pages:
            pages.append(rel)
            covered |= reach(nodes, rel)
    results = []
    reached_by_pages = set()
    for p in sorted(pages):
        reached = reach(nodes, p)
        reached_by_pages |= reached
        status, legacy, new = verdict(nodes, reached)
        results.append({
            "page": p,
            "status": status,
            "files": len(reached),
            "legacy": [e.as_dict() for e in legacy],
            "new": [e.as_dict() for e in new],
            "why": explain(status, legacy, new),
        })
    orphans = sorted(rel for rel, n in nodes.items()
                     if rel not in reached_by_pages and n.evidence and n.kind != "page")
    summary = Counter(r["status"] for r in results)
    return {
        "version": 1,
        "root": app.root,
        "summary": {
            "pages": len(results),
            "legacy": summary["legacy"],
            "migrated": summary["migrated"],
            "half": summary["half"],
            "none": summary["none"],
        },
        "pages": results,
        "links": dict(sorted(app.link_kinds.items())),
        "packages": [{"dir": p.dir or ".", "bundled": p.bundled, "bundler": p.why,
                      "entries": p.entries, "generated_entry": p.synthetic, "modules": len(p.modules)}
                     for p in packages],
        "orphans": [{"file": o, "sides": sorted({e.side for e in nodes[o].evidence})} for o in orphans],
        "unresolved": [{"file": f, "line": l, "src": s} for f, l, s in app.unresolved],
        "mini_program_roots": app.mini_roots,
        "skipped": dict(app.skipped),
    }


def print_human(report, show_all, out=None):
    out = out or sys.stdout
    rows = [r for r in report["pages"] if show_all or r["status"] != "none"]
    width = min(70, max([len(r["page"]) for r in rows] + [4]))
    print(f"{'page':{width}}  {'status':8} {'files':>5} {'legacy':>6} {'new':>4}  why", file=out)
    for r in rows:
        status = "HALF" if r["status"] == "half" else r["status"]
        print(f"{r['page']:{width}}  {status:8} {r['files']:5} {len(r['legacy']):6} {len(r['new']):4}  {r['why']}",
              file=out)
    s = report["summary"]
    print(f"\n{s['pages']} pages: {s['legacy']} legacy, {s['migrated']} migrated, {s['half']} half migrated, "
          f"{s['none']} without SDK use", file=out)
    if report["orphans"]:
        print(f"{len(report['orphans'])} files use an SDK but no page reaches them: "
              + ", ".join(o["file"] for o in report["orphans"][:5]) + (" ..." if len(report["orphans"]) > 5 else ""),
              file=out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("root", help="the app's root folder")
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    ap.add_argument("--all", action="store_true", help="also list pages without SDK use")
    a = ap.parse_args(argv)
    if not os.path.isdir(a.root):
        print(f"unit_audit: {a.root} is not a folder", file=sys.stderr)
        return 2
    report = audit(a.root)
    if a.json:
        json.dump(report, sys.stdout, indent=1, ensure_ascii=False)
        print()
    else:
        print_human(report, a.all)
    return 1 if report["summary"]["half"] else 0


if __name__ == "__main__":
    sys.exit(main())
