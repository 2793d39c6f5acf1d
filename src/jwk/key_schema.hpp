// The key schema: one row per member of a key object. The mapper's lookup and
// dispatch, the writer's member orders, compare, hash, owned_key and the
// rules' required members read it, so a new member is one row here plus its
// field in jwkview::key. link_members does the same for the links of _links.
//
// Everything is constexpr: the readers unroll the table at compile time
// (for_rows), so each row compiles to the code a hand-written case would.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

#include "jwk/key_rules.hpp"
#include "jwkview/key.hpp"
#include "name_lookup.hpp"

namespace jwkview::detail {

/// How the mapper reads a member's value.
enum class member_kind : std::uint8_t {
  text,           // a string
  enumerated,     // a string naming an enum value
  material,       // base64url key material
  sha1_digest,    // x5t, a base64url certificate thumbprint: problems are warnings
  sha256_digest,  // x5t#S256, the same
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
  jwk,             // RFC 7517/7518: every form (the jwk form by jwk_rank)
  unwritten,       // never written: k (read and compared) and the private members
};

/// The record member: a pointer to the field of jwkview::key, of one of the
/// field types; monostate for a refused member.
using record_member =
    std::variant<std::monostate, string_member key::*, enum_member<key_type> key::*,
                 enum_member<key_status> key::*, enum_member<algorithm> key::*,
                 enum_member<key_use> key::*, enum_member<curve> key::*, list_member<key_op> key::*,
                 member<string_list> key::*, links key::*>;

/// A set of enum values as bits (bit i is value i), for Okta's allowed values
/// and the jwk form's key types.
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
  /// Position in the jwk form (1 first), 0 when left out of it.
  std::uint8_t jwk_rank;
  /// The key types whose jwk form has the member; 0 for every key.
  value_bits jwk_key_types;
  /// Who requires the member: the profiles that do for every key, and the key
  /// types that do in any profile (0: none).
  value_bits required_in;
  value_bits required_for;
  /// Where the rules check for it (1 first), 0 when nothing requires it: only
  /// the first missing member is reported, so the order is what a key
  /// missing several reports.
  std::uint8_t required_rank;
};

namespace schema {
constexpr bool null = true;
constexpr bool no_null = false;
constexpr value_bits okta_statuses = values(key_status::active, key_status::inactive);
constexpr value_bits okta_key_types = values(key_type::rsa, key_type::ec);
constexpr value_bits okta_uses = values(key_use::sig, key_use::enc);
constexpr value_bits okta_curves = values(curve::p256, curve::p384, curve::p521);
constexpr value_bits rsa = values(key_type::rsa);
constexpr value_bits ec = values(key_type::ec);
constexpr value_bits ec_okp = values(key_type::ec, key_type::okp);
constexpr value_bits okta_only = values(profile::okta);
constexpr value_bits every_profile = every_value;
using k = member_kind;
using g = member_group;
using at = member_positions;
}  // namespace schema

