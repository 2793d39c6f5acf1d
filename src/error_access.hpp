// Building an error: the library's access to error's private mutators.
// Callers of the public API only read errors; these are for src/ alone.
#pragma once

#include <string_view>

#include "jwkview/error.hpp"

namespace jwkview::detail {

struct error_access {
  static bool append_path(error& e, std::string_view text) noexcept { return e.append_path(text); }
  static void mark_path_truncated(error& e) noexcept { e.mark_path_truncated(); }
  static void set_message(error& e, std::string_view text) noexcept { e.set_message(text); }
  static void set_warning(error& e, bool warning) noexcept { e.set_warning(warning); }
  /// No error, as error{} is, without clearing the inline buffers (their
  /// lengths say what they hold): a stream walks each element on its own.
  static void clear(error& e) noexcept {
    e.code = error_code::ok;
    e.offset = 0;
    e.path_length_ = e.message_length_ = 0;
    e.path_truncated_ = e.warning_ = false;
  }
};

/// Appends to the path; false (and the path marked truncated) when the text
/// does not fit.
inline bool append_path(error& e, std::string_view text) noexcept {
  return error_access::append_path(e, text);
}
inline void mark_path_truncated(error& e) noexcept {
  error_access::mark_path_truncated(e);
}
/// Sets the message, cut to error::message_capacity.
inline void set_message(error& e, std::string_view text) noexcept {
  error_access::set_message(e, text);
}
inline void set_warning(error& e, bool warning) noexcept {
  error_access::set_warning(e, warning);
}
inline void clear(error& e) noexcept {
  error_access::clear(e);
}

}  // namespace jwkview::detail
