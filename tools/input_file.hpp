// jwkview command: reading an input whole and splitting it into documents.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace jwkview_cli {

/// A whole file (or standard input); every document in it is parsed in
/// place.
struct input_file {
  std::vector<char> storage;  ///< the bytes read
  std::size_t size = 0;       ///< bytes read
  int error = 0;              ///< errno when the input could not be read

  [[nodiscard]] bool ok() const noexcept { return error == 0; }

  /// The bytes [begin, begin + length).
  [[nodiscard]] std::string_view view(std::size_t begin, std::size_t length) const noexcept {
    return {storage.data() + begin, length};
  }
};

/// Reads `name` whole; "-" is standard input.
[[nodiscard]] input_file read_input(const std::string& name);

/// A document's place in its file.
struct document_range {
  std::size_t begin = 0;
  std::size_t length = 0;
};

/// The documents of an input: one range covering everything for a JSON text;
/// for NDJSON one per line (split at LF; the CR of a CRLF stays with its
/// line, where it is JSON whitespace), skipping lines that hold only
/// whitespace (space, tab, CR).
[[nodiscard]] std::vector<document_range> split_documents(const input_file& in, bool ndjson);

}  // namespace jwkview_cli
