//! ethereum/tests BlockchainTests (shared/fixtures), natively and in headless Chromium: every valid
//! chain reaches its `lastblockhash` and `postState`, every invalid block is refused for a reason of
//! the expected class, and a test whose expectations are altered fails.

use metis_lightnode::conformance;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

include!(concat!(env!("OUT_DIR"), "/blockchain_tests.rs"));

fn file(name: &str) -> &'static str {
    BLOCKCHAIN_TESTS.iter().find(|(n, _)| *n == name).map(|(_, text)| *text).expect("test file present")
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn every_blockchain_test_passes() {
    futures::executor::block_on(every_blockchain_test());
}

#[cfg(target_arch = "wasm32")]
#[test]
async fn every_blockchain_test_passes() {
    every_blockchain_test().await;
}

async fn every_blockchain_test() {
    let (mut passed, mut failures, mut refused) = (0, Vec::new(), 0);
    for (name, text) in BLOCKCHAIN_TESTS {
        for outcome in conformance::run_file(text).expect("test file parses") {
            refused += outcome.refused.0;
            match outcome.failure {
                None => passed += 1,
                Some(why) => failures.push(format!("{name} {}: {why}", outcome.name)),
            }
        }
        between_files().await;
    }
    assert!(failures.is_empty(), "{} failed:\n{}", failures.len(), failures.join("\n"));
    assert!(passed >= 573, "only {passed} tests ran");
    assert!(refused >= 200, "only {refused} invalid blocks were refused");
}

/// In the browser, a turn of the event loop: all the files take some 28 s in a debug build, and
/// chromedriver gives up on a page that does not answer it for 30.
#[cfg(target_arch = "wasm32")]
async fn between_files() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

#[cfg(not(target_arch = "wasm32"))]
async fn between_files() {}

/// Runs one test of `text` after `edit` and returns its failure.
fn failure_after(text: &str, edit: impl Fn(&mut serde_json::Value)) -> Option<String> {
    let mut tests: serde_json::Value = serde_json::from_str(text).expect("json");
    for test in tests.as_object_mut().expect("tests").values_mut() {
        edit(test);
    }
    let outcomes = conformance::run_file(&tests.to_string()).expect("runs");
    outcomes.into_iter().find_map(|o| o.failure)
}

#[test]
fn altered_expectations_make_a_test_fail() {
    let valid = file("ValidBlocks/bcExample/basefeeExample.json");
    assert_eq!(failure_after(valid, |_| {}), None);
    let post = failure_after(valid, |t| {
        let account = t["postState"].as_object_mut().and_then(|p| p.values_mut().next()).expect("an account");
        account["balance"] = serde_json::json!("0x1234");
    });
    assert!(post.is_some_and(|why| why.contains("balance")));
    let head = failure_after(valid, |t| t["lastblockhash"] = serde_json::json!(format!("0x{}", "11".repeat(32))));
    assert!(head.is_some_and(|why| why.contains("lastblockhash")));
    let pre = failure_after(valid, |t| {
        let account = t["pre"].as_object_mut().and_then(|p| p.values_mut().next()).expect("an account");
        account["nonce"] = serde_json::json!("0x77");
    });
    assert!(pre.is_some_and(|why| why.contains("pre-state root")));

    // An invalid block that is not announced as invalid: the runner reports the refusal.
    let invalid = file("InvalidBlocks/bcInvalidHeaderTest/wrongGasLimit.json");
    assert_eq!(failure_after(invalid, |_| {}), None);
    let unannounced = failure_after(invalid, |t| {
        for block in t["blocks"].as_array_mut().expect("blocks") {
            block.as_object_mut().expect("block").remove("expectException");
        }
    });
    assert!(unannounced.is_some_and(|why| why.contains("INVALID_GASLIMIT")));
}
