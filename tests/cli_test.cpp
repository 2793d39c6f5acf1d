// Tests of the `jwkview` command: runs the binary (argv[1]) on temporary files
// and checks stdout, stderr and the exit status.
//
//   cli_test /path/to/jwkview [gtest options]
//
// JWKVIEW_EXAMPLES names the examples/ folder (set by Meson); the tests that
// read it skip when it is unset.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "jwkview/error.hpp"
#include "jwkview/jwkview.hpp"
#if defined(JWKVIEW_HAVE_OPENSSL)
#include "token_factory.hpp"
#endif

extern char** environ;

namespace {

std::string g_binary;  // NOLINT: set once by main

struct run_result {
  std::string out;
  std::string err;
  int status = -1;  ///< exit status, or -1 when the command did not exit normally
};

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_file(const std::filesystem::path& path, std::string_view content) {
  std::ofstream out(path, std::ios::binary);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
}

std::string examples_dir() {
  const char* dir = std::getenv("JWKVIEW_EXAMPLES");
  return dir == nullptr ? std::string() : std::string(dir);
}

/// Lines of `text`, without their "\n".
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
  return lines;
}

std::string message(jwkview::error_code code) {
  return std::string(jwkview::message_of(code));
}

// Keys used below. EC P-256 coordinates from RFC 7517 Appendix A.1, the
// Ed25519 key from RFC 8037 Appendix A.2.
constexpr std::string_view ec_x = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU";
constexpr std::string_view ec_y = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0";

std::string ec_key(std::string_view id, std::string_view kid_json) {
  return "{\"id\":\"" + std::string(id) + "\",\"kid\":" + std::string(kid_json) +
         ",\"kty\":\"EC\",\"alg\":\"ES256\",\"use\":\"sig\",\"crv\":\"P-256\",\"x\":\"" +
         std::string(ec_x) + "\",\"y\":\"" + std::string(ec_y) + "\",\"status\":\"ACTIVE\"}";
}

/// "AIAAAQ" is the octets 00 80 00 01: a 24-bit modulus with a leading zero octet.
std::string rsa_key(std::string_view id, std::string_view n = "AIAAAQ") {
  return "{\"id\":\"" + std::string(id) + "\",\"kid\":\"r-" + std::string(id) +
         "\",\"kty\":\"RSA\",\"alg\":null,\"e\":\"AQAB\",\"n\":\"" + std::string(n) +
         "\",\"status\":\"INACTIVE\"}";
}

class Cli : public testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "jwkview-cli-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  /// Writes a file in the test's temporary folder and returns its path.
  std::string file(std::string_view name, std::string_view content) {
    const std::filesystem::path path = dir_ / name;
    write_file(path, content);
    return path.string();
  }

  /// Runs the binary with `args`, standard input from `input`, in folder
  /// `cwd` (the test's own when empty).
  run_result run(const std::vector<std::string>& args, std::string_view input = {},
                 const std::string& cwd = {}) {
    const std::filesystem::path in_path = dir_ / ".stdin";
    const std::filesystem::path out_path = dir_ / ".stdout";
    const std::filesystem::path err_path = dir_ / ".stderr";
    write_file(in_path, input);

    std::vector<std::string> argv_text;
    argv_text.push_back(g_binary);
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& a : argv_text) argv.push_back(a.data());
    argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, in_path.c_str(), O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);
    posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);
    if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
    pid_t pid = 0;
    const int spawned =
        posix_spawn(&pid, g_binary.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);

    run_result r;
    if (spawned != 0) {
      ADD_FAILURE() << "cannot run " << g_binary;
      return r;
    }
    int wait_status = 0;
    while (::waitpid(pid, &wait_status, 0) < 0) {
    }
    r.status = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1;
    r.out = read_file(out_path);
    r.err = read_file(err_path);
    return r;
  }

  /// Each argument list is a usage error: status 2, a message, no output.
  void expect_usage_errors(const std::vector<std::vector<std::string>>& cases) {
    for (const std::vector<std::string>& args : cases) {
      const run_result r = run(args);
      std::string joined;
      for (const std::string& a : args) joined += a + " ";
      EXPECT_EQ(r.status, 2) << joined;
      EXPECT_EQ(r.out, "") << joined;
      EXPECT_NE(r.err, "") << joined;
    }
  }

  std::filesystem::path dir_;
};

// ---------------------------------------------------------------------------
// The example listing, in the default table format.

constexpr std::string_view listing_table =
    "KID                                       KTY  ALG    USE  STATUS    SIZE   ID                "
    "    SCHEMA\n"
    "wdIYHU1Uno1RatsHxRHm_OSH-OtDwv5N2OLLmP3F  RSA  RS256  sig  ACTIVE    2048   "
    "pks4zU5j66r5CK8Nk1d7  okta\n"
    "l00iHNCGYIC_F10hx6Gw75VtaA53UskP14O3uPOQ  RSA  RS256  sig  INACTIVE  2048   "
    "pksVHo2aVGiyrbJGF1d7  okta\n"
    "ORRNUpdI3AJoBu8mFfwVOmdU_hft4-JiFznyYZjz  RSA  RS384  sig  ACTIVE    3072   "
    "pksZgo2qsTz8SFM1i1d7  okta\n"
    "hYuVJN75BKuzMBwj5XJlsu8JgbpRwXnjb9YTrhc-  RSA  RS512  sig  INACTIVE  4096   "
    "pksINAWcdWPRx1xYz1d7  okta\n"
    "yRiTUBUSWSkhvF8BWtkHFBO0azprOKk3TAti5Jxi  RSA  PS256  sig  ACTIVE    3072   "
    "pks7QSOILbyEGxZhi1d7  okta\n"
    "QH1-nYniEgOtgrKFvG8jhPb2AkT9jXEJYkNrvMQM  EC   ES256  sig  ACTIVE    P-256  "
    "pks4UXzVriMBroAHi1d7  okta\n"
    "TrNKDfuat1oyihQ3_LsxMX-x0WVkBGj0GfOY8Bmg  EC   ES384  sig  INACTIVE  P-384  "
    "pksAQYhwEfVjw3LRt1d7  okta\n"
    "YMB-AV6HHVpQsDVUc0cqZFz4V1Yuj84sjvGJpibr  EC   ES512  sig  ACTIVE    P-521  "
    "pksaU1Ibp2qOFDbm11d7  okta\n"
    "o6YY7kcRVh1YMuh3D6iBCH2dqdzOM8eQJzsIaXoB  RSA  -      enc  INACTIVE  2048   "
    "pksVNeXxCqNzcz7ah1d7  okta\n";

TEST_F(Cli, TableOfTheExampleListing) {
  const std::string examples = examples_dir();
  if (examples.empty()) GTEST_SKIP() << "JWKVIEW_EXAMPLES is not set";
  const run_result r = run({"scan", examples + "/okta-listing.json"});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out, listing_table);
}

TEST_F(Cli, BareArrayExampleGivesTheSameTable) {
  const std::string examples = examples_dir();
  if (examples.empty()) GTEST_SKIP() << "JWKVIEW_EXAMPLES is not set";
  const run_result r = run({"scan", "--format", "table", examples + "/okta-keys.json"});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out, listing_table);
}

TEST_F(Cli, ExampleNdjsonParsesEveryLine) {
  const std::string examples = examples_dir();
  if (examples.empty()) GTEST_SKIP() << "JWKVIEW_EXAMPLES is not set";
  const run_result r = run({"scan", "--format", "ndjson", examples + "/keys.ndjson"});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.err, "");
  const std::vector<std::string> lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 9u);  // 3 + 1 + 4 + 1 keys
  EXPECT_NE(lines[0].find("\"document\":0,\"index\":0,"), std::string::npos) << lines[0];
  EXPECT_NE(lines[3].find("\"document\":1,\"index\":0,"), std::string::npos) << lines[3];
  EXPECT_NE(lines[7].find("\"document\":2,\"index\":3,"), std::string::npos) << lines[7];
  EXPECT_NE(lines[8].find("\"document\":3,\"index\":0,"), std::string::npos) << lines[8];
  EXPECT_NE(lines[8].find("\"crv\":\"P-256\"}"), std::string::npos) << lines[8];
}

TEST_F(Cli, ExampleJwksReadsByDefaultAndOktaProfileNamesTheFlag) {
  const std::string examples = examples_dir();
  if (examples.empty()) GTEST_SKIP() << "JWKVIEW_EXAMPLES is not set";
  const std::string path = examples + "/jwks.json";

  // The default, auto, checks a plain JWK Set as RFC 7517.
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"scan", path},
        std::vector<std::string>{"scan", "--profile", "rfc7517", path},
        std::vector<std::string>{"scan", "--profile=auto", path}}) {
    const run_result rfc = run(args);
    EXPECT_EQ(rfc.status, 0);
    EXPECT_EQ(rfc.err, "");
    const std::vector<std::string> rows = lines_of(rfc.out);
    ASSERT_EQ(rows.size(), 7u) << rfc.out;
    EXPECT_EQ(rows[0].substr(0, 4), "KID ");
    EXPECT_NE(rows[2].find("  RSA  PS512         sig  -       4096   -   rfc7517"),
              std::string::npos)
        << rfc.out;
    EXPECT_NE(rows[6].find("RSA-OAEP-256  enc"), std::string::npos) << rfc.out;
  }

  // okta, asked for, requires "id" and says which flag would accept the key.
  const run_result okta = run({"scan", "--profile", "okta", path});
  EXPECT_EQ(okta.status, 1);
  EXPECT_EQ(okta.out, "");
  const std::vector<std::string> errors = lines_of(okta.err);
  ASSERT_EQ(errors.size(), 6u) << okta.err;
  EXPECT_NE(errors[0].find(": schema/missing_member: id is missing; the okta profile requires "
                           "it; --profile rfc7517 does not"),
            std::string::npos)
      << errors[0];
}

// ---------------------------------------------------------------------------
// NDJSON output, exactly.

TEST_F(Cli, NdjsonKeyLines) {
  const std::string doc = "{\"keys\":[" + ec_key("e1", "null") + ",\n" + rsa_key("r1") + "]}";
  const std::string path = file("set.json", doc);
  const run_result r = run({"scan", "--format=ndjson", path});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.err, "");
  const std::size_t first = doc.find("{\"id\":\"e1\"");
  const std::size_t second = doc.find("{\"id\":\"r1\"");
  EXPECT_EQ(r.out,
            "{\"type\":\"key\",\"source\":\"" + path +
                "\",\"document\":0,\"index\":0,\"offset\":" + std::to_string(first) +
                ",\"id\":\"e1\",\"kid\":null,\"kty\":\"EC\",\"alg\":\"ES256\",\"use\":\"sig\","
                "\"status\":\"ACTIVE\",\"schema\":\"okta\",\"crv\":\"P-256\"}\n"
                "{\"type\":\"key\",\"source\":\"" +
                path + "\",\"document\":0,\"index\":1,\"offset\":" + std::to_string(second) +
                ",\"id\":\"r1\",\"kid\":\"r-r1\",\"kty\":\"RSA\",\"alg\":null,"
                "\"status\":\"INACTIVE\",\"schema\":\"okta\",\"bits\":24}\n");
}

TEST_F(Cli, NdjsonErrorLineAndTheOtherKeysStillDelivered) {
  // The second key repeats "kid": one key-level error, the others delivered.
  const std::string bad =
      "{\"id\":\"r2\",\"kid\":\"a\",\"kty\":\"RSA\",\"kid\":\"b\",\"e\":\"AQAB\","
      "\"n\":\"AIAAAQ\"}";
  const std::string doc =
      "{\"jwks\":{\"keys\":[" + rsa_key("r1") + "," + bad + "," + rsa_key("r3") + "]}}";
  const std::string path = file("listing.json", doc);
  const std::size_t bad_at = doc.find(bad);
  const std::size_t second_kid = bad_at + bad.find("\"kid\":\"b\"");

  const run_result r = run({"scan", "--format", "ndjson", path});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "");
  const std::vector<std::string> lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 3u) << r.out;
  EXPECT_NE(lines[0].find("\"index\":0,"), std::string::npos);
  EXPECT_EQ(lines[1],
            "{\"type\":\"error\",\"source\":\"" + path +
                "\",\"document\":0,\"class\":\"schema\",\"code\":\"duplicate_member\","
                "\"offset\":" +
                std::to_string(second_kid) + ",\"path\":\"/jwks/keys/1/kid\",\"message\":\"" +
                R"(\"kid\" appears twice in one object; readers disagree on which one counts)" +
                "\"}");
  EXPECT_NE(lines[2].find("\"index\":2,"), std::string::npos);
  EXPECT_NE(lines[2].find("\"id\":\"r3\""), std::string::npos);

  // The same error in the table format, on stderr.
  const run_result t = run({"scan", path});
  EXPECT_EQ(t.status, 1);
  EXPECT_EQ(
      t.err,
      path + ":" + std::to_string(second_kid) + ": /jwks/keys/1/kid: schema/duplicate_member: " +
          R"("kid" appears twice in one object; readers disagree on which one counts)" + "\n");
  EXPECT_EQ(lines_of(t.out).size(), 3u) << t.out;  // header + r1 + r3
}

