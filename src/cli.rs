//! Command-line flags and environment variables.

use crate::oauth::{Access, Permissions, Scope};
use crate::qr::{QrFormat, QrStyle};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// `--access`: SmugMug's `Access` authorize parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AccessFlag {
    Public,
    Full,
}

/// `--qr`: how the QR code is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum QrFlag {
    /// What this terminal can show (on the Linux console, from its font).
    Auto,
    /// Half blocks, two modules a cell: the smallest.
    Small,
    /// Full blocks, square modules: for fonts without half blocks (the Linux console).
    Large,
    /// `##` for dark modules: for terminals that are not UTF-8.
    Ascii,
    /// No QR code: the link is shown (and copied) alone.
    Off,
}

/// `--permissions`: SmugMug's `Permissions` authorize parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PermissionsFlag {
    Read,
    Add,
    Modify,
}

/// `--version`: the version and the target it was built for.
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (", env!("SMUGMUG_AUTH_TARGET"), ")");

#[derive(Debug, Parser)]
#[command(
    name = "smugmug-auth",
    version = VERSION,
    about = "Get SmugMug OAuth 1.0a credentials for smugVision and save them in ~/.smugvision/config.yaml",
    after_help = "Examples:\n  smugmug-auth --demo                       try the whole sign-in against a built-in stand-in (no account needed)\n  read -rs SMUGMUG_API_SECRET && export SMUGMUG_API_SECRET\n  SMUGMUG_API_KEY=KEY smugmug-auth --plain  line by line, the secret from the environment (not your shell history)\n  smugmug-auth --qr-png qr.png              also save the QR code as a picture, to scan from another screen\n  smugmug-auth check --json                 test the saved credentials; the report for scripts (docs/json.md)\n  smugmug-auth logout                       remove the saved tokens from this computer's config\n  smugmug-auth demo-server --code 123456    run only the demo server, to try your own code against it\n\nEnvironment:\n  SMUGMUG_API_KEY, SMUGMUG_API_SECRET  the application's key and secret (else the config, else asked)\n  SMUGMUG_ACCESS_TOKEN, SMUGMUG_ACCESS_TOKEN_SECRET  plain mode: tokens you already have; checked, then saved\n  SMUGMUG_ORIGIN                        same as --origin (not with --demo)\n  SMUGVISION_CONFIG                     same as --config (except with --demo, which saves to a temporary file unless --config is given)\n  HTTPS_PROXY, ALL_PROXY, NO_PROXY      proxies, honoured\n  NO_COLOR                              no colours in the wizard\n\nExit status: 0 saved (or check passed), 1 failed, 2 bad usage, 130 cancelled, 143/129/131 SIGTERM/SIGHUP/SIGQUIT (129 also when the console window closes on Windows).\nGet an API key at https://api.smugmug.com/api/developer/apply"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub origin: OriginArg,
    #[command(flatten)]
    pub config: ConfigArg,
    /// Line-by-line prompts instead of the full-screen wizard (automatic
    /// when stdin or stdout is not a terminal).
    #[arg(long)]
    pub plain: bool,
    /// Plain mode: let this computer's browser finish the sign-in by itself
    /// (no code to type). Over SSH or without a display it says so and asks
    /// for the code.
    #[arg(long)]
    pub browser: bool,
    /// How the QR code is drawn [default: auto]. In plain mode, --qr also
    /// prints it to stderr before the link.
    #[arg(long, value_enum, value_name = "FORMAT", num_args = 0..=1, default_missing_value = "auto")]
    pub qr: Option<QrFlag>,
    /// Save the QR code as a PNG picture at PATH too (it holds only the link).
    #[arg(long, value_name = "PATH")]
    pub qr_png: Option<PathBuf>,
    /// Run against a built-in offline demo server: no SmugMug account needed.
    #[arg(long)]
    pub demo: bool,
    /// What data smugVision may see [default: full].
    #[arg(long, value_enum, ignore_case = true)]
    pub access: Option<AccessFlag>,
    /// What smugVision may do with it [default: modify].
    #[arg(long, value_enum, ignore_case = true)]
    pub permissions: Option<PermissionsFlag>,
    /// With --demo: make the demo fail, to see how a failure reads. NAME is an oauth_problem
    /// (signature_invalid, token_rejected, …) or http_500, html, slow; @request, @authorize,
    /// @access or @authuser picks the call (default: every call). Repeatable.
    #[arg(long = "demo-fault", value_name = "NAME[@CALL]")]
    pub demo_faults: Vec<String>,
}

