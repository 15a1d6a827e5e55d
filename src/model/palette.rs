//! The tag palette: the colours a user-defined tag can take, and the colour maths that checks
//! them (contrast, colour-vision-deficiency simulation, colour difference).
//!
//! A tag is drawn with a colour from [`PALETTE`] and an underline style from [`UNDERLINES`], so
//! colour is never the only cue. Tag number `i` (counting from 0) gets `PALETTE[i % 12]` and
//! `UNDERLINES[i % 5]` ([`for_tag`]); as 12 and 5 are coprime, the first 60 tags all differ in
//! colour or underline, and a set holds at most 20.
//!
//! `styles/palette.css` is [`css`]'s output; `tests/palette.rs` checks that the file is up to
//! date, that every colour meets WCAG 2.x AA contrast in both schemes, that the first nine
//! colours (the tags on keys 1–9) stay apart for normal vision and under simulated protanopia,
//! deuteranopia and tritanopia, and that blue, green and red are the three default tags'
//! colours in `styles/tokens.css`.
//!
//! Pure std: no browser crate, no dependency.

use std::fmt::Write as _;

/// An 8-bit sRGB colour, `[r, g, b]`.
pub type Rgb = [u8; 3];

/// How a colour is drawn in one colour scheme.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Shade {
    /// Text, underline and swatch colour; it sits on the page surface and on the highlight.
    pub strong: Rgb,
    /// The highlight behind a tagged stretch: `bg` at opacity `bg_alpha` over the surface.
    pub bg: Rgb,
    pub bg_alpha: f32,
}

/// A palette entry.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Colour {
    /// A CSS-safe id, used in custom property names (`--c-blue`) and saved tag sets.
    pub name: &'static str,
    /// The name a person reads ("Blue").
    pub label: &'static str,
    /// Light scheme (text [`LIGHT.text`](Scheme::text) on [`LIGHT.surface`](Scheme::surface)).
    pub light: Shade,
    /// Dark scheme (`prefers-color-scheme: dark`).
    pub dark: Shade,
    /// The heat view's colour (`--c-<name>-heat: r, g, b`), the same in both schemes.
    pub heat: Rgb,
}

impl Colour {
    /// The shade drawn in `scheme`.
    pub fn shade(&self, scheme: &Scheme) -> &Shade {
        if scheme.dark {
            &self.dark
        } else {
            &self.light
        }
    }
}

/// A colour scheme's page colours (from `styles/tokens.css`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scheme {
    pub name: &'static str,
    pub dark: bool,
    /// Body text (`--text`).
    pub text: Rgb,
    /// The surface the article and the highlights sit on (`--surface`).
    pub surface: Rgb,
}

/// The light scheme: `--text: #1f2328` on `--surface: #ffffff`.
pub const LIGHT: Scheme = Scheme {
    name: "light",
    dark: false,
    text: [0x1f, 0x23, 0x28],
    surface: [0xff, 0xff, 0xff],
};

/// The dark scheme: `--text: #e8e6e1` on `--surface: #1d2024`.
pub const DARK: Scheme = Scheme {
    name: "dark",
    dark: true,
    text: [0xe8, 0xe6, 0xe1],
    surface: [0x1d, 0x20, 0x24],
};

/// Both schemes.
pub const SCHEMES: [Scheme; 2] = [LIGHT, DARK];

/// The CSS `text-decoration-style` keywords, in the order new tags take them.
pub const UNDERLINES: [&str; 5] = ["solid", "double", "wavy", "dotted", "dashed"];

/// How many of the first palette entries must stay mutually distinguishable: the tags on keys
/// 1–9.
pub const DISTINCT: usize = 9;

const fn shade(strong: Rgb, bg: Rgb, bg_alpha: f32) -> Shade {
    Shade {
        strong,
        bg,
        bg_alpha,
    }
}

