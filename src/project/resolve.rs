//! Which file a link names: a page's `<script src>` (relative, root-relative against the usual
//! web roots, or behind a template prefix such as `${ctx}/`), a module specifier (relative,
//! `@/` and the aliases a bundler or `tsconfig.json` configures), a template include. Links
//! are resolved against the files the run read, in memory (no file-system lookups), and by
//! path suffix where the served path and the file's place differ (server templates).

use std::collections::HashMap;

use rustc_hash::FxHashMap;
use std::path::{Component, Path, PathBuf};

use crate::source::template::Engine;
use crate::source::{template, FileKind};

/// Folders a web server commonly serves a site from, below a project folder.
const WEB_ROOTS: &[&str] = &[
    "src/main/webapp",
    "src/main/resources/static",
    "src/main/resources/public",
    "WebContent",
    "WebRoot",
    "webapp",
    "web",
    "www",
    "public",
    "static",
    "wwwroot",
    // Rails' asset paths (`RAILS_ASSET_PATHS`), where `javascript_include_tag 'wechat_share'`
    // finds its file
    "app/assets/javascripts",
    "vendor/assets/javascripts",
    "lib/assets/javascripts",
    // Webpacker's, where `javascript_pack_tag 'application'` finds `packs/application.js`
    "app/javascript",
];

/// The folders of a Rails application where Sprockets looks up an asset's logical path.
const RAILS_ASSET_PATHS: &[&str] = &[
    "app/assets/javascripts",
    "vendor/assets/javascripts",
    "lib/assets/javascripts",
];

/// A Rails view's `javascript_include_tag 'wechat_share'` names an asset by its logical path:
/// `wechat_share.js` in one of the asset paths (`WEB_ROOTS`). The path to look for, rooted and
/// with `.js` added where it has no extension; `None` for other pages and for URLs.
fn rails_asset(page: &Path, path: &str) -> Option<String> {
    let name = page.file_name()?.to_str()?.to_ascii_lowercase();
    let rails = [".erb", ".haml", ".slim"].iter().any(|ext| name.ends_with(ext));
    if !rails || path.is_empty() || path.starts_with('/') || is_external(path) || path.contains("<%") {
        return None;
    }
    let extension = if Path::new(path).extension().is_some() {
        ""
    } else {
        ".js"
    };
    Some(format!("/{path}{extension}"))
}

/// Extensions tried, in order, for a module specifier written without one.
const MODULE_EXTENSIONS: &[&str] = &["js", "mjs", "cjs", "ts", "tsx", "jsx", "vue", "mts", "cts"];

/// The files of a run, indexed for resolution.
pub struct FileIndex {
    paths: Vec<PathBuf>,
    /// By the path's bytes (hashing a `Path` walks its components, several times slower).
    by_path: FxHashMap<Vec<u8>, usize>,
    /// Lower-case file name → files.
    by_name: HashMap<String, Vec<usize>>,
    /// Lower-case name up to its first dot, without a leading `_` (ERB partials) → files.
    by_stem: HashMap<String, Vec<usize>>,
    /// [`FileIndex::matching`]'s answers by pattern (the pages of a site repeat a few).
    matched: std::sync::Mutex<HashMap<String, Vec<usize>>>,
}

