// The public parser: buffers, the padding decision, and the report.
#include "jwkview/parser.hpp"

#include <algorithm>
#include <cstring>
#include <memory>
#include <new>

#include "engine.hpp"
#include "set_walker.hpp"
#include "syntax_locator.hpp"

namespace jwkview {

namespace {

constexpr std::size_t initial_capacity = 4096;
// Interpreted objects open at once: wrapper, jwks, key, _links, link, hints.
constexpr std::size_t interpreted_nesting = 6;

// Grows a heap buffer to at least `needed` bytes, by half again at least.
template <typename T>
bool grow(std::unique_ptr<T[]>& buffer, std::size_t& capacity, std::size_t needed) noexcept {
  if (capacity >= needed) return true;
  const std::size_t target = std::max({needed, capacity + capacity / 2, initial_capacity});
  buffer.reset(new (std::nothrow) T[target]);
  capacity = buffer ? target : 0;
  return static_cast<bool>(buffer);
}

bool has_bom(std::string_view json) noexcept {
  return json.size() >= 3 && std::memcmp(json.data(), "\xEF\xBB\xBF", 3) == 0;
}

error make_error(error_code code, std::size_t offset) noexcept {
  error e;
  e.code = code;
  e.offset = offset;
  return e;
}

}  // namespace

struct parser::impl {
  jwkview::options opts;
  detail::od::parser engine{};
  std::size_t engine_capacity = 0;

  std::unique_ptr<char[]> padded;
  std::size_t padded_capacity = 0;
  std::unique_ptr<char[]> scratch;
  std::size_t scratch_capacity = 0;

  std::unique_ptr<std::string_view[]> unknown_names;
  std::unique_ptr<detail::locator_frame[]> frames;
  std::unique_ptr<error[]> errors;
  key spare{};
  bool ready = false;

  explicit impl(const jwkview::options& o) noexcept : opts(o) {
    opts.limits.max_depth = std::min(opts.limits.max_depth, detail::max_supported_depth);
    const std::size_t names =
        interpreted_nesting * std::max<std::size_t>(opts.limits.max_unknown_members, 1);
    unknown_names.reset(new (std::nothrow) std::string_view[names]);
    frames.reset(new (std::nothrow)
                     detail::locator_frame[std::max<std::size_t>(opts.limits.max_depth, 1)]);
    errors.reset(new (std::nothrow) error[std::max<std::size_t>(opts.max_reported_errors, 1)]);
    unknown_capacity = names;
    ready = unknown_names && frames && errors;
  }
  std::size_t unknown_capacity = 0;

  // Makes room for a document of `size` bytes.
  bool reserve(std::size_t size, bool copy) noexcept {
    if (copy && !grow(padded, padded_capacity, size + padding)) return false;
    if (!grow(scratch, scratch_capacity, 2 * size + 64)) return false;
    if (engine_capacity < size) {
      const std::size_t target =
          std::max({size, engine_capacity + engine_capacity / 2, initial_capacity});
      if (engine.allocate(target, detail::max_supported_depth + 1) != simdjson::SUCCESS)
        return false;
      engine_capacity = target;
    }
    return true;
  }

  // Parses `json` (the caller's bytes; `in_place` when they are padded).
  detail::walk_result run(std::string_view json, bool in_place, detail::walk_mode mode,
                          detail::key_output& out, error& failure) noexcept {
    detail::walk_result result;
    failure = {};
    const std::size_t size = json.size();
    if (size > opts.limits.max_document_bytes) {
      failure = make_error(error_code::document_too_large, 0);
      return result;
    }
    if (!ready || !reserve(size, !in_place)) {
      failure = make_error(error_code::out_of_memory, 0);
      return result;
    }

    detail::parse_state s;
    s.opts = &opts;
    s.scratch = scratch.get();
    s.unknown_names = unknown_names.get();
    s.unknown_capacity = unknown_capacity;

    std::size_t skip = 0;
    if (has_bom(json)) {
      if (!opts.accept_bom) {
        s.syntax_failed = true;
      }
      skip = 3;
    }
    if (!s.syntax_failed) {
      const char* base = json.data();
      if (!in_place) {
        if (size != 0)
          std::memcpy(padded.get(), json.data(), size);  // data() may be null when empty
        std::memset(padded.get() + size, 0, padding);
        base = padded.get();
      }
      s.parse_base = base + skip;
      s.view_base = json.data() + skip;
      s.offset_bias = skip;
      detail::od::document doc;
      const simdjson::error_code code =
          engine.iterate(s.parse_base, size - skip, size - skip + padding).get(doc);
      if (code == simdjson::MEMALLOC) {
        failure = make_error(error_code::out_of_memory, 0);
        return result;
      }
      if (code != simdjson::SUCCESS) {
        s.syntax_failed = true;
      } else {
        result = detail::walk_document(s, doc, mode, out);
      }
    }

    const auto locate = [&] {
      return detail::locate_syntax_error(
          json, opts.limits, opts.accept_bom,
          {frames.get(), std::max<std::size_t>(opts.limits.max_depth, 1)});
    };
    if (s.syntax_failed) {
      failure = locate();
      if (!failure) {
        // Valid JSON that is not a container, or (a bug) a verdict the
        // locator does not share: never report success for it.
        std::size_t first = skip;
        while (first < size && detail::is_whitespace(json[first])) ++first;
        failure = make_error(
            result.scalar_root ? error_code::unexpected_root : error_code::unexpected_character,
            first);
      }
      result.shape = set_shape::none;
    } else if (s.document_error) {
      // Some document errors (too_many_members, too_many_keys, storage_full)
      // stop the walk early, so the rest is checked here: a document that is
      // not JSON is refused for its syntax whichever shape or form read it.
      // (A root object's shape comes from a first look at its names, which
      // meets a syntax error before the walk meets those limits.)
      failure = locate();
      if (failure) {
        result.shape = set_shape::none;
      } else {
        failure = s.document_error;
      }
    }
    return result;
  }

