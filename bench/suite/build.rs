// Transpile every Aurora program of the suite (aurora/*.aur) into OUT_DIR; src/aurora/NAME.rs
// includes OUT_DIR/NAME.rs as the crate root of the binary `NAME-aurora`.
fn main() {
    aurora::Config::new().compile_dir("aurora").unwrap();
}
