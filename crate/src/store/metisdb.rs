//! MetisDB over any backend: content-addressed trie nodes and code (re-hashed on every read), and
//! headers (re-hashed and re-linked to the checkpoint on load). A corrupted entry is counted,
//! removed and treated as missing, so the node fetches and proves it again.

use super::{Store, Table, Write};
use crate::error::{ProofError, Result};
use crate::hash::keccak256_each;
use crate::verify::{self, ReceivedHeader};
use alloy_primitives::{B256, Bytes, keccak256};
use alloy_rlp::Encodable;
use serde::Serialize;
use std::cell::Cell;

/// What the store did, for `node.store.stats()`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StoreStats {
    /// Entries written.
    pub written: u64,
    /// Bytes written.
    pub bytes_written: u64,
    /// Content-addressed reads (trie nodes, code) served.
    pub hits: u64,
    /// Content-addressed reads that found nothing.
    pub misses: u64,
    /// Entries that failed their re-hash and were dropped.
    pub corrupt: u64,
    /// Entries evicted to make room when the store was full.
    pub evicted: u64,
    /// Batches not stored because the store stayed full (answers are still verified, not cached).
    pub unstored: u64,
}

/// What a consistency check of the whole store found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StoreCheck {
    /// Trie nodes and code stored (all re-hashed).
    pub content: u64,
    /// Headers stored (all decoded, each under its own number).
    pub headers: u64,
    /// Entries that failed the check.
    pub corrupt: u64,
    /// Batches recorded.
    pub batches: u64,
    /// Batches with an entry missing: never so after a crash, since a batch is one transaction.
    pub partial_batches: u64,
    /// Bytes held (keys and values of every table): the store's usage.
    pub bytes: u64,
}

/// MetisDB: the verified store of a node.
#[derive(Debug)]
pub struct MetisDb<S> {
    store: S,
    stats: Cell<StoreStats>,
    /// Orders batches written within one millisecond.
    sequence: Cell<u32>,
}

impl<S: Store> MetisDb<S> {
    /// MetisDB over `store`.
    pub fn new(store: S) -> Self {
        Self { store, stats: Cell::default(), sequence: Cell::default() }
    }

    /// The backend.
    pub fn backend(&self) -> &S {
        &self.store
    }

    /// Gives the backend back (to reopen it).
    pub fn into_backend(self) -> S {
        self.store
    }

    /// One trie node by its hash, re-hashed.
    pub async fn node(&self, hash: B256) -> Result<Option<Bytes>> {
        Ok(self.hashed(Table::Nodes, &[hash]).await?.pop().flatten().map(Bytes::from))
    }

    /// Counters since the node started.
    pub fn stats(&self) -> StoreStats {
        self.stats.get()
    }

    fn count(&self, f: impl FnOnce(&mut StoreStats)) {
        let mut stats = self.stats.get();
        f(&mut stats);
        self.stats.set(stats);
    }

    /// Removes everything.
    pub async fn clear(&self) -> Result<()> {
        self.store.clear().await
    }

    /// Content-addressed values of `table`, each re-hashed: a mismatch is dropped from the store.
    async fn hashed(&self, table: Table, hashes: &[B256]) -> Result<Vec<Option<Vec<u8>>>> {
        let keys: Vec<Vec<u8>> = hashes.iter().map(|h| h.to_vec()).collect();
        let mut values = self.store.get_many(table, &keys).await?;
        let mut corrupt = Vec::new();
        let found: Vec<&[u8]> = values.iter().flatten().map(Vec::as_slice).collect();
        let mut rehashed = keccak256_each(&found).into_iter();
        for (value, (hash, key)) in values.iter_mut().zip(hashes.iter().zip(&keys)) {
            let rehash = if value.is_some() { rehashed.next() } else { None };
            match value {
                Some(_) if rehash == Some(*hash) => self.count(|s| s.hits += 1),
                Some(_) => {
                    corrupt.push(key.clone());
                    *value = None;
                    self.count(|s| s.corrupt += 1);
                }
                None => self.count(|s| s.misses += 1),
            }
        }
        if !corrupt.is_empty() {
            self.store.remove(table, &corrupt).await?;
        }
        Ok(values)
    }

