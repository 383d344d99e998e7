//! Where a bounded log search looks: block windows of `max_log_range` searched back from a block,
//! newest first, for the LazAI proof and vote logs and the L1 batch logs alike.

/// The most windows any search walks, however far back its caller asks it to start.
pub const MAX_LOG_WINDOWS: u64 = 1_024;

/// Windows `(low, high)` of at most `range` blocks from `to` down to `floor`, newest first.
#[derive(Debug, Clone)]
pub struct LogWindows {
    /// The lowest block searched.
    pub floor: u64,
    next: Option<u64>,
    range: u64,
}

/// The windows back from `to`: down to `from`, or `windows` windows when no start is given, and
/// never more than [`MAX_LOG_WINDOWS`].
pub fn log_windows(to: u64, range: u64, from: Option<u64>, windows: u64) -> LogWindows {
    let range = range.max(1);
    let back = |n: u64| to.saturating_sub(range.saturating_mul(n.max(1)) - 1);
    let floor = from.unwrap_or_else(|| back(windows)).min(to).max(back(MAX_LOG_WINDOWS));
    LogWindows { floor, next: Some(to), range }
}

impl Iterator for LogWindows {
    type Item = (u64, u64);

    fn next(&mut self) -> Option<(u64, u64)> {
        let high = self.next?;
        let low = high.saturating_sub(self.range - 1).max(self.floor);
        self.next = (low > self.floor).then(|| low - 1);
        Some((low, high))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_cover_the_range_newest_first_and_stop_at_the_cap() {
        let w: Vec<_> = log_windows(100, 10, None, 3).collect();
        assert_eq!(w, vec![(91, 100), (81, 90), (71, 80)]);
        let w: Vec<_> = log_windows(100, 10, Some(95), 3).collect();
        assert_eq!(w, vec![(95, 100)]);
        assert_eq!(log_windows(5, 10, None, 16).collect::<Vec<_>>(), vec![(0, 5)]);
        assert_eq!(log_windows(10_000_000, 1, Some(0), 16).count() as u64, MAX_LOG_WINDOWS);
    }
}
