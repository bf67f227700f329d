#pragma once

#include "core/backends/accessrole.h"

#include <QString>
#include <exception>

namespace lockscope {

struct NamespaceConfig;

/// The one place where a failure becomes the text an operator reads: a permission refusal
/// (ConnectorError::Kind::NoAuth: Redis NOPERM, ZooKeeper NOAUTH, PostgreSQL 42501) is said in
/// the backend's words (LockBackend::permissionHint: what was refused, the grant, whom to
/// connect as); anything else as it is.
class PermissionAdvice {
public:
    static QString explain(const NamespaceConfig& config, const std::exception& error,
                           AccessRole role);
    /// True for a permission refusal.
    static bool isPermission(const std::exception& error);
};

} // namespace lockscope
