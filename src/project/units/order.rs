//! Which scripts of a page run before which (DESIGN.md data flow: cross-file facts): a page's
//! scripts in document order with every included template's in place of its include, a
//! layout's scripts before the view it renders, a module's imports before its body. From that
//! the facts the rules are handed: where `ww.register` provably has run (`registered_before`),
//! where the page's registration gate has been declared (`gate_before`), and whether a page
//! configures more than once (`configured_again_on_page`: two of its scripts, or a module of
//! its unit and another file of it).

use super::{is_master_page, PageScript, Project, ScriptTiming};
use crate::source::{Engine, FileKind};

/// What an earlier script of a page does for the code after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Setup {
    /// Configures the SDK first thing, so `ww.register` has run (`FileLinks::registers`).
    Register,
    /// Declares the registration gate at its top level (`FileLinks::offers_gate`).
    Gate,
}

impl Setup {
    /// What an earlier script does, after "runs": "the `ww.register` of an earlier script".
    fn earlier_script(self) -> &'static str {
        match self {
            Setup::Register => "the `ww.register` of an earlier script",
            Setup::Gate => "an earlier script that declares the registration gate (`wwRegistered`, resolved right after its `ww.register`)",
        }
    }

    /// What a script does, after "that" or a subject.
    fn describe(self) -> &'static str {
        match self {
            Setup::Register => "calls `ww.register` at its top level",
            Setup::Gate => "declares the registration gate (`wwRegistered`, resolved right after its `ww.register`) at its top level",
        }
    }
}

impl Project {
    /// Where in a file code runs after `ww.register` provably has, and why (DESIGN.md data
    /// flow: cross-file facts). A classic script: when every page that loads it runs, earlier
    /// in document order, a script that configures the SDK first thing. A page's inline
    /// script: when an earlier script of the page does. An ES module: when it statically
    /// imports, directly or not, a module that configures the SDK at its top level (imports
    /// run before the importer's body). `(offset, why)`: code at or after `offset` of the file
    /// is covered.
    pub fn registered_before(&self, file: usize) -> Option<(usize, String)> {
        if !self.files[file].kind.is_page() {
            if let Some(via) = self.imports_registrar(file) {
                return Some((
                    0,
                    format!(
                        "`{}` is imported first and calls `ww.register` at its top level, before this module's code runs",
                        self.files[via].path.display()
                    ),
                ));
            }
        }
        self.set_up_before(file, Setup::Register)
    }

    /// Where in a file code runs after the page's one script that can declare the registration
    /// gate (rules/ready_gate.rs) has run its top level, and why: as for
    /// [`registered_before`](Self::registered_before), with that script in place of one that
    /// configures first thing, when it is the only such script of the unit (two would declare
    /// the same page global twice). ES modules keep their declarations to themselves, so only
    /// classic scripts and pages count.
    pub fn gate_before(&self, file: usize) -> Option<(usize, String)> {
        let unit = self.unit_of(file)?;
        let offering: usize = unit.members.iter().map(|&m| self.files[m].links.gate_scripts()).sum();
        if offering != 1 {
            return None;
        }
        self.set_up_before(file, Setup::Gate)
    }

