#pragma once

#include "core/locks/lockhandle.h"
#include "core/locks/lockoptions.h"
#include "core/namespaceconfig.h"

#include <QStringList>
#include <memory>
#include <optional>
#include <string>

namespace lockscope {

/// One way of taking a distributed lock. An instance owns its own connection(s) and is used by
/// one thread at a time; it holds at most one lock at a time for the PostgreSQL strategies
/// (the lock is the open transaction).
class LockStrategy {
public:
    enum class ReleaseResult { Released, NotOwner };

    virtual ~LockStrategy() = default;
    virtual std::string name() const = 0;

    /// Waits up to options.wait; nullopt when the deadline passed. Throws ConnectorError when a
    /// server fails.
    virtual std::optional<LockHandle> acquire(const std::string& resource,
                                              const LockOptions& options) = 0;
    std::optional<LockHandle> tryAcquire(const std::string& resource,
                                         std::chrono::milliseconds lease);
    /// Extends the lease if this handle still owns the lock; false (and the handle marked lost)
    /// otherwise.
    virtual bool renew(LockHandle& handle) = 0;
    /// Releases only if this handle still owns the lock.
    virtual ReleaseResult release(LockHandle& handle) = 0;
    /// A lease-based lock can be renewed from another thread with a second instance.
    virtual bool hasLease() const { return false; }
    /// Whether handles carry a fencing token (strictly increasing per resource); Redlock's do
    /// not (token 0).
    virtual bool issuesFencingTokens() const { return true; }

    /// Every name the CLI and GUI accept, including the lock-free "none" and "atomic".
    static QStringList allNames();
    /// The names that really lock.
    static QStringList lockingNames();
    /// nullptr for "none" and "atomic"; throws std::invalid_argument for an unknown name.
    static std::unique_ptr<LockStrategy> create(const QString& name, const NamespaceConfig& config);
};

} // namespace lockscope
