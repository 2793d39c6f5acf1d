// jwkview command: the keys of the FILE operands, for check, thumbprint and pem.
#include "key_source.hpp"

#include "cli_options.hpp"
#include "input_file.hpp"

namespace jwkview_cli {

void for_each_document(const std::vector<std::string>& files, const jwkview::options& options,
                       const std::function<void(const parsed_document&)>& on_document,
                       bool& io_failed) {
  jwkview::parser parser(options);
  parsed_document doc;
  for (const std::string& file : files) {
    doc.source = file == "-" ? std::string("<stdin>") : file;
    const input_file in = read_input(file);
    if (!in.ok()) {
      io_failed = true;
      doc.ndjson = false;
      doc.document = 0;
      doc.base_offset = 0;
      doc.shape = jwkview::set_shape::none;
      doc.keys.clear();
      doc.errors.assign(1, io_error(in.error));
      doc.warnings.clear();
      doc.failed = true;
      on_document(doc);
      continue;
    }
    const bool ndjson = reads_as_ndjson(input_mode::from_extension, file);
    doc.ndjson = ndjson;
    const std::vector<document_range> ranges = split_documents(in, ndjson);
    for (std::size_t d = 0; d < ranges.size(); ++d) {
      doc.document = d;
      doc.base_offset = ranges[d].begin;
      doc.keys.clear();
      const jwkview::parse_report report =
          parser.for_each_key(in.view(ranges[d].begin, ranges[d].length),
                              [&doc](const jwkview::key& k) { doc.keys.push_back(k); });
      doc.shape = report.shape();
      doc.failed = report.document_failed();
      if (doc.failed) doc.keys.clear();
      doc.errors.clear();
      for (const jwkview::error& e : report.errors()) {
        doc.errors.push_back(from_library(e, ranges[d].begin));
      }
      doc.warnings.clear();
      for (const jwkview::error& w : report.warnings()) {
        doc.warnings.push_back(from_library(w, ranges[d].begin));
      }
      on_document(doc);
    }
  }
}

std::string key_pointer(jwkview::set_shape shape, std::size_t index) {
  const std::string i = std::to_string(index);
  switch (shape) {
    case jwkview::set_shape::keys_object:
      return "/keys/" + i;
    case jwkview::set_shape::jwks_object:
      return "/jwks/keys/" + i;
    case jwkview::set_shape::array:
      return "/" + i;
    case jwkview::set_shape::single_key:
    case jwkview::set_shape::none:
      break;
  }
  return {};
}

}  // namespace jwkview_cli
