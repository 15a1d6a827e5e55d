//! The root component: it starts the store, renders each part of the state into the component
//! that shows it, and listens to the page (keys, the page being hidden).

use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::app::{ClassroomAction, Effect};
use crate::ui::components::{
    annotation_list::AnnotationList, article::ArticleView, articles_panel::ArticlesPanel,
    claims_panel::ClaimsPanel, class_view::ClassResults, classroom_bar::ClassroomBar,
    confirm::ConfirmDialog, exercise_form::ExerciseForm, notices::Notices,
    student_panel::StudentPanel, suggestions::SuggestionsPanel, tag_bar::TagBar, toolbar::Toolbar,
};
use crate::ui::store::Dispatch;
use crate::ui::{dom, effects, keys, storage};

#[component]
pub(crate) fn App() -> Html {
    let dispatch = use_memo((), |_| Dispatch::new(storage::take_initial()));
    let dispatch: Dispatch = (*dispatch).clone();
    let state = use_state(|| dispatch.state());
    {
        let setter = state.setter();
        dispatch.on_render(Callback::from(move |s| setter.set(s)));
    }
    // At start: an exercise link opens the exercise; a student's saved exercise comes back.
    {
        let d = dispatch.clone();
        use_effect_with((), move |_| {
            // The article shown is saved at once, so it is the current one and in Recent.
            effects::run(&d, Effect::Save);
            storage::persist_and_estimate(&d);
            let fragment = gloo::utils::window().location().hash().unwrap_or_default();
            d.classroom(ClassroomAction::OpenLink {
                fragment,
                now: effects::now(),
            });
        });
    }
    // A waiting save happens at once when the page is hidden or closed; keys, whatever has focus.
    {
        let d = dispatch.clone();
        use_effect_with((), move |_| {
            let flush = {
                let d = d.clone();
                move |_: &web_sys::Event| effects::flush_save(&d)
            };
            let window = gloo::utils::window();
            let hide = EventListener::new(&window, "pagehide", flush.clone());
            let hidden = EventListener::new(&gloo::utils::document(), "visibilitychange", flush);
            // Other tabs' changes: merged into the open article, and into the list of articles.
            let other_tab = storage::listen(&d);
            let keydown = EventListener::new_with_options(
                &gloo::utils::document(),
                "keydown",
                EventListenerOptions::enable_prevent_default(),
                move |e| {
                    if let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() {
                        keys::on_keydown(&d, e);
                    }
                },
            );
            // Printing shows the whole article, also while a long one is still being revealed.
            let print = EventListener::new(&window, "beforeprint", |_| {
                if let Some(el) = dom::article_element() {
                    dom::article::reveal_all(&el);
                }
            });
            move || drop((hide, hidden, other_tab, keydown, print))
        });
    }

    let s = &**state;
    let a = &s.annotator;
    let session = &a.session;
    let candidates = use_memo(session.shared_doc().clone(), |doc| {
        crate::model::claims::claimant_candidates(doc.text())
    });
    let class = &s.classroom;
    html! {
        <ContextProvider<Dispatch> context={dispatch.clone()}>
            <div class="app" style={session.tags().css_vars()}>
                <Toolbar undo={session.undo_label().map(str::to_string)} redo={session.redo_label().map(str::to_string)}
                    unexported={session.has_unexported_work()} keyboard={a.caret.is_some()} editing={a.editing}
                    articles_open={s.articles.open} articles={s.recent.len()} />
                <ClassroomBar has_class={class.class.is_some()} show_class={class.show_class} />
                <Notices notices={s.notices.clone()} storage={s.storage.clone()} />
                // Always mounted (hidden while folded): a file dropped on the page opens through it.
                <ArticlesPanel recent={s.recent.clone()} slot={a.slot.clone()} panel={s.articles.clone()} storage={s.storage.clone()}
                    first_visit={crate::app::articles::first_visit(s)} />
                if let (true, Some(view)) = (class.show_class, class.class.clone()) {
                    <main class="class-main"><ClassResults {view} /></main>
                } else {
                    <main class="workspace">
                        <section class="reader" aria-label="Article">
                            if let Some(work) = class.student.clone() {
                                <StudentPanel {work} />
                            }
                            // One row of folded tools above the article; an opened one takes the row below.
                            <div class="reader-tools">
                                <ClaimsPanel meta={session.meta().clone()} review={session.review().clone()}
                                    claimreview={a.claimreview.clone()} title={session.doc().title().to_string()} />
                                if crate::app::suggestions::allowed(s) {
                                    <SuggestionsPanel items={Rc::new(s.suggestions.shown(s).to_vec())} doc={session.shared_doc().clone()}
                                        tags={session.tags().clone()} unsupported={s.suggestions.unsupported.filter(|_| s.suggestions.fingerprint.as_deref() == Some(session.doc().fingerprint()))} />
                                }
                            </div>
                            <ArticleView doc={session.shared_doc().clone()} tags={session.tags().clone()} editing={a.editing} placing={a.reanchoring.is_some()} caret={a.caret} />
                        </section>
                        <AnnotationList annotations={session.annotations().clone()} tags={session.tags().clone()} list={s.list.clone()}
                            can_reattach={a.pending.is_some()} scale={session.review().scale.clone()} {candidates} />
                    </main>
                }
                <TagBar pending={a.pending.clone()} editing={a.editing} tags={session.tags().clone()} />
                <ExerciseForm form={class.form.clone()} title={session.doc().title().to_string()}
                    annotated={session.annotations().iter().filter(|a| !a.is_orphaned()).count()} tags={session.tags().clone()} />
                if let Some(confirm) = a.confirm.clone() {
                    <ConfirmDialog {confirm} title={session.doc().title().to_string()} count={session.annotations().len()} />
                }
            </div>
        </ContextProvider<Dispatch>>
    }
}
