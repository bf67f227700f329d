#pragma once

#include "core/backends/releaseoutcome.h"
#include "core/monitor/lockentry.h"
#include "core/namespaceconfig.h"

#include <QString>

namespace lockscope {

/// Releases exactly the lock an operator saw, never whatever holds the name now: the lock's
/// backend (LockBackend::forceRelease) re-checks what it observed and acts only if it is
/// unchanged. This class adds what every backend shares: a reason is required, read-only mode
/// refuses, and every attempt is written to the audit log first; if that write fails nothing is
/// released.
class ForceReleaser {
public:
    struct Request {
        LockEntry observed;
        QString operatorName;
        QString reason;
        bool cancelOnly = false; ///< PostgreSQL: pg_cancel_backend instead of pg_terminate_backend
        bool readOnly = false;
    };
    using Outcome = ReleaseOutcome;

    explicit ForceReleaser(const NamespaceConfig& config);
    /// What release() would do, in words an operator can confirm.
    static QString describe(const LockEntry& observed, bool cancelOnly);
    /// Whether the operator may choose a cancel-only release (PostgreSQL backends).
    static bool offersCancelOnly(const LockEntry& observed);
    Outcome release(const Request& request);

private:
    NamespaceConfig m_config;
};

} // namespace lockscope