// Rows in the response form's order (Okta's schema, then RFC 7517's other
// members), then the members never written. (Not named key_schema:
// parse_state::key_schema is the profile a key is checked against.)
// clang-format off
inline constexpr std::array key_members = [] {
  using namespace schema;
  return std::to_array<member_row>({
  // name           kind              null     group              Okta's values   record member       position  jwk jwk key types required in    required for rank
    {"id",          k::text,          no_null, g::okta_read_only, 0,              &key::id,           nullptr,  0,  0,            okta_only,     0,           1},
    {"created",     k::text,          null,    g::okta_read_only, 0,              &key::created,      nullptr,  0,  0,            0,             0,           0},
    {"lastUpdated", k::text,          null,    g::okta_read_only, 0,              &key::last_updated, nullptr,  0,  0,            0,             0,           0},
    {"_links",      k::links,         no_null, g::okta_read_only, 0,              &key::links,        nullptr,  0,  0,            0,             0,           0},
    {"kid",         k::text,          null,    g::jwk,            0,              &key::kid,          nullptr,  5,  0,            0,             0,           0},
    {"status",      k::enumerated,    no_null, g::okta,           okta_statuses,  &key::status,       nullptr,  0,  0,            0,             0,           0},
    {"kty",         k::enumerated,    no_null, g::jwk,            okta_key_types, &key::kty,          nullptr,  1,  0,            every_profile, 0,           2},
    {"alg",         k::enumerated,    null,    g::jwk,            every_value,    &key::alg,          &at::alg, 4,  0,            0,             0,           0},
    {"use",         k::enumerated,    null,    g::jwk,            okta_uses,      &key::use,          &at::use, 2,  0,            0,             0,           0},
    {"e",           k::material,      null,    g::jwk,            0,              &key::e,            &at::e,   11, rsa,          0,             rsa,         4},
    {"n",           k::material,      null,    g::jwk,            0,              &key::n,            &at::n,   10, rsa,          0,             rsa,         3},
    {"x",           k::material,      no_null, g::jwk,            0,              &key::x,            &at::x,   13, ec_okp,       0,             ec_okp,      6},
    {"y",           k::material,      no_null, g::jwk,            0,              &key::y,            &at::y,   14, ec,           0,             ec,          7},
    {"crv",         k::enumerated,    null,    g::jwk,            okta_curves,    &key::crv,          &at::crv, 12, ec_okp,       0,             ec_okp,      5},
    {"key_ops",     k::key_ops,       no_null, g::jwk,            0,              &key::key_ops,      nullptr,  3,  0,            0,             0,           0},
    {"x5u",         k::text,          no_null, g::jwk,            0,              &key::x5u,          nullptr,  6,  0,            0,             0,           0},
    {"x5c",         k::certificates,  no_null, g::jwk,            0,              &key::x5c,          nullptr,  7,  0,            0,             0,           0},
    {"x5t",         k::sha1_digest,   no_null, g::jwk,            0,              &key::x5t,          nullptr,  8,  0,            0,             0,           0},
    {"x5t#S256",    k::sha256_digest, no_null, g::jwk,            0,              &key::x5t_s256,     nullptr,  9,  0,            0,             0,           0},
    {"k",           k::secret,        no_null, g::unwritten,      0,              &key::k,            &at::k,   0,  0,            0,             0,           0},
    {"d",           k::private_key,   no_null, g::unwritten,      0,              {},                 nullptr,  0,  0,            0,             0,           0},
    {"p",           k::private_key,   no_null, g::unwritten,      0,              {},                 nullptr,  0,  0,            0,             0,           0},
    {"q",           k::private_key,   no_null, g::unwritten,      0,              {},                 nullptr,  0,  0,            0,             0,           0},
    {"dp",          k::private_key,   no_null, g::unwritten,      0,              {},                 nullptr,  0,  0,            0,             0,           0},
    {"dq",          k::private_key,   no_null, g::unwritten,      0,              {},                 nullptr,  0,  0,            0,             0,           0},
    {"qi",          k::private_key,   no_null, g::unwritten,      0,              {},                 nullptr,  0,  0,            0,             0,           0},
    {"oth",         k::private_key,   no_null, g::unwritten,      0,              {},                 nullptr,  0,  0,            0,             0,           0},
  });
}();
// clang-format on

/// One link of Okta's _links, a HAL link object (jwkview::link).
struct link_row {
  std::string_view name;
  link links::*member;
  /// Where the mapper notes the link object, for a missing href.
  const char* member_positions::*position;
};

// _links' rows, in the order every form writes them. A link's own members
// (href, name, templated, type, hints.allow) have no table: three shapes,
// hints a nested object, each reader would special-case most of them.
inline constexpr std::array link_members = std::to_array<link_row>({
    {"activate", &links::activate, &member_positions::activate},
    {"deactivate", &links::deactivate, &member_positions::deactivate},
    {"delete", &links::delete_, &member_positions::delete_},
});

/// The text an enum member is written (and compared) with: its raw text, or
/// the enum's spelling when a hand-built member has a value but no text.
template <typename E>
constexpr std::string_view enum_text(const enum_member<E>& m) noexcept {
  return m.text.empty() ? to_string(m.value) : m.text;
}

