#pragma once

#include <string_view>
#include <vector>

namespace souk::translate {

// Cuts a long text into pieces of at most max_bytes that together are exactly the text:
// at a paragraph break if there is one in reach, else after a sentence, else at a space,
// else between two UTF-8 characters. Each piece is translated on its own, so that a long
// message never waits on one huge engine call.
std::vector<std::string_view> split_for_translation(std::string_view text, size_t max_bytes);

}  // namespace souk::translate
