// Allocation: once warm on the largest document, a parser never allocates;
// writing, comparing and hashing keys never do; to_owned allocates once.
//
// counting_allocator.cpp replaces every heap entry point and counts the
// calls made while a counting_window is open. Built only without sanitizers
// (they replace the same functions).
#include <gtest/gtest.h>
#include <malloc.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "counting_allocator.hpp"
#include "syntax_support.hpp"
#if defined(JWKVIEW_HAVE_OPENSSL)
#include "jwkview/thumbprint.hpp"
#endif

namespace {

using jwkview::error_code;
using jwkview_testing::counting_window;

// Keeps the compiler from eliding an allocation.
void* volatile g_sink = nullptr;

TEST(AllocCounter, CountsEveryEntryPoint) {
  {
    counting_window w;
    volatile std::size_t n = 200;
    std::string s(n, 'x');
    g_sink = s.data();
    EXPECT_GE(w.stop(), 1u);
  }
  {
    counting_window w;
    std::vector<int> v;
    v.reserve(1000);
    g_sink = v.data();
    EXPECT_GE(w.stop(), 1u);
  }
  {
    struct alignas(128) wide {
      char bytes[128];
    };
    counting_window w;
    auto* p = new wide;
    g_sink = p;
    auto* q = new (std::nothrow) int[3];
    g_sink = q;
    EXPECT_EQ(w.stop(), 2u);
    delete p;
    delete[] q;
  }
  {
    void* (*volatile m)(std::size_t) = &malloc;
    void* (*volatile c)(std::size_t, std::size_t) = &calloc;
    void* (*volatile r)(void*, std::size_t) = &realloc;
    void* (*volatile a)(std::size_t, std::size_t) = &aligned_alloc;
    void* (*volatile ma)(std::size_t, std::size_t) = &memalign;
    int (*volatile pm)(void**, std::size_t, std::size_t) = &posix_memalign;
    void* (*volatile va)(std::size_t) = &valloc;
    counting_window w;
    void* p1 = m(10);
    void* p2 = c(2, 10);
    p1 = r(p1, 100);
    void* p3 = a(64, 64);
    void* p4 = ma(64, 10);
    void* p5 = nullptr;
    const int rc = pm(&p5, 64, 10);
    void* p6 = va(10);
    EXPECT_EQ(w.stop(), 7u);
    EXPECT_EQ(rc, 0);
    for (void* p : {p1, p2, p3, p4, p5, p6}) free(p);
  }
}

TEST(AllocCounter, SeesAllocationsInsideTheLibrary) {
  // A cold parser allocates its buffers on first use, inside libjwkview and
  // simdjson: the replacement functions must see those calls too.
  const std::string json = syntest::keys_set({syntest::okta_rsa("cold")});
  std::vector<jwkview::key> storage(4);
  counting_window w;
  jwkview::parser p;
  const auto r = p.parse_set(json, std::span<jwkview::key>(storage));
  const bool ok = r.ok();
  EXPECT_GE(w.stop(), 1u);
  EXPECT_TRUE(ok);
}

/// One input to parse, with the way to parse it.
enum class api : std::uint8_t { parse_set, parse_key, for_each_key };

struct outcome {
  std::size_t keys = 0;
  std::size_t errors = 0;
  error_code first = error_code::ok;
  bool failed = false;
  bool has_key = false;
  std::size_t checksum = 0;  // sum of view sizes, to prove the views were read
  bool operator==(const outcome&) const = default;
};

struct input {
  std::string json;
  std::vector<char> padded;  // json plus jwkview::padding bytes
  bool rfc = false;
};

std::vector<input> make_inputs() {
  std::vector<std::string> okta;
  std::vector<std::string> rfc;
  // Valid sets of each shape.
  const std::vector<std::string> pair = {syntest::okta_rsa("a1"), syntest::okta_ec("a2")};
  okta.push_back(syntest::keys_set(pair));
  okta.push_back("[" + pair[0] + "," + pair[1] + "]");
  okta.push_back(R"({"jwks":)" + syntest::keys_set(pair) + "}");
  okta.push_back(syntest::okta_rsa(
      "single",
      R"(,"status":"ACTIVE","_links":{"deactivate":{"href":"https://x/y","hints":{"allow":["POST"]}}})"));
  // Key errors of several kinds.
  okta.push_back(syntest::keys_set(
      {syntest::okta_rsa("p", R"(,"d":"AQAB")"), syntest::okta_rsa("s", R"(,"status":"NOPE")"),
       R"({"id":"m","kty":"RSA","e":"AQAB"})", R"({"id":"b","kty":"RSA","e":"A===","n":"AQAB"})",
       syntest::okta_rsa("dup", R"(,"kid":"a","kid":"b")"),
       R"({"id":"c","kty":"EC","crv":"P-384","x":"AA","y":"AA"})", "1", "[]", "null",
       syntest::okta_rsa("ok")}));
  // Syntax errors.
  okta.push_back(R"({"keys":[{"kty":"RSA","kid":"unterminated)");
  okta.push_back("{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"\xC0\xAF\"}]}");
  okta.push_back(R"({"keys":[]} trailing)");
  okta.push_back(R"({"keys":[{"kty":"RSA","zz":[1,2,tru]}]})");
  okta.push_back(R"({"keys":[{"kty":"RSA","zz":"\uD800"}]})");
  okta.push_back("");
  okta.push_back(std::string(200, '['));
  // Escaped strings (decoded into scratch).
  okta.push_back(syntest::keys_set(
      {syntest::okta_rsa(
           "e\\/1",
           R"(,"kid":"\u00e9\ud83d\udd11","_links":{"activate":{"href":"https:\/\/a\/b","hints":{"allow":["P\u004fST"]}}})"),
       R"({"\u0069d":"e2","k\u0074y":"R\u0053A","e":"\u0041QAB","n":")" +
           std::string(syntest::kRsaN) + R"("})"}));
  // RFC profile documents.
  rfc.push_back(
      R"({"keys":[{"kty":"EC","crv":"P-256","x":")" + std::string(syntest::kEcX) + R"(","y":")" +
      std::string(syntest::kEcY) + R"(","use":"enc","kid":"1"},{"kty":"RSA","n":")" +
      std::string(syntest::kRsaN) +
      R"(","e":"AQAB","alg":"RS256","kid":"2011-04-29"},)"
      R"({"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","key_ops":["verify"]},)"
      R"({"kty":"oct","k":"AAAA"},{"kty":"oct","x5c":["AAEC\/w=="]}]})");

