// The stream's search for a line that starts with '{' or '[' (concatenated
// input ends an open document there), each SIMD kernel against a byte-by-byte
// reference: the kernels test 64 bytes at a time, so the cases put line
// starts on and around every block boundary.
#include <gtest/gtest.h>

#include <cstddef>
#include <random>
#include <string>

#include "stream/line_starts.hpp"

namespace {

using jwkview::detail::find_line_start_bracket;
using jwkview::detail::line_kernel;

// text[0] is the byte before the searched range, which the search reads.
std::size_t reference(const std::string& text) {
  for (std::size_t i = 1; i < text.size(); ++i) {
    if (text[i - 1] == '\n' && (text[i] == '{' || text[i] == '[')) return i;
  }
  return text.size();
}

std::size_t found(const std::string& text, line_kernel k) {
  const char* p = text.data() + 1;
  return static_cast<std::size_t>(find_line_start_bracket(p, text.data() + text.size(), k) -
                                  text.data());
}

class LineStarts : public ::testing::TestWithParam<line_kernel> {
 protected:
  void SetUp() override {
    if (!jwkview::detail::runs(GetParam())) GTEST_SKIP() << "this CPU does not run the kernel";
  }
};

TEST_P(LineStarts, EveryPlaceAroundTheBlocks) {
  // Pretty-printed filler: a line feed every 20 bytes, indented lines.
  for (std::size_t size = 1; size <= 300; ++size) {
    std::string filler(size + 1, ' ');
    for (std::size_t i = 0; i < filler.size(); i += 20) filler[i] = '\n';
    ASSERT_EQ(found(filler, GetParam()), reference(filler)) << size;
    for (std::size_t at = 1; at <= size; ++at) {
      for (const char bracket : {'{', '['}) {
        std::string text = filler;
        text[at - 1] = '\n';
        text[at] = bracket;
        ASSERT_EQ(found(text, GetParam()), at) << size << " " << at;
      }
      // A bracket after any other byte, and a line feed as the last byte.
      std::string text = filler;
      text[at] = '{';
      ASSERT_EQ(found(text, GetParam()), reference(text)) << size << " " << at;
    }
  }
}

TEST_P(LineStarts, RandomTexts) {
  std::mt19937 random(7);
  const std::string alphabet = "\n\n  {[}]\"a:,\t";
  for (int round = 0; round < 20000; ++round) {
    std::string text(1 + random() % 400, ' ');
    // Sparse line feeds too, so that memchr's jumps are taken.
    const bool sparse = round % 3 == 0;
    for (char& c : text) {
      c = alphabet[random() % alphabet.size()];
      if (sparse && c == '\n' && random() % 16 != 0) c = ' ';
    }
    ASSERT_EQ(found(text, GetParam()), reference(text)) << text;
  }
}

INSTANTIATE_TEST_SUITE_P(Kernels, LineStarts,
                         ::testing::Values(line_kernel::best, line_kernel::sse2, line_kernel::avx2,
                                           line_kernel::avx512),
                         [](const ::testing::TestParamInfo<line_kernel>& kernel) {
                           switch (kernel.param) {
                             case line_kernel::best:
                               return "best";
                             case line_kernel::sse2:
                               return "sse2";
                             case line_kernel::avx2:
                               return "avx2";
                             case line_kernel::avx512:
                               return "avx512";
                           }
                           return "unknown";
                         });

}  // namespace
