// The JSON writer behind write.hpp, compare.hpp and owned_key.hpp: output
// sinks, string escaping, and the member order of each write_form. Templates
// over the sink, so the same code writes into a caller's buffer and feeds the
// hash of a key (the hash is the hash of its response form).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>

#include "json/syntax_locator.hpp"
#include "jwk/key_schema.hpp"
#include "jwkview/key.hpp"
#include "jwkview/write.hpp"

namespace jwkview::detail {

/// Writes into a caller's buffer, never past its end, and counts every byte
/// the whole output needs.
class buffer_sink {
 public:
  explicit buffer_sink(std::span<char> out) noexcept : data_(out.data()), capacity_(out.size()) {}

  void put(char c) noexcept {
    if (size_ < capacity_) data_[size_] = c;
    ++size_;
  }
  void put(std::string_view text) noexcept {
    if (size_ < capacity_ && !text.empty()) {
      const std::size_t room = capacity_ - size_;
      std::memcpy(data_ + size_, text.data(), text.size() < room ? text.size() : room);
    }
    size_ += text.size();
  }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  /// The write's outcome (write.hpp): the whole size, and whether it fitted.
  [[nodiscard]] code_result<std::size_t> result() const noexcept {
    return {size_, size_ <= capacity_ ? error_code::ok : error_code::buffer_too_small};
  }

 private:
  char* data_;
  std::size_t capacity_;
  std::size_t size_ = 0;
};

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

/// The text an enum member is written (and compared) with: its raw text, or
/// the enum's spelling when a hand-built member has a value but no text.
template <typename E>
constexpr std::string_view enum_text(const enum_member<E>& m) noexcept {
  return m.text.empty() ? to_string(m.value) : m.text;
}

/// `text` as a JSON string (RFC 8259 §7), quotes included. Runs of bytes
/// that need no escape are put whole.
template <typename Sink>
void put_json_string(Sink& s, std::string_view text) noexcept {
  static constexpr char hex[] = "0123456789abcdef";
  // \b \t \n \f \r; the other controls are written \u00XX.
  static constexpr char short_form[0x20] = {0, 0, 0, 0, 0, 0, 0, 0, 'b', 't', 'n', 0, 'f', 'r'};
  s.put('"');
  const char* p = text.data();
  const char* const end = p + text.size();
  const char* run = p;
  while (p < end) {
    const auto c = static_cast<unsigned char>(*p);
    if (c >= 0x20 && c != '"' && c != '\\') {
      if (c < 0x80) {
        ++p;
        continue;
      }
      const std::size_t n = utf8_sequence_length(p, end);
      if (n != 0) {
        p += n;
        continue;
      }
    }
    s.put(std::string_view(run, static_cast<std::size_t>(p - run)));
    if (c == '"' || c == '\\') {
      s.put('\\');
      s.put(static_cast<char>(c));
    } else if (c < 0x20 && short_form[c] != 0) {
      s.put('\\');
      s.put(short_form[c]);
    } else if (c < 0x20) {
      s.put("\\u00");
      s.put(hex[c >> 4]);
      s.put(hex[c & 0xF]);
    } else {
      s.put("\\ufffd");  // not UTF-8 (a key built by hand)
    }
    run = ++p;
  }
  s.put(std::string_view(run, static_cast<std::size_t>(end - run)));
  s.put('"');
}

/// A JSON array of strings.
template <typename Sink>
void put_string_list(Sink& s, const string_list& list) noexcept {
  s.put('[');
  bool first = true;
  for (std::string_view entry : list) {
    if (!first) s.put(',');
    first = false;
    put_json_string(s, entry);
  }
  s.put(']');
}

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
    o.member("activate", l.activate);
    o.member("deactivate", l.deactivate);
    o.member("delete", l.delete_);
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
    o.member(key_schema[I].name, k.*field_of<I>);
  };
  if (form == write_form::jwk) {
    const auto kty = static_cast<unsigned>(k.kty.has_value() ? k.kty.value : key_type::unknown);
    for_rows<jwk_order>([&]<std::size_t I>(std::integral_constant<std::size_t, I> row) {
      constexpr value_bits types = key_schema[I].jwk_key_types;
      if (types == 0 || (types >> kty & 1) != 0) put(row);
    });
  } else {
    for_each_row([&]<std::size_t I>(std::integral_constant<std::size_t, I> row) {
      constexpr member_group group = key_schema[I].group;
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
