//! One annotation in the list: its quote, tag, note and status.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::model::{Annotation, RatingScale, Status, Tag, TagSet};
use crate::ui::components::tag_class;

#[derive(Properties, PartialEq)]
pub(crate) struct AnnotationItemProps {
    pub annotation: Annotation,
    pub tags: TagSet,
    pub selected: bool,
    /// Whether there is a text selection an orphan could be re-attached to.
    pub can_reattach: bool,
    pub on_focus: Callback<()>,
    pub on_retag: Callback<Tag>,
    pub on_note: Callback<String>,
    pub on_delete: Callback<()>,
    pub on_reattach: Callback<()>,
    /// The verdicts to choose from.
    pub scale: RatingScale,
    /// The claims this one answers that the article holds: (id, quote).
    pub answers: Vec<(String, String)>,
    /// How many annotations answer this one.
    pub answered_by: usize,
    /// What it could answer (the other annotations: id, quote); only for the selected item.
    pub link_options: Rc<Vec<(String, String)>>,
    pub on_claimant: Callback<String>,
    pub on_verdict: Callback<String>,
    pub on_links: Callback<Vec<String>>,
    /// Select another annotation (a link's other end).
    pub on_show: Callback<String>,
}

/// The id of the list's `<datalist>` of the names the article's reporting verbs point at.
pub(crate) const CLAIMANTS_LIST: &str = "claimant-names";

