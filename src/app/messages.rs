//! Every message the app shows a person, in one place: what happened, and what to do.

use crate::app::SaveOutcome;

pub const ONLY_SPACES: &str = "Only spaces are selected: select some words to tag.";
pub const REATTACH_SELECT_FIRST: &str =
    "Select the passage in the article first, then press Re-attach.";
pub const EMPTY_ARTICLE: &str = "The article is empty: paste or open a text with some words in it.";
pub const EMPTY_EDIT: &str = "The text cannot be empty. Cancel to keep the article as it was.";
pub const NO_READABLE_TEXT: &str =
    "No readable text was found in this page. Copy the article's text and paste it instead.";
pub const NEED_HTTP: &str = "Enter a full web address starting with https://";
pub const FETCH_REFUSED: &str = "That site does not let other pages read its articles (it refused a cross-origin request). Save the page from your browser (Ctrl+S, “Web page, HTML only”) and open the saved file here instead.";
pub const RECENT_GONE: &str = "That article is no longer saved in this browser.";
pub const RELOADED_FROM_OTHER_TAB: &str =
    "Another tab edited this article's text: it was read again here, with every tab's annotations.";
pub const DELETE_OPEN_ARTICLE: &str =
    "The open article cannot be deleted: open another one first, then delete this one.";

pub fn merged(changed: usize) -> String {
    format!(
        "Another tab changed {changed} annotation{} of this article; {} shown here too.",
        plural(changed),
        if changed == 1 { "it is" } else { "they are" }
    )
}

pub fn article_deleted(title: &str, annotations: usize) -> String {
    format!(
        "Deleted “{title}” and its {annotations} annotation{} from this browser.",
        plural(annotations)
    )
}

/// The warning shown while the site's storage is nearly full (none otherwise).
pub fn storage_nearly_full(info: &super::StorageInfo) -> Option<String> {
    let f = info.fraction_used()?;
    (f >= super::articles::NEARLY_FULL).then(|| {
        format!(
            "The browser's storage for this site is {:.0}% full ({} of {}). Delete articles you no longer need (Articles), or export your work, before it fills up.",
            f * 100.0,
            size(info.used.unwrap_or(0)),
            size(info.quota.unwrap_or(0))
        )
    })
}

/// A size for a person: "820 KB", "3.1 MB".
pub fn size(bytes: u64) -> String {
    match bytes {
        b if b < 1_000 => format!("{b} bytes"),
        b if b < 1_000_000 => format!("{:.0} KB", b as f64 / 1e3),
        b if b < 1_000_000_000 => format!("{:.1} MB", b as f64 / 1e6),
        b => format!("{:.1} GB", b as f64 / 1e9),
    }
}

/// Storage the browser refuses: the work lives in the tab.
pub fn storage_unavailable(why: &str) -> String {
    format!("This browser does not let Claimmark keep your work ({why}): a private window, or storage turned off. You can annotate as usual, but nothing is kept after this tab closes: export your work (Export JSON) before closing it.")
}
pub const KEYBOARD_OFF: &str = "Keyboard annotating off.";
pub const NOTE_NEEDS_TAG: &str = "Tag a passage first, then press N to write its note.";
pub const NO_ANNOTATION_HERE: &str = "No annotation here.";
pub const NEED_TAGS: &str = "Choose at least one tag for the exercise.";
pub const NEED_NAME: &str =
    "Type your name before submitting, so your teacher knows whose work it is.";
pub const NO_KEY_TO_SAVE: &str = "This exercise has no answer key to save.";
pub const KEY_FIRST: &str =
    "Load the answer key (the exercise file with its key) first, then the submissions.";
pub const BAD_THRESHOLD: &str =
    "The overlap threshold is a number above 0 and at most 1, such as 0.5.";
pub const HEAT_ONLY_SPACES: &str = "That stretch is only spaces.";

