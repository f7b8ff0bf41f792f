//! SVG charts drawn by the app itself (no chart library, no CDN): a horizontal bar
//! chart for the risk breakdown and grouped bars for the cost comparison.
//!
//! The geometry is computed by plain functions ([`bar_rows`], [`grouped_columns`])
//! that are unit-tested natively; the components only turn it into SVG. Sizes are
//! SVG attributes (`viewBox`, `width`), never inline styles: the page's CSP forbids those.

use yew::prelude::*;

/// One bar of a horizontal bar chart.
#[derive(Debug, Clone, PartialEq)]
pub struct BarDatum {
    pub label: AttrValue,
    pub value: f64,
    /// Text shown at the end of the bar (e.g. "72 / 100").
    pub value_label: AttrValue,
    /// CSS class for the bar's colour (e.g. "sev-high").
    pub class: AttrValue,
}

/// Where one bar goes, in SVG user units.
#[derive(Debug, Clone, PartialEq)]
pub struct BarRow {
    pub y: f64,
    pub width: f64,
}

pub const BAR_LABEL_WIDTH: f64 = 170.0;
pub const BAR_HEIGHT: f64 = 22.0;
pub const BAR_GAP: f64 = 12.0;
pub const BAR_AREA: f64 = 300.0;

/// Lays out horizontal bars on a `0..=max` scale: bar widths are proportional to the
/// value, clamped to `[0, BAR_AREA]`; a non-finite or non-positive `max` gives zero
/// widths rather than NaN.
pub fn bar_rows(values: &[f64], max: f64) -> Vec<BarRow> {
    values
        .iter()
        .enumerate()
        .map(|(i, &v)| {
            let frac = if max.is_finite() && max > 0.0 && v.is_finite() {
                (v / max).clamp(0.0, 1.0)
            } else {
                0.0
            };
            BarRow {
                y: i as f64 * (BAR_HEIGHT + BAR_GAP),
                width: (frac * BAR_AREA * 10.0).round() / 10.0,
            }
        })
        .collect()
}

/// Height of the label line above each bar in the stacked layout.
pub const STACK_LABEL: f64 = 20.0;
/// One stacked row: label line, bar, gap.
pub const STACK_ROW: f64 = STACK_LABEL + BAR_HEIGHT + BAR_GAP;

/// Like [`bar_rows`], for the stacked layout (label and value on a line above each
/// bar): same widths, each bar below its label line.
pub fn stacked_bar_rows(values: &[f64], max: f64) -> Vec<BarRow> {
    bar_rows(values, max)
        .into_iter()
        .enumerate()
        .map(|(i, r)| BarRow {
            y: i as f64 * STACK_ROW + STACK_LABEL,
            width: r.width,
        })
        .collect()
}

#[derive(Properties, PartialEq)]
pub struct BarChartProps {
    /// Accessible name of the chart.
    pub title: AttrValue,
    /// A sentence describing what the chart shows, for screen readers.
    pub desc: AttrValue,
    pub data: Vec<BarDatum>,
    pub max: f64,
    /// Label and value on a line above each bar instead of beside it: a narrower
    /// chart whose text stays legible on a phone.
    #[prop_or_default]
    pub stacked: bool,
}

/// A horizontal bar chart: label, bar, value.
#[component]
pub fn BarChart(props: &BarChartProps) -> Html {
    if props.stacked {
        return stacked_bar_chart(props);
    }
    let rows = bar_rows(
        &props.data.iter().map(|d| d.value).collect::<Vec<_>>(),
        props.max,
    );
    let height = props.data.len() as f64 * (BAR_HEIGHT + BAR_GAP);
    let width = BAR_LABEL_WIDTH + BAR_AREA + 90.0;
    html! {
        <svg class="chart bar-chart" viewBox={format!("0 0 {width} {height}")} role="img"
             aria-label={props.title.clone()} preserveAspectRatio="xMinYMin meet">
            <title>{ props.title.clone() }</title>
            <desc>{ props.desc.clone() }</desc>
            { for props.data.iter().zip(rows).map(|(d, r)| html! {
                <g class="bar-row">
                    <text x="0" y={(r.y + BAR_HEIGHT * 0.72).to_string()} class="chart-label">{ d.label.clone() }</text>
                    <rect x={BAR_LABEL_WIDTH.to_string()} y={r.y.to_string()} width={BAR_AREA.to_string()}
                          height={BAR_HEIGHT.to_string()} rx="4" class="bar-track" />
                    <rect x={BAR_LABEL_WIDTH.to_string()} y={r.y.to_string()} width={r.width.to_string()}
                          height={BAR_HEIGHT.to_string()} rx="4" class={classes!("bar", d.class.to_string())} />
                    <text x={(BAR_LABEL_WIDTH + BAR_AREA + 8.0).to_string()} y={(r.y + BAR_HEIGHT * 0.72).to_string()}
                          class="chart-value">{ d.value_label.clone() }</text>
                </g>
            }) }
        </svg>
    }
}

