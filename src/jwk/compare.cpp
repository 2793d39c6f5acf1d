// Equality of keys: member presence and content, as the response form
// writes them (see compare.hpp). The hash is the writer's (output/write.cpp).
#include "jwkview/compare.hpp"

#include <algorithm>

#include "jwk/key_schema.hpp"

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
    return std::all_of(detail::link_members.begin(), detail::link_members.end(),
                       [&](const detail::link_row& r) { return same(x.*r.member, y.*r.member); });
  });
}

}  // namespace

bool operator==(const key& a, const key& b) noexcept {
  bool equal = true;
  detail::for_each_row([&]<std::size_t I>(std::integral_constant<std::size_t, I>) {
    if constexpr (detail::has_field<I>) {
      equal = equal && same(a.*detail::field_of<I>, b.*detail::field_of<I>);
    }
  });
  return equal;
}

}  // namespace jwkview
