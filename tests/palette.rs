#![cfg(not(target_arch = "wasm32"))]
//! The tag palette (src/model/palette.rs): contrast, distinctness for normal and dichromatic
//! vision, colour + underline assignment, the generated styles/palette.css and the default tags'
//! colours in styles/tokens.css.
//!
//! `cargo test --test palette -- --nocapture` prints the closest pairs per condition;
//! `UPDATE_EXPECT=1 cargo test --test palette` rewrites styles/palette.css from `css()`.

use std::path::Path;

use claimmark::model::palette::{
    by_name, ciede2000, composite, contrast_ratio, css, delta_e, for_tag, hex, highlight,
    relative_luminance, rgba, simulate, to_lab, Colour, Rgb, Scheme, Vision, DISTINCT, PALETTE,
    SCHEMES, UNDERLINES,
};

/// WCAG 2.x SC 1.4.3 (AA): body text, and the tag label text drawn in the strong colour.
const TEXT_CONTRAST: f64 = 4.5;
/// WCAG 2.x SC 1.4.11 (non-text contrast): the underline against the highlight it sits on.
const NON_TEXT_CONTRAST: f64 = 3.0;

/// Smallest CIEDE2000 difference between the strong colours of any two of the first nine (the
/// tags on keys 1–9), in both schemes, per kind of vision. ΔE₀₀ ≈ 1 is a just-noticeable
/// difference between large patches seen side by side; a tag's colour is seen on thin marks (a
/// 2px underline, a swatch, a label) and recognised rather than compared, and small marks need
/// a larger difference to be told apart (Stone, Szafir & Setlur, "An Engineering Model for Color
/// Difference as a Function of Size", 2014), so we ask for 10: two colours that read as
/// different colours at a glance. It holds for the three dichromacies too, because the six
/// colours after the defaults were searched for it (the light scheme's tightest is about 10.8,
/// the dark scheme's about 10.5, see `--nocapture`).
const MIN_DELTA_E: [(Vision, f64); 4] = [
    (Vision::Normal, 10.0),
    (Vision::Protanopia, 10.0),
    (Vision::Deuteranopia, 10.0),
    (Vision::Tritanopia, 10.0),
];

/// The exception: pairs of the three default colours, whose values are today's tokens and may
/// not move. Dark green and dark red are ΔE₀₀ 3.8 apart with deuteranopia (light: 8.5), dark
/// blue and green 8.2 with tritanopia; those tags are told apart by their underlines (solid,
/// double, wavy), which `defaults_differ_by_underline` checks.
const FIXED: usize = 3;

/// Every palette colour against every other for normal vision (the palette repeats after 12
/// tags, and tags 10–12 have no key), and every strong colour against the body text, so that a
/// tag label never reads as plain text.
const MIN_DELTA_E_ALL_NORMAL: f64 = 10.0;
const MIN_DELTA_E_FROM_TEXT: f64 = 10.0;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn names(a: &Colour, b: &Colour) -> String {
    format!("{}/{}", a.name, b.name)
}

// ---------------------------------------------------------------------------------------------
// The maths, against published values.

#[test]
fn contrast_matches_wcag_examples() {
    let (black, white) = ([0, 0, 0], [255, 255, 255]);
    assert!((contrast_ratio(black, white) - 21.0).abs() < 1e-9);
    assert!((contrast_ratio(white, white) - 1.0).abs() < 1e-9);
    // #767676 is the lightest grey with AA contrast on white (4.54:1), #777777 just misses.
    assert!((contrast_ratio([0x76; 3], white) - 4.54).abs() < 0.005);
    assert!(contrast_ratio([0x77; 3], white) < 4.5);
    assert!((relative_luminance(white) - 1.0).abs() < 1e-9);
    assert_eq!(composite([74, 144, 226], 0.26, white), [208, 226, 247]);
    assert_eq!(composite([10, 20, 30], 1.0, white), [10, 20, 30]);
}

