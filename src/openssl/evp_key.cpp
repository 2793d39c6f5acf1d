// JWK -> EVP_PKEY (OpenSSL 3 EVP_PKEY_fromdata / OSSL_PARAM_BLD), and PEM.
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include <array>
#include <cstring>

#include "jwkview/base64url.hpp"
#include "jwkview/material.hpp"
#include "jwkview/openssl.hpp"
#include "openssl/ec_curve.hpp"
#include "openssl/owned.hpp"

namespace jwkview {
namespace {

using detail::owned;

/// A failure of OpenSSL itself: the queue is cleared so it does not leak into
/// the caller's next OpenSSL call.
code_result<evp_pkey_ptr> openssl_failed(error_code code = error_code::crypto_failure) noexcept {
  ERR_clear_error();
  return fail<evp_pkey_ptr>(code);
}

/// Runs EVP_PKEY_fromdata for `type` ("RSA", "EC") with the built params.
code_result<evp_pkey_ptr> from_params(const char* type, OSSL_PARAM_BLD* bld) noexcept {
  const owned<OSSL_PARAM, OSSL_PARAM_free> params(OSSL_PARAM_BLD_to_param(bld));
  const owned<EVP_PKEY_CTX, EVP_PKEY_CTX_free> ctx(
      EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* pkey = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
      EVP_PKEY_fromdata(ctx.get(), &pkey, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0) {
    return openssl_failed();
  }
  return {evp_pkey_ptr(pkey)};
}

code_result<evp_pkey_ptr> rsa_key(const key& k) noexcept {
  // 16384 bits (OPENSSL_RSA_MAX_MODULUS_BITS) plus room for leading zeros.
  std::array<std::uint8_t, 2048 + 64> buffer;  // NOLINT: written before read
  const code_result<std::span<const std::uint8_t>> n = rsa_modulus(k, buffer);
  if (n.code == error_code::buffer_too_small)
    return fail<evp_pkey_ptr>(error_code::unsupported_key);
  if (!n) return fail<evp_pkey_ptr>(n.code);
  if (n->empty() || (n->back() & 1) == 0) return fail<evp_pkey_ptr>(error_code::invalid_modulus);
  if (n->size() > 2048) return fail<evp_pkey_ptr>(error_code::unsupported_key);
  const code_result<std::uint64_t> e = rsa_exponent(k);
  if (!e) return fail<evp_pkey_ptr>(e.code);
  if (e.value < 3 || (e.value & 1) == 0) return fail<evp_pkey_ptr>(error_code::invalid_exponent);

  const owned<BIGNUM, BN_free> bn_n(BN_bin2bn(n->data(), static_cast<int>(n->size()), nullptr));
  const owned<BIGNUM, BN_free> bn_e(BN_new());
  const owned<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free> bld(OSSL_PARAM_BLD_new());
  if (!bn_n || !bn_e || !bld || BN_set_word(bn_e.get(), e.value) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get()) != 1) {
    return openssl_failed();
  }
  return from_params("RSA", bld.get());
}

code_result<evp_pkey_ptr> ec_key(const curve_point& p) noexcept {
  const detail::ec_curve c = detail::ec_curve_of(p.crv);
  // The uncompressed SEC 1 encoding 04 || x || y.
  std::array<std::uint8_t, 1 + 2 * curve_point::max_octets> encoded{};
  encoded[0] = 0x04;
  std::memcpy(encoded.data() + 1, p.x().data(), p.octets);
  std::memcpy(encoded.data() + 1 + p.octets, p.y().data(), p.octets);
  const std::size_t size = 1 + 2 * p.octets;

  const owned<EC_GROUP, EC_GROUP_free> group(EC_GROUP_new_by_curve_name(c.nid));
  if (!group) return openssl_failed();
  const owned<EC_POINT, EC_POINT_free> point(EC_POINT_new(group.get()));
  if (!point) return openssl_failed();
  // oct2point refuses coordinates that are not below p and points that do
  // not satisfy the curve equation.
  if (EC_POINT_oct2point(group.get(), point.get(), encoded.data(), size, nullptr) != 1) {
    return openssl_failed(error_code::point_not_on_curve);
  }
  const owned<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free> bld(OSSL_PARAM_BLD_new());
  if (!bld ||
      OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, c.name, 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, encoded.data(), size) !=
          1) {
    return openssl_failed();
  }
  return from_params("EC", bld.get());
}

code_result<evp_pkey_ptr> okp_key(const curve_point& p) noexcept {
  const char* name = nullptr;
  switch (p.crv) {
    case curve::ed25519:
      name = "ED25519";
      break;
    case curve::ed448:
      name = "ED448";
      break;
    case curve::x25519:
      name = "X25519";
      break;
    case curve::x448:
      name = "X448";
      break;
    default:
      return fail<evp_pkey_ptr>(error_code::unsupported_key);
  }
  EVP_PKEY* pkey =
      EVP_PKEY_new_raw_public_key_ex(nullptr, name, nullptr, p.x().data(), p.x().size());
  if (pkey == nullptr) return openssl_failed();
  return {evp_pkey_ptr(pkey)};
}

/// An oct key's secret as an HMAC key (k is only there with
/// options::accept_secret_keys).
code_result<evp_pkey_ptr> hmac_key(const key& k) noexcept {
  if (!k.k.has_value()) return fail<evp_pkey_ptr>(error_code::missing_member);
  std::array<std::uint8_t, max_secret_bytes> secret{};
  const code_result<std::size_t> size = base64url_decode(k.k.value, secret);
  if (!size) {
    return fail<evp_pkey_ptr>(
        size.code == error_code::buffer_too_small ? error_code::unsupported_key : size.code);
  }
  if (size.value == 0) return fail<evp_pkey_ptr>(error_code::empty_key_material);
  EVP_PKEY* pkey =
      EVP_PKEY_new_raw_private_key_ex(nullptr, "HMAC", nullptr, secret.data(), size.value);
  OPENSSL_cleanse(secret.data(), secret.size());
  if (pkey == nullptr) return openssl_failed();
  return {evp_pkey_ptr(pkey)};
}

}  // namespace

code_result<evp_pkey_ptr> to_evp_pkey(const key& k) noexcept {
  if (k.kty.is(key_type::rsa)) return rsa_key(k);
  if (k.kty.is(key_type::oct)) return hmac_key(k);
  const code_result<curve_point> p = public_point(k);
  if (!p) return fail<evp_pkey_ptr>(p.code);
  return k.kty.is(key_type::ec) ? ec_key(*p) : okp_key(*p);
}

code_result<std::size_t> to_pem(const EVP_PKEY* pkey, std::span<char> out) noexcept {
  const owned<BIO, BIO_free> bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), const_cast<EVP_PKEY*>(pkey)) != 1) {
    ERR_clear_error();
    return fail<std::size_t>(error_code::crypto_failure);
  }
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  if (size <= 0 || data == nullptr) return fail<std::size_t>(error_code::crypto_failure);
  const auto n = static_cast<std::size_t>(size);
  if (n > out.size()) return {n, error_code::buffer_too_small};
  std::memcpy(out.data(), data, n);
  return {n};
}

code_result<std::size_t> to_pem(const key& k, std::span<char> out) noexcept {
  const code_result<evp_pkey_ptr> pkey = to_evp_pkey(k);
  if (!pkey) return fail<std::size_t>(pkey.code);
  return to_pem(pkey->get(), out);
}

}  // namespace jwkview
