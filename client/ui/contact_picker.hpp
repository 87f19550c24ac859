#pragma once

#include <set>
#include <string>

#include "client/ui/view_context.hpp"

namespace souk::ui {

// Contacts with a checkbox each (presence dot, name, member ID), for picking several at
// once. `picked` holds the ticked member IDs; contacts in `exclude` are not offered. Each
// checkbox is the probe item "<probe_prefix>.<member ID>". False when there was nobody to
// offer (the caller says why).
bool contact_picker(ViewContext& ctx, std::set<std::string>& picked,
                    const std::set<std::string>& exclude, const std::string& probe_prefix);

}  // namespace souk::ui
