//! The web app entry: mounts [`shipcheck::ui::app::App`] in the browser.

#[cfg(target_arch = "wasm32")]
fn main() {
    yew::Renderer::<shipcheck::ui::app::App>::new().render();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the web app runs in a browser: build it with `trunk build` (see README.md)");
    std::process::exit(2);
}
