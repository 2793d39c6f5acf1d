// jwkview command: the per-key facts `scan` prints, copied out of a key.
#include "key_summary.hpp"

#include "jwkview/material.hpp"

namespace jwkview_cli {
namespace {

text_field copy_of(const jwkview::string_member& m) {
  return {m.state, m.has_value() ? std::string(m.value) : std::string()};
}

template <typename E>
text_field copy_of(const jwkview::enum_member<E>& m) {
  if (!m.has_value()) return {m.state, {}};
  // The decoded text is what the document said; fall back to the canonical
  // spelling should a recognised value come without its text.
  const std::string_view text = m.text.empty() ? jwkview::to_string(m.value) : m.text;
  return {m.state, std::string(text)};
}

}  // namespace

key_summary summarize(const jwkview::key& k, std::size_t base_offset) {
  key_summary s;
  s.index = k.index;
  s.offset = base_offset + k.offset;
  s.id = copy_of(k.id);
  s.kid = copy_of(k.kid);
  s.kty = copy_of(k.kty);
  s.alg = copy_of(k.alg);
  s.use = copy_of(k.use);
  s.status = copy_of(k.status);
  s.schema = k.schema;

  if (k.kty.is(jwkview::key_type::rsa)) {
    if (k.n.has_value()) {
      // 0 when n is not canonical base64url (only --no-key-checks lets such a
      // key through) or, meaninglessly, encodes zero: shown as unknown.
      s.bits = jwkview::modulus_bits(k);
      s.size = s.bits > 0 ? size_kind::bits : size_kind::bits_unknown;
    }
  } else if (k.kty.is(jwkview::key_type::ec) || k.kty.is(jwkview::key_type::okp)) {
    s.size = size_kind::curve;
    s.crv = copy_of(k.crv);
  }
  return s;
}

}  // namespace jwkview_cli
