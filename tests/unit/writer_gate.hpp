#pragma once

#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <stdexcept>

#include "server/storage/sqlite.hpp"
#include "server/storage/writer.hpp"

namespace souk::storage {

// A job's answer, or an exception if the writer gives none within a minute.
inline Status wait(std::future<Status> f) {
  if (f.wait_for(std::chrono::seconds(60)) != std::future_status::ready) {
    throw std::runtime_error("writer did not answer within 60 s");
  }
  return f.get();
}

// Holds the writer thread inside a job until released, so that everything submitted
// meanwhile is queued and must be committed together afterwards.
class WriterGate {
 public:
  // The holding job; `first` runs in it before it blocks. It holds only shared state, so
  // it may outlive the gate.
  Writer::Job job(std::function<void(Database&)> first = {}) {
    return [entered = entered_, release = release_future_, first = std::move(first)](Database& db) {
      if (first) first(db);
      entered->set_value();
      release.wait();
      return Status::Ok();
    };
  }
  void wait_until_entered() {
    if (entered_future_.wait_for(std::chrono::seconds(60)) != std::future_status::ready) {
      throw std::runtime_error("the writer never ran the gate's job");
    }
  }
  void release() {
    if (!released_) release_.set_value();
    released_ = true;
  }
  ~WriterGate() { release(); }

 private:
  std::shared_ptr<std::promise<void>> entered_ = std::make_shared<std::promise<void>>();
  std::future<void> entered_future_ = entered_->get_future();
  std::promise<void> release_;
  std::shared_future<void> release_future_ = release_.get_future().share();
  bool released_ = false;
};

}  // namespace souk::storage