    /// The proof of `key` under `root`, rebuilt from stored nodes and checked by the same walk that
    /// checks a server's proof; `None` when a node on the path is not stored.
    pub async fn proof(&self, root: B256, key: &[u8]) -> Result<Option<Vec<Bytes>>> {
        let mut nodes: Vec<Bytes> = Vec::new();
        loop {
            match verify::mpt::walk(root, key, &nodes) {
                Ok(_) => return Ok(Some(nodes)),
                Err(ProofError::Truncated { expected, .. }) => match self.node(expected).await? {
                    Some(node) => nodes.push(node),
                    None => return Ok(None),
                },
                // Stored nodes are re-hashed, so this is a node the walk cannot decode: re-fetch.
                Err(_) => return Ok(None),
            }
        }
    }

    /// Code by its hash, re-hashed.
    pub async fn code(&self, code_hash: B256) -> Result<Option<Bytes>> {
        Ok(self.hashed(Table::Code, &[code_hash]).await?.pop().flatten().map(Bytes::from))
    }

    /// Stores proof nodes and code, content-addressed, in one atomic batch.
    pub async fn put_proven(&self, nodes: impl IntoIterator<Item = Bytes>, code: impl IntoIterator<Item = Bytes>) -> Result<()> {
        let content: Vec<(Table, Bytes)> = nodes
            .into_iter()
            .map(|n| (Table::Nodes, n))
            .chain(code.into_iter().filter(|c| !c.is_empty()).map(|c| (Table::Code, c)))
            .collect();
        let keys = keccak256_each(&content.iter().map(|(_, value)| value).collect::<Vec<_>>());
        self.write(content.into_iter().zip(keys).map(|((table, value), key)| (table, key.to_vec(), value.to_vec())).collect()).await
    }

    /// Stores verified headers by number.
    pub async fn put_headers(&self, headers: &[ReceivedHeader]) -> Result<()> {
        let batch = headers
            .iter()
            .map(|h| {
                let mut rlp = Vec::with_capacity(h.header.length());
                h.header.encode(&mut rlp);
                (Table::Headers, h.header.number.to_be_bytes().to_vec(), rlp)
            })
            .collect();
        self.write(batch).await
    }

    /// A consensus proof stored under `key`: bytes to re-verify, never to believe as they are.
    pub async fn consensus(&self, key: &str) -> Result<Option<Vec<u8>>> {
        Ok(self.store.get_many(Table::Consensus, &[key.as_bytes().to_vec()]).await?.pop().flatten())
    }

    /// Stores a consensus proof under `key` (at most 255 bytes), replacing what was there.
    pub async fn put_consensus(&self, key: &str, proof: Vec<u8>) -> Result<()> {
        self.write(vec![(Table::Consensus, key.as_bytes().to_vec(), proof)]).await
    }

    /// Stored headers `from..from+count`, decoded and re-hashed (`None` where absent or corrupt).
    pub async fn headers(&self, from: u64, count: u64) -> Result<Vec<Option<ReceivedHeader>>> {
        let keys: Vec<Vec<u8>> = (from..from.saturating_add(count)).map(|n| n.to_be_bytes().to_vec()).collect();
        let values = self.store.get_many(Table::Headers, &keys).await?;
        let mut out = Vec::with_capacity(values.len());
        for (value, key) in values.into_iter().zip(&keys) {
            let decoded = value.and_then(|rlp| verify::header_from_rlp("stored header", &rlp).ok());
            let number_matches = decoded.as_ref().is_some_and(|h| h.header.number.to_be_bytes().as_slice() == key.as_slice());
            out.push(decoded.filter(|_| number_matches));
        }
        Ok(out)
    }

