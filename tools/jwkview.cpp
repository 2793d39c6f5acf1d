// jwkview: the command-line tool. `jwkview --help` for usage.
#include <cstdio>
#include <string>
#include <string_view>

#include "cli_options.hpp"
#include "convert.hpp"
#include "help_text.hpp"
#include "scan.hpp"

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
  if (!command.empty() && command[0] == '-') {
    return usage_error("", "unknown option '" + std::string(command) + "'");
  }
  return usage_error("", "unknown command '" + std::string(command) + "'");
}
