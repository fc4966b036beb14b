// Transpile every Aurora program under src/aurora into OUT_DIR: stats.aur and report.aur
// (layout.aur is a module of report.aur, so it is not a program of its own).
fn main() {
    aurora::Config::new().compile_dir("src/aurora").unwrap();
}