fn stacked_bar_chart(props: &BarChartProps) -> Html {
    let rows = stacked_bar_rows(
        &props.data.iter().map(|d| d.value).collect::<Vec<_>>(),
        props.max,
    );
    let height = props.data.len() as f64 * STACK_ROW;
    html! {
        <svg class="chart bar-chart stacked" viewBox={format!("0 0 {BAR_AREA} {height}")} role="img"
             aria-label={props.title.clone()} preserveAspectRatio="xMinYMin meet">
            <title>{ props.title.clone() }</title>
            <desc>{ props.desc.clone() }</desc>
            { for props.data.iter().zip(rows).map(|(d, r)| html! {
                <g class="bar-row">
                    <text x="0" y={(r.y - 6.0).to_string()} class="chart-label">{ d.label.clone() }</text>
                    <text x={BAR_AREA.to_string()} y={(r.y - 6.0).to_string()} text-anchor="end"
                          class="chart-value">{ d.value_label.clone() }</text>
                    <rect x="0" y={r.y.to_string()} width={BAR_AREA.to_string()}
                          height={BAR_HEIGHT.to_string()} rx="4" class="bar-track" />
                    <rect x="0" y={r.y.to_string()} width={r.width.to_string()}
                          height={BAR_HEIGHT.to_string()} rx="4" class={classes!("bar", d.class.to_string())} />
                </g>
            }) }
        </svg>
    }
}

/// One column of a grouped column chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub x: f64,
    pub y: f64,
    pub height: f64,
}

pub const COL_WIDTH: f64 = 46.0;
pub const COL_GAP: f64 = 10.0;
pub const GROUP_GAP: f64 = 60.0;
pub const COL_AREA: f64 = 200.0;
pub const COL_TOP: f64 = 24.0;

/// Lays out `groups × series` columns on a shared `0..=max` scale, where `max` is the
/// largest value (at least 1). `values[g][s]` is group `g`, series `s`. Negative or
/// non-finite values draw as zero.
pub fn grouped_columns(values: &[Vec<f64>]) -> Vec<Vec<Column>> {
    let max = values
        .iter()
        .flatten()
        .copied()
        .filter(|v| v.is_finite())
        .fold(1.0_f64, f64::max);
    let mut x = 0.0;
    values
        .iter()
        .map(|group| {
            let cols = group
                .iter()
                .map(|&v| {
                    let v = if v.is_finite() { v.max(0.0) } else { 0.0 };
                    let height = ((v / max) * COL_AREA * 10.0).round() / 10.0;
                    let col = Column {
                        x,
                        y: COL_TOP + COL_AREA - height,
                        height,
                    };
                    x += COL_WIDTH + COL_GAP;
                    col
                })
                .collect();
            x += GROUP_GAP - COL_GAP;
            cols
        })
        .collect()
}

#[derive(Properties, PartialEq)]
pub struct GroupedColumnsProps {
    pub title: AttrValue,
    pub desc: AttrValue,
    /// Group names (e.g. "30 days", "90 days").
    pub groups: Vec<AttrValue>,
    /// Series names and CSS classes (e.g. ("Sprint", "series-sprint")).
    pub series: Vec<(AttrValue, AttrValue)>,
    /// `values[group][series]`.
    pub values: Vec<Vec<f64>>,
    /// Labels shown above each column, same shape as `values`.
    pub labels: Vec<Vec<AttrValue>>,
}

