// jwkview command: `jwkview pem` (libjwkview_openssl).
#pragma once

#include <span>
#include <string>

#include "command_args.hpp"

namespace jwkview_cli {

/// `jwkview pem [--profile P] FILE...`: for each key a comment line
///   # SOURCE:PATH kid=KID
/// followed by its SubjectPublicKeyInfo PEM. Exit status as thumbprint's.
[[nodiscard]] int run_pem(const command_args& args, std::string& usage);
[[nodiscard]] std::span<const option_spec> pem_option_specs() noexcept;

}  // namespace jwkview_cli
