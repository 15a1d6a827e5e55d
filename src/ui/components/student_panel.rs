//! A student's exercise: the instructions, their name, Submit, and feedback afterwards.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use std::rc::Rc;

use crate::app::{ClassroomAction, StudentWork};
use crate::model::classroom::StudentReport;
use crate::ui::components::use_dispatch;
use crate::ui::effects;

fn percent(v: Option<f64>) -> String {
    v.map_or("–".into(), |v| format!("{:.0}%", v * 100.0))
}

#[derive(Properties, PartialEq)]
pub(crate) struct StudentPanelProps {
    pub work: Rc<StudentWork>,
}

#[component]
pub(crate) fn StudentPanel(props: &StudentPanelProps) -> Html {
    let ctx = use_dispatch();
    let work = props.work.clone();
    let on_name = {
        let ctx = ctx.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            ctx.classroom(ClassroomAction::StudentName(input.value()));
        })
    };
    let on_submit = {
        let ctx = ctx.clone();
        Callback::from(move |_| {
            ctx.classroom(ClassroomAction::Submit {
                now: effects::now(),
            })
        })
    };
    let on_leave = {
        let ctx = ctx.clone();
        Callback::from(move |_| ctx.classroom(ClassroomAction::LeaveExercise))
    };
    let tags = work
        .exercise
        .tags
        .iter()
        .map(|t| t.label.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    html! {
        <section class="student-panel" aria-label="Exercise" data-testid="student-panel">
            <div class="student-head">
                <h2>{ format!("Exercise: {}", work.exercise.title) }</h2>
                <button type="button" class="link" onclick={on_leave}>{ "Leave the exercise" }</button>
            </div>
            if !work.exercise.instructions.is_empty() {
                <p class="instructions" dir="auto">{ work.exercise.instructions.clone() }</p>
            }
            <p class="muted">{ format!("Tags: {tags}.") }</p>
            <div class="student-submit">
                <label class="field inline">{ "Your name" }
                    <input type="text" data-testid="student-name" value={work.student.clone()} oninput={on_name} autocomplete="name" />
                </label>
                <button type="button" class="primary" data-testid="submit" onclick={on_submit}>
                    { if work.submitted { "Submit again" } else { "Submit" } }
                </button>
            </div>
            if let Some(report) = work.feedback.clone() {
                <Feedback report={report} exercise={work.exercise.clone()} />
            } else if work.submitted {
                <p class="muted">{ "Submitted. Your teacher will go through the answers." }</p>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct FeedbackProps {
    report: Rc<StudentReport>,
    exercise: Rc<crate::model::classroom::Exercise>,
}

#[component]
fn Feedback(props: &FeedbackProps) -> Html {
    let overall = props.report.overall();
    let key = props.exercise.key.as_deref().unwrap_or_default();
    let missed = props.report.overlap.missed_claims(key);
    let doc = &props.exercise.document;
    html! {
        <div class="feedback" data-testid="feedback">
            <h3>{ "Your result" }</h3>
            <p>{ format!("You found {} of the {} claims in the key (recall {}); {} of your {} marks match a claim (precision {}); F1 {}.",
                overall.correct, overall.correct + overall.missed, percent(overall.recall()),
                overall.correct, overall.correct + overall.extra, percent(overall.precision()), percent(overall.f1())) }</p>
            if !missed.is_empty() {
                <h4>{ "Claims you missed" }</h4>
                <ul class="missed">
                    { for missed.iter().map(|k| html! {
                        <li><span class={classes!("tag-label", crate::ui::components::tag_class(&props.exercise.tags, k.tag))}>{ props.exercise.tags.label(k.tag).to_string() }</span>
                            <q dir="auto">{ doc.slice(k.range).to_string() }</q>
                            if !k.explanation.is_empty() { <p class="explanation" dir="auto">{ k.explanation.clone() }</p> }
                        </li>
                    }) }
                </ul>
            }
        </div>
    }
}
