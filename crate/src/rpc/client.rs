//! The JSON-RPC client: batches, per-request timeouts, retries with backoff, failover across
//! endpoints. An outage never needs a restart: every call starts again from the preferred endpoint.

use super::Transport;
use super::coalesce::{self, Queue};
use crate::error::{Error, Result, RpcFailure};
use serde_json::{Value, json};
use std::cell::Cell;

/// How hard to try before giving up on a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Rounds over all endpoints.
    pub attempts: u32,
    /// Per-request timeout.
    pub timeout_ms: u32,
    /// First backoff; doubles each round.
    pub backoff_ms: u32,
    /// Longest backoff.
    pub max_backoff_ms: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self { attempts: 3, timeout_ms: 15_000, backoff_ms: 250, max_backoff_ms: 4_000 }
    }
}

/// The longest a 429's `Retry-After` makes the client wait before trying again.
pub const MAX_RETRY_AFTER_MS: u32 = 10_000;

/// A JSON-RPC client over untrusted endpoints.
#[derive(Debug)]
pub struct RpcClient<T> {
    transport: T,
    endpoints: Vec<String>,
    policy: RetryPolicy,
    preferred: Cell<usize>,
    round_trips: Cell<u64>,
    queue: Queue,
}

impl<T: Transport> RpcClient<T> {
    /// A client over `endpoints`, tried in order, the last one that answered first.
    pub fn new(transport: T, endpoints: Vec<String>, policy: RetryPolicy) -> Result<Self> {
        if endpoints.is_empty() {
            return Err(Error::invalid("rpc", "at least one RPC URL is needed"));
        }
        Ok(Self { transport, endpoints, policy, preferred: Cell::new(0), round_trips: Cell::new(0), queue: Queue::default() })
    }

    /// The transport (the beacon light client GETs through it).
    pub fn transport(&self) -> &T {
        &self.transport
    }

    /// The transport's clock.
    pub fn now_ms(&self) -> u64 {
        self.transport.now_ms()
    }

    /// HTTP round trips made so far (a batch counts once).
    pub fn round_trips(&self) -> u64 {
        self.round_trips.get()
    }

    /// One call; a JSON-RPC error object comes back as [`RpcFailure::Server`].
    pub async fn call(&self, method: &str, params: Value) -> Result<Value> {
        let mut answers = self.batch(&[(method, params)]).await?;
        answers.pop().unwrap_or_else(|| Err(failure(method, RpcFailure::Garbage, "empty batch answer")))
    }

    /// One JSON-RPC batch: answers in request order, each the result or that request's error.
    /// Transport failures, HTTP errors, 429s and garbage bodies are retried on the next endpoint,
    /// then again after a backoff, up to the policy's limit. Batches asked for concurrently go out
    /// together ([`coalesce`]).
    pub async fn batch(&self, requests: &[(&str, Value)]) -> Result<Vec<Result<Value>>> {
        if requests.is_empty() {
            return Ok(Vec::new());
        }
        let group = self.queue.push(requests);
        coalesce::yield_once().await;
        loop {
            if let Some(answers) = group.take_answer() {
                return answers;
            }
            match self.queue.take(&group) {
                Some(taken) => {
                    let answers = self.send(&taken.requests(), None).await;
                    taken.deliver(answers);
                }
                None => coalesce::settled(&group).await,
            }
        }
    }

    /// Passes over the endpoint that answered last: the next call starts at the one after it.
    pub fn pass_over(&self) {
        self.preferred.set((self.preferred.get() + 1) % self.endpoints.len());
    }

    /// The endpoints, in the order given.
    pub fn endpoints(&self) -> &[String] {
        &self.endpoints
    }

    /// As [`Self::batch`], to the endpoint at `index` alone (retried, never failed over): for
    /// asking every server the same question.
    pub async fn batch_at(&self, index: usize, requests: &[(&str, Value)]) -> Result<Vec<Result<Value>>> {
        self.send(requests, Some(index)).await
    }