TEST_F(Cli, SyntaxErrorVoidsTheDocument) {
  // A document is all or nothing: a syntax error after two keys prints the
  // error alone.
  const std::string doc = std::string("[") + rsa_key("r1") + "," + rsa_key("r2") + ",]";
  const std::string path = file("broken.json", doc);
  const std::string error_json =
      "{\"type\":\"error\",\"source\":\"" + path +
      "\",\"document\":0,\"class\":\"syntax\",\"code\":\"unexpected_character\",\"offset\":" +
      std::to_string(doc.size() - 1) +
      R"(,"path":"/2","message":"\"]\" where a value belongs","ends_document":true)";
  const run_result r = run({"scan", "--format", "ndjson", path});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, error_json + ",\"keys_before\":0}\n");

  const run_result t = run({"scan", path});
  EXPECT_EQ(t.status, 1);
  EXPECT_EQ(t.out, "");
  EXPECT_EQ(t.err, path + ":" + std::to_string(doc.size() - 1) +
                       R"(: /2: syntax/unexpected_character: "]" where a value belongs)"
                       "\n");

  // Longer than --max-document-bytes, the document is streamed in
  // provisional mode: the keys come first, and the error says it voids them.
  const run_result p = run({"scan", "--format", "ndjson", "--max-document-bytes", "100", path});
  EXPECT_EQ(p.status, 1);
  const std::vector<std::string> lines = lines_of(p.out);
  ASSERT_EQ(lines.size(), 3u) << p.out;
  EXPECT_NE(lines[1].find("\"id\":\"r2\""), std::string::npos) << lines[1];
  EXPECT_EQ(lines[1].substr(lines[1].size() - 20), ",\"provisional\":true}") << lines[1];
  EXPECT_EQ(lines[2], error_json + ",\"keys_before\":2,\"provisional\":true}");
  const run_result pt = run({"scan", "--max-document-bytes=100", path});
  EXPECT_EQ(pt.status, 1);
  EXPECT_EQ(lines_of(pt.out).size(), 3u) << pt.out;  // header, r1, r2
  EXPECT_EQ(pt.err, path + ":" + std::to_string(doc.size() - 1) +
                        R"(: /2: syntax/unexpected_character: "]" where a value belongs)"
                        " (the document ends here, after 2 provisional keys)\n");
}

// The issue's cases, through every command that prints keys: a truncated
// download, a second "keys" member and an NDJSON line with an extra '}'
// print their error and no key of theirs.
TEST_F(Cli, NoCommandPrintsKeysOfAFailedDocument) {
  const std::string ok = rsa_key("fine");
  struct failed_case {
    std::string name;
    std::string content;
    std::string code;
  };
  const std::vector<failed_case> cases = {
      {"truncated.json",
       "{\"keys\":[" + rsa_key("lost1") + ",\n" + rsa_key("lost2") + ",\n" +
           rsa_key("lost3").substr(0, 30),
       "truncated"},
      {"twice.json", "{\"keys\":[" + rsa_key("lost1") + "," + rsa_key("lost2") + "],\"keys\":[]}",
       "duplicate_member"},
      {"brace.ndjson", ok + "\n" + rsa_key("lost1") + "}\n" + rsa_key("fine2") + "\n",
       "trailing_content"},
  };
  std::vector<std::vector<std::string>> commands = {
      {"scan"}, {"scan", "--format", "ndjson"}, {"check"}, {"convert", "--to", "jwks"}};
  if (run({"thumbprint", "--help"}).status == 0) {
    commands.push_back({"thumbprint"});
    commands.push_back({"pem"});
  }
  for (const failed_case& c : cases) {
    const std::string path = file(c.name, c.content);
    for (std::vector<std::string> args : commands) {
      SCOPED_TRACE(c.name + " " + args[0] + (args.size() > 1 ? " " + args.back() : ""));
      args.push_back(path);
      const run_result r = run(args);
      EXPECT_EQ(r.status, 1) << r.err;
      EXPECT_EQ(r.out.find("lost"), std::string::npos) << r.out;
      EXPECT_NE((r.out + r.err).find(c.code), std::string::npos) << r.out << r.err;
      if (c.name.ends_with(".ndjson") && args[0] != "check") {
        // The other lines are read (check prints findings, not keys).
        EXPECT_NE(r.out.find("fine2"), std::string::npos) << r.out;
      }
    }
  }
}

TEST_F(Cli, RootPathIsWrittenRootInTheTableAndEmptyInNdjson) {
  const std::string path = file("empty.json", " \n");
  const run_result t = run({"scan", path});
  EXPECT_EQ(t.status, 1);
  EXPECT_EQ(t.err, path + ":0: (root): syntax/empty_document: " +
                       message(jwkview::error_code::empty_document) + "\n");
  const run_result n = run({"scan", "--format", "ndjson", path});
  EXPECT_EQ(n.status, 1);
  EXPECT_NE(n.out.find(",\"offset\":0,\"path\":\"\",\"message\":"), std::string::npos) << n.out;
}

TEST_F(Cli, SecondDocumentInAJsonFileIsTrailingContent) {
  const std::string doc = rsa_key("r1") + "\n" + rsa_key("r2") + "\n";
  const std::string path = file("two.json", doc);
  const run_result r = run({"scan", "--format", "ndjson", path});
  EXPECT_EQ(r.status, 1);
  const std::vector<std::string> lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 1u) << r.out;  // the error only: the file is not one JSON text
  EXPECT_NE(lines[0].find("\"code\":\"trailing_content\",\"offset\":" +
                          std::to_string(rsa_key("r1").size() + 1) + ","),
            std::string::npos)
      << lines[0];
}

TEST_F(Cli, NdjsonStringsAreEscaped) {
  // The kid decodes to: a " b \ c U+0001 U+00E9 LF U+2028.
  const std::string kid_json = std::string(R"("a\"b\\c\u0001\u00e9\n)") + "\xe2\x80\xa8\"";
  const std::string kid_out = "\"a\\\"b\\\\c\\u0001\xc3\xa9\\n\xe2\x80\xa8\"";
  const std::string path = file("we\"ird\\name.json", ec_key("e1", kid_json));
  const run_result r = run({"scan", "--format", "ndjson", path});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find(",\"kid\":" + kid_out + ","), std::string::npos) << r.out;
  // mkdtemp names need no escaping; the file name does.
  EXPECT_NE(r.out.find("\"source\":\"" + dir_.string() + "/we\\\"ird\\\\name.json\""),
            std::string::npos)
      << r.out;
}

TEST_F(Cli, TableEscapesControlCharacters) {
  const std::string path = file("esc.json", ec_key("e1", R"("red\u001b[31m")"));
  const run_result r = run({"scan", path});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos);
  EXPECT_NE(r.out.find("red\\u001b[31m"), std::string::npos) << r.out;
}

TEST_F(Cli, TableShowsNullAndAbsentMembers) {
  // alg null, use absent, kid null.
  const std::string key =
      "{\"id\":\"x1\",\"kid\":null,\"kty\":\"RSA\",\"alg\":null,\"e\":\"AQAB\","
      "\"n\":\"AIAAAQ\"}";
  const run_result r = run({"scan", file("one.json", key)});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out,
            "KID   KTY  ALG   USE  STATUS  SIZE  ID  SCHEMA\n"
            "null  RSA  null  -    -       24    x1  okta\n");
}

// ---------------------------------------------------------------------------
// Inputs.

TEST_F(Cli, NdjsonInputWithABrokenLine) {
  const std::string line0 = rsa_key("r1");
  const std::string line1 = "{\"id\":\"r2\",\"kty\":";
  const std::string line3 = std::string("[") + ec_key("e1", "\"k\"") + "]";
  const std::string text = line0 + "\n" + line1 + "\r\n  \t\n" + line3 + "\n";
  const std::string path = file("stream.txt", text);

  const run_result r = run({"scan", "--input", "ndjson", "--format", "ndjson", path});
  EXPECT_EQ(r.status, 1);
  const std::vector<std::string> lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 3u) << r.out;
  EXPECT_NE(lines[0].find("\"document\":0,\"index\":0,\"offset\":0,"), std::string::npos);
  // The broken line: its error offset is counted from the start of the file.
  const std::size_t line1_at = line0.size() + 1;
  EXPECT_NE(lines[1].find("\"type\":\"error\""), std::string::npos) << lines[1];
  EXPECT_NE(lines[1].find("\"document\":1,\"class\":\"syntax\""), std::string::npos) << lines[1];
  EXPECT_NE(lines[1].find("\"offset\":" + std::to_string(line1_at + line1.size()) + ","),
            std::string::npos)
      << lines[1];  // truncated: the end of the line's text
  // The blank line is skipped: the last line is document 2.
  const std::size_t line3_at = text.find(line3);
  EXPECT_NE(
      lines[2].find("\"document\":2,\"index\":0,\"offset\":" + std::to_string(line3_at + 1) + ","),
      std::string::npos)
      << lines[2];

  // Table format: SOURCE column with the document number; error on stderr.
  const run_result t = run({"scan", "--input=ndjson", path});
  EXPECT_EQ(t.status, 1);
  const std::vector<std::string> rows = lines_of(t.out);
  ASSERT_EQ(rows.size(), 3u) << t.out;
  EXPECT_EQ(rows[0].substr(0, 7), "SOURCE ");
  EXPECT_EQ(rows[1].substr(0, path.size() + 3), path + "#0 ");
  EXPECT_EQ(rows[2].substr(0, path.size() + 3), path + "#2 ");
  EXPECT_EQ(t.err.substr(0, path.size() + 1), path + ":") << t.err;
  EXPECT_NE(t.err.find(": syntax/"), std::string::npos) << t.err;
}

TEST_F(Cli, JsonlExtensionMeansNdjson) {
  const std::string path = file("keys.jsonl", rsa_key("r1") + "\n" + rsa_key("r2") + "\n");
  const run_result r = run({"scan", "--format", "ndjson", path});
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(lines_of(r.out).size(), 2u);

  // --input json overrides the extension: then the second line is trailing content.
  const run_result j = run({"scan", "--input", "json", "--format", "ndjson", path});
  EXPECT_EQ(j.status, 1);
  EXPECT_NE(j.out.find("\"code\":\"trailing_content\""), std::string::npos) << j.out;
}

TEST_F(Cli, StandardInput) {
  const std::string doc = std::string("[") + rsa_key("r1") + "]";
  const run_result r = run({"scan", "--format", "ndjson", "-"}, doc);
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out,
            "{\"type\":\"key\",\"source\":\"<stdin>\",\"document\":0,\"index\":0,\"offset\":1,"
            "\"id\":\"r1\",\"kid\":\"r-r1\",\"kty\":\"RSA\",\"alg\":null,"
            "\"status\":\"INACTIVE\",\"schema\":\"okta\",\"bits\":24}\n");

  const run_result bad = run({"scan", "-"}, "{\"keys\":[1]}");
  EXPECT_EQ(bad.status, 1);
  EXPECT_EQ(bad.err.substr(0, 19), "<stdin>:9: /keys/0:") << bad.err;

  // Stdin as ndjson on request.
  const run_result lines = run({"scan", "--input", "ndjson", "--format", "ndjson", "-"},
                               rsa_key("a") + "\n" + rsa_key("b") + "\n");
  EXPECT_EQ(lines.status, 0);
  EXPECT_NE(lines.out.find("\"document\":1,"), std::string::npos) << lines.out;
}

TEST_F(Cli, StandardInputExampleListing) {
  const std::string examples = examples_dir();
  if (examples.empty()) GTEST_SKIP() << "JWKVIEW_EXAMPLES is not set";
  const run_result r = run({"scan", "-"}, read_file(examples + "/okta-listing.json"));
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, listing_table);
}

TEST_F(Cli, SeveralFilesGetASourceColumn) {
  const std::string a = file("a.json", rsa_key("r1"));
  const std::string b = file("b.json", std::string("[") + ec_key("e1", "\"k1\"") + "]");
  const run_result r = run({"scan", a, b});
  EXPECT_EQ(r.status, 0);
  const std::vector<std::string> rows = lines_of(r.out);
  ASSERT_EQ(rows.size(), 3u);
  const std::string pad(a.size() - 6 + 2, ' ');
  EXPECT_EQ(rows[0], "SOURCE" + pad + "KID   KTY  ALG    USE  STATUS    SIZE   ID  SCHEMA");
  EXPECT_EQ(rows[1], a + "  r-r1  RSA  null   -    INACTIVE  24     r1  okta");
  EXPECT_EQ(rows[2], b + "  k1    EC   ES256  sig  ACTIVE    P-256  e1  okta");
}

// ---------------------------------------------------------------------------
// Profiles and key checks.

// Large enough for scan to cut it into ranges (8 MiB each) for --jobs.
std::string large_ndjson() {
  std::string text;
  for (std::size_t i = 0; text.size() < (std::size_t{20} << 20); ++i) {
    const std::string id = std::to_string(i);
    if (i % 1000 == 7) {
      text += "{\"id\":\"" + id + "\",\"kty\":\n";  // a record cut short
    } else if (i % 1000 == 500) {
      text += '[';
      text += rsa_key(id);
      text += ',';
      text += ec_key(id + "e", "\"k\"");
      text += "]\n";
    } else if (i % 3 == 0) {
      text += ec_key(id, "\"k" + id + "\"") + "\n";
    } else {
      text += rsa_key(id) + "\n";
    }
  }
  return text;
}

