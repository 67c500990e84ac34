//! Global and per-host request limits, and per-host pauses asked for by `Retry-After`.
//!
//! A request first waits for its host's permit, then for a global one, so requests queued
//! behind a busy host never hold global permits another host could use.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// What the checker knows about one host.
#[derive(Debug)]
pub(crate) struct HostState {
    permits: Arc<Semaphore>,
    /// No request to this host before this instant (a `Retry-After` it sent).
    not_before: Mutex<Option<Instant>>,
    /// The host answered HEAD with 405 or 501: use GET for it from now on.
    pub(crate) head_refused: AtomicBool,
    /// Whether the host answers 200 for a page that cannot exist (decided by one probe).
    pub(crate) soft_404: tokio::sync::OnceCell<bool>,
}

/// Both permits of one request; dropping it frees them.
pub(crate) struct Permit {
    _host: OwnedSemaphorePermit,
    _global: OwnedSemaphorePermit,
}

/// The limits of one run.
#[derive(Debug)]
pub(crate) struct Limits {
    global: Arc<Semaphore>,
    per_host: usize,
    hosts: Mutex<HashMap<String, Arc<HostState>>>,
}

impl Limits {
    pub(crate) fn new(global: usize, per_host: usize) -> Self {
        Self {
            global: Arc::new(Semaphore::new(global.max(1))),
            per_host: per_host.max(1),
            hosts: Mutex::new(HashMap::new()),
        }
    }

    /// The state of `host`, created on first use.
    pub(crate) fn host(&self, host: &str) -> Arc<HostState> {
        let mut hosts = self.hosts.lock().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(hosts.entry(host.to_owned()).or_insert_with(|| {
            Arc::new(HostState {
                permits: Arc::new(Semaphore::new(self.per_host)),
                not_before: Mutex::new(None),
                head_refused: AtomicBool::new(false),
                soft_404: tokio::sync::OnceCell::new(),
            })
        }))
    }

    /// Waits for a permit of `host`, then for any pause the host asked for, then a
    /// global permit.
    pub(crate) async fn acquire(&self, host: &HostState) -> Permit {
        // The semaphores are never closed, so acquiring cannot fail.
        let host_permit = Arc::clone(&host.permits)
            .acquire_owned()
            .await
            .unwrap_or_else(|_| unreachable!("host semaphore closed"));
        let pause = *host
            .not_before
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(until) = pause {
            tokio::time::sleep_until(until.into()).await;
        }
        let global = Arc::clone(&self.global)
            .acquire_owned()
            .await
            .unwrap_or_else(|_| unreachable!("global semaphore closed"));
        Permit {
            _host: host_permit,
            _global: global,
        }
    }
}

impl HostState {
    /// Asks every later request to this host to wait `wait` from now.
    pub(crate) fn pause(&self, wait: Duration) {
        let until = Instant::now() + wait;
        let mut nb = self
            .not_before
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if nb.is_none_or(|t| t < until) {
            *nb = Some(until);
        }
    }

    pub(crate) fn head_refused(&self) -> bool {
        self.head_refused.load(Ordering::Relaxed)
    }

    pub(crate) fn refuse_head(&self) {
        self.head_refused.store(true, Ordering::Relaxed);
    }
}
