// Writing keys, key sets and strings as JSON into a caller's buffer, and
// the hash of a key (the hash of its response form, compare.hpp).
#include "jwkview/write.hpp"

#include <iterator>

#include "jwkview/compare.hpp"
#include "jwkview/owned_key.hpp"
#include "output/json_writer.hpp"

namespace jwkview {

std::string_view to_string(write_form form) noexcept {
  constexpr std::string_view names[] = {"response", "request", "jwk"};
  const auto i = static_cast<std::size_t>(form);
  return i < std::size(names) ? names[i] : std::string_view();
}

code_result<std::size_t> write_key(const key& k, write_form form, std::span<char> out) noexcept {
  detail::buffer_sink s(out);
  detail::put_key(s, k, form);
  return s.result();
}

code_result<std::size_t> write_set(std::span<const key> keys, write_form form,
                                   std::span<char> out) noexcept {
  detail::buffer_sink s(out);
  detail::put_set(
      s, keys.size(), [keys](std::size_t i) -> const key& { return keys[i]; }, form);
  return s.result();
}

code_result<std::size_t> write_json_string(std::string_view text, std::span<char> out) noexcept {
  detail::buffer_sink s(out);
  detail::put_json_string(s, text);
  return s.result();
}

code_result<std::size_t> write_set(std::span<const owned_key> keys, write_form form,
                                   std::span<char> out) noexcept {
  detail::buffer_sink s(out);
  detail::put_set(
      s, keys.size(), [keys](std::size_t i) -> const key& { return keys[i].view(); }, form);
  return s.result();
}

std::size_t hash_value(const key& k) noexcept {
  detail::hash_sink s;
  detail::put_key(s, k, write_form::response);
  return static_cast<std::size_t>(s.value());
}

}  // namespace jwkview