TEST_F(Cli, JobsDoNotChangeTheOutput) {
  const std::string text = large_ndjson();
  const std::string path = file("large.ndjson", text);
  const run_result one = run({"scan", "--format", "ndjson", "--jobs", "1", path});
  const run_result two = run({"scan", "--format", "ndjson", "--jobs", "2", path});
  const run_result four = run({"scan", "--format", "ndjson", "-j", "4", path, path});
  EXPECT_EQ(one.status, 1);
  EXPECT_EQ(two.status, 1);
  EXPECT_EQ(one.out, two.out);
  EXPECT_EQ(four.out, one.out + one.out);
  const std::vector<std::string> lines = lines_of(one.out);
  EXPECT_GT(lines.size(), 100000u);
  // Documents are numbered across the whole file (one per line), whichever
  // range of it a worker scanned.
  const std::size_t records = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  EXPECT_NE(lines.back().find("\"document\":" + std::to_string(records - 1) + ","),
            std::string::npos)
      << lines.back();

  const run_result table_one = run({"scan", "--jobs", "1", path});
  const run_result table_two = run({"scan", "--jobs", "2", path});
  EXPECT_EQ(table_one.out, table_two.out);
  EXPECT_EQ(table_one.err, table_two.err);
}

TEST_F(Cli, JobsSpellings) {
  const std::string path = file("keys.ndjson", rsa_key("r1") + "\n" + ec_key("e1", "\"k\"") + "\n");
  const run_result reference = run({"scan", "--format", "ndjson", path});
  EXPECT_EQ(reference.status, 0) << reference.err;
  for (const std::vector<std::string>& jobs : std::vector<std::vector<std::string>>{
           {"-j1"}, {"-j", "1"}, {"-j=1"}, {"--jobs=1"}, {"--jobs", "1"}, {"-j12"}}) {
    std::vector<std::string> args = {"scan", "--format", "ndjson"};
    args.insert(args.end(), jobs.begin(), jobs.end());
    args.push_back(path);
    const run_result r = run(args);
    EXPECT_EQ(r.status, 0) << jobs[0] << " " << r.err;
    EXPECT_EQ(r.out, reference.out) << jobs[0];
  }
  expect_usage_errors({{"scan", "-j0", path}, {"scan", "-jx", path}, {"scan", "-qx", path}});
  EXPECT_EQ(run({"scan", "-j0", path}).err,
            "jwkview scan: --jobs must be a number from 1 to 1024, not '0'\n"
            "Try 'jwkview help scan'.\n");
}

// A listing of `count` elements laid out as `head` ... `tail` (the wrapper's
// opening and closing), one element a line or all on one line; element(i)
// is the text of element i. Keys take turns: RSA, EC, and every fifth an RSA
// key with a warning (an x5t of 40 octets).
std::string listing_of(std::size_t count, std::string_view head, std::string_view tail, bool lines,
                       std::string (*element)(std::size_t) = nullptr) {
  std::string text(head);
  for (std::size_t i = 0; i < count; ++i) {
    if (i != 0) text += lines ? ",\n" : ",";
    const std::string id = std::to_string(i);
    if (element != nullptr) {
      text += element(i);
    } else if (i % 5 == 4) {
      std::string key = rsa_key(id);
      key.insert(key.size() - 1, ",\"x5t\":\"" + std::string(54, 'A') + "\"");
      text += key;
    } else {
      text += i % 2 == 0 ? rsa_key(id) : ec_key(id, "\"k" + id + "\"");
    }
  }
  return text + std::string(tail);
}

// The lines of a --summary without those that give its time and speeds.
std::string without_timing(const std::string& summary) {
  std::string kept;
  for (const std::string& line : lines_of(summary)) {
    if (line.find("seconds") != std::string::npos) continue;
    if (line.find("/s ") != std::string::npos || line.find("_per_s") != std::string::npos) {
      // ndjson: one line with every count; drop its three timing fields.
      std::string counts = line;
      for (const std::string_view field : {"\"seconds\":", "\"mb_per_s\":", "\"keys_per_s\":"}) {
        const std::size_t at = counts.find(field);
        if (at == std::string::npos) continue;
        counts.erase(at, counts.find(',', at) + 1 - at);
      }
      if (counts == line) continue;
      kept += counts + "\n";
      continue;
    }
    kept += line + "\n";
  }
  return kept;
}

// With --jobs and --summary, a large single document is cut into parts
// between the elements of its key array, each read by its own stream after
// the document's head (tools/document_parts.hpp). Each input below is cut
// (tests/document_parts_test.cpp plans the same layouts); whatever a part
// meets, the output is the one stream's: the errors of a part are numbered
// on from the parts before, after one that ends the document the later
// parts are dropped, and a part that meets what it cannot vouch for (a
// false cut, an error found by its ending) has the file read again from
// there.
TEST_F(Cli, PartsOfOneDocumentGiveWhatOneStreamGives) {
  constexpr std::size_t keys = 600;
  const std::string jwks = listing_of(keys, "{\"jwks\":{\"keys\":[\n", "\n]}}\n", true);
  std::string bad_late = jwks;
  bad_late.replace(bad_late.rfind("\"kty\":\"EC\""), 10, "\"kty\":\"XY\"");
  // Errors that end the document inside a key of the middle part: the part
  // gives them, numbered on, and the parts after it are dropped.
  std::string control = jwks;
  control.insert(control.find("\"n\":\"", control.size() / 2) + 5, "\x01");
  std::string literal = jwks;
  literal.replace(literal.find("\"alg\":null", literal.size() / 2) + 6, 4, "nul");
  std::string syntax = jwks;
  const std::size_t at = syntax.find("\"kid\"", syntax.size() * 2 / 3);
  syntax.replace(at, 5, "\"kid\" ");
  syntax.insert(at + 6, "\"x\",");
  const std::vector<std::pair<std::string, std::string>> inputs{
      {"jwks-lines", jwks},
      {"keys-compact", listing_of(keys, "{\"keys\":[", "]}", false)},
      {"array-crlf", listing_of(keys, "[\r\n", "\r\n]\r\n", true)},
      {"wrapper-members",
       listing_of(keys, "{\"a\":{\"b\":[1]},\"keys\":[\n", "\n],\"z\":2}", true)},
      {"bad-key-late", bad_late},
      {"bad-key-middle", listing_of(keys, "{\"keys\":[\n", "\n]}", true,
                                    [](std::size_t i) {
                                      return i == keys / 2 ? ec_key("m", "7")
                                                           : rsa_key(std::to_string(i));
                                    })},
      {"bad-key-early", listing_of(keys, "[\n", "\n]", true,
                                   [](std::size_t i) {
                                     return i == 30 ? std::string("\"not a key\"")
                                                    : rsa_key(std::to_string(i));
                                   })},
      // Elements that are no key in the middle part; the stream names an
      // array element by its index ("element 300 is an array").
      {"odd-elements", listing_of(keys, "{\"keys\":[\n", "\n]}", true,
                                  [](std::size_t i) {
                                    return i == keys / 2       ? std::string("[1]")
                                           : i == keys / 2 + 7 ? std::string("null")
                                                               : rsa_key(std::to_string(i));
                                  })},
      {"bad-keys-throughout",
       listing_of(
           keys, "{\"keys\":[\n", "\n]}", true,
           [](std::size_t i) {
             std::string key = rsa_key(std::to_string(i));
             // Problems of every kind inside keys: each drops its key
             // and names its member, so no part reads the file again.
             static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> problems{
                 {{"\"e\":\"AQAB\"", "\"e\":\"AQAB=\""},
                  {"\"e\":\"AQAB\",", ""},
                  {"\"status\":\"INACTIVE\"", "\"status\":\"GONE\""},
                  {"\"alg\":null", "\"alg\":\"ES256\""},
                  {"\"alg\":null", "\"alg\":null,\"d\":\"AQAB\""},
                  {"\"kid\":\"r-", "\"use\":7,\"kid\":\"x-"}}};
             if (i % 7 == 3) {
               const auto& [from, to] = problems[(i / 7) % problems.size()];
               key.replace(key.find(from), from.size(), to);
               if (i % 5 == 0) key.replace(key.find("AIAAAQ"), 6, "AIAAAQ==");  // and another
             }
             return key;
           })},
      {"cut-in-strings", listing_of(keys, "{\"keys\":[", "]}", false,
                                    [](std::size_t i) {
                                      std::string key = rsa_key(std::to_string(i));
                                      key.insert(key.size() - 1, ",\"note\":\"},{\"");
                                      return key;
                                    })},
      {"cut-in-keys", listing_of(keys, "{\"keys\":[", "]}", false,
                                 [](std::size_t i) {
                                   std::string key = ec_key(std::to_string(i), "\"k\"");
                                   key.insert(key.size() - 1, ",\"more\":[{\"a\":1},{\"b\":2}]");
                                   return key;
                                 })},
      {"second-keys-member", listing_of(keys, "{\"keys\":[\n", "\n],\"keys\":[]}", true)},
      {"syntax-error", syntax},
      // An element longer than the hold, in the middle part: its one error
      // (the array goes on) names no element but by its path.
      {"long-element", listing_of(keys, "{\"keys\":[\n", "\n]}", true,
                                  [](std::size_t i) {
                                    std::string key = rsa_key(std::to_string(i));
                                    if (i == keys / 2) {
                                      key.insert(key.size() - 1,
                                                 ",\"pad\":\"" + std::string(5000, 'p') + "\"");
                                    }
                                    return key;
                                  })},
      {"control-character", control},
      {"bad-literal", literal},
      {"truncated", jwks.substr(0, jwks.size() * 9 / 10)},
      {"trailing", jwks + "{}\n"},
  };
  for (const auto& [name, text] : inputs) {
    SCOPED_TRACE(name);
    ASSERT_GT(text.size(), 8 * 4096u);
    const std::string path = file(name + ".json", text);
    for (const std::string format : {"table", "ndjson"}) {
      run_result a = run({"scan", "--summary", "--max-document-bytes", "4096", "--format", format,
                          "--jobs", "1", path});
      run_result b = run({"scan", "--summary", "--max-document-bytes", "4096", "--format", format,
                          "--jobs", "3", path});
      EXPECT_EQ(a.status, b.status);
      EXPECT_EQ(a.err, b.err);
      EXPECT_EQ(without_timing(a.out), without_timing(b.out));
      EXPECT_NE(a.out.find("keys"), std::string::npos) << a.out;
    }
  }
}

// A cut between two elements of another array than the key array, after
// it: the part before closes without error there, but its ending's "{}" is
// no element of the key array, so the file is read again. Read as keys, the
// other array's elements would be counted; the file's one stream counts the
// 300 keys, then finds the rest of the document (the other array) longer
// than the hold.
TEST_F(Cli, APartThatEndsInAnotherArrayIsReadAgain) {
  const std::string keys = listing_of(300, "", "", true);
  const std::string other = listing_of(310, "", "", true);
  const std::string middle = "\n],\"other\":[\n";
  // The pad puts the middle of the file just inside the other array, before
  // the end of its first element: the cut is after that element.
  const std::size_t before_pad = std::string_view("{\"pad\":\"").size();
  const std::size_t after_pad = std::string_view("\",\"keys\":[\n").size();
  const std::size_t other_start = before_pad + after_pad + keys.size() + middle.size();
  const std::size_t rest = other.size() + std::string_view("\n]}").size();
  // pad + other_start is (pad + other_start + rest) / 2 - 60.
  ASSERT_GT(rest, other_start + 120);
  const std::size_t pad = rest - other_start - 120;
  ASSERT_LT(pad, 3000u);
  const std::string text =
      "{\"pad\":\"" + std::string(pad, 'p') + "\",\"keys\":[\n" + keys + middle + other + "\n]}";
  ASSERT_EQ(text.substr(pad + other_start, 1), "{");
  ASSERT_LT(pad + other_start, text.size() / 2);
  ASSERT_GT(pad + other_start + 100, text.size() / 2);
  const std::string path = file("other.json", text);
  const run_result one =
      run({"scan", "--summary", "--max-document-bytes", "4096", "--jobs", "1", path});
  const run_result two =
      run({"scan", "--summary", "--max-document-bytes", "4096", "--jobs", "2", path});
  EXPECT_EQ(one.status, 1);
  EXPECT_EQ(two.status, 1);
  EXPECT_EQ(one.err, two.err);
  EXPECT_NE(one.err.find("limit/document_too_large"), std::string::npos) << one.err;
  EXPECT_EQ(without_timing(one.out), without_timing(two.out));
  EXPECT_NE(one.out.find("keys       300\n"), std::string::npos) << one.out;
}

