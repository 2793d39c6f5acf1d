// All or nothing: the keys and key errors of a held document, kept while the
// document is walked once and delivered only if it did not fail. Keys are
// mapped straight into this storage (a key is almost a kilobyte: copying it
// would cost a tenth of the walk), key errors are noted with the number of
// keys before them, and both are delivered in document order.
#pragma once

#include <algorithm>
#include <cstddef>
#include <memory>
#include <new>

#include "json/string_list_access.hpp"
#include "jwk/key_views.hpp"
#include "jwk/parser_impl.hpp"

namespace jwkview::detail {

class withheld {
 public:
  /// Walks the document `text` (a key set); returns its failure, after
  /// which nothing is kept. Storage grows, during the walk, for a document
  /// with more keys than any before (only until the stream is warm).
  /// `walked` says where the walk ended (an index that runs on).
  error walk(parse_engine& engine, std::string_view text, const piece_info& info,
             given_index* index, walk_result* walked = nullptr) noexcept {
    keys_ = 0;
    errors_ = 0;
    lost_ = false;
    key_output out = engine.output();
    out.storage = {storage_.get(), key_capacity_};
    out.grow = {[](void* self, std::span<key>& storage) noexcept {
                  return static_cast<withheld*>(self)->grow_keys(storage);
                },
                this};
    context c{this, &out};
    out.on_error = {[](void* p, const error& e) noexcept {
                      auto& ctx = *static_cast<context*>(p);
                      ctx.self->note(e, ctx.out->delivered);
                    },
                    &c};
    error failure;
    const walk_result result = engine.run(text, walk_mode::key_set, out, failure, info, index);
    if (walked != nullptr) *walked = result;
    shape_ = result.shape;
    if (!failure && lost_) failure = make_error(error_code::out_of_memory, info.offset_base);
    keys_ = out.delivered;
    warnings_ = out.warnings_stored;
    return failure;
  }

  /// Delivers the keys and key errors in document order: `on_key(k)` may
  /// return next::stop. Returns the keys delivered.
  template <typename OnKey, typename OnError>
  std::size_t deliver(OnKey&& on_key, OnError&& on_error) const noexcept {
    std::size_t k = 0;
    for (std::size_t e = 0; e <= errors_; ++e) {
      const std::size_t keys_before = e < errors_ ? errors_before_[e] : keys_;
      for (; k < keys_before; ++k) {
        if (on_key(storage_[k]) == next::stop) return k + 1;
      }
      if (e < errors_) on_error(errors_storage_[e]);
    }
    return k;
  }

  /// The document walked lay in [from, upto) and was copied to `to`: the
  /// kept keys view the copy (what they view in the walk's scratch stays).
  void move_views(const char* from, const char* upto, const char* to) noexcept {
    for (std::size_t i = 0; i < keys_; ++i) {
      for_each_view(
          storage_[i],
          [&](std::string_view& v) {
            if (v.data() >= from && v.data() < upto) v = {to + (v.data() - from), v.size()};
          },
          [&](string_list& l, std::size_t) { string_list_access::move(l, from, upto, to); });
    }
  }

  [[nodiscard]] std::size_t keys() const noexcept { return keys_; }
  /// The shape of the document last walked, as far as the walk read it.
  [[nodiscard]] set_shape shape() const noexcept { return shape_; }
  /// The warnings the walk stored in the engine.
  [[nodiscard]] std::size_t warnings() const noexcept { return warnings_; }

  /// The warnings a walk of the same document stores up to its key number
  /// `keys` (the consumer stopped there).
  static std::size_t warnings_until(parse_engine& engine, std::string_view text,
                                    const piece_info& info, given_index* index,
                                    std::size_t keys) noexcept {
    key_output out = engine.output();
    out.sink = {[](void* left, const key&) noexcept {
                  return --*static_cast<std::size_t*>(left) == 0 ? next::stop : next::go;
                },
                &keys};
    out.on_error = {[](void*, const error&) noexcept {}, nullptr};
    error failure;
    engine.run(text, walk_mode::key_set, out, failure, info, index);
    return out.warnings_stored;
  }

 private:
  struct context {
    withheld* self;
    const key_output* out;
  };

  void note(const error& e, std::size_t keys_before) noexcept {
    if (errors_ == error_capacity_) {
      const std::size_t target = std::max<std::size_t>(16, 2 * error_capacity_);
      std::unique_ptr<error[]> errors(new (std::nothrow) error[target]);
      std::unique_ptr<std::size_t[]> before(new (std::nothrow) std::size_t[target]);
      if (!errors || !before) {
        lost_ = true;
        return;
      }
      std::copy_n(errors_storage_.get(), errors_, errors.get());
      std::copy_n(errors_before_.get(), errors_, before.get());
      errors_storage_ = std::move(errors);
      errors_before_ = std::move(before);
      error_capacity_ = target;
    }
    errors_storage_[errors_] = e;
    errors_before_[errors_++] = keys_before;
  }

  // Twice the room, the keys so far copied to its start (a key views the
  // text and the walk's scratch, never itself).
  bool grow_keys(std::span<key>& storage) noexcept {
    const std::size_t target = std::max<std::size_t>(16, 2 * key_capacity_);
    std::unique_ptr<key[]> grown(new (std::nothrow) key[target]);
    if (!grown) return false;
    std::copy(storage.begin(), storage.end(), grown.get());
    storage_ = std::move(grown);
    key_capacity_ = target;
    storage = {storage_.get(), target};
    return true;
  }

  std::unique_ptr<key[]> storage_;
  std::size_t key_capacity_ = 0;
  std::size_t keys_ = 0;
  set_shape shape_ = set_shape::none;
  std::unique_ptr<error[]> errors_storage_;
  std::unique_ptr<std::size_t[]> errors_before_;
  std::size_t error_capacity_ = 0;
  std::size_t errors_ = 0;
  std::size_t warnings_ = 0;
  bool lost_ = false;  // a key error did not fit in memory
};

}  // namespace jwkview::detail
