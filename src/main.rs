//! The web app entry: mounts [`shipcheck::ui::app::App`] in the browser, with the
//! answers restored from a shared link or the saved copy before the first render.

#[cfg(target_arch = "wasm32")]
fn main() {
    let initial = shipcheck::ui::persist::load_initial();
    yew::Renderer::<shipcheck::ui::app::App>::with_props(shipcheck::ui::app::AppProps { initial })
        .render();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the web app runs in a browser: build it with `trunk build` (see README.md)");
    std::process::exit(2);
}
