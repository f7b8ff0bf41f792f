use shipcheck_engine::scan::{ScanInput, ScanOptions, Scanner};
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let n: usize = std::env::args().nth(2).map_or(20, |s| s.parse().unwrap());
    let text = std::fs::read(&path).unwrap();
    let scanner = Scanner::built_in();
    let mut warm = scanner.warm_up();
    while warm.step() {}
    let options = ScanOptions {
        cors: false,
        access: false,
        ..ScanOptions::default()
    };
    let t = std::time::Instant::now();
    for _ in 0..n {
        let r = scanner.scan_with(
            vec![ScanInput::new(path.clone(), text.clone())],
            options.clone(),
        );
        assert_eq!(r.findings.len(), 8);
    }
    println!("{:.4} s per scan", t.elapsed().as_secs_f64() / n as f64);
}
