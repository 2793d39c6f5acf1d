// The key rules: what a key object must satisfy once all its members are
// read (required members, kty/crv/alg/use agreement, coordinate lengths).
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

#include "jwkview/error.hpp"
#include "jwkview/key.hpp"
#include "jwkview/parser.hpp"

namespace jwkview::detail {

/// Where the mapper saw the members the rules point at.
struct member_positions {
  const char* object = nullptr;  // the key's '{'
  // Members (their value or null), as the schema's position column says.
  const char* n = nullptr;  // a null n or e: required for RSA but nullable
  const char* e = nullptr;
  const char* use = nullptr;
  const char* crv = nullptr;
  const char* alg = nullptr;
  const char* x = nullptr;
  const char* y = nullptr;
  const char* k = nullptr;         // an oct key's secret (options::accept_secret_keys)
  const char* activate = nullptr;  // link objects, for a missing href
  const char* deactivate = nullptr;
  const char* delete_ = nullptr;
};

/// A rule's violation: the member's path below the key object ("crv", or
/// "_links" "activate" "href"), the byte it points at, and what is wrong.
struct rule_violation {
  error_code code = error_code::ok;
  std::array<std::string_view, 3> path{};
  std::size_t path_size = 0;
  const char* at = nullptr;
  std::string_view message;
};

/// Where the rules report, and what they are asked to check. The rules stop
/// at their first violation, except that a private member is reported
/// after another: the receiver decides which one the key keeps.
class rule_sink {
 public:
  using report_fn = void (*)(void* context, const rule_violation& v) noexcept;

  rule_sink(report_fn report, void* context, profile schema, bool key_checks) noexcept
      : report_(report), context_(context), schema_(schema), key_checks_(key_checks) {}

  void fail(const rule_violation& v) noexcept {
    failed_ = true;
    report_(context_, v);
  }
  [[nodiscard]] bool failed() const noexcept { return failed_; }
  /// The key's schema (okta or rfc7517, never automatic).
  [[nodiscard]] profile schema() const noexcept { return schema_; }
  /// options::key_checks: the checks beyond the schema's.
  [[nodiscard]] bool key_checks() const noexcept { return key_checks_; }

 private:
  report_fn report_;
  void* context_;
  profile schema_;
  bool key_checks_;
  bool failed_ = false;
};

/// Applies the rules to a key whose members had no problem.
void check_key_rules(rule_sink& sink, const key& k, const member_positions& at) noexcept;

}  // namespace jwkview::detail
