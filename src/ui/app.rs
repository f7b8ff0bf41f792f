//! The app root: router, layout, and the boot sequence (worker, then privacy lock).

use yew::prelude::*;
use yew_router::history::{AnyHistory, History, MemoryHistory};
use yew_router::prelude::*;

use super::boot::{self, PrivacyStatus};
use super::components::footer::Footer;
use super::components::header::Header;
use super::routes::{switch, Route};

/// The app as mounted in the browser.
#[component]
pub fn App() -> Html {
    html! {
        <BrowserRouter>
            <Shell />
        </BrowserRouter>
    }
}

#[derive(Properties, PartialEq)]
pub struct StaticAppProps {
    /// The path to render, e.g. `/scan`.
    pub path: AttrValue,
}

/// The app rendered at a fixed path, for server-side rendering in native tests.
#[component]
pub fn StaticApp(props: &StaticAppProps) -> Html {
    let history = AnyHistory::from(MemoryHistory::new());
    history.push(props.path.as_str());
    html! {
        <Router history={history}>
            <Shell />
        </Router>
    }
}

/// Layout shared by every page; owns the privacy status and starts the boot sequence.
#[component]
fn Shell() -> Html {
    let privacy = use_state(|| PrivacyStatus::Booting);
    {
        let privacy = privacy.clone();
        use_effect_with((), move |_| {
            boot::start(Callback::from(move |s| privacy.set(s)));
        });
    }
    let route = use_route::<Route>().unwrap_or(Route::NotFound);
    use_effect_with(route, |route| {
        boot::set_title(&format!("{} · shipcheck", route.title()));
    });

    html! {
        <ContextProvider<PrivacyStatus> context={(*privacy).clone()}>
            <a class="skip-link" href="#main">{ "Skip to content" }</a>
            <Header />
            <main id="main" tabindex="-1">
                <Switch<Route> render={switch} />
            </main>
            <Footer />
        </ContextProvider<PrivacyStatus>>
    }
}
