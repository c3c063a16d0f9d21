//! Migration units (DESIGN.md promise 7): the files that share one SDK instance at run time,
//! joined from each file's links. A page joins the scripts it loads and the templates it
//! includes; a module joins what it imports; a bundled package (a `package.json` naming a
//! bundler) joins all its modules with its entry pages, since the bundle runs them in one
//! page; a module importing a legacy package joins the `package.json` that depends on it.
//! The units are connected components of that graph (a union-find over file indices, so
//! memory grows with the number of files and links only).

mod order;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::links::{FileLinks, PageScript};
use super::resolve::{
    defines_legacy_sdk_on_disk, implicit_layout_root, layout_of_views, missing_sdk_script, renamed_sdk_copy_candidate,
    Aliases, FileIndex,
};
use crate::sdk::is_legacy_specifier;
use crate::source::{FileKind, ScriptTiming};

/// One file the run read, with what the project layer needs.
#[derive(Debug, Clone)]
pub struct ProjectFile {
    /// As shown in output.
    pub path: PathBuf,
    /// Absolute and normalised, for resolving links.
    pub absolute: PathBuf,
    pub kind: FileKind,
    pub links: FileLinks,
    /// Given on the command line (or below a given folder); `false` for files read only to
    /// find the unit of a file named alone.
    pub in_run: bool,
}

impl ProjectFile {
    /// Whether a file can change any unit: it links to something or uses an SDK, or it is a
    /// `package.json` (which decides the package the files below it belong to). A file with
    /// none of that can only be the end of an import, which joins nothing; leaving it out keeps
    /// the graph to the files that matter.
    pub fn matters(kind: FileKind, links: &FileLinks) -> bool {
        kind == FileKind::PackageJson || *links != FileLinks::default()
    }
}

/// A plain script (no SDK use, nothing linked) that a page loads and that mentions a function
/// of the page's classic scripts, read so that the units see its calls.
pub struct PlainScript {
    pub path: PathBuf,
    pub kind: FileKind,
    pub text: String,
}

/// The plain scripts among `page_scripts` that the unit's pages load, by file name (on the
/// side of more calls: a script of the same name elsewhere is read too).
fn page_scripts_of<'s>(
    files: &'s [ProjectFile],
    unit_files: &[usize],
    page_scripts: &'s [PlainScript],
) -> impl Iterator<Item = crate::source::SourceFile> + 's {
    let loaded: std::collections::HashSet<&str> = unit_files
        .iter()
        .flat_map(|&f| files[f].links.loaded_script_names())
        .collect();
    page_scripts
        .iter()
        .filter(move |p| {
            p.path
                .file_name()
                .is_some_and(|n| loaded.contains(n.to_string_lossy().as_ref()))
        })
        .map(|p| crate::source::SourceFile::new(p.path.clone(), p.kind, p.text.clone()))
}

/// One migration unit.
#[derive(Debug, Clone)]
pub struct Unit {
    /// The unit's name: its first page that loads an SDK, else its first file that uses one.
    pub id: String,
    /// The files that use or load an SDK, in path order (indices into the project's files).
    pub members: Vec<usize>,
    /// Code reads the global SDK, but no page of the unit loads an SDK with a script tag.
    pub page_missing: bool,
    /// A dependency of the unit's package that drives the global `wx` itself, and the
    /// `package.json` naming it.
    pub wrapper: Option<(String, usize)>,
    /// Properties its files store the SDK object in, proven (read only to call it) or not,
    /// over every file of the unit, members or not (sdk/stores.rs).
    pub stores: crate::sdk::stores::StoreVerdicts,
    /// Function parameters that receive the SDK object at every call in the unit, and whether
    /// every such call runs in a `wx.ready` callback (sdk/params.rs).
    pub sdk_params: Vec<(crate::sdk::params::SdkParam, bool)>,
    /// Functions other files call that configure the SDK (sdk/configurators.rs) and that the
    /// unit may call more than once, and why.
    pub repeated_configurators: Vec<(String, String)>,
    /// Functions of its classic scripts (or methods of their global objects) that only event
    /// attributes of its files call (sdk/handlers.rs).
    pub event_handlers: Vec<String>,
    /// Scripts of the site its pages load that are nowhere to be found (page, `src` as
    /// written): they may use either SDK.
    pub missing_scripts: Vec<(usize, String)>,
    /// Copies of jweixin its pages load under a name the script-tag rule does not know
    /// (`lib/weixin/wx.js`): (page, `src` as written). No fix switches such a tag.
    pub renamed_sdk_copies: Vec<(usize, String)>,
    /// Modules that import the global `wx` under a package name the bundler configuration
    /// maps to it (`externals: { Wx: 'wx' }`): (module, name, configuration file).
    pub sdk_externals: Vec<(usize, String, PathBuf)>,
    /// Files that write a `<script>` tag for jweixin while the page runs (links.rs): no fix
    /// switches it.
    pub runtime_sdk_tags: Vec<usize>,
    /// Fragments (templates with no `<html>` or `<body>`) that load jweixin and that no
    /// template the run read includes: the pages that pull them in are not known.
    pub orphan_fragments: Vec<usize>,
    /// The one jweixin build all its pages and legacy imports load, if they agree and each is
    /// known (sdk_build.rs): what jweixin named the payment call in its results.
    pub legacy_build: Option<super::sdk_build::LegacyBuild>,
}

impl Unit {
    /// Members still on jweixin, or that could not be checked.
    pub fn legacy_members<'p>(&'p self, project: &'p Project) -> impl Iterator<Item = usize> + 'p {
        self.members
            .iter()
            .copied()
            .filter(|&i| project.files[i].links.sdk.must_change())
    }

    /// Whether one of its files is in the run: a unit made only of files read to find the
    /// unit of a file named alone is none of the run's business.
    pub fn in_run(&self, project: &Project) -> bool {
        self.members.iter().any(|&i| project.files[i].in_run)
    }
}

