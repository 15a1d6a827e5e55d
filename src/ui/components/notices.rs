//! Errors (`role="alert"`), the live status line, and the storage warning.

use yew::prelude::*;

use crate::app::{messages, Action, NoticeAction, Notices as NoticesState, StorageInfo};
use crate::ui::components::use_dispatch;

#[derive(Properties, PartialEq)]
pub(crate) struct NoticesProps {
    pub notices: NoticesState,
    /// What the browser says about this site's storage: warned about when it is nearly full or
    /// cannot be used.
    pub storage: StorageInfo,
}

#[component]
pub(crate) fn Notices(props: &NoticesProps) -> Html {
    let d = use_dispatch();
    let on_dismiss = Callback::from(move |_| d.send(Action::Notice(NoticeAction::DismissError)));
    let n = &props.notices;
    // A save that failed says more than "nearly full"; storage that cannot be used at all, more
    // than both.
    let storage = props
        .storage
        .unavailable
        .as_deref()
        .map(messages::storage_unavailable)
        .or_else(|| n.storage_problem.clone())
        .or_else(|| messages::storage_nearly_full(&props.storage));
    html! {
        <div class="notices">
            if let Some(err) = n.error.clone() {
                <div class="notice error" data-testid="error" role="alert" key={err.serial.to_string()}>
                    <span class="notice-text">{ err.text }</span>
                    <button type="button" class="dismiss" aria-label="Dismiss" onclick={on_dismiss}>{ "×" }</button>
                </div>
            }
            if let Some(problem) = storage {
                <div class="notice warning" role="alert" data-testid="storage-warning">{ problem }</div>
            }
            <div class="status" role="status" aria-live="polite" data-testid="status">
                { n.status.as_ref().map(|s| s.text.clone()).unwrap_or_default() }
            </div>
        </div>
    }
}
