// jwkview command: `jwkview verify`: one JWT against a JWK Set, as a gateway
// validates it (jwkview::key_set and jwkview::validate_jwt).
#include "verify_command.hpp"

#include <array>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "error_record.hpp"
#include "input_file.hpp"
#include "jwkview/key_set.hpp"
#include "key_source.hpp"
#include "table_output.hpp"
#include "text_escape.hpp"

namespace jwkview_cli {
namespace {

// And the parser's options (parser_option_specs).
constexpr std::array<option_spec, 8> specs{{{"--jwks", true},
                                            {"--iss", true},
                                            {"--aud", true},
                                            {"--leeway", true},
                                            {"--typ", true},
                                            {"--require", true},
                                            {"--now", true},
                                            {"--format", true}}};

/// Every value given for `name`, in order.
std::vector<std::string> values_of(const command_args& args, std::string_view name) {
  std::vector<std::string> out;
  for (const auto& [n, v] : args.options) {
    if (n == name) out.push_back(v);
  }
  return out;
}

std::optional<std::int64_t> parse_seconds(std::string_view text) {
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  const auto r = std::from_chars(text.data(), end, value);
  if (text.empty() || r.ec != std::errc{} || r.ptr != end) return std::nullopt;
  return value;
}

/// A JSON text without the whitespace between its tokens, so it fits on one
/// NDJSON line (the reader has checked it is JSON).
std::string compact_json(std::string_view json) {
  std::string out;
  out.reserve(json.size());
  bool in_string = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < json.size()) {
        out += json[++i];
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
      out += c;
    } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
      out += c;
    }
  }
  return out;
}

/// A member's value for the table: a string's text, other values' JSON.
std::string cell_of(const jwkview::jose_member& m) {
  if (m.is_string) return terminal_safe(m.text);
  return terminal_safe(compact_json(m.json));
}

std::string pointer_or(std::string_view path, std::string_view empty) {
  return path.empty() ? std::string(empty) : terminal_safe(path);
}

/// One note per key the set never uses:
///   FILE:OFFSET: PATH: note: CODE[/RULE]: [kid KID: ]MESSAGE
void print_notes(const jwkview::key_set& set, std::string_view source) {
  std::string out;
  for (const jwkview::refused_key& r : set.refused()) {
    out += terminal_safe(source);
    out += ':';
    out += std::to_string(r.problem.offset);
    out += ": ";
    out += pointer_or(r.problem.path(), "(root)");
    out += ": note: ";
    out += jwkview::name_of(r.problem.code);
    std::string_view message = r.problem.message();
    if (r.rule != jwkview::policy_rule::none) {
      out += '/';
      out += jwkview::name_of(r.rule);
    }
    out += ": ";
    for (std::size_t i = 0; i < set.keys().size(); ++i) {
      const jwkview::key& k = set.keys()[i];
      if (k.index == r.index && r.rule != jwkview::policy_rule::none && k.kid.has_value()) {
        out += "kid ";
        out += terminal_safe(k.kid.value);
        out += ": ";
      }
    }
    out += terminal_safe(message);
    out += "; the key never verifies a token\n";
  }
  std::fwrite(out.data(), 1, out.size(), stderr);
}

void append_members(std::string& out, const jwkview::jose_members& members) {
  out += '{';
  bool first = true;
  for (const jwkview::jose_member& m : members.all()) {
    if (!first) out += ',';
    first = false;
    append_json_string(out, m.name);
    out += ':';
    out += compact_json(m.json);
  }
  out += '}';
}

std::string accepted_ndjson(const jwkview::validated_jwt& v, std::string_view key) {
  const jwkview::jwt& t = v.token;
  std::string out = R"({"type":"verified","alg":)";
  append_json_string(out, jwkview::to_string(t.header.alg));
  if (t.header.kid.has_value()) {
    out += ",\"kid\":";
    append_json_string(out, t.header.kid.value);
  }
  out += ",\"key\":";
  append_json_string(out, key);
  out += ",\"header\":";
  append_members(out, t.header.members);
  out += ",\"claims\":";
  append_members(out, t.claims);
  out += "}\n";
  return out;
}

/// PART NAME VALUE, aligned as the key table is: two spaces between
/// columns, the last one not padded.
std::string accepted_table(const jwkview::validated_jwt& v, std::string_view key) {
  std::vector<std::array<std::string, 3>> rows;
  rows.push_back({"PART", "NAME", "VALUE"});
  rows.push_back({"key", "path", terminal_safe(key)});
  for (const jwkview::jose_member& m : v.token.header.members.all()) {
    rows.push_back({"header", terminal_safe(m.name), cell_of(m)});
  }
  for (const jwkview::jose_member& m : v.token.claims.all()) {
    rows.push_back({"claims", terminal_safe(m.name), cell_of(m)});
  }
  std::size_t width[2] = {0, 0};
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < 2; ++c) width[c] = std::max(width[c], display_width(row[c]));
  }
  std::string out;
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < 2; ++c) {
      out += row[c];
      out.append(width[c] - display_width(row[c]) + 2, ' ');
    }
    out += row[2];
    out += '\n';
  }
  return out;
}

