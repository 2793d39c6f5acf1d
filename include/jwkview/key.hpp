// jwkview: the key record.
//
// `jwkview::key` holds every member of Okta's OAuth2ClientJsonSigningKeyResponse
// (RSA and EC), of OAuth2ClientJsonEncryptionKeyResponse, and the public
// members of an RFC 7517 JWK.
//
// ### IMPORTANT: lifetime of the views
// Every std::string_view in a key points either
//  - into the caller's input buffer, when the JSON string has no escape, or
//  - into the parser's scratch space, when it had to be unescaped.
// So a key is valid while BOTH the input buffer is alive and unchanged AND the
// parser that produced it has not started another parse (or been destroyed).
// Copy what you keep. The string_list members follow the same rule.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string_view>

#include "jwkview/export.hpp"
#include "jwkview/options.hpp"

namespace jwkview {

/// Whether a member was absent, present as JSON null, or present with a value.
enum class presence : std::uint8_t { absent, null, value };

/// A member of type T with its presence. `value` is T{} unless state is value.
template <typename T>
struct member {
  T value{};
  presence state = presence::absent;

  [[nodiscard]] constexpr bool has_value() const noexcept { return state == presence::value; }
  [[nodiscard]] constexpr bool is_null() const noexcept { return state == presence::null; }
  [[nodiscard]] constexpr bool is_absent() const noexcept { return state == presence::absent; }
};

using string_member = member<std::string_view>;

/// An enum member: the typed value, and the decoded JSON text it came from.
/// An unrecognised text has value E::unknown and keeps its text.
template <typename E>
struct enum_member {
  E value = E::unknown;
  std::string_view text{};
  presence state = presence::absent;

  [[nodiscard]] constexpr bool has_value() const noexcept { return state == presence::value; }
  [[nodiscard]] constexpr bool is_null() const noexcept { return state == presence::null; }
  [[nodiscard]] constexpr bool is_absent() const noexcept { return state == presence::absent; }
  [[nodiscard]] constexpr bool is(E e) const noexcept {
    return state == presence::value && value == e;
  }
};

enum class key_type : std::uint8_t { unknown, rsa, ec, oct, okp };
enum class key_status : std::uint8_t { unknown, active, inactive };
enum class key_use : std::uint8_t { unknown, sig, enc };
enum class curve : std::uint8_t {
  unknown,
  p256,
  p384,
  p521,
  secp256k1,
  ed25519,
  ed448,
  x25519,
  x448
};
/// JWS and JWE key-management algorithms of the IANA JOSE registry.
enum class algorithm : std::uint8_t {
  unknown,
  rs256,
  rs384,
  rs512,
  ps256,
  ps384,
  ps512,
  es256,
  es384,
  es512,
  es256k,
  eddsa,
  ed25519,
  ed448,
  hs256,
  hs384,
  hs512,
  rsa1_5,
  rsa_oaep,
  rsa_oaep_256,
  rsa_oaep_384,
  rsa_oaep_512,
  ecdh_es,
  ecdh_es_a128kw,
  ecdh_es_a192kw,
  ecdh_es_a256kw,
  a128kw,
  a192kw,
  a256kw,
  a128gcmkw,
  a192gcmkw,
  a256gcmkw,
  dir,
  pbes2_hs256_a128kw,
  pbes2_hs384_a192kw,
  pbes2_hs512_a256kw,
};
/// Okta's HttpMethod enum (hints.allow).
enum class http_method : std::uint8_t { unknown, get, post, put, patch, delete_ };
/// RFC 7517 §4.3 key_ops values.
enum class key_op : std::uint8_t {
  unknown,
  sign,
  verify,
  encrypt,
  decrypt,
  wrap_key,
  unwrap_key,
  derive_key,
  derive_bits
};

/// JSON text of an enum value ("RSA", "P-256", "RSA-OAEP-256", "wrapKey", ...);
/// "" for unknown.
[[nodiscard]] JWKVIEW_API std::string_view to_string(key_type v) noexcept;
[[nodiscard]] JWKVIEW_API std::string_view to_string(key_status v) noexcept;
[[nodiscard]] JWKVIEW_API std::string_view to_string(key_use v) noexcept;
[[nodiscard]] JWKVIEW_API std::string_view to_string(curve v) noexcept;
[[nodiscard]] JWKVIEW_API std::string_view to_string(algorithm v) noexcept;
[[nodiscard]] JWKVIEW_API std::string_view to_string(http_method v) noexcept;
[[nodiscard]] JWKVIEW_API std::string_view to_string(key_op v) noexcept;

/// Exact, case-sensitive lookups of decoded JSON text; unknown when unrecognised.
[[nodiscard]] JWKVIEW_API key_type parse_key_type(std::string_view text) noexcept;
[[nodiscard]] JWKVIEW_API key_status parse_key_status(std::string_view text) noexcept;
[[nodiscard]] JWKVIEW_API key_use parse_key_use(std::string_view text) noexcept;
[[nodiscard]] JWKVIEW_API curve parse_curve(std::string_view text) noexcept;
[[nodiscard]] JWKVIEW_API algorithm parse_algorithm(std::string_view text) noexcept;
[[nodiscard]] JWKVIEW_API http_method parse_http_method(std::string_view text) noexcept;
[[nodiscard]] JWKVIEW_API key_op parse_key_op(std::string_view text) noexcept;

/// Octets of one coordinate (x, y) on a curve; 0 for unknown.
[[nodiscard]] JWKVIEW_API std::size_t coordinate_octets(curve c) noexcept;

/// A set of enum values as a bitmask (bit i is enum value i, so bit 0 is
/// "unknown": set when a list held a value outside the enum).
template <typename E>
class enum_set {
 public:
  constexpr void insert(E e) noexcept { bits_ |= bit(e); }
  [[nodiscard]] constexpr bool contains(E e) const noexcept { return (bits_ & bit(e)) != 0; }
  [[nodiscard]] constexpr bool empty() const noexcept { return bits_ == 0; }
  [[nodiscard]] constexpr std::uint32_t bits() const noexcept { return bits_; }
  friend constexpr bool operator==(enum_set, enum_set) noexcept = default;

