#include "core/backends/lockbackend.h"

#include "connectors/connectorerror.h"

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

QString LockBackend::permissionHint(const NamespaceConfig&, const ConnectorError& error,
                                    AccessRole role) const {
    return QStringLiteral("%1: %2 (not allowed for this identity; %3 needs the grants in "
                          "docs/PERMISSIONS.md)")
        .arg(error.operation(), error.detail(), accessRoleName(role));
}

} // namespace lockscope
