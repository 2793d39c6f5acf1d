// jwkview command: `jwkview check`, a linter for key listings.
#pragma once

#include <string>

#include "command_args.hpp"

namespace jwkview_cli {

/// Runs `jwkview check` with the parsed arguments; returns the exit status
/// (0 no error finding, 1 error findings, 2 unreadable input). A bad option
/// value sets `usage` and returns 2 without reading anything.
[[nodiscard]] int run_check(const command_args& args, std::string& usage);

/// The options `check` accepts.
[[nodiscard]] std::span<const option_spec> check_option_specs() noexcept;

}  // namespace jwkview_cli
