// Error messages that say what was found and what was expected, built into
// a fixed buffer (no allocation) and copied into the error.
#pragma once

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "jwkview/error.hpp"

namespace jwkview::detail {

/// Values quoted in a message are cut to this many bytes, then "...".
inline constexpr std::size_t quoted_value_bytes = 40;

class message {
 public:
  message& operator<<(std::string_view text) noexcept {
    for (char c : text) put(c);
    return *this;
  }
  message& operator<<(char c) noexcept {
    put(c);
    return *this;
  }
  message& operator<<(std::size_t number) noexcept { return digits(number); }
  message& operator<<(std::int64_t number) noexcept { return digits(number); }

  /// `value` in double quotes, shortened when long; control characters
  /// appear as '?', so a message never moves a terminal's cursor.
  template <typename Integer>
  message& digits(Integer number) noexcept {
    char text[24];
    const auto r = std::to_chars(text, text + sizeof text, number);
    return *this << std::string_view(text, static_cast<std::size_t>(r.ptr - text));
  }

  message& quote(std::string_view value) noexcept {
    put('"');
    const bool cut = value.size() > quoted_value_bytes;
    for (char c : value.substr(0, quoted_value_bytes)) {
      const auto u = static_cast<unsigned char>(c);
      put(u < 0x20 || u == 0x7F ? '?' : c);
    }
    put('"');
    if (cut) *this << "...";
    return *this;
  }

  /// One byte found in the input: a printable character in quotes, anything
  /// else as its hex value.
  message& byte(char c) noexcept {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7F && c != '"' && c != '\\') return *this << '"' << c << '"';
    constexpr char hex[] = "0123456789ABCDEF";
    return *this << "byte 0x" << hex[u >> 4] << hex[u & 15];
  }

  [[nodiscard]] std::string_view view() const noexcept { return {text_, length_}; }

 private:
  void put(char c) noexcept {
    if (length_ < sizeof text_) text_[length_++] = c;
  }

  char text_[error::message_capacity];
  std::size_t length_ = 0;
};

/// The JSON type of the value whose first byte is `first`, with its article.
constexpr std::string_view json_type_of(char first) noexcept {
  switch (first) {
    case '"':
      return "a string";
    case '{':
      return "an object";
    case '[':
      return "an array";
    case 't':
    case 'f':
      return "a boolean";
    case 'n':
      return "null";
    default:
      return "a number";
  }
}

}  // namespace jwkview::detail
