#include "client/cli/file_commands.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <optional>

#include "client/cli/chat_json.hpp"
#include "client/cli/progress_bar.hpp"
#include "client/cli/target.hpp"
#include "client/core/local_file.hpp"
#include "common/crypto.hpp"

namespace souk::cli {

namespace {

struct DownloadArgs {
  std::string file_id;
  std::string path;
};

int run_download(const CliContext& ctx, const DownloadArgs& a) {
  auto files = ctx.file_client();
  if (!files) return ctx.out().error(files.status());
  // Whatever is at PATH already is a partial copy from an earlier run: continue after it.
  const int fd = ::open(a.path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) {
    return ctx.out().error(
        invalid_argument("cannot open " + a.path + " for writing: " + std::strerror(errno)));
  }
  struct stat st {};
  ::fstat(fd, &st);
  const int64_t resumed_from = st.st_size;
  std::optional<ProgressBar> bar;  // sized once the first frame says how big the file is
  auto file = files->download(
      a.file_id, resumed_from,
      [&](std::string_view chunk) { return client::write_all(fd, chunk, a.path); },
      [&](int64_t done, int64_t total) {
        if (!bar) bar.emplace(a.path, total);
        bar->update(done);
        return true;
      });
  const bool closed = ::close(fd) == 0;
  if (!file) return ctx.out().error(file.status());
  if (bar) bar->finish();
  if (!closed) return ctx.out().error(invalid_argument("cannot finish writing " + a.path));
  // The bytes from an earlier run are checked together with the new ones.
  auto digest = client::sha256_of_file(a.path);
  if (!digest) return ctx.out().error(digest.status());
  if (hex_encode(*digest) != file->sha256_hex()) {
    return ctx.out().error(data_loss(a.path + " does not match the file's SHA-256 (was another "
                                              "file there before?); remove it and download again"));
  }
  nlohmann::json json = attachment_json(*file);
  json["path"] = a.path;
  json["resumed_from"] = resumed_from;
  ctx.out().result(
      json, "saved " + file->name() + " (" + client::human_size(file->size()) + ") to " + a.path +
                (resumed_from > 0 ? ", resumed at " + client::human_size(resumed_from) : ""));
  return 0;
}

struct FilesArgs {
  Target target;
  int limit = 100;
};

int run_files(const CliContext& ctx, const FilesArgs& a) {
  auto ref = a.target.ref(ctx);
  if (!ref) return ctx.out().error(ref.status());
  v1::ListFilesRequest request;
  *request.mutable_conversation() = *ref;
  request.set_limit(a.limit);
  auto files = ctx.file_client();
  if (!files) return ctx.out().error(files.status());
  auto list = files->list(request);
  if (!list) return ctx.out().error(list.status());
  for (const auto& shared : list->files()) {
    nlohmann::json json = attachment_json(shared.file());
    json["message_seq"] = shared.message_seq();
    json["sender"] = shared.sender();
    json["sent_at_ms"] = shared.sent_at_ms();
    ctx.out().result(json, attachment_line(shared.file()) + "  from " + shared.sender() + " " +
                               local_time(shared.sent_at_ms()));
  }
  if (list->has_more() && !ctx.out().json()) std::cout << "(more: --limit)" << std::endl;
  return 0;
}

}  // namespace

Result<std::vector<std::string>> upload_attachments(const CliContext& ctx,
                                                    const std::vector<std::string>& paths) {
  auto files = ctx.file_client();
  if (!files) return files.status();
  std::vector<std::string> ids;
  for (const auto& path : paths) {
    auto local = client::LocalFile::open(path);
    if (!local) return local.status();
    const auto& spec = (*local)->spec();
    ProgressBar bar(spec.name, spec.size);
    auto file = files->upload(spec, (*local)->reader(), [&](int64_t done, int64_t) {
      bar.update(done);
      return true;
    });
    if (!file) return file.status();
    bar.update(spec.size);
    bar.finish();
    ids.push_back(file->file_id());
  }
  return ids;
}

void add_file_commands(CLI::App& app, CommandRunner& chosen) {
  auto download = std::make_shared<DownloadArgs>();
  auto* d = app.add_subcommand(
      "download", "save a file; a partial PATH from an earlier run is resumed, then checked");
  d->add_option("FILE_ID", download->file_id, "the file's id (see 'files' or 'history')")
      ->required();
  d->add_option("-o,--output", download->path, "where to save it")->required();
  d->callback([&chosen, download] {
    chosen = [download](const CliContext& c) { return run_download(c, *download); };
  });

  auto files = std::make_shared<FilesArgs>();
  auto* f = app.add_subcommand("files", "list the files sent in a conversation, newest first");
  add_target(f, files->target);
  f->add_option("--limit", files->limit, "how many (1-500)");
  f->callback(
      [&chosen, files] { chosen = [files](const CliContext& c) { return run_files(c, *files); }; });
}

}  // namespace souk::cli
