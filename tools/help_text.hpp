// jwkview command: --help, each command's help and the --version text.
#pragma once

#include <string_view>

namespace jwkview_cli {

[[nodiscard]] std::string_view main_help() noexcept;
[[nodiscard]] std::string_view scan_help() noexcept;
[[nodiscard]] std::string_view convert_help() noexcept;
[[nodiscard]] std::string_view check_help() noexcept;
[[nodiscard]] std::string_view thumbprint_help() noexcept;
[[nodiscard]] std::string_view pem_help() noexcept;
[[nodiscard]] std::string_view verify_help() noexcept;
/// "jwkview VERSION\n".
[[nodiscard]] std::string_view version_text() noexcept;

}  // namespace jwkview_cli