/// The set's tag keys, as "1–3" (or "1" for one tag).
pub fn tag_keys(tags: &crate::model::TagSet) -> String {
    match tags.len().min(9) {
        1 => "1".into(),
        n => format!("1–{n}"),
    }
}

pub fn keyboard_on(tags: &crate::model::TagSet) -> String {
    format!("Keyboard annotating on: arrows move, Shift+arrows select, S selects the sentence, {} tag, N writes a note, T tells the tag here, Escape leaves.", tag_keys(tags))
}

/// The help shown above the article while keyboard annotating is on.
pub fn keyboard_help(tags: &crate::model::TagSet) -> String {
    format!("Keyboard annotating: ← → move, Ctrl+← → by word, ↑ ↓ by sentence, Shift extends, S selects the sentence, {} tag, N note, T tells the tag here, Esc leaves.", tag_keys(tags))
}

/// Why the saved work could not be opened at start, and where it is.
pub fn corrupt_save(reason: &str, kept_as: Option<&str>) -> String {
    let kept = match kept_as {
        Some(key) => format!(
            "It was kept aside in the browser's storage as “{key}”, so nothing was overwritten."
        ),
        None => "It was left where it was and will not be overwritten.".into(),
    };
    format!(
        "The saved work could not be opened: {reason}. {kept} The sample article is shown instead."
    )
}

pub fn recent_unreadable(reason: &str) -> String {
    format!("That article's saved work could not be opened: {reason}.")
}

/// The warning a save leaves, if any.
pub fn save_problem(outcome: &SaveOutcome) -> Option<String> {
    match outcome {
        SaveOutcome::Whole => None,
        SaveOutcome::WithoutHistory => Some("The browser's storage for this site is nearly full: your article and annotations are saved, but not the undo history (undo will not reach back past a reload). Export your annotations to keep a copy.".into()),
        SaveOutcome::Full => Some("The browser's storage for this site is full, so your latest changes are not saved. They are still here in this tab: export them (Export JSON) to keep them.".into()),
        SaveOutcome::Failed(why) => Some(format!("Saving in the browser failed ({why}). Your work is still here in this tab: export it (Export JSON) before closing the page.")),
    }
}

pub fn too_large_article(bytes: usize, limit: usize) -> String {
    format!(
        "This article is {:.1} MB; the largest Claimmark opens is {} MB.",
        bytes as f64 / 1e6,
        limit / 1_000_000
    )
}

pub fn too_large_file(name: &str, bytes: usize, what: &str, limit: usize) -> String {
    format!(
        "“{name}” is {:.1} MB; the largest {what} Claimmark opens is {} MB.",
        bytes as f64 / 1_000_000.0,
        limit / 1_000_000
    )
}

pub fn unreadable_file(name: &str, why: &str) -> String {
    format!("“{name}” could not be read: {why}.")
}

pub fn not_utf8(name: &str, at: usize) -> String {
    format!(
        "“{name}” is not UTF-8 text (bad byte at position {at}). Save it as UTF-8 and try again."
    )
}

pub fn opening(name: &str) -> String {
    format!("Opening “{name}”…")
}

pub fn fetching(url: &str) -> String {
    format!("Fetching {url}…")
}

pub fn page_too_large(limit: usize) -> String {
    format!(
        "That page is over {} MB, too large to open.",
        limit / 1_000_000
    )
}

pub fn fetch_status(code: u16) -> String {
    format!("The site answered with error {code}; check the address, or save the page and open the file.")
}

pub fn opened(title: &str) -> String {
    format!("Opened “{title}”.")
}

pub fn download_failed(what: &str, why: &str) -> String {
    format!("The {what} could not be saved: {why}.")
}

pub fn exported(name: &str, orphans: usize) -> String {
    let note = if orphans > 0 {
        format!(" {orphans} orphaned annotation(s) have no place in this text and were left out: re-attach or delete them.")
    } else {
        String::new()
    };
    format!("Exported {name}.{note}")
}

pub fn added(label: &str, quote: &str) -> String {
    format!("{label} added: “{}”", short(quote))
}