/// Grouped columns with a legend, e.g. the cost of each option after 30 and 90 days.
#[component]
pub fn GroupedColumns(props: &GroupedColumnsProps) -> Html {
    let layout = grouped_columns(&props.values);
    let width = layout
        .last()
        .and_then(|g| g.last())
        .map(|c| c.x + COL_WIDTH)
        .unwrap_or(0.0)
        + 10.0;
    let base = COL_TOP + COL_AREA;
    html! {
        <figure class="chart-figure">
            <svg class="chart grouped-columns" viewBox={format!("0 0 {width} {}", base + 30.0)} role="img"
                 aria-label={props.title.clone()} preserveAspectRatio="xMinYMin meet">
                <title>{ props.title.clone() }</title>
                <desc>{ props.desc.clone() }</desc>
                <line x1="0" x2={width.to_string()} y1={base.to_string()} y2={base.to_string()} class="axis" />
                { for layout.iter().enumerate().map(|(g, cols)| {
                    let first = cols.first().map(|c| c.x).unwrap_or(0.0);
                    let last = cols.last().map(|c| c.x + COL_WIDTH).unwrap_or(0.0);
                    html! {
                        <g class="column-group">
                            { for cols.iter().enumerate().map(|(s, c)| html! {
                                <>
                                    <rect x={c.x.to_string()} y={c.y.to_string()} width={COL_WIDTH.to_string()}
                                          height={c.height.to_string()} rx="3"
                                          class={classes!("column", props.series.get(s).map(|x| x.1.to_string()))} />
                                    <text x={(c.x + COL_WIDTH / 2.0).to_string()} y={(c.y - 6.0).to_string()}
                                          class="chart-value" text-anchor="middle">
                                        { props.labels.get(g).and_then(|l| l.get(s)).cloned().unwrap_or_default() }
                                    </text>
                                </>
                            }) }
                            <text x={((first + last) / 2.0).to_string()} y={(base + 20.0).to_string()}
                                  class="chart-label" text-anchor="middle">
                                { props.groups.get(g).cloned().unwrap_or_default() }
                            </text>
                        </g>
                    }
                }) }
            </svg>
            <figcaption class="legend">
                { for props.series.iter().map(|(name, class)| html! {
                    <span class="legend-item"><span class={classes!("swatch", class.to_string())} aria-hidden="true"></span>{ name.clone() }</span>
                }) }
            </figcaption>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_proportional_and_clamped() {
        let rows = bar_rows(&[0.0, 50.0, 100.0, 150.0, -3.0], 100.0);
        let widths: Vec<f64> = rows.iter().map(|r| r.width).collect();
        assert_eq!(widths, vec![0.0, BAR_AREA / 2.0, BAR_AREA, BAR_AREA, 0.0]);
        assert_eq!(rows[1].y, BAR_HEIGHT + BAR_GAP);
    }

    #[test]
    fn stacked_bars_keep_the_widths_and_leave_a_label_line_above_each() {
        let values = [10.0, 55.0, 100.0];
        let flat = bar_rows(&values, 100.0);
        let stacked = stacked_bar_rows(&values, 100.0);
        for (i, (f, s)) in flat.iter().zip(&stacked).enumerate() {
            assert_eq!(f.width, s.width);
            assert_eq!(s.y, i as f64 * STACK_ROW + STACK_LABEL);
        }
        // No bar overlaps the next row's label line.
        for w in stacked.windows(2) {
            assert!(w[0].y + BAR_HEIGHT <= w[1].y - STACK_LABEL);
        }
    }

    #[test]
    fn bars_never_produce_nan() {
        for max in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            for r in bar_rows(&[10.0, f64::NAN], max) {
                assert!(r.width.is_finite() && r.width == 0.0, "max {max}: {r:?}");
            }
        }
    }

    #[test]
    fn grouped_columns_share_one_scale() {
        let layout = grouped_columns(&[vec![100.0, 50.0], vec![200.0, 0.0]]);
        assert_eq!(
            layout[1][0].height, COL_AREA,
            "the largest value fills the area"
        );
        assert_eq!(layout[0][0].height, COL_AREA / 2.0);
        assert_eq!(layout[0][1].height, COL_AREA / 4.0);
        assert_eq!(layout[1][1].height, 0.0);
        // Columns are bottom-aligned and laid out left to right with a wider gap between groups.
        assert_eq!(layout[0][0].y + layout[0][0].height, COL_TOP + COL_AREA);
        assert_eq!(layout[0][1].x - layout[0][0].x, COL_WIDTH + COL_GAP);
        assert_eq!(layout[1][0].x - layout[0][1].x, COL_WIDTH + GROUP_GAP);
    }

    #[test]
    fn grouped_columns_handle_zero_and_bad_values() {
        let layout = grouped_columns(&[vec![0.0, -5.0, f64::NAN]]);
        assert!(layout[0].iter().all(|c| c.height == 0.0 && c.y.is_finite()));
    }
}
