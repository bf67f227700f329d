#pragma once

#include "core/monitor/lockentry.h"
#include "core/namespaceconfig.h"

#include <QString>

namespace lockscope {

/// Releases exactly the lock an operator saw, never whatever holds the name now:
/// - Redis key: Lua compare-and-delete against the observed value (a LockScope waiter is woken);
///   Redisson hash: deleted only if the observed field is still there (Redisson waiters woken);
/// - ZooKeeper: delete the holder node at the observed version, only if its ephemeral owner and
///   czxid are unchanged;
/// - PostgreSQL row / advisory: re-check that the pid (same backend start) still holds it, then
///   pg_terminate_backend (default) or pg_cancel_backend (cancel-only);
/// - lease: release conditional on the observed owner and version (the row stays so that
///   versions, the fencing tokens, keep growing).
/// Every attempt is written to the audit log first; if that write fails nothing is released.
class ForceReleaser {
public:
    struct Request {
        LockEntry observed;
        QString operatorName;
        QString reason;
        bool cancelOnly = false; ///< PostgreSQL: pg_cancel_backend instead of pg_terminate_backend
        bool readOnly = false;
    };
    struct Outcome {
        enum class Status { Released, Changed, Refused, Failed };
        Status status = Status::Failed;
        QString message;
        int64_t auditId = 0;
        static QString statusName(Status s);
    };

    explicit ForceReleaser(const NamespaceConfig& config);
    /// What release() would do, in words an operator can confirm.
    static QString describe(const LockEntry& observed, bool cancelOnly);
    Outcome release(const Request& request);

private:
    Outcome perform(const Request& r);

    NamespaceConfig m_config;
};

} // namespace lockscope
