// jwkview command: `jwkview convert`.
//
// Each input is one JSON document. Its valid keys are collected while the
// library parses it and written with jwkview::write_set once the parse is
// over (their views stay valid until the next parse). A document refused as
// a whole yields no output; a bad key is reported and left out of the set.
#include "convert.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "error_record.hpp"
#include "input_file.hpp"
#include "jwkview/jwkview.hpp"
#include "scan.hpp"
#include "table_output.hpp"

namespace jwkview_cli {
namespace {

void write_out(std::FILE* stream, const std::string& text) {
  if (!text.empty()) std::fwrite(text.data(), 1, text.size(), stream);
}

}  // namespace

int run_convert(const convert_options& opts) {
  jwkview::parser parser(parser_options(opts));
  std::vector<jwkview::key> keys;
  std::string out;
  bool any_error = false;
  bool io_failure = false;
  for (const std::string& file : opts.files) {
    const std::string source = file == "-" ? std::string("<stdin>") : file;
    const input_file in = read_input(file);
    if (!in.ok()) {
      io_failure = true;
      write_out(stderr, error_line(source, io_error(in.error)));
      continue;
    }
    keys.clear();
    const jwkview::parse_report report = parser.for_each_key(
        in.view(0, in.size), [&keys](const jwkview::key& k) { keys.push_back(k); });
    if (!report.ok()) any_error = true;
    for (const jwkview::error& err : report.errors()) {
      write_out(stderr, error_line(source, from_library(err, 0)));
    }
    const std::size_t unreported = report.error_count() - report.errors().size();
    if (unreported > 0) {
      std::fprintf(stderr, "jwkview: %s: %zu more errors not reported\n", source.c_str(),
                   unreported);
    }
    if (report.document_failed()) continue;  // never write half a key set

    out.assign(jwkview::write_set(keys, opts.to, {}).value, '\0');
    (void)jwkview::write_set(keys, opts.to, out);
    out += '\n';
    write_out(stdout, out);
  }
  if (std::fflush(stdout) != 0 || std::ferror(stdout) != 0) {
    std::fprintf(stderr, "jwkview: cannot write the output: %s\n", std::strerror(errno));
    return exit_usage;
  }
  if (io_failure) return exit_usage;
  return any_error ? exit_errors : exit_ok;
}

}  // namespace jwkview_cli
