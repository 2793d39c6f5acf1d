// Builds string_lists, whose constructor is not public: the key mapper over a
// validated array in the input, owned_key over its own copy of one.
#pragma once

#include <cstddef>

#include "jwkview/key.hpp"

namespace jwkview::detail {

struct string_list_access {
  /// `json` points at the validated array's '[' and `decoded` at the record
  /// of its escaped entries (for each, the decoded length, then the bytes).
  static string_list make(const char* json, std::size_t count, const char* decoded) noexcept {
    string_list l;
    l.json_ = json;
    l.decoded_ = decoded;
    l.count_ = count;
    return l;
  }
  /// Points a list whose array text lies in [from, upto) at the same text
  /// copied to `to` (decoded records stay where they are).
  static void move(string_list& l, const char* from, const char* upto, const char* to) noexcept {
    if (l.json_ >= from && l.json_ < upto) l.json_ = to + (l.json_ - from);
  }
};

}  // namespace jwkview::detail