/// `--origin`, for the sign-in and `check`. `SMUGMUG_ORIGIN` is read by
/// the plan, which needs to know a flag from the environment.
#[derive(Debug, Clone, Default, Args)]
pub struct OriginArg {
    /// Where the OAuth service lives [default: https://api.smugmug.com; env: SMUGMUG_ORIGIN].
    #[arg(long = "origin", value_name = "URL")]
    pub origin: Option<String>,
}

/// `--config`, for the sign-in, `check` and `logout`. `SMUGVISION_CONFIG`
/// is read by the plan: an environment variable never points a demo at a
/// real file, a flag does.
#[derive(Debug, Clone, Default, Args)]
pub struct ConfigArg {
    /// The config file to read and write [default: ~/.smugvision/config.yaml; env: SMUGVISION_CONFIG].
    #[arg(long = "config", value_name = "PATH")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the saved credentials: offline checks, then one signed call.
    Check {
        #[command(flatten)]
        origin: OriginArg,
        #[command(flatten)]
        config: ConfigArg,
        /// Print the report as JSON (docs/json.md).
        #[arg(long)]
        json: bool,
        /// Refused with a clear message: the demo is for the sign-in.
        #[arg(long, hide = true)]
        demo: bool,
        /// Make the config 0600 and its folder 0700 (and change nothing else).
        #[arg(long)]
        fix_permissions: bool,
    },
    /// Remove user_token and user_secret from the config (the key, the secret and
    /// everything else stay), and say where to revoke the access on SmugMug.
    Logout {
        #[command(flatten)]
        config: ConfigArg,
        /// Print the outcome as JSON (docs/json.md).
        #[arg(long)]
        json: bool,
        /// Refused with a clear message: the demo is for the sign-in.
        #[arg(long, hide = true)]
        demo: bool,
    },
    /// Run only the demo OAuth server, to try this tool (or your own code) against it.
    DemoServer {
        /// Port on 127.0.0.1 (default: any free port).
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// Delay every reply by this many milliseconds (to see round trips).
        #[arg(long, default_value_t = 0)]
        delay_ms: u64,
        /// The six-digit code every authorization gives (default: random).
        #[arg(long, value_parser = crate::credential_lints::six_digit_code)]
        code: Option<String>,
        /// Refused with a clear message: this is the demo already.
        #[arg(long, hide = true)]
        demo: bool,
    },
}

impl Cli {
    /// `--qr` as asked; `auto` when not given.
    pub fn qr_format(&self) -> QrFormat {
        match self.qr.unwrap_or(QrFlag::Auto) {
            QrFlag::Auto => QrFormat::Auto,
            QrFlag::Small => QrFormat::Style(QrStyle::Small),
            QrFlag::Large => QrFormat::Style(QrStyle::Large),
            QrFlag::Ascii => QrFormat::Style(QrStyle::Ascii),
            QrFlag::Off => QrFormat::Off,
        }
    }

    pub fn scope(&self) -> Scope {
        let access = match self.access.unwrap_or(AccessFlag::Full) {
            AccessFlag::Public => Access::Public,
            AccessFlag::Full => Access::Full,
        };
        let permissions = match self.permissions.unwrap_or(PermissionsFlag::Modify) {
            PermissionsFlag::Read => Permissions::Read,
            PermissionsFlag::Add => Permissions::Add,
            PermissionsFlag::Modify => Permissions::Modify,
        };
        Scope { access, permissions }
    }
}
