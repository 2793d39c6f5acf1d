// The claim checks of RFC 7519 §4.1 (and typ, RFC 7515 §4.1.9, RFC 9068).
#include <algorithm>

#include "error_access.hpp"
#include "json/ascii.hpp"
#include "json/json_pointer.hpp"
#include "jwkview/jwt.hpp"
#include "message.hpp"

namespace jwkview {
namespace {

error claim_error(error_code code, std::string_view part, std::string_view name,
                  const detail::message& text) noexcept {
  error e;
  e.code = code;
  detail::append_name(e, part);
  detail::append_name(e, name);
  detail::set_message(e, text.view());
  return e;
}

error missing(std::string_view name) noexcept {
  detail::message text;
  text << "the token has no " << name << " claim, which the rules require";
  return claim_error(error_code::missing_claim, "claims", name, text);
}

using detail::equal_ignoring_case;

/// A media type without its "application/" prefix (RFC 7515 §4.1.9 lets
/// typ omit it), which is compared without case.
std::string_view short_media_type(std::string_view type) noexcept {
  constexpr std::string_view prefix = "application/";
  if (type.size() > prefix.size() && equal_ignoring_case(type.substr(0, prefix.size()), prefix)) {
    return type.substr(prefix.size());
  }
  return type;
}

}  // namespace

error check_claims(const jwt& token, const jwt_rules& rules, std::int64_t now) noexcept {
  for (std::string_view name : rules.required_claims) {
    if (token.claims.find(name) == nullptr) return missing(name);
  }
  // Clamped so that no sum below can overflow (dates lie within +-2^53).
  constexpr std::int64_t bound = std::int64_t{1} << 60;
  const std::int64_t leeway = std::clamp<std::int64_t>(rules.leeway_seconds, 0, bound);
  now = std::clamp<std::int64_t>(now, -bound, bound);
  detail::message text;
  if (!token.exp.has_value()) {
    if (rules.require_exp) return missing("exp");
  } else if (now >= token.exp.seconds + leeway) {
    text << "the token expired at " << token.exp.seconds << " (exp); it is now " << now << ", with "
         << leeway << " s of leeway";
    return claim_error(error_code::token_expired, "claims", "exp", text);
  }
  if (token.nbf.has_value() && now < token.nbf.seconds - leeway) {
    text << "the token is not valid before " << token.nbf.seconds << " (nbf); it is now " << now
         << ", with " << leeway << " s of leeway";
    return claim_error(error_code::token_not_yet_valid, "claims", "nbf", text);
  }
  if (token.iat.has_value() && token.iat.seconds > now + leeway) {
    text << "the token says it was issued at " << token.iat.seconds << " (iat); it is now " << now
         << ", with " << leeway << " s of leeway";
    return claim_error(error_code::issued_in_future, "claims", "iat", text);
  }
  if (!rules.issuer.empty()) {
    if (!token.iss.has_value()) return missing("iss");
    if (token.iss.value != rules.issuer) {
      text << "iss is ";
      text.quote(token.iss.value) << "; expected ";
      text.quote(rules.issuer);
      return claim_error(error_code::wrong_issuer, "claims", "iss", text);
    }
  }
  if (!rules.audiences.empty()) {
    if (token.aud_state != presence::value) return missing("aud");
    bool found = false;
    for (std::string_view expected : rules.audiences) found = found || token.has_audience(expected);
    if (!found) {
      text << "no aud value is an expected audience (";
      text.quote(rules.audiences.front());
      if (rules.audiences.size() > 1) text << ", ...";
      text << ')';
      return claim_error(error_code::wrong_audience, "claims", "aud", text);
    }
  }
  if (!rules.types.empty()) {
    bool accepted = false;
    if (token.header.typ.has_value()) {
      const std::string_view typ = short_media_type(token.header.typ.value);
      for (std::string_view type : rules.types) {
        accepted = accepted || equal_ignoring_case(typ, short_media_type(type));
      }
    }
    if (!accepted) {
      if (token.header.typ.has_value()) {
        text << "typ is ";
        text.quote(token.header.typ.value);
      } else {
        text << "the header has no typ";
      }
      text << "; expected ";
      text.quote(rules.types.front());
      if (rules.types.size() > 1) text << " or another accepted type";
      return claim_error(error_code::wrong_token_type, "header", "typ", text);
    }
  }
  return {};
}

}  // namespace jwkview
