// jwkview: the current key set of a gateway, swapped while threads verify.
//
//   jwkview::key_store store;
//   // the refresh thread, after each fetch (refresh_schedule.hpp says when):
//   if (auto set = jwkview::key_set::build(bytes)) store.publish(*set);
//   // any worker thread, per request:
//   std::shared_ptr<const jwkview::key_set> keys = store.snapshot();
//   if (keys) auto v = jwkview::validate_jwt(token, *keys, rules, now);
//
// Readers never wait for a writer and never see half a set: a snapshot is a
// shared_ptr to an immutable key_set, taken and replaced atomically
// (std::atomic<std::shared_ptr>, C++20). A replaced set is freed when the
// last reader holding it lets go. snapshot() copies a shared_ptr (two atomic
// reference-count updates), never allocates and never throws.
#pragma once

#include <atomic>
#include <memory>

#include "jwkview/key_set.hpp"

namespace jwkview {

class key_store {
 public:
  key_store() noexcept = default;
  explicit key_store(std::shared_ptr<const key_set> initial) noexcept
      : current_(std::move(initial)) {}
  key_store(const key_store&) = delete;
  key_store& operator=(const key_store&) = delete;

  /// The current set; empty until the first publish.
  [[nodiscard]] std::shared_ptr<const key_set> snapshot() const noexcept {
    return current_.load(std::memory_order_acquire);
  }

  /// Makes `next` the current set for every later snapshot().
  void publish(std::shared_ptr<const key_set> next) noexcept {
    current_.store(std::move(next), std::memory_order_release);
  }

 private:
  std::atomic<std::shared_ptr<const key_set>> current_;
};

}  // namespace jwkview
