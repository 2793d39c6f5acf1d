// Equality and hashing of keys: member presence and content, as the
// response form writes them (see compare.hpp).
#include "jwkview/compare.hpp"

#include <algorithm>

#include "output/json_writer.hpp"

namespace jwkview {
namespace {

// Each `same` compares presence, then the value only when there is one, as
// the response form writes a member only when present.
template <typename M, typename Equal>
bool same_member(const M& a, const M& b, Equal values_equal) noexcept {
  return a.state == b.state && (a.state != presence::value || values_equal(a, b));
}

bool same(const string_member& a, const string_member& b) noexcept {
  return same_member(a, b, [](const auto& x, const auto& y) { return x.value == y.value; });
}

bool same(const member<bool>& a, const member<bool>& b) noexcept {
  return same_member(a, b, [](const auto& x, const auto& y) { return x.value == y.value; });
}

template <typename E>
bool same(const enum_member<E>& a, const enum_member<E>& b) noexcept {
  return same_member(a, b, [](const auto& x, const auto& y) {
    return detail::enum_text(x) == detail::enum_text(y);
  });
}

bool same_entries(const string_list& a, const string_list& b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

bool same(const member<string_list>& a, const member<string_list>& b) noexcept {
  return same_member(a, b,
                     [](const auto& x, const auto& y) { return same_entries(x.value, y.value); });
}

template <typename E>
bool same(const list_member<E>& a, const list_member<E>& b) noexcept {
  return same_member(
      a, b, [](const auto& x, const auto& y) { return same_entries(x.entries, y.entries); });
}

bool same(const link& a, const link& b) noexcept {
  return same_member(a, b, [](const link& x, const link& y) {
    return x.hints == y.hints && (x.hints != presence::value || same(x.allow, y.allow)) &&
           same(x.href, y.href) && same(x.name, y.name) && same(x.templated, y.templated) &&
           same(x.type, y.type);
  });
}

bool same(const links& a, const links& b) noexcept {
  return same_member(a, b, [](const links& x, const links& y) {
    return same(x.activate, y.activate) && same(x.deactivate, y.deactivate) &&
           same(x.delete_, y.delete_);
  });
}

}  // namespace

bool operator==(const key& a, const key& b) noexcept {
  return same(a.id, b.id) && same(a.created, b.created) && same(a.last_updated, b.last_updated) &&
         same(a.links, b.links) && same(a.kid, b.kid) && same(a.status, b.status) &&
         same(a.kty, b.kty) && same(a.alg, b.alg) && same(a.use, b.use) && same(a.e, b.e) &&
         same(a.n, b.n) && same(a.x, b.x) && same(a.y, b.y) && same(a.crv, b.crv) &&
         same(a.key_ops, b.key_ops) && same(a.x5u, b.x5u) && same(a.x5c, b.x5c) &&
         same(a.x5t, b.x5t) && same(a.x5t_s256, b.x5t_s256) && same(a.k, b.k);
}

std::size_t hash_value(const key& k) noexcept {
  detail::hash_sink s;
  detail::put_key(s, k, write_form::response);
  return static_cast<std::size_t>(s.value());
}

}  // namespace jwkview
