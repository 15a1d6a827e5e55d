//! The articles panel: open a new article (paste, a file, a link, the sample, or a file dropped
//! anywhere on the page) and the articles kept in this browser (open one, delete one), with the
//! room they take. Folded away while an article is read; the toolbar's "Articles" unfolds it.
//! It stays mounted while folded, so a file dropped on the page still opens, and its fields
//! stay in the document.

use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::app::articles::{article_facts, delete_question, room};
use crate::app::{
    messages, Action, AnnotatorAction, Articles, ArticlesAction, Recent, StorageInfo,
};
use crate::ui::components::use_dispatch;
use crate::ui::store::Dispatch;
use crate::ui::{dom, io};

/// The panel's id, for the toggle's `aria-controls`.
pub(crate) const PANEL_ID: &str = "articles-panel";

/// Screens at least this wide have room for the unfolded panel above the article on a first
/// visit; narrower ones (phones) start with the article.
const ROOMY_WIDTH: f64 = 641.0;

#[derive(Properties, PartialEq)]
pub(crate) struct ArticlesPanelProps {
    /// The articles kept in this browser, newest first, and the open one's slot.
    pub recent: Rc<Vec<Recent>>,
    pub slot: Rc<str>,
    /// Folded or not, and the article waiting for "delete?".
    pub panel: Articles,
    pub storage: StorageInfo,
    /// Nothing of the person's own is kept yet ([`crate::app::articles::first_visit`]); read
    /// once, when the page starts.
    pub first_visit: bool,
}

fn send(d: &Dispatch, a: ArticlesAction) {
    d.send(Action::Articles(a));
}