TEST_F(Cli, SummaryCountsKeysAndErrors) {
  const std::string examples = examples_dir();
  if (examples.empty()) GTEST_SKIP() << "JWKVIEW_EXAMPLES is not set";
  const std::string listing = examples + "/okta-listing.json";
  const std::string broken = file("broken.ndjson", rsa_key("r1") + "\n{\"id\":\n");
  const run_result r = run({"scan", "--summary", "--format", "ndjson", listing, broken});
  EXPECT_EQ(r.status, 1);
  const std::vector<std::string> lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 2u) << r.out;  // the error line, then the summary
  EXPECT_NE(lines[0].find("\"type\":\"error\""), std::string::npos) << lines[0];
  const std::string& s = lines[1];
  EXPECT_EQ(
      s.rfind("{\"type\":\"summary\",\"files\":2,\"documents\":3,\"keys\":10,\"errors\":1,", 0), 0u)
      << s;
  const std::size_t bytes = read_file(listing).size() + read_file(broken).size();
  EXPECT_NE(s.find(",\"bytes\":" + std::to_string(bytes) + ","), std::string::npos) << s;
  EXPECT_NE(s.find("\"kty\":{\"EC\":3,\"RSA\":7}"), std::string::npos) << s;
  EXPECT_NE(s.find("\"size\":{\"P-256\":1,\"P-384\":1,\"P-521\":1,\"RSA-2048\":3,\"RSA-24\":1,"
                   "\"RSA-3072\":2,\"RSA-4096\":1}"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("\"error_code\":{\"truncated\":1}"), std::string::npos) << s;
  EXPECT_NE(s.find("\"mb_per_s\":"), std::string::npos) << s;
  EXPECT_NE(s.find("\"keys_per_s\":"), std::string::npos) << s;

  const run_result t = run({"scan", "--summary", listing});
  EXPECT_EQ(t.status, 0);
  EXPECT_NE(t.out.find("keys       9\n"), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("\nstatus:\n  ACTIVE    5\n  INACTIVE  4\n"), std::string::npos) << t.out;
  EXPECT_EQ(t.out.find("KID"), std::string::npos);  // no key rows
}

TEST_F(Cli, ProgressOnlyWhenAsked) {
  const std::string path = file("k.json", std::string("[") + rsa_key("a") + "]");
  const run_result quiet = run({"scan", path});  // stderr is a file here, not a terminal
  EXPECT_EQ(quiet.err, "");
  const run_result shown = run({"scan", "--progress", "always", path});
  EXPECT_NE(shown.err.find("100% "), std::string::npos) << shown.err;
  EXPECT_NE(shown.err.find(" keys/s"), std::string::npos) << shown.err;
  EXPECT_NE(shown.err.find("MB/s"), std::string::npos) << shown.err;
  EXPECT_TRUE(shown.err.ends_with("\r\033[K")) << shown.err;  // erased at the end
  const run_result never = run({"scan", "--progress", "never", "-q", path});
  EXPECT_EQ(never.err, "");
}

TEST_F(Cli, Rfc7517Profile) {
  const std::string doc =
      R"({"keys":[{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]})";
  const std::string path = file("okp.json", doc);

  const run_result okta = run({"scan", "--profile", "okta", "--format", "ndjson", path});
  EXPECT_EQ(okta.status, 1);
  EXPECT_NE(okta.out.find("\"type\":\"error\""), std::string::npos) << okta.out;
  EXPECT_NE(okta.out.find(R"(kty \"OKP\" is not allowed by the okta profile (RSA, EC); )"
                          R"(--profile rfc7517 accepts it)"),
            std::string::npos)
      << okta.out;

  for (const char* profile : {"rfc7517", "auto"}) {
    const run_result rfc = run({"scan", "--profile", profile, "--format", "ndjson", path});
    EXPECT_EQ(rfc.status, 0) << rfc.out;
    EXPECT_EQ(rfc.out, "{\"type\":\"key\",\"source\":\"" + path +
                           "\",\"document\":0,\"index\":0,\"offset\":9,\"kty\":\"OKP\","
                           "\"schema\":\"rfc7517\",\"crv\":\"Ed25519\"}\n");
  }

  const run_result table = run({"scan", path});
  EXPECT_EQ(table.out,
            "KID  KTY  ALG  USE  STATUS  SIZE     ID  SCHEMA\n"
            "-    OKP  -    -    -       Ed25519  -   rfc7517\n");
}

// ---------------------------------------------------------------------------
// Warnings, --strict and --tolerant-base64: the same options in every command.

// An RFC 7517 key whose x5t has the wrong length: delivered, with a warning.
std::string key_with_long_x5t() {
  return R"({"kty":"RSA","kid":"w1","n":"AIAAAQ","e":"AQAB","x5t":")" + std::string(54, 'A') +
         R"("})";
}

TEST_F(Cli, WarningsKeepTheKeyAndTheExitStatus) {
  const std::string doc = key_with_long_x5t();
  const std::string path = file("warn.json", doc);
  const run_result r = run({"scan", "--format", "ndjson", path});
  EXPECT_EQ(r.status, 0) << r.out;
  const std::vector<std::string> lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 2u) << r.out;
  EXPECT_NE(lines[0].find(R"("type":"key")"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find(R"("schema":"rfc7517")"), std::string::npos) << lines[0];
  EXPECT_EQ(lines[1], R"({"type":"warning","source":")" + path +
                          R"(","document":0,"class":"warning","code":"wrong_digest_length",)"
                          R"("offset":)" +
                          std::to_string(doc.find("AAAAAAAA") - 1) +
                          R"(,"path":"/x5t","message":"x5t decodes to 40 octets; a SHA-1 )"
                          R"(thumbprint has 20"})");

  const run_result table = run({"scan", path});
  EXPECT_EQ(table.status, 0);
  EXPECT_EQ(lines_of(table.out).size(), 2u) << table.out;
  EXPECT_NE(table.err.find(": /x5t: warning/wrong_digest_length: x5t decodes to 40 octets"),
            std::string::npos)
      << table.err;

  // --strict: the warning is an error, the key is left out, the status 1.
  const run_result strict = run({"scan", "--strict", "--format", "ndjson", path});
  EXPECT_EQ(strict.status, 1);
  EXPECT_EQ(lines_of(strict.out).size(), 1u) << strict.out;
  EXPECT_NE(strict.out.find(R"("type":"error","source")"), std::string::npos) << strict.out;
  EXPECT_NE(strict.out.find(R"("class":"key","code":"wrong_digest_length")"), std::string::npos)
      << strict.out;
}

TEST_F(Cli, EveryCommandTakesTheSameParsingOptions) {
  const std::string path = file("warn.json", key_with_long_x5t());
  // Each command reads this RFC 7517 key by default and fails it with --strict
  // or --profile okta.
  std::vector<std::vector<std::string>> commands = {
      {"scan"}, {"convert", "--to", "jwks"}, {"check", "--min-rsa-bits", "0"}};
#if defined(JWKVIEW_HAVE_OPENSSL)
  commands.push_back({"thumbprint"});
  commands.push_back({"pem"});
#endif
  for (const std::vector<std::string>& command : commands) {
    SCOPED_TRACE(command[0]);
    const auto with = [&](std::vector<std::string> extra) {
      std::vector<std::string> args = command;
      args.insert(args.end(), extra.begin(), extra.end());
      args.push_back(path);
      return run(args);
    };
    EXPECT_EQ(with({}).status, 0);
    EXPECT_EQ(with({"--profile", "auto"}).status, 0);
    EXPECT_EQ(with({"--profile=rfc7517"}).status, 0);
    EXPECT_EQ(with({"--profile", "okta"}).status, 1);
    EXPECT_EQ(with({"--strict"}).status, 1);
    EXPECT_EQ(with({"--no-key-checks", "--strict"}).status, 0);
    const run_result bad = with({"--profile", "google"});
    EXPECT_EQ(bad.status, 2);
    EXPECT_NE(bad.err.find("--profile must be auto, okta or rfc7517, not 'google'"),
              std::string::npos)
        << bad.err;
  }
}

TEST_F(Cli, TolerantBase64ReadsPaddedMaterial) {
  const std::string doc = R"({"kty":"RSA","kid":"p1","n":"AIAAAQ==","e":"AQAB"})";
  const std::string path = file("padded.json", doc);
  const run_result strict = run({"scan", "--format", "ndjson", path});
  EXPECT_EQ(strict.status, 1);
  EXPECT_NE(strict.out.find(R"(n is not canonical base64url: \"=\" padding at offset )" +
                            std::to_string(doc.find('=')) + "; --tolerant-base64 accepts it"),
            std::string::npos)
      << strict.out;
  const run_result tolerant = run({"scan", "--tolerant-base64", "--format", "ndjson", path});
  EXPECT_EQ(tolerant.status, 0) << tolerant.out;
  EXPECT_NE(tolerant.out.find(R"("kid":"p1")"), std::string::npos) << tolerant.out;
  EXPECT_NE(tolerant.out.find(R"("type":"warning")"), std::string::npos) << tolerant.out;
  EXPECT_NE(tolerant.out.find(R"("code":"noncanonical_base64url")"), std::string::npos);
  // What is written is the canonical form.
  const run_result converted = run({"convert", "--tolerant-base64", "--to", "jwks", path});
  EXPECT_EQ(converted.out, R"({"keys":[{"kty":"RSA","kid":"p1","n":"AIAAAQ","e":"AQAB"}]})"
                           "\n");
}

TEST_F(Cli, CheckReportsPrivateMembersUnderEveryProfile) {
  const std::string path = file("secret.json", R"({"keys":[{"kty":"oct","kid":"s","k":"AQAB"}]})");
  for (const char* profile : {"auto", "okta", "rfc7517"}) {
    SCOPED_TRACE(profile);
    const run_result r = run({"check", "--profile", profile, path});
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.out.find(": error: no-private-members: "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("key/private_member"), std::string::npos) << r.out;
  }
}

TEST_F(Cli, ProvidersSetsScanCleanByDefault) {
  const char* data = std::getenv("JWKVIEW_TEST_DATA");
  if (data == nullptr) GTEST_SKIP() << "JWKVIEW_TEST_DATA is not set";
  std::vector<std::string> args = {"scan", "--format", "ndjson"};
  for (const auto& entry : std::filesystem::directory_iterator(std::string(data) + "/providers")) {
    args.push_back(entry.path().string());
  }
  ASSERT_GE(args.size(), 13u);
  const run_result r = run(args);
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(r.out.find(R"("type":"error")"), std::string::npos) << r.out;
}

TEST_F(Cli, NoKeyChecks) {
  // Okta's documentation placeholder modulus: not base64url.
  const std::string n = "AJncrzOrouIUCSMlRL0HU.....Kuine49_CEVR4GPn=";
  const std::string doc = std::string("[") + rsa_key("r1", n) + "]";
  const std::string path = file("placeholder.json", doc);

  const run_result checked = run({"scan", "--format", "ndjson", path});
  EXPECT_EQ(checked.status, 1);
  EXPECT_NE(checked.out.find("\"class\":\"key\",\"code\":\"invalid_base64url\",\"offset\":" +
                             std::to_string(doc.find("\"AJnc")) + ",\"path\":\"/0/n\""),
            std::string::npos)
      << checked.out;

  const run_result unchecked = run({"scan", "--no-key-checks", "--format", "ndjson", path});
  EXPECT_EQ(unchecked.status, 0) << unchecked.out;
  EXPECT_EQ(unchecked.out,
            "{\"type\":\"key\",\"source\":\"" + path +
                "\",\"document\":0,\"index\":0,\"offset\":1,\"id\":\"r1\","
                "\"kid\":\"r-r1\",\"kty\":\"RSA\",\"alg\":null,"
                "\"status\":\"INACTIVE\",\"schema\":\"okta\"}\n");  // no "bits": n is not base64url

  const run_result table = run({"scan", "--no-key-checks", path});
  EXPECT_EQ(table.status, 0);
  EXPECT_EQ(table.out,
            "KID   KTY  ALG   USE  STATUS    SIZE  ID  SCHEMA\n"
            "r-r1  RSA  null  -    INACTIVE  ?     r1  okta\n");
}

// ---------------------------------------------------------------------------
// Unreadable inputs and usage errors: exit status 2.

TEST_F(Cli, MissingFileIsAnIoError) {
  const std::string missing = (dir_ / "missing.json").string();
  const std::string good = file("good.json", rsa_key("r1"));
  const run_result r = run({"scan", missing, good});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, missing + ":0: (root): io/not_found: No such file or directory\n");
  EXPECT_EQ(lines_of(r.out).size(), 2u) << r.out;  // the readable file is still scanned

  const run_result n = run({"scan", "--format", "ndjson", missing});
  EXPECT_EQ(n.status, 2);
  EXPECT_EQ(n.out, "{\"type\":\"error\",\"source\":\"" + missing +
                       "\",\"document\":0,\"class\":\"io\",\"code\":\"not_found\",\"offset\":0,"
                       "\"path\":\"\",\"message\":\"No such file or directory\"}\n");
}

TEST_F(Cli, DirectoryIsAnIoError) {
  const run_result r = run({"scan", dir_.string()});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, dir_.string() + ":0: (root): io/is_directory: Is a directory\n");
}

TEST_F(Cli, ExitStatusWithBothKeyErrorsAndUnreadableFilesIsTwo) {
  const std::string bad = file("bad.json", "[1]");
  const run_result r = run({"scan", bad, (dir_ / "nope").string()});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(lines_of(r.err).size(), 2u) << r.err;
}

TEST_F(Cli, UnwritableOutputIsExitStatusTwo) {
  if (::access("/dev/full", W_OK) != 0) GTEST_SKIP() << "no /dev/full";
  const std::string path = file("good.json", rsa_key("r1"));
  const std::string command = "'" + g_binary + "' scan '" + path + "' >/dev/full 2>/dev/null";
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 2);
}

