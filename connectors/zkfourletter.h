#pragma once

#include "connectors/transport/tlsoptions.h"

#include <chrono>
#include <string>

namespace lockscope {

/// ZooKeeper's four-letter admin words ("ruok", "stat", "mntr", "cons") over a plain TCP socket.
class ZkFourLetter {
public:
    /// Sends word and returns the whole answer; throws ConnectorError on refusal or timeout.
    /// Over TLS (a secureClientPort) when tls is enabled, through the process' SSH tunnel when
    /// there is one.
    static std::string ask(const std::string& host, int port, const std::string& word,
                           std::chrono::milliseconds timeout, const TlsOptions& tls = {});

private:
    /// Sends word on a connected socket and reads until the server closes.
    static std::string exchange(int fd, const std::string& word,
                                std::chrono::steady_clock::time_point deadline);
};

} // namespace lockscope
