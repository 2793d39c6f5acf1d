// The splitter: the structural index of a stream's bytes, found by stage 1
// (json/structural_index.hpp) one window at a time as chunks arrive, and
// handed to the policy (stream.cpp) in runs whose entries are settled.
//
// Stage 1 starts every window outside a string, so a window may only start
// where the index says the text is outside one: at an entry. A window that
// reaches the end of the bytes at hand is cut where its last token begins,
// unless that token is whole (a structural character, a closed string, a
// scalar followed by its end): the next window starts at that entry again,
// reading the token with the bytes that follow. Windows that end inside a
// string are cut before its opening quote; which quote that is, the bytes
// around the last one suggest and stage 1 confirms.
//
// Bytes of a window that stage 1 refuses (invalid UTF-8, a control
// character in a string) are indexed in a copy where such bytes are
// replaced by others that the kernel classes alike (outside a string, it
// counts some control characters as structural), which gives the same
// entries as a window where such a byte lies outside a string; the
// run says so, and the pieces it holds are indexed again when parsed, so
// that the walk and the syntax locator name the problem.
//
// Bytes that no window has settled when a chunk ends (one token, usually)
// are kept, and the next window indexes them with the next chunk's first
// bytes, in a copy; after that, windows read the chunk where it lies.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "json/structural_index.hpp"

namespace jwkview::detail {

/// Bytes of the stream with the settled entries of their index: the token
/// at each entry (a structural character, a string through its closing
/// quote, a scalar through its last byte) ends before base + end.
struct indexed_run {
  const char* base = nullptr;
  std::size_t position = 0;  ///< stream position of base[0]
  std::size_t end = 0;       ///< the next run starts at base + end
  /// base + entries[i] is entry i; entries[count] is `end`.
  const std::uint32_t* entries = nullptr;
  std::uint32_t count = 0;
  std::size_t size = 0;     ///< base[end..size) may be read too
  bool verified = true;     ///< stage 1 accepted every byte
  bool line_start = false;  ///< base[0] starts a line
  /// base[end] starts a token the run does not settle (it may go on).
  bool pending = false;
  /// The input (or the line) ends in the string the last entry opens.
  bool open_string = false;

  [[nodiscard]] const char* at(std::uint32_t i) const noexcept { return base + entries[i]; }
  /// Whether p (a byte of the run) starts a line.
  [[nodiscard]] bool starts_line(const char* p) const noexcept {
    return p == base ? line_start : p[-1] == '\n';
  }
};

class splitter {
 public:
  /// The bytes that follow the kept ones in the stream; `line_start` says
  /// whether the byte before them (if nothing is kept) is a line feed.
  void begin(std::string_view block, std::size_t position, bool line_start) noexcept;
  /// The next run, from stream position `from` (a position an earlier run
  /// ended at, or any position where the text is outside a string, such as
  /// a line start the policy skipped to) up to `limit` (within the bytes at
  /// hand). `last`: nothing follows limit (the input or its line ends).
  /// The run settles nothing when its first token needs more bytes (it is
  /// still read: its first byte may decide something). False when out of
  /// memory.
  [[nodiscard]] bool next(std::size_t from, std::size_t limit, bool last,
                          indexed_run& out) noexcept;
  /// Keeps the bytes from `from` to the end of the block for the next one.
  [[nodiscard]] bool keep(std::size_t from) noexcept;
  /// Forgets the kept bytes (a new input).
  void clear() noexcept;
  [[nodiscard]] bool out_of_memory() const noexcept { return out_of_memory_; }
  /// A position where stage 1 must start again (after the policy skipped
  /// bytes): windows grow from small again, so that an input full of
  /// broken lines is not indexed many times over.
  void restart(std::size_t position) noexcept { restart_ = position; }
  /// Whether kept bytes hold more than whitespace.
  [[nodiscard]] bool keeps_text() const noexcept;
  /// The bytes at hand from stream position `position` (kept, or in the
  /// block) that lie together; more may follow.
  [[nodiscard]] std::string_view bytes_from(std::size_t position) const noexcept;
  /// Whether the byte at `position` starts a line.
  [[nodiscard]] bool line_start_at(std::size_t position) const noexcept;
  /// The first line feed at or after `from` among the bytes at hand, or the
  /// largest size_t.
  [[nodiscard]] std::size_t find_newline(std::size_t from) noexcept;
  [[nodiscard]] std::size_t block_position() const noexcept { return block_at_; }
  [[nodiscard]] std::string_view block() const noexcept { return {block_, block_size_}; }
  [[nodiscard]] std::size_t kept() const noexcept { return carry_.size; }
  [[nodiscard]] std::size_t capacity() const noexcept;

 private:
  struct buffer {
    std::unique_ptr<char[]> data;
    std::size_t size = 0;
    std::size_t capacity = 0;
    [[nodiscard]] bool reserve(std::size_t n) noexcept;
  };

  bool window(const char* base, std::size_t size, bool last, indexed_run& out) noexcept;
  void note_tokens(const std::uint32_t* entries, std::uint32_t n, std::size_t size) noexcept;
  bool room_for_tokens() noexcept;
  structural_index::status index(const char* base, std::size_t size, bool& verified) noexcept;
  bool learn_control_classes() noexcept;

  structural_index stage1_;
  buffer carry_;      // kept bytes: stream positions [carry_at_, block_at_)
  buffer head_;       // kept bytes and the block's first bytes, read together
  buffer sanitized_;  // a refused window, with same-class bytes
  // Stand-ins for control characters in sanitized_ (see learn_control_classes).
  std::array<char, 32> control_stand_in_{};
  std::size_t carry_at_ = 0;
  const char* block_ = nullptr;
  std::size_t block_size_ = 0;
  std::size_t block_at_ = 0;
  std::size_t restart_ = static_cast<std::size_t>(-1);  // none since the last clear()
  std::size_t longest_ = 0;                             // the longest token seen
  std::size_t retry_ = 0;  // long kept bytes are read again once the bytes at hand reach this
  std::size_t newline_from_ = 0;  // no line feed in [newline_from_, newline_clear_)
  std::size_t newline_clear_ = 0;
  bool line_start_ = true;  // the byte before carry (or block) is a line feed
  bool out_of_memory_ = false;
};

}  // namespace jwkview::detail
