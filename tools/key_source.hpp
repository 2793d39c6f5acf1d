// jwkview command: the keys of the FILE operands, for check, thumbprint and
// pem. Each document is parsed with one reused parser; its keys are copied
// out of the callback (their views stay valid until the next document) and
// handed over with the document's errors, unless the document failed as a
// whole (then only its errors).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "error_record.hpp"
#include "jwkview/jwkview.hpp"

namespace jwkview_cli {

/// One parsed document of one operand.
struct parsed_document {
  std::string source;           ///< the file name, "<stdin>" for "-"
  bool ndjson = false;          ///< the file holds one document per line
  std::size_t document = 0;     ///< document number from 0 (ndjson), else 0
  std::size_t base_offset = 0;  ///< where the document starts in its file
  jwkview::set_shape shape = jwkview::set_shape::none;
  std::vector<jwkview::key> keys;      ///< valid keys; views valid during the callback only
  std::vector<error_record> errors;    ///< offsets from the start of the file
  std::vector<error_record> warnings;  ///< of the delivered keys
  bool failed = false;                 ///< refused as a whole: `keys` is empty
};

/// Reads every operand ("-" is standard input; names ending in .ndjson or
/// .jsonl hold one document per line) and calls `on_document` for each
/// document. An unreadable file gives one document with an io error and
/// sets `io_failed`.
void for_each_document(const std::vector<std::string>& files, const jwkview::options& options,
                       const std::function<void(const parsed_document&)>& on_document,
                       bool& io_failed);

/// The JSON Pointer of key `index` in a set of this shape ("/keys/3",
/// "/jwks/keys/3", "/3", or "" for a single key).
[[nodiscard]] std::string key_pointer(jwkview::set_shape shape, std::size_t index);

}  // namespace jwkview_cli
