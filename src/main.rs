//! The `smugmug-auth` binary: parses flags, starts the runtime, hands over.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    smugmug_auth::platform::forbid_core_dumps();
    // SAFETY: first thing in main, before the runtime starts any thread.
    let env = unsafe {
        smugmug_auth::prefill::unset_empty_settings();
        smugmug_auth::prefill::EnvCredentials::take()
    };
    let cli = smugmug_auth::cli::Cli::parse();
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    let code = runtime.block_on(smugmug_auth::launch::run(cli, env));
    // Not waiting for a blocking read of stdin that a Ctrl-C left behind:
    // the program ends now, not at the next Enter.
    runtime.shutdown_background();
    ExitCode::from(code)
}
