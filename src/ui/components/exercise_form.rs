//! The teacher's form that makes an exercise from the current article.

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::app::classroom::{ExerciseForm as FormState, ExerciseSpec};
use crate::app::{messages, ClassroomAction};
use crate::model::{Tag, TagSet};
use crate::ui::components::use_dispatch;
use crate::ui::effects;

#[derive(Properties, PartialEq)]
pub(crate) struct ExerciseFormProps {
    /// The form, while it is open. (The component stays mounted, so the tags and options
    /// chosen survive closing and opening it again.)
    pub form: Option<FormState>,
    /// The article's title, and how many of its annotations could become the key.
    pub title: String,
    pub annotated: usize,
    /// The session's tags, which students may be given.
    pub tags: TagSet,
}

#[component]
pub(crate) fn ExerciseForm(props: &ExerciseFormProps) -> Html {
    let ctx = use_dispatch();
    let title = use_node_ref();
    let instructions = use_node_ref();
    // The tags left out (so a tag added to the set later is offered, ticked).
    let excluded = use_state(Vec::<Tag>::new);
    let with_key = use_state(|| true);
    let feedback = use_state(|| true);
    let suggestions = use_state(|| false);
    let Some(form) = props.form.clone() else {
        return html! {};
    };
    let annotated = props.annotated;
    let spec = {
        let chosen: Vec<Tag> = props
            .tags
            .tags()
            .filter(|t| !excluded.contains(t))
            .collect();
        let (title, instructions, tags, with_key, feedback, suggestions) = (
            title.clone(),
            instructions.clone(),
            chosen,
            with_key.clone(),
            feedback.clone(),
            suggestions.clone(),
        );
        move || ExerciseSpec {
            title: title
                .cast::<HtmlInputElement>()
                .map(|i| i.value())
                .unwrap_or_default(),
            instructions: instructions
                .cast::<HtmlTextAreaElement>()
                .map(|i| i.value())
                .unwrap_or_default(),
            tags: tags.clone(),
            with_key: *with_key,
            feedback: *feedback,
            allow_suggestions: *suggestions,
        }
    };
    let on_save = {
        let (ctx, spec) = (ctx.clone(), spec.clone());
        Callback::from(move |_| {
            ctx.classroom(ClassroomAction::SaveExercise {
                spec: spec(),
                fresh: effects::fresh(),
                split: false,
            })
        })
    };
    let on_split = {
        let (ctx, spec) = (ctx.clone(), spec.clone());
        Callback::from(move |_| {
            ctx.classroom(ClassroomAction::SaveExercise {
                spec: spec(),
                fresh: effects::fresh(),
                split: true,
            })
        })
    };
    let on_link = {
        let (ctx, spec) = (ctx.clone(), spec.clone());
        Callback::from(move |_| {
            let location = gloo::utils::window().location();
            let base = format!(
                "{}{}",
                location.origin().unwrap_or_default(),
                location.pathname().unwrap_or_default()
            );
            ctx.classroom(ClassroomAction::MakeLink {
                spec: spec(),
                fresh: effects::fresh(),
                base,
            })
        })
    };
    let on_close = {
        let ctx = ctx.clone();
        Callback::from(move |_| ctx.classroom(ClassroomAction::Form(false)))
    };
    let tag_boxes = props.tags.iter().enumerate().map(|(i, def)| {
        let t = def.id;
        let excluded = excluded.clone();
        let checked = !excluded.contains(&t);
        let onchange = Callback::from(move |_| {
            let mut next: Vec<Tag> = (*excluded).clone();
            if next.contains(&t) {
                next.retain(|x| *x != t);
            } else {
                next.push(t);
            }
            excluded.set(next);
        });
        html! { <label class={classes!("check", crate::model::tags::slot_class(i))}><input type="checkbox" {checked} {onchange} /><span class="swatch" aria-hidden="true"></span>{ def.label.clone() }</label> }
    });
    let labels: Vec<String> = props.tags.iter().map(|d| d.label.to_lowercase()).collect();
    let default_instructions = format!(
        "Mark each claim in the article and tag it: {}.",
        match labels.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{}, or {last}", rest.join(", ")),
            _ => labels.join(""),
        }
    );
    let toggle = |state: &UseStateHandle<bool>| {
        let state = state.clone();
        Callback::from(move |_| state.set(!*state))
    };
    html! {
        <div class="modal-backdrop">
            <form class="modal wide" role="dialog" aria-modal="true" aria-labelledby="exercise-title" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <h2 id="exercise-title">{ "New exercise from this article" }</h2>
                <label class="field">{ "Title" }
                    <input ref={title} type="text" data-testid="exercise-title" value={props.title.clone()} />
                </label>
                <label class="field">{ "Instructions for students" }
                    <textarea ref={instructions} data-testid="exercise-instructions" rows="3"
                        value={default_instructions} />
                </label>
                <fieldset class="field"><legend>{ "Tags students use" }</legend>{ for tag_boxes }</fieldset>
                <label class="check"><input type="checkbox" data-testid="exercise-with-key" checked={*with_key} onchange={toggle(&with_key)} />
                    { format!("Include my {annotated} annotation{} as the answer key (each note becomes its explanation)", messages::plural(annotated)) }</label>
                <label class="check"><input type="checkbox" data-testid="exercise-feedback" checked={*feedback && *with_key} disabled={!*with_key} onchange={toggle(&feedback)} />
                    { "Show students their score and the explanations after they submit" }</label>
                <label class="check"><input type="checkbox" data-testid="exercise-allow-suggestions" checked={*suggestions} onchange={toggle(&suggestions)} />
                    { "Let students ask for suggested claims" }</label>
                <p class="hint">{ "A key inside the exercise file can be read by a determined student who opens the file in a text editor. For graded work, hand out the file without the key and keep the key file yourself." }</p>
                if let Some(l) = form.link.clone() {
                    <div class="link-box">
                        { match l {
                            Ok(url) => html! { <><label class="field">{ "Link for students (no key inside)" }<input type="text" readonly=true value={url} data-testid="exercise-link" /></label></> },
                            Err(e) => html! { <p class="notice warning">{ e }</p> },
                        } }
                    </div>
                }
                <div class="modal-actions">
                    <button type="button" onclick={on_close}>{ "Close" }</button>
                    <button type="button" onclick={on_link} data-testid="exercise-make-link">{ "Make a link" }</button>
                    <button type="button" onclick={on_split} data-testid="exercise-save-split" disabled={annotated == 0}>{ "Save for students + key file" }</button>
                    <button type="button" class="primary" data-testid="exercise-save" onclick={on_save}>{ "Save exercise" }</button>
                </div>
            </form>
        </div>
    }
}
