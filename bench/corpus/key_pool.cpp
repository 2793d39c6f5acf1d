#include "key_pool.hpp"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "prng.hpp"

namespace jwkview_bench {
namespace {

struct bn_free {
  void operator()(BIGNUM* b) const noexcept { BN_free(b); }
};
struct ctx_free {
  void operator()(BN_CTX* c) const noexcept { BN_CTX_free(c); }
};
struct group_free {
  void operator()(EC_GROUP* g) const noexcept { EC_GROUP_free(g); }
};
struct point_free {
  void operator()(EC_POINT* p) const noexcept { EC_POINT_free(p); }
};
using bignum = std::unique_ptr<BIGNUM, bn_free>;

// The generator has no way to recover from OpenSSL failing: stop loudly.
void require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "corpus generator: OpenSSL failed: %s\n", what);
  std::exit(1);
}

bignum new_bignum() {
  bignum b(BN_new());
  require(b != nullptr, "BN_new");
  return b;
}

std::string base64url(std::span<const unsigned char> octets) {
  std::string text(4 * ((octets.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(text.data()), octets.data(),
                                static_cast<int>(octets.size()));
  text.resize(static_cast<std::size_t>(n));
  while (!text.empty() && text.back() == '=') text.pop_back();
  for (char& c : text) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return text;
}

std::string base64url(const BIGNUM* b, std::size_t octets) {
  std::vector<unsigned char> bytes(octets);
  require(BN_bn2binpad(b, bytes.data(), static_cast<int>(octets)) == static_cast<int>(octets),
          "BN_bn2binpad");
  return base64url(bytes);
}

// A prime of `bits` bits with its top two bits set (so p * q has exactly
// twice the bits) and p - 1 prime to e = 65537: a random odd start, then the
// next odd numbers in turn.
bignum rsa_prime(int bits, prng& random, BN_CTX* ctx) {
  std::vector<unsigned char> bytes(static_cast<std::size_t>(bits) / 8);
  random.fill(bytes);
  bytes.front() |= 0xc0;
  bytes.back() |= 0x01;
  bignum p(BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr));
  require(p != nullptr, "BN_bin2bn");
  for (;;) {
    if (BN_mod_word(p.get(), 65537) != 1) {
      const int prime = BN_check_prime(p.get(), ctx, nullptr);
      require(prime >= 0, "BN_check_prime");
      if (prime == 1) return p;
    }
    require(BN_add_word(p.get(), 2) == 1, "BN_add_word");
  }
}

public_key rsa_key(key_kind kind, int bits, prng& random, BN_CTX* ctx) {
  const bignum p = rsa_prime(bits / 2, random, ctx);
  const bignum q = rsa_prime(bits / 2, random, ctx);
  bignum n = new_bignum();
  require(BN_mul(n.get(), p.get(), q.get(), ctx) == 1, "BN_mul");
  require(BN_num_bits(n.get()) == bits, "modulus size");
  const unsigned char e[] = {0x01, 0x00, 0x01};
  return {kind, base64url(n.get(), static_cast<std::size_t>(bits) / 8), base64url(e), {}, {}};
}

// The public point of a private scalar drawn from the PRNG.
public_key ec_key(key_kind kind, int nid, std::size_t octets, prng& random, BN_CTX* ctx) {
  const std::unique_ptr<EC_GROUP, group_free> group(EC_GROUP_new_by_curve_name(nid));
  require(group != nullptr, "EC_GROUP_new_by_curve_name");
  std::vector<unsigned char> bytes(octets + 8);
  random.fill(bytes);
  bignum d(BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr));
  require(d != nullptr, "BN_bin2bn");
  require(BN_nnmod(d.get(), d.get(), EC_GROUP_get0_order(group.get()), ctx) == 1, "BN_nnmod");
  if (BN_is_zero(d.get())) require(BN_one(d.get()) == 1, "BN_one");
  const std::unique_ptr<EC_POINT, point_free> point(EC_POINT_new(group.get()));
  require(point != nullptr, "EC_POINT_new");
  require(EC_POINT_mul(group.get(), point.get(), d.get(), nullptr, nullptr, ctx) == 1,
          "EC_POINT_mul");
  bignum x = new_bignum();
  bignum y = new_bignum();
  require(EC_POINT_get_affine_coordinates(group.get(), point.get(), x.get(), y.get(), ctx) == 1,
          "EC_POINT_get_affine_coordinates");
  return {kind, {}, {}, base64url(x.get(), octets), base64url(y.get(), octets)};
}

}  // namespace

bool is_rsa(key_kind kind) noexcept {
  return kind == key_kind::rsa2048 || kind == key_kind::rsa3072 || kind == key_kind::rsa4096;
}

key_pool::key_pool(std::uint64_t seed) {
  const std::unique_ptr<BN_CTX, ctx_free> ctx(BN_CTX_new());
  require(ctx != nullptr, "BN_CTX_new");
  prng random(seed);
  struct plan {
    key_kind kind;
    int count;
    int rsa_bits;  // 0 for EC
    int curve_nid;
    std::size_t coordinate_octets;
  };
  // Enough distinct keys that a listing rarely repeats one; RSA primes are
  // what the generation time is spent on.
  const plan plans[] = {
      {key_kind::rsa2048, 24, 2048, 0, 0},       {key_kind::rsa3072, 4, 3072, 0, 0},
      {key_kind::rsa4096, 4, 4096, 0, 0},        {key_kind::p256, 16, 0, NID_X9_62_prime256v1, 32},
      {key_kind::p384, 4, 0, NID_secp384r1, 48}, {key_kind::p521, 4, 0, NID_secp521r1, 66},
  };
  for (const plan& p : plans) {
    std::vector<public_key>& keys = keys_[static_cast<std::size_t>(p.kind)];
    for (int i = 0; i < p.count; ++i) {
      keys.push_back(p.rsa_bits != 0
                         ? rsa_key(p.kind, p.rsa_bits, random, ctx.get())
                         : ec_key(p.kind, p.curve_nid, p.coordinate_octets, random, ctx.get()));
    }
  }
}

const public_key& key_pool::get(key_kind kind, std::uint64_t which) const {
  const std::vector<public_key>& keys = keys_[static_cast<std::size_t>(kind)];
  return keys[which % keys.size()];
}

}  // namespace jwkview_bench