/// The project layer's view of a run: every file read, and the units they form.
#[derive(Debug)]
pub struct Project {
    pub files: Vec<ProjectFile>,
    pub units: Vec<Unit>,
    unit_of: Vec<Option<usize>>,
    by_path: HashMap<PathBuf, usize>,
    by_absolute: HashMap<PathBuf, usize>,
    /// For each file, the pages whose `<script src>` loads it: (page, position in the page's
    /// script list).
    loaded_by: HashMap<usize, Vec<(usize, usize)>>,
    /// What each page script or include (page, position) loads or pulls in.
    page_targets: HashMap<(usize, usize), Vec<usize>>,
    /// For each template, the templates that include it.
    included_by: HashMap<usize, Vec<usize>>,
    /// Static imports, resolved: file → imported files.
    static_imports: HashMap<usize, Vec<usize>>,
    /// The layouts a framework wraps the views of a folder in (`layout_of_views`,
    /// `implicit_layout_root`), by that folder.
    layouts: HashMap<PathBuf, Vec<usize>>,
}

/// The layouts that wrap the views below a folder (`Project::layouts`) that a view at `path`
/// may be rendered in: those of every folder above it (a views folder's layouts, and a
/// decorator's for the whole application above it).
fn wrapping_layouts(layouts: &HashMap<PathBuf, Vec<usize>>, path: &Path) -> Vec<usize> {
    path.ancestors()
        .skip(1)
        .filter_map(|folder| layouts.get(folder))
        .flatten()
        .copied()
        .collect()
}

/// An ASP.NET Web Forms master page (`.master`): it renders the content pages that include it
/// (`MasterPageFile`) at its `<asp:ContentPlaceHolder>`s, not where the directive stands.
fn is_master_page(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("master"))
}

/// Union-find over file indices.
struct Components {
    parent: Vec<usize>,
}

impl Components {
    fn new(n: usize) -> Components {
        Components {
            parent: (0..n).collect(),
        }
    }

    fn root(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.root(a), self.root(b));
        if a != b {
            self.parent[a.max(b)] = a.min(b);
        }
    }
}

impl Project {
    /// Joins the files into units.
    pub fn build(files: Vec<ProjectFile>) -> Project {
        Project::build_with_page_scripts(files, Vec::new(), Vec::new())
    }

