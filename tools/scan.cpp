// jwkview command: `jwkview scan`.
//
// The command never looks at JSON itself: each document goes to the library's
// parser (one parser, reused for every document), which delivers the valid
// keys to a callback and reports the errors. The keys are copied into
// key_summary records while the parse runs and dropped again when the report
// says the document failed as a whole (no key of a broken document is shown).
#include "scan.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "error_record.hpp"
#include "input_file.hpp"
#include "jwkview/jwkview.hpp"
#include "key_summary.hpp"
#include "ndjson_output.hpp"
#include "table_output.hpp"

namespace jwkview_cli {
namespace {

void write_out(std::FILE* stream, const std::string& text) {
  if (!text.empty()) std::fwrite(text.data(), 1, text.size(), stream);
}

/// Where the output of the whole run goes.
class scan_run {
 public:
  explicit scan_run(const scan_options& opts) : opts_(opts), parser_(parser_options(opts)) {
    with_source_ = opts.files.size() > 1;
    for (const std::string& file : opts.files) {
      if (reads_as_ndjson(opts.input, file)) with_source_ = true;
    }
  }

  int run() {
    for (const std::string& file : opts_.files) scan_file(file);
    if (opts_.format == output_format::table) {
      write_out(stdout, table_.render(with_source_));
    }
    if (std::fflush(stdout) != 0 || std::ferror(stdout) != 0) {
      std::fprintf(stderr, "jwkview: cannot write the output: %s\n", std::strerror(errno));
      return exit_usage;
    }
    if (io_failure_) return exit_usage;
    return any_error_ ? exit_errors : exit_ok;
  }

 private:
  void scan_file(const std::string& file) {
    const std::string source = file == "-" ? std::string("<stdin>") : file;
    const bool ndjson = reads_as_ndjson(opts_.input, file);
    const input_file in = read_input(file);
    if (!in.ok()) {
      io_failure_ = true;
      report_error(source, 0, io_error(in.error));
      flush_ndjson();
      return;
    }
    const std::vector<document_range> docs = split_documents(in, ndjson);
    for (std::size_t d = 0; d < docs.size(); ++d) {
      const std::string label = ndjson ? source + "#" + std::to_string(d) : source;
      scan_document(source, label, d, in, docs[d]);
    }
    flush_ndjson();
  }

  void scan_document(const std::string& source, const std::string& label, std::size_t document,
                     const input_file& in, document_range range) {
    keys_.clear();
    const jwkview::parse_report report = parser_.for_each_key(
        in.view(range.begin, range.length),
        [&](const jwkview::key& k) { keys_.push_back(summarize(k, range.begin)); });
    if (report.document_failed()) keys_.clear();  // never show half a key set
    if (!report.ok()) any_error_ = true;

    errors_.clear();
    for (const jwkview::error& err : report.errors()) {
      errors_.push_back(from_library(err, range.begin));
    }

    if (opts_.format == output_format::ndjson) {
      // Keys and errors in document order.
      std::size_t k = 0;
      std::size_t e = 0;
      while (k < keys_.size() || e < errors_.size()) {
        if (e == errors_.size() || (k < keys_.size() && keys_[k].offset <= errors_[e].offset)) {
          append_key_line(ndjson_, source, document, keys_[k++]);
        } else {
          append_error_line(ndjson_, source, document, errors_[e++]);
        }
      }
    } else {
      for (const key_summary& key : keys_) table_.add(label, key);
      for (const error_record& err : errors_) write_out(stderr, error_line(source, err));
    }

    const std::size_t unreported = report.error_count() - report.errors().size();
    if (unreported > 0) {
      std::fprintf(stderr, "jwkview: %s: %zu more errors not reported\n", label.c_str(),
                   unreported);
    }
  }

  void report_error(const std::string& source, std::size_t document, const error_record& err) {
    if (opts_.format == output_format::ndjson) {
      append_error_line(ndjson_, source, document, err);
    } else {
      write_out(stderr, error_line(source, err));
    }
  }

  void flush_ndjson() {
    write_out(stdout, ndjson_);
    ndjson_.clear();
  }

  const scan_options& opts_;
  jwkview::parser parser_;
  key_table table_;
  std::vector<key_summary> keys_;
  std::vector<error_record> errors_;
  std::string ndjson_;
  bool with_source_ = false;
  bool any_error_ = false;
  bool io_failure_ = false;
};

}  // namespace

int run_scan(const scan_options& options) {
  scan_run run(options);
  return run.run();
}

}  // namespace jwkview_cli
