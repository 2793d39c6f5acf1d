// key_set: one immutable snapshot of a JWKS, and validate_jwt over it.
#include "jwkview/key_set.hpp"
#include "error_access.hpp"

#include <algorithm>
#include <new>

#include "json/json_pointer.hpp"
#include "jwkview/parser.hpp"
#include "message.hpp"
#include "openssl/signature.hpp"

namespace jwkview {

namespace detail {
/// validate_jwt's access to a key's verification contexts: a cache that fills
/// while the key_set is otherwise immutable (signature.hpp).
struct key_set_access {
  static verify_contexts* contexts(const key_set& s, std::size_t i) noexcept {
    return &s.contexts_[i];
  }
};
}  // namespace detail

namespace {

/// The JSON Pointer of key `index` in a set of this shape.
void set_pointer(error& e, set_shape shape, std::size_t index) noexcept {
  if (shape == set_shape::single_key) return;
  if (shape == set_shape::jwks_object) detail::append_name(e, "jwks");
  if (shape != set_shape::array) detail::append_name(e, "keys");
  detail::append_index(e, index);
}

}  // namespace

key_set::key_set() noexcept = default;
key_set::~key_set() = default;

result<std::shared_ptr<const key_set>> key_set::build(std::string_view jwks,
                                                      const key_set_options& options) noexcept {
  key_set_options effective = options;
  effective.parse.accept_secret_keys = options.trusted_secrets;
  effective.policy.allow_secret_keys = options.trusted_secrets;
  parser p(effective.parse);
  std::shared_ptr<key_set> set(new (std::nothrow) key_set);
  if (!set) {
    error e;
    e.code = error_code::out_of_memory;
    return e;
  }
  set->options_ = effective;
  // The callback form keeps every key, however many, without a size guess.
  const parse_report report =
      p.for_each_key(jwks, [&](const key& k) noexcept { set->owned_.push_back(to_owned(k)); });
  if (report.document_failed()) return report.errors().front();
  set->shape_ = report.shape();
  // Each dropped key has one error, in document order: the positions no
  // delivered key holds, in order.
  std::size_t position = 0;
  std::size_t delivered = 0;
  for (const error& e : report.errors()) {
    while (delivered < set->owned_.size() && set->owned_[delivered]->index == position) {
      ++delivered;
      ++position;
    }
    refused_key r;
    r.index = position++;
    r.problem = e;
    set->refused_.push_back(r);
  }

  set->views_.reserve(set->owned_.size());
  for (const owned_key& k : set->owned_) set->views_.push_back(k.view());
  set->slots_.resize(key_index::slots_needed(set->views_.size()));
  if (const error_code code = set->index_.build(set->views_, set->slots_); code != error_code::ok) {
    error e;
    e.code = code;
    return e;
  }

  set->pkeys_.resize(set->views_.size());
  set->contexts_.reset(new (std::nothrow) detail::verify_contexts[set->views_.size()]);
  if (!set->contexts_) {
    error e;
    e.code = error_code::out_of_memory;
    return e;
  }
  set->rules_.resize(set->views_.size(), policy_rule::none);
  for (std::size_t i = 0; i < set->views_.size(); ++i) {
    const key& k = set->views_[i];
    refused_key r;
    r.index = k.index;
    r.rule = check_key(k, effective.policy);
    if (r.rule == policy_rule::none) {
      code_result<evp_pkey_ptr> pkey = to_evp_pkey(k);
      if (pkey) {
        set->pkeys_[i] = std::move(pkey.value);
        continue;
      }
      r.rule = policy_rule::unusable_material;
      r.problem.code = pkey.code;
      detail::set_message(r.problem, message_of(pkey.code));
    } else {
      r.problem.code = error_code::key_refused;
      detail::set_message(r.problem, message_of(r.rule));
    }
    r.problem.offset = k.offset;
    set_pointer(r.problem, report.shape(), k.index);
    set->rules_[i] = r.rule;
    set->refused_.push_back(r);
    ++set->refused_by_policy_;
  }
  // refused_ in set order: parser drops first were appended before.
  std::stable_sort(set->refused_.begin(), set->refused_.end(),
                   [](const refused_key& a, const refused_key& b) { return a.index < b.index; });
  return std::shared_ptr<const key_set>(std::move(set));
}

namespace {

/// An error about the token's keys; at_kid puts it at /header/kid.
error token_error(error_code code, const detail::message& text, bool at_kid = true) noexcept {
  error e;
  e.code = code;
  if (at_kid) {
    detail::append_name(e, "header");
    detail::append_name(e, "kid");
  }
  detail::set_message(e, text.view());
  return e;
}

/// Why the first refused candidate was refused.
error refused_error(const key& k, policy_rule rule, std::size_t others) noexcept {
  detail::message text;
  text << "key ";
  text.quote(k.kid.value) << " (keys/" << k.index << ") is refused by rule " << name_of(rule)
                          << ": " << message_of(rule);
  if (others != 0) text << " (and " << others << " other key(s) with this kid)";
  return token_error(error_code::key_refused, text);
}

}  // namespace

result<validated_jwt> validate_jwt(std::string_view token, const key_set& keys,
                                   const jwt_rules& rules, std::int64_t now, jwt_reader& reader,
                                   policy_rule* refused_by) noexcept {
  if (refused_by != nullptr) *refused_by = policy_rule::none;
  if (token.size() > rules.max_token_bytes) {
    error e;
    e.code = error_code::token_too_large;
    detail::message text;
    text << "the token has " << token.size() << " bytes; at most " << rules.max_token_bytes
         << " are accepted (jwt_rules::max_token_bytes)";
    detail::set_message(e, text.view());
    return e;
  }
  const result<jwt> read = reader.read(token);
  if (!read) return read.error();
  validated_jwt out;
  out.token = *read;
  const jwt& t = out.token;
  const key_set_options& options = keys.options();
  const std::span<const key> all = keys.keys();

  const key* k = nullptr;
  if (t.header.kid.has_value()) {
    k = keys.index().find(t.header.kid.value);
  } else if (!options.allow_tokens_without_kid) {
    detail::message text;
    text << "the token has no kid (key_set_options::allow_tokens_without_kid is off)";
    return token_error(error_code::unknown_key, text);
  } else if (!all.empty()) {
    k = all.data();
  }
  if (k == nullptr) {
    detail::message text;
    text << "no key of the set has kid ";
    text.quote(t.header.kid.value);
    return token_error(error_code::unknown_key, text);
  }

  const key* first_refused = nullptr;
  policy_rule first_rule = policy_rule::none;
  std::size_t refused = 0;
  std::size_t tried = 0;
  error_code verdict = error_code::unknown_key;
  const auto next = [&](const key* current) {
    if (t.header.kid.has_value()) return keys.index().next_with_same_kid(*current);
    return current + 1 == all.data() + all.size() ? nullptr : current + 1;
  };
  for (; k != nullptr && tried < options.max_candidates; k = next(k)) {
    const auto i = static_cast<std::size_t>(k - all.data());
    policy_rule rule = keys.rule(i);
    // The key's own rules ran once, in build(); only the alg's remain.
    if (rule == policy_rule::none) rule = check_algorithm(*k, t.header.alg, options.policy);
    if (rule != policy_rule::none) {
      if (first_refused == nullptr) {
        first_refused = k;
        first_rule = rule;
      } else {
        ++refused;
      }
      continue;
    }
    ++tried;
    const error_code v =
        detail::verify_signature(t, keys.pkey(i), false, detail::key_set_access::contexts(keys, i));
    if (v == error_code::ok) {
      out.signer = k;
      verdict = error_code::ok;
      break;
    }
    // A crypto_failure outranks bad_signature: the gateway must see it.
    if (verdict != error_code::crypto_failure) verdict = v;
  }
  if (out.signer == nullptr) {
    if (tried == 0 && first_refused != nullptr && t.header.kid.has_value()) {
      if (refused_by != nullptr) *refused_by = first_rule;
      return refused_error(*first_refused, first_rule, refused);
    }
    detail::message text;
    if (tried == 0) {
      text << "no key of the set fits alg " << to_string(t.header.alg);
      return token_error(error_code::unknown_key, text);
    }
    if (verdict == error_code::crypto_failure) {
      text << "the cryptography library failed while verifying";
    } else {
      text << "the signature does not verify with the " << tried << " key(s) tried";
    }
    return token_error(verdict, text, false);
  }
  if (error e = check_claims(t, rules, now); e) return e;
  return out;
}

result<validated_jwt> validate_jwt(std::string_view token, const key_set& keys,
                                   const jwt_rules& rules, std::int64_t now) noexcept {
  thread_local jwt_reader reader;
  return validate_jwt(token, keys, rules, now, reader);
}

}  // namespace jwkview
