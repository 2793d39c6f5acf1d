// Writes a large key listing for the streaming measurements (bench/README.md):
//
//   make_large_listing array|ndjson BYTES FILE
//
// array:  one {"jwks":{"keys":[...]}} document of about BYTES bytes;
// ndjson: one compact key per line.
// The keys are the example listing's (real RSA and EC keys), with the id and
// kid made unique per key. Output is deterministic.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The elements of a JSON array, compacted (whitespace outside strings dropped).
std::vector<std::string> compact_elements(const std::string& array) {
  std::vector<std::string> out;
  std::string current;
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = array.find('[') + 1; i < array.size(); ++i) {
    const char c = array[i];
    if (in_string) {
      current += c;
      if (c == '\\') {
        current += array[++i];
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    if (c == '"') in_string = true;
    if (c == '{' || c == '[') ++depth;
    if (c == '}' || c == ']') {
      if (depth == 0) break;  // the array's own end
      --depth;
    }
    if (c == ',' && depth == 0) {
      out.push_back(current);
      current.clear();
      continue;
    }
    current += c;
  }
  if (!current.empty()) out.push_back(current);
  return out;
}

// The key with "id":"<id>" and "kid":"<kid>" given a per-key suffix.
std::string numbered(const std::string& key, std::uint64_t n) {
  std::string out = key;
  std::string suffix = "-";
  suffix += std::to_string(n);
  for (const std::string_view member :
       {std::string_view("\"id\":\""), std::string_view("\"kid\":\"")}) {
    const std::size_t at = out.find(member);
    if (at == std::string::npos) continue;
    const std::size_t end = out.find('"', at + member.size());
    out.insert(end, suffix);
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4 ||
      (std::string_view(argv[1]) != "array" && std::string_view(argv[1]) != "ndjson")) {
    std::fprintf(stderr, "usage: make_large_listing array|ndjson BYTES FILE\n");
    return 2;
  }
  const bool ndjson = std::string_view(argv[1]) == "ndjson";
  const std::uint64_t bytes = std::strtoull(argv[2], nullptr, 10);
  const std::vector<std::string> keys =
      compact_elements(read_all(std::string(JWKVIEW_EXAMPLES_DIR) + "/okta-keys.json"));
  if (keys.empty()) {
    std::fprintf(stderr, "make_large_listing: cannot read the example keys\n");
    return 1;
  }
  std::ofstream out(argv[3], std::ios::binary);
  std::uint64_t written = 0;
  const auto put = [&](std::string_view text) {
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    written += text.size();
  };
  if (!ndjson) put("{\"jwks\":{\"keys\":[\n");
  std::uint64_t count = 0;
  while (written < bytes) {
    if (!ndjson && count != 0) put(",\n");
    put(numbered(keys[count % keys.size()], count));
    if (ndjson) put("\n");
    ++count;
  }
  if (!ndjson) put("\n]}}\n");
  std::printf("%llu keys, %llu bytes\n", static_cast<unsigned long long>(count),
              static_cast<unsigned long long>(written));
  return out ? 0 : 1;
}