impl FileIndex {
    /// Indexes `paths` (absolute and normalised, see [`normalize`]).
    pub fn new(paths: Vec<PathBuf>) -> FileIndex {
        let mut by_path = FxHashMap::default();
        by_path.reserve(paths.len());
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_stem: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, path) in paths.iter().enumerate() {
            by_path.insert(path.as_os_str().as_encoded_bytes().to_vec(), i);
            if let Some(name) = path.file_name().and_then(|n| n.to_str()) {
                let lower = name.to_ascii_lowercase();
                let stem = lower
                    .trim_start_matches('_')
                    .split('.')
                    .next()
                    .unwrap_or("")
                    .to_string();
                by_stem.entry(stem).or_default().push(i);
                by_name.entry(lower).or_default().push(i);
            }
        }
        FileIndex {
            paths,
            by_path,
            by_name,
            by_stem,
            matched: Default::default(),
        }
    }

    pub fn path(&self, index: usize) -> &Path {
        &self.paths[index]
    }

    pub fn len(&self) -> usize {
        self.paths.len()
    }

    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    pub fn find(&self, path: &Path) -> Option<usize> {
        self.by_path.get(path.as_os_str().as_encoded_bytes()).copied()
    }

    /// The files whose path ends with `suffix` (segments), nearest to `near` first: those
    /// sharing the longest leading folder path with it. Several when equally near.
    fn by_suffix(&self, suffix: &str, near: &Path, by_stem: bool) -> Vec<usize> {
        let mut matching = self.all_by_suffix(suffix, by_stem);
        let shared = |i: usize| {
            self.paths[i]
                .components()
                .zip(near.components())
                .take_while(|(a, b)| a == b)
                .count()
        };
        let best = matching.iter().map(|&i| shared(i)).max().unwrap_or(0);
        matching.retain(|&i| shared(i) == best);
        matching
    }

    /// Every file whose path's tail matches `pattern`, a served path with wildcards for what
    /// the server computes (`js/*.js`, `static/js/page-*.js`, `js/*/*.js`): the scripts a page
    /// may load, none of which may move to `ww` without it. A pattern of a name alone matches
    /// nothing (it would be every script of the run).
    fn matching(&self, pattern: &str) -> Vec<usize> {
        let known = self.matched.lock().ok().and_then(|m| m.get(pattern).cloned());
        if let Some(found) = known {
            return found;
        }
        let found = self.matching_now(pattern);
        if let Ok(mut matched) = self.matched.lock() {
            matched.insert(pattern.to_string(), found.clone());
        }
        found
    }

    fn matching_now(&self, pattern: &str) -> Vec<usize> {
        let segments: Vec<&str> = pattern
            .split(['/', '\\'])
            .filter(|s| !s.is_empty() && *s != "." && *s != "..")
            .collect();
        let Some((name, folders)) = segments.split_last().filter(|(_, folders)| !folders.is_empty()) else {
            return Vec::new();
        };
        // The pattern as a glob of the path's tail: each wildcard any text within a segment,
        // and a name computed from its start may hold folders too (`{$name}.js` is
        // `pages/index.js`).
        let glob_of = |segment: &&str| -> String {
            let literal: Vec<String> = segment.split(template::WILDCARD).map(globset::escape).collect();
            literal.join("*")
        };
        let deeper = if name.starts_with(template::WILDCARD) {
            "/**"
        } else {
            ""
        };
        let folders: Vec<String> = folders.iter().map(glob_of).collect();
        let glob = format!("**/{}{deeper}/{}", folders.join("/"), glob_of(name));
        let Ok(glob) = globset::GlobBuilder::new(&glob)
            .case_insensitive(true)
            .literal_separator(true)
            .build()
        else {
            return Vec::new();
        };
        let matcher = glob.compile_matcher();
        (0..self.paths.len())
            .filter(|&i| matcher.is_match(&self.paths[i]))
            .collect()
    }

    /// Every file whose path ends with `suffix` (segments).
    fn all_by_suffix(&self, suffix: &str, by_stem: bool) -> Vec<usize> {
        let segments: Vec<&str> = suffix
            .split(['/', '\\'])
            .filter(|s| !s.is_empty() && *s != "." && *s != "..")
            .collect();
        let Some((last, folders)) = segments.split_last() else {
            return Vec::new();
        };
        let lower = last.to_ascii_lowercase();
        let candidates = if by_stem {
            self.by_stem
                .get(lower.trim_start_matches('_').split('.').next().unwrap_or(""))
        } else {
            self.by_name.get(&lower)
        };
        let Some(candidates) = candidates else {
            return Vec::new();
        };
        candidates
            .iter()
            .copied()
            .filter(|&i| {
                let mut parents = self.paths[i].parent().into_iter().flat_map(|p| p.components().rev());
                folders.iter().rev().all(|f| {
                    parents
                        .next()
                        .is_some_and(|c| c.as_os_str().to_string_lossy().eq_ignore_ascii_case(f))
                })
            })
            .collect()
    }

    /// The file a page's `<script src>` loads, if the run read it.
    pub fn script(&self, page: &Path, src: &str) -> Vec<usize> {
        let (path, templated) = template::served_path(src);
        let asset = rails_asset(page, path.trim());
        let path = asset.as_deref().unwrap_or(path.trim());
        if path.is_empty() {
            return Vec::new();
        }
        if is_external(path) {
            // A site that loads its own scripts by absolute URL
            // (`http://emp.example.com/Emp/Scripts/app.js`, `//app.example.com/js/share.js`):
            // the tail of the URL's path, of two segments, names the file.
            let url_path = path.split_once("//").map_or(path, |(_, rest)| rest);
            let url_path = url_path.split_once('/').map_or("", |(_, p)| p);
            if url_path.split('/').filter(|s| !s.is_empty()).count() < 2 {
                return Vec::new();
            }
            let tail: Vec<&str> = url_path.rsplitn(3, '/').take(2).collect();
            return self.by_suffix(&format!("{}/{}", tail[1], tail[0]), page, false);
        }
        let folder = page.parent().unwrap_or(Path::new("/"));
        // No file of that name was read: nothing to look for (a CDN-less library such as
        // `/static/js/jquery.min.js` that the run skipped, say).
        if path.contains(template::WILDCARD) {
            return self.matching(path);
        }
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path).to_ascii_lowercase();
        if !self.by_name.contains_key(&name) {
            return Vec::new();
        }
        // A file that is there but not in the index was read and links to nothing (no SDK
        // use, no script or import): the page loads that one, not a file of the same name
        // elsewhere.
        let there = |candidate: &Path| -> Option<Vec<usize>> {
            match self.find(candidate) {
                Some(i) => Some(vec![i]),
                None => candidate.is_file().then(Vec::new),
            }
        };
        // A path from the site's root (`/js/share.js`) may be served from any of the places
        // it names (the page's folder, a folder above it, a web root): the page links to every
        // one that is there, so that none moves to `ww` without the page (helper-34: the
        // nearest was a copy without SDK use, and the root's `js/share.js` stayed on `wx`).
        if !templated && (path.starts_with('/') || path.starts_with('\\')) {
            let mut found: Vec<usize> = Vec::new();
            let mut any_there = false;
            for candidate in local_candidates(folder, path) {
                if let Some(here) = there(&candidate) {
                    any_there = true;
                    found.extend(here);
                }
            }
            if any_there {
                found.sort_unstable();
                found.dedup();
                return found;
            }
        } else if !templated {
            if let Some(found) = local_candidates(folder, path).find_map(|c| there(&c)) {
                return found;
            }
        }
        // A template page is served at a URL unrelated to its file's place, and a prefix such
        // as `${ctx}` stands for the context path: match the path's tail, the longest one that
        // names a file of the run, down to a folder and the file's name (a server that maps
        // `/template/` onto the source folder serves `${webRoot}/template/wap/js/a.js` from
        // `wap/js/a.js`). Behind a template prefix, every file with that tail may be the one
        // served (Laravel's `{{cdn('js/wx.js')}}` is `public/js/wx.js`, built from
        // `resources/assets/js/wx.js`, which is nearer the view): the page links to them all,
        // so that none moves to `ww` without the page.
        let segments: Vec<&str> = path.split(['/', '\\']).filter(|s| !s.is_empty()).collect();
        (0..segments.len().saturating_sub(1).max(1))
            .map(|skip| {
                let suffix = segments[skip..].join("/");
                match templated {
                    true => self.all_by_suffix(&suffix, false),
                    false => self.by_suffix(&suffix, page, false),
                }
            })
            .find(|found| !found.is_empty())
            .unwrap_or_default()
    }

    /// The files a module specifier names, with the aliases in force for `file`.
    pub fn module(&self, file: &Path, specifier: &str, aliases: &Aliases) -> Vec<usize> {
        let specifier = specifier.split(['?', '#']).next().unwrap_or(specifier);
        let folder = file.parent().unwrap_or(Path::new("/"));
        // A Rails manifest's `//= require name` (links.rs): next to the manifest, then in the
        // asset paths of the application it sits in (`app/assets/javascripts`,
        // `vendor/assets/javascripts`, `lib/assets/javascripts`), as `.js` or `.js.erb`.
        if let Some(name) = specifier.strip_prefix("sprockets:") {
            let rails_root = file
                .ancestors()
                .find(|a| a.join("app").join("assets").is_dir())
                .map(Path::to_path_buf);
            let bases = std::iter::once(folder.to_path_buf()).chain(
                rails_root
                    .into_iter()
                    .flat_map(|root| RAILS_ASSET_PATHS.iter().map(move |assets| root.join(assets))),
            );
            for base in bases {
                for extension in ["", ".js", ".js.erb"] {
                    let candidate = normalize(&base.join(format!("{name}{extension}")));
                    if let Some(i) = self.find(&candidate) {
                        return vec![i];
                    }
                }
            }
            return Vec::new();
        }
        // A Rails manifest's `//= require_tree dir` (`dir/**`) and `//= require_directory dir`
        // (`dir/*`, links.rs): every script read below that folder (or in it).
        for (suffix, deep) in [("/**", true), ("/*", false)] {
            let in_folder = specifier.strip_prefix("./").and_then(|rest| {
                if rest == &suffix[1..] {
                    Some("")
                } else {
                    rest.strip_suffix(suffix)
                }
            });
            if let Some(dir) = in_folder {
                let dir = normalize(&folder.join(dir));
                return (0..self.paths.len())
                    .filter(|&i| {
                        let path = &self.paths[i];
                        path != file
                            && path.extension().is_some_and(|e| e == "js")
                            && match deep {
                                true => path.starts_with(&dir),
                                false => path.parent() == Some(dir.as_path()),
                            }
                    })
                    .collect();
            }
        }
        // A path from the site's root (`require('/static/js/main.js')` with FIS's mod.js, or
        // seajs): found as a page's `<script src>` of that path is, then with an extension.
        if specifier.starts_with('/') && !specifier.starts_with("//") {
            let found = self.script(file, specifier);
            if !found.is_empty() {
                return found;
            }
            if Path::new(specifier).extension().is_none() {
                let found = self.script(file, &format!("{specifier}.js"));
                if !found.is_empty() {
                    return found;
                }
            }
        }
        let base = if specifier.starts_with('.') {
            vec![folder.join(specifier)]
        } else {
            aliases.expand(file, specifier)
        };
        for base in base {
            let base = normalize(&base);
            if let Some(i) = self.with_extensions(&base) {
                return vec![i];
            }
        }
        Vec::new()
    }

    fn with_extensions(&self, base: &Path) -> Option<usize> {
        module_candidates(base).find_map(|candidate| self.find(&candidate))
    }

    /// The templates an include names: beside the template, then by path suffix (with the
    /// engine's extensions when the include has none: `{{> header}}`, `render 'shared/wx'`).
    pub fn include(&self, template_path: &Path, include: &str) -> Vec<usize> {
        let include = include.split(['?', '#']).next().unwrap_or(include).trim();
        // ASP.NET's application root (`MasterPageFile="~/Site.master"`).
        let include = include
            .strip_prefix('~')
            .filter(|rest| rest.starts_with('/'))
            .unwrap_or(include);
        if include.is_empty() || is_external(include) {
            return Vec::new();
        }
        let folder = template_path.parent().unwrap_or(Path::new("/"));
        if !include.starts_with('/') {
            if let Some(i) = self.find(&normalize(&folder.join(include))) {
                return vec![i];
            }
        }
        let has_extension = Path::new(include).extension().is_some();
        let found = self.by_suffix(include, template_path, false);
        if !found.is_empty() {
            return found;
        }
        if has_extension {
            // A path from the web application's root, deployed under a context folder the
            // repository does not have (`<jsp:include page="/jsp/buyer/footer.jsp">` for
            // `buyer/footer.jsp`, helper-22, FungSaikit/jmtd): the path without that one
            // folder, down to a folder and the file's name. Not further: `/WEB-INF/jsp/admin/
            // common/head.jsp` is no `common/head.jsp` of another module (helper-24).
            let segments: Vec<&str> = include.split(['/', '\\']).filter(|s| !s.is_empty()).collect();
            return match segments.as_slice() {
                [context, rest @ ..] if rest.len() >= 2 && !context.eq_ignore_ascii_case("WEB-INF") => {
                    self.by_suffix(&rest.join("/"), template_path, false)
                }
                _ => Vec::new(),
            };
        }
        // No extension: a partial or fragment name; match by stem, among pages only.
        self.by_suffix(include, template_path, true)
            .into_iter()
            .filter(|&i| FileKind::from_path(&self.paths[i]).is_some_and(FileKind::is_page))
            .collect()
    }
}

