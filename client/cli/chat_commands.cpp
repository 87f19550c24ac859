#include "client/cli/chat_commands.hpp"

#include <iostream>
#include <iterator>

#include "client/cli/chat_json.hpp"
#include "client/cli/file_commands.hpp"
#include "client/cli/group_commands.hpp"
#include "client/cli/target.hpp"

namespace souk::cli {

namespace {

struct SendArgs {
  Target target;
  std::string text, lang, product, order, title, url, client_msg_id;
  std::vector<std::string> attach;
  bool from_stdin = false;
};

int run_send(const CliContext& ctx, const SendArgs& a) {
  auto ref = a.target.ref(ctx);
  if (!ref) return ctx.out().error(ref.status());
  v1::SendMessageRequest request;
  *request.mutable_to() = *ref;
  if (a.from_stdin) {
    request.set_text(std::string(std::istreambuf_iterator<char>(std::cin), {}));
  } else {
    request.set_text(a.text);
  }
  request.set_client_msg_id(a.client_msg_id.empty() ? client::ChatClient::new_client_msg_id()
                                                    : a.client_msg_id);
  request.set_lang(a.lang);
  if (!a.product.empty() || !a.order.empty()) {
    auto* c = request.mutable_context();
    c->set_kind(a.order.empty() ? v1::MessageContext::KIND_PRODUCT
                                : v1::MessageContext::KIND_ORDER);
    c->set_id(a.order.empty() ? a.product : a.order);
    c->set_title(a.title);
    c->set_url(a.url);
  }
  auto chat = ctx.chat_client();
  if (!chat) return ctx.out().error(chat.status());
  // Files first: the message is sent only once every one of them is stored.
  auto file_ids = upload_attachments(ctx, a.attach);
  if (!file_ids) return ctx.out().error(file_ids.status());
  for (const auto& id : *file_ids) request.add_attachment_file_ids(id);
  auto sent = chat->send(request);
  if (!sent) return ctx.out().error(sent.status());
  auto json = message_json(sent->message());
  json.erase("text");  // the sender has it; echoing 64 MiB back helps nobody
  json["duplicate"] = sent->duplicate();
  ctx.out().result(json, std::string(sent->duplicate() ? "already sent" : "sent") + " #" +
                             std::to_string(sent->message().seq()) + " to " + a.target.to +
                             " (conversation " + std::to_string(sent->message().conversation_id()) +
                             ")");
  return 0;
}

struct HistoryArgs {
  Target target;
  int limit = 20;
  int64_t before = 0;
};

std::string state_of(const v1::Message& m, const v1::GetHistoryResponse& page) {
  for (const auto& r : page.receipts()) {
    if (r.seq() != m.seq()) continue;
    return "delivered to " + std::to_string(r.delivered_count()) + " of " +
           std::to_string(r.member_count()) + ", read by " + std::to_string(r.read_count());
  }
  if (m.seq() <= page.peer_read_seq()) return "read";
  if (m.seq() <= page.peer_delivered_seq()) return "delivered";
  return "sent";
}

int run_history(const CliContext& ctx, const HistoryArgs& a) {
  auto ref = a.target.ref(ctx);
  if (!ref) return ctx.out().error(ref.status());
  auto me = ctx.session();
  if (!me) return ctx.out().error(me.status());
  auto chat = ctx.chat_client();
  if (!chat) return ctx.out().error(chat.status());
  v1::GetHistoryRequest request;
  *request.mutable_conversation() = *ref;
  request.set_limit(a.limit);
  request.set_before_seq(a.before);
  auto page = chat->history(request);
  if (!page) return ctx.out().error(page.status());
  for (const auto& m : page->messages()) {
    const bool mine = m.sender() == me->member_id && !m.has_system();
    auto json = message_json(m);
    if (mine) json["state"] = state_of(m, *page);
    ctx.out().result(json, message_line(m) + (mine ? "  (" + state_of(m, *page) + ")" : ""));
  }
  if (page->has_more() && !ctx.out().json()) {
    std::cout << "(older messages: --before " << page->messages(0).seq() << ")" << std::endl;
  }
  return 0;
}

int run_conversations(const CliContext& ctx) {
  auto chat = ctx.chat_client();
  if (!chat) return ctx.out().error(chat.status());
  auto list = chat->conversations();
  if (!list) return ctx.out().error(list.status());
  for (const auto& c : list->conversations()) {
    nlohmann::json json = {{"conversation_id", c.id()},
                           {"kind", c.kind() == v1::Conversation::KIND_GROUP ? "group" : "direct"},
                           {"peer", c.peer_member_id()},
                           {"peer_display_name", c.peer_display_name()},
                           {"unread", c.unread_count()},
                           {"last_seq", c.last_seq()}};
    std::string human = std::to_string(c.id()) + "  " + c.peer_member_id() + " (" +
                        c.peer_display_name() + ")  unread " + std::to_string(c.unread_count());
    if (c.has_last_message()) {
      json["last_message"] = message_json(c.last_message());
      std::string preview = c.last_message().text().substr(0, 60);
      human += "  last: " + c.last_message().sender() + ": " + preview;
    }
    ctx.out().result(json, human);
  }
  return 0;
}

struct ReadArgs {
  Target target;
  int64_t up_to = 0;
};

int run_read(const CliContext& ctx, const ReadArgs& a) {
  auto ref = a.target.ref(ctx);
  if (!ref) return ctx.out().error(ref.status());
  auto chat = ctx.chat_client();
  if (!chat) return ctx.out().error(chat.status());
  v1::MarkReadRequest request;
  *request.mutable_conversation() = *ref;
  request.set_up_to_seq(a.up_to);
  auto read = chat->mark_read(request);
  if (!read) return ctx.out().error(read.status());
  ctx.out().result({{"read_seq", read->read_seq()}},
                   "read up to #" + std::to_string(read->read_seq()));
  return 0;
}

}  // namespace

void add_chat_commands(CLI::App& app, CommandRunner& chosen) {
  auto send = std::make_shared<SendArgs>();
  auto* s = app.add_subcommand("send", "send a message (returns once it is stored)");
  add_target(s, send->target);
  s->add_option("TEXT", send->text, "the message; or use --stdin for long text");
  s->add_flag("--stdin", send->from_stdin, "read the message text from standard input");
  s->add_option("--lang", send->lang, "language the text is written in, e.g. en");
  s->add_option("--product", send->product, "product ID this chat is about");
  s->add_option("--order", send->order, "order ID this chat is about")->excludes("--product");
  s->add_option("--title", send->title, "product or order title");
  s->add_option("--url", send->url, "product or order page");
  s->add_option("--client-msg-id", send->client_msg_id,
                "idempotency key; resending it never makes a second message");
  s->add_option("--attach", send->attach,
                "files to send with the message (a rerun resumes unfinished uploads)")
      ->check(CLI::ExistingFile);
  s->callback([&chosen, send] {
    if (send->from_stdin && !send->text.empty()) {
      throw CLI::ValidationError("send", "give the message as TEXT or with --stdin, not both");
    }
    if (!send->from_stdin && send->text.empty() && send->attach.empty()) {
      throw CLI::ValidationError("send", "give TEXT, --stdin or --attach FILE");
    }
    chosen = [send](const CliContext& c) { return run_send(c, *send); };
  });

  auto history = std::make_shared<HistoryArgs>();
  auto* h = app.add_subcommand("history", "show a conversation, newest last");
  add_target(h, history->target);
  h->add_option("--limit", history->limit, "how many messages (1-500)");
  h->add_option("--before", history->before, "only messages before this seq");
  h->callback([&chosen, history] {
    chosen = [history](const CliContext& c) { return run_history(c, *history); };
  });

  app.add_subcommand("conversations", "list conversations, most recent first")->callback([&chosen] {
    chosen = run_conversations;
  });

  auto read = std::make_shared<ReadArgs>();
  auto* r = app.add_subcommand("read", "mark a conversation read");
  add_target(r, read->target);
  r->add_option("--up-to", read->up_to, "mark read up to this seq (default: everything)");
  r->callback(
      [&chosen, read] { chosen = [read](const CliContext& c) { return run_read(c, *read); }; });
}

}  // namespace souk::cli
