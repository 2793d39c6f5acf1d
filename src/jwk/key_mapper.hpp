// The key mapper: one pass over a key object's members, name -> field,
// value -> view, with the duplicate guard and the per-member checks.
#pragma once

#include <array>
#include <string_view>

#include "json/engine.hpp"
#include "jwkview/key.hpp"
#include "name_lookup.hpp"

namespace jwkview::detail {

/// The members that make a root object a set rather than a key, by number:
/// the walker reads them, and the mapper notes them in a root it reads as a
/// key (parse_state::wrapper_names, bit 1 << number).
enum wrapper_member : int { w_keys, w_jwks };
inline constexpr std::array<std::string_view, 2> wrapper_member_names{"keys", "jwks"};

inline int wrapper_member_of(std::string_view name) noexcept {
  return index_of_name<wrapper_member_names>(name);
}

/// Maps the key object at the cursor into `k` (reset first). Returns false when the
/// document failed (state says why); a bad key returns true with
/// state.key_error set.
bool map_key(parse_state& state, key& k) noexcept;

}  // namespace jwkview::detail