/// Where a module specifier's resolved path may be, in the order bundlers try them: as
/// written, with a module extension, or a folder's `index` file.
fn module_candidates(base: &Path) -> impl Iterator<Item = PathBuf> + '_ {
    let name = base.file_name().map(|n| n.to_string_lossy().to_string());
    let with_extension = MODULE_EXTENSIONS
        .iter()
        .filter_map(move |ext| Some(base.with_file_name(format!("{}.{ext}", name.as_ref()?))));
    let index = MODULE_EXTENSIONS
        .iter()
        .map(move |ext| base.join(format!("index.{ext}")));
    std::iter::once(base.to_path_buf()).chain(with_extension).chain(index)
}

/// The file on disk a relative import names (read by the run or not).
pub fn module_on_disk(importer: &Path, specifier: &str) -> Option<PathBuf> {
    let specifier = specifier.split(['?', '#']).next().unwrap_or(specifier);
    let base = normalize(&importer.parent()?.join(specifier));
    let found = module_candidates(&base).find(|candidate| candidate.is_file());
    found
}

/// The file on disk a page's `<script src>` names, read by the run or not (a minified
/// file, build output): beside the page for a relative path, else below a folder above the
/// page or one of its web roots (a template prefix such as `${ctx}/` stands for the
/// context path, so the rest is taken from the site's root).
pub fn script_on_disk(page: &Path, src: &str) -> Option<PathBuf> {
    let (path, templated) = template::served_path(src);
    if path.contains(template::WILDCARD) {
        return None;
    }
    let asset = rails_asset(page, path.trim());
    let path = asset.as_deref().unwrap_or(path.trim());
    if path.is_empty() || is_external(path) {
        return None;
    }
    let folder = page.parent().unwrap_or(Path::new("/"));
    let rooted;
    let path = if templated && !path.starts_with('/') {
        rooted = format!("/{path}");
        rooted.as_str()
    } else {
        path
    };
    let found = local_candidates(folder, path).find(|c| c.is_file());
    found
}

/// Whether a page's `<script src>` names a script of its own site, whose name says it deals
/// with WeChat or its SDK (`js/wx.js`, `wechat-share.js`, `qywxConfig.js`), that is nowhere to
/// be found: not external, not the SDK itself, not on disk beside the page or below its web
/// roots (the caller has already looked for it among the run's files). What it does with the
/// SDK is unknown. Other missing scripts (a library not committed, a bundle the build writes)
/// are not doubted: doubting every one kept a fifth of the real apps' pages from moving.
pub fn missing_sdk_script(page: &Path, src: &str) -> bool {
    let (path, _) = template::served_path(src);
    let path = path.trim();
    if path.contains(template::WILDCARD) {
        return false;
    }
    // (a name without an extension is an asset pipeline's, `javascript_include_tag 'wechat'`:
    // served from a folder the tool does not map, so not known to be missing)
    let has_extension = Path::new(path).extension().is_some();
    !path.is_empty()
        && has_extension
        && !is_external(path)
        && names_the_sdk(path)
        && crate::rules::wx_script_tag::classify(src).is_none()
        && !super::links::is_wecom_script(src)
        && script_on_disk(page, src).is_none()
}

/// The file on disk a page's `<script src>` names, when the script-tag rule does not know the
/// name as the SDK's and it is not `@wecom/jssdk`'s: where it defines the SDK's globals
/// ([`defines_legacy_sdk_on_disk`]), it is a copy of jweixin under another name
/// (`/static/lib/weixin/wx.js`; the run skips it as a copy of the SDK), and no fix switches
/// that tag.
pub fn renamed_sdk_copy_candidate(page: &Path, src: &str) -> Option<PathBuf> {
    if crate::rules::wx_script_tag::classify(src).is_some() || super::links::is_wecom_script(src) {
        return None;
    }
    script_on_disk(page, src)
}

/// Whether the script at `path` is the legacy SDK itself (`pipeline::defines_legacy_sdk`).
pub fn defines_legacy_sdk_on_disk(path: &Path) -> bool {
    std::fs::read(path).is_ok_and(|bytes| crate::pipeline::defines_legacy_sdk(&String::from_utf8_lossy(&bytes)))
}

