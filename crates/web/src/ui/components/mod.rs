//! Reusable pieces of the layout.

pub mod access_group;
pub mod answer_group;
pub mod baseline_picker;
pub mod booking_link;
pub mod charts;
pub mod choice_group;
pub mod empty_state;
pub mod estimate_inputs;
pub mod finding_row;
pub mod findings_view;
pub mod footer;
pub mod gate_item;
pub mod header;
pub mod notices;
pub mod number_field;
pub mod privacy_badge;
pub mod profile_picker;
pub mod question_item;
pub mod scan_input;
pub mod scan_progress;
pub mod score_gauge;
pub mod screening_list;
pub mod share_link;
pub mod sprint_quote;
pub mod top_risks;
pub mod verdict_panel;
