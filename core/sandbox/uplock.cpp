#include "core/sandbox/uplock.h"

#include "core/sandbox/pidfilelock.h"
#include "core/sandbox/sandboxerror.h"

#include <QDir>

namespace lockscope {

UpLock::UpLock(const QString& dir) {
    if (!QDir().mkpath(dir))
        throw SandboxError({}, QStringLiteral("cannot create %1").arg(dir));
    QString holder;
    m_lock = std::make_unique<PidFileLock>(fileName(dir), &holder);
    if (!m_lock->held())
        throw SandboxError({}, QStringLiteral("another `sandbox up` is running in %1 (%2); "
                                              "nothing was changed")
                                   .arg(dir, holder));
}

UpLock::~UpLock() = default;

QString UpLock::fileName(const QString& dir) {
    return dir + QStringLiteral("/.up.lock");
}

} // namespace lockscope