/// A script name that says it deals with WeChat or its SDK.
fn names_the_sdk(path: &str) -> bool {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path).to_ascii_lowercase();
    let stem = name.trim_end_matches(".js");
    ["weixin", "wechat", "jssdk", "wecom", "qywx", "wework"]
        .iter()
        .any(|w| stem.contains(w))
        || stem
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|word| word == "wx" || word.starts_with("wx") && word.len() <= 10)
}

/// Where a local script path may be, nearest first: for a root-relative path (`/js/a.js`),
/// below each folder from the page's up and below their usual web roots; otherwise beside the
/// page.
fn local_candidates<'p>(folder: &'p Path, path: &'p str) -> Box<dyn Iterator<Item = PathBuf> + 'p> {
    match path.strip_prefix('/') {
        Some(rooted) => Box::new(folder.ancestors().flat_map(move |ancestor| {
            std::iter::once(normalize(&ancestor.join(rooted))).chain(
                WEB_ROOTS
                    .iter()
                    .map(move |root| normalize(&ancestor.join(root).join(rooted))),
            )
        })),
        None => Box::new(std::iter::once(normalize(&folder.join(path)))),
    }
}

/// Whether a script `src` or include points off-site.
fn is_external(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.starts_with("http:") || lower.starts_with("https:") || lower.starts_with("//") || lower.starts_with("data:")
}

/// The `.html` paths a bundler configuration names in quotes (`template: './templates/home.html'`,
/// `'src/pages/home/index.html'`, `resolve(__dirname, 'admin/index.html')`), relative to it.
fn html_names(config: &str) -> impl Iterator<Item = &str> {
    config
        .split(['\'', '"', '`'])
        .skip(1)
        .step_by(2)
        .filter(|s| {
            s.ends_with(".html") && !s.contains(['\n', '*', '$', '[']) && !s.starts_with("http") && s.len() < 200
        })
        .map(|s| s.trim_start_matches("./"))
}

/// Module aliases per package folder: `@` → `src` unless configured otherwise, plus what
/// `vite.config.*`, `vue.config.js`, webpack configs and `tsconfig.json`/`jsconfig.json`
/// `paths` say where they say it literally.
#[derive(Debug, Default)]
pub struct Aliases {
    /// Package folder → (alias prefix, folder it stands for), longest prefix first.
    by_package: HashMap<PathBuf, Vec<(String, PathBuf)>>,
    /// Package folder → the package names its bundler's `externals` map to the global
    /// `wx`/`jWeixin`, with the configuration file that says so.
    legacy_externals: HashMap<PathBuf, Vec<(String, PathBuf)>>,
    /// Package folder → the pages its bundler's configuration names (HtmlWebpackPlugin's
    /// `template: './templates/home.html'`, vue-cli's `pages`, Vite's `rollupOptions.input`):
    /// entry pages of the bundle, wherever they sit.
    named_pages: HashMap<PathBuf, Vec<PathBuf>>,
}

impl Aliases {
    /// Reads the alias configuration of each package folder.
    pub fn read(packages: &[PathBuf]) -> Aliases {
        let mut by_package = HashMap::new();
        let mut legacy_externals_by_package = HashMap::new();
        let mut named_pages = HashMap::new();
        for package in packages {
            let mut aliases: Vec<(String, PathBuf)> = Vec::new();
            let mut externals: Vec<(String, PathBuf)> = Vec::new();
            let mut pages: Vec<PathBuf> = Vec::new();
            for config in [
                "vite.config.js",
                "vite.config.ts",
                "vite.config.mjs",
                "vue.config.js",
                "webpack.config.js",
                "build/webpack.base.conf.js",
                "config/webpack.config.js",
            ] {
                if let Ok(text) = std::fs::read_to_string(package.join(config)) {
                    for (alias, target) in bundler_aliases(&text) {
                        aliases.push((alias, normalize(&package.join(target))));
                    }
                    for name in legacy_externals(&text) {
                        externals.push((name, PathBuf::from(config)));
                    }
                    pages.extend(html_names(&text).map(|page| normalize(&package.join(page))));
                }
            }
            for config in ["tsconfig.json", "jsconfig.json"] {
                if let Ok(text) = std::fs::read_to_string(package.join(config)) {
                    for (alias, target) in tsconfig_paths(&text) {
                        aliases.push((alias, normalize(&package.join(target))));
                    }
                }
            }
            for (alias, target) in [("@", "src"), ("~", "src"), ("~@", "src"), ("src", "src")] {
                aliases.push((alias.to_string(), normalize(&package.join(target))));
            }
            aliases.sort_by_key(|(alias, _)| std::cmp::Reverse(alias.len()));
            by_package.insert(package.clone(), aliases);
            if !externals.is_empty() {
                legacy_externals_by_package.insert(package.clone(), externals);
            }
            if !pages.is_empty() {
                named_pages.insert(package.clone(), pages);
            }
        }
        Aliases {
            by_package,
            legacy_externals: legacy_externals_by_package,
            named_pages,
        }
    }

    /// Whether the bundler configuration of `package` names `page` as a page of the bundle.
    pub fn names_page(&self, package: &Path, page: &Path) -> bool {
        self.named_pages
            .get(package)
            .is_some_and(|pages| pages.iter().any(|p| p == page))
    }

    /// The configuration file that maps the package name `specifier` to the global SDK, for
    /// `file`'s nearest package.
    pub fn legacy_external(&self, file: &Path, specifier: &str) -> Option<PathBuf> {
        let (_, externals) = file
            .ancestors()
            .skip(1)
            .find_map(|folder| self.legacy_externals.get_key_value(folder))?;
        externals
            .iter()
            .find(|(name, _)| name == specifier)
            .map(|(_, config)| config.clone())
    }

    /// Where a non-relative specifier may point for `file`: its alias expansions, and
    /// root-relative paths under the package folder.
    fn expand(&self, file: &Path, specifier: &str) -> Vec<PathBuf> {
        // The nearest package folder above the file.
        let Some((package, aliases)) = file
            .ancestors()
            .skip(1)
            .find_map(|folder| self.by_package.get_key_value(folder))
        else {
            return Vec::new();
        };
        let mut out = Vec::new();
        if let Some(rooted) = specifier.strip_prefix('/') {
            out.push(package.join(rooted));
        }
        for (alias, target) in aliases {
            if let Some(rest) = specifier.strip_prefix(alias.as_str()) {
                if rest.is_empty() {
                    out.push(target.clone());
                } else if let Some(rest) = rest.strip_prefix('/') {
                    out.push(target.join(rest));
                }
            }
        }
        out
    }
}

/// The package names a webpack configuration's `externals` object maps to the global SDK
/// (`externals: { Wx: 'wx', weixin: 'jWeixin' }`), where it writes them literally.
fn legacy_externals(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find("externals") {
        let start = from + at + "externals".len();
        from = start;
        let rest = text[start..].trim_start();
        let Some(rest) = rest.strip_prefix(':').map(str::trim_start) else {
            continue;
        };
        let Some(body) = rest.strip_prefix('{') else { continue };
        let Some(end) = body.find('}') else { continue };
        for entry in split_top_level(&body[..end]) {
            let Some((key, value)) = entry.split_once(':') else {
                continue;
            };
            let key = key.trim().trim_matches(['\'', '"', '`']);
            let value = value.trim().trim_matches(['\'', '"', '`']);
            let global = value.strip_prefix("window.").unwrap_or(value);
            if !key.is_empty() && matches!(global, "wx" | "jWeixin") {
                found.push(key.to_string());
            }
        }
    }
    found
}

