//! The app's own "are you sure?" dialog.

use yew::prelude::*;

use crate::ui::state::{Action, AppContext, Confirm};

#[component]
pub fn ConfirmDialog() -> Html {
    let ctx = use_context::<AppContext>().expect("ConfirmDialog is inside the app's context");
    let Some(confirm) = ctx.confirm.clone() else {
        return html! {};
    };
    let (title, body, ok) = match &confirm {
        Confirm::Load(load) => {
            let count = ctx.session().annotations().len();
            (
                "Open another article?".to_string(),
                format!(
                    "“{}” has {count} annotation{} that you have not exported. They stay saved in this browser under Recent, but a file is safer: export first if you can.",
                    ctx.session().doc().title(),
                    if count == 1 { "" } else { "s" }
                ),
                format!("Open “{}”", crate::ui::effects::short(load.1.doc().title())),
            )
        }
    };
    let on_ok = {
        let ctx = ctx.clone();
        Callback::from(move |_| ctx.dispatch(Action::ConfirmYes))
    };
    let on_cancel = {
        let ctx = ctx.clone();
        Callback::from(move |_| ctx.dispatch(Action::ConfirmNo))
    };
    html! {
        <div class="modal-backdrop">
            <div class="modal" role="alertdialog" aria-modal="true" aria-labelledby="confirm-title" aria-describedby="confirm-body">
                <h2 id="confirm-title">{ title }</h2>
                <p id="confirm-body">{ body }</p>
                <div class="modal-actions">
                    <button type="button" data-testid="confirm-cancel" onclick={on_cancel} autofocus=true>{ "Cancel" }</button>
                    <button type="button" class="primary" data-testid="confirm-ok" onclick={on_ok}>{ ok }</button>
                </div>
            </div>
        </div>
    }
}
