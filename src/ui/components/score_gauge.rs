//! The risk score as a half-circle gauge with the number and grade in the middle.
//! The arc's geometry is a plain function ([`gauge_arc`]) tested natively.

use yew::prelude::*;

/// Centre and radius of the gauge, in SVG user units (viewBox 0 0 200 120).
pub const GAUGE_CX: f64 = 100.0;
pub const GAUGE_CY: f64 = 104.0;
pub const GAUGE_R: f64 = 84.0;

/// The SVG path of the arc from 0 (left) to `score` on a 0..=100 half circle, or
/// `None` for 0 (nothing to draw). Scores above 100 are drawn as 100.
pub fn gauge_arc(score: u32) -> Option<String> {
    if score == 0 {
        return None;
    }
    let f = f64::from(score.min(100)) / 100.0;
    let angle = std::f64::consts::PI * (1.0 - f);
    let x = GAUGE_CX + GAUGE_R * angle.cos();
    let y = GAUGE_CY - GAUGE_R * angle.sin();
    Some(format!(
        "M {:.1} {:.1} A {r:.1} {r:.1} 0 0 1 {x:.1} {y:.1}",
        GAUGE_CX - GAUGE_R,
        GAUGE_CY,
        r = GAUGE_R,
    ))
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
    pub score: u32,
    pub grade: AttrValue,
}

#[component]
pub fn ScoreGauge(props: &ScoreGaugeProps) -> Html {
    let label = format!(
        "Risk score {} out of 100, grade {}",
        props.score, props.grade
    );
    html! {
        <svg class={classes!("gauge", level_class(props.score))} viewBox="0 0 200 120" role="img" aria-label={label.clone()}>
            <title>{ label }</title>
            <path d={gauge_track()} class="gauge-track" />
            if let Some(d) = gauge_arc(props.score) {
                <path d={d} class="gauge-arc" />
            }
            <text x="100" y="88" text-anchor="middle" class="gauge-score">{ props.score }</text>
            <text x="100" y="110" text-anchor="middle" class="gauge-scale">{ "out of 100" }</text>
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn end(path: &str) -> (f64, f64) {
        let mut it = path.split(' ').rev();
        let y: f64 = it.next().unwrap().parse().unwrap();
        let x: f64 = it.next().unwrap().parse().unwrap();
        (x, y)
    }

    #[test]
    fn the_arc_ends_where_the_score_points() {
        assert_eq!(gauge_arc(0), None);
        // 50 points straight up; 100 ends on the right; above 100 is drawn as 100.
        assert_eq!(end(&gauge_arc(50).unwrap()), (GAUGE_CX, GAUGE_CY - GAUGE_R));
        assert_eq!(
            end(&gauge_arc(100).unwrap()),
            (GAUGE_CX + GAUGE_R, GAUGE_CY)
        );
        assert_eq!(gauge_arc(250), gauge_arc(100));
        // Monotonic: a higher score ends further clockwise (x grows along the top).
        let xs: Vec<f64> = (1..=100).map(|s| end(&gauge_arc(s).unwrap()).0).collect();
        assert!(xs.windows(2).all(|w| w[0] <= w[1]), "{xs:?}");
        for s in 1..=100 {
            assert!(!gauge_arc(s).unwrap().contains("NaN"));
        }
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
