// jwkview: the command-line tool. `jwkview --help` for usage.
#include <cstdio>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "check.hpp"
#include "command_args.hpp"
#include "convert.hpp"
#include "exit_status.hpp"
#include "help_text.hpp"
#include "listing_options.hpp"
#include "scan.hpp"
#include "scan_options.hpp"
#if defined(JWKVIEW_HAVE_OPENSSL)
#include "pem_command.hpp"
#include "thumbprint_command.hpp"
#include "verify_command.hpp"
#endif

namespace cli = jwkview_cli;

namespace {

int print(std::FILE* stream, std::string_view text, int status) {
  std::fwrite(text.data(), 1, text.size(), stream);
  return status;
}

int usage_error(std::string_view command, std::string_view message) {
  std::fprintf(stderr, "jwkview%s%.*s: %.*s\n", command.empty() ? "" : " ",
               static_cast<int>(command.size()), command.data(), static_cast<int>(message.size()),
               message.data());
  std::fprintf(stderr, "Try 'jwkview help%s%.*s'.\n", command.empty() ? "" : " ",
               static_cast<int>(command.size()), command.data());
  return cli::exit_usage;
}

/// A command: its own options, what it reads, its help and its runner.
struct subcommand {
  std::string_view name;
  std::span<const cli::option_spec> (*specs)() noexcept;
  /// Reads its FILE operands through jwkview::stream, so takes --input and
  /// --max-document-bytes (every command takes the parser's options).
  bool streams_files;
  bool files_required;  ///< else no FILE means standard input
  std::string_view (*help)() noexcept;
  int (*run)(const cli::command_args&, std::string&);
};

int run_command(const subcommand& c, int argc, char** argv) {
  std::vector<cli::option_spec> specs(c.specs().begin(), c.specs().end());
  const auto add = [&specs](std::span<const cli::option_spec> more) {
    specs.insert(specs.end(), more.begin(), more.end());
  };
  add(cli::parser_option_specs());
  if (c.streams_files) add(cli::input_option_specs());
  const cli::command_args args = cli::parse_command_args(argc, argv, 2, specs, c.files_required);
  if (!args.error.empty()) return usage_error(c.name, args.error);
  if (args.help) return print(stdout, c.help(), cli::exit_ok);
  std::string usage;
  const int status = c.run(args, usage);
  return usage.empty() ? status : usage_error(c.name, usage);
}

const subcommand subcommands[] = {
    {"scan", &cli::scan_option_specs, true, true, &cli::scan_help, &cli::run_scan},
    {"convert", &cli::convert_option_specs, true, false, &cli::convert_help, &cli::run_convert},
    {"check", &cli::check_option_specs, true, true, &cli::check_help, &cli::run_check},
#if defined(JWKVIEW_HAVE_OPENSSL)
    {"thumbprint", &cli::thumbprint_option_specs, true, true, &cli::thumbprint_help,
     &cli::run_thumbprint},
    {"pem", &cli::pem_option_specs, true, true, &cli::pem_help, &cli::run_pem},
    {"verify", &cli::verify_option_specs, false, true, &cli::verify_help, &cli::run_verify},
#endif
};

}  // namespace

int main(int argc, char** argv) {
  using namespace cli;
  if (argc < 2) return print(stderr, main_help(), exit_usage);

  const std::string_view command = argv[1];
  if (command == "-h" || command == "--help") return print(stdout, main_help(), exit_ok);
  if (command == "--version") return print(stdout, version_text(), exit_ok);
  if (command == "help") {
    if (argc == 2) return print(stdout, main_help(), exit_ok);
    const std::string_view topic = argv[2];
    if (argc == 3 && topic == "help") return print(stdout, main_help(), exit_ok);
    for (const subcommand& c : subcommands) {
      if (argc == 3 && topic == c.name) return print(stdout, c.help(), exit_ok);
    }
    return usage_error("", argc == 3 ? "no help for '" + std::string(topic) + "'"
                                     : std::string("help takes at most one command"));
  }
  for (const subcommand& c : subcommands) {
    if (command == c.name) return run_command(c, argc, argv);
  }
#if !defined(JWKVIEW_HAVE_OPENSSL)
  if (command == "thumbprint" || command == "pem" || command == "verify") {
    return usage_error(command, "this jwkview was built without OpenSSL (meson -Dopenssl=enabled)");
  }
#endif
  if (!command.empty() && command[0] == '-') {
    return usage_error("", "unknown option '" + std::string(command) + "'");
  }
  return usage_error("", "unknown command '" + std::string(command) + "'");
}
