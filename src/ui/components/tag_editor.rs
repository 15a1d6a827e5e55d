//! The tag-set editor: add, rename, describe, recolour, restyle, reorder and delete tags.
//!
//! Every change is checked by `TagSet::edit` first, so a refused one (an empty, duplicate or
//! over-long label, a twenty-first tag) says why here, beside the field, and changes nothing;
//! an accepted one goes to the session as one undoable step. Deleting a tag that annotations
//! carry asks which tag they get instead, or cancels: nothing is dropped.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::app::AnnotatorAction;
use crate::model::palette::PALETTE;
use crate::model::tags::{key_of, slot_class, MAX_TAGS};
use crate::model::{Tag, TagEdit, TagSet, Underline};
use crate::ui::components::use_dispatch;
use crate::ui::effects;

#[derive(Properties, PartialEq)]
pub(crate) struct TagEditorProps {
    pub tags: TagSet,
    /// How many annotations carry each tag, in the set's order.
    pub counts: Vec<usize>,
}

/// A tag waiting to be deleted: the annotations it has get `to`.
#[derive(Clone, PartialEq)]
struct Deleting {
    tag: Tag,
    to: Option<Tag>,
}

#[component]
pub(crate) fn TagEditor(props: &TagEditorProps) -> Html {
    let d = use_dispatch();
    let open = use_state(|| false);
    let problem = use_state(|| None::<String>);
    let deleting = use_state(|| None::<Deleting>);
    let new_label = use_node_ref();
    let set = props.tags.clone();

    // Checks the edit against the set, then sends it; a refusal is shown in the dialog.
    let apply = {
        let (d, problem, set) = (d.clone(), problem.clone(), set.clone());
        Callback::from(move |edit: TagEdit| match set.edit(&edit) {
            Ok(_) => {
                problem.set(None);
                d.annotator(AnnotatorAction::EditTags {
                    edit,
                    now: effects::now(),
                });
            }
            Err(e) => problem.set(Some(e.to_string())),
        })
    };
    let toggle = {
        let (open, problem, deleting) = (open.clone(), problem.clone(), deleting.clone());
        Callback::from(move |_: ()| {
            open.set(!*open);
            problem.set(None);
            deleting.set(None);
        })
    };
    let button = html! {
        <button type="button" class="link tags-edit" data-testid="tags-edit" aria-expanded={open.to_string()}
            onclick={toggle.reform(|_| ())} title="Add, rename, recolour, reorder or delete tags">{ "Edit tags" }</button>
    };
    if !*open {
        return button;
    }

    let on_add = {
        let (apply, new_label) = (apply.clone(), new_label.clone());
        move || {
            if let Some(input) = new_label.cast::<HtmlInputElement>() {
                let label = input.value();
                apply.emit(TagEdit::Add { label });
                input.set_value("");
                let _ = input.focus();
            }
        }
    };
    let on_add_click = {
        let on_add = on_add.clone();
        Callback::from(move |_| on_add())
    };
    let on_add_key = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" {
            e.prevent_default();
            on_add();
        }
    });
    let on_escape = {
        let toggle = toggle.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.stop_propagation();
                toggle.emit(());
            }
        })
    };

    let rows = set.iter().enumerate().map(|(i, def)| {
        let id = def.id;
        let count = props.counts.get(i).copied().unwrap_or(0);
        let on_label = {
            let (apply, current) = (apply.clone(), def.label.clone());
            Callback::from(move |e: Event| {
                let input: HtmlInputElement = e.target_unchecked_into();
                if input.value().trim() != current {
                    apply.emit(TagEdit::Rename { id, label: input.value() });
                }
            })
        };
        let on_description = {
            let apply = apply.clone();
            Callback::from(move |e: Event| {
                let input: HtmlInputElement = e.target_unchecked_into();
                apply.emit(TagEdit::Describe { id, description: input.value() });
            })
        };
        let on_colour = {
            let apply = apply.clone();
            Callback::from(move |e: Event| {
                let select: HtmlSelectElement = e.target_unchecked_into();
                apply.emit(TagEdit::Recolour { id, colour: select.value() });
            })
        };
        let on_underline = {
            let apply = apply.clone();
            Callback::from(move |e: Event| {
                let select: HtmlSelectElement = e.target_unchecked_into();
                if let Some(&u) = Underline::ALL.iter().find(|u| u.css() == select.value()) {
                    apply.emit(TagEdit::Restyle { id, underline: u });
                }
            })
        };
        let move_to = |to: usize| {
            let apply = apply.clone();
            Callback::from(move |_| apply.emit(TagEdit::Move { id, to }))
        };
        let on_delete = {
            let (apply, deleting, set) = (apply.clone(), deleting.clone(), set.clone());
            Callback::from(move |_| {
                if count == 0 {
                    apply.emit(TagEdit::Delete { id, retag: None });
                } else {
                    let to = set.tags().find(|&t| t != id);
                    deleting.set(Some(Deleting { tag: id, to }));
                }
            })
        };
        let colours = PALETTE.iter().map(|c| {
            html! { <option value={c.name} selected={c.name == def.colour}>{ c.label }</option> }
        });
        let underlines = Underline::ALL.iter().map(|u| {
            html! { <option value={u.css()} selected={*u == def.underline}>{ u.label() }</option> }
        });
        let key = key_of(i).map_or_else(|| "–".to_string(), |k| k.to_string());
        html! {
            <li class={classes!("tag-row", slot_class(i))} data-testid="tag-row" data-tag={id.id()}>
                <span class="tag-key" title={if key_of(i).is_some() { format!("Key {key}") } else { "Only the first nine tags have a key".into() }}><kbd>{ key }</kbd></span>
                <span class="tag-sample" aria-hidden="true">{ "Aa" }</span>
                <input type="text" class="tag-label-input" value={def.label.clone()}
                    aria-label={format!("Label of tag {}", i + 1)} onchange={on_label} data-testid="tag-label" />
                <input type="text" class="tag-description" value={def.description.clone()} placeholder="What it is for (shown as a tooltip)"
                    aria-label={format!("Description of {}", def.label)} onchange={on_description} />
                <select class="tag-colour" aria-label={format!("Colour of {}", def.label)} onchange={on_colour}>{ for colours }</select>
                <select class="tag-underline" aria-label={format!("Underline of {}", def.label)} onchange={on_underline}>{ for underlines }</select>
                <span class="tag-count muted" title="Annotations with this tag">{ count }</span>
                <button type="button" class="icon" disabled={i == 0} onclick={move_to(i.saturating_sub(1))}
                    aria-label={format!("Move {} up", def.label)} title="Move up">{ "↑" }</button>
                <button type="button" class="icon" disabled={i + 1 == set.len()} onclick={move_to(i + 1)}
                    aria-label={format!("Move {} down", def.label)} title="Move down">{ "↓" }</button>
                <button type="button" class="icon delete" disabled={set.len() == 1} onclick={on_delete} data-testid="tag-delete"
                    aria-label={format!("Delete {}", def.label)} title={if set.len() == 1 { "A set needs one tag".to_string() } else { "Delete".to_string() }}>{ "✕" }</button>
            </li>
        }
    });

    let confirm = (*deleting).clone().map(|del| {
        let count = set.index(del.tag).and_then(|i| props.counts.get(i)).copied().unwrap_or(0);
        let on_to = {
            let deleting = deleting.clone();
            Callback::from(move |e: Event| {
                let select: HtmlSelectElement = e.target_unchecked_into();
                deleting.set(Some(Deleting { tag: del.tag, to: Tag::new(&select.value()) }));
            })
        };
        let on_yes = {
            let (apply, deleting) = (apply.clone(), deleting.clone());
            Callback::from(move |_| {
                apply.emit(TagEdit::Delete { id: del.tag, retag: del.to });
                deleting.set(None);
            })
        };
        let on_no = {
            let deleting = deleting.clone();
            Callback::from(move |_| deleting.set(None))
        };
        let others = set.iter().filter(|t| t.id != del.tag).map(|t| {
            html! { <option value={t.id.id()} selected={Some(t.id) == del.to}>{ t.label.clone() }</option> }
        });
        html! {
            <div class="notice warning tag-delete-confirm" role="alertdialog" aria-labelledby="tag-delete-title">
                <p id="tag-delete-title">{ format!("{count} annotation{} carr{} “{}”. Deleting the tag gives {} another tag:",
                    if count == 1 { "" } else { "s" }, if count == 1 { "ies" } else { "y" }, set.label(del.tag), if count == 1 { "it" } else { "them" }) }</p>
                <label class="field inline">{ "Retag as " }<select onchange={on_to} data-testid="tag-retag-to">{ for others }</select></label>
                <div class="modal-actions">
                    <button type="button" onclick={on_no} data-testid="tag-delete-cancel">{ "Cancel" }</button>
                    <button type="button" class="primary" onclick={on_yes} data-testid="tag-delete-confirm">{ format!("Retag and delete “{}”", set.label(del.tag)) }</button>
                </div>
            </div>
        }
    });

    html! {
        <>
            { button }
            <div class="modal-backdrop">
                <div class="modal wide tag-editor" role="dialog" aria-modal="true" aria-labelledby="tag-editor-title" onkeydown={on_escape}>
                    <h2 id="tag-editor-title">{ "Tags" }</h2>
                    <p class="muted small">{ format!("Up to {MAX_TAGS} tags; the first nine are on the keys 1–9, in this order. Colours come from a palette that keeps its contrast in light and dark mode, and each tag has its own underline, so colour is never the only cue.") }</p>
                    if let Some(p) = (*problem).clone() {
                        <p class="notice error" role="alert" data-testid="tag-problem">{ p }</p>
                    }
                    { confirm.unwrap_or_default() }
                    <ol class="tag-rows">{ for rows }</ol>
                    <div class="tag-new">
                        <label class="field inline">{ "New tag" }
                            <input ref={new_label} type="text" placeholder="e.g. Opinion"
                                data-testid="tag-new-label" onkeydown={on_add_key} disabled={set.len() >= MAX_TAGS} />
                        </label>
                        <button type="button" data-testid="tag-new-add" onclick={on_add_click} disabled={set.len() >= MAX_TAGS}>{ "Add" }</button>
                    </div>
                    <div class="modal-actions">
                        <button type="button" class="primary" onclick={toggle.reform(|_| ())} data-testid="tags-close">{ "Done" }</button>
                    </div>
                </div>
            </div>
        </>
    }
}
