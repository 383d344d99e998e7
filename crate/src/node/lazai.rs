//! LazAI verified: DAT ownership, data anchors, inference proofs and iDAO tallies, each answered by
//! running the contract's own view functions in MetisVM on state proven at a verified block, and
//! logs proven through the receipts root. Where the layout is known, a direct storage proof of the
//! DAT balance must agree with the view function.

use super::LightNode;
use crate::error::{Error, Result};
use crate::json;
use crate::lazai::{self, IClassDat, IDataRegistry, IDat, IGovernor, IVerifiedComputing};
use crate::rpc::Transport;
use crate::store::Store;
use alloy_primitives::{Address, B256, Bytes, U256};
use alloy_rpc_types_eth::Log;
use alloy_sol_types::{SolCall, SolEvent};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// `dat.verifyOwnership` input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OwnershipQuery {
    /// The DAT contract.
    pub contract: Address,
    /// The token.
    pub token_id: U256,
    /// The claimed owner (holder).
    pub owner: Address,
    /// Block tag or number; default `latest`.
    pub block: Option<Value>,
    /// Where the ERC-1155 balances mapping lives. Given, a storage proof of the balance must agree
    /// with `balanceOf`; absent, LazAI's layout (OpenZeppelin v5 upgradeable) is tried and the answer
    /// says whether it held.
    pub balances_slot: Option<B256>,
}

/// What a DAT holder proven at a block holds.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase", tag = "flavour", rename_all_fields = "camelCase")]
pub enum Ownership {
    /// The ERC-1155 DAT LazAI uses today.
    Erc1155 {
        /// The holder's balance of the token.
        balance: U256,
        /// The token's file URL.
        file_url: String,
        /// Its verified flag.
        verified: bool,
        /// Whether a direct storage proof of the balance, at the given slot or LazAI's layout, agreed.
        storage_proof: bool,
        /// The implementation an ERC-1967 proxy runs (proven from its storage); `None`: not a proxy.
        implementation: Option<Address>,
    },
    /// The class-based DAT (ERC-8028 draft).
    Erc8028 {
        /// Whether `owner` owns the token.
        owns: bool,
        /// Its class, and the class's integrity hash and metadata.
        class_id: U256,
        /// The class's integrity hash.
        integrity_hash: B256,
        /// The class's metadata URI.
        metadata_uri: String,
        /// The token's value.
        value: U256,
        /// Its share ratio.
        share_ratio: U256,
        /// Its expiry (unix seconds).
        expire_at: u64,
    },
}

/// A DAT answer with the block it is proven at.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Proven<T> {
    /// Block number.
    pub block: u64,
    /// Block hash (linked to the checkpoint).
    pub block_hash: B256,
    /// The answer.
    #[serde(flatten)]
    pub answer: T,
}

impl<T: Transport, S: Store> LightNode<T, S> {
    /// Runs a view call at a verified block and decodes its return.
    async fn view<C: SolCall>(&self, to: Address, call: &C, block: &Value) -> Result<C::Return> {
        let data = Bytes::from(call.abi_encode());
        let out = self.request("eth_call", &json!([{ "to": to, "data": data }, block])).await?;
        let bytes = json::parse_hex(C::SIGNATURE, out.as_str().unwrap_or_default())?;
        C::abi_decode_returns(&bytes).map_err(|e| Error::invalid(C::SIGNATURE, e))
    }

    /// The verified block a query names, as a number tag every call of the query uses.
    async fn pin(&self, block: Option<&Value>) -> Result<(Value, u64, B256)> {
        let header = self.resolve(block).await?;
        Ok((json!(format!("{:#x}", header.header.number)), header.header.number, header.hash))
    }

