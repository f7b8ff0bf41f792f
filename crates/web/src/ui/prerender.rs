//! Static HTML for each route, rendered natively at build time (`crates/web/src/bin/prerender.rs`).

use std::path::{Path, PathBuf};

use super::routes::Route;

/// The routes written as static pages, in the order the build writes them.
pub const ROUTES: [Route; 7] = [
    Route::Home,
    Route::Checklist,
    Route::Risk,
    Route::Readiness,
    Route::Estimate,
    Route::Scan,
    Route::Report,
];

/// The element the app mounts into; `index.html` must contain it empty.
pub const MOUNT: &str = "<div id=\"app\"></div>";

/// The route's page as HTML, without hydration markers.
#[cfg(not(target_arch = "wasm32"))]
pub async fn render(route: Route) -> String {
    use super::app::{StaticApp, StaticAppProps};
    use yew_router::Routable;
    yew::LocalServerRenderer::<StaticApp>::with_props(StaticAppProps {
        path: route.to_path().into(),
        initial: None,
        mine: None,
    })
    .hydratable(false)
    .render()
    .await
}

/// Puts the rendered page and its title into the built `index.html`.
pub fn fill(template: &str, route: Route, body: &str) -> Result<String, String> {
    if !template.contains(MOUNT) {
        return Err(format!("index.html has no empty {MOUNT} to fill"));
    }
    let start = template
        .find("<title>")
        .ok_or("index.html has no <title>")?;
    let end = template[start..]
        .find("</title>")
        .ok_or("index.html has an unclosed <title>")?
        + start;
    let title = format!("<title>{} · shipcheck</title>", escape(route.title()));
    let mut page = String::with_capacity(template.len() + body.len());
    page.push_str(&template[..start]);
    page.push_str(&title);
    page.push_str(&template[end + "</title>".len()..]);
    Ok(page.replacen(MOUNT, &format!("<div id=\"app\">{body}</div>"), 1))
}

/// Where a route's page goes: `dist/index.html` for `/`, `dist/scan/index.html`...
pub fn output_path(dist: &Path, route: Route) -> PathBuf {
    use yew_router::Routable;
    let path = route.to_path();
    let trimmed = path.trim_matches('/');
    if trimmed.is_empty() {
        dist.join("index.html")
    } else {
        dist.join(trimmed).join("index.html")
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPLATE: &str =
        "<html><head><title>x</title></head><body><div id=\"app\"></div></body></html>";

    #[test]
    fn fills_the_mount_point_and_the_title() {
        let page = fill(TEMPLATE, Route::Scan, "<h1>Scan</h1>").unwrap();
        assert_eq!(
            page,
            "<html><head><title>Secret and CORS scan · shipcheck</title></head><body><div id=\"app\"><h1>Scan</h1></div></body></html>"
        );
    }

    #[test]
    fn refuses_a_template_without_a_mount_point() {
        assert!(fill("<title>x</title><body></body>", Route::Home, "")
            .unwrap_err()
            .contains("id=\"app\""));
        assert!(fill("<div id=\"app\"></div>", Route::Home, "")
            .unwrap_err()
            .contains("<title>"));
    }

    #[test]
    fn routes_map_to_folders() {
        let d = Path::new("dist");
        assert_eq!(output_path(d, Route::Home), Path::new("dist/index.html"));
        assert_eq!(
            output_path(d, Route::Readiness),
            Path::new("dist/readiness/index.html")
        );
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[tokio::test]
    async fn every_route_renders_its_heading_without_hydration_markers() {
        for route in ROUTES {
            let html = render(route).await;
            assert!(html.contains("<h1"), "{route:?}: {html}");
            assert!(!html.contains("<!--<["), "{route:?} has hydration markers");
        }
    }
}
