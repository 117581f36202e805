//! `sqlx::migrate!` embeds the migration folders at compile time but does
//! not tell Cargo to watch them: a new migration file would otherwise be
//! missing from an incremental build until some Rust file changed.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