#[component]
pub(crate) fn ArticlesPanel(props: &ArticlesPanelProps) -> Html {
    let ctx = use_dispatch();
    let text = use_node_ref();
    let url = use_node_ref();
    let cancel = use_node_ref();
    let dragging = use_state(|| false);

    // At start: unfolded on a first visit, where there is room for it.
    {
        let (ctx, first_visit) = (ctx.clone(), props.first_visit);
        use_effect_with((), move |_| {
            let roomy = gloo::utils::window()
                .inner_width()
                .ok()
                .and_then(|w| w.as_f64())
                .is_some_and(|w| w >= ROOMY_WIDTH);
            if first_visit && roomy {
                send(&ctx, ArticlesAction::Show(true));
            }
        });
    }
    // Another article opened (from here, a dropped file, an exercise): fold away, to read it.
    {
        let ctx = ctx.clone();
        let last = use_mut_ref(|| None::<Rc<str>>);
        use_effect_with(props.slot.clone(), move |slot| {
            let before = last.borrow_mut().replace(slot.clone());
            if before.is_some_and(|b| b != *slot) {
                send(&ctx, ArticlesAction::Show(false));
            }
        });
    }
    // Asked "delete?": the question's Cancel takes the focus (the safe answer).
    {
        let cancel = cancel.clone();
        use_effect_with(props.panel.deleting.clone(), move |deleting| {
            if deleting.is_some() {
                if let Some(b) = cancel.cast::<HtmlElement>() {
                    let _ = b.focus();
                }
            }
        });
    }

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
                    send(&ctx, ArticlesAction::CancelDelete);
                    io::load_file(ctx.clone(), file);
                }
            });
            move || drop((over, leave, drop_l))
        });
    }

    // Opening an article drops a "delete?" still waiting, so no two questions are asked at once.
    let opening = {
        let ctx = ctx.clone();
        move || send(&ctx, ArticlesAction::CancelDelete)
    };
    let on_paste = {
        let (ctx, text, opening) = (ctx.clone(), text.clone(), opening.clone());
        Callback::from(move |_| {
            let Some(area) = text.cast::<HtmlTextAreaElement>() else {
                return;
            };
            opening();
            io::load_pasted(&ctx, dom::FieldText::read(&area));
            // Emptied once the article is shown: emptying a megabyte lays the field out again.
            dom::after_paint(move || area.set_value(""));
        })
    };
    let on_file = {
        let (ctx, opening) = (ctx.clone(), opening.clone());
        Callback::from(move |e: Event| {
            if let Some(file) = dom::files::take_files(&e).into_iter().next() {
                opening();
                io::load_file(ctx.clone(), file);
            }
        })
    };
    let on_url = {
        let (ctx, url, opening) = (ctx.clone(), url.clone(), opening.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(input) = url.cast::<HtmlInputElement>() else {
                return;
            };
            opening();
            io::load_url(ctx.clone(), input.value());
        })
    };
    let on_sample = {
        let (ctx, opening) = (ctx.clone(), opening.clone());
        Callback::from(move |_| {
            opening();
            ctx.annotator(AnnotatorAction::OpenArticle(crate::app::sample()));
        })
    };

    let now = dom::now_millis();
    let deleting = props.panel.deleting.as_deref();
    let rows = props.recent.iter().map(|r| {
        let is_open = *r.slot == *props.slot;
        let on_open = {
            let (ctx, slot, opening) = (ctx.clone(), r.slot.clone(), opening.clone());
            Callback::from(move |_| {
                opening();
                ctx.annotator(AnnotatorAction::OpenRecent(slot.clone()));
            })
        };
        let on_delete = {
            let (ctx, slot) = (ctx.clone(), r.slot.clone());
            Callback::from(move |_| send(&ctx, ArticlesAction::Delete { slot: slot.clone() }))
        };
        let asking = deleting == Some(r.slot.as_str());
        let confirm = asking.then(|| {
            let on_yes = {
                let ctx = ctx.clone();
                Callback::from(move |_| send(&ctx, ArticlesAction::ConfirmDelete))
            };
            let on_no = {
                let ctx = ctx.clone();
                Callback::from(move |_| send(&ctx, ArticlesAction::CancelDelete))
            };
            let on_key = {
                let ctx = ctx.clone();
                Callback::from(move |e: KeyboardEvent| {
                    if e.key() == "Escape" {
                        e.stop_propagation();
                        send(&ctx, ArticlesAction::CancelDelete);
                    }
                })
            };
            html! {
                <div class="delete-confirm" role="group" aria-label="Confirm deletion" onkeydown={on_key}>
                    <p dir="auto">{ delete_question(&r.title, r.annotations) }</p>
                    <div class="delete-actions">
                        <button type="button" class="danger" data-testid="confirm-ok" onclick={on_yes}>{ "Delete" }</button>
                        <button type="button" ref={cancel.clone()} data-testid="confirm-cancel" onclick={on_no}>{ "Cancel" }</button>
                    </div>
                </div>
            }
        });
        // The names start with the buttons' words; the titles say why one is disabled.
        let open_name = format!("Open “{}”", r.title);
        let delete_name = format!("Delete “{}”", r.title);
        let (open_title, delete_title) = if is_open {
            (
                "You are reading this article".to_string(),
                "You are reading this article: open another one first, then delete this one"
                    .to_string(),
            )
        } else {
            (open_name.clone(), format!("Delete “{}” from this browser", r.title))
        };
        html! {
            <li key={r.slot.clone()} class={classes!("article-row", is_open.then_some("current"), asking.then_some("asking"))}
                data-testid="article-row" data-slot={r.slot.clone()} data-open={is_open.to_string()}>
                <div class="article-info">
                    <span class="article-line">
                        <span class="article-name" dir="auto" title={r.title.clone()}>{ r.title.clone() }</span>
                        if is_open { <span class="badge">{ "reading" }</span> }
                    </span>
                    <span class="article-facts muted">{ article_facts(r.annotations, r.bytes, r.saved, now) }</span>
                </div>
                <div class="article-actions">
                    <button type="button" data-testid="article-open" disabled={is_open} title={open_title} aria-label={open_name}
                        onclick={on_open}>{ "Open" }</button>
                    <button type="button" class="delete-article" data-testid="article-delete" disabled={is_open || asking} title={delete_title}
                        aria-label={delete_name} onclick={on_delete}>{ "Delete" }</button>
                </div>
                { for confirm }
            </li>
        }
    });
    let count = props.recent.len();
    let s = &props.storage;
    let room_line = room(s);
    let full = messages::storage_nearly_full(s);

    html! {
        <>
        <section id={PANEL_ID} class={classes!("articles-panel", (*dragging).then_some("dragging"))} hidden={!props.panel.open}
            aria-label="Articles" data-testid="articles-panel">
            <div class="articles-grid">
                <div class="articles-new">
                    <h2 class="panel-title">{ "Open an article" }</h2>
                    <p class="panel-hint muted">{ "Paste it, choose a file, drop one anywhere on the page, or fetch a link." }</p>
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
                            <button type="submit" data-testid="load-url-submit">{ "Fetch" }</button>
                        </form>
                    </div>
                    <button type="button" class="link" data-testid="open-sample" onclick={on_sample}>{ "Open the sample article" }</button>
                </div>
                <div class="articles-kept">
                    <h2 class="panel-title">{ "In this browser" }<span class="muted">{ format!(" · {count} article{}", messages::plural(count)) }</span></h2>
                    if count == 0 {
                        <p class="muted empty-list">{ "No article is kept here yet: the one you open is kept as you work." }</p>
                    } else {
                        <ul class="articles-list" data-testid="articles-list">{ for rows }</ul>
                    }
                    if let Some(line) = room_line {
                        <p class="room muted" data-testid="storage-room">{ line }</p>
                    }
                    if let Some(warning) = full {
                        <p class="notice warning room-warning">{ warning }</p>
                    }
                    if let Some(why) = s.unavailable.as_deref() {
                        <p class="notice warning room-warning">{ messages::storage_unavailable(why) }</p>
                    }
                </div>
            </div>
        </section>
        if *dragging {
            <div class="drop-hint" aria-hidden="true"><span>{ "Drop a file to open it (an annotation file to import it)" }</span></div>
        }
        </>
    }
}
