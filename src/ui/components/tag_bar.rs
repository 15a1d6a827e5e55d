//! The small bar of tag buttons beside the current selection.

use yew::prelude::*;

use crate::app::{AnnotatorAction, Pending};
use crate::model::Tag;
use crate::ui::components::use_dispatch;
use crate::ui::{dom, effects};

#[derive(Properties, PartialEq)]
pub(crate) struct TagBarProps {
    pub pending: Option<Pending>,
    pub editing: bool,
    /// In an exercise, only its tags.
    pub tags: Option<Vec<Tag>>,
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
    let allowed = props.tags.clone().unwrap_or_else(|| Tag::ALL.to_vec());
    let buttons = allowed.into_iter().map(|tag| {
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
        html! {
            <button type="button" class={classes!("tag-button", tag.key())} data-testid={format!("tag-{}", tag.key())}
                title={format!("{} (key {})", tag.label(), tag.shortcut())} {onclick} {onmousedown}>
                <span class="swatch" aria-hidden="true"></span>{ tag.label() }<kbd>{ tag.shortcut() }</kbd>
            </button>
        }
    });
    html! {
        <div class="tag-bar" role="toolbar" aria-label="Tag the selection" {style}>
            { for buttons }
        </div>
    }
}