    /// `dat.verifyOwnership`: the holder's balance, file URL and verified flag (ERC-1155 DAT), or the
    /// owner, class and value (ERC-8028 class DAT), detected by `supportsInterface`.
    pub async fn dat_ownership(&self, q: &OwnershipQuery) -> Result<Proven<Ownership>> {
        let (block, number, hash) = self.pin(q.block.as_ref()).await?;
        // A contract without ERC-165 reverts or answers nothing decodable: not ERC-1155. Any other
        // failure (a proof refused, a server down) is the answer, never a silent `false`.
        let is_1155 = match self.view(q.contract, &IDat::supportsInterfaceCall { interfaceId: lazai::ERC1155_INTERFACE.into() }, &block).await {
            Ok(yes) => yes,
            Err(Error::Reverted { .. } | Error::Halted(_)) => false,
            Err(Error::InvalidInput { field, .. }) if field == IDat::supportsInterfaceCall::SIGNATURE => false,
            Err(e) => return Err(e),
        };
        let answer = if is_1155 {
            let balance = self.view(q.contract, &IDat::balanceOfCall { account: q.owner, id: q.token_id }, &block).await?;
            let file_url = self.view(q.contract, &IDat::fileUrlCall { tokenId: q.token_id }, &block).await?;
            let verified = self.view(q.contract, &IDat::verifiedCall { tokenId: q.token_id }, &block).await?;
            // The balance and the proxy's implementation, straight from the contract's proven storage.
            let base = q.balances_slot.unwrap_or(lazai::OZ_ERC1155_BALANCES_SLOT);
            let slot = lazai::erc1155_balance_slot(base, q.token_id, q.owner);
            let header = self.header_at(number).await?;
            let proven = self.prove_account(&header, q.contract, &[slot, lazai::ERC1967_IMPLEMENTATION_SLOT], false).await?;
            let stored = |key: B256| proven.account.storage.iter().find(|s| s.key == key).map_or(U256::ZERO, |s| s.value);
            let in_storage = stored(slot);
            if q.balances_slot.is_some() && in_storage != balance {
                return Err(Error::ClaimMismatch { field: "balanceOf".into(), claimed: balance.to_string(), proven: format!("{in_storage} in storage") });
            }
            // A zero at an assumed slot proves nothing about the layout: agreement counts only at a
            // given slot or on a balance held.
            let storage_proof = in_storage == balance && (q.balances_slot.is_some() || !balance.is_zero());
            let implementation = Some(Address::from_word(stored(lazai::ERC1967_IMPLEMENTATION_SLOT).into())).filter(|a| !a.is_zero());
            Ownership::Erc1155 { balance, file_url, verified, storage_proof, implementation }
        } else {
            let owner = self.view(q.contract, &IClassDat::ownerOfCall { tokenId: q.token_id }, &block).await?;
            let class_id = self.view(q.contract, &IClassDat::classOfCall { tokenId: q.token_id }, &block).await?;
            let meta = self.view(q.contract, &IClassDat::getClassMetaCall { classId: class_id }, &block).await?;
            Ownership::Erc8028 {
                owns: owner == q.owner,
                class_id,
                integrity_hash: meta.integrityHash,
                metadata_uri: meta.metadataURI,
                value: self.view(q.contract, &IClassDat::valueOfCall { tokenId: q.token_id }, &block).await?,
                share_ratio: self.view(q.contract, &IClassDat::shareRatioOfCall { tokenId: q.token_id }, &block).await?,
                expire_at: self.view(q.contract, &IClassDat::expireAtOfCall { tokenId: q.token_id }, &block).await?,
            }
        };
        Ok(Proven { block: number, block_hash: hash, answer })
    }

    /// `dat.verifyDataAnchor`: the file's anchored hash (text, in any spelling LazAI's tools write),
    /// proven, against the bytes' keccak256 and sha256; fails with `CLAIM_MISMATCH` when neither
    /// matches or the text is no hash.
    pub async fn data_anchor(&self, registry: Address, file_id: U256, bytes: &[u8], block: Option<&Value>) -> Result<Proven<Value>> {
        let (tag, number, hash) = self.pin(block).await?;
        let file = self.view(registry, &IDataRegistry::getFileCall { fileId: file_id }, &tag).await?;
        // `getFile` echoes the id asked for; an unused id has no owner and no URL.
        if file.ownerAddress.is_zero() && file.url.is_empty() {
            return Err(Error::ClaimMismatch { field: "fileId".into(), claimed: file_id.to_string(), proven: "no such file in the registry".into() });
        }
        let Some(anchored) = lazai::anchored_hash(&file.hash) else {
            return Err(Error::ClaimMismatch { field: "file hash".into(), claimed: format!("file {file_id} is anchored by a hash"), proven: format!("its anchored text {:?} is not a 32-byte hex hash", file.hash) });
        };
        let Some(function) = lazai::anchor_hash(bytes, anchored) else {
            return Err(Error::ClaimMismatch { field: "file bytes".into(), claimed: format!("{} bytes", bytes.len()), proven: format!("the anchored hash {anchored} is neither their keccak256 nor sha256") });
        };
        Ok(Proven {
            block: number,
            block_hash: hash,
            answer: json!({ "fileId": file_id, "owner": file.ownerAddress, "url": file.url, "hash": anchored, "anchoredText": file.hash, "hashFunction": function }),
        })
    }

