// jwkview command: the documents of the FILE operands, for convert, check,
// thumbprint and pem. Each input is read as scan reads it: in chunks,
// through a jwkview::stream, so a FILE may be any size, JSON Lines or
// standard input. A document is handed over once the stream has delivered
// all of it: its valid keys, errors and warnings, or, if it failed, only
// its errors. Keys of a document longer than the stream's hold arrive
// provisionally and are kept until its end, so every document stays all or
// nothing; a command that renders each key as it arrives (key_handler)
// keeps its output instead (output_spool.hpp).
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "error_record.hpp"
#include "jwkview/jwkview.hpp"
#include "listing_options.hpp"

namespace jwkview_cli {

/// One document of one operand.
struct parsed_document {
  std::string source;        ///< the file name, "<stdin>" for "-"
  bool ndjson = false;       ///< the file holds one document per line
  std::size_t document = 0;  ///< document number from 0 (ndjson), else 0
  std::size_t offset = 0;    ///< of the document's first byte in its file
  jwkview::set_shape shape = jwkview::set_shape::none;
  std::span<const jwkview::key> keys;  ///< valid keys; valid during the callback only
  std::vector<error_record> errors;    ///< offsets from the start of the file
  std::vector<error_record> warnings;  ///< of the delivered keys
  bool failed = false;                 ///< refused as a whole: `keys` is empty
};

/// Sees each valid key as the stream delivers it, before its document is
/// read whole: `doc` has the document's source, number, shape and offset,
/// and `k` is valid during the call only. The document may still fail; its
/// on_document call then has `failed` set, and what was made of its keys
/// must be dropped.
using key_handler = std::function<void(const parsed_document& doc, const jwkview::key& k)>;

/// Reads every operand ("-" is standard input) as `options` say and calls
/// `on_document` for each document, in order. An unreadable file ends with
/// a document holding its io error, and sets `io_failed`. With `on_key`,
/// keys go to it as they arrive and are not kept: `keys` is then empty, and
/// memory does not grow with a document's size.
void for_each_document(const std::vector<std::string>& files, const listing_options& options,
                       const std::function<void(const parsed_document&)>& on_document,
                       bool& io_failed, const key_handler& on_key = {});

/// The JSON Pointer of key `index` in a set of this shape ("/keys/3",
/// "/jwks/keys/3", "/3", or "" for a single key).
[[nodiscard]] std::string key_pointer(jwkview::set_shape shape, std::size_t index);

}  // namespace jwkview_cli
