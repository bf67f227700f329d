#pragma once

#include <QString>
#include <chrono>
#include <functional>
#include <stop_token>

namespace lockscope {

/// Waiting for a server the sandbox started to be ready, with a deadline; the errors name the
/// server and quote its log's last lines (SandboxError).
class ReadyWait {
public:
    using Clock = std::chrono::steady_clock;

    /// Throws SandboxError(server): "<server> did not come up: <what>", with log's tail.
    [[noreturn]] static void fail(const QString& server, const QString& what, const QString& log);
    /// Polls probe() (every 50 ms) until it returns true; fails (fail()) when the process pid
    /// (when > 0, checked with marker) exits, or the deadline passes (quoting the last
    /// ConnectorError or the text probe left in *why), or stop is requested. A probe that throws
    /// ConnectorError is "not yet".
    static void until(const QString& server, qint64 pid, const QString& marker, const QString& log,
                      Clock::time_point deadline, const std::function<bool(QString* why)>& probe,
                      std::stop_token stop = {});
};

} // namespace lockscope
