// ASCII case-insensitive comparison, for the names HTTP and media types
// compare without case (Cache-Control directives, typ).
#pragma once

#include <algorithm>
#include <string_view>

namespace jwkview::detail {

constexpr char ascii_lower(char c) noexcept {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr bool equal_ignoring_case(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return ascii_lower(x) == ascii_lower(y);
         });
}

}  // namespace jwkview::detail
