//! BLS signatures as Ethereum's consensus uses them (min-pubkey-size, proof-of-possession scheme):
//! `Verify` and `FastAggregateVerify` over zkcrypto's pure-Rust BLS12-381, which builds for wasm32.

use super::network::Preset;
use super::types::{BlsPublicKey, BlsSignature, SyncAggregate, SyncCommittee};
use bls12_381::hash_to_curve::{ExpandMsgXmd, HashToCurve};
use bls12_381::{G1Affine, G1Projective, G2Affine, G2Prepared, G2Projective, Gt, multi_miller_loop};

/// The ciphersuite of Ethereum's consensus signatures.
const DST: &[u8] = b"BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";

/// A public key, decompressed and `KeyValidate`d (on the curve, in the subgroup, not the identity).
pub fn public_key(bytes: &BlsPublicKey) -> Option<G1Affine> {
    let point: Option<G1Affine> = G1Affine::from_compressed(&bytes.0).into();
    point.filter(|p| !bool::from(p.is_identity()))
}

/// A signature, decompressed and checked to be in the subgroup.
pub fn signature(bytes: &BlsSignature) -> Option<G2Affine> {
    G2Affine::from_compressed(&bytes.0).into()
}

/// `CoreVerify` for an aggregate key already formed: e(pk, H(m)) == e(g1, sig).
pub fn verify_point(key: &G1Affine, message: &[u8], sig: &G2Affine) -> bool {
    if bool::from(key.is_identity()) {
        return false;
    }
    let h = G2Affine::from(<G2Projective as HashToCurve<ExpandMsgXmd<sha2_09::Sha256>>>::hash_to_curve(message, DST));
    let pairs = [(key, &G2Prepared::from(h)), (&-G1Affine::generator(), &G2Prepared::from(*sig))];
    multi_miller_loop(&pairs).final_exponentiation() == Gt::identity()
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
    let mut sum = G1Projective::identity();
    for key in keys {
        match public_key(key) {
            Some(p) => sum += p,
            None => return false,
        }
    }
    match signature(sig) {
        Some(sig) if !keys.is_empty() => verify_point(&G1Affine::from(sum), message, &sig),
        _ => false,
    }
}

/// `Aggregate(signatures)`: the sum, compressed; `None` for an empty list or an invalid signature.
pub fn aggregate(sigs: &[BlsSignature]) -> Option<BlsSignature> {
    let mut sum = G2Projective::identity();
    for sig in sigs {
        sum += signature(sig)?;
    }
    (!sigs.is_empty()).then(|| BlsSignature::from(G2Affine::from(sum).to_compressed()))
}

/// The participants' aggregate key. Rather than decompress and add hundreds of keys, it starts
/// from the committee's aggregate key (bound into the committee's root, so as trusted as the
/// keys) and subtracts whichever side is smaller, as the fastest light clients do.
pub fn participants_key<P: Preset>(committee: &SyncCommittee<P>, aggregate: &SyncAggregate<P>) -> Option<G1Affine> {
    let bits: Vec<bool> = aggregate.sync_committee_bits.iter().collect();
    let signed = bits.iter().filter(|b| **b).count();
    let (mut sum, wanted) = if signed * 2 > bits.len() {
        (G1Projective::from(public_key(&committee.aggregate_pubkey)?), false)
    } else {
        (G1Projective::identity(), true)
    };
    for (key, bit) in committee.pubkeys.iter().zip(&bits) {
        if *bit == wanted {
            let key = public_key(key)?;
            if wanted {
                sum += key;
            } else {
                sum -= key;
            }
        }
    }
    Some(G1Affine::from(sum))
}
