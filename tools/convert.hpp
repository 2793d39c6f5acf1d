// jwkview command: `jwkview convert`.
#pragma once

#include <span>
#include <string>

#include "command_args.hpp"

namespace jwkview_cli {

/// Reads every operand (standard input when there is none) and writes each
/// document's valid keys to stdout as one JSON document in the form --to
/// names; errors go to stderr as scan prints them. Returns the exit status
/// (as scan's). A bad or missing --to sets `usage` and returns exit_usage
/// without reading anything.
[[nodiscard]] int run_convert(const command_args& args, std::string& usage);

/// The options `convert` accepts besides the listing options.
[[nodiscard]] std::span<const option_spec> convert_option_specs() noexcept;

}  // namespace jwkview_cli
