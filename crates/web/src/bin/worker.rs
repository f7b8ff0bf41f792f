//! The scan worker: loaded by the page in a Web Worker (Trunk `data-type="worker"`).

#[cfg(target_arch = "wasm32")]
fn main() {
    shipcheck_web::worker::run();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the scan worker runs in a browser; use `shipcheck scan` on the command line");
    std::process::exit(2);
}
