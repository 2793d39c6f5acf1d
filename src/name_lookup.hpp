// Finding a name in a constexpr table of names: a switch over the lengths
// the table holds, then, for the names of that length only, loads of up
// to 8 bytes compared with constants made from the name. This is the code a
// hand-written lookup would be, generated from the table, with no call and
// no loop over names of other lengths (the key schema's member lookup and
// the enums' parse functions).
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <type_traits>
#include <utility>

namespace jwkview::detail {

// An unsigned integer of N bytes (1, 2, 4 or 8).
template <std::size_t N>
using uint_of = std::conditional_t<
    N == 1, std::uint8_t,
    std::conditional_t<N == 2, std::uint16_t,
                       std::conditional_t<N == 4, std::uint32_t, std::uint64_t>>>;

// Bytes [At, At + N) of name I as the integer a load of them gives: a
// constant, so each compare below is one load and one immediate compare.
template <const auto& Names, std::size_t I, std::size_t At, std::size_t N>
inline constexpr uint_of<N> chunk_of = [] {
  uint_of<N> v = 0;
  for (std::size_t k = 0; k < N; ++k) {
    const auto byte = static_cast<uint_of<N>>(static_cast<unsigned char>(Names[I][At + k]));
    const std::size_t shift = std::endian::native == std::endian::little ? k : N - 1 - k;
    v = static_cast<uint_of<N>>(v | byte << (8 * shift));
  }
  return v;
}();

// Whether the L bytes at p are name I, compared 8, 4, 2 and 1 bytes at a
// time. std::memcmp is not always inlined for such sizes: the JWT reader's
// lookup called it for its 3-byte names, and the call cost more than the
// compares.
template <const auto& Names, std::size_t I, std::size_t At, std::size_t L>
[[gnu::always_inline]] inline bool same_bytes(const char* p) noexcept {
  if constexpr (At >= L) {
    return true;
  } else {
    constexpr std::size_t left = L - At;
    constexpr std::size_t n = left >= 8 ? 8 : left >= 4 ? 4 : left >= 2 ? 2 : 1;
    uint_of<n> v;
    std::memcpy(&v, p + At, n);
    return v == chunk_of<Names, I, At, n> && same_bytes<Names, I, At + n, L>(p);
  }
}

template <const auto& Names, std::size_t L, std::size_t I>
[[gnu::always_inline]] inline bool is_name(const char* p, int& index) noexcept {
  constexpr std::string_view name = Names[I];
  if constexpr (name.size() != L || L == 0) {
    return false;
  } else {
    if (!same_bytes<Names, I, 0, L>(p)) return false;
    index = static_cast<int>(I);
    return true;
  }
}

template <const auto& Names, std::size_t L, std::size_t... I>
[[gnu::always_inline]] inline int index_of_length(const char* p,
                                                  std::index_sequence<I...>) noexcept {
  int index = -1;
  static_cast<void>((is_name<Names, L, I>(p, index) || ...));
  return index;
}

template <const auto& Names, std::size_t... L>
[[gnu::always_inline]] inline int index_by_length(std::string_view n,
                                                  std::index_sequence<L...>) noexcept {
  int index = -1;
  static_cast<void>(((n.size() == L && (index = index_of_length<Names, L>(
                                            n.data(), std::make_index_sequence<Names.size()>{}),
                                        true)) ||
                     ...));
  return index;
}

template <const auto& Names>
inline constexpr std::size_t longest_name = [] {
  std::size_t m = 0;
  for (const std::string_view n : Names) m = n.size() > m ? n.size() : m;
  return m;
}();

/// The index of `n` in Names (a constexpr std::array of std::string_view),
/// or -1. An empty entry never matches.
template <const auto& Names>
[[gnu::always_inline]] inline int index_of_name(std::string_view n) noexcept {
  return index_by_length<Names>(n, std::make_index_sequence<longest_name<Names> + 1>{});
}

}  // namespace jwkview::detail
