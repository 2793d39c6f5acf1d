// The structural index: where every structural character ({ } [ ] , :) and
// the start of every string and scalar of a run of JSON text lie, found by
// simdjson's stage 1 with the SIMD kernel it picks for this CPU at run time.
// Stage 1 also validates UTF-8 and catches unclosed strings and unescaped
// control characters; everything else is left to the walk (engine.hpp).
//
// This is the only place simdjson is named: Debian's simdjson.pc defines
// SIMDJSON_THREADS_ENABLED, which changes its parsers' layout, so no
// simdjson type may appear in a header that anything else includes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

namespace jwkview::detail {

class structural_index {
 public:
  enum class status : std::uint8_t {
    ok,               ///< offsets()[0..count()) index the run; offsets()[count()] is its size
    unclosed_string,  ///< the run ends inside a string (nothing is indexed)
    invalid,          ///< invalid UTF-8 or a control character in a string (nothing is indexed)
    out_of_memory,
  };

  structural_index() noexcept;
  ~structural_index();
  structural_index(const structural_index&) = delete;
  structural_index& operator=(const structural_index&) = delete;

  /// Makes room for runs of `size` bytes.
  [[nodiscard]] bool reserve(std::size_t size) noexcept;
  /// Indexes the `size` bytes at `data` (at most the reserved size). Nothing
  /// past them is read: the SIMD kernels copy a partial last block, and the
  /// fallback kernel, which reads the byte after a UTF-8 sequence cut off by
  /// the end, indexes a padded copy.
  [[nodiscard]] status index(const char* data, std::size_t size) noexcept;

  /// Offsets from the run's first byte, ascending; count() + 1 of them,
  /// and room for two more.
  [[nodiscard]] std::uint32_t* offsets() noexcept;
  [[nodiscard]] std::uint32_t count() const noexcept { return count_; }

 private:
  struct kernel;
  std::unique_ptr<kernel> kernel_;
  std::uint32_t count_ = 0;
};

}  // namespace jwkview::detail
