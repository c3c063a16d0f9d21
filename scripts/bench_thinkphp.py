#!/usr/bin/env python3
"""A ThinkPHP-like tree for timing `check` on one large unit: N views in 20 modules, each
including `public/header` (which loads jweixin and configures it), with `{$...}` and
`{:url(...)}` tags in markup and scripts, 30 functions per view, a share card, and a script of
its own (`computed`: under a name the server computes). Usage:

    python3 scripts/bench_thinkphp.py DIR N [0|1]   # 1: computed script names

BENCHMARKS.md ("One large ThinkPHP unit") has the figures."""
import os, sys, random
root = sys.argv[1]; N = int(sys.argv[2]); computed = sys.argv[3] == '1'
random.seed(1)
os.makedirs(f"{root}/app/view/public", exist_ok=True)
open(f"{root}/app/view/public/header.html","w").write('''<meta charset="utf-8">
<script src="https://res.wx.qq.com/open/js/jweixin-1.2.0.js"></script>
<script>
wx.config({ appId: '{$sign.appId}', timestamp: {$sign.timestamp}, nonceStr: '{$sign["nonceStr"]}', signature: '{$sign.signature}', jsApiList: ['scanQRCode','onMenuShareAppMessage'] });
</script>
''')
open(f"{root}/app/view/public/footer.html","w").write('<footer>{$config.copyright}</footer>\n')
mods = [f"mod{m}" for m in range(20)]
for m in mods:
    os.makedirs(f"{root}/app/view/{m}", exist_ok=True)
    os.makedirs(f"{root}/public/static/{m}/js", exist_ok=True)
for i in range(N):
    m = mods[i % 20]
    name = f"page{i}"
    body = []
    body.append('{include file="public/header"}')
    body.append('<div class="list">{volist name="list" id="vo"}<li>{$vo.name}</li>{/volist}</div>')
    for k in range(10):
        body.append(f'<p>{{$item{k}.title}} <a href="{{:url(\'{m}/detail\', [\'id\'=>$item{k}.id])}}">more</a></p>')
    body.append('<script>')
    body.append(f"var apiUrl = '{{:url('{m}/{name}')}}', uid = {{$user.id}}, token = '{{$token}}';")
    for k in range(30):
        body.append(f"function f{k}(a) {{ var o = {{ id: {{$item{k%10}.id}}, n: '{{$item{k%10}[\"name\"]}}' }}; return a + o.id; }}")
    body.append("wx.ready(function () { wx.onMenuShareAppMessage({ title: '{$title}', link: location.href }); });")
    body.append('</script>')
    if computed:
        body.append(f'<script src="{{$static}}{m}/js/{{$action}}.js?v={{$v}}"></script>')
    else:
        body.append(f'<script src="{{$static}}{m}/js/{name}.js?v={{$v}}"></script>')
    body.append('{include file="public/footer"}')
    open(f"{root}/app/view/{m}/{name}.html","w").write("\n".join(body)+"\n")
    js = "document.getElementById('b').onclick = function () { wx.scanQRCode({ needResult: 1 }); };\n" + "".join(f"function g{k}(x){{ return x*{k}; }}\n" for k in range(50))
    open(f"{root}/public/static/{m}/js/{name}.js","w").write(js)
