//! The classroom's entry points: make an exercise, open one as a student, compare a class.

use yew::prelude::*;

use crate::ui::state::{Action, AppContext};
use crate::ui::{dom, effects};

#[component]
pub fn ClassroomBar() -> Html {
    let ctx = use_context::<AppContext>().expect("ClassroomBar is inside the app's context");
    let on_create = {
        let ctx = ctx.clone();
        Callback::from(move |_| ctx.dispatch(Action::ExerciseForm(true)))
    };
    let on_open = {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            if let Some(f) = dom::take_files(&e).into_iter().next() {
                effects::open_exercise_file(ctx.clone(), f);
            }
        })
    };
    let on_key = {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            if let Some(f) = dom::take_files(&e).into_iter().next() {
                effects::load_class_key(ctx.clone(), f);
            }
        })
    };
    let on_submissions = {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            let f = dom::take_files(&e);
            if !f.is_empty() {
                effects::load_submissions(ctx.clone(), f);
            }
        })
    };
    let on_toggle = {
        let ctx = ctx.clone();
        let show = !ctx.show_class;
        Callback::from(move |_| ctx.dispatch(Action::ShowClass(show)))
    };
    html! {
        <nav class="classroom-bar" aria-label="Classroom">
            <span class="bar-label">{ "Classroom" }</span>
            <button type="button" data-testid="exercise-create" onclick={on_create} title="Make an exercise from this article">{ "New exercise…" }</button>
            <label class="button file-button" title="Open an exercise file from your teacher">{ "Open exercise…" }
                <input type="file" data-testid="exercise-open" accept=".json,application/json" onchange={on_open} />
            </label>
            <span class="sep" aria-hidden="true"></span>
            <span class="bar-label muted">{ "Compare:" }</span>
            <label class="button file-button" title="The exercise file saved with its answer key">{ "Answer key…" }
                <input type="file" data-testid="compare-key" accept=".json,application/json" onchange={on_key} />
            </label>
            <label class="button file-button" title="Any number of students' submission files">{ "Submissions…" }
                <input type="file" multiple=true data-testid="compare-submissions" accept=".json,application/json" onchange={on_submissions} />
            </label>
            if ctx.class.is_some() {
                <button type="button" class="mode" aria-pressed={ctx.show_class.to_string()} onclick={on_toggle} data-testid="class-view-toggle">
                    { if ctx.show_class { "Back to the article" } else { "Class results" } }
                </button>
            }
        </nav>
    }
}