  // The largest document: a 40-key listing, realistic and without escapes.
  std::vector<std::string> many;
  for (int i = 0; i < 40; ++i) {
    many.push_back(syntest::okta_rsa(
        "key" + std::to_string(i),
        R"(,"status":"ACTIVE","created":"2023-04-06T21:32:33.000Z","lastUpdated":null,)"
        R"("_links":{"deactivate":{"href":"https://{yourOktaDomain}/api/v1/apps/0oa1/credentials/jwks/pks)" +
            std::to_string(i) + R"(/lifecycle/deactivate","hints":{"allow":["POST"]}}})"));
  }
  okta.insert(okta.begin(), R"({"jwks":)" + syntest::keys_set(many) + "}");

  std::vector<input> inputs;
  for (const std::string& j : okta) inputs.push_back({j, {}, false});
  for (const std::string& j : rfc) inputs.push_back({j, {}, true});
  for (input& in : inputs) {
    in.padded.assign(in.json.begin(), in.json.end());
    in.padded.resize(in.json.size() + jwkview::padding, '\0');
  }
  return inputs;
}

std::size_t checksum(const jwkview::key& k) {
  std::size_t sum = k.id.value.size() + k.kid.value.size() + k.n.value.size() + k.kty.text.size() +
                    k.links.activate.href.value.size() + k.links.deactivate.href.value.size();
  for (std::string_view e : k.links.deactivate.allow.entries) sum += e.size();
  for (std::string_view e : k.x5c.value) sum += e.size();
  return sum;
}

outcome run(jwkview::parser& p, const input& in, api how, bool padded,
            std::span<jwkview::key> out) {
  outcome o;
  const std::string_view pv(in.padded.data(), in.json.size());
  const std::string_view sv(in.json);
  auto from_report = [&o](const jwkview::parse_report& r) {
    o.keys = r.key_count();
    o.errors = r.error_count();
    o.failed = r.document_failed();
    o.first = r.errors().empty() ? error_code::ok : r.errors()[0].code;
  };
  switch (how) {
    case api::parse_set: {
      const jwkview::parse_report r = padded ? p.parse_set(pv, out) : p.parse_set(sv, out);
      from_report(r);
      for (const jwkview::key& k : r.keys()) o.checksum += checksum(k);
      break;
    }
    case api::parse_key: {
      const jwkview::result<jwkview::key> k = padded ? p.parse_key(pv) : p.parse_key(sv);
      o.has_key = k.has_value();
      o.first = k.error().code;
      if (k.has_value()) o.checksum = checksum(*k);
      break;
    }
    case api::for_each_key: {
      std::size_t sum = 0;
      auto on_key = [&sum](const jwkview::key& k) {
        sum += checksum(k);
        return jwkview::next::go;
      };
      const jwkview::parse_report r =
          padded ? p.for_each_key(pv, on_key) : p.for_each_key(sv, on_key);
      from_report(r);
      o.checksum = sum;
      break;
    }
  }
  return o;
}

