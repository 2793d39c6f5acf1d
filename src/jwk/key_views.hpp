// Every view a key holds into the text it was read from, member by member
// in the schema's order: what owned_key copies and a stream's withheld keys
// move when their document is copied.
#pragma once

#include <cstddef>
#include <type_traits>

#include "jwk/key_schema.hpp"
#include "jwkview/key.hpp"

namespace jwkview::detail {

template <typename Text, typename List>
struct view_walker {
  Text text;
  List list;
  std::size_t lists = 0;

  void operator()(string_member& m) noexcept { text(m.value); }
  template <typename E>
  void operator()(enum_member<E>& m) noexcept {
    text(m.text);
  }
  template <typename E>
  void operator()(list_member<E>& m) noexcept {
    list(m.entries, lists++);
  }
  void operator()(member<string_list>& m) noexcept { list(m.value, lists++); }
  void operator()(links& l) noexcept {
    for (const link_row& r : link_members) {
      link& each = l.*r.member;
      (*this)(each.href);
      (*this)(each.name);
      (*this)(each.type);
      (*this)(each.allow);
    }
  }
};

/// Visits every view of `k`: `text(std::string_view&)` for strings and enum
/// texts, `list(string_list&, i)` for list i. The order fixes where an
/// owned_key keeps each byte.
template <typename Text, typename List>
void for_each_view(key& k, Text text, List list) noexcept {
  view_walker<Text, List> visit{text, list};
  for_each_row([&]<std::size_t I>(std::integral_constant<std::size_t, I>) {
    if constexpr (has_field<I>) visit(k.*field_of<I>);
  });
}

}  // namespace jwkview::detail
