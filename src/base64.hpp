// Canonical base64url (RFC 7515 §2, JWK members) and padded standard base64
// (RFC 4648 §4, x5c entries) checks.
#pragma once

#include <cstddef>
#include <string_view>

namespace jwkview::detail {

inline constexpr std::size_t not_base64 = static_cast<std::size_t>(-1);

/// Decoded length of canonical unpadded base64url text (URL alphabet, no
/// '=', no stray low bits in the last character), or not_base64.
std::size_t base64url_decoded_size(std::string_view text) noexcept;

/// Decoded length of canonical padded standard base64 text, or not_base64.
std::size_t base64_decoded_size(std::string_view text) noexcept;

/// Bit length of the big-endian unsigned integer that canonical base64url
/// text encodes (leading zero bits ignored); 0 for not_base64 or zero.
std::size_t base64url_integer_bits(std::string_view text) noexcept;

}  // namespace jwkview::detail
