// jwkview command: an input read in chunks (or whole), and where it may be
// cut into ranges that are scanned in parallel.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "jwkview/stream.hpp"

namespace jwkview_cli {

/// The size of the reads of an input that is not read in one piece
/// (read_buffer).
inline constexpr std::size_t read_chunk_bytes = std::size_t{1} << 20;

/// A FILE ("-" is standard input) opened for reading in chunks. Regular
/// files are read with pread at any offset; other inputs only in order.
class input_source {
 public:
  explicit input_source(const std::string& name);
  ~input_source();
  input_source(const input_source&) = delete;
  input_source& operator=(const input_source&) = delete;

  /// errno when the input could not be opened (or is a directory), else 0.
  [[nodiscard]] int error() const noexcept { return error_; }
  /// True for a regular file: its size is known and reads may be positioned.
  [[nodiscard]] bool seekable() const noexcept { return seekable_; }
  [[nodiscard]] std::uint64_t size() const noexcept { return size_; }

  /// Reads up to `n` bytes at `offset` (ignored when not seekable: the next
  /// bytes). Returns the count, 0 at the end, or -errno.
  [[nodiscard]] long read_at(char* buffer, std::size_t n, std::uint64_t offset) const noexcept;

  /// How read_chunks ended.
  struct chunks_read {
    std::uint64_t end = 0;  ///< just past the last byte read
    int error = 0;          ///< errno of a read that failed at `end`, else 0
  };

  /// Reads the bytes [begin, end) (to the input's end when it is not
  /// seekable) in chunks of up to buffer.size() bytes and calls
  /// on_chunk(std::string_view bytes, bool last) with each: `last` when the
  /// chunk reaches `end` of a seekable input (a stream may then read what
  /// ends in it where it lies: stream::finish(bytes, handler)).
  template <typename OnChunk>
  chunks_read read_chunks(std::uint64_t begin, std::uint64_t end, std::span<char> buffer,
                          OnChunk&& on_chunk) const {
    if (!seekable_) end = std::numeric_limits<std::uint64_t>::max();
    chunks_read r{begin, 0};
    while (r.end < end) {
      const auto want =
          static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), end - r.end));
      const long got = read_at(buffer.data(), want, r.end);
      if (got < 0) {
        r.error = static_cast<int>(-got);
        break;
      }
      if (got == 0) break;
      r.end += static_cast<std::uint64_t>(got);
      on_chunk(std::string_view(buffer.data(), static_cast<std::size_t>(got)), r.end == end);
    }
    return r;
  }

 private:
  int fd_ = -1;
  bool owned_ = false;
  bool seekable_ = false;
  std::uint64_t size_ = 0;
  int error_ = 0;
};

/// The buffer to read the bytes [begin, end) of `in` with (read_chunks). A
/// single document of at most `hold` bytes in a regular file is read in one
/// piece, so that the stream reads it where it lies (stream::finish with the
/// last bytes) instead of copying it; anything else in chunks of
/// read_chunk_bytes, and `buffer` shrinks back to that. (A JSON Lines record
/// ends at its line feed and is read where it lies in any chunk; small
/// chunks stay in cache.)
[[nodiscard]] std::span<char> read_buffer(std::vector<char>& buffer, const input_source& in,
                                          std::uint64_t begin, std::uint64_t end,
                                          jwkview::input_format format, std::size_t hold);

/// Reads the bytes [begin, end) of `in` into `stream` (with read_buffer's
/// buffer) and calls after_chunk() after each chunk. When `ends_input`, the
/// chunk that reaches `end` goes to stream.finish(bytes, handler), which
/// reads what ends in it where it lies; `finished` says so, and otherwise
/// the caller ends the input (or not: a range that another follows).
struct stream_read {
  input_source::chunks_read read;
  bool finished = false;
};
template <typename Handler, typename AfterChunk>
stream_read read_into(const input_source& in, std::uint64_t begin, std::uint64_t end,
                      bool ends_input, std::vector<char>& buffer, jwkview::stream& stream,
                      jwkview::input_format format, std::size_t hold, Handler& handler,
                      AfterChunk&& after_chunk) {
  stream_read r;
  r.read = in.read_chunks(begin, end, read_buffer(buffer, in, begin, end, format, hold),
                          [&](std::string_view bytes, bool last) {
                            if (last && ends_input) {
                              (void)stream.finish(bytes, handler);
                              r.finished = true;
                            } else {
                              (void)stream.feed(bytes, handler);
                            }
                            after_chunk(bytes);
                          });
  return r;
}

/// Reads `name` ("-" is standard input) whole into `out`: returns 0 or the
/// errno of the failure.
[[nodiscard]] int read_whole(const std::string& name, std::string& out);

/// Offsets at which a seekable input may be cut into ranges of whole lines
/// of about `target` bytes: each is just past a line feed found after a
/// target. Always starts with 0 and ends with the input size.
[[nodiscard]] std::vector<std::uint64_t> line_boundaries(const input_source& in,
                                                         std::uint64_t target);

}  // namespace jwkview_cli
