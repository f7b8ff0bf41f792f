//! Renders the app natively with Yew's server renderer: every route renders the page
//! it names, with the shared layout, without a browser.
#![cfg(not(target_arch = "wasm32"))]

use shipcheck_engine::state::{Decoded, State};
use shipcheck_web::ui::app::{StaticApp, StaticAppProps};
use shipcheck_web::ui::state::RestoreSource;
use yew::LocalServerRenderer;

async fn render(path: &str) -> String {
    render_with(path, None).await
}

/// Renders `path` with the app started from `state` (as if restored from a saved copy).
async fn render_with(path: &str, state: Option<State>) -> String {
    LocalServerRenderer::<StaticApp>::with_props(StaticAppProps {
        path: path.to_owned().into(),
        initial: state.map(|state| {
            (
                Decoded {
                    state,
                    notices: vec![],
                },
                RestoreSource::Storage,
            )
        }),
        mine: None,
    })
    .render()
    .await
}

#[tokio::test]
async fn every_route_renders_its_page_inside_the_layout() {
    let cases = [
        ("/", "Is your AI-built app ready for real customers?"),
        ("/checklist", "Founder decision checklist"),
        ("/risk", "Risk score"),
        ("/readiness", "Launch readiness"),
        ("/estimate", "Sprint cost estimate"),
        ("/scan", "Secret and CORS scan"),
        ("/report", "Your launch report"),
        ("/no-such-page", "Page not found"),
    ];
    for (path, heading) in cases {
        let html = render(path).await;
        assert!(
            html.contains(&format!("<h1>{heading}")) || html.contains(&format!(">{heading}</h1>")),
            "{path}: no <h1> {heading:?} in\n{html}"
        );
        assert!(
            html.contains("class=\"site-header\""),
            "{path}: header missing"
        );
        assert!(
            html.contains("Skip to content"),
            "{path}: skip link missing"
        );
        assert!(
            html.contains("never leaves this tab"),
            "{path}: footer promise missing"
        );
    }
}

#[tokio::test]
async fn the_current_page_is_marked_in_the_navigation() {
    let html = render("/scan").await;
    let active = html.matches("nav-link active").count();
    assert_eq!(active, 1, "exactly one active link expected:\n{html}");
    let at = html.find("nav-link active").unwrap();
    let start = html[..at].rfind("<a").unwrap();
    let end = at + html[at..].find('>').unwrap();
    let tag = &html[start..=end];
    assert!(
        tag.contains("href=\"/scan\""),
        "the active link is not /scan: {tag}"
    );
}

#[tokio::test]
async fn landing_page_explains_the_privacy_lock() {
    let html = render("/").await;
    assert!(html.contains("Nothing you enter leaves this browser"));
    assert!(html.contains("locks itself"));
    assert!(html.contains("Content-Security-Policy"));
    // Before the browser boots the worker, the page must not claim to be locked.
    assert!(html.contains("data-privacy=\"booting\""), "{html}");
}

#[tokio::test]
async fn a_restored_share_link_is_announced_on_the_page() {
    let html = LocalServerRenderer::<StaticApp>::with_props(StaticAppProps {
        path: "/report".into(),
        initial: Some((
            Decoded {
                state: State::default(),
                notices: vec!["dropped an answer to an unknown question \"zz\"".into()],
            },
            RestoreSource::ShareLink,
        )),
        mine: None,
    })
    .render()
    .await;
    assert!(html.contains("restored from the shared link"), "{html}");
    assert!(html.contains("unknown question"), "{html}");
    // Rendering with a saved state must not announce a share link.
    let html = render_with("/report", Some(State::default())).await;
    assert!(!html.contains("shared link"), "{html}");
}
