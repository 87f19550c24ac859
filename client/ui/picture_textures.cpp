#include "client/ui/picture_textures.hpp"

#include <GL/gl.h>

#include <cstdint>

namespace souk::ui {

PictureTextures::~PictureTextures() {
  for (auto& [key, texture] : textures_) glDeleteTextures(1, &texture);
}

ImTextureID PictureTextures::get(const client::Store& store, const std::string& key) {
  if (auto it = textures_.find(key); it != textures_.end()) {
    return reinterpret_cast<ImTextureID>(static_cast<intptr_t>(it->second));
  }
  auto picture = store.pictures.find(key);
  if (picture == store.pictures.end() || picture->second.state != client::Picture::State::kReady) {
    return nullptr;
  }
  const auto& p = picture->second;
  GLuint texture = 0;
  glGenTextures(1, &texture);
  glBindTexture(GL_TEXTURE_2D, texture);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, p.width, p.height, 0, GL_RGBA, GL_UNSIGNED_BYTE,
               p.rgba.data());
  textures_[key] = texture;
  return reinterpret_cast<ImTextureID>(static_cast<intptr_t>(texture));
}

}  // namespace souk::ui
