// jwkview command: the arguments of every command, tokenized the same way.
#include "command_args.hpp"

namespace jwkview_cli {

std::optional<std::string> command_args::value(std::string_view name) const {
  std::optional<std::string> found;
  for (const auto& [n, v] : options) {
    if (n == name) found = v;
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
      out.error = "unknown option '";
      out.error += arg;
      out.error += '\'';
      return out;
    }
    std::string value;
    if (spec->takes_value) {
      if (value_at != std::string_view::npos) {
        value = arg.substr(value_at);
      } else if (i + 1 < argc) {
        value = argv[++i];
      } else {
        out.error = "option '";
        out.error += name;
        out.error += "' needs a value";
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

namespace {

constexpr option_spec parser_specs[] = {{"--profile", true},
                                        {"--key-checks", false},
                                        {"--no-key-checks", false},
                                        {"--strict", false},
                                        {"--tolerant-base64", false}};

}  // namespace

std::span<const option_spec> parser_option_specs() noexcept {
  return parser_specs;
}

std::string apply_parser_option(std::string_view name, std::string_view value,
                                jwkview::options& opts) {
  if (name == "--profile") {
    if (!jwkview::parse_profile(value, opts.profile)) {
      std::string error = "--profile must be auto, okta or rfc7517, not '";
      error += value;
      return error += '\'';
    }
  } else if (name == "--key-checks" || name == "--no-key-checks") {
    opts.key_checks = name == "--key-checks";
  } else if (name == "--strict") {
    opts.warnings_as_errors = true;
  } else if (name == "--tolerant-base64") {
    opts.base64 = jwkview::base64_mode::tolerant;
  }
  return {};
}

std::string apply_parser_options(const command_args& args, jwkview::options& opts) {
  for (const auto& [name, value] : args.options) {
    for (const option_spec& spec : parser_specs) {
      if (spec.name != name) continue;
      if (std::string error = apply_parser_option(name, value, opts); !error.empty()) return error;
    }
  }
  return {};
}

}  // namespace jwkview_cli
