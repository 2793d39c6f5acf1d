// Feeding a jwkview::stream in chunks and counting what it delivers, for the
// benchmarks that time the stream.
#pragma once

#include <benchmark/benchmark.h>

#include <cstddef>
#include <string_view>

#include "jwkview/stream.hpp"

namespace jwkview_bench {

struct stream_tally {
  std::size_t keys = 0;
  std::size_t errors = 0;
  void on_key(const jwkview::key& k, const jwkview::stream_place&) {
    benchmark::DoNotOptimize(k.kid.value.data());
    ++keys;
  }
  void on_error(const jwkview::error&, const jwkview::stream_place&) { ++errors; }
};

/// Resets the stream, feeds it `bytes` in pieces of `chunk` bytes and ends
/// it with the last piece, as jwkview reads a file of known size.
inline stream_tally stream_in_chunks(jwkview::stream& stream, std::string_view bytes,
                                     std::size_t chunk) {
  stream_tally t;
  stream.reset();
  std::size_t at = 0;
  for (; bytes.size() - at > chunk; at += chunk) {
    (void)stream.feed(bytes.substr(at, chunk), t);
  }
  (void)stream.finish(bytes.substr(at), t);
  return t;
}

}  // namespace jwkview_bench
