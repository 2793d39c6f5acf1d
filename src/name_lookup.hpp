// Finding a name in a constexpr table of names: a switch over the lengths
// the table holds, then, for the names of that length only, a compare of
// exactly that many bytes, which the compiler inlines. This is the code a
// hand-written lookup would be, generated from the table, with no call and
// no loop over names of other lengths (the key schema's member lookup and
// the enums' parse functions).
#pragma once

#include <array>
#include <cstddef>
#include <cstring>
#include <string_view>
#include <utility>

namespace jwkview::detail {

template <const auto& Names, std::size_t L, std::size_t I>
[[gnu::always_inline]] inline bool is_name(const char* p, int& index) noexcept {
  constexpr std::string_view name = Names[I];
  if constexpr (name.size() != L || L == 0) {
    return false;
  } else {
    if (std::memcmp(p, name.data(), L) != 0) return false;
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
