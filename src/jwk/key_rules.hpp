// The key rules: what a key object must satisfy once all its members are
// read (required members, kty/crv/alg/use agreement, coordinate lengths).
#pragma once

#include <cstddef>

#include "json/engine.hpp"
#include "jwkview/key.hpp"

namespace jwkview::detail {

/// Where the mapper saw the members the rules point at.
struct member_positions {
  const char* object = nullptr;  // the key's '{'
  const char* n_null = nullptr;  // a null n or e (required for RSA but nullable)
  const char* e_null = nullptr;
  const char* use = nullptr;
  const char* crv = nullptr;  // its value or null
  const char* alg = nullptr;
  const char* x = nullptr;
  const char* y = nullptr;
  const char* k = nullptr;         // an oct key's secret (options::accept_secret_keys)
  const char* activate = nullptr;  // link objects, for a missing href
  const char* deactivate = nullptr;
  const char* delete_ = nullptr;
};

/// Applies the rules to a key whose members had no problem; records the
/// first violation with state.fail_key.
void check_key_rules(parse_state& state, const key& k, const member_positions& at) noexcept;

}  // namespace jwkview::detail