void print_refusal(const jwkview::error& e, jwkview::policy_rule rule, bool ndjson) {
  std::string out;
  if (ndjson) {
    out += R"({"type":"refused","class":)";
    append_json_string(out, jwkview::name_of(e.cls()));
    out += ",\"code\":";
    append_json_string(out, jwkview::name_of(e.code));
    if (rule != jwkview::policy_rule::none) {
      out += ",\"rule\":";
      append_json_string(out, jwkview::name_of(rule));
    }
    out += ",\"path\":";
    append_json_string(out, e.path());
    out += ",\"offset\":" + std::to_string(e.offset) + ",\"message\":";
    append_json_string(out, e.message());
    out += "}\n";
    std::fwrite(out.data(), 1, out.size(), stdout);
    return;
  }
  out += "refused: ";
  out += pointer_or(e.path(), "(token)");
  out += ": ";
  out += jwkview::name_of(e.cls());
  out += '/';
  out += jwkview::name_of(e.code);
  out += ": ";
  out += terminal_safe(e.message());
  out += '\n';
  std::fwrite(out.data(), 1, out.size(), stderr);
}

}  // namespace

std::span<const option_spec> verify_option_specs() noexcept {
  return specs;
}

int run_verify(const command_args& args, std::string& usage) {
  if (args.files.size() != 1) {
    return usage = "verify takes one TOKEN (or - to read it from standard input)", 2;
  }
  const std::optional<std::string> jwks_file = args.value("--jwks");
  if (!jwks_file || jwks_file->empty()) return usage = "--jwks FILE is required", 2;
  const std::string& token_arg = args.files.front();
  if (*jwks_file == "-" && token_arg == "-") {
    return usage = "--jwks - and TOKEN - cannot both be standard input", 2;
  }

  jwkview::jwt_rules rules;
  const std::vector<std::string> audiences = values_of(args, "--aud");
  const std::vector<std::string> types = values_of(args, "--typ");
  const std::vector<std::string> required = values_of(args, "--require");
  const std::optional<std::string> issuer = args.value("--iss");
  for (const auto& [name, list] : {std::pair{"--aud", &audiences}, std::pair{"--typ", &types},
                                   std::pair{"--require", &required}}) {
    for (const std::string& v : *list) {
      if (v.empty()) return usage = std::string(name) + " must not be empty", 2;
    }
  }
  if (issuer && issuer->empty()) return usage = "--iss must not be empty", 2;
  if (issuer) rules.issuer = *issuer;
  const std::vector<std::string_view> audience_views(audiences.begin(), audiences.end());
  const std::vector<std::string_view> type_views(types.begin(), types.end());
  const std::vector<std::string_view> required_views(required.begin(), required.end());
  rules.audiences = audience_views;
  rules.types = type_views;
  rules.required_claims = required_views;
  if (auto v = args.value("--leeway")) {
    const auto n = parse_count(*v, 0, std::size_t{1} << 40);
    if (!n) return usage = "--leeway must be a number of seconds, not '" + *v + "'", 2;
    rules.leeway_seconds = static_cast<std::int64_t>(*n);
  }
  std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
  if (auto v = args.value("--now")) {
    const std::optional<std::int64_t> n = parse_seconds(*v);
    if (!n) return usage = "--now must be seconds since 1970 (an integer), not '" + *v + "'", 2;
    now = *n;
  }
  bool ndjson = false;
  if (auto v = args.value("--format")) {
    if (*v != "table" && *v != "ndjson") {
      return usage = "--format must be table or ndjson, not '" + *v + "'", 2;
    }
    ndjson = *v == "ndjson";
  }
  jwkview::key_set_options set_options;
  if (usage = apply_parser_options(args, set_options.parse); !usage.empty()) return 2;
  set_options.parse.max_reported_errors = 100000;  // a note for every dropped key

  std::string token = token_arg;
  if (token_arg == "-") {
    const input_file in = read_input("-");
    if (!in.ok()) {
      const std::string line = error_line("<stdin>", io_error(in.error));
      std::fwrite(line.data(), 1, line.size(), stderr);
      return 2;
    }
    token.assign(in.storage.data(), in.size);
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
  }

  const std::string source = *jwks_file == "-" ? std::string("<stdin>") : *jwks_file;
  const input_file jwks = read_input(*jwks_file);
  if (!jwks.ok()) {
    const std::string line = error_line(source, io_error(jwks.error));
    std::fwrite(line.data(), 1, line.size(), stderr);
    return 2;
  }
  const std::string_view jwks_text = jwks.view(0, jwks.size);
  const auto built = jwkview::key_set::build(jwks_text, set_options);
  if (!built) {
    const std::string line = error_line(source, from_library(built.error(), 0));
    std::fwrite(line.data(), 1, line.size(), stderr);
    return 2;
  }
  const jwkview::key_set& set = **built;
  print_notes(set, source);

  jwkview::jwt_reader reader;
  jwkview::policy_rule rule = jwkview::policy_rule::none;
  const jwkview::result<jwkview::validated_jwt> v =
      jwkview::validate_jwt(token, set, rules, now, reader, &rule);
  if (!v) {
    print_refusal(v.error(), rule, ndjson);
    return std::fflush(stdout) == 0 ? 1 : 2;
  }
  const std::string key = key_pointer(set.shape(), v->signer->index);
  const std::string out = ndjson ? accepted_ndjson(*v, key) : accepted_table(*v, key);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return std::fflush(stdout) == 0 ? 0 : 2;
}

}  // namespace jwkview_cli