TEST_F(Cli, UsageErrors) {
  const std::string good = file("good.json", rsa_key("r1"));
  const std::vector<std::vector<std::string>> cases = {
      {},
      {"frobnicate"},
      {"--frobnicate"},
      {"scan"},
      {"scan", "--format", "xml", good},
      {"scan", "--format"},
      {"scan", "--input", "yaml", good},
      {"scan", "--profile", "google", good},
      {"scan", "--bogus", good},
      {"scan", "--max-document-bytes", "0", good},
      {"scan", "--max-document-bytes", "16X", good},
      {"scan", "--max-document-bytes", "2048G", good},
      {"help", "frobnicate"},
  };
  expect_usage_errors(cases);
  const run_result r = run({"scan", "--format", "xml", good});
  EXPECT_EQ(r.err,
            "jwkview scan: --format must be table or ndjson, not 'xml'\n"
            "Try 'jwkview help scan'.\n");
}

TEST_F(Cli, DoubleDashEndsOptions) {
  file("--format", rsa_key("r1"));
  const run_result r = run({"scan", "--format", "ndjson", "--", "--format"}, {}, dir_.string());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.rfind("{\"type\":\"key\",\"source\":\"--format\",", 0), 0u) << r.out;
}

TEST_F(Cli, HelpAndVersion) {
  const run_result help = run({"--help"});
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.out.find("scan"), std::string::npos);
  EXPECT_EQ(help.err, "");

  const run_result scan_help = run({"help", "scan"});
  EXPECT_EQ(scan_help.status, 0);
  EXPECT_NE(scan_help.out.find("--format table|ndjson"), std::string::npos);
  EXPECT_NE(scan_help.out.find("--no-key-checks"), std::string::npos);
  EXPECT_NE(
      scan_help.out.find("Provisional mode: a document longer than --max-document-bytes (16M"),
      std::string::npos);
  EXPECT_EQ(run({"scan", "--help"}).out, scan_help.out);

  const run_result version = run({"--version"});
  EXPECT_EQ(version.status, 0);
  EXPECT_EQ(version.out.rfind("jwkview ", 0), 0u);
  EXPECT_EQ(version.out.back(), '\n');
}

// ---------------------------------------------------------------------------
// convert

/// The EC key of ec_key("e1", "\"k\"") and the RSA key of rsa_key("r1") in
/// each output form.
const std::string ec_response =
    "{\"id\":\"e1\",\"kid\":\"k\",\"status\":\"ACTIVE\",\"kty\":\"EC\","
    "\"alg\":\"ES256\",\"use\":\"sig\",\"x\":\"" +
    std::string(ec_x) + "\",\"y\":\"" + std::string(ec_y) + "\",\"crv\":\"P-256\"}";
const std::string rsa_response =
    R"({"id":"r1","kid":"r-r1","status":"INACTIVE","kty":"RSA","alg":null,"e":"AQAB","n":"AIAAAQ"})";

TEST_F(Cli, ConvertToEachForm) {
  const std::string path = file("listing.json", "{\"jwks\":{\"keys\":[" + ec_key("e1", "\"k\"") +
                                                    ",\n" + rsa_key("r1") + "]}}");
  const run_result response = run({"convert", "--to", "response", path});
  EXPECT_EQ(response.status, 0) << response.err;
  EXPECT_EQ(response.err, "");
  EXPECT_EQ(response.out, "[" + ec_response + "," + rsa_response + "]\n");

  const run_result request = run({"convert", "--to=request", path});
  EXPECT_EQ(request.status, 0) << request.err;
  EXPECT_EQ(
      request.out,
      "[{\"kid\":\"k\",\"status\":\"ACTIVE\",\"kty\":\"EC\",\"alg\":\"ES256\","
      "\"use\":\"sig\",\"x\":\"" +
          std::string(ec_x) + "\",\"y\":\"" + std::string(ec_y) +
          "\",\"crv\":\"P-256\"},"
          R"({"kid":"r-r1","status":"INACTIVE","kty":"RSA","alg":null,"e":"AQAB","n":"AIAAAQ"}])"
          "\n");

  const run_result jwks = run({"convert", path, "--to", "jwks"});
  EXPECT_EQ(jwks.status, 0) << jwks.err;
  EXPECT_EQ(jwks.out,
            "{\"keys\":[{\"kty\":\"EC\",\"use\":\"sig\",\"alg\":\"ES256\",\"kid\":\"k\","
            "\"crv\":\"P-256\",\"x\":\"" +
                std::string(ec_x) + "\",\"y\":\"" + std::string(ec_y) +
                "\"},{\"kty\":\"RSA\",\"kid\":\"r-r1\",\"n\":\"AIAAAQ\",\"e\":\"AQAB\"}]}\n");
}

TEST_F(Cli, ConvertReadsStandardInputWithoutFileOrWithDash) {
  const std::string input = "[" + rsa_key("r1") + "]";
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"convert", "--to", "response"},
        std::vector<std::string>{"convert", "--to", "response", "-"}}) {
    const run_result r = run(args, input);
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "[" + rsa_response + "]\n");
  }
  const run_result bad = run({"convert", "--to", "jwks"}, std::string("[") + rsa_key("r1") + ",1]");
  EXPECT_EQ(bad.status, 1);
  EXPECT_EQ(bad.err, "<stdin>:" + std::to_string(rsa_key("r1").size() + 2) +
                         ": /1: schema/wrong_type: element 1 is a number; expected a key object\n");
}

TEST_F(Cli, ConvertOneDocumentPerFileBadKeysLeftOutBrokenDocumentsNotWritten) {
  const std::string good = file("good.json", rsa_key("r1"));  // a single key
  const std::string mixed =
      file("mixed.json", "{\"keys\":[" + rsa_key("r2") + ",{\"id\":\"x\",\"kty\":\"RSA\"}]}");
  const std::string broken = file("broken.json", "[" + rsa_key("r3"));
  const run_result r = run({"convert", "--to", "jwks", good, mixed, broken, good});
  EXPECT_EQ(r.status, 1);
  const std::string r1 = R"({"kty":"RSA","kid":"r-r1","n":"AIAAAQ","e":"AQAB"})";
  const std::string r2 = R"({"kty":"RSA","kid":"r-r2","n":"AIAAAQ","e":"AQAB"})";
  EXPECT_EQ(r.out, "{\"keys\":[" + r1 + "]}\n{\"keys\":[" + r2 + "]}\n{\"keys\":[" + r1 + "]}\n");
  const std::vector<std::string> errors = lines_of(r.err);
  ASSERT_EQ(errors.size(), 2u) << r.err;
  EXPECT_EQ(errors[0],
            mixed + ":" + std::to_string(9 + rsa_key("r2").size() + 1) +
                ": /keys/1/n: schema/missing_member: n is missing; an RSA key needs n and e");
  EXPECT_EQ(errors[1].rfind(broken + ":", 0), 0u) << errors[1];
  EXPECT_NE(errors[1].find("syntax/truncated"), std::string::npos) << errors[1];

  const run_result missing = run({"convert", "--to", "jwks", (dir_ / "nope").string(), good});
  EXPECT_EQ(missing.status, 2);
  EXPECT_EQ(missing.out, "{\"keys\":[" + r1 + "]}\n");
  EXPECT_NE(missing.err.find(": io/not_found: "), std::string::npos) << missing.err;

  const run_result empty = run({"convert", "--to", "request"}, "[]");
  EXPECT_EQ(empty.status, 0);
  EXPECT_EQ(empty.out, "[]\n");
}

TEST_F(Cli, ConvertEscapesStrings) {
  const std::string path =
      file("esc.json", R"({"kty":"oct","kid":"\u0001\u00e9\/\"\\","x5u":"a\tb"})");
  const run_result r = run({"convert", "--profile", "rfc7517", "--to", "jwks", path});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out,
            "{\"keys\":[{\"kty\":\"oct\",\"kid\":\"\\u0001\xC3\xA9/\\\"\\\\\","
            "\"x5u\":\"a\\tb\"}]}\n");
}

TEST_F(Cli, ConvertedListingScansTheSame) {
  const std::string examples = examples_dir();
  if (examples.empty()) GTEST_SKIP() << "JWKVIEW_EXAMPLES is not set";
  const run_result converted =
      run({"convert", "--to", "response", examples + "/okta-listing.json"});
  EXPECT_EQ(converted.status, 0) << converted.err;
  const run_result scanned = run({"scan", "-"}, converted.out);
  EXPECT_EQ(scanned.status, 0) << scanned.err;
  EXPECT_EQ(scanned.out, listing_table);
}

TEST_F(Cli, ConvertUsageErrorsAndHelp) {
  const std::string good = file("good.json", rsa_key("r1"));
  const std::vector<std::vector<std::string>> cases = {
      {"convert", good},
      {"convert", "--to", "yaml", good},
      {"convert", "--to"},
      {"convert", "--to", "jwks", "--format", "table", good},
      {"convert", "--to", "jwks", "--profile", "google", good},
  };
  expect_usage_errors(cases);
  EXPECT_EQ(run({"convert", "--to", "yaml", good}).err,
            "jwkview convert: --to must be request, response or jwks, not 'yaml'\n"
            "Try 'jwkview help convert'.\n");
  EXPECT_EQ(run({"convert", good}).err,
            "jwkview convert: --to is needed: request, response or jwks\n"
            "Try 'jwkview help convert'.\n");

  const run_result help = run({"help", "convert"});
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.out.find("--to request|response|jwks"), std::string::npos);
  EXPECT_EQ(run({"convert", "--help"}).out, help.out);
  EXPECT_NE(run({"--help"}).out.find("convert --to FORM"), std::string::npos);
}

// ---------------------------------------------------------------------------
// jwkview check

TEST_F(Cli, CheckTheExampleListingHasOnlyWarnings) {
  const std::string examples = examples_dir();
  if (examples.empty()) GTEST_SKIP() << "JWKVIEW_EXAMPLES is not set";
  const std::string file = examples + "/okta-listing.json";
  const run_result r = run({"check", file});
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(r.err, "");
  const std::vector<std::string> lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 6u) << r.out;
  EXPECT_EQ(lines[0], file +
                          ":34: /jwks/keys/0: warning: rsa-minimal-n: kid "
                          "wdIYHU1Uno1RatsHxRHm_OSH-OtDwv5N2OLLmP3F: n has a leading zero octet "
                          "(RFC 7518 6.3.1.1 wants the minimal encoding)");
  // The four INACTIVE keys and the encryption key: a verifier never uses them.
  EXPECT_EQ(lines[1], file +
                          ":1032: /jwks/keys/1: warning: key-policy: kid "
                          "l00iHNCGYIC_F10hx6Gw75VtaA53UskP14O3uPOQ: a verifier with the default "
                          "key policy never uses this key: the key's status is not ACTIVE "
                          "(inactive)");
  EXPECT_NE(lines[2].find(": /jwks/keys/3: warning: key-policy: "), std::string::npos);
  EXPECT_NE(lines[3].find(": /jwks/keys/6: warning: key-policy: "), std::string::npos);
  EXPECT_NE(
      lines[4].find(
          ": /jwks/keys/8: warning: alg-present: kid o6YY7kcRVh1YMuh3D6iBCH2dqdzOM8eQJzsIaXoB: "),
      std::string::npos)
      << lines[4];
  EXPECT_NE(lines[5].find("(wrong_use)"), std::string::npos) << lines[5];
}

TEST_F(Cli, CheckReportsRocaModuli) {
  // 65537 + 2kM: n mod p is a power of 65537 for every prime of the ROCA
  // test (tests/key_policy_test.cpp builds it).
  const std::string roca =
      "kI3VtwDVGSWZjgM2xVQoQ_ZcuigQ7ll0wOerJZkih12e5Qtw_j4sVYWhBCYJpXgm4RJsGNvidraVh7CsMv_"
      "q2iRWf2hUGo"
      "huruT0IyFauwaI37M5HkBxOEPU0atrC7gAop5A54z-ltpriUxSnhzHnQCAsfGAnF8pvrznRx6jaKFLa0vdy0g2_"
      "WYhQbneG"
      "wwmEn491nzUlBnomDFBN774jCpk8s4cIGhm-qB1pE8aLZOlBldXsCVgJPrWoPDioeuF68HggHpng2ehgWZE-"
      "LwXcAgMOVFU"
      "2iV840UdFqDhTmrm4rAMEJL784mbAhu5D7acoThQLFe30MKtngVQWoxdZQ";
  const std::string path =
      file("roca.json", R"({"keys":[{"kty":"RSA","kid":"infineon","alg":"RS256","e":"AQAB","n":")" +
                            roca + R"("}]})");
  const run_result r = run({"check", path});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find(": /keys/0: error: rsa-roca: kid infineon: the modulus has the ROCA "
                       "fingerprint (CVE-2017-15361)"),
            std::string::npos)
      << r.out;
}

