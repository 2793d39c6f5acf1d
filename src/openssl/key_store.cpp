// key_store: readers copy the current set's shared_ptr inside a grace
// period that the writer waits out before freeing the holder it replaced.
#include "jwkview/key_store.hpp"

#include <new>
#include <thread>

namespace jwkview {

key_store::key_store() noexcept : current_(nullptr) {}

key_store::key_store(std::shared_ptr<const key_set> initial) noexcept : current_(nullptr) {
  publish(std::move(initial));
}

key_store::~key_store() {
  delete current_.load(std::memory_order_acquire);
}

std::shared_ptr<const key_set> key_store::snapshot() const noexcept {
  unsigned e = epoch_.load(std::memory_order_acquire);
  for (;;) {
    readers_[e & 1].fetch_add(1, std::memory_order_seq_cst);
    // Registered in the epoch the writer will wait for, or try the new one.
    const unsigned now = epoch_.load(std::memory_order_seq_cst);
    if (now == e) break;
    readers_[e & 1].fetch_sub(1, std::memory_order_release);
    e = now;
  }
  const holder* h = current_.load(std::memory_order_seq_cst);
  std::shared_ptr<const key_set> copy = h != nullptr ? h->set : nullptr;
  readers_[e & 1].fetch_sub(1, std::memory_order_release);
  return copy;
}

void key_store::publish(std::shared_ptr<const key_set> next) noexcept {
  const bool empty = next == nullptr;
  holder* fresh = empty ? nullptr : new (std::nothrow) holder{std::move(next)};
  if (!empty && fresh == nullptr) return;  // out of memory: the old set stays
  const std::lock_guard<std::mutex> lock(writers_);
  holder* old = current_.exchange(fresh, std::memory_order_seq_cst);
  // Readers registered before the flip may still be copying old->set.
  const unsigned previous = epoch_.fetch_add(1, std::memory_order_seq_cst);
  while (readers_[previous & 1].load(std::memory_order_acquire) != 0) std::this_thread::yield();
  delete old;
}

}  // namespace jwkview