    /// `inference.verifyProof`, by LazAI's own rule (`DataRegistry.requestReward`): a proof of a file
    /// is valid at a block when its signer (EIP-191 over `keccak256(abi.encode(ProofData))`) is a
    /// node of VerifiedComputing at that block. Stricter than the contract, which does not compare
    /// `proof.data.id` with the file: the proof must attest this file. Its `ProofAdded`
    /// log is proven through the receipts root; the answer also says whether the signer was a node
    /// at the block the proof was added in.
    pub async fn inference_proof(&self, registry: Address, verifier: Address, file_id: U256, proof_index: U256, block: Option<&Value>, from: Option<u64>) -> Result<Proven<Value>> {
        let (tag, number, hash) = self.pin(block).await?;
        let claimed = || format!("proof {proof_index} of file {file_id}");
        let proof = self.view(registry, &IDataRegistry::getFileProofCall { fileId: file_id, index: proof_index }, &tag).await?;
        if proof.signature.is_empty() {
            return Err(Error::ClaimMismatch { field: "proof".into(), claimed: claimed(), proven: format!("the registry holds no such proof at block {number}") });
        }
        // The registry takes any proof for any file (`addProof` checks nothing): one attesting
        // another file proves nothing about this one.
        if proof.data.id != file_id {
            return Err(Error::ClaimMismatch { field: "proof.data.id".into(), claimed: claimed(), proven: format!("the proof attests file {}", proof.data.id) });
        }
        let signer = recover_proof_signer(&proof)?;
        if !self.view(verifier, &IVerifiedComputing::isNodeCall { node: signer }, &tag).await? {
            let status = self.view(verifier, &IVerifiedComputing::getNodeCall { node: signer }, &tag).await?.status;
            return Err(Error::ClaimMismatch {
                field: "proof signer".into(),
                claimed: format!("{signer} signed {}", claimed()),
                proven: format!("{signer} is not a registered node at block {number} ({})", lazai::node_status(status)),
            });
        }
        // The registry keeps no block for a proof: its ProofAdded log (file id indexed, proof index
        // in the data) is searched back from the block.
        // The log must be this proof's: its index, its URL, and the file's owner, not only the file.
        let owner = self.view(registry, &IDataRegistry::getFileCall { fileId: file_id }, &tag).await?.ownerAddress;
        let topics = json!([IDataRegistry::ProofAdded::SIGNATURE_HASH, B256::from(file_id)]);
        let is_it = |log: &Log| {
            IDataRegistry::ProofAdded::decode_log_data(log.data())
                .is_ok_and(|e| e.proofIndex == proof_index && e.ownerAddress == owner && e.proofUrl == proof.data.proofUrl)
        };
        let (added, searched) = self.newest_log(registry, topics, from, number, is_it).await?;
        let Some(added) = added else {
            return Err(Error::ClaimMismatch { field: "ProofAdded".into(), claimed: claimed(), proven: format!("no such log in blocks {searched} (give fromBlock to search further back)") });
        };
        let added_in = added.block_number.ok_or_else(|| Error::invalid("ProofAdded", "a log without its block"))?;
        let node_when_added = self.view(verifier, &IVerifiedComputing::isNodeCall { node: signer }, &json!(format!("{added_in:#x}"))).await?;
        Ok(Proven {
            block: number,
            block_hash: hash,
            answer: json!({
                "signer": signer, "isNode": true, "nodeWhenAdded": node_when_added, "fileId": file_id, "proofIndex": proof_index,
                "score": proof.data.score, "fileUrl": proof.data.fileUrl, "proofUrl": proof.data.proofUrl,
                "addedInBlock": format!("{added_in:#x}"), "addedInTransaction": added.transaction_hash,
            }),
        })
    }