TEST_F(Cli, CheckFindsEveryRule) {
  // Keys 0 and 1 share kid "a"; 0 is 24-bit RSA with e = 3; 1 and 2 are
  // ACTIVE encryption keys; 3 has a private member; 3 keys > --max-keys 2.
  const std::string keys = "{\"keys\":[" + rsa_key("r0", "AIAAAQ") + "," + ec_key("e1", "\"a\"") +
                           "," + ec_key("e2", "\"b\"") + "," + rsa_key("r3") + "]}";
  std::string doc = keys;
  // kid "r-r0" -> "a"; alg of key 0 -> RS256; e of key 0 -> 3; enc + ACTIVE on keys 1, 2 (RSA
  // only in okta: use rfc7517); d on key 3.
  auto replace = [&doc](std::string_view from, std::string_view to) {
    const std::size_t at = doc.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    doc.replace(at, from.size(), to);
  };
  replace("\"kid\":\"r-r0\"", "\"kid\":\"a\"");
  replace("\"e\":\"AQAB\"", "\"e\":\"Aw\"");
  replace("\"use\":\"sig\"", "\"use\":\"enc\"");
  replace("\"use\":\"sig\"", "\"use\":\"enc\"");
  replace("\"id\":\"r3\"", "\"id\":\"r3\",\"d\":\"AQAB\"");
  const std::string path = file("bad.json", doc);
  const run_result r = run({"check", "--profile", "rfc7517", "--max-keys=2", path});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "");
  const std::vector<std::string> lines = lines_of(r.out);
  std::vector<std::string> rules;
  for (const std::string& line : lines) {
    const std::size_t sev = line.find(": error: ") != std::string::npos
                                ? line.find(": error: ") + 9
                                : line.find(": warning: ") + 11;
    rules.push_back(line.substr(sev, line.find(':', sev) - sev));
  }
  // key-policy: key 0 is INACTIVE, keys 1 and 2 are encryption keys.
  EXPECT_EQ(rules,
            (std::vector<std::string>{"max-keys", "alg-present", "key-policy", "rsa-min-bits",
                                      "rsa-exponent", "rsa-minimal-n", "kid-unique", "key-policy",
                                      "one-active-enc", "key-policy", "no-private-members"}))
      << r.out;
  EXPECT_NE(r.out.find(": /keys/3/d: error: no-private-members: key/private_member: "),
            std::string::npos);
  EXPECT_NE(r.out.find(": /keys: error: max-keys: the set has 4 keys; at most 2 allowed"),
            std::string::npos);
  EXPECT_NE(r.out.find(": /keys/1: error: kid-unique: kid a: kid repeats the kid of /keys/0"),
            std::string::npos);
  EXPECT_NE(r.out.find("RSA modulus of 24 bits; at least 2048 required"), std::string::npos);

  const run_result nd = run({"check", "--profile=rfc7517", "--format", "ndjson", "--min-rsa-bits",
                             "16", "--exponent", "3", path});
  EXPECT_EQ(nd.status, 1);
  const std::vector<std::string> nd_lines = lines_of(nd.out);
  ASSERT_EQ(nd_lines.size(), 8u) << nd.out;  // no max-keys (50), rsa-min-bits or rsa-exponent
  EXPECT_EQ(nd_lines[0].rfind("{\"type\":\"finding\",\"source\":", 0), 0u);
  EXPECT_NE(nd_lines[3].find("\"rule\":\"kid-unique\",\"severity\":\"error\",\"offset\":"),
            std::string::npos)
      << nd_lines[3];
  EXPECT_NE(nd_lines[3].find("\"path\":\"/keys/1\",\"kid\":\"a\""), std::string::npos);
}

TEST_F(Cli, CheckUsageAndIoErrors) {
  const std::string path = file("one.json", ec_key("e", "\"k\""));
  EXPECT_EQ(run({"check", "--exponent", "4", path}).status, 2);
  EXPECT_EQ(run({"check", "--max-keys", "0", path}).status, 2);
  EXPECT_EQ(run({"check", "--format", "table", path}).status, 2);
  EXPECT_EQ(run({"check", "--bogus", path}).status, 2);
  EXPECT_EQ(run({"check"}).status, 2);
  const run_result ok = run({"check", path});
  EXPECT_EQ(ok.status, 0);
  EXPECT_EQ(ok.out, "");
  const run_result missing = run({"check", (dir_ / "nope.json").string()});
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.out.find("error: parse: io/not_found"), std::string::npos) << missing.out;
  const run_result help = run({"help", "check"});
  EXPECT_EQ(help.status, 0);
  for (const char* rule : {"kid-unique", "rsa-min-bits", "max-keys", "one-active-enc",
                           "rsa-exponent", "rsa-minimal-n", "alg-present", "no-private-members"}) {
    EXPECT_NE(help.out.find(rule), std::string::npos) << rule;
  }
  EXPECT_EQ(run({"check", "--help"}).out, help.out);
  EXPECT_NE(run({"--help"}).out.find("check [OPTIONS] FILE..."), std::string::npos);
}

// ---------------------------------------------------------------------------
// Every command reads its FILEs as scan does: through the stream, in chunks,
// as one document or JSON Lines, from standard input too.

/// Four documents, a blank line, a broken one and a single key, one a line.
std::string mixed_lines() {
  // Appended piece by piece: GCC 12 warns (-Wrestrict, wrongly) of "[" + key.
  std::string text = "[";
  text += rsa_key("r1");
  text += "]\n{\"keys\":[";
  text += ec_key("e1", "\"k\"");
  text += "]}\n\n[]\n[";
  text += rsa_key("bad");
  text += ",]\n";
  text += rsa_key("r2");
  return text + "\n";
}

TEST_F(Cli, ConvertWritesEachNdjsonDocumentFromAFileOrStandardInput) {
  const std::string lines = mixed_lines();
  const std::string broken = ": /1: syntax/unexpected_character: \"]\" where a value belongs\n";
  const std::string at = ":" + std::to_string(lines.find(",]") + 1);
  const std::string r2 =
      R"({"id":"r2","kid":"r-r2","status":"INACTIVE","kty":"RSA","alg":null,"e":"AQAB","n":"AIAAAQ"})";
  const std::string written =
      "[" + rsa_response + "]\n[" + ec_response + "]\n[]\n[" + r2 + "]\n";  // the broken one: none

  const std::string path = file("keys.ndjson", lines);
  const run_result r = run({"convert", "--to", "response", path});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, written);
  EXPECT_EQ(r.err, path + at + broken);

  const std::string named_json = file("keys.json", lines);
  const run_result j = run({"convert", "--to=response", "--input=ndjson", named_json});
  EXPECT_EQ(j.out, written);
  EXPECT_EQ(j.err, named_json + at + broken);

  const run_result in = run({"convert", "--to", "response", "--input", "ndjson"}, lines);
  EXPECT_EQ(in.status, 1);
  EXPECT_EQ(in.out, written);
  EXPECT_EQ(in.err, "<stdin>" + at + broken);

  // Standard input is one JSON text unless told otherwise.
  const run_result whole = run({"convert", "--to", "response", "-"}, lines);
  EXPECT_EQ(whole.status, 1);
  EXPECT_EQ(whole.out, "");
  EXPECT_EQ(whole.err.rfind("<stdin>:" + std::to_string(lines.find('\n') + 1) +
                                ": (root): syntax/trailing_content: ",
                            0),
            0u)
      << whole.err;
}

// convert, thumbprint and pem hold a document's output until its verdict in
// a spool (tools/output_spool.hpp): 8 MiB in memory, the rest in a
// temporary file. A set whose output is larger, streamed provisionally
// (--max-document-bytes), comes out whole and in order, and the same set
// cut short comes out not at all.
TEST_F(Cli, OutputLargerThanTheSpoolIsWholeOrNothing) {
  constexpr std::size_t count = 5000;
  std::string n(2000, 'w');  // canonical base64url, 12,000 bits
  std::string set = "{\"keys\":[";
  for (std::size_t i = 0; i < count; ++i) {
    n[1 + i % 1900] = "ABCDEFGHIJ"[i % 10];
    if (i != 0) set += ',';
    std::string id = "k";  // (GCC 12 warns on "k" + std::to_string(i): -Wrestrict)
    id += std::to_string(i);
    set += rsa_key(id, n);
  }
  set += "]}";
  const std::string path = file("big.json", set);
  const std::string cut = file("cut.json", std::string_view(set).substr(0, set.size() - 1));

  // What the library writes for the same set.
  std::string padded = set;
  padded.resize(set.size() + jwkview::padding);
  jwkview::options o;
  jwkview::parser parser(o);
  std::vector<jwkview::key> keys(count);
  const jwkview::parse_report report =
      parser.parse_set(std::string_view(padded.data(), set.size()), keys);
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report.key_count(), count);
  std::string expected(jwkview::write_set(report.keys(), jwkview::write_form::jwk, {}).value, '\0');
  (void)jwkview::write_set(report.keys(), jwkview::write_form::jwk, expected);
  expected += '\n';
  ASSERT_GT(expected.size(), std::size_t{8} << 20);  // past the spool's memory

  const run_result converted = run({"convert", "--to", "jwks", "--max-document-bytes", "1M", path});
  EXPECT_EQ(converted.status, 0) << converted.err;
  EXPECT_EQ(converted.err, "");
  EXPECT_TRUE(converted.out == expected)
      << converted.out.size() << " bytes, not " << expected.size();

  const run_result none = run({"convert", "--to", "jwks", "--max-document-bytes", "1M", cut});
  EXPECT_EQ(none.status, 1);
  EXPECT_EQ(none.out, "");
  EXPECT_NE(none.err.find("syntax/truncated"), std::string::npos) << none.err;

#if defined(JWKVIEW_HAVE_OPENSSL)
  const run_result lines = run({"thumbprint", "--max-document-bytes", "1M", path});
  EXPECT_EQ(lines.status, 0) << lines.err;
  const std::vector<std::string> printed = lines_of(lines.out);
  ASSERT_EQ(printed.size(), count);
  EXPECT_EQ(printed.front().rfind(path + ":/keys/0 r-k0 ", 0), 0u) << printed.front();
  EXPECT_EQ(printed.back().rfind(path + ":/keys/4999 r-k4999 ", 0), 0u) << printed.back();
  const run_result no_lines = run({"thumbprint", "--max-document-bytes", "1M", cut});
  EXPECT_EQ(no_lines.status, 1);
  EXPECT_EQ(no_lines.out, "");
#endif
}

// check takes each key as the stream delivers it, and keeps only its
// findings and kid until the document's verdict: a document longer than the
// hold (streamed provisionally) is checked as one held whole is, repeated
// kids are found across the whole of it, and one that fails at its end
// gives only its error.
TEST_F(Cli, CheckOfADocumentLongerThanTheHold) {
  std::string set = "{\"keys\":[";
  for (std::size_t i = 0; i < 400; ++i) {
    if (i != 0) set += ',';
    std::string id = "k";
    id += std::to_string(i);
    std::string key = rsa_key(id);
    // Every 50th key repeats the kid of the key 7 places before it.
    if (i % 50 == 49)
      key.replace(key.find("r-" + id), 2 + id.size(), "r-k" + std::to_string(i - 7));
    set += key;
  }
  set += "]}";
  ASSERT_GT(set.size(), std::size_t{30000});  // three times the hold below
  const std::string path = file("long.json", set);
  const std::string cut = file("cut.json", std::string_view(set).substr(0, set.size() - 1));

  const run_result held = run({"check", "--profile", "rfc7517", path});
  const run_result streamed =
      run({"check", "--profile", "rfc7517", "--max-document-bytes", "10K", path});
  EXPECT_EQ(held.status, 1);
  EXPECT_EQ(streamed.status, 1);
  EXPECT_EQ(streamed.err, "");
  EXPECT_EQ(streamed.out, held.out);
  const std::vector<std::string> lines = lines_of(streamed.out);
  // max-keys, then for each key alg-present (null), key-policy (INACTIVE),
  // rsa-min-bits and rsa-minimal-n (n, AIAAAQ, has a leading zero octet),
  // and 8 kid-unique.
  EXPECT_EQ(lines.size(), 1 + 400 * 4 + 8) << streamed.out.substr(0, 2000);
  EXPECT_NE(streamed.out.find(": /keys/399: error: kid-unique: kid r-k392: kid repeats the kid "
                              "of /keys/392\n"),
            std::string::npos);

  const run_result none =
      run({"check", "--profile", "rfc7517", "--max-document-bytes", "10K", cut});
  EXPECT_EQ(none.status, 1);
  const std::vector<std::string> only = lines_of(none.out);
  ASSERT_EQ(only.size(), 1u) << none.out.substr(0, 2000);
  EXPECT_NE(only[0].find("error: parse: syntax/truncated"), std::string::npos) << only[0];
}

// A file up to the hold is read in one piece, and the stream reads its
// document where it lies (stream::finish with the last bytes): one longer
// than a read chunk gives every key, in order, held (not provisional), and
// the same file cut short gives only its error.
TEST_F(Cli, AFileLongerThanAReadChunkGivesEveryKeyInOrder) {
  std::string set = "{\"keys\":[";
  std::size_t count = 0;
  while (set.size() < (std::size_t{5} << 19)) {  // 2.5 MiB: three reads of 1 MiB
    if (count != 0) set += ',';
    std::string id = "k";
    id += std::to_string(count++);
    set += rsa_key(id);
  }
  set += "]}";
  const std::string path = file("long.json", set);
  const std::string cut = file("cut.json", std::string_view(set).substr(0, set.size() - 1));

  const run_result whole = run({"scan", "--format", "ndjson", path});
  EXPECT_EQ(whole.status, 0) << whole.err;
  const std::vector<std::string> lines = lines_of(whole.out);
  ASSERT_EQ(lines.size(), count);
  EXPECT_NE(lines.front().find("\"index\":0,\"offset\":9,\"id\":\"k0\""), std::string::npos)
      << lines.front();
  std::string last_id = "k";
  last_id += std::to_string(count - 1);
  std::string last = "\"index\":";
  last += std::to_string(count - 1) + ",\"offset\":" + std::to_string(set.rfind(rsa_key(last_id)));
  last += ",\"id\":\"" + last_id + "\"";
  EXPECT_NE(lines.back().find(last), std::string::npos) << lines.back();
  EXPECT_EQ(lines.back().find("provisional"), std::string::npos) << lines.back();

  const run_result none = run({"scan", "--format", "ndjson", cut});
  EXPECT_EQ(none.status, 1);
  const std::vector<std::string> only = lines_of(none.out);
  ASSERT_EQ(only.size(), 1u) << none.out.substr(0, 2000);
  EXPECT_NE(only[0].find("truncated"), std::string::npos) << only[0];
}

