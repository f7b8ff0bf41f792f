//! The web app entry: mounts [`shipcheck_web::ui::app::App`] in the browser, with the
//! answers restored from a shared link or the saved copy before the first render.

#[cfg(target_arch = "wasm32")]
fn main() {
    // The page on screen is the prerendered one, so nothing is in a hurry: boot in
    // short tasks rather than one long one that would freeze a slow phone for a few
    // hundred milliseconds. This task (the one that instantiated the wasm) parses the
    // compiled-in checklists; the next one mounts the app.
    let _ = shipcheck_engine::catalog::assess::Catalog::built_in();
    gloo::timers::callback::Timeout::new(0, mount).forget();
}

/// Mounts the live app over the prerendered page.
#[cfg(target_arch = "wasm32")]
fn mount() {
    let (initial, mine) = shipcheck_web::ui::persist::load_initial();
    let props = shipcheck_web::ui::app::AppProps { initial, mine };
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"));
    match root {
        // The build prerendered this route into #app: replace it with the live app.
        Some(root) => {
            root.set_inner_html("");
            yew::Renderer::<shipcheck_web::ui::app::App>::with_root_and_props(root, props).render();
        }
        None => {
            yew::Renderer::<shipcheck_web::ui::app::App>::with_props(props).render();
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the web app runs in a browser: build it with `trunk build` (see README.md)");
    std::process::exit(2);
}
