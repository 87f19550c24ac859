#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "reliability/load_member.hpp"

namespace souk::test {

// What a crash-consistency run proves, read from soukd's data directory once it has
// stopped, against what every member's client was told and received. Each returns the
// violations it found, one line each; none means the promise held.

// PRAGMA integrity_check.
std::vector<std::string> check_integrity(const std::filesystem::path& database);

// Every send answered OK is stored exactly once, as sent (same id, chat, seq, text and
// files); every stored message of these members was answered OK to its sender (at once
// or on a retry with its client_msg_id).
std::vector<std::string> check_messages_stored_once(
    const std::filesystem::path& database, const std::vector<std::unique_ptr<LoadMember>>& members);

// Each member's stream delivered its whole log, every seq once, in order, with no gap, and
// each message of a chat the member is in reached the member exactly once.
std::vector<std::string> check_streams(const std::filesystem::path& database,
                                       const std::vector<std::unique_ptr<LoadMember>>& members);

// Each finished upload has its row and a blob with the hash sent; every blob is named by
// the hash of its bytes and belongs to a file row; every partial upload belongs to an
// unfinished upload.
std::vector<std::string> check_files(const std::filesystem::path& data_dir,
                                     const std::vector<std::unique_ptr<LoadMember>>& members);

// Each finished upload downloads from a serving soukd with the hash sent.
std::vector<std::string> check_downloads(const std::string& address,
                                         const std::vector<std::unique_ptr<LoadMember>>& members);

}  // namespace souk::test
