//! The header: the articles panel's toggle, undo/redo, exports, import and editing the text.

use yew::prelude::*;

use crate::app::{Action, AnnotatorAction, ArticlesAction};
use crate::model::export::Format;
use crate::ui::components::use_dispatch;
use crate::ui::{dom, effects, io};

#[derive(Properties, PartialEq)]
pub(crate) struct ToolbarProps {
    /// What undo and redo would undo and redo, if anything.
    pub undo: Option<String>,
    pub redo: Option<String>,
    pub unexported: bool,
    /// Whether keyboard annotating is on.
    pub keyboard: bool,
    pub editing: bool,
    /// Whether the articles panel is unfolded, and how many articles this browser keeps.
    pub articles_open: bool,
    pub articles: usize,
}

#[component]
pub(crate) fn Toolbar(props: &ToolbarProps) -> Html {
    let d = use_dispatch();
    let (can_undo, can_redo) = (props.undo.is_some(), props.redo.is_some());
    let undo_title = props
        .undo
        .as_ref()
        .map_or("Nothing to undo".to_string(), |l| {
            format!("Undo {l} (Ctrl+Z)")
        });
    let redo_title = props
        .redo
        .as_ref()
        .map_or("Nothing to redo".to_string(), |l| {
            format!("Redo {l} (Ctrl+Shift+Z)")
        });
    let unexported = props.unexported;
    let send = |action: fn() -> AnnotatorAction| {
        let d = d.clone();
        Callback::from(move |_| d.annotator(action()))
    };
    let export = |format: Format| {
        let d = d.clone();
        Callback::from(move |_| {
            dom::mark("export-start");
            d.annotator(AnnotatorAction::Export {
                format,
                now: effects::now(),
            });
            dom::mark("export-end");
        })
    };
    let on_import = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            if let Some(file) = dom::files::take_files(&e).into_iter().next() {
                io::import_file(d.clone(), file);
            }
        })
    };
    let on_articles = {
        let d = d.clone();
        Callback::from(move |_| d.send(Action::Articles(ArticlesAction::Toggle)))
    };
    let articles_title = if props.articles_open {
        "Fold the articles panel away".to_string()
    } else {
        "Open another article, or manage the articles kept in this browser".to_string()
    };
    html! {
        <header class="toolbar">
            <div class="toolbar-start">
                <div class="brand"><span class="logo" aria-hidden="true">{ "❝" }</span>{ "Claimmark" }</div>
                <button type="button" class={classes!("articles-toggle", props.articles_open.then_some("open"))} data-testid="articles-toggle"
                    aria-expanded={props.articles_open.to_string()} aria-controls={crate::ui::components::articles_panel::PANEL_ID}
                    title={articles_title} onclick={on_articles}>
                    <span class="articles-icon" aria-hidden="true">{ "☰" }</span>{ "Articles" }
                    if props.articles > 0 { <span class="count">{ props.articles }<span class="visually-hidden">{ " kept" }</span></span> }
                    <span class="chevron" aria-hidden="true">{ if props.articles_open { "▴" } else { "▾" } }</span>
                </button>
            </div>
            <div class="tools" role="toolbar" aria-label="Actions">
                <button type="button" data-testid="undo" disabled={!can_undo} title={undo_title.clone()} aria-label={undo_title} onclick={send(|| AnnotatorAction::Undo)}>{ "↶ Undo" }</button>
                <button type="button" data-testid="redo" disabled={!can_redo} title={redo_title.clone()} aria-label={redo_title} onclick={send(|| AnnotatorAction::Redo)}>{ "↷ Redo" }</button>
                <span class="sep" aria-hidden="true"></span>
                <button type="button" class="mode" data-testid="annotate-mode" aria-pressed={props.keyboard.to_string()} onclick={send(|| AnnotatorAction::ToggleKeyboard)}
                    title="Annotate with the keyboard alone">{ "Keyboard mode" }</button>
                <button type="button" data-testid="edit-text" disabled={props.editing} onclick={send(|| AnnotatorAction::Edit(true))} title="Correct the article's text">{ "Edit text" }</button>
                <label class="button file-button" title="Import W3C Web Annotation or Hypothesis JSON">
                    { "Import" }
                    <input type="file" data-testid="import-json" accept=".json,.jsonld,application/json,application/ld+json" onchange={on_import} />
                </label>
                <span class="sep" aria-hidden="true"></span>
                <button type="button" class={classes!("primary", unexported.then_some("attention"))} data-testid="export-json" onclick={export(Format::W3c)}
                    title="W3C Web Annotation JSON-LD">{ "Export JSON" }</button>
                <button type="button" data-testid="export-csv" onclick={export(Format::Csv)} title="One row per annotation, for spreadsheets">{ "CSV" }</button>
                <button type="button" data-testid="export-jsonl" onclick={export(Format::Jsonl)} title="doccano span format, for NLP tools">{ "JSONL" }</button>
                <button type="button" data-testid="export-claimreview" onclick={export(Format::ClaimReview)} title="schema.org ClaimReview JSON-LD of the rated claims, for fact-check search">{ "ClaimReview" }</button>
            </div>
        </header>
    }
}
