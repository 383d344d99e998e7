//! MetisDB: what the node has proven, kept across page reloads. Backends store bytes in tables;
//! [`MetisDb`] keeps only content-addressed or re-verifiable data, re-hashes every read, and drops a
//! corrupted entry instead of serving it.

#[cfg(not(target_arch = "wasm32"))]
mod file;
#[cfg(target_arch = "wasm32")]
mod indexeddb;
mod memory;
mod metisdb;

#[cfg(not(target_arch = "wasm32"))]
pub use file::FileStore;
#[cfg(target_arch = "wasm32")]
pub use indexeddb::IndexedDbStore;
pub use memory::MemoryStore;
pub use metisdb::{MetisDb, StoreCheck, StoreStats};

use crate::error::Result;

/// The tables of MetisDB.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Table {
    /// Trie nodes by their keccak hash (shared across blocks: a node proven once is stored once).
    Nodes,
    /// Contract code by its keccak hash.
    Code,
    /// Verified headers' RLP by big-endian block number (re-hashed and re-linked on load).
    Headers,
    /// One entry per written batch: the `(table, key)`s it wrote, so a consistency check can tell
    /// that only whole batches are stored.
    Batches,
    /// Consensus proofs by name (the beacon light client's bootstrap and period updates), replayed
    /// through every check on load.
    Consensus,
}

impl Table {
    /// Every table.
    pub const ALL: [Self; 5] = [Self::Nodes, Self::Code, Self::Headers, Self::Batches, Self::Consensus];

    /// The table's name in a backend.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Nodes => "nodes",
            Self::Code => "code",
            Self::Headers => "headers",
            Self::Batches => "batches",
            Self::Consensus => "consensus",
        }
    }

    /// A one-byte tag for batch records.
    pub const fn tag(self) -> u8 {
        match self {
            Self::Nodes => 0,
            Self::Code => 1,
            Self::Headers => 2,
            Self::Batches => 3,
            Self::Consensus => 4,
        }
    }

    /// The table of a tag.
    pub fn from_tag(tag: u8) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.tag() == tag)
    }
}

/// Milliseconds since the epoch: orders batch records for eviction (least recently written first).
pub(crate) fn now_ms() -> u64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now() as u64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
    }
}

/// One write of a batch.
pub type Write = (Table, Vec<u8>, Vec<u8>);

/// A key-value backend. A batch of writes is atomic: all of it is stored, or none.
#[allow(async_fn_in_trait)] // used through generics only; wasm futures are not `Send`
pub trait Store {
    /// Values of `keys` in `table`, in order (`None` where absent).
    async fn get_many(&self, table: Table, keys: &[Vec<u8>]) -> Result<Vec<Option<Vec<u8>>>>;
    /// Stores every write, atomically.
    async fn write(&self, batch: &[Write]) -> Result<()>;
    /// Removes `keys` from `table` (corrupted entries).
    async fn remove(&self, table: Table, keys: &[Vec<u8>]) -> Result<()>;
    /// Removes everything.
    async fn clear(&self) -> Result<()>;
    /// Every `(key, value)` of `table` (consistency checks).
    async fn entries(&self, table: Table) -> Result<Vec<(Vec<u8>, Vec<u8>)>>;
    /// Every key of `table`, without reading the values (eviction scans the largest tables).
    async fn keys(&self, table: Table) -> Result<Vec<Vec<u8>>>;
}

/// The backend chosen at run time: memory everywhere, IndexedDB in browsers.
#[derive(Debug)]
pub enum AnyStore {
    /// In memory: gone with the page or process.
    Memory(MemoryStore),
    /// IndexedDB: kept across reloads and shared by the tabs of one origin.
    #[cfg(target_arch = "wasm32")]
    IndexedDb(IndexedDbStore),
    /// A redb file: kept across runs of the CLI and the proxy.
    #[cfg(not(target_arch = "wasm32"))]
    File(FileStore),
}

impl Store for AnyStore {
    async fn get_many(&self, table: Table, keys: &[Vec<u8>]) -> Result<Vec<Option<Vec<u8>>>> {
        match self {
            Self::Memory(s) => s.get_many(table, keys).await,
            #[cfg(target_arch = "wasm32")]
            Self::IndexedDb(s) => s.get_many(table, keys).await,
            #[cfg(not(target_arch = "wasm32"))]
            Self::File(s) => s.get_many(table, keys).await,
        }
    }

    async fn write(&self, batch: &[Write]) -> Result<()> {
        match self {
            Self::Memory(s) => s.write(batch).await,
            #[cfg(target_arch = "wasm32")]
            Self::IndexedDb(s) => s.write(batch).await,
            #[cfg(not(target_arch = "wasm32"))]
            Self::File(s) => s.write(batch).await,
        }
    }

    async fn remove(&self, table: Table, keys: &[Vec<u8>]) -> Result<()> {
        match self {
            Self::Memory(s) => s.remove(table, keys).await,
            #[cfg(target_arch = "wasm32")]
            Self::IndexedDb(s) => s.remove(table, keys).await,
            #[cfg(not(target_arch = "wasm32"))]
            Self::File(s) => s.remove(table, keys).await,
        }
    }

    async fn clear(&self) -> Result<()> {
        match self {
            Self::Memory(s) => s.clear().await,
            #[cfg(target_arch = "wasm32")]
            Self::IndexedDb(s) => s.clear().await,
            #[cfg(not(target_arch = "wasm32"))]
            Self::File(s) => s.clear().await,
        }
    }

    async fn entries(&self, table: Table) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
        match self {
            Self::Memory(s) => s.entries(table).await,
            #[cfg(target_arch = "wasm32")]
            Self::IndexedDb(s) => s.entries(table).await,
            #[cfg(not(target_arch = "wasm32"))]
            Self::File(s) => s.entries(table).await,
        }
    }

    async fn keys(&self, table: Table) -> Result<Vec<Vec<u8>>> {
        match self {
            Self::Memory(s) => s.keys(table).await,
            #[cfg(target_arch = "wasm32")]
            Self::IndexedDb(s) => s.keys(table).await,
            #[cfg(not(target_arch = "wasm32"))]
            Self::File(s) => s.keys(table).await,
        }
    }
}

/// A shared backend: several nodes (or a node and a test) over one store.
impl<S: Store> Store for std::rc::Rc<S> {
    async fn get_many(&self, table: Table, keys: &[Vec<u8>]) -> Result<Vec<Option<Vec<u8>>>> {
        (**self).get_many(table, keys).await
    }

    async fn write(&self, batch: &[Write]) -> Result<()> {
        (**self).write(batch).await
    }

    async fn remove(&self, table: Table, keys: &[Vec<u8>]) -> Result<()> {
        (**self).remove(table, keys).await
    }

    async fn clear(&self) -> Result<()> {
        (**self).clear().await
    }

    async fn entries(&self, table: Table) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
        (**self).entries(table).await
    }

    async fn keys(&self, table: Table) -> Result<Vec<Vec<u8>>> {
        (**self).keys(table).await
    }
}
