#pragma once

#include <cstddef>
#include <vector>

#include "server/storage/chat_records.hpp"

namespace souk::domain {

// A subscription's live queue: first in, first out, and no memory at all while empty. A
// device's queue is empty nearly all the time, and std::deque keeps its map and a block
// (about 600 bytes) even then, for each of tens of thousands of idle streams.
class EventQueue {
 public:
  bool empty() const { return head_ == items_.size(); }
  size_t size() const { return items_.size() - head_; }
  storage::EventRecord& front() { return items_[head_]; }
  void push_back(const storage::EventRecord& event) { items_.push_back(event); }
  // Whether any storage is kept; false whenever the queue is empty.
  bool holds_memory() const { return items_.capacity() > 0; }

  void pop_front() {
    items_[head_] = {};  // lets go of its message now, not when the queue next empties
    if (++head_ == items_.size()) return clear();
    // Taken slots are dropped once they are half the storage, so a queue that never
    // empties does not grow without bound; each event is moved at most once on average.
    if (head_ >= kCompactAfter && 2 * head_ >= items_.size()) {
      items_.erase(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(head_));
      head_ = 0;
    }
  }

  void clear() {
    std::vector<storage::EventRecord>().swap(items_);
    head_ = 0;
  }

 private:
  static constexpr size_t kCompactAfter = 64;
  std::vector<storage::EventRecord> items_;
  size_t head_ = 0;  // the front's index in items_
};

}  // namespace souk::domain
