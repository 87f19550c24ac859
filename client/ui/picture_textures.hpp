#pragma once

#include <imgui.h>

#include <map>
#include <string>

#include "client/core/store.hpp"

namespace souk::ui {

// OpenGL textures for the decoded photos in Store::pictures, made on the UI thread the
// first time a photo is drawn (decoding happened on a transfer thread).
class PictureTextures {
 public:
  PictureTextures() = default;
  ~PictureTextures();
  PictureTextures(const PictureTextures&) = delete;
  PictureTextures& operator=(const PictureTextures&) = delete;

  // The texture for `key`, or null while the photo is still on its way.
  ImTextureID get(const client::Store& store, const std::string& key);

 private:
  std::map<std::string, unsigned int> textures_;
};

}  // namespace souk::ui