pub fn undone(label: &str) -> String {
    format!("Undone: {label}")
}

pub fn redone(label: &str) -> String {
    format!("Redone: {label}")
}

/// A model error as a sentence.
pub fn command_failed(error: &str) -> String {
    let error = capitalise(error);
    match error.ends_with('.') {
        true => error,
        false => format!("{error}."),
    }
}

pub fn text_saved(anchored: usize, relocated: usize, orphaned: usize) -> String {
    format!("Text saved. {anchored} anchored, {relocated} relocated, {orphaned} orphaned.")
}

pub fn placing(annotations: usize) -> String {
    format!(
        "Placing {annotations} highlight{} in the new text…",
        if annotations == 1 { "" } else { "s" }
    )
}

pub const REANCHOR_OUTDATED: &str =
    "The article changed while its highlights were being placed in the edited text: nothing was saved. Edit the text again.";

pub fn nothing_imported(name: &str, why: &str) -> String {
    format!("Nothing was imported from “{name}”. {why}")
}

pub fn import_outdated(name: &str) -> String {
    nothing_imported(
        name,
        "The article changed while the file was being read: import it again.",
    )
}

/// What an import did, part by part.
/// What an import did, for [`imported`].
pub struct Imported {
    pub added: usize,
    pub relocated: usize,
    pub orphaned: usize,
    pub present: usize,
    /// How many had no tag and got the set's first (`default_label`).
    pub defaulted: usize,
    pub default_label: String,
    /// The labels of the tags the import added to the set.
    pub new_tags: Vec<String>,
    /// The labels of the unused default tags that the file's own set replaced.
    pub replaced_tags: Vec<String>,
    /// Ids that were not IRIs and were rewritten as one.
    pub rewritten_ids: usize,
    /// Links whose other end is not in the article: left out (the annotations were kept).
    pub broken_links: usize,
}

pub fn imported(r: &Imported) -> String {
    let Imported {
        added,
        relocated,
        orphaned,
        present,
        defaulted,
        ..
    } = *r;
    let mut msg = format!("{added} annotation{} imported", plural(added));
    if relocated > 0 {
        msg += &format!(", {relocated} relocated (the text differs)");
    }
    if orphaned > 0 {
        msg += &format!(", {orphaned} orphaned (quote not found: shown at the end of the list)");
    }
    if present > 0 {
        msg += &format!(", {present} already here");
    }
    if defaulted > 0 {
        msg += &format!(
            ", {defaulted} had no tag and were tagged {}",
            r.default_label
        );
    }
    msg += ".";
    let quoted = |labels: &[String]| -> String {
        let names: Vec<String> = labels.iter().map(|l| format!("“{l}”")).collect();
        names.join(", ")
    };
    if !r.new_tags.is_empty() {
        msg += &format!(
            " New tag{} added to the set: {}.",
            plural(r.new_tags.len()),
            quoted(&r.new_tags)
        );
    }
    if !r.replaced_tags.is_empty() {
        msg += &format!(
            " The file's own tag set took the place of the unused default tag{} {}.",
            plural(r.replaced_tags.len()),
            quoted(&r.replaced_tags)
        );
    }
    if r.rewritten_ids > 0 {
        msg += &format!(
            " {} id{} {} not web addresses (IRIs) and {} rewritten as one (a UUID as urn:uuid:…).",
            r.rewritten_ids,
            plural(r.rewritten_ids),
            if r.rewritten_ids == 1 { "was" } else { "were" },
            if r.rewritten_ids == 1 { "was" } else { "were" },
        );
    }
    if r.broken_links > 0 {
        msg += &format!(
            " {} link{} to an annotation that is not in this article {} left out (the annotations themselves were kept).",
            r.broken_links,
            plural(r.broken_links),
            if r.broken_links == 1 { "was" } else { "were" },
        );
    }
    msg
}

