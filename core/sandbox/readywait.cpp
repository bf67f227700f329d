#include "core/sandbox/readywait.h"

#include "connectors/connectorerror.h"
#include "core/sandbox/sandboxerror.h"
#include "core/sandbox/serverprocess.h"

#include <thread>

namespace lockscope {

void ReadyWait::fail(const QString& server, const QString& what, const QString& log) {
    throw SandboxError(server, QStringLiteral("%1 did not come up: %2").arg(server, what), log,
                       ServerProcess::logTail(log));
}

void ReadyWait::until(const QString& server, qint64 pid, const QString& marker, const QString& log,
                      Clock::time_point deadline, const std::function<bool(QString* why)>& probe,
                      std::stop_token stop) {
    QString lastError;
    while (Clock::now() < deadline) {
        if (stop.stop_requested())
            throw SandboxError(server, QStringLiteral("%1: start cancelled").arg(server));
        if (pid > 0 && !ServerProcess::isAlive(pid, marker))
            fail(server, QStringLiteral("the process exited"), log);
        try {
            if (probe(&lastError))
                return;
        } catch (const ConnectorError& e) {
            lastError = e.message();
        }
        // A server's readiness has no event we could wait on.
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    fail(server, QStringLiteral("no answer before the deadline (%1)").arg(lastError), log);
}

} // namespace lockscope
