//! BLS signatures as Ethereum's consensus uses them (min-pubkey-size, proof-of-possession scheme):
//! `Verify` and `FastAggregateVerify` over supranational's blst, Lighthouse's library, whose C builds
//! for wasm32 with clang. MetisVM's EIP-2537 precompiles run on it too, so the wasm holds one
//! BLS12-381 (zkcrypto's, used here before, was 62 KB of the first module's code besides).

use super::network::Preset;
use super::types::{BlsPublicKey, BlsSignature, SyncAggregate, SyncCommittee};
use blst::BLST_ERROR;
use blst::min_pk::{AggregatePublicKey, AggregateSignature, PublicKey, Signature};

/// The ciphersuite of Ethereum's consensus signatures.
const DST: &[u8] = b"BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";

/// The compressed point at infinity of G1: no key.
const G1_INFINITY: [u8; 48] = {
    let mut bytes = [0; 48];
    bytes[0] = 0xc0;
    bytes
};

/// A public key, decompressed and `KeyValidate`d (on the curve, in the subgroup, not the identity).
pub fn public_key(bytes: &BlsPublicKey) -> Option<PublicKey> {
    PublicKey::key_validate(&bytes.0).ok()
}

/// A signature, decompressed and checked to be in the subgroup.
pub fn signature(bytes: &BlsSignature) -> Option<Signature> {
    Signature::sig_validate(&bytes.0, false).ok()
}

/// `CoreVerify` for an aggregate key already formed (and a signature already group-checked):
/// e(pk, H(m)) == e(g1, sig). An aggregate that sums to the identity is no key.
pub fn verify_point(key: &PublicKey, message: &[u8], sig: &Signature) -> bool {
    key.compress() != G1_INFINITY && sig.verify(false, message, DST, &[], key, false) == BLST_ERROR::BLST_SUCCESS
}

/// `Verify(pk, message, signature)`.
pub fn verify(key: &BlsPublicKey, message: &[u8], sig: &BlsSignature) -> bool {
    match (public_key(key), signature(sig)) {
        (Some(key), Some(sig)) => verify_point(&key, message, &sig),
        _ => false,
    }
}

/// `FastAggregateVerify(pks, message, signature)`: every key valid, at least one.
pub fn fast_aggregate_verify(keys: &[BlsPublicKey], message: &[u8], sig: &BlsSignature) -> bool {
    let keys: Option<Vec<PublicKey>> = keys.iter().map(public_key).collect();
    match (keys.and_then(|keys| sum(&keys)), signature(sig)) {
        (Some(key), Some(sig)) => verify_point(&key, message, &sig),
        _ => false,
    }
}

/// The sum of `keys` (already validated); `None` for none.
fn sum(keys: &[PublicKey]) -> Option<PublicKey> {
    let keys: Vec<&PublicKey> = keys.iter().collect();
    AggregatePublicKey::aggregate(&keys, false).ok().map(|sum| sum.to_public_key())
}

/// `Aggregate(signatures)`: the sum, compressed; `None` for an empty list or an invalid signature.
pub fn aggregate(sigs: &[BlsSignature]) -> Option<BlsSignature> {
    let sigs = sigs.iter().map(signature).collect::<Option<Vec<Signature>>>()?;
    let sigs: Vec<&Signature> = sigs.iter().collect();
    AggregateSignature::aggregate(&sigs, false).ok().map(|sum| BlsSignature::from(sum.to_signature().compress()))
}

/// The participants' aggregate key. Rather than decompress and add hundreds of keys, it starts
/// from the committee's aggregate key (bound into the committee's root, so as trusted as the
/// keys) and subtracts whichever side is smaller, as the fastest light clients do.
pub fn participants_key<P: Preset>(committee: &SyncCommittee<P>, aggregate: &SyncAggregate<P>) -> Option<PublicKey> {
    let bits: Vec<bool> = aggregate.sync_committee_bits.iter().collect();
    let signed = bits.iter().filter(|b| **b).count();
    let mut members = committee.pubkeys.iter().zip(&bits);
    if signed * 2 <= bits.len() {
        let signers = members.filter(|(_, bit)| **bit).map(|(key, _)| public_key(key)).collect::<Option<Vec<_>>>()?;
        return sum(&signers);
    }
    let mut total = AggregatePublicKey::from_public_key(&public_key(&committee.aggregate_pubkey)?);
    members.try_for_each(|(key, bit)| {
        if !*bit {
            total.sub_aggregate(&AggregatePublicKey::from_public_key(&public_key(key)?));
        }
        Some(())
    })?;
    Some(total.to_public_key())
}
