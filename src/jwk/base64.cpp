#include "jwk/base64.hpp"
#include "jwkview/base64url.hpp"

#include <array>
#include <cstdint>

#if defined(__SSE2__)
#include <immintrin.h>
#endif

namespace jwkview::detail {
namespace {

constexpr std::uint8_t invalid = 0xFF;

constexpr std::array<std::uint8_t, 256> make_table(char c62, char c63) {
  std::array<std::uint8_t, 256> t{};
  for (auto& v : t) v = invalid;
  for (int i = 0; i < 26; ++i) {
    t[static_cast<unsigned char>('A' + i)] = static_cast<std::uint8_t>(i);
    t[static_cast<unsigned char>('a' + i)] = static_cast<std::uint8_t>(26 + i);
  }
  for (int i = 0; i < 10; ++i)
    t[static_cast<unsigned char>('0' + i)] = static_cast<std::uint8_t>(52 + i);
  t[static_cast<unsigned char>(c62)] = 62;
  t[static_cast<unsigned char>(c63)] = 63;
  return t;
}

constexpr auto url_table = make_table('-', '_');
constexpr auto std_table = make_table('+', '/');

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define JWKVIEW_HAVE_SIMD_DISPATCH 1
// AVX2 and AVX-512 are not part of x86-64's baseline, so these kernels are
// compiled for them alone and chosen at run time (best_kernel), whatever
// -march the build uses.
__attribute__((target("avx2"))) inline __m256i in_range_avx2(__m256i x, char lo,
                                                             char span) noexcept {
  const __m256i shifted = _mm256_sub_epi8(x, _mm256_set1_epi8(lo));
  return _mm256_cmpeq_epi8(_mm256_subs_epu8(shifted, _mm256_set1_epi8(span)),
                           _mm256_setzero_si256());
}

__attribute__((target("avx2"))) inline __m256i in_alphabet_avx2(__m256i x, char c62,
                                                                char c63) noexcept {
  return _mm256_or_si256(
      _mm256_or_si256(in_range_avx2(x, 'A', 25), in_range_avx2(x, 'a', 25)),
      _mm256_or_si256(in_range_avx2(x, '0', 9),
                      _mm256_or_si256(_mm256_cmpeq_epi8(x, _mm256_set1_epi8(c62)),
                                      _mm256_cmpeq_epi8(x, _mm256_set1_epi8(c63)))));
}

// [p, p + n) with n >= 32: whole blocks, then one block that ends at p + n
// (overlapping the last whole one), with no branch per block.
__attribute__((target("avx2"))) bool all_in_alphabet_avx2(const unsigned char* p, std::size_t n,
                                                          char c62, char c63) noexcept {
  __m256i ok = _mm256_set1_epi8(-1);
  for (std::size_t i = 0; i + 32 <= n; i += 32) {
    const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i));
    ok = _mm256_and_si256(ok, in_alphabet_avx2(x, c62, c63));
  }
  const __m256i last = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + n - 32));
  ok = _mm256_and_si256(ok, in_alphabet_avx2(last, c62, c63));
  return _mm256_movemask_epi8(ok) == -1;
}

// With AVX-512 VBMI, one two-register byte permute looks up 64 bytes at once
// in a 128-entry table (0 for the alphabet, 0x80 otherwise); bytes >= 0x80
// carry their own top bit. Everything accumulates in one register, and the
// rest of the text comes through a masked load (masked-off bytes are never
// read, so nothing past the string is touched).
struct vbmi_table {
  alignas(64) std::uint8_t bad[128];
};

constexpr vbmi_table make_vbmi_table(const std::array<std::uint8_t, 256>& table) {
  vbmi_table t{};
  for (std::size_t c = 0; c < 128; ++c) t.bad[c] = table[c] == invalid ? 0x80 : 0;
  return t;
}

constexpr vbmi_table url_vbmi = make_vbmi_table(url_table);
constexpr vbmi_table std_vbmi = make_vbmi_table(std_table);

__attribute__((target("avx512f,avx512bw,avx512vbmi"))) bool all_in_alphabet_vbmi(
    const unsigned char* p, std::size_t n, const vbmi_table& table) noexcept {
  const __m512i lo = _mm512_load_si512(table.bad);
  const __m512i hi = _mm512_load_si512(table.bad + 64);
  __m512i bad = _mm512_setzero_si512();
  std::size_t i = 0;
  for (; i + 64 <= n; i += 64) {
    const __m512i x = _mm512_loadu_si512(p + i);
    // bad | x | table[x & 127]
    bad = _mm512_ternarylogic_epi32(bad, x, _mm512_permutex2var_epi8(lo, x, hi), 0xFE);
  }
  if (i < n) {
    const __mmask64 rest = (__mmask64{1} << (n - i)) - 1;
    const __m512i x = _mm512_maskz_loadu_epi8(rest, p + i);
    bad = _mm512_ternarylogic_epi32(bad, x, _mm512_maskz_permutex2var_epi8(rest, lo, x, hi), 0xFE);
  }
  return _mm512_movepi8_mask(bad) == 0;
}

