// refresh_schedule: when a gateway fetches its JWKS again, driven by a clock
// the test sets.
#include "jwkview/refresh_schedule.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace jwkview {
namespace {

TEST(RefreshSchedule, LifetimeFromCacheControl) {
  EXPECT_EQ(refresh_schedule::lifetime(""), -1);
  EXPECT_EQ(refresh_schedule::lifetime("public, max-age=3600"), 3600);
  EXPECT_EQ(refresh_schedule::lifetime("Max-Age=\"120\""), 120);
  EXPECT_EQ(refresh_schedule::lifetime("max-age=3600, s-maxage=600"), 600);  // shared cache
  EXPECT_EQ(refresh_schedule::lifetime("max-age=3600, no-cache"), 0);
  EXPECT_EQ(refresh_schedule::lifetime("no-store"), 0);
  EXPECT_EQ(refresh_schedule::lifetime("max-age=-5"), -1);
  EXPECT_EQ(refresh_schedule::lifetime("max-age=12x"), -1);
  EXPECT_EQ(refresh_schedule::lifetime("max-age"), -1);
  EXPECT_EQ(refresh_schedule::lifetime("max-age=99999999999999999999999"), std::int64_t{1} << 31);
}

TEST(RefreshSchedule, FetchesFollowTheResponseWithinClamps) {
  refresh_policy p;
  p.min_interval = 60;
  p.max_interval = 3600;
  p.default_interval = 300;
  refresh_schedule s(p);
  EXPECT_TRUE(s.due(0));  // nothing fetched yet
  s.fetched(1000, "max-age=600");
  EXPECT_FALSE(s.due(1599));
  EXPECT_TRUE(s.due(1600));
  s.fetched(2000, "max-age=5");  // too eager: clamped up
  EXPECT_EQ(s.next_fetch(), 2060);
  s.fetched(3000, "max-age=86400");  // too lazy: clamped down
  EXPECT_EQ(s.next_fetch(), 6600);
  s.fetched(4000, "");
  EXPECT_EQ(s.next_fetch(), 4300);
  s.fetched(5000, "no-cache");
  EXPECT_EQ(s.next_fetch(), 5060);
}

TEST(RefreshSchedule, FailuresRetryAndKeepTheOldSet) {
  refresh_policy p;
  p.retry_interval = 30;
  refresh_schedule s(p);
  s.fetched(1000, "max-age=600");
  s.failed(1600);
  EXPECT_EQ(s.next_fetch(), 1630);
}

TEST(RefreshSchedule, UnknownKidsTriggerAtMostOneFetchPerInterval) {
  refresh_policy p;
  p.unknown_kid_interval = 60;
  refresh_schedule s(p);
  s.fetched(1000, "max-age=3600");
  EXPECT_FALSE(s.unknown_kid(1030));  // just fetched
  EXPECT_TRUE(s.unknown_kid(1060));
  EXPECT_TRUE(s.due(1060));
  EXPECT_FALSE(s.unknown_kid(1061));  // the window is taken
  EXPECT_FALSE(s.unknown_kid(1119));
  EXPECT_TRUE(s.unknown_kid(1120));
}

TEST(RefreshSchedule, OneThreadWinsEachWindow) {
  refresh_schedule s;
  s.fetched(0, "max-age=3600");
  std::atomic<int> wins{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 1000; ++j) wins += s.unknown_kid(100) ? 1 : 0;
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(wins.load(), 1);
}

}  // namespace
}  // namespace jwkview
