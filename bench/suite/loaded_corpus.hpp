// A corpus in memory, as every reader gets it, and what a reader must find.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "corpus/corpora.hpp"

namespace jwkview_bench {

/// JSON bytes [data, data + size) with [data, data + capacity) readable and
/// capacity >= size + jwkview::padding, so simdjson-based readers parse in place.
struct input {
  const char* data = nullptr;
  std::size_t size = 0;
  std::size_t capacity = 0;
};

struct loaded_corpus {
  const corpus_spec* spec = nullptr;
  std::string bytes;  ///< the file, then zeroed padding
  std::size_t size = 0;
  std::size_t keys = 0;
  std::size_t documents = 0;         ///< 1, or the lines of NDJSON
  std::size_t largest_document = 0;  ///< bytes
  /// The warm-up reads a prefix of whole lines of NDJSON, the rest whole.
  std::size_t warm_size = 0;
  std::size_t warm_keys = 0;
  /// Of the records jwkview reads from the warm-up's last document.
  std::uint64_t fingerprint = 0;

  [[nodiscard]] input whole() const noexcept { return {bytes.data(), size, bytes.size()}; }
  [[nodiscard]] input warm() const noexcept { return {bytes.data(), warm_size, bytes.size()}; }
};

/// Writes every corpus the run needs that is missing, before any timing.
void prepare_corpora();

/// The corpus, read on first use and kept for the run.
const loaded_corpus& load_corpus(corpus_id id);

/// Calls f(line) for each non-empty line; a line's capacity runs to the end
/// of `in`'s, so it can be parsed in place.
template <typename F>
void for_each_line(const input& in, F&& f) {
  std::size_t at = 0;
  while (at < in.size) {
    const void* newline = std::memchr(in.data + at, '\n', in.size - at);
    const std::size_t end =
        newline != nullptr ? static_cast<std::size_t>(static_cast<const char*>(newline) - in.data)
                           : in.size;
    if (end != at) f(input{in.data + at, end - at, in.capacity - at});
    at = end + 1;
  }
}

}  // namespace jwkview_bench
