// The C ABI's conversions (include/jwkview.h), shared by libjwkview's and
// libjwkview_openssl's halves; each library keeps its own hidden copy.
#pragma once

#include <cstddef>
#include <cstring>
#include <string_view>

#include "jwkview.h"
#include "jwkview/error.hpp"
#include "jwkview/key.hpp"
#include "jwkview/options.hpp"

namespace jwkview::c_api {

inline jwkview_str str(std::string_view s) noexcept {
  return {s.data(), s.size()};
}

template <typename M>
jwkview_member member_of(const M& m) noexcept {
  if (!m.has_value()) return {nullptr, 0, static_cast<int>(m.state)};
  if constexpr (requires { m.text; }) {
    return {m.text.data(), m.text.size(), JWKVIEW_VALUE};
  } else {
    return {m.value.data(), m.value.size(), JWKVIEW_VALUE};
  }
}

inline void copy_text(std::string_view from, char* to, std::size_t capacity) noexcept {
  const std::size_t n = from.size() < capacity ? from.size() : capacity - 1;
  std::memcpy(to, from.data(), n);
  to[n] = '\0';
}

inline void to_c(const error& e, jwkview_error* out) noexcept {
  if (out == nullptr) return;
  out->code = static_cast<int>(e.code);
  out->is_warning = e.is_warning() ? 1 : 0;
  out->rule = JWKVIEW_RULE_NONE;
  out->path_truncated = e.path_truncated() ? 1 : 0;
  out->offset = e.offset;
  copy_text(e.path(), out->path, sizeof out->path);
  copy_text(e.message(), out->message, sizeof out->message);
}

/// A C error with only a code and its static message (allocation failures).
inline void to_c(error_code code, jwkview_error* out) noexcept {
  error e;
  e.code = code;
  to_c(e, out);
}

inline options to_options(const jwkview_parse_options& c) noexcept {
  options o;
  o.profile = c.profile == 1   ? profile::okta
              : c.profile == 2 ? profile::rfc7517
                               : profile::automatic;
  o.key_checks = c.key_checks != 0;
  o.base64 = c.tolerant_base64 != 0 ? base64_mode::tolerant : base64_mode::strict;
  o.warnings_as_errors = c.warnings_as_errors != 0;
  o.accept_bom = c.accept_bom != 0;
  o.limits.max_document_bytes = c.max_document_bytes;
  o.limits.max_keys = c.max_keys;
  o.limits.max_depth = c.max_depth;
  return o;
}

}  // namespace jwkview::c_api
