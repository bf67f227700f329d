#include "core/backends/lockkind.h"

#include <QCoreApplication>

namespace lockscope {

QString LockKind::name() const {
    return m_info ? QString::fromLatin1(m_info->name) : QString();
}

QString LockKind::description() const {
    // In the console's language where it installed a translator (the CLI stays English).
    return m_info ? QCoreApplication::translate("LockKind", m_info->description) : QString();
}

Backend LockKind::backend() const {
    return m_info ? m_info->backend : Backend::Redis;
}

} // namespace lockscope
