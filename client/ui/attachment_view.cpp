#include "client/ui/attachment_view.hpp"

#include <algorithm>
#include <cstdio>

#include "client/core/local_file.hpp"
#include "client/ui/picture_textures.hpp"
#include "client/ui/theme.hpp"
#include "client/ui/ui_probe.hpp"

namespace souk::ui {
namespace {

std::string file_line(const v1::Attachment& a) {
  return a.name() + "  " + client::human_size(a.size());
}

float gap() {
  return ImGui::GetTextLineHeight() * 0.3f;
}

}  // namespace

ImVec2 AttachmentView::thumbnail_size(const v1::Attachment& a) {
  const float edge = ImGui::GetFontSize() * 14;
  const float scale = std::min(1.0f, edge / static_cast<float>(std::max(a.width(), a.height())));
  return ImVec2(std::max(8.0f, a.width() * scale), std::max(8.0f, a.height() * scale));
}

ImVec2 AttachmentView::block_size(const client::ChatMessage& m) {
  ImVec2 size(0, 0);
  const float line = ImGui::GetTextLineHeight();
  for (const auto& a : m.attachments) {
    if (is_photo(a)) {
      const ImVec2 t = thumbnail_size(a);
      size.x = std::max(size.x, t.x);
      size.y += t.y + line + gap();  // the photo and its name
    } else {
      const float w = ImGui::CalcTextSize(file_line(a).c_str()).x + ImGui::GetFontSize() * 6;
      size.x = std::max(size.x, w);
      size.y += line * 1.5f + gap();
    }
  }
  return size;
}

std::optional<v1::Attachment> AttachmentView::draw(ViewContext& ctx, const client::Chat& chat,
                                                   const client::ChatMessage& m, ImVec2 at) {
  std::optional<v1::Attachment> clicked;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float line = ImGui::GetTextLineHeight();
  for (const auto& a : m.attachments) {
    ImGui::PushID(a.file_id().c_str());
    if (is_photo(a)) {
      const ImVec2 size = thumbnail_size(a);
      const ImVec2 end(at.x + size.x, at.y + size.y);
      if (ctx.transfers != nullptr) ctx.transfers->want_picture(a, false);
      ImTextureID texture =
          ctx.textures != nullptr ? ctx.textures->get(ctx.store, a.file_id()) : nullptr;
      const auto picture = ctx.store.pictures.find(a.file_id());
      const bool failed = picture != ctx.store.pictures.end() &&
                          picture->second.state == client::Picture::State::kFailed;
      if (texture != nullptr) {
        draw->AddImage(texture, at, end);
      } else {
        draw->AddRectFilled(at, end, palette::kBorder.packed(), 4);
        draw->AddText(ImVec2(at.x + line * 0.4f, at.y + line * 0.4f), palette::kTextMuted.packed(),
                      failed ? "Photo not available" : "Loading photo…");
      }
      ImGui::SetCursorScreenPos(at);
      if (ImGui::InvisibleButton("##photo", size)) clicked = a;
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("Click to see it larger");
      probe::item("photo." + a.name());
      probe::value("photo." + a.name(), texture != nullptr ? "shown"
                                        : failed           ? "failed"
                                                           : "loading");
      draw->AddText(ImVec2(at.x, end.y + gap() * 0.5f), palette::kTextMuted.packed(),
                    file_line(a).c_str());
      at.y = end.y + line + gap();
    } else {
      const std::string text = file_line(a);
      draw->AddText(ImVec2(at.x, at.y + line * 0.25f), palette::kText.packed(), text.c_str());
      ImGui::SetCursorScreenPos(
          ImVec2(at.x + ImGui::CalcTextSize(text.c_str()).x + line * 0.6f, at.y));
      if (ImGui::SmallButton("Download") && ctx.transfers != nullptr) {
        ctx.transfers->download(chat.id, a);
      }
      probe::item("file.download." + a.name());
      at.y += line * 1.5f + gap();
    }
    ImGui::PopID();
  }
  return clicked;
}

}  // namespace souk::ui
