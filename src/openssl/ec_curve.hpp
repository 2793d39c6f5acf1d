// OpenSSL's name and NID of each EC curve jwkview reads: what evp_key.cpp
// builds EC keys with and what jws.cpp checks an ES* key's curve against.
#pragma once

#include <openssl/obj_mac.h>

#include "jwkview/key.hpp"

namespace jwkview::detail {

struct ec_curve {
  const char* name;
  int nid;
};

/// {nullptr, NID_undef} for a curve that is not an EC curve.
inline ec_curve ec_curve_of(curve c) noexcept {
  switch (c) {
    case curve::p256:
      return {"P-256", NID_X9_62_prime256v1};
    case curve::p384:
      return {"P-384", NID_secp384r1};
    case curve::p521:
      return {"P-521", NID_secp521r1};
    case curve::secp256k1:
      return {"secp256k1", NID_secp256k1};
    default:
      return {nullptr, NID_undef};
  }
}

}  // namespace jwkview::detail
