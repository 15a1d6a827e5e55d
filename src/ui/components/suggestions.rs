//! Suggested claims: the Suggest button, accepting all above a confidence, and the list of
//! suggestions, each with its tag, confidence, claimant and why it was suggested. An item with
//! focus takes keys: `A` or `Enter` accepts it, `D`, `Delete` or `Backspace` dismisses it.

use std::rc::Rc;
use std::sync::Arc;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::app::{messages, Action, SuggestAction};
use crate::model::suggest::{NotSupported, Suggestion};
use crate::model::{Document, TagSet};
use crate::ui::components::{tag_class, use_dispatch};
use crate::ui::{dom, effects};

/// How many suggestions the list shows at once (a long article may have thousands): the first
/// ones in text order; accepting or dismissing brings the next ones up.
const WINDOW: usize = 150;

/// The confidences offered for "accept all at or above".
const THRESHOLDS: [u8; 5] = [90, 80, 70, 60, 50];

#[derive(Properties, PartialEq)]
pub(crate) struct SuggestionsProps {
    /// The suggestions waiting for the open text.
    pub items: Rc<Vec<Suggestion>>,
    pub doc: Arc<Document>,
    pub tags: TagSet,
    /// Why none were made, when the text is not English.
    pub unsupported: Option<NotSupported>,
}

#[component]
pub(crate) fn SuggestionsPanel(props: &SuggestionsProps) -> Html {
    let d = use_dispatch();
    let threshold = use_state(|| 70u8);
    let send = {
        let d = d.clone();
        move |a: SuggestAction| d.send(Action::Suggest(a))
    };
    let on_suggest = {
        let send = send.clone();
        Callback::from(move |_| {
            dom::mark("suggest-start");
            send(SuggestAction::Ask);
            dom::mark("suggest-end");
        })
    };
    let on_threshold = {
        let threshold = threshold.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(v) = select.value().parse::<u8>() {
                threshold.set(v);
            }
        })
    };
    let on_accept_all = {
        let send = send.clone();
        let percent = *threshold;
        Callback::from(move |_| {
            send(SuggestAction::AcceptAbove {
                percent,
                fresh: effects::fresh(),
            })
        })
    };
    let on_clear = {
        let send = send.clone();
        Callback::from(move |_| send(SuggestAction::Clear))
    };
    let count = props.items.len();
    let items: Html = props
        .items
        .iter()
        .take(WINDOW)
        .enumerate()
        .map(|(i, s)| item(props, s, i, &send))
        .collect();
    html! {
        <section class={classes!("suggestions", (count > 0 || props.unsupported.is_some()).then_some("open"))} aria-label="Suggested claims">
            <div class="suggestions-head">
                <button type="button" data-testid="suggest" onclick={on_suggest}
                    title="Suggest claims in this article: reported speech, quotations, agreeing and disputing, figures">
                    { "Suggest claims" }
                </button>
                if count > 0 {
                    <span class="suggestions-count" aria-live="polite">{ format!("{count} suggested") }</span>
                    <label class="suggestions-threshold">
                        { "Accept all ≥ " }
                        <select data-testid="suggestion-threshold" onchange={on_threshold}>
                            { for THRESHOLDS.iter().map(|&t| html! {
                                <option value={t.to_string()} selected={t == *threshold}>{ format!("{t}%") }</option>
                            }) }
                        </select>
                    </label>
                    <button type="button" data-testid="suggestion-accept-all" onclick={on_accept_all}>{ "Accept all" }</button>
                    <button type="button" class="quiet" data-testid="suggestion-clear" onclick={on_clear}>{ "Dismiss all" }</button>
                }
            </div>
            if let Some(why) = props.unsupported {
                <p class="suggestions-note" role="status">{ messages::not_english(why) }</p>
            }
            if count > 0 {
                <p class="suggestions-note">{ "Outlined with dashes in the article; none is saved or exported until you accept it. Keys on an item: A accept, D dismiss." }</p>
                <ol class="suggestion-list" data-testid="suggestion-list" data-count={count.to_string()}>{ items }</ol>
                if count > WINDOW {
                    <p class="suggestions-note">{ format!("Showing the first {WINDOW} of {count}.") }</p>
                }
            }
        </section>
    }
}

fn item(
    props: &SuggestionsProps,
    s: &Suggestion,
    index: usize,
    send: &(impl Fn(SuggestAction) + Clone + 'static),
) -> Html {
    let start = s.range.start;
    let label = s.tag.map_or("no tag", |t| props.tags.label(t)).to_string();
    let class = s.tag.and_then(|t| tag_class(&props.tags, t));
    let quote = messages::short(props.doc.slice(s.range));
    let why = messages::suggestion_reasons(&s.reasons);
    let accept = {
        let send = send.clone();
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            send(SuggestAction::Accept {
                start,
                fresh: effects::fresh(),
            });
            refocus(index);
        })
    };
    let reject = {
        let send = send.clone();
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            send(SuggestAction::Reject { start });
            refocus(index);
        })
    };
    let show = {
        let send = send.clone();
        Callback::from(move |_| send(SuggestAction::Show { start }))
    };
    let on_key = {
        let send = send.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.ctrl_key() || e.meta_key() || e.alt_key() {
                return;
            }
            let action = match e.key().as_str() {
                "a" | "A" | "Enter" => SuggestAction::Accept {
                    start,
                    fresh: effects::fresh(),
                },
                "d" | "D" | "Delete" | "Backspace" => SuggestAction::Reject { start },
                _ => return,
            };
            e.prevent_default();
            e.stop_propagation();
            send(action);
            refocus(index);
        })
    };
    html! {
        <li class={classes!("suggestion", class)} data-testid="suggestion-item" tabindex="0"
            data-start={s.range.start.to_string()} data-end={s.range.end.to_string()}
            data-tag={s.tag.map_or("", |t| t.id())} data-confidence={format!("{:.2}", s.confidence)}
            onkeydown={on_key}>
            <div class="suggestion-head">
                <span class="suggestion-tag"><span class="swatch" aria-hidden="true"></span>{ label }</span>
                <span class="suggestion-confidence" title="How sure the rules are">{ format!("{:.0}%", s.confidence * 100.0) }</span>
                if let Some(c) = &s.claimant {
                    <span class="suggestion-claimant">{ format!("by {c}") }</span>
                }
                <span class="suggestion-actions">
                    <button type="button" class="primary" data-testid="suggestion-accept" onclick={accept}>{ "Accept" }</button>
                    <button type="button" data-testid="suggestion-reject" onclick={reject}>{ "Dismiss" }</button>
                </span>
            </div>
            <button type="button" class="suggestion-quote" onclick={show} title="Show in the article">{ quote }</button>
            <p class="suggestion-why">{ format!("Why: {why}") }</p>
        </li>
    }
}

/// Keeps keyboard focus in the list: on the item that took the handled one's place.
fn refocus(index: usize) {
    gloo::timers::callback::Timeout::new(0, move || {
        let n = index + 1;
        if !dom::focus(&format!("[data-testid=suggestion-item]:nth-child({n})")) && index > 0 {
            dom::focus(&format!("[data-testid=suggestion-item]:nth-child({index})"));
        }
    })
    .forget();
}
