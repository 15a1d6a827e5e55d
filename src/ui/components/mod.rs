//! One component per file; leaf components take plain data and callbacks.

pub mod annotation_item;
pub mod annotation_list;
pub mod article;
pub mod class_view;
pub mod classroom_bar;
pub mod confirm;
pub mod exercise_form;
pub mod load_panel;
pub mod notices;
pub mod stats;
pub mod student_panel;
pub mod tag_bar;
pub mod toolbar;
