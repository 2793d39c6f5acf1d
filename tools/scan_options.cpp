// jwkview command: the options of `jwkview scan` and their reading.
#include "scan_options.hpp"

#include <optional>

namespace jwkview_cli {
namespace {

constexpr option_spec specs[] = {{"--format", true},   {"--jobs", true},     {"-j", true},
                                 {"--progress", true}, {"--summary", false}, {"--quiet", false},
                                 {"-q", false}};

// Applies one of scan's own options; any other is a listing option.
std::string apply(std::string_view name, std::string_view value, scan_options& out) {
  if (name == "--summary") {
    out.summary = true;
  } else if (name == "--quiet" || name == "-q") {
    out.quiet = true;
  } else if (name == "--format") {
    static constexpr choice<output_format> formats[] = {{"table", output_format::table},
                                                        {"ndjson", output_format::ndjson}};
    return read_choice(name, value, formats, out.format);
  } else if (name == "--jobs" || name == "-j") {
    const std::optional<std::size_t> jobs = parse_count(value, 1, 1024);
    if (!jobs) return "--jobs must be a number from 1 to 1024, not " + quoted(value);
    out.jobs = static_cast<unsigned>(*jobs);
  } else if (name == "--progress") {
    static constexpr choice<progress_mode> modes[] = {{"auto", progress_mode::automatic},
                                                      {"always", progress_mode::always},
                                                      {"never", progress_mode::never}};
    return read_choice(name, value, modes, out.progress);
  }
  return {};
}

}  // namespace

std::span<const option_spec> scan_option_specs() noexcept {
  return specs;
}

std::string read_scan_options(const command_args& args, scan_options& out) {
  if (std::string error = read_listing_options(args, out.listing); !error.empty()) return error;
  for (const auto& [name, value] : args.options) {
    if (std::string error = apply(name, value, out); !error.empty()) return error;
  }
  out.files = args.files;
  return {};
}

}  // namespace jwkview_cli
