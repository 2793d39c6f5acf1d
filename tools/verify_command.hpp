// jwkview command: `jwkview verify` (libjwkview_openssl).
#pragma once

#include <span>
#include <string>

#include "command_args.hpp"

namespace jwkview_cli {

/// `jwkview verify --jwks FILE [--iss X] [--aud Y]... [--leeway S] [--typ T]...
/// [--require CLAIM]... [--now SECONDS] [--format table|ndjson] TOKEN|-`:
/// builds a jwkview::key_set from FILE (default key policy, the parsing
/// options applied), validates TOKEN with validate_jwt and prints the
/// verified header and claims, or the refusal. Keys the set never uses are
/// notes on stderr. Exit status 0 accepted, 1 refused, 2 for usage errors,
/// unreadable input and a JWKS refused as a whole (then `usage` is set for
/// usage errors only).
[[nodiscard]] int run_verify(const command_args& args, std::string& usage);
[[nodiscard]] std::span<const option_spec> verify_option_specs() noexcept;

}  // namespace jwkview_cli