    /// [`Project::build`], where `page_scripts` are plain scripts pages load that the units
    /// read for the calls of their functions (they join no unit), and `sdk_copies` the
    /// absolute paths of the copies of jweixin the run skipped for their content (a module
    /// that imports one uses jweixin, whatever the copy's name).
    pub fn build_with_page_scripts(
        mut files: Vec<ProjectFile>,
        page_scripts: Vec<PlainScript>,
        sdk_copies: Vec<PathBuf>,
    ) -> Project {
        files.sort_by(|a, b| a.path.cmp(&b.path));
        let index = FileIndex::new(files.iter().map(|f| f.absolute.clone()).collect());
        let copies = FileIndex::new(sdk_copies);
        let packages: Vec<usize> = (0..files.len())
            .filter(|&i| files[i].kind == FileKind::PackageJson)
            .collect();
        let package_folders: Vec<PathBuf> = packages
            .iter()
            .filter_map(|&i| files[i].absolute.parent().map(Path::to_path_buf))
            .collect();
        let package_at: HashMap<&Path, usize> = packages
            .iter()
            .filter_map(|&i| Some((files[i].absolute.parent()?, i)))
            .collect();
        let nearest_package = |file: &Path| file.ancestors().skip(1).find_map(|a| package_at.get(a).copied());
        // A package whose source needs a build (Vue, JSX, TypeScript) is bundled whatever its
        // `package.json` names.
        let mut bundled: Vec<bool> = files.iter().map(|f| f.links.bundled).collect();
        for file in &files {
            let needs_build = match file.kind {
                FileKind::Vue => true,
                FileKind::Script { lang, .. } => lang != crate::source::ScriptLang::Js,
                _ => false,
            };
            if needs_build {
                if let Some(package) = nearest_package(&file.absolute) {
                    bundled[package] = true;
                }
            }
        }
        // Aliases matter in bundled packages only: read their configuration there.
        let bundled_folders: Vec<PathBuf> = packages
            .iter()
            .zip(&package_folders)
            .filter(|(&p, _)| bundled[p])
            .map(|(_, f)| f.clone())
            .collect();
        let aliases = Aliases::read(&bundled_folders);
        let mut concatenations = super::resolve::Concatenations::default();
        let mut components = Components::new(files.len());
        let mut loaded_by: HashMap<usize, Vec<(usize, usize)>> = HashMap::new();
        let mut page_targets: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
        let mut included_by: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut static_imports: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut missing_scripts: Vec<(usize, String)> = Vec::new();
        // Scripts pages load that are not project files: maybe a renamed jweixin on disk.
        let mut unresolved: Vec<(usize, String)> = Vec::new();
        // Sources of a concatenated script the run did not read: (page, src, source).
        let mut concatenated: Vec<(usize, String, PathBuf)> = Vec::new();
        let mut sdk_externals: Vec<(usize, String, PathBuf)> = Vec::new();
        let mut copy_imports: Vec<(usize, String)> = Vec::new();

        for (i, file) in files.iter().enumerate() {
            // (the scripts a page's computed names may load: another such name of the page
            // that matches one again is not a second script, `{$lib}.js` and `{$page}.js`)
            let mut computed: HashSet<usize> = HashSet::default();
            for (position, script) in file.links.scripts.iter().enumerate() {
                match script {
                    PageScript::Src { src, .. } => {
                        let mut targets = index.script(&file.absolute, src);
                        if targets.is_empty() {
                            // (a script the build concatenates from the sources the run read;
                            // a source the run skipped may be a copy of jweixin, checked below)
                            for source in concatenations.sources_of(&file.absolute, src) {
                                match index.find(&source) {
                                    Some(target) => targets.push(target),
                                    None if source.is_file() => concatenated.push((i, src.clone(), source)),
                                    None => {}
                                }
                            }
                        }
                        if targets.is_empty() && missing_sdk_script(&file.absolute, src) {
                            missing_scripts.push((i, src.clone()));
                        } else if targets.is_empty() {
                            unresolved.push((i, src.clone()));
                        }
                        if crate::source::template::served_path(src)
                            .0
                            .contains(crate::source::template::WILDCARD)
                        {
                            targets.retain(|&t| computed.insert(t));
                        }
                        for &target in &targets {
                            components.join(i, target);
                            loaded_by.entry(target).or_default().push((i, position));
                        }
                        page_targets.insert((i, position), targets);
                    }
                    PageScript::Include { name, .. } => {
                        let targets = index.include(&file.absolute, name);
                        for &target in &targets {
                            included_by.entry(target).or_default().push(i);
                        }
                        page_targets.insert((i, position), targets);
                    }
                    PageScript::Inline { .. } => {}
                }
            }
            for import in &file.links.imports {
                if import.package {
                    if let Some(config) = aliases.legacy_external(&file.absolute, &import.specifier) {
                        sdk_externals.push((i, import.specifier.clone(), config));
                    }
                    continue;
                }
                let targets = index.module(&file.absolute, &import.specifier, &aliases);
                if targets.is_empty()
                    && !is_legacy_specifier(&import.specifier)
                    && !copies.module(&file.absolute, &import.specifier, &aliases).is_empty()
                {
                    copy_imports.push((i, import.specifier.clone()));
                }
                for target in targets {
                    components.join(i, target);
                    if !import.dynamic {
                        static_imports.entry(i).or_default().push(target);
                    }
                }
            }
        }
        // A page and the pages it frames share the SDK when the framed page reaches for its
        // parent's (`parent.wx.closeWindow()`, helper-34): they move together.
        for (i, file) in files.iter().enumerate() {
            for src in &file.links.frames {
                for target in index.script(&file.absolute, src) {
                    components.join(i, target);
                }
            }
        }
        // A page joins the templates it includes that bear on the SDK (use one, or load or
        // include something that does, or a script that is not there): a shared fragment with
        // none (a JSP's `wechatAttention.jsp` that loads jQuery) would join every page that
        // includes it into one unit, which then moved only when all of them could.
        // (which unread scripts are copies of jweixin, read once each for both uses below)
        let mut is_copy: HashMap<PathBuf, bool> = HashMap::new();
        let relevant = sdk_relevant_templates(&files, &page_targets, &missing_scripts, &unresolved, &mut is_copy);
        for ((page, position), targets) in &page_targets {
            if matches!(files[*page].links.scripts[*position], PageScript::Include { .. }) {
                for &target in targets.iter().filter(|&&t| relevant[t]) {
                    components.join(*page, target);
                }
            }
        }
        // A bundler runtime reaches the chunks beside it (built output committed to the repo).
        let mut by_folder: HashMap<&Path, Vec<usize>> = HashMap::new();
        for (i, file) in files.iter().enumerate() {
            if matches!(file.kind, FileKind::Script { .. }) {
                if let Some(folder) = file.absolute.parent() {
                    by_folder.entry(folder).or_default().push(i);
                }
            }
        }
        for (i, file) in files.iter().enumerate() {
            if file.links.loads_chunks {
                let folder = file.absolute.parent().unwrap_or(Path::new("/"));
                for &sibling in by_folder.get(folder).into_iter().flatten() {
                    components.join(i, sibling);
                }
            }
        }
        // Layouts a framework wraps every view in without an include saying so: a view joins
        // every layout of its views folder (the controller picks one at run time), and so does
        // a JavaScript response rendered there (`pay.js.erb`), which runs in such a page.
        // A layout is known by its folder (`layout_of_views`) or by rendering a view that does
        // not name it (`implicit_layout_root`: `<%- body %>`, `{__CONTENT__}`, a SiteMesh
        // decorator), and a view joins the layouts of the nearest folder above it that has any.
        let mut layouts: HashMap<PathBuf, Vec<usize>> = HashMap::new();
        for (i, file) in files.iter().enumerate() {
            let engine = match file.kind {
                FileKind::Template(engine) => Some(engine),
                FileKind::Html => None,
                _ => continue,
            };
            let root = engine
                .and_then(|_| layout_of_views(&file.absolute))
                .or_else(|| implicit_layout_root(&file.absolute, engine, file.links.view_content_at.is_some()));
            if let Some(root) = root {
                layouts.entry(root).or_default().push(i);
            }
        }
        if !layouts.is_empty() {
            for (i, file) in files.iter().enumerate() {
                if !matches!(
                    file.kind,
                    FileKind::Template(_) | FileKind::ScriptTemplate(_) | FileKind::Html
                ) {
                    continue;
                }
                for layout in wrapping_layouts(&layouts, &file.absolute) {
                    components.join(i, layout);
                }
            }
        }

        // Bundled packages: every module runs in the package's entry pages. Modules that
        // need a bundler (a `.vue`, JSX or TypeScript file, or one that imports a legacy
        // package) but sit under no `package.json` (HBuilderX builds uni-app projects without
        // one) are taken to be one bundle together.
        let mut packageless_bundle: Option<usize> = None;
        for (i, file) in files.iter().enumerate() {
            let needs_bundler = match file.kind {
                FileKind::Vue => true,
                FileKind::Script { lang, .. } => lang != crate::source::ScriptLang::Js || file.links.sdk.legacy_import,
                _ => false,
            };
            if needs_bundler && nearest_package(&file.absolute).is_none() {
                match packageless_bundle {
                    Some(first) => components.join(first, i),
                    None => packageless_bundle = Some(i),
                }
            }
        }
        for (i, file) in files.iter().enumerate() {
            let Some(package) = nearest_package(&file.absolute) else {
                continue;
            };
            let folder = files[package].absolute.parent().unwrap_or(Path::new("/"));
            let bundled = bundled[package];
            match file.kind {
                FileKind::Script { .. } | FileKind::Vue if bundled => {
                    let relative = file.absolute.strip_prefix(folder).unwrap_or(&file.absolute);
                    let asset = relative.starts_with("public") || relative.starts_with("static");
                    if file.kind == FileKind::Vue || (!asset && !loaded_by.contains_key(&i)) {
                        components.join(i, package);
                    }
                }
                FileKind::Html | FileKind::Template(_) if bundled => {
                    // Entry pages: `index.html` (Vite), `public/index.html` (vue-cli, CRA),
                    // `src/*.html` (webpack templates), umi's `src/pages/document.ejs`, and the
                    // pages the bundler's configuration names (HtmlWebpackPlugin's `template:
                    // './templates/home.html'`, vue-cli's `pages`, Vite's `rollupOptions.input`).
                    let parent = file.absolute.parent().unwrap_or(Path::new("/"));
                    let entry = [
                        folder.to_path_buf(),
                        folder.join("public"),
                        folder.join("src"),
                        folder.join("src/pages"),
                    ]
                    .iter()
                    .any(|f| parent == f)
                        || aliases.names_page(folder, &file.absolute);
                    if entry {
                        components.join(i, package);
                    }
                }
                _ => {}
            }
            if file.links.sdk.legacy_import || copy_imports.iter().any(|(importer, _)| *importer == i) {
                components.join(i, package);
                // (a workspace's packages resolve a dependency their root declares: when the
                // nearest `package.json` does not declare the legacy package, the nearest one
                // above it that does is the one whose fix would remove it under this module)
                if !files[package].links.sdk.legacy {
                    let above = |p: &usize| files[*p].absolute.parent().and_then(&nearest_package);
                    if let Some(declaring) =
                        std::iter::successors(above(&package), above).find(|&p| files[p].links.sdk.legacy)
                    {
                        components.join(i, declaring);
                    }
                }
            }
        }
        join_pageless_code_to_package_pages(&files, &bundled, &nearest_package, &mut components);
        // A module that imports a copy of jweixin under another name uses jweixin: it is
        // checked again with the import taken as a legacy one.
        for (i, specifier) in copy_imports {
            let links = &mut files[i].links;
            links.sdk.legacy = true;
            links.sdk.legacy_import = true;
            links.sdk_copy_imports.push(specifier);
        }

        // A module that imports the global `wx` under a name the bundler's `externals` give
        // it uses jweixin, though no rule sees it.
        for (i, _, _) in &sdk_externals {
            files[*i].links.sdk.legacy = true;
            files[*i].links.sdk.legacy_global = true;
        }
        let roots: Vec<usize> = (0..files.len()).map(|i| components.root(i)).collect();
        // Which of those scripts are copies of jweixin, read once each, and only where the
        // page's files use an SDK at all (elsewhere there is no unit to block).
        let sdk_roots: HashSet<usize> = (0..files.len())
            .filter(|&f| files[f].links.sdk.any())
            .map(|f| roots[f])
            .collect();
        let legacy_roots: HashSet<usize> = (0..files.len())
            .filter(|&f| files[f].links.sdk.legacy_global || files[f].links.sdk.legacy)
            .map(|f| roots[f])
            .collect();
        let mut renamed_sdk_copies: Vec<(usize, String)> = unresolved
            .into_iter()
            .filter(|(page, src)| {
                sdk_roots.contains(&roots[*page])
                    && renamed_sdk_copy_candidate(&files[*page].absolute, src).is_some_and(|path| {
                        *is_copy
                            .entry(path.clone())
                            .or_insert_with(|| defines_legacy_sdk_on_disk(&path))
                    })
            })
            .collect();
        // A build that concatenates a copy of jweixin into the script a page loads
        // (xuyuji9000/xuji: `mix.scripts(['wx.js', 'test.js', 'jweixin.js'])`) loads the legacy
        // SDK through a name no fix switches.
        for (page, src, source) in concatenated {
            let copy = *is_copy
                .entry(source.clone())
                .or_insert_with(|| defines_legacy_sdk_on_disk(&source));
            if copy && sdk_roots.contains(&roots[page]) && !renamed_sdk_copies.contains(&(page, src.clone())) {
                renamed_sdk_copies.push((page, src));
            }
        }
        // A page that loads a renamed copy of jweixin loads the legacy SDK, which matters where
        // scripts of its unit use it (a page that only loads the copy has nothing to move).
        for (page, _) in &renamed_sdk_copies {
            if legacy_roots.contains(&roots[*page]) {
                files[*page].links.sdk.legacy_tag = true;
            }
        }
        let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, file) in files.iter().enumerate() {
            if file.links.sdk.any() {
                members.entry(roots[i]).or_default().push(i);
            }
        }
        let mut grouped: Vec<(usize, Vec<usize>)> = members.into_iter().collect();
        grouped.sort_by_key(|(_, m)| m[0]);
        let mut wrappers: HashMap<usize, (String, usize)> = HashMap::new();
        // A `package.json` that depends on a wrapper, or a module that imports one (an example
        // app that imports its own repository's package, linked rather than declared).
        for (i, file) in files.iter().enumerate() {
            if let Some(name) = &file.links.global_sdk_wrapper {
                wrappers.entry(roots[i]).or_insert((name.clone(), i));
            }
        }
        let mut unit_by_root: HashMap<usize, usize> = HashMap::new();
        let mut units: Vec<Unit> = Vec::new();
        for (root, member_files) in grouped {
            let loads_sdk = |m: &usize| files[*m].links.sdk.loads_sdk();
            let anchor = member_files.iter().copied().find(loads_sdk).unwrap_or(member_files[0]);
            // Scripts that only test `typeof wx` (echarts 4's mini-program test), loaded by
            // pages the run read that load neither SDK: `typeof wx` and `typeof ww` are both
            // `'undefined'` there, so moving them needs no page.
            let tests_on_pages_without_sdk = member_files.iter().all(|&m| {
                let sdk = files[m].links.sdk;
                !sdk.legacy_global || (sdk.global_only_in_typeof && loaded_by.contains_key(&m))
            });
            // (code of the unit that loads jweixin itself is where its page gets the SDK)
            let page_missing = member_files.iter().any(|&m| files[m].links.sdk.legacy_global)
                && !member_files.iter().any(loads_sdk)
                && !member_files.iter().any(|&m| files[m].links.code_loads_sdk)
                && !tests_on_pages_without_sdk;
            let wrapper = wrappers.get(&root).cloned();
            unit_by_root.insert(root, units.len());
            units.push(Unit {
                id: files[anchor].path.display().to_string(),
                members: member_files,
                page_missing,
                wrapper,
                stores: Default::default(),
                sdk_params: Vec::new(),
                repeated_configurators: Vec::new(),
                event_handlers: Vec::new(),
                missing_scripts: Vec::new(),
                renamed_sdk_copies: Vec::new(),
                sdk_externals: Vec::new(),
                legacy_build: None,
                orphan_fragments: Vec::new(),
                runtime_sdk_tags: Vec::new(),
            });
        }
        let unit_of: Vec<Option<usize>> = roots.iter().map(|r| unit_by_root.get(r).copied()).collect();
        for (page, src) in missing_scripts {
            if let Some(u) = unit_of[page] {
                units[u].missing_scripts.push((page, src));
            }
        }
        for (page, src) in renamed_sdk_copies {
            if let Some(u) = unit_of[page] {
                units[u].renamed_sdk_copies.push((page, src));
            }
        }
        for (file, specifier, config) in sdk_externals {
            if let Some(u) = unit_of[file] {
                units[u].sdk_externals.push((file, specifier, config));
            }
        }
        units_legacy_builds(&files, &mut units);
        units_sdk_loads_no_fix_switches(&files, &included_by, &mut units);
        let mut holders: HashMap<usize, Vec<&crate::sdk::stores::HolderUse>> = HashMap::new();
        for (i, file) in files.iter().enumerate() {
            if let (Some(u), false) = (unit_of[i], file.links.holders.is_empty()) {
                holders.entry(u).or_default().extend(&file.links.holders);
            }
        }
        for (u, uses) in holders {
            units[u].stores = crate::sdk::stores::verdicts(uses);
        }
        let by_unit = files_by_unit(&unit_of);
        units_sdk_params(&mut files, &by_unit, &mut units);
        units_page_functions(&files, &by_unit, &page_scripts, &mut units);
        let by_path = files.iter().enumerate().map(|(i, f)| (f.path.clone(), i)).collect();
        let by_absolute = files.iter().enumerate().map(|(i, f)| (f.absolute.clone(), i)).collect();
        Project {
            files,
            units,
            unit_of,
            by_path,
            by_absolute,
            loaded_by,
            page_targets,
            included_by,
            static_imports,
            layouts,
        }
    }

    /// The index of a file, by its shown path.
    pub fn file(&self, path: &Path) -> Option<usize> {
        self.by_path.get(path).copied()
    }

    /// The index of a file, by its absolute, normalised path.
    pub fn file_at(&self, absolute: &Path) -> Option<usize> {
        self.by_absolute.get(absolute).copied()
    }

    /// The pages whose `<script src>` loads a file, each once, in path order.
    pub fn pages_loading(&self, file: usize) -> impl Iterator<Item = usize> + '_ {
        let mut pages: Vec<usize> = self
            .loaded_by
            .get(&file)
            .into_iter()
            .flatten()
            .map(|&(p, _)| p)
            .collect();
        pages.dedup();
        pages.into_iter()
    }

    /// The unit a file belongs to, if it is part of one that uses an SDK.
    pub fn unit_of(&self, file: usize) -> Option<&Unit> {
        self.unit_of[file].map(|u| &self.units[u])
    }

    pub fn unit_index(&self, file: usize) -> Option<usize> {
        self.unit_of[file]
    }
}

