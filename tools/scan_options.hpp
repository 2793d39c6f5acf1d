// jwkview command: the options of `jwkview scan` and their reading.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "command_args.hpp"
#include "listing_options.hpp"

namespace jwkview_cli {

enum class output_format { table, ndjson };

/// When `scan` draws its progress line on stderr.
enum class progress_mode {
  automatic,  ///< when stderr is a terminal and --quiet is not given
  always,
  never,
};

struct scan_options {
  listing_options listing;
  std::vector<std::string> files;  ///< operands in order; "-" is standard input
  output_format format = output_format::table;
  progress_mode progress = progress_mode::automatic;
  unsigned jobs = 0;     ///< parallel scanners; 0 means one per core
  bool summary = false;  ///< print counts instead of one row per key
  bool quiet = false;    ///< no progress line
};

/// The options scan takes besides the parser's and the input's.
[[nodiscard]] std::span<const option_spec> scan_option_specs() noexcept;

/// Reads scan's options from `args`, in order: returns "" or a one-line
/// usage error.
[[nodiscard]] std::string read_scan_options(const command_args& args, scan_options& out);

}  // namespace jwkview_cli
