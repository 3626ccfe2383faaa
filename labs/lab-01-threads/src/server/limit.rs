//! The server's rate limit: a token bucket. A service in production refuses
//! a client that asks too fast (HTTP 429, Too Many Requests); the
//! notebook's refresher sleeps 1/170 s after each request to stay under
//! such a limit. The bucket holds up to `burst` tokens and gains `per_second`
//! of them each second; a request takes one or is refused.

use std::time::Instant;

/// How fast clients may ask.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    /// Requests allowed per second, on average.
    pub per_second: f64,
    /// Requests allowed at once after a quiet spell.
    pub burst: u32,
}

/// The bucket's state.
#[derive(Debug)]
pub struct Bucket {
    /// The limit it enforces.
    limit: RateLimit,
    /// Tokens left, fractional: refilled continuously.
    tokens: f64,
    /// When `tokens` was last brought up to date.
    last: Instant,
}

impl Bucket {
    /// A full bucket at `now`.
    pub fn new(limit: RateLimit, now: Instant) -> Bucket {
        Bucket { limit, tokens: f64::from(limit.burst), last: now }
    }

    /// Takes a token for a request arriving at `now`; `false`: refuse it.
    pub fn take(&mut self, now: Instant) -> bool {
        let gained = now.saturating_duration_since(self.last).as_secs_f64() * self.limit.per_second;
        self.tokens = (self.tokens + gained).min(f64::from(self.limit.burst));
        self.last = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_burst_is_allowed_then_requests_are_refused_until_tokens_come_back() {
        let start = Instant::now();
        let mut bucket = Bucket::new(RateLimit { per_second: 100.0, burst: 3 }, start);
        assert!((0..3).all(|_| bucket.take(start)), "the burst");
        assert!(!bucket.take(start), "the fourth at once is refused");
        assert!(!bucket.take(start + Duration::from_millis(5)), "half a token is not enough");
        assert!(bucket.take(start + Duration::from_millis(11)), "10 ms later: one token");
        assert!(!bucket.take(start + Duration::from_millis(11)));
    }

    #[test]
    fn a_quiet_spell_refills_only_up_to_the_burst() {
        let start = Instant::now();
        let mut bucket = Bucket::new(RateLimit { per_second: 1000.0, burst: 2 }, start);
        let later = start + Duration::from_secs(10);
        assert!(bucket.take(later) && bucket.take(later));
        assert!(!bucket.take(later), "ten quiet seconds still give only the burst");
    }

    #[test]
    fn pacing_at_the_rate_is_never_refused() {
        let start = Instant::now();
        let mut bucket = Bucket::new(RateLimit { per_second: 170.0, burst: 1 }, start);
        let pace = Duration::from_nanos(1_000_000_000 / 170 + 1);
        assert!((1..=500).all(|i| bucket.take(start + pace * i)));
    }
}
