#include "gui/x_file_drop.hpp"

#include <X11/Xatom.h>
#include <X11/Xlib.h>

#include <chrono>
#include <cstdio>
#include <thread>

namespace souk::test {
namespace {

std::string file_uri(const std::filesystem::path& file) {
  std::string uri = "file://";
  for (unsigned char c : std::filesystem::absolute(file).string()) {
    const bool plain = std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~';
    if (plain) {
      uri += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      uri += hex;
    }
  }
  return uri;
}

struct Atoms {
  Atom aware, enter, position, status, drop, finished, selection, action_copy, uri_list;
  explicit Atoms(Display* d)
      : aware(XInternAtom(d, "XdndAware", False)),
        enter(XInternAtom(d, "XdndEnter", False)),
        position(XInternAtom(d, "XdndPosition", False)),
        status(XInternAtom(d, "XdndStatus", False)),
        drop(XInternAtom(d, "XdndDrop", False)),
        finished(XInternAtom(d, "XdndFinished", False)),
        selection(XInternAtom(d, "XdndSelection", False)),
        action_copy(XInternAtom(d, "XdndActionCopy", False)),
        uri_list(XInternAtom(d, "text/uri-list", False)) {}
};

bool is_aware(Display* d, Window w, const Atoms& atoms) {
  Atom type = None;
  int format = 0;
  unsigned long items = 0, after = 0;
  unsigned char* data = nullptr;
  XGetWindowProperty(d, w, atoms.aware, 0, 1, False, AnyPropertyType, &type, &format, &items,
                     &after, &data);
  if (data != nullptr) XFree(data);
  return type != None;
}

// The innermost window at (x, y) that takes drops.
Window drop_target(Display* d, int x, int y, const Atoms& atoms) {
  const Window root = DefaultRootWindow(d);
  Window at = root, target = None;
  for (;;) {
    Window child = None;
    int cx = 0, cy = 0;
    XTranslateCoordinates(d, root, at, x, y, &cx, &cy, &child);
    if (child == None) break;
    at = child;
    if (is_aware(d, at, atoms)) target = at;
  }
  return target;
}

void send(Display* d, Window target, Atom type, long l0, long l1, long l2, long l3, long l4) {
  XEvent e{};
  e.xclient.type = ClientMessage;
  e.xclient.display = d;
  e.xclient.window = target;
  e.xclient.message_type = type;
  e.xclient.format = 32;
  e.xclient.data.l[0] = l0;
  e.xclient.data.l[1] = l1;
  e.xclient.data.l[2] = l2;
  e.xclient.data.l[3] = l3;
  e.xclient.data.l[4] = l4;
  XSendEvent(d, target, False, NoEventMask, &e);
  XFlush(d);
}

}  // namespace

std::string drop_files(const std::string& display, int x, int y,
                       const std::vector<std::filesystem::path>& files) {
  Display* d = XOpenDisplay(display.c_str());
  if (d == nullptr) return "cannot open display " + display;
  const Atoms atoms(d);
  std::string error;
  const Window target = drop_target(d, x, y, atoms);
  const Window source = XCreateSimpleWindow(d, DefaultRootWindow(d), 0, 0, 1, 1, 0, 0, 0);
  std::string uris;
  for (const auto& f : files) uris += file_uri(f) + "\r\n";
  if (target == None) {
    error = "no window taking drops at " + std::to_string(x) + "," + std::to_string(y);
  } else {
    XSetSelectionOwner(d, atoms.selection, source, CurrentTime);
    const long src = static_cast<long>(source);
    send(d, target, atoms.enter, src, 5L << 24, static_cast<long>(atoms.uri_list), 0, 0);
    send(d, target, atoms.position, src, 0, (static_cast<long>(x) << 16) | y, CurrentTime,
         static_cast<long>(atoms.action_copy));
    bool dropped = false, finished = false;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!finished && error.empty()) {
      if (std::chrono::steady_clock::now() > deadline) {
        error = dropped ? "the window took the drop but never finished it"
                        : "the window never answered the drag";
        break;
      }
      if (XPending(d) == 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        continue;
      }
      XEvent e;
      XNextEvent(d, &e);
      if (e.type == ClientMessage && e.xclient.message_type == atoms.status && !dropped) {
        if ((e.xclient.data.l[1] & 1) == 0) {
          error = "the window refused the drop";
        } else {
          send(d, target, atoms.drop, src, 0, CurrentTime, 0, 0);
          dropped = true;
        }
      } else if (e.type == ClientMessage && e.xclient.message_type == atoms.finished) {
        finished = true;
      } else if (e.type == SelectionRequest) {
        // The window asks for the list of files: put it on its property and say so.
        const XSelectionRequestEvent& r = e.xselectionrequest;
        XEvent reply{};
        reply.xselection.type = SelectionNotify;
        reply.xselection.display = d;
        reply.xselection.requestor = r.requestor;
        reply.xselection.selection = r.selection;
        reply.xselection.target = r.target;
        reply.xselection.time = r.time;
        reply.xselection.property = None;
        if (r.target == atoms.uri_list) {
          XChangeProperty(d, r.requestor, r.property, atoms.uri_list, 8, PropModeReplace,
                          reinterpret_cast<const unsigned char*>(uris.data()),
                          static_cast<int>(uris.size()));
          reply.xselection.property = r.property;
        }
        XSendEvent(d, r.requestor, False, NoEventMask, &reply);
        XFlush(d);
      }
    }
  }
  XDestroyWindow(d, source);
  XCloseDisplay(d);
  return error;
}

}  // namespace souk::test
