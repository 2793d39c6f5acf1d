// jwkview command: the options of `jwkview scan` and their parsing.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "jwkview/options.hpp"

namespace jwkview_cli {

enum class output_format { table, ndjson };

/// How a FILE operand is split into documents.
enum class input_mode {
  from_extension,  ///< .ndjson and .jsonl are ndjson, anything else (and "-") json
  json,            ///< the whole input is one JSON text
  ndjson,          ///< one JSON text per line; blank lines are skipped
};

/// When `scan` draws its progress line on stderr.
enum class progress_mode {
  automatic,  ///< when stderr is a terminal and --quiet is not given
  always,
  never,
};

struct scan_options {
  output_format format = output_format::table;
  progress_mode progress = progress_mode::automatic;
  unsigned jobs = 0;     ///< parallel scanners; 0 means one per core
  bool summary = false;  ///< print counts instead of one row per key
  bool quiet = false;    ///< no progress line
  input_mode input = input_mode::from_extension;
  jwkview::profile profile = jwkview::profile::okta;
  bool key_checks = true;
  bool help = false;               ///< --help / -h given: print the scan help, scan nothing
  std::vector<std::string> files;  ///< operands in order; "-" is standard input
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

/// The input mode used for one operand.
[[nodiscard]] bool reads_as_ndjson(input_mode mode, std::string_view file);

}  // namespace jwkview_cli
