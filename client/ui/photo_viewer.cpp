#include "client/ui/photo_viewer.hpp"

#include <imgui.h>

#include <algorithm>

#include "client/ui/picture_textures.hpp"
#include "client/ui/theme.hpp"
#include "client/ui/ui_probe.hpp"
#include "client/ui/widgets.hpp"

namespace souk::ui {

void PhotoViewer::draw(ViewContext& ctx) {
  if (!photo_) return;
  constexpr const char* kId = "photo_viewer";
  const bool just_opened = opening_;
  if (opening_) {
    ImGui::OpenPopup(kId);
    opening_ = false;
    if (ctx.transfers != nullptr) ctx.transfers->want_picture(*photo_, true);
  }
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  if (!ImGui::BeginPopupModal(kId, nullptr,
                              ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_AlwaysAutoResize)) {
    photo_.reset();
    return;
  }
  const std::string key = client::Transfers::picture_key(photo_->file_id(), true);
  ImTextureID texture = ctx.textures != nullptr ? ctx.textures->get(ctx.store, key) : nullptr;
  const float max_w = viewport->WorkSize.x * 0.85f, max_h = viewport->WorkSize.y * 0.8f;
  const float scale = std::min({1.0f, max_w / static_cast<float>(photo_->width()),
                                max_h / static_cast<float>(photo_->height())});
  const ImVec2 size(photo_->width() * scale, photo_->height() * scale);
  if (texture != nullptr) {
    ImGui::Image(texture, size);
  } else {
    // The photo's own room, so nothing below it moves when it arrives.
    const ImVec2 at = ImGui::GetCursorPos();
    const char* words = "Loading the photo…";
    const float words_w = ImGui::CalcTextSize(words).x + ImGui::GetTextLineHeight() * 1.5f;
    ImGui::SetCursorPos(
        ImVec2(at.x + std::max(0.0f, (size.x - words_w) * 0.5f),
               at.y + std::max(0.0f, (size.y - ImGui::GetTextLineHeight()) * 0.5f)));
    spinner(words);
    ImGui::SetCursorPos(at);
    ImGui::Dummy(size);
    ctx.pacer.redraw_within(1.0 / 30);
  }
  probe::item("photo_viewer.image");
  probe::value("photo_viewer.photo", texture != nullptr ? "shown" : "loading");
  ImGui::TextDisabled("%s · %d × %d · click or Esc to close", photo_->name().c_str(),
                      photo_->width(), photo_->height());
  const bool on_button = draw_save(ctx, size.x - ImGui::CalcTextSize("Save…").x * 2);
  const bool escape = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape));
  if (!just_opened && ((ImGui::IsMouseClicked(ImGuiMouseButton_Left) && !on_button) || escape)) {
    ImGui::CloseCurrentPopup();
    photo_.reset();
  }
  ImGui::EndPopup();
}

bool PhotoViewer::draw_save(ViewContext& ctx, float width) {
  using State = client::Transfer::State;
  ImGui::BeginDisabled(ctx.transfers == nullptr || saving_ != 0 && save_outcome_.empty());
  if (ImGui::Button("Save…") && ctx.transfers != nullptr) {
    saving_ = ctx.transfers->download(chat_, *photo_);
    save_outcome_.clear();
  }
  ImGui::EndDisabled();
  const bool hovered = ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled);
  probe::item("photo_viewer.save");
  if (saving_ == 0) return hovered;
  if (auto it = ctx.store.transfers.find(saving_); it != ctx.store.transfers.end()) {
    const client::Transfer& t = it->second;
    if (t.state == State::kDone) {
      save_outcome_ = "Saved to " + t.path;
    } else if (t.state == State::kFailed || t.state == State::kPaused) {
      save_outcome_ = "Not saved: " + t.error;
    } else {
      save_outcome_.clear();
    }
  } else if (save_outcome_.empty()) {
    save_outcome_ = "Not saved: the download was closed";
  }
  ImGui::SameLine();
  if (save_outcome_.empty()) {
    spinner("Saving…");
    ctx.pacer.redraw_within(1.0 / 30);
  } else {
    // A long folder name wraps rather than widening the viewer past the window.
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + std::max(width, ImGui::GetFontSize() * 24));
    if (save_outcome_.starts_with("Saved")) {
      ImGui::TextUnformatted(save_outcome_.c_str());
    } else {
      ImGui::PushStyleColor(ImGuiCol_Text, palette::kError.packed());
      ImGui::TextUnformatted(save_outcome_.c_str());
      ImGui::PopStyleColor();
    }
    ImGui::PopTextWrapPos();
  }
  probe::value("photo_viewer.saved", save_outcome_);
  return hovered;
}

}  // namespace souk::ui
