// jwkview command: the options of `jwkview scan` and `jwkview convert` and
// their parsing.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "jwkview/options.hpp"
#include "jwkview/write.hpp"

namespace jwkview_cli {

enum class output_format { table, ndjson };

/// How a FILE operand is split into documents.
enum class input_mode {
  from_extension,  ///< .ndjson and .jsonl are ndjson, anything else (and "-") json
  json,            ///< the whole input is one JSON text
  ndjson,          ///< one JSON text per line; blank lines are skipped
};

/// What every command that reads key listings accepts.
struct common_options {
  jwkview::options parse{};        ///< --profile, --key-checks, --strict, --tolerant-base64
  bool help = false;               ///< --help / -h given: print the help, do nothing else
  std::vector<std::string> files;  ///< operands in order; "-" is standard input
};

/// When `scan` draws its progress line on stderr.
enum class progress_mode {
  automatic,  ///< when stderr is a terminal and --quiet is not given
  always,
  never,
};

struct scan_options : common_options {
  output_format format = output_format::table;
  input_mode input = input_mode::from_extension;
  progress_mode progress = progress_mode::automatic;
  unsigned jobs = 0;  ///< parallel scanners; 0 means one per core
  /// The hold: longer documents are streamed provisionally (jwkview::stream).
  std::size_t max_document_bytes = jwkview::limits{}.max_document_bytes;
  bool summary = false;  ///< print counts instead of one row per key
  bool quiet = false;    ///< no progress line
};

/// The outcome of parsing the arguments after "scan".
struct parsed_scan_args {
  scan_options options;
  std::string error;  ///< empty on success; otherwise a one-line usage error
};

/// Parses the arguments that follow `scan` (argv[first..argc)). Options and
/// operands may be mixed; "--" ends the options; "--opt=value" and
/// "--opt value" are both accepted.
[[nodiscard]] parsed_scan_args parse_scan_args(int argc, const char* const* argv, int first);

struct convert_options : common_options {
  jwkview::write_form to = jwkview::write_form::response;
};

/// The outcome of parsing the arguments after "convert".
struct parsed_convert_args {
  convert_options options;
  std::string error;  ///< empty on success; otherwise a one-line usage error
};

/// Parses the arguments that follow `convert`, as parse_scan_args does.
/// --to is required; no FILE means standard input.
[[nodiscard]] parsed_convert_args parse_convert_args(int argc, const char* const* argv, int first);

/// The parser options for a command: its profile and key checks, and room
/// to report every error of a set (one per element plus one).
[[nodiscard]] jwkview::options parser_options(const common_options& opts);

/// The input mode used for one operand.
[[nodiscard]] bool reads_as_ndjson(input_mode mode, std::string_view file);

}  // namespace jwkview_cli
