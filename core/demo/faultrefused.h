#pragma once

#include <QString>
#include <stdexcept>

namespace lockscope {

/// A fault the sandbox cannot take now, said before anything is struck: another fault run holds
/// the sandbox (FaultLock: the CLI's exit code 2), or its servers are not whole (a member not
/// serving, a replica not linked, a primary that moved: exit code 1). `chaos matrix` skips the
/// cell with the message instead of aborting.
class FaultRefused : public std::runtime_error {
public:
    enum class Reason { SandboxBusy, Unhealthy };

    FaultRefused(Reason reason, const QString& message)
        : std::runtime_error(message.toStdString())
        , m_reason(reason) {}

    Reason reason() const { return m_reason; }
    QString message() const { return QString::fromUtf8(what()); }

private:
    Reason m_reason;
};

} // namespace lockscope
