// The key records of the corpora, as compact JSON (as Okta's API sends it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "key_pool.hpp"
#include "prng.hpp"

namespace jwkview_bench {

/// What varies between records besides ids, kids and dates.
struct record_traits {
  key_kind kind = key_kind::rsa2048;
  bool enc = false;       ///< "use":"enc" (RSA only), alg RSA-OAEP-256
  bool inactive = false;  ///< INACTIVE: _links activate + delete; ACTIVE: deactivate
  bool escaped = false;   ///< every '/' of the hrefs written as "\/"
};

/// Writes records with fresh ids, kids and dates, and keys from the pool.
class record_writer {
 public:
  record_writer(const key_pool& pool, std::uint64_t seed);

  /// The mix of the corpora: about 70% RSA-2048, 10% RSA-4096 (a few RSA
  /// keys 3072), 20% EC (mostly P-256); 10% of RSA keys enc, 20% of keys
  /// INACTIVE, 10% of keys with escaped hrefs.
  [[nodiscard]] record_traits draw();

  /// Appends an Okta OAuth2ClientJsonSigningKeyResponse (or its encryption
  /// twin) with Okta's member order. It starts with {"id":" (count_records).
  void okta_key(const record_traits& traits, std::string& out);

  /// Appends a plain RFC 7517 JWK (kty kid use alg n e / crv x y). It starts
  /// with {"kty":" (count_records).
  void jwk(const record_traits& traits, std::string& out);

 private:
  std::string random_text(std::size_t length, std::string_view alphabet);

  const key_pool& pool_;
  prng random_;
  std::string app_id_;
  std::uint64_t drawn_ = 0;
};

/// Records a corpus holds: the number of record openings the writer emits.
[[nodiscard]] std::size_t count_records(std::string_view text, bool okta);

}  // namespace jwkview_bench