TEST_F(Cli, CheckReadsNdjsonAndStandardInput) {
  const std::string lines = mixed_lines();
  const std::string r2_at = std::to_string(lines.rfind(rsa_key("r2")));
  const auto findings = [&](const std::string& source) {
    const std::string r1 = source + ":1: /0: ";
    const std::string r2 = source + ":" + r2_at + ": (root): ";
    const std::string policy =
        "a verifier with the default key policy never uses this key: the key's status is not "
        "ACTIVE (inactive)\n";
    std::string out;
    for (const auto& [where, id] : {std::pair{r1, "r1"}, std::pair{r2, "r2"}}) {
      const std::string kid = std::string("kid r-") + id + ": ";
      out += where + "warning: alg-present: " + kid + "the key has no alg\n";
      out += where + "warning: key-policy: " + kid + policy;
      out += where + "error: rsa-min-bits: " + kid +
             "RSA modulus of 24 bits; at least 2048 required\n";
      out += where + "warning: rsa-minimal-n: " + kid +
             "n has a leading zero octet (RFC 7518 6.3.1.1 wants the minimal encoding)\n";
      if (where == r1) {
        out += source + ":" + std::to_string(lines.find(",]") + 1) +
               ": /1: error: parse: syntax/unexpected_character: \"]\" where a value belongs\n";
      }
    }
    return out;
  };
  const std::string path = file("keys.jsonl", lines);
  const run_result r = run({"check", path});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, findings(path));
  const run_result in = run({"check", "--input", "ndjson", "-"}, lines);
  EXPECT_EQ(in.status, 1);
  EXPECT_EQ(in.out, findings("<stdin>"));
  // ndjson findings name their document.
  const run_result nd = run({"check", "--format", "ndjson", "--min-rsa-bits", "16", path});
  const std::vector<std::string> nd_lines = lines_of(nd.out);
  ASSERT_EQ(nd_lines.size(), 7u) << nd.out;
  EXPECT_NE(nd_lines[3].find(R"("document":3,"rule":"parse")"), std::string::npos) << nd_lines[3];
  EXPECT_NE(nd_lines[4].find(R"("document":4,"rule":"alg-present")"), std::string::npos)
      << nd_lines[4];
}

/// A bare array of `count` RSA keys, ids "k0", "k1", ..., and the same keys
/// as convert --to request writes them.
struct big_listing {
  std::string json = "[";
  std::string request = "[";
  explicit big_listing(std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) {
      const std::string id = 'k' + std::to_string(i);
      json += (i == 0 ? "" : ",\n") + rsa_key(id);
      request += std::string(i == 0 ? "" : ",") + R"({"kid":"r-)" + id +
                 R"(","status":"INACTIVE","kty":"RSA","alg":null,"e":"AQAB","n":"AIAAAQ"})";
    }
    json += "]";
    request += "]\n";
  }
};

// A document over several 1 MiB reads, and longer than the hold, is still
// one set: all of it, or (when an error ends it) none of it.
TEST_F(Cli, ADocumentAcrossReadsAndPastTheHoldIsAllOrNothing) {
  const big_listing big(12000);  // 1.3 MB; more keys than one parse_set takes (10000)
  ASSERT_GT(big.json.size(), std::size_t{1} << 20);
  const std::string path = file("big.json", big.json);
  for (const std::vector<std::string>& hold :
       {std::vector<std::string>{}, std::vector<std::string>{"--max-document-bytes", "64K"}}) {
    std::vector<std::string> args = {"convert", "--to", "request"};
    args.insert(args.end(), hold.begin(), hold.end());
    SCOPED_TRACE(hold.empty() ? "held whole" : "provisional");
    const run_result r = run(args, big.json);
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.err, "");
    EXPECT_TRUE(r.out == big.request) << r.out.size() << " bytes, not " << big.request.size();

    const std::string broken = big.json.substr(0, big.json.size() - 1) + ",]";
    const run_result b = run(args, broken);
    EXPECT_EQ(b.status, 1);
    EXPECT_EQ(b.out, "");
    EXPECT_EQ(b.err, "<stdin>:" + std::to_string(broken.size() - 1) +
                         ": /12000: syntax/unexpected_character: \"]\" where a value belongs\n");

    std::vector<std::string> check_args = {"check", "--format", "ndjson", "--min-rsa-bits", "0"};
    check_args.insert(check_args.end(), hold.begin(), hold.end());
    check_args.push_back(path);
    const run_result c = run(check_args);
    EXPECT_EQ(c.status, 1);
    const std::vector<std::string> findings = lines_of(c.out);
    ASSERT_EQ(findings.size(), 1u + 12000u * 3u);  // max-keys, then alg, policy, minimal n
    EXPECT_EQ(findings[0],
              "{\"type\":\"finding\",\"source\":\"" + path +
                  R"(","document":0,"rule":"max-keys","severity":"error","offset":0,"path":"",)"
                  R"("message":"the set has 12000 keys; at most 50 allowed"})");
    EXPECT_NE(findings.back().find("\"path\":\"/11999\",\"kid\":\"r-k11999\""), std::string::npos)
        << findings.back();

    check_args.back() = file("broken.json", broken);
    const run_result cb = run(check_args);
    EXPECT_EQ(cb.status, 1);
    EXPECT_EQ(
        cb.out,
        "{\"type\":\"finding\",\"source\":\"" + check_args.back() +
            R"(","document":0,"rule":"parse","severity":"error","offset":)" +
            std::to_string(broken.size() - 1) +
            R"(,"path":"/12000","message":"syntax/unexpected_character: \"]\" where a value belongs"})"
            "\n");
  }
}

// JSON Lines whose records cross the 1 MiB reads.
TEST_F(Cli, NdjsonRecordsAcrossReads) {
  std::string lines;
  std::string written;
  for (std::size_t i = 0; i < 12000; ++i) {
    const std::string id = 'n' + std::to_string(i);
    lines += rsa_key(id) + "\n";
    written += R"({"keys":[{"kty":"RSA","kid":"r-)" + id +
               R"(","n":"AIAAAQ","e":"AQAB"}]})"
               "\n";
  }
  ASSERT_GT(lines.size(), std::size_t{1} << 20);
  const std::string path = file("many.ndjson", lines);
  const run_result r = run({"convert", "--to", "jwks", path});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(r.out == written) << lines_of(r.out).size() << " lines";
  const run_result in = run({"convert", "--to", "jwks", "--input", "ndjson"}, lines);
  EXPECT_TRUE(in.out == written) << lines_of(in.out).size() << " lines";
}

#if defined(JWKVIEW_HAVE_OPENSSL)
// ---------------------------------------------------------------------------
// jwkview thumbprint and pem

TEST_F(Cli, ThumbprintsOfTheExampleSetAreItsKids) {
  // make-examples.sh sets each kid of jwks.json to the key's RFC 7638
  // thumbprint, computed there with Python's hashlib.
  const std::string examples = examples_dir();
  if (examples.empty()) GTEST_SKIP() << "JWKVIEW_EXAMPLES is not set";
  const run_result r = run({"thumbprint", examples + "/jwks.json"});
  EXPECT_EQ(r.status, 0) << r.err;
  const std::vector<std::string> lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 6u);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::istringstream fields(lines[i]);
    std::string label, kid, tp;
    fields >> label >> kid >> tp;
    EXPECT_EQ(label, examples + "/jwks.json:/keys/" + std::to_string(i));
    EXPECT_EQ(kid, tp);
    EXPECT_EQ(tp.size(), 43u);
  }
  const run_result uri = run({"thumbprint", "--uri", examples + "/jwks.json"});
  EXPECT_NE(uri.out.find(" urn:ietf:params:oauth:jwk-thumbprint:sha-256:"), std::string::npos);
  // The Okta listing parses under rfc7517 too; a key without kid shows "-".
  const run_result single = run(
      {"thumbprint",
       file("k.json",
            R"({"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})")});
  EXPECT_EQ(single.out,
            (dir_ / "k.json").string() + ":(root) - kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k\n");
}

TEST_F(Cli, PemOfEveryKey) {
  const std::string examples = examples_dir();
  if (examples.empty()) GTEST_SKIP() << "JWKVIEW_EXAMPLES is not set";
  const run_result r = run({"pem", "--profile", "okta", examples + "/okta-listing.json"});
  EXPECT_EQ(r.status, 0) << r.err;
  const std::vector<std::string> lines = lines_of(r.out);
  std::size_t begins = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i] == "-----BEGIN PUBLIC KEY-----") {
      ++begins;
      ASSERT_GT(i, 0u);
      EXPECT_EQ(lines[i - 1].rfind("# " + examples + "/okta-listing.json:/jwks/keys/", 0), 0u);
    }
  }
  EXPECT_EQ(begins, 9u);
  // A point off the curve is reported, the rest still printed.
  std::string off(ec_y);
  off[5] = off[5] == 'A' ? 'B' : 'A';
  std::string bad = ec_key("e", "\"bad\"");
  bad.replace(bad.find(ec_y), ec_y.size(), off);
  const run_result mixed =
      run({"pem", file("mixed.json", "[" + bad + "," + ec_key("g", "\"good\"") + "]")});
  EXPECT_EQ(mixed.status, 1);
  EXPECT_EQ(mixed.err, (dir_ / "mixed.json").string() + ":/0: point_not_on_curve\n");
  EXPECT_EQ(mixed.out.rfind("# " + (dir_ / "mixed.json").string() + ":/1 kid=good\n", 0), 0u);
  EXPECT_NE(run({"help", "pem"}).out.find("BEGIN"), std::string::npos);
}

// Each document of a JSON Lines input names its keys by its own shape.
TEST_F(Cli, ThumbprintAndPemReadNdjsonAndStandardInput) {
  const std::string ed =
      R"({"kty":"OKP","crv":"Ed25519","kid":"ed","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})";
  const std::string lines =
      "{\"keys\":[" + ed + "]}\n[" + ed + "]\n" + ed + "\n{\"jwks\":{\"keys\":[" + ed + "]}}\n";
  const auto thumbprints = [](const std::string& source) {
    std::string out;
    for (const char* at : {"#0:/keys/0", "#1:/0", "#2:(root)", "#3:/jwks/keys/0"}) {
      out += source + at + " ed kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k\n";
    }
    return out;
  };
  const std::string path = file("ed.ndjson", lines);
  const run_result r = run({"thumbprint", path});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, thumbprints(path));
  const run_result in = run({"thumbprint", "--input", "ndjson", "-"}, lines);
  EXPECT_EQ(in.status, 0) << in.err;
  EXPECT_EQ(in.out, thumbprints("<stdin>"));
  const run_result one = run({"thumbprint", "-"}, "[" + ed + "]");
  EXPECT_EQ(one.out, "<stdin>:/0 ed kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k\n");

  const run_result pem = run({"pem", "--input=ndjson", "-"}, lines);
  EXPECT_EQ(pem.status, 0) << pem.err;
  const std::vector<std::string> pem_lines = lines_of(pem.out);
  ASSERT_EQ(pem_lines.size(), 4u * 4u) << pem.out;  // comment, BEGIN, one line of base64, END
  for (std::size_t d = 0; d < 4; ++d) {
    EXPECT_EQ(pem_lines[d * 4].rfind("# <stdin>#" + std::to_string(d) + ":", 0), 0u);
    EXPECT_EQ(pem_lines[d * 4].substr(pem_lines[d * 4].size() - 7), " kid=ed");
    EXPECT_EQ(pem_lines[d * 4 + 1], "-----BEGIN PUBLIC KEY-----");
    EXPECT_EQ(pem_lines[d * 4 + 2], pem_lines[2]);
  }
  // verify reads one JWKS whole: it takes no input options.
  const run_result v = run({"verify", "--input", "ndjson", "--jwks", path, "token"});
  EXPECT_EQ(v.status, 2);
  EXPECT_EQ(v.err, "jwkview verify: unknown option '--input'\nTry 'jwkview help verify'.\n");
}

// ---------------------------------------------------------------------------
// jwkview verify: real keys from libcrypto (token_factory.hpp), tokens signed
// with EVP_DigestSign, checked by the binary.

class Verify : public Cli {
 protected:
  static void SetUpTestSuite() {
    rsa_ = new jwkview::test::signing_key(jwkview::test::make_rsa_key("rsa-1", 2048));
    small_ = new jwkview::test::signing_key(jwkview::test::make_rsa_key("small", 1024));
    ec_ = new jwkview::test::signing_key(jwkview::test::make_ec_key("ec-1", "P-256"));
  }
  static void TearDownTestSuite() {
    delete rsa_;
    delete small_;
    delete ec_;
  }

  /// The public JWK of `k`'s key pair under another kid, with `extra` members.
  static std::string jwk_as(const jwkview::test::signing_key& k, std::string_view kid,
                            std::string_view extra) {
    std::string jwk = k.jwk;
    const std::string old_kid = "\"kid\":\"" + k.kid + "\"";
    jwk.replace(jwk.find(old_kid), old_kid.size(), "\"kid\":\"" + std::string(kid) + "\"");
    jwk.insert(jwk.size() - 1, extra);
    return jwk;
  }

