#include "core/backends/lockkind.h"

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

} // namespace lockscope
