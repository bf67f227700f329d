#include "core/backends/lockkind.h"

#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"

namespace lockscope {

QString LockKind::name() const {
    return m_info ? QString::fromLatin1(m_info->name) : QString();
}

QString LockKind::description() const {
    return m_info ? QString::fromUtf8(m_info->description) : QString();
}

Backend LockKind::backend() const {
    return m_info ? m_info->backend : Backend::Redis;
}

std::optional<LockKind> LockKind::fromName(const QString& name) {
    for (const LockBackend* b : BackendRegistry::all())
        for (const LockKind k : b->kinds())
            if (k.name() == name)
                return k;
    return std::nullopt;
}

} // namespace lockscope
