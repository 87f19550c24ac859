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
#include "client/ui/text_wrap.hpp"
#include "client/ui/view_context.hpp"

namespace souk::ui {

// A conversation's history as a virtual list: only the rows on screen are laid out and
// drawn, each row's height is measured when it first shows (estimated until then), and
// the view stays anchored when older pages arrive above or rows turn out taller than
// guessed. 100,000 messages cost what the dozen on screen cost.
class MessageList {
 public:
  // A message longer than this is folded behind "Show more", which shows all of it, and
  // "Show less" folds it again.
  static constexpr size_t kFoldBytes = 1500;
  // How much of an unfolded message is laid out per frame. 256 KiB takes about 3 ms in a
  // Release build, so a 64 MiB message unrolls over a few seconds with every frame drawn.
  static constexpr size_t kLayoutBytesPerFrame = 256 * 1024;

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
  Layout layout(const client::Chat& chat, const client::ChatMessage& m);
  // Only the lines inside the clip rectangle, each as its own draw call.
  void draw_text(const client::ChatMessage& m, const Layout& l, ImVec2 at);
  void draw_fold_button(const client::ChatMessage& m, const Layout& l, ImVec2 at);
  void forget_unused_layouts();
  void draw_row(ViewContext& ctx, const client::Chat& chat, size_t index, float y);
  // A group change ("anna added seller.li"): a centred line, no bubble.
  void draw_system_row(const client::ChatMessage& m, size_t index, float y);
  void rebuild_offsets();
  size_t first_visible(float scroll_y) const;
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
  // Long messages the user unfolded with "Show more", by message key.
  std::set<std::string> unfolded_;
  // Each drawn message's lines, by message key, with the frame that last used them.
  struct Wrapped {
    WrappedText text;
    uint64_t used = 0;
  };
  std::map<std::string, Wrapped> wrapped_;
  uint64_t frame_ = 0;
  size_t layout_budget_ = 0;  // bytes still to lay out this frame
  bool laying_out_ = false;   // a message drawn this frame is not laid out to its end
  bool keep_scroll_ = false;  // "Show more" was clicked: do not follow the growth
  bool grew_below_ = false;   // the row just drawn grew at its bottom only
  // Translated messages the user switched back to the original, by message key.
  std::set<std::string> originals_;
  std::optional<v1::Attachment> open_photo_;
  const client::Store* store_ = nullptr;  // this frame's, for group members' names
};

}  // namespace souk::ui
