// jwkview command: where a large document may be cut (document_parts.hpp).
#include "document_parts.hpp"

#include <algorithm>
#include <cstring>

namespace jwkview_cli {
namespace {

// A longer head is not worth reading again at every part.
constexpr std::size_t max_head = std::size_t{64} << 10;
// How far after each target a cut is looked for.
constexpr std::size_t search_bytes = std::size_t{1} << 20;
// Bytes before a target read with it, for the '}' before a ','.
constexpr std::size_t look_back = 256;

bool is_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// The first element of the key array, from a stream whose hold is the
// longest head (or the scan's own hold, when smaller): the document
// outgrows it at once and is streamed, so its first key comes after a few
// KiB, at the offset of its '{'.
struct first_element {
  std::uint64_t offset = 0;
  jwkview::set_shape shape = jwkview::set_shape::none;
  bool done = false;
  bool found = false;

  jwkview::next on_key(const jwkview::key& k, const jwkview::stream_place& at) {
    found = !done && k.index == 0 && at.provisional;
    offset = k.offset;
    shape = at.shape;
    done = true;
    return jwkview::next::stop;
  }
  void on_error(const jwkview::error&, const jwkview::stream_place&) { done = true; }
};

// The first ',' at or after bytes[from] with only whitespace between it and
// a '}' before and a '{' after, within bytes; with `line_start`, a '{' that
// starts a line. npos when there is none.
std::size_t find_cut(std::string_view bytes, std::size_t from, bool line_start) noexcept {
  while (from < bytes.size()) {
    const void* found = std::memchr(bytes.data() + from, ',', bytes.size() - from);
    if (found == nullptr) break;
    const auto comma = static_cast<std::size_t>(static_cast<const char*>(found) - bytes.data());
    std::size_t before = comma;
    while (before > 0 && is_space(bytes[before - 1])) --before;
    std::size_t after = comma + 1;
    while (after < bytes.size() && is_space(bytes[after])) ++after;
    if (before > 0 && bytes[before - 1] == '}' && after < bytes.size() && bytes[after] == '{' &&
        (!line_start || bytes[after - 1] == '\n'))
      return comma;
    from = comma + 1;
  }
  return std::string_view::npos;
}

}  // namespace

document_parts plan_document_parts(const input_source& in, const jwkview::stream_options& opts,
                                   unsigned parts) {
  document_parts plan;
  const std::uint64_t size = in.size();
  const std::uint64_t min_part = 2 * std::uint64_t{opts.parse.limits.max_document_bytes};
  if (parts < 2 || !in.seekable() || size < 2 * min_part) return plan;

  jwkview::stream_options probe = opts;
  probe.format = jwkview::input_format::single_document;
  probe.base_offset = 0;
  probe.at_input_start = true;
  probe.parse.limits.max_document_bytes = std::min(max_head, opts.parse.limits.max_document_bytes);
  jwkview::stream stream(probe);
  first_element first;
  std::vector<char> bytes(search_bytes + look_back);
  for (std::uint64_t at = 0; !first.done && at < search_bytes;) {
    const long got = in.read_at(bytes.data(), max_head, at);
    if (got <= 0) break;
    (void)stream.feed(std::string_view(bytes.data(), static_cast<std::size_t>(got)), first);
    at += static_cast<std::uint64_t>(got);
  }
  if (!first.found || first.offset > max_head) return plan;
  switch (first.shape) {
    case jwkview::set_shape::array:
      plan.ending = ",{}]";
      plan.array_path = "/";
      break;
    case jwkview::set_shape::keys_object:
      plan.ending = ",{}]}";
      plan.array_path = "/keys/";
      break;
    case jwkview::set_shape::jwks_object:
      plan.ending = ",{}]}}";
      plan.array_path = "/jwks/keys/";
      break;
    default:
      return plan;
  }
  plan.head = first.offset;

  std::uint64_t part_start = plan.head;
  for (unsigned k = 1; k < parts; ++k) {
    const std::uint64_t target = std::max(size / parts * k, part_start + min_part);
    if (target + min_part > size) break;
    const std::uint64_t from = target - std::min<std::uint64_t>(target, look_back);
    const long got = in.read_at(bytes.data(), bytes.size(), from);
    if (got <= 0) break;
    const std::string_view window(bytes.data(), static_cast<std::size_t>(got));
    const auto at_target = static_cast<std::size_t>(target - from);
    // An element of a pretty-printed array starts a line; a '{' that starts
    // a line is never inside a string (a string holds no line feed), and
    // seldom inside a key. Compact text has no such line.
    std::size_t comma = find_cut(window, at_target, true);
    if (comma == std::string_view::npos) comma = find_cut(window, at_target, false);
    if (comma == std::string_view::npos) break;
    std::size_t element = comma + 1;
    while (window[element] != '{') ++element;  // find_cut saw it
    const document_cut cut{from + comma, from + element};
    if (cut.element + min_part > size) break;
    plan.cuts.push_back(cut);
    part_start = cut.element;
  }
  return plan;
}

}  // namespace jwkview_cli