/// `alias: { '@': path.resolve(__dirname, 'src'), utils: resolve('src/utils') }` and
/// `{ find: '@', replacement: '/src' }` in a bundler configuration: each key with the last
/// string literal of its value.
fn bundler_aliases(text: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find("alias") {
        let start = from + at + 5;
        from = start;
        let mut window_end = (start + 2000).min(text.len());
        while !text.is_char_boundary(window_end) {
            window_end -= 1;
        }
        let window = &text[start..window_end];
        let Some(open) = window.find(['{', '[']) else { continue };
        let mut depth = 0usize;
        let mut end = window.len();
        for (i, c) in window[open..].char_indices() {
            match c {
                '{' | '[' | '(' => depth += 1,
                '}' | ']' | ')' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        end = open + i;
                        break;
                    }
                }
                _ => {}
            }
        }
        let body = &window[open + 1..end];
        if body.contains("find") && body.contains("replacement") {
            let strings = string_literals(body);
            let mut key = None;
            for part in body.split(['{', '}']) {
                if let (Some(k), Some(r)) = (after_key(part, "find"), after_key(part, "replacement")) {
                    found.push((k, r.trim_start_matches('/').to_string()));
                    key = Some(());
                }
            }
            if key.is_none() && strings.len() >= 2 {
                found.push((strings[0].clone(), strings[1].trim_start_matches('/').to_string()));
            }
            continue;
        }
        for entry in split_top_level(body) {
            let Some((key, value)) = entry.split_once(':') else {
                continue;
            };
            let key = key.trim().trim_matches(['\'', '"', '`']).to_string();
            if key.is_empty() || key.contains(char::is_whitespace) {
                continue;
            }
            if let Some(target) = string_literals(value).pop() {
                let target = target.trim_start_matches("./").trim_start_matches('/').to_string();
                found.push((key.trim_end_matches('$').to_string(), target));
            }
        }
    }
    found
}

fn after_key(part: &str, key: &str) -> Option<String> {
    let at = part.find(key)?;
    string_literals(&part[at + key.len()..]).into_iter().next()
}

/// The entries of an object literal body, split at its top-level commas.
fn split_top_level(body: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in body.char_indices() {
        match c {
            '{' | '[' | '(' => depth += 1,
            '}' | ']' | ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(&body[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&body[start..]);
    parts
}

fn string_literals(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(q) = rest.find(['\'', '"', '`']) {
        let quote = &rest[q..q + 1];
        let Some(len) = rest[q + 1..].find(quote) else { break };
        out.push(rest[q + 1..q + 1 + len].to_string());
        rest = &rest[q + 1 + len + 1..];
    }
    out
}

/// `compilerOptions.paths` of a `tsconfig.json`: `"@/*": ["src/*"]` → (`@`, `src`), relative
/// to `baseUrl`.
fn tsconfig_paths(text: &str) -> Vec<(String, String)> {
    use jsonc_parser::JsonValue;
    let Ok(Some(JsonValue::Object(root))) = jsonc_parser::parse_to_value(text, &Default::default()) else {
        return Vec::new();
    };
    let Some(options) = root.get_object("compilerOptions") else {
        return Vec::new();
    };
    let base = options
        .get_string("baseUrl")
        .map(|b| b.to_string())
        .unwrap_or_else(|| ".".to_string());
    let Some(paths) = options.get_object("paths") else {
        return Vec::new();
    };
    let mut found: Vec<(String, String)> = paths
        .clone()
        .into_iter()
        .filter_map(|(alias, targets)| {
            let JsonValue::Array(targets) = targets else {
                return None;
            };
            let JsonValue::String(target) = targets.iter().next()? else {
                return None;
            };
            let alias = alias.trim_end_matches('*').trim_end_matches('/');
            let target = target.trim_end_matches('*').trim_end_matches('/');
            Some((alias.to_string(), format!("{base}/{target}")))
        })
        .collect();
    found.sort();
    found
}

/// A path made absolute against `base` and normalised lexically (`.` and `..` resolved, no
/// file-system access), so that links and files compare equal.
pub fn absolute(base: &Path, path: &Path) -> PathBuf {
    normalize(&base.join(path))
}

/// Lexical normalisation: drops `.`, resolves `..` against the path so far.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Where frameworks keep the layouts they wrap views in without an include saying so: Rails
/// `app/views/layouts/` (chosen by the controller), Yii `protected/views/layouts/`, ASP.NET
/// MVC `Views/Shared/_Layout*.cshtml` (named by `_ViewStart`). A page in one of these, keyed
/// by its views folder. Not Laravel 5's `resources/views/layouts/*.blade.php`: a Blade view
/// names its layout (`@extends('layouts.app')`), which the include reader follows, so joining
/// every view of the folder to every layout would make one unit of a whole site.
pub fn layout_of_views(path: &Path) -> Option<PathBuf> {
    let parent = path.parent()?;
    let folder = parent.file_name()?.to_string_lossy().to_ascii_lowercase();
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    // (Rails keeps a namespace's layouts below the folder: `layouts/admin/wechat.html.erb`)
    if folder != "layouts" && folder != "shared" {
        let layouts = path
            .ancestors()
            .skip(2)
            .find(|a| a.file_name().is_some_and(|n| n.eq_ignore_ascii_case("layouts")))?;
        let views = layouts.parent()?;
        let rails = name.ends_with(".erb") || name.ends_with(".haml") || name.ends_with(".slim");
        return (rails && views.file_name()?.eq_ignore_ascii_case("views")).then(|| views.to_path_buf());
    }
    let is_layout = folder == "layouts" || (folder == "shared" && name.starts_with("_layout"));
    let views = parent.parent()?;
    let laravel = name.ends_with(".blade.php")
        && views
            .parent()
            .and_then(Path::file_name)
            .is_some_and(|r| r.eq_ignore_ascii_case("resources"));
    (is_layout && !laravel && views.file_name()?.to_string_lossy().eq_ignore_ascii_case("views"))
        .then(|| views.to_path_buf())
}

/// A layout known by what it renders rather than where it sits: a template that renders the
/// view a framework wraps in it, where the view does not name its layout (express-ejs-layouts'
/// `<%- body %>`, CakePHP's `$this->fetch('content')`, ThinkPHP's `{__CONTENT__}`, SiteMesh's
/// `<decorator:body/>`, a Razor Pages `_Layout` that `_ViewStart` names, a PHP layout's
/// `echo $content`). `renders_view` is whether the template renders one (`view_content_at`).
/// Keyed by the folder whose templates it wraps: the nearest `views`, `view`, `templates`,
/// `template` or `pages` folder above it, for a JSP decorator the web application's root (the
/// folder above `WEB-INF`). Not for engines whose views name their layout (Blade's `@extends`,
/// Jinja's, Twig's and Pug's `extends`, Web Forms' `MasterPageFile`), which the include reader
/// follows: joining every view to such a layout would make one unit of a whole site.
pub fn implicit_layout_root(path: &Path, engine: Option<Engine>, renders_view: bool) -> Option<PathBuf> {
    if !renders_view {
        return None;
    }
    // A partial (`_panel.html.erb`) yields the block it is rendered with, not a view; Razor's
    // layouts are named `_Layout` all the same.
    let partial = path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('_'));
    if partial && engine != Some(Engine::Razor) {
        return None;
    }
    let named = |names: &[&str]| {
        path.ancestors().skip(1).find(|a| {
            a.file_name()
                .is_some_and(|n| names.iter().any(|w| n.eq_ignore_ascii_case(w)))
        })
    };
    // (ThinkPHP 3.1 keeps its views in `Tpl/`, baocms in `themes/`; Phoenix in `lib/app_web/`)
    const VIEWS: &[&str] = &[
        "views",
        "view",
        "templates",
        "template",
        "pages",
        "tpl",
        "themes",
        "theme",
    ];
    let volt = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("volt"));
    match engine {
        Some(Engine::Jsp) => named(&["WEB-INF"])
            .and_then(Path::parent)
            .or_else(|| named(&["webapp", "WebContent", "WebRoot"]))
            .map(Path::to_path_buf),
        Some(Engine::Erb) => path
            .ancestors()
            .skip(1)
            .find(|a| a.file_name().is_some_and(|n| n.to_string_lossy().ends_with("_web")))
            .or_else(|| named(VIEWS))
            .map(Path::to_path_buf),
        // (Phalcon's Volt views do not name their layout, unlike Twig's)
        Some(Engine::Jinja) if volt => named(VIEWS).map(Path::to_path_buf),
        None | Some(Engine::Php | Engine::Ejs | Engine::Razor | Engine::Handlebars | Engine::Tpl) => {
            named(VIEWS).map(Path::to_path_buf)
        }
        _ => None,
    }
}

/// Whether a template is a view a controller renders (Rails `app/views/orders/show.html.erb`,
/// Laravel `resources/views/weixin/jssdk.blade.php`, ASP.NET `Views/Device/Config.cshtml`):
/// in a views folder, not named as a partial (`_form.html.erb`, `_wx.php`) and not in a folder
/// of partials (`partials/`, `includes/`, `common/`, `shared/`, `components/`, ...). Such a view
/// is a page without `<html>` of its own (its layout has it), not a fragment another template
/// pulls in.
pub fn controller_view(path: &Path) -> bool {
    const PARTIAL_FOLDERS: &[&str] = &[
        "partials",
        "partial",
        "includes",
        "include",
        "inc",
        "common",
        "shared",
        "components",
        "fragments",
        "fragment",
        "elements",
        "widgets",
        "blocks",
    ];
    let Some(views) = views_folder(path) else {
        return false;
    };
    let partial_name = path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('_'));
    let in_partial_folder = path
        .strip_prefix(views)
        .ok()
        .and_then(Path::parent)
        .is_some_and(|folders| {
            folders
                .components()
                .any(|c| PARTIAL_FOLDERS.contains(&c.as_os_str().to_string_lossy().to_ascii_lowercase().as_str()))
        });
    !partial_name && !in_partial_folder
}

