//! The app's routes: real paths, served by falling back to `index.html`.

use yew::prelude::*;
use yew_router::prelude::*;

use super::pages;

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
    pub fn blurb(self) -> &'static str {
        match self {
            Route::Checklist => "Ten questions about your app: do you need a rescue sprint, a DIY fix, or neither yet?",
            Route::Risk => "A 0–100 risk score broken down by where the risk is: data, revenue, performance, launch, support.",
            Route::Readiness => "Launch gates against concrete targets: auth, tenant isolation, p95 latency, error rate.",
            Route::Estimate => "What fixing it costs, set against doing it yourself and against doing nothing.",
            Route::Scan => "Paste or drop a .env, config, server code or your built bundle: leaked secrets and open CORS.",
            Route::Report => "Everything on one page: print it, download Markdown, JSON or SARIF, or share a link.",
            Route::Home | Route::NotFound => "",
        }
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
