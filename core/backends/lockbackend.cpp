#include "core/backends/lockbackend.h"

namespace lockscope {

std::unique_ptr<ChangeListener> LockBackend::createChangeListener(const MonitorConfig&,
                                                                  std::function<void()>) const {
    return nullptr;
}

QString LockBackend::releaseAction(const LockEntry&, bool) const {
    return QStringLiteral("delete");
}

bool LockBackend::offersCancelOnly(const LockEntry&) const {
    return false;
}

} // namespace lockscope
