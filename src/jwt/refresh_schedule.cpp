// When to fetch a JWKS again: Cache-Control, clamps, retries, and the rate
// limit on fetches that unknown kids trigger.
#include "jwkview/refresh_schedule.hpp"

#include <algorithm>
#include <charconv>
#include <limits>

#include "json/ascii.hpp"

namespace jwkview {
namespace {

constexpr std::int64_t never = std::numeric_limits<std::int64_t>::min() / 2;

using detail::equal_ignoring_case;

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

/// A delta-seconds value (RFC 9111 §1.2.2), quoted or not; -1 when malformed.
/// Values too large to hold are the largest one (the RFC says 2^31).
std::int64_t delta_seconds(std::string_view v) noexcept {
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  if (v.empty() || !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return -1;
  }
  std::int64_t n = 0;
  const auto r = std::from_chars(v.data(), v.data() + v.size(), n);
  return r.ec == std::errc{} ? std::min<std::int64_t>(n, std::int64_t{1} << 31)
                             : std::int64_t{1} << 31;
}

/// `now + seconds` without overflow.
std::int64_t after(std::int64_t now, std::int64_t seconds) noexcept {
  if (seconds > 0 && now > std::numeric_limits<std::int64_t>::max() - seconds) {
    return std::numeric_limits<std::int64_t>::max();
  }
  return now + seconds;
}

}  // namespace

refresh_schedule::refresh_schedule(const refresh_policy& policy) noexcept
    : policy_(policy), next_(std::numeric_limits<std::int64_t>::min()), last_attempt_(never) {}

std::int64_t refresh_schedule::lifetime(std::string_view cache_control) noexcept {
  std::int64_t max_age = -1;
  std::int64_t s_maxage = -1;
  bool no_cache = false;
  while (!cache_control.empty()) {
    const std::size_t comma = cache_control.find(',');
    const std::string_view directive = trim(cache_control.substr(0, comma));
    cache_control =
        comma == std::string_view::npos ? std::string_view{} : cache_control.substr(comma + 1);
    const std::size_t eq = directive.find('=');
    const std::string_view name = trim(directive.substr(0, eq));
    const std::string_view value =
        eq == std::string_view::npos ? std::string_view{} : trim(directive.substr(eq + 1));
    if (equal_ignoring_case(name, "no-cache") || equal_ignoring_case(name, "no-store")) {
      no_cache = true;
    } else if (equal_ignoring_case(name, "max-age")) {
      max_age = delta_seconds(value);
    } else if (equal_ignoring_case(name, "s-maxage")) {
      s_maxage = delta_seconds(value);
    }
  }
  if (no_cache) return 0;
  return s_maxage >= 0 ? s_maxage : max_age;
}

void refresh_schedule::fetched(std::int64_t now, std::string_view cache_control) noexcept {
  const std::int64_t given = lifetime(cache_control);
  const std::int64_t interval =
      std::clamp(given >= 0 ? given : policy_.default_interval, policy_.min_interval,
                 std::max(policy_.min_interval, policy_.max_interval));
  last_attempt_.store(now, std::memory_order_relaxed);
  next_.store(after(now, interval), std::memory_order_release);
}

void refresh_schedule::failed(std::int64_t now) noexcept {
  last_attempt_.store(now, std::memory_order_relaxed);
  next_.store(after(now, policy_.retry_interval), std::memory_order_release);
}

bool refresh_schedule::unknown_kid(std::int64_t now) noexcept {
  std::int64_t last = last_attempt_.load(std::memory_order_relaxed);
  for (;;) {
    if (now < after(last, policy_.unknown_kid_interval)) return false;
    // One caller wins the window; the fetch it triggers counts as an attempt.
    if (last_attempt_.compare_exchange_weak(last, now, std::memory_order_acq_rel)) break;
  }
  std::int64_t next = next_.load(std::memory_order_relaxed);
  while (next > now && !next_.compare_exchange_weak(next, now, std::memory_order_acq_rel)) {
  }
  return true;
}

}  // namespace jwkview
