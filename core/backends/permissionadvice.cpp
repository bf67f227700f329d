#include "core/backends/permissionadvice.h"

#include "connectors/connectorerror.h"
#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"

namespace lockscope {

bool PermissionAdvice::isPermission(const std::exception& error) {
    const auto* ce = dynamic_cast<const ConnectorError*>(&error);
    return ce && ce->kind() == ConnectorError::Kind::NoAuth;
}

QString PermissionAdvice::explain(const NamespaceConfig& config, const std::exception& error,
                                  AccessRole role) {
    const auto* ce = dynamic_cast<const ConnectorError*>(&error);
    if (!ce)
        return QString::fromUtf8(error.what());
    if (ce->kind() != ConnectorError::Kind::NoAuth)
        return ce->message();
    return backendDisplayName(ce->backend()) + QStringLiteral(": ") +
           BackendRegistry::of(ce->backend()).permissionHint(config, *ce, role);
}

} // namespace lockscope
