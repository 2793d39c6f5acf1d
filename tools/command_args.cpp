// jwkview command: the one argument parser every command uses.
#include "command_args.hpp"

namespace jwkview_cli {

std::optional<std::string> command_args::value(std::string_view name) const {
  std::optional<std::string> found;
  for (const auto& [n, v] : options) {
    if (n == name) found = v;
  }
  return found;
}

std::vector<std::string> command_args::values(std::string_view name) const {
  std::vector<std::string> found;
  for (const auto& [n, v] : options) {
    if (n == name) found.push_back(v);
  }
  return found;
}

command_args parse_command_args(int argc, const char* const* argv, int first,
                                std::span<const option_spec> known, bool files_required) {
  command_args out;
  bool options_done = false;
  for (int i = first; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (options_done || arg == "-" || arg.empty() || arg[0] != '-') {
      out.files.emplace_back(arg);
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    if (arg == "-h" || arg == "--help") {
      out.help = true;
      continue;
    }
    const auto find = [&known](std::string_view name) -> const option_spec* {
      for (const option_spec& s : known) {
        if (s.name == name) return &s;
      }
      return nullptr;
    };
    const std::size_t eq = arg.find('=');
    std::string_view name = arg.substr(0, eq);
    std::size_t value_at = eq == std::string_view::npos ? eq : eq + 1;
    const option_spec* spec = find(name);
    if (spec == nullptr && arg.size() > 2 && arg[1] != '-') {
      // A short option's value may be attached, as in -j1.
      const option_spec* short_spec = find(arg.substr(0, 2));
      if (short_spec != nullptr && short_spec->takes_value) {
        spec = short_spec;
        name = arg.substr(0, 2);
        value_at = 2;
      }
    }
    if (spec == nullptr || (!spec->takes_value && eq != std::string_view::npos)) {
      out.error = "unknown option " + quoted(arg);
      return out;
    }
    std::string value;
    if (spec->takes_value) {
      if (value_at != std::string_view::npos) {
        value = arg.substr(value_at);
      } else if (i + 1 < argc) {
        value = argv[++i];
      } else {
        out.error = "option " + quoted(name) + " needs a value";
        return out;
      }
    }
    out.options.emplace_back(std::string(name), std::move(value));
  }
  if (files_required && !out.help && out.files.empty()) {
    out.error = "no input: name at least one FILE, or - for standard input";
  }
  return out;
}

std::optional<std::size_t> parse_count(std::string_view text, std::size_t min, std::size_t max) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  std::size_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  if (n < min || n > max) return std::nullopt;
  return n;
}

std::optional<std::size_t> parse_size(std::string_view text) {
  unsigned shift = 0;
  if (!text.empty() && (text.back() == 'K' || text.back() == 'M' || text.back() == 'G')) {
    shift = text.back() == 'K' ? 10 : text.back() == 'M' ? 20 : 30;
    text.remove_suffix(1);
  }
  const std::optional<std::size_t> n = parse_count(text, 1, (std::size_t{1} << 40) >> shift);
  if (!n) return std::nullopt;
  return *n << shift;
}

std::string quoted(std::string_view text) {
  std::string out;  // appended piece by piece: g++ 12 -Wrestrict misfires on "'" + std::string
  out.reserve(text.size() + 2);
  out += '\'';
  out += text;
  out += '\'';
  return out;
}

std::string not_one_of(std::string_view option, std::span<const std::string_view> names,
                       std::string_view value) {
  std::string error(option);
  error += " must be ";
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i != 0) error += i + 1 == names.size() ? " or " : ", ";
    error += names[i];
  }
  error += ", not ";
  return error += quoted(value);
}

}  // namespace jwkview_cli
