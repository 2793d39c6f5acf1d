#include "jwkview/material.hpp"

#include "base64.hpp"

namespace jwkview {

std::size_t modulus_bits(const key& k) noexcept {
  if (!k.kty.is(key_type::rsa) || !k.n.has_value()) return 0;
  return detail::base64url_integer_bits(k.n.value);
}

}  // namespace jwkview
