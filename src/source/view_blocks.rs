//! The named blocks of a view and where its layout renders each one: Razor's `@section Name {}`
//! at `@RenderSection("Name")`, Blade's `@section('name')` and `@push('name')` at `@yield` and
//! `@stack`, Twig's and Jinja's `{% block name %}` at the layout's block of that name. A view's
//! script runs where its block lands in the layout, not where it sits in the view's text.

use std::ops::Range;

use super::template::Engine;

/// A part of a view: a named block, or text outside every block (`name` is `None`), which
/// Razor renders at `@RenderBody()` and Blade prints before the layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewRegion {
    pub name: Option<String>,
    pub range: Range<usize>,
}

/// Where a layout renders what a view gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LayoutSlots {
    /// Razor's `@RenderBody()`.
    pub body: Option<usize>,
    /// Each named place, in text order: `@RenderSection("Scripts")`, `@yield('content')`,
    /// `@stack('scripts')`, a layout's own `{% block name %}` or `@section('name') ... @show`,
    /// ERB's `<%= yield :head %>`.
    pub named: Vec<(String, usize)>,
    /// The layout's text that may not render on every page: its own blocks, which a view
    /// may replace (Twig's and Jinja's `{% block %}`, Blade's `@section('name') ... @show`),
    /// and its conditionals (Blade's `@if`/`@isset`/`@auth`... to their `@end`, Twig's
    /// `{% if %}` to `{% endif %}`, Razor's `@if (...) { }`). A configuration there is no proof.
    pub replaceable: Vec<Range<usize>>,
}

