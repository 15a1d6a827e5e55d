//! The page's key presses, read and handed to the core's `app::keys`, which decides.

use crate::app::keys::{on_key, KeyContext, KeyPress};
use crate::ui::store::Dispatch;
use crate::ui::{dom, effects};

pub(crate) fn on_keydown(d: &Dispatch, e: &web_sys::KeyboardEvent) {
    let state = d.state();
    let key = KeyPress {
        key: e.key(),
        ctrl: e.ctrl_key() || e.meta_key(),
        shift: e.shift_key(),
        alt: e.alt_key(),
    };
    let live = dom::article_element()
        .and_then(|el| dom::selection::selected_range(&el, state.session().doc()));
    let cx = KeyContext {
        typing: dom::typing_in_field(),
        live,
        fresh: effects::fresh(),
    };
    let outcome = on_key(&state, &key, cx);
    if outcome.prevent_default {
        e.prevent_default();
    }
    for action in outcome.actions {
        d.send(action);
    }
}
