// How every peer reads a key: a straightforward loop over each object's
// members, comparing the unescaped names, reading strings, descending into
// _links, its link objects and hints. `Api` adapts one JSON library:
//
//   Api::members(v, f)   calls f(name, value) for each member of object v in
//                        order; false if v is not an object or f returned false
//   Api::elements(v, f)  calls f(value) for each element of array v, likewise
//   Api::string(v, out)  sets out to the string v (false if v is not a string)
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include "corpus/corpora.hpp"
#include "plain_key.hpp"

namespace jwkview_bench {

template <typename Api, typename Value>
bool read_link(Value&& v, plain_link& link) {
  return Api::members(v, [&](std::string_view name, auto&& value) {
    if (name == "href") return Api::string(value, link.href);
    if (name != "hints") return true;
    return Api::members(value, [&](std::string_view hint, auto&& allow) {
      return hint != "allow" || Api::elements(allow, [&](auto&& method) {
               std::string_view text;
               return Api::string(method, text) && link.add_allow(text);
             });
    });
  });
}

template <typename Api, typename Value>
bool read_key(Value&& v, plain_key& key) {
  key = plain_key{};
  return Api::members(v, [&](std::string_view name, auto&& value) {
    if (name == "_links") {
      return Api::members(value, [&](std::string_view relation, auto&& link) {
        plain_link* slot = key.link(relation);
        return slot == nullptr || read_link<Api>(link, *slot);
      });
    }
    std::string_view* slot = key.string_member(name);
    return slot == nullptr || Api::string(value, *slot);
  });
}

/// The keys of a document laid out as `shape` (not lines) into `out`;
/// returns how many, or 0 when the document does not read.
template <typename Api, typename Value>
std::size_t read_keys(Value&& root, layout shape, std::span<plain_key> out) {
  std::size_t count = 0;
  const auto each_key = [&](auto&& element) {
    return count < out.size() && read_key<Api>(element, out[count++]);
  };
  const auto keys_member = [&](auto&& object) {
    return Api::members(object, [&](std::string_view name, auto&& value) {
      return name != "keys" || Api::elements(value, each_key);
    });
  };
  bool ok = false;
  switch (shape) {
    case layout::key:
      ok = each_key(root);
      break;
    case layout::keys:
      ok = keys_member(root);
      break;
    case layout::jwks:
      ok = Api::members(root, [&](std::string_view name, auto&& value) {
        return name != "jwks" || keys_member(value);
      });
      break;
    case layout::lines:
      break;
  }
  return ok ? count : 0;
}

}  // namespace jwkview_bench