TEST(Alloc, WarmParserNeverAllocates) {
  const std::vector<input> inputs = make_inputs();
  std::size_t largest = 0;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (inputs[i].json.size() > inputs[largest].json.size()) largest = i;
  }
  ASSERT_EQ(largest, 0u);

  jwkview::options ro;
  ro.profile = jwkview::profile::rfc7517;
  jwkview::parser okta_parser;
  jwkview::parser rfc_parser(ro);
  std::vector<jwkview::key> storage(64);
  std::vector<jwkview::key> tiny(1);  // storage_full for sets of two or more

  // Warm each parser on the largest document only.
  {
    const auto r = okta_parser.parse_set(inputs[largest].json, std::span<jwkview::key>(storage));
    ASSERT_TRUE(r.ok()) << syntest::describe(r);
    ASSERT_EQ(r.key_count(), 40u);
    const auto rr = rfc_parser.parse_set(inputs[largest].json, std::span<jwkview::key>(storage));
    ASSERT_FALSE(rr.document_failed());
  }

  constexpr std::size_t kParses = 10000;
  const std::size_t n = inputs.size();
  // The expected outcomes, computed outside the window by a separate parser.
  std::vector<outcome> expected(kParses);
  {
    jwkview::parser ref_okta;
    jwkview::parser ref_rfc(ro);
    for (std::size_t i = 0; i < kParses; ++i) {
      const input& in = inputs[i % n];
      const auto how = static_cast<api>((i / n) % 3);
      const bool padded = (i / (3 * n)) % 2 == 1;
      const bool use_tiny = (i / (6 * n)) % 4 == 3;
      expected[i] = run(in.rfc ? ref_rfc : ref_okta, in, how, padded,
                        std::span<jwkview::key>(use_tiny ? tiny : storage));
    }
  }

  std::vector<outcome> got(kParses);  // allocated before the window
  std::size_t allocations = 0;
  {
    counting_window w;
    for (std::size_t i = 0; i < kParses; ++i) {
      const input& in = inputs[i % n];
      const auto how = static_cast<api>((i / n) % 3);
      const bool padded = (i / (3 * n)) % 2 == 1;
      const bool use_tiny = (i / (6 * n)) % 4 == 3;
      got[i] = run(in.rfc ? rfc_parser : okta_parser, in, how, padded,
                   std::span<jwkview::key>(use_tiny ? tiny : storage));
    }
    allocations = w.stop();
  }
  EXPECT_EQ(allocations, 0u);

  std::size_t mismatches = 0;
  for (std::size_t i = 0; i < kParses && mismatches < 5; ++i) {
    if (!(got[i] == expected[i])) {
      ++mismatches;
      ADD_FAILURE() << "parse " << i << " (input " << i % n << ") differs from the reference";
    }
  }
  // The mix really exercised what it claims to.
  std::size_t with_keys = 0;
  std::size_t failed = 0;
  std::size_t key_errors = 0;
  std::size_t storage_full = 0;
  for (const outcome& o : got) {
    if (o.keys > 0 || o.has_key) ++with_keys;
    if (o.failed) ++failed;
    if (!o.failed && o.errors > 0) ++key_errors;
    if (o.first == error_code::storage_full) ++storage_full;
  }
  EXPECT_GT(with_keys, 1000u);
  EXPECT_GT(failed, 1000u);
  EXPECT_GT(key_errors, 100u);
  EXPECT_GT(storage_full, 0u);
}

TEST(Alloc, ParserConstructionAndFirstParseMayAllocateButReuseDoesNot) {
  // A fresh parser warms on its first document; a second parse of a document
  // no larger than that one allocates nothing.
  jwkview::parser p;
  std::vector<jwkview::key> storage(8);
  const std::string big =
      syntest::keys_set({syntest::okta_rsa("a"), syntest::okta_rsa("b"), syntest::okta_ec("c")});
  ASSERT_TRUE(p.parse_set(big, std::span<jwkview::key>(storage)).ok());
  const std::string small = syntest::okta_ec("d");
  counting_window w;
  const auto r = p.parse_set(small, std::span<jwkview::key>(storage));
  const auto k = p.parse_key(small);
  const std::size_t count = w.stop();
  EXPECT_EQ(count, 0u);
  EXPECT_TRUE(r.ok());
  EXPECT_TRUE(k.has_value());
}

