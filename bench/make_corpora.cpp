// Writes the suite's corpora that are missing (bench/README.md):
//
//   make_corpora [DIR]     default: $JWKVIEW_BENCH_CORPORA, else <builddir>/bench/corpora
//
// The 1 GiB array too when JWKVIEW_BENCH_LARGE=1. Prints each corpus's path.
#include <cstdio>

#include "corpus/corpora.hpp"

int main(int argc, char** argv) {
  if (argc > 2) {
    std::fprintf(stderr, "usage: make_corpora [DIR]\n");
    return 2;
  }
  const std::filesystem::path dir = argc == 2 ? argv[1] : jwkview_bench::corpora_dir();
  for (const jwkview_bench::corpus_id id : jwkview_bench::wanted_corpora()) {
    std::printf("%s\n", jwkview_bench::ensure_corpus(dir, id).c_str());
  }
  return 0;
}
