// jwkview command: the options of every command that reads key listings.
#include "listing_options.hpp"

#include <optional>

namespace jwkview_cli {
namespace {

constexpr option_spec parser_specs[] = {{"--profile", true},
                                        {"--key-checks", false},
                                        {"--no-key-checks", false},
                                        {"--strict", false},
                                        {"--tolerant-base64", false}};

constexpr option_spec input_specs[] = {{"--input", true}, {"--max-document-bytes", true}};

// Applies one option of the two groups; any other is the command's own.
std::string apply(std::string_view name, std::string_view value, listing_options& out) {
  jwkview::options& parse = out.parse;
  if (name == "--profile") {
    if (!jwkview::parse_profile(value, parse.profile))
      return "--profile must be auto, okta or rfc7517, not " + quoted(value);
  } else if (name == "--key-checks" || name == "--no-key-checks") {
    parse.key_checks = name == "--key-checks";
  } else if (name == "--strict") {
    parse.warnings_as_errors = true;
  } else if (name == "--tolerant-base64") {
    parse.base64 = jwkview::base64_mode::tolerant;
  } else if (name == "--input") {
    static constexpr choice<input_mode> modes[] = {{"json", input_mode::json},
                                                   {"ndjson", input_mode::ndjson}};
    return read_choice(name, value, modes, out.input);
  } else if (name == "--max-document-bytes") {
    const std::optional<std::size_t> bytes = parse_size(value);
    if (!bytes)
      return "--max-document-bytes must be a size from 1 to 1T (a number of bytes, or with K, "
             "M or G), not " +
             quoted(value);
    parse.limits.max_document_bytes = *bytes;
  }
  return {};
}

}  // namespace

std::span<const option_spec> parser_option_specs() noexcept {
  return parser_specs;
}

std::span<const option_spec> input_option_specs() noexcept {
  return input_specs;
}

std::string read_listing_options(const command_args& args, listing_options& out) {
  for (const auto& [name, value] : args.options) {
    if (std::string error = apply(name, value, out); !error.empty()) return error;
  }
  return {};
}

jwkview::input_format format_of(input_mode mode, std::string_view file) {
  bool ndjson = mode == input_mode::ndjson;
  if (mode == input_mode::from_extension) {
    ndjson = file != "-" && (file.ends_with(".ndjson") || file.ends_with(".jsonl"));
  }
  return ndjson ? jwkview::input_format::json_lines : jwkview::input_format::single_document;
}

}  // namespace jwkview_cli
