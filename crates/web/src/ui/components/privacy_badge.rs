//! Shows whether the page has locked itself against network requests.

use yew::prelude::*;

use crate::ui::boot::PrivacyStatus;

#[component]
pub fn PrivacyBadge() -> Html {
    let status = use_context::<PrivacyStatus>().unwrap_or(PrivacyStatus::Booting);
    let (class, text, title) = match &status {
        PrivacyStatus::Booting => (
            "badge booting",
            "Locking…",
            "The page is loading its scan worker; then it blocks all network requests.".to_string(),
        ),
        PrivacyStatus::Locked => (
            "badge locked",
            "Offline-locked",
            "This page can no longer make any network request: nothing you enter can leave your browser."
                .to_string(),
        ),
        PrivacyStatus::LockedWithoutWorker(why) => (
            "badge locked warn",
            "Offline-locked",
            format!("This page can no longer make any network request. Scanning is unavailable: {why}."),
        ),
    };
    html! {
        <span class={class} title={title} role="status" data-privacy={
            match status { PrivacyStatus::Booting => "booting", _ => "locked" }
        }>
            <span class="dot" aria-hidden="true"></span>
            { text }
        </span>
    }
}
