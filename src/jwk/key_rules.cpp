#include "jwk/key_rules.hpp"

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

// A required member that is absent (the error points at the key object) or
// null (at the null). `why` says who requires it.
[[gnu::cold, gnu::noinline]] void fail_missing(rule_sink& sink, std::string_view name,
                                               const char* null_at, const char* object,
                                               std::string_view why) noexcept {
  message m;
  m << name << (null_at != nullptr ? " is null; " : " is missing; ") << why;
  sink.fail(
      {error_code::missing_member, {name}, 1, null_at != nullptr ? null_at : object, m.view()});
}

// Inline, so a member that is there costs a test and nothing more.
[[gnu::always_inline]] inline void require(rule_sink& sink, bool present, std::string_view name,
                                           const char* null_at, const char* object,
                                           std::string_view why) noexcept {
  if (!present && !sink.failed()) fail_missing(sink, name, null_at, object, why);
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
  const bool okta = sink.schema() == profile::okta;
  if (okta) {
    require(sink, k.id.has_value(), "id", nullptr, at.object,
            "the okta profile requires it; --profile rfc7517 does not");
  }
  require(sink, k.kty.has_value(), "kty", nullptr, at.object, "every JWK needs a key type");
  const key_type kty = k.kty.value;
  if (kty == key_type::rsa) {
    require(sink, k.n.has_value(), "n", k.n.is_null() ? at.n : nullptr, at.object,
            "an RSA key needs n and e");
    require(sink, k.e.has_value(), "e", k.e.is_null() ? at.e : nullptr, at.object,
            "an RSA key needs n and e");
  } else if (kty == key_type::ec || kty == key_type::okp) {
    const std::string_view why =
        kty == key_type::ec ? "an EC key needs crv, x and y" : "an OKP key needs crv and x";
    require(sink, k.crv.has_value(), "crv", k.crv.is_null() ? at.crv : nullptr, at.object, why);
    require(sink, k.x.has_value(), "x", nullptr, at.object, why);
    if (kty == key_type::ec) require(sink, k.y.has_value(), "y", nullptr, at.object, why);
  }
  if (k.k.has_value() && kty != key_type::oct) {
    message m;
    m << "k is the secret of an oct key; a key of type ";
    m.quote(text_of(k.kty)) << " must not hold it";
    return fail_at(sink, error_code::private_member, "k", at.k, m);
  }
  require_href(sink, k.links.activate, "activate", at.activate);
  require_href(sink, k.links.deactivate, "deactivate", at.deactivate);
  require_href(sink, k.links.delete_, "delete", at.delete_);
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
