//! The annotation list: counts per tag (which also filter), search, statistics, the items.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::app::list::{self, WINDOW};
use crate::app::{AnnotatorAction, ListAction, ListView};
use crate::model::claims::link_candidates;
use crate::model::session::Shared;
use crate::model::{Annotation, PerTag, RatingScale, Tag, TagSet};
use crate::ui::components::annotation_item::{AnnotationItem, CLAIMANTS_LIST};
use crate::ui::components::stats::Stats;
use crate::ui::components::tag_editor::TagEditor;
use crate::ui::components::{tag_class, use_dispatch};
use crate::ui::{dom, effects};

/// How many nearby claims the selected item's "Answers…" menu offers.
const LINK_CHOICES: usize = 40;

#[derive(Properties, PartialEq)]
pub(crate) struct AnnotationListProps {
    pub annotations: Shared<Annotation>,
    pub tags: TagSet,
    pub list: ListView,
    /// Whether there is a text selection an orphan could be re-attached to.
    pub can_reattach: bool,
    /// The verdicts to choose from.
    pub scale: RatingScale,
    /// Names the article's reporting verbs point at, offered as claimants.
    pub candidates: Rc<Vec<String>>,
}

#[component]
pub(crate) fn AnnotationList(props: &AnnotationListProps) -> Html {
    let d = use_dispatch();
    let all = &props.annotations;
    let set = &props.tags;
    let mut per_tag: PerTag<usize> = PerTag::new(set);
    for a in all.iter() {
        if let Some(i) = set.index(a.tag) {
            per_tag[i] += 1;
        }
    }
    let counts: Vec<(Tag, usize)> = set.tags().zip(per_tag.iter().copied()).collect();
    let total = all.len();
    let chip = |filter: Option<Tag>, label: String, count: usize| {
        let d = d.clone();
        let active = props.list.filter == filter;
        let onclick = Callback::from(move |_| d.list(ListAction::Filter(filter)));
        let class = classes!(
            "chip",
            filter.and_then(|t| tag_class(set, t)),
            active.then_some("active")
        );
        html! {
            <button type="button" {class} aria-pressed={active.to_string()} {onclick} data-testid={format!("filter-{}", filter.map_or("all", |t| t.id()))}>
                if let Some(_) = filter { <span class="swatch" aria-hidden="true"></span> }
                { label }<span class="count">{ count }</span>
            </button>
        }
    };
    let on_search = {
        let d = d.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            d.list(ListAction::Search(input.value()));
        })
    };
    let keyed = set.len().min(9);
    let keys: Html = set
        .iter()
        .take(keyed)
        .enumerate()
        .map(|(i, t)| {
            let sep = match i {
                0 => "",
                _ if i + 1 == keyed => " or ",
                _ => ", ",
            };
            let key = crate::model::tags::key_of(i).unwrap_or(' ');
            html! { <>{ sep }<kbd>{ key }</kbd>{ format!(" {}", t.label) }</> }
        })
        .collect();
    html! {
        <aside class="sidebar" aria-label="Annotations">
            <div class="sidebar-head">
                <div class="sidebar-title"><h2>{ "Claims" }</h2><TagEditor tags={set.clone()} counts={per_tag.as_slice().to_vec()} /></div>
                <div class="chips" role="group" aria-label="Filter by tag">
                    { chip(None, "All".into(), total) }
                    { for counts.iter().map(|&(t, n)| chip(Some(t), set.label(t).into(), n)) }
                </div>
                <input type="search" class="search" placeholder="Search quotes and notes" aria-label="Search quotes and notes"
                    value={props.list.query.clone()} oninput={on_search} data-testid="annotation-search" />
                <Stats tags={set.clone()} {counts} />
            </div>
            <ListBody annotations={props.annotations.clone()} tags={set.clone()} list={props.list.clone()} can_reattach={props.can_reattach}
                scale={props.scale.clone()} candidates={props.candidates.clone()} />
            <datalist id={CLAIMANTS_LIST}>{ for props.candidates.iter().map(|n| html! { <option value={n.clone()} /> }) }</datalist>
            if total == 0 {
                <p class="empty">{ "Select words in the article, then press " }{ keys }{ "." }</p>
            }
            <p class="keys muted">{ "j / k move through the list · Ctrl+Z undo · Ctrl+Shift+Z redo" }</p>
        </aside>
    }
}