    /// Checks every entry: content re-hashes, headers decode under their number, and every recorded
    /// batch is whole.
    pub async fn check(&self) -> Result<StoreCheck> {
        let mut check = StoreCheck::default();
        let mut present = std::collections::HashSet::new();
        for table in [Table::Nodes, Table::Code] {
            let entries = self.store.entries(table).await?;
            let rehashed = keccak256_each(&entries.iter().map(|(_, value)| value).collect::<Vec<_>>());
            for ((key, value), rehash) in entries.into_iter().zip(rehashed) {
                check.content += 1;
                check.bytes += (key.len() + value.len()) as u64;
                if rehash.as_slice() != key.as_slice() {
                    check.corrupt += 1;
                }
                present.insert((table.tag(), key));
            }
        }
        for (key, value) in self.store.entries(Table::Headers).await? {
            check.headers += 1;
            check.bytes += (key.len() + value.len()) as u64;
            let decoded = verify::header_from_rlp("stored header", &value).ok();
            if decoded.is_none_or(|h| h.header.number.to_be_bytes().as_slice() != key.as_slice()) {
                check.corrupt += 1;
            }
            present.insert((Table::Headers.tag(), key));
        }
        for (key, value) in self.store.entries(Table::Consensus).await? {
            check.bytes += (key.len() + value.len()) as u64;
            // A proof is re-verified when it is used; here it must at least be the SSZ it was.
            if <crate::beacon::Proof<crate::beacon::Mainnet> as ssz::Decode>::from_ssz_bytes(&value).is_err() {
                check.corrupt += 1;
            }
            present.insert((Table::Consensus.tag(), key));
        }
        for (key, record) in self.store.entries(Table::Batches).await? {
            check.batches += 1;
            check.bytes += (key.len() + record.len()) as u64;
            if keccak256(&record).as_slice() != key.as_slice() {
                check.corrupt += 1;
                continue;
            }
            let whole = batch_items(&record).all(|item| present.contains(&item));
            check.partial_batches += u64::from(!whole);
        }
        Ok(check)
    }

    /// Evicts, first, trie nodes and code that no batch record names (written by schema 1, before
    /// records existed, or left by an interrupted eviction); when there are none, the least recently
    /// written `1/fraction` of the batches (at least one): their trie nodes and code, except what a
    /// remaining batch also wrote. Headers stay: they are small and link the chain to the
    /// checkpoint. Returns the entries removed.
    async fn evict(&self, fraction: usize) -> Result<u64> {
        let mut records = self.store.entries(Table::Batches).await?;
        let named: std::collections::HashSet<(u8, Vec<u8>)> = records.iter().flat_map(|(_, r)| batch_items(r)).collect();
        let mut orphans = 0u64;
        for table in [Table::Nodes, Table::Code] {
            let keys: Vec<Vec<u8>> = self.store.keys(table).await?.into_iter().filter(|key| !named.contains(&(table.tag(), key.clone()))).collect();
            orphans += keys.len() as u64;
            self.store.remove(table, &keys).await?;
        }
        if orphans > 0 {
            return Ok(orphans);
        }
        records.sort_by(|(_, a), (_, b)| a.get(..RECORD_ORDER).cmp(&b.get(..RECORD_ORDER)));
        let cut = records.len().div_ceil(fraction.max(1)).min(records.len());
        let (old, kept) = records.split_at(cut);
        let keep: std::collections::HashSet<(u8, Vec<u8>)> = kept.iter().flat_map(|(_, r)| batch_items(r)).collect();
        let mut removed = 0u64;
        for table in [Table::Nodes, Table::Code] {
            let keys: Vec<Vec<u8>> = old
                .iter()
                .flat_map(|(_, r)| batch_items(r))
                .filter(|(tag, key)| *tag == table.tag() && !keep.contains(&(*tag, key.clone())))
                .map(|(_, key)| key)
                .collect::<std::collections::HashSet<_>>()
                .into_iter()
                .collect();
            removed += keys.len() as u64;
            self.store.remove(table, &keys).await?;
        }
        let old_keys: Vec<Vec<u8>> = old.iter().map(|(k, _)| k.clone()).collect();
        self.store.remove(Table::Batches, &old_keys).await?;
        Ok(removed)
    }

