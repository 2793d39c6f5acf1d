// A plain reference for the base64 validators: decode without judging the
// form, encode again, and call the text canonical when the two agree. It
// shares nothing with src/base64.cpp (no tables, no SIMD).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace jwkview::fuzz {

inline constexpr std::string_view url_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
inline constexpr std::string_view std_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

inline std::string encode(std::string_view bytes, std::string_view alphabet, bool pad) {
  std::string out;
  std::uint32_t bits = 0;
  int held = 0;
  for (char c : bytes) {
    bits = (bits << 8) | static_cast<unsigned char>(c);
    held += 8;
    while (held >= 6) {
      held -= 6;
      out += alphabet[(bits >> held) & 63];
    }
  }
  if (held > 0) out += alphabet[(bits << (6 - held)) & 63];
  while (pad && out.size() % 4 != 0) out += '=';
  return out;
}

/// The octets of `text` read 6 bits a character (stray low bits dropped), or
/// nullopt when a character is outside `alphabet` or the length cannot be
/// base64. With `pad`, up to two trailing '=' are skipped first.
inline std::optional<std::string> decode(std::string_view text, std::string_view alphabet,
                                         bool pad) {
  if (pad) {
    if (text.size() % 4 != 0) return std::nullopt;
    for (int i = 0; i < 2 && !text.empty() && text.back() == '='; ++i) text.remove_suffix(1);
  }
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  std::uint32_t bits = 0;
  int held = 0;
  for (char c : text) {
    const std::size_t v = alphabet.find(c);
    if (v == std::string_view::npos) return std::nullopt;
    bits = (bits << 6) | static_cast<std::uint32_t>(v);
    held += 6;
    if (held >= 8) {
      held -= 8;
      out += static_cast<char>((bits >> held) & 0xFF);
    }
  }
  return out;
}

/// The octets of canonical text (decoding and encoding again gives it back).
inline std::optional<std::string> decode_canonical(std::string_view text, std::string_view alphabet,
                                                   bool pad) {
  std::optional<std::string> bytes = decode(text, alphabet, pad);
  if (bytes && encode(*bytes, alphabet, pad) != text) return std::nullopt;
  return bytes;
}

inline std::optional<std::string> base64url_octets(std::string_view text) {
  return decode_canonical(text, url_alphabet, false);
}
inline std::optional<std::string> base64_octets(std::string_view text) {
  return decode_canonical(text, std_alphabet, true);
}

}  // namespace jwkview::fuzz