    /// `idao.verifyProposal`: state, tallies, quorum, snapshot and deadline, proven at the block.
    pub async fn idao_proposal(&self, governor: Address, proposal_id: U256, block: Option<&Value>) -> Result<Proven<Value>> {
        let (tag, number, hash) = self.pin(block).await?;
        let state = self.view(governor, &IGovernor::stateCall { proposalId: proposal_id }, &tag).await?;
        let votes = self.view(governor, &IGovernor::proposalVotesCall { proposalId: proposal_id }, &tag).await?;
        let snapshot = self.view(governor, &IGovernor::proposalSnapshotCall { proposalId: proposal_id }, &tag).await?;
        let deadline = self.view(governor, &IGovernor::proposalDeadlineCall { proposalId: proposal_id }, &tag).await?;
        let quorum = self.view(governor, &IGovernor::quorumCall { timepoint: snapshot }, &tag).await?;
        Ok(Proven {
            block: number,
            block_hash: hash,
            answer: json!({
                "proposalId": proposal_id, "state": lazai::proposal_state(state),
                "for": votes.forVotes, "against": votes.againstVotes, "abstain": votes.abstainVotes,
                "quorum": quorum, "snapshot": snapshot, "deadline": deadline,
            }),
        })
    }

    /// `idao.verifyVote`: whether `voter` voted, with the support and weight of its `VoteCast` log
    /// (proven through the receipts root) and its votes at the snapshot.
    pub async fn idao_vote(&self, governor: Address, proposal_id: U256, voter: Address, block: Option<&Value>, from: Option<u64>) -> Result<Proven<Value>> {
        let (tag, number, hash) = self.pin(block).await?;
        let voted = self.view(governor, &IGovernor::hasVotedCall { proposalId: proposal_id, account: voter }, &tag).await?;
        let snapshot = self.view(governor, &IGovernor::proposalSnapshotCall { proposalId: proposal_id }, &tag).await?;
        let weight_at_snapshot = self.view(governor, &IGovernor::getVotesCall { account: voter, timepoint: snapshot }, &tag).await?;
        // Only a voter who voted has a VoteCast log; votes are cast after the snapshot, so with a
        // block-number clock the search starts there.
        let mut cast = None;
        if voted {
            let start = from.or_else(|| u64::try_from(snapshot).ok().filter(|s| *s <= number));
            let topics = json!([IGovernor::VoteCast::SIGNATURE_HASH, voter.into_word()]);
            let is_it = |log: &Log| IGovernor::VoteCast::decode_log_data(log.data()).is_ok_and(|e| e.proposalId == proposal_id);
            if let (Some(log), _) = self.newest_log(governor, topics, start, number, is_it).await? {
                let event = IGovernor::VoteCast::decode_log_data(log.data()).map_err(|e| Error::invalid("VoteCast", e))?;
                cast = Some((event, log.block_number.map(|n| format!("{n:#x}")), log.transaction_hash));
            }
        }
        if voted != cast.is_some() {
            return Err(Error::ClaimMismatch { field: "VoteCast".into(), claimed: format!("hasVoted = {voted}"), proven: format!("{} VoteCast log for the voter", if cast.is_some() { "a" } else { "no" }) });
        }
        let vote = cast.map(|(e, block, tx)| {
            let support = ["against", "for", "abstain"].get(usize::from(e.support)).copied().unwrap_or("unknown");
            json!({ "support": support, "weight": e.weight, "reason": e.reason, "block": block, "transaction": tx })
        });
        Ok(Proven { block: number, block_hash: hash, answer: json!({ "proposalId": proposal_id, "voter": voter, "hasVoted": voted, "weightAtSnapshot": weight_at_snapshot, "vote": vote }) })
    }
}

/// Windows of `max_log_range` blocks searched back from the block when no `fromBlock` is given.
const SEARCH_WINDOWS: u64 = 16;

impl<T: Transport, S: Store> LightNode<T, S> {
    /// The newest proven log of `address` with `topics` that `is_it` accepts, in blocks `from..=to`
    /// (without `from`: the last [`SEARCH_WINDOWS`] windows), searched a window at a time, newest
    /// first; with the range searched, for the caller's message.
    async fn newest_log(&self, address: Address, topics: Value, from: Option<u64>, to: u64, is_it: impl Fn(&Log) -> bool) -> Result<(Option<Log>, String)> {
        let windows = super::log_windows::log_windows(to, self.options.max_log_range, from, SEARCH_WINDOWS);
        let searched = format!("{}..={to}", windows.floor);
        for (low, high) in windows {
            let filter = json!([{ "address": address, "topics": topics, "fromBlock": format!("{low:#x}"), "toBlock": format!("{high:#x}") }]);
            let logs = json::parse::<Vec<Log>>("eth_getLogs", &self.request("eth_getLogs", &filter).await?)?;
            if let Some(log) = logs.into_iter().rev().find(|l| is_it(l)) {
                return Ok((Some(log), searched));
            }
        }
        Ok((None, searched))
    }
}

