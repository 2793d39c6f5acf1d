// Replays corpora through a fuzz target without libFuzzer, so every build
// (gcc included) runs the targets' oracles as Meson tests. Each argument is
// a file or a folder (walked recursively); the shared corpora in
// $JWKVIEW_CORPORA are added when that folder exists. An oracle failure
// aborts, which fails the test; so does a replay that finds no input.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

void collect(const fs::path& root, std::vector<fs::path>& files) {
  std::error_code ec;
  if (fs::is_regular_file(root, ec)) {
    files.push_back(root);
    return;
  }
  for (const auto& entry : fs::recursive_directory_iterator(root, ec)) {
    if (entry.is_regular_file(ec)) files.push_back(entry.path());
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<fs::path> files;
  for (int i = 1; i < argc; ++i) collect(argv[i], files);
  const char* shared = std::getenv("JWKVIEW_CORPORA");
  std::error_code ec;
  if (shared != nullptr && fs::is_directory(shared, ec)) {
    collect(shared, files);
  } else {
    std::printf("shared corpora not found (set JWKVIEW_CORPORA): replaying the seeds only\n");
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    const std::vector<char> bytes((std::istreambuf_iterator<char>(in)),
                                  std::istreambuf_iterator<char>());
    // A fresh allocation of the exact size, so ASan sees reads past the end;
    // never null, even when empty, as with libFuzzer.
    const std::unique_ptr<std::uint8_t[]> data(new std::uint8_t[bytes.size()]);
    std::copy(bytes.begin(), bytes.end(), data.get());
    std::fprintf(stderr, "%s\n", file.c_str());  // names the input of a failure
    LLVMFuzzerTestOneInput(data.get(), bytes.size());
  }
  std::printf("%zu inputs replayed\n", files.size());
  return files.empty() ? EXIT_FAILURE : EXIT_SUCCESS;
}
