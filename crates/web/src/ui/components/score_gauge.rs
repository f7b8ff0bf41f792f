//! The risk score as a half-circle gauge with the number in the middle. The arc is
//! the track drawn with a dash as long as the score ([`gauge_dash`]), tested natively.

use shipcheck_engine::assess::Level;
use yew::prelude::*;

/// Centre and radius of the gauge, in SVG user units (viewBox 0 0 200 120).
pub const GAUGE_CX: f64 = 100.0;
pub const GAUGE_CY: f64 = 104.0;
pub const GAUGE_R: f64 = 84.0;

/// The `stroke-dasharray` that draws the score along the half circle: the track's
/// path has `pathLength="100"`, so the dash is the score itself (no trigonometry, so
/// no `libm` in the wasm). `None` for 0: a zero-length dash with round caps would
/// still draw a dot. Scores above 100 are drawn as 100.
pub fn gauge_dash(score: u32) -> Option<String> {
    (score > 0).then(|| format!("{} 100", score.min(100)))
}

/// The path of the whole track (the full half circle).
pub fn gauge_track() -> String {
    format!(
        "M {:.1} {cy:.1} A {r:.1} {r:.1} 0 0 1 {:.1} {cy:.1}",
        GAUGE_CX - GAUGE_R,
        GAUGE_CX + GAUGE_R,
        cy = GAUGE_CY,
        r = GAUGE_R
    )
}

/// The CSS class for a score's level: the same bands the category bars use.
pub fn level_class(score: u32) -> &'static str {
    match score {
        0 => "level-none",
        1..=19 => "level-low",
        20..=49 => "level-medium",
        50..=69 => "level-high",
        _ => "level-critical",
    }
}

#[derive(Properties, PartialEq)]
pub struct ScoreGaugeProps {
    /// The known score: the arc is drawn this long.
    pub score: u32,
    /// The score as the engine words it ("32", or "12–64" while open questions
    /// could move it).
    pub text: AttrValue,
    /// The engine's one line on the grade (for the accessible label).
    pub grade_text: AttrValue,
    /// The colour: the engine's level of the stated grade (open until decided),
    /// so that the gauge, the number and the grade never disagree.
    pub level: Level,
}

#[component]
pub fn ScoreGauge(props: &ScoreGaugeProps) -> Html {
    let label = format!("Risk score {} out of 100. {}", props.text, props.grade_text);
    html! {
        <svg class={classes!("gauge", format!("level-{}", props.level.as_str()))} viewBox="0 0 200 120" role="img" aria-label={label.clone()}>
            <title>{ label }</title>
            <path d={gauge_track()} class="gauge-track" />
            if let Some(dash) = gauge_dash(props.score) {
                <path d={gauge_track()} pathLength="100" stroke-dasharray={dash} class="gauge-arc" />
            }
            <text x="100" y="88" text-anchor="middle" class="gauge-score">{ props.text.clone() }</text>
            <text x="100" y="110" text-anchor="middle" class="gauge-scale">{ "out of 100" }</text>
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dash_is_as_long_as_the_score() {
        assert_eq!(gauge_dash(0), None);
        assert_eq!(gauge_dash(1).as_deref(), Some("1 100"));
        assert_eq!(gauge_dash(56).as_deref(), Some("56 100"));
        assert_eq!(gauge_dash(100).as_deref(), Some("100 100"));
        assert_eq!(gauge_dash(250), gauge_dash(100));
    }

    #[test]
    fn the_track_is_a_half_circle_around_the_centre() {
        let t = gauge_track();
        assert!(
            t.starts_with(&format!("M {:.1} {:.1}", GAUGE_CX - GAUGE_R, GAUGE_CY)),
            "{t}"
        );
        assert!(
            t.ends_with(&format!("{:.1} {:.1}", GAUGE_CX + GAUGE_R, GAUGE_CY)),
            "{t}"
        );
    }

    #[test]
    fn levels_follow_the_score() {
        assert_eq!(level_class(0), "level-none");
        assert_eq!(level_class(10), "level-low");
        assert_eq!(level_class(35), "level-medium");
        assert_eq!(level_class(60), "level-high");
        assert_eq!(level_class(100), "level-critical");
    }
}