#[test]
fn ciede2000_matches_sharma_test_data() {
    // Sharma, Wu & Dalal (2005), table 1: pairs 1, 2, 3, 7, 8, 13, 17 and 25.
    let pairs: [([f64; 3], [f64; 3], f64); 8] = [
        ([50.0, 2.6772, -79.7751], [50.0, 0.0, -82.7485], 2.0425),
        ([50.0, 3.1571, -77.2803], [50.0, 0.0, -82.7485], 2.8615),
        ([50.0, 2.8361, -74.0200], [50.0, 0.0, -82.7485], 3.4412),
        ([50.0, 0.0, 0.0], [50.0, -1.0, 2.0], 2.3669),
        ([50.0, -1.0, 2.0], [50.0, 0.0, 0.0], 2.3669),
        ([50.0, 2.49, -0.001], [50.0, -2.49, 0.0009], 7.1792),
        ([50.0, 2.5, 0.0], [73.0, 25.0, -18.0], 27.1492),
        (
            [60.2574, -34.0099, 36.2677],
            [60.4626, -34.1751, 39.4387],
            1.2644,
        ),
    ];
    for (a, b, expected) in pairs {
        let got = ciede2000(a, b);
        assert!(
            (got - expected).abs() < 5e-5,
            "ΔE00 {a:?} {b:?}: {got:.4}, expected {expected}"
        );
    }
}

#[test]
fn lab_and_simulation_behave() {
    let white = to_lab([255, 255, 255]);
    assert!((white[0] - 100.0).abs() < 1e-3 && white[1].abs() < 1e-3 && white[2].abs() < 1e-3);
    let black = to_lab([0, 0, 0]);
    assert!(black.iter().all(|v| v.abs() < 1e-9));
    for vision in Vision::ALL {
        // The matrices' rows sum to 1: greys stay grey.
        for g in [0u8, 64, 128, 200, 255] {
            let s = simulate(vision, [g, g, g]);
            assert!(
                s.iter().all(|&c| c.abs_diff(g) <= 1),
                "{}: grey {g} became {s:?}",
                vision.name()
            );
        }
    }
    // Red and green, far apart for normal vision, nearly meet for the red-green dichromacies.
    let (red, green) = ([200, 40, 40], [60, 140, 40]);
    assert!(delta_e(Vision::Normal, red, green) > 40.0);
    assert!(delta_e(Vision::Deuteranopia, red, green) < 15.0);
    assert!(delta_e(Vision::Protanopia, red, green) < 20.0);
    assert!(delta_e(Vision::Tritanopia, red, green) > 40.0);
}

// ---------------------------------------------------------------------------------------------
// The palette.

#[test]
fn palette_shape() {
    assert_eq!(PALETTE.len(), 12);
    assert_eq!(
        PALETTE[..3].iter().map(|c| c.name).collect::<Vec<_>>(),
        ["blue", "green", "red"]
    );
    for (i, c) in PALETTE.iter().enumerate() {
        assert!(
            !c.name.is_empty() && c.name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
            "{:?} is not a CSS-safe id",
            c.name
        );
        assert!(!c.label.is_empty(), "{} has no label", c.name);
        assert_eq!(
            by_name(c.name).map(|f| f.name),
            Some(c.name),
            "by_name({})",
            c.name
        );
        assert!(
            PALETTE[..i]
                .iter()
                .all(|p| p.name != c.name && p.label != c.label),
            "{} appears twice",
            c.name
        );
        for s in SCHEMES {
            let a = c.shade(&s).bg_alpha;
            assert!((0.0..=1.0).contains(&a), "{} {}: alpha {a}", c.name, s.name);
        }
    }
    assert!(by_name("chartreuse").is_none());
    assert!(DISTINCT <= PALETTE.len());
}

