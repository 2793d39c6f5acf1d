// jwkview command: the one argument parser every command uses. It splits
// the arguments into options and FILE operands; each command then reads the
// options it declared.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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
  /// Every value given for `name`, in order.
  [[nodiscard]] std::vector<std::string> values(std::string_view name) const;
  [[nodiscard]] bool has(std::string_view name) const { return value(name).has_value(); }
};

/// Parses argv[first..argc): options (see option_spec), -h/--help, "--"
/// ending options, and FILE operands ("-" is standard input); options and
/// operands may be mixed. With `files_required`, at least one FILE is
/// needed unless --help is given.
[[nodiscard]] command_args parse_command_args(int argc, const char* const* argv, int first,
                                              std::span<const option_spec> known,
                                              bool files_required);

/// A decimal number in [min, max].
[[nodiscard]] std::optional<std::size_t> parse_count(std::string_view text, std::size_t min,
                                                     std::size_t max);

/// A size in bytes, with an optional K, M or G suffix (KiB, MiB, GiB), from
/// 1 byte to 1 TiB.
[[nodiscard]] std::optional<std::size_t> parse_size(std::string_view text);

/// `text` in single quotes, for usage errors: "not 'xml'".
[[nodiscard]] std::string quoted(std::string_view text);

/// One value an option may take, by name.
template <typename T>
struct choice {
  std::string_view name;
  T value;
};

/// The usage error "OPTION must be A, B or C, not 'VALUE'".
[[nodiscard]] std::string not_one_of(std::string_view option,
                                     std::span<const std::string_view> names,
                                     std::string_view value);

/// Sets `out` to the choice named `value`: returns "" or the usage error,
/// which names the choices in their order here.
template <typename T, std::size_t N>
[[nodiscard]] std::string read_choice(std::string_view option, std::string_view value,
                                      const choice<T> (&choices)[N], T& out) {
  std::array<std::string_view, N> names;
  for (std::size_t i = 0; i < N; ++i) {
    if (choices[i].name == value) {
      out = choices[i].value;
      return {};
    }
    names[i] = choices[i].name;
  }
  return not_one_of(option, names, value);
}

}  // namespace jwkview_cli
