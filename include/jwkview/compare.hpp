// jwkview: equality and hashing of keys.
//
// Two keys are equal when they hold the same members with the same content:
//  - every member has the same presence (absent, null or value), and
//  - for a value: strings are equal byte for byte (decoded text, so
//    "https:\/\/a" and "https://a" are equal); enums compare their raw text
//    (enum_member::text, or the enum's spelling when a hand-built member has
//    no text), so "RSA" equals "RSA" under both profiles and an unknown
//    value is compared by what it said; lists compare their entries in
//    order; booleans their value; _links, link objects and hints member by
//    member, the same way.
// `index` and `offset` (where the key was found) are not content and are not
// compared. Members the parser does not keep (unknown names) play no part.
//
// Equal keys have the same response form (write.hpp), and the hash is the
// 64-bit FNV-1a of that form, so equal keys hash equal; an owned_key
// (owned_key.hpp) compares and hashes like its view().
#pragma once

#include <cstddef>
#include <functional>

#include "jwkview/export.hpp"
#include "jwkview/key.hpp"

namespace jwkview {

/// Member presence and content equality (see above). Never allocates.
[[nodiscard]] JWKVIEW_API bool operator==(const key& a, const key& b) noexcept;

/// The hash of a key's content, consistent with operator==. Never allocates.
[[nodiscard]] JWKVIEW_API std::size_t hash_value(const key& k) noexcept;

}  // namespace jwkview

template <>
struct std::hash<jwkview::key> {
  std::size_t operator()(const jwkview::key& k) const noexcept { return jwkview::hash_value(k); }
};
