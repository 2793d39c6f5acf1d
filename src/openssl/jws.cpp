// One JWS signature, one key: the key policy, then OpenSSL's
// EVP_DigestVerify (the token was read by jwt_reader).
#include "jwkview/jws.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/obj_mac.h>
#include <openssl/objects.h>
#include <openssl/rsa.h>

#include <array>
#include <cstring>

#include "jwk/algorithm_table.hpp"
#include "jwkview/base64url.hpp"
#include "openssl/ec_curve.hpp"
#include "openssl/owned.hpp"
#include "openssl/signature.hpp"

namespace jwkview {
namespace {

constexpr std::size_t max_signature_bytes = 2048;  // RSA 16384 bits

enum class scheme : std::uint8_t { none, rsa_pkcs1, rsa_pss, ecdsa, eddsa, hmac };

/// How an alg verifies.
struct alg_spec {
  scheme kind = scheme::none;
  const char* digest = nullptr;  ///< OpenSSL digest name; nullptr for EdDSA
  int curve_nid = NID_undef;     ///< ECDSA
  std::size_t octets = 0;        ///< ECDSA: octets of R and of S
  const char* okp = nullptr;     ///< EdDSA key type, nullptr for either
};

/// OpenSSL's name of a SHA-2 digest of `bits` bits.
const char* sha2_name(std::uint16_t bits) noexcept {
  switch (bits) {
    case 256:
      return "SHA256";
    case 384:
      return "SHA384";
    case 512:
      return "SHA512";
    default:
      return nullptr;
  }
}

alg_spec spec_of(algorithm alg) noexcept {
  const detail::algorithm_row& row = detail::row_of(alg);
  switch (row.family) {
    case detail::alg_family::rsa_pkcs1:
      return {scheme::rsa_pkcs1, sha2_name(row.digest_bits)};
    case detail::alg_family::rsa_pss:
      return {scheme::rsa_pss, sha2_name(row.digest_bits)};
    case detail::alg_family::ecdsa:
      return {scheme::ecdsa, sha2_name(row.digest_bits), detail::ec_curve_of(row.crv).nid,
              coordinate_octets(row.crv)};
    case detail::alg_family::eddsa:
      return {scheme::eddsa, nullptr, NID_undef, 0,
              row.crv == curve::ed25519 ? "ED25519"
              : row.crv == curve::ed448 ? "ED448"
                                        : nullptr};
    case detail::alg_family::hmac:
      return {scheme::hmac, sha2_name(row.digest_bits)};
    default:
      return {};
  }
}

/// The key's curve, NID_undef when it is not an EC key.
int curve_nid_of(EVP_PKEY* pkey) noexcept {
  if (EVP_PKEY_is_a(pkey, "EC") != 1) return NID_undef;
  char name[64] = {};
  std::size_t length = 0;
  if (EVP_PKEY_get_group_name(pkey, name, sizeof name, &length) != 1) return NID_undef;
  int nid = OBJ_txt2nid(name);
  if (nid == NID_undef) nid = EC_curve_nist2nid(name);
  return nid;
}

bool key_fits(const alg_spec& spec, EVP_PKEY* pkey) noexcept {
  switch (spec.kind) {
    case scheme::rsa_pkcs1:
    case scheme::rsa_pss:
      return EVP_PKEY_is_a(pkey, "RSA") == 1;
    case scheme::ecdsa:
      return curve_nid_of(pkey) == spec.curve_nid;
    case scheme::eddsa:
      if (spec.okp != nullptr) return EVP_PKEY_is_a(pkey, spec.okp) == 1;
      return EVP_PKEY_is_a(pkey, "ED25519") == 1 || EVP_PKEY_is_a(pkey, "ED448") == 1;
    case scheme::hmac:
      return EVP_PKEY_is_a(pkey, "HMAC") == 1;
    case scheme::none:
      break;
  }
  return false;
}

/// One DER INTEGER of the unsigned big-endian `bytes` at `out`: leading
/// zero octets dropped, one put back where the high bit would make it negative.
std::uint8_t* der_integer(const std::uint8_t* bytes, std::size_t size, std::uint8_t* out) noexcept {
  while (size > 1 && bytes[0] == 0) {
    ++bytes;
    --size;
  }
  const bool pad = (bytes[0] & 0x80) != 0;
  *out++ = 0x02;
  *out++ = static_cast<std::uint8_t>(size + (pad ? 1 : 0));
  if (pad) *out++ = 0;
  std::memcpy(out, bytes, size);
  return out + size;
}

/// JOSE R || S (RFC 7518 §3.4) to the DER ECDSA-Sig-Value OpenSSL verifies,
/// written here rather than through ECDSA_SIG and two BIGNUMs, which would
/// allocate four times per token. `octets` is at most 66 (P-521), so each
/// INTEGER's length fits one octet and the SEQUENCE's at most two.
std::size_t ecdsa_der(const std::uint8_t* rs, std::size_t octets, std::uint8_t* out) noexcept {
  std::array<std::uint8_t, std::size_t{2} * (2 + 66 + 1)> body{};
  std::uint8_t* end = der_integer(rs, octets, body.data());
  end = der_integer(rs + octets, octets, end);
  const auto size = static_cast<std::size_t>(end - body.data());
  std::uint8_t* p = out;
  *p++ = 0x30;
  if (size >= 0x80) *p++ = 0x81;
  *p++ = static_cast<std::uint8_t>(size);
  std::memcpy(p, body.data(), size);
  return static_cast<std::size_t>(p - out) + size;
}

/// An HMAC "signature": the MAC recomputed, compared in constant time.
error_code verify_mac(const alg_spec& spec, const jwt& token, const std::uint8_t* sig,
                      std::size_t sig_size, EVP_PKEY* pkey) noexcept {
  const detail::owned<EVP_MD_CTX, EVP_MD_CTX_free> ctx(EVP_MD_CTX_new());
  std::array<std::uint8_t, EVP_MAX_MD_SIZE> mac{};
  std::size_t mac_size = mac.size();
  if (!ctx ||
      EVP_DigestSignInit_ex(ctx.get(), nullptr, spec.digest, nullptr, nullptr, pkey, nullptr) !=
          1 ||
      EVP_DigestSign(ctx.get(), mac.data(), &mac_size,
                     reinterpret_cast<const unsigned char*>(token.signing_input.data()),
                     token.signing_input.size()) != 1) {
    ERR_clear_error();
    return error_code::crypto_failure;
  }
  const bool same = mac_size == sig_size && CRYPTO_memcmp(mac.data(), sig, sig_size) == 0;
  return same ? error_code::ok : error_code::bad_signature;
}

/// Sets `ctx` up to verify under `spec` with `pkey`.
bool init_verify(EVP_MD_CTX* ctx, const alg_spec& spec, EVP_PKEY* pkey) noexcept {
  EVP_PKEY_CTX* pctx = nullptr;  // owned by ctx
  if (EVP_DigestVerifyInit_ex(ctx, &pctx, spec.digest, nullptr, nullptr, pkey, nullptr) != 1) {
    return false;
  }
  return spec.kind != scheme::rsa_pss ||
         (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
          EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) == 1);
}

/// Sets `ctx` up for `alg`: a copy of the key's ready context when it has a
/// slot for alg (made first if no thread has yet), else from scratch.
bool ready_context(EVP_MD_CTX* ctx, const alg_spec& spec, algorithm alg, EVP_PKEY* pkey,
                   detail::verify_contexts* contexts) noexcept {
  std::atomic<EVP_MD_CTX*>* slot = contexts != nullptr ? contexts->slot(alg) : nullptr;
  if (slot == nullptr) return init_verify(ctx, spec, pkey);
  const EVP_MD_CTX* ready = slot->load(std::memory_order_acquire);
  if (ready == nullptr) {
    detail::owned<EVP_MD_CTX, EVP_MD_CTX_free> made(EVP_MD_CTX_new());
    if (!made || !init_verify(made.get(), spec, pkey)) return false;
    EVP_MD_CTX* published = nullptr;
    // A thread that lost the race uses the winner's context, the same as its own.
    if (slot->compare_exchange_strong(published, made.get(), std::memory_order_acq_rel,
                                      std::memory_order_acquire)) {
      published = made.release();
    }
    ready = published;
  }
  if (EVP_MD_CTX_copy_ex(ctx, ready) != 1) return false;
  // The copy verifies once: its final step need not keep it reusable (which
  // would duplicate the provider's context again).
  EVP_MD_CTX_set_flags(ctx, EVP_MD_CTX_FLAG_FINALISE);
  return true;
}

}  // namespace