/// The files of each unit (all of them, members or not), by unit.
fn files_by_unit(unit_of: &[Option<usize>]) -> HashMap<usize, Vec<usize>> {
    let mut by_unit: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, u) in unit_of.iter().enumerate() {
        if let Some(u) = u {
            by_unit.entry(*u).or_default().push(i);
        }
    }
    by_unit
}

/// The ways each unit's pages load jweixin that no fix switches or can see whole: files that
/// write its tag while the page runs, and fragments that load it that no template the run read
/// includes (a view a controller renders is a page, not such a fragment).
fn units_sdk_loads_no_fix_switches(
    files: &[ProjectFile],
    included_by: &HashMap<usize, Vec<usize>>,
    units: &mut [Unit],
) {
    for unit in units {
        unit.runtime_sdk_tags = unit
            .members
            .iter()
            .copied()
            .filter(|m| files[*m].links.writes_sdk_tag)
            .collect();
        unit.orphan_fragments = unit
            .members
            .iter()
            .copied()
            .filter(|m| {
                let links = &files[*m].links;
                links.fragment
                    && !links.writes_sdk_tag
                    && !included_by.contains_key(m)
                    && !super::resolve::controller_view(&files[*m].path)
            })
            .collect();
    }
}

/// Each unit's jweixin build (sdk_build.rs): from its pages' legacy tags; none where a module
/// imports the SDK or a page loads a renamed copy, whose builds the tool does not read.
fn units_legacy_builds(files: &[ProjectFile], units: &mut [Unit]) {
    use super::sdk_build::{of_unit, BuildSource};
    let mut cache = HashMap::new();
    let unknown = BuildSource::Unknown;
    for unit in units.iter_mut().filter(|u| u.renamed_sdk_copies.is_empty()) {
        let sources = unit.members.iter().flat_map(|&m| {
            let file = &files[m];
            let page = file.absolute.as_path();
            file.links
                .sdk_builds
                .iter()
                // (the version of an npm package installed is not known here)
                .chain((file.links.sdk.legacy_import || file.links.sdk.unknown).then_some(&unknown))
                .map(move |source| (page, source))
        });
        unit.legacy_build = of_unit(sources, &mut cache);
    }
}

