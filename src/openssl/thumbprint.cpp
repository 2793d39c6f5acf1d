// RFC 7638 thumbprints: the canonical JSON comes from the core library
// (thumbprint_input), the SHA-256 from libcrypto.
#include "jwkview/thumbprint.hpp"

// SHA256_Init/Update/Final are deprecated in OpenSSL 3.0 but still built by
// default, and they are the only libcrypto SHA-256 that never allocates: the
// one-shot SHA256() and EVP_Digest allocate an EVP_MD_CTX per call, and even a
// reused EVP_MD_CTX reallocates its provider context on every
// EVP_DigestInit_ex2 in 3.0. Without the deprecated API (OpenSSL built with
// no-deprecated), the EVP path below is used: one allocation per thumbprint.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

#include <memory>

#include "jwkview/material.hpp"
#include "openssl/owned.hpp"

namespace jwkview {
namespace {

#if !defined(OPENSSL_NO_DEPRECATED_3_0)
bool sha256(std::string_view input, key_index::digest& out) noexcept {
  SHA256_CTX ctx;
  return SHA256_Init(&ctx) == 1 && SHA256_Update(&ctx, input.data(), input.size()) == 1 &&
         SHA256_Final(out.data(), &ctx) == 1;
}
#else
bool sha256(std::string_view input, key_index::digest& out) noexcept {
  thread_local const detail::owned<EVP_MD, EVP_MD_free> md(
      EVP_MD_fetch(nullptr, "SHA256", nullptr));
  thread_local const detail::owned<EVP_MD_CTX, EVP_MD_CTX_free> ctx(EVP_MD_CTX_new());
  unsigned int size = 0;
  if (!md || !ctx || EVP_DigestInit_ex2(ctx.get(), md.get(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), input.data(), input.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), out.data(), &size) != 1 || size != out.size()) {
    ERR_clear_error();
    return false;
  }
  return true;
}
#endif

}  // namespace

code_result<thumbprint> compute_thumbprint(const key& k, std::span<char> scratch) noexcept {
  const code_result<std::string_view> input = thumbprint_input(k, scratch);
  if (!input) return fail<thumbprint>(input.code);
  key_index::digest d{};
  if (!sha256(*input, d)) return fail<thumbprint>(error_code::crypto_failure);
  return {thumbprint(d)};
}

code_result<thumbprint> compute_thumbprint(const key& k) noexcept {
  std::array<char, thumbprint_stack_bytes> buffer;  // NOLINT: filled before it is read
  return compute_thumbprint(k, buffer);
}

bool thumbprint_digest(const key& k, key_index::digest& out) noexcept {
  const code_result<thumbprint> t = compute_thumbprint(k);
  if (!t) return false;
  out = t->digest();
  return true;
}

}  // namespace jwkview