/// After deleting an annotation that others answered: which links broke.
pub fn links_broken(quotes: &[String]) -> String {
    let shown: Vec<String> = quotes
        .iter()
        .take(3)
        .map(|q| format!("“{}”", short(q)))
        .collect();
    let more = quotes.len().saturating_sub(shown.len());
    let list = match more {
        0 => shown.join(", "),
        n => format!("{} and {n} more", shown.join(", ")),
    };
    match quotes.len() {
        1 => format!("Deleted. It was answered by {list}: that link is broken. Undo (Ctrl+Z) brings it back."),
        n => format!("Deleted. It was answered by {n} annotations ({list}): their links are broken. Undo (Ctrl+Z) brings them back."),
    }
}

/// A ClaimReview file was saved.
pub fn claimreview_saved(name: &str, count: usize) -> String {
    format!(
        "Saved {name}: ClaimReview markup for {count} rated claim{}.",
        plural(count)
    )
}

/// Linked an agreement or dispute to the claim it answers.
pub fn linked(count: usize) -> String {
    match count {
        0 => "This annotation answers no claim now.".to_string(),
        1 => "Linked: this annotation answers 1 claim.".to_string(),
        n => format!("Linked: this annotation answers {n} claims."),
    }
}

pub const REVIEW_SAVED: &str = "Review settings saved.";
pub const ARTICLE_DETAILS_SAVED: &str = "Article details saved.";

/// What a change to the tag set did (`before` and `after` are the sets around it).
pub fn tags_edited(
    edit: &crate::model::TagEdit,
    before: &crate::model::TagSet,
    after: &crate::model::TagSet,
    retagged: usize,
) -> String {
    use crate::model::TagEdit as E;
    let was = |t| before.label(t).to_string();
    let key = |t| match after.key(t) {
        Some(k) => format!("key {k}"),
        None => "no key: only the first nine tags have one".into(),
    };
    match edit {
        E::Add { .. } => {
            let t = after.tags().last().unwrap_or(after.first());
            format!("Added the tag “{}” ({}).", after.label(t), key(t))
        }
        E::Rename { id, .. } => format!("Renamed “{}” to “{}”.", was(*id), after.label(*id)),
        E::Describe { id, .. } => format!("Described “{}”.", after.label(*id)),
        E::Recolour { id, colour } => format!("“{}” is now {colour}.", after.label(*id)),
        E::Restyle { id, underline } => {
            format!(
                "“{}” is now underlined {}.",
                after.label(*id),
                underline.css()
            )
        }
        E::Move { id, .. } => format!("Moved “{}” ({}).", after.label(*id), key(*id)),
        E::Delete { id, retag } => match retag.filter(|_| retagged > 0) {
            Some(r) => format!(
                "Deleted the tag “{}”; its {retagged} annotation{} now carr{} “{}”.",
                was(*id),
                plural(retagged),
                if retagged == 1 { "ies" } else { "y" },
                after.label(r)
            ),
            None => format!("Deleted the tag “{}”.", was(*id)),
        },
    }
}

pub fn tag_here(label: &str, quote: &str) -> String {
    format!("{label}: “{}”", short(quote))
}

pub fn selected_text(text: &str) -> String {
    format!("Selected: {}", short(text))
}

pub fn exercise_link_failed(why: &str) -> String {
    format!("The exercise link could not be opened: {why}. Ask for the exercise file instead.")
}

pub fn exercise_unreadable(name: &str, why: &str) -> String {
    format!("“{name}” could not be opened as an exercise: {why}")
}

pub fn opened_exercise(title: &str) -> String {
    format!("Opened the exercise “{title}”.")
}

pub fn exercise_saved(name: &str, with_key: bool) -> String {
    format!(
        "Saved {name}{}.",
        if with_key {
            " (with the answer key)"
        } else {
            ""
        }
    )
}

pub fn saved_file(name: &str) -> String {
    format!("Saved {name}.")
}

pub fn link_too_long(max: usize) -> String {
    format!(
        "This exercise is too long for a link (over {max} characters); hand out the file instead."
    )
}

