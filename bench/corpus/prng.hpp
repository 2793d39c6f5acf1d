// splitmix64: the corpus generator's only source of randomness, so that every
// run writes the same bytes (OpenSSL's RNG is never used for key material).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace jwkview_bench {

class prng {
 public:
  explicit prng(std::uint64_t seed) noexcept : state_(seed) {}

  std::uint64_t next() noexcept {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  /// A number in [0, bound); the modulo bias is irrelevant for test data.
  std::uint64_t below(std::uint64_t bound) noexcept { return next() % bound; }

  /// True with the given percentage.
  bool percent(unsigned p) noexcept { return below(100) < p; }

  void fill(std::span<unsigned char> out) noexcept {
    for (unsigned char& b : out) b = static_cast<unsigned char>(next() >> 56);
  }

 private:
  std::uint64_t state_;
};

}  // namespace jwkview_bench
