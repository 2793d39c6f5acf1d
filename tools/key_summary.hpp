// jwkview command: the per-key facts `scan` prints, copied out of a key.
#pragma once

#include <cstddef>
#include <string>

#include "jwkview/key.hpp"

namespace jwkview_cli {

/// A string member as printed: absent, null, or a value (owned copy).
struct text_field {
  jwkview::presence state = jwkview::presence::absent;
  std::string text;
};

/// What the SIZE column / the "bits" or "crv" member shows.
enum class size_kind {
  none,          ///< nothing to show ("-", member omitted)
  bits,          ///< RSA modulus bits
  bits_unknown,  ///< RSA "n" is not canonical base64url (only with --no-key-checks): "?"
  curve,         ///< EC or OKP: the crv member
};

/// One delivered key, self-contained (no views into the input or parser).
struct key_summary {
  std::size_t index = 0;
  std::size_t offset = 0;  ///< of the key's "{", from the start of the file
  text_field id;
  text_field kid;
  text_field kty;
  text_field alg;
  text_field use;
  text_field status;
  size_kind size = size_kind::none;
  std::size_t bits = 0;
  text_field crv;
  jwkview::profile schema = jwkview::profile::rfc7517;  ///< the schema it was checked against
};

/// Copies what scan prints out of `k`; `base_offset` is where the document
/// starts in its file.
[[nodiscard]] key_summary summarize(const jwkview::key& k, std::size_t base_offset);

}  // namespace jwkview_cli
