#pragma once

#include <QList>
#include <QString>
#include <optional>

namespace lockscope {

/// What an operator's identity on a server is for, least privilege first (docs/PERMISSIONS.md):
/// Monitor reads locks only; Release also force-releases them (and writes the audit log);
/// Demo runs the shop demo (takes locks, writes stock and orders) in the default namespace.
enum class AccessRole { Monitor, Release, Demo };

/// "monitor", "release", "demo" (stack.json's `users`, the CLI).
QString accessRoleName(AccessRole role);
std::optional<AccessRole> accessRoleFromName(const QString& name);
QList<AccessRole> allAccessRoles();

} // namespace lockscope
