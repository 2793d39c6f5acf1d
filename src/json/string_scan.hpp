// Finding the next byte that matters, 16 bytes at a time: the end of a JSON
// string's plain run, or the next string or bracket of a nested value.
#pragma once

#include <cstddef>
#include <cstdint>

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

#if defined(__SSE2__)
/// Where the bytes of a 64-byte block that the stream's scan of nested
/// values cares about are: bit i stands for p[i].
struct block_bits {
  std::uint64_t quote;
  std::uint64_t backslash;
  std::uint64_t open;   // '{' or '['
  std::uint64_t close;  // '}' or ']'
  std::uint64_t line_feed;
};

inline block_bits classify_block(const char* p) noexcept {
  block_bits b{};
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i open = _mm_set1_epi8('{');
  const __m128i close = _mm_set1_epi8('}');
  const __m128i bit = _mm_set1_epi8(0x20);  // '[' and ']' are '{' and '}' without it
  const __m128i line_feed = _mm_set1_epi8('\n');
  for (std::ptrdiff_t i = 0; i < 4; ++i) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i));
    const __m128i folded = _mm_or_si128(v, bit);
    const auto mask = [](__m128i hits) {
      return static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(hits)));
    };
    const auto shift = static_cast<int>(16 * i);
    b.quote |= mask(_mm_cmpeq_epi8(v, quote)) << shift;
    b.backslash |= mask(_mm_cmpeq_epi8(v, backslash)) << shift;
    b.open |= mask(_mm_cmpeq_epi8(folded, open)) << shift;
    b.close |= mask(_mm_cmpeq_epi8(folded, close)) << shift;
    b.line_feed |= mask(_mm_cmpeq_epi8(v, line_feed)) << shift;
  }
  return b;
}
#endif

/// Bit i set when an odd number of bits 0..i of x are set: with x the
/// quotes of a block that starts outside a string, the bytes inside strings
/// (opening quote included, closing quote not).
constexpr std::uint64_t prefix_xor(std::uint64_t x) noexcept {
  for (int shift = 1; shift < 64; shift *= 2) x ^= x << shift;
  return x;
}

}  // namespace jwkview::detail