// A row's number is its bit in the mapper's duplicate guard.
static_assert(key_members.size() <= 64);

/// Row I's field of jwkview::key, as a typed pointer to member.
template <std::size_t I>
inline constexpr auto field_of = std::get<key_members[I].member.index()>(key_members[I].member);

template <std::size_t I>
inline constexpr bool has_field = key_members[I].member.index() != 0;

/// Calls f(std::integral_constant<std::size_t, Order[j]>) for each j.
template <const auto& Order, typename F>
[[gnu::always_inline]] constexpr void for_rows(F f) {
  [&]<std::size_t... J>(std::index_sequence<J...>) {
    (f(std::integral_constant<std::size_t, Order[J]>{}), ...);
  }
  (std::make_index_sequence<Order.size()>{});
}

/// Row numbers 0..N-1: a table's own order.
template <std::size_t N>
inline constexpr auto table_order = [] {
  std::array<std::size_t, N> order{};
  for (std::size_t i = 0; i < N; ++i) order[i] = i;
  return order;
}();

/// Calls f(std::integral_constant<std::size_t, I>) for each row I of
/// key_members in table order.
template <typename F>
[[gnu::always_inline]] constexpr void for_each_row(F f) {
  for_rows<table_order<key_members.size()>>(f);
}

/// The same for each row I of link_members.
template <typename F>
[[gnu::always_inline]] constexpr void for_each_link(F f) {
  for_rows<table_order<link_members.size()>>(f);
}

/// How many rows have a rank in column `Rank` (0: none).
template <std::uint8_t member_row::*Rank>
inline constexpr std::size_t ranked_count = [] {
  std::size_t n = 0;
  for (const member_row& r : key_members) n += r.*Rank != 0 ? 1 : 0;
  return n;
}();

/// Whether the ranks in column `Rank` run 1..ranked_count, each once.
template <std::uint8_t member_row::*Rank>
constexpr bool ranks_once() {
  std::array<bool, ranked_count<Rank>> taken{};
  for (const member_row& r : key_members) {
    if (r.*Rank == 0) continue;
    if (r.*Rank > taken.size() || taken[r.*Rank - 1]) return false;
    taken[r.*Rank - 1] = true;
  }
  return true;
}

/// Row numbers by column `Rank`, rank 1 first; rows of rank 0 left out.
template <std::uint8_t member_row::*Rank>
inline constexpr auto order_by = [] {
  static_assert(ranks_once<Rank>());
  std::array<std::size_t, ranked_count<Rank>> order{};
  for (std::size_t i = 0; i < key_members.size(); ++i) {
    if (key_members[i].*Rank != 0) order[key_members[i].*Rank - 1] = i;
  }
  return order;
}();

/// Row numbers in the jwk form's order.
inline constexpr auto jwk_order = order_by<&member_row::jwk_rank>;

// Exactly the rows something requires have a required rank; a required
// member the mapper reads as null has a position for the error to point at.
static_assert([] {
  for (const member_row& r : key_members) {
    const bool required = r.required_in != 0 || r.required_for != 0;
    if (required != (r.required_rank != 0)) return false;
    if (required && r.nullable && r.position == nullptr) return false;
  }
  return true;
}());

/// Row numbers in the order the rules check for required members.
inline constexpr auto required_order = order_by<&member_row::required_rank>;

/// A table's names, in table order.
template <const auto& Table>
inline constexpr auto names_of = [] {
  std::array<std::string_view, Table.size()> names{};
  for (std::size_t i = 0; i < names.size(); ++i) names[i] = Table[i].name;
  return names;
}();

/// The row of the member named `n`, or -1 (name_lookup.hpp).
[[gnu::always_inline]] inline int key_member_of(std::string_view n) noexcept {
  return index_of_name<names_of<key_members>>(n);
}

/// The row of link_members named `n`, or -1.
[[gnu::always_inline]] inline int link_member_of(std::string_view n) noexcept {
  return index_of_name<names_of<link_members>>(n);
}

}  // namespace jwkview::detail
