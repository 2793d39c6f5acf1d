// The syntax locator: a careful byte-at-a-time RFC 8259 validator that names
// the first problem in a document: its code, exact offset and JSON Pointer.
//
// The fast path (simdjson plus the key mapper) only has to notice that a
// document is bad; it then asks the locator what is wrong and where. So every
// syntax error the library reports comes from one place, in document order,
// whichever stage noticed it first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "jwkview/error.hpp"
#include "jwkview/options.hpp"

namespace jwkview::detail {

/// One open array or object while locating.
struct locator_frame {
  const char* name = nullptr;  // raw body of the current member name (objects)
  std::uint32_t name_length = 0;
  std::uint32_t index = 0;  // current element (arrays)
  bool is_object = false;
  bool in_value = false;  // reading the value of the current member or element
};

/// What a UTF-8 byte order mark at the start of the text is.
enum class leading_bom : std::uint8_t {
  refused,   ///< error_code::byte_order_mark: the text starts an input
  skipped,   ///< ignored (options::accept_bom)
  ordinary,  ///< plain bytes: the text is a piece of a larger input
};

/// Validates `json` against RFC 8259 and `lim` (depth and string length).
/// `frames` must hold at least lim.max_depth entries. Returns an error whose
/// code is ok when the document is valid.
error locate_syntax_error(std::string_view json, const limits& lim, leading_bom bom,
                          std::span<locator_frame> frames) noexcept;

/// Length of the valid UTF-8 sequence starting at p, or 0 (overlong forms,
/// surrogates and values past U+10FFFF are invalid).
std::size_t utf8_sequence_length(const char* p, const char* end) noexcept;

}  // namespace jwkview::detail