    async fn write(&self, mut batch: Vec<Write>) -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let (n, bytes) = (batch.len() as u64, batch.iter().map(|(_, k, v)| (k.len() + v.len()) as u64).sum::<u64>());
        // The batch's record goes into the same transaction: it is stored exactly when the batch is.
        let mut record = Vec::with_capacity(RECORD_ORDER + batch.iter().map(|(_, k, _)| k.len() + 2).sum::<usize>());
        record.extend_from_slice(&super::now_ms().to_be_bytes());
        self.sequence.set(self.sequence.get().wrapping_add(1));
        record.extend_from_slice(&self.sequence.get().to_be_bytes());
        for (table, key, _) in &batch {
            record.push(table.tag());
            record.push(key.len() as u8);
            record.extend_from_slice(key);
        }
        batch.push((Table::Batches, keccak256(&record).to_vec(), record));
        // Full: evict the least recently written quarter of the content and try again, then half.
        // A browser may count freed space only after compacting; until then the batch is not cached
        // (MetisDB is a cache of verified data: the node keeps answering, with proofs fetched anew).
        let mut result = self.store.write(&batch).await;
        for fraction in [4, 2] {
            if !matches!(result, Err(crate::Error::StoreFull)) {
                break;
            }
            let evicted = self.evict(fraction).await?;
            self.count(|s| s.evicted += evicted);
            result = self.store.write(&batch).await;
        }
        if matches!(result, Err(crate::Error::StoreFull)) {
            self.count(|s| s.unstored += 1);
            return Ok(());
        }
        result?;
        self.count(|s| {
            s.written += n;
            s.bytes_written += bytes;
        });
        Ok(())
    }
}

/// A batch record starts with its write order: milliseconds (8 bytes) and a sequence (4 bytes).
const RECORD_ORDER: usize = 12;

