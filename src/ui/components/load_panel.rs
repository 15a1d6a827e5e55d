//! Opening an article: paste, file, drag and drop, a URL, or one of the recent articles.

use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::app::{messages, AnnotatorAction, Recent};
use crate::ui::components::use_dispatch;
use crate::ui::{dom, io};

#[derive(Properties, PartialEq)]
pub(crate) struct LoadPanelProps {
    /// The articles kept in this browser, and the open one's slot (not listed).
    pub recent: Rc<Vec<Recent>>,
    pub slot: Rc<str>,
}

#[component]
pub(crate) fn LoadPanel(props: &LoadPanelProps) -> Html {
    let ctx = use_dispatch();
    let text = use_node_ref();
    let url = use_node_ref();
    let dragging = use_state(|| false);

    // A file dropped anywhere on the page opens as the article (or imports, for JSON).
    {
        let (ctx, dragging) = (ctx.clone(), dragging.clone());
        use_effect_with((), move |_| {
            let doc = gloo::utils::document();
            let opts = EventListenerOptions::enable_prevent_default();
            let d2 = dragging.clone();
            let over = EventListener::new_with_options(&doc, "dragover", opts, move |e| {
                e.prevent_default();
                d2.set(true);
            });
            let d3 = dragging.clone();
            let leave = EventListener::new(&doc, "dragleave", move |e| {
                if e.dyn_ref::<web_sys::DragEvent>()
                    .is_some_and(|d| d.related_target().is_none())
                {
                    d3.set(false);
                }
            });
            let drop_l = EventListener::new_with_options(&doc, "drop", opts, move |e| {
                e.prevent_default();
                dragging.set(false);
                let Some(file) = e
                    .dyn_ref::<web_sys::DragEvent>()
                    .and_then(|d| d.data_transfer())
                    .and_then(|t| t.files())
                    .and_then(|f| f.get(0))
                else {
                    return;
                };
                let name = file.name().to_lowercase();
                if name.ends_with(".json") || name.ends_with(".jsonld") {
                    io::import_file(ctx.clone(), file);
                } else {
                    io::load_file(ctx.clone(), file);
                }
            });
            move || drop((over, leave, drop_l))
        });
    }

    let on_paste = {
        let (ctx, text) = (ctx.clone(), text.clone());
        Callback::from(move |_| {
            let Some(area) = text.cast::<HtmlTextAreaElement>() else {
                return;
            };
            io::load_pasted(&ctx, &area.value());
            area.set_value("");
        })
    };
    let on_file = {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            if let Some(file) = dom::files::take_files(&e).into_iter().next() {
                io::load_file(ctx.clone(), file);
            }
        })
    };
    let on_url = {
        let (ctx, url) = (ctx.clone(), url.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(input) = url.cast::<HtmlInputElement>() else {
                return;
            };
            io::load_url(ctx.clone(), input.value());
        })
    };
    let on_sample = {
        let ctx = ctx.clone();
        Callback::from(move |_| ctx.annotator(AnnotatorAction::OpenArticle(crate::app::sample())))
    };
    let recent: Vec<&Recent> = props
        .recent
        .iter()
        .filter(|r| *r.slot != *props.slot)
        .collect();
    let has_recent = !recent.is_empty();
    let recent_items = recent.into_iter().map(|r| {
        let ctx = ctx.clone();
        let slot = r.slot.clone();
        let onclick = Callback::from(move |_| ctx.annotator(AnnotatorAction::OpenRecent(slot.clone())));
        html! {
            <li><button type="button" class="link" {onclick}>{ r.title.clone() }</button>
                <span class="muted">{ format!(" · {} annotation{}", r.annotations, messages::plural(r.annotations)) }</span></li>
        }
    });

    html! {
        <section class={classes!("load-panel", (*dragging).then_some("dragging"))} aria-label="Open an article">
            <h2 class="panel-title">{ "Open an article" }<span class="muted">{ " — paste, choose a file, drop one on the page, or fetch a link" }</span></h2>
            <div class="load-grid">
                <div class="load-paste">
                    <textarea ref={text} data-testid="load-text" rows="3" placeholder="Paste the article's text (or its HTML) here" aria-label="Article text to load" />
                    <button type="button" class="primary" data-testid="load-text-submit" onclick={on_paste}>{ "Load text" }</button>
                </div>
                <div class="load-other">
                    <label class="button file-button">{ "Choose file…" }
                        <input type="file" data-testid="load-file" accept=".txt,.md,.markdown,.html,.htm,text/plain,text/markdown,text/html" onchange={on_file} />
                    </label>
                    <form class="load-url" onsubmit={on_url}>
                        <input ref={url} type="url" placeholder="https://…" aria-label="Article address" data-testid="load-url" />
                        <button type="submit">{ "Fetch" }</button>
                    </form>
                    <button type="button" class="link" onclick={on_sample}>{ "Open the sample article" }</button>
                </div>
            </div>
            if has_recent {
                <div class="recent"><h3>{ "Recent" }</h3><ul>{ for recent_items }</ul></div>
            }
        </section>
    }
}
