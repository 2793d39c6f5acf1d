// jwkview command: `jwkview thumbprint` and `jwkview pem` (libjwkview_openssl).
#pragma once

#include <span>
#include <string>

#include "command_args.hpp"

namespace jwkview_cli {

/// `jwkview thumbprint [--uri] [--profile P] FILE...`: one line per key,
///   SOURCE:PATH KID THUMBPRINT
/// Exit status 0, 1 when a document or key had an error (on stderr), 2 for
/// unreadable input or a bad option value (then `usage` is set).
[[nodiscard]] int run_thumbprint(const command_args& args, std::string& usage);
[[nodiscard]] std::span<const option_spec> thumbprint_option_specs() noexcept;

}  // namespace jwkview_cli
