// jwkview command: `scan --summary`, the counts of a whole run.
#pragma once

#include <array>
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

/// Counts of one enum member of the keys. A registered value is counted by
/// its number (no text is compared per key: a bulk scan counts six members
/// of every key); the rest ("(absent)", "(null)", unregistered texts) by text.
template <typename E, std::size_t N>
struct member_counts {
  std::array<std::size_t, N> by_value{};  ///< [0], unknown, stays 0
  tally by_text;

  void add(const jwkview::enum_member<E>& m);
  void merge(const member_counts& other);
  /// Every count by text, registered values under their spelling.
  [[nodiscard]] tally texts() const;
};

struct scan_summary {
  std::size_t files = 0;
  std::size_t documents = 0;
  std::size_t keys = 0;
  std::size_t errors = 0;
  std::size_t warnings = 0;
  std::uint64_t bytes = 0;
  member_counts<jwkview::key_type, 5> by_kty;
  member_counts<jwkview::algorithm, 36> by_alg;
  member_counts<jwkview::key_use, 3> by_use;
  member_counts<jwkview::key_status, 3> by_status;
  /// The size class: RSA keys by modulus bits (0: unreadable), EC and OKP
  /// keys by curve, others by kty; as text "RSA-2048", "P-256", "oct", ...
  std::map<std::size_t, std::size_t> rsa_bits;
  member_counts<jwkview::curve, 9> by_curve;
  member_counts<jwkview::key_type, 5> other_kty;
  std::array<std::size_t, 3> by_schema{};  ///< by jwkview::profile
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