// Decodes 32 characters known to be in the alphabet whose extras are c62
// and c63 into 24 octets at out, writing 32 (the caller leaves room). A
// character's value is itself plus an offset chosen by its high nibble
// (A-O and P-Z share one, a-o and p-z another, digits a third); c62 sits
// alone in nibble 2, and c63, which shares a nibble with letters ('_') or
// with c62 ('/'), is matched on its own (Mula and Lemire, "Faster Base64
// Encoding and Decoding Using AVX2 Instructions", 2018).
__attribute__((target("avx2"))) void decode_block_avx2(const unsigned char* p, char c62, char c63,
                                                       std::uint8_t* out) noexcept {
  const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  const auto c62_offset = static_cast<char>(62 - c62);
  const __m256i offsets_by_nibble =
      _mm256_setr_epi8(0, 0, c62_offset, 4, -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0,  //
                       0, 0, c62_offset, 4, -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0);
  const __m256i nibble = _mm256_and_si256(_mm256_srli_epi32(x, 4), _mm256_set1_epi8(0x0F));
  __m256i offset = _mm256_shuffle_epi8(offsets_by_nibble, nibble);
  offset = _mm256_blendv_epi8(offset, _mm256_set1_epi8(static_cast<char>(63 - c63)),
                              _mm256_cmpeq_epi8(x, _mm256_set1_epi8(c63)));
  const __m256i values = _mm256_add_epi8(x, offset);
  // Pairs of 6-bit values into 12 bits, pairs of those into 24 bits a lane.
  const __m256i pairs = _mm256_maddubs_epi16(values, _mm256_set1_epi32(0x01400140));
  const __m256i triples = _mm256_madd_epi16(pairs, _mm256_set1_epi32(0x00011000));
  const __m256i packed = _mm256_shuffle_epi8(
      triples, _mm256_setr_epi8(2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1,  //
                                2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1));
  const __m256i joined =
      _mm256_permutevar8x32_epi32(packed, _mm256_setr_epi32(0, 1, 2, 4, 5, 6, 7, 7));
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(out), joined);
}

enum class kernel : std::uint8_t { vbmi, avx2, sse2 };
kernel best_kernel() noexcept {
  static const kernel k = __builtin_cpu_supports("avx512vbmi")
                              ? kernel::vbmi
                              : (__builtin_cpu_supports("avx2") ? kernel::avx2 : kernel::sse2);
  return k;
}
#endif

// True when every byte of [p, p + n) is in the alphabet of `table`, whose
// two extra characters are c62 and c63.
bool in_alphabet(const unsigned char* p, std::size_t n, const std::array<std::uint8_t, 256>& table,
                 char c62, char c63) noexcept {
#if defined(JWKVIEW_HAVE_SIMD_DISPATCH)
  const kernel k = best_kernel();
  if (k == kernel::vbmi)
    return all_in_alphabet_vbmi(p, n, &table == &url_table ? url_vbmi : std_vbmi);
  if (n >= 32 && k == kernel::avx2) return all_in_alphabet_avx2(p, n, c62, c63);
#endif
  std::size_t i = 0;
#if defined(__SSE2__)
  // SSE2 is part of x86-64 itself, so this needs no runtime dispatch.
  // A byte x is in [lo, lo + span] when saturating (x - lo) - span is 0.
  const auto in_range = [](__m128i x, char lo, char span) {
    const __m128i shifted = _mm_sub_epi8(x, _mm_set1_epi8(lo));
    return _mm_cmpeq_epi8(_mm_subs_epu8(shifted, _mm_set1_epi8(span)), _mm_setzero_si128());
  };
  for (; i + 16 <= n; i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const __m128i ok = _mm_or_si128(
        _mm_or_si128(in_range(x, 'A', 25), in_range(x, 'a', 25)),
        _mm_or_si128(in_range(x, '0', 9), _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(c62)),
                                                       _mm_cmpeq_epi8(x, _mm_set1_epi8(c63)))));
    if (_mm_movemask_epi8(ok) != 0xFFFF) return false;
  }
#else
  (void)c62;
  (void)c63;
#endif
  std::uint8_t any = 0;
  for (; i < n; ++i) any |= table[p[i]];
  return (any & 0xC0) == 0;  // only `invalid` has the top bits set
}

