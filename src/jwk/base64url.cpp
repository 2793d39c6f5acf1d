// The public base64url/base64 functions: thin wrappers over the checks and
// decoders in base64.cpp, which the parser's key checks use too.
#include "jwkview/base64url.hpp"

#include "jwk/base64.hpp"

namespace jwkview {
namespace {

code_result<std::size_t> from_detail(std::size_t size, std::size_t needed,
                                     error_code invalid) noexcept {
  if (size == detail::not_base64) return fail<std::size_t>(invalid);
  if (size == detail::too_small) return {needed, error_code::buffer_too_small};
  return {size};
}

}  // namespace

code_result<std::size_t> base64url_decoded_size(std::string_view text) noexcept {
  return from_detail(detail::base64url_decoded_size(text), 0, error_code::invalid_base64url);
}

code_result<std::size_t> base64_decoded_size(std::string_view text) noexcept {
  return from_detail(detail::base64_decoded_size(text), 0, error_code::invalid_base64);
}

code_result<std::size_t> base64url_decode(std::string_view text,
                                          std::span<std::uint8_t> out) noexcept {
  const std::size_t size = detail::base64url_decode(text, out.data(), out.size());
  return from_detail(size, size == detail::too_small ? detail::base64url_decoded_size(text) : 0,
                     error_code::invalid_base64url);
}

code_result<std::size_t> base64_decode(std::string_view text,
                                       std::span<std::uint8_t> out) noexcept {
  const std::size_t size = detail::base64_decode(text, out.data(), out.size());
  return from_detail(size, size == detail::too_small ? detail::base64_decoded_size(text) : 0,
                     error_code::invalid_base64);
}

code_result<std::size_t> base64url_encode(std::span<const std::uint8_t> octets,
                                          std::span<char> out) noexcept {
  const std::size_t needed = base64url_encoded_size(octets.size());
  if (needed > out.size()) return {needed, error_code::buffer_too_small};
  return {detail::base64url_encode(octets.data(), octets.size(), out.data())};
}

}  // namespace jwkview
