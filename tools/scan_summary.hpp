// jwkview command: `scan --summary`, the counts of a whole run.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "jwkview/key.hpp"

namespace jwkview_cli {

/// Counts by text; std::less<> lets lookups by string_view not allocate.
using tally = std::map<std::string, std::size_t, std::less<>>;

struct scan_summary {
  std::size_t files = 0;
  std::size_t documents = 0;
  std::size_t keys = 0;
  std::size_t errors = 0;
  std::size_t warnings = 0;
  std::uint64_t bytes = 0;
  tally by_kty;
  tally by_alg;
  tally by_use;
  tally by_status;
  tally by_size;    ///< "RSA-2048", "P-256", "Ed25519", "oct", ...
  tally by_schema;  ///< "okta", "rfc7517"
  tally errors_by_class;
  tally errors_by_code;

  void add_key(const jwkview::key& k);
  void add_error(std::string_view cls, std::string_view code);
  void merge(const scan_summary& other);
};

/// The summary for people: one "name: count" block per tally, then totals
/// and speed over `seconds`.
[[nodiscard]] std::string summary_text(const scan_summary& s, double seconds);

/// One NDJSON line:
/// {"type":"summary","files":F,"documents":D,"keys":K,"errors":E,"bytes":B,
///  "seconds":S,"mb_per_s":M,"keys_per_s":R,"kty":{...},"alg":{...},
///  "use":{...},"status":{...},"size":{...},"error_class":{...},"error_code":{...}}
[[nodiscard]] std::string summary_ndjson(const scan_summary& s, double seconds);

}  // namespace jwkview_cli