/// The text of a project file, read again (and decoded as `check` decodes it), or `None`
/// when it cannot be read.
fn text_of(file: &ProjectFile) -> Option<String> {
    crate::pipeline::read_text(&file.absolute).ok().map(|(text, _)| text)
}

/// The unit's files read again, then the plain scripts its pages load, and whether every one
/// of its files could be read.
fn unit_sources(
    files: &[ProjectFile],
    unit_files: &[usize],
    page_scripts: &[PlainScript],
) -> (Vec<crate::source::SourceFile>, bool) {
    let mut all_read = true;
    let mut sources: Vec<crate::source::SourceFile> = unit_files
        .iter()
        .filter_map(|&f| {
            let text = text_of(&files[f]);
            all_read &= text.is_some();
            Some(crate::source::SourceFile::new(
                files[f].path.clone(),
                files[f].kind,
                text?,
            ))
        })
        .collect();
    sources.extend(page_scripts_of(files, unit_files, page_scripts));
    (sources, all_read)
}

/// What each unit's texts show about the functions its classic scripts and modules declare:
/// which configurators (sdk/configurators.rs) it may call more than once, and which functions
/// only its event attributes call (sdk/handlers.rs). The unit's files are read again once, and
/// only in units that declare such functions (and, for the handlers, may hold an event
/// attribute).
fn units_page_functions(
    files: &[ProjectFile],
    by_unit: &HashMap<usize, Vec<usize>>,
    page_scripts: &[PlainScript],
    units: &mut [Unit],
) {
    for (&u, unit_files) in by_unit {
        let configurators: Vec<&crate::sdk::configurators::Configurator> =
            unit_files.iter().flat_map(|&f| &files[f].links.configurators).collect();
        let declared: Vec<(usize, &crate::sdk::handlers::PageFunction)> = unit_files
            .iter()
            .enumerate()
            .flat_map(|(index, &f)| files[f].links.page_functions.iter().map(move |p| (index, p)))
            .collect();
        // (most units hold no event attribute at all: a script alone, a bundled app)
        let handlers = !declared.is_empty()
            && (unit_files.iter().any(|&f| files[f].links.may_hold_event_attributes)
                || page_scripts_of(files, unit_files, page_scripts)
                    .any(|p| crate::sdk::handlers::may_hold_event_attributes(&p.text)));
        if configurators.is_empty() && !handlers {
            continue;
        }
        let (sources, all_read) = unit_sources(files, unit_files, page_scripts);
        for configurator in configurators {
            if let Some(why) = crate::sdk::configurators::repeated(configurator, &sources) {
                units[u].repeated_configurators.push((configurator.name.clone(), why));
            }
        }
        // (a file that cannot be read again may call them any way: none is proven)
        if handlers && all_read {
            units[u].event_handlers = crate::sdk::handlers::event_handlers(&declared, &sources);
        }
    }
}

