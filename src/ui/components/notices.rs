//! Errors (`role="alert"`), the live status line, and the storage warning.

use yew::prelude::*;

use crate::ui::state::{Action, AppContext};

#[component]
pub fn Notices() -> Html {
    let ctx = use_context::<AppContext>().expect("Notices is inside the app's context");
    let on_dismiss = {
        let ctx = ctx.clone();
        Callback::from(move |_| ctx.dispatch(Action::DismissError))
    };
    html! {
        <div class="notices">
            if let Some(err) = ctx.error.clone() {
                <div class="notice error" data-testid="error" role="alert" key={err.serial.to_string()}>
                    <span class="notice-text">{ err.text }</span>
                    <button type="button" class="dismiss" aria-label="Dismiss" onclick={on_dismiss}>{ "×" }</button>
                </div>
            }
            if let Some(problem) = ctx.storage_problem.clone() {
                <div class="notice warning" role="alert" data-testid="storage-warning">{ problem }</div>
            }
            <div class="status" role="status" aria-live="polite" data-testid="status">
                { ctx.status.as_ref().map(|s| s.text.clone()).unwrap_or_default() }
            </div>
        </div>
    }
}
