#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <imgui.h>

#include "client/core/store.hpp"
#include "client/ui/view_context.hpp"

namespace souk::ui {

// A conversation's history as a virtual list: only the rows on screen are laid out and
// drawn, each row's height is measured when it first shows (estimated until then), and
// the view stays anchored when older pages arrive above or rows turn out taller than
// guessed. 100,000 messages cost what the dozen on screen cost.
class MessageList {
 public:
  // A message longer than this is folded behind "Show more", which reveals this much more
  // per click: a 64 MiB message never lands in one frame.
  static constexpr size_t kFoldBytes = 1500;

  void draw(ViewContext& ctx, const client::Chat& chat, float height);
  // Bench and tests: scroll by `pixels` next frame (negative: up, towards older messages).
  void scroll_by(float pixels) { pending_scroll_ += pixels; }
  size_t rows_drawn_last_frame() const { return rows_drawn_; }
  float content_height() const { return offsets_.empty() ? 0 : offsets_.back(); }
  // A photo the user clicked this frame, for the large view.
  std::optional<v1::Attachment> take_photo_to_open() { return std::exchange(open_photo_, {}); }

 private:
  struct Row {
    float height = 0;
    bool measured = false;
  };
  struct Layout;  // the geometry of one row, for measuring and drawing alike

  static std::string key(const client::ChatMessage& m);
  void reconcile(const client::Chat& chat, float wrap_width);
  float estimate(const client::ChatMessage& m) const;
  Layout layout(const client::Chat& chat, const client::ChatMessage& m) const;
  void draw_row(ViewContext& ctx, const client::Chat& chat, size_t index, float y);
  // A group change ("anna added seller.li"): a centred line, no bubble.
  void draw_system_row(const client::ChatMessage& m, size_t index, float y);
  void rebuild_offsets();
  size_t first_visible(float scroll_y) const;
  size_t shown_bytes(const client::ChatMessage& m) const;
  // The translation when there is one and the user has not asked for the original; sets
  // the note shown under it.
  const std::string& shown_text(const client::ChatMessage& m, Layout& l) const;
  void draw_note(const client::ChatMessage& m, const Layout& l, ImVec2 at);

  std::vector<Row> rows_;
  std::vector<float> offsets_;  // offsets_[i]: top of row i; offsets_.back(): total height
  bool offsets_dirty_ = true;
  std::string front_key_, back_key_;
  float width_ = 0;       // the list's width the rows were measured at
  float wrap_ = 0;        // bubble text wrap width
  float char_width_ = 8;  // for estimates
  float last_max_scroll_ = 0;
  bool first_frame_ = true;
  float pending_scroll_ = 0;
  float anchor_correction_ = 0;
  size_t rows_drawn_ = 0;
  // "Show more": how many bytes of a long message are shown, by message key.
  std::map<std::string, size_t> unfolded_;
  // Translated messages the user switched back to the original, by message key.
  std::set<std::string> originals_;
  std::optional<v1::Attachment> open_photo_;
  const client::Store* store_ = nullptr;  // this frame's, for group members' names
};

}  // namespace souk::ui
