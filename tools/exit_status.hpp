// jwkview command: the exit status of every command.
#pragma once

namespace jwkview_cli {

inline constexpr int exit_ok = 0;
/// A document or key had an error (check: an error finding; verify: the
/// token is refused).
inline constexpr int exit_errors = 1;
/// A usage error, unreadable input or unwritable output.
inline constexpr int exit_usage = 2;

}  // namespace jwkview_cli