 private:
  static constexpr std::uint32_t bit(E e) noexcept {
    return std::uint32_t{1} << static_cast<unsigned>(e);
  }
  std::uint32_t bits_ = 0;
};

namespace detail {
struct string_list_access;
}  // namespace detail

/// A JSON array of strings, read lazily from its validated JSON text.
/// Entries without escapes are views into the input; escaped entries were
/// decoded during the parse into the parser's scratch space (same lifetime
/// rules as every other view). Iteration is forward; operator[] is O(i).
class JWKVIEW_API string_list {
 public:
  class iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = std::string_view;
    using difference_type = std::ptrdiff_t;
    using pointer = const std::string_view*;
    using reference = std::string_view;

    iterator() noexcept = default;
    std::string_view operator*() const noexcept { return current_; }
    iterator& operator++() noexcept {
      advance();
      return *this;
    }
    iterator operator++(int) noexcept {
      iterator old = *this;
      advance();
      return old;
    }
    friend bool operator==(const iterator& a, const iterator& b) noexcept {
      return a.remaining_ == b.remaining_;
    }

   private:
    friend class string_list;
    void advance() noexcept;
    const char* json_ = nullptr;     // next unread byte of the array text
    const char* decoded_ = nullptr;  // next decoded entry in scratch
    std::size_t remaining_ = 0;      // entries left including current_
    std::string_view current_{};
  };

  string_list() noexcept = default;

  [[nodiscard]] std::size_t size() const noexcept { return count_; }
  [[nodiscard]] bool empty() const noexcept { return count_ == 0; }
  [[nodiscard]] iterator begin() const noexcept;
  [[nodiscard]] iterator end() const noexcept { return iterator{}; }
  /// Entry i (i < size()); walks the list from the start.
  [[nodiscard]] std::string_view operator[](std::size_t i) const noexcept;

 private:
  friend struct detail::string_list_access;  // the parser and owned_key build lists
  const char* json_ = nullptr;
  const char* decoded_ = nullptr;
  std::size_t count_ = 0;
};

/// A list member: its entries as text plus, for enum lists, the typed set.
template <typename E>
struct list_member {
  string_list entries{};
  enum_set<E> values{};
  presence state = presence::absent;

  [[nodiscard]] constexpr bool has_value() const noexcept { return state == presence::value; }
  [[nodiscard]] constexpr bool is_null() const noexcept { return state == presence::null; }
  [[nodiscard]] constexpr bool is_absent() const noexcept { return state == presence::absent; }
};

/// One HAL link object of Okta's _links (HrefObject).
struct link {
  presence state = presence::absent;
  string_member href;
  string_member name;
  string_member type;
  member<bool> templated;
  /// hints.allow: HTTP methods as a set, and as listed.
  list_member<http_method> allow;
  presence hints = presence::absent;

  [[nodiscard]] constexpr bool has_value() const noexcept { return state == presence::value; }
};

/// Okta's _links (OAuthClientSecretLinks).
struct links {
  presence state = presence::absent;
  link activate;
  link deactivate;
  link delete_;  ///< the "delete" member

  [[nodiscard]] constexpr bool has_value() const noexcept { return state == presence::value; }
};

/// One parsed JSON Web Key. See the lifetime note at the top of this file.
struct key {
  /// Position in the set (0 for a single key object).
  std::size_t index = 0;
  /// Byte offset of the key's opening brace in the input.
  std::size_t offset = 0;
  /// The schema the key was checked against: profile::okta or
  /// profile::rfc7517 (profile::automatic picks one per key).
  jwkview::profile schema = profile::rfc7517;

  // Okta response members.
  string_member id;
  string_member created;
  string_member last_updated;  ///< "lastUpdated"
  enum_member<key_status> status;
  jwkview::links links;  ///< "_links"

  // JWK members (RFC 7517 §4, RFC 7518 §6).
  enum_member<key_type> kty;
  string_member kid;
  enum_member<algorithm> alg;
  enum_member<key_use> use;
  list_member<key_op> key_ops;
  string_member e;  ///< RSA public exponent, base64url
  string_member n;  ///< RSA modulus, base64url
  enum_member<curve> crv;
  string_member x;  ///< EC or OKP x coordinate / public key, base64url
  string_member y;  ///< EC y coordinate, base64url
  string_member x5u;
  member<string_list> x5c;  ///< standard base64 DER certificates
  string_member x5t;
  string_member x5t_s256;  ///< "x5t#S256"
  /// An oct key's secret, base64url: read only with
  /// options::accept_secret_keys (a gateway's own key file), refused as a
  /// private member otherwise.
  string_member k;
};

}  // namespace jwkview
