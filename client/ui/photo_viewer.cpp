#include "client/ui/photo_viewer.hpp"

#include <imgui.h>

#include <algorithm>

#include "client/ui/picture_textures.hpp"
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
    ImGui::Dummy(ImVec2(size.x, size.y * 0.5f));
    spinner("Loading the photo…");
    ctx.pacer.redraw_within(1.0 / 30);
  }
  probe::item("photo_viewer.image");
  ImGui::TextDisabled("%s · %d × %d · click or Esc to close", photo_->name().c_str(),
                      photo_->width(), photo_->height());
  const bool escape = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape));
  if (!just_opened && (ImGui::IsMouseClicked(ImGuiMouseButton_Left) || escape)) {
    ImGui::CloseCurrentPopup();
    photo_.reset();
  }
  ImGui::EndPopup();
}

}  // namespace souk::ui