/// The palette. Blue, green and red are the default tags' colours (statement, agreement,
/// dispute) exactly as in `styles/tokens.css`.
///
/// The other nine take the hues of Paul Tol's and Okabe & Ito's colour-blind-safe schemes
/// (purple, pink, teal, brown, magenta, grey, olive, cyan, orange). Their strong colours were
/// then searched, per scheme, within each hue's range (OKLCH hue and chroma bands) and within
/// AA contrast, for the largest smallest CIEDE2000 difference among the first [`DISTINCT`]
/// under normal vision and the three simulated dichromacies; the six chosen for keys 4–9 are
/// the six hues that allowed the largest such minimum, ordered greedily (each is the farthest
/// from those before it). Orange and olive cannot be kept far from red and green in the light
/// scheme under protanopia, deuteranopia or tritanopia (at AA contrast on white both must
/// be dark), so they come after the ninth, with cyan.
///
/// Each new colour's `heat` is a mid-tone of its hue (OKLab lightness 0.66, as the defaults'
/// heats are), and its highlight is that colour at 26 % (light) or 30 % (dark) opacity.
pub const PALETTE: &[Colour] = &[
    // The default tags' colours, exactly as in styles/tokens.css (statement, agreement, dispute).
    Colour {
        name: "blue",
        label: "Blue",
        light: shade([0x1d, 0x5f, 0xa8], [74, 144, 226], 0.26),
        dark: shade([0x8c, 0xb8, 0xf2], [90, 150, 230], 0.32),
        heat: [74, 144, 226],
    },
    Colour {
        name: "green",
        label: "Green",
        light: shade([0x1e, 0x7a, 0x3c], [60, 179, 90], 0.28),
        dark: shade([0x7f, 0xd1, 0x97], [70, 180, 100], 0.30),
        heat: [60, 179, 90],
    },
    Colour {
        name: "red",
        label: "Red",
        light: shade([0xb3, 0x26, 0x1e], [229, 83, 61], 0.26),
        dark: shade([0xff, 0x9a, 0x8f], [235, 95, 80], 0.32),
        heat: [229, 83, 61],
    },
    // Keys 4–9: chosen and ordered so each is as far as possible from those before it.
    Colour {
        name: "grey",
        label: "Grey",
        light: shade([0x5a, 0x5f, 0x5a], [141, 148, 145], 0.26),
        dark: shade([0xaf, 0xb9, 0xb9], [141, 148, 145], 0.30),
        heat: [141, 148, 145],
    },
    Colour {
        name: "purple",
        label: "Purple",
        light: shade([0x49, 0x00, 0xbd], [138, 123, 255], 0.26),
        dark: shade([0x8d, 0x80, 0xfe], [138, 123, 255], 0.30),
        heat: [138, 123, 255],
    },
    Colour {
        name: "pink",
        label: "Pink",
        light: shade([0xbd, 0x43, 0x72], [226, 93, 140], 0.26),
        dark: shade([0xee, 0x5f, 0x8f], [226, 93, 140], 0.30),
        heat: [226, 93, 140],
    },
    Colour {
        name: "teal",
        label: "Teal",
        light: shade([0x00, 0x44, 0x42], [3, 168, 157], 0.26),
        dark: shade([0x62, 0x9b, 0x91], [3, 168, 157], 0.30),
        heat: [3, 168, 157],
    },
    Colour {
        name: "brown",
        label: "Brown",
        light: shade([0x4e, 0x37, 0x29], [169, 140, 111], 0.26),
        dark: shade([0xac, 0x8c, 0x62], [169, 140, 111], 0.30),
        heat: [169, 140, 111],
    },
    Colour {
        name: "magenta",
        label: "Magenta",
        light: shade([0x78, 0x26, 0x6d], [198, 110, 182], 0.26),
        dark: shade([0xcb, 0x71, 0xb9], [198, 110, 182], 0.30),
        heat: [198, 110, 182],
    },
    // Tags 10–12: no key; apart from the rest for normal vision, and by their underline.
    Colour {
        name: "olive",
        label: "Olive",
        light: shade([0x58, 0x58, 0x0c], [146, 154, 45], 0.26),
        dark: shade([0xbc, 0xcc, 0x44], [146, 154, 45], 0.30),
        heat: [146, 154, 45],
    },
    Colour {
        name: "cyan",
        label: "Cyan",
        light: shade([0x20, 0x7c, 0xa8], [2, 163, 192], 0.26),
        dark: shade([0x5c, 0xf0, 0xf8], [2, 163, 192], 0.30),
        heat: [2, 163, 192],
    },
    Colour {
        name: "orange",
        label: "Orange",
        light: shade([0xa8, 0x60, 0x14], [203, 125, 52], 0.26),
        dark: shade([0xcc, 0x80, 0x3c], [203, 125, 52], 0.30),
        heat: [203, 125, 52],
    },
];

