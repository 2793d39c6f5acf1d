// jwkview command: the options of every command that reads key listings:
// how the parser reads keys, and how a FILE is cut into documents.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "command_args.hpp"
#include "jwkview/options.hpp"
#include "jwkview/stream.hpp"

namespace jwkview_cli {

/// How a FILE operand is split into documents.
enum class input_mode {
  from_extension,  ///< .ndjson and .jsonl are ndjson, anything else (and "-") json
  json,            ///< the whole input is one JSON text
  ndjson,          ///< one JSON text per line; blank lines are skipped
};

struct listing_options {
  /// --profile, --key-checks, --no-key-checks, --strict, --tolerant-base64,
  /// and --max-document-bytes as limits.max_document_bytes (the stream's hold).
  jwkview::options parse{};
  input_mode input = input_mode::from_extension;  ///< --input
};

/// The parser's options, which every command takes.
[[nodiscard]] std::span<const option_spec> parser_option_specs() noexcept;

/// --input and --max-document-bytes, which the commands that read their
/// FILE operands through jwkview::stream take.
[[nodiscard]] std::span<const option_spec> input_option_specs() noexcept;

/// Applies every option of those two groups in `args`, in order: returns ""
/// or a one-line usage error.
[[nodiscard]] std::string read_listing_options(const command_args& args, listing_options& out);

/// How the stream reads one operand.
[[nodiscard]] jwkview::input_format format_of(input_mode mode, std::string_view file);

}  // namespace jwkview_cli
