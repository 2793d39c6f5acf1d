// jwkview command: escaping text for JSON output and for the terminal.
#include "text_escape.hpp"

#include <cstdint>
#include <span>

#include "jwkview/write.hpp"

namespace jwkview_cli {
namespace {

constexpr char hex_digits[] = "0123456789abcdef";

/// Length of the well-formed UTF-8 sequence at text[i] (RFC 3629: no
/// overlongs, no surrogates, nothing above U+10FFFF), or 0 when it is not one.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(text[k]); };
  const std::uint8_t lead = byte(i);
  const std::size_t left = text.size() - i;
  if (lead < 0x80) return 1;
  const auto cont = [&](std::size_t k) { return (byte(k) & 0xC0) == 0x80; };
  if (lead >= 0xC2 && lead <= 0xDF) return left >= 2 && cont(i + 1) ? 2 : 0;
  if (lead >= 0xE0 && lead <= 0xEF) {
    if (left < 3 || !cont(i + 1) || !cont(i + 2)) return 0;
    const std::uint8_t second = byte(i + 1);
    if (lead == 0xE0 && second < 0xA0) return 0;  // overlong
    if (lead == 0xED && second > 0x9F) return 0;  // surrogate
    return 3;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    if (left < 4 || !cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return 0;
    const std::uint8_t second = byte(i + 1);
    if (lead == 0xF0 && second < 0x90) return 0;  // overlong
    if (lead == 0xF4 && second > 0x8F) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

void append_u_escape(std::string& out, unsigned code) {
  out += "\\u";
  out += hex_digits[(code >> 12) & 0xF];
  out += hex_digits[(code >> 8) & 0xF];
  out += hex_digits[(code >> 4) & 0xF];
  out += hex_digits[code & 0xF];
}

/// Appends the JSON escape of an ASCII control character.
void append_control_escape(std::string& out, unsigned char c) {
  switch (c) {
    case '\b':
      out += "\\b";
      break;
    case '\f':
      out += "\\f";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    default:
      append_u_escape(out, c);
      break;
  }
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  // The library's writer: one escaper for keys and for the command's output.
  const std::size_t at = out.size();
  out.resize(at + jwkview::write_json_string(text, {}).value);
  (void)jwkview::write_json_string(text, std::span<char>(out).subspan(at));
}

std::string terminal_safe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c < 0x20) {
        append_control_escape(out, c);
      } else if (c == 0x7F) {
        append_u_escape(out, c);
      } else {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    const std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) {
      out += "\\ufffd";
      ++i;
    } else if (length == 2 && c == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0) {
      append_u_escape(out, static_cast<unsigned char>(text[i + 1]));  // C1 control
      i += 2;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++width;
  }
  return width;
}

}  // namespace jwkview_cli
