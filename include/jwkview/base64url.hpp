// jwkview: canonical base64url (RFC 7515 §2) and padded standard base64
// (RFC 4648 §4, the x5c certificates of RFC 7517 §4.7) into caller buffers.
//
//   std::uint8_t n[jwkview::base64url_max_decoded_size(512)];       // or size it from the text
//   jwkview::code_result<std::size_t> r = jwkview::base64url_decode(k.n.value, n);
//   if (!r) handle(r.code);   // invalid_base64url, or buffer_too_small (r.value = octets needed)
//
// The decoders are exactly as strict as the parser's key checks: the URL
// alphabet without '=' (base64url), or the standard alphabet with exactly the
// padding a final group needs (base64); no whitespace; and no stray low bits
// in the last character, so every octet string has exactly one accepted
// text. Nothing is written unless the whole text is valid and fits.
//
// None of these functions allocates or throws. They read only `text` and
// write only [out.data(), out.data() + decoded size).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "jwkview/error.hpp"
#include "jwkview/export.hpp"

namespace jwkview {

/// Octets that `chars` characters of canonical unpadded base64url decode to
/// (exact when the text is canonical; use it to size a buffer before decoding).
[[nodiscard]] constexpr std::size_t base64url_max_decoded_size(std::size_t chars) noexcept {
  return chars / 4 * 3 + (chars % 4 > 1 ? chars % 4 - 1 : 0);
}

/// Octets that `chars` characters of padded base64 decode to at most (the
/// exact size is smaller by the number of '=').
[[nodiscard]] constexpr std::size_t base64_max_decoded_size(std::size_t chars) noexcept {
  return chars / 4 * 3;
}

/// Characters of the canonical unpadded base64url text of `octets` octets.
[[nodiscard]] constexpr std::size_t base64url_encoded_size(std::size_t octets) noexcept {
  return octets / 3 * 4 + (octets % 3 == 0 ? 0 : octets % 3 + 1);
}

/// Exact decoded size of canonical unpadded base64url text; error
/// invalid_base64url otherwise. The empty text is valid (0 octets).
[[nodiscard]] JWKVIEW_API code_result<std::size_t> base64url_decoded_size(
    std::string_view text) noexcept;

/// Exact decoded size of canonical padded standard base64 text; error
/// invalid_base64 otherwise.
[[nodiscard]] JWKVIEW_API code_result<std::size_t> base64_decoded_size(
    std::string_view text) noexcept;

/// Decodes canonical unpadded base64url text into `out`; the value is the
/// number of octets written. Errors: invalid_base64url; buffer_too_small
/// (nothing written; the value is the size needed).
[[nodiscard]] JWKVIEW_API code_result<std::size_t> base64url_decode(
    std::string_view text, std::span<std::uint8_t> out) noexcept;

/// Decodes canonical padded standard base64 (an x5c entry: DER) into `out`.
/// Errors: invalid_base64; buffer_too_small (value: the size needed).
[[nodiscard]] JWKVIEW_API code_result<std::size_t> base64_decode(
    std::string_view text, std::span<std::uint8_t> out) noexcept;

/// Writes the canonical unpadded base64url text of `octets` into `out`; the
/// value is the number of characters written (base64url_encoded_size).
/// Error: buffer_too_small (nothing written; value: the size needed).
[[nodiscard]] JWKVIEW_API code_result<std::size_t> base64url_encode(
    std::span<const std::uint8_t> octets, std::span<char> out) noexcept;

}  // namespace jwkview
