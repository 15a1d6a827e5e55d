//! One component per file; each takes the slice of state it shows as props (so a change
//! elsewhere does not render it again) and sends actions through the `Dispatch` context.

pub(crate) mod annotation_item;
pub(crate) mod annotation_list;
pub(crate) mod article;
pub(crate) mod articles_panel;
pub(crate) mod claims_panel;
pub(crate) mod class_view;
pub(crate) mod classroom_bar;
pub(crate) mod confirm;
pub(crate) mod exercise_form;
pub(crate) mod notices;
pub(crate) mod stats;
pub(crate) mod student_panel;
pub(crate) mod suggestions;
pub(crate) mod tag_bar;
pub(crate) mod tag_editor;
pub(crate) mod toolbar;

use crate::model::{Tag, TagSet};
use crate::ui::store::Dispatch;

/// The class that gives an element `tag`'s look (its slot in the set); none for a tag the set
/// lacks, which then shows in the neutral colours.
pub(crate) fn tag_class(tags: &TagSet, tag: Tag) -> Option<String> {
    tags.index(tag).map(crate::model::tags::slot_class)
}

/// The store's handle, from the context the root provides.
#[yew::hook]
pub(crate) fn use_dispatch() -> Dispatch {
    yew::use_context::<Dispatch>().expect("components are inside the root's Dispatch context")
}
