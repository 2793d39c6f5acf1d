// jwkview command: output held back until a document's verdict. A document
// is all or nothing, so the records of its keys wait until it is read whole;
// past a bound they wait in a temporary file, so the command's memory stays
// flat however large the document (a 1 GiB listing converts in a few MiB).
#pragma once

#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>

namespace jwkview_cli {

class output_spool {
 public:
  /// Keeps up to `memory_bytes` in memory; more goes to a tmpfile(). When
  /// no temporary file can be made, the rest stays in memory.
  explicit output_spool(std::size_t memory_bytes = std::size_t{8} << 20);
  ~output_spool();
  output_spool(const output_spool&) = delete;
  output_spool& operator=(const output_spool&) = delete;

  void append(std::string_view text);
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }

  /// Writes everything held to `to`, in order, and empties the spool.
  /// False when reading the temporary file or writing `to` failed.
  bool write_to(std::FILE* to);
  /// Drops everything held.
  void clear();

 private:
  bool spill();

  std::string memory_;
  std::FILE* file_ = nullptr;  // the part of the text before memory_, once spilled
  std::size_t bound_;
  std::size_t size_ = 0;
  bool file_failed_ = false;  // tmpfile() or a write to it failed: memory only
};

}  // namespace jwkview_cli
