//! Counts per tag as a small bar chart (inline SVG).

use yew::prelude::*;

use crate::model::{Tag, TagSet};
use crate::ui::components::tag_class;

#[derive(Properties, PartialEq)]
pub(crate) struct StatsProps {
    pub tags: TagSet,
    pub counts: Vec<(Tag, usize)>,
}

#[component]
pub(crate) fn Stats(props: &StatsProps) -> Html {
    let max = props.counts.iter().map(|c| c.1).max().unwrap_or(0).max(1) as f64;
    let rows = props.counts.iter().enumerate().map(|(i, &(tag, n))| {
        let y = (i * 18) as f64;
        let w = (n as f64 / max * 150.0).max(if n > 0 { 2.0 } else { 0.0 });
        html! {
            <g class={classes!("bar", tag_class(&props.tags, tag))} data-tag={tag.id()}>
                <text x="0" y={format!("{}", y + 12.0)} class="bar-label">{ short(props.tags.label(tag)) }</text>
                <rect x="78" y={format!("{}", y + 3.0)} width={format!("{w:.1}")} height="11" rx="2" />
                <text x={format!("{}", 84.0 + w)} y={format!("{}", y + 12.0)} class="bar-value">{ n }</text>
            </g>
        }
    });
    let summary = props
        .counts
        .iter()
        .map(|&(t, n)| format!("{} {n}", props.tags.label(t)))
        .collect::<Vec<_>>()
        .join(", ");
    html! {
        <svg class="stats" viewBox={format!("0 0 260 {}", props.counts.len().max(1) * 18)} role="img" aria-label={format!("Claims per tag: {summary}")} data-testid="stats">
            { for rows }
        </svg>
    }
}

/// A label cut to fit the chart's label column (the full one is in the chart's description).
fn short(label: &str) -> String {
    const FITS: usize = 11;
    if label.chars().count() <= FITS {
        label.to_string()
    } else {
        label.chars().take(FITS - 1).chain(['…']).collect()
    }
}
