// Owned copies of keys: every byte of a key in one std::string, laid out in
// a fixed member order, with a key of views into it.
#include "jwkview/owned_key.hpp"

#include <cstring>
#include <utility>

#include "json/string_list_access.hpp"
#include "json/string_writer.hpp"
#include "jwk/key_schema.hpp"
#include "jwk/key_views.hpp"

namespace jwkview {
namespace {

/// How many string_lists a key has: for_each_view's list indexes.
constexpr std::size_t lists_of_schema = [] {
  std::size_t n = 0;
  for (const detail::member_row& r : detail::key_members) {
    if (r.kind == detail::member_kind::key_ops || r.kind == detail::member_kind::certificates) ++n;
    if (r.kind == detail::member_kind::links) n += detail::link_members.size();  // hints.allow
  }
  return n;
}();

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
  static_assert(list_count == lists_of_schema);
  char* p = bytes_.data();
  detail::for_each_view(
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
  detail::for_each_view(
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
  detail::for_each_view(
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

}  // namespace jwkview
