// jwkview command: `jwkview check`, a linter for key listings against Okta's
// documented rules and RFC advice. Each finding names a rule, a severity, the
// key's JSON Pointer and offset. `jwkview help check` lists the rules.
#include "check.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "exit_status.hpp"
#include "jwkview/jwkview.hpp"
#include "key_source.hpp"
#include "table_output.hpp"
#include "text_escape.hpp"

namespace jwkview_cli {
namespace {

struct check_settings {
  std::size_t min_rsa_bits = 2048;
  std::size_t max_keys = 50;
  std::uint64_t exponent = 65537;
  bool ndjson = false;
};

struct finding {
  std::string_view rule;
  bool error = true;  ///< severity error, else warning
  std::size_t offset = 0;
  std::string path;
  std::string kid;  ///< "" when the key has none (or for set-level findings)
  std::string message;
};

// Keys are checked as the stream delivers them, and only what the rules
// that compare keys need is kept of them (each kid, once): memory grows with
// a document's findings and kids, not with its size.
class checker {
 public:
  explicit checker(const check_settings& s) : settings_(s) {}

  // A valid key of the document being read; its findings wait for the
  // document's verdict.
  void key(const parsed_document& doc, const jwkview::key& k) {
    ++keys_;
    if (k.kid.has_value()) {
      const auto [first, fresh] = kids_.try_emplace(std::string(k.kid.value), k.index);
      if (!fresh) {
        add(doc, k, "kid-unique", true,
            "kid repeats the kid of " + key_pointer(doc.shape, first->second));
      }
    }
    if (k.use.is(jwkview::key_use::enc) && k.status.is(jwkview::key_status::active) &&
        ++active_enc_ > 1) {
      add(doc, k, "one-active-enc", true, "a second ACTIVE encryption key");
    }
    if (!k.alg.has_value()) add(doc, k, "alg-present", false, "the key has no alg");
    // What a verifier with jwkview's default key_policy makes of the key;
    // RSA size and ROCA have their own rules below.
    jwkview::key_policy policy;
    policy.min_rsa_bits = 0;
    policy.refuse_roca = false;
    const jwkview::policy_rule rule = jwkview::check_key(k, policy);
    if (rule != jwkview::policy_rule::none) {
      add(doc, k, "key-policy", false,
          "a verifier with the default key policy never uses this key: " +
              std::string(jwkview::message_of(rule)) + " (" + std::string(jwkview::name_of(rule)) +
              ")");
    }
    if (k.kty.is(jwkview::key_type::rsa)) check_rsa(doc, k);
  }

  void check(const parsed_document& doc) {
    findings_.clear();
    for (const error_record& e : doc.errors) {
      finding f{e.code == "private_member" ? "no-private-members" : "parse",
                true,
                e.offset,
                e.path,
                {},
                std::string(e.cls) + "/" + std::string(e.code) + ": " + e.message};
      findings_.push_back(std::move(f));
    }
    for (const error_record& w : doc.warnings) {
      findings_.push_back(
          {"parse-warning", false, w.offset, w.path, {}, std::string(w.code) + ": " + w.message});
    }
    if (!doc.failed) {
      check_set(doc);
      // The document's own findings first, then its keys' (the sort is stable).
      findings_.insert(findings_.end(), std::make_move_iterator(key_findings_.begin()),
                       std::make_move_iterator(key_findings_.end()));
    }
    key_findings_.clear();
    // After a large document, small ones do not clear its buckets each time.
    if (kids_.bucket_count() > large) {
      kids_ = {};
    } else {
      kids_.clear();
    }
    keys_ = active_enc_ = 0;
    // Document order; a key's findings in rule order.
    std::stable_sort(findings_.begin(), findings_.end(),
                     [](const finding& a, const finding& b) { return a.offset < b.offset; });
    for (const finding& f : findings_) {
      if (f.error) any_error_ = true;
      if (settings_.ndjson) {
        append_ndjson(doc, f);
      } else {
        text_line(doc, f);
      }
      if (out_.size() >= (std::size_t{1} << 16)) write_out();
    }
    write_out();
    findings_.clear();
    if (findings_.capacity() > large) findings_.shrink_to_fit();  // a large document's room
  }

  [[nodiscard]] bool any_error() const { return any_error_; }

 private:
  void add(const parsed_document& doc, const jwkview::key& k, std::string_view rule, bool error,
           std::string message) {
    key_findings_.push_back({rule, error, k.offset, key_pointer(doc.shape, k.index),
                             std::string(k.kid.value), std::move(message)});
  }

  void check_set(const parsed_document& doc) {
    // Elements of the set, the bad ones included (each bad key has one error).
    const std::size_t elements = keys_ + doc.errors.size();
    if (doc.shape != jwkview::set_shape::single_key && elements > settings_.max_keys) {
      std::string set = key_pointer(doc.shape, 0);
      set.resize(set.size() - 2);  // "/keys/0" -> "/keys"
      findings_.push_back({"max-keys",
                           true,
                           doc.offset,
                           set,
                           {},
                           "the set has " + std::to_string(elements) + " keys; at most " +
                               std::to_string(settings_.max_keys) + " allowed"});
    }
  }

