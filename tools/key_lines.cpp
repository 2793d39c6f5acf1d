// jwkview command: the driver shared by thumbprint and pem.
#include "key_lines.hpp"

#include <cstdio>

#include "exit_status.hpp"
#include "output_spool.hpp"
#include "table_output.hpp"
#include "text_escape.hpp"

namespace jwkview_cli {

std::string label_of(const parsed_document& doc, const jwkview::key& k) {
  std::string label = terminal_safe(doc.source);
  if (doc.ndjson) {
    label += '#';
    label += std::to_string(doc.document);
  }
  const std::string path = key_pointer(doc.shape, k.index);
  label += ':';
  label += path.empty() ? std::string("(root)") : terminal_safe(path);
  return label;
}

int run_key_lines(const command_args& args, std::string& usage, const key_renderer& render) {
  listing_options opts;
  if (usage = read_listing_options(args, opts); !usage.empty()) return exit_usage;
  bool any_error = false;
  bool io_failed = false;
  bool write_failed = false;
  // The open document's records, and the keys it could not render: both
  // wait for its verdict (key_source.hpp).
  output_spool records;
  output_spool failures;
  std::string out;
  for_each_document(
      args.files, opts,
      [&](const parsed_document& doc) {
        for (const error_record& e : doc.errors) {
          const std::string line = error_line(doc.source, e);
          std::fwrite(line.data(), 1, line.size(), stderr);
          any_error = true;
        }
        for (const error_record& w : doc.warnings) {
          const std::string line = error_line(doc.source, w);
          std::fwrite(line.data(), 1, line.size(), stderr);
        }
        if (!doc.failed) {
          any_error = any_error || !failures.empty();
          (void)failures.write_to(stderr);
          write_failed = !records.write_to(stdout) || write_failed;
        }
        records.clear();
        failures.clear();
      },
      io_failed,
      [&](const parsed_document& doc, const jwkview::key& k) {
        out.clear();
        const std::string_view failure = render(doc, k, out);
        if (failure.empty()) return records.append(out);
        failures.append(label_of(doc, k) + ": " + std::string(failure) + '\n');
      });
  if (write_failed || std::fflush(stdout) != 0 || io_failed) return exit_usage;
  return any_error ? exit_errors : exit_ok;
}

}  // namespace jwkview_cli
