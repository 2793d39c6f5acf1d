// jwkview: owned copies of keys, for keeping keys after the input is gone.
//
//   std::vector<jwkview::owned_key> kept;
//   for (const jwkview::key& k : report.keys()) kept.push_back(jwkview::to_owned(k));
//   // the input buffer and the parser may go now
//   kept[0]->kid.value;                                   // a std::string_view into kept[0]
//   jwkview::write_key(kept[0].view(), jwkview::write_form::jwk, buffer);
//
// ### IMPORTANT: allocation
// This is the one place in jwkview that allocates: to_owned() and copying an
// owned_key make one std::string holding every byte of the key (strings and
// lists). Nothing here throws: when that allocation fails the program ends
// with std::terminate(), as a -fno-exceptions build would. Moving does not
// allocate.
//
// ### IMPORTANT: lifetime of the views
// view() is a jwkview::key whose views point into the owned_key itself. They
// are valid while the owned_key is alive and has not been assigned to or
// moved from; a copy or a move has views of its own. Never keep a view()
// past that (e.g. across a std::vector reallocation).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "jwkview/compare.hpp"
#include "jwkview/export.hpp"
#include "jwkview/key.hpp"
#include "jwkview/write.hpp"

namespace jwkview {

/// A key that owns its text. Equality and hashing are those of its view()
/// (compare.hpp), so an owned_key equals the key it was made from.
class JWKVIEW_API owned_key {
 public:
  /// A key with every member absent.
  owned_key() noexcept = default;
  owned_key(const owned_key& other) noexcept;
  owned_key(owned_key&& other) noexcept;
  owned_key& operator=(const owned_key& other) noexcept;
  owned_key& operator=(owned_key&& other) noexcept;
  ~owned_key() = default;

  /// The key, with views into this object (see the lifetime note above).
  /// index and offset are those of the key it was copied from.
  [[nodiscard]] const key& view() const noexcept { return view_; }
  const key* operator->() const noexcept { return &view_; }
  const key& operator*() const noexcept { return view_; }

  /// Bytes owned (the allocation's payload).
  [[nodiscard]] std::size_t owned_bytes() const noexcept { return bytes_.size(); }

  friend bool operator==(const owned_key& a, const owned_key& b) noexcept {
    return a.view_ == b.view_;
  }
  friend bool operator==(const owned_key& a, const key& b) noexcept { return a.view_ == b; }

 private:
  friend JWKVIEW_API owned_key to_owned(const key& k) noexcept;

  /// Where each string_list's text lies in bytes_: its JSON array text,
  /// then its decoded entries (see string_list).
  struct list_bytes {
    std::size_t json = 0;
    std::size_t decoded = 0;
  };
  static constexpr std::size_t list_count = 5;

  /// Points every view of view_ at bytes_, walking members in a fixed order.
  void bind() noexcept;
  /// Back to a key with every member absent (a moved-from owned_key).
  void clear() noexcept;

  std::string bytes_;
  key view_{};
  std::array<list_bytes, list_count> lists_{};
};

/// A copy of `k` that owns its text (see the allocation note above).
[[nodiscard]] JWKVIEW_API owned_key to_owned(const key& k) noexcept;

/// write_set (write.hpp) for owned keys: the same output as for their views.
[[nodiscard]] JWKVIEW_API code_result<std::size_t> write_set(std::span<const owned_key> keys,
                                                             write_form form,
                                                             std::span<char> out) noexcept;

}  // namespace jwkview

template <>
struct std::hash<jwkview::owned_key> {
  std::size_t operator()(const jwkview::owned_key& k) const noexcept {
    return jwkview::hash_value(k.view());
  }
};
