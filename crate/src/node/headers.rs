//! The verified header chain the node holds: a contiguous range linked to the checkpoint.

use crate::verify::{Checkpoint, ReceivedHeader};
use alloy_primitives::B256;
use std::collections::{BTreeMap, HashMap};

/// Verified headers, contiguous by number, indexed by number and by hash.
#[derive(Debug, Default)]
pub struct HeaderChain {
    by_number: BTreeMap<u64, ReceivedHeader>,
    by_hash: HashMap<B256, u64>,
}

impl HeaderChain {
    /// Lowest and highest verified numbers.
    pub fn range(&self) -> Option<(u64, u64)> {
        Some((*self.by_number.keys().next()?, *self.by_number.keys().next_back()?))
    }

    /// The verified header at `number`.
    pub fn at(&self, number: u64) -> Option<&ReceivedHeader> {
        self.by_number.get(&number)
    }

    /// The verified header with this hash.
    pub fn by_hash(&self, hash: &B256) -> Option<&ReceivedHeader> {
        self.by_hash.get(hash).and_then(|n| self.by_number.get(n)).filter(|h| h.hash == *hash)
    }

    /// The highest verified header.
    pub fn head(&self) -> Option<&ReceivedHeader> {
        self.by_number.values().next_back()
    }

    /// Adds headers the caller has verified to link to this chain.
    pub fn extend(&mut self, headers: impl IntoIterator<Item = ReceivedHeader>) {
        for h in headers {
            let (hash, number) = (h.hash, h.header.number);
            // A header replaced at its height (a reorg) no longer answers for its hash.
            if let Some(old) = self.by_number.insert(number, h).filter(|old| old.hash != hash) {
                self.by_hash.remove(&old.hash);
            }
            self.by_hash.insert(hash, number);
        }
    }

    /// Forgets every header above `number` (a reorg replaced them).
    pub fn truncate_above(&mut self, number: u64) {
        for (_, h) in self.by_number.split_off(&number.saturating_add(1)) {
            self.by_hash.remove(&h.hash);
        }
    }

    /// The anchor: the checkpoint header, once fetched and matched.
    pub fn anchored_at(checkpoint: Checkpoint, header: ReceivedHeader) -> Option<Self> {
        (header.hash == checkpoint.hash && header.header.number == checkpoint.number).then(|| {
            let mut chain = Self::default();
            chain.extend([header]);
            chain
        })
    }
}
