//! Prerenders every route of the built app into static HTML (a Trunk post-build step).
//!
//! Each route's page is rendered natively with Yew's server renderer — the same
//! components the browser runs — and written as `<dist>/<route>/index.html`, so the
//! first paint is real content instead of an empty page waiting for the wasm. When the
//! app starts, it replaces the prerendered markup with its live render
//! (`crates/web/src/main.rs`). Usage: `prerender <dist dir>`.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    use std::path::PathBuf;

    let Some(dist) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: prerender <dist dir>");
        return std::process::ExitCode::from(2);
    };
    let template = match std::fs::read_to_string(dist.join("index.html")) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("prerender: cannot read {}/index.html: {e}", dist.display());
            return std::process::ExitCode::from(2);
        }
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a tokio runtime");
    let mut pages = 0;
    for route in shipcheck_web::ui::prerender::ROUTES {
        let html = runtime.block_on(shipcheck_web::ui::prerender::render(route));
        let page = match shipcheck_web::ui::prerender::fill(&template, route, &html) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("prerender: {e}");
                return std::process::ExitCode::from(1);
            }
        };
        let path = shipcheck_web::ui::prerender::output_path(&dist, route);
        if let Some(dir) = path.parent() {
            if let Err(e) = std::fs::create_dir_all(dir) {
                eprintln!("prerender: {}: {e}", dir.display());
                return std::process::ExitCode::from(1);
            }
        }
        if let Err(e) = std::fs::write(&path, page) {
            eprintln!("prerender: {}: {e}", path.display());
            return std::process::ExitCode::from(1);
        }
        pages += 1;
    }
    println!("prerender: {pages} routes written to {}", dist.display());
    std::process::ExitCode::SUCCESS
}

#[cfg(target_arch = "wasm32")]
fn main() {}