    async fn send(&self, requests: &[(&str, Value)], only: Option<usize>) -> Result<Vec<Result<Value>>> {
        if requests.is_empty() {
            return Ok(Vec::new());
        }
        let body = Value::Array(
            requests.iter().enumerate().map(|(id, (m, p))| json!({"jsonrpc": "2.0", "id": id, "method": m, "params": p})).collect(),
        )
        .to_string();
        let what = requests.first().map_or("batch", |(m, _)| *m);
        let mut last = failure(what, RpcFailure::Transport, "no attempt made");
        let mut backoff = self.policy.backoff_ms;
        for round in 0..self.policy.attempts.max(1) {
            let mut wait = 0;
            let tried = if only.is_some() { 1 } else { self.endpoints.len() };
            for offset in 0..tried {
                let index = only.unwrap_or((self.preferred.get() + offset) % self.endpoints.len());
                let Some(url) = self.endpoints.get(index) else { return Err(failure(what, RpcFailure::Transport, "no such endpoint")) };
                self.round_trips.set(self.round_trips.get() + 1);
                let answer = match self.transport.post(url, body.clone(), self.policy.timeout_ms).await {
                    Ok(answer) => answer,
                    Err(reason) => {
                        last = failure(what, RpcFailure::Transport, &format!("{url}: {reason}"));
                        continue;
                    }
                };
                match answer.status {
                    200 => {}
                    429 => {
                        // A server's Retry-After is a hint, capped: it cannot park the node for days.
                        wait = wait.max(answer.retry_after_ms.unwrap_or(0).min(MAX_RETRY_AFTER_MS));
                        last = failure(what, RpcFailure::RateLimited, &format!("{url}: HTTP 429"));
                        continue;
                    }
                    status => {
                        last = failure(what, RpcFailure::Http(status), &format!("{url}: HTTP {status}"));
                        continue;
                    }
                }
                match match_answers(requests, &answer.body) {
                    Ok(answers) => {
                        if only.is_none() {
                            self.preferred.set(index);
                        }
                        return Ok(answers);
                    }
                    Err(reason) => last = failure(what, RpcFailure::Garbage, &format!("{url}: {reason}")),
                }
            }
            if round + 1 < self.policy.attempts {
                self.transport.sleep(backoff.max(wait).min(self.policy.max_backoff_ms.max(wait))).await;
                backoff = backoff.saturating_mul(2).min(self.policy.max_backoff_ms);
            }
        }
        Err(last)
    }
}

fn failure(method: &str, kind: RpcFailure, detail: &str) -> Error {
    Error::Rpc { method: method.to_owned(), kind, detail: detail.to_owned() }
}

/// Pairs each request with its answer by id: every id exactly once, nothing else.
fn match_answers(requests: &[(&str, Value)], body: &str) -> Result<Vec<Result<Value>>, String> {
    // From bytes, as the beacon client parses its answers: one instance of serde_json's parser.
    let parsed: Value = serde_json::from_slice(body.as_bytes()).map_err(|e| format!("body is not JSON: {e}"))?;
    let items = match parsed {
        Value::Array(items) => items,
        // Some servers answer a one-request batch, or a batch they refuse, with a single object.
        single @ Value::Object(_) if requests.len() == 1 || single.get("error").is_some() => vec![single],
        _ => return Err("answer is not a JSON-RPC batch".to_owned()),
    };
    let mut slots: Vec<Option<Result<Value>>> = requests.iter().map(|_| None).collect();
    for item in items {
        let id = item.get("id").and_then(Value::as_u64).and_then(|id| usize::try_from(id).ok());
        let Some(slot) = id.and_then(|id| slots.get_mut(id)) else {
            if let Some(err) = item.get("error").filter(|_| requests.len() == 1) {
                slots[0] = Some(Err(server_error(requests[0].0, err)));
                continue;
            }
            return Err(format!("answer with unknown id {:?}", item.get("id")));
        };
        if slot.is_some() {
            return Err(format!("two answers with id {id:?}"));
        }
        let method = id.and_then(|i| requests.get(i)).map_or("?", |(m, _)| *m);
        *slot = Some(match (item.get("result"), item.get("error")) {
            (_, Some(err)) if !err.is_null() => Err(server_error(method, err)),
            (Some(result), _) => Ok(result.clone()),
            _ => return Err(format!("answer {id:?} has neither result nor error")),
        });
    }
    slots
        .into_iter()
        .enumerate()
        .map(|(i, slot)| slot.ok_or_else(|| format!("no answer for request {i}")))
        .collect()
}

