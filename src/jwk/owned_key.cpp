// Owned copies of keys: every byte of a key in one std::string, laid out in
// a fixed member order, with a key of views into it.
#include "jwkview/owned_key.hpp"

#include <cstring>
#include <utility>

#include "json/string_list_access.hpp"
#include "output/json_writer.hpp"

namespace jwkview {
namespace {

/// Visits every view of `k` in the fixed order of an owned_key's bytes:
/// `text(std::string_view&)` for strings and enum texts, then
/// `list(string_list&, i)` for list i.
template <typename Text, typename List>
void walk(key& k, Text text, List list) noexcept {
  text(k.id.value);
  text(k.created.value);
  text(k.last_updated.value);
  text(k.status.text);
  for (link* l : {&k.links.activate, &k.links.deactivate, &k.links.delete_}) {
    text(l->href.value);
    text(l->name.value);
    text(l->type.value);
  }
  text(k.kty.text);
  text(k.kid.value);
  text(k.alg.text);
  text(k.use.text);
  text(k.e.value);
  text(k.n.value);
  text(k.crv.text);
  text(k.x.value);
  text(k.y.value);
  text(k.x5u.value);
  text(k.x5t.value);
  text(k.x5t_s256.value);
  text(k.k.value);
  list(k.key_ops.entries, 0);
  list(k.x5c.value, 1);
  list(k.links.activate.allow.entries, 2);
  list(k.links.deactivate.allow.entries, 3);
  list(k.links.delete_.allow.entries, 4);
}

/// A string_list entry needs a decoded record when its JSON text has an
/// escape, i.e. when escaping made it longer than the text plus its quotes
/// (string_list reads escaped entries from the record, see string_list.cpp).
bool needs_record(std::string_view entry) noexcept {
  detail::buffer_sink size_only({});
  detail::put_json_string(size_only, entry);
  return size_only.size() != entry.size() + 2;
}

constexpr std::size_t record_header = sizeof(std::uint32_t);

}  // namespace

owned_key::owned_key(const owned_key& other) noexcept
    : bytes_(other.bytes_), view_(other.view_), lists_(other.lists_) {
  bind();
}

owned_key::owned_key(owned_key&& other) noexcept
    : bytes_(std::move(other.bytes_)), view_(other.view_), lists_(other.lists_) {
  bind();
  other.clear();
}

owned_key& owned_key::operator=(const owned_key& other) noexcept {
  if (this != &other) {
    bytes_ = other.bytes_;
    view_ = other.view_;
    lists_ = other.lists_;
    bind();
  }
  return *this;
}

owned_key& owned_key::operator=(owned_key&& other) noexcept {
  if (this != &other) {
    bytes_ = std::move(other.bytes_);
    view_ = other.view_;
    lists_ = other.lists_;
    bind();
    other.clear();
  }
  return *this;
}

void owned_key::clear() noexcept {
  bytes_.clear();
  view_ = key{};
  lists_ = {};
}

void owned_key::bind() noexcept {
  char* p = bytes_.data();
  walk(
      view_,
      [&p](std::string_view& v) {
        v = {p, v.size()};
        p += v.size();
      },
      [&p, this](string_list& l, std::size_t i) {
        l = detail::string_list_access::make(p, l.size(), p + lists_[i].json);
        p += lists_[i].json + lists_[i].decoded;
      });
}

owned_key to_owned(const key& k) noexcept {
  owned_key o;
  o.view_ = k;
  // Sizes: every text, and each list's JSON array text plus its records.
  std::size_t total = 0;
  walk(
      o.view_, [&total](std::string_view& v) { total += v.size(); },
      [&total, &o](string_list& l, std::size_t i) {
        if (l.empty()) return;  // no text needed: an empty list reads nothing
        detail::buffer_sink size_only({});
        detail::put_string_list(size_only, l);
        o.lists_[i].json = size_only.size();
        for (std::string_view entry : l) {
          if (needs_record(entry)) o.lists_[i].decoded += record_header + entry.size();
        }
        total += o.lists_[i].json + o.lists_[i].decoded;
      });
  o.bytes_.resize(total);
  // Bytes, in the same order; bind() then points the views at them.
  char* p = o.bytes_.data();
  walk(
      o.view_,
      [&p](std::string_view& v) {
        if (!v.empty()) std::memcpy(p, v.data(), v.size());
        p += v.size();
      },
      [&p, &o](string_list& l, std::size_t i) {
        if (l.empty()) return;
        detail::buffer_sink json({p, o.lists_[i].json});
        detail::put_string_list(json, l);
        p += o.lists_[i].json;
        for (std::string_view entry : l) {
          if (!needs_record(entry)) continue;
          const auto length = static_cast<std::uint32_t>(entry.size());
          std::memcpy(p, &length, record_header);
          if (!entry.empty()) std::memcpy(p + record_header, entry.data(), entry.size());
          p += record_header + entry.size();
        }
      });
  o.bind();
  return o;
}

code_result<std::size_t> write_set(std::span<const owned_key> keys, write_form form,
                                   std::span<char> out) noexcept {
  detail::buffer_sink s(out);
  detail::put_set(
      s, keys.size(), [keys](std::size_t i) -> const key& { return keys[i].view(); }, form);
  return s.result();
}

}  // namespace jwkview
