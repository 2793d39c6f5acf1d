// The key schema: one row per member of a key object. The mapper's lookup and
// dispatch read it.
//
// Everything is constexpr: the readers unroll the table at compile time
// (for_rows), so each row compiles to the code a hand-written case would.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

#include "jwk/key_rules.hpp"
#include "jwkview/key.hpp"

namespace jwkview::detail {

/// How the mapper reads a member's value.
enum class member_kind : std::uint8_t {
  text,           // a string
  enumerated,     // a string naming an enum value
  material,       // base64url key material
  sha1_digest,    // base64url certificate thumbprints: problems are warnings
  sha256_digest,  //
  key_ops,        // RFC 7517 §4.3's list
  certificates,   // x5c: standard base64 DER
  links,          // Okta's _links
  secret,         // an oct key's k: material with options::accept_secret_keys
  private_key,    // a private member: always refused
};

/// Who has the member, which decides where it is written.
enum class member_group : std::uint8_t {
  okta_read_only,  // Okta's, set by the server: the response form only
  okta,            // Okta's: the response and request forms
  jwk,             // RFC 7517/7518: every form
  unwritten,       // never written: k (read and compared) and the private members
};

/// The record member: a pointer to the field of jwkview::key, of one of the
/// field types; monostate for a refused member.
using record_member =
    std::variant<std::monostate, string_member key::*, enum_member<key_type> key::*,
                 enum_member<key_status> key::*, enum_member<algorithm> key::*,
                 enum_member<key_use> key::*, enum_member<curve> key::*, list_member<key_op> key::*,
                 member<string_list> key::*, links key::*>;

/// A set of enum values as bits (bit i is value i), for Okta's allowed values.
using value_bits = std::uint64_t;
inline constexpr value_bits every_value = ~value_bits{0};

template <typename... E>
constexpr value_bits values(E... e) noexcept {
  return ((value_bits{1} << static_cast<unsigned>(e)) | ...);
}

struct member_row {
  std::string_view name;
  member_kind kind;
  bool nullable;
  member_group group;
  /// Enumerated members: the values the okta schema allows (unknown never is,
  /// unless every_value: then the okta schema checks nothing).
  value_bits okta_values;
  record_member member;
  /// Where the mapper notes the value's position for the rules.
  const char* member_positions::*position;
};

namespace schema {
constexpr bool null = true;
constexpr bool no_null = false;
constexpr value_bits okta_statuses = values(key_status::active, key_status::inactive);
constexpr value_bits okta_key_types = values(key_type::rsa, key_type::ec);
constexpr value_bits okta_uses = values(key_use::sig, key_use::enc);
constexpr value_bits okta_curves = values(curve::p256, curve::p384, curve::p521);
using k = member_kind;
using g = member_group;
using at = member_positions;
}  // namespace schema

// Rows in the response form's order (Okta's schema, then RFC 7517's other
// members), then the members never written.
// clang-format off
inline constexpr std::array key_schema = [] {
  using namespace schema;
  return std::to_array<member_row>({
  // name           kind              null     group              Okta's values   record member       position
    {"id",          k::text,          no_null, g::okta_read_only, 0,              &key::id,           nullptr},
    {"created",     k::text,          null,    g::okta_read_only, 0,              &key::created,      nullptr},
    {"lastUpdated", k::text,          null,    g::okta_read_only, 0,              &key::last_updated, nullptr},
    {"_links",      k::links,         no_null, g::okta_read_only, 0,              &key::links,        nullptr},
    {"kid",         k::text,          null,    g::jwk,            0,              &key::kid,          nullptr},
    {"status",      k::enumerated,    no_null, g::okta,           okta_statuses,  &key::status,       nullptr},
    {"kty",         k::enumerated,    no_null, g::jwk,            okta_key_types, &key::kty,          nullptr},
    {"alg",         k::enumerated,    null,    g::jwk,            every_value,    &key::alg,          &at::alg},
    {"use",         k::enumerated,    null,    g::jwk,            okta_uses,      &key::use,          &at::use},
    {"e",           k::material,      null,    g::jwk,            0,              &key::e,            &at::e},
    {"n",           k::material,      null,    g::jwk,            0,              &key::n,            &at::n},
    {"x",           k::material,      no_null, g::jwk,            0,              &key::x,            &at::x},
    {"y",           k::material,      no_null, g::jwk,            0,              &key::y,            &at::y},
    {"crv",         k::enumerated,    null,    g::jwk,            okta_curves,    &key::crv,          &at::crv},
    {"key_ops",     k::key_ops,       no_null, g::jwk,            0,              &key::key_ops,      nullptr},
    {"x5u",         k::text,          no_null, g::jwk,            0,              &key::x5u,          nullptr},
    {"x5c",         k::certificates,  no_null, g::jwk,            0,              &key::x5c,          nullptr},
    {"x5t",         k::sha1_digest,   no_null, g::jwk,            0,              &key::x5t,          nullptr},
    {"x5t#S256",    k::sha256_digest, no_null, g::jwk,            0,              &key::x5t_s256,     nullptr},
    {"k",           k::secret,        no_null, g::unwritten,      0,              &key::k,            &at::k},
    {"d",           k::private_key,   no_null, g::unwritten,      0,              {},                 nullptr},
    {"p",           k::private_key,   no_null, g::unwritten,      0,              {},                 nullptr},
    {"q",           k::private_key,   no_null, g::unwritten,      0,              {},                 nullptr},
    {"dp",          k::private_key,   no_null, g::unwritten,      0,              {},                 nullptr},
    {"dq",          k::private_key,   no_null, g::unwritten,      0,              {},                 nullptr},
    {"qi",          k::private_key,   no_null, g::unwritten,      0,              {},                 nullptr},
    {"oth",         k::private_key,   no_null, g::unwritten,      0,              {},                 nullptr},
  });
}();
// clang-format on

// A row's number is its bit in the mapper's duplicate guard.
static_assert(key_schema.size() <= 64);

/// Row I's field of jwkview::key, as a typed pointer to member.
template <std::size_t I>
inline constexpr auto field_of = std::get<key_schema[I].member.index()>(key_schema[I].member);

template <std::size_t I>
inline constexpr bool has_field = key_schema[I].member.index() != 0;

/// Calls f(std::integral_constant<std::size_t, Order[j]>) for each j.
template <const auto& Order, typename F>
[[gnu::always_inline]] constexpr void for_rows(F f) {
  [&]<std::size_t... J>(std::index_sequence<J...>) {
    (f(std::integral_constant<std::size_t, Order[J]>{}), ...);
  }
  (std::make_index_sequence<Order.size()>{});
}

/// Row numbers in table order.
inline constexpr auto table_order = [] {
  std::array<std::size_t, key_schema.size()> order{};
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  return order;
}();

/// Calls f(std::integral_constant<std::size_t, I>) for each row I in table
/// order.
template <typename F>
[[gnu::always_inline]] constexpr void for_each_row(F f) {
  for_rows<table_order>(f);
}

/// Whether `p` holds row R's name, when that name is L long.
template <std::size_t L, std::size_t R>
[[gnu::always_inline]] inline bool is_row(const char* p, int& id) noexcept {
  if constexpr (key_schema[R].name.size() != L) {
    return false;
  } else {
    if (std::memcmp(p, key_schema[R].name.data(), L) != 0) return false;
    id = static_cast<int>(R);
    return true;
  }
}

template <std::size_t L, std::size_t... R>
[[gnu::always_inline]] inline int row_of_length(const char* p, std::index_sequence<R...>) noexcept {
  int id = -1;
  (is_row<L, R>(p, id) || ...);
  return id;
}

template <std::size_t... L>
[[gnu::always_inline]] inline int row_named(std::string_view n,
                                            std::index_sequence<L...>) noexcept {
  int id = -1;
  ((n.size() == L &&
    (id = row_of_length<L>(n.data(), std::make_index_sequence<key_schema.size()>{}), true)) ||
   ...);
  return id;
}

inline constexpr std::size_t longest_name = [] {
  std::size_t m = 0;
  for (const member_row& r : key_schema) m = r.name.size() > m ? r.name.size() : m;
  return m;
}();

/// The row of the member named `n`, or -1: a switch over the lengths of the
/// table's names, then the names of that length, as a hand-written lookup
/// would be.
[[gnu::always_inline]] inline int key_member_of(std::string_view n) noexcept {
  return row_named(n, std::make_index_sequence<longest_name + 1>{});
}

}  // namespace jwkview::detail
