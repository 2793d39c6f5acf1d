// Finding the next byte that matters, 16 bytes at a time: the end of a JSON
// string's plain run, or the next string or bracket of a nested value.
#pragma once

#include <cstddef>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace jwkview::detail {

/// The first byte in [p, end) that is '"', '\\' or a control character
/// (U+0000..U+001F), or end. Reads nothing past end.
inline const char* find_string_stop(const char* p, const char* end) noexcept {
  const auto stops = [](unsigned char c) { return c == '"' || c == '\\' || c < 0x20; };
#if defined(__SSE2__)
  // SSE2 is part of x86-64 itself, so this needs no runtime dispatch.
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i control_max = _mm_set1_epi8(0x1F);
  while (end - p >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    // min(v, 0x1F) == v exactly for the bytes 0x00..0x1F (unsigned).
    const __m128i hits =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                     _mm_cmpeq_epi8(_mm_min_epu8(v, control_max), v));
    const int mask = _mm_movemask_epi8(hits);
    if (mask != 0) return p + __builtin_ctz(static_cast<unsigned>(mask));
    p += 16;
  }
#endif
  while (p < end && !stops(static_cast<unsigned char>(*p))) ++p;
  return p;
}

/// The first byte in [p, end) that is '"', a bracket ('{', '}', '[', ']')
/// or, with `line_feeds`, a line feed; or end. Reads nothing past end.
inline const char* find_bracket_or_string(const char* p, const char* end,
                                          bool line_feeds) noexcept {
  const auto stops = [line_feeds](char c) {
    return c == '"' || c == '{' || c == '}' || c == '[' || c == ']' || (line_feeds && c == '\n');
  };
#if defined(__SSE2__)
  // '[' and ']' are '{' and '}' without the 0x20 bit.
  const __m128i open = _mm_set1_epi8('{');
  const __m128i close = _mm_set1_epi8('}');
  const __m128i bit = _mm_set1_epi8(0x20);
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i newline = _mm_set1_epi8(line_feeds ? '\n' : '"');
  while (end - p >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i folded = _mm_or_si128(v, bit);
    const __m128i hits =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(folded, open), _mm_cmpeq_epi8(folded, close)),
                     _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, newline)));
    const int mask = _mm_movemask_epi8(hits);
    if (mask != 0) return p + __builtin_ctz(static_cast<unsigned>(mask));
    p += 16;
  }
#endif
  while (p < end && !stops(*p)) ++p;
  return p;
}

}  // namespace jwkview::detail