// Checks the alphabet of [0, n) and that the bits of the last character not
// carried into an octet are zero.
std::size_t decoded_size(std::string_view text, std::size_t n,
                         const std::array<std::uint8_t, 256>& table, char c62, char c63) noexcept {
  if (!in_alphabet(reinterpret_cast<const unsigned char*>(text.data()), n, table, c62, c63))
    return not_base64;
  const std::size_t tail = n % 4;
  if (tail == 1) return not_base64;
  if (tail != 0) {
    const std::uint8_t last = table[static_cast<unsigned char>(text[n - 1])];
    const std::uint8_t stray = tail == 2 ? 0x0F : 0x03;
    if ((last & stray) != 0) return not_base64;
  }
  return base64url_max_decoded_size(n);  // exact for canonical text
}

// Decodes the first n characters of text, already known to be canonical in
// `table`'s alphabet, into out (n / 4 * 3 plus the tail's octets).
void decode_valid(std::string_view text, std::size_t n, const std::array<std::uint8_t, 256>& table,
                  std::uint8_t* out) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto at = [&](std::size_t i) -> std::uint32_t { return table[p[i]]; };
  std::size_t i = 0;
#if defined(JWKVIEW_HAVE_SIMD_DISPATCH)
  // Each block writes 32 octets for its 24: 12 more characters must follow,
  // whose octets the overrun lands on before the scalar loop writes them.
  if (best_kernel() != kernel::sse2) {
    const char c62 = &table == &url_table ? '-' : '+';
    const char c63 = &table == &url_table ? '_' : '/';
    for (; i + 44 <= n; i += 32, out += 24) decode_block_avx2(p + i, c62, c63, out);
  }
#endif
  // Eight characters give six octets; the 32-bit halves are independent.
  for (; i + 8 <= n; i += 8, out += 6) {
    const std::uint32_t a = at(i) << 18 | at(i + 1) << 12 | at(i + 2) << 6 | at(i + 3);
    const std::uint32_t b = at(i + 4) << 18 | at(i + 5) << 12 | at(i + 6) << 6 | at(i + 7);
    out[0] = static_cast<std::uint8_t>(a >> 16);
    out[1] = static_cast<std::uint8_t>(a >> 8);
    out[2] = static_cast<std::uint8_t>(a);
    out[3] = static_cast<std::uint8_t>(b >> 16);
    out[4] = static_cast<std::uint8_t>(b >> 8);
    out[5] = static_cast<std::uint8_t>(b);
  }
  for (; i + 4 <= n; i += 4, out += 3) {
    const std::uint32_t a = at(i) << 18 | at(i + 1) << 12 | at(i + 2) << 6 | at(i + 3);
    out[0] = static_cast<std::uint8_t>(a >> 16);
    out[1] = static_cast<std::uint8_t>(a >> 8);
    out[2] = static_cast<std::uint8_t>(a);
  }
  const std::size_t tail = n - i;
  if (tail >= 2) {
    const std::uint32_t a = at(i) << 18 | at(i + 1) << 12 | (tail == 3 ? at(i + 2) << 6 : 0);
    out[0] = static_cast<std::uint8_t>(a >> 16);
    if (tail == 3) out[1] = static_cast<std::uint8_t>(a >> 8);
  }
}

// Characters before the padding of text whose padded size is `size` octets.
std::size_t unpadded_chars(std::size_t size) noexcept {
  return size / 3 * 4 + (size % 3 == 0 ? 0 : size % 3 + 1);
}

}  // namespace

std::size_t base64url_decoded_size(std::string_view text) noexcept {
  return decoded_size(text, text.size(), url_table, '-', '_');
}

std::size_t base64_decoded_size(std::string_view text) noexcept {
  if (text.size() % 4 != 0) return not_base64;
  std::size_t n = text.size();
  if (n != 0 && text[n - 1] == '=') --n;
  if (n != 0 && text[n - 1] == '=') --n;
  // Padding stands for exactly the characters a 4-character group lacks.
  if (n % 4 == 1) return not_base64;
  return decoded_size(text, n, std_table, '+', '/');
}

std::size_t base64url_decode(std::string_view text, std::uint8_t* out,
                             std::size_t capacity) noexcept {
  const std::size_t size = base64url_decoded_size(text);
  if (size == not_base64) return not_base64;
  if (size > capacity) return too_small;
  decode_valid(text, text.size(), url_table, out);
  return size;
}

