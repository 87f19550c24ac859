#include "client/ui/draft_wrap.hpp"

#include <algorithm>

namespace souk::ui {
namespace {

bool continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// The start of the UTF-8 character that ends at `pos`.
size_t char_before(std::string_view s, size_t pos) {
  if (pos == 0) return 0;
  size_t start = pos - 1;
  while (start > 0 && continuation(s[start])) --start;
  return start;
}

// The end of the UTF-8 character that starts at `pos`.
size_t char_after(std::string_view s, size_t pos) {
  if (pos >= s.size()) return s.size();
  size_t end = pos + 1;
  while (end < s.size() && continuation(s[end])) ++end;
  return end;
}

}  // namespace

DraftWrap::Cursor DraftWrap::set_text(std::string_view text, const LineBreaks& breaks) {
  text_.assign(text);
  return wrap(breaks, text_.size(), text_.size(), text_.size());
}

DraftWrap::Cursor DraftWrap::rewrap(const LineBreaks& breaks, Cursor cursor) {
  return wrap(breaks, to_text(cursor.pos, soft_), to_text(cursor.select_start, soft_),
              to_text(cursor.select_end, soft_));
}

size_t DraftWrap::to_text(size_t shown_pos, const std::vector<size_t>& soft) const {
  const auto before = std::lower_bound(soft.begin(), soft.end(), shown_pos) - soft.begin();
  return shown_pos - static_cast<size_t>(before);
}

DraftWrap::Cursor DraftWrap::wrap(const LineBreaks& breaks, size_t text_pos, size_t select_start,
                                  size_t select_end) {
  const std::vector<size_t> starts = breaks(text_);
  shown_.clear();
  shown_.reserve(text_.size() + starts.size());
  soft_.clear();
  size_t from = 0;
  for (size_t start : starts) {
    shown_.append(text_, from, start - from);
    soft_.push_back(shown_.size());
    shown_.push_back('\n');
    from = start;
  }
  shown_.append(text_, from);
  lines_ = 1 + starts.size() + static_cast<size_t>(std::count(text_.begin(), text_.end(), '\n'));
  // A cursor where a line was cut goes to the start of the new line, where typing goes on.
  const auto to_shown = [&](size_t t) {
    return t +
           static_cast<size_t>(std::upper_bound(starts.begin(), starts.end(), t) - starts.begin());
  };
  return {to_shown(text_pos), to_shown(select_start), to_shown(select_end)};
}

DraftWrap::Cursor DraftWrap::edited(std::string_view now, Cursor cursor, Key key,
                                    const LineBreaks& breaks) {
  const std::string_view old = shown_;
  const size_t shorter = std::min(old.size(), now.size());
  size_t prefix = 0;
  while (prefix < shorter && old[prefix] == now[prefix]) ++prefix;
  size_t suffix = 0;
  while (suffix < shorter - prefix &&
         old[old.size() - 1 - suffix] == now[now.size() - 1 - suffix]) {
    ++suffix;
  }
  const size_t old_end = old.size() - suffix, now_end = now.size() - suffix;
  // The soft breaks outside the changed span are still there, shifted by its growth.
  std::vector<size_t> soft;
  size_t removed = 0;
  for (size_t q : soft_) {
    if (q < prefix) {
      soft.push_back(q);
    } else if (q >= old_end) {
      soft.push_back(q + now.size() - old.size());
    } else {
      ++removed;
    }
  }
  std::string edited(now);
  const bool lone_break = removed == 1 && old_end == prefix + 1 && now_end == prefix;
  if (lone_break && key != Key::kOther) {
    const size_t from = key == Key::kBackspace ? char_before(edited, prefix) : prefix;
    const size_t to = key == Key::kBackspace ? prefix : char_after(edited, prefix);
    edited.erase(from, to - from);
    for (size_t& q : soft) {
      if (q >= to) q -= to - from;
    }
    const auto shift = [&](size_t& p) {
      if (p >= to) {
        p -= to - from;
      } else if (p > from) {
        p = from;
      }
    };
    shift(cursor.pos);
    shift(cursor.select_start);
    shift(cursor.select_end);
  }
  text_.clear();
  text_.reserve(edited.size());
  size_t from = 0;
  for (size_t q : soft) {
    text_.append(edited, from, q - from);
    from = q + 1;
  }
  text_.append(edited, from);
  return wrap(breaks, to_text(cursor.pos, soft), to_text(cursor.select_start, soft),
              to_text(cursor.select_end, soft));
}

std::string DraftWrap::text_between(size_t shown_begin, size_t shown_end) const {
  std::string out;
  shown_end = std::min(shown_end, shown_.size());
  auto soft = std::lower_bound(soft_.begin(), soft_.end(), shown_begin);
  for (size_t i = shown_begin; i < shown_end; ++i) {
    if (soft != soft_.end() && *soft == i) {
      ++soft;
      continue;
    }
    out.push_back(shown_[i]);
  }
  return out;
}

}  // namespace souk::ui
