//! Prints the suggested claims of a plain-text article, one a line:
//! `cargo run --example suggest_dump -- article.txt`.

fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    let doc = claimmark::model::Document::plain("", &text);
    match claimmark::model::suggest::suggest(&doc, &claimmark::model::TagSet::default()) {
        Ok(l) => {
            for s in l {
                println!(
                    "{:.2} {:9} {:30} «{}» {:?}",
                    s.confidence,
                    s.stance.tag().id(),
                    s.claimant.clone().unwrap_or_default(),
                    doc.slice(s.range),
                    s.reasons
                );
            }
        }
        Err(e) => println!("{e:?}"),
    }
}