/// The views folder a page lives in, if it lives in one (`.../views/orders/show.html.erb`).
pub fn views_folder(path: &Path) -> Option<&Path> {
    path.ancestors().skip(1).find(|a| {
        a.file_name()
            .is_some_and(|n| n.to_string_lossy().eq_ignore_ascii_case("views"))
    })
}

/// What a Laravel build concatenates into one script a layout loads: Laravel Mix's
/// `mix.scripts(['resources/assets/js/wx.js', ...], 'public/js/all.js')` (also `combine` and
/// `babel`) in `webpack.mix.js`, sources from the project folder; Laravel Elixir's
/// `mix.scripts(['wx.js', ...])` in `gulpfile.js`, sources from `resources/assets/js` (or the
/// third argument), output `public/js/all.js` unless the second argument says otherwise. A page
/// that loads `/js/all.js` runs those sources, which the run reads where the build output is not
/// committed (xuyuji9000/xuji: the layout moved alone while `wx.js` stayed on jweixin).
#[derive(Debug, Default)]
pub struct Concatenations {
    /// Folder → what its `webpack.mix.js` and `gulpfile.js` concatenate: output file → the
    /// source files concatenated into it (read the first time a page below it asks).
    by_folder: HashMap<PathBuf, Vec<(PathBuf, Vec<PathBuf>)>>,
}

impl Concatenations {
    /// What the build configurations in `folder` concatenate.
    fn read(folder: &Path) -> Vec<(PathBuf, Vec<PathBuf>)> {
        let mut outputs = Vec::new();
        for (config, elixir) in [("webpack.mix.js", false), ("gulpfile.js", true)] {
            let Ok(text) = std::fs::read_to_string(folder.join(config)) else {
                continue;
            };
            for (sources, output, base) in concatenation_calls(&text) {
                let (output, base) = match elixir {
                    true => (
                        output.unwrap_or_else(|| "public/js/all.js".to_string()),
                        base.unwrap_or_else(|| "resources/assets/js".to_string()),
                    ),
                    false => match output {
                        Some(output) => (output, String::new()),
                        None => continue,
                    },
                };
                let sources = sources
                    .iter()
                    .map(|source| normalize(&folder.join(&base).join(source)))
                    .collect();
                outputs.push((normalize(&folder.join(output)), sources));
            }
        }
        outputs
    }

    /// The sources of the output a page's `<script src>` names, from the build configuration of
    /// the page's folder or the nearest folder above it that has one, matched by the path's tail
    /// (`/js/all.js`, `{{ elixir('js/all.js') }}` for `public/js/all.js`).
    pub fn sources_of(&mut self, page: &Path, src: &str) -> Vec<PathBuf> {
        let (path, _) = template::served_path(src);
        let path = path.trim().split(['?', '#']).next().unwrap_or("");
        if path.is_empty() || is_external(path) {
            return Vec::new();
        }
        let tail: PathBuf = path.split('/').filter(|s| !s.is_empty() && *s != ".").collect();
        if tail.as_os_str().is_empty() {
            return Vec::new();
        }
        for folder in page.ancestors().skip(1) {
            let outputs = self
                .by_folder
                .entry(folder.to_path_buf())
                .or_insert_with(|| Concatenations::read(folder));
            if outputs.is_empty() {
                continue;
            }
            return outputs
                .iter()
                .filter(|(output, _)| output.ends_with(&tail))
                .flat_map(|(_, sources)| sources.iter().cloned())
                .collect();
        }
        Vec::new()
    }
}

