//! Records the target the binary is built for, so `--version` can say it
//! (a person reporting a problem pastes one line that says both).

fn main() {
    let target = std::env::var("TARGET").unwrap_or_else(|_| "unknown".into());
    println!("cargo:rustc-env=SMUGMUG_AUTH_TARGET={target}");
    println!("cargo:rerun-if-changed=build.rs");
}
