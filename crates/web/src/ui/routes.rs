//! The app's routes: real paths, served by falling back to `index.html`.

use yew::prelude::*;
use yew_router::prelude::*;

use super::pages;
use shipcheck_engine::catalog::assess::Catalog;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Routable)]
pub enum Route {
    #[at("/")]
    Home,
    #[at("/checklist")]
    Checklist,
    #[at("/risk")]
    Risk,
    #[at("/readiness")]
    Readiness,
    #[at("/estimate")]
    Estimate,
    #[at("/scan")]
    Scan,
    #[at("/report")]
    Report,
    #[not_found]
    #[at("/404")]
    NotFound,
}

impl Route {
    /// The pages in navigation order (the landing page and 404 are not listed).
    pub const TOOLS: [Route; 6] = [
        Route::Checklist,
        Route::Risk,
        Route::Readiness,
        Route::Estimate,
        Route::Scan,
        Route::Report,
    ];

    /// The founder's journey, in order: the step indicator on every page.
    pub const JOURNEY: [Route; 5] = [
        Route::Checklist,
        Route::Scan,
        Route::Readiness,
        Route::Estimate,
        Route::Report,
    ];

    /// Where to go after this page, and why, in one sentence. The risk score page is
    /// not a step of its own (it reads the checklist and the scan): it leads on to
    /// readiness. The report leads back to a scan, to see a fix take effect.
    pub fn next_step(self) -> Option<(Route, &'static str)> {
        Some(match self {
            Route::Home => (Route::Checklist, "Start with the checklist: yes / no questions about your app, a few minutes, nothing leaves this browser."),
            Route::Checklist => (Route::Scan, "Check your code for leaked keys and an open CORS policy: a scan answers what a question cannot."),
            Route::Scan => (Route::Readiness, "See which launch gates pass, fail or are still unknown, and fill in your numbers."),
            Route::Risk => (Route::Readiness, "See which launch gates pass, fail or are still unknown, and fill in your numbers."),
            Route::Readiness => (Route::Estimate, "See what fixing it costs, set against doing it yourself and against doing nothing."),
            Route::Estimate => (Route::Report, "Everything on one page, to print, download or share."),
            Route::Report => (Route::Scan, "Fixed something? Scan again to see the finding go."),
            Route::NotFound => (Route::Home, "Start from the beginning."),
        })
    }

    /// The short name used in the navigation bar.
    pub fn label(self) -> &'static str {
        match self {
            Route::Home => "Home",
            Route::Checklist => "Checklist",
            Route::Risk => "Risk score",
            Route::Readiness => "Readiness",
            Route::Estimate => "Estimate",
            Route::Scan => "Scan",
            Route::Report => "Report",
            Route::NotFound => "Not found",
        }
    }

    /// The document title for the page.
    pub fn title(self) -> &'static str {
        match self {
            Route::Home => "Launch readiness for AI-built apps",
            Route::Checklist => "Founder decision checklist",
            Route::Risk => "Risk score",
            Route::Readiness => "Launch readiness",
            Route::Estimate => "Sprint cost estimate",
            Route::Scan => "Secret and CORS scan",
            Route::Report => "Report",
            Route::NotFound => "Page not found",
        }
    }

    /// One line saying what the page answers, used on the landing page cards.
    pub fn blurb(self) -> String {
        match self {
            Route::Checklist => {
                // The promise is the catalog's own count, whatever the profile.
                let (min, max) = Catalog::built_in().question_counts();
                let count = if min == max {
                    format!("{min}")
                } else {
                    format!("{min} to {max}")
                };
                return format!("{count} yes / no questions about your app: do you need a rescue sprint, a DIY fix, or neither yet?");
            }
            Route::Risk => "A 0–100 risk score broken down by where the risk is: data, revenue, performance, launch, support.",
            Route::Readiness => "Launch gates against concrete targets: auth, tenant isolation, p95 latency, error rate.",
            Route::Estimate => "What fixing it costs, set against doing it yourself and against doing nothing.",
            Route::Scan => "Paste or drop a .env, config, server code or your built bundle: leaked secrets and open CORS.",
            Route::Report => "Everything on one page: print it, download Markdown, JSON or SARIF, or share a link.",
            Route::Home | Route::NotFound => "",
        }
        .to_string()
    }
}

/// Renders the page for a route.
pub fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <pages::home::Home /> },
        Route::Checklist => html! { <pages::checklist::Checklist /> },
        Route::Risk => html! { <pages::risk::Risk /> },
        Route::Readiness => html! { <pages::readiness::Readiness /> },
        Route::Estimate => html! { <pages::estimate::Estimate /> },
        Route::Scan => html! { <pages::scan::Scan /> },
        Route::Report => html! { <pages::report::Report /> },
        Route::NotFound => html! { <pages::not_found::NotFound /> },
    }
}