    /// The `wx.error` relay across the scripts of a page (rules/error_relay.rs): where a unit's
    /// one configuring file configures once and no agent anywhere in the unit, its configuring
    /// script declares the relay, and the unit's other `wx.error` calls hand their handlers to
    /// it. Those calls may be in another file, a classic script that every page loading it runs
    /// after the configuring script's `ww.register`
    /// ([`registered_before`](Self::registered_before)), or, when the configuring file is a
    /// page, in its own later script blocks (document order runs them after the one that
    /// configures, which then holds no `wx.error` itself). For `file`: as the configuring
    /// file, how many `wx.error` calls of other scripts the relay takes (and, when some are in
    /// its own later blocks, why the relay is there when they run); as one of those other
    /// files, why the relay is there when its code runs.
    pub fn error_relay(&self, file: usize) -> (usize, Option<String>) {
        let none = (0, None);
        let links = |m: usize| &self.files[m].links;
        if !links(file).configures && links(file).error_handlers == 0 {
            return none;
        }
        let Some(unit) = self.unit_of(file) else { return none };
        let configuring: Vec<usize> = unit.members.iter().copied().filter(|&m| links(m).configures).collect();
        let [configurer] = configuring.as_slice() else {
            return none;
        };
        if unit.members.iter().any(|&m| links(m).agent_config) {
            return none;
        }
        // (a handler of its own that throws would keep the configuring block from declaring
        // the relay, which the later scripts' fixes could not see: it holds none)
        let own_later = match self.later_blocks_with_handlers(*configurer) {
            Some(later) => later,
            None => return none,
        };
        let users: Vec<usize> = unit
            .members
            .iter()
            .copied()
            .filter(|&m| m != *configurer && links(m).error_handlers > 0)
            .collect();
        // (empty handlers elsewhere are removed, not relayed: rules/wx_error.rs)
        let own_all_empty = links(*configurer).error_handlers == links(*configurer).empty_error_handlers;
        if own_all_empty
            && users
                .iter()
                .all(|&u| links(u).error_handlers == links(u).empty_error_handlers)
        {
            return none;
        }
        let mut why = own_later.filter(|_| file == *configurer);
        for &user in &users {
            // a classic script every page runs as the parser meets it (its top-level `var`s and
            // the relay's are page globals; a module's are its own)
            let classic = self.loaded_by.get(&user).is_some_and(|sites| {
                sites.iter().all(|&(page, position)| {
                    script_timing(&self.files[page].links.scripts[position]) == ScriptTiming::Parser
                })
            });
            if self.files[user].kind.is_page() || !classic {
                return none;
            }
            match self.registered_before(user) {
                Some((0, reason)) => {
                    if user == file {
                        why = Some(reason);
                    }
                }
                _ => return none,
            }
        }
        if file == *configurer {
            let others: usize = users.iter().map(|&u| links(u).error_handlers).sum();
            (others + links(file).error_handlers, why)
        } else {
            (0, why)
        }
    }

    /// For a unit's configuring file, where its own `wx.error` calls are: `Some(None)` when it
    /// holds none, `Some(Some(why))` when it is a page whose one configuring script block is a
    /// classic one that no template conditional may leave out, and every block that calls
    /// `wx.error` comes later, so the relay the configuring block declares is there when they
    /// run; `None` otherwise.
    fn later_blocks_with_handlers(&self, configurer: usize) -> Option<Option<String>> {
        let f = &self.files[configurer];
        if f.links.error_handlers == 0 {
            return Some(None);
        }
        if !f.kind.is_page() {
            return None;
        }
        let configuring: Vec<(usize, ScriptTiming)> = f
            .links
            .scripts
            .iter()
            .filter_map(|s| match s {
                PageScript::Inline {
                    at,
                    timing,
                    configures: true,
                    ..
                } => Some((*at, *timing)),
                _ => None,
            })
            .collect();
        let [(config_at, ScriptTiming::Parser)] = configuring.as_slice() else {
            return None;
        };
        let first_handler = *f.links.error_blocks.iter().min()?;
        // (a conditional that ends after the configuring block may leave it out of the page)
        let conditional = f.links.conditional_ends.iter().any(|&end| end > *config_at);
        (first_handler > *config_at && !conditional).then(|| {
            Some(
                "an earlier script block of this page configures the SDK, and the page runs its blocks in document order"
                    .to_string(),
            )
        })
    }

    /// Whether a later script of this file's unit waits on the registration gate this file
    /// declares (`gate_before`), so that its fix declares the gate even where none of its own
    /// `wx.ready` calls needs it. The later script may be another script block of this very
    /// page: its `wx.ready` is rewritten to wait on the gate all the same.
    pub fn declares_gate_for_others(&self, file: usize) -> bool {
        self.files[file].links.gate_scripts() > 0
            && self.unit_of(file).is_some_and(|unit| {
                unit.members.iter().any(|&m| {
                    let links = &self.files[m].links;
                    links.waits_unconfigured()
                        && self.registered_before(m).is_none()
                        && self.gate_before(m).is_some_and(|(from, _)| {
                            // this page's own waiting block must come after the gate's
                            m != file || links.last_waiting_block.is_some_and(|at| at >= from)
                        })
                })
            })
    }