  parse_report report(detail::walk_result walked, detail::key_output& out,
                      const error& failure) noexcept {
    parse_report r;
    r.shape_ = walked.shape;
    r.stopped_ = out.stopped;
    r.key_count_ = out.delivered;
    if (failure) {
      errors[0] = failure;
      r.errors_ = {errors.get(), 1};
      r.error_count_ = 1;
      r.document_failed_ = true;
      if (out.sink.call == nullptr) r.key_count_ = 0;
      return r;
    }
    r.errors_ = {errors.get(), out.errors_stored};
    r.error_count_ = out.errors_total;
    if (out.sink.call == nullptr) r.keys_ = out.storage.first(out.delivered);
    return r;
  }

  detail::key_output output() noexcept {
    detail::key_output out;
    out.spare = &spare;
    out.errors = errors.get();
    out.error_capacity = opts.max_reported_errors;
    return out;
  }
};

namespace {

bool padded_enough(const padded_view& json) noexcept {
  return json.data != nullptr && json.capacity >= json.size && json.capacity - json.size >= padding;
}

}  // namespace

parser::parser(const jwkview::options& opts) noexcept : impl_(new (std::nothrow) impl(opts)) {}
parser::~parser() {
  delete impl_;
}
parser::parser(parser&& other) noexcept : impl_(std::exchange(other.impl_, nullptr)) {}
parser& parser::operator=(parser&& other) noexcept {
  if (this != &other) {
    delete impl_;
    impl_ = std::exchange(other.impl_, nullptr);
  }
  return *this;
}

const jwkview::options& parser::options() const noexcept {
  static const jwkview::options defaults{};
  return impl_ != nullptr ? impl_->opts : defaults;
}

parse_report parser::parse_set(std::string_view json, std::span<key> out) noexcept {
  return visit_storage(json, false, out);
}

parse_report parser::parse_set(padded_view json, std::span<key> out) noexcept {
  return visit_storage({json.data, json.size}, padded_enough(json), out);
}

parse_report parser::visit_storage(std::string_view json, bool in_place,
                                   std::span<key> out) noexcept {
  if (impl_ == nullptr) return out_of_memory_report();
  detail::key_output output = impl_->output();
  output.storage = out;
  error failure;
  const detail::walk_result walked =
      impl_->run(json, in_place, detail::walk_mode::key_set, output, failure);
  return impl_->report(walked, output, failure);
}

parse_report parser::visit(std::string_view json, const padded_view* padded,
                           key_sink sink) noexcept {
  if (impl_ == nullptr) return out_of_memory_report();
  detail::key_output output = impl_->output();
  output.sink = sink;
  error failure;
  const bool in_place = padded != nullptr && padded_enough(*padded);
  const detail::walk_result walked =
      impl_->run(json, in_place, detail::walk_mode::key_set, output, failure);
  return impl_->report(walked, output, failure);
}

result<key> parser::parse_key(std::string_view json) noexcept {
  return parse_one(json, false);
}

result<key> parser::parse_key(padded_view json) noexcept {
  return parse_one({json.data, json.size}, padded_enough(json));
}

result<key> parser::parse_one(std::string_view json, bool in_place) noexcept {
  if (impl_ == nullptr) return make_error(error_code::out_of_memory, 0);
  detail::key_output output = impl_->output();
  output.error_capacity = 1;
  std::span<key> one{&impl_->spare, 1};
  output.storage = one;
  error failure;
  impl_->run(json, in_place, detail::walk_mode::single_key, output, failure);
  if (failure) return failure;
  if (output.errors_total != 0) return impl_->errors[0];
  return impl_->spare;
}

parse_report parser::out_of_memory_report() noexcept {
  static const error oom = make_error(error_code::out_of_memory, 0);
  parse_report r;
  r.errors_ = {&oom, 1};
  r.error_count_ = 1;
  r.document_failed_ = true;
  return r;
}

}  // namespace jwkview
