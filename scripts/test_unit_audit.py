#!/usr/bin/env python3
"""Tests for scripts/unit_audit.py on small hand-made app trees (run: python3 scripts/test_unit_audit.py)."""
import contextlib
import importlib.util
import io
import json
import os
import tempfile
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("unit_audit", os.path.join(HERE, "unit_audit.py"))
ua = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ua)

LEGACY_TAG = '<script src="https://res.wx.qq.com/open/js/jweixin-1.2.0.js"></script>'
NEW_TAG = '<script src="https://wwcdn.weixin.qq.com/node/open/js/wecom-jssdk-2.3.1.js"></script>'
VUE_CLI = json.dumps({"devDependencies": {"@vue/cli-service": "^4"}})
VITE = json.dumps({"devDependencies": {"vite": "^4"}})


class AppTree:
    """A temporary app folder built from {relative path: text}."""

    def __init__(self, files):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = self.tmp.name
        for rel, text in files.items():
            path = os.path.join(self.root, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(textwrap.dedent(text))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.tmp.cleanup()

    def report(self):
        return ua.audit(self.root)

    def page(self, rel):
        for p in self.report()["pages"]:
            if p["page"] == rel:
                return p
        raise AssertionError(f"{rel} is not a page; pages: {[p['page'] for p in self.report()['pages']]}")

    def status(self, rel):
        return self.page(rel)["status"]


def run_cli(args):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = ua.main(args)
    return code, out.getvalue()


class StaticPages(unittest.TestCase):
    def test_shared_script_left_on_wx_makes_the_new_page_half_migrated(self):
        with AppTree({
            "old.html": f"{LEGACY_TAG}<script src=\"js/common.js\"></script>",
            "new.html": f"{NEW_TAG}<script src=\"js/common.js\"></script><script>ww.register({{}})</script>",
            "js/common.js": "wx.config({ appId: 'x' });\n",
        }) as app:
            self.assertEqual(app.status("old.html"), "legacy")
            p = app.page("new.html")
            self.assertEqual(p["status"], "half")
            self.assertIn("js/common.js:1 wx.config", p["why"])
            self.assertIn("only @wecom/jssdk is loaded", p["why"])
            code, out = run_cli([app.root])
            self.assertEqual(code, 1)
            self.assertIn("new.html", out)
            self.assertIn("HALF", out)

    def test_a_template_helper_naming_a_script_finds_it_under_the_web_root(self):
        # Laravel's `{{cdn('js/wx.js')}}` (any helper called with the path) is public/js/wx.js
        with AppTree({
            "resources/views/index.blade.php": f"{LEGACY_TAG}<script src=\"{{{{cdn('js/wx.js')}}}}\"></script>",
            "public/js/wx.js": "function wxShare(e){ww.ensureConfigReady().then(function(){})}\n",
        }) as app:
            p = app.page("resources/views/index.blade.php")
            self.assertEqual(p["status"], "half", p)
            self.assertIn("public/js/wx.js:1 ww.ensureConfigReady", p["why"])

    def test_a_pug_layout_loads_its_scripts(self):
        # helper-25 (ryerh/WeReader): an Express layout.jade loads jweixin and a script of the
        # static folder, which moved to ww alone
        with AppTree({
            "views/layout.jade": "doctype html\nhtml\n  body\n    block content\n"
                                 "    script(src=\"http://res.wx.qq.com/open/js/jweixin-1.0.0.js\")\n"
                                 "    script(src=\"/javascripts/script.js\")\n    script.\n      wx.ready(function () {});\n",
            "static/javascripts/script.js": "ww.register({ corpId: 'c' });\n",
        }) as app:
            p = app.page("views/layout.jade")
            self.assertEqual(p["status"], "half", p)
            self.assertIn("static/javascripts/script.js:1 ww.register", p["why"])

    def test_a_rails_manifest_takes_in_its_tree(self):
        with AppTree({
            "app/views/layouts/application.html.erb": f"{NEW_TAG}<%= javascript_include_tag 'application' %>",
            "app/assets/javascripts/application.js": "//= require jquery\n//= require_tree ./share\n",
            "app/assets/javascripts/share/wx.js": "wx.config({ appId: 'x' });\n",
        }) as app:
            p = app.page("app/views/layouts/application.html.erb")
            self.assertEqual(p["status"], "half", p)
            self.assertIn("app/assets/javascripts/share/wx.js:1 wx.config", p["why"])

    def test_a_clean_migrated_page_passes(self):
        with AppTree({
            "index.html": f"{NEW_TAG}<script src=\"./app.js\"></script>",
            "app.js": "ww.register({ corpId: 'c' });\nww.selectEnterpriseContact({});\n",
        }) as app:
            self.assertEqual(app.status("index.html"), "migrated")
            code, out = run_cli([app.root])
            self.assertEqual(code, 0)
            self.assertIn("1 pages: 0 legacy, 1 migrated, 0 half migrated", out)

    def test_commented_out_tags_and_code_in_comments_or_strings_do_not_count(self):
        with AppTree({
            "index.html": f"""
                <!-- {LEGACY_TAG} -->
                {NEW_TAG}
                <script>
                  // wx.config({{}})
                  /* wx.ready(function () {{}}) */
                  var s = "wx.invoke('x')", t = `jWeixin.config ${{1}}`, r = /'wx.error/;
                  ww.register({{}});
                </script>""",
        }) as app:
            p = app.page("index.html")
            self.assertEqual(p["status"], "migrated", p)

    def test_an_sdk_url_loaded_from_script_counts_as_loading_that_sdk(self):
        with AppTree({
            "index.html": f"{NEW_TAG}<script src=\"loader.js\"></script>",
            "loader.js": "var s = document.createElement('script');\ns.src = '//res.wx.qq.com/open/js/jweixin-1.2.0.js';\n",
        }) as app:
            p = app.page("index.html")
            self.assertEqual(p["status"], "half")
            self.assertIn("loads both SDKs", p["why"])

    def test_a_committed_webpack_build_reaches_its_chunks(self):
        with AppTree({
            "public/wx/index.html": f"{NEW_TAG}<script src=\"wx/app.1a2b.js\"></script>",
            "public/wx/wx/app.1a2b.js": "var installedChunks = {};\nfunction jsonpScriptSrc(id) { return id + '.js' }\nww.register({})\n",
            "public/wx/wx/6.ff00.js": "webpackJsonp([6], { 9: function () { window.wx.chooseImage({}) } })\n",
        }) as app:
            p = app.page("public/wx/index.html")
            self.assertEqual(p["status"], "half")
            self.assertIn("6.ff00.js", p["why"])

    def test_the_jwxwork_open_data_script_is_neither_sdk(self):
        with AppTree({
            "index.html": f"{NEW_TAG}<script src=\"//open.work.weixin.qq.com/wwopen/js/jwxwork-1.0.0.js\"></script>"
                          "<script>ww.register({})</script>",
        }) as app:
            self.assertEqual(app.status("index.html"), "migrated")
            self.assertEqual(app.report()["links"]["jwxwork-tag"], 1)

    def test_event_handler_attributes_are_code(self):
        with AppTree({"index.html": f"{NEW_TAG}<button onclick=\"wx.closeWindow()\">x</button>"}) as app:
            self.assertEqual(app.status("index.html"), "half")

    def test_script_links_are_code(self):
        page = f"{NEW_TAG}<a href=\"javascript:alert('sure?');window.close();wx.closeWindow()\">x</a>"
        with AppTree({"index.php": page}) as app:
            self.assertEqual(app.status("index.php"), "half")
        with AppTree({"index.html": f"{NEW_TAG}<a href=\"javascript:void(0)\">x</a>"}) as app:
            self.assertNotEqual(app.status("index.html"), "half")

    def test_skipped_folders_minified_files_and_sdk_copies(self):
        with AppTree({
            "index.html": f"{NEW_TAG}<script src=\"vendor/wxsdk.js\"></script>",
            "vendor/wxsdk.js": "!function(e){e.jWeixin=e.wx={config:function(){WeixinJSBridge.invoke()}}}(this);"
                               + "wx.config({});" * 300,
            "node_modules/x/index.html": LEGACY_TAG,
            "dist/index.html": LEGACY_TAG,
            "lib.min.js": "wx.config({})",
        }) as app:
            r = app.report()
            self.assertEqual([p["page"] for p in r["pages"]], ["index.html"])
            p = r["pages"][0]
            self.assertEqual(p["status"], "half")
            self.assertIn("a copy of jweixin", p["legacy"][0]["why"])

    def test_a_skipped_script_the_page_loads_counts(self):
        with AppTree({
            "index.html": f"{NEW_TAG}<script src=\"js/share.min.js\"></script>"
                          "<script src=\"/dist/app.js\"></script><script src=\"js/jquery.min.js\"></script>",
            "js/share.min.js": "wx.ready(function(){wx.onMenuShareAppMessage({})});",
            "dist/app.js": "ww.register({});",
            "js/jquery.min.js": "!function(){var a=1}();",
        }) as app:
            p = app.report()["pages"][0]
            self.assertEqual(p["status"], "half")
            self.assertEqual(p["legacy"][0]["file"], "js/share.min.js")
            self.assertEqual(app.report()["links"]["script-src:skipped-file"], 3)


class ServerTemplates(unittest.TestCase):
    def test_jsp_include_and_context_path_prefixes(self):
        with AppTree({
            "src/main/webapp/WEB-INF/views/common/head.jsp": f"<c:set var=\"ctx\" value=\"${{pageContext.request.contextPath}}\"/>{LEGACY_TAG}\n",
            "src/main/webapp/WEB-INF/views/order.jsp": """
                <%@ include file="/WEB-INF/views/common/head.jsp" %>
                <script src="${ctx}/static/js/order.js?v=${ver}"></script>
                <script src="<%=request.getContextPath()%>/static/js/pay.js"></script>
                <script>wx.ready(function(){ pay('${order.id}'); });</script>""",
            "src/main/webapp/static/js/order.js": "function pay(id) { wx.chooseWXPay({}); }\n",
            "src/main/webapp/static/js/pay.js": "ww.register({});\n",
        }) as app:
            r = app.report()
            self.assertEqual([p["page"] for p in r["pages"]], ["src/main/webapp/WEB-INF/views/order.jsp"],
                             "an included fragment is not reported as a page of its own")
            p = r["pages"][0]
            self.assertEqual(p["status"], "half")
            self.assertEqual(p["files"], 4)
            self.assertEqual(r["links"]["jsp-include"], 1)
            self.assertEqual(r["links"]["script-src:template-prefix"], 2)

    def test_template_syntax_inside_inline_scripts_is_masked(self):
        with AppTree({
            "a.php": f"""{LEGACY_TAG}<script>
                wx.config({{ appId: '<?php echo $sign["appId"]; ?>', timestamp: <?= $t ?>, jsApiList: [] }});
                <?php if ($x) {{ ?> wx.ready(function(){{}}); <?php }} ?>
                </script>""",
            "b.ftl": f"""<#include "inc/sdk.ftl">
                <script>wx.config({{ appId: '${{appId}}', <#if debug>debug: true,</#if> jsApiList: [] }});</script>""",
            "inc/sdk.ftl": NEW_TAG,
        }) as app:
            a = app.page("a.php")
            self.assertEqual(a["status"], "legacy")
            self.assertEqual([e["why"] for e in a["legacy"]][1:], ["wx.config (legacy SDK)", "wx.ready (legacy SDK)"])
            self.assertEqual(app.status("b.ftl"), "half")

    def test_includes_of_each_template_language(self):
        files = {
            "php/page.php": "<?php require_once __DIR__ . '/inc/head.php'; ?>",
            "php/inc/head.php": LEGACY_TAG,
            "vm/page.vm": '#parse("vm/head.vm")',
            "vm/head.vm": LEGACY_TAG,
            "jinja/templates/page.html": '{% extends "base.html" %}{% block x %}{% include "parts/sdk.html" %}{% endblock %}',
            "jinja/templates/base.html": "<html></html>",
            "jinja/templates/parts/sdk.html": LEGACY_TAG,
            "django/templates/page.html": '<script src="{% static \'js/d.js\' %}"></script>',
            "django/static/js/d.js": "wx.config({})",
            "ejs/views/page.ejs": "<%- include('partials/head') %>",
            "ejs/views/partials/head.ejs": LEGACY_TAG,
            "hbs/views/page.hbs": "{{> sdkhead}}",
            "hbs/views/partials/sdkhead.hbs": LEGACY_TAG,
            "thymeleaf/templates/page.html": '<div th:replace="~{fragments/head :: sdk}"></div><script th:src="@{/js/t.js}"></script>',
            "thymeleaf/templates/fragments/head.html": LEGACY_TAG,
            "thymeleaf/static/js/t.js": "wx.config({})",
            "ssi/page.shtml": '<!--#include virtual="/ssi/head.html" -->',
            "ssi/head.html": LEGACY_TAG,
            "blade/resources/views/page.blade.php": "@extends('layouts.app')",
            "blade/resources/views/layouts/app.blade.php": LEGACY_TAG,
            "art/page.art": "{{include './head.art'}}",
            "art/head.art": LEGACY_TAG,
        }
        with AppTree(files) as app:
            r = app.report()
            legacy = {p["page"] for p in r["pages"] if p["status"] == "legacy"}
            self.assertEqual(legacy, {"php/page.php", "vm/page.vm", "jinja/templates/page.html",
                                      "django/templates/page.html", "ejs/views/page.ejs", "hbs/views/page.hbs",
                                      "thymeleaf/templates/page.html", "ssi/page.shtml",
                                      "blade/resources/views/page.blade.php", "art/page.art"})
            for kind in ("php-include", "vm-parse", "jinja-include", "ejs-include", "hbs-partial", "thymeleaf",
                         "ssi", "blade", "art-include"):
                self.assertIn(kind, r["links"], kind)

    def test_rails_views_reach_their_layout_and_partials(self):
        with AppTree({
            "app/controllers/wechat_controller.rb": "class WechatController < ApplicationController\n  layout 'wechat'\nend\n",
            "app/controllers/orders_controller.rb": "class OrdersController < WechatController\nend\n",
            "app/views/layouts/wechat.html.erb": f"<%= javascript_include_tag 'https://wwcdn.weixin.qq.com/node/open/js/wecom-jssdk-2.3.1.js' %><%= yield %>",
            "app/views/layouts/application.html.erb": "<%= yield %>",
            "app/views/orders/show.html.erb": "<%= render 'shared/share' %>",
            "app/views/shared/_share.html.erb": "<script>wx.onMenuShareTimeline({})</script>",
        }) as app:
            p = app.page("app/views/orders/show.html.erb")
            self.assertEqual(p["status"], "half")
            self.assertEqual(app.report()["links"].get("rails-layout"), 1)

    def test_a_rails_javascript_response_runs_in_the_pages_of_the_layouts(self):
        # app/views/shop/pay.js.erb is JavaScript that rails-ujs evaluates in the page that sent
        # the remote form: a layout moved to ww while the response still calls wx is half migrated,
        # in app/views/layouts/ and in a namespaced layout below it alike.
        files = {
            "app/controllers/shop_controller.rb": "class ShopController < ApplicationController\n  layout 'wechat'\nend\n",
            "app/views/layouts/wechat.html.erb": f"{NEW_TAG}<script>ww.register({{ corpId: '<%= @corp_id %>' }})</script><%= yield %>",
            "app/views/layouts/admin/wechat.html.erb": f"{NEW_TAG}<%= yield %>",
            "app/views/layouts/mailer.html.erb": "<%= yield %>",
            "app/views/shop/new.html.erb": "<%= form_tag '/shop/pay', remote: true do %><button>Pay</button><% end %>",
            "app/views/shop/pay.js.erb": """\
                // <%# the signature comes from WxPay::Service %>
                var title = <%= raw t('wx.closeWindow').to_json %>;
                wx.chooseWXPay({
                  timestamp: <%= @pay[:timeStamp] %>,
                  paySign: '<%= @pay[:paySign] %>',
                  success: function (res) { window.location.href = '<%= shop_done_path %>'; }
                });
                """,
        }
        with AppTree(files) as app:
            r = app.report()
            self.assertNotIn("app/views/shop/pay.js.erb", [p["page"] for p in r["pages"]])
            p = app.page("app/views/shop/new.html.erb")
            self.assertEqual(p["status"], "half")
            self.assertIn("app/views/shop/pay.js.erb:3 wx.chooseWXPay", p["why"])
            self.assertEqual([e["line"] for e in p["legacy"]], [3], "ERB tags and comments are not code")
            self.assertEqual(app.status("app/views/layouts/admin/wechat.html.erb"), "half")
            self.assertEqual(app.status("app/views/layouts/mailer.html.erb"), "none")
            self.assertEqual(r["links"].get("rails-javascript-response"), 2)
        files["app/views/shop/pay.js.erb"] = files["app/views/shop/pay.js.erb"].replace(
            "wx.chooseWXPay({", "ww.chooseWXPay({")
        with AppTree(files) as app:
            self.assertEqual(app.status("app/views/shop/new.html.erb"), "migrated")
            self.assertEqual(app.report()["summary"]["half"], 0)

    def test_razor_layout_partials_and_url_content(self):
        with AppTree({
            "Web/Views/_ViewStart.cshtml": '@{ Layout = "~/Views/Shared/_Layout.cshtml"; }',
            "Web/Views/Shared/_Layout.cshtml": '<script src="@Url.Content("~/Scripts/jweixin-1.2.0.js")"></script>@RenderBody()',
            "Web/Views/Home/Index.cshtml": '@Html.Partial("_Scan")',
            "Web/Views/Home/_Scan.cshtml": "<script>ww.scanQRCode({ needResult: @Model.Need });</script>",
            "Web/Views/Home/Plain.cshtml": '@{ Layout = null; }<script src="@Url.Content("~/Scripts/app.js")"></script>',
            "Web/Scripts/app.js": "wx.config({})",
        }) as app:
            self.assertEqual(app.status("Web/Views/Home/Index.cshtml"), "half")
            self.assertEqual(app.status("Web/Views/Home/Plain.cshtml"), "legacy")

    def test_yii_views_reach_the_controller_layout(self):
        with AppTree({
            "protected/controllers/MallController.php": "<?php class MallController { public $layout = '/layouts/main'; }",
            "protected/views/layouts/main.php": f"{NEW_TAG}<?php echo $content; ?>",
            "protected/views/mall/index.php": "<script>wx.onMenuShareTimeline({});</script>",
        }) as app:
            self.assertEqual(app.status("protected/views/mall/index.php"), "half")


    def test_a_pigcms_view_includes_its_header_and_loads_a_script_behind_a_glued_prefix(self):
        with AppTree({
            "tpl/Wap/Public_top.php": "<html><head>" + NEW_TAG + "</head>\n",
            "tpl/Wap/Index_show.php": '<include file="Public:top"/>\n<body>\n'
                                      '<script src="{pigcms{$static_path}js/share.js?ver=<php>echo time();</php>"></script>\n'
                                      '</body></html>\n',
            "tpl/Wap/static/js/share.js": "wx.config({})\n",
        }) as app:
            self.assertEqual(app.status("tpl/Wap/Index_show.php"), "half")


    def test_a_smarty_page_loads_a_script_whose_name_the_server_computes(self):
        with AppTree({
            "views/__header_wx.tpl": "<html><head>" + NEW_TAG + "</head><body>\n",
            "views/weixin/index.tpl": '{include file="../__header_wx.tpl"}\n{assign var="script_name" value="index"}\n'
                                      '<script src="{$docroot}static/script/weixin/{$script_name}.js"></script>\n',
            "static/script/weixin/index.js": "wx.config({})\n",
        }) as app:
            self.assertEqual(app.status("views/weixin/index.tpl"), "half")


class BundledPackages(unittest.TestCase):
    def test_every_module_of_a_vue_cli_package_runs_in_its_entry_page(self):
        files = {
            "package.json": VUE_CLI,
            "public/index.html": NEW_TAG + '<div id="app"></div>',
            "src/main.js": "import { setup } from '@/sdk'\nsetup()\n",
            "src/sdk.js": "export function setup() { ww.register({}) }\n",
            "src/views/Picker.vue": "<template><div/></template>\n<script>\nexport default { mounted() { wx.invoke('selectEnterpriseContact', {}, () => {}) } }\n</script>\n",
        }
        with AppTree(files) as app:
            p = app.page("public/index.html")
            self.assertEqual(p["status"], "half")
            self.assertIn("src/views/Picker.vue", p["why"])
            self.assertEqual(app.report()["links"]["bundle"], 3)
        files["src/views/Picker.vue"] = files["src/views/Picker.vue"].replace("wx.invoke('selectEnterpriseContact', {}, () => {})", "ww.selectEnterpriseContact({})")
        with AppTree(files) as app:
            self.assertEqual(app.status("public/index.html"), "migrated")

    def test_vite_entry_imports_aliases_and_legacy_packages(self):
        with AppTree({
            "package.json": VITE,
            "vite.config.js": "export default { resolve: { alias: { '~lib': path.resolve(__dirname, 'src/lib') } } }",
            "index.html": '<script type="module" src="/src/main.ts"></script>',
            "src/main.ts": "import wx from 'weixin-js-sdk'\nimport { share } from '~lib/share'\nwx.config({})\n",
            "src/lib/share.ts": "import * as ww from '@wecom/jssdk'\nexport const share = () => ww.shareAppMessage({})\n",
        }) as app:
            p = app.page("index.html")
            self.assertEqual(p["status"], "half")
            whys = [e["why"] for e in p["legacy"]] + [e["why"] for e in p["new"]]
            self.assertIn("imports weixin-js-sdk", whys)
            self.assertIn("imports @wecom/jssdk", whys)

    def test_the_sdk_stored_on_the_vue_prototype(self):
        with AppTree({
            "package.json": VUE_CLI,
            "public/index.html": "<div></div>",
            "src/main.js": "import * as ww from '@wecom/jssdk'\nVue.prototype.wx = ww\n",
            "src/Share.vue": "<script>\nexport default { methods: { s() { this.wx.onMenuShareAppMessage({}) } } }\n</script>",
        }) as app:
            p = app.page("public/index.html")
            self.assertEqual(p["status"], "half")
            self.assertEqual(p["legacy"][0]["why"], "this.wx.onMenuShareAppMessage (legacy SDK stored on an object)")

    def test_the_new_sdk_imported_under_the_name_wx_is_new(self):
        with AppTree({
            "package.json": VITE,
            "index.html": "<div></div>",
            "src/a.js": "import * as wx from '@wecom/jssdk'\nwx.register({ corpId: 'c' })\n",
        }) as app:
            self.assertEqual(app.status("index.html"), "migrated")

    def test_a_wrapper_package_that_drives_the_global_wx_is_legacy(self):
        with AppTree({
            "package.json": json.dumps({"dependencies": {"react-scripts": "4"}}),
            "public/index.html": NEW_TAG,
            "src/index.tsx": "import { invoke } from 'wecom-sidebar-jssdk'\n",
        }) as app:
            p = app.page("public/index.html")
            self.assertEqual(p["status"], "half")
            self.assertEqual(p["why"], "calls the legacy SDK (src/index.tsx:1 calls the global wx through wecom-sidebar-jssdk "
                                       "(imported here)) but only @wecom/jssdk is loaded (public/index.html:1 script tag "
                                       "https://wwcdn.weixin.qq.com/node/open/js/wecom-jssdk-2.3.1.js)")

    def test_uni_app_without_an_entry_page_and_mp_only_code(self):
        with AppTree({
            "pages.json": "{}",
            "manifest.json": "{}",
            "main.js": "import './common/share'\n",
            "common/share.js": textwrap.dedent("""\
                // #ifdef MP-WEIXIN
                wx.config({})
                // #endif
                // #ifdef H5
                ww.register({})
                // #endif
                wx.request({ url: '/x' })
                """),
        }) as app:
            r = app.report()
            self.assertEqual([(p["page"], p["status"]) for p in r["pages"]], [("(generated entry page)", "migrated")])

    def test_a_vendored_mini_program_library_is_not_the_web_sdk(self):
        with AppTree({
            "pages.json": "{}",
            "manifest.json": "{}",
            "main.js": "import './common/amap-wx'\nimport './common/wechat'\n",
            "common/amap-wx.js": "wx.getLocation({ success() { wx.setStorage({}) } }); wx.request({ url: '/x' })\n",
            "common/wechat.js": "import * as ww from '@wecom/jssdk'\nww.scanQRCode({})\n",
        }) as app:
            r = app.report()
            self.assertEqual([(p["page"], p["status"]) for p in r["pages"]], [("(generated entry page)", "migrated")])


class MiniPrograms(unittest.TestCase):
    def test_mini_program_folders_are_not_browser_code(self):
        with AppTree({
            "miniprogram/project.config.json": "{}",
            "miniprogram/pages/index/index.js": "wx.config({}); wx.request({});",
            "miniprogram/pages/index/index.html": LEGACY_TAG,
            "weapp/app.json": json.dumps({"pages": ["pages/a"]}),
            "weapp/pages/a.js": "wx.chooseImage({})",
            "h5/index.html": f"{NEW_TAG}<script>ww.register({{}})</script>",
        }) as app:
            r = app.report()
            self.assertEqual(r["mini_program_roots"], ["miniprogram", "weapp"])
            self.assertEqual([(p["page"], p["status"]) for p in r["pages"] if p["status"] != "none"],
                             [("h5/index.html", "migrated")])
            self.assertEqual(r["orphans"], [])


class Output(unittest.TestCase):
    def test_json_report(self):
        with AppTree({
            "a.html": f"{LEGACY_TAG}<script src=\"x.js\"></script>",
            "x.js": "wx.config({})",
            "orphan.js": "wx.ready(function(){})",
            "b.html": "<p>no sdk</p>",
        }) as app:
            code, out = run_cli([app.root, "--json"])
            self.assertEqual(code, 0)
            r = json.loads(out)
            self.assertEqual(r["summary"], {"pages": 2, "legacy": 1, "migrated": 0, "half": 0, "none": 1})
            self.assertEqual(r["pages"][0]["legacy"][0], {"file": "a.html", "line": 1,
                                                           "why": "script tag https://res.wx.qq.com/open/js/jweixin-1.2.0.js"})
            self.assertEqual(r["orphans"], [{"file": "orphan.js", "sides": ["legacy"]}])

    def test_bad_root(self):
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            self.assertEqual(ua.main(["/nonexistent/app"]), 2)
        self.assertIn("is not a folder", err.getvalue())


class Lexer(unittest.TestCase):
    def test_strings_comments_regex_and_template_literals(self):
        src = "a = '//x'; b = /\"[/]/g; // wx.a\nc = `t ${ wx.config({}) } u`; /* w */ d = x / y / z;"
        nc, code, strings = ua.lex_js(src)
        self.assertEqual(len(code), len(src))
        self.assertIn("wx.config", code)
        self.assertNotIn("wx.a", code)
        self.assertNotIn("//x", code)
        self.assertIn("'//x'", nc)
        self.assertIn("d = x / y / z", code)
        self.assertEqual([s for _, s in strings], ["//x", "t ", " u"])


if __name__ == "__main__":
    unittest.main()
