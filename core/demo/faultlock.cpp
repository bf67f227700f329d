#include "core/demo/faultlock.h"

#include "core/demo/faultrefused.h"
#include "core/sandbox/pidfilelock.h"

namespace lockscope {

FaultLock::FaultLock(const QString& dir) {
    QString holder;
    m_lock = std::make_unique<PidFileLock>(fileName(dir), &holder);
    if (!m_lock->held())
        throw FaultRefused(FaultRefused::Reason::SandboxBusy,
                           QStringLiteral("another fault run (%1) is using the sandbox in %2: one "
                                          "fault at a time per sandbox; nothing was changed")
                               .arg(holder, dir));
}

FaultLock::~FaultLock() = default;

QString FaultLock::fileName(const QString& dir) {
    return dir + QStringLiteral("/.fault.lock");
}

} // namespace lockscope
