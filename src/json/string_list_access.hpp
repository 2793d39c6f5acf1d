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
};

}  // namespace jwkview::detail
