//! Tests that only a browser can run, compiled to wasm and run by
//! wasm-bindgen-test-runner in headless Chromium (`cargo test --target
//! wasm32-unknown-unknown --test web`).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

#[wasm_bindgen_test]
fn engine_config_parses_inside_wasm() {
    let c = shipcheck::engine::config::OperatorConfig::built_in();
    assert!(c.booking_url.starts_with("https://"));
}

#[wasm_bindgen_test]
async fn the_app_mounts_and_renders_the_navigation() {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<shipcheck::ui::app::App>::with_root(root.clone()).render();
    // Let Yew's scheduler run the first render.
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 50)
            .unwrap();
    });
    JsFuture::from(p).await.unwrap();
    let links = root.query_selector_all("nav a").unwrap();
    assert_eq!(links.length(), 6, "{}", root.inner_html());
    assert!(root.inner_html().contains("Skip to content"));
}

#[wasm_bindgen_test]
async fn after_the_lock_a_fetch_is_refused() {
    let window = web_sys::window().unwrap();
    // Before the lock, a same-origin fetch works (the test runner serves the page).
    let before = JsFuture::from(window.fetch_with_str("/")).await;
    assert!(
        before.is_ok(),
        "fetch before the lock should work: {before:?}"
    );

    shipcheck::ui::boot::lock_page();
    shipcheck::ui::boot::lock_page(); // idempotent
    let metas = document()
        .query_selector_all("meta[data-shipcheck-lock]")
        .unwrap()
        .length();
    assert_eq!(metas, 1);

    let after = JsFuture::from(window.fetch_with_str("/")).await;
    let err = after.expect_err("fetch after the lock must be refused");
    let err: js_sys::Error = err.dyn_into().unwrap();
    assert_eq!(String::from(err.name()), "TypeError");
}
