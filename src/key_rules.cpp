#include "key_rules.hpp"

#include "jwkview/base64url.hpp"
#include "jwkview/material.hpp"

namespace jwkview::detail {
namespace {

bool is_ec_curve(curve c) noexcept {
  return c == curve::p256 || c == curve::p384 || c == curve::p521 || c == curve::secp256k1;
}
bool is_okp_curve(curve c) noexcept {
  return c == curve::ed25519 || c == curve::ed448 || c == curve::x25519 || c == curve::x448;
}

// A required member: absent points at the key object, null at the null.
void require(parse_state& state, bool present, std::string_view name, const char* null_at,
             const char* object) noexcept {
  if (present || state.key_failed()) return;
  state.push(name);
  state.fail_key(error_code::missing_member, null_at != nullptr ? null_at : object);
  state.pop();
}

void require_href(parse_state& state, const link& l, std::string_view name,
                  const char* at) noexcept {
  if (!l.has_value() || l.href.has_value() || state.key_failed()) return;
  state.push("_links");
  state.push(name);
  state.push("href");
  state.fail_key(error_code::missing_member, at);
  state.pop();
  state.pop();
  state.pop();
}

void fail_at(parse_state& state, error_code code, std::string_view name, const char* at) noexcept {
  state.push(name);
  state.fail_key(code, at);
  state.pop();
}

}  // namespace

void check_key_rules(parse_state& state, const key& k, const member_positions& at) noexcept {
  const bool okta = state.opts->profile == profile::okta;
  if (okta) require(state, k.id.has_value(), "id", nullptr, at.object);
  require(state, k.kty.has_value(), "kty", nullptr, at.object);
  const key_type kty = k.kty.value;
  if (kty == key_type::rsa) {
    require(state, k.n.has_value(), "n", at.n_null, at.object);
    require(state, k.e.has_value(), "e", at.e_null, at.object);
  } else if (kty == key_type::ec || kty == key_type::okp) {
    require(state, k.crv.has_value(), "crv", k.crv.is_null() ? at.crv : nullptr, at.object);
    require(state, k.x.has_value(), "x", nullptr, at.object);
    if (kty == key_type::ec) require(state, k.y.has_value(), "y", nullptr, at.object);
  }
  require_href(state, k.links.activate, "activate", at.activate);
  require_href(state, k.links.deactivate, "deactivate", at.deactivate);
  require_href(state, k.links.delete_, "delete", at.delete_);
  if (state.key_failed()) return;

  if (okta && k.use.is(key_use::enc) && kty != key_type::rsa) {
    return fail_at(state, error_code::enc_requires_rsa, "use", at.use);
  }
  if (!state.opts->key_checks) return;
  const curve crv = k.crv.value;
  if (k.crv.has_value() && crv != curve::unknown) {
    const bool fits = (kty == key_type::ec && is_ec_curve(crv)) ||
                      (kty == key_type::okp && is_okp_curve(crv)) || kty == key_type::unknown;
    if (!fits) return fail_at(state, error_code::curve_mismatch, "crv", at.crv);
    // The mappers have already checked x and y as canonical base64url (a key
    // that failed there never reaches the rules), so their length gives
    // their size.
    const std::size_t octets = coordinate_octets(crv);
    const auto size_of = [](const string_member& m) {
      return base64url_max_decoded_size(m.value.size());
    };
    if ((kty == key_type::ec || kty == key_type::okp) && k.x.has_value() &&
        size_of(k.x) != octets) {
      return fail_at(state, error_code::wrong_coordinate_length, "x", at.x);
    }
    if (kty == key_type::ec && k.y.has_value() && size_of(k.y) != octets) {
      return fail_at(state, error_code::wrong_coordinate_length, "y", at.y);
    }
  }
  if (k.alg.has_value() && kty != key_type::unknown && !algorithm_fits(k.alg.value, kty, crv)) {
    return fail_at(state, error_code::alg_mismatch, "alg", at.alg);
  }
}

}  // namespace jwkview::detail
