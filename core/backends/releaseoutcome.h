#pragma once

#include <QString>
#include <cstdint>

namespace lockscope {

/// What a force-release did, as re-observed on the server.
struct ReleaseOutcome {
    enum class Status {
        Released, ///< the observed lock is gone
        Changed,  ///< the lock changed since it was observed: nothing was done
        Refused,  ///< not attempted (read-only, no reason, ...)
        Failed,   ///< attempted and failed: the message says why
    };
    Status status = Status::Failed;
    QString message;
    int64_t auditId = 0;

    /// "released", "changed", "refused", "failed": for JSON and logs.
    static QString statusName(Status s);
    /// The audit log's outcome column: "done", "changed", "refused", "failed".
    static QString auditName(Status s);
};

} // namespace lockscope
