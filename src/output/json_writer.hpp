// The JSON writer behind write.hpp, compare.hpp's hash and owned_key.hpp's
// write_set: key objects in each write_form, as the key schema orders them.
// Templates over the sink, so the same code writes into a caller's buffer
// and feeds the hash of a key (the hash is the hash of its response form).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "json/string_writer.hpp"
#include "jwk/key_schema.hpp"
#include "jwkview/key.hpp"
#include "jwkview/write.hpp"

namespace jwkview::detail {

/// 64-bit FNV-1a of everything put.
class hash_sink {
 public:
  void put(char c) noexcept {
    hash_ ^= static_cast<unsigned char>(c);
    hash_ *= 0x100000001b3ULL;
  }
  void put(std::string_view text) noexcept {
    for (char c : text) put(c);
  }
  [[nodiscard]] std::uint64_t value() const noexcept { return hash_; }

 private:
  std::uint64_t hash_ = 0xcbf29ce484222325ULL;
};

/// One JSON object being written: members go in the order they are offered
/// and only when present; null members are written as null when `nulls`.
template <typename Sink>
class object_writer {
 public:
  object_writer(Sink& s, bool nulls) noexcept : s_(s), nulls_(nulls) { s_.put('{'); }
  void close() noexcept { s_.put('}'); }

  /// Writes the name of a member in state `state` (and null when it is
  /// null); true when the caller must now write its value.
  bool name(std::string_view name, presence state) noexcept {
    if (state == presence::absent || (state == presence::null && !nulls_)) return false;
    if (!first_) s_.put(',');
    first_ = false;
    s_.put('"');
    s_.put(name);
    s_.put("\":");
    if (state == presence::null) {
      s_.put("null");
      return false;
    }
    return true;
  }
  // One overload per field type of a key's members.
  void member(std::string_view n, const string_member& m) noexcept {
    if (name(n, m.state)) put_json_string(s_, m.value);
  }
  template <typename E>
  void member(std::string_view n, const enum_member<E>& m) noexcept {
    if (name(n, m.state)) put_json_string(s_, enum_text(m));
  }
  template <typename E>
  void member(std::string_view n, const list_member<E>& m) noexcept {
    if (name(n, m.state)) put_string_list(s_, m.entries);
  }
  void member(std::string_view n, const jwkview::member<string_list>& m) noexcept {
    if (name(n, m.state)) put_string_list(s_, m.value);
  }
  void member(std::string_view n, const jwkview::member<bool>& m) noexcept {
    if (name(n, m.state)) s_.put(m.value ? std::string_view("true") : std::string_view("false"));
  }
  void member(std::string_view n, const jwkview::link& l) noexcept {
    if (!name(n, l.state)) return;
    object_writer o(s_, nulls_);
    if (o.name("hints", l.hints)) {
      object_writer hints(s_, nulls_);
      hints.member("allow", l.allow);
      hints.close();
    }
    o.member("href", l.href);
    o.member("name", l.name);
    o.member("templated", l.templated);
    o.member("type", l.type);
    o.close();
  }
  void member(std::string_view n, const jwkview::links& l) noexcept {
    if (!name(n, l.state)) return;
    object_writer o(s_, nulls_);
    for (const link_row& r : link_members) o.member(r.name, l.*r.member);
    o.close();
  }

 private:
  Sink& s_;
  bool nulls_;
  bool first_ = true;
};

/// One key object in `form` (member orders are documented in write.hpp):
/// the schema's rows, in the jwk form's order or the table's.
template <typename Sink>
void put_key(Sink& s, const key& k, write_form form) noexcept {
  object_writer<Sink> o(s, form != write_form::jwk);
  const auto put = [&]<std::size_t I>(std::integral_constant<std::size_t, I>) {
    o.member(key_members[I].name, k.*field_of<I>);
  };
  if (form == write_form::jwk) {
    const auto kty = static_cast<unsigned>(k.kty.has_value() ? k.kty.value : key_type::unknown);
    for_rows<jwk_order>([&]<std::size_t I>(std::integral_constant<std::size_t, I> row) {
      constexpr value_bits types = key_members[I].jwk_key_types;
      if (types == 0 || (types >> kty & 1) != 0) put(row);
    });
  } else {
    for_each_row([&]<std::size_t I>(std::integral_constant<std::size_t, I> row) {
      constexpr member_group group = key_members[I].group;
      if constexpr (group == member_group::okta_read_only) {
        if (form == write_form::response) put(row);
      } else if constexpr (group != member_group::unwritten) {
        put(row);
      }
    });
  }
  o.close();
}

/// A key set (shapes documented in write.hpp); `at(i)` gives key i of `count`.
template <typename Sink, typename At>
void put_set(Sink& s, std::size_t count, At at, write_form form) noexcept {
  if (form == write_form::jwk) s.put("{\"keys\":");
  s.put('[');
  for (std::size_t i = 0; i < count; ++i) {
    if (i != 0) s.put(',');
    put_key(s, at(i), form);
  }
  s.put(']');
  if (form == write_form::jwk) s.put('}');
}

}  // namespace jwkview::detail
