//! The root component: it starts the store, renders each part of the state into the component
//! that shows it, and listens to the page (keys, the page being hidden).

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::app::{Action, ClassroomAction, Effect, State};
use crate::ui::components::{
    annotation_list::AnnotationList, article::ArticleView, class_view::ClassResults,
    classroom_bar::ClassroomBar, confirm::ConfirmDialog, exercise_form::ExerciseForm,
    load_panel::LoadPanel, notices::Notices, student_panel::StudentPanel, tag_bar::TagBar,
    toolbar::Toolbar,
};
use crate::ui::store::Dispatch;
use crate::ui::{effects, keys, storage};

#[component]
pub(crate) fn App() -> Html {
    let dispatch = use_memo((), |_| {
        Dispatch::new(State::start(storage::load_current(), storage::recent()))
    });
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
            // Another tab saved: its articles show in Recent here too.
            let other_tab = {
                let d = d.clone();
                EventListener::new(&window, "storage", move |_| {
                    d.send(Action::Recent(storage::recent()))
                })
            };
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
            move || drop((hide, hidden, other_tab, keydown))
        });
    }

    let s = &**state;
    let a = &s.annotator;
    let session = &a.session;
    let class = &s.classroom;
    html! {
        <ContextProvider<Dispatch> context={dispatch.clone()}>
            <div class="app" style={session.tags().css_vars()}>
                <Toolbar undo={session.undo_label().map(str::to_string)} redo={session.redo_label().map(str::to_string)}
                    unexported={session.has_unexported_work()} keyboard={a.caret.is_some()} editing={a.editing} />
                <ClassroomBar has_class={class.class.is_some()} show_class={class.show_class} />
                <Notices notices={s.notices.clone()} />
                if let (true, Some(view)) = (class.show_class, class.class.clone()) {
                    <main class="class-main"><ClassResults {view} /></main>
                } else {
                    <main class="workspace">
                        <section class="reader" aria-label="Article">
                            if let Some(work) = class.student.clone() {
                                <StudentPanel {work} />
                            } else {
                                <LoadPanel recent={s.recent.clone()} slot={a.slot.clone()} />
                            }
                            <ArticleView doc={session.shared_doc().clone()} tags={session.tags().clone()} editing={a.editing} caret={a.caret} />
                        </section>
                        <AnnotationList annotations={session.annotations().clone()} tags={session.tags().clone()} list={s.list.clone()}
                            can_reattach={a.pending.is_some()} />
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
