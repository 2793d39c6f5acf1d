// The C ABI's libjwkview_openssl half (include/jwkview.h): key sets, the key
// store and token validation, over key_set.hpp and key_store.hpp.
#include <memory>
#include <new>
#include <string_view>

#include "c_api.hpp"
#include "error_access.hpp"
#include "jwkview.h"
#include "jwkview/jwt.hpp"
#include "jwkview/key_set.hpp"
#include "jwkview/key_store.hpp"

using namespace jwkview;

/// One counted reference: the C caller's share of the set.
struct jwkview_key_set {
  std::shared_ptr<const key_set> set;
};

struct jwkview_key_store {
  key_store store;
};

/// A jwt_reader and the last token it validated, which jwkview_claims reads.
struct jwkview_reader {
  jwt_reader reader;
  validated_jwt last;
};

namespace jwkview::c_api {
namespace {

constexpr std::size_t max_rule_strings = JWKVIEW_MAX_RULE_STRINGS;

/// Views of the C rules' strings, where jwt_rules can point.
struct rule_lists {
  std::string_view audiences[max_rule_strings];
  std::string_view types[max_rule_strings];
  std::string_view required[max_rule_strings];
};

std::string_view view(const char* s) noexcept {
  return s != nullptr ? s : std::string_view{};
}

/// Copies `count` C strings into `to`; false when there are too many.
bool view_all(const char* const* from, std::size_t count, std::string_view* to,
              std::span<const std::string_view>& out) noexcept {
  if (from == nullptr || count == 0) return true;
  if (count > max_rule_strings) return false;
  for (std::size_t i = 0; i < count; ++i) to[i] = view(from[i]);
  out = {to, count};
  return true;
}

bool to_rules(const jwkview_rules& c, rule_lists& lists, jwt_rules& r) noexcept {
  r.max_token_bytes = c.max_token_bytes;
  r.leeway_seconds = c.leeway_seconds;
  r.require_exp = c.require_exp != 0;
  r.issuer = view(c.issuer);
  return view_all(c.audiences, c.audience_count, lists.audiences, r.audiences) &&
         view_all(c.types, c.type_count, lists.types, r.types) &&
         view_all(c.required_claims, c.required_claim_count, lists.required, r.required_claims);
}

jwkview_date date_of(const numeric_date& d) noexcept {
  return {d.seconds, static_cast<int>(d.state)};
}

int fail(error_code code, std::string_view message, jwkview_error* out) noexcept {
  error e;
  e.code = code;
  detail::set_message(e, message);
  to_c(e, out);
  return static_cast<int>(code);
}

}  // namespace
}  // namespace jwkview::c_api

