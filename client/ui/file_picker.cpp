#include "client/ui/file_picker.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdlib>

#include "client/core/local_file.hpp"
#include "client/ui/ui_probe.hpp"
#include "client/ui/widgets.hpp"

namespace souk::ui {
namespace {

constexpr const char* kTitle = "Attach files";

}  // namespace

void FilePicker::open() {
  opening_ = true;
  if (dir_.empty()) {
    const char* home = std::getenv("HOME");
    enter(home != nullptr ? home : "/");
  } else {
    enter(dir_);  // the folder may have changed since
  }
}

void FilePicker::enter(const std::filesystem::path& dir) {
  // One listing per visit, not per frame: a folder is read when the user opens it.
  std::error_code ec;
  std::vector<Entry> entries;
  for (const auto& e : std::filesystem::directory_iterator(
           dir, std::filesystem::directory_options::skip_permission_denied, ec)) {
    const std::string name = e.path().filename().string();
    if (name.starts_with(".")) continue;
    std::error_code type_ec;
    const bool folder = e.is_directory(type_ec);
    entries.push_back({name, folder, folder ? 0 : e.file_size(type_ec)});
  }
  if (ec) {
    error_ = "Cannot open " + dir.string() + ": " + ec.message();
    return;
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return a.folder != b.folder ? a.folder : a.name < b.name;
  });
  error_.clear();
  dir_ = dir;
  typed_dir_ = dir.string();
  entries_ = std::move(entries);
  selected_.clear();
}

std::vector<std::string> FilePicker::draw(ViewContext& ctx) {
  (void)ctx;
  std::vector<std::string> chosen;
  if (opening_) {
    ImGui::OpenPopup(kTitle);
    opening_ = false;
  }
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  const float em = ImGui::GetFontSize();
  ImGui::SetNextWindowSize(ImVec2(em * 36, em * 26), ImGuiCond_Appearing);
  bool open = true;
  if (!ImGui::BeginPopupModal(kTitle, &open, ImGuiWindowFlags_NoSavedSettings)) return chosen;
  if (ImGui::Button("Up") && dir_.has_parent_path()) enter(dir_.parent_path());
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-1);
  if (ImGui::InputText("##folder", &typed_dir_,
                       ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll)) {
    enter(typed_dir_);
  }
  probe::item("picker.folder");
  if (!error_.empty()) error_text(error_);
  const float footer = ImGui::GetFrameHeightWithSpacing() * 1.3f;
  ImGui::BeginChild("entries", ImVec2(0, -footer), true);
  std::filesystem::path open_dir;
  for (const auto& e : entries_) {
    const std::string label = (e.folder ? "[folder]  " : "") + e.name;
    const bool is_selected = selected_.contains(e.name);
    if (ImGui::Selectable(label.c_str(), is_selected, ImGuiSelectableFlags_AllowDoubleClick)) {
      if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
        if (e.folder) {
          open_dir = dir_ / e.name;
        } else {
          chosen.push_back((dir_ / e.name).string());
        }
      } else if (!e.folder) {
        if (!ImGui::GetIO().KeyCtrl) selected_.clear();
        if (is_selected) {
          selected_.erase(e.name);
        } else {
          selected_.insert(e.name);
        }
      }
    }
    probe::item("picker.entry." + e.name);
    if (!e.folder) {
      ImGui::SameLine(ImGui::GetContentRegionMax().x - em * 5);
      ImGui::TextDisabled("%s", client::human_size(static_cast<int64_t>(e.size)).c_str());
    }
  }
  ImGui::EndChild();
  if (!open_dir.empty()) enter(open_dir);
  const std::string send = selected_.empty() ? std::string("Send")
                                             : "Send " + std::to_string(selected_.size()) +
                                                   (selected_.size() == 1 ? " file" : " files");
  ImGui::BeginDisabled(selected_.empty());
  if (primary_button(send.c_str())) {
    for (const auto& name : selected_) chosen.push_back((dir_ / name).string());
  }
  ImGui::EndDisabled();
  probe::item("picker.send");
  ImGui::SameLine();
  if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
  if (!chosen.empty()) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
  return chosen;
}

}  // namespace souk::ui
