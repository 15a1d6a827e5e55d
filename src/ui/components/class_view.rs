//! The teacher's class results: grades per student, the class's agreement, details for one
//! student, and a heat view of the article.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use std::rc::Rc;

use crate::app::{ClassView, ClassroomAction};
use crate::model::classroom::{Counts, Score};
use crate::model::Tag;
use crate::ui::components::{tag_class, use_dispatch};
use crate::ui::effects;

/// A figure as the `score-row` and `agreement` hooks carry it: 0–1 with 3 decimals, or empty.
fn fig(v: Option<f64>) -> String {
    v.map_or(String::new(), |v| format!("{v:.3}"))
}

fn pct(v: Option<f64>) -> String {
    v.map_or("–".into(), |v| format!("{:.0}%", v * 100.0))
}

fn counts_cells(c: Counts) -> Html {
    html! { <><td class="num">{ pct(c.precision()) }</td><td class="num">{ pct(c.recall()) }</td><td class="num strong">{ pct(c.f1()) }</td></> }
}

#[derive(Properties, PartialEq)]
pub(crate) struct ClassResultsProps {
    pub view: Rc<ClassView>,
}

#[component]
pub(crate) fn ClassResults(props: &ClassResultsProps) -> Html {
    let ctx = use_dispatch();
    let view = props.view.clone();
    let report = &view.report;
    let ex = &view.exercise;
    let key = ex.key.as_deref().unwrap_or_default();

    let on_threshold = {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            ctx.classroom(ClassroomAction::ClassThreshold(input.value()));
        })
    };
    let send = |action: fn() -> ClassroomAction| {
        let ctx = ctx.clone();
        Callback::from(move |_| ctx.classroom(action()))
    };
    let on_grades_csv = send(|| ClassroomAction::ExportGrades);
    let on_agreement_csv = send(|| ClassroomAction::ExportAgreement);
    let on_save_key = send(|| ClassroomAction::SaveKeyedExercise);

    // Grades.
    let rows = report.grades.iter().flatten().enumerate().map(|(i, g)| {
        let o = g.overall();
        let ctx2 = ctx.clone();
        let onclick = Callback::from(move |_| ctx2.classroom(ClassroomAction::ClassSelect(Some(i))));
        let selected = view.selected == Some(i);
        let moved = view.submissions.get(i).and_then(|s| s.reanchored.as_ref());
        html! {
            <tr data-testid="score-row" data-student={g.student.clone()} data-precision={fig(o.precision())} data-recall={fig(o.recall())} data-f1={fig(o.f1())}
                class={classes!(selected.then_some("selected"))} {onclick} tabindex="0" aria-selected={selected.to_string()}>
                <th scope="row">{ g.student.clone() }
                    if let Some(lost) = moved {
                        <span class="flag" title="Made on another version of the text; re-anchored by quote">
                            { if lost.is_empty() { "re-anchored".to_string() } else { format!("re-anchored, {} not found", lost.len()) } }
                        </span>
                    }
                </th>
                <td class="num">{ g.marks }</td>
                { counts_cells(o) }
                { for ex.tags.tags().map(|t| html! { <td class="num">{ pct(g.overlap.tag(t).f1()) }</td> }) }
                <td class="num">{ pct(g.exact.overall.f1()) }</td>
                <td class="num">{ pct(g.tag_only.overall.f1()) }</td>
            </tr>
        }
    });

    // One student's details.
    let details = view.selected.and_then(|i| report.grades.as_ref()?.get(i)).map(|g| {
        let confusion = |s: &Score| {
            let cols: Vec<Option<Tag>> = ex.tags.tags().map(Some).chain([None]).collect();
            let name = |t: Option<Tag>, none: &str| t.map_or(none.to_string(), |t| ex.tags.label(t).to_string());
            html! {
                <table class="confusion" aria-label="Confusion matrix: key tag by row, student tag by column">
                    <thead><tr><th>{ "key \\ student" }</th>{ for cols.iter().map(|c| html! { <th scope="col">{ name(*c, "no mark") }</th> }) }</tr></thead>
                    <tbody>{ for cols.iter().map(|r| html! {
                        <tr><th scope="row">{ name(*r, "no claim") }</th>
                            { for cols.iter().map(|c| {
                                let n = s.confusion.get(*r, *c);
                                html! { <td class={classes!("num", (n > 0 && r == c && r.is_some()).then_some("diag"), (n == 0).then_some("zero"))}>{ n }</td> }
                            }) }
                        </tr>
                    }) }</tbody>
                </table>
            }
        };
        let missed = g.overlap.missed_claims(key);
        html! {
            <section class="card student-details" aria-label={format!("Details for {}", g.student)}>
                <h3>{ format!("{}: overlap matching", g.student) }</h3>
                { confusion(&g.overlap) }
                <h4>{ format!("Missed claims ({})", missed.len()) }</h4>
                <ul class="missed">
                    { for missed.iter().map(|k| html! {
                        <li><span class={classes!("tag-label", tag_class(&ex.tags, k.tag))}>{ ex.tags.label(k.tag).to_string() }</span>
                            <q dir="auto">{ ex.document.slice(k.range).to_string() }</q>
                            if !k.explanation.is_empty() { <p class="explanation">{ k.explanation.clone() }</p> }</li>
                    }) }
                </ul>
            </section>
        }
    });

    // Agreement.
    let a = &report.agreement;
    let matrix = |m: &Vec<Vec<Option<f64>>>, label: &str| {
        html! {
            <table class="matrix" aria-label={label.to_string()}>
                <thead><tr><th></th>{ for report.students.iter().map(|s| html! { <th scope="col">{ s.clone() }</th> }) }</tr></thead>
                <tbody>{ for m.iter().enumerate().map(|(i, row)| html! {
                    <tr><th scope="row">{ report.students.get(i).cloned().unwrap_or_default() }</th>
                        { for row.iter().enumerate().map(|(j, v)| html! { <td class="num">{ if i == j { "—".to_string() } else { v.map_or("–".into(), |v| format!("{v:.2}")) } }</td> }) }</tr>
                }) }</tbody>
            </table>
        }
    };

    html! {
        <div class="class-view" data-testid="class-view" style={ex.tags.css_vars()}>
            <header class="class-head">
                <div>
                    <h1>{ format!("Class results: {}", if ex.title.is_empty() { ex.document.title() } else { &ex.title }) }</h1>
                    <p class="muted">{ format!("{} submission{} · {} claim{} in the key · {} units of text",
                        view.submissions.len(), if view.submissions.len() == 1 { "" } else { "s" }, key.len(), if key.len() == 1 { "" } else { "s" }, a.units) }</p>
                </div>
                <div class="class-actions">
                    <label class="field inline">{ "Overlap when Jaccard ≥" }
                        <input type="number" min="0.05" max="1" step="0.05" value={format!("{}", view.threshold.value())} onchange={on_threshold} data-testid="class-threshold" />
                    </label>
                    <button type="button" onclick={on_grades_csv} disabled={report.grades.is_none()} data-testid="export-grades">{ "Grades CSV" }</button>
                    <button type="button" onclick={on_agreement_csv} data-testid="export-agreement">{ "Agreement CSV" }</button>
                    <button type="button" onclick={on_save_key} data-testid="class-save-key">{ "Save exercise with key" }</button>
                </div>
            </header>
            if !view.problems.is_empty() {
                <div class="notice warning" role="alert"><strong>{ "Some files were not read:" }</strong>
                    <ul>{ for view.problems.iter().map(|p| html! { <li>{ p.clone() }</li> }) }</ul></div>
            }
            if report.grades.is_some() {
                <section class="card">
                    <h2>{ "Grades" }</h2>
                    <p class="muted small">{ "Overall figures: overlap matching (a mark counts when a key claim has the same tag and they share at least the threshold's share of their characters, Jaccard), micro-averaged over the tags, each claim matched at most once. Exact: the same span. Tag only: any overlap." }</p>
                    <div class="table-wrap">
                    <table class="grades">
                        <thead>
                            <tr><th rowspan="2" scope="col">{ "Student" }</th><th rowspan="2" scope="col">{ "Marks" }</th>
                                <th colspan="3" scope="colgroup">{ "Overall (overlap)" }</th><th colspan={ex.tags.len().to_string()} scope="colgroup">{ "F1 per tag" }</th>
                                <th rowspan="2" scope="col">{ "Exact F1" }</th><th rowspan="2" scope="col">{ "Tag-only F1" }</th></tr>
                            <tr><th scope="col">{ "Precision" }</th><th scope="col">{ "Recall" }</th><th scope="col">{ "F1" }</th>
                                { for ex.tags.tags().map(|t| html! { <th scope="col" class={tag_class(&ex.tags, t)}>{ ex.tags.label(t).to_string() }</th> }) }</tr>
                        </thead>
                        <tbody>{ for rows }</tbody>
                    </table>
                    </div>
                    if view.submissions.is_empty() { <p class="empty">{ "Load the students' submission files (Submissions… above) to see their grades." }</p> }
                </section>
            }
            { details.unwrap_or_default() }
            <section class="card" data-testid="agreement" data-fleiss-kappa={fig(a.fleiss)} data-krippendorff-alpha={fig(a.alpha)}>
                <h2>{ "Agreement in the class" }</h2>
                <p class="figures"><span>{ "Fleiss' κ " }<strong>{ a.fleiss.map_or("–".into(), |v| format!("{v:.3}")) }</strong></span>
                    <span>{ "Krippendorff's α (nominal) " }<strong>{ a.alpha.map_or("–".into(), |v| format!("{v:.3}")) }</strong></span></p>
                <p class="muted small">{ "How the text is cut into units: every character of the article that is not whitespace is one unit. A student's category for a unit is the tag of their highlight covering it (the shortest one where several overlap), or “untagged”. κ and α compare these categories across students; “–” means undefined (for example, everyone chose the same category everywhere)." }</p>
                if report.students.len() > 1 {
                    <h3>{ "Cohen's κ between students" }</h3>
                    { matrix(&a.cohen, "Cohen's kappa for each pair of students") }
                    <h3>{ "Span F1 between students" }</h3>
                    { matrix(&a.span_f1, "Span F1 for each pair of students") }
                }
            </section>
            <HeatView view={view.clone()} />
        </div>
    }
}

