//! The app's own "are you sure?" dialog.

use yew::prelude::*;

use crate::app::{messages, AnnotatorAction, Confirm};
use crate::ui::components::use_dispatch;

#[derive(Properties, PartialEq)]
pub(crate) struct ConfirmProps {
    pub confirm: Confirm,
    /// The open article's title and how many annotations it has.
    pub title: String,
    pub count: usize,
}

#[component]
pub(crate) fn ConfirmDialog(props: &ConfirmProps) -> Html {
    let d = use_dispatch();
    let count = props.count;
    let (title, body, ok) = match &props.confirm {
        Confirm::Open { session, .. } => (
            "Open another article?".to_string(),
            format!(
                "“{}” has {count} annotation{} that you have not exported. They stay saved in this browser under Recent, but a file is safer: export first if you can.",
                props.title,
                messages::plural(count)
            ),
            format!("Open “{}”", messages::short(session.doc().title())),
        ),
    };
    let on_ok = {
        let d = d.clone();
        Callback::from(move |_| d.annotator(AnnotatorAction::ConfirmYes))
    };
    let on_cancel = Callback::from(move |_| d.annotator(AnnotatorAction::ConfirmNo));
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
