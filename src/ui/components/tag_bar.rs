//! The small bar of tag buttons beside the current selection.

use yew::prelude::*;

use crate::app::{AnnotatorAction, Pending};
use crate::model::tags::{highlight_name, key_of, slot_class};
use crate::model::TagSet;
use crate::ui::components::use_dispatch;
use crate::ui::{dom, effects};

#[derive(Properties, PartialEq)]
pub(crate) struct TagBarProps {
    pub pending: Option<Pending>,
    pub editing: bool,
    /// The session's tags (in an exercise, the exercise's).
    pub tags: TagSet,
}

#[component]
pub(crate) fn TagBar(props: &TagBarProps) -> Html {
    let d = use_dispatch();
    let Some(pending) = props.pending.clone() else {
        return html! {};
    };
    if props.editing {
        return html! {};
    }
    let (left, top, width, height) = pending.rect;
    // Above the selection when there is room, else below it.
    let y = if top > 56.0 {
        top - 48.0
    } else {
        top + height + 8.0
    };
    let x = (left + width / 2.0).max(140.0);
    let style = format!("left:{x:.0}px;top:{y:.0}px");
    let buttons = props.tags.iter().enumerate().map(|(i, def)| {
        let tag = def.id;
        let d = d.clone();
        let onclick = Callback::from(move |_| {
            let state = d.state();
            let live = dom::article_element()
                .and_then(|el| dom::selection::selected_range(&el, state.session().doc()));
            d.annotator(AnnotatorAction::Tag {
                tag,
                live,
                fresh: effects::fresh(),
            });
        });
        // Keep the text selection when the button is pressed.
        let onmousedown = Callback::from(|e: MouseEvent| e.prevent_default());
        let key = key_of(i);
        let title = match (key, def.description.is_empty()) {
            (Some(k), true) => format!("{} (key {k})", def.label),
            (Some(k), false) => format!("{} (key {k}): {}", def.label, def.description),
            (None, true) => def.label.clone(),
            (None, false) => format!("{}: {}", def.label, def.description),
        };
        html! {
            <button type="button" class={classes!("tag-button", slot_class(i))} data-testid={format!("tag-{}", tag.id())}
                data-tag={tag.id()} data-highlight={highlight_name(i)} {title} {onclick} {onmousedown}>
                <span class="swatch" aria-hidden="true"></span>{ def.label.clone() }
                if let Some(k) = key { <kbd>{ k }</kbd> }
            </button>
        }
    });
    html! {
        <div class="tag-bar" role="toolbar" aria-label="Tag the selection" {style}>
            { for buttons }
        </div>
    }
}
