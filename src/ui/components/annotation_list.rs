//! The annotation list: counts per tag (which also filter), search, statistics, the items.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::model::{Command, Tag};
use crate::ui::components::annotation_item::AnnotationItem;
use crate::ui::components::stats::Stats;
use crate::ui::effects;
use crate::ui::state::{visible_ids, Action, AppContext, AppState, ListView, SessionRef};

/// How many items the list renders at once; longer lists show a window around the selection.
const WINDOW: usize = 150;

#[component]
pub fn AnnotationList() -> Html {
    let ctx = use_context::<AppContext>().expect("AnnotationList is inside the app's context");
    let session = ctx.session();
    let all = session.annotations();
    let counts: Vec<(Tag, usize)> = Tag::ALL
        .iter()
        .map(|&t| (t, all.iter().filter(|a| a.tag == t).count()))
        .collect();
    let total = all.len();
    drop(session);
    let body = html! {
        <ListBody session={ctx.session_ref()} revision={ctx.revision} selected={ctx.selected.clone()} list={ctx.list.clone()}
            can_reattach={ctx.pending.is_some()} focus_serial={ctx.focus_serial} dispatch={ctx.dispatcher()} />
    };

    let chip = |filter: Option<Tag>, label: String, count: usize| {
        let ctx = ctx.clone();
        let active = ctx.list.filter == filter;
        let onclick = Callback::from(move |_| ctx.dispatch(Action::Filter(filter)));
        let class = classes!("chip", filter.map(|t| t.key()), active.then_some("active"));
        html! {
            <button type="button" {class} aria-pressed={active.to_string()} {onclick} data-testid={format!("filter-{}", filter.map_or("all", |t| t.key()))}>
                if let Some(_) = filter { <span class="swatch" aria-hidden="true"></span> }
                { label }<span class="count">{ count }</span>
            </button>
        }
    };
    let on_search = {
        let ctx = ctx.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            ctx.dispatch(Action::Search(input.value()));
        })
    };
    html! {
        <aside class="sidebar" aria-label="Annotations">
            <div class="sidebar-head">
                <h2>{ "Claims" }</h2>
                <div class="chips" role="group" aria-label="Filter by tag">
                    { chip(None, "All".into(), total) }
                    { for counts.iter().map(|&(t, n)| chip(Some(t), t.label().into(), n)) }
                </div>
                <input type="search" class="search" placeholder="Search quotes and notes" aria-label="Search quotes and notes"
                    value={ctx.list.query.clone()} oninput={on_search} data-testid="annotation-search" />
                <Stats counts={counts.clone()} />
            </div>
            { body }
            if total == 0 {
                <p class="empty">{ "Select words in the article, then press " }<kbd>{"1"}</kbd>{ " Statement, " }<kbd>{"2"}</kbd>{ " Agreement or " }<kbd>{"3"}</kbd>{ " Dispute." }</p>
            }
            <p class="keys muted">{ "j / k move through the list · Ctrl+Z undo · Ctrl+Shift+Z redo" }</p>
        </aside>
    }
}

#[derive(Properties, PartialEq)]
struct ListBodyProps {
    session: SessionRef,
    revision: u64,
    selected: Option<String>,
    list: ListView,
    can_reattach: bool,
    focus_serial: u64,
    dispatch: UseReducerDispatcher<AppState>,
}

/// The items. A component of its own so that a state change that leaves the list as it was
/// (a text selection, a status message) does not rebuild it.
#[component]
fn ListBody(props: &ListBodyProps) -> Html {
    let start = use_state(|| 0usize);
    let session = props.session.borrow();
    let visible = visible_ids(&session, &props.list);
    let total = session.annotations().len();
    // A window of the list, moved to show the selected item when it is outside.
    let sel_index = props
        .selected
        .as_ref()
        .and_then(|s| visible.iter().position(|v| v == s));
    let mut from = (*start).min(visible.len().saturating_sub(WINDOW));
    if let Some(i) = sel_index {
        if i < from || i >= from + WINDOW {
            from = i.saturating_sub(WINDOW / 3);
        }
    }
    let to = (from + WINDOW).min(visible.len());
    let d = &props.dispatch;
    let items: Vec<Html> = visible[from..to]
        .iter()
        .filter_map(|id| session.get(id))
        .map(|a| {
            let id = a.id.clone();
            let on_focus = {
                let (d, id) = (d.clone(), id.clone());
                Callback::from(move |_| d.dispatch(Action::Focus { id: Some(id.clone()), jump: true }))
            };
            let on_retag = {
                let (d, id) = (d.clone(), id.clone());
                Callback::from(move |tag: Tag| d.dispatch(Action::Run(Command::Retag { id: id.clone(), tag, now: effects::now() })))
            };
            let on_note = {
                let (d, id) = (d.clone(), id.clone());
                Callback::from(move |note: String| d.dispatch(Action::Run(Command::SetNote { id: id.clone(), note, now: effects::now() })))
            };
            let on_delete = {
                let (d, id) = (d.clone(), id.clone());
                Callback::from(move |_| {
                    // Keep keyboard focus in the list: on the next item's quote, else the list.
                    crate::ui::app::refocus_after_delete(&id);
                    d.dispatch(Action::Run(Command::Delete { id: id.clone() }));
                })
            };
            let on_reattach = {
                let (d, id, session) = (d.clone(), id.clone(), props.session.clone());
                Callback::from(move |_| effects::reattach(&d, &session, &id))
            };
            html! {
                <AnnotationItem key={id.clone()} annotation={a.clone()} selected={props.selected.as_deref() == Some(a.id.as_str())}
                    can_reattach={props.can_reattach} {on_focus} {on_retag} {on_note} {on_delete} {on_reattach} />
            }
        })
        .collect();
    let shown = visible.len();
    let earlier = {
        let start = start.clone();
        Callback::from(move |_| start.set(from.saturating_sub(WINDOW)))
    };
    let later = {
        let start = start.clone();
        Callback::from(move |_| start.set(to))
    };
    html! {
        <>
            if from > 0 {
                <button type="button" class="link more" onclick={earlier}>{ format!("Show earlier ({from} more)") }</button>
            }
            <ol class="annotation-list" data-testid="annotation-list" tabindex="-1" aria-label={format!("{shown} of {total} annotations")}>
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