/// The node that signed `proof`.
pub fn recover_proof_signer(proof: &lazai::Proof) -> Result<Address> {
    let signature = alloy_primitives::Signature::try_from(proof.signature.as_ref()).map_err(|e| Error::invalid("proof.signature", e))?;
    signature.recover_address_from_prehash(&lazai::proof_digest(&proof.data)).map_err(|e| Error::invalid("proof.signature", e))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Args {
    registry: Option<Address>,
    verifier: Option<Address>,
    governor: Option<Address>,
    file_id: Option<U256>,
    proof_index: Option<U256>,
    proposal_id: Option<U256>,
    voter: Option<Address>,
    bytes: Option<Bytes>,
    proof: Option<ProofJson>,
    block: Option<Value>,
    /// Where a log search starts (default: a bounded window back from the block).
    from_block: Option<Value>,
}

#[derive(Deserialize)]
struct ProofJson {
    signature: Bytes,
    data: ProofDataJson,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ProofDataJson {
    id: U256,
    score: U256,
    file_url: String,
    proof_url: String,
}

fn need<V>(what: &str, value: Option<V>) -> Result<V> {
    value.ok_or_else(|| Error::invalid(what, "required"))
}

impl<T: Transport, S: Store> LightNode<T, S> {
    /// The JS surface: `op` is `verifyOwnership`, `verifyDataAnchor`, `verifyProof`,
    /// `verifyProofJson`, `verifyProposal` or `verifyVote`; `args` its named arguments.
    pub async fn lazai_request(&self, op: &str, args: &Value) -> Result<Value> {
        fn to_value<V: Serialize>(v: &V) -> Result<Value> {
            serde_json::to_value(v).map_err(|e| Error::invalid("answer", e))
        }
        if op == "verifyOwnership" {
            return to_value(&self.dat_ownership(&json::parse("args", args)?).await?);
        }
        let a: Args = json::parse("args", args)?;
        let block = a.block.as_ref();
        let from = a.from_block.as_ref().map(|v| super::quantity("fromBlock", v)).transpose()?;
        match op {
            "verifyDataAnchor" => to_value(&self.data_anchor(need("registry", a.registry)?, need("fileId", a.file_id)?, &need("bytes", a.bytes)?, block).await?),
            "verifyProof" => to_value(
                &self.inference_proof(need("registry", a.registry)?, need("verifier", a.verifier)?, need("fileId", a.file_id)?, need("proofIndex", a.proof_index)?, block, from).await?,
            ),
            "verifyProofJson" => {
                let p = need("proof", a.proof)?;
                let proof = lazai::Proof {
                    signature: p.signature,
                    data: lazai::ProofData { id: p.data.id, score: p.data.score, fileUrl: p.data.file_url, proofUrl: p.data.proof_url },
                };
                let signer = recover_proof_signer(&proof)?;
                let (tag, number, hash) = self.pin(block).await?;
                let is_node = self.view(need("verifier", a.verifier)?, &IVerifiedComputing::isNodeCall { node: signer }, &tag).await?;
                if !is_node {
                    return Err(Error::ClaimMismatch { field: "proof signer".into(), claimed: signer.to_string(), proven: format!("not a registered node at block {number}") });
                }
                to_value(&Proven { block: number, block_hash: hash, answer: json!({ "signer": signer, "isNode": true, "score": proof.data.score }) })
            }
            "verifyProposal" => to_value(&self.idao_proposal(need("governor", a.governor)?, need("proposalId", a.proposal_id)?, block).await?),
            "verifyVote" => to_value(&self.idao_vote(need("governor", a.governor)?, need("proposalId", a.proposal_id)?, need("voter", a.voter)?, block, from).await?),
            other => Err(Error::invalid("op", format!("unknown LazAI check `{other}`"))),
        }
    }
}
