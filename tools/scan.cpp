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
// With --summary, a single document longer than four holds is cut into
// parts between the elements of its key array (document_parts.hpp), whose
// counts add up to the whole file's, and whose errors are numbered on from
// the parts before (after one that ends the document, later parts are
// dropped); a part that reports anything the whole file's stream might not
// has the file read again, in one stream, from there.
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
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "document_parts.hpp"
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
  document_parts parts;  // of a large single document; no cuts otherwise
};

struct work_item {
  std::size_t input = 0;
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
  bool last_of_input = true;
  // A part of one document (input_plan::parts): its number from 1 (0: a
  // whole input or a range of lines), and where its elements end, at the
  // ',' before the next part (the input's end for the last part).
  std::size_t part = 0;
  std::uint64_t elements_end = 0;
};

/// What a worker hands the printer; guarded by scan_run::mutex_.
struct item_result {
  std::deque<std::vector<scan_event>> batches;
  std::size_t buffered = 0;
  bool done = false;
  std::size_t documents = 0;
  bool io_failed = false;
  scan_summary summary;
  // Of a part: it reported something the whole file's stream may not have
  // (its events up to there stand), or the error that ends the document;
  // how many events it gave, and how many elements of the key array they
  // were.
  bool diverged = false;
  bool broke = false;
  std::size_t events = 0;
  std::size_t elements = 0;
};

/// The printer's account of an input cut into parts: the events, elements
/// of the key array and keys its parts gave so far, and whether its later
/// parts are dropped (it was read again, or its document ended in a part).
struct parts_progress {
  std::size_t events = 0;
  std::size_t elements = 0;
  std::size_t keys = 0;
  bool over = false;
};