  /// A JWKS of the RSA key (rsa-1), the EC key (ec-1) and `more` JWKs.
  std::string jwks(const std::vector<std::string>& more = {}) {
    std::string s = R"({"keys":[)" + rsa_->jwk + "," + ec_->jwk;
    for (const std::string& j : more) s += "," + j;
    return file("jwks.json", s + "]}");
  }

  /// A token signed by `k` under `alg`, with the header's kid `kid`.
  static std::string token(const jwkview::test::signing_key& k, std::string_view alg,
                           std::string_view kid, std::string_view claims = standard_claims,
                           std::string_view header_extra = {}) {
    const std::string header = R"({"alg":")" + std::string(alg) + R"(","kid":")" +
                               std::string(kid) + R"(","typ":"JWT")" + std::string(header_extra) +
                               "}";
    return jwkview::test::sign_token(k, alg, header, claims);
  }

  static constexpr std::string_view standard_claims =
      R"({"iss":"https://id.example","sub":"alice","aud":["api","web"],"exp":2000000000,)"
      R"("iat":1999990000,"scope":"read write","cnf":{"jkt":"x"}})";

  static jwkview::test::signing_key* rsa_;
  static jwkview::test::signing_key* small_;
  static jwkview::test::signing_key* ec_;
};

jwkview::test::signing_key* Verify::rsa_ = nullptr;
jwkview::test::signing_key* Verify::small_ = nullptr;
jwkview::test::signing_key* Verify::ec_ = nullptr;

TEST_F(Verify, AcceptedTokenPrintsHeaderAndClaims) {
  const std::string set = jwks();
  const std::string t = token(*rsa_, "RS256", "rsa-1");
  const run_result r = run({"verify", "--jwks", set, "--iss", "https://id.example", "--aud",
                            "other", "--aud", "web", "--now", "1999999000", t});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out,
            "PART    NAME   VALUE\n"
            "key     path   /keys/0\n"
            "header  alg    RS256\n"
            "header  kid    rsa-1\n"
            "header  typ    JWT\n"
            "claims  iss    https://id.example\n"
            "claims  sub    alice\n"
            "claims  aud    [\"api\",\"web\"]\n"
            "claims  exp    2000000000\n"
            "claims  iat    1999990000\n"
            "claims  scope  read write\n"
            "claims  cnf    {\"jkt\":\"x\"}\n");

  const run_result nd = run({"verify", "--format", "ndjson", "--jwks", set, "--now", "1999999000",
                             token(*ec_, "ES256", "ec-1")});
  EXPECT_EQ(nd.status, 0) << nd.err;
  EXPECT_EQ(
      nd.out,
      R"({"type":"verified","alg":"ES256","kid":"ec-1","key":"/keys/1",)"
      R"("header":{"alg":"ES256","kid":"ec-1","typ":"JWT"},"claims":{"iss":"https://id.example",)"
      R"("sub":"alice","aud":["api","web"],"exp":2000000000,"iat":1999990000,)"
      R"("scope":"read write","cnf":{"jkt":"x"}}})"
      "\n");
}

TEST_F(Verify, ExpiredAtExpPlusLeeway) {
  const std::string set = jwks();
  const std::string t = token(*rsa_, "RS256", "rsa-1");
  EXPECT_EQ(run({"verify", "--jwks", set, "--now", "2000000059", t}).status, 0);
  const run_result r = run({"verify", "--jwks", set, "--now", "2000000060", t});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "refused: /claims/exp: crypto/token_expired: the token expired at 2000000000 (exp); it "
            "is now 2000000060, with 60 s of leeway\n");
  EXPECT_EQ(run({"verify", "--jwks", set, "--now", "2000000000", "--leeway", "0", t}).status, 1);
  const run_result nd =
      run({"verify", "--format", "ndjson", "--jwks", set, "--now", "2000000060", t});
  EXPECT_EQ(nd.status, 1);
  EXPECT_NE(nd.out.find(R"("code":"token_expired","path":"/claims/exp")"), std::string::npos)
      << nd.out;
}

TEST_F(Verify, WrongIssuerAudienceTypeAndMissingClaim) {
  const std::string set = jwks();
  const std::string t = token(*rsa_, "RS256", "rsa-1");
  const auto verify = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = {"verify", "--jwks", set, "--now", "1999999000"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(t);
    return run(args);
  };
  const run_result iss = verify({"--iss", "https://evil.example"});
  EXPECT_EQ(iss.status, 1);
  EXPECT_EQ(iss.err.rfind("refused: /claims/iss: crypto/wrong_issuer: iss is ", 0), 0u) << iss.err;
  const run_result aud = verify({"--aud", "billing", "--aud", "orders"});
  EXPECT_EQ(aud.status, 1);
  EXPECT_EQ(aud.err.rfind("refused: /claims/aud: crypto/wrong_audience: ", 0), 0u) << aud.err;
  const run_result typ = verify({"--typ", "at+jwt"});
  EXPECT_EQ(typ.status, 1);
  EXPECT_EQ(typ.err.rfind("refused: /header/typ: crypto/wrong_token_type: ", 0), 0u) << typ.err;
  EXPECT_EQ(verify({"--typ", "application/jwt"}).status, 0);
  const run_result claim = verify({"--require", "sub", "--require", "tenant"});
  EXPECT_EQ(claim.status, 1);
  EXPECT_EQ(claim.err.rfind("refused: /claims/tenant: crypto/missing_claim: ", 0), 0u) << claim.err;
}

TEST_F(Verify, TamperedSignatureAndForgedClaims) {
  const std::string set = jwks();
  std::string t = token(*rsa_, "RS256", "rsa-1");
  const std::size_t dot = t.rfind('.');
  t[dot + 10] = t[dot + 10] == 'A' ? 'B' : 'A';
  const run_result r = run({"verify", "--jwks", set, "--now", "1999999000", t});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err.rfind("refused: (token): crypto/bad_signature: ", 0), 0u) << r.err;
  // The signature of other claims.
  const std::string good = token(*rsa_, "RS256", "rsa-1");
  const std::string other = token(*rsa_, "RS256", "rsa-1", R"({"sub":"root","exp":2000000000})");
  const std::string forged = good.substr(0, good.rfind('.')) + other.substr(other.rfind('.'));
  const run_result f = run({"verify", "--jwks", set, "--now", "1999999000", forged});
  EXPECT_EQ(f.status, 1);
  EXPECT_NE(f.err.find("bad_signature"), std::string::npos) << f.err;
}

TEST_F(Verify, PolicyRefusesSmallRsaEncryptionAndInactiveKeys) {
  const std::string set =
      jwks({small_->jwk, jwk_as(*rsa_, "enc-1", R"(,"use":"enc")"),
            jwk_as(*rsa_, "okta-old", R"(,"id":"pks1a2b3c4","status":"INACTIVE","alg":"RS256")")});
  // Each refused key is a note on stderr, with its rule.
  const run_result ok =
      run({"verify", "--jwks", set, "--now", "1999999000", token(*rsa_, "RS256", "rsa-1")});
  EXPECT_EQ(ok.status, 0) << ok.err;
  const std::vector<std::string> notes = lines_of(ok.err);
  ASSERT_EQ(notes.size(), 3u) << ok.err;
  EXPECT_EQ(notes[0].rfind(set + ":", 0), 0u);
  EXPECT_NE(notes[0].find(": /keys/2: note: key_refused/rsa_too_small: kid small: "),
            std::string::npos)
      << notes[0];
  EXPECT_NE(notes[1].find(": /keys/3: note: key_refused/wrong_use: kid enc-1: "), std::string::npos)
      << notes[1];
  EXPECT_NE(notes[2].find(": /keys/4: note: key_refused/inactive: kid okta-old: "),
            std::string::npos)
      << notes[2];

  const std::vector<std::pair<std::string, std::string>> cases = {
      {token(*small_, "RS256", "small"), "rsa_too_small"},
      {token(*rsa_, "RS256", "enc-1"), "wrong_use"},
      {token(*rsa_, "RS256", "okta-old"), "inactive"},
  };
  for (const auto& [t, rule] : cases) {
    SCOPED_TRACE(rule);
    const run_result r = run({"verify", "--jwks", set, "--now", "1999999000", t});
    EXPECT_EQ(r.status, 1);
    const std::string refusal = lines_of(r.err).back();
    EXPECT_EQ(refusal.rfind("refused: /header/kid: crypto/key_refused: ", 0), 0u) << refusal;
    EXPECT_NE(refusal.find("rule " + rule), std::string::npos) << refusal;
    const run_result nd =
        run({"verify", "--format", "ndjson", "--jwks", set, "--now", "1999999000", t});
    EXPECT_EQ(nd.status, 1);
    EXPECT_NE(nd.out.find(R"("code":"key_refused","rule":")" + rule + "\""), std::string::npos)
        << nd.out;
  }
}

TEST_F(Verify, HeadersThatChangeTheSignaturesMeaningAreRefused) {
  const std::string set = jwks();
  const run_result b64 = run({"verify", "--jwks", set, "--now", "1999999000",
                              token(*rsa_, "RS256", "rsa-1", standard_claims, R"(,"b64":false)")});
  EXPECT_EQ(b64.status, 1);
  EXPECT_EQ(b64.err.rfind("refused: /header/b64: crypto/unsupported_header: ", 0), 0u) << b64.err;
  const run_result dup =
      run({"verify", "--jwks", set, "--now", "1999999000",
           token(*rsa_, "RS256", "rsa-1", R"({"exp":2000000000,"sub":"a","\u0073ub":"root"})")});
  EXPECT_EQ(dup.status, 1);
  EXPECT_EQ(dup.err.rfind("refused: /claims/sub: schema/duplicate_member: ", 0), 0u) << dup.err;
  const run_result unknown =
      run({"verify", "--jwks", set, "--now", "1999999000", token(*rsa_, "RS256", "nobody")});
  EXPECT_EQ(unknown.status, 1);
  EXPECT_EQ(unknown.err.rfind("refused: /header/kid: crypto/unknown_key: ", 0), 0u) << unknown.err;
}

TEST_F(Verify, TokenFromStandardInput) {
  const std::string set = jwks();
  const std::string t = token(*ec_, "ES256", "ec-1");
  const run_result r = run({"verify", "--jwks", set, "--now", "1999999000", "-"}, t + "\r\n");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("header  alg    ES256\n"), std::string::npos) << r.out;
  // The JWKS from standard input instead.
  const run_result s = run({"verify", "--jwks", "-", "--now", "1999999000", t}, read_file(set));
  EXPECT_EQ(s.status, 0) << s.err;
  const run_result expired = run({"verify", "--jwks", set, "--now", "2100000000", "-"}, t + "\n");
  EXPECT_EQ(expired.status, 1);
  EXPECT_NE(expired.err.find("token_expired"), std::string::npos);
}

TEST_F(Verify, ParsingOptionsApplyToTheSet) {
  // The okta profile requires "id": rsa-1 is dropped (a note), so its token
  // finds no key.
  const std::string set = jwks();
  const std::string t = token(*rsa_, "RS256", "rsa-1");
  const run_result r =
      run({"verify", "--profile", "okta", "--jwks", set, "--now", "1999999000", t});
  EXPECT_EQ(r.status, 1);
  const std::vector<std::string> lines = lines_of(r.err);
  ASSERT_EQ(lines.size(), 3u) << r.err;
  EXPECT_NE(lines[0].find(": /keys/0/id: note: missing_member: "), std::string::npos) << lines[0];
  EXPECT_EQ(lines[2].rfind("refused: /header/kid: crypto/unknown_key: ", 0), 0u) << lines[2];
}

TEST_F(Verify, UsageAndIoErrors) {
  const std::string set = jwks();
  const std::string t = token(*rsa_, "RS256", "rsa-1");
  expect_usage_errors({
      {"verify", t},
      {"verify", "--jwks", set},
      {"verify", "--jwks", set, t, t},
      {"verify", "--jwks", set, "--now", "soon", t},
      {"verify", "--jwks", set, "--leeway", "-1", t},
      {"verify", "--jwks", set, "--format", "json", t},
      {"verify", "--jwks", set, "--aud", "", t},
      {"verify", "--jwks", "-", "-"},
      {"verify", "--jwks", set, "--profile", "google", t},
      {"verify", "--jwks", set, "--frobnicate", t},
  });
  const run_result missing = run({"verify", "--jwks", (dir_ / "none.json").string(), t});
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("io/not_found"), std::string::npos);
  const run_result broken = run({"verify", "--jwks", file("broken.json", "{\"keys\":[}"), t});
  EXPECT_EQ(broken.status, 2);
  EXPECT_NE(broken.err.find("broken.json:"), std::string::npos) << broken.err;
  const run_result help = run({"help", "verify"});
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.out.find("--jwks FILE"), std::string::npos);
  EXPECT_NE(help.out.find("--profile"), std::string::npos);
  EXPECT_NE(run({"--help"}).out.find("verify --jwks FILE"), std::string::npos);
}
#endif

}  // namespace

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s PATH_TO_JWKVIEW [gtest options]\n", argv[0]);
    return 2;
  }
  g_binary = std::filesystem::absolute(argv[1]).string();  // tests may change folder
  return RUN_ALL_TESTS();
}
