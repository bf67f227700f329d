#pragma once

#include "core/backends/accessrole.h"

#include <QString>
#include <QStringList>

namespace lockscope {

class ConnectorError;
struct NamespaceConfig;

/// The Redis ACL rules each AccessRole needs, exactly the commands, keys and channels that
/// LockScope's scanner, force release and demo issue (docs/PERMISSIONS.md), written once here:
/// `sandbox up --users` creates its users from them and a NOPERM is explained with them.
class RedisGrants {
public:
    /// ACL SETUSER rules after `reset on` and the password: commands, ~keys, &channels.
    /// Keys depend on the namespace (its prefix and item keys).
    static QStringList rules(AccessRole role, const NamespaceConfig& config);
    /// What a NOPERM means for role, the rules that allow it, and whom to connect as.
    static QString hint(const NamespaceConfig& config, const ConnectorError& error,
                        AccessRole role);
};

} // namespace lockscope
