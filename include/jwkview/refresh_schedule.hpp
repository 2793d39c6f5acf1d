// jwkview: when a gateway should fetch its JWKS again. No I/O of its own:
// the gateway fetches, and tells the schedule what happened.
//
//   jwkview::refresh_schedule schedule;
//   // refresh thread, in a loop:
//   if (schedule.due(now)) {
//     if (fetch(url, body, cache_control)) {                  // the gateway's HTTP client
//       if (auto set = jwkview::key_set::build(body)) { store.publish(*set); schedule.fetched(now,
//       cache_control); } else schedule.failed(now);                              // keep the old
//       set
//     } else schedule.failed(now);
//   }
//   // worker thread, when validate_jwt says unknown_key:
//   if (schedule.unknown_kid(now)) wake_refresh_thread();
//
// The next fetch follows the response's Cache-Control: s-maxage (a gateway
// is a shared cache, RFC 9111 §5.2.2.10), else max-age, else
// default_interval; no-cache, no-store and max-age=0 mean "as soon as
// allowed". The interval is clamped to [min_interval, max_interval]. A
// failed fetch is retried after retry_interval; the old set stays.
//
// A token with an unknown kid may mean the provider rotated early: the first
// such token after unknown_kid_interval seconds without a fetch attempt
// makes the fetch due now; every other returns false, so a flood of forged
// kids costs at most one fetch per interval.
//
// Times are seconds since the epoch, passed in (tests drive the clock).
// Every member is thread-safe, lock-free and noexcept.
#pragma once

#include <atomic>
#include <cstdint>
#include <string_view>

#include "jwkview/export.hpp"

namespace jwkview {

struct refresh_policy {
  std::int64_t min_interval = 60;          ///< shortest time between scheduled fetches
  std::int64_t max_interval = 86400;       ///< longest time a set is kept without a fetch
  std::int64_t default_interval = 300;     ///< without a usable Cache-Control
  std::int64_t retry_interval = 30;        ///< after a failed fetch
  std::int64_t unknown_kid_interval = 60;  ///< at most one early fetch per this many seconds
};

class JWKVIEW_API refresh_schedule {
 public:
  explicit refresh_schedule(const refresh_policy& policy = {}) noexcept;

  /// A fetch at `now` succeeded and its set was published; `cache_control`
  /// is the response's Cache-Control value ("" when absent).
  void fetched(std::int64_t now, std::string_view cache_control) noexcept;
  /// A fetch at `now` failed, or its document was refused.
  void failed(std::int64_t now) noexcept;
  /// A token named a kid the current set lacks: true when this makes a
  /// fetch due now (see above).
  [[nodiscard]] bool unknown_kid(std::int64_t now) noexcept;

  /// Whether a fetch is due at `now`. True before the first fetch.
  [[nodiscard]] bool due(std::int64_t now) const noexcept { return now >= next_fetch(); }
  /// When the next fetch is due.
  [[nodiscard]] std::int64_t next_fetch() const noexcept {
    return next_.load(std::memory_order_acquire);
  }

  /// The freshness lifetime a Cache-Control value gives, in seconds:
  /// s-maxage, else max-age; 0 for no-cache or no-store; -1 when it gives
  /// none (absent, or malformed values).
  [[nodiscard]] static std::int64_t lifetime(std::string_view cache_control) noexcept;

 private:
  refresh_policy policy_;
  std::atomic<std::int64_t> next_;
  std::atomic<std::int64_t> last_attempt_;
};

}  // namespace jwkview
