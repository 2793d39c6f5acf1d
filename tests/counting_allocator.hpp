// Counts heap allocations, for tests/alloc_test.cpp and the benchmark suite.
//
// counting_allocator.cpp replaces every heap entry point (all operator
// new/new[] forms, malloc, calloc, realloc, posix_memalign, aligned_alloc,
// memalign, valloc, pvalloc) and forwards to glibc's __libc_* functions,
// counting calls while a window is open. Link it into an executable only
// without sanitizers: they replace the same functions.
#pragma once

#include <atomic>
#include <cstddef>

namespace jwkview_testing {

extern std::atomic<bool> g_counting;
extern std::atomic<std::size_t> g_allocations;

/// Counts allocations between construction and stop().
class counting_window {
 public:
  counting_window() noexcept {
    start_ = g_allocations.load();
    g_counting.store(true);
  }
  ~counting_window() { g_counting.store(false); }
  counting_window(const counting_window&) = delete;
  counting_window& operator=(const counting_window&) = delete;
  std::size_t stop() noexcept {
    g_counting.store(false);
    return g_allocations.load() - start_;
  }

 private:
  std::size_t start_ = 0;
};

}  // namespace jwkview_testing