/// 1. WCAG AA in both schemes.
#[test]
fn contrast_meets_wcag_aa() {
    let mut failures = Vec::new();
    for s in SCHEMES {
        for c in PALETTE {
            let hl = highlight(c, &s);
            let strong = c.shade(&s).strong;
            let checks = [
                (
                    "body text on highlight",
                    contrast_ratio(s.text, hl),
                    TEXT_CONTRAST,
                ),
                (
                    "strong on surface",
                    contrast_ratio(strong, s.surface),
                    TEXT_CONTRAST,
                ),
                (
                    "strong on highlight",
                    contrast_ratio(strong, hl),
                    NON_TEXT_CONTRAST,
                ),
            ];
            for (what, ratio, min) in checks {
                if ratio < min {
                    failures.push(format!(
                        "{} ({}): {what} {ratio:.2}:1 < {min}:1 (strong {}, highlight {})",
                        c.name,
                        s.name,
                        hex(strong),
                        hex(hl)
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "contrast:\n{}", failures.join("\n"));
}

/// The closest pair among `colours` in `scheme` for `vision`, skipping pairs both of whose
/// indices are below `skip_below`.
fn closest(
    colours: &'static [Colour],
    s: &Scheme,
    vision: Vision,
    skip_below: usize,
) -> (f64, &'static str, &'static str) {
    let mut best = (f64::INFINITY, "", "");
    for (i, a) in colours.iter().enumerate() {
        for (j, b) in colours.iter().enumerate().skip(i + 1) {
            if j < skip_below {
                continue;
            }
            let d = delta_e(vision, a.shade(s).strong, b.shade(s).strong);
            if d < best.0 {
                best = (d, a.name, b.name);
            }
        }
    }
    best
}

/// 2. The first nine stay apart for normal vision and the three dichromacies, in both schemes.
#[test]
fn first_nine_are_distinguishable() {
    let nine = &PALETTE[..DISTINCT];
    let mut failures = Vec::new();
    println!("\nclosest strong colours among the first {DISTINCT} (ΔE00, CIEDE2000):");
    println!(
        "{:<6} {:<13} {:>16} {:>7} {:>6}   {:>16} {:>7}",
        "scheme", "vision", "closest pair", "ΔE00", "min", "all 12 closest", "ΔE00"
    );
    for s in SCHEMES {
        for (vision, min) in MIN_DELTA_E {
            let (d, a, b) = closest(nine, &s, vision, FIXED);
            let (d12, a12, b12) = closest(PALETTE, &s, vision, FIXED);
            println!(
                "{:<6} {:<13} {:>16} {:>7.2} {:>6.1}   {:>16} {:>7.2}",
                s.name,
                vision.name(),
                format!("{a}/{b}"),
                d,
                min,
                format!("{a12}/{b12}"),
                d12
            );
            for (i, x) in nine.iter().enumerate() {
                for y in &nine[i + 1..] {
                    let d = delta_e(vision, x.shade(&s).strong, y.shade(&s).strong);
                    let fixed = by_index(y) < FIXED;
                    if !fixed && d < min {
                        failures.push(format!(
                            "{} {} ({}): ΔE00 {d:.2} < {min} ({} vs {})",
                            names(x, y),
                            s.name,
                            vision.name(),
                            hex(x.shade(&s).strong),
                            hex(y.shade(&s).strong)
                        ));
                    }
                }
            }
        }
        println!(
            "{:<6} defaults (fixed by styles/tokens.css, told apart by underline):",
            s.name
        );
        for vision in Vision::ALL {
            let (d, a, b) = closest(&PALETTE[..FIXED], &s, vision, 0);
            println!(
                "{:<6} {:<13} {:>16} {:>7.2}",
                "",
                vision.name(),
                format!("{a}/{b}"),
                d
            );
        }
    }
    assert!(
        failures.is_empty(),
        "colours too close among the first {DISTINCT}:\n{}",
        failures.join("\n")
    );
}

fn by_index(c: &Colour) -> usize {
    PALETTE.iter().position(|p| p.name == c.name).unwrap()
}

#[test]
fn defaults_differ_by_underline() {
    let defaults: Vec<(&str, &str)> = (0..FIXED)
        .map(|i| (for_tag(i).0.name, for_tag(i).1))
        .collect();
    for (k, (a, line_a)) in defaults.iter().enumerate() {
        for (b, line_b) in &defaults[k + 1..] {
            assert_ne!(line_a, line_b, "{a} and {b} share an underline");
        }
    }
}

#[test]
fn all_colours_differ_for_normal_vision_and_from_body_text() {
    let mut failures = Vec::new();
    for s in SCHEMES {
        for (i, a) in PALETTE.iter().enumerate() {
            let sa = a.shade(&s).strong;
            let from_text = delta_e(Vision::Normal, sa, s.text);
            if from_text < MIN_DELTA_E_FROM_TEXT {
                failures.push(format!(
                    "{} ({}): ΔE00 {from_text:.2} from body text {}",
                    a.name,
                    s.name,
                    hex(s.text)
                ));
            }
            for b in &PALETTE[i + 1..] {
                let d = delta_e(Vision::Normal, sa, b.shade(&s).strong);
                if d < MIN_DELTA_E_ALL_NORMAL {
                    failures.push(format!("{} ({}): ΔE00 {d:.2}", names(a, b), s.name));
                }
            }
        }
    }
    assert!(failures.is_empty(), "too close:\n{}", failures.join("\n"));
}

/// 3. No two of 20 tags share both colour and underline.
#[test]
fn twenty_tags_differ_in_colour_or_underline() {
    const TAGS: usize = 20;
    let looks: Vec<(&str, &str)> = (0..TAGS)
        .map(|i| {
            let (colour, underline) = for_tag(i);
            assert_eq!(colour.name, PALETTE[i % PALETTE.len()].name, "tag {i}");
            assert_eq!(underline, UNDERLINES[i % UNDERLINES.len()], "tag {i}");
            (colour.name, underline)
        })
        .collect();
    for i in 0..TAGS {
        for j in i + 1..TAGS {
            assert_ne!(
                looks[i], looks[j],
                "tags {i} and {j} are both {} with a {} underline",
                looks[i].0, looks[i].1
            );
        }
    }
    // Why: tags i and j look alike only if 12 and 5 both divide j - i, i.e. 60 does.
    let lcm = (1..=PALETTE.len() * UNDERLINES.len())
        .find(|n| n % PALETTE.len() == 0 && n % UNDERLINES.len() == 0)
        .unwrap();
    assert!(lcm >= TAGS, "the look repeats after {lcm} tags");
    let mut underlines = UNDERLINES.to_vec();
    underlines.sort_unstable();
    underlines.dedup();
    assert_eq!(
        underlines.len(),
        UNDERLINES.len(),
        "an underline style is listed twice"
    );
}

/// 4. styles/palette.css is `css()`.
#[test]
fn palette_css_is_generated() {
    let path = root().join("styles/palette.css");
    let expected = css();
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, &expected).expect("styles/palette.css is writable");
        return;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "{} differs from model::palette::css(); run `UPDATE_EXPECT=1 cargo test --test palette`",
        path.display()
    );
}

/// 5. The default set keeps the colours its three tags had before tags were data (statement
///    blue, agreement green, dispute red), with the same strong, highlight and heat values.
#[test]
fn the_default_set_keeps_its_colours() {
    use claimmark::model::TagSet;
    // (tag, colour, light strong, light bg, dark strong, dark bg, heat): the old tokens.
    let before = [
        (
            "statement",
            "blue",
            "#1d5fa8",
            "rgba(74, 144, 226, 0.26)",
            "#8cb8f2",
            "rgba(90, 150, 230, 0.32)",
            [74, 144, 226],
        ),
        (
            "agreement",
            "green",
            "#1e7a3c",
            "rgba(60, 179, 90, 0.28)",
            "#7fd197",
            "rgba(70, 180, 100, 0.30)",
            [60, 179, 90],
        ),
        (
            "dispute",
            "red",
            "#b3261e",
            "rgba(229, 83, 61, 0.26)",
            "#ff9a8f",
            "rgba(235, 95, 80, 0.32)",
            [229, 83, 61],
        ),
    ];
    let set = TagSet::default();
    let squash = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
    for (def, (tag, colour, light, light_bg, dark, dark_bg, heat)) in set.iter().zip(before) {
        assert_eq!((def.id.id(), def.colour.as_str()), (tag, colour));
        let c = by_name(colour).expect("default colour in the palette");
        for (scheme, strong, bg) in [(&SCHEMES[0], light, light_bg), (&SCHEMES[1], dark, dark_bg)] {
            let shade = c.shade(scheme);
            assert_eq!(hex(shade.strong), strong, "{colour} in {}", scheme.name);
            assert_eq!(
                squash(&rgba(shade.bg, shade.bg_alpha)),
                squash(bg),
                "{colour} in {}",
                scheme.name
            );
        }
        assert_eq!(c.heat, heat, "{colour}");
    }
}

#[test]
fn simulated_strong_colours_are_printable() {
    // A readable record of what each colour becomes, for reviewing changes (`--nocapture`).
    println!(
        "\n{:<8} {:<6} {:>8} {:>8} {:>8} {:>8}",
        "colour", "scheme", "normal", "protan", "deutan", "tritan"
    );
    for c in PALETTE {
        for s in SCHEMES {
            let strong: Rgb = c.shade(&s).strong;
            let row: Vec<String> = Vision::ALL
                .iter()
                .map(|&v| hex(simulate(v, strong)))
                .collect();
            println!(
                "{:<8} {:<6} {:>8} {:>8} {:>8} {:>8}",
                c.name, s.name, row[0], row[1], row[2], row[3]
            );
        }
    }
}
