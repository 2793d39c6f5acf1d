// jwkview command: the progress line `scan` draws on stderr during long runs.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>

namespace jwkview_cli {

/// Draws " 42% 420.0/1000.0 MB  85.3 MB/s  123456 keys/s  ETA 0:07" over
/// itself on `stream`, once the run has taken `delay`, at most ten times a
/// second. Without a known total it shows the bytes done and no percentage
/// or ETA.
class progress_meter {
 public:
  progress_meter(bool enabled, std::chrono::milliseconds delay, std::uint64_t total_bytes,
                 std::FILE* stream);
  void update(std::uint64_t bytes, std::size_t keys);
  /// Erases the line (if one was drawn).
  void finish();

 private:
  using clock = std::chrono::steady_clock;
  bool enabled_;
  std::chrono::milliseconds delay_;
  std::uint64_t total_;
  std::FILE* stream_;
  clock::time_point start_ = clock::now();
  clock::time_point last_{};
  bool drawn_ = false;
};

}  // namespace jwkview_cli
