//! The classroom's entry points: make an exercise, open one as a student, compare a class.

use yew::prelude::*;

use crate::app::ClassroomAction;
use crate::ui::components::use_dispatch;
use crate::ui::{dom, io};

#[derive(Properties, PartialEq)]
pub(crate) struct ClassroomBarProps {
    /// Whether the teacher has loaded a class, and whether its results are shown.
    pub has_class: bool,
    pub show_class: bool,
}

#[component]
pub(crate) fn ClassroomBar(props: &ClassroomBarProps) -> Html {
    let ctx = use_dispatch();
    let on_create = {
        let ctx = ctx.clone();
        Callback::from(move |_| ctx.classroom(ClassroomAction::Form(true)))
    };
    let on_open = {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            if let Some(f) = dom::files::take_files(&e).into_iter().next() {
                io::open_exercise_file(ctx.clone(), f);
            }
        })
    };
    let on_key = {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            if let Some(f) = dom::files::take_files(&e).into_iter().next() {
                io::load_class_key(ctx.clone(), f);
            }
        })
    };
    let on_submissions = {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            let f = dom::files::take_files(&e);
            if !f.is_empty() {
                io::load_submissions(ctx.clone(), f);
            }
        })
    };
    let on_toggle = {
        let ctx = ctx.clone();
        let show = !props.show_class;
        Callback::from(move |_| ctx.classroom(ClassroomAction::ShowClass(show)))
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
            if props.has_class {
                <button type="button" class="mode" aria-pressed={props.show_class.to_string()} onclick={on_toggle} data-testid="class-view-toggle">
                    { if props.show_class { "Back to the article" } else { "Class results" } }
                </button>
            }
        </nav>
    }
}
