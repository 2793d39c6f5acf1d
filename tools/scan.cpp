// jwkview command: `jwkview scan`.
//
// The command never looks at JSON itself. Every input is read in chunks and
// fed to a jwkview::stream, so memory stays flat however large the input.
// The work is cut into items: one per input, and for large NDJSON inputs one
// per range of whole lines. Worker threads scan items in parallel; the main
// thread prints their results strictly in order (by input, then position)
// and draws the progress line.
//
// A JSON Lines stream ends every document at its line's end, so a stream
// that starts at a line start is in the state a whole-file stream has
// there: each range reports exactly what one scan of the whole file reports
// for those lines, with document numbers shifted by the ranges before it.
// The output never depends on --jobs.
#include "scan.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "error_record.hpp"
#include "exit_status.hpp"
#include "input_source.hpp"
#include "jwkview/jwkview.hpp"
#include "key_summary.hpp"
#include "ndjson_output.hpp"
#include "progress_meter.hpp"
#include "scan_options.hpp"
#include "scan_summary.hpp"
#include "stream_pool.hpp"
#include "table_output.hpp"

namespace jwkview_cli {
namespace {

constexpr std::uint64_t range_bytes = std::uint64_t{8} << 20;
constexpr std::size_t batch_events = 1024;
constexpr std::size_t max_buffered_events = 64 * batch_events;  // per item not yet printed

void write_out(std::FILE* stream, const std::string& text) {
  if (!text.empty()) std::fwrite(text.data(), 1, text.size(), stream);
}

/// One key or error, as reported by an item's stream.
struct scan_event {
  std::size_t document = 0;  // counted within its item
  bool is_key = false;
  bool provisional = false;  // of a key: see jwkview::stream_place
  key_summary key;
  error_record error;
};

struct input_plan {
  std::string name;
  std::string source;  // as printed: "<stdin>" for "-"
  bool ndjson = false;
};

struct work_item {
  std::size_t input = 0;
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
  bool last_of_input = true;
};

/// What a worker hands the printer; guarded by scan_run::mutex_.
struct item_result {
  std::deque<std::vector<scan_event>> batches;
  std::size_t buffered = 0;
  bool done = false;
  std::size_t documents = 0;
  bool io_failed = false;
  scan_summary summary;
};

class scan_run {
 public:
  explicit scan_run(const scan_options& opts) : opts_(opts) {
    for (const std::string& file : opts.files) {
      inputs_.push_back({file, file == "-" ? std::string("<stdin>") : file,
                         format_of(opts.listing.input, file) == jwkview::input_format::json_lines});
      if (inputs_.back().ndjson) with_source_ = true;
    }
    with_source_ = with_source_ || inputs_.size() > 1;
    stream_options_.parse = opts.listing.parse;
    jobs_ = opts.jobs != 0 ? opts.jobs : std::max(1U, std::thread::hardware_concurrency());
    table_ = key_table(with_source_);
  }

  int run() {
    const auto start = std::chrono::steady_clock::now();
    const std::uint64_t total = plan();
    const bool always = opts_.progress == progress_mode::always;
    const bool show_progress = always || (opts_.progress == progress_mode::automatic &&
                                          !opts_.quiet && isatty(STDERR_FILENO) != 0);
    // Short runs draw nothing unless asked to.
    progress_meter progress(show_progress,
                            always ? std::chrono::milliseconds(0) : std::chrono::seconds(1), total,
                            stderr);

    results_ = std::vector<item_result>(items_.size());
    std::vector<std::thread> workers;
    const std::size_t threads =
        std::min<std::size_t>(jobs_, std::max<std::size_t>(items_.size(), 1));
    for (std::size_t t = 0; t < threads; ++t) workers.emplace_back([this] { work(); });

    std::vector<std::size_t> documents_before(inputs_.size(), 0);
    scan_summary summary;
    for (std::size_t i = 0; i < items_.size(); ++i) {
      print_item(i, documents_before[items_[i].input], progress, summary);
      const item_result& r = results_[i];
      documents_before[items_[i].input] += r.documents;
    }
    for (std::thread& w : workers) w.join();
    progress.finish();

    write_out(stdout, table_.take_block());
    if (opts_.summary) {
      summary.files = inputs_.size();
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      write_out(stdout, opts_.format == output_format::ndjson ? summary_ndjson(summary, seconds)
                                                              : summary_text(summary, seconds));
    }
    if (std::fflush(stdout) != 0 || std::ferror(stdout) != 0) {
      std::fprintf(stderr, "jwkview: cannot write the output: %s\n", std::strerror(errno));
      return exit_usage;
    }
    if (io_failure_) return exit_usage;
    return summary.errors != 0 ? exit_errors : exit_ok;
  }

