//! The header: undo/redo, exports, import and editing the text.

use yew::prelude::*;

use crate::model::export::Format;
use crate::model::Command;
use crate::ui::state::{Action, AppContext};
use crate::ui::{dom, effects};

#[component]
pub fn Toolbar() -> Html {
    let ctx = use_context::<AppContext>().expect("Toolbar is inside the app's context");
    let session = ctx.session();
    let (can_undo, can_redo) = (session.can_undo(), session.can_redo());
    let undo_title = session
        .undo_label()
        .map_or("Nothing to undo".to_string(), |l| {
            format!("Undo {l} (Ctrl+Z)")
        });
    let redo_title = session
        .redo_label()
        .map_or("Nothing to redo".to_string(), |l| {
            format!("Redo {l} (Ctrl+Shift+Z)")
        });
    let unexported = session.has_unexported_work();
    drop(session);

    let run = |command: fn() -> Command| {
        let ctx = ctx.clone();
        Callback::from(move |_| ctx.dispatch(Action::Run(command())))
    };
    let export = |format: Format| {
        let ctx = ctx.clone();
        Callback::from(move |_| effects::export(&ctx, format))
    };
    let on_import = {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            if let Some(file) = dom::take_files(&e).into_iter().next() {
                effects::import_file(ctx.clone(), file);
            }
        })
    };
    let on_mode = {
        let ctx = ctx.clone();
        Callback::from(move |_| {
            if ctx.caret.is_some() {
                ctx.dispatch(Action::Caret(None));
                ctx.dispatch(Action::Status("Keyboard annotating off.".into()));
            } else {
                let start = ctx
                    .session()
                    .doc()
                    .blocks()
                    .first()
                    .map_or(0, |b| b.range.start);
                ctx.dispatch(Action::Caret(Some((start, start))));
                ctx.dispatch(Action::Status("Keyboard annotating on: arrows move, Shift+arrows select, S selects the sentence, 1 2 3 tag, N writes a note, T tells the tag here, Escape leaves.".into()));
            }
        })
    };
    let on_edit = {
        let ctx = ctx.clone();
        Callback::from(move |_| ctx.dispatch(Action::Edit(true)))
    };
    html! {
        <header class="toolbar">
            <div class="brand"><span class="logo" aria-hidden="true">{ "❝" }</span>{ "Claimmark" }</div>
            <div class="tools" role="toolbar" aria-label="Actions">
                <button type="button" data-testid="undo" disabled={!can_undo} title={undo_title.clone()} aria-label={undo_title} onclick={run(|| Command::Undo)}>{ "↶ Undo" }</button>
                <button type="button" data-testid="redo" disabled={!can_redo} title={redo_title.clone()} aria-label={redo_title} onclick={run(|| Command::Redo)}>{ "↷ Redo" }</button>
                <span class="sep" aria-hidden="true"></span>
                <button type="button" class="mode" data-testid="annotate-mode" aria-pressed={ctx.caret.is_some().to_string()} onclick={on_mode}
                    title="Annotate with the keyboard alone">{ "Keyboard mode" }</button>
                <button type="button" data-testid="edit-text" disabled={ctx.editing} onclick={on_edit} title="Correct the article's text">{ "Edit text" }</button>
                <label class="button file-button" title="Import W3C Web Annotation or Hypothesis JSON">
                    { "Import" }
                    <input type="file" data-testid="import-json" accept=".json,.jsonld,application/json,application/ld+json" onchange={on_import} />
                </label>
                <span class="sep" aria-hidden="true"></span>
                <button type="button" class={classes!("primary", unexported.then_some("attention"))} data-testid="export-json" onclick={export(Format::W3c)}
                    title="W3C Web Annotation JSON-LD">{ "Export JSON" }</button>
                <button type="button" data-testid="export-csv" onclick={export(Format::Csv)} title="One row per annotation, for spreadsheets">{ "CSV" }</button>
                <button type="button" data-testid="export-jsonl" onclick={export(Format::Jsonl)} title="doccano span format, for NLP tools">{ "JSONL" }</button>
            </div>
        </header>
    }
}
