//! Requests made concurrently on one client (futures joined on a task, as sync's admission of a
//! batch of blocks does, or a proxy's requests sharing a node) go out as one JSON-RPC batch, as
//! viem's batching transport does: a sync that admits 64 blocks at once pays a round trip per step
//! of the check, not one per step per block.
//!
//! Each caller queues its requests and yields once, so that every caller polled in the same turn
//! queues too; the first one polled again sends whatever is queued (up to [`MAX_COALESCED`]
//! requests) and hands each caller its own answers. A sender dropped mid-flight puts what it took
//! back in the queue and wakes the callers, who then send it themselves: nothing waits forever.

use crate::error::Result;
use serde_json::Value;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// The most requests one coalesced batch carries (public servers commonly cap batches at 100; a
/// caller's own batch is never split, and callers bound those themselves).
pub const MAX_COALESCED: usize = 100;

/// One caller's answers: per request, in order, or the failure of the whole batch.
pub type Answers = Result<Vec<Result<Value>>>;

/// One caller's requests and, once sent, its answers.
pub struct Group {
    requests: Vec<(String, Value)>,
    answer: RefCell<Option<Answers>>,
    waker: RefCell<Option<Waker>>,
    queued: Cell<bool>,
}

impl Group {
    /// The answers, once some sender has delivered them.
    pub fn take_answer(&self) -> Option<Answers> {
        self.answer.borrow_mut().take()
    }

    fn deliver(&self, answer: Answers) {
        *self.answer.borrow_mut() = Some(answer);
        self.wake();
    }

    fn wake(&self) {
        if let Some(waker) = self.waker.borrow_mut().take() {
            waker.wake();
        }
    }
}

/// Requests waiting to be sent.
#[derive(Default)]
pub struct Queue {
    waiting: RefCell<Vec<Rc<Group>>>,
}

impl std::fmt::Debug for Queue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Queue({} waiting)", self.waiting.borrow().len())
    }
}

impl Queue {
    /// Queues `requests` as one group.
    pub fn push(&self, requests: &[(&str, Value)]) -> Rc<Group> {
        let group = Rc::new(Group {
            requests: requests.iter().map(|(m, p)| ((*m).to_owned(), p.clone())).collect(),
            answer: RefCell::new(None),
            waker: RefCell::new(None),
            queued: Cell::new(true),
        });
        self.waiting.borrow_mut().push(group.clone());
        group
    }

    /// If `own` is still queued: it, and the groups queued with it while they fit in
    /// [`MAX_COALESCED`], taken for one batch. `None` once another caller took `own`.
    pub fn take(&self, own: &Rc<Group>) -> Option<Taken<'_>> {
        if !own.queued.get() {
            return None;
        }
        let mut waiting = self.waiting.borrow_mut();
        waiting.retain(|g| !Rc::ptr_eq(g, own));
        let mut groups = vec![own.clone()];
        let mut size = own.requests.len();
        waiting.retain(|g| {
            let fits = size + g.requests.len() <= MAX_COALESCED;
            if fits {
                size += g.requests.len();
                groups.push(g.clone());
            }
            !fits
        });
        for g in &groups {
            g.queued.set(false);
        }
        Some(Taken { queue: self, groups })
    }
}

/// Groups taken to be sent as one batch, the sender's own first.
pub struct Taken<'a> {
    queue: &'a Queue,
    groups: Vec<Rc<Group>>,
}

impl Taken<'_> {
    /// Every group's requests, in order, as one batch.
    pub fn requests(&self) -> Vec<(&str, Value)> {
        self.groups.iter().flat_map(|g| g.requests.iter().map(|(m, p)| (m.as_str(), p.clone()))).collect()
    }

    /// Hands each group its share of `answers` (or the batch's failure) and wakes its caller.
    pub fn deliver(mut self, answers: Answers) {
        let groups = std::mem::take(&mut self.groups);
        match answers {
            Ok(answers) => {
                let mut answers = answers.into_iter();
                for g in groups {
                    let own: Vec<_> = answers.by_ref().take(g.requests.len()).collect();
                    g.deliver(Ok(own));
                }
            }
            Err(e) => groups.into_iter().for_each(|g| g.deliver(Err(e.clone()))),
        }
    }
}

impl Drop for Taken<'_> {
    /// Undelivered (the sender was dropped): the other callers' groups back in the queue, each
    /// caller woken to send its own. The first group is the sender's, which nobody waits for now.
    fn drop(&mut self) {
        let groups: Vec<_> = std::mem::take(&mut self.groups).into_iter().skip(1).collect();
        for g in &groups {
            g.queued.set(true);
        }
        self.queue.waiting.borrow_mut().splice(0..0, groups.iter().cloned());
        groups.iter().for_each(|g| g.wake());
    }
}

/// Ready on its second poll: lets every caller polled in this turn queue its requests first.
pub fn yield_once() -> impl Future<Output = ()> {
    let mut yielded = false;
    std::future::poll_fn(move |cx: &mut Context<'_>| {
        if yielded {
            return Poll::Ready(());
        }
        yielded = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    })
}

/// Ready once `group` has its answers or is back in the queue.
pub fn settled(group: &Group) -> impl Future<Output = ()> + '_ {
    std::future::poll_fn(move |cx: &mut Context<'_>| {
        if group.queued.get() || group.answer.borrow().is_some() {
            return Poll::Ready(());
        }
        *group.waker.borrow_mut() = Some(cx.waker().clone());
        Poll::Pending
    })
}
