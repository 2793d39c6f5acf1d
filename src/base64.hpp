// Canonical base64url (RFC 7515 §2, JWK members) and padded standard base64
// (RFC 4648 §4, x5c entries) checks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace jwkview::detail {

inline constexpr std::size_t not_base64 = static_cast<std::size_t>(-1);
/// Returned by the decoders when the text is canonical but `capacity` is
/// smaller than its decoded size.
inline constexpr std::size_t too_small = static_cast<std::size_t>(-2);

/// Decoded length of canonical unpadded base64url text (URL alphabet, no
/// '=', no stray low bits in the last character), or not_base64.
std::size_t base64url_decoded_size(std::string_view text) noexcept;

/// Decoded length of canonical padded standard base64 text, or not_base64.
std::size_t base64_decoded_size(std::string_view text) noexcept;

/// Bit length of the big-endian unsigned integer that canonical base64url
/// text encodes (leading zero bits ignored); 0 for not_base64 or zero.
std::size_t base64url_integer_bits(std::string_view text) noexcept;

/// Decodes canonical unpadded base64url text into out[0, capacity): returns
/// the octets written, not_base64 (nothing written) or too_small (nothing
/// written). Validates with base64url_decoded_size first.
std::size_t base64url_decode(std::string_view text, std::uint8_t* out,
                             std::size_t capacity) noexcept;

/// The same for canonical padded standard base64 (x5c).
std::size_t base64_decode(std::string_view text, std::uint8_t* out, std::size_t capacity) noexcept;

/// Writes the canonical unpadded base64url text of in[0, size) to out, which
/// holds at least (size * 4 + 2) / 3 characters; returns the characters written.
std::size_t base64url_encode(const std::uint8_t* in, std::size_t size, char* out) noexcept;

}  // namespace jwkview::detail
