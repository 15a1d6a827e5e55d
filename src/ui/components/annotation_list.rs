//! The annotation list: counts per tag (which also filter), search, statistics, the items.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::model::{Command, Tag};
use crate::ui::components::annotation_item::AnnotationItem;
use crate::ui::components::stats::Stats;
use crate::ui::effects;
use crate::ui::state::{Action, AppContext};

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
    let visible = ctx.visible_ids();
    let items: Vec<Html> = visible
        .iter()
        .filter_map(|id| session.get(id))
        .map(|a| {
            let id = a.id.clone();
            let on_focus = {
                let (ctx, id) = (ctx.clone(), id.clone());
                Callback::from(move |_| ctx.dispatch(Action::Focus { id: Some(id.clone()), jump: true }))
            };
            let on_retag = {
                let (ctx, id) = (ctx.clone(), id.clone());
                Callback::from(move |tag: Tag| ctx.dispatch(Action::Run(Command::Retag { id: id.clone(), tag, now: effects::now() })))
            };
            let on_note = {
                let (ctx, id) = (ctx.clone(), id.clone());
                Callback::from(move |note: String| ctx.dispatch(Action::Run(Command::SetNote { id: id.clone(), note, now: effects::now() })))
            };
            let on_delete = {
                let (ctx, id) = (ctx.clone(), id.clone());
                Callback::from(move |_| {
                    // Keep keyboard focus in the list: on the next item's quote, else the list.
                    crate::ui::app::refocus_after_delete(&id);
                    ctx.dispatch(Action::Run(Command::Delete { id: id.clone() }));
                })
            };
            let on_reattach = {
                let (ctx, id) = (ctx.clone(), id.clone());
                Callback::from(move |_| effects::reattach(&ctx, &id))
            };
            html! {
                <AnnotationItem key={id.clone()} annotation={a.clone()} selected={ctx.selected.as_deref() == Some(a.id.as_str())}
                    can_reattach={ctx.pending.is_some()} {on_focus} {on_retag} {on_note} {on_delete} {on_reattach} />
            }
        })
        .collect();
    drop(session);

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
    let shown = items.len();
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
            <ol class="annotation-list" data-testid="annotation-list" tabindex="-1" aria-label={format!("{shown} of {total} annotations")}>
                { for items }
            </ol>
            if total == 0 {
                <p class="empty">{ "Select words in the article, then press " }<kbd>{"1"}</kbd>{ " Statement, " }<kbd>{"2"}</kbd>{ " Agreement or " }<kbd>{"3"}</kbd>{ " Dispute." }</p>
            } else if shown == 0 {
                <p class="empty">{ "No annotation matches the filter." }</p>
            }
            <p class="keys muted">{ "j / k move through the list · Ctrl+Z undo · Ctrl+Shift+Z redo" }</p>
        </aside>
    }
}
