// The key mapper: one pass over a key object's members, name -> field,
// value -> view, with the duplicate guard and the per-member checks.
#pragma once

#include "json/engine.hpp"
#include "jwkview/key.hpp"

namespace jwkview::detail {

/// Maps the key object at the cursor into `k` (reset first). Returns false when the
/// document failed (state says why); a bad key returns true with
/// state.key_error set.
bool map_key(parse_state& state, key& k) noexcept;

}  // namespace jwkview::detail
