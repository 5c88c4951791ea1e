//! `demo-server`: serves the demo pages (`www/`) and the web build of the package (`pkg/`),
//! and enforces the documents the pages mirror — `policy.json` (passwords, expiry, lockout,
//! MFA) and `access.json` (who may do what, the server's own API included) — with accounts in
//! SQLite. The HTTP API is described in `docs/demo-server.md`.
//!
//! Bound to 127.0.0.1 only. Once listening it prints one line to stdout
//! (`demo-server: listening on http://127.0.0.1:PORT/`) and nothing about requests; it stops
//! cleanly on SIGINT or SIGTERM. Passwords are never logged, stored or echoed.

mod access;
mod accounts;
mod app;
mod files;
mod http;
mod integrity;
mod passwords;
mod policy;
mod sessions;
mod store;
mod totp;

use account_rules::access::AccessMatrix;
use account_rules::{CodedError, PasswordPolicy};
use app::{AccessState, App, Clock, ModelState};
use axum::Router;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use clap::Parser;
use files::Mounts;
use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use store::Store;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::set_header::SetResponseHeaderLayer;

/// The demo server of account-rules: pages, package and the HTTP API that enforces the
/// demo's password policy and access model.
#[derive(Debug, Parser)]
#[command(name = "demo-server", version)]
struct Args {
    /// TCP port on 127.0.0.1 (never another interface); 0 picks a free one.
    #[arg(long, env = "PORT", default_value_t = 8080)]
    port: u16,
    /// The SQLite file; created, with its folder, on first start.
    #[arg(long, env = "DEMO_DB", default_value = "target/demo/accounts.sqlite3")]
    db: PathBuf,
    /// The pages, `policy.json` and `access.json`.
    #[arg(long, default_value = "www")]
    www: PathBuf,
    /// The built npm package, served at /pkg/.
    #[arg(long, default_value = "pkg")]
    pkg: PathBuf,
    /// Shifts the server's clock by this many days (may be negative, at most 36500 either
    /// way), to see expiry and minimum age without waiting.
    #[arg(
        long,
        default_value_t = 0,
        allow_negative_numbers = true,
        value_parser = clap::value_parser!(i64).range(-36500..=36500)
    )]
    clock_offset_days: i64,
}

/// A reason not to start, printed on stderr.
struct StartError(String);

impl StartError {
    fn coded(file: &Path, err: &dyn CodedError) -> StartError {
        StartError(format!(
            "{}: {} at `{}`: {}",
            file.display(),
            err.code(),
            err.path(),
            err.message()
        ))
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("demo-server: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(StartError(message)) => {
            eprintln!("demo-server: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), StartError> {
    let app = Arc::new(prepare(&args).await?);
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, args.port));
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .map_err(|err| StartError(format!("cannot listen on {address}: {err}")))?;
    let port = listener
        .local_addr()
        .map_err(|err| StartError(format!("cannot read the bound address: {err}")))?
        .port();
    {
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "demo-server: listening on http://127.0.0.1:{port}/");
        let _ = stdout.flush();
    }
    axum::serve(listener, router(app, port))
        .with_graceful_shutdown(shutdown())
        .await
        .map_err(|err| StartError(format!("the server stopped: {err}")))
}