impl LayoutSlots {
    /// Where the layout renders `region` of a view written for `engine`: the named place of
    /// its block, Razor's body place for text outside blocks. `None` when the layout has no
    /// such place, or the engine prints such text elsewhere (Blade prints it before the layout).
    pub fn place_of(&self, region: &ViewRegion, engine: Engine) -> Option<usize> {
        match &region.name {
            Some(name) => self
                .named
                .iter()
                .find(|(n, _)| same_name(n, name, engine))
                .map(|&(_, at)| at),
            None if matches!(engine, Engine::Razor | Engine::Erb) => self.body,
            None => None,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.body.is_none() && self.named.is_empty() && self.replaceable.is_empty()
    }
}

/// Razor's section names do not depend on case; the others' do.
fn same_name(a: &str, b: &str, engine: Engine) -> bool {
    if engine == Engine::Razor {
        a.eq_ignore_ascii_case(b)
    } else {
        a == b
    }
}

/// The ranges from each `open` keyword (a whole word: `@if` is not `@iframe`) to the first
/// `close` after it (conservatively wide when they nest), or to the end when none closes it.
fn conditionals(text: &str, open: &str, close: &str) -> Vec<Range<usize>> {
    text.match_indices(open)
        .filter(|(at, _)| {
            text[at + open.len()..]
                .chars()
                .next()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
        })
        .map(|(at, _)| {
            let end = text[at..].find(close).map_or(text.len(), |i| at + i + close.len());
            at..end
        })
        .collect()
}

/// The places a layout written for `engine` renders a view's blocks at.
pub fn layout_slots(text: &str, engine: Engine) -> LayoutSlots {
    let mut slots = LayoutSlots::default();
    match engine {
        Engine::Razor => {
            slots.body = text.find("@RenderBody()");
            // (`@if (...) { ... }`, to its matching brace; unmatched: to the end)
            for (at, _) in text.match_indices("@if") {
                let Some(open) = text[at..].find('{').map(|i| at + i) else {
                    continue;
                };
                slots
                    .replaceable
                    .push(at..after_matching_brace(text, open).unwrap_or(text.len()));
            }
            for keyword in ["RenderSection(", "RenderSectionAsync("] {
                for (at, _) in text.match_indices(keyword) {
                    let args = &text[at + keyword.len()..];
                    let args = args.trim_start();
                    let args = args.strip_prefix("name:").map(str::trim_start).unwrap_or(args);
                    if let Some(name) = quoted(args) {
                        slots.named.push((name.to_string(), at));
                    }
                }
            }
        }
        Engine::Blade => {
            for keyword in ["@yield(", "@stack(", "@section("] {
                for (at, _) in text.match_indices(keyword) {
                    if let Some(name) = quoted(text[at + keyword.len()..].trim_start()) {
                        slots.named.push((name.to_string(), at));
                    }
                }
            }
            // (a `@section ... @show` of the layout prints in place unless the view replaces it)
            for (at, _) in text.match_indices("@section(") {
                if let Some(show) = text[at..].find("@show") {
                    slots.replaceable.push(at..at + show + "@show".len());
                }
            }
            for (open, close) in [
                ("@if", "@endif"),
                ("@isset", "@endisset"),
                ("@unless", "@endunless"),
                ("@auth", "@endauth"),
                ("@guest", "@endguest"),
                ("@can", "@endcan"),
                ("@env", "@endenv"),
                ("@production", "@endproduction"),
                ("@switch", "@endswitch"),
            ] {
                slots.replaceable.extend(conditionals(text, open, close));
            }
        }
        Engine::Jinja => {
            // (a block nested in another is listed on its own: a view may replace either)
            for (name, at, end) in jinja_blocks(text, false).unwrap_or_default() {
                slots.named.push((name, at));
                slots.replaceable.push(at..end);
            }
            for (open, close) in [("{% if", "{% endif"), ("{%- if", "{%- endif")] {
                slots.replaceable.extend(conditionals(text, open, close));
            }
        }
        Engine::Erb => {
            for (at, _) in text.match_indices("<%=") {
                let rest = text[at + 3..].trim_start();
                let Some(rest) = rest.strip_prefix("yield").or_else(|| rest.strip_prefix("content_for")) else {
                    continue;
                };
                let rest = rest.trim_start().trim_start_matches('(').trim_start();
                if rest.starts_with("%>") || rest.starts_with("-%>") {
                    slots.body.get_or_insert(at);
                } else if let Some(name) = rest.strip_prefix(':').and_then(word) {
                    slots.named.push((name.to_string(), at));
                }
            }
        }
        _ => {}
    }
    slots.named.sort_by_key(|&(_, at)| at);
    slots
}

/// A view's regions, in text order and covering the whole text but for the blank text
/// between blocks (it holds no code), or `None` when its block structure cannot be read with
/// certainty (a block that never closes, a close without an open): then no script of the
/// view can be placed by its block.
pub fn view_regions(text: &str, engine: Engine) -> Option<Vec<ViewRegion>> {
    let blocks: Vec<(String, Range<usize>)> = match engine {
        Engine::Razor => razor_sections(text)?,
        Engine::Blade => blade_sections(text)?,
        Engine::Jinja => jinja_blocks(text, true)?
            .into_iter()
            .map(|(name, at, end)| (name, at..end))
            .collect(),
        Engine::Erb => erb_content_for(text)?,
        _ => return None,
    };
    let mut regions = Vec::new();
    let between = |range: Range<usize>, regions: &mut Vec<ViewRegion>| {
        if !text[range.clone()].trim().is_empty() {
            regions.push(ViewRegion { name: None, range });
        }
    };
    let mut at = 0;
    for (name, range) in blocks {
        if range.start < at {
            return None;
        }
        between(at..range.start, &mut regions);
        at = range.end;
        regions.push(ViewRegion {
            name: Some(name),
            range,
        });
    }
    between(at..text.len(), &mut regions);
    Some(regions)
}

/// The text of a quoted name at the start of `s` (`"Scripts"` or `'scripts'`).
fn quoted(s: &str) -> Option<&str> {
    let quote = s.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let rest = &s[1..];
    let end = rest.find(quote)?;
    let name = &rest[..end];
    (!name.is_empty() && !name.contains(['\n', '\r'])).then_some(name)
}

/// A name made of word characters at the start of `s`.
fn word(s: &str) -> Option<&str> {
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-' || c == '.'))
        .unwrap_or(s.len());
    (end > 0).then(|| &s[..end])
}

/// Razor's `@section Name { ... }`, each to its matching brace. Braces are counted in the
/// section's text as written (markup, C# and script alike keep them balanced); a section whose
/// brace never closes makes the structure unreadable.
fn razor_sections(text: &str) -> Option<Vec<(String, Range<usize>)>> {
    let mut sections = Vec::new();
    let mut from = 0;
    while let Some(found) = text[from..].find("@section") {
        let at = from + found;
        let rest = &text[at + "@section".len()..];
        let Some(name) = rest
            .strip_prefix(|c: char| c.is_whitespace())
            .map(str::trim_start)
            .and_then(word)
        else {
            from = at + 1;
            continue;
        };
        let after_name = at + "@section".len() + (rest.len() - rest.trim_start().len()) + name.len();
        let open = after_name + text[after_name..].len() - text[after_name..].trim_start().len();
        if text.as_bytes().get(open) != Some(&b'{') {
            return None;
        }
        let end = after_matching_brace(text, open)?;
        if braces_in_script_literals(&text[at..end]) {
            return None;
        }
        sections.push((name.to_string(), at..end));
        from = end;
    }
    Some(sections)
}

/// The offset just after the brace that closes the one at `open`, braces counted as written.
fn after_matching_brace(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, b) in text.bytes().enumerate().skip(open) {
        match b {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// Whether a script inside `section` holds a brace in a string, a template literal or a
/// comment (`var closing = "}";`, `// }`): counted as written, it would end the section in the
/// wrong place, so the section's extent is not known.
///
/// Every `<script>` element counts, data blocks (`type="text/template"`) too: the brace count
/// runs through them as well.
fn braces_in_script_literals(section: &str) -> bool {
    let lower = section.to_ascii_lowercase();
    let mut from = 0;
    while let Some(open) = lower[from..].find("<script") {
        let body_start = match lower[from + open..].find('>') {
            Some(gt) => from + open + gt + 1,
            None => return true,
        };
        let body_end = lower[body_start..]
            .find("</script")
            .map_or(section.len(), |e| body_start + e);
        if literal_braces(&section.as_bytes()[body_start..body_end]) {
            return true;
        }
        from = body_end;
    }
    false
}

/// Whether JavaScript `code` has a brace inside a string, a template literal or a comment.
fn literal_braces(code: &[u8]) -> bool {
    let mut i = 0;
    while i < code.len() {
        match code[i] {
            quote @ (b'"' | b'\'' | b'`') => {
                i += 1;
                while i < code.len() && code[i] != quote && !(quote != b'`' && code[i] == b'\n') {
                    if code[i] == b'{' || code[i] == b'}' {
                        return true;
                    }
                    i += if code[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'/' if code.get(i + 1) == Some(&b'/') => {
                while i < code.len() && code[i] != b'\n' {
                    if code[i] == b'{' || code[i] == b'}' {
                        return true;
                    }
                    i += 1;
                }
            }
            b'/' if code.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < code.len() && !(code[i] == b'*' && code[i + 1] == b'/') {
                    if code[i] == b'{' || code[i] == b'}' {
                        return true;
                    }
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    false
}

/// Rails' `<% content_for :head do %> ... <% end %>` (or `content_for(:head) do`), each to the
/// `<% end %>` that closes it, counting the `do` blocks inside; `None` when one never closes.
fn erb_content_for(text: &str) -> Option<Vec<(String, Range<usize>)>> {
    let mut blocks = Vec::new();
    let mut from = 0;
    while let Some(found) = text[from..].find("content_for") {
        let at = from + found;
        let Some(open) = text[..at].rfind("<%") else {
            from = at + 1;
            continue;
        };
        let tag_end = at + text[at..].find("%>")? + 2;
        let tag = &text[at..tag_end];
        // (`<%= content_for :head %>` in a layout, or `content_for :title, 'x'`, holds no block)
        if !tag
            .trim_end_matches("%>")
            .trim_end_matches('-')
            .trim_end()
            .ends_with("do")
        {
            from = tag_end;
            continue;
        }
        let rest = text[at + "content_for".len()..]
            .trim_start()
            .trim_start_matches('(')
            .trim_start();
        let name = rest.strip_prefix(':').and_then(word)?;
        let mut depth = 1usize;
        let mut i = tag_end;
        let mut end = None;
        while let Some(next) = text[i..].find("<%") {
            let tag_at = i + next;
            let close = tag_at + text[tag_at..].find("%>")? + 2;
            let inner = text[tag_at + 2..close - 2].trim_matches(|c: char| c == '=' || c == '-' || c.is_whitespace());
            if inner == "end" {
                depth -= 1;
                if depth == 0 {
                    end = Some(close);
                    break;
                }
            } else if inner.ends_with(" do") || inner.contains(" do |") || inner == "do" {
                depth += 1;
            }
            i = close;
        }
        let end = end?;
        blocks.push((name.to_string(), open..end));
        from = end;
    }
    Some(blocks)
}

/// Blade's `@section('name') ... @endsection` (or `@stop`, `@show`, `@append`, `@overwrite`)
/// and `@push`/`@prepend('name') ... @endpush`/`@endprepend`. `@section('title', 'text')`
/// gives its text inline and holds no script.
fn blade_sections(text: &str) -> Option<Vec<(String, Range<usize>)>> {
    const OPENS: &[(&str, &[&str])] = &[
        ("@section(", &["@endsection", "@stop", "@show", "@append", "@overwrite"]),
        ("@push(", &["@endpush"]),
        ("@pushOnce(", &["@endPushOnce", "@endpushonce"]),
        ("@prepend(", &["@endprepend"]),
    ];
    let mut sections = Vec::new();
    for &(open, closes) in OPENS {
        for (at, _) in text.match_indices(open) {
            let args = text[at + open.len()..].trim_start();
            let name = quoted(args)?;
            let after = args[name.len() + 2..].trim_start();
            if after.starts_with(',') {
                continue;
            }
            let body = at + open.len();
            let end = closes
                .iter()
                .filter_map(|close| text[body..].find(close).map(|i| body + i + close.len()))
                .min()?;
            sections.push((name.to_string(), at..end));
        }
    }
    sections.sort_by_key(|(_, range)| range.start);
    // (a block inside another one renders elsewhere, a `@push` inside a `@section` at its
    // stack: the places of such a view's scripts are not read)
    if sections.windows(2).any(|pair| pair[1].1.start < pair[0].1.end) {
        return None;
    }
    Some(sections)
}

/// Twig's and Jinja's `{% block name %} ... {% endblock %}` (only the outermost ones when
/// `outermost`): name, start, end. A block written in one tag (`{% block title 'x' %}`) holds
/// no script and is skipped.
fn jinja_blocks(text: &str, outermost: bool) -> Option<Vec<(String, usize, usize)>> {
    let mut blocks = Vec::new();
    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut from = 0;
    while let Some(found) = text[from..].find("{%") {
        let at = from + found;
        let close = at + text[at..].find("%}")? + 2;
        let inner = text[at + 2..close - 2].trim_matches(|c: char| c == '-' || c == '~' || c.is_whitespace());
        if let Some(rest) = inner.strip_prefix("block") {
            let rest = rest.trim_start();
            let name = word(rest)?;
            if rest[name.len()..].trim().is_empty() {
                // (in a view, a block inside another one replaces the layout's block of that
                // name, wherever the layout renders it: such a view's places are not read)
                if outermost && !stack.is_empty() {
                    return None;
                }
                stack.push((name.to_string(), at));
            }
        } else if inner == "endblock" || inner.starts_with("endblock ") {
            let (name, start) = stack.pop()?;
            if stack.is_empty() || !outermost {
                blocks.push((name, start, close));
            }
        }
        from = close;
    }
    stack.is_empty().then_some(blocks)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(regions: &[ViewRegion], text: &str) -> Vec<(Option<String>, String)> {
        regions
            .iter()
            .map(|r| (r.name.clone(), text[r.range.clone()].to_string()))
            .collect()
    }

    #[test]
    fn razor_sections_end_at_their_matching_brace() {
        let view = "@{ Layout = \"_L\"; }\n<p>x</p>\n@section Css{ a { color: red } }\n<b>y</b>\n@section Scripts {\n<script>if (a) { wx.ready(f) }</script>\n}\n";
        let regions = view_regions(view, Engine::Razor).unwrap();
        let got = names(&regions, view);
        assert_eq!(got[1], (Some("Css".into()), "@section Css{ a { color: red } }".into()));
        assert_eq!(got[2], (None, "\n<b>y</b>\n".into()));
        assert_eq!(
            got[3],
            (
                Some("Scripts".into()),
                "@section Scripts {\n<script>if (a) { wx.ready(f) }</script>\n}".into()
            )
        );
        assert_eq!(got.len(), 4, "the blank text after the last section is no region");
        assert_eq!(
            view_regions("@section Scripts { <script>{</script>", Engine::Razor),
            None
        );
        // (a brace in a string or a comment of a script: the section's end is not known)
        for script in ["var closing = \"}\";", "// }", "var s = '{';", "/* { */"] {
            let view = format!("@section Scripts {{\n<script>{script}</script>\n}}\n");
            assert_eq!(view_regions(&view, Engine::Razor), None, "{script}");
        }
    }

    #[test]
    fn razor_layout_names_its_sections_and_body() {
        let layout = "<head>@RenderSection(\"Css\", false)</head><body>@RenderBody()<script>cfg</script>@await RenderSectionAsync(name: \"scripts\", required: false)</body>";
        let slots = layout_slots(layout, Engine::Razor);
        assert_eq!(slots.body, layout.find("@RenderBody"));
        assert_eq!(slots.named.len(), 2);
        let scripts = ViewRegion {
            name: Some("Scripts".into()),
            range: 0..1,
        };
        assert_eq!(
            slots.place_of(&scripts, Engine::Razor),
            layout.find("RenderSectionAsync")
        );
        let body = ViewRegion {
            name: None,
            range: 0..1,
        };
        assert_eq!(slots.place_of(&body, Engine::Razor), slots.body);
        assert_eq!(slots.place_of(&body, Engine::Blade), None);
    }

    #[test]
    fn blade_sections_and_pushes() {
        let view = "@extends('layouts.app')\n@section('title', 'Home')\n@section('content')\n<p/>\n@endsection\n@push('scripts')\n<script>wx.ready(f)</script>\n@endpush\n";
        let regions = view_regions(view, Engine::Blade).unwrap();
        let named: Vec<_> = regions.iter().filter_map(|r| r.name.clone()).collect();
        assert_eq!(named, ["content", "scripts"]);
        assert_eq!(view_regions("@section('content') <p>", Engine::Blade), None);
        let push_in_section = "@section('content')\n@push('scripts')<script></script>@endpush\n@endsection";
        assert_eq!(view_regions(push_in_section, Engine::Blade), None);
        let layout = "<head>@stack('styles')</head><body>@yield('content')<script>cfg</script>@stack('scripts')";
        let slots = layout_slots(layout, Engine::Blade);
        let push = regions.iter().find(|r| r.name.as_deref() == Some("scripts")).unwrap();
        assert_eq!(slots.place_of(push, Engine::Blade), layout.find("@stack('scripts')"));
    }

    #[test]
    fn erb_content_for_renders_at_its_named_yield() {
        let view = "<% content_for :head do %>\n<script>wx.ready(f)</script>\n<% end %>\n<%= form_for @x do |f| %><% end %>\n<p>body</p>\n";
        let regions = view_regions(view, Engine::Erb).unwrap();
        assert_eq!(regions[0].name.as_deref(), Some("head"));
        assert!(view[regions[0].range.clone()].ends_with("<% end %>"));
        assert_eq!(regions[1].name, None);
        let layout =
            "<head><%= yield :head %></head><body><%= yield %><script>cfg</script><%= yield(:scripts) %></body>";
        let slots = layout_slots(layout, Engine::Erb);
        assert_eq!(slots.body, layout.find("<%= yield %>"));
        assert_eq!(slots.place_of(&regions[0], Engine::Erb), Some(6));
        assert_eq!(slots.place_of(&regions[1], Engine::Erb), slots.body);
        assert_eq!(
            view_regions("<% content_for :head do %><script></script>", Engine::Erb),
            None
        );
    }

    #[test]
    fn layout_blocks_a_view_may_replace() {
        let twig = "{% block config %}<script>wx.config({})</script>{% endblock %}";
        assert_eq!(
            layout_slots(twig, Engine::Jinja).replaceable.first(),
            Some(&(0..twig.len()))
        );
        let blade = "@section('wechat')<script>wx.config({})</script>@show @yield('content')";
        let show_end = blade.find(" @yield").unwrap();
        assert_eq!(
            layout_slots(blade, Engine::Blade).replaceable.first(),
            Some(&(0..show_end))
        );
    }

    #[test]
    fn layout_conditionals_are_no_proof() {
        let blade = "@if (isset($sign))\n<script>wx.config({})</script>\n@endif\n@yield('content') @iframe";
        let slots = layout_slots(blade, Engine::Blade);
        let config = blade.find("wx.config").unwrap();
        assert!(slots.replaceable.iter().any(|r| r.contains(&config)));
        assert!(!slots
            .replaceable
            .iter()
            .any(|r| r.contains(&blade.find("@iframe").unwrap())));
        let razor = "@if (Model.Sign != null) {\n<script>wx.config({})</script>\n}\n<script>x()</script>@RenderBody()";
        let slots = layout_slots(razor, Engine::Razor);
        assert!(slots
            .replaceable
            .iter()
            .any(|r| r.contains(&razor.find("wx.config").unwrap())));
        assert!(!slots
            .replaceable
            .iter()
            .any(|r| r.contains(&razor.find("x()").unwrap())));
        let twig = "{% if sign %}<script>wx.config({})</script>{% endif %}{% block body %}{% endblock %}";
        let slots = layout_slots(twig, Engine::Jinja);
        assert!(slots
            .replaceable
            .iter()
            .any(|r| r.contains(&twig.find("wx.config").unwrap())));
    }

    #[test]
    fn jinja_top_level_blocks() {
        let view = "{% extends 'base.html' %}{% block title 'x' %}{% block body %}a{% endblock body %}{%- block js -%}<script></script>{% endblock %}";
        let regions = view_regions(view, Engine::Jinja).unwrap();
        let named: Vec<_> = regions.iter().filter_map(|r| r.name.clone()).collect();
        assert_eq!(named, ["body", "js"]);
        // (a block inside another one replaces the layout's block of that name, wherever it is)
        let nested = "{% block body %}a{% block javascripts %}<script></script>{% endblock %}{% endblock %}";
        assert_eq!(view_regions(nested, Engine::Jinja), None);
        assert_eq!(view_regions("{% block a %}", Engine::Jinja), None);
        let slots = layout_slots(
            "{% block head %}{% endblock %}<script>c</script>{% block js %}{% endblock %}",
            Engine::Jinja,
        );
        assert_eq!(slots.named, [("head".to_string(), 0), ("js".to_string(), 48)]);
        let nested = layout_slots(
            "{% block body %}<p>{% block js %}{% endblock %}</p>{% endblock %}",
            Engine::Jinja,
        );
        assert_eq!(nested.named, [("body".to_string(), 0), ("js".to_string(), 19)]);
    }
}