    /// For a classic script file that calls `wx.ready` and configures nothing, loaded before the
    /// unit's one script that can declare the registration gate (`FileLinks::offers_gate`):
    /// why it may declare the gate itself, a page global the later script resolves right after
    /// its `ww.register`. On every page that runs either script, this one runs first, in
    /// document order, and is the only script before the configuring one that waits: a second
    /// declaration would replace the promise the first one's callbacks wait on.
    pub fn gate_after(&self, file: usize) -> Option<String> {
        let f = &self.files[file];
        if f.kind.is_page() || !f.links.waits_unconfigured() || f.links.configures_anywhere() {
            return None;
        }
        let unit = self.unit_of(file)?;
        let offering: Vec<usize> = unit
            .members
            .iter()
            .copied()
            .filter(|&m| self.files[m].links.gate_scripts() > 0)
            .collect();
        let [gate_file] = offering.as_slice() else { return None };
        if self.files[*gate_file].links.gate_scripts() != 1 {
            return None;
        }
        let sites = self.loaded_by.get(&file)?;
        let gate_sites: Vec<(usize, usize)> = match self.loaded_by.get(gate_file) {
            Some(loaded) => loaded.clone(),
            // an inline script of a page or an included template
            None => (0..self.files[*gate_file].links.scripts.len())
                .filter(|&p| self.script_sets_up(*gate_file, p, Setup::Gate))
                .map(|p| (*gate_file, p))
                .collect(),
        };
        let pages = self.top_pages(sites.iter().chain(&gate_sites).map(|&(owner, _)| owner));
        if pages.is_empty() {
            return None;
        }
        for &page in &pages {
            let steps = self.steps(page);
            let classic = |i: usize| {
                script_timing(&self.files[steps[i].owner].links.scripts[steps[i].position]) == ScriptTiming::Parser
            };
            let here = steps.iter().position(|s| sites.contains(&(s.owner, s.position)))?;
            let gate = steps.iter().position(|s| gate_sites.contains(&(s.owner, s.position)))?;
            if here >= gate || !classic(here) || !classic(gate) {
                return None;
            }
            // no other script before the configuring one waits, nor runs this file again
            let others_wait = steps[..gate]
                .iter()
                .enumerate()
                .any(|(i, step)| i != here && self.script_waits_unconfigured(step.owner, step.position));
            if others_wait {
                return None;
            }
        }
        Some(format!(
            "every page that loads this script (`{}`{}) runs it before `{}`, the one script of the page that calls `wx.config`: this script declares the registration gate `wwRegistered` and that one resolves it right after its `ww.register`",
            self.files[pages[0]].path.display(),
            if pages.len() > 1 { ", ..." } else { "" },
            self.files[*gate_file].path.display()
        ))
    }

    /// Whether an earlier script of this file's unit declares the registration gate
    /// ([`gate_after`](Self::gate_after)): this file's fix then only resolves it.
    pub fn gate_declared_earlier(&self, file: usize) -> bool {
        self.files[file].links.gate_scripts() > 0
            && self
                .unit_of(file)
                .is_some_and(|unit| unit.members.iter().any(|&m| m != file && self.gate_after(m).is_some()))
    }

    /// Whether the script at `position` of `page` calls `wx.ready` without configuring: an
    /// inline block that waits, or a loaded file that does.
    fn script_waits_unconfigured(&self, page: usize, position: usize) -> bool {
        match &self.files[page].links.scripts[position] {
            PageScript::Inline { at, configures, .. } => {
                !configures && self.files[page].links.last_waiting_block.is_some_and(|w| w >= *at)
            }
            PageScript::Src { .. } => self.page_targets.get(&(page, position)).is_some_and(|targets| {
                targets
                    .iter()
                    .any(|&f| self.files[f].links.waits_unconfigured() && !self.files[f].links.configures_anywhere())
            }),
            PageScript::Include { .. } => false,
        }
    }

