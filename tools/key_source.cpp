// jwkview command: the documents of the FILE operands, for convert, check,
// thumbprint and pem.
#include "key_source.hpp"

#include <algorithm>
#include <cstdint>

#include "input_source.hpp"
#include "stream_pool.hpp"

namespace jwkview_cli {
namespace {

/// Gathers a stream's events into documents and hands each one over, in
/// order, once the stream is past it. Keys are copied (the stream's views
/// last only as long as its callback), or passed to `on_key` as they come.
class document_collector {
 public:
  document_collector(parsed_document& doc,
                     const std::function<void(const parsed_document&)>& on_document,
                     const key_handler& on_key)
      : doc_(doc), on_document_(on_document), on_key_(on_key) {}

  void on_key(const jwkview::key& k, const jwkview::stream_place& at) {
    open(at);
    if (on_key_) {
      on_key_(doc_, k);
    } else {
      owned_.push_back(jwkview::to_owned(k));
    }
  }
  void on_error(const jwkview::error& e, const jwkview::stream_place& at) {
    open(at);
    doc_.errors.push_back(from_library(e, 0));
    doc_.failed = doc_.failed || at.ends_document;
  }
  void on_warning(const jwkview::error& w, const jwkview::stream_place& at) {
    open(at);
    doc_.warnings.push_back(from_library(w, 0));
  }

  /// Hands over every document numbered below `end`. An empty set has no
  /// event, so a number passed without one is an empty document.
  void complete(std::size_t end) {
    for (; next_ < end; ++next_) hand_over();
  }

  /// The input ended: hands over the `documents` it had and any after them
  /// that reported an error (an empty input's empty_document).
  void complete_all(std::size_t documents) {
    complete(std::max(documents, next_ + (open_ ? 1 : 0)));
  }

  /// The input could not be read (on): one more document, holding `failure`.
  void fail_input(const error_record& failure) {
    doc_.errors.assign(1, failure);
    doc_.failed = true;
    complete(next_ + 1);
  }

 private:
  void open(const jwkview::stream_place& at) {
    complete(at.document);
    open_ = true;
    doc_.document = next_;
    if (at.shape != jwkview::set_shape::none) doc_.shape = at.shape;
    doc_.offset = at.document_offset;
  }

  void hand_over() {
    doc_.document = next_;
    views_.clear();
    if (doc_.failed) {
      doc_.warnings.clear();  // of keys streamed provisionally, now void
    } else {
      for (const jwkview::owned_key& k : owned_) views_.push_back(k.view());
    }
    doc_.keys = views_;
    on_document_(doc_);
    owned_.clear();
    doc_.errors.clear();
    doc_.warnings.clear();
    doc_.failed = false;
    doc_.shape = jwkview::set_shape::none;
    doc_.offset = 0;
    open_ = false;
  }

  parsed_document& doc_;
  const std::function<void(const parsed_document&)>& on_document_;
  const key_handler& on_key_;
  std::vector<jwkview::owned_key> owned_;
  std::vector<jwkview::key> views_;
  std::size_t next_ = 0;  ///< the number of the document being gathered
  bool open_ = false;     ///< it has had an event
};

/// Documents the stream is past: all it started, or all but the last when
/// that one may still be open.
std::size_t documents_done(const jwkview::stream& stream) {
  const std::size_t started = stream.counts().documents;
  return stream.between_documents() ? started : started - std::min<std::size_t>(started, 1);
}

}  // namespace

void for_each_document(const std::vector<std::string>& files, const listing_options& options,
                       const std::function<void(const parsed_document&)>& on_document,
                       bool& io_failed, const key_handler& on_key) {
  jwkview::stream_options stream_options;
  stream_options.parse = options.parse;
  // Room for every warning of a set: one per element plus one.
  stream_options.parse.max_reported_errors =
      static_cast<std::uint32_t>(std::min<std::size_t>(options.parse.limits.max_keys + 1, 1 << 20));
  std::vector<char> buffer(read_chunk_bytes);
  stream_pool streams(stream_options);
  parsed_document doc;
  for (const std::string& file : files) {
    doc.source = file == "-" ? std::string("<stdin>") : file;
    const jwkview::input_format format = format_of(options.input, file);
    doc.ndjson = format == jwkview::input_format::json_lines;
    document_collector out(doc, on_document, on_key);
    const input_source in(file);
    input_source::chunks_read read{0, in.error()};
    if (read.error == 0) {
      jwkview::stream& stream = streams.for_input(format, 0, true);
      const stream_read fed =
          read_into(in, 0, in.size(), true, buffer, stream, format,
                    stream_options.parse.limits.max_document_bytes, out,
                    [&](std::string_view) { out.complete(documents_done(stream)); });
      read = fed.read;
      // After a failed read too: the document it cut short ends as truncated.
      if (!fed.finished) (void)stream.finish(out);
      out.complete_all(stream.counts().documents);
    }
    if (read.error != 0) {
      io_failed = true;
      error_record failure = io_error(read.error);
      failure.offset = read.end;
      out.fail_input(failure);
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
