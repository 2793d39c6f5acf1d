// jwkview command: one error as `scan` prints it, from the library or from I/O.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "jwkview/error.hpp"

namespace jwkview_cli {

struct error_record {
  /// The library's class name ("syntax", "schema", "key", "limit",
  /// "warning"), or "io", the command's own, for an input it could not read.
  std::string_view cls;
  std::string_view code;   ///< the library's code name, or an io code below
  std::size_t offset = 0;  ///< from the start of the file
  std::string path;        ///< JSON Pointer; "" is the document root
  bool path_truncated = false;
  std::string message;
  bool ends_document = false;   ///< a stream abandoned the document here
  std::size_t keys_before = 0;  ///< keys that document delivered before the error
  bool provisional = false;     ///< the document is longer than the hold and streamed
};

/// A parser error; `base_offset` is where its document starts in the file.
[[nodiscard]] error_record from_library(const jwkview::error& err, std::size_t base_offset);

/// An input that could not be read. Codes: not_found, permission_denied,
/// is_directory, read_failed; the message is strerror's.
[[nodiscard]] error_record io_error(int errno_value);

}  // namespace jwkview_cli