    /// For a file that configures the SDK: a page that runs it and also runs another script
    /// that configures (an included template's, a layout's, or, where a module of the unit
    /// configures, any other file of the unit), named with those scripts. jweixin sent a
    /// handshake for each configuration; `ww` registers once per page.
    pub fn configured_again_on_page(&self, file: usize) -> Option<String> {
        let f = &self.files[file];
        if !f.links.configures_anywhere() {
            return None;
        }
        if let Some(why) = self.configured_again_with_modules(file) {
            return Some(why);
        }
        let pages = if f.kind.is_page() {
            self.top_pages([file].into_iter())
        } else {
            let sites = self.loaded_by.get(&file)?;
            self.top_pages(sites.iter().map(|&(owner, _)| owner))
        };
        for page in pages {
            let mut configuring: Vec<usize> = Vec::new();
            let mut count = 0;
            for step in self.steps(page) {
                if let Some(script) = self.configuring_file(step.owner, step.position) {
                    count += 1;
                    if !configuring.contains(&script) {
                        configuring.push(script);
                    }
                }
            }
            // the layouts a view may be rendered in
            for layout in self.view_layouts(page) {
                if self.files[layout].links.configures_anywhere() {
                    count += 1;
                    configuring.push(layout);
                }
            }
            if count > 1 {
                return Some(format!(
                    "the page `{}` configures the SDK in {count} scripts ({})",
                    self.files[page].path.display(),
                    self.named(&configuring)
                ));
            }
        }
        None
    }

    /// For a unit where a module configures (a file no page loads with `<script src>`: an ES
    /// module, a member of a bundled package), the other files of the unit that configure too
    /// (modules, pages with an inline configuration, their classic scripts). The modules of a
    /// unit run in its page (the bundle, or the imports of its entry), so that page configures
    /// twice; a multi-page package's entries are not told apart, which only ever leaves a unit
    /// unfixed.
    fn configured_again_with_modules(&self, file: usize) -> Option<String> {
        let unit = &self.units[self.unit_of[file]?];
        if unit.page_missing {
            return None;
        }
        let is_module = |i: usize| !self.files[i].kind.is_page() && !self.loaded_by.contains_key(&i);
        let configuring: Vec<usize> = unit
            .members
            .iter()
            .copied()
            .filter(|&i| self.files[i].links.configures_anywhere())
            .collect();
        if configuring.len() < 2 || !configuring.iter().any(|&i| is_module(i)) {
            return None;
        }
        Some(format!(
            "the modules of unit `{}` run in its page, and {} of its files configure the SDK ({})",
            unit.id,
            configuring.len(),
            self.named(&configuring)
        ))
    }

    /// The files' paths for a message, the first few of a long list: every finding of each
    /// file repeats it.
    pub(super) fn named(&self, files: &[usize]) -> String {
        const SHOWN: usize = 4;
        let name = |&i: &usize| format!("`{}`", self.files[i].path.display());
        if files.len() <= SHOWN {
            return files.iter().map(name).collect::<Vec<_>>().join(", ");
        }
        let first: Vec<String> = files[..SHOWN - 1].iter().map(name).collect();
        format!("{} and {} more", first.join(", "), files.len() - (SHOWN - 1))
    }

    /// The file whose code the script at `position` of `page` is, when it calls `wx.config`:
    /// the page for an inline script, the loaded file for a `<script src>`.
    fn configuring_file(&self, page: usize, position: usize) -> Option<usize> {
        match &self.files[page].links.scripts[position] {
            PageScript::Inline { configures, .. } => configures.then_some(page),
            PageScript::Src { .. } => self
                .page_targets
                .get(&(page, position))?
                .iter()
                .copied()
                .find(|&f| self.files[f].links.configures),
            PageScript::Include { .. } => None,
        }
    }

    /// The layouts that wrap a view: the ones it names (`@extends`, Razor's `Layout =`, a Web
    /// Forms content page's master page), else the layouts of its views folder (none for a page
    /// that is not such a view); none for a Razor view with `Layout = null`. Each once.
    fn view_layouts(&self, view: usize) -> Vec<usize> {
        let file = &self.files[view];
        if file.links.without_layout {
            return Vec::new();
        }
        let mut layouts = self.masters_of(view);
        let is_layout = || self.layouts.values().any(|l| l.contains(&view));
        if layouts.is_empty() && !self.layouts.is_empty() && !is_layout() {
            layouts = super::wrapping_layouts(&self.layouts, &file.absolute);
        }
        layouts.sort_unstable();
        layouts.dedup();
        layouts
    }

