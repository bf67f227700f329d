#include "core/backends/accessrole.h"

namespace lockscope {

QString accessRoleName(AccessRole role) {
    switch (role) {
    case AccessRole::Monitor:
        return QStringLiteral("monitor");
    case AccessRole::Release:
        return QStringLiteral("release");
    case AccessRole::Demo:
        return QStringLiteral("demo");
    }
    return {};
}

std::optional<AccessRole> accessRoleFromName(const QString& name) {
    for (const AccessRole r : allAccessRoles())
        if (accessRoleName(r) == name)
            return r;
    return std::nullopt;
}

QList<AccessRole> allAccessRoles() {
    return {AccessRole::Monitor, AccessRole::Release, AccessRole::Demo};
}

} // namespace lockscope
