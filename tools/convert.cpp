// jwkview command: `jwkview convert`.
//
// Each valid key is written (jwkview::write_key) as the stream delivers it,
// into a spool that holds the document's set until all of it is read. A
// document refused as a whole yields no output; a bad key is reported and
// left out of the set. The set's brackets are those of jwkview::write_set.
#include "convert.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "error_record.hpp"
#include "exit_status.hpp"
#include "jwkview/jwkview.hpp"
#include "key_source.hpp"
#include "output_spool.hpp"
#include "table_output.hpp"

namespace jwkview_cli {
namespace {

constexpr option_spec specs[] = {{"--to", true}};

void write_out(std::FILE* stream, std::string_view text) {
  if (!text.empty()) std::fwrite(text.data(), 1, text.size(), stream);
}

}  // namespace

std::span<const option_spec> convert_option_specs() noexcept {
  return specs;
}

int run_convert(const command_args& args, std::string& usage) {
  listing_options opts;
  if (usage = read_listing_options(args, opts); !usage.empty()) return exit_usage;
  jwkview::write_form to = jwkview::write_form::response;
  const std::vector<std::string> forms = args.values("--to");
  static constexpr choice<jwkview::write_form> form_names[] = {
      {"request", jwkview::write_form::request},
      {"response", jwkview::write_form::response},
      {"jwks", jwkview::write_form::jwk}};
  for (const std::string& form : forms) {
    if (usage = read_choice("--to", form, form_names, to); !usage.empty()) return exit_usage;
  }
  if (forms.empty()) {
    usage = "--to is needed: request, response or jwks";
    return exit_usage;
  }

  const std::vector<std::string> files =
      args.files.empty() ? std::vector<std::string>{"-"} : args.files;
  // The empty set, "[]" or {"keys":[]}, split at its ']' around the keys.
  const std::span<const jwkview::key> none;
  std::string brackets(jwkview::write_set(none, to, {}).value, '\0');
  (void)jwkview::write_set(none, to, brackets);
  const std::size_t close = brackets.find(']');
  const std::string_view open_set = std::string_view(brackets).substr(0, close);
  const std::string close_set = brackets.substr(close) + '\n';

  output_spool keys;  // the open document's keys, comma-separated
  std::string record;
  bool any_error = false;
  bool io_failed = false;
  bool write_failed = false;
  for_each_document(
      files, opts,
      [&](const parsed_document& doc) {
        for (const error_record& e : doc.errors) write_out(stderr, error_line(doc.source, e));
        any_error = any_error || !doc.errors.empty();
        if (doc.failed) return keys.clear();  // never write half a key set
        write_out(stdout, open_set);
        write_failed = !keys.write_to(stdout) || write_failed;
        write_out(stdout, close_set);
      },
      io_failed,
      [&](const parsed_document&, const jwkview::key& k) {
        record.assign(jwkview::write_key(k, to, {}).value, '\0');
        (void)jwkview::write_key(k, to, record);
        if (!keys.empty()) keys.append(",");
        keys.append(record);
      });
  if (write_failed || std::fflush(stdout) != 0 || std::ferror(stdout) != 0) {
    std::fprintf(stderr, "jwkview: cannot write the output: %s\n", std::strerror(errno));
    return exit_usage;
  }
  if (io_failed) return exit_usage;
  return any_error ? exit_errors : exit_ok;
}

}  // namespace jwkview_cli
