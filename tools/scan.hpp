// jwkview command: `jwkview scan`.
#pragma once

#include "cli_options.hpp"

namespace jwkview_cli {

inline constexpr int exit_ok = 0;
inline constexpr int exit_errors = 1;  ///< a document or key had an error
inline constexpr int exit_usage = 2;   ///< usage error, unreadable input or unwritable output

/// Scans every operand with one reused jwkview::parser and prints the keys and
/// errors; returns the exit status.
[[nodiscard]] int run_scan(const scan_options& options);

}  // namespace jwkview_cli