/// Reads the documents, opens the database, loads the access model and checks its log.
async fn prepare(args: &Args) -> Result<App, StartError> {
    let read = |path: &Path| {
        std::fs::read_to_string(path)
            .map_err(|err| StartError(format!("cannot read {}: {err}", path.display())))
    };
    let policy_path = args.www.join("policy.json");
    let policy = PasswordPolicy::from_json(&read(&policy_path)?)
        .map_err(|err| StartError::coded(&policy_path, &err))?;
    let access_path = args.www.join("access.json");
    let seed = AccessMatrix::from_json(&read(&access_path)?)
        .map_err(|err| StartError::coded(&access_path, &err))?;

    // The database must not be servable: refuse a path inside the folders served.
    for (flag, folder) in [("--www", &args.www), ("--pkg", &args.pkg)] {
        if files::is_inside(&args.db, folder) {
            return Err(StartError(format!(
                "{}: the database must not lie inside the folder served by {flag} ({})",
                args.db.display(),
                folder.display()
            )));
        }
    }
    let store =
        Store::open(&args.db).map_err(|err| StartError(format!("{}: {err}", args.db.display())))?;
    let clock = Clock::new(args.clock_offset_days);
    let db_error = |err: store::StoreError| StartError(format!("{}: {err}", args.db.display()));
    let (mut models, mut rows) = store.model_and_log().map_err(db_error)?;
    // Before the first edit the model is the seed: `access.json` as it is now (nothing was
    // recorded yet, so nothing is lost). Never once the log has an entry.
    let is_seed = match models.as_slice() {
        [only] => {
            only.version == 1
                && AccessMatrix::from_json(&only.document)
                    .is_ok_and(|stored| stored.fingerprint() == seed.fingerprint())
        }
        _ => false,
    };
    if rows.log.entries.is_empty() && rows.unreadable.is_none() && !is_seed {
        let document = serde_json::to_string(seed.document())
            .map_err(|err| StartError(format!("cannot store the access model: {err}")))?;
        store
            .reseed_model(&document, seed.fingerprint(), clock.now())
            .map_err(db_error)?;
        (models, rows) = store.model_and_log().map_err(db_error)?;
    }
    let model = match integrity::verify(&rows, &models) {
        Ok(verified) => ModelState::Verified(AccessState {
            matrix: Arc::new(verified.matrix),
            version: verified.version,
        }),
        Err(err) => {
            // Reported by GET /api/access/changelog; the model is not enforced (fail closed).
            eprintln!("demo-server: warning: {}", access::integrity_warning(&err));
            ModelState::Refused(err)
        }
    };
    let dummy_hash = tokio::task::spawn_blocking(|| {
        // zxcvbn's one-time set-up now, not in the first signup.
        account_rules::prepare();
        let mut secret = [0u8; 32];
        getrandom::fill(&mut secret).ok()?;
        passwords::hash(&format!("{secret:?}"))
    })
    .await
    .ok()
    .flatten()
    .ok_or_else(|| StartError("cannot prepare a password hash".into()))?;
    Ok(App::new(
        policy,
        store,
        clock,
        Mounts {
            www: args.www.clone(),
            pkg: args.pkg.clone(),
        },
        model,
        dummy_hash,
    ))
}

fn router(app: Arc<App>, port: u16) -> Router {
    let mut router = Router::new()
        .route("/api/policy", get(policy::document))
        .route("/api/policy/check", post(policy::check))
        .route("/api/signup", post(accounts::signup))
        .route("/api/login", post(accounts::login))
        .route("/api/logout", post(accounts::logout))
        .route("/api/session", get(accounts::session))
        .route("/api/account/password", post(accounts::change_password))
        .route("/api/account/mfa", post(accounts::start_mfa))
        .route("/api/account/mfa/confirm", post(accounts::confirm_mfa))
        .route("/api/access/check", post(access::check))
        .route("/api/access/model", get(access::model).put(access::edit))
        .route("/api/access/snapshot", get(access::snapshot))
        .route("/api/access/changelog", get(access::change_log))
        .route("/api/access/audit", get(access::audit))
        .method_not_allowed_fallback(|| async { http::wrong_method().into_response() })
        .fallback(files::serve)
        .with_state(app)
        .layer(CatchPanicLayer::custom(|_| {
            http::ApiError::internal().into_response()
        }))
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(http::Origins::new(port)),
            http::guard,
        ));
    for (name, value) in http::security_headers() {
        router = router.layer(SetResponseHeaderLayer::overriding(name, value));
    }
    router
}

/// Resolves on SIGINT or SIGTERM.
async fn shutdown() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}
