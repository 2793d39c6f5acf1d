// Key sets rotating under load: worker threads validate tokens against the
// store's snapshot while another thread builds and publishes new sets. Run
// under ThreadSanitizer by .ci/run (tools/bootstrap test, build-tsan), where
// any data race is a failure; here every verdict must also be one that some
// published set explains, and every replaced set must be freed.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "jwkview/key_set.hpp"
#include "jwkview/key_store.hpp"
#include "token_factory.hpp"

namespace jwkview {
namespace {

constexpr std::int64_t kNow = 1'800'000'000;
constexpr std::string_view kClaims = R"({"sub":"w","exp":1800000600})";

TEST(Rotation, VerifyWhileSwapping) {
  // "stable" is in every set; "old" only in the even generations, "new" only
  // in the odd ones, as a provider's rotation publishes them.
  const test::signing_key stable = test::make_ec_key("stable", "P-256");
  const test::signing_key old_key = test::make_ec_key("old", "P-256");
  const test::signing_key new_key = test::make_ed25519_key("new");
  const std::string even = test::jwks_of({&stable, &old_key});
  const std::string odd = test::jwks_of({&new_key, &stable});
  const std::string tokens[] = {test::sign_token(stable, "ES256", kClaims),
                                test::sign_token(old_key, "ES256", kClaims),
                                test::sign_token(new_key, "EdDSA", kClaims)};

  key_store store(*key_set::build(even));
  std::weak_ptr<const key_set> first = store.snapshot();
  std::atomic<bool> done{false};
  std::atomic<int> generations{0};
  jwt_rules rules;

  std::vector<std::thread> workers;
  std::atomic<long> accepted[3] = {0, 0, 0};
  std::atomic<long> unexpected{0};
  for (int w = 0; w < 3; ++w) {
    workers.emplace_back([&, w] {
      jwt_reader reader;
      for (long i = 0; !done.load(std::memory_order_relaxed) || i < 200; ++i) {
        const std::size_t which = static_cast<std::size_t>(i + w) % 3;
        const std::shared_ptr<const key_set> keys = store.snapshot();
        const result<validated_jwt> v = validate_jwt(tokens[which], *keys, rules, kNow, reader);
        if (v) {
          ++accepted[which];
          // The signer lives in the snapshot this thread holds.
          if (v->signer < keys->keys().data() ||
              v->signer >= keys->keys().data() + keys->keys().size()) {
            ++unexpected;
          }
        } else if (which == 0 || v.error().code != error_code::unknown_key) {
          ++unexpected;  // the stable key always verifies; others are only ever unknown
        }
      }
    });
  }
  std::thread publisher([&] {
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(1500);
    for (int g = 1; std::chrono::steady_clock::now() < until || g <= 20; ++g) {
      auto built = key_set::build(g % 2 == 0 ? even : odd);
      if (!built) {
        ++unexpected;
        continue;
      }
      store.publish(*built);
      generations = g;
    }
    done = true;
  });
  publisher.join();
  for (std::thread& t : workers) t.join();

  EXPECT_EQ(unexpected.load(), 0);
  EXPECT_GE(generations.load(), 20);
  EXPECT_GT(accepted[0].load(), 0);
  EXPECT_GT(accepted[1].load() + accepted[2].load(), 0);
  EXPECT_TRUE(first.expired());  // replaced sets are freed once no reader holds them
  const std::weak_ptr<const key_set> last = store.snapshot();
  store.publish(nullptr);
  EXPECT_TRUE(last.expired());
}

}  // namespace
}  // namespace jwkview