    /// Whether the scripts of a page run in the order its text gives them: not so for a view
    /// a layout wraps, whose blocks render where the layout names them (a Razor view's
    /// `@section Scripts` written above its body renders after it), unless it holds one part.
    fn text_order_holds(&self, page: usize) -> bool {
        let file = &self.files[page];
        let has_blocks = matches!(
            file.kind,
            FileKind::Template(Engine::Razor | Engine::Blade | Engine::Jinja | Engine::Erb)
        );
        !has_blocks
            || self.view_layouts(page).is_empty()
            || matches!(&file.links.view_regions, Some(regions) if regions.len() <= 1)
    }

    /// The master pages a Web Forms content page names (`MasterPageFile="~/Site.master"`), and
    /// the layouts a template extends (`@extends`, `{% extends %}`, Razor's `Layout =`).
    fn masters_of(&self, page: usize) -> Vec<usize> {
        let scripts = self.files[page].links.scripts.iter().enumerate();
        scripts
            .filter_map(|(position, script)| match script {
                PageScript::Include { layout, .. } => Some((position, *layout)),
                _ => None,
            })
            .flat_map(|(position, layout)| {
                self.page_targets
                    .get(&(page, position))
                    .into_iter()
                    .flatten()
                    .map(move |&target| (target, layout))
            })
            .filter(|&(target, layout)| layout || is_master_page(&self.files[target].absolute))
            .map(|(target, _)| target)
            .collect()
    }

    /// Where in a file code runs after an earlier script did `setup`, and why: a classic
    /// script, when every page that loads it runs such a script earlier in document order; a
    /// page's inline script, when an earlier script of the page does.
    fn set_up_before(&self, file: usize, setup: Setup) -> Option<(usize, String)> {
        let f = &self.files[file];
        if f.kind.is_page() {
            return self.set_up_in_page(file, setup);
        }
        let sites = self.loaded_by.get(&file)?;
        // The pages that run this script: those that load it, or include a template that
        // does. Each must run, earlier, a script that does the setup.
        let pages = self.top_pages(sites.iter().map(|&(owner, _)| owner));
        let mut first = None;
        for &page in &pages {
            let steps = self.steps(page);
            let at = steps.iter().position(|s| sites.contains(&(s.owner, s.position)))?;
            let timing = script_timing(&self.files[steps[at].owner].links.scripts[steps[at].position]);
            let in_order = self.text_order_holds(page);
            let earlier = in_order
                && steps.iter().enumerate().any(|(i, step)| {
                    let script = &self.files[step.owner].links.scripts[step.position];
                    let runs_first = match script_timing(script) {
                        ScriptTiming::Parser => i < at || timing == ScriptTiming::Deferred,
                        ScriptTiming::Deferred => i < at && timing == ScriptTiming::Deferred,
                        ScriptTiming::Async => false,
                    };
                    runs_first && self.script_sets_up(step.owner, step.position, setup)
                })
                || self.layouts_set_up_first(page, steps[at].anchor, setup).is_some();
            if !earlier {
                return None;
            }
            first.get_or_insert(page);
        }
        let page = first?;
        Some((
            0,
            format!(
                "every page that loads this script (`{}`{}) runs {} first",
                self.files[page].path.display(),
                if pages.len() > 1 { ", ..." } else { "" },
                setup.earlier_script()
            ),
        ))
    }

    /// For a page or template: the offset after which its inline scripts find `setup` done. A
    /// template that others include counts from the pages that include it.
    fn set_up_in_page(&self, page: usize, setup: Setup) -> Option<(usize, String)> {
        let included = self.included_by.contains_key(&page);
        if included {
            // (each page that includes it runs the setup first: an earlier script of its own,
            // in an order its text gives, or its layout before the place of the include)
            let pages = self.top_pages([page].into_iter());
            let covered = !pages.is_empty()
                && pages.iter().all(|&top| {
                    let steps = self.steps(top);
                    let Some(own) = steps.iter().position(|s| s.owner == page) else {
                        return false;
                    };
                    let first = steps
                        .iter()
                        .position(|s| self.sets_up_first(s.owner, s.position, setup));
                    (self.text_order_holds(top) && first.is_some_and(|r| r < own))
                        || self.layouts_set_up_first(top, steps[own].anchor, setup).is_some()
                });
            if covered {
                return Some((
                    0,
                    format!(
                        "every page that includes this template runs {} first",
                        setup.earlier_script()
                    ),
                ));
            }
        }
        // (a template others include renders where they include it, not in a layout of its own)
        if let Some((offset, layout)) = self.layouts_set_up_first_from(page, setup).filter(|_| !included) {
            let why = if is_master_page(&self.files[layout].absolute) {
                format!(
                    "its master page (`{}`) renders it at its placeholders, and {} before the first one",
                    self.files[layout].path.display(),
                    setup.describe()
                )
            } else {
                format!(
                    "the framework renders this view inside its layout, and every layout of it that loads the SDK (`{}`...) {} before the place it renders this part of the view",
                    self.files[layout].path.display(),
                    setup.describe()
                )
            };
            return Some((offset, why));
        }
        if !self.text_order_holds(page) {
            return None;
        }
        let steps = self.steps(page);
        let step = steps.iter().find(|s| self.sets_up_first(s.owner, s.position, setup))?;
        Some((
            step.anchor + 1,
            format!("an earlier script of this page {}", setup.describe()),
        ))
    }

