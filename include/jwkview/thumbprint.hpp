// jwkview: RFC 7638 JWK thumbprints (SHA-256), in libjwkview_openssl.
//
//   jwkview::code_result<jwkview::thumbprint> t = jwkview::compute_thumbprint(k);
//   if (t) std::puts(std::string(t->text()).c_str());   //
//   NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs t->uri();    //
//   urn:ietf:params:oauth:jwk-thumbprint:sha-256:NzbLsX... (RFC 9278)
//
// The hashed input is thumbprint_input (material.hpp): the key's required
// members as canonical JSON, with n and e in minimal form. It is built in a
// stack buffer of `thumbprint_stack_bytes` (every RSA key up to 16384 bits
// fits) or, for larger inputs, in the caller's scratch buffer, and hashed with
// libcrypto's SHA256_Init/Update/Final, which keep their state on the stack:
// no call here allocates (tests/alloc_test.cpp checks this). (An OpenSSL
// built without its deprecated API falls back to EVP: one allocation per
// thumbprint.) Needs the Meson dependency 'jwkview-openssl' (pkg-config
// jwkview-openssl).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "jwkview/base64url.hpp"
#include "jwkview/error.hpp"
#include "jwkview/export.hpp"
#include "jwkview/key.hpp"
#include "jwkview/key_index.hpp"

namespace jwkview {

/// A SHA-256 JWK thumbprint: the digest, its base64url text and its RFC 9278
/// URI. Self-contained (no views into the key), trivially copyable.
class thumbprint {
 public:
  static constexpr std::size_t digest_size = 32;
  static constexpr std::size_t text_size = 43;  ///< base64url of the digest
  static constexpr std::size_t uri_size = thumbprint_uri_prefix.size() + text_size;

  thumbprint() noexcept = default;
  explicit thumbprint(const key_index::digest& d) noexcept : digest_(d) {
    for (std::size_t i = 0; i < thumbprint_uri_prefix.size(); ++i)
      uri_[i] = thumbprint_uri_prefix[i];
    (void)base64url_encode(digest_, std::span<char>(uri_).subspan(thumbprint_uri_prefix.size()));
  }

  /// The 32 octets of SHA-256.
  [[nodiscard]] const key_index::digest& digest() const noexcept { return digest_; }
  /// The 43 characters of base64url (the usual "kid" form).
  [[nodiscard]] std::string_view text() const noexcept {
    return {uri_.data() + thumbprint_uri_prefix.size(), text_size};
  }
  /// "urn:ietf:params:oauth:jwk-thumbprint:sha-256:" followed by text().
  [[nodiscard]] std::string_view uri() const noexcept { return {uri_.data(), uri_size}; }

  friend bool operator==(const thumbprint& a, const thumbprint& b) noexcept {
    return a.digest_ == b.digest_;
  }

 private:
  key_index::digest digest_{};
  std::array<char, uri_size> uri_{};
};

/// Bytes of the stack buffer compute_thumbprint(k) builds the input in.
inline constexpr std::size_t thumbprint_stack_bytes = 4096;

/// The RFC 7638 SHA-256 thumbprint of an RSA, EC or OKP key.
/// Errors: those of thumbprint_input (unsupported_key, missing_member,
/// invalid_base64url, wrong_coordinate_length); buffer_too_small when the
/// input exceeds thumbprint_stack_bytes (use the overload with scratch);
/// crypto_failure if libcrypto fails.
[[nodiscard]] JWKVIEW_OPENSSL_API code_result<thumbprint> compute_thumbprint(const key& k) noexcept;

/// The same, building the input in `scratch` (thumbprint_input_size(k) bytes).
[[nodiscard]] JWKVIEW_OPENSSL_API code_result<thumbprint> compute_thumbprint(
    const key& k, std::span<char> scratch) noexcept;

/// compute_thumbprint's digest in the shape key_index::build() takes:
///   index.build(keys, slots, &jwkview::thumbprint_digest);
[[nodiscard]] JWKVIEW_OPENSSL_API bool thumbprint_digest(const key& k,
                                                         key_index::digest& out) noexcept;

}  // namespace jwkview