TEST(Alloc, WritingComparingAndHashingNeverAllocate) {
  // Every input's keys, from warm parsers, written in every form into a
  // buffer allocated before the window; equality and hashing too. Owned
  // copies are made before the window (that is the documented allocation)
  // and only read inside it; moving one does not allocate either.
  const std::vector<input> inputs = make_inputs();
  jwkview::options ro;
  ro.profile = jwkview::profile::rfc7517;
  jwkview::parser okta_parser;
  jwkview::parser rfc_parser(ro);
  std::vector<jwkview::key> storage(64);
  std::vector<char> buffer(std::size_t{1} << 20);
  const jwkview::write_form forms[] = {jwkview::write_form::response, jwkview::write_form::request,
                                       jwkview::write_form::jwk};
  for (const input& in : inputs) {
    const jwkview::parse_report r =
        (in.rfc ? rfc_parser : okta_parser).parse_set(in.json, std::span<jwkview::key>(storage));
    const std::span<const jwkview::key> keys = r.keys();
    if (keys.empty()) continue;
    std::vector<jwkview::owned_key> owned;
    for (const jwkview::key& k : keys) owned.push_back(jwkview::to_owned(k));
    owned.reserve(owned.size() + 1);
    std::size_t total = 0;
    std::size_t equal = 0;
    counting_window w;
    for (const jwkview::write_form form : forms) {
      for (const jwkview::key& k : keys) {
        const auto wr = jwkview::write_key(k, form, buffer);
        total += wr ? wr.value : 0;
        total += jwkview::write_key(k, form, std::span<char>(buffer.data(), 3)).value;
      }
      total += jwkview::write_set(keys, form, buffer).value;
      total += jwkview::write_set(std::span<const jwkview::owned_key>(owned), form, buffer).value;
    }
    for (std::size_t i = 0; i < keys.size(); ++i) {
      total += jwkview::write_json_string(keys[i].n.value, buffer).value;
      total += std::hash<jwkview::key>{}(keys[i]) & 1;
      total += std::hash<jwkview::owned_key>{}(owned[i]) & 1;
      equal += keys[i] == keys[0] ? 1 : 0;
      equal += owned[i] == keys[i] ? 1 : 0;
    }
    jwkview::owned_key moved = std::move(owned.back());
    owned.back() = std::move(moved);
    const std::size_t count = w.stop();
    EXPECT_EQ(count, 0u) << in.json.substr(0, 80);
    EXPECT_GT(total, 0u);
    EXPECT_EQ(equal, keys.size() + 1);
  }
}

TEST(Alloc, ToOwnedIsTheOnePlaceThatAllocates) {
  // A copy that needs more than std::string's inline buffer allocates once.
  jwkview::parser p;
  const std::string json = syntest::okta_rsa("owned");
  const jwkview::result<jwkview::key> k = p.parse_key(json);
  ASSERT_TRUE(k.has_value());
  counting_window w;
  const jwkview::owned_key owned = jwkview::to_owned(*k);
  EXPECT_EQ(w.stop(), 1u);
  EXPECT_TRUE(owned == *k);
}

TEST(Alloc, KeyMaterialIndexAndThumbprintsNeverAllocate) {
  // Decoding, the kid index (build and lookups) and, with libjwkview_openssl,
  // thumbprints: no call allocates, not even the first.
  std::vector<std::string> keys;
  for (int i = 0; i < 20; ++i) {
    std::string kid = R"(,"kid":"k)";
    kid += std::to_string(i);
    kid += '"';
    const std::string id = std::to_string(i);
    keys.push_back(i % 2 == 0 ? syntest::okta_rsa(id, kid) : syntest::okta_ec(id, kid));
  }
  const std::string json = syntest::keys_set(keys);
  jwkview::parser p;
  std::vector<jwkview::key> storage(32);
  const auto r = p.parse_set(json, std::span<jwkview::key>(storage));
  ASSERT_TRUE(r.ok()) << syntest::describe(r);
  const std::span<const jwkview::key> set = r.keys();
  std::vector<jwkview::key_index::slot> slots(jwkview::key_index::slots_needed(set.size()));
  jwkview::key_index::thumbprint_function digest = nullptr;
