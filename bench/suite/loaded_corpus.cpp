#include "loaded_corpus.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <vector>

#include "jwkview/jwkview.hpp"
#include "plain_key.hpp"

namespace jwkview_bench {
namespace {

constexpr std::size_t warm_lines_bytes = std::size_t{4} << 20;

// What jwkview reads from the last document of the warm-up, as plain records
// (0 for a document only a stream reads).
std::uint64_t reference_fingerprint(const loaded_corpus& c) {
  const bool lines = c.spec->shape == layout::lines;
  input last = c.warm();
  if (lines) for_each_line(c.warm(), [&](const input& line) { last = line; });
  jwkview::options o;
  o.profile = c.spec->profile;
  if (last.size > o.limits.max_document_bytes) return 0;
  jwkview::parser parser(o);
  std::vector<jwkview::key> storage(lines ? 1 : c.keys);
  const jwkview::parse_report report =
      parser.parse_set(std::string_view(last.data, last.size), storage);
  std::vector<plain_key> records;
  for (const jwkview::key& k : report.keys()) records.push_back(to_plain(k));
  return fingerprint(records);
}

std::unique_ptr<loaded_corpus> read_corpus(corpus_id id) {
  auto c = std::make_unique<loaded_corpus>();
  c->spec = &spec_of(id);
  const std::filesystem::path path = ensure_corpus(corpora_dir(), id);
  c->size = std::filesystem::file_size(path);
  c->bytes.assign(c->size + jwkview::padding, '\0');
  std::ifstream(path, std::ios::binary)
      .read(c->bytes.data(), static_cast<std::streamsize>(c->size));
  const std::string_view text(c->bytes.data(), c->size);
  c->keys = count_keys(id, text);
  c->documents = 1;
  c->largest_document = c->size;
  c->warm_size = c->size;
  if (c->spec->shape == layout::lines) {
    c->documents = 0;
    c->largest_document = 0;
    for_each_line(c->whole(), [&](const input& line) {
      ++c->documents;
      c->largest_document = std::max(c->largest_document, line.size);
    });
    c->warm_size = text.substr(0, warm_lines_bytes).rfind('\n') + 1;
  }
  c->warm_keys = count_keys(id, text.substr(0, c->warm_size));
  c->fingerprint = reference_fingerprint(*c);
  return c;
}

}  // namespace

void prepare_corpora() {
  for (const corpus_id id : wanted_corpora()) (void)ensure_corpus(corpora_dir(), id);
}

const loaded_corpus& load_corpus(corpus_id id) {
  static std::map<corpus_id, std::unique_ptr<loaded_corpus>> loaded;
  std::unique_ptr<loaded_corpus>& c = loaded[id];
  if (c == nullptr) c = read_corpus(id);
  return *c;
}

}  // namespace jwkview_bench
