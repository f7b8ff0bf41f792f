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
    let c = shipcheck_engine::catalog::operator::OperatorConfig::built_in();
    assert!(c.booking_url.starts_with("https://"));
}

#[wasm_bindgen_test]
async fn the_app_mounts_and_renders_the_navigation() {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<shipcheck_web::ui::app::App>::with_root(root.clone()).render();
    // Let Yew's scheduler run the first render.
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 50)
            .unwrap();
    });
    JsFuture::from(p).await.unwrap();
    let links = root.query_selector_all("nav[aria-label=Tools] a").unwrap();
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

    shipcheck_web::ui::boot::lock_page();
    shipcheck_web::ui::boot::lock_page(); // idempotent
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

#[wasm_bindgen_test]
fn the_scanner_runs_inside_wasm_in_steps() {
    use shipcheck_engine::scan::{ScanInput, Scanner, Step};
    let key = format!(
        "sk_live_51{}",
        "Q7mZ2xK9pL4vB8nR3tY6wC1dF5gH0jS2aE4uI7oP9qW3eT6yX1zV"
    );
    let inputs = vec![
        ScanInput::new("dist/assets/index.js", format!("const k=\"{key}\";")),
        ScanInput::new(
            "server.js",
            "app.use(cors({ origin: true, credentials: true }));\n",
        ),
    ];
    let mut job = Scanner::built_in().job(inputs);
    let mut steps = 0;
    while let Step::Progress(_) = job.step(16) {
        steps += 1;
    }
    let report = job.finish();
    assert!(steps > 1, "the job should take several small steps");
    let rules: Vec<&str> = report.findings.iter().map(|f| f.rule.as_str()).collect();
    assert!(rules.contains(&"stripe-secret-key"), "{rules:?}");
    assert!(
        rules.contains(&"cors-reflected-origin-with-credentials"),
        "{rules:?}"
    );
}

#[wasm_bindgen_test]
fn a_share_fragment_round_trips_inside_wasm() {
    use shipcheck_engine::state::{self, Answer, State};
    let mut s = State::default();
    s.answers
        .insert("cross-tenant-access".into(), Answer::Unsure);
    let decoded = state::decode_fragment(&state::encode_fragment(&s)).unwrap();
    assert_eq!(decoded.state, s);
}

/// Waits `ms` milliseconds (lets Yew's scheduler render).
async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(p).await.unwrap();
}

/// The progress panel comes with a scan and goes with it, scan after scan. This
/// build has debug assertions, so a hook behind an early return stops Yew here
/// ("Hooks are called conditionally") and the panel never shows: what made the
/// scan page freeze in a dev build.
#[wasm_bindgen_test]
async fn the_scan_progress_comes_and_goes_with_each_scan() {
    use shipcheck_engine::scan::Progress;
    use shipcheck_web::protocol::Phase;
    use shipcheck_web::ui::components::scan_progress::{ScanProgress, ScanProgressProps};
    use shipcheck_web::ui::scan_state::{Run, Running};
    let running = |id| {
        Run::Running(Running {
            id,
            started_ms: 0.0,
            phase: Phase::Scanning,
            progress: Progress {
                bytes_done: 1,
                bytes_total: 2,
                files_done: 0,
                files_total: 1,
                findings_so_far: 0,
                current_file: ".env".into(),
            },
            first_finding_ms: None,
            file_ids: vec![],
        })
    };
    let props = |run| ScanProgressProps {
        run,
        on_cancel: yew::Callback::noop(),
    };
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let mut app =
        yew::Renderer::<ScanProgress>::with_root_and_props(root.clone(), props(Run::Idle)).render();
    let shown = || root.query_selector(".scan-progress").unwrap().is_some();
    sleep(30).await;
    assert!(!shown());
    for (run, want) in [
        (running(1), true),
        (Run::Done, false),
        (running(2), true),
        (Run::Cancelled, false),
    ] {
        app.update(props(run.clone()));
        sleep(30).await;
        assert_eq!(shown(), want, "{run:?}: {}", root.inner_html());
    }
    assert!(root.inner_html().is_empty(), "{}", root.inner_html());
}