/// The `mix.scripts(sources, output, base)` calls (and `combine`, `babel`) of a build
/// configuration: the quoted sources (one string or an array of them), and the quoted output and
/// base folder where given.
fn concatenation_calls(text: &str) -> Vec<(Vec<String>, Option<String>, Option<String>)> {
    let mut calls = Vec::new();
    for method in ["scripts(", "combine(", "babel("] {
        for (at, _) in text.match_indices(method) {
            // (a method of the chain: `mix.scripts(`, `).\n    scripts(`)
            if !text[..at].trim_end().ends_with('.') {
                continue;
            }
            let mut rest = &text[at + method.len()..];
            let mut args: Vec<Vec<String>> = Vec::new();
            loop {
                rest = rest.trim_start();
                if rest.starts_with('[') {
                    let Some(close) = rest.find(']') else { break };
                    args.push(quoted_strings(&rest[1..close]));
                    rest = &rest[close + 1..];
                } else if rest.starts_with(['\'', '"', '`']) {
                    let quote = rest.chars().next().unwrap_or('\'');
                    let Some(end) = rest[1..].find(quote) else { break };
                    args.push(vec![rest[1..1 + end].to_string()]);
                    rest = &rest[1 + end + 1..];
                } else {
                    break;
                }
                rest = rest.trim_start();
                match rest.strip_prefix(',') {
                    Some(after) => rest = after,
                    None => break,
                }
            }
            let mut args = args.into_iter();
            let Some(sources) = args.next().filter(|s| !s.is_empty()) else {
                continue;
            };
            let output = args.next().and_then(|a| a.into_iter().next());
            let base = args.next().and_then(|a| a.into_iter().next());
            calls.push((sources, output, base));
        }
    }
    calls
}

