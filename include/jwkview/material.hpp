// jwkview: facts about key material that need no cryptography library.
#pragma once

#include <cstddef>

#include "jwkview/export.hpp"
#include "jwkview/key.hpp"

namespace jwkview {

/// Size of an RSA key: the bit length of the modulus `n`, ignoring leading
/// zero octets (Okta serialises some moduli with one). 0 when the key is not
/// RSA or `n` is not canonical base64url.
[[nodiscard]] JWKVIEW_API std::size_t modulus_bits(const key& k) noexcept;

}  // namespace jwkview
