//! One annotation in the list: its quote, tag, note and status.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::model::{Annotation, Status, Tag, TagSet};
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
}

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
                <button type="button" class="icon delete" data-testid="annotation-delete" title="Delete" aria-label="Delete annotation" onclick={on_delete}>
                    <svg viewBox="0 0 16 16" width="15" height="15" aria-hidden="true"><path d="M3 4h10M6.5 4V2.5h3V4M4.5 4l.7 9.5h5.6l.7-9.5M7 6.5v5M9 6.5v5" fill="none" stroke="currentColor" stroke-width="1.3" stroke-linecap="round" stroke-linejoin="round"/></svg>
                </button>
            </div>
            <blockquote class="quote" dir="auto" tabindex="0" role="button" onclick={on_focus} onkeydown={on_key}
                title="Show in the article">{ a.quote.exact.clone() }</blockquote>
            <div class="retags" role="group" aria-label="Change tag">{ for tags }</div>
            <textarea class="note" data-testid="annotation-note" rows="1" dir="auto" placeholder="Add a note…" aria-label="Note"
                value={a.note.clone()} oninput={on_note} />
            if status == Status::Orphaned {
                <button type="button" class="reattach" disabled={!props.can_reattach} onclick={on_reattach} data-testid="annotation-reattach"
                    title="Select the passage in the article first">{ "Re-attach to selection" }</button>
            }
        </li>
    }
}
