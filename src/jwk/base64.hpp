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

/// The first reason text is not canonical, for messages.
enum class base64_fault : std::uint8_t {
  none,
  padding,            ///< '=' (base64url), or padding that is not at the end or not complete
  other_alphabet,     ///< '+' or '/' in base64url, '-' or '_' in standard base64
  invalid_character,  ///< a byte in neither alphabet
  lone_character,     ///< a length that leaves one character over (base64url)
  stray_bits,         ///< the last character's unused bits are not zero
};
struct base64_diagnosis {
  base64_fault fault = base64_fault::none;
  std::size_t at = 0;  ///< index of the character at fault
};

/// Why text is not canonical unpadded base64url (fault none when it is).
base64_diagnosis diagnose_base64url(std::string_view text) noexcept;
/// Why text is not canonical padded standard base64.
base64_diagnosis diagnose_base64(std::string_view text) noexcept;

/// options::base64 tolerant: the canonical base64url of text written in
/// either alphabet (not both), unpadded or with complete padding, and with
/// no stray bits. Writes at most text.size() bytes to out and returns their
/// number, or not_base64 (out then holds anything).
std::size_t tolerant_base64url(std::string_view text, char* out) noexcept;

/// Writes the canonical unpadded base64url text of in[0, size) to out, which
/// holds at least (size * 4 + 2) / 3 characters; returns the characters written.
std::size_t base64url_encode(const std::uint8_t* in, std::size_t size, char* out) noexcept;

}  // namespace jwkview::detail
