// jwkview command: `jwkview convert`.
//
// Each document's valid keys are collected while the stream reads it and
// written with jwkview::write_set once all of it is read. A document
// refused as a whole yields no output; a bad key is reported and left out
// of the set.
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
#include "table_output.hpp"

namespace jwkview_cli {
namespace {

constexpr option_spec specs[] = {{"--to", true}};

void write_out(std::FILE* stream, const std::string& text) {
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
  std::string out;
  bool any_error = false;
  bool io_failed = false;
  for_each_document(
      files, opts,
      [&](const parsed_document& doc) {
        for (const error_record& e : doc.errors) write_out(stderr, error_line(doc.source, e));
        any_error = any_error || !doc.errors.empty();
        if (doc.failed) return;  // never write half a key set
        out.assign(jwkview::write_set(doc.keys, to, {}).value, '\0');
        (void)jwkview::write_set(doc.keys, to, out);
        out += '\n';
        write_out(stdout, out);
      },
      io_failed);
  if (std::fflush(stdout) != 0 || std::ferror(stdout) != 0) {
    std::fprintf(stderr, "jwkview: cannot write the output: %s\n", std::strerror(errno));
    return exit_usage;
  }
  if (io_failed) return exit_usage;
  return any_error ? exit_errors : exit_ok;
}

}  // namespace jwkview_cli
