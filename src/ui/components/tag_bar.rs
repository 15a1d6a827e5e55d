//! The small bar of tag buttons beside the current selection.

use yew::prelude::*;

use crate::model::Tag;
use crate::ui::effects;
use crate::ui::state::AppContext;

#[component]
pub fn TagBar() -> Html {
    let ctx = use_context::<AppContext>().expect("TagBar is inside the app's context");
    let Some(pending) = ctx.pending.clone() else {
        return html! {};
    };
    if ctx.editing {
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
    // In an exercise, only its tags.
    let allowed: Vec<Tag> = ctx
        .student
        .as_ref()
        .map_or(Tag::ALL.to_vec(), |w| w.exercise.tags.clone());
    let buttons = allowed.into_iter().map(|tag| {
        let ctx = ctx.clone();
        let onclick = Callback::from(move |_| effects::tag_selection(&ctx, tag));
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