  void check_rsa(const parsed_document& doc, const jwkview::key& k) {
    std::vector<std::uint8_t> modulus(jwkview::base64url_max_decoded_size(k.n.value.size()));
    const auto n = jwkview::rsa_modulus(k, modulus);
    if (n && jwkview::has_roca_fingerprint(*n)) {
      add(doc, k, "rsa-roca", true,
          "the modulus has the ROCA fingerprint (CVE-2017-15361): its factors can be found");
    }
    const std::size_t bits = jwkview::modulus_bits(k);
    if (bits < settings_.min_rsa_bits) {
      add(doc, k, "rsa-min-bits", true,
          "RSA modulus of " + std::to_string(bits) + " bits; at least " +
              std::to_string(settings_.min_rsa_bits) + " required");
    }
    const jwkview::code_result<std::uint64_t> e = jwkview::rsa_exponent(k);
    if (!e || e.value != settings_.exponent) {
      add(doc, k, "rsa-exponent", false,
          (e ? "e is " + std::to_string(e.value) : std::string("e is not a 64-bit value")) +
              ", not " + std::to_string(settings_.exponent));
    }
    if (jwkview::modulus_has_leading_zero(k)) {
      add(doc, k, "rsa-minimal-n", false,
          "n has a leading zero octet (RFC 7518 6.3.1.1 wants the minimal encoding)");
    }
  }

  void write_out() {
    std::fwrite(out_.data(), 1, out_.size(), stdout);
    out_.clear();
  }

  void text_line(const parsed_document& doc, const finding& f) {
    out_ += terminal_safe(doc.source);
    out_ += ':';
    out_ += std::to_string(f.offset);
    out_ += ": ";
    out_ += f.path.empty() ? std::string("(root)") : terminal_safe(f.path);
    out_ += f.error ? ": error: " : ": warning: ";
    out_ += f.rule;
    out_ += ": ";
    if (!f.kid.empty()) {
      out_ += "kid ";
      out_ += terminal_safe(f.kid);
      out_ += ": ";
    }
    out_ += terminal_safe(f.message);
    out_ += '\n';
  }

  void append_ndjson(const parsed_document& doc, const finding& f) {
    out_ += R"({"type":"finding","source":)";
    append_json_string(out_, doc.source);
    out_ += ",\"document\":" + std::to_string(doc.document);
    out_ += ",\"rule\":";
    append_json_string(out_, f.rule);
    out_ += f.error ? R"(,"severity":"error")" : R"(,"severity":"warning")";
    out_ += ",\"offset\":" + std::to_string(f.offset) + ",\"path\":";
    append_json_string(out_, f.path);
    if (!f.kid.empty()) {
      out_ += ",\"kid\":";
      append_json_string(out_, f.kid);
    }
    out_ += ",\"message\":";
    append_json_string(out_, f.message);
    out_ += "}\n";
  }

  // Findings or kids beyond which a document's room is given back after it.
  static constexpr std::size_t large = 4096;

  check_settings settings_;
  std::vector<finding> findings_;
  // The document being read: its keys' findings, and what its rules that
  // compare keys need.
  std::vector<finding> key_findings_;
  std::unordered_map<std::string, std::size_t> kids_;  // each kid's first key
  std::size_t keys_ = 0;
  std::size_t active_enc_ = 0;
  std::string out_;
  bool any_error_ = false;
};

// And the listing options (listing_options.hpp).
constexpr std::array<option_spec, 4> specs{
    {{"--min-rsa-bits", true}, {"--max-keys", true}, {"--exponent", true}, {"--format", true}}};

}  // namespace

std::span<const option_spec> check_option_specs() noexcept {
  return specs;
}

int run_check(const command_args& args, std::string& usage) {
  check_settings s;
  const auto bad = [&usage](std::string message) {
    usage = std::move(message);
    return exit_usage;
  };
  if (auto v = args.value("--min-rsa-bits")) {
    const auto n = parse_count(*v, 0, 1 << 20);
    if (!n) return bad("--min-rsa-bits must be a number of bits, not " + quoted(*v));
    s.min_rsa_bits = *n;
  }
  if (auto v = args.value("--max-keys")) {
    const auto n = parse_count(*v, 1, 1000000);
    if (!n) return bad("--max-keys must be a positive number, not " + quoted(*v));
    s.max_keys = *n;
  }
  if (auto v = args.value("--exponent")) {
    const auto n = parse_count(*v, 3, std::size_t{1} << 62);
    if (!n || *n % 2 == 0) return bad("--exponent must be an odd number >= 3, not " + quoted(*v));
    s.exponent = *n;
  }
  if (auto v = args.value("--format")) {
    static constexpr choice<bool> formats[] = {{"text", false}, {"ndjson", true}};
    if (usage = read_choice("--format", *v, formats, s.ndjson); !usage.empty()) return exit_usage;
  }
  listing_options opts;
  if (usage = read_listing_options(args, opts); !usage.empty()) return exit_usage;
  checker c(s);
  bool io_failed = false;
  for_each_document(
      args.files, opts, [&c](const parsed_document& doc) { c.check(doc); }, io_failed,
      [&c](const parsed_document& doc, const jwkview::key& k) { c.key(doc, k); });
  if (std::fflush(stdout) != 0 || io_failed) return exit_usage;
  return c.any_error() ? exit_errors : exit_ok;
}

}  // namespace jwkview_cli
