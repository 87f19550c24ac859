#include "client/ui/transfers_view.hpp"

#include <imgui.h>

#include <chrono>
#include <cstdio>
#include <vector>

#include "client/ui/ui_probe.hpp"
#include "client/ui/widgets.hpp"

namespace souk::ui {
namespace {

std::string mb(int64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", static_cast<double>(bytes) / (1 << 20));
  return buf;
}

std::string overlay(const client::Transfer& t) {
  using State = client::Transfer::State;
  switch (t.state) {
    case State::kQueued:
      return "Waiting";
    case State::kHashing:
      return "Checking the file…";
    case State::kRunning:
      return std::to_string(static_cast<int>(t.fraction() * 100)) + "% · " + mb(t.done) + " of " +
             mb(t.total) + " MB";
    case State::kPaused:
    case State::kFailed:
      return t.error;
    case State::kDone:
      return t.upload ? "Sent" : "Saved to " + t.path;
  }
  return "";
}

// A sent file is in the chat as its message already: its row stays a moment to say
// "Sent", then fades out. A download's row stays, for it tells where the file went.
constexpr double kSentShownFor = 4.0;  // seconds at full strength
constexpr double kFadeFor = 1.0;

// Seconds since a finished upload finished; negative for any other transfer.
double sent_ago(const client::Transfer& t, client::SteadyTime now) {
  if (!t.upload || t.state != client::Transfer::State::kDone) return -1;
  return std::chrono::duration<double>(now - t.finished_at).count();
}

bool faded_out(const client::Transfer& t, client::SteadyTime now) {
  return sent_ago(t, now) >= kSentShownFor + kFadeFor;
}

}  // namespace

int TransfersView::rows(const client::Store& store, const client::ChatKey& chat) {
  const auto now = std::chrono::steady_clock::now();
  int n = 0;
  for (const auto& [id, t] : store.transfers) n += t.chat == chat && !faded_out(t, now) ? 1 : 0;
  return n;
}

void TransfersView::draw(ViewContext& ctx, const client::Chat& chat) {
  using State = client::Transfer::State;
  const float em = ImGui::GetFontSize();
  const auto now = std::chrono::steady_clock::now();
  std::vector<int64_t> dismissed;  // after the loop: they leave the map being walked
  for (const auto& [id, t] : ctx.store.transfers) {
    if (t.chat != chat.id) continue;
    if (faded_out(t, now)) {
      dismissed.push_back(id);
      continue;
    }
    const double ago = sent_ago(t, now);
    float alpha = 1.0f;
    if (ago >= kSentShownFor) {
      alpha = static_cast<float>(1.0 - (ago - kSentShownFor) / kFadeFor);
      ctx.pacer.redraw_within(1.0 / 30);  // frames only while it fades
    } else if (ago >= 0) {
      ctx.pacer.redraw_within(kSentShownFor - ago);  // idle until the fade begins
    }
    ImGui::PushStyleVar(ImGuiStyleVar_Alpha, ImGui::GetStyle().Alpha * alpha);
    ImGui::PushID(static_cast<int>(id));
    ImGui::TextUnformatted(t.upload ? "\xe2\x86\x91" : "\xe2\x86\x93");  // ↑ ↓
    ImGui::SameLine();
    ImGui::SetNextItemWidth(em * 10);
    ImGui::TextUnformatted(t.name.c_str());
    ImGui::SameLine(em * 12);
    const std::string text = overlay(t);
    ImGui::ProgressBar(t.state == State::kDone ? 1.0f : t.fraction(),
                       ImVec2(ImGui::GetContentRegionAvail().x - em * 6, 0), text.c_str());
    probe::value("transfer." + t.name, text);
    ImGui::SameLine();
    if (t.active()) {
      if (ImGui::SmallButton("Cancel") && ctx.transfers) ctx.transfers->cancel(id);
      probe::item("transfer." + t.name + ".cancel");
      if (t.state == State::kHashing || t.state == State::kRunning) {
        ctx.pacer.redraw_within(0.25);  // the bar moves between updates
      }
    } else {
      if (t.state == State::kPaused && ImGui::SmallButton("Resume") && ctx.transfers) {
        ctx.transfers->resume(id);
      }
      if (t.state == State::kPaused) {
        probe::item("transfer." + t.name + ".resume");
        ImGui::SameLine();
      }
      if (ImGui::SmallButton("\xc3\x97")) dismissed.push_back(id);  // ×
    }
    ImGui::PopID();
    ImGui::PopStyleVar();
  }
  if (ctx.transfers == nullptr) return;
  for (int64_t id : dismissed) ctx.transfers->dismiss(id);
}

}  // namespace souk::ui