 private:
  // Cuts large NDJSON files into ranges of whole lines; returns the total
  // size, or 0 when an input's size is unknown.
  std::uint64_t plan() {
    std::uint64_t total = 0;
    bool known = true;
    for (std::size_t i = 0; i < inputs_.size(); ++i) {
      const input_source in(inputs_[i].name);
      if (in.error() != 0 || !in.seekable()) {
        known = known && in.error() != 0;
        items_.push_back({i, 0, 0, true});
        continue;
      }
      total += in.size();
      std::vector<std::uint64_t> cuts{0, in.size()};
      if (jobs_ > 1 && inputs_[i].ndjson && in.size() >= 2 * range_bytes) {
        cuts = line_boundaries(in, range_bytes);
      }
      for (std::size_t c = 0; c + 1 < cuts.size(); ++c) {
        items_.push_back({i, cuts[c], cuts[c + 1], c + 2 == cuts.size()});
      }
    }
    return known ? total : 0;
  }

  // --- workers ------------------------------------------------------------

  void work() {
    std::vector<char> buffer(read_chunk_bytes);
    stream_pool streams(stream_options_);
    for (;;) {
      const std::size_t i = next_item_.fetch_add(1);
      if (i >= items_.size()) return;
      {
        // Stay close to the printer: finished results wait in memory.
        std::unique_lock lock(mutex_);
        worker_cv_.wait(lock, [&] { return i <= printing_ + jobs_ + 1; });
      }
      scan_item(i, buffer, streams);
    }
  }

  // Collects a stream's events into batches for the printer.
  struct collector {
    scan_run& run;
    std::size_t item;
    std::vector<scan_event> events;
    scan_summary summary;
    std::size_t keys_counted = 0;  // of summary.keys, already added to keys_done_

    void count_progress() {
      run.keys_done_ += summary.keys - keys_counted;
      keys_counted = summary.keys;
    }

    void on_key(const jwkview::key& k, const jwkview::stream_place& at) {
      summary.add_key(k);
      if (run.opts_.summary) return;
      scan_event& e = events.emplace_back();
      e.document = at.document;
      e.is_key = true;
      e.provisional = at.provisional;
      e.key = summarize(k, 0);
      if (events.size() >= batch_events) run.hand_over(item, events, false);
    }
    void on_warning(const jwkview::error& w, const jwkview::stream_place& at) {
      ++summary.warnings;
      if (run.opts_.summary) return;
      scan_event& e = events.emplace_back();
      e.document = at.document;
      e.error = from_library(w, 0);
      if (events.size() >= batch_events) run.hand_over(item, events, false);
    }
    void on_error(const jwkview::error& err, const jwkview::stream_place& at) {
      scan_event& e = events.emplace_back();
      e.document = at.document;
      e.error = from_library(err, 0);
      e.error.ends_document = at.ends_document;
      e.error.keys_before = at.keys_before;
      e.error.provisional = at.provisional;
      summary.add_error(e.error.cls, e.error.code);
      if (events.size() >= batch_events) run.hand_over(item, events, false);
    }
  };

