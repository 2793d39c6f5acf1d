// The base64 validators of src/base64.hpp (internal: the public decoder is
// written separately and is not tested here) against base64_reference.hpp.
//
// Oracles: each validator accepts exactly the canonical texts and gives
// their decoded size; base64url_integer_bits is the bit length of the
// big-endian integer the text decodes to.
#include <bit>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base64.hpp"
#include "base64_reference.hpp"
#include "fuzz_support.hpp"

namespace {

using namespace jwkview::fuzz;
using jwkview::detail::not_base64;

std::size_t size_of(const std::optional<std::string>& bytes) {
  return bytes ? bytes->size() : not_base64;
}

std::size_t integer_bits(const std::optional<std::string>& bytes) {
  if (!bytes) return 0;
  const std::size_t first = bytes->find_first_not_of('\0');
  if (first == std::string::npos) return 0;
  const auto lead = static_cast<unsigned char>((*bytes)[first]);
  return (bytes->size() - first) * 8 - static_cast<std::size_t>(std::countl_zero(lead));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::optional<std::string> url = base64url_octets(text);
  require(jwkview::detail::base64url_decoded_size(text) == size_of(url),
          "base64url_decoded_size matches the reference");
  require(jwkview::detail::base64_decoded_size(text) == size_of(base64_octets(text)),
          "base64_decoded_size matches the reference");
  require(jwkview::detail::base64url_integer_bits(text) == integer_bits(url),
          "base64url_integer_bits matches the reference");
  return 0;
}
