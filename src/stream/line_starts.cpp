#include "stream/line_starts.hpp"

#include <cstddef>
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
// Each reads p[-1].

#if defined(JWKVIEW_HAVE_SIMD_DISPATCH)
// AVX2 and AVX-512 are not part of x86-64's baseline, so these kernels are
// compiled for them alone and chosen at run time, whatever -march the build
// uses; a stream searches every byte of a pretty-printed chunk this way, so
// the wider kernels matter (a fifth of the stream's own time, SSE2 only).
__attribute__((target("avx512f,avx512bw"))) const char* dense_avx512(const char* p,
                                                                     const char* end) noexcept {
  const __m512i line_feed = _mm512_set1_epi8('\n');
  const __m512i brace = _mm512_set1_epi8('{');
  const __m512i bit = _mm512_set1_epi8(0x20);
  for (; end - p >= 64; p += 64) {
    const __m512i before = _mm512_loadu_si512(p - 1);
    const __m512i here = _mm512_or_si512(_mm512_loadu_si512(p), bit);
    if (_mm512_mask_cmpeq_epi8_mask(_mm512_cmpeq_epi8_mask(before, line_feed), here, brace) != 0)
      break;
  }
  return p;
}

// The 32 bytes at `at` that follow a line feed and are a bracket.
__attribute__((target("avx2"))) inline __m256i line_start_brackets_avx2(const char* at) noexcept {
  const __m256i before = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(at - 1));
  const __m256i here = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(at));
  return _mm256_and_si256(
      _mm256_cmpeq_epi8(before, _mm256_set1_epi8('\n')),
      _mm256_cmpeq_epi8(_mm256_or_si256(here, _mm256_set1_epi8(0x20)), _mm256_set1_epi8('{')));
}

__attribute__((target("avx2"))) const char* dense_avx2(const char* p, const char* end) noexcept {
  for (; end - p >= 64; p += 64) {
    const __m256i hits =
        _mm256_or_si256(line_start_brackets_avx2(p), line_start_brackets_avx2(p + 32));
    if (_mm256_movemask_epi8(hits) != 0) break;
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
