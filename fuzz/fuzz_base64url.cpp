// The base64 validators of src/base64.hpp and the public decoders and
// encoder of jwkview/base64url.hpp against base64_reference.hpp.
//
// Oracles: each validator accepts exactly the canonical texts and gives
// their decoded size; base64url_integer_bits is the bit length of the
// big-endian integer the text decodes to; each decoder writes exactly the
// reference's octets, refuses what it refuses and never writes into a
// buffer too small; encoding the octets again gives the text back.
#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <jwkview/base64url.hpp>

#include <array>
#include <span>

#include "base64_reference.hpp"
#include "fuzz_support.hpp"
#include "jwk/base64.hpp"

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

// A public decoder: its size and octets are the reference's, and a buffer
// one octet too small is refused untouched, with the size needed.
template <typename Size, typename Decode>
void check_decoder(std::string_view text, const std::optional<std::string>& expected,
                   Size size_of_text, Decode decode) {
  const auto size = size_of_text(text);
  require(size.has_value() == expected.has_value(), "a decoder accepts what the reference does");
  std::vector<std::uint8_t> out(expected ? expected->size() : 8, 0xA5);
  const auto decoded = decode(text, out);
  require(decoded.has_value() == expected.has_value(), "a decoder and its size helper agree");
  if (!expected) return;
  require(*size == expected->size() && *decoded == expected->size(),
          "a decoder writes the reference's octet count");
  require(std::equal(out.begin(), out.end(), expected->begin(),
                     [](std::uint8_t a, char b) { return a == static_cast<unsigned char>(b); }),
          "a decoder writes the reference's octets");
  if (expected->empty()) return;
  std::vector<std::uint8_t> small(expected->size() - 1, 0xA5);
  const auto refused = decode(text, small);
  require(!refused.has_value() && refused.code == jwkview::error_code::buffer_too_small &&
              refused.value == expected->size() &&
              std::all_of(small.begin(), small.end(), [](std::uint8_t b) { return b == 0xA5; }),
          "a decoder leaves a buffer too small untouched and says the size needed");
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
  check_decoder(text, url, jwkview::base64url_decoded_size, jwkview::base64url_decode);
  check_decoder(text, base64_octets(text), jwkview::base64_decoded_size, jwkview::base64_decode);
  if (url) {
    // Encoding gives the canonical text back.
    std::vector<char> again(jwkview::base64url_encoded_size(url->size()));
    const auto* octets = reinterpret_cast<const std::uint8_t*>(url->data());
    const auto encoded = jwkview::base64url_encode({octets, url->size()}, again);
    require(
        encoded && *encoded == text.size() && std::string_view(again.data(), again.size()) == text,
        "base64url_encode gives the canonical text back");
  }
  return 0;
}