  void scan_item(std::size_t i, std::vector<char>& buffer, stream_pool& streams) {
    const work_item& item = items_[i];
    collector out{*this, i, {}, {}, 0};
    const input_source in(inputs_[item.input].name);
    bool io_failed = false;
    std::size_t documents = 0;
    if (in.error() != 0) {
      io_failed = true;
      scan_event& e = out.events.emplace_back();
      e.error = io_error(in.error());
      out.summary.add_error(e.error.cls, e.error.code);
    } else {
      const jwkview::input_format format = inputs_[item.input].ndjson
                                               ? jwkview::input_format::json_lines
                                               : jwkview::input_format::single_document;
      jwkview::stream& stream = streams.for_input(format, item.begin, item.begin == 0);
      const stream_read fed = read_into(
          in, item.begin, item.end, item.last_of_input, buffer, stream, format,
          stream_options_.parse.limits.max_document_bytes, out, [&](std::string_view bytes) {
            bytes_done_ += bytes.size();
            out.count_progress();
          });
      const input_source::chunks_read read = fed.read;
      if (read.error != 0) {
        io_failed = true;
        scan_event& e = out.events.emplace_back();
        e.error = io_error(read.error);
        e.error.offset = read.end;
        out.summary.add_error(e.error.cls, e.error.code);
      }
      if (!io_failed && item.last_of_input && !fed.finished) (void)stream.finish(out);
      documents = stream.counts().documents;
      out.summary.bytes = read.end - item.begin;
      out.count_progress();
    }
    hand_over(i, out.events, true);
    std::lock_guard lock(mutex_);
    item_result& r = results_[i];
    r.documents = documents;
    r.io_failed = io_failed;
    r.summary = std::move(out.summary);
    r.done = true;
    printer_cv_.notify_one();
  }

  // Gives a batch to the printer, waiting while too much waits unprinted.
  void hand_over(std::size_t i, std::vector<scan_event>& events, bool last) {
    std::unique_lock lock(mutex_);
    worker_cv_.wait(
        lock, [&] { return last || i == printing_ || results_[i].buffered < max_buffered_events; });
    if (!events.empty()) {
      results_[i].buffered += events.size();
      results_[i].batches.push_back(std::move(events));
      events.clear();
    }
    printer_cv_.notify_one();
  }

  // --- printing -----------------------------------------------------------

  void print_item(std::size_t i, std::size_t documents_before, progress_meter& progress,
                  scan_summary& summary) {
    {
      std::lock_guard lock(mutex_);
      printing_ = i;
    }
    worker_cv_.notify_all();
    const work_item& item = items_[i];
    for (;;) {
      std::deque<std::vector<scan_event>> batches;
      bool done;
      {
        std::unique_lock lock(mutex_);
        printer_cv_.wait_for(lock, std::chrono::milliseconds(100),
                             [&] { return results_[i].done || !results_[i].batches.empty(); });
        batches.swap(results_[i].batches);
        results_[i].buffered = 0;
        done = results_[i].done;
      }
      worker_cv_.notify_all();
      for (const std::vector<scan_event>& batch : batches) print(item, documents_before, batch);
      progress.update(bytes_done_.load(), keys_done_.load());
      if (done) break;
    }
    const item_result& r = results_[i];
    summary.merge(r.summary);
    summary.documents += r.documents;
    io_failure_ = io_failure_ || r.io_failed;
  }

  void print(const work_item& item, std::size_t documents_before,
             const std::vector<scan_event>& events) {
    const input_plan& input = inputs_[item.input];
    std::string text;
    for (const scan_event& e : events) {
      const std::size_t document = documents_before + e.document;
      if (opts_.format == output_format::ndjson) {
        if (e.is_key) {
          append_key_line(text, input.source, document, e.key, e.provisional);
        } else {
          append_error_line(text, input.source, document, e.error);
        }
      } else if (e.is_key) {
        table_.add(input.ndjson || document != 0 ? input.source + "#" + std::to_string(document)
                                                 : input.source,
                   e.key);
        if (table_.block_due()) write_out(stdout, table_.take_block());
      } else {
        write_out(stderr, error_line(input.source, e.error));
      }
    }
    write_out(stdout, text);
  }

  const scan_options& opts_;
  std::vector<input_plan> inputs_;
  std::vector<work_item> items_;
  jwkview::stream_options stream_options_;
  unsigned jobs_ = 1;
  bool with_source_ = false;
  key_table table_{false};

  std::mutex mutex_;
  std::condition_variable printer_cv_;
  std::condition_variable worker_cv_;
  std::vector<item_result> results_;
  std::size_t printing_ = 0;
  std::atomic<std::size_t> next_item_{0};
  std::atomic<std::uint64_t> bytes_done_{0};
  std::atomic<std::size_t> keys_done_{0};
  bool io_failure_ = false;
};

}  // namespace

int run_scan(const command_args& args, std::string& usage) {
  scan_options options;
  if (usage = read_scan_options(args, options); !usage.empty()) return exit_usage;
  scan_run run(options);
  return run.run();
}

}  // namespace jwkview_cli