#if defined(JWKVIEW_HAVE_OPENSSL)
  digest = &jwkview::thumbprint_digest;
  std::vector<std::string> texts;  // thumbprints to look up, made outside the window
  for (const jwkview::key& k : set) {
    const auto t = jwkview::compute_thumbprint(k);
    ASSERT_TRUE(t);
    texts.emplace_back(t->uri());
  }
#endif

  std::size_t found = 0;
  std::size_t octets = 0;
  counting_window w;
  for (int round = 0; round < 50; ++round) {
    jwkview::key_index index;
    if (index.build(set, slots, digest) != error_code::ok) break;
    for (std::size_t i = 0; i < set.size(); ++i) {
      const jwkview::key& k = set[i];
      std::array<std::uint8_t, 512> buffer;
      if (k.kty.is(jwkview::key_type::rsa)) {
        octets += jwkview::base64url_decode(k.n.value, buffer).value;
        octets += jwkview::rsa_modulus(k, buffer).value.size();
        octets += jwkview::rsa_exponent(k).value;
      } else {
        octets += jwkview::public_point(k).value.octets;
      }
      octets +=
          jwkview::base64url_encode(std::span(buffer.data(), 32),
                                    std::span(reinterpret_cast<char*>(buffer.data()) + 64, 64))
              .value;
      found += index.find(k.kid.value) == &k ? 1 : 0;
      found += index.find(k.kid.value, k.alg.value, jwkview::key_use::sig) == &k ? 1 : 0;
      found += index.count(k.kid.value);
#if defined(JWKVIEW_HAVE_OPENSSL)
      // The RSA keys share their material, and so do the EC keys: a
      // thumbprint finds the first key of the set that has it.
      found += index.find_thumbprint(texts[i]) == &set[i % 2] ? 1 : 0;
      const auto t = jwkview::compute_thumbprint(k);
      found += t && t->uri() == texts[i] ? 1 : 0;
#endif
    }
    found += index.find("absent") == nullptr ? 1 : 0;
  }
  const std::size_t allocations = w.stop();
  EXPECT_EQ(allocations, 0u);
#if defined(JWKVIEW_HAVE_OPENSSL)
  EXPECT_EQ(found, 50u * (set.size() * 5 + 1));
#else
  EXPECT_EQ(found, 50u * (set.size() * 3 + 1));
#endif
  EXPECT_GT(octets, 0u);
}

}  // namespace

TEST(Alloc, WarmStreamNeverAllocates) {
  // NDJSON of every input (broken ones included), then a streamed array.
  std::string bytes;
  for (const input& in : make_inputs()) {
    std::string line = in.json;
    std::replace(line.begin(), line.end(), '\n', ' ');
    bytes += line + "\n";
  }
  bytes += '[';
  bytes += syntest::okta_rsa("a");
  bytes += ',';
  bytes += syntest::okta_ec("b");
  bytes += "]\n";

  struct tally {
    std::size_t keys = 0;
    std::size_t errors = 0;
    void on_key(const jwkview::key&, const jwkview::stream_place&) noexcept { ++keys; }
    void on_error(const jwkview::error&, const jwkview::stream_place&) noexcept { ++errors; }
  };
  jwkview::stream s;
  tally warm;
  // Warmed by the whole input given to finish(), read where it lies: the
  // stream still makes room for the copies that chunks need.
  ASSERT_TRUE(s.finish(bytes, warm));
  ASSERT_GT(warm.keys, 40u);
  ASSERT_GT(warm.errors, 5u);

  std::size_t allocations = 0;
  std::vector<tally> runs(8);
  {
    counting_window w;
    const std::size_t chunk_sizes[] = {1, 7, 4096, bytes.size()};
    for (std::size_t r = 0; r < runs.size(); ++r) {
      // The last four give the last chunk to finish(), which reads it in place.
      const std::size_t chunk = chunk_sizes[r % 4];
      const bool last_to_finish = r >= 4;
      s.reset();
      std::size_t at = 0;
      for (; at < bytes.size() && (!last_to_finish || bytes.size() - at > chunk); at += chunk) {
        (void)s.feed(std::string_view(bytes).substr(at, chunk), runs[r]);
      }
      if (last_to_finish) {
        (void)s.finish(std::string_view(bytes).substr(at), runs[r]);
      } else {
        (void)s.finish(runs[r]);
      }
    }
    allocations = w.stop();
  }
  EXPECT_EQ(allocations, 0u);
  for (const tally& t : runs) {
    EXPECT_EQ(t.keys, warm.keys);
    EXPECT_EQ(t.errors, warm.errors);
  }
}