    /// For a view a framework wraps in a layout it picks at run time (Rails, Yii, ASP.NET MVC;
    /// `layout_of_views`), or one it names (`@extends`, `Layout =`): one of the layouts that
    /// load an SDK, when at least one does and every one that does runs, where the parser
    /// meets it and before the place it renders what the view holds at `anchor`, a script
    /// that does `setup`. A layout that loads no SDK leaves the view's SDK calls failing on
    /// jweixin and on `ww` alike, so it does not count.
    fn layouts_set_up_first(&self, view: usize, anchor: usize, setup: Setup) -> Option<usize> {
        let loading = self.sdk_layouts(view);
        let (&first, _) = loading.split_first()?;
        loading
            .iter()
            .all(|&layout| self.layout_sets_up_before(view, layout, anchor, setup))
            .then_some(first)
    }

    /// As [`layouts_set_up_first`](Self::layouts_set_up_first) for the inline scripts of a
    /// view: the offset from which every part of the view renders after the setup (the start
    /// of its last parts that all do: a Razor view's `@section Scripts { }` at its end, say),
    /// and the first layout.
    fn layouts_set_up_first_from(&self, view: usize, setup: Setup) -> Option<(usize, usize)> {
        let starts: Vec<usize> = match &self.files[view].links.view_regions {
            Some(regions) => regions.iter().map(|r| r.range.start).collect(),
            None => vec![0],
        };
        let mut found = None;
        for &start in starts.iter().rev() {
            match self.layouts_set_up_first(view, start, setup) {
                Some(first) => found = Some((start, first)),
                None => break,
            }
        }
        found
    }

    /// The layouts of a view that load an SDK.
    fn sdk_layouts(&self, view: usize) -> Vec<usize> {
        self.view_layouts(view)
            .into_iter()
            .filter(|&l| self.files[l].links.sdk.loads_sdk())
            .collect()
    }

    /// Whether `layout` runs `setup` where the parser meets it, before the place it renders
    /// what `view` holds at `anchor`: the place of the view's block there when both are
    /// written for one engine that names blocks (view_blocks.rs), else the first place the
    /// layout renders anything of the view (`view_content_at`).
    fn layout_sets_up_before(&self, view: usize, layout: usize, anchor: usize, setup: Setup) -> bool {
        let (v, l) = (&self.files[view], &self.files[layout]);
        let place = match (v.kind, &v.links.view_regions) {
            (FileKind::Template(engine), Some(regions)) if l.kind == v.kind && !l.links.layout_slots.is_empty() => {
                let Some(region) = regions.iter().find(|r| r.range.contains(&anchor)) else {
                    return false;
                };
                l.links.layout_slots.place_of(region, engine)
            }
            _ => l.links.view_content_at,
        };
        let Some(place) = place else {
            return false;
        };
        // (a layout that has a layout of its own renders inside that one, in an order its
        // text does not give; a configuration in a block of the layout that a view may
        // replace does not run on every page)
        if !self.masters_of(layout).is_empty() {
            return false;
        }
        let replaceable = &l.links.layout_slots.replaceable;
        self.steps(layout).iter().any(|s| {
            s.anchor < place
                && !replaceable.iter().any(|r| r.contains(&s.anchor))
                && self.sets_up_first(s.owner, s.position, setup)
        })
    }

    /// Whether the script at `position` of `owner` runs where the parser meets it and does
    /// `setup`.
    fn sets_up_first(&self, owner: usize, position: usize, setup: Setup) -> bool {
        script_timing(&self.files[owner].links.scripts[position]) == ScriptTiming::Parser
            && self.script_sets_up(owner, position, setup)
    }

