// Where a line starts with '{' or '[': in concatenated input such a line
// ends a document still open (stream.hpp), so a value the walk reads where
// it lies must end before the next one (stream.cpp, index_from).
#pragma once

#include <cstddef>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace jwkview::detail {

/// The first byte of [p, end) that is '{' or '[' right after a line feed,
/// or end; p[-1] is read.
inline const char* find_line_start_bracket(const char* p, const char* end) noexcept {
  while (p < end) {
    // Line feeds far apart (compact JSON, one document per line): memchr
    // jumps from one to the next.
    const void* found = std::memchr(p - 1, '\n', static_cast<std::size_t>(end - (p - 1)));
    if (found == nullptr) return end;
    const char* q = static_cast<const char*>(found) + 1;
    if (q >= end) return end;
    if ((*q | 0x20) == '{') return q;  // '[' is '{' without the 0x20 bit
    const bool dense = q - p < 256;
    p = q + 1;
#if defined(__SSE2__)
    // Pretty-printed JSON, a line feed every few dozen bytes: 64 bytes at a
    // time, a line feed followed by a bracket in any 16 of them.
    if (dense) {
      const __m128i line_feed = _mm_set1_epi8('\n');
      const __m128i brace = _mm_set1_epi8('{');
      const __m128i bit = _mm_set1_epi8(0x20);
      for (; end - p >= 64; p += 64) {
        __m128i hits = _mm_setzero_si128();
        for (int i = 0; i < 64; i += 16) {
          const __m128i before = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i - 1));
          const __m128i here = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
          hits = _mm_or_si128(hits, _mm_and_si128(_mm_cmpeq_epi8(before, line_feed),
                                                  _mm_cmpeq_epi8(_mm_or_si128(here, bit), brace)));
        }
        if (_mm_movemask_epi8(hits) != 0) break;
      }
    }
#else
    (void)dense;
#endif
  }
  return end;
}

}  // namespace jwkview::detail
