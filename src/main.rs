//! The web app entry: mounts [`shipcheck::ui::app::App`] in the browser, with the
//! answers restored from a shared link or the saved copy before the first render.

#[cfg(target_arch = "wasm32")]
fn main() {
    let initial = shipcheck::ui::persist::load_initial();
    let props = shipcheck::ui::app::AppProps { initial };
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"));
    match root {
        // The build prerendered this route into #app: replace it with the live app.
        Some(root) => {
            root.set_inner_html("");
            yew::Renderer::<shipcheck::ui::app::App>::with_root_and_props(root, props).render();
        }
        None => {
            yew::Renderer::<shipcheck::ui::app::App>::with_props(props).render();
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the web app runs in a browser: build it with `trunk build` (see README.md)");
    std::process::exit(2);
}
