// jwkview command: `jwkview convert`.
#pragma once

#include "cli_options.hpp"

namespace jwkview_cli {

/// Parses every operand with one reused jwkview::parser and writes each one's
/// valid keys to stdout as one JSON document in the requested form; errors go
/// to stderr as scan prints them. Returns the exit status (as scan's).
[[nodiscard]] int run_convert(const convert_options& options);

}  // namespace jwkview_cli
