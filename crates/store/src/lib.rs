//! Persistence. One SQL text per query runs on both SQLite and PostgreSQL
//! through sqlx's `Any` driver; the engine is picked once, from the URL, in
//! [`Store::connect`]. Each aggregate has its own small repository (a struct
//! borrowing a connection or a transaction, see [`Repos`]); SQL lives only
//! here. Queries on dealer-owned data take a [`DealerScope`], which only the
//! permission policy (or, loudly, the system) can make.
//!
//! [`DealerScope`]: dealerdesk_domain::DealerScope

mod error;
mod pool;
mod row;

pub mod analytics;
pub mod attachments;
pub mod audit;
pub mod auth;
pub mod backup;
pub mod blobs;
pub mod ceiling;
pub mod crm;
pub mod dealers;
pub mod factories;
pub mod inbox;
pub mod info;
pub mod leads;
pub mod ledger;
pub mod mail_queue;
pub mod messages;
pub mod news;
pub mod notifications;
pub mod order_list;
pub mod orders;
pub mod outbox;
pub mod rate_limit;
pub mod receivables;
pub mod reclamations;
pub mod reconcile;
mod search_index;
pub use search_index::Compaction;
pub mod settings;
pub mod shipments;
pub mod sources;
pub mod syncbatch;
pub mod tasks;
pub mod users;
pub mod wakeups;

pub use blobs::BlobStore;
pub use error::StoreError;
pub use pool::{Backend, Store, StoreOptions, redact as redact_url};
pub use sqlx::AnyConnection as Conn;
pub use sqlx::Error as SqlxError;
pub use sqlx::{Any, Transaction};

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Gives any connection or transaction its repositories:
/// `tx.orders().get(&scope, id)`. A repository borrows the connection for
/// one call chain, so the same code runs inside or outside a transaction.
pub trait Repos {
    fn analytics(&mut self) -> analytics::Analytics<'_>;
    fn attachments(&mut self) -> attachments::Attachments<'_>;
    fn audit(&mut self) -> audit::Audit<'_>;
    fn auth(&mut self) -> auth::Auth<'_>;
    fn crm(&mut self) -> crm::Crm<'_>;
    fn dealers(&mut self) -> dealers::Dealers<'_>;
    fn factories(&mut self) -> factories::Factories<'_>;
    fn inbox(&mut self) -> inbox::Inbox<'_>;
    fn info(&mut self) -> info::InfoPages<'_>;
    fn leads(&mut self) -> leads::Leads<'_>;
    fn ledger(&mut self) -> ledger::Ledger<'_>;
    fn mail_queue(&mut self) -> mail_queue::MailQueue<'_>;
    fn messages(&mut self) -> messages::Messages<'_>;
    fn news(&mut self) -> news::NewsRepo<'_>;
    fn notifications(&mut self) -> notifications::Notifications<'_>;
    fn order_list(&mut self) -> order_list::OrderList<'_>;
    fn orders(&mut self) -> orders::Orders<'_>;
    fn outbox(&mut self) -> outbox::Outbox<'_>;
    fn reclamations(&mut self) -> reclamations::Reclamations<'_>;
    fn receivables(&mut self) -> receivables::Receivables<'_>;
    fn reconcile(&mut self) -> reconcile::Reconcile<'_>;
    fn settings(&mut self) -> settings::Settings<'_>;
    fn shipments(&mut self) -> shipments::Shipments<'_>;
    fn sources(&mut self) -> sources::Sources<'_>;
    fn sync_batch(&mut self) -> syncbatch::SyncBatch<'_>;
    fn tasks(&mut self) -> tasks::Tasks<'_>;
    fn users(&mut self) -> users::Users<'_>;
}

macro_rules! repos {
    ($($method:ident => $module:ident :: $ty:ident),* $(,)?) => {
        impl Repos for sqlx::AnyConnection {
            $(fn $method(&mut self) -> $module::$ty<'_> {
                $module::$ty { c: self }
            })*
        }
    };
}

repos!(
    analytics => analytics::Analytics,
    attachments => attachments::Attachments,
    audit => audit::Audit,
    auth => auth::Auth,
    crm => crm::Crm,
    dealers => dealers::Dealers,
    factories => factories::Factories,
    inbox => inbox::Inbox,
    info => info::InfoPages,
    leads => leads::Leads,
    ledger => ledger::Ledger,
    mail_queue => mail_queue::MailQueue,
    messages => messages::Messages,
    news => news::NewsRepo,
    notifications => notifications::Notifications,
    order_list => order_list::OrderList,
    orders => orders::Orders,
    outbox => outbox::Outbox,
    reclamations => reclamations::Reclamations,
    receivables => receivables::Receivables,
    reconcile => reconcile::Reconcile,
    settings => settings::Settings,
    shipments => shipments::Shipments,
    sources => sources::Sources,
    sync_batch => syncbatch::SyncBatch,
    tasks => tasks::Tasks,
    users => users::Users,
);

/// Flags are stored as 0/1 integers: SQLite has no boolean and the `Any`
/// driver cannot decode PostgreSQL's.
/// `text` for a `LIKE … ESCAPE '\'` pattern: its own `%`, `_` and `\`
/// match themselves, not "anything".
pub(crate) fn like_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

pub(crate) fn flag(b: bool) -> i64 {
    i64::from(b)
}
