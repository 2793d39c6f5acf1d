// jwkview command: the progress line.
#include "progress_meter.hpp"

#include <cmath>

namespace jwkview_cli {

progress_meter::progress_meter(bool enabled, std::chrono::milliseconds delay,
                               std::uint64_t total_bytes, std::FILE* stream)
    : enabled_(enabled), delay_(delay), total_(total_bytes), stream_(stream) {}

void progress_meter::update(std::uint64_t bytes, std::size_t keys) {
  if (!enabled_) return;
  const clock::time_point now = clock::now();
  const double seconds = std::chrono::duration<double>(now - start_).count();
  if (now - start_ < delay_ || now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  const double mb = static_cast<double>(bytes) / 1e6;
  const double mb_per_s = mb / seconds;
  const double keys_per_s = static_cast<double>(keys) / seconds;
  if (total_ != 0) {
    const double done = static_cast<double>(bytes) / static_cast<double>(total_);
    const double left = done > 0 ? seconds * (1 - done) / done : 0;
    const long eta = std::lround(left);
    std::fprintf(stream_, "\r%3d%% %.1f/%.1f MB  %.1f MB/s  %.0f keys/s  ETA %ld:%02ld\033[K",
                 static_cast<int>(done * 100), mb, static_cast<double>(total_) / 1e6, mb_per_s,
                 keys_per_s, eta / 60, eta % 60);
  } else {
    std::fprintf(stream_, "\r%.1f MB  %.1f MB/s  %.0f keys/s\033[K", mb, mb_per_s, keys_per_s);
  }
  std::fflush(stream_);
  drawn_ = true;
}

void progress_meter::finish() {
  if (!drawn_) return;
  std::fputs("\r\033[K", stream_);
  std::fflush(stream_);
  drawn_ = false;
}

}  // namespace jwkview_cli