detail::verify_contexts::~verify_contexts() {
  for (std::atomic<EVP_MD_CTX*>& c : ready_) EVP_MD_CTX_free(c.load(std::memory_order_acquire));
}

error_code detail::verify_signature(const jwt& token, EVP_PKEY* pkey, bool check_fit,
                                    verify_contexts* contexts) noexcept {
  const alg_spec spec = spec_of(token.header.alg);
  if (spec.kind == scheme::none) return error_code::unsupported_algorithm;
  if (pkey == nullptr || (check_fit && !key_fits(spec, pkey))) return error_code::alg_mismatch;

  std::array<std::uint8_t, max_signature_bytes> raw{};
  const code_result<std::size_t> decoded = base64url_decode(token.signature, raw);
  if (!decoded || decoded.value == 0) return error_code::bad_signature;
  const std::uint8_t* sig = raw.data();
  std::size_t sig_size = decoded.value;
  std::array<std::uint8_t, 2 * 66 + 16> der{};
  if (spec.kind == scheme::ecdsa) {
    if (sig_size != 2 * spec.octets) return error_code::bad_signature;
    sig_size = ecdsa_der(raw.data(), spec.octets, der.data());
    sig = der.data();
  }

  if (spec.kind == scheme::hmac) return verify_mac(spec, token, sig, sig_size, pkey);

  const detail::owned<EVP_MD_CTX, EVP_MD_CTX_free> ctx(EVP_MD_CTX_new());
  if (!ctx || !ready_context(ctx.get(), spec, token.header.alg, pkey, contexts)) {
    ERR_clear_error();
    return error_code::crypto_failure;
  }
  const int ok = EVP_DigestVerify(
      ctx.get(), sig, sig_size, reinterpret_cast<const unsigned char*>(token.signing_input.data()),
      token.signing_input.size());
  if (ok != 1) {
    ERR_clear_error();
    return error_code::bad_signature;
  }
  return error_code::ok;
}

code_result<policy_rule> verify_jws(const jwt& token, const key& k, EVP_PKEY* pkey,
                                    const key_policy& policy) noexcept {
  const policy_rule rule = check_key_for(k, token.header.alg, policy);
  if (rule != policy_rule::none) return {rule, error_code::key_refused};
  return {policy_rule::none, detail::verify_signature(token, pkey, true)};
}

}  // namespace jwkview