/// Proves, per unit, the function parameters that receive the SDK object (sdk/params.rs): the
/// unit's files are read again only where a shaped parameter and a passing call meet. A file
/// that declares a proven function uses the SDK through it: it becomes a legacy member of the
/// unit, which moves only with it.
fn units_sdk_params(files: &mut [ProjectFile], by_unit: &HashMap<usize, Vec<usize>>, units: &mut [Unit]) {
    use crate::sdk::params;
    for (&u, unit_files) in by_unit {
        let declared: Vec<params::SdkParam> = unit_files
            .iter()
            .flat_map(|&f| files[f].links.sdk_params.iter().cloned())
            .collect();
        let passes: Vec<params::SdkPass> = unit_files
            .iter()
            .flat_map(|&f| files[f].links.sdk_passes.iter().cloned())
            .collect();
        if declared.is_empty() || passes.is_empty() {
            continue;
        }
        let texts: Vec<String> = unit_files.iter().filter_map(|&f| text_of(&files[f])).collect();
        let mentions = |name: &str| texts.iter().map(|t| params::count_mentions(t, name)).sum();
        units[u].sdk_params = params::proven(&declared, &passes, &mentions);
        for &f in unit_files {
            let declares = files[f]
                .links
                .sdk_params
                .iter()
                .any(|d| units[u].sdk_params.iter().any(|(p, _)| p == d));
            if declares && !files[f].links.sdk.legacy {
                files[f].links.sdk.legacy = true;
                files[f].links.declares_sdk_functions = true;
                units[u].members.push(f);
                units[u].members.sort_unstable();
            }
        }
    }
}

/// Which files bear on the SDK for the units (`Project::build_with_page_scripts`): those that
/// use or load an SDK, write its tag, load a script that is not there, and the pages and
/// templates that load or include such a file, directly or not.
fn sdk_relevant_templates(
    files: &[ProjectFile],
    page_targets: &HashMap<(usize, usize), Vec<usize>>,
    missing_scripts: &[(usize, String)],
    unresolved: &[(usize, String)],
    is_copy: &mut HashMap<PathBuf, bool>,
) -> Vec<bool> {
    let mut relevant: Vec<bool> = files
        .iter()
        .map(|f| f.links.sdk.any() || f.links.writes_sdk_tag || !f.links.imports.is_empty())
        .collect();
    for &(page, _) in missing_scripts {
        relevant[page] = true;
    }
    // (a script that is not among the files read may be a renamed copy of jweixin, which the
    // run skipped for its content: read once each, and only for a template others include)
    let included: HashSet<usize> = page_targets
        .iter()
        .filter(|((page, position), _)| matches!(files[*page].links.scripts[*position], PageScript::Include { .. }))
        .flat_map(|(_, targets)| targets.iter().copied())
        .collect();
    for (page, src) in unresolved.iter().filter(|(page, _)| included.contains(page)) {
        if let Some(path) = renamed_sdk_copy_candidate(&files[*page].absolute, src) {
            if *is_copy
                .entry(path.clone())
                .or_insert_with(|| defines_legacy_sdk_on_disk(&path))
            {
                relevant[*page] = true;
            }
        }
    }
    loop {
        let mut changed = false;
        for ((page, _), targets) in page_targets {
            if !relevant[*page] && targets.iter().any(|&t| relevant[t]) {
                relevant[*page] = true;
                changed = true;
            }
        }
        if !changed {
            return relevant;
        }
    }
}

