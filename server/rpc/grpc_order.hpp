#pragma once

#include <grpcpp/grpcpp.h>

#include <utility>

#if defined(__SANITIZE_THREAD__)
#define SOUK_THREAD_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define SOUK_THREAD_SANITIZER 1
#endif
#endif

namespace souk::rpc {

// gRPC runs a reactor's callbacks (OnReadDone, OnWriteDone, OnCancel, OnDone) only after the
// step that asked for them (StartRead, StartWrite, Finish) went in, runs OnDone after every
// other callback, frees a unary call's request and reply only after its reactor's OnDone,
// and returns from Server::Wait only after every call's OnDone. It keeps that order inside
// libgrpc, which Debian does not build with ThreadSanitizer, so TSan cannot see it and
// reports every object a reactor hands from one thread to the next: 55,444 reports in one
// run of the tests on 2026-11-27, which buried any real race. Under TSan these calls state
// that order, keyed by the call's context; in every other build they are empty.
class GrpcOrder {
 public:
  explicit GrpcOrder([[maybe_unused]] const grpc::ServerContextBase* call) {
#ifdef SOUK_THREAD_SANITIZER
    call_ = call;
    made();
#endif
  }

  // Right before each step a reactor takes (StartRead, StartWrite, Finish). The interceptor
  // also calls it at every hook, which covers unary calls finished through gRPC's reactor.
  void handing_to_grpc() const;

  // One callback of the reactor, open while this lives: made, it acquires the call; when
  // it ends, it releases `then`. It keeps only keys, so OnDone may delete the reactor.
  class [[nodiscard]] Callback {
   public:
    Callback(void* call, void* then);
    ~Callback();
    Callback(const Callback&) = delete;
    Callback& operator=(const Callback&) = delete;

   private:
    [[maybe_unused]] void* then_;
  };
  // Opens a callback other than OnDone: what it did is ordered before what gRPC runs next
  // for the call.
  Callback callback() const;
  // Opens OnDone: what it did is ordered before Server::Wait's return
  // (after_server_shutdown).
  Callback done() const;

  // After Server::Wait: every call's OnDone is ordered before what follows (the domain's
  // objects are destroyed).
  static void after_server_shutdown();

 private:
#ifdef SOUK_THREAD_SANITIZER
  const grpc::ServerContextBase* call_;
  // The object itself is made on one thread and used on others, ordered by gRPC too:
  // made() releases it, key() acquires it before reading call_.
  void made() const;
#endif
  void* key() const;
};

// A server reactor whose steps hand off first: each StartRead, StartWrite,
// StartWriteAndFinish and Finish its subclass takes goes through here. The subclass opens
// its callbacks with order_.callback() and OnDone with order_.done().
template <class Reactor>
class OrderedReactor : public Reactor {
 protected:
  explicit OrderedReactor(const grpc::ServerContextBase* call) : order_(call) {}

  // Templates, so that each exists only for the reactors that have it.
  void StartRead(auto* request) {
    order_.handing_to_grpc();
    Reactor::StartRead(request);
  }
  void StartWrite(const auto* response, grpc::WriteOptions options = {}) {
    order_.handing_to_grpc();
    Reactor::StartWrite(response, options);
  }
  void StartWriteAndFinish(const auto* response, grpc::WriteOptions options, grpc::Status status) {
    order_.handing_to_grpc();
    Reactor::StartWriteAndFinish(response, options, std::move(status));
  }
  void Finish(grpc::Status status) {
    order_.handing_to_grpc();
    Reactor::Finish(std::move(status));
  }

  const GrpcOrder order_;
};

// The reactor a unary handler finishes. In normal builds gRPC's DefaultReactor, whose end
// gRPC runs inline; under TSan one whose OnDone states the order before gRPC frees the
// request and the reply (an extra hop per call, which only TSan builds pay).
grpc::ServerUnaryReactor* unary_reactor(grpc::CallbackServerContext* context);

}  // namespace souk::rpc
