// The plain record every peer fills: the members jwkview maps for an Okta key
// (and the JWK members of an RFC 7517 key), as views into the peer's document.
// Peers find a member's slot by name with the same straightforward compare
// chain, so they differ only in how they read JSON.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <utility>

#include "jwkview/key.hpp"

namespace jwkview_bench {

struct plain_link {
  std::string_view href;
  std::array<std::string_view, 4> allow{};  ///< hints.allow
  std::size_t allow_count = 0;

  /// False when the list is longer than any Okta sends.
  bool add_allow(std::string_view method) noexcept {
    if (allow_count == allow.size()) return false;
    allow[allow_count++] = method;
    return true;
  }
};

struct plain_key {
  std::string_view id, created, last_updated, status, kid, kty, alg, use, e, n, crv, x, y;
  plain_link activate, deactivate, delete_;

  /// The string member named `name`, or nullptr for _links and unmapped names.
  std::string_view* string_member(std::string_view name) noexcept {
    for (const auto& [text, slot] : string_members) {
      if (name == text) return &(this->*slot);
    }
    return nullptr;
  }

  /// The link object of _links named `name`, or nullptr.
  plain_link* link(std::string_view name) noexcept {
    for (const auto& [text, slot] : links) {
      if (name == text) return &(this->*slot);
    }
    return nullptr;
  }

 private:
  // In the order Okta writes them.
  static constexpr std::pair<std::string_view, std::string_view plain_key::*> string_members[] = {
      {"id", &plain_key::id},
      {"kid", &plain_key::kid},
      {"kty", &plain_key::kty},
      {"alg", &plain_key::alg},
      {"use", &plain_key::use},
      {"e", &plain_key::e},
      {"n", &plain_key::n},
      {"crv", &plain_key::crv},
      {"x", &plain_key::x},
      {"y", &plain_key::y},
      {"status", &plain_key::status},
      {"created", &plain_key::created},
      {"lastUpdated", &plain_key::last_updated}};
  static constexpr std::pair<std::string_view, plain_link plain_key::*> links[] = {
      {"activate", &plain_key::activate},
      {"deactivate", &plain_key::deactivate},
      {"delete", &plain_key::delete_}};
};

/// jwkview's record as a plain one, to check that every reader extracted the
/// same members.
inline plain_key to_plain(const jwkview::key& k) {
  plain_key p;
  p.id = k.id.value;
  p.created = k.created.value;
  p.last_updated = k.last_updated.value;
  p.status = k.status.text;
  p.kid = k.kid.value;
  p.kty = k.kty.text;
  p.alg = k.alg.text;
  p.use = k.use.text;
  p.e = k.e.value;
  p.n = k.n.value;
  p.crv = k.crv.text;
  p.x = k.x.value;
  p.y = k.y.value;
  const auto copy_link = [](const jwkview::link& from, plain_link& to) {
    to.href = from.href.value;
    for (const std::string_view method : from.allow.entries) (void)to.add_allow(method);
  };
  copy_link(k.links.activate, p.activate);
  copy_link(k.links.deactivate, p.deactivate);
  copy_link(k.links.delete_, p.delete_);
  return p;
}

/// FNV-1a over every member of every record, in order.
inline std::uint64_t fingerprint(std::span<const plain_key> records) noexcept {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  const auto add = [&h](std::string_view text) {
    for (const char c : text) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
    h = (h ^ 0xffU) * 0x100000001b3ULL;  // 0xff never occurs in UTF-8: a separator
  };
  for (const plain_key& k : records) {
    for (const std::string_view s : {k.id, k.created, k.last_updated, k.status, k.kid, k.kty, k.alg,
                                     k.use, k.e, k.n, k.crv, k.x, k.y}) {
      add(s);
    }
    for (const plain_link* l : {&k.activate, &k.deactivate, &k.delete_}) {
      add(l->href);
      for (std::size_t i = 0; i < l->allow_count; ++i) add(l->allow[i]);
    }
  }
  return h;
}

}  // namespace jwkview_bench
