// translate: the apertium engine's persistent pipeline against one process per message,
// cache hits through soukd, and delivery latency with translation off and on.
#include <iostream>
#include <thread>

#include "bench/bench_support.hpp"
#include "bench/scenarios.hpp"
#include "client/core/chat_client.hpp"
#include "client/core/translation_client.hpp"
#include "server/translate/apertium_engine.hpp"
#include "tools/process/process.hpp"

namespace souk::bench {

namespace {

// Chat-length lines, as buyers and sellers write them.
const std::vector<std::string> kLines = {
    "Good morning, I am looking for a supplier of cotton shirts.",
    "The price is too high for my shop, can you do better?",
    "Can you send me ten samples by next week?",
    "We need the invoice before the payment.",
    "How many pieces do you have in stock right now?",
    "The order will ship on Monday from our warehouse.",
    "Please check the colour and the size before you pack it.",
    "Thank you, I will tell my manager and answer tomorrow."};

int64_t words(const std::string& s) {
  int64_t n = 1;
  for (char c : s) n += c == ' ' ? 1 : 0;
  return n;
}

std::string line(int i) {
  return kLines[static_cast<size_t>(i) % kLines.size()];
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

nlohmann::json engine_figures(int texts, int spawned) {
  translate::ApertiumEngine engine({"/usr/share/apertium/modes", std::chrono::seconds(60)});
  if (!engine.translate(line(0), "en", "es").ok()) {
    throw std::runtime_error("apertium en→es is not installed (apertium-eng-spa)");
  }
  int64_t pipeline_words = 0;
  const auto p0 = Clock::now();
  for (int i = 0; i < texts; ++i) {
    const auto text = line(i);
    if (!engine.translate(text, "en", "es").ok()) throw std::runtime_error("pipeline failed");
    pipeline_words += words(text);
  }
  const double pipeline_s = seconds_since(p0);

  std::cerr << "spawning apertium " << spawned << " times...\n";
  int64_t spawn_words = 0;
  const auto s0 = Clock::now();
  for (int i = 0; i < spawned; ++i) {
    const auto text = line(i);
    auto r = test::run_process({"/usr/bin/apertium", "-u", "eng-spa"}, {}, text);
    if (r.exit_code != 0) throw std::runtime_error("apertium failed: " + r.err);
    spawn_words += words(text);
  }
  const double spawn_s = seconds_since(s0);
  const double pipeline_wps = static_cast<double>(pipeline_words) / pipeline_s;
  const double spawn_wps = static_cast<double>(spawn_words) / spawn_s;
  return {{"pipeline_texts", texts},
          {"pipeline_words_per_s", pipeline_wps},
          {"pipeline_ms_per_text", 1000 * pipeline_s / texts},
          {"spawn_texts", spawned},
          {"spawn_words_per_s", spawn_wps},
          {"spawn_ms_per_text", 1000 * spawn_s / spawned},
          {"speedup", pipeline_wps / spawn_wps}};
}

nlohmann::json cache_figures(const BenchOptions& o) {
  auto user = make_users(o.address, "tc" + o.run_id + "-", 1).front();
  client::TranslationClient client(user.channel, user.token);
  v1::TranslateRequest r;
  r.set_text("Our best price for five hundred shirts is four dollars each.");
  r.set_from("en");
  r.set_to("es");
  const auto m0 = Clock::now();
  auto miss = client.translate(r);
  const double miss_us = seconds_since(m0) * 1e6;
  if (!miss.ok() || miss->cached()) throw std::runtime_error("the first translation was no miss");
  Histogram hits;
  for (int i = 0; i < 500; ++i) {
    const auto t0 = micros_now();
    auto hit = client.translate(r);
    if (!hit.ok() || !hit->cached()) throw std::runtime_error("expected a cache hit");
    hits.add(micros_now() - t0);
  }
  return {{"miss_ms", miss_us / 1000},
          {"hit_p50_ms", hits.percentile(50) / 1000.0},
          {"hit_p99_ms", hits.percentile(99) / 1000.0},
          {"hit_mean_ms", hits.mean() / 1000.0},
          {"hits", hits.count()}};
}

// Sends at `rate` per second round-robin over the pairs, for `seconds`; the receivers time
// each message from the stamp at its start.
Histogram paced_delivery(std::vector<BenchUser>& senders, std::vector<BenchUser>& receivers,
                         std::vector<std::unique_ptr<Receiver>>& streams, int rate,
                         double seconds) {
  for (auto& s : streams) s->set_recording(true);
  const int total = static_cast<int>(rate * seconds);
  const auto start = Clock::now();
  for (int i = 0; i < total; ++i) {
    std::this_thread::sleep_until(start + std::chrono::microseconds(int64_t{1'000'000} * i / rate));
    const size_t k = static_cast<size_t>(i) % senders.size();
    client::ChatClient chat(senders[k].channel, senders[k].token);
    v1::SendMessageRequest m;
    *m.mutable_to() = client::ChatClient::peer(receivers[k].member_id);
    m.set_client_msg_id(client::ChatClient::new_client_msg_id());
    m.set_text(stamped_text(0) + " " + line(i) + " #" + std::to_string(i));
    if (!chat.send(m).ok()) throw std::runtime_error("send failed");
  }
  std::this_thread::sleep_for(std::chrono::seconds(1));  // the last ones arrive
  Histogram h;
  for (auto& s : streams) {
    s->set_recording(false);
    h.merge(s->take_histogram());
  }
  return h;
}

nlohmann::json latency_json(Histogram& h) {
  return {{"delivered", h.count()},
          {"p50_ms", h.percentile(50) / 1000.0},
          {"p99_ms", h.percentile(99) / 1000.0},
          {"mean_ms", h.mean() / 1000.0}};
}

}  // namespace

nlohmann::json run_translate(const BenchOptions& o) {
  if (o.rate > 200) {
    throw std::runtime_error(
        "translate: --rate above 200/s outruns one apertium pipeline; "
        "chat rates are nearer 20");
  }
  nlohmann::json result;
  std::cerr << "engine: persistent pipeline against one process per message...\n";
  result["engine"] = engine_figures(o.texts, o.spawns);
  std::cerr << "cache hits through soukd...\n";
  result["cache"] = cache_figures(o);

  std::cerr << "delivery latency, translation off then on...\n";
  auto senders = make_users(o.address, "ts" + o.run_id + "-", o.pairs);
  auto receivers = make_users(o.address, "tr" + o.run_id + "-", o.pairs);
  for (auto& s : senders) {
    v1::SetTranslationSettingsRequest r;
    r.set_write_in("en");
    if (!client::TranslationClient(s.channel, s.token).set_settings(r).ok()) {
      throw std::runtime_error("cannot set write_in");
    }
  }
  std::vector<std::unique_ptr<Receiver>> streams;
  for (auto& r : receivers) streams.push_back(std::make_unique<Receiver>(r));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  auto off = paced_delivery(senders, receivers, streams, o.rate, o.seconds);
  for (auto& r : receivers) {
    v1::SetTranslationSettingsRequest s;
    s.set_auto_translate(true);
    s.set_target_lang("es");
    if (!client::TranslationClient(r.channel, r.token).set_settings(s).ok()) {
      throw std::runtime_error("cannot turn translation on");
    }
  }
  auto on = paced_delivery(senders, receivers, streams, o.rate, o.seconds);
  result["delivery_off"] = latency_json(off);
  result["delivery_on"] = latency_json(on);
  result["delivery_p50_ratio_on_off"] =
      static_cast<double>(on.percentile(50)) /
      static_cast<double>(std::max<int64_t>(1, off.percentile(50)));
  // Proof the engine was busy during the second run: translations the last receiver has.
  v1::GetHistoryRequest page;
  *page.mutable_conversation() = client::ChatClient::peer(senders.back().member_id);
  page.set_limit(500);
  auto history = client::ChatClient(receivers.back().channel, receivers.back().token).history(page);
  int translated = 0;
  if (history.ok()) {
    for (const auto& m : history->messages()) {
      translated +=
          m.translations_size() > 0 && m.translations(0).state() == v1::TRANSLATION_STATE_DONE;
    }
  }
  result["last_receiver_translated"] = translated;
  result["rate"] = o.rate;
  result["pairs"] = o.pairs;
  return result;
}

}  // namespace souk::bench
