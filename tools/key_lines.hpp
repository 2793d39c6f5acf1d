// jwkview command: the driver shared by thumbprint and pem, which print one
// record per valid key and report errors like scan does.
#pragma once

#include <functional>
#include <string>

#include "command_args.hpp"
#include "key_source.hpp"

namespace jwkview_cli {

/// Renders one key of a document into `out`; returns "" or the code name of
/// why it cannot (e.g. "unsupported_key"), reported on stderr.
using key_renderer = std::function<std::string_view(const parsed_document& doc,
                                                    const jwkview::key& k, std::string& out)>;

/// Reads the listing options, then every document, and prints each key's
/// record on stdout and every error on stderr (as scan does). Returns the
/// exit status: 0, 1 when a document or key had an error, 2 for unreadable
/// input or a bad option value (then `usage` is set).
[[nodiscard]] int run_key_lines(const command_args& args, std::string& usage,
                                const key_renderer& render);

/// "SOURCE:PATH" of a key, terminal-safe: SOURCE is "FILE#D" for ndjson
/// inputs, PATH "(root)" for a single key.
[[nodiscard]] std::string label_of(const parsed_document& doc, const jwkview::key& k);

}  // namespace jwkview_cli
