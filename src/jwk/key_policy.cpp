// The key policy: which keys may verify a token (key_policy.hpp).
#include "jwkview/key_policy.hpp"

#include <array>

#include "jwk/algorithm_table.hpp"
#include "jwkview/base64url.hpp"
#include "jwkview/material.hpp"

namespace jwkview {
namespace {

struct rule_info {
  std::string_view name;
  std::string_view message;
};

constexpr std::array<rule_info, static_cast<std::size_t>(policy_rule::secret_too_short) + 1> rules{{
    {"none", "the key may be used"},
    {"algorithm_not_allowed", "the token's algorithm is not in the allow-list"},
    {"alg_differs", "the key's alg is not the token's"},
    {"alg_does_not_fit", "the token's algorithm does not fit the key's type or curve"},
    {"wrong_use", "the key's use is not sig"},
    {"no_verify_op", "the key's key_ops does not include verify"},
    {"inactive", "the key's status is not ACTIVE"},
    {"secret_key", "a secret (oct) key, outside a trusted key set"},
    {"rsa_too_small", "the RSA modulus is smaller than the policy's minimum"},
    {"rsa_weak_exponent", "the RSA exponent is 1, even, or does not decode"},
    {"rsa_roca", "the RSA modulus has the ROCA fingerprint (CVE-2017-15361)"},
    {"unusable_material", "the key material does not decode"},
    {"secret_too_short", "the HMAC secret is shorter than the hash (RFC 7518 section 3.2)"},
}};

// The primes of the ROCA test. RSALib's primes are k * M + (65537^a mod M)
// with M a primorial that every one of these divides, whatever the key size;
// so n = p * q leaves, modulo each, a power of 65537.
constexpr std::array<std::uint32_t, 38> roca_primes{
    3,  5,  7,  11, 13, 17,  19,  23,  29,  31,  37,  41,  43,  47,  53,  59,  61,  67,  71,
    73, 79, 83, 89, 97, 101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167};

// Bit r of a mask: r is a power of 65537 modulo the prime.
using residue_mask = std::array<std::uint64_t, 3>;

constexpr residue_mask powers_of_65537(std::uint32_t p) {
  residue_mask mask{};
  std::uint32_t r = 1;
  do {
    mask[r / 64] |= std::uint64_t{1} << (r % 64);
    r = static_cast<std::uint32_t>(r * (65537 % p) % p);
  } while (r != 1);
  return mask;
}

constexpr std::array<residue_mask, roca_primes.size()> make_roca_masks() {
  std::array<residue_mask, roca_primes.size()> masks{};
  for (std::size_t i = 0; i < roca_primes.size(); ++i) masks[i] = powers_of_65537(roca_primes[i]);
  return masks;
}

constexpr auto roca_masks = make_roca_masks();

// The primes in runs whose product fits in 32 bits: the modulus is reduced
// once per run, four octets per division, and each prime's residue comes
// from the run's (a division per octet and prime was most of `jwkview
// check`'s time over many listings).
struct prime_run {
  std::uint32_t product;
  std::uint32_t first;  // index in roca_primes
  std::uint32_t end;
};

// The run of primes from index `first` on.
constexpr prime_run run_from(std::uint32_t first) {
  std::uint64_t product = 1;
  std::uint32_t end = first;
  while (end < roca_primes.size() && product * roca_primes[end] <= UINT32_MAX)
    product *= roca_primes[end++];
  return {static_cast<std::uint32_t>(product), first, end};
}

constexpr std::size_t count_runs() {
  std::size_t runs = 0;
  for (std::uint32_t i = 0; i < roca_primes.size(); i = run_from(i).end) ++runs;
  return runs;
}

constexpr std::array<prime_run, count_runs()> make_prime_runs() {
  std::array<prime_run, count_runs()> runs{};
  std::uint32_t i = 0;
  for (prime_run& run : runs) {
    run = run_from(i);
    i = run.end;
  }
  return runs;
}

constexpr auto roca_runs = make_prime_runs();

policy_rule check_rsa(const key& k, const key_policy& policy) noexcept {
  std::uint8_t buffer[2048];  // 16384 bits, OpenSSL's limit
  const code_result<std::span<const std::uint8_t>> n = rsa_modulus(k, buffer);
  const code_result<std::uint64_t> e = rsa_exponent(k);
  if (!n) return policy_rule::unusable_material;
  if (!e || *e < 3 || *e % 2 == 0) return policy_rule::rsa_weak_exponent;
  if (modulus_bits(k) < policy.min_rsa_bits) return policy_rule::rsa_too_small;
  if (policy.refuse_roca && has_roca_fingerprint(*n)) return policy_rule::rsa_roca;
  return policy_rule::none;
}

}  // namespace

std::string_view name_of(policy_rule rule) noexcept {
  const auto i = static_cast<std::size_t>(rule);
  return i < rules.size() ? rules[i].name : rules[0].name;
}

std::string_view message_of(policy_rule rule) noexcept {
  const auto i = static_cast<std::size_t>(rule);
  return i < rules.size() ? rules[i].message : rules[0].message;
}

enum_set<algorithm> default_algorithms() noexcept {
  enum_set<algorithm> set;
  for (const algorithm a :
       {algorithm::rs256, algorithm::rs384, algorithm::rs512, algorithm::ps256, algorithm::ps384,
        algorithm::ps512, algorithm::es256, algorithm::es384, algorithm::es512, algorithm::eddsa,
        algorithm::ed25519, algorithm::ed448}) {
    set.insert(a);
  }
  return set;
}

bool has_roca_fingerprint(std::span<const std::uint8_t> modulus) noexcept {
  if (modulus.empty()) return false;
  for (const prime_run& run : roca_runs) {
    // r < product < 2^32, so r * 2^32 + a 32-bit word fits in 64 bits.
    const std::uint64_t product = run.product;
    std::uint64_t r = 0;
    std::size_t i = 0;
    for (; i < modulus.size() % 4; ++i) r = (r << 8 | modulus[i]) % product;
    for (; i < modulus.size(); i += 4) {
      const std::uint64_t word = std::uint64_t{modulus[i]} << 24 |
                                 std::uint64_t{modulus[i + 1]} << 16 |
                                 std::uint64_t{modulus[i + 2]} << 8 | modulus[i + 3];
      r = (r << 32 | word) % product;
    }
    for (std::uint32_t j = run.first; j < run.end; ++j) {
      const auto residue = static_cast<std::uint32_t>(r % roca_primes[j]);
      if ((roca_masks[j][residue / 64] >> (residue % 64) & 1) == 0) return false;
    }
  }
  return true;
}

policy_rule check_key(const key& k, const key_policy& policy) noexcept {
  if (k.use.has_value() && !k.use.is(key_use::sig)) return policy_rule::wrong_use;
  if (k.key_ops.has_value() && !k.key_ops.values.contains(key_op::verify))
    return policy_rule::no_verify_op;
  // Only Okta's schema has a status; absent (any other JWK) is usable.
  if (!k.status.is_absent() && !k.status.is(key_status::active)) return policy_rule::inactive;
  if (k.kty.is(key_type::oct) && !policy.allow_secret_keys) return policy_rule::secret_key;
  if (k.kty.is(key_type::rsa)) return check_rsa(k, policy);
  return policy_rule::none;
}

namespace {

/// Octets of an HMAC alg's hash; 0 for other algs.
std::size_t hmac_octets(algorithm alg) noexcept {
  const detail::algorithm_row& row = detail::row_of(alg);
  return row.family == detail::alg_family::hmac ? row.digest_bits / 8U : 0;
}

}  // namespace

policy_rule check_algorithm(const key& k, algorithm alg, const key_policy& policy) noexcept {
  const bool hmac = hmac_octets(alg) != 0;
  if (alg == algorithm::unknown ||
      !(policy.algorithms.contains(alg) || (hmac && policy.allow_secret_keys)))
    return policy_rule::algorithm_not_allowed;
  if (k.alg.has_value() && k.alg.value != alg) return policy_rule::alg_differs;
  if (!k.kty.has_value() || k.kty.value == key_type::unknown || !algorithm_fits(alg, k))
    return policy_rule::alg_does_not_fit;
  if (hmac && k.kty.is(key_type::oct) && policy.allow_secret_keys) {
    const code_result<std::size_t> secret = base64url_decoded_size(k.k.value);
    if (!k.k.has_value() || !secret) return policy_rule::unusable_material;
    if (secret.value < hmac_octets(alg)) return policy_rule::secret_too_short;
  }
  return policy_rule::none;
}

policy_rule check_key_for(const key& k, algorithm alg, const key_policy& policy) noexcept {
  const policy_rule rule = check_algorithm(k, alg, policy);
  return rule != policy_rule::none ? rule : check_key(k, policy);
}

}  // namespace jwkview
