// jwkview command: `jwkview scan`.
#pragma once

#include <string>

#include "command_args.hpp"

namespace jwkview_cli {

/// Scans every operand through a jwkview::stream and prints the keys and
/// errors; returns the exit status (exit_status.hpp). A bad option value
/// sets `usage` and returns exit_usage without reading anything.
[[nodiscard]] int run_scan(const command_args& args, std::string& usage);

}  // namespace jwkview_cli
