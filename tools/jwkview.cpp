// jwkview: the command-line tool. `jwkview --help` for usage.
#include <cstdio>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "check.hpp"
#include "cli_options.hpp"
#include "command_args.hpp"
#include "convert.hpp"
#include "help_text.hpp"
#include "scan.hpp"
#if defined(JWKVIEW_HAVE_OPENSSL)
#include "pem_command.hpp"
#include "thumbprint_command.hpp"
#include "verify_command.hpp"
#endif

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
  return jwkview_cli::exit_usage;
}

/// A command that takes command_args: its option specs, help and runner.
struct subcommand {
  std::string_view name;
  std::span<const jwkview_cli::option_spec> (*specs)() noexcept;
  std::string_view (*help)() noexcept;
  int (*run)(const jwkview_cli::command_args&, std::string&);
};

int run_command(const subcommand& c, int argc, char** argv) {
  std::vector<jwkview_cli::option_spec> specs(c.specs().begin(), c.specs().end());
  const auto parsing = jwkview_cli::parser_option_specs();
  specs.insert(specs.end(), parsing.begin(), parsing.end());
  const jwkview_cli::command_args args = jwkview_cli::parse_command_args(argc, argv, 2, specs);
  if (!args.error.empty()) return usage_error(c.name, args.error);
  if (args.help) return print(stdout, c.help(), jwkview_cli::exit_ok);
  std::string usage;
  const int status = c.run(args, usage);
  return usage.empty() ? status : usage_error(c.name, usage);
}

const subcommand subcommands[] = {
    {"check", &jwkview_cli::check_option_specs, &jwkview_cli::check_help, &jwkview_cli::run_check},
#if defined(JWKVIEW_HAVE_OPENSSL)
    {"thumbprint", &jwkview_cli::thumbprint_option_specs, &jwkview_cli::thumbprint_help,
     &jwkview_cli::run_thumbprint},
    {"pem", &jwkview_cli::pem_option_specs, &jwkview_cli::pem_help, &jwkview_cli::run_pem},
    {"verify", &jwkview_cli::verify_option_specs, &jwkview_cli::verify_help,
     &jwkview_cli::run_verify},
#endif
};

}  // namespace

int main(int argc, char** argv) {
  using namespace jwkview_cli;
  if (argc < 2) return print(stderr, main_help(), exit_usage);

  const std::string_view command = argv[1];
  if (command == "-h" || command == "--help") return print(stdout, main_help(), exit_ok);
  if (command == "--version") return print(stdout, version_text(), exit_ok);
  if (command == "help") {
    if (argc == 2) return print(stdout, main_help(), exit_ok);
    const std::string_view topic = argv[2];
    if (argc == 3 && topic == "scan") return print(stdout, scan_help(), exit_ok);
    if (argc == 3 && topic == "convert") return print(stdout, convert_help(), exit_ok);
    if (argc == 3 && topic == "help") return print(stdout, main_help(), exit_ok);
    for (const subcommand& c : subcommands) {
      if (argc == 3 && topic == c.name) return print(stdout, c.help(), exit_ok);
    }
    return usage_error("", argc == 3 ? "no help for '" + std::string(topic) + "'"
                                     : std::string("help takes at most one command"));
  }
  if (command == "scan") {
    const parsed_scan_args args = parse_scan_args(argc, argv, 2);
    if (!args.error.empty()) return usage_error("scan", args.error);
    if (args.options.help) return print(stdout, scan_help(), exit_ok);
    return run_scan(args.options);
  }
  if (command == "convert") {
    const parsed_convert_args args = parse_convert_args(argc, argv, 2);
    if (!args.error.empty()) return usage_error("convert", args.error);
    if (args.options.help) return print(stdout, convert_help(), exit_ok);
    return run_convert(args.options);
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