/// The palette entry called `name`.
pub fn by_name(name: &str) -> Option<&'static Colour> {
    PALETTE.iter().find(|c| c.name == name)
}

/// The colour and underline style a new tag numbered `i` (from 0) gets:
/// `PALETTE[i % PALETTE.len()]` and `UNDERLINES[i % UNDERLINES.len()]`.
pub fn for_tag(i: usize) -> (&'static Colour, &'static str) {
    (
        &PALETTE[i % PALETTE.len()],
        UNDERLINES[i % UNDERLINES.len()],
    )
}

/// `#rrggbb`.
pub fn hex(c: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

/// `rgba(r, g, b, a)` with two decimals, as `styles/tokens.css` writes it.
pub fn rgba(c: Rgb, alpha: f32) -> String {
    format!("rgba({}, {}, {}, {:.2})", c[0], c[1], c[2], alpha)
}

/// The whole of `styles/palette.css`: per colour `--c-<name>`, `--c-<name>-bg` and
/// `--c-<name>-heat` for the light scheme, and the first two again for the dark one.
pub fn css() -> String {
    let mut out = String::new();
    for line in [
        "/* The tag palette. Generated by `model::palette::css()` (src/model/palette.rs); do not edit.",
        "   tests/palette.rs checks this file against it (`UPDATE_EXPECT=1 cargo test --test palette`",
        "   rewrites it), and checks the colours' contrast and distinctness. Per colour: the strong",
        "   colour (text, underline, swatch), the highlight (-bg) and the heat view's r, g, b (-heat,",
        "   the same in both schemes). */",
    ] {
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(":root {\n");
    for c in PALETTE {
        let _ = writeln!(out, "  --c-{}: {};", c.name, hex(c.light.strong));
        let _ = writeln!(
            out,
            "  --c-{}-bg: {};",
            c.name,
            rgba(c.light.bg, c.light.bg_alpha)
        );
        let _ = writeln!(
            out,
            "  --c-{}-heat: {}, {}, {};",
            c.name, c.heat[0], c.heat[1], c.heat[2]
        );
    }
    out.push_str("}\n\n@media (prefers-color-scheme: dark) {\n  :root {\n");
    for c in PALETTE {
        let _ = writeln!(out, "    --c-{}: {};", c.name, hex(c.dark.strong));
        let _ = writeln!(
            out,
            "    --c-{}-bg: {};",
            c.name,
            rgba(c.dark.bg, c.dark.bg_alpha)
        );
    }
    out.push_str("  }\n}\n");
    out
}

// ---------------------------------------------------------------------------------------------
// Colour maths. Sources:
// - sRGB transfer function and primaries: IEC 61966-2-1:1999.
// - Relative luminance and contrast ratio: WCAG 2.2, "relative luminance" and "contrast ratio"
//   (https://www.w3.org/TR/WCAG22/#dfn-relative-luminance). WCAG still prints the older 0.03928
//   threshold; the sRGB standard's 0.04045 gives the same result for every 8-bit value.
// - CVD simulation: G. M. Machado, M. M. Oliveira, L. A. F. Fernandes, "A Physiologically-based
//   Model for Simulation of Color Vision Deficiency", IEEE TVCG 15(6), 2009, pp. 1291–1298; the
//   severity 1.0 matrices of their published table, applied to linear RGB.
// - CIE L*a*b* (D65 white, 2° observer): CIE 15:2004.
// - CIEDE2000: G. Sharma, W. Wu, E. N. Dalal, "The CIEDE2000 Color-Difference Formula:
//   Implementation Notes, Supplementary Test Data, and Mathematical Observations", Color Research
//   & Application 30(1), 2005, pp. 21–30 (equations 1–22, kL = kC = kH = 1).
// ---------------------------------------------------------------------------------------------

/// An sRGB channel (0–255) as linear light (0–1).
pub fn srgb_to_linear(c: u8) -> f64 {
    let c = f64::from(c) / 255.0;
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

/// Linear light (clamped to 0–1) as an sRGB channel (0–255, rounded).
pub fn linear_to_srgb(l: f64) -> u8 {
    let l = l.clamp(0.0, 1.0);
    let c = if l <= 0.003_130_8 {
        12.92 * l
    } else {
        1.055 * l.powf(1.0 / 2.4) - 0.055
    };
    (c * 255.0).round().clamp(0.0, 255.0) as u8
}

fn linear(c: Rgb) -> [f64; 3] {
    c.map(srgb_to_linear)
}

/// WCAG relative luminance (0 for black, 1 for white).
pub fn relative_luminance(c: Rgb) -> f64 {
    let [r, g, b] = linear(c);
    0.2126 * r + 0.7152 * g + 0.0722 * b
}

/// WCAG contrast ratio, 1–21, whichever colour is lighter.
pub fn contrast_ratio(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `colour` at opacity `alpha` painted over the opaque `under`, as a browser composites it:
/// source-over in gamma-encoded sRGB (CSS Compositing Level 1), rounded to 8 bits.
pub fn composite(colour: Rgb, alpha: f32, under: Rgb) -> Rgb {
    let a = f64::from(alpha).clamp(0.0, 1.0);
    std::array::from_fn(|i| {
        (a * f64::from(colour[i]) + (1.0 - a) * f64::from(under[i]))
            .round()
            .clamp(0.0, 255.0) as u8
    })
}

/// The highlight as painted in `scheme`: the shade's `bg` composited over the surface.
pub fn highlight(colour: &Colour, scheme: &Scheme) -> Rgb {
    let s = colour.shade(scheme);
    composite(s.bg, s.bg_alpha, scheme.surface)
}

/// A kind of colour vision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Vision {
    Normal,
    /// No L cones.
    Protanopia,
    /// No M cones.
    Deuteranopia,
    /// No S cones.
    Tritanopia,
}

impl Vision {
    pub const ALL: [Vision; 4] = [
        Vision::Normal,
        Vision::Protanopia,
        Vision::Deuteranopia,
        Vision::Tritanopia,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Vision::Normal => "normal",
            Vision::Protanopia => "protanopia",
            Vision::Deuteranopia => "deuteranopia",
            Vision::Tritanopia => "tritanopia",
        }
    }

    /// Machado, Oliveira & Fernandes (2009), severity 1.0, for linear RGB; `None` for normal
    /// vision.
    fn matrix(self) -> Option<[[f64; 3]; 3]> {
        match self {
            Vision::Normal => None,
            Vision::Protanopia => Some([
                [0.152_286, 1.052_583, -0.204_868],
                [0.114_503, 0.786_281, 0.099_216],
                [-0.003_882, -0.048_116, 1.051_998],
            ]),
            Vision::Deuteranopia => Some([
                [0.367_322, 0.860_646, -0.227_968],
                [0.280_085, 0.672_501, 0.047_413],
                [-0.011_820, 0.042_940, 0.968_881],
            ]),
            Vision::Tritanopia => Some([
                [1.255_528, -0.076_749, -0.178_779],
                [-0.078_411, 0.930_809, 0.147_602],
                [0.004_733, 0.691_367, 0.303_900],
            ]),
        }
    }
}

/// How `colour` looks with `vision` (Machado et al. 2009 at severity 1.0, applied to linear RGB,
/// clamped to the sRGB gamut and rounded to 8 bits). Normal vision returns `colour`.
pub fn simulate(vision: Vision, colour: Rgb) -> Rgb {
    let Some(m) = vision.matrix() else {
        return colour;
    };
    let l = linear(colour);
    std::array::from_fn(|i| linear_to_srgb(m[i][0] * l[0] + m[i][1] * l[1] + m[i][2] * l[2]))
}

/// CIE L*a*b* of an sRGB colour (D65 white, 2° observer), via linear RGB and XYZ.
pub fn to_lab(colour: Rgb) -> [f64; 3] {
    let [r, g, b] = linear(colour);
    // sRGB primaries to XYZ (IEC 61966-2-1), divided by the D65 white point.
    let x = (0.412_456_4 * r + 0.357_576_1 * g + 0.180_437_5 * b) / 0.950_47;
    let y = 0.212_672_9 * r + 0.715_152_2 * g + 0.072_175_0 * b;
    let z = (0.019_333_9 * r + 0.119_192_0 * g + 0.950_304_1 * b) / 1.088_83;
    let f = |t: f64| {
        const D: f64 = 6.0 / 29.0;
        if t > D * D * D {
            t.cbrt()
        } else {
            t / (3.0 * D * D) + 4.0 / 29.0
        }
    };
    let (fx, fy, fz) = (f(x), f(y), f(z));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

/// CIEDE2000 colour difference ΔE₀₀ between two L*a*b* colours (Sharma, Wu & Dalal 2005,
/// kL = kC = kH = 1). About 1 is a just-noticeable difference; 10 and more reads as "another
/// colour" at a glance.
pub fn ciede2000(lab1: [f64; 3], lab2: [f64; 3]) -> f64 {
    let [l1, a1, b1] = lab1;
    let [l2, a2, b2] = lab2;
    let pow7 = |x: f64| x.powi(7);
    let c_bar = (a1.hypot(b1) + a2.hypot(b2)) / 2.0;
    let g = 0.5 * (1.0 - (pow7(c_bar) / (pow7(c_bar) + pow7(25.0))).sqrt());
    let (a1p, a2p) = ((1.0 + g) * a1, (1.0 + g) * a2);
    let (c1p, c2p) = (a1p.hypot(b1), a2p.hypot(b2));
    let hue = |b: f64, a: f64| {
        if a == 0.0 && b == 0.0 {
            0.0
        } else {
            b.atan2(a).to_degrees().rem_euclid(360.0)
        }
    };
    let (h1p, h2p) = (hue(b1, a1p), hue(b2, a2p));

    let dl = l2 - l1;
    let dc = c2p - c1p;
    let chroma_product = c1p * c2p;
    let dh = if chroma_product == 0.0 {
        0.0
    } else {
        let d = h2p - h1p;
        if d > 180.0 {
            d - 360.0
        } else if d < -180.0 {
            d + 360.0
        } else {
            d
        }
    };
    let dh_big = 2.0 * chroma_product.sqrt() * (dh.to_radians() / 2.0).sin();

    let l_bar = (l1 + l2) / 2.0;
    let cp_bar = (c1p + c2p) / 2.0;
    let h_bar = if chroma_product == 0.0 {
        h1p + h2p
    } else if (h1p - h2p).abs() <= 180.0 {
        (h1p + h2p) / 2.0
    } else if h1p + h2p < 360.0 {
        (h1p + h2p + 360.0) / 2.0
    } else {
        (h1p + h2p - 360.0) / 2.0
    };
    let cos = |deg: f64| deg.to_radians().cos();
    let t =
        1.0 - 0.17 * cos(h_bar - 30.0) + 0.24 * cos(2.0 * h_bar) + 0.32 * cos(3.0 * h_bar + 6.0)
            - 0.20 * cos(4.0 * h_bar - 63.0);
    let d_theta = 30.0 * (-((h_bar - 275.0) / 25.0).powi(2)).exp();
    let r_c = 2.0 * (pow7(cp_bar) / (pow7(cp_bar) + pow7(25.0))).sqrt();
    let l50 = (l_bar - 50.0).powi(2);
    let s_l = 1.0 + 0.015 * l50 / (20.0 + l50).sqrt();
    let s_c = 1.0 + 0.045 * cp_bar;
    let s_h = 1.0 + 0.015 * cp_bar * t;
    let r_t = -(2.0 * d_theta).to_radians().sin() * r_c;
    let (x, y, z) = (dl / s_l, dc / s_c, dh_big / s_h);
    (x * x + y * y + z * z + r_t * y * z).sqrt()
}

/// CIEDE2000 between two sRGB colours as seen with `vision`.
pub fn delta_e(vision: Vision, a: Rgb, b: Rgb) -> f64 {
    ciede2000(to_lab(simulate(vision, a)), to_lab(simulate(vision, b)))
}