pub fn submitted(name: &str) -> String {
    format!("Submitted: saved {name}. Hand this file to your teacher.")
}

pub fn key_unreadable(name: &str, why: &str) -> String {
    format!("“{name}” could not be read as an answer key: {why}")
}

pub fn key_missing(name: &str) -> String {
    format!("“{name}” has no answer key: the class's agreement is shown, but no grades. Load the key file to grade.")
}

pub fn submissions_loaded(n: usize, moved: usize, problems: usize) -> String {
    let mut msg = format!("{n} submission{} loaded", plural(n));
    if moved > 0 {
        msg += &format!(", {moved} made on another version of the text and re-anchored");
    }
    if problems > 0 {
        msg += &format!(", {problems} could not be read (listed below)");
    }
    msg + "."
}

pub fn added_to_key(tag_label: &str) -> String {
    format!("Added to the key as {}.", tag_label.to_lowercase())
}

/// At most 60 characters of `s`, with an ellipsis when cut.
pub fn short(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if s.chars().count() > 60 {
        out.push('…');
    }
    out
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

// Suggested claims

pub const SUGGESTION_REJECTED: &str = "Suggestion dismissed.";
pub const SUGGESTIONS_NOT_ALLOWED: &str =
    "This exercise does not offer suggested claims: find the claims yourself.";

pub fn suggested(n: usize) -> String {
    match n {
        0 => "No claims to suggest in this article (or they are all annotated already).".into(),
        _ => format!(
            "{n} suggested claim{}: dashed outlines in the article. Accept or dismiss each in the list; none is an annotation until you accept it.",
            plural(n)
        ),
    }
}

/// Why there are no suggestions for a text that is not English.
pub fn not_english(why: crate::model::suggest::NotSupported) -> &'static str {
    match why {
        crate::model::suggest::NotSupported::Script => "Suggestions are for English articles only, and this one is written in another script: none are offered.",
        crate::model::suggest::NotSupported::Language => "Suggestions are for English articles only, and this one seems to be in another language: none are offered.",
    }
}

pub fn suggestion_accepted(label: &str, quote: &str) -> String {
    format!(
        "Suggestion accepted as {}: “{}”",
        label.to_lowercase(),
        short(quote)
    )
}

pub fn suggestions_accepted(n: usize, percent: u8) -> String {
    format!(
        "Accepted {n} suggestion{} at {percent}% or more (one step to undo).",
        plural(n)
    )
}

pub fn no_suggestions_above(percent: u8) -> String {
    format!("No suggestion is at {percent}% or more.")
}

/// The undo label of accepting several suggestions at once.
/// The undo label of accepting one suggestion (as adding an annotation by hand reads).
pub fn accept_label(tag_label: &str) -> String {
    format!("add {}", tag_label.to_lowercase())
}

pub fn accept_all_label(n: usize) -> String {
    format!("accept {n} suggestion{}", plural(n))
}

/// Why a span was suggested, in words: "reporting verb ‘said’, quotation".
pub fn suggestion_reasons(reasons: &[crate::model::suggest::Reason]) -> String {
    use crate::model::suggest::Reason;
    let words: Vec<String> = reasons
        .iter()
        .map(|r| match r {
            Reason::Reporting(w) => format!("reporting verb ‘{w}’"),
            Reason::Agreeing(w) => format!("verb of agreeing ‘{w}’"),
            Reason::Disputing(w) => format!("verb of disputing ‘{w}’"),
            Reason::Negated(w) => format!("negated ‘{w}’"),
            Reason::Negation(w) => format!("denial ‘{w}’"),
            Reason::Quotation => "quotation".to_string(),
            Reason::Attribution(w) => format!("attribution ‘{w}’"),
            Reason::StanceNoun(w) => format!("stance noun ‘{w}’"),
            Reason::Figure(w) => format!("figure ‘{w}’"),
        })
        .collect();
    words.join(", ")
}
