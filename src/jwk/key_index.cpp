// The kid / thumbprint index: two open-addressing tables sharing the caller's
// slot array (cells kid_cell and thumbprint_cell), and one record per key in
// the first keys.size() slots (chain of keys with the same kid, thumbprint).
#include "jwkview/key_index.hpp"

#include <cstring>
#include <functional>

#include "jwkview/base64url.hpp"
#include "jwkview/material.hpp"

namespace jwkview {
namespace {

// A multiplicative hash over 8-byte words; kids are short.
std::uint64_t hash_of(std::string_view text) noexcept {
  constexpr std::uint64_t k = 0x9E3779B97F4A7C15u;
  std::uint64_t h = text.size() * k;
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, text.data() + i, 8);
    h = (h ^ word) * k;
    h ^= h >> 29;
  }
  if (i < text.size()) {
    std::uint64_t word = 0;
    std::memcpy(&word, text.data() + i, text.size() - i);
    h = (h ^ word) * k;
  }
  h ^= h >> 32;
  h *= k;
  return h ^ (h >> 29);
}

std::uint64_t hash_of(const key_index::digest& d) noexcept {
  std::uint64_t h = 0;
  std::memcpy(&h, d.data(), sizeof h);  // SHA-256 output is uniform already
  return h;
}

bool has_kid(const key& k) noexcept {
  return k.kid.has_value();
}

}  // namespace

error_code key_index::build(std::span<const key> keys, std::span<slot> storage,
                            thumbprint_function thumbprints) noexcept {
  *this = key_index();
  if (keys.size() > (std::size_t{1} << 31)) return error_code::too_many_keys;
  if (storage.size() < slots_needed(keys.size())) return error_code::buffer_too_small;
  const std::size_t cells = slots_needed(keys.size());
  const std::size_t mask = cells - 1;
  for (std::size_t i = 0; i < cells; ++i) storage[i] = slot{};
  keys_ = keys;
  slots_ = storage.first(cells);

  for (std::size_t i = 0; i < keys.size(); ++i) {
    const key& k = keys[i];
    slot& record = slots_[i];
    const auto self = static_cast<std::uint32_t>(i + 1);
    if (has_kid(k)) {
      record.has_kid = true;
      record.kid_hash = hash_of(k.kid.value);
      const std::uint32_t first = first_position(k.kid.value, record.kid_hash);
      if (first == 0) {
        for (std::size_t c = record.kid_hash & mask;; c = (c + 1) & mask) {
          if (slots_[c].kid_cell == 0) {
            slots_[c].kid_cell = self;
            break;
          }
        }
        record.first_same_kid = self;
      } else {
        // Append to the chain of keys with this kid.
        ++duplicates_;
        record.first_same_kid = first;
        std::uint32_t last = first;
        while (slots_[last - 1].next_same_kid != 0) last = slots_[last - 1].next_same_kid;
        slots_[last - 1].next_same_kid = self;
      }
    } else {
      ++without_kid_;
    }
    if (thumbprints != nullptr && thumbprints(k, record.thumbprint)) {
      record.has_digest = true;
      ++with_thumbprint_;
      for (std::size_t c = hash_of(record.thumbprint) & mask;; c = (c + 1) & mask) {
        if (slots_[c].thumbprint_cell == 0) {
          slots_[c].thumbprint_cell = self;
          break;
        }
      }
    }
  }
  return error_code::ok;
}

std::uint32_t key_index::first_position(std::string_view kid, std::uint64_t hash) const noexcept {
  if (slots_.empty()) return 0;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t c = hash & mask;; c = (c + 1) & mask) {
    const std::uint32_t at = slots_[c].kid_cell;
    if (at == 0) return 0;
    const slot& record = slots_[at - 1];
    if (record.kid_hash == hash && keys_[at - 1].kid.value == kid) return at;
  }
}

std::size_t key_index::position_of(const key& k) const noexcept {
  // keys_.size() for a key that is not an element of keys_.
  const std::less<> before;
  if (before(&k, keys_.data()) || !before(&k, keys_.data() + keys_.size())) return keys_.size();
  return static_cast<std::size_t>(&k - keys_.data());
}

const key* key_index::find(std::string_view kid) const noexcept {
  const std::uint32_t at = first_position(kid, hash_of(kid));
  return at == 0 ? nullptr : &keys_[at - 1];
}

const key* key_index::find(std::string_view kid, algorithm alg, key_use use) const noexcept {
  const std::uint32_t first = first_position(kid, hash_of(kid));
  const key* implicit = nullptr;
  for (std::uint32_t at = first; at != 0; at = slots_[at - 1].next_same_kid) {
    const key& k = keys_[at - 1];
    if (use != key_use::unknown && k.use.has_value() && k.use.value != use) continue;
    if (alg == algorithm::unknown) return &k;
    if (k.alg.has_value()) {
      if (k.alg.value == alg) return &k;
    } else if (implicit == nullptr && algorithm_fits(alg, k)) {
      implicit = &k;
    }
  }
  return implicit;
}

const key* key_index::find_thumbprint(const digest& d) const noexcept {
  if (slots_.empty() || with_thumbprint_ == 0) return nullptr;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t c = hash_of(d) & mask;; c = (c + 1) & mask) {
    const std::uint32_t at = slots_[c].thumbprint_cell;
    if (at == 0) return nullptr;
    if (slots_[at - 1].thumbprint == d) return &keys_[at - 1];
  }
}

const key* key_index::find_thumbprint(std::string_view text) const noexcept {
  if (text.starts_with(thumbprint_uri_prefix)) text.remove_prefix(thumbprint_uri_prefix.size());
  digest d{};
  if (text.size() != base64url_encoded_size(d.size())) return nullptr;
  const code_result<std::size_t> r = base64url_decode(text, d);
  return r ? find_thumbprint(d) : nullptr;
}

const key* key_index::next_with_same_kid(const key& k) const noexcept {
  const std::size_t i = position_of(k);
  if (i >= keys_.size()) return nullptr;
  const std::uint32_t next = slots_[i].next_same_kid;
  return next == 0 ? nullptr : &keys_[next - 1];
}

bool key_index::is_duplicate(const key& k) const noexcept {
  const std::size_t i = position_of(k);
  return i < keys_.size() && slots_[i].has_kid && slots_[i].first_same_kid != i + 1;
}

std::size_t key_index::count(std::string_view kid) const noexcept {
  std::size_t n = 0;
  for (std::uint32_t at = first_position(kid, hash_of(kid)); at != 0;
       at = slots_[at - 1].next_same_kid) {
    ++n;
  }
  return n;
}

}  // namespace jwkview
