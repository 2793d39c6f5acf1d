#include "stream/line_starts.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define JWKVIEW_HAVE_SIMD_DISPATCH 1
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace jwkview::detail {
namespace {

// Pretty-printed JSON has a line feed every few dozen bytes, too often for
// memchr to jump between them: the dense kernels test 64 bytes at a time for
// a line feed followed by a bracket ('[' is '{' without the 0x20 bit), and
// return the first block of 64 that has one, or where fewer than 64 are left.
// Each block is loaded once, as two masks (line feeds, brackets): a line
// start is a bracket whose byte before is a line feed, the mask of line
// feeds shifted by one, the last one of the block carried into the next.

// The line starts of a block from its masks; `carry` takes its last line feed.
inline std::uint64_t line_starts(std::uint64_t line_feeds, std::uint64_t brackets,
                                 std::uint64_t& carry) noexcept {
  const std::uint64_t starts = ((line_feeds << 1) | carry) & brackets;
  carry = line_feeds >> 63;
  return starts;
}

#if defined(JWKVIEW_HAVE_SIMD_DISPATCH)
// AVX2 and AVX-512 are not part of x86-64's baseline, so these kernels are
// compiled for them alone and chosen at run time, whatever -march the build
// uses; a stream searches every byte of a pretty-printed chunk this way.
__attribute__((target("avx512f,avx512bw"))) const char* dense_avx512(const char* p,
                                                                     const char* end) noexcept {
  const __m512i line_feed = _mm512_set1_epi8('\n');
  const __m512i brace = _mm512_set1_epi8('{');
  const __m512i bit = _mm512_set1_epi8(0x20);
  std::uint64_t carry = p[-1] == '\n' ? 1 : 0;
  for (; end - p >= 64; p += 64) {
    const __m512i block = _mm512_loadu_si512(p);
    if (line_starts(_mm512_cmpeq_epi8_mask(block, line_feed),
                    _mm512_cmpeq_epi8_mask(_mm512_or_si512(block, bit), brace), carry) != 0)
      break;
  }
  return p;
}

// The masks of 32 bytes at `at`, in the low bits.
__attribute__((target("avx2"))) inline void masks_avx2(const char* at, std::uint64_t& line_feeds,
                                                       std::uint64_t& brackets) noexcept {
  const __m256i block = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(at));
  line_feeds = static_cast<std::uint32_t>(
      _mm256_movemask_epi8(_mm256_cmpeq_epi8(block, _mm256_set1_epi8('\n'))));
  brackets = static_cast<std::uint32_t>(_mm256_movemask_epi8(
      _mm256_cmpeq_epi8(_mm256_or_si256(block, _mm256_set1_epi8(0x20)), _mm256_set1_epi8('{'))));
}

__attribute__((target("avx2"))) const char* dense_avx2(const char* p, const char* end) noexcept {
  std::uint64_t carry = p[-1] == '\n' ? 1 : 0;
  for (; end - p >= 64; p += 64) {
    std::uint64_t low_feeds, low_brackets, high_feeds, high_brackets;
    masks_avx2(p, low_feeds, low_brackets);
    masks_avx2(p + 32, high_feeds, high_brackets);
    if (line_starts(low_feeds | high_feeds << 32, low_brackets | high_brackets << 32, carry) != 0)
      break;
  }
  return p;
}
#endif

#if defined(__SSE2__)
// SSE2 is part of x86-64 itself, so this needs no runtime dispatch.
const char* dense_sse2(const char* p, const char* end) noexcept {
  const __m128i line_feed = _mm_set1_epi8('\n');
  const __m128i brace = _mm_set1_epi8('{');
  const __m128i bit = _mm_set1_epi8(0x20);
  std::uint64_t carry = p[-1] == '\n' ? 1 : 0;
  for (; end - p >= 64; p += 64) {
    std::uint64_t line_feeds = 0;
    std::uint64_t brackets = 0;
    for (int i = 0; i < 64; i += 16) {
      const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      line_feeds |= static_cast<std::uint64_t>(static_cast<std::uint16_t>(
                        _mm_movemask_epi8(_mm_cmpeq_epi8(block, line_feed))))
                    << i;
      brackets |= static_cast<std::uint64_t>(static_cast<std::uint16_t>(
                      _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_or_si128(block, bit), brace))))
                  << i;
    }
    if (line_starts(line_feeds, brackets, carry) != 0) break;
  }
  return p;
}
#else
const char* dense_sse2(const char* p, const char*) noexcept {
  return p;  // memchr alone
}
#endif

using dense_kernel = const char* (*)(const char*, const char*) noexcept;

line_kernel best_kernel() noexcept {
#if defined(JWKVIEW_HAVE_SIMD_DISPATCH)
  static const line_kernel k = __builtin_cpu_supports("avx512bw") ? line_kernel::avx512
                               : __builtin_cpu_supports("avx2")   ? line_kernel::avx2
                                                                  : line_kernel::sse2;
  return k;
#else
  return line_kernel::sse2;
#endif
}

dense_kernel dense_of(line_kernel k) noexcept {
  switch (k == line_kernel::best ? best_kernel() : k) {
#if defined(JWKVIEW_HAVE_SIMD_DISPATCH)
    case line_kernel::avx512:
      return dense_avx512;
    case line_kernel::avx2:
      return dense_avx2;
#endif
    default:
      return dense_sse2;
  }
}

}  // namespace

bool runs(line_kernel k) noexcept {
#if defined(JWKVIEW_HAVE_SIMD_DISPATCH)
  if (k == line_kernel::avx512) return __builtin_cpu_supports("avx512bw");
  if (k == line_kernel::avx2) return __builtin_cpu_supports("avx2");
  return true;
#else
  return k == line_kernel::best || k == line_kernel::sse2;
#endif
}

const char* find_line_start_bracket(const char* p, const char* end, line_kernel k) noexcept {
  const dense_kernel dense = dense_of(k);
  while (p < end) {
    // Line feeds far apart (compact JSON, one document per line): memchr
    // jumps from one to the next.
    const void* found = std::memchr(p - 1, '\n', static_cast<std::size_t>(end - (p - 1)));
    if (found == nullptr) return end;
    const char* q = static_cast<const char*>(found) + 1;
    if (q >= end) return end;
    if ((*q | 0x20) == '{') return q;
    const bool near = q - p < 256;
    p = q + 1;
    if (near) p = dense(p, end);
  }
  return end;
}

}  // namespace jwkview::detail
