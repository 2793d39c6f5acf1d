// jwkview command: one stream per input format, reused from input to input.
#pragma once

#include <array>
#include <cstddef>
#include <optional>

#include "jwkview/stream.hpp"

namespace jwkview_cli {

/// Building a stream builds its parser's buffers (room for every warning a
/// command keeps, zeroed): more work than reading a small file. A pool keeps
/// one stream per format and resets it for each input, so a warm one
/// allocates nothing. Not shared between threads: one pool per worker.
class stream_pool {
 public:
  explicit stream_pool(const jwkview::stream_options& opts) : opts_(opts) {}

  /// The stream of `format`, reset to read a new input from `base_offset`.
  jwkview::stream& for_input(jwkview::input_format format, std::size_t base_offset,
                             bool at_input_start) {
    std::optional<jwkview::stream>& s = streams_[static_cast<std::size_t>(format)];
    if (!s) {
      jwkview::stream_options o = opts_;
      o.format = format;
      s.emplace(o);
    }
    s->reset(base_offset, at_input_start);
    return *s;
  }

 private:
  jwkview::stream_options opts_;
  std::array<std::optional<jwkview::stream>, 3> streams_;  // by input_format
};

}  // namespace jwkview_cli
