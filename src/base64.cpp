#include "base64.hpp"

#include <array>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
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

// True when every byte of [p, p + n) is in the alphabet of `table`, whose
// two extra characters are c62 and c63.
bool in_alphabet(const unsigned char* p, std::size_t n, const std::array<std::uint8_t, 256>& table,
                 char c62, char c63) noexcept {
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
  return n / 4 * 3 + (tail == 0 ? 0 : tail - 1);
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
