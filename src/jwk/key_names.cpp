// The JSON spelling of every enum, and the reverse lookups.
#include <array>
#include <string_view>

#include "jwk/algorithm_table.hpp"
#include "jwkview/key.hpp"
#include "jwkview/parser.hpp"
#include "name_lookup.hpp"

namespace jwkview {
namespace {

// Index i holds the text of enum value i; index 0 (unknown) is "".
constexpr std::array<std::string_view, 5> key_type_names{"", "RSA", "EC", "oct", "OKP"};
constexpr std::array<std::string_view, 3> key_status_names{"", "ACTIVE", "INACTIVE"};
constexpr std::array<std::string_view, 3> key_use_names{"", "sig", "enc"};
constexpr std::array<std::string_view, 9> curve_names{
    "", "P-256", "P-384", "P-521", "secp256k1", "Ed25519", "Ed448", "X25519", "X448"};
constexpr std::array<std::string_view, 6> http_method_names{"",    "GET",   "POST",
                                                            "PUT", "PATCH", "DELETE"};
constexpr std::array<std::string_view, 9> key_op_names{
    "", "sign", "verify", "encrypt", "decrypt", "wrapKey", "unwrapKey", "deriveKey", "deriveBits"};

template <typename E, std::size_t N>
constexpr std::string_view name(const std::array<std::string_view, N>& names, E v) noexcept {
  const auto i = static_cast<std::size_t>(v);
  return i < N ? names[i] : std::string_view{};
}

// Entry 0 is "" (unknown), which never matches: -1 and 0 are both unknown.
template <typename E, const auto& Names>
E lookup(std::string_view text) noexcept {
  const int i = detail::index_of_name<Names>(text);
  return i > 0 ? static_cast<E>(i) : E::unknown;
}

}  // namespace

std::string_view to_string(key_type v) noexcept {
  return name(key_type_names, v);
}
std::string_view to_string(key_status v) noexcept {
  return name(key_status_names, v);
}
std::string_view to_string(key_use v) noexcept {
  return name(key_use_names, v);
}
std::string_view to_string(curve v) noexcept {
  return name(curve_names, v);
}
std::string_view to_string(algorithm v) noexcept {
  return name(detail::algorithm_names, v);
}
std::string_view to_string(http_method v) noexcept {
  return name(http_method_names, v);
}
std::string_view to_string(key_op v) noexcept {
  return name(key_op_names, v);
}

key_type parse_key_type(std::string_view t) noexcept {
  return lookup<key_type, key_type_names>(t);
}
key_status parse_key_status(std::string_view t) noexcept {
  return lookup<key_status, key_status_names>(t);
}
key_use parse_key_use(std::string_view t) noexcept {
  return lookup<key_use, key_use_names>(t);
}
curve parse_curve(std::string_view t) noexcept {
  return lookup<curve, curve_names>(t);
}
algorithm parse_algorithm(std::string_view t) noexcept {
  return lookup<algorithm, detail::algorithm_names>(t);
}
http_method parse_http_method(std::string_view t) noexcept {
  return lookup<http_method, http_method_names>(t);
}
key_op parse_key_op(std::string_view t) noexcept {
  return lookup<key_op, key_op_names>(t);
}

std::size_t coordinate_octets(curve c) noexcept {
  switch (c) {
    case curve::p256:
    case curve::secp256k1:
    case curve::ed25519:
    case curve::x25519:
      return 32;
    case curve::p384:
      return 48;
    case curve::p521:
      return 66;
    case curve::ed448:
      return 57;
    case curve::x448:
      return 56;
    case curve::unknown:
      break;
  }
  return 0;
}

std::string_view to_string(set_shape shape) noexcept {
  switch (shape) {
    case set_shape::none:
      return "none";
    case set_shape::single_key:
      return "single_key";
    case set_shape::array:
      return "array";
    case set_shape::keys_object:
      return "keys_object";
    case set_shape::jwks_object:
      return "jwks_object";
  }
  return "none";
}

std::string_view to_string(profile p) noexcept {
  switch (p) {
    case profile::automatic:
      return "auto";
    case profile::okta:
      return "okta";
    case profile::rfc7517:
      return "rfc7517";
  }
  return "auto";
}

bool parse_profile(std::string_view text, profile& out) noexcept {
  for (const profile p : {profile::automatic, profile::okta, profile::rfc7517}) {
    if (text == to_string(p)) {
      out = p;
      return true;
    }
  }
  return false;
}

}  // namespace jwkview
