// A piece of a stream kept across chunks (a held document, a streamed
// element, the rest of a streamed document): its bytes and, when the
// splitter indexed them, the entries of their structural index, so the
// parser reads it without indexing it again.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string_view>

#include "jwk/parser_impl.hpp"
#include "stream/splitter.hpp"

namespace jwkview::detail {

class piece {
 public:
  /// Appends bytes that were not indexed (a line held whole).
  bool append(const char* p, std::size_t n) noexcept {
    if (n == 0) return true;
    if (!grow(bytes_, byte_capacity_, size_ + n)) return false;
    std::memcpy(bytes_.get() + size_, p, n);
    size_ += n;
    indexed_ = false;
    return true;
  }

  /// Appends the bytes [from, to) of run r, with its entries [first, last).
  bool append(const indexed_run& r, const char* from, const char* to, std::uint32_t first,
              std::uint32_t last) noexcept {
    const auto n = static_cast<std::size_t>(to - from);
    const std::size_t old_size = size_;
    if (!grow(bytes_, byte_capacity_, size_ + n) ||
        !grow(entries_, entry_capacity_, count_ + (last - first) + 1))
      return false;
    if (n != 0) std::memcpy(bytes_.get() + size_, from, n);
    size_ += n;
    // Offsets from the run's base become offsets from this piece's start.
    const auto delta =
        static_cast<std::uint32_t>(old_size) - static_cast<std::uint32_t>(from - r.base);
    std::uint32_t* into = entries_.get() + count_;
    const std::uint32_t* source = r.entries + first;
    for (std::uint32_t i = 0; i < last - first; ++i) into[i] = source[i] + delta;
    count_ += last - first;
    verified_ = verified_ && r.verified;
    return true;
  }

  /// Makes room for a piece of `bytes` bytes and `entries` entries: one
  /// read where it lay needs the room whenever a chunk boundary splits it.
  bool reserve(std::size_t bytes, std::size_t entries) noexcept {
    return grow(bytes_, byte_capacity_, bytes) && grow(entries_, entry_capacity_, entries + 1);
  }

  /// The bytes start where the index has no entry: they are indexed again
  /// when parsed.
  void unindexed() noexcept { indexed_ = false; }

  void clear() noexcept {
    size_ = 0;
    count_ = 0;
    verified_ = true;
    indexed_ = true;
  }
  [[nodiscard]] std::string_view view() const noexcept { return {bytes_.get(), size_}; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] std::size_t capacity() const noexcept {
    return byte_capacity_ + entry_capacity_ * sizeof(std::uint32_t);
  }

  /// The index the parser may use: none when bytes came without one, or
  /// stage 1 refused some of them.
  [[nodiscard]] given_index* index() noexcept {
    if (!indexed_ || !verified_) return nullptr;
    if (!grow(entries_, entry_capacity_, count_ + 1)) return nullptr;
    entries_[count_] = static_cast<std::uint32_t>(size_);
    given_ = {bytes_.get(), entries_.get(), count_};
    return &given_;
  }

 private:
  // Grows by half again at least; realloc moves a large block's pages
  // instead of copying them (a held document is megabytes).
  template <typename T>
  static bool grow(std::unique_ptr<T[], void (*)(void*)>& buffer, std::size_t& capacity,
                   std::size_t needed) noexcept {
    if (needed <= capacity) return true;
    const std::size_t target = std::max({needed, capacity + capacity / 2, initial_capacity});
    void* bigger = std::realloc(buffer.get(), target * sizeof(T));
    if (bigger == nullptr) return false;
    (void)buffer.release();
    buffer.reset(static_cast<T*>(bigger));
    capacity = target;
    return true;
  }

  std::unique_ptr<char[], void (*)(void*)> bytes_{nullptr, std::free};
  std::unique_ptr<std::uint32_t[], void (*)(void*)> entries_{nullptr, std::free};
  std::size_t size_ = 0;
  std::size_t byte_capacity_ = 0;
  std::uint32_t count_ = 0;
  std::size_t entry_capacity_ = 0;
  bool verified_ = true;
  bool indexed_ = true;
  given_index given_{};
};

}  // namespace jwkview::detail
