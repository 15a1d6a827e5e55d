//! Errors (`role="alert"`), the live status line, and the storage warning.

use yew::prelude::*;

use crate::app::{Action, NoticeAction, Notices as NoticesState};
use crate::ui::components::use_dispatch;

#[derive(Properties, PartialEq)]
pub(crate) struct NoticesProps {
    pub notices: NoticesState,
}

#[component]
pub(crate) fn Notices(props: &NoticesProps) -> Html {
    let d = use_dispatch();
    let on_dismiss = Callback::from(move |_| d.send(Action::Notice(NoticeAction::DismissError)));
    let n = &props.notices;
    html! {
        <div class="notices">
            if let Some(err) = n.error.clone() {
                <div class="notice error" data-testid="error" role="alert" key={err.serial.to_string()}>
                    <span class="notice-text">{ err.text }</span>
                    <button type="button" class="dismiss" aria-label="Dismiss" onclick={on_dismiss}>{ "×" }</button>
                </div>
            }
            if let Some(problem) = n.storage_problem.clone() {
                <div class="notice warning" role="alert" data-testid="storage-warning">{ problem }</div>
            }
            <div class="status" role="status" aria-live="polite" data-testid="status">
                { n.status.as_ref().map(|s| s.text.clone()).unwrap_or_default() }
            </div>
        </div>
    }
}