#[component]
pub(crate) fn AnnotationItem(props: &AnnotationItemProps) -> Html {
    let a = &props.annotation;
    let status = a.status;
    let on_focus = {
        let cb = props.on_focus.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let on_key = {
        let cb = props.on_focus.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                cb.emit(());
            }
        })
    };
    let on_note = {
        let cb = props.on_note.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            cb.emit(area.value());
        })
    };
    let on_delete = {
        let cb = props.on_delete.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let on_reattach = {
        let cb = props.on_reattach.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let on_claimant = {
        let cb = props.on_claimant.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            cb.emit(input.value());
        })
    };
    let on_verdict = {
        let cb = props.on_verdict.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            cb.emit(select.value());
        })
    };
    let current: Vec<String> = a.claim.links.clone();
    let on_answer = {
        let (cb, current) = (props.on_links.clone(), current.clone());
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let id = select.value();
            if !id.is_empty() && !current.contains(&id) {
                let mut links = current.clone();
                links.push(id);
                cb.emit(links);
            }
            select.set_value("");
        })
    };
    let verdict = a.claim.verdict.clone().unwrap_or_default();
    let mut ratings: Vec<String> = props
        .scale
        .ratings()
        .iter()
        .map(|r| r.label.clone())
        .collect();
    if !verdict.is_empty() && !ratings.contains(&verdict) {
        // A verdict from an earlier scale stays choosable until changed.
        ratings.push(verdict.clone());
    }
    let rating_options = ratings.iter().map(|r| {
        html! { <option value={r.clone()} selected={*r == verdict}>{ r.clone() }</option> }
    });
    let answers = props.answers.iter().map(|(id, quote)| {
        let remove = {
            let (cb, current, id) = (props.on_links.clone(), current.clone(), id.clone());
            Callback::from(move |_| cb.emit(current.iter().filter(|l| **l != id).cloned().collect()))
        };
        let show = {
            let (cb, id) = (props.on_show.clone(), id.clone());
            Callback::from(move |_| cb.emit(id.clone()))
        };
        html! {
            <li class="link-chip" data-testid="annotation-link" data-target={id.clone()}>
                <button type="button" class="link" onclick={show} title="Show the claim it answers">{ format!("↳ “{}”", short(quote)) }</button>
                <button type="button" class="icon" onclick={remove} aria-label="Remove this link" title="Remove this link">{ "×" }</button>
            </li>
        }
    });
    let link_options = props
        .link_options
        .iter()
        .filter(|(id, _)| *id != a.id && !current.contains(id))
        .map(|(id, quote)| html! { <option value={id.clone()}>{ short(quote) }</option> });
    let set = &props.tags;
    let tags = set.iter().enumerate().map(|(i, def)| {
        let t = def.id;
        let cb = props.on_retag.clone();
        let onclick = Callback::from(move |_| cb.emit(t));
        let active = t == a.tag;
        html! {
            <button type="button" class={classes!("retag", crate::model::tags::slot_class(i), active.then_some("active"))} aria-pressed={active.to_string()}
                title={format!("Tag as {}", def.label)} {onclick} data-testid={format!("retag-{}", t.id())}>{ def.label.clone() }</button>
        }
    });
    let look = tag_class(set, a.tag);
    let status_text = match status {
        Status::Anchored => None,
        Status::Relocated { score } => Some(format!("relocated · {:.0}% match", score * 100.0)),
        Status::Orphaned => Some("orphaned · not found in the text".to_string()),
    };
    html! {
        <li class={classes!("annotation-item", look.clone(), props.selected.then_some("selected"), status.key())}
            data-testid="annotation-item" data-id={a.id.clone()} data-tag={a.tag.id()}
            data-start={a.range.start.to_string()} data-end={a.range.end.to_string()} data-status={status.key()}
            aria-current={props.selected.then_some("true")}>
            <div class="item-head">
                <span class={classes!("tag-label", look)}><span class="swatch" aria-hidden="true"></span>{ set.label(a.tag).to_string() }</span>
                if let Some(text) = status_text { <span class={classes!("status-badge", status.key())}>{ text }</span> }
                if props.answered_by > 0 {
                    <span class="link-badge" data-testid="answered-by" title="Agreements and disputes answer this claim">
                        { format!("↲ {} answer{}", props.answered_by, if props.answered_by == 1 { "" } else { "s" }) }</span>
                }
                <button type="button" class="icon delete" data-testid="annotation-delete" title="Delete" aria-label="Delete annotation" onclick={on_delete}>
                    <svg viewBox="0 0 16 16" width="15" height="15" aria-hidden="true"><path d="M3 4h10M6.5 4V2.5h3V4M4.5 4l.7 9.5h5.6l.7-9.5M7 6.5v5M9 6.5v5" fill="none" stroke="currentColor" stroke-width="1.3" stroke-linecap="round" stroke-linejoin="round"/></svg>
                </button>
            </div>
            <blockquote class="quote" dir="auto" tabindex="0" role="button" onclick={on_focus} onkeydown={on_key}
                title="Show in the article">{ a.quote.exact.clone() }</blockquote>
            <div class="retags" role="group" aria-label="Change tag">{ for tags }</div>
            <textarea class="note" data-testid="annotation-note" rows="1" dir="auto" placeholder="Add a note…" aria-label="Note"
                value={a.note.clone()} oninput={on_note} />
            <div class="claim-fields">
                <label class="claimant">
                    <span>{ "Claimant" }</span>
                    <input type="text" data-testid="annotation-claimant" list={CLAIMANTS_LIST} placeholder="Who makes the claim?"
                        value={a.claim.claimant.clone().unwrap_or_default()} oninput={on_claimant} />
                </label>
                <label class="rating">
                    <span>{ "Verdict" }</span>
                    <select data-testid="annotation-rating" onchange={on_verdict}>
                        <option value="" selected={verdict.is_empty()}>{ "Not rated" }</option>
                        { for rating_options }
                    </select>
                </label>
            </div>
            if !props.answers.is_empty() {
                <ul class="links" aria-label="Answers these claims">{ for answers }</ul>
            }
            if props.selected && !props.link_options.is_empty() {
                <label class="answers">
                    <span>{ "Answers…" }</span>
                    <select data-testid="annotation-answers" onchange={on_answer}>
                        <option value="" selected=true>{ "Link to the claim it answers" }</option>
                        { for link_options }
                    </select>
                </label>
            }
            if status == Status::Orphaned {
                <button type="button" class="reattach" disabled={!props.can_reattach} onclick={on_reattach} data-testid="annotation-reattach"
                    title="Select the passage in the article first">{ "Re-attach to selection" }</button>
            }
        </li>
    }
}

/// A quote cut to a few words for a chip or an option.
fn short(q: &str) -> String {
    let cut: String = q.chars().take(48).collect();
    if cut.len() < q.len() {
        format!("{}…", cut.trim_end())
    } else {
        cut
    }
}
