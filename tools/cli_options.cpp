// jwkview command: parsing of the `scan` and `convert` arguments.
#include "cli_options.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <system_error>

namespace jwkview_cli {
namespace {

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::string quoted(std::string_view text) {
  std::string out;  // appended piece by piece: g++ 12 -Wrestrict misfires on "'" + std::string
  out.reserve(text.size() + 2);
  out += '\'';
  out += text;
  out += '\'';
  return out;
}

/// Splits "--name=value" into name and value; value is empty when absent.
struct option_text {
  std::string_view name;
  std::optional<std::string_view> value;
};

option_text split_option(std::string_view arg) {
  const std::size_t eq = arg.find('=');
  if (eq == std::string_view::npos) return {arg, std::nullopt};
  return {arg.substr(0, eq), arg.substr(eq + 1)};
}

}  // namespace

bool reads_as_ndjson(input_mode mode, std::string_view file) {
  switch (mode) {
    case input_mode::json:
      return false;
    case input_mode::ndjson:
      return true;
    case input_mode::from_extension:
      break;
  }
  if (file == "-") return false;
  return ends_with(file, ".ndjson") || ends_with(file, ".jsonl");
}

namespace {

/// The argument loop the commands share: operands, "--", -h/--help,
/// --[no-]key-checks and --profile are handled here; a command's own flag is
/// taken when `command_flag(arg)` returns true, and any other option is
/// valued when it is in `valued`: `command_option(name, value)` reads it and
/// returns "" or a usage error. Returns "" or the usage error.
template <typename CommandFlag, typename CommandOption>
std::string parse_args(int argc, const char* const* argv, int first, common_options& opts,
                       std::initializer_list<std::string_view> valued, CommandFlag command_flag,
                       CommandOption command_option) {
  bool options_done = false;
  for (int i = first; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (options_done || arg == "-" || arg.empty() || arg[0] != '-') {
      opts.files.emplace_back(arg);
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    if (arg == "-h" || arg == "--help") {
      opts.help = true;
      continue;
    }
    if (arg == "--no-key-checks") {
      opts.key_checks = false;
      continue;
    }
    if (arg == "--key-checks") {
      opts.key_checks = true;
      continue;
    }
    if (command_flag(arg)) continue;

    const option_text opt = split_option(arg);
    if (opt.name != "--profile" &&
        std::find(valued.begin(), valued.end(), opt.name) == valued.end()) {
      return "unknown option " + quoted(arg);
    }
    std::string_view value;
    if (opt.value) {
      value = *opt.value;
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      return "option " + quoted(opt.name) + " needs a value";
    }

    if (opt.name == "--profile") {
      if (value == "okta") {
        opts.profile = jwkview::profile::okta;
      } else if (value == "rfc7517") {
        opts.profile = jwkview::profile::rfc7517;
      } else {
        return "--profile must be okta or rfc7517, not " + quoted(value);
      }
    } else if (std::string error = command_option(opt.name, value); !error.empty()) {
      return error;
    }
  }
  return {};
}

}  // namespace

parsed_scan_args parse_scan_args(int argc, const char* const* argv, int first) {
  parsed_scan_args out;
  scan_options& opts = out.options;
  const auto flag = [&opts](std::string_view arg) {
    if (arg == "--summary") {
      opts.summary = true;
    } else if (arg == "-q" || arg == "--quiet") {
      opts.quiet = true;
    } else {
      return false;
    }
    return true;
  };
  const auto option = [&opts](std::string_view name, std::string_view value) -> std::string {
    if (name == "--format") {
      if (value == "table") {
        opts.format = output_format::table;
      } else if (value == "ndjson") {
        opts.format = output_format::ndjson;
      } else {
        return "--format must be table or ndjson, not " + quoted(value);
      }
    } else if (name == "--input") {
      if (value == "json") {
        opts.input = input_mode::json;
      } else if (value == "ndjson") {
        opts.input = input_mode::ndjson;
      } else {
        return "--input must be json or ndjson, not " + quoted(value);
      }
    } else if (name == "--jobs" || name == "-j") {
      unsigned jobs = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), jobs);
      if (ec != std::errc() || end != value.data() + value.size() || jobs == 0 || jobs > 1024) {
        return "--jobs must be a number from 1 to 1024, not " + quoted(value);
      }
      opts.jobs = jobs;
    } else if (value == "auto") {  // --progress
      opts.progress = progress_mode::automatic;
    } else if (value == "always") {
      opts.progress = progress_mode::always;
    } else if (value == "never") {
      opts.progress = progress_mode::never;
    } else {
      return "--progress must be auto, always or never, not " + quoted(value);
    }
    return {};
  };
  out.error = parse_args(argc, argv, first, opts,
                         {"--format", "--input", "--jobs", "-j", "--progress"}, flag, option);
  if (out.error.empty() && !opts.help && opts.files.empty()) {
    out.error = "no input: name at least one FILE, or - for standard input";
  }
  return out;
}

parsed_convert_args parse_convert_args(int argc, const char* const* argv, int first) {
  parsed_convert_args out;
  convert_options& opts = out.options;
  bool have_to = false;
  out.error = parse_args(
      argc, argv, first, opts, {"--to"}, [](std::string_view) { return false; },
      [&](std::string_view, std::string_view value) -> std::string {
        if (value == "response") {
          opts.to = jwkview::write_form::response;
        } else if (value == "request") {
          opts.to = jwkview::write_form::request;
        } else if (value == "jwks") {
          opts.to = jwkview::write_form::jwk;
        } else {
          return "--to must be request, response or jwks, not " + quoted(value);
        }
        have_to = true;
        return {};
      });
  if (out.error.empty() && !opts.help && !have_to) {
    out.error = "--to is needed: request, response or jwks";
  }
  if (opts.files.empty()) opts.files.emplace_back("-");
  return out;
}

jwkview::options parser_options(const common_options& opts) {
  jwkview::options p;
  p.profile = opts.profile;
  p.key_checks = opts.key_checks;
  // A set yields at most one error per element plus one for the document:
  // keep them all rather than the default first 256.
  const std::size_t wanted = p.limits.max_keys + 1;
  p.max_reported_errors = static_cast<std::uint32_t>(
      std::min<std::size_t>(wanted, std::numeric_limits<std::uint32_t>::max()));
  return p;
}

}  // namespace jwkview_cli
