// jwkview command: parsing of the `scan` and `convert` arguments.
#include "cli_options.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <limits>
#include <optional>
#include <vector>

#include "command_args.hpp"

namespace jwkview_cli {
namespace {

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// Bytes, with an optional K, M or G suffix (KiB, MiB, GiB), up to 1 TiB.
std::optional<std::size_t> parse_bytes(std::string_view text) {
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

/// Parses the arguments with the shared tokenizer (command_args.hpp), then
/// reads the common options and hands each other option, in order, to
/// `command_option(name, value)`, which returns "" or a usage error.
template <std::size_t N, typename CommandOption>
std::string parse_args(int argc, const char* const* argv, int first, common_options& opts,
                       const option_spec (&own)[N], bool files_required,
                       CommandOption command_option) {
  const auto parsing = parser_option_specs();
  std::vector<option_spec> specs(parsing.begin(), parsing.end());
  specs.insert(specs.end(), std::begin(own), std::end(own));
  const command_args args = parse_command_args(argc, argv, first, specs, files_required);
  if (!args.error.empty()) return args.error;
  opts.help = args.help;
  opts.files = args.files;
  if (std::string error = apply_parser_options(args, opts.parse); !error.empty()) return error;
  for (const auto& [name, value] : args.options) {
    const bool parsing_option = std::any_of(parsing.begin(), parsing.end(),
                                            [&](const option_spec& s) { return s.name == name; });
    if (parsing_option) continue;
    if (std::string error = command_option(name, value); !error.empty()) return error;
  }
  return {};
}

}  // namespace

parsed_scan_args parse_scan_args(int argc, const char* const* argv, int first) {
  static constexpr option_spec specs[] = {
      {"--format", true}, {"--input", true},    {"--jobs", true},
      {"-j", true},       {"--progress", true}, {"--summary", false},
      {"--quiet", false}, {"-q", false},        {"--max-document-bytes", true}};
  parsed_scan_args out;
  scan_options& opts = out.options;
  out.error =
      parse_args(argc, argv, first, opts, specs, true,
                 [&opts](std::string_view name, std::string_view value) -> std::string {
                   if (name == "--summary") {
                     opts.summary = true;
                   } else if (name == "--quiet" || name == "-q") {
                     opts.quiet = true;
                   } else if (name == "--format") {
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
                     const std::optional<std::size_t> jobs = parse_count(value, 1, 1024);
                     if (!jobs)
                       return "--jobs must be a number from 1 to 1024, not " + quoted(value);
                     opts.jobs = static_cast<unsigned>(*jobs);
                   } else if (name == "--max-document-bytes") {
                     const std::optional<std::size_t> bytes = parse_bytes(value);
                     if (!bytes)
                       return "--max-document-bytes must be a size from 1 to 1T (a number of "
                              "bytes, or with K, M or G), not " +
                              quoted(value);
                     opts.max_document_bytes = *bytes;
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
                 });
  return out;
}

parsed_convert_args parse_convert_args(int argc, const char* const* argv, int first) {
  static constexpr option_spec specs[] = {{"--to", true}};
  parsed_convert_args out;
  convert_options& opts = out.options;
  bool have_to = false;
  out.error = parse_args(argc, argv, first, opts, specs, false,
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
  jwkview::options p = opts.parse;
  // A set yields at most one error per element plus one for the document:
  // keep them all rather than the default first 256.
  const std::size_t wanted = p.limits.max_keys + 1;
  p.max_reported_errors = static_cast<std::uint32_t>(
      std::min<std::size_t>(wanted, std::numeric_limits<std::uint32_t>::max()));
  return p;
}

}  // namespace jwkview_cli