/// The items, a window of them when the list is long.
#[component]
fn ListBody(props: &AnnotationListProps) -> Html {
    let d = use_dispatch();
    // The window's start, the ids of the items built in the DOM and the selection, filter and
    // search they were built for, kept between renders; `grow` renders again to build the next
    // few items.
    let start = use_mut_ref(|| 0usize);
    let built = use_mut_ref(HashSet::<String>::new);
    let last_view = use_mut_ref(ListView::default);
    let grow = use_state(|| 0u32);
    let list = &props.list;
    let visible: Vec<&Annotation> = list.visible(&props.annotations).collect();
    let total = props.annotations.len();
    // The window moves to a newly selected item that lies outside it (`list::window_start`);
    // the items it lacks are built a few a frame (`list::stagger`).
    let sel_index = list
        .selected
        .as_ref()
        .and_then(|s| visible.iter().position(|a| a.id == *s));
    // Only a new selection, filter or search moves the window to the selected item, so
    // "Show earlier/later" can page away from it.
    let changed = *last_view.borrow() != *list;
    if changed {
        *last_view.borrow_mut() = list.clone();
    }
    let from = list::window_start(
        visible.len(),
        *start.borrow(),
        sel_index.filter(|_| changed),
    );
    *start.borrow_mut() = from;
    let to = (from + WINDOW).min(visible.len());
    let focus = sel_index.filter(|i| (from..to).contains(i)).unwrap_or(from);
    let (shown_now, more) = {
        let built = built.borrow();
        list::stagger(
            visible.len(),
            from..to,
            |i| built.contains(&visible[i].id),
            focus,
        )
    };
    *built.borrow_mut() = shown_now.iter().map(|&i| visible[i].id.clone()).collect();
    // A newly selected item (a new annotation, a highlight clicked in the article) is scrolled
    // into sight in the list, in the task that built it, and kept there while its neighbours
    // are built in the frames after (those above it would push it down).
    use_effect_with((list.selected.clone(), *grow), |(selected, _)| {
        if let Some(id) = selected {
            dom::show_in_list(id);
        }
    });
    {
        let grow = grow.clone();
        use_effect(move || {
            if more {
                dom::after_paint(move || grow.set(grow.wrapping_add(1)));
            }
        });
    }
    // Links: the quotes of the claims each item answers, and how many answer each one (looked
    // up only when there are links: a list render must not cost the whole article each time).
    let has_links = props.annotations.iter().any(|a| !a.claim.links.is_empty());
    let quotes: HashMap<&str, &str> = if has_links {
        props
            .annotations
            .iter()
            .map(|a| (a.id.as_str(), a.quote.exact.as_str()))
            .collect()
    } else {
        HashMap::new()
    };
    let mut answered: HashMap<&str, usize> = HashMap::new();
    for a in props.annotations.iter().filter(|_| has_links) {
        for l in &a.claim.links {
            if quotes.contains_key(l.as_str()) {
                *answered.entry(l.as_str()).or_default() += 1;
            }
        }
    }
    // What the selected item may answer: the claims nearest to it (a bounded menu).
    let options: Rc<Vec<(String, String)>> = Rc::new(
        sel_index
            .and_then(|i| {
                let all: Vec<&Annotation> = props.annotations.iter().collect();
                let at = all.iter().position(|a| a.id == visible[i].id)?;
                Some(
                    link_candidates(&all, at, LINK_CHOICES)
                        .into_iter()
                        .map(|j| (all[j].id.clone(), all[j].quote.exact.clone()))
                        .collect(),
                )
            })
            .unwrap_or_default(),
    );
    let none: Rc<Vec<(String, String)>> = Rc::default();
    let items: Vec<Html> = shown_now
        .iter()
        .map(|&i| visible[i])
        .map(|a| {
            let id = a.id.clone();
            let selected = list.selected.as_deref() == Some(a.id.as_str());
            let answers: Vec<(String, String)> = a
                .claim
                .links
                .iter()
                .filter_map(|l| quotes.get(l.as_str()).map(|q| (l.clone(), q.to_string())))
                .collect();
            let answered_by = answered.get(a.id.as_str()).copied().unwrap_or(0);
            let link_options = if selected { options.clone() } else { none.clone() };
            let on_claimant = {
                let (d, id) = (d.clone(), id.clone());
                Callback::from(move |claimant: String| d.annotator(AnnotatorAction::Claimant { id: id.clone(), claimant, now: effects::now() }))
            };
            let on_verdict = {
                let (d, id) = (d.clone(), id.clone());
                Callback::from(move |verdict: String| d.annotator(AnnotatorAction::Verdict { id: id.clone(), verdict, now: effects::now() }))
            };
            let on_links = {
                let (d, id) = (d.clone(), id.clone());
                Callback::from(move |links: Vec<String>| d.annotator(AnnotatorAction::Links { id: id.clone(), links, now: effects::now() }))
            };
            let on_show = {
                let d = d.clone();
                Callback::from(move |other: String| d.list(ListAction::Focus { id: Some(other), jump: true }))
            };
            let on_focus = {
                let (d, id) = (d.clone(), id.clone());
                Callback::from(move |_| d.list(ListAction::Focus { id: Some(id.clone()), jump: true }))
            };
            let on_retag = {
                let (d, id) = (d.clone(), id.clone());
                Callback::from(move |tag: Tag| d.annotator(AnnotatorAction::Retag { id: id.clone(), tag, now: effects::now() }))
            };
            let on_note = {
                let (d, id) = (d.clone(), id.clone());
                Callback::from(move |note: String| d.annotator(AnnotatorAction::Note { id: id.clone(), note, now: effects::now() }))
            };
            let on_delete = {
                let (d, id) = (d.clone(), id.clone());
                Callback::from(move |_| d.annotator(AnnotatorAction::Delete { id: id.clone() }))
            };
            let on_reattach = {
                let (d, id) = (d.clone(), id.clone());
                Callback::from(move |_| {
                    let state = d.state();
                    let live = dom::article_element()
                        .and_then(|el| dom::selection::selected_range(&el, state.session().doc()));
                    d.annotator(AnnotatorAction::Reattach { id: id.clone(), live, now: effects::now() })
                })
            };
            html! {
                <AnnotationItem key={id.clone()} annotation={(*a).clone()} tags={props.tags.clone()} {selected}
                    can_reattach={props.can_reattach} {on_focus} {on_retag} {on_note} {on_delete} {on_reattach}
                    scale={props.scale.clone()} {answers} {answered_by} {link_options} {on_claimant} {on_verdict} {on_links} {on_show} />
            }
        })
        .collect();
    let shown = visible.len();
    let earlier = {
        let (start, grow) = (start.clone(), grow.clone());
        Callback::from(move |_| {
            *start.borrow_mut() = from.saturating_sub(WINDOW);
            grow.set(grow.wrapping_add(1));
        })
    };
    let later = {
        let (start, grow) = (start.clone(), grow.clone());
        Callback::from(move |_| {
            *start.borrow_mut() = to;
            grow.set(grow.wrapping_add(1));
        })
    };
    html! {
        <>
            if from > 0 {
                <button type="button" class="link more" onclick={earlier}>{ format!("Show earlier ({from} more)") }</button>
            }
            <ol class="annotation-list" data-testid="annotation-list" data-count={shown.to_string()} tabindex="-1" aria-label={format!("{shown} of {total} annotations")}>
                { for items }
            </ol>
            if to < visible.len() {
                <button type="button" class="link more" onclick={later}>{ format!("Show later ({} more)", visible.len() - to) }</button>
            }
            if total > 0 && shown == 0 {
                <p class="empty">{ "No annotation matches the filter." }</p>
            }
        </>
    }
}
