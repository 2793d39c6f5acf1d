// jwkview command: `--format ndjson` lines.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "error_record.hpp"
#include "key_summary.hpp"

namespace jwkview_cli {

/// Appends one line (with its "\n"):
/// {"type":"key","source":S,"document":D,"index":I,"offset":O,"id":…,"kid":…,
///  "kty":…,"alg":…,"use":…,"status":…,"bits":N}
/// with "crv" instead of "bits" for EC and OKP keys. Absent members are
/// omitted, null ones written as null. "bits" is omitted when "n" is not
/// canonical base64url (possible only with --no-key-checks). A key of a
/// document streamed provisionally adds "provisional":true.
void append_key_line(std::string& out, std::string_view source, std::size_t document,
                     const key_summary& key, bool provisional);

/// Appends one line (with its "\n"):
/// {"type":"error","source":S,"document":D,"class":C,"code":K,"offset":O,
///  "path":P,"message":M}
/// plus "path_truncated":true when the library had to cut the pointer, and
/// "ends_document":true,"keys_before":N when the document was abandoned there
/// after delivering N keys, and "provisional":true in a document streamed
/// provisionally.
void append_error_line(std::string& out, std::string_view source, std::size_t document,
                       const error_record& err);

}  // namespace jwkview_cli
