// JSON text primitives shared by the key mapper and the syntax locator:
// whitespace, delimiters, the number grammar, literals, and string escapes.
// They work on raw bytes and never allocate.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace jwkview::detail {

constexpr bool is_whitespace(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/// A byte that may follow a scalar token: whitespace or structure.
constexpr bool is_delimiter(char c) noexcept {
  switch (c) {
    case ' ':
    case '\t':
    case '\n':
    case '\r':
    case ',':
    case ':':
    case '[':
    case ']':
    case '{':
    case '}':
    case '"':
      return true;
    default:
      return false;
  }
}

/// Where the scalar whose bytes start at `p` ends: at its first delimiter
/// before `limit`, else at limit. Stage 1 counts every byte up to a
/// delimiter (a quote too) as the scalar's.
inline const char* scalar_end(const char* p, const char* limit) noexcept {
  while (p < limit && !is_delimiter(*p)) ++p;
  return p;
}

constexpr bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}

/// Length of the RFC 8259 number at [p, end), or 0 when the bytes do not
/// start with one. The caller checks that a delimiter (or the end) follows.
inline std::size_t number_length(const char* p, const char* end) noexcept {
  const char* q = p;
  if (q < end && *q == '-') ++q;
  if (q == end) return 0;
  if (*q == '0') {
    ++q;
  } else if (*q >= '1' && *q <= '9') {
    while (q < end && is_digit(*q)) ++q;
  } else {
    return 0;
  }
  if (q < end && *q == '.') {
    ++q;
    if (q == end || !is_digit(*q)) return 0;
    while (q < end && is_digit(*q)) ++q;
  }
  if (q < end && (*q == 'e' || *q == 'E')) {
    ++q;
    if (q < end && (*q == '+' || *q == '-')) ++q;
    if (q == end || !is_digit(*q)) return 0;
    while (q < end && is_digit(*q)) ++q;
  }
  return static_cast<std::size_t>(q - p);
}

/// True when [p, end) is exactly one JSON number.
inline bool is_number(const char* p, const char* end) noexcept {
  return p < end && number_length(p, end) == static_cast<std::size_t>(end - p);
}

/// True when [p, end) is exactly true, false or null.
inline bool is_literal(const char* p, const char* end) noexcept {
  const auto n = static_cast<std::size_t>(end - p);
  return (n == 4 && (std::memcmp(p, "true", 4) == 0 || std::memcmp(p, "null", 4) == 0)) ||
         (n == 5 && std::memcmp(p, "false", 5) == 0);
}

inline int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// Reads the four hex digits after "\u" at p (p points at the backslash).
/// Returns the code unit, or -1 when they are not hex (or run past end).
inline std::int32_t read_u_escape(const char* p, const char* end) noexcept {
  if (end - p < 6 || p[0] != '\\' || p[1] != 'u') return -1;
  std::int32_t v = 0;
  for (int i = 2; i < 6; ++i) {
    const int h = hex_value(p[i]);
    if (h < 0) return -1;
    v = (v << 4) | h;
  }
  return v;
}

enum class escape_status : std::uint8_t { ok, invalid_escape, lone_surrogate };

/// Decodes one escape sequence at p (the backslash) within [p, end).
/// On success advances p past it and writes the UTF-8 bytes to out (when
/// out is not null), returning how many were written.
struct escape_result {
  escape_status status;
  std::uint8_t written;
};

inline escape_result decode_escape(const char*& p, const char* end, char* out) noexcept {
  if (end - p < 2) return {escape_status::invalid_escape, 0};
  char simple = 0;
  switch (p[1]) {
    case '"':
      simple = '"';
      break;
    case '\\':
      simple = '\\';
      break;
    case '/':
      simple = '/';
      break;
    case 'b':
      simple = '\b';
      break;
    case 'f':
      simple = '\f';
      break;
    case 'n':
      simple = '\n';
      break;
    case 'r':
      simple = '\r';
      break;
    case 't':
      simple = '\t';
      break;
    case 'u':
      break;
    default:
      return {escape_status::invalid_escape, 0};
  }
  if (simple != 0) {
    if (out != nullptr) out[0] = simple;
    p += 2;
    return {escape_status::ok, 1};
  }
  std::int32_t cp = read_u_escape(p, end);
  if (cp < 0) return {escape_status::invalid_escape, 0};
  std::size_t used = 6;
  if (cp >= 0xDC00 && cp <= 0xDFFF) return {escape_status::lone_surrogate, 0};
  if (cp >= 0xD800 && cp <= 0xDBFF) {
    const std::int32_t low = read_u_escape(p + 6, end);
    if (low < 0xDC00 || low > 0xDFFF) {
      // "\uD800\u12G4" is a bad escape after a lone surrogate: the surrogate
      // comes first in document order.
      return {escape_status::lone_surrogate, 0};
    }
    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    used = 12;
  }
  std::uint8_t n;
  char buf[4];
  const auto u = static_cast<std::uint32_t>(cp);
  if (u < 0x80) {
    buf[0] = static_cast<char>(u);
    n = 1;
  } else if (u < 0x800) {
    buf[0] = static_cast<char>(0xC0 | (u >> 6));
    buf[1] = static_cast<char>(0x80 | (u & 0x3F));
    n = 2;
  } else if (u < 0x10000) {
    buf[0] = static_cast<char>(0xE0 | (u >> 12));
    buf[1] = static_cast<char>(0x80 | ((u >> 6) & 0x3F));
    buf[2] = static_cast<char>(0x80 | (u & 0x3F));
    n = 3;
  } else {
    buf[0] = static_cast<char>(0xF0 | (u >> 18));
    buf[1] = static_cast<char>(0x80 | ((u >> 12) & 0x3F));
    buf[2] = static_cast<char>(0x80 | ((u >> 6) & 0x3F));
    buf[3] = static_cast<char>(0x80 | (u & 0x3F));
    n = 4;
  }
  if (out != nullptr) std::memcpy(out, buf, n);
  p += used;
  return {escape_status::ok, n};
}

/// Unescapes the string body [p, end) (quotes excluded, already known to
/// hold no raw quote, control character or bad UTF-8) into out, which must
/// hold end - p bytes; out may be null to validate only. Returns the decoded
/// length, or sets `failed_at` to the bad backslash and returns the status.
struct unescape_result {
  escape_status status;
  std::size_t length;
  const char* failed_at;
};

inline unescape_result unescape(const char* p, const char* end, char* out) noexcept {
  std::size_t n = 0;
  while (p < end) {
    const void* hit = std::memchr(p, '\\', static_cast<std::size_t>(end - p));
    const char* stop = hit != nullptr ? static_cast<const char*>(hit) : end;
    const auto run = static_cast<std::size_t>(stop - p);
    if (out != nullptr && run != 0) std::memcpy(out + n, p, run);
    n += run;
    p = stop;
    if (p == end) break;
    const char* at = p;
    const escape_result r = decode_escape(p, end, out != nullptr ? out + n : nullptr);
    if (r.status != escape_status::ok) return {r.status, n, at};
    n += r.written;
  }
  return {escape_status::ok, n, nullptr};
}

}  // namespace jwkview::detail