    /// Whether the script at `position` of `page` does `setup`.
    fn script_sets_up(&self, page: usize, position: usize, setup: Setup) -> bool {
        match &self.files[page].links.scripts[position] {
            PageScript::Inline {
                registers, offers_gate, ..
            } => match setup {
                Setup::Register => *registers,
                Setup::Gate => *offers_gate,
            },
            PageScript::Src { .. } => self.page_targets.get(&(page, position)).is_some_and(|targets| {
                targets.iter().any(|&f| {
                    let links = &self.files[f].links;
                    match setup {
                        Setup::Register => links.registers,
                        Setup::Gate => links.offers_gate,
                    }
                })
            }),
            PageScript::Include { .. } => false,
        }
    }
    /// template once).
    fn steps(&self, page: usize) -> Vec<Step> {
        let mut steps = Vec::new();
        let mut seen = vec![page];
        self.expand(page, None, &mut seen, &mut steps, 0);
        steps
    }

    fn expand(&self, file: usize, anchor: Option<usize>, seen: &mut Vec<usize>, steps: &mut Vec<Step>, depth: usize) {
        for (position, script) in self.files[file].links.scripts.iter().enumerate() {
            let anchor = anchor.unwrap_or(script.at());
            match script {
                PageScript::Include { layout, .. } => {
                    if depth >= 8 {
                        continue;
                    }
                    for &target in self.page_targets.get(&(file, position)).into_iter().flatten() {
                        // (a layout, or a master page, renders this page's blocks where it
                        // yields them: its scripts are not all before the page's)
                        if *layout || is_master_page(&self.files[target].absolute) {
                            continue;
                        }
                        if !seen.contains(&target) {
                            seen.push(target);
                            self.expand(target, Some(anchor), seen, steps, depth + 1);
                        }
                    }
                }
                _ => steps.push(Step {
                    owner: file,
                    position,
                    anchor,
                }),
            }
        }
    }

    /// The pages that serve `files`: each file itself unless other templates include it, in
    /// which case the pages that (transitively) include it.
    fn top_pages(&self, files: impl Iterator<Item = usize>) -> Vec<usize> {
        let mut pages = Vec::new();
        let mut queue: Vec<usize> = files.collect();
        let mut seen = Vec::new();
        while let Some(file) = queue.pop() {
            if seen.contains(&file) {
                continue;
            }
            seen.push(file);
            match self.included_by.get(&file) {
                Some(includers) => queue.extend(includers.iter().copied()),
                None => pages.push(file),
            }
        }
        pages.sort_unstable();
        pages
    }

    /// A module that `file` statically imports, directly or not, which configures the SDK at
    /// its top level and does not import `file` back.
    fn imports_registrar(&self, file: usize) -> Option<usize> {
        let mut seen = vec![file];
        let mut queue: Vec<usize> = self.static_imports.get(&file).cloned().unwrap_or_default();
        while let Some(next) = queue.pop() {
            if seen.contains(&next) {
                continue;
            }
            seen.push(next);
            if self.files[next].links.registers && !self.reaches(next, file) {
                return Some(next);
            }
            queue.extend(self.static_imports.get(&next).into_iter().flatten().copied());
        }
        None
    }

    /// Whether `from` statically imports `to`, directly or not.
    fn reaches(&self, from: usize, to: usize) -> bool {
        let mut seen = Vec::new();
        let mut queue = vec![from];
        while let Some(next) = queue.pop() {
            if next == to {
                return true;
            }
            if seen.contains(&next) {
                continue;
            }
            seen.push(next);
            queue.extend(self.static_imports.get(&next).into_iter().flatten().copied());
        }
        false
    }
}

/// One script of a page's expanded sequence: the script at `position` of `owner`, reached at
/// offset `anchor` of the page (its own offset, or where the template holding it is included).
struct Step {
    owner: usize,
    position: usize,
    anchor: usize,
}

fn script_timing(script: &PageScript) -> ScriptTiming {
    match script {
        PageScript::Src { timing, .. } | PageScript::Inline { timing, .. } => *timing,
        PageScript::Include { .. } => ScriptTiming::Parser,
    }
}