extern "C" {

void jwkview_key_set_options_init(jwkview_key_set_options* c) {
  const key_set_options o;
  jwkview_parse_options_init(&c->parse);
  c->min_rsa_bits = o.policy.min_rsa_bits;
  c->refuse_roca = o.policy.refuse_roca ? 1 : 0;
  c->trusted_secrets = o.trusted_secrets ? 1 : 0;
  c->max_candidates = o.max_candidates;
  c->allow_tokens_without_kid = o.allow_tokens_without_kid ? 1 : 0;
}

jwkview_key_set* jwkview_key_set_build(const char* jwks, size_t len,
                                       const jwkview_key_set_options* c, jwkview_error* error) {
  key_set_options o;
  if (c != nullptr) {
    o.parse = c_api::to_options(c->parse);
    o.policy.min_rsa_bits = c->min_rsa_bits;
    o.policy.refuse_roca = c->refuse_roca != 0;
    o.trusted_secrets = c->trusted_secrets != 0;
    o.max_candidates = c->max_candidates;
    o.allow_tokens_without_kid = c->allow_tokens_without_kid != 0;
  }
  result<std::shared_ptr<const key_set>> built = key_set::build({jwks, len}, o);
  if (!built) {
    c_api::to_c(built.error(), error);
    return nullptr;
  }
  auto* handle = new (std::nothrow) jwkview_key_set{*built};
  c_api::to_c(handle != nullptr ? error_code::ok : error_code::out_of_memory, error);
  return handle;
}

void jwkview_key_set_free(jwkview_key_set* set) {
  delete set;
}

size_t jwkview_key_set_size(const jwkview_key_set* set) {
  return set->set->keys().size();
}

size_t jwkview_key_set_usable(const jwkview_key_set* set) {
  return set->set->usable();
}

size_t jwkview_key_set_refused_count(const jwkview_key_set* set) {
  return set->set->refused().size();
}

int jwkview_key_set_refused(const jwkview_key_set* set, size_t i, jwkview_error* error) {
  const std::span<const refused_key> refused = set->set->refused();
  if (i >= refused.size()) return 0;
  c_api::to_c(refused[i].problem, error);
  if (error != nullptr) error->rule = static_cast<int>(refused[i].rule);
  return 1;
}

jwkview_key_store* jwkview_key_store_new(void) {
  return new (std::nothrow) jwkview_key_store;
}

void jwkview_key_store_free(jwkview_key_store* store) {
  delete store;
}

void jwkview_key_store_publish(jwkview_key_store* store, const jwkview_key_set* set) {
  store->store.publish(set != nullptr ? set->set : nullptr);
}

jwkview_key_set* jwkview_key_store_snapshot(const jwkview_key_store* store) {
  std::shared_ptr<const key_set> current = store->store.snapshot();
  if (!current) return nullptr;
  return new (std::nothrow) jwkview_key_set{std::move(current)};
}

void jwkview_rules_init(jwkview_rules* c) {
  const jwt_rules r;
  *c = jwkview_rules{};
  c->max_token_bytes = r.max_token_bytes;
  c->leeway_seconds = r.leeway_seconds;
  c->require_exp = r.require_exp ? 1 : 0;
}

jwkview_reader* jwkview_reader_new(void) {
  return new (std::nothrow) jwkview_reader;
}

void jwkview_reader_free(jwkview_reader* reader) {
  delete reader;
}

int jwkview_validate(const jwkview_key_set* keys, const char* token, size_t len,
                     const jwkview_rules* c_rules, int64_t now, jwkview_reader* reader,
                     jwkview_claims* claims, jwkview_error* error) {
  thread_local jwkview_reader own;
  jwkview_reader& r = reader != nullptr ? *reader : own;
  jwt_rules rules;
  c_api::rule_lists lists;
  if (c_rules != nullptr && !c_api::to_rules(*c_rules, lists, rules)) {
    return c_api::fail(error_code::too_many_members,
                       "a list of jwkview_rules holds more than JWKVIEW_MAX_RULE_STRINGS strings",
                       error);
  }
  if (keys == nullptr) {
    return c_api::fail(error_code::unknown_key, "no key set (nothing published yet)", error);
  }
  const std::string_view text{token, len};
  policy_rule refused_by = policy_rule::none;
  const result<validated_jwt> v = validate_jwt(text, *keys->set, rules, now, r.reader, &refused_by);
  if (!v) {
    c_api::to_c(v.error(), error);
    if (error != nullptr) error->rule = static_cast<int>(refused_by);
    return static_cast<int>(v.error().code);
  }
  r.last = *v;
  c_api::to_c(error_code::ok, error);
  if (claims != nullptr) {
    const jwt& t = r.last.token;
    claims->iss = c_api::member_of(t.iss);
    claims->sub = c_api::member_of(t.sub);
    claims->jti = c_api::member_of(t.jti);
    claims->exp = c_api::date_of(t.exp);
    claims->nbf = c_api::date_of(t.nbf);
    claims->iat = c_api::date_of(t.iat);
    claims->aud_count = t.aud.size();
    claims->alg = c_api::str(to_string(t.header.alg));
    claims->typ = c_api::member_of(t.header.typ);
    claims->kid = c_api::member_of(t.header.kid);
    claims->signer_kid = c_api::member_of(r.last.signer->kid);
    claims->token_ = &r.last;
  }
  return JWKVIEW_OK;
}

jwkview_str jwkview_claims_aud(const jwkview_claims* claims, size_t i) {
  const jwt& t = static_cast<const validated_jwt*>(claims->token_)->token;
  return i < t.aud.size() ? c_api::str(t.aud[i]) : jwkview_str{nullptr, 0};
}

int jwkview_claims_find(const jwkview_claims* claims, const char* name, size_t name_len,
                        jwkview_claim* claim) {
  const jwt& t = static_cast<const validated_jwt*>(claims->token_)->token;
  const jose_member* m = t.claims.find({name, name_len});
  if (m == nullptr) return 0;
  claim->json = c_api::str(m->json);
  claim->text = c_api::str(m->text);
  claim->is_string = m->is_string ? 1 : 0;
  return 1;
}

}  // extern "C"