/// The article coloured by how many students marked each stretch.
#[component]
fn HeatView(props: &ClassResultsProps) -> Html {
    let ctx = use_dispatch();
    let view = props.view.clone();
    let n = view.submissions.len();
    let doc = &view.exercise.document;
    let on_contested = {
        let ctx = ctx.clone();
        let on = !view.contested_only;
        Callback::from(move |_| ctx.classroom(ClassroomAction::ClassContested(on)))
    };
    let key = view.exercise.key.as_deref().unwrap_or_default();
    let segments = view.report.heat.iter().map(|seg| {
        let text = doc.slice(seg.range).to_string();
        let contested = seg.is_contested(n);
        if seg.students == 0 || (view.contested_only && !contested) {
            return html! { <span class="heat-0">{ text }</span> };
        }
        let level = if n == 0 { 0 } else { (seg.students * 5).div_ceil(n).min(5) };
        let set = &view.exercise.tags;
        // The most used tag; between equals, the first in the set.
        let top = set.tags().rev().max_by_key(|&t| seg.count(t)).unwrap_or(set.first());
        let detail = set.tags().filter(|&t| seg.count(t) > 0).map(|t| format!("{} {}", seg.count(t), set.label(t).to_lowercase())).collect::<Vec<_>>().join(", ");
        let in_key = key.iter().any(|k| k.range.overlaps(seg.range));
        let title = format!("{} of {n} students: {detail}{}. Click to add to the key as {}.", seg.students, if in_key { " (in the key)" } else { "" }, set.label(top).to_lowercase());
        let ctx = ctx.clone();
        let range = seg.range;
        let onclick = Callback::from(move |_| {
            ctx.classroom(ClassroomAction::ClassAddKey {
                range,
                tag: top,
                fresh: effects::fresh(),
            })
        });
        html! {
            <span class={classes!("heat", format!("heat-{level}"), tag_class(set, top), contested.then_some("contested"), in_key.then_some("in-key"))}
                {title} role="button" tabindex="0" {onclick} data-students={seg.students.to_string()}>{ text }</span>
        }
    });
    html! {
        <section class="card heat-card" data-testid="heat-view">
            <div class="heat-head">
                <h2>{ "Where students marked" }</h2>
                <label class="check"><input type="checkbox" checked={view.contested_only} onchange={on_contested} data-testid="heat-contested" />{ "Only contested stretches" }</label>
            </div>
            <p class="muted small">{ "Darker means more students marked it; the colour is the most used tag; dotted underline: students disagree. Click a stretch to add it to the answer key, then save the exercise with its key." }</p>
            <div class="heat-text" dir="auto">{ for segments }</div>
        </section>
    }
}