/// The quoted strings of a list's text (`'a.js', "b.js"`).
fn quoted_strings(list: &str) -> Vec<String> {
    list.split(',')
        .filter_map(|item| {
            let item = item.trim();
            let quote = item.chars().next().filter(|c| matches!(c, '\'' | '"' | '`'))?;
            item[1..].strip_suffix(quote).map(str::to_string)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(paths: &[&str]) -> FileIndex {
        FileIndex::new(paths.iter().map(PathBuf::from).collect())
    }

    #[test]
    fn computed_script_names_match_the_files_they_may_be() {
        let files = index(&[
            "/app/Public/js/index.js",
            "/app/Public/js/pages/share.js",
            "/app/static/js/page-index.js",
            "/app/static/js/lib.js",
            "/app/static/css/a.js",
        ]);
        let page = Path::new("/app/view/index.html");
        let found = |src: &str| -> Vec<&str> {
            let mut f: Vec<&str> = files
                .script(page, src)
                .into_iter()
                .map(|i| files.paths[i].to_str().unwrap())
                .collect();
            f.sort();
            f
        };
        // a name computed from its start: the folder's scripts, below it too
        assert_eq!(
            found("__PUBLIC__/js/{$name}.js"),
            vec![
                "/app/Public/js/index.js",
                "/app/Public/js/pages/share.js",
                "/app/static/js/lib.js",
                "/app/static/js/page-index.js"
            ]
        );
        // part of a name: only those of that shape, in that folder
        assert_eq!(
            found("${ctx}/static/js/page-${name}.js"),
            vec!["/app/static/js/page-index.js"]
        );
        // a computed folder
        assert_eq!(
            found("{$static}js/{$dir}/{$name}.js"),
            vec!["/app/Public/js/pages/share.js"]
        );
        // a name alone says nothing
        assert!(found("{$name}.js").is_empty());
    }

    #[test]
    fn script_names_that_deal_with_the_sdk() {
        for name in [
            "js/wx.js",
            "js/wxShare.js",
            "wx-config.js",
            "static/wechat.js",
            "qywxConfig.js",
            "common/jssdk.js",
        ] {
            assert!(names_the_sdk(name), "{name}");
        }
        for name in [
            "/static/js/jquery-3.6.0.min.js",
            "js/common.js",
            "js/app.js",
            "chunk-vendors.f7714e75.js",
            "js/awx.js",
            "js/sandbox.js",
        ] {
            assert!(!names_the_sdk(name), "{name}");
        }
    }

    #[test]
    fn externals_that_map_a_package_name_to_the_global_sdk() {
        let config = "module.exports = {\n  externals: {\n    'AMap': 'AMap',\n    'Wx': 'wx',\n    weixin: \"window.jWeixin\",\n    vue: 'Vue'\n  },\n  resolve: { alias: {} }\n}";
        assert_eq!(legacy_externals(config), vec!["Wx".to_string(), "weixin".to_string()]);
        assert!(legacy_externals("externals: ['wx']").is_empty());
    }

    #[test]
    fn scripts_on_disk_beside_the_page_below_a_web_root_and_behind_a_template_prefix() {
        let dir = tempfile::tempdir().unwrap();
        let root = normalize(dir.path());
        for file in [
            "site/js/share.min.js",
            "src/main/webapp/static/js/pay.min.js",
            "src/main/webapp/WEB-INF/views/order.jsp",
        ] {
            std::fs::create_dir_all(root.join(file).parent().unwrap()).unwrap();
            std::fs::write(root.join(file), "").unwrap();
        }
        let page = root.join("site/index.html");
        assert_eq!(
            script_on_disk(&page, "js/share.min.js?v=2"),
            Some(root.join("site/js/share.min.js"))
        );
        assert_eq!(script_on_disk(&page, "js/missing.min.js"), None);
        assert_eq!(script_on_disk(&page, "https://cdn.example.com/js/share.min.js"), None);
        let jsp = root.join("src/main/webapp/WEB-INF/views/order.jsp");
        let pay = Some(root.join("src/main/webapp/static/js/pay.min.js"));
        assert_eq!(script_on_disk(&jsp, "${ctx}/static/js/pay.min.js"), pay);
        assert_eq!(
            script_on_disk(&jsp, "<%=request.getContextPath()%>/static/js/pay.min.js"),
            pay
        );
        assert_eq!(script_on_disk(&jsp, "/static/js/pay.min.js"), pay);
    }

    #[test]
    fn a_script_that_is_there_but_links_nothing_is_not_looked_for_elsewhere() {
        // Two generated pages side by side: a/js/app.js links to nothing (not in the index),
        // b/js/app.js uses the SDK. a's page loads its own app.js, not b's.
        let dir = tempfile::tempdir().unwrap();
        for file in ["a/index.html", "a/js/app.js", "b/index.html", "b/js/app.js"] {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "").unwrap();
        }
        let files = FileIndex::new(vec![dir.path().join("b/js/app.js")]);
        assert!(files.script(&dir.path().join("a/index.html"), "js/app.js").is_empty());
        assert!(files.script(&dir.path().join("a/index.html"), "/js/app.js").is_empty());
        assert_eq!(files.script(&dir.path().join("b/index.html"), "js/app.js"), vec![0]);
    }

    #[test]
    fn scripts_relative_rooted_and_templated() {
        let files = index(&[
            "/app/src/main/webapp/WEB-INF/views/order.jsp",
            "/app/src/main/webapp/static/js/common.js",
            "/app/src/main/webapp/static/js/order.js",
            "/site/index.html",
            "/site/js/page.js",
        ]);
        let page = Path::new("/app/src/main/webapp/WEB-INF/views/order.jsp");
        let name = |v: Vec<usize>| {
            v.into_iter()
                .map(|i| files.path(i).display().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            name(files.script(page, "${ctx}/static/js/common.js?v=${ver}")),
            vec!["/app/src/main/webapp/static/js/common.js"]
        );
        assert_eq!(
            name(files.script(page, "/static/js/order.js")),
            vec!["/app/src/main/webapp/static/js/order.js"]
        );
        assert_eq!(
            name(files.script(page, "../../static/js/order.js")),
            vec!["/app/src/main/webapp/static/js/order.js"]
        );
        assert_eq!(
            name(files.script(Path::new("/site/index.html"), "js/page.js")),
            vec!["/site/js/page.js"]
        );
        // a site's own host (or a CDN copy of its files): the URL's tail names the file, so the
        // page moves with it (helper-34: `//app.example.com/js/share.js` was not linked)
        assert_eq!(
            name(files.script(Path::new("/site/index.html"), "https://cdn.example.com/js/page.js")),
            vec!["/site/js/page.js"]
        );
        assert!(files
            .script(Path::new("/site/index.html"), "https://cdn.example.com/page.js")
            .is_empty());
    }

    #[test]
    fn pages_a_bundler_configuration_names() {
        let webpack = "new HtmlWebpackPlugin({ template: './templates/home.html', filename: 'home.html' }),\n pages: { admin: { entry: 'src/pages/admin/main.js', template: `src/pages/admin/index.html` } }, url: 'https://x.cn/a.html'";
        let names: Vec<&str> = html_names(webpack).collect();
        assert_eq!(
            names,
            ["templates/home.html", "home.html", "src/pages/admin/index.html"]
        );
    }

    #[test]
    fn modules_with_extensions_index_and_aliases() {
        let files = index(&[
            "/p/src/api/wx.ts",
            "/p/src/store/index.js",
            "/p/src/main.js",
            "/p/src/App.vue",
        ]);
        let aliases = Aliases {
            by_package: [(PathBuf::from("/p"), vec![("@".to_string(), PathBuf::from("/p/src"))])]
                .into_iter()
                .collect(),
            legacy_externals: HashMap::new(),
            named_pages: HashMap::new(),
        };
        let main = Path::new("/p/src/main.js");
        assert_eq!(files.module(main, "./api/wx", &aliases), vec![0]);
        assert_eq!(files.module(main, "./store", &aliases), vec![1]);
        assert_eq!(files.module(main, "@/App.vue", &aliases), vec![3]);
        assert!(files.module(main, "./missing", &aliases).is_empty());
    }

    #[test]
    fn includes_by_path_and_partial_name() {
        let files = index(&[
            "/r/app/views/orders/show.html.erb",
            "/r/app/views/shared/_wx.html.erb",
            "/j/WEB-INF/common/header.jsp",
            "/j/WEB-INF/views/a.jsp",
            "/m/buyer/footer.jsp",
            "/m/buyer/manage/order.jsp",
        ]);
        assert_eq!(
            files.include(Path::new("/r/app/views/orders/show.html.erb"), "shared/wx"),
            vec![1]
        );
        assert_eq!(
            files.include(Path::new("/j/WEB-INF/views/a.jsp"), "/WEB-INF/common/header.jsp"),
            vec![2]
        );
        // from the application's root, deployed under a context folder (`/jsp/`) the
        // repository does not have
        assert_eq!(
            files.include(Path::new("/m/buyer/manage/order.jsp"), "/jsp/buyer/footer.jsp"),
            vec![4]
        );
        assert!(files
            .include(Path::new("/m/buyer/manage/order.jsp"), "/jsp/seller/footer.jsp")
            .is_empty());
        // only the context folder goes: not a module's folders below `WEB-INF`
        assert!(files
            .include(
                Path::new("/j/WEB-INF/views/a.jsp"),
                "/WEB-INF/jsp/admin/common/header.jsp"
            )
            .is_empty());
    }

    #[test]
    fn reads_bundler_and_tsconfig_aliases() {
        let vue = "module.exports = { configureWebpack: { resolve: { alias: { '@': path.resolve(__dirname, 'src'), 'utils': resolve('src/utils'), } } } }";
        assert_eq!(
            bundler_aliases(vue),
            vec![
                ("@".to_string(), "src".to_string()),
                ("utils".to_string(), "src/utils".to_string())
            ]
        );
        let vite = "resolve: { alias: [{ find: '@', replacement: '/src' }] }";
        assert_eq!(bundler_aliases(vite), vec![("@".to_string(), "src".to_string())]);
        let ts = "{ // comment\n \"compilerOptions\": { \"baseUrl\": \".\", \"paths\": { \"@/*\": [\"src/*\"] } } }";
        assert_eq!(tsconfig_paths(ts), vec![("@".to_string(), "./src".to_string())]);
    }

    #[test]
    fn layouts_no_view_names_wrap_the_templates_of_their_folder() {
        use super::implicit_layout_root;
        use crate::source::template::Engine;
        let root = |path: &str, engine| implicit_layout_root(Path::new(path), engine, true);
        assert_eq!(
            root("/a/views/layout.ejs", Some(Engine::Ejs)),
            Some(PathBuf::from("/a/views"))
        );
        assert_eq!(
            root("/a/templates/layout/default.php", Some(Engine::Php)),
            Some(PathBuf::from("/a/templates"))
        );
        assert_eq!(
            root("/a/Pages/Shared/_Layout.cshtml", Some(Engine::Razor)),
            Some(PathBuf::from("/a/Pages"))
        );
        assert_eq!(
            root("/a/application/index/view/layout.html", None),
            Some(PathBuf::from("/a/application/index/view"))
        );
        assert_eq!(
            root("/a/src/main/webapp/WEB-INF/decorators/main.jsp", Some(Engine::Jsp)),
            Some(PathBuf::from("/a/src/main/webapp"))
        );
        assert_eq!(
            root("/a/src/main/webapp/decorators/main.jsp", Some(Engine::Jsp)),
            Some(PathBuf::from("/a/src/main/webapp"))
        );
        assert_eq!(root("/a/Tpl/layout.html", None), Some(PathBuf::from("/a/Tpl")));
        assert_eq!(
            root("/a/lib/shop_web/templates/layout/app.html.heex", Some(Engine::Erb)),
            Some(PathBuf::from("/a/lib/shop_web"))
        );
        assert_eq!(
            root("/a/app/views/index.volt", Some(Engine::Jinja)),
            Some(PathBuf::from("/a/app/views"))
        );
        // a partial that yields is no layout
        assert_eq!(root("/a/app/views/pages/_panel.html.erb", Some(Engine::Erb)), None);
        // views that name their layout (`{% extends %}`, `@extends`) are followed by the include reader
        assert_eq!(root("/a/templates/base.html.twig", Some(Engine::Jinja)), None);
        assert_eq!(root("/a/resources/views/app.blade.php", Some(Engine::Blade)), None);
        // no folder of views above it: not guessed
        assert_eq!(root("/a/site/layout.ejs", Some(Engine::Ejs)), None);
        assert_eq!(
            implicit_layout_root(Path::new("/a/views/index.ejs"), Some(Engine::Ejs), false),
            None
        );
    }
}