fn server_error(method: &str, err: &Value) -> Error {
    let code = err.get("code").and_then(Value::as_i64).unwrap_or(0);
    let message = err.get("message").and_then(Value::as_str).unwrap_or("no message");
    failure(method, RpcFailure::Server { code }, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rpc::HttpAnswer;
    use std::cell::RefCell;
    use std::collections::VecDeque;

    /// Answers from a script, one per POST; records the URLs asked and the sleeps taken.
    struct Scripted {
        answers: RefCell<VecDeque<Result<HttpAnswer, String>>>,
        asked: RefCell<Vec<String>>,
        slept: RefCell<Vec<u32>>,
    }

    fn ok(body: &str) -> Result<HttpAnswer, String> {
        Ok(HttpAnswer { status: 200, body: body.to_owned(), retry_after_ms: None })
    }

    fn status(code: u16) -> Result<HttpAnswer, String> {
        Ok(HttpAnswer { status: code, body: String::new(), retry_after_ms: Some(1000) })
    }

    /// A scripted answer that never comes (the POST hangs until dropped).
    const HANG: &str = "hang";

    impl Transport for &Scripted {
        async fn post(&self, url: &str, _: String, _: u32) -> Result<HttpAnswer, String> {
            self.asked.borrow_mut().push(url.to_owned());
            let answer = self.answers.borrow_mut().pop_front().unwrap_or_else(|| Err("script ended".into()));
            if answer.as_ref().err().is_some_and(|e| e == HANG) {
                std::future::pending::<()>().await;
            }
            answer
        }
        async fn sleep(&self, ms: u32) {
            self.slept.borrow_mut().push(ms);
        }
        fn now_ms(&self) -> u64 {
            0
        }
    }

    fn client(script: Vec<Result<HttpAnswer, String>>) -> (Scripted, Vec<String>) {
        (
            Scripted { answers: RefCell::new(script.into()), asked: RefCell::default(), slept: RefCell::default() },
            vec!["http://a".to_owned(), "http://b".to_owned()],
        )
    }

    fn run<F: std::future::Future>(f: F) -> F::Output {
        futures::executor::block_on(f)
    }

    #[test]
    fn answers_come_back_in_request_order_whatever_the_server_order() {
        let (s, urls) = client(vec![ok(r#"[{"id":1,"result":"0x2"},{"id":0,"result":"0x1"}]"#)]);
        let c = RpcClient::new(&s, urls, RetryPolicy::default()).expect("client");
        let out = run(c.batch(&[("a", json!([])), ("b", json!([]))])).expect("batch");
        assert_eq!(out, vec![Ok(json!("0x1")), Ok(json!("0x2"))]);
    }

    #[test]
    fn fails_over_past_a_dead_endpoint_and_remembers_the_live_one() {
        let (s, urls) = client(vec![Err("refused".into()), ok(r#"[{"id":0,"result":1}]"#), ok(r#"[{"id":0,"result":2}]"#)]);
        let c = RpcClient::new(&s, urls, RetryPolicy::default()).expect("client");
        assert_eq!(run(c.call("m", json!([]))), Ok(json!(1)));
        assert_eq!(run(c.call("m", json!([]))), Ok(json!(2)));
        assert_eq!(*s.asked.borrow(), vec!["http://a", "http://b", "http://b"]);
    }

    #[test]
    fn rate_limits_and_garbage_are_retried_after_a_backoff() {
        let (s, urls) = client(vec![status(429), ok("<html>"), ok(r#"[{"id":0,"result":"0x5"}]"#)]);
        let c = RpcClient::new(&s, urls, RetryPolicy::default()).expect("client");
        assert_eq!(run(c.call("m", json!([]))), Ok(json!("0x5")));
        assert_eq!(*s.slept.borrow(), vec![1000]);
    }

    #[test]
    fn a_huge_retry_after_is_capped() {
        let days = Ok(HttpAnswer { status: 429, body: String::new(), retry_after_ms: Some(u32::MAX) });
        let (s, urls) = client(vec![days.clone(), days, ok(r#"[{"id":0,"result":"0x5"}]"#)]);
        let c = RpcClient::new(&s, urls, RetryPolicy::default()).expect("client");
        assert_eq!(run(c.call("m", json!([]))), Ok(json!("0x5")));
        assert_eq!(*s.slept.borrow(), vec![MAX_RETRY_AFTER_MS]);
    }

    #[test]
    fn wrong_duplicate_or_missing_ids_are_garbage_not_answers() {
        for body in [r#"[{"id":7,"result":1}]"#, r#"[{"id":0,"result":1},{"id":0,"result":2}]"#, r#"[]"#, r#"{"id":0}"#] {
            let (s, urls) = client(vec![ok(body), ok(body), ok(body), ok(body), ok(body), ok(body)]);
            let c = RpcClient::new(&s, urls, RetryPolicy::default()).expect("client");
            let err = run(c.call("m", json!([]))).expect_err(body);
            assert!(matches!(err, Error::Rpc { kind: RpcFailure::Garbage, .. }), "{body}: {err}");
        }
    }

    #[test]
    fn a_server_error_object_is_returned_for_that_request_only() {
        let (s, urls) = client(vec![ok(r#"[{"id":0,"error":{"code":-32000,"message":"nope"}},{"id":1,"result":3}]"#)]);
        let c = RpcClient::new(&s, urls, RetryPolicy::default()).expect("client");
        let out = run(c.batch(&[("a", json!([])), ("b", json!([]))])).expect("batch");
        assert!(matches!(out[0], Err(Error::Rpc { kind: RpcFailure::Server { code: -32000 }, .. })));
        assert_eq!(out[1], Ok(json!(3)));
    }

    #[test]
    fn an_outage_ends_in_a_typed_error_and_the_next_call_starts_over() {
        let mut script: Vec<_> = (0..6).map(|_| Err::<HttpAnswer, String>("down".into())).collect();
        script.push(ok(r#"[{"id":0,"result":9}]"#));
        let (s, urls) = client(script);
        let c = RpcClient::new(&s, urls, RetryPolicy::default()).expect("client");
        assert!(matches!(run(c.call("m", json!([]))), Err(Error::Rpc { kind: RpcFailure::Transport, .. })));
        assert_eq!(run(c.call("m", json!([]))), Ok(json!(9)));
    }

    #[test]
    fn concurrent_batches_go_out_as_one_and_each_caller_gets_its_own_answers() {
        let (s, urls) = client(vec![ok(r#"[{"id":2,"result":3},{"id":0,"result":1},{"id":1,"result":2}]"#)]);
        let c = RpcClient::new(&s, urls, RetryPolicy::default()).expect("client");
        let (one, two) = run(futures::future::join(c.call("a", json!([])), c.batch(&[("b", json!([])), ("c", json!([]))])));
        assert_eq!(one, Ok(json!(1)));
        assert_eq!(two, Ok(vec![Ok(json!(2)), Ok(json!(3))]));
        assert_eq!((s.asked.borrow().len(), c.round_trips()), (1, 1));
    }

    #[test]
    fn a_failed_coalesced_batch_fails_every_caller_in_it() {
        let (s, urls) = client((0..6).map(|_| Err("down".into())).collect());
        let c = RpcClient::new(&s, urls, RetryPolicy::default()).expect("client");
        let (one, two) = run(futures::future::join(c.call("a", json!([])), c.call("b", json!([]))));
        for answer in [one, two] {
            assert!(matches!(answer, Err(Error::Rpc { kind: RpcFailure::Transport, .. })), "{answer:?}");
        }
        assert_eq!(s.asked.borrow().len(), 6, "one batch, tried as often as one call is");
    }

    #[test]
    fn a_coalesced_batch_stops_at_the_cap_and_the_rest_go_in_the_next() {
        let full: Vec<Value> = (0..coalesce::MAX_COALESCED).map(|i| json!({"id": i, "result": i})).collect();
        let (s, urls) = client(vec![ok(&Value::Array(full).to_string()), ok(r#"[{"id":0,"result":"last"}]"#)]);
        let c = RpcClient::new(&s, urls, RetryPolicy::default()).expect("client");
        let calls = (0..=coalesce::MAX_COALESCED).map(|_| c.call("m", json!([])));
        let answers = run(futures::future::join_all(calls));
        assert_eq!(answers.first(), Some(&Ok(json!(0))));
        assert_eq!(answers.get(coalesce::MAX_COALESCED - 1), Some(&Ok(json!(coalesce::MAX_COALESCED - 1))));
        assert_eq!(answers.last(), Some(&Ok(json!("last"))));
        assert_eq!(c.round_trips(), 2);
    }

    #[test]
    fn a_sender_dropped_mid_flight_hands_back_what_it_took() {
        use std::task::{Context, Waker};
        let (s, urls) = client(vec![Err(HANG.into()), ok(r#"[{"id":0,"result":2}]"#)]);
        let c = RpcClient::new(&s, urls, RetryPolicy::default()).expect("client");
        let mut cx = Context::from_waker(Waker::noop());
        let mut first = Box::pin(c.call("a", json!([])));
        let mut second = Box::pin(c.call("b", json!([])));
        // Both queue and yield; the first then sends both and hangs, the second waits on it.
        for _ in 0..2 {
            assert!(first.as_mut().poll(&mut cx).is_pending());
            assert!(second.as_mut().poll(&mut cx).is_pending());
        }
        assert_eq!(s.asked.borrow().len(), 1);
        drop(first);
        assert_eq!(run(second), Ok(json!(2)), "the second sends its own request once the first is gone");
        assert_eq!(s.asked.borrow().len(), 2);
    }
}
