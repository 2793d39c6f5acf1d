#include "jwk/key_rules.hpp"

#include "jwk/key_schema.hpp"
#include "jwkview/base64url.hpp"
#include "jwkview/material.hpp"
#include "message.hpp"

namespace jwkview::detail {
namespace {

bool is_ec_curve(curve c) noexcept {
  return c == curve::p256 || c == curve::p384 || c == curve::p521 || c == curve::secp256k1;
}
bool is_okp_curve(curve c) noexcept {
  return c == curve::ed25519 || c == curve::ed448 || c == curve::x25519 || c == curve::x448;
}

// The order is behaviour (a key missing several members reports the first),
// and why_required's messages name these members: changing the required
// columns means changing both.
static_assert([] {
  constexpr std::array<std::string_view, 7> expected{"id", "kty", "n", "e", "crv", "x", "y"};
  if (required_order.size() != expected.size()) return false;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    if (key_members[required_order[i]].name != expected[i]) return false;
  }
  return true;
}());

// Why a member is required: its row's profiles, or else the key's type.
std::string_view why_required(const member_row& r, key_type kty) noexcept {
  if (r.required_in == schema::okta_only) {
    return "the okta profile requires it; --profile rfc7517 does not";
  }
  if (r.required_in == schema::every_profile) return "every JWK needs a key type";
  switch (kty) {
    case key_type::rsa:
      return "an RSA key needs n and e";
    case key_type::ec:
      return "an EC key needs crv, x and y";
    default:
      return "an OKP key needs crv and x";
  }
}

// A required member that is absent (the error points at the key object) or
// null (at the null).
[[gnu::cold, gnu::noinline]] void fail_missing(rule_sink& sink, const member_row& r,
                                               const char* null_at, const char* object,
                                               key_type kty) noexcept {
  message m;
  m << r.name << (null_at != nullptr ? " is null; " : " is missing; ") << why_required(r, kty);
  sink.fail(
      {error_code::missing_member, {r.name}, 1, null_at != nullptr ? null_at : object, m.view()});
}

// Whether `bits` holds value `v`; every_value holds any without a test.
template <typename E>
[[gnu::always_inline]] inline bool holds(value_bits bits, E v) noexcept {
  return bits == every_value || ((bits >> static_cast<unsigned>(v)) & 1U) != 0;
}

// The members the profile or the key's type requires, in required_order.
// Unrolled, so a member that is there costs the tests a hand-written check
// would.
[[gnu::always_inline]] inline void require_members(rule_sink& sink, const key& k,
                                                   const member_positions& at) noexcept {
  const profile schema = sink.schema();
  const key_type kty = k.kty.value;
  for_rows<required_order>([&]<std::size_t I>(std::integral_constant<std::size_t, I>) {
    constexpr const member_row& r = key_members[I];
    const auto& m = k.*field_of<I>;
    const bool required = holds(r.required_in, schema) || holds(r.required_for, kty);
    if (!required || m.has_value() || sink.failed()) return;
    const char* null_at = nullptr;
    if constexpr (r.nullable) null_at = m.is_null() ? at.*r.position : nullptr;
    fail_missing(sink, r, null_at, at.object, kty);
  });
}

void require_href(rule_sink& sink, const link& l, std::string_view name, const char* at) noexcept {
  if (!l.has_value() || l.href.has_value() || sink.failed()) return;
  message m;
  m << "the " << name << " link has no href; every link needs one";
  sink.fail({error_code::missing_member, {"_links", name, "href"}, 3, at, m.view()});
}

void fail_at(rule_sink& sink, error_code code, std::string_view name, const char* at,
             const message& m) noexcept {
  sink.fail({code, {name}, 1, at, m.view()});
}

// The text of an enum member for messages: its JSON text.
template <typename E>
std::string_view text_of(const enum_member<E>& m) noexcept {
  return m.text;
}

}  // namespace

void check_key_rules(rule_sink& sink, const key& k, const member_positions& at) noexcept {
  require_members(sink, k, at);
  const bool okta = sink.schema() == profile::okta;
  const key_type kty = k.kty.value;
  if (k.k.has_value() && kty != key_type::oct) {
    message m;
    m << "k is the secret of an oct key; a key of type ";
    m.quote(text_of(k.kty)) << " must not hold it";
    return fail_at(sink, error_code::private_member, "k", at.k, m);
  }
  for_each_link([&]<std::size_t I>(std::integral_constant<std::size_t, I>) {
    constexpr const link_row& r = link_members[I];
    require_href(sink, k.links.*r.member, r.name, at.*r.position);
  });
  if (sink.failed()) return;

  if (okta && k.use.is(key_use::enc) && kty != key_type::rsa) {
    message m;
    m << "use \"enc\" needs kty RSA in the okta profile, not ";
    m.quote(text_of(k.kty)) << "; --profile rfc7517 accepts it";
    return fail_at(sink, error_code::enc_requires_rsa, "use", at.use, m);
  }
  if (!sink.key_checks()) return;
  const curve crv = k.crv.value;
  if (k.crv.has_value() && crv != curve::unknown) {
    const bool fits = (kty == key_type::ec && is_ec_curve(crv)) ||
                      (kty == key_type::okp && is_okp_curve(crv)) || kty == key_type::unknown;
    if (!fits) {
      message m;
      m << "crv ";
      m.quote(text_of(k.crv)) << " does not fit kty ";
      m.quote(text_of(k.kty)) << (kty == key_type::ec    ? " (P-256, P-384, P-521, secp256k1)"
                                  : kty == key_type::okp ? " (Ed25519, Ed448, X25519, X448)"
                                                         : " (which has no curve)");
      return fail_at(sink, error_code::curve_mismatch, "crv", at.crv, m);
    }
    // The mappers have already checked x and y as canonical base64url (a key
    // that failed there never reaches the rules), so their length gives
    // their size.
    const std::size_t octets = coordinate_octets(crv);
    const auto check_length = [&](const string_member& c, std::string_view name, const char* c_at) {
      const std::size_t size = base64url_max_decoded_size(c.value.size());
      if (!c.has_value() || size == octets) return true;
      message m;
      m << name << " decodes to " << size << " octets; " << to_string(crv) << " needs " << octets;
      fail_at(sink, error_code::wrong_coordinate_length, name, c_at, m);
      return false;
    };
    if ((kty == key_type::ec || kty == key_type::okp) && !check_length(k.x, "x", at.x)) return;
    if (kty == key_type::ec && !check_length(k.y, "y", at.y)) return;
  }
  if (k.alg.has_value() && kty != key_type::unknown && !algorithm_fits(k.alg.value, kty, crv)) {
    message m;
    m << "alg ";
    m.quote(text_of(k.alg)) << " does not fit kty ";
    m.quote(text_of(k.kty));
    if (k.crv.has_value()) {
      m << " with crv ";
      m.quote(text_of(k.crv));
    }
    return fail_at(sink, error_code::alg_mismatch, "alg", at.alg, m);
  }
}

}  // namespace jwkview::detail
