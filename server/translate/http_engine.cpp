#include "server/translate/http_engine.hpp"

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>

#include "server/translate/http_replies.hpp"
#include "server/translate/language_codes.hpp"

namespace souk::translate {

namespace {

using nlohmann::json;

Status unavailable(std::string m) {
  return {Code::kUnavailable, std::move(m)};
}

size_t collect(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

}  // namespace

HttpEngine::HttpEngine(HttpEngineOptions options) : options_(std::move(options)) {
  curl_global_init(CURL_GLOBAL_DEFAULT);
  while (!options_.base_url.empty() && options_.base_url.back() == '/') {
    options_.base_url.pop_back();
  }
}

std::string HttpEngine::escape(std::string_view s) const {
  std::unique_ptr<char, decltype(&curl_free)> e(
      curl_easy_escape(nullptr, s.data(), static_cast<int>(s.size())), &curl_free);
  return e ? std::string(e.get()) : std::string();
}

Result<HttpEngine::Reply> HttpEngine::request(const std::string& path,
                                              const std::string& content_type,
                                              const std::string& form) {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  if (!curl) return unavailable("cannot start an HTTP request");
  const std::string url = options_.base_url + path;
  Reply reply;
  curl_slist* headers = nullptr;
  if (!form.empty())
    headers = curl_slist_append(headers, ("Content-Type: " + content_type).c_str());
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_list(headers,
                                                                          &curl_slist_free_all);
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, &collect);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &reply.body);
  if (!form.empty()) {
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, form.data());
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(form.size()));
    curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers);
  }
  const CURLcode rc = curl_easy_perform(curl.get());
  if (rc != CURLE_OK) {
    // The address is the operator's business (it may hold a key or an internal host): it
    // goes to the log, and members read only that the service is out of reach.
    spdlog::warn("translation: {} at {}: {}", options_.flavor, url, curl_easy_strerror(rc));
    return unavailable("the translation service cannot be reached right now; try again later");
  }
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &reply.http_status);
  return reply;
}

Result<std::vector<LanguagePair>> HttpEngine::fetch_pairs() {
  const bool apy = options_.flavor == "apy";
  auto reply = request(apy ? "/listPairs" : "/languages", "", "");
  if (!reply) return reply.status();
  if (reply->http_status != 200) {
    return unavailable(options_.flavor + " answered " + std::to_string(reply->http_status) +
                       " for its languages: " + server_error_text(reply->body));  // logged only
  }
  return parse_pairs_reply(options_.flavor, reply->body);
}

std::vector<LanguagePair> HttpEngine::pairs() {
  std::lock_guard lock(mu_);
  const auto now = std::chrono::steady_clock::now();
  if (!pairs_.empty() && now - pairs_fetched_ < options_.pairs_ttl) return pairs_;
  auto fetched = fetch_pairs();
  if (!fetched) {
    // Keep what was known; an unreachable server has, for now, nothing new to offer.
    spdlog::warn("translation: {}", fetched.status().message());
    return pairs_;
  }
  pairs_ = std::move(*fetched);
  pairs_fetched_ = now;
  return pairs_;
}

Result<std::string> HttpEngine::translate(std::string_view text, const std::string& from,
                                          const std::string& to) {
  const auto available = pairs();
  if (!available.empty() &&
      !std::binary_search(available.begin(), available.end(), LanguagePair{from, to})) {
    return no_such_pair(from, to, available);
  }
  const bool apy = options_.flavor == "apy";
  std::string body;
  std::string content_type;
  if (apy) {
    content_type = "application/x-www-form-urlencoded";
    body = "langpair=" + escape(to_iso639_3(from) + "|" + to_iso639_3(to)) +
           "&markUnknown=no&q=" + escape(text);
  } else {
    content_type = "application/json";
    json j = {{"q", std::string(text)}, {"source", from}, {"target", to}, {"format", "text"}};
    if (!options_.api_key.empty()) j["api_key"] = options_.api_key;
    body = j.dump();
  }
  auto reply = request("/translate", content_type, body);
  if (!reply) return reply.status();
  if (reply->http_status != 200) {
    // What the service says may name its own internals; members get the status only.
    spdlog::warn("translation: {} answered {}: {}", options_.flavor, reply->http_status,
                 server_error_text(reply->body));
    return unavailable("the translation service refused the text (HTTP " +
                       std::to_string(reply->http_status) + "); try again later");
  }
  return parse_translation_reply(options_.flavor, reply->body);
}

}  // namespace souk::translate
