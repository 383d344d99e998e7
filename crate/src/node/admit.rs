//! What a block must show before sync makes it part of the verified chain, beyond linking by hash:
//! on sequencer chains a proven signer, and (there, or in validating mode anywhere) a state root
//! bound by re-executing the block on its parent's proven state. Forward linking alone proves only
//! that the server's headers are consistent, not that anyone but the server made them.

use super::LightNode;
use crate::chain::TrustModel;
use crate::error::{Error, Result};
use crate::metis::sequencer::Verdict;
use crate::rpc::Transport;
use crate::store::Store;
use crate::verify::ReceivedHeader;

impl<T: Transport, S: Store> LightNode<T, S> {
    /// Whether sync admits each block ([`Self::admit`]) or links by hash alone.
    pub(super) fn admits(&self) -> bool {
        self.options.validate || self.options.bind_by_l1 || matches!(self.spec.trust, TrustModel::Sequencer { .. })
    }

    /// Extends the chain with the headers after the first of `linked` (consecutive, the first on the
    /// chain), each only once admitted; returns how many were, and why the next was not.
    ///
    /// Each block rests only on its parent's state root, which the block before it binds, so the
    /// blocks are checked together and the client sends each step of every check as one batch: a
    /// wallet far behind catches up in a few round trips per batch, not per block. With an L1 node
    /// they go one at a time: binding by L1 syncs that node, which must not run twice at once.
    pub(super) async fn extend_admitted(&self, linked: &[ReceivedHeader]) -> (usize, Option<Error>) {
        let checks = linked.windows(2).enumerate().map(|(i, pair)| self.admit(&pair[1], &pair[0], &linked[..=i]));
        let results = if self.l1.is_none() {
            futures::future::join_all(checks).await
        } else {
            let mut results = Vec::new();
            for check in checks {
                results.push(check.await);
                if results.last().is_some_and(Result::is_err) {
                    break;
                }
            }
            results
        };
        let admitted = results.iter().take_while(|r| r.is_ok()).count();
        let refused = results.into_iter().find_map(Result::err);
        self.chain.borrow_mut().extend(linked.iter().skip(1).take(admitted).cloned());
        (admitted, refused)
    }

    /// Admits `header` (linked by hash to `parent`, already verified): on sequencer chains its signer
    /// must be proven (the signature covers the transaction alone, not the header), and its state
    /// root is bound by re-executing the block, or, with an L1 node where re-execution is not
    /// available (l2geth) or by choice, by its commitment on L1. An enqueue block's transaction comes
    /// from L1's queue, which this node does not prove: unbound. `ancestors` are the headers linked
    /// before `parent`'s child, not yet on the chain (the block may read their hashes).
    async fn admit(&self, header: &ReceivedHeader, parent: &ReceivedHeader, ancestors: &[ReceivedHeader]) -> Result<()> {
        let number = header.header.number;
        let unbound = |reason: String| Err(Error::Unbound { number, reason });
        // The first sync runs before the L1 node is attached: nothing is bound by execution meanwhile.
        if self.options.bind_by_l1 && self.l1.is_none() {
            return unbound("its L1 commitment is checked once the L1 node is up".into());
        }
        let executable = match self.spec.reexecutable() {
            Err(Error::NotVerifiable(reason)) if self.l1.is_none() => return unbound(reason),
            rules => rules.is_ok(),
        };
        if matches!(self.spec.trust, TrustModel::Sequencer { .. }) && matches!(self.check_sequencer(header, parent).await?.verdict, Verdict::Enqueue) {
            return unbound("an L1-to-L2 transaction, whose element in L1's queue is not proven here: it may be invented".into());
        }
        if let Some(l1) = self.l1.as_deref().filter(|_| self.options.bind_by_l1 || !executable) {
            // Boxed: the L1 node syncs too, through this same code.
            return Box::pin(self.bind_by_l1(l1, header)).await;
        }
        self.reexecute_on_parent(header, parent, ancestors).await
    }

    /// Binds `header`'s state root by re-executing the block on its parent's proven state.
    #[cfg(feature = "full")]
    async fn reexecute_on_parent(&self, header: &ReceivedHeader, parent: &ReceivedHeader, ancestors: &[ReceivedHeader]) -> Result<()> {
        // Boxed: execution may link older headers (BLOCKHASH), and linking may sync, which admits.
        Box::pin(self.execute_on_parent(header, parent, ancestors, &mut |_| true)).await.map(drop)
    }

    /// Re-execution is in the full module: a node that re-executes is refused at creation in the
    /// first ([`super::NodeConfig::full_build_needed`]), so this only keeps a block from counting
    /// unchecked.
    #[cfg(not(feature = "full"))]
    async fn reexecute_on_parent(&self, header: &ReceivedHeader, _parent: &ReceivedHeader, _ancestors: &[ReceivedHeader]) -> Result<()> {
        Err(Error::Unbound { number: header.header.number, reason: "re-executing it is in the package's full module".into() })
    }
}
