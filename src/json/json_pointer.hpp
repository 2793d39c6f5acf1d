// Appending RFC 6901 reference tokens to an error's inline path.
#pragma once

#include <charconv>
#include <cstddef>
#include <string_view>

#include "error_access.hpp"
#include "json/json_text.hpp"
#include "jwkview/error.hpp"

namespace jwkview::detail {

inline void append_index(error& e, std::size_t index) noexcept {
  char buf[24];
  buf[0] = '/';
  const auto r = std::to_chars(buf + 1, buf + sizeof buf, index);
  detail::append_path(e, {buf, static_cast<std::size_t>(r.ptr - buf)});
}

/// Appends "/" + name with "~" and "/" escaped. `name` is decoded text.
inline void append_name(error& e, std::string_view name) noexcept {
  char buf[error::path_capacity];
  std::size_t n = 0;
  buf[n++] = '/';
  for (char c : name) {
    if (n + 2 > sizeof buf) {
      detail::mark_path_truncated(e);
      return;
    }
    if (c == '~' || c == '/') {
      buf[n++] = '~';
      buf[n++] = c == '~' ? '0' : '1';
    } else {
      buf[n++] = c;
    }
  }
  detail::append_path(e, {buf, n});
}

/// Appends a name given as the raw body of a validated JSON string.
inline void append_raw_name(error& e, std::string_view raw) noexcept {
  if (raw.find('\\') == std::string_view::npos) return append_name(e, raw);
  char decoded[error::path_capacity];
  if (raw.size() > sizeof decoded) return detail::mark_path_truncated(e);
  const unescape_result r = unescape(raw.data(), raw.data() + raw.size(), decoded);
  append_name(e, {decoded, r.length});
}

}  // namespace jwkview::detail
