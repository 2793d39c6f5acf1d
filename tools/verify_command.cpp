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
#include "exit_status.hpp"
#include "input_source.hpp"
#include "jwkview/key_set.hpp"
#include "key_source.hpp"
#include "listing_options.hpp"
#include "table_output.hpp"
#include "text_escape.hpp"

namespace jwkview_cli {
namespace {

// And the parser's options (listing_options.hpp).
constexpr std::array<option_spec, 8> specs{{{"--jwks", true},
                                            {"--iss", true},
                                            {"--aud", true},
                                            {"--leeway", true},
                                            {"--typ", true},
                                            {"--require", true},
                                            {"--now", true},
                                            {"--format", true}}};

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
    return usage = "verify takes one TOKEN (or - to read it from standard input)", exit_usage;
  }
  const std::optional<std::string> jwks_file = args.value("--jwks");
  if (!jwks_file || jwks_file->empty()) return usage = "--jwks FILE is required", exit_usage;
  const std::string& token_arg = args.files.front();
  if (*jwks_file == "-" && token_arg == "-") {
    return usage = "--jwks - and TOKEN - cannot both be standard input", exit_usage;
  }

  jwkview::jwt_rules rules;
  const std::vector<std::string> audiences = args.values("--aud");
  const std::vector<std::string> types = args.values("--typ");
  const std::vector<std::string> required = args.values("--require");
  const std::optional<std::string> issuer = args.value("--iss");
  for (const auto& [name, list] : {std::pair{"--aud", &audiences}, std::pair{"--typ", &types},
                                   std::pair{"--require", &required}}) {
    for (const std::string& v : *list) {
      if (v.empty()) return usage = std::string(name) + " must not be empty", exit_usage;
    }
  }
  if (issuer && issuer->empty()) return usage = "--iss must not be empty", exit_usage;
  if (issuer) rules.issuer = *issuer;
  const std::vector<std::string_view> audience_views(audiences.begin(), audiences.end());
  const std::vector<std::string_view> type_views(types.begin(), types.end());
  const std::vector<std::string_view> required_views(required.begin(), required.end());
  rules.audiences = audience_views;
  rules.types = type_views;
  rules.required_claims = required_views;
  if (auto v = args.value("--leeway")) {
    const auto n = parse_count(*v, 0, std::size_t{1} << 40);
    if (!n) return usage = "--leeway must be a number of seconds, not " + quoted(*v), exit_usage;
    rules.leeway_seconds = static_cast<std::int64_t>(*n);
  }
  std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
  if (auto v = args.value("--now")) {
    const std::optional<std::int64_t> n = parse_seconds(*v);
    if (!n)
      return usage = "--now must be seconds since 1970 (an integer), not " + quoted(*v), exit_usage;
    now = *n;
  }
  bool ndjson = false;
  if (auto v = args.value("--format")) {
    static constexpr choice<bool> formats[] = {{"table", false}, {"ndjson", true}};
    if (usage = read_choice("--format", *v, formats, ndjson); !usage.empty()) return exit_usage;
  }
  listing_options listing;
  if (usage = read_listing_options(args, listing); !usage.empty()) return exit_usage;
  jwkview::key_set_options set_options;
  set_options.parse = listing.parse;
  set_options.parse.max_reported_errors = 100000;  // a note for every dropped key

  std::string token = token_arg;
  if (token_arg == "-") {
    if (const int error = read_whole("-", token); error != 0) {
      const std::string line = error_line("<stdin>", io_error(error));
      std::fwrite(line.data(), 1, line.size(), stderr);
      return exit_usage;
    }
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
  }

  // key_set::build reads the set as one document, all in memory.
  const std::string source = *jwks_file == "-" ? std::string("<stdin>") : *jwks_file;
  std::string jwks;
  if (const int error = read_whole(*jwks_file, jwks); error != 0) {
    const std::string line = error_line(source, io_error(error));
    std::fwrite(line.data(), 1, line.size(), stderr);
    return exit_usage;
  }
  const auto built = jwkview::key_set::build(jwks, set_options);
  if (!built) {
    const std::string line = error_line(source, from_library(built.error(), 0));
    std::fwrite(line.data(), 1, line.size(), stderr);
    return exit_usage;
  }
  const jwkview::key_set& set = **built;
  print_notes(set, source);

  jwkview::jwt_reader reader;
  jwkview::policy_rule rule = jwkview::policy_rule::none;
  const jwkview::result<jwkview::validated_jwt> v =
      jwkview::validate_jwt(token, set, rules, now, reader, &rule);
  if (!v) {
    print_refusal(v.error(), rule, ndjson);
    return std::fflush(stdout) == 0 ? exit_errors : exit_usage;
  }
  const std::string key = key_pointer(set.shape(), v->signer->index);
  const std::string out = ndjson ? accepted_ndjson(*v, key) : accepted_table(*v, key);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return std::fflush(stdout) == 0 ? exit_ok : exit_usage;
}

}  // namespace jwkview_cli
