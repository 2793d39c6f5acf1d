// jwkview: an index over a parsed key set, by kid and by RFC 7638 thumbprint.
//
//   jwkview::key keys[64];
//   auto report = parser.parse_set(json, keys);
//   std::array<jwkview::key_index::slot, jwkview::key_index::slots_needed(64)> slots;
//   jwkview::key_index index;
//   if (index.build(report.keys(), slots) != jwkview::error_code::ok) ...;
//   const jwkview::key* k = index.find(kid, jwkview::algorithm::rs256);
//
// Kids may repeat in an RFC 7517 set (for keys of different types or uses),
// so a lookup may name the alg and use too; every key with the same kid is
// reachable with next_with_same_kid(). Repeated kids are counted at build time
// (`duplicate_kids()`, `is_duplicate()`); Okta requires them unique in a client's
// listing (`jwkview check` reports them as an error).
//
// ### Storage and lifetime
// The index keeps no memory of its own: the caller passes `slots_needed(n)`
// slots (64 bytes each) for n keys, and the index points into them and into
// the key span. Both must outlive the index and stay unchanged; the keys'
// own views follow key.hpp's lifetime rules. Building and every lookup are
// allocation-free, noexcept and O(1) on average (open addressing with linear
// probing, load at most 1/2).
//
// ### Thumbprints
// Lookup by thumbprint needs the keys' SHA-256 thumbprints, which need
// libcrypto: pass a thumbprint_function to build() (jwkview_openssl provides
// jwkview::thumbprint_digest, see thumbprint.hpp). Without one,
// find_thumbprint() finds nothing.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "jwkview/error.hpp"
#include "jwkview/export.hpp"
#include "jwkview/key.hpp"

namespace jwkview {

/// The RFC 9278 URI form of a SHA-256 JWK thumbprint is this prefix followed
/// by the 43 characters of base64url.
inline constexpr std::string_view thumbprint_uri_prefix =
    "urn:ietf:params:oauth:jwk-thumbprint:sha-256:";

class JWKVIEW_API key_index {
 public:
  using digest = std::array<std::uint8_t, 32>;
  /// Writes a key's RFC 7638 SHA-256 thumbprint to `out`; false when the key
  /// has none (unsupported kty, bad material).
  using thumbprint_function = bool (*)(const key& k, digest& out) noexcept;

  /// One cell of the hash tables and one key's record (64 bytes). Callers
  /// only provide storage for them; what they hold is the index's own.
  class slot {
    friend class key_index;
    std::uint64_t kid_hash = 0;
    std::uint32_t kid_cell = 0;         // table: position + 1 of a kid's first key; 0 empty
    std::uint32_t thumbprint_cell = 0;  // table: position + 1 of a key with a digest
    std::uint32_t next_same_kid = 0;    // record: position + 1 of the next key with this kid
    std::uint32_t first_same_kid = 0;   // record: position + 1 of the first key with this kid
    bool has_kid = false;
    bool has_digest = false;
    digest thumbprint{};
  };

  /// Slots for an index of `keys` keys: the power of two at least 2 * keys (at least 2).
  [[nodiscard]] static constexpr std::size_t slots_needed(std::size_t keys) noexcept {
    return std::bit_ceil(keys < 1 ? std::size_t{2} : 2 * keys);
  }

  key_index() noexcept = default;

  /// Indexes `keys` in `storage` (previous contents are overwritten).
  /// Errors: buffer_too_small (storage.size() < slots_needed(keys.size())),
  /// too_many_keys (more than 2^31). On error the index is empty.
  [[nodiscard]] error_code build(std::span<const key> keys, std::span<slot> storage,
                                 thumbprint_function thumbprints = nullptr) noexcept;

  /// The first key (in set order) whose kid is `kid`; nullptr when none.
  [[nodiscard]] const key* find(std::string_view kid) const noexcept;

  /// The key a JWS header {"kid": kid, "alg": alg} designates: among the keys
  /// with this kid, the first whose `alg` equals `alg`; failing that, the
  /// first without an `alg` whose kty and crv fit `alg` (algorithm_fits).
  /// With `use` other than unknown, only keys whose `use` is that or absent
  /// count. algorithm::unknown matches any key. nullptr when none.
  [[nodiscard]] const key* find(std::string_view kid, algorithm alg,
                                key_use use = key_use::unknown) const noexcept;

  /// The key whose RFC 7638 SHA-256 thumbprint is `d`; nullptr when none.
  [[nodiscard]] const key* find_thumbprint(const digest& d) const noexcept;
  /// The same from text: 43 characters of base64url, or the RFC 9278 URI
  /// "urn:ietf:params:oauth:jwk-thumbprint:sha-256:" followed by them.
  [[nodiscard]] const key* find_thumbprint(std::string_view text) const noexcept;

  /// The next key (in set order) with the same kid as `k`, a key of this
  /// index; nullptr after the last.
  [[nodiscard]] const key* next_with_same_kid(const key& k) const noexcept;
  /// True when an earlier key of the set has the same kid as `k`.
  [[nodiscard]] bool is_duplicate(const key& k) const noexcept;
  /// Keys with this kid.
  [[nodiscard]] std::size_t count(std::string_view kid) const noexcept;

  /// Keys indexed.
  [[nodiscard]] std::size_t size() const noexcept { return keys_.size(); }
  /// Keys whose kid repeats an earlier key's.
  [[nodiscard]] std::size_t duplicate_kids() const noexcept { return duplicates_; }
  /// Keys without a kid (absent or null): reachable by thumbprint only.
  [[nodiscard]] std::size_t keys_without_kid() const noexcept { return without_kid_; }
  /// Keys with a thumbprint (0 when built without a thumbprint_function).
  [[nodiscard]] std::size_t keys_with_thumbprint() const noexcept { return with_thumbprint_; }

 private:
  [[nodiscard]] std::uint32_t first_position(std::string_view kid,
                                             std::uint64_t hash) const noexcept;
  [[nodiscard]] std::size_t position_of(const key& k) const noexcept;

  std::span<const key> keys_{};
  std::span<slot> slots_{};
  std::size_t duplicates_ = 0;
  std::size_t without_kid_ = 0;
  std::size_t with_thumbprint_ = 0;
};

}  // namespace jwkview