/// A bundled package's static pages that load jweixin (or its code that loads jweixin itself,
/// such as Nuxt's `head.script`), and its code that reads the global SDK with no page loading
/// an SDK in its component: the tool did not see how they meet (a
/// template path the bundler's configuration computes, a uni-app manifest's `h5.template`, a
/// framework's own configuration such as EMP's, a list of scripts the template writes in a
/// loop), but in a bundled package the code runs in a page built from the package's
/// templates. Moving the page alone leaves that code calling a `wx` that is gone (helper-22
/// and helper-23, 2026-12-07): they join one unit, which then moves whole or not at all.
fn join_pageless_code_to_package_pages(
    files: &[ProjectFile],
    bundled: &[bool],
    nearest_package: &dyn Fn(&Path) -> Option<usize>,
    components: &mut Components,
) {
    let with_page: HashSet<usize> = (0..files.len())
        .filter(|&i| files[i].links.sdk.loads_sdk())
        .map(|i| components.root(i))
        .collect();
    let mut pages: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut pageless: HashMap<usize, Vec<usize>> = HashMap::new();
    // (a package whose server templates load jweixin may run its code there, through a helper
    // the tool does not read, such as Laravel's `@vite(...)`: no static page is its page then)
    let mut serves_templates: HashSet<usize> = HashSet::new();
    for (i, file) in files.iter().enumerate() {
        let Some(package) = nearest_package(&file.absolute).filter(|&p| bundled[p]) else {
            continue;
        };
        match file.kind {
            FileKind::Html if file.links.sdk.legacy_tag => pages.entry(package).or_default().push(i),
            // (code that loads jweixin for the package's pages: Nuxt's `head.script` in
            // `nuxt.config.js`, helper-28; its finding has no fix, so its unit stays whole)
            FileKind::Script { .. } | FileKind::Vue if file.links.code_loads_sdk => {
                pages.entry(package).or_default().push(i)
            }
            FileKind::Template(_) if file.links.sdk.legacy_tag => {
                serves_templates.insert(package);
            }
            FileKind::Script { .. } | FileKind::Vue
                if file.links.sdk.legacy_global && !with_page.contains(&components.root(i)) =>
            {
                pageless.entry(package).or_default().push(i)
            }
            _ => {}
        }
    }
    for (package, code) in pageless {
        let Some(pages) = pages.get(&package).filter(|_| !serves_templates.contains(&package)) else {
            continue;
        };
        for &file in code.iter().chain(pages) {
            components.join(package, file);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::links::{Import, SdkUse};
    use crate::source::Engine;

    fn file(path: &str, kind: FileKind, links: FileLinks) -> ProjectFile {
        ProjectFile {
            path: PathBuf::from(path.trim_start_matches('/')),
            absolute: PathBuf::from(path),
            kind,
            links,
            in_run: true,
        }
    }

    fn legacy_global() -> SdkUse {
        SdkUse {
            legacy: true,
            legacy_global: true,
            ..SdkUse::default()
        }
    }

    fn page(src: &str) -> FileLinks {
        FileLinks {
            sdk: SdkUse {
                legacy: true,
                legacy_tag: true,
                ..SdkUse::default()
            },
            scripts: vec![PageScript::Src {
                at: 0,
                src: src.to_string(),
                timing: ScriptTiming::Parser,
            }],
            ..FileLinks::default()
        }
    }

    fn ids(project: &Project) -> Vec<(String, Vec<String>)> {
        project
            .units
            .iter()
            .map(|u| {
                (
                    u.id.clone(),
                    u.members
                        .iter()
                        .map(|&m| project.files[m].path.display().to_string())
                        .collect(),
                )
            })
            .collect()
    }

    #[test]
    fn views_join_their_framework_layouts() {
        let erb = FileKind::Template(Engine::Erb);
        let project = Project::build(vec![
            file(
                "/r/app/views/layouts/application.html.erb",
                erb,
                page("https://res.wx.qq.com/open/js/jweixin-1.2.0.js"),
            ),
            file(
                "/r/app/views/orders/show.html.erb",
                erb,
                FileLinks {
                    sdk: legacy_global(),
                    ..FileLinks::default()
                },
            ),
        ]);
        assert_eq!(
            ids(&project),
            vec![(
                "r/app/views/layouts/application.html.erb".to_string(),
                vec![
                    "r/app/views/layouts/application.html.erb".to_string(),
                    "r/app/views/orders/show.html.erb".to_string()
                ]
            )]
        );
        assert!(!project.units[0].page_missing);
    }

    #[test]
    fn a_view_runs_after_the_register_of_layouts_that_configure_before_rendering_it() {
        let php = FileKind::Template(Engine::Php);
        // The layout loads jweixin (at 10), configures it in an inline script (at 50), and
        // renders the view at `content`.
        let layout = |content: usize| {
            let mut links = page("https://res.wx.qq.com/open/js/jweixin-1.0.0.js");
            links.scripts[0] = PageScript::Src {
                at: 10,
                src: "https://res.wx.qq.com/open/js/jweixin-1.0.0.js".to_string(),
                timing: ScriptTiming::Parser,
            };
            links.scripts.push(PageScript::Inline {
                at: 50,
                timing: ScriptTiming::Parser,
                registers: true,
                offers_gate: true,
                configures: true,
            });
            links.view_content_at = Some(content);
            links
        };
        let view = || FileLinks {
            sdk: legacy_global(),
            ..FileLinks::default()
        };
        let plain = FileLinks {
            view_content_at: Some(30),
            ..FileLinks::default()
        };
        let build = |content: usize| {
            Project::build(vec![
                file("/r/protected/views/layouts/main.php", php, layout(content)),
                file("/r/protected/views/layouts/plain.php", php, plain.clone()),
                file("/r/protected/views/shop/index.php", php, view()),
            ])
        };
        let project = build(200);
        let shop = project.file(Path::new("r/protected/views/shop/index.php")).unwrap();
        let (offset, why) = project
            .registered_before(shop)
            .expect("the layout configures before the view");
        assert_eq!(offset, 0);
        assert!(why.contains("r/protected/views/layouts/main.php"), "{why}");
        // The layout renders the view before its configuring script: nothing is proven.
        let project = build(20);
        let shop = project.file(Path::new("r/protected/views/shop/index.php")).unwrap();
        assert_eq!(project.registered_before(shop), None);
    }

    #[test]
    fn a_later_script_waits_on_the_gate_of_the_one_script_that_can_declare_it() {
        // index.html loads jweixin, then an inline script that configures in a callback (it
        // can declare the gate, but does not configure first thing), then page.js.
        let page = |gates: usize| {
            let mut links = page("https://res.wx.qq.com/open/js/jweixin-1.0.0.js");
            for i in 0..gates {
                links.scripts.push(PageScript::Inline {
                    at: 50 + i * 10,
                    timing: ScriptTiming::Parser,
                    registers: false,
                    offers_gate: true,
                    configures: true,
                });
            }
            links.scripts.push(PageScript::Src {
                at: 100,
                src: "js/page.js".to_string(),
                timing: ScriptTiming::Parser,
            });
            links
        };
        let script = FileLinks {
            sdk: legacy_global(),
            last_waiting_block: Some(0),
            ..FileLinks::default()
        };
        let build = |gates: usize| {
            Project::build(vec![
                file("/site/index.html", FileKind::Html, page(gates)),
                file(
                    "/site/js/page.js",
                    FileKind::Script {
                        lang: crate::source::ScriptLang::Js,
                        dts: false,
                    },
                    script.clone(),
                ),
            ])
        };
        let project = build(1);
        let (index, script) = (
            project.file(Path::new("site/index.html")).unwrap(),
            project.file(Path::new("site/js/page.js")).unwrap(),
        );
        assert_eq!(project.registered_before(script), None);
        let (offset, why) = project
            .gate_before(script)
            .expect("the inline script declares the gate first");
        assert_eq!(offset, 0);
        assert!(why.contains("registration gate"), "{why}");
        assert!(project.declares_gate_for_others(index));
        // Two scripts that could declare it would declare one page global twice.
        let project = build(2);
        let script = project.file(Path::new("site/js/page.js")).unwrap();
        assert_eq!(project.gate_before(script), None);
    }

    #[test]
    fn a_long_list_of_files_names_the_first_few() {
        let js = FileKind::Script {
            lang: crate::source::ScriptLang::Js,
            dts: false,
        };
        let project = |count: usize| {
            Project::build(
                (0..count)
                    .map(|i| file(&format!("/r/src/v{i:02}.js"), js, FileLinks::default()))
                    .collect(),
            )
        };
        assert_eq!(
            project(4).named(&[0, 1, 2, 3]),
            "`r/src/v00.js`, `r/src/v01.js`, `r/src/v02.js`, `r/src/v03.js`"
        );
        let all: Vec<usize> = (0..14).collect();
        assert_eq!(
            project(14).named(&all),
            "`r/src/v00.js`, `r/src/v01.js`, `r/src/v02.js` and 11 more"
        );
    }

    #[test]
    fn a_page_declares_the_gate_for_its_own_later_block_only() {
        // index.html configures in a callback in its inline script at 50, and another inline
        // block, at `waiting`, calls `wx.ready` without configuring.
        let build = |waiting: usize| {
            let mut links = page("https://res.wx.qq.com/open/js/jweixin-1.0.0.js");
            links.scripts.push(PageScript::Inline {
                at: 50,
                timing: ScriptTiming::Parser,
                registers: false,
                offers_gate: true,
                configures: true,
            });
            links.scripts.push(PageScript::Inline {
                at: waiting,
                timing: ScriptTiming::Parser,
                registers: false,
                offers_gate: false,
                configures: false,
            });
            links.last_waiting_block = Some(waiting);
            Project::build(vec![file("/site/index.html", FileKind::Html, links)])
        };
        let project = build(200);
        let index = project.file(Path::new("site/index.html")).unwrap();
        assert!(project.gate_before(index).is_some());
        assert!(project.declares_gate_for_others(index));
        // A waiting block before the one that declares the gate cannot wait on it.
        let project = build(20);
        let index = project.file(Path::new("site/index.html")).unwrap();
        assert!(!project.declares_gate_for_others(index));
    }

    #[test]
    fn a_bundled_package_is_one_unit_with_its_entry_page_and_a_global_sdk_wrapper_blocks_it() {
        let package = FileLinks {
            bundled: true,
            global_sdk_wrapper: Some("wecom-sidebar-jssdk".to_string()),
            ..FileLinks::default()
        };
        let module = |imports: &[&str]| FileLinks {
            sdk: legacy_global(),
            imports: imports
                .iter()
                .map(|s| Import {
                    specifier: s.to_string(),
                    dynamic: false,
                    package: false,
                })
                .collect(),
            ..FileLinks::default()
        };
        let js = FileKind::Script {
            lang: crate::source::ScriptLang::Js,
            dts: false,
        };
        let project = Project::build(vec![
            file("/p/package.json", FileKind::PackageJson, package),
            file(
                "/p/public/index.html",
                FileKind::Html,
                page("https://res.wx.qq.com/open/js/jweixin-1.2.0.js"),
            ),
            file("/p/src/a.js", js, module(&[])),
            file("/p/src/b.js", js, module(&[])),
            file("/q/orphan.js", js, module(&[])),
        ]);
        let units = ids(&project);
        assert_eq!(units.len(), 2, "{units:?}");
        assert_eq!(units[0].1, vec!["p/public/index.html", "p/src/a.js", "p/src/b.js"]);
        assert_eq!(
            project.units[0].wrapper.as_ref().map(|w| w.0.as_str()),
            Some("wecom-sidebar-jssdk")
        );
        assert_eq!(units[1].1, vec!["q/orphan.js"]);
        assert!(project.units[1].page_missing, "no page loads the SDK for it");
    }

    #[test]
    fn a_script_loaded_after_a_registering_one_is_registered_before() {
        let js = FileKind::Script {
            lang: crate::source::ScriptLang::Js,
            dts: false,
        };
        let two_scripts = FileLinks {
            sdk: SdkUse {
                legacy_tag: true,
                ..SdkUse::default()
            },
            scripts: ["https://res.wx.qq.com/open/js/jweixin-1.2.0.js", "sign.js", "page.js"]
                .iter()
                .map(|src| PageScript::Src {
                    at: 0,
                    src: src.to_string(),
                    timing: ScriptTiming::Parser,
                })
                .collect(),
            ..FileLinks::default()
        };
        let sign = FileLinks {
            sdk: legacy_global(),
            registers: true,
            ..FileLinks::default()
        };
        let project = Project::build(vec![
            file("/s/index.html", FileKind::Html, two_scripts),
            file(
                "/s/page.js",
                js,
                FileLinks {
                    sdk: legacy_global(),
                    ..FileLinks::default()
                },
            ),
            file("/s/sign.js", js, sign),
        ]);
        let page = project.file(Path::new("s/page.js")).unwrap();
        let sign = project.file(Path::new("s/sign.js")).unwrap();
        assert!(project.registered_before(page).is_some());
        assert!(
            project.registered_before(sign).is_none(),
            "nothing registers before sign.js"
        );
    }
}
