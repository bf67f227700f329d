#pragma once

#include <chrono>
#include <string>

namespace lockscope {

/// ZooKeeper's four-letter admin words ("ruok", "stat", "mntr", "cons") over a plain TCP socket.
class ZkFourLetter {
public:
    /// Sends word and returns the whole answer; throws ConnectorError on refusal or timeout.
    static std::string ask(const std::string& host, int port, const std::string& word,
                           std::chrono::milliseconds timeout);
};

} // namespace lockscope