/// The `(table tag, key)`s of a batch record (after its order, `tag, length, key` repeated).
fn batch_items(record: &[u8]) -> impl Iterator<Item = (u8, Vec<u8>)> + '_ {
    let mut rest = record.get(RECORD_ORDER..).unwrap_or_default();
    std::iter::from_fn(move || {
        let (&tag, tail) = rest.split_first()?;
        let (&len, tail) = tail.split_first()?;
        let key = tail.get(..usize::from(len))?;
        rest = &tail[usize::from(len)..];
        Some((tag, key.to_vec()))
    })
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::store::MemoryStore;

    fn nodes(seed: u8, n: u8) -> Vec<Bytes> {
        (0..n).map(|i| Bytes::from(keccak256([seed, i]).repeat(3))).collect()
    }

    #[test]
    fn the_check_finds_corrupt_entries_and_partial_batches() {
        futures::executor::block_on(async {
            let db = MetisDb::new(std::rc::Rc::new(MemoryStore::default()));
            db.put_proven(nodes(1, 5), std::iter::empty()).await.unwrap();
            db.put_proven(nodes(2, 3), [Bytes::from_static(b"code")]).await.unwrap();
            let whole = db.check().await.unwrap();
            assert_eq!((whole.content, whole.batches, whole.partial_batches, whole.corrupt), (9, 2, 0, 0));

            let backend = db.backend();
            let lost = keccak256(&nodes(1, 5)[2]).to_vec();
            backend.remove(Table::Nodes, &[lost]).await.unwrap();
            backend.tamper(Table::Nodes, keccak256(&nodes(2, 3)[0]).to_vec(), b"garbage".to_vec());
            let broken = db.check().await.unwrap();
            assert_eq!((broken.partial_batches, broken.corrupt), (1, 1));
        });
    }

    /// A memory store with a quota, failing writes past it as IndexedDB does; counts the scans
    /// that read every value of the node or code table.
    struct Quota(MemoryStore, usize, std::cell::Cell<usize>);

    fn quota(bytes: usize) -> Quota {
        Quota(MemoryStore::default(), bytes, std::cell::Cell::new(0))
    }

    impl Store for Quota {
        async fn get_many(&self, table: Table, keys: &[Vec<u8>]) -> Result<Vec<Option<Vec<u8>>>> {
            self.0.get_many(table, keys).await
        }
        async fn write(&self, batch: &[Write]) -> Result<()> {
            let mut used = 0;
            for table in Table::ALL {
                used += self.0.entries(table).await?.iter().map(|(k, v)| k.len() + v.len()).sum::<usize>();
            }
            if used + batch.iter().map(|(_, k, v)| k.len() + v.len()).sum::<usize>() > self.1 {
                return Err(crate::Error::StoreFull);
            }
            self.0.write(batch).await
        }
        async fn remove(&self, table: Table, keys: &[Vec<u8>]) -> Result<()> {
            self.0.remove(table, keys).await
        }
        async fn clear(&self) -> Result<()> {
            self.0.clear().await
        }
        async fn entries(&self, table: Table) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
            if matches!(table, Table::Nodes | Table::Code) {
                self.2.set(self.2.get() + 1);
            }
            self.0.entries(table).await
        }
        async fn keys(&self, table: Table) -> Result<Vec<Vec<u8>>> {
            self.0.keys(table).await
        }
    }

    #[test]
    fn a_full_store_evicts_the_oldest_batches_and_keeps_only_whole_ones() {
        futures::executor::block_on(async {
            let db = MetisDb::new(quota(8_000));
            for seed in 0..40 {
                db.put_proven(nodes(seed, 5), std::iter::empty()).await.unwrap();
            }
            assert!(db.stats().evicted > 0);
            assert_eq!(db.backend().2.get(), 0, "eviction reads keys, never every node's value");
            let check = db.check().await.unwrap();
            assert_eq!((check.partial_batches, check.corrupt), (0, 0));
            assert!(check.bytes <= 8_000, "{check:?}");
            // The newest batch is still there; the oldest is gone.
            assert!(db.node(keccak256(&nodes(39, 5)[0])).await.unwrap().is_some());
            assert!(db.node(keccak256(&nodes(0, 5)[0])).await.unwrap().is_none());
        });
    }

    #[test]
    fn nodes_no_batch_names_are_evicted_first() {
        futures::executor::block_on(async {
            // A schema-1 store: nodes written before batch records existed, filling the quota.
            let db = MetisDb::new(quota(4_000));
            let old: Vec<Write> = nodes(7, 30).into_iter().map(|n| (Table::Nodes, keccak256(&n).to_vec(), n.to_vec())).collect();
            db.backend().0.write(&old).await.unwrap();
            db.put_proven(nodes(1, 5), std::iter::empty()).await.unwrap();
            db.put_proven(nodes(2, 5), std::iter::empty()).await.unwrap();
            assert!(db.stats().evicted >= 30, "{:?}", db.stats());
            assert_eq!(db.backend().2.get(), 0, "the scan for unnamed nodes reads keys only");
            assert!(db.node(keccak256(&nodes(7, 30)[0])).await.unwrap().is_none(), "the unnamed nodes went first");
            for seed in [1, 2] {
                assert!(db.node(keccak256(&nodes(seed, 5)[4])).await.unwrap().is_some(), "batch {seed} kept");
            }
            let check = db.check().await.unwrap();
            assert_eq!((check.partial_batches, check.corrupt, check.batches), (0, 0, 2));
        });
    }
}
