// jwkview command: the arguments of every command, tokenized the same way.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jwkview/options.hpp"

namespace jwkview_cli {

/// An option a command accepts: "--name" alone, or "--name VALUE" /
/// "--name=VALUE" when it takes a value (and "-nVALUE" for a short one).
struct option_spec {
  std::string_view name;
  bool takes_value = false;
};

struct command_args {
  std::vector<std::pair<std::string, std::string>> options;  ///< in order; value "" for flags
  std::vector<std::string> files;
  bool help = false;
  std::string error;  ///< empty on success

  /// The last value given for `name`.
  [[nodiscard]] std::optional<std::string> value(std::string_view name) const;
  [[nodiscard]] bool has(std::string_view name) const { return value(name).has_value(); }
};

/// Parses argv[first..argc): options (see option_spec), -h/--help, "--"
/// ending options, and FILE operands ("-" is standard input). With
/// `files_required`, at least one FILE is needed unless --help is given.
[[nodiscard]] command_args parse_command_args(int argc, const char* const* argv, int first,
                                              std::span<const option_spec> known,
                                              bool files_required = true);

/// A decimal number in [min, max], or an error message naming the option.
[[nodiscard]] std::optional<std::size_t> parse_count(std::string_view text, std::size_t min,
                                                     std::size_t max);

/// The options of every command that parses key listings: --profile,
/// --key-checks, --no-key-checks, --strict and --tolerant-base64.
[[nodiscard]] std::span<const option_spec> parser_option_specs() noexcept;

/// Applies `name` (one of parser_option_specs) with `value` to `opts`:
/// returns "" or a one-line usage error.
[[nodiscard]] std::string apply_parser_option(std::string_view name, std::string_view value,
                                              jwkview::options& opts);

/// Applies every parser option in `args`, in order.
[[nodiscard]] std::string apply_parser_options(const command_args& args, jwkview::options& opts);

}  // namespace jwkview_cli