std::size_t base64_decode(std::string_view text, std::uint8_t* out, std::size_t capacity) noexcept {
  const std::size_t size = base64_decoded_size(text);
  if (size == not_base64) return not_base64;
  if (size > capacity) return too_small;
  decode_valid(text, unpadded_chars(size), std_table, out);
  return size;
}

namespace {

// The first fault of the n characters of text before any padding, in the
// alphabet of `table` (the other alphabet's two characters are other_alphabet).
base64_diagnosis diagnose_chars(std::string_view text, std::size_t n,
                                const std::array<std::uint8_t, 256>& table,
                                std::string_view other) noexcept {
  for (std::size_t i = 0; i < n; ++i) {
    const char c = text[i];
    if (table[static_cast<unsigned char>(c)] != invalid) continue;
    if (c == '=') return {base64_fault::padding, i};
    if (other.find(c) != std::string_view::npos) return {base64_fault::other_alphabet, i};
    return {base64_fault::invalid_character, i};
  }
  if (n % 4 == 1) return {base64_fault::lone_character, n - 1};
  if (n % 4 != 0) {
    const std::uint8_t stray = n % 4 == 2 ? 0x0F : 0x03;
    if ((table[static_cast<unsigned char>(text[n - 1])] & stray) != 0)
      return {base64_fault::stray_bits, n - 1};
  }
  return {};
}

}  // namespace

base64_diagnosis diagnose_base64url(std::string_view text) noexcept {
  return diagnose_chars(text, text.size(), url_table, "+/");
}

base64_diagnosis diagnose_base64(std::string_view text) noexcept {
  std::size_t n = text.size();
  if (n != 0 && text[n - 1] == '=') --n;
  if (n != 0 && text[n - 1] == '=') --n;
  const base64_diagnosis d = diagnose_chars(text, n, std_table, "-_");
  if (d.fault != base64_fault::none) return d;
  // Padding stands for exactly the characters a 4-character group lacks.
  if (text.size() % 4 != 0 || n % 4 == 1) return {base64_fault::padding, n};
  return {};
}

std::size_t tolerant_base64url(std::string_view text, char* out) noexcept {
  std::size_t n = text.size();
  while (n != 0 && text.size() - n < 2 && text[n - 1] == '=') --n;
  // Padding, when present, completes the last group exactly.
  if (n != text.size() && (text.size() % 4 != 0 || n % 4 < 2)) return not_base64;
  bool url = false;
  bool standard = false;
  for (std::size_t i = 0; i < n; ++i) {
    char c = text[i];
    if (c == '+' || c == '/') {
      standard = true;
      c = c == '+' ? '-' : '_';
    } else if (c == '-' || c == '_') {
      url = true;
    } else if (url_table[static_cast<unsigned char>(c)] == invalid) {
      return not_base64;
    }
    out[i] = c;
  }
  // Text that mixes the alphabets was written by no encoder: refuse it.
  if (url && standard) return not_base64;
  return base64url_decoded_size({out, n}) == not_base64 ? not_base64 : n;
}

std::size_t base64url_encode(const std::uint8_t* in, std::size_t size, char* out) noexcept {
  static constexpr char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  char* const start = out;
  std::size_t i = 0;
  for (; i + 3 <= size; i += 3) {
    const std::uint32_t v =
        std::uint32_t{in[i]} << 16 | std::uint32_t{in[i + 1]} << 8 | std::uint32_t{in[i + 2]};
    *out++ = alphabet[v >> 18];
    *out++ = alphabet[(v >> 12) & 63];
    *out++ = alphabet[(v >> 6) & 63];
    *out++ = alphabet[v & 63];
  }
  if (i < size) {
    const bool two = i + 1 < size;
    const std::uint32_t v = std::uint32_t{in[i]} << 16 | (two ? std::uint32_t{in[i + 1]} << 8 : 0);
    *out++ = alphabet[v >> 18];
    *out++ = alphabet[(v >> 12) & 63];
    if (two) *out++ = alphabet[(v >> 6) & 63];
  }
  return static_cast<std::size_t>(out - start);
}

std::size_t base64url_integer_bits(std::string_view text) noexcept {
  const std::size_t octets = base64url_decoded_size(text);
  if (octets == not_base64) return 0;
  // Each character carries 6 bits, most significant first.
  std::size_t leading_zeros = 0;
  for (char c : text) {
    const unsigned v = url_table[static_cast<unsigned char>(c)];
    if (v == 0) {
      leading_zeros += 6;
      continue;
    }
    for (unsigned bit = 0x20; (v & bit) == 0; bit >>= 1) ++leading_zeros;
    break;
  }
  const std::size_t total = octets * 8;
  return leading_zeros >= total ? 0 : total - leading_zeros;
}

}  // namespace jwkview::detail
