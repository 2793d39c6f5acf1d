// jwkview command: an input read in chunks, and where it may be cut into
// ranges that are scanned in parallel.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace jwkview_cli {

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

 private:
  int fd_ = -1;
  bool owned_ = false;
  bool seekable_ = false;
  std::uint64_t size_ = 0;
  int error_ = 0;
};

/// Offsets at which a seekable input may be cut into ranges of whole lines
/// of about `target` bytes: each is just past a line feed found after a
/// target. Always starts with 0 and ends with the input size.
[[nodiscard]] std::vector<std::uint64_t> line_boundaries(const input_source& in,
                                                         std::uint64_t target);

}  // namespace jwkview_cli
