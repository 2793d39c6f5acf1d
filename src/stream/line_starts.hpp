// Where a line starts with '{' or '[': in concatenated input such a line
// ends a document still open (stream.hpp), so a value the walk reads where
// it lies must end before the next one (stream.cpp, index_from).
#pragma once

#include <cstdint>

namespace jwkview::detail {

/// The search's SIMD kernels: `best` is the widest this CPU runs; the others
/// are named so that tests/line_starts_test.cpp can check each one.
enum class line_kernel : std::uint8_t { best, sse2, avx2, avx512 };

/// Whether this CPU runs kernel k.
bool runs(line_kernel k) noexcept;

/// The first byte of [p, end) that is '{' or '[' right after a line feed,
/// or end; p[-1] is read. Kernel k must be one this CPU runs.
const char* find_line_start_bracket(const char* p, const char* end,
                                    line_kernel k = line_kernel::best) noexcept;

}  // namespace jwkview::detail