class scan_run {
 public:
  explicit scan_run(const scan_options& opts) : opts_(opts) {
    for (const std::string& file : opts.files) {
      inputs_.push_back({file,
                         file == "-" ? std::string("<stdin>") : file,
                         format_of(opts.listing.input, file) == jwkview::input_format::json_lines,
                         {}});
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
    abandoned_ = std::make_unique<std::atomic<bool>[]>(items_.size());
    std::vector<std::thread> workers;
    const std::size_t threads =
        std::min<std::size_t>(jobs_, std::max<std::size_t>(items_.size(), 1));
    for (std::size_t t = 0; t < threads; ++t) workers.emplace_back([this] { work(); });

    std::vector<std::size_t> documents_before(inputs_.size(), 0);
    std::vector<parts_progress> parts(inputs_.size());
    scan_summary summary;
    for (std::size_t i = 0; i < items_.size(); ++i) {
      const work_item& item = items_[i];
      parts_progress& p = parts[item.input];
      if (item.part != 0 && p.over) {
        skip_item(i);
        continue;
      }
      print_item(i, documents_before[item.input], p, progress, summary);
      const item_result& r = results_[i];
      documents_before[item.input] += r.documents;
      if (item.part == 0) continue;
      p.events += r.events;
      p.elements += r.elements;
      p.keys += r.summary.keys;
      if (r.diverged) {
        read_again(i, p.events, summary);
        p.over = true;
      } else if (r.broke || item.last_of_input) {
        // Nothing after an error that ends a single document is reported,
        // but the file is read to its end.
        summary.bytes += drop_later_parts(i);
        p.over = true;
        ++summary.documents;
      }
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
  // Cuts large NDJSON files into ranges of whole lines, and with --summary
  // large single documents into parts; returns the total size, or 0 when an
  // input's size is unknown.
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
      // Only with --summary: otherwise the printer, which formats every key,
      // is what takes the time, and a part read ahead of it would only wait
      // with its keys in memory.
      if (jobs_ > 1 && !inputs_[i].ndjson && opts_.summary) {
        inputs_[i].parts = plan_document_parts(in, stream_options_, jobs_);
        if (!inputs_[i].parts.cuts.empty()) {
          plan_parts(i, in.size());
          continue;
        }
      }
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

  // One item per part of input i; each reports the bytes up to the next.
  void plan_parts(std::size_t i, std::uint64_t size) {
    const std::vector<document_cut>& cuts = inputs_[i].parts.cuts;
    std::uint64_t begin = 0;
    for (std::size_t c = 0; c <= cuts.size(); ++c) {
      const bool last = c == cuts.size();
      items_.push_back(
          {i, begin, last ? size : cuts[c].element, last, c + 1, last ? size : cuts[c].comma});
      if (!last) begin = cuts[c].element;
    }
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

  // Collects a stream's events into batches for the printer. Of a part of a
  // document, only what the whole file's stream reports alike
  // (document_parts.hpp): after anything else, nothing.
  struct collector {
    // Reading a file again in one stream (`direct`): the first `skip` events
    // were printed from its parts, and the rest are printed here, not
    // handed over.
    collector(scan_run& r, std::size_t i, const work_item* of_part, std::size_t skip_events = 0,
              bool print_directly = false)
        : run(r), item(i), part(of_part), skip(skip_events), direct(print_directly) {}

    scan_run& run;
    std::size_t item;
    const work_item* part;  // set for a part of a document
    std::size_t skip;
    bool direct;
    std::vector<scan_event> events;
    scan_summary summary;
    std::size_t keys_counted = 0;  // of summary.keys, already added to keys_done_
    std::size_t kept = 0;          // events kept: printed, or counted with --summary
    std::size_t elements = 0;      // of the key array: keys and key errors
    bool diverged = false;
    bool broke = false;   // a part's error ended the document
    bool ending = false;  // a part's ending is being read
    bool ended = false;   // a part's ending ended it in the key array

    void count_progress() {
      run.keys_done_ += summary.keys - keys_counted;
      keys_counted = summary.keys;
    }

    // Whether an event of a part is the whole file's stream's too: a key, or
    // an error or warning about an element (`record`: its record).
    bool stands(const error_record* record) {
      if (part == nullptr) return true;
      diverged = diverged || run.abandoned_[item] || (record != nullptr && !of_an_element(*record));
      return !diverged;
    }
    // Whether an error or warning is about an element of the key array, or a
    // member in it, and is the whole file's stream's but for the element's
    // number in its path, which the printer numbers on. An error about the
    // element itself may name it by its index ("element 3 is an array"):
    // then its message is the part's, not the file's.
    [[nodiscard]] bool of_an_element(const error_record& r) const {
      const std::size_t at = index_end(r.path);
      if (r.path_truncated || at == std::string::npos) return false;
      if (at < r.path.size()) return true;  // a member, named by its name
      const std::string_view index =
          std::string_view(r.path).substr(run.inputs_[part->input].parts.array_path.size());
      return !names_number(r.message, index);
    }
    // Whether `text` holds the number `digits` whole (not inside another).
    static bool names_number(std::string_view text, std::string_view digits) {
      const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
      for (std::size_t at = text.find(digits); at != std::string_view::npos;
           at = text.find(digits, at + 1)) {
        const std::size_t end = at + digits.size();
        if ((at == 0 || !is_digit(text[at - 1])) && (end == text.size() || !is_digit(text[end])))
          return true;
      }
      return false;
    }
    // Whether a part's error that ends the document is the whole file's
    // stream's too: one found in the part's own bytes (not the head's, nor
    // by its ending, which may have opened or closed something), outside the
    // elements or about one (of_an_element).
    bool breaks_alike(const error_record& error, std::uint64_t offset) {
      if (part == nullptr) return true;
      if (ending) return !(diverged = true);
      const bool in_element = index_end(error.path) != std::string::npos;
      diverged = diverged || run.abandoned_[item] || error.path_truncated || offset < part->begin ||
                 (in_element && !of_an_element(error));
      return !diverged;
    }
    // Whether an event at `offset` comes from a part's ending (past its
    // elements; not in the last part). Only the error of the ending's "{}"
    // may come from it, once, as an element's missing member, at its '{'.
    bool from_ending(std::uint64_t offset, const error_record* error, bool ends_document) {
      if (part == nullptr || part->last_of_input || offset < part->elements_end) return false;
      std::size_t at = std::string::npos;
      if (error != nullptr && !error->path_truncated) at = index_end(error->path);
      const bool last_element = !ended && !ends_document && offset == part->elements_end + 1 &&
                                at != std::string::npos && at < error->path.size() &&
                                error->path.find('/', at + 1) == std::string::npos;
      ended = ended || last_element;
      diverged = diverged || !last_element;
      return true;
    }
    [[nodiscard]] std::size_t index_end(std::string_view path) const {
      return element_index_end(path, run.inputs_[part->input].parts.array_path);
    }
    bool skipped() {
      if (skip == 0) return false;
      --skip;
      return true;
    }
    void keep(scan_event&& e) {
      events.push_back(std::move(e));
      flush_if_full();
    }
    void flush_if_full() {
      if (events.size() >= batch_events) flush(false);
    }
    void flush(bool last) {
      if (direct) {
        run.print(run.items_[item], 0, events);
        events.clear();
      } else {
        run.hand_over(item, events, last);
      }
    }

    jwkview::next on_key(const jwkview::key& k, const jwkview::stream_place& at) {
      if (from_ending(k.offset, nullptr, false) || !stands(nullptr)) return jwkview::next::stop;
      if (skipped()) return jwkview::next::go;
      ++kept;
      ++elements;
      summary.add_key(k);
      if (run.opts_.summary) return jwkview::next::go;
      // Made in place: a key is checked before it is summarized.
      scan_event& e = events.emplace_back();
      e.document = at.document;
      e.is_key = true;
      e.provisional = at.provisional;
      e.key = summarize(k, 0);
      flush_if_full();
      return jwkview::next::go;
    }
    void on_warning(const jwkview::error& w, const jwkview::stream_place& at) {
      // A part's warnings are checked by their path even with --summary.
      const bool recorded = part != nullptr || !run.opts_.summary;
      scan_event e;
      if (recorded) {
        e.document = at.document;
        e.error = from_library(w, 0);
      }
      if (from_ending(w.offset, nullptr, false) || !stands(recorded ? &e.error : nullptr) ||
          skipped())
        return;
      ++kept;
      ++summary.warnings;
      if (!run.opts_.summary) keep(std::move(e));
    }
    void on_error(const jwkview::error& err, const jwkview::stream_place& at) {
      scan_event e;
      e.document = at.document;
      e.error = from_library(err, 0);
      e.error.ends_document = at.ends_document;
      e.error.keys_before = at.keys_before;
      e.error.provisional = at.provisional;
      if (from_ending(err.offset, &e.error, at.ends_document)) return;
      if (!(at.ends_document ? breaks_alike(e.error, err.offset) : stands(&e.error)) || skipped()) {
        diverged = diverged || part != nullptr;
        return;
      }
      ++kept;
      if (at.ends_document) {
        broke = part != nullptr;
      } else {
        ++elements;  // a key error drops its key
      }
      summary.add_error(e.error.cls, e.error.code);
      keep(std::move(e));
    }
    void on_io_error(int error, std::uint64_t offset) {
      diverged = diverged || part != nullptr;
      if (diverged) return;
      scan_event e;
      e.error = io_error(error);
      e.error.offset = offset;
      summary.add_error(e.error.cls, e.error.code);
      keep(std::move(e));
    }
  };

  // Reads item i's bytes through `out`, from `stream`: a part of a document
  // after the document's head, and closed where its elements end. Returns
  // whether the input could be read.
  bool read_item(const work_item& item, const input_source& in, std::vector<char>& buffer,
                 jwkview::stream& stream, collector& out, bool count_bytes) {
    if (in.error() != 0) {
      out.on_io_error(in.error(), 0);
      return false;
    }
    const jwkview::input_format format = format_for(item);
    const std::size_t hold = stream_options_.parse.limits.max_document_bytes;
    const document_parts& parts = inputs_[item.input].parts;
    if (item.part > 1) {
      const stream_read head = read_into(in, 0, parts.head, false, buffer, stream, format, hold,
                                         out, [](std::string_view) {});
      if (head.read.error != 0) {
        out.on_io_error(head.read.error, head.read.end);
        return false;
      }
    }
    const std::uint64_t end = item.part != 0 ? item.elements_end : item.end;
    const stream_read fed = read_into(in, item.begin, end, item.last_of_input, buffer, stream,
                                      format, hold, out, [&](std::string_view bytes) {
                                        if (count_bytes) bytes_done_ += bytes.size();
                                        out.count_progress();
                                      });
    out.summary.bytes = fed.read.end - item.begin;
    if (fed.read.error != 0) {
      out.on_io_error(fed.read.error, fed.read.end);
      return false;
    }
    if (item.last_of_input && !fed.finished) (void)stream.finish(out);
    if (item.part != 0 && !item.last_of_input) {
      out.ending = true;
      (void)stream.finish(parts.ending, out);
      out.diverged = out.diverged || (!out.ended && !out.broke);
    }
    if (count_bytes) bytes_done_ += item.end - fed.read.end;  // a part's ',' and whitespace
    out.count_progress();
    return true;
  }

  [[nodiscard]] jwkview::input_format format_for(const work_item& item) const {
    return inputs_[item.input].ndjson ? jwkview::input_format::json_lines
                                      : jwkview::input_format::single_document;
  }

  void scan_item(std::size_t i, std::vector<char>& buffer, stream_pool& streams) {
    const work_item& item = items_[i];
    collector out{*this, i, item.part != 0 ? &item : nullptr};
    const input_source in(inputs_[item.input].name);
    // A later part reads the head first, as if its bytes followed it.
    const bool later_part = item.part > 1;
    const std::size_t base = later_part ? item.begin - inputs_[item.input].parts.head : item.begin;
    jwkview::stream& stream = streams.for_input(format_for(item), base, later_part || base == 0);
    const bool read = read_item(item, in, buffer, stream, out, true);
    if (item.part != 0) out.summary.bytes = out.diverged ? 0 : item.end - item.begin;
    hand_over(i, out.events, true);
    std::lock_guard lock(mutex_);
    item_result& r = results_[i];
    // A document's parts count it once, when the last one is printed.
    r.documents = item.part != 0 || in.error() != 0 ? 0 : stream.counts().documents;
    r.io_failed = !read && item.part == 0;  // a part's is the reading again's
    r.summary = std::move(out.summary);
    r.diverged = out.diverged;
    r.broke = out.broke;
    r.events = out.kept;
    r.elements = out.elements;
    r.done = true;
    printer_cv_.notify_one();
  }

  // A part of input item i reported what the whole file's stream may not
  // have: its later parts are dropped, and the file is read again from its
  // start in one stream, whose events after the `printed` ones its parts
  // gave are printed here.
  void read_again(std::size_t i, std::size_t printed, scan_summary& summary) {
    const work_item& item = items_[i];
    (void)drop_later_parts(i);
    const input_source in(inputs_[item.input].name);
    collector out{*this, i, nullptr, printed, true};
    jwkview::stream_options o = stream_options_;
    o.format = jwkview::input_format::single_document;
    jwkview::stream stream(o);
    std::vector<char> buffer(read_chunk_bytes);
    const work_item whole{item.input, 0, in.size(), true};
    io_failure_ = !read_item(whole, in, buffer, stream, out, false) || io_failure_;
    out.flush(true);
    out.summary.bytes = in.size() > item.begin ? in.size() - item.begin : 0;
    summary.merge(out.summary);
    summary.documents += stream.counts().documents;
  }

  // Gives a batch to the printer, waiting while too much waits unprinted.
  void hand_over(std::size_t i, std::vector<scan_event>& events, bool last) {
    std::unique_lock lock(mutex_);
    worker_cv_.wait(lock, [&] {
      return last || i == printing_ || results_[i].buffered < max_buffered_events || abandoned_[i];
    });
    if (abandoned_[i]) {
      events.clear();  // never printed
    } else if (!events.empty()) {
      results_[i].buffered += events.size();
      results_[i].batches.push_back(std::move(events));
      events.clear();
    }
    printer_cv_.notify_one();
  }

  // --- printing -----------------------------------------------------------

  // Lets the workers past item i, which is not printed.
  void skip_item(std::size_t i) {
    {
      std::lock_guard lock(mutex_);
      printing_ = i;
    }
    worker_cv_.notify_all();
  }

  // The later parts of item i's input are not printed: returns their bytes.
  std::uint64_t drop_later_parts(std::size_t i) {
    std::uint64_t bytes = 0;
    {
      std::lock_guard lock(mutex_);
      for (std::size_t j = i + 1; j < items_.size() && items_[j].input == items_[i].input; ++j) {
        abandoned_[j] = true;
        bytes += items_[j].end - items_[j].begin;
      }
    }
    worker_cv_.notify_all();
    return bytes;
  }

  // `before`: of a part, what the parts before it gave, by which its
  // errors are numbered on.
  void print_item(std::size_t i, std::size_t documents_before, const parts_progress& before,
                  progress_meter& progress, scan_summary& summary) {
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
      for (std::vector<scan_event>& batch : batches) {
        if (before.elements != 0) number_on(batch, inputs_[item.input].parts.array_path, before);
        print(item, documents_before, batch);
      }
      progress.update(bytes_done_.load(), keys_done_.load());
      if (done) break;
    }
    const item_result& r = results_[i];
    summary.merge(r.summary);
    summary.documents += r.documents;
    io_failure_ = io_failure_ || r.io_failed;
  }

  // Where the element's index ends in `path` ("/keys/3/n": at "/n";
  // "/keys/3": at its end), or npos when the path names no element of the
  // key array at `array_path`, nor anything in one.
  static std::size_t element_index_end(std::string_view path, std::string_view array_path) {
    if (!path.starts_with(array_path)) return std::string::npos;
    std::size_t i = array_path.size();
    while (i < path.size() && path[i] >= '0' && path[i] <= '9') ++i;
    const bool ends = i == path.size() || path[i] == '/';
    return i > array_path.size() && ends ? i : std::string::npos;
  }

  // A part's events are errors (with --summary, no key or warning is an
  // event): numbered on from the parts before, their elements as in the
  // whole key array at `array_path`, and the keys before one that ends the
  // document.
  static void number_on(std::vector<scan_event>& events, std::string_view array_path,
                        const parts_progress& before) {
    for (scan_event& e : events) {
      if (e.error.ends_document) e.error.keys_before += before.keys;
      std::string& path = e.error.path;
      const std::size_t digits_end = element_index_end(path, array_path);
      if (digits_end == std::string::npos) continue;
      const std::size_t index = std::stoull(path.substr(array_path.size()));
      path = std::string(array_path) + std::to_string(index + before.elements) +
             path.substr(digits_end);
    }
  }

  void print(const work_item& item, std::size_t documents_before,
             const std::vector<scan_event>& events) {
    const input_plan& input = inputs_[item.input];
    std::string text;
    // Error lines go to stderr, which is unbuffered: one write per batch (and
    // before each table block, to keep their order), not one per error.
    std::string errors;
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
        if (table_.block_due()) {
          write_out(stderr, std::exchange(errors, {}));
          write_out(stdout, table_.take_block());
        }
      } else {
        errors += error_line(input.source, e.error);
      }
    }
    write_out(stderr, errors);
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
  // Parts of a document that is read again in one stream: not printed.
  std::unique_ptr<std::atomic<bool>[]> abandoned_;
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
