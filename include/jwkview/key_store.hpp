// jwkview: the current key set of a gateway, swapped while threads verify,
// in libjwkview_openssl.
//
//   jwkview::key_store store;
//   // the refresh thread, after each fetch (refresh_schedule.hpp says when):
//   if (auto set = jwkview::key_set::build(bytes)) store.publish(*set);
//   // any worker thread, per request:
//   std::shared_ptr<const jwkview::key_set> keys = store.snapshot();
//   if (keys) auto v = jwkview::validate_jwt(token, *keys, rules, now);
//
// Readers take no lock and never wait for a writer; they never see half a
// set, and a set stays alive while any reader holds its snapshot. publish()
// waits (briefly) for the readers that were copying the old pointer, then
// frees its own reference; the old set itself goes when its last snapshot
// does.
//
// Why not std::atomic<std::shared_ptr>: libstdc++ 12 implements it with a
// spin lock whose reader side unlocks with relaxed ordering, which
// ThreadSanitizer rightly reports as a race with the next store. This store
// uses two reader counters flipped per publish (a grace period, as in RCU):
// a reader registers on the current epoch's counter, copies the
// shared_ptr, and leaves; a writer swaps the pointer, flips the epoch, and
// waits for the previous epoch's counter to drain before deleting the old
// holder.
//
// snapshot() is noexcept, allocation-free and lock-free (three atomic
// read-modify-writes); publish() allocates one small holder and may be
// called from any thread (writers are serialised among themselves).
#pragma once

#include <atomic>
#include <memory>
#include <mutex>

#include "jwkview/export.hpp"
#include "jwkview/key_set.hpp"

namespace jwkview {

class JWKVIEW_OPENSSL_API key_store {
 public:
  key_store() noexcept;
  explicit key_store(std::shared_ptr<const key_set> initial) noexcept;
  ~key_store();
  key_store(const key_store&) = delete;
  key_store& operator=(const key_store&) = delete;

  /// The current set; empty until the first publish.
  [[nodiscard]] std::shared_ptr<const key_set> snapshot() const noexcept;

  /// Makes `next` the current set for every later snapshot().
  void publish(std::shared_ptr<const key_set> next) noexcept;

 private:
  struct holder {
    std::shared_ptr<const key_set> set;
  };
  std::atomic<holder*> current_;
  mutable std::atomic<unsigned> epoch_{0};
  mutable std::atomic<unsigned> readers_[2] = {0, 0};
  std::mutex writers_;
};

}  // namespace jwkview
