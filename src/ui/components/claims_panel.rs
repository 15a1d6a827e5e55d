//! Above the article: its details (address, publisher, author, date), the review settings (the
//! reviewer and the rating scale) and the ClaimReview export's form.

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::app::AnnotatorAction;
use crate::model::{ArticleMeta, Review};
use crate::ui::components::use_dispatch;
use crate::ui::effects;

#[derive(Properties, PartialEq)]
pub(crate) struct ClaimsPanelProps {
    pub meta: ArticleMeta,
    pub review: Review,
    /// The ClaimReview form, while open: the fact-check's address typed so far.
    pub claimreview: Option<String>,
    pub title: String,
}

#[component]
pub(crate) fn ClaimsPanel(props: &ClaimsPanelProps) -> Html {
    let d = use_dispatch();
    // One field of the details: each keystroke sends the whole, changed (one undo step).
    let meta_field = |set: fn(&mut ArticleMeta, String)| {
        let (d, meta) = (d.clone(), props.meta.clone());
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let mut meta = meta.clone();
            set(&mut meta, input.value());
            d.annotator(AnnotatorAction::Meta(meta));
        })
    };
    let scale_text = use_state(|| props.review.scale.to_lines());
    {
        let scale_text = scale_text.clone();
        use_effect_with(props.review.scale.clone(), move |scale| {
            scale_text.set(scale.to_lines());
        });
    }
    let review_field = |set: fn(&mut Review, String)| {
        let (d, review, scale_text) = (d.clone(), props.review.clone(), scale_text.clone());
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let mut r = review.clone();
            set(&mut r, input.value());
            d.annotator(AnnotatorAction::SaveReview {
                organisation: r.organisation,
                name: r.name,
                scale: (*scale_text).clone(),
            });
        })
    };
    let on_scale_input = {
        let scale_text = scale_text.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            scale_text.set(area.value());
        })
    };
    let on_scale_save = {
        let (d, review, scale_text) = (d.clone(), props.review.clone(), scale_text.clone());
        Callback::from(move |_| {
            d.annotator(AnnotatorAction::SaveReview {
                organisation: review.organisation.clone(),
                name: review.name.clone(),
                scale: (*scale_text).clone(),
            })
        })
    };
    let on_url = {
        let d = d.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            d.annotator(AnnotatorAction::ClaimReviewUrl(input.value()));
        })
    };
    let org_typed = use_state(String::new);
    let on_org = {
        let org_typed = org_typed.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            org_typed.set(input.value());
        })
    };
    let needs_org = props.review.organisation.is_empty();
    let on_download = {
        let (d, org_typed) = (d.clone(), org_typed.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            d.annotator(AnnotatorAction::ExportClaimReview {
                organisation: needs_org.then(|| (*org_typed).clone()),
                now: effects::now(),
            });
        })
    };
    let on_cancel = {
        let d = d.clone();
        Callback::from(move |_| d.annotator(AnnotatorAction::ClaimReviewForm(false)))
    };
    let m = &props.meta;
    let r = &props.review;
    let summary = if m.publisher.is_empty() {
        "About this article".to_string()
    } else {
        format!("About this article · {}", m.publisher)
    };
    html! {
        <div class="claims-panel">
            // The address stays in sight (not folded): it is what a fact-check cites first.
            <input type="url" class="doc-url" data-testid="doc-url" placeholder="The article's web address (https://…)"
                aria-label="The article's web address" value={m.url.clone()} oninput={meta_field(|m, v| m.url = v)} />
            <details class="about" data-testid="article-details">
                <summary>{ summary }</summary>
                <div class="fields">
                    <label class="wide"><span>{ "Title" }</span><output>{ props.title.clone() }</output></label>
                    <label><span>{ "Publisher" }</span>
                        <input type="text" data-testid="doc-publisher" value={m.publisher.clone()} oninput={meta_field(|m, v| m.publisher = v)} /></label>
                    <label><span>{ "Author" }</span>
                        <input type="text" data-testid="doc-author" value={m.author.clone()} oninput={meta_field(|m, v| m.author = v)} /></label>
                    <label><span>{ "Published" }</span>
                        <input type="date" data-testid="doc-published" value={m.published.clone()} oninput={meta_field(|m, v| m.published = v)} /></label>
                </div>
            </details>
            <details class="about" data-testid="review-settings">
                <summary>{ if r.organisation.is_empty() { "Review settings".to_string() } else { format!("Review settings · {}", r.organisation) } }</summary>
                <div class="fields">
                    <label><span>{ "Organisation" }</span>
                        <input type="text" data-testid="review-organisation" value={r.organisation.clone()} oninput={review_field(|r, v| r.organisation = v)} /></label>
                    <label><span>{ "Reviewer" }</span>
                        <input type="text" data-testid="review-name" value={r.name.clone()} oninput={review_field(|r, v| r.name = v)} /></label>
                    <label class="wide"><span>{ "Rating scale, best first (“(no value)” after a rating that has no place on it)" }</span>
                        <textarea rows="6" data-testid="review-scale" value={(*scale_text).clone()} oninput={on_scale_input} /></label>
                    <button type="button" onclick={on_scale_save} data-testid="review-scale-save">{ "Save scale" }</button>
                </div>
            </details>
            if let Some(url) = &props.claimreview {
                <form class="claimreview-form" onsubmit={on_download} aria-label="Export ClaimReview">
                    <label class="wide"><span>{ "The fact-check's own web address" }</span>
                        <input type="url" data-testid="claimreview-url" placeholder="https://…" value={url.clone()} oninput={on_url} /></label>
                    if needs_org {
                        <label><span>{ "Fact-checking organisation" }</span>
                            <input type="text" data-testid="claimreview-organisation" value={(*org_typed).clone()} oninput={on_org} /></label>
                    }
                    <div class="form-buttons">
                        <button type="submit" class="primary" data-testid="claimreview-download">{ "Download ClaimReview" }</button>
                        <button type="button" onclick={on_cancel}>{ "Cancel" }</button>
                    </div>
                </form>
            }
        </div>
    }
}
