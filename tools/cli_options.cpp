// jwkview command: parsing of the `scan` arguments.
#include "cli_options.hpp"

#include <charconv>
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

parsed_scan_args parse_scan_args(int argc, const char* const* argv, int first) {
  parsed_scan_args out;
  scan_options& opts = out.options;
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
    if (arg == "--summary") {
      opts.summary = true;
      continue;
    }
    if (arg == "-q" || arg == "--quiet") {
      opts.quiet = true;
      continue;
    }

    const option_text opt = split_option(arg);
    if (opt.name != "--format" && opt.name != "--input" && opt.name != "--profile" &&
        opt.name != "--jobs" && opt.name != "-j" && opt.name != "--progress") {
      out.error = "unknown option " + quoted(arg);
      return out;
    }
    std::string_view value;
    if (opt.value) {
      value = *opt.value;
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      out.error = "option " + quoted(opt.name) + " needs a value";
      return out;
    }

    if (opt.name == "--format") {
      if (value == "table") {
        opts.format = output_format::table;
      } else if (value == "ndjson") {
        opts.format = output_format::ndjson;
      } else {
        out.error = "--format must be table or ndjson, not " + quoted(value);
        return out;
      }
    } else if (opt.name == "--jobs" || opt.name == "-j") {
      unsigned jobs = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), jobs);
      if (ec != std::errc() || end != value.data() + value.size() || jobs == 0 || jobs > 1024) {
        out.error = "--jobs must be a number from 1 to 1024, not " + quoted(value);
        return out;
      }
      opts.jobs = jobs;
    } else if (opt.name == "--progress") {
      if (value == "auto") {
        opts.progress = progress_mode::automatic;
      } else if (value == "always") {
        opts.progress = progress_mode::always;
      } else if (value == "never") {
        opts.progress = progress_mode::never;
      } else {
        out.error = "--progress must be auto, always or never, not " + quoted(value);
        return out;
      }
    } else if (opt.name == "--input") {
      if (value == "json") {
        opts.input = input_mode::json;
      } else if (value == "ndjson") {
        opts.input = input_mode::ndjson;
      } else {
        out.error = "--input must be json or ndjson, not " + quoted(value);
        return out;
      }
    } else {
      if (value == "okta") {
        opts.profile = jwkview::profile::okta;
      } else if (value == "rfc7517") {
        opts.profile = jwkview::profile::rfc7517;
      } else {
        out.error = "--profile must be okta or rfc7517, not " + quoted(value);
        return out;
      }
    }
  }

  if (!opts.help && opts.files.empty()) {
    out.error = "no input: name at least one FILE, or - for standard input";
  }
  return out;
}

}  // namespace jwkview_cli
